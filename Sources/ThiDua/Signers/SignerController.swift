import Fluent
import Foundation
import Plot
import Vapor

/// Paths of the signers' pages (kept beside the feature; they can move into `SiteURL`).
enum SignerPaths {
    static let list = "/settings/signers"
    static let new = "/settings/signers/new"
    static func signer(_ id: UUID?) -> String { "/settings/signers/\(id?.uuidString.lowercased() ?? ":id")" }
    static func end(_ id: UUID?) -> String { signer(id) + "/end" }
    static func components(_ path: String) -> [PathComponent] { path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }
}

/// The administrator's page of signers (the secretariat may read it): list, add, edit, end a term.
enum SignerController {
    static func register(_ r: any RoutesBuilder) {
        r.on(.GET, SignerPaths.components(SignerPaths.list), use: list)
        r.on(.POST, SignerPaths.components(SignerPaths.list), use: create)
        r.on(.GET, SignerPaths.components(SignerPaths.new), use: newForm)
        r.on(.GET, SignerPaths.components(SignerPaths.signer(nil)), use: editForm)
        r.on(.POST, SignerPaths.components(SignerPaths.signer(nil)), use: update)
        r.on(.POST, SignerPaths.components(SignerPaths.end(nil)), use: end)
    }

    struct SignerForm: Content {
        var office: String?; var name: String?; var title: String?; var startsOn: String?; var endsOn: String?; var version: Int?
        var input: SignerInput { SignerInput(office: office, name: name, title: title, startsOn: startsOn, endsOn: endsOn) }
        var values: [String: String] {
            ["office": office ?? "", "name": name ?? "", "title": title ?? "", "startsOn": startsOn ?? "", "endsOn": endsOn ?? "",
             "version": version.map(String.init) ?? ""]
        }
    }

    struct EndForm: Content { var termEndsOn: String?; var version: Int? }

    static func crumbs(_ title: String? = nil) -> [Breadcrumb] {
        title.map { [Breadcrumb(title: SignerText.title, url: nil), Breadcrumb(title: $0, url: nil)] } ?? [Breadcrumb(title: SignerText.title, url: nil)]
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewSigners)
        let signers = try await SignerBook.all(communeID: user.communeID, db: req.db)
        let history = try await RecordHistory.latest(on: req.db, communeID: user.communeID, objectTypes: ["signer"])
        return SignerViews.list(.init(frame: req.page(SignerText.title, section: .documentSettings, breadcrumbs: crumbs()), signers: signers, today: LocalDate(req.now),
                                      canEdit: Policy.allows(user, .manageSigners), csrf: user.csrfToken, history: history))
    }

    static func form(_ req: Request, title: String, action: String, record: SignerRecord?, state: FormState,
                     endState: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        return try await SignerViews.form(.init(frame: req.page(title, section: .documentSettings, breadcrumbs: crumbs(title)), action: action, state: state, csrf: user.csrfToken,
                                                endAction: record.flatMap { $0.endsOn == nil ? SignerPaths.end($0.id) : nil }, endState: endState,
                                                version: record?.version ?? 0))
            .encodeResponse(status: status, for: req)
    }

    static func values(_ r: SignerRecord) -> [String: String] {
        ["office": r.office, "name": r.name, "title": r.title, "startsOn": LocalDate(iso: r.startsOn)?.vietnamese ?? "",
         "endsOn": r.endsOn.flatMap(LocalDate.init(iso:))?.vietnamese ?? "", "version": String(r.version)]
    }

    static func newForm(req: Request) async throws -> Response {
        try req.authorize(.manageSigners)
        return try await form(req, title: SignerText.newSigner, action: SignerPaths.list, record: nil,
                              state: FormState(values: ["startsOn": LocalDate(req.now).vietnamese]))
    }

    static func create(req: Request) async throws -> Response {
        try req.authorize(.manageSigners)
        let f = try req.content.decode(SignerForm.self)
        do {
            _ = try await SignerCommands.create(f.input, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await form(req, title: SignerText.newSigner, action: SignerPaths.list, record: nil,
                                  state: FormState(values: f.values, errors: fields, formError: message), status: .unprocessableEntity)
        }
        return req.redirect(to: SignerPaths.list, flash: Flash(.success, SignerText.saved))
    }

    static func load(_ req: Request) async throws -> SignerRecord {
        let user = try req.requireUser()
        return try await SignerCommands.find(req.parameters.get("id", as: UUID.self), communeID: user.communeID, on: req.db)
    }

    static func editForm(req: Request) async throws -> Response {
        try req.authorize(.manageSigners)
        let r = try await load(req)
        return try await form(req, title: "\(SignerText.editSigner): \(r.name)", action: SignerPaths.signer(r.id), record: r, state: FormState(values: values(r)))
    }

    static func update(req: Request) async throws -> Response {
        try req.authorize(.manageSigners)
        let r = try await load(req)
        let f = try req.content.decode(SignerForm.self)
        let title = "\(SignerText.editSigner): \(r.name)"
        do {
            try await SignerCommands.update(r, f.input, expectedVersion: f.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await form(req, title: title, action: SignerPaths.signer(r.id), record: r,
                                  state: FormState(values: f.values, errors: fields, formError: message), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await form(req, title: title, action: SignerPaths.signer(r.id), record: r,
                                  state: FormState(values: f.values, formError: message), status: .conflict)
        }
        return req.redirect(to: SignerPaths.list, flash: Flash(.success, SignerText.saved))
    }

    static func end(req: Request) async throws -> Response {
        try req.authorize(.manageSigners)
        let r = try await load(req)
        let f = try req.content.decode(EndForm.self)
        let title = "\(SignerText.editSigner): \(r.name)"
        let endValues = ["termEndsOn": f.termEndsOn ?? ""]
        do {
            try await SignerCommands.endTerm(r, endsOn: f.termEndsOn, expectedVersion: f.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await form(req, title: title, action: SignerPaths.signer(r.id), record: r, state: FormState(values: values(r)),
                                  endState: FormState(values: endValues, errors: fields["endsOn"].map { ["termEndsOn": $0] } ?? [:], formError: message),
                                  status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await form(req, title: title, action: SignerPaths.signer(r.id), record: r, state: FormState(values: values(r)),
                                  endState: FormState(values: endValues, formError: message), status: .conflict)
        }
        return req.redirect(to: SignerPaths.list, flash: Flash(.success, SignerText.termEnded))
    }
}
