import Fluent
import Foundation
import Plot
import Vapor

/// The movement setup pages. Everyone signed in reads; only the secretariat changes.
enum MovementController {
    static func overview(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewMovement)
        guard let overview = try await MovementQueries.overview(on: req.db, communeID: user.communeID) else { throw AppError.notFound }
        return MovementOverviewView.render(.init(
            frame: req.page(MovementText.title, section: .movement, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: MovementText.title, url: nil)]),
            overview: overview, canEdit: req.can(.editMovement), csrf: user.csrfToken))
    }

    static func crumbs(_ title: String) -> [Breadcrumb] {
        [.init(title: CoreText.home, url: .home), .init(title: MovementText.title, url: .movement), .init(title: title, url: nil)]
    }

    static func currentMovement(_ req: Request) async throws -> Movement {
        let user = try req.requireUser()
        guard let movement = try await MovementQueries.movement(on: req.db, communeID: user.communeID) else { throw AppError.notFound }
        return movement
    }

    static func formPage(_ req: Request, title: String, action: SiteURL, state: FormState, status: HTTPResponseStatus = .ok,
                         fields: [FieldSpec], delete: SiteURL? = nil) async throws -> Response {
        let user = try req.requireUser()
        return try await FormPageView.render(.init(frame: req.page(title, section: .movement, breadcrumbs: crumbs(title)), action: action,
                                                   cancel: .movement, state: state, csrf: user.csrfToken, fields: fields, delete: delete,
                                                   deleteLabel: MovementText.deleteDeadline, deleteConfirm: MovementText.confirmDelete))
            .encodeResponse(status: status, for: req)
    }

    static func year(_ text: String?, _ field: String, into errors: inout [String: String]) -> Int {
        guard let value = Int(TextFolding.clean(text)), (2000...2100).contains(value) else {
            errors[field] = MovementText.invalidYear
            return 0
        }
        return value
    }

    // MARK: movement

    struct MovementForm: Content { var name: String?; var planNumber: String?; var planDate: String?; var startYear: String?; var endYear: String?; var summary: String?; var version: Int? }

    static func movementFields(version: String) -> [FieldSpec] {
        [.hidden("version", version),
         .text("name", MovementText.name, required: true),
         .text("planNumber", MovementText.planNumber, hint: MovementText.planNumberHint, maxLength: 40),
         .date("planDate", MovementText.planDate),
         .text("startYear", MovementText.startYear, required: true, type: "number", maxLength: 4),
         .text("endYear", MovementText.endYear, required: true, type: "number", maxLength: 4),
         .textArea("summary", MovementText.summary, rows: 5)]
    }

    static func editMovementForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let m = try await currentMovement(req)
        let state = FormState(values: ["name": m.name, "planNumber": m.planNumber, "planDate": m.planDate.flatMap(LocalDate.init(iso:))?.vietnamese ?? "",
                                       "startYear": String(m.startYear), "endYear": String(m.endYear), "summary": m.summary, "version": String(m.version)])
        return try await formPage(req, title: MovementText.editMovement, action: .movementEdit, state: state,
                                  fields: movementFields(version: state["version"]))
    }

    static func updateMovement(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let m = try await currentMovement(req)
        let form = try req.content.decode(MovementForm.self)
        var errors: [String: String] = [:]
        let name = Check.text(form.name, "name", max: 200, required: true, into: &errors)
        let planNumber = Check.text(form.planNumber, "planNumber", max: 40, required: false, into: &errors)
        let planDate = Check.date(form.planDate, "planDate", into: &errors)
        let start = year(form.startYear, "startYear", into: &errors)
        let end = year(form.endYear, "endYear", into: &errors)
        if errors["endYear"] == nil, errors["startYear"] == nil, end < start { errors["endYear"] = MovementText.endBeforeStart }
        let summary = Check.text(form.summary, "summary", max: TextLimit.long, required: false, into: &errors)
        var state = FormState(values: ["name": form.name ?? "", "planNumber": form.planNumber ?? "", "planDate": form.planDate ?? "",
                                       "startYear": form.startYear ?? "", "endYear": form.endYear ?? "", "summary": form.summary ?? "",
                                       "version": String(form.version ?? m.version)], errors: errors)
        if form.version != nil && form.version != m.version { state.formError = CoreText.conflict + " " + DirectoryText.conflict }
        if state.hasErrors {
            return try await formPage(req, title: MovementText.editMovement, action: .movementEdit, state: state, status: .unprocessableEntity,
                                      fields: movementFields(version: String(m.version)))
        }
        let before = MovementDTO(m)
        m.name = name; m.planNumber = planNumber; m.planDate = planDate; m.startYear = start; m.endYear = end; m.summary = summary
        m.version += 1
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await m.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "movement", id: m.id, label: m.name, before: before, after: MovementDTO(m))
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.saved))
    }

    // MARK: phases

    struct PhaseForm: Content { var name: String?; var startYear: String?; var endYear: String?; var reviewKind: String?; var reviewYear: String? }
    struct PhaseDTO: Codable, Sendable { let name: String; let startYear: Int; let endYear: Int; let reviewKind: String; let reviewYear: Int }

    static let phaseFields: [FieldSpec] = [
        .text("name", MovementText.phaseName, required: true),
        .text("startYear", MovementText.startYear, required: true, type: "number", maxLength: 4),
        .text("endYear", MovementText.endYear, required: true, type: "number", maxLength: 4),
        .select("reviewKind", MovementText.reviewKind,
                choices: [Choice(value: "mid_term", label: MovementText.midTerm), Choice(value: "final", label: MovementText.final)], required: true),
        .text("reviewYear", MovementText.reviewYear, required: true, type: "number", maxLength: 4),
    ]

    static func loadPhase(_ req: Request) async throws -> Phase {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let phase = try await Phase.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        return phase
    }

    static func editPhaseForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let p = try await loadPhase(req)
        let state = FormState(values: ["name": p.name, "startYear": String(p.startYear), "endYear": String(p.endYear), "reviewKind": p.reviewKind, "reviewYear": String(p.reviewYear)])
        return try await formPage(req, title: MovementText.editPhase, action: .phase(p.id), state: state, fields: phaseFields)
    }

    static func updatePhase(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let p = try await loadPhase(req)
        let m = try await currentMovement(req)
        let form = try req.content.decode(PhaseForm.self)
        var errors: [String: String] = [:]
        let name = Check.text(form.name, "name", max: 200, required: true, into: &errors)
        let start = year(form.startYear, "startYear", into: &errors)
        let end = year(form.endYear, "endYear", into: &errors)
        let review = year(form.reviewYear, "reviewYear", into: &errors)
        for (field, value) in [("startYear", start), ("endYear", end), ("reviewYear", review)] where errors[field] == nil {
            if !(m.startYear...m.endYear).contains(value) { errors[field] = String(format: MovementText.yearOutOfRange, m.startYear, m.endYear) }
        }
        if errors["endYear"] == nil, errors["startYear"] == nil, end < start { errors["endYear"] = MovementText.endBeforeStart }
        let kind = TextFolding.clean(form.reviewKind)
        if !["mid_term", "final"].contains(kind) { errors["reviewKind"] = CoreText.invalidChoice }
        let state = FormState(values: ["name": form.name ?? "", "startYear": form.startYear ?? "", "endYear": form.endYear ?? "",
                                       "reviewKind": form.reviewKind ?? "", "reviewYear": form.reviewYear ?? ""], errors: errors)
        if state.hasErrors {
            return try await formPage(req, title: MovementText.editPhase, action: .phase(p.id), state: state, status: .unprocessableEntity, fields: phaseFields)
        }
        let before = PhaseDTO(name: p.name, startYear: p.startYear, endYear: p.endYear, reviewKind: p.reviewKind, reviewYear: p.reviewYear)
        p.name = name; p.startYear = start; p.endYear = end; p.reviewKind = kind; p.reviewYear = review
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await p.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "phase", id: p.id, label: p.name, before: before,
                                      after: PhaseDTO(name: p.name, startYear: p.startYear, endYear: p.endYear, reviewKind: p.reviewKind, reviewYear: p.reviewYear))
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.saved))
    }
}

