import Fluent
import Foundation
import Plot
import Vapor

/// Difficulties: anyone signed in raises one; the secretariat forwards, answers and closes; the raiser follows its state.
enum DifficultyController {
    static func register(_ routes: any RoutesBuilder, uploadMaxBytes: Int) {
        routes.get(.difficulties, use: list)
        routes.get(.difficultyNew, use: newForm)
        routes.on(.POST, SiteURL.difficulties.pathComponents, upload: .upload(uploadMaxBytes), use: create)
        routes.get(.difficulty(nil), use: show)
        routes.post(.difficultyAction(nil, .forward), use: forward)
        routes.post(.difficultyAction(nil, .answer), use: answer)
        routes.post(.difficultyAction(nil, .close), use: close)
        routes.get(.difficultyFile(nil, evidence: nil), use: download)
    }

    struct Row: Sendable {
        let id: UUID
        let title: String
        let raisedBy: String
        let unitName: String?
        let areaName: String?
        let status: DifficultyStatus
        let createdAt: Date
    }

    static func areas(_ req: Request) async throws -> [Choice] {
        let user = try req.requireUser()
        return try await ContentArea.query(on: req.db).filter(\.$communeID == user.communeID).sort(\.$position).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: "\($0.position). \($0.name)") }
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let all = Policy.allows(user, .viewAllPledges)
        let items = try await DifficultyQueries.visible(on: req.db, user: user,
                                                        status: req.query[String.self, at: "status"].flatMap(DifficultyStatus.init(rawValue:)))
        let areaChoices = try await areas(req)
        let areaNames = Dictionary(uniqueKeysWithValues: areaChoices.map { ($0.value, $0.label) })
        let units = try await DirectoryQueries.unitNames(on: req.db, ids: Set(items.compactMap(\.unitID)))
        let rows = items.map { d in
            Row(id: d.id!, title: d.title, raisedBy: d.raisedByName, unitName: d.unitID.flatMap { units[$0] },
                areaName: d.contentAreaID.flatMap { areaNames[$0.uuidString.lowercased()] }, status: d.state, createdAt: d.createdAt)
        }
        var byArea: [(String, Int)] = []
        if all {
            let counts = Dictionary(grouping: rows, by: { $0.areaName ?? DifficultyText.noArea }).mapValues(\.count)
            byArea = (areaChoices.map(\.label) + [DifficultyText.noArea]).compactMap { name in counts[name].map { (name, $0) } }
        }
        return DifficultyListView.render(.init(frame: req.page(all ? DifficultyText.title : DifficultyText.mine, section: .difficulties,
                                                               breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: DifficultyText.title, url: nil)]),
                                               rows: rows, byArea: byArea.map { AreaCount(name: $0.0, count: $0.1) }, status: req.query[String.self, at: "status"] ?? ""))
    }

    static func newForm(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        return DifficultyFormView.render(.init(frame: req.page(DifficultyText.new, section: .difficulties, breadcrumbs: [
            .init(title: CoreText.home, url: .home), .init(title: DifficultyText.title, url: .difficulties), .init(title: DifficultyText.new, url: nil)]),
            state: FormState(), areas: try await areas(req), csrf: user.csrfToken))
    }

    struct NewForm: Content {
        var title: String?
        var content: String?
        var contentAreaId: String?
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let received = try req.upload
        let form = try received.decode(NewForm.self, req)
        let areaChoices = try await areas(req)
        let (title, content, area, fieldErrors) = DifficultyCommands.validate(title: form.title, content: form.content, areaText: form.contentAreaId, areas: areaChoices)
        var errors = fieldErrors
        var attachment: DifficultyCommands.Attachment?
        if let file = received.file {
            switch try await EvidenceCommands.check(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                    threadPool: req.application.threadPool) {
            case .success(let kind): attachment = .init(name: file.filename, content: .received(file), kind: kind)
            case .failure(let e): errors.merge(e.fields) { a, _ in a }
            }
        }
        if !errors.isEmpty {
            return try await DifficultyFormView.render(.init(frame: req.page(DifficultyText.new, section: .difficulties, breadcrumbs: [
                .init(title: CoreText.home, url: .home), .init(title: DifficultyText.title, url: .difficulties), .init(title: DifficultyText.new, url: nil)]),
                state: FormState(values: ["title": form.title ?? "", "content": form.content ?? "", "contentAreaId": form.contentAreaId ?? ""]
                                    .merging(attachment.map { ["fileNote": ReportText.chooseAgain($0.name)] } ?? [:]) { a, _ in a }, errors: errors),
                areas: areaChoices, csrf: user.csrfToken)).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let d = try await DifficultyCommands.create(title: title, content: content, area: area, attachment: attachment, user: user,
                                                    store: req.application.files, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return req.redirect(to: .difficulty(d.id), flash: Flash(.success, DifficultyText.created))
    }

    static func load(_ req: Request) async throws -> Difficulty {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let d = try await Difficulty.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        try req.authorize(.viewDifficulty(raisedBy: d.raisedBy, unitID: d.unitID, communeID: d.communeID))
        return d
    }

    static func show(req: Request) async throws -> Response {
        try await render(req, try await load(req), state: FormState())
    }

    static func render(_ req: Request, _ d: Difficulty, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let offices = try await DifficultyCommands.offices(on: req.db, communeID: user.communeID).map { Choice(value: $0.id!.uuidString.lowercased(), label: $0.name) }
        let names = try await DirectoryQueries.unitNames(on: req.db, ids: Set([d.unitID, d.forwardedTo].compactMap { $0 }))
        let areaName = try await d.contentAreaID.asyncMap { try await ContentArea.find($0, on: req.db)?.name } ?? nil
        return try await DifficultyDetailView.render(.init(
            frame: req.page(d.title, section: .difficulties, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: DifficultyText.title, url: .difficulties), .init(title: d.title, url: nil)]),
            item: try await DifficultyQueries.dto(on: req.db, d), unitName: d.unitID.flatMap { names[$0] }, forwardedToName: d.forwardedTo.flatMap { names[$0] }, areaName: areaName,
            canHandle: Policy.allows(user, .handleDifficulties) && d.state != .closed, offices: offices, state: state, csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    struct ActionForm: Content { var forwardTo: String?; var note: String?; var answer: String? }

    static func forward(req: Request) async throws -> Response {
        try req.authorize(.handleDifficulties)
        let d = try await load(req)
        let form = try req.content.decode(ActionForm.self)
        do {
            try await DifficultyCommands.forward(d, to: form.forwardTo, note: form.note, actor: try req.auditActor(),
                                                notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await render(req, d, state: FormState(values: ["note": form.note ?? ""], errors: fields, formError: message), status: .unprocessableEntity)
        }
        return req.redirect(to: .difficulty(d.id), flash: Flash(.success, DifficultyText.forwarded))
    }

    static func answer(req: Request) async throws -> Response {
        try req.authorize(.handleDifficulties)
        let d = try await load(req)
        let form = try req.content.decode(ActionForm.self)
        do {
            try await DifficultyCommands.answer(d, text: form.answer, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await render(req, d, state: FormState(values: ["answer": form.answer ?? ""], errors: fields, formError: message),
                                    status: .unprocessableEntity)
        }
        return req.redirect(to: .difficulty(d.id), flash: Flash(.success, DifficultyText.answered))
    }

    static func close(req: Request) async throws -> Response {
        try req.authorize(.handleDifficulties)
        let d = try await load(req)
        let wasClosed = d.state == .closed
        try await DifficultyCommands.close(d, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .difficulty(d.id), flash: wasClosed ? nil : Flash(.success, DifficultyText.closed))
    }

    static func download(req: Request) async throws -> Response {
        let d = try await load(req)
        guard let eid = req.parameters.get("evidence", as: UUID.self),
              let e = try await Evidence.query(on: req.db).filter(\.$id == eid).filter(\.$difficultyID == d.id!).first() else { throw AppError.notFound }
        return try await req.storedFile(hash: e.fileHash, contentType: e.contentType, filename: "dinh-kem", cache: true)
    }
}

struct AreaCount: Sendable {
    let name: String
    let count: Int
}
