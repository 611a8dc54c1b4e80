import Fluent
import Foundation
import Plot
import Vapor

/// Calendar, content areas, criteria and council: the rest of the movement setup.
enum MovementSetupController {
    typealias C = MovementController

    // MARK: deadlines

    struct DeadlineForm: Content { var year: String?; var kind: String?; var title: String?; var dueDate: String?; var note: String? }
    struct DeadlineDTO: Codable, Sendable { let year: Int; let kind: String; let title: String; let dueDate: String; let note: String }

    static let deadlineFields: [FieldSpec] = [
        .select("kind", MovementText.deadlineKindLabel, choices: DeadlineKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
        .text("title", MovementText.deadlineTitle, required: true),
        .date("dueDate", MovementText.dueDate, required: true),
        .textArea("note", MovementText.note, rows: 2),
    ]

    static func loadDeadline(_ req: Request) async throws -> Deadline {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let d = try await Deadline.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        return d
    }

    static func newDeadlineForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        return try await C.formPage(req, title: MovementText.newDeadline, action: .deadlines, state: FormState(values: ["kind": "other"]), fields: deadlineFields)
    }

    static func validateDeadline(_ form: DeadlineForm, movement: Movement) -> (DeadlineDTO?, FormState) {
        var errors: [String: String] = [:]
        let kind = TextFolding.clean(form.kind)
        if DeadlineKind(rawValue: kind) == nil { errors["kind"] = CoreText.invalidChoice }
        let title = Check.text(form.title, "title", max: 200, required: true, into: &errors)
        let due = Check.date(form.dueDate, "dueDate", required: true, into: &errors)
        let note = Check.text(form.note, "note", max: TextLimit.long, required: false, into: &errors)
        var year = 0
        if let due, let date = LocalDate(iso: due) {
            year = date.year
            if !(movement.startYear...movement.endYear).contains(year) {
                errors["dueDate"] = String(format: MovementText.yearOutOfRange, movement.startYear, movement.endYear)
            }
        }
        let state = FormState(values: ["kind": form.kind ?? "", "title": form.title ?? "", "dueDate": form.dueDate ?? "", "note": form.note ?? ""], errors: errors)
        guard errors.isEmpty, let due else { return (nil, state) }
        return (DeadlineDTO(year: year, kind: kind, title: title, dueDate: due, note: note), state)
    }

