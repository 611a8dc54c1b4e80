import Fluent
import Foundation
import Plot
import Vapor

/// Other achievements of group 1.4: declared with a scan by anyone, verified by the secretariat.
enum AchievementController {
    static func register(_ routes: any RoutesBuilder, uploadMaxBytes: Int) {
        routes.get(.achievements, use: list)
        routes.get(.achievementNew, use: newForm)
        routes.on(.POST, SiteURL.achievements.pathComponents, upload: .upload(uploadMaxBytes), use: create)
        routes.get(.achievement(nil), use: show)
        routes.post(.achievementVerify(nil), use: verify)
        routes.get(.achievementScan(nil), use: scan)
    }

    static func crumbs(_ last: String? = nil) -> [Breadcrumb] {
        [.init(title: CoreText.home, url: .home), .init(title: AchievementText.title, url: last == nil ? nil : .achievements)] + (last.map { [.init(title: $0, url: nil)] } ?? [])
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let query = Achievement.query(on: req.db).filter(\.$communeID == user.communeID)
        if !(Policy.allows(user, .viewAllPledges)) { query.filter(\.$createdBy == user.id) }
        let items = try await query.sort(\.$createdAt, .descending).limit(500).all()
        return AchievementViews.list(req.page(AchievementText.title, section: .initiatives, breadcrumbs: crumbs()), items.map(AchievementViews.Row.init))
    }

    static func newForm(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.createInitiative)
        return AchievementViews.form(req.page(AchievementText.new, section: .initiatives, breadcrumbs: crumbs(AchievementText.new)),
                                     state: FormState(values: ["holderName": user.displayName]), csrf: user.csrfToken)
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.createInitiative)
        let received = try req.upload
        let f = try received.decode(AchievementCommands.Input.self, req)
        var scan: AchievementCommands.Scan?
        var fileErrors: [String: String] = [:]
        if let file = received.file {
            switch try await EvidenceCommands.check(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                    threadPool: req.application.threadPool) {
            case .success(let k): scan = .init(content: .received(file), kind: k)
            case .failure(let e): fileErrors["file"] = e.fields["file"] ?? e.message
            }
        }
        do {
            let a = try await AchievementCommands.create(f, scan: scan, scanErrors: fileErrors, user: user, store: req.application.files,
                                                         actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
            return req.redirect(to: .achievement(a.id), flash: Flash(.success, AchievementText.created))
        } catch AppError.validation(let errors, _) {
            var values = ["kind": f.kind ?? "", "title": f.title ?? "", "holderName": f.holderName ?? "", "issuingBody": f.issuingBody ?? "",
                          "issuedOn": f.issuedOn ?? "", "documentNumber": f.documentNumber ?? ""]
            // A scan that was fine is not kept when something else is wrong: say it must be chosen again.
            if scan != nil, let name = received.file?.filename { values["fileNote"] = ReportText.chooseAgain(name) }
            return try await AchievementViews.form(req.page(AchievementText.new, section: .initiatives, breadcrumbs: crumbs(AchievementText.new)),
                                                   state: FormState(values: values, errors: errors, formError: CoreText.formHasErrors), csrf: user.csrfToken)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func load(_ req: Request) async throws -> Achievement {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let a = try await Achievement.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        try req.authorize(.viewAchievement(createdBy: a.createdBy, communeID: a.communeID))
        return a
    }

    static func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let a = try await load(req)
        return AchievementViews.detail(req.page(a.title, section: .initiatives, breadcrumbs: crumbs(a.title)), AchievementViews.Row(a),
                                       canVerify: Policy.allows(user, .manageInitiatives) && a.state == .pending, state: FormState(), csrf: user.csrfToken)
    }

    struct VerifyForm: Content { var outcome: String?; var note: String? }

    static func verify(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageInitiatives)
        let a = try await load(req)
        let f = try req.content.decode(VerifyForm.self)
        do {
            try await AchievementCommands.verify(a, outcome: f.outcome, note: f.note, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let errors, _) {
            return try await AchievementViews.detail(req.page(a.title, section: .initiatives, breadcrumbs: crumbs(a.title)), AchievementViews.Row(a), canVerify: true,
                                                     state: FormState(values: ["outcome": f.outcome ?? "", "note": f.note ?? ""], errors: errors, formError: CoreText.formHasErrors),
                                                     csrf: user.csrfToken).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: .achievement(a.id), flash: Flash(.success, AchievementText.reviewed))
    }

    static func scan(req: Request) async throws -> Response {
        let a = try await load(req)
        return try await req.storedFile(hash: a.fileHash, contentType: a.contentType, filename: "ban-chup", inline: true)
    }
}

