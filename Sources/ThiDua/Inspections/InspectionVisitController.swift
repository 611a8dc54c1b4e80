import Fluent
import Foundation
import Plot
import Vapor

/// The visit page and what the team records on it: reschedule, checklist, findings, minutes, conclusion.
extension InspectionController {
    // MARK: visit

    /// The visit of the path, in the user's commune, that the user may see (another unit's visit: 404, as if absent).
    static func loadVisit(_ req: Request) async throws -> (InspectionVisit, InspectionVisitRef) {
        let user = try req.requireUser()
        let v = try await InspectionQueries.visit(req.parameters.get("id", as: UUID.self), communeID: user.communeID, on: req.db)
        let ref = try await InspectionQueries.ref(on: req.db, v)
        guard Policy.allows(user, .viewInspectionVisit(ref)) else { throw AppError.notFound }
        return (v, ref)
    }

    static func visit(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        return try await renderVisit(req, v, ref: ref, states: [:])
    }

    /// The forms of the visit page that can come back with messages: "reschedule", "checklist", "finding", "minutes",
    /// "conclude", and "answer.<item>" / "decide.<item>".
    static func renderVisit(_ req: Request, _ v: InspectionVisit, ref: InspectionVisitRef, states: [String: FormState],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let data = try await InspectionPageQueries.visit(on: req.db, visit: v, today: LocalDate(req.now))
        let title = "\(InspectionText.visit): \(data.unitName)"
        return try await InspectionViews.visit(.init(
            frame: req.page(title, section: .inspections, breadcrumbs: crumbs(data.unitName)), data: data,
            canManage: try await canManage(req), canRecord: Policy.allows(user, .recordInspection(ref)),
            canAnswer: Policy.allows(user, .answerInspectionFollowUp(ref)), canDecide: Policy.allows(user, .decideInspectionFollowUp(ref)),
            states: states, csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    struct RescheduleForm: Content { var date: String?; var time: String?; var reason: String?; var version: Int? }

    static func reschedule(req: Request) async throws -> Response {
        try await requireManage(req)
        let (v, ref) = try await loadVisit(req)
        let f = try req.content.decode(RescheduleForm.self)
        let values = ["date": f.date ?? "", "time": f.time ?? "", "reason": f.reason ?? ""]
        let notice: InspectionCommands.RescheduledNotice
        do {
            notice = try await InspectionCommands.reschedule(v, date: f.date, time: f.time, reason: f.reason, expectedVersion: f.version, actor: try req.auditActor(),
                                                   notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: ["reschedule": FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: ["reschedule": FormState(values: values, formError: message)], status: .conflict)
        }
        let message = switch notice {
        case .sent: InspectionText.rescheduled
        case .willGo(let day): InspectionText.rescheduledNoticeOn(day)
        case .afterApproval: InspectionText.rescheduledAfterApproval
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, message))
    }

    struct ChecklistForm: Content { var criterionId: [String]?; var teamPoints: [String]?; var note: [String]? }

    static func checklist(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.recordInspection(ref))
        let f = try req.content.decode(ChecklistForm.self)
        let ids = f.criterionId ?? []
        let lines = ids.indices.map { InspectionChecklistInput(criterionId: ids[$0], teamPoints: f.teamPoints?[safe: $0], note: f.note?[safe: $0]) }
        var values: [String: String] = [:]
        for (i, line) in lines.enumerated() { values["teamPoints.\(i)"] = line.teamPoints ?? ""; values["note.\(i)"] = line.note ?? "" }
        do {
            try await InspectionCommands.recordChecklist(v, lines: lines, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: ["checklist": FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: ["checklist": FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.checklistSaved))
    }

    struct FindingForm: Content { var finding: String? }

    /// A received file checked by its bytes, or the field's message.
    static func attachment(_ req: Request, _ received: ReceivedUpload) async throws -> (InspectionAttachment?, [String: String]) {
        guard let file = received.file else { return (nil, [:]) }
        switch try await EvidenceCommands.check(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                threadPool: req.application.threadPool) {
        case .success(let kind): return (InspectionAttachment(name: file.filename, content: .received(file), kind: kind), [:])
        case .failure(let e): return (nil, e.fields)
        }
    }

    static func addFinding(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.recordInspection(ref))
        let received = try req.upload
        let f = try received.decode(FindingForm.self, req)
        let (file, fileErrors) = try await attachment(req, received)
        let values = ["finding": f.finding ?? ""]
        if !fileErrors.isEmpty {
            return try await renderVisit(req, v, ref: ref, states: ["finding": FormState(values: values, errors: fileErrors, formError: CoreText.formHasErrors)],
                                         status: .unprocessableEntity)
        }
        do {
            _ = try await InspectionCommands.addFinding(v, text: f.finding, attachment: file, store: req.application.files, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: ["finding": FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: ["finding": FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.findingAdded))
    }

    struct MinutesForm: Content {
        var startsAt: String?; var endsAt: String?; var place: String?; var teamAttendees: String?; var unitAttendees: String?
        var strengths: String?; var weaknesses: String?; var recommendations: String?; var version: Int?
        var input: InspectionMinutesInput {
            InspectionMinutesInput(startsAt: startsAt, endsAt: endsAt, place: place, teamAttendees: teamAttendees, unitAttendees: unitAttendees,
                                   strengths: strengths, weaknesses: weaknesses, recommendations: recommendations)
        }
        var values: [String: String] {
            ["startsAt": startsAt ?? "", "endsAt": endsAt ?? "", "place": place ?? "", "teamAttendees": teamAttendees ?? "",
             "unitAttendees": unitAttendees ?? "", "strengths": strengths ?? "", "weaknesses": weaknesses ?? "", "recommendations": recommendations ?? ""]
        }
    }

    static func minutes(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.recordInspection(ref))
        let f = try req.content.decode(MinutesForm.self)
        do {
            try await InspectionCommands.recordMinutes(v, f.input, expectedVersion: f.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: ["minutes": FormState(values: f.values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: ["minutes": FormState(values: f.values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.minutesSaved))
    }

    struct ConcludeForm: Content { var conclusion: String?; var followUpText: [String]?; var followUpDue: [String]?; var version: Int? }

    static func conclude(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.recordInspection(ref))
        let f = try req.content.decode(ConcludeForm.self)
        let texts = f.followUpText ?? []
        let items = texts.indices.map { InspectionFollowUpInput(text: texts[$0], dueDate: f.followUpDue?[safe: $0]) }
        var values = ["conclusion": f.conclusion ?? ""]
        for (i, item) in items.enumerated() { values["followUps.\(i)"] = item.text ?? ""; values["dueDate.\(i)"] = item.dueDate ?? "" }
        do {
            _ = try await InspectionCommands.conclude(v, conclusion: f.conclusion, items: items, expectedVersion: f.version, actor: try req.auditActor(),
                                                     notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: ["conclude": FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: ["conclude": FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.concluded))
    }
}
