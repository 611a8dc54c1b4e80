import Fluent
import Foundation
import Plot
import Vapor

/// Paths of the legal bases' pages (kept beside the feature, as the signers' are).
enum LegalBasisPaths {
    static let list = "/settings/legal-bases"
    static let new = "/settings/legal-bases/new"
    static func basis(_ id: UUID?) -> String { "/settings/legal-bases/\(id?.uuidString.lowercased() ?? ":id")" }
    static func move(_ id: UUID?) -> String { basis(id) + "/move" }
    static func active(_ id: UUID?) -> String { basis(id) + "/active" }
    static func components(_ path: String) -> [PathComponent] { path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }
}

/// The administrator's page of legal bases (the secretariat may read it): list, add, edit, reorder, switch citing.
enum LegalBasisController {
    typealias T = LegalBasisText

    static func register(_ r: any RoutesBuilder) {
        r.on(.GET, LegalBasisPaths.components(LegalBasisPaths.list), use: list)
        r.on(.POST, LegalBasisPaths.components(LegalBasisPaths.list), use: create)
        r.on(.GET, LegalBasisPaths.components(LegalBasisPaths.new), use: newForm)
        r.on(.GET, LegalBasisPaths.components(LegalBasisPaths.basis(nil)), use: editForm)
        r.on(.POST, LegalBasisPaths.components(LegalBasisPaths.basis(nil)), use: update)
        r.on(.POST, LegalBasisPaths.components(LegalBasisPaths.move(nil)), use: move)
        r.on(.POST, LegalBasisPaths.components(LegalBasisPaths.active(nil)), use: setActive)
    }

    struct BasisForm: Content {
        var name: String?
        var issuedOn: String?
        var about: String?
        var note: String?
        var documents: [String]?
        var active: String?
        var version: Int?

        var input: LegalBasisInput {
            LegalBasisInput(name: name, issuedOn: issuedOn, about: about, note: note, documents: documents, active: active == "1")
        }

        /// What the form shows again when it is refused: exactly what was typed.
        var values: [String: String] {
            ["name": name ?? "", "issuedOn": issuedOn ?? "", "about": about ?? "", "note": note ?? "",
             "documents": (documents ?? []).joined(separator: ","), "active": active == "1" ? "1" : "", "version": version.map(String.init) ?? ""]
        }
    }

    struct MoveForm: Content { var direction: String?; var version: Int? }
    struct ActiveForm: Content { var active: String?; var version: Int? }