enum AchievementViews {
    struct Row: Sendable {
        let id: UUID
        let kind: AchievementKind
        let title: String
        let holder: String
        let issuingBody: String
        let issuedOn: String
        let number: String
        let status: AchievementStatus
        let note: String
        let reviewedBy: String?
        init(_ a: Achievement) {
            id = a.id!; kind = a.kindValue; title = a.title; holder = a.holderName; issuingBody = a.issuingBody
            issuedOn = LocalDate(iso: a.issuedOn)?.vietnamese ?? a.issuedOn; number = a.documentNumber; status = a.state
            note = a.reviewNote; reviewedBy = a.reviewedBy
        }
    }

    static func badge<C: HTML.BodyContext>(_ s: AchievementStatus) -> Node<C> {
        .span(.class(s == .verified ? "badge badge-ok" : s == .rejected ? "badge badge-warn" : "badge"), .text(s.label))
    }

    static func list(_ frame: PageFrame, _ rows: [Row]) -> HTML {
        Layout.render(frame, lead: AchievementText.lead, .group(
            .div(.class("toolbar"), .div(.class("actions"), .link(.achievementNew, AchievementText.new, class: "btn btn-primary"))),
            Components.table(headers: [AchievementText.name, AchievementText.kind, AchievementText.holder, AchievementText.issuingBody, AchievementText.issuedOn, AchievementText.status],
                             rows: rows.map { [.link(.achievement($0.id), $0.title), .safe($0.kind.label), .safe($0.holder), .safe($0.issuingBody), .text($0.issuedOn), badge($0.status)] })
        ))
    }

    /// The fields as the error box names them (each message is beside its field).
    static let labels = ["kind": AchievementText.kind, "title": AchievementText.name, "holderName": AchievementText.holder,
                         "issuingBody": AchievementText.issuingBody, "issuedOn": AchievementText.issuedOn,
                         "documentNumber": AchievementText.documentNumber, "file": AchievementText.scan]

    static func form(_ frame: PageFrame, state: FormState, csrf: String) -> HTML {
        var summary = state
        summary.labels.merge(labels) { mine, _ in mine }
        summary.order = ["kind", "title", "holderName", "issuingBody", "issuedOn", "documentNumber", "file"]
        return Layout.render(frame, lead: AchievementText.lead, .group(
            FormKit.errorSummary(summary),
            .form(.method(.post), .action(SiteURL.achievements.path), .enctype(.multipartData), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(csrf),
                  FormKit.select("kind", label: AchievementText.kind, state: state, choices: AchievementKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
                  FormKit.text("title", label: AchievementText.name, state: state, required: true, maxLength: 300),
                  FormKit.text("holderName", label: AchievementText.holder, state: state, required: true),
                  FormKit.text("issuingBody", label: AchievementText.issuingBody, state: state, required: true),
                  FormKit.date("issuedOn", label: AchievementText.issuedOn, state: state, required: true),
                  FormKit.text("documentNumber", label: AchievementText.documentNumber, state: state, maxLength: 60),
                  .div(.class(state.errors["file"] == nil ? "field" : "field has-error"),
                       .label(.for("f-file"), .text(AchievementText.scan)),
                       .input(.type(.file), .id("f-file"), .name("file")),
                       state.values["fileNote"].map { .p(.class("field-error"), .safe($0)) } ?? .empty,
                       state.errors["file"].map { .p(.class("field-error"), .safe($0)) } ?? .empty),
                  FormKit.actions(submit: AchievementText.new, cancel: .achievements))
        ))
    }

    static func detail(_ frame: PageFrame, _ r: Row, canVerify: Bool, state: FormState, csrf: String) -> HTML {
        Layout.render(frame, .group(
            FormKit.errorSummary(state),
            .section(.class("card"), Components.details([
                (AchievementText.kind, r.kind.label), (AchievementText.holder, r.holder), (AchievementText.issuingBody, r.issuingBody),
                (AchievementText.issuedOn, r.issuedOn), (AchievementText.documentNumber, r.number), (AchievementText.status, r.status.label),
                (AchievementText.reviewedBy, r.reviewedBy ?? ""), (AchievementText.note, r.note),
            ]), .p(.link(.achievementScan(r.id), AchievementText.download))),
            canVerify ? .section(.class("card"), .h2(.text(AchievementText.verify)), .p(.class("hint"), .text(AchievementText.verifyLead)),
                                 .form(.method(.post), .action(SiteURL.achievementVerify(r.id).path), .class("stacked"),
                                       FormKit.csrf(csrf),
                                       FormKit.select("outcome", label: AchievementText.outcome, state: state,
                                                      choices: [AchievementStatus.verified, .rejected].map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
                                       FormKit.textArea("note", label: AchievementText.note, state: state, rows: 2),
                                       FormKit.actions(submit: AchievementText.verify))) : .empty
        ))
    }
}