    static func createDeadline(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editMovement)
        let m = try await C.currentMovement(req)
        let (dto, state) = validateDeadline(try req.content.decode(DeadlineForm.self), movement: m)
        guard let dto else {
            return try await C.formPage(req, title: MovementText.newDeadline, action: .deadlines, state: state, status: .unprocessableEntity, fields: deadlineFields)
        }
        let d = Deadline()
        d.communeID = user.communeID; d.movementID = m.id!
        d.year = dto.year; d.kind = dto.kind; d.title = dto.title; d.dueDate = dto.dueDate; d.note = dto.note
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await d.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "deadline", id: d.id, label: d.title, after: dto)
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.saved))
    }

    static func editDeadlineForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let d = try await loadDeadline(req)
        let state = FormState(values: ["kind": d.kind, "title": d.title, "dueDate": LocalDate(iso: d.dueDate)?.vietnamese ?? "", "note": d.note])
        return try await C.formPage(req, title: MovementText.editDeadline, action: .deadline(d.id), state: state, fields: deadlineFields,
                                    delete: .deadlineDelete(d.id))
    }

    static func updateDeadline(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let d = try await loadDeadline(req)
        let m = try await C.currentMovement(req)
        let (dto, state) = validateDeadline(try req.content.decode(DeadlineForm.self), movement: m)
        guard let dto else {
            return try await C.formPage(req, title: MovementText.editDeadline, action: .deadline(d.id), state: state, status: .unprocessableEntity,
                                        fields: deadlineFields, delete: .deadlineDelete(d.id))
        }
        let before = DeadlineDTO(year: d.year, kind: d.kind, title: d.title, dueDate: d.dueDate, note: d.note)
        d.year = dto.year; d.kind = dto.kind; d.title = dto.title; d.dueDate = dto.dueDate; d.note = dto.note
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await d.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "deadline", id: d.id, label: d.title, before: before, after: dto)
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.saved))
    }

    static func deleteDeadline(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let d = try await loadDeadline(req)
        let before = DeadlineDTO(year: d.year, kind: d.kind, title: d.title, dueDate: d.dueDate, note: d.note)
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await d.delete(on: db)
            try await AuditLog.record(on: db, actor, .delete, type: "deadline", id: d.id, label: d.title, before: before)
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.deleted))
    }

    // MARK: content areas

    struct AreaForm: Content { var name: String?; var summary: String? }
    struct AreaDTO: Codable, Sendable { let name: String; let summary: String }
    static let areaFields: [FieldSpec] = [.text("name", MovementText.areaName, required: true), .textArea("summary", MovementText.areaDescription, rows: 4)]

    static func loadArea(_ req: Request) async throws -> ContentArea {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let a = try await ContentArea.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        return a
    }

    static func editAreaForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let a = try await loadArea(req)
        return try await C.formPage(req, title: MovementText.editArea, action: .contentArea(a.id),
                                    state: FormState(values: ["name": a.name, "summary": a.summary]), fields: areaFields)
    }

    static func updateArea(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let a = try await loadArea(req)
        let form = try req.content.decode(AreaForm.self)
        var errors: [String: String] = [:]
        let name = Check.text(form.name, "name", max: 200, required: true, into: &errors)
        let summary = Check.text(form.summary, "summary", max: TextLimit.long, required: false, into: &errors)
        if !errors.isEmpty {
            return try await C.formPage(req, title: MovementText.editArea, action: .contentArea(a.id),
                                        state: FormState(values: ["name": form.name ?? "", "summary": form.summary ?? ""], errors: errors),
                                        status: .unprocessableEntity, fields: areaFields)
        }
        let before = AreaDTO(name: a.name, summary: a.summary)
        a.name = name; a.summary = summary
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await a.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "content_area", id: a.id, label: a.name, before: before, after: AreaDTO(name: name, summary: summary))
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.saved))
    }

    // MARK: criteria

    struct CriterionForm: Content { var criteriaGroup: String?; var position: String?; var title: String?; var summary: String?; var maxPoints: String?; var isActive: String? }
    struct CriterionDTO: Codable, Sendable { let criteriaGroup: String; let position: Int; let title: String; let summary: String; let maxPoints: Int; let isActive: Bool }

    static func criterionFields(active: Bool) -> [FieldSpec] {
        [.select("criteriaGroup", MovementText.group, choices: CriteriaGroup.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
         .text("position", MovementText.position, required: true, type: "number", maxLength: 2),
         .text("title", MovementText.criterionTitle, required: true),
         .textArea("summary", MovementText.criterionDescription, rows: 4),
         .text("maxPoints", MovementText.maxPoints, required: true, type: "number", maxLength: 3),
         .checkbox("isActive", MovementText.criterionActive, checked: active)]
    }

    static func validateCriterion(_ form: CriterionForm) -> (CriterionDTO?, FormState) {
        var errors: [String: String] = [:]
        let group = TextFolding.clean(form.criteriaGroup)
        if CriteriaGroup(rawValue: group) == nil { errors["criteriaGroup"] = CoreText.invalidChoice }
        let position = Int(TextFolding.clean(form.position)) ?? 0
        if !(1...99).contains(position) { errors["position"] = MovementText.positionRange }
        let title = Check.text(form.title, "title", max: 300, required: true, into: &errors)
        let summary = Check.text(form.summary, "summary", max: TextLimit.long, required: false, into: &errors)
        let points = Int(TextFolding.clean(form.maxPoints)) ?? 0
        if !(1...100).contains(points) { errors["maxPoints"] = MovementText.pointsRange }
        let state = FormState(values: ["criteriaGroup": form.criteriaGroup ?? "", "position": form.position ?? "", "title": form.title ?? "",
                                       "summary": form.summary ?? "", "maxPoints": form.maxPoints ?? ""], errors: errors)
        guard errors.isEmpty else { return (nil, state) }
        return (CriterionDTO(criteriaGroup: group, position: position, title: title, summary: summary, maxPoints: points,
                             isActive: form.isActive == "1"), state)
    }

    static func loadCriterion(_ req: Request) async throws -> Criterion {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let c = try await Criterion.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        return c
    }

    static func newCriterionForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        return try await C.formPage(req, title: MovementText.newCriterion, action: .criteria,
                                    state: FormState(values: ["criteriaGroup": req.query[String.self, at: "group"] ?? "1.1", "position": "1", "maxPoints": "10"]),
                                    fields: criterionFields(active: true))
    }

    static func createCriterion(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editMovement)
        let m = try await C.currentMovement(req)
        let form = try req.content.decode(CriterionForm.self)
        let (dto, state) = validateCriterion(form)
        guard let dto else {
            return try await C.formPage(req, title: MovementText.newCriterion, action: .criteria, state: state, status: .unprocessableEntity,
                                        fields: criterionFields(active: form.isActive == "1"))
        }
        let c = Criterion()
        c.communeID = user.communeID; c.movementID = m.id!
        apply(dto, to: c)
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await c.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "criterion", id: c.id, label: "\(c.criteriaGroup) — \(c.title)", after: dto)
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.saved))
    }

    static func apply(_ dto: CriterionDTO, to c: Criterion) {
        c.criteriaGroup = dto.criteriaGroup; c.position = dto.position; c.title = dto.title; c.summary = dto.summary
        c.maxPoints = dto.maxPoints; c.isActive = dto.isActive
    }

    static func editCriterionForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let c = try await loadCriterion(req)
        let state = FormState(values: ["criteriaGroup": c.criteriaGroup, "position": String(c.position), "title": c.title, "summary": c.summary,
                                       "maxPoints": String(c.maxPoints)])
        return try await C.formPage(req, title: MovementText.editCriterion, action: .criterion(c.id), state: state, fields: criterionFields(active: c.isActive))
    }

    static func updateCriterion(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let c = try await loadCriterion(req)
        let form = try req.content.decode(CriterionForm.self)
        let (dto, state) = validateCriterion(form)
        guard let dto else {
            return try await C.formPage(req, title: MovementText.editCriterion, action: .criterion(c.id), state: state, status: .unprocessableEntity,
                                        fields: criterionFields(active: form.isActive == "1"))
        }
        let before = CriterionDTO(criteriaGroup: c.criteriaGroup, position: c.position, title: c.title, summary: c.summary, maxPoints: c.maxPoints, isActive: c.isActive)
        apply(dto, to: c)
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await c.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "criterion", id: c.id, label: "\(c.criteriaGroup) — \(c.title)", before: before, after: dto)
        }
        return req.redirect(to: .movement, flash: Flash(.success, MovementText.saved))
    }
}