    static func crumbs(_ title: String? = nil) -> [Breadcrumb] {
        title.map { [Breadcrumb(title: T.title, url: nil), Breadcrumb(title: $0, url: nil)] } ?? [Breadcrumb(title: T.title, url: nil)]
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewLegalBases)
        let bases = try await LegalBasisBook.all(communeID: user.communeID, db: req.db)
        let history = try await RecordHistory.latest(on: req.db, communeID: user.communeID, objectTypes: ["legal_basis"])
        return LegalBasisViews.list(.init(frame: req.page(T.title, section: .documentSettings, breadcrumbs: crumbs()), bases: bases,
                                          canEdit: Policy.allows(user, .manageLegalBases), csrf: user.csrfToken, history: history))
    }

    static func values(_ r: LegalBasisRecord) -> [String: String] {
        ["name": r.name, "issuedOn": r.issuedOn.flatMap(LocalDate.init(iso:))?.vietnamese ?? "", "about": r.about, "note": r.note,
         "documents": r.documents, "active": r.isActive ? "1" : "", "version": String(r.version)]
    }

    static func form(_ req: Request, title: String, action: String, record: LegalBasisRecord?, state: FormState,
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        var state = state
        state.labels = ["name": T.name, "issuedOn": T.issuedOn, "about": T.about, "note": T.note, "documents": T.documents]
        state.order = ["name", "issuedOn", "about", "documents", "note"]
        return try await LegalBasisViews.form(.init(frame: req.page(title, section: .documentSettings, breadcrumbs: crumbs(title)), action: action, state: state,
                                                    csrf: user.csrfToken, citation: record?.basis?.citation.sentence))
            .encodeResponse(status: status, for: req)
    }

    static func load(_ req: Request) async throws -> LegalBasisRecord {
        let user = try req.requireUser()
        return try await LegalBasisCommands.find(req.parameters.get("id", as: UUID.self), communeID: user.communeID, on: req.db)
    }

    static func newForm(req: Request) async throws -> Response {
        try req.authorize(.manageLegalBases)
        let all = LegalBasisDocument.allCases.map(\.rawValue).joined(separator: ",")
        return try await form(req, title: T.newBasis, action: LegalBasisPaths.list, record: nil, state: FormState(values: ["documents": all]))
    }

    static func create(req: Request) async throws -> Response {
        try req.authorize(.manageLegalBases)
        let f = try req.content.decode(BasisForm.self)
        do {
            _ = try await LegalBasisCommands.create(f.input, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await form(req, title: T.newBasis, action: LegalBasisPaths.list, record: nil,
                                  state: FormState(values: f.values, errors: fields, formError: message), status: .unprocessableEntity)
        }
        return req.redirect(to: LegalBasisPaths.list, flash: Flash(.success, T.saved))
    }

    static func editForm(req: Request) async throws -> Response {
        try req.authorize(.manageLegalBases)
        let r = try await load(req)
        return try await form(req, title: "\(T.editBasis): \(r.name)", action: LegalBasisPaths.basis(r.id), record: r, state: FormState(values: values(r)))
    }

    static func update(req: Request) async throws -> Response {
        try req.authorize(.manageLegalBases)
        let r = try await load(req)
        let f = try req.content.decode(BasisForm.self)
        let title = "\(T.editBasis): \(r.name)"
        do {
            try await LegalBasisCommands.update(r, f.input, expectedVersion: f.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await form(req, title: title, action: LegalBasisPaths.basis(r.id), record: r,
                                  state: FormState(values: f.values, errors: fields, formError: message), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await form(req, title: title, action: LegalBasisPaths.basis(r.id), record: r,
                                  state: FormState(values: f.values, formError: message), status: .conflict)
        }
        return req.redirect(to: LegalBasisPaths.list, flash: Flash(.success, T.saved))
    }

    static func move(req: Request) async throws -> Response {
        try req.authorize(.manageLegalBases)
        let r = try await load(req)
        let f = try req.content.decode(MoveForm.self)
        guard let direction = LegalBasisCommands.Direction(rawValue: f.direction ?? "") else {
            throw AppError.validation(fields: ["direction": T.invalidDirection], message: T.invalidDirection)
        }
        do {
            try await LegalBasisCommands.move(r, direction, expectedVersion: f.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.conflict(let message) {
            return req.redirect(to: LegalBasisPaths.list, flash: Flash(.error, message))
        }
        return req.redirect(to: LegalBasisPaths.list, flash: Flash(.success, T.moved))
    }

    /// Switch citing on or off from the list. Refused (no date): the basis's form, the date's field with the message
    /// beside it, the switch as it was asked, nothing saved.
    static func setActive(req: Request) async throws -> Response {
        try req.authorize(.manageLegalBases)
        let r = try await load(req)
        let f = try req.content.decode(ActiveForm.self)
        let on = f.active == "1"
        do {
            try await LegalBasisCommands.setActive(r, on, expectedVersion: f.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            var shown = values(r)
            shown["active"] = on ? "1" : ""
            return try await form(req, title: "\(T.editBasis): \(r.name)", action: LegalBasisPaths.basis(r.id), record: r,
                                  state: FormState(values: shown, errors: fields, formError: message), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return req.redirect(to: LegalBasisPaths.list, flash: Flash(.error, message))
        }
        return req.redirect(to: LegalBasisPaths.list, flash: Flash(.success, on ? T.switchedOn : T.switchedOff))
    }
}
