import Fluent
import Foundation
import Plot
import Vapor

/// Paths of the inspection pages (kept beside the feature, as the signers' are).
enum InspectionPaths {
    static let root = "/inspections"
    static func overview(year: Int? = nil) -> String { root + (year.map { "?year=\($0)" } ?? "") }
    static let newPlan = "/inspections/plans/new"
    static let plans = "/inspections/plans"
    static func plan(_ id: UUID?) -> String { "/inspections/plans/\(id?.uuidString.lowercased() ?? ":id")" }
    static func planAction(_ id: UUID?, _ action: String) -> String { plan(id) + "/" + action }
    static func visit(_ id: UUID?) -> String { "/inspections/visits/\(id?.uuidString.lowercased() ?? ":id")" }
    static func visitAction(_ id: UUID?, _ action: String) -> String { visit(id) + "/" + action }
    static func followUp(_ visit: UUID?, _ item: UUID?, _ action: String) -> String {
        self.visit(visit) + "/follow-ups/\(item?.uuidString.lowercased() ?? ":item")/" + action
    }
    static func file(_ visit: UUID?, _ file: UUID?) -> String { self.visit(visit) + "/files/\(file?.uuidString.lowercased() ?? ":file")" }
    static func components(_ path: String) -> [PathComponent] { path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }
}

/// The inspection pages: the year's plan with its units, teams and visits; the plan form; the visit page with its
/// schedule, history, checklist, findings, minutes and follow-ups. Thin: read the form, ask ``Policy``, call the
/// command, answer (re-render with the messages beside the fields, or redirect with a flash).
enum InspectionController {
    static func register(_ r: any RoutesBuilder, uploadMaxBytes: Int) {
        typealias P = InspectionPaths
        r.on(.GET, P.components(P.root), use: overview)
        r.on(.GET, P.components(P.newPlan), use: newPlan)
        r.on(.POST, P.components(P.plans), use: createPlan)
        r.on(.GET, P.components(P.planAction(nil, "edit")), use: editPlan)
        r.on(.POST, P.components(P.plan(nil)), use: updatePlan)
        r.on(.POST, P.components(P.planAction(nil, "submit")), use: submit)
        r.on(.POST, P.components(P.planAction(nil, "approve")), use: approve)
        r.on(.POST, P.components(P.planAction(nil, "targets")), use: addTarget)
        r.on(.POST, P.components(P.planAction(nil, "teams")), use: createTeam)
        r.on(.POST, P.components(P.planAction(nil, "visits")), use: scheduleVisit)
        r.on(.GET, P.components(P.visit(nil)), use: visit)
        r.on(.POST, P.components(P.visitAction(nil, "reschedule")), use: reschedule)
        r.on(.POST, P.components(P.visitAction(nil, "checklist")), use: checklist)
        r.on(.POST, P.components(P.visitAction(nil, "findings")), upload: .upload(uploadMaxBytes), use: addFinding)
        r.on(.POST, P.components(P.visitAction(nil, "minutes")), use: minutes)
        r.on(.POST, P.components(P.visitAction(nil, "conclude")), use: conclude)
        r.on(.POST, P.components(P.followUp(nil, nil, "answer")), upload: .upload(uploadMaxBytes), use: answer)
        r.on(.POST, P.components(P.followUp(nil, nil, "accept")), use: accept)
        r.on(.POST, P.components(P.followUp(nil, nil, "reopen")), use: reopen)
        r.on(.GET, P.components(P.file(nil, nil)), use: download)
    }

    static func crumbs(_ title: String? = nil, year: Int? = nil) -> [Breadcrumb] {
        [.init(title: CoreText.home, url: .home), .init(title: InspectionText.title, url: nil)] + (title.map { [Breadcrumb(title: $0, url: nil)] } ?? [])
    }

    /// Whether the user may draft and change plans (the secretariat, or a standing council member).
    static func canManage(_ req: Request) async throws -> Bool {
        let user = try req.requireUser()
        if user.has(.secretariat) { return true }
        return Policy.allows(user, .manageInspections(standingMember: try await InspectionQueries.isStandingMember(on: req.db, user: user)))
    }

    static func requireManage(_ req: Request) async throws {
        guard try await canManage(req) else { throw AppError.forbidden }
    }

    // MARK: overview

    static func overview(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        return try await renderOverview(req, states: [:])
    }

    /// The forms of the overview that can come back with messages: "target", "team", "visit".
    static func renderOverview(_ req: Request, year requested: Int? = nil, states: [String: FormState], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let year = requested ?? req.query[Int.self, at: "year"] ?? LocalDate(req.now).year
        let model = try await InspectionPageQueries.overview(on: req.db, user: user, year: year, today: LocalDate(req.now))
        let manage = try await canManage(req)
        return try await InspectionViews.overview(.init(
            frame: req.page(InspectionText.planTitle(year), section: .inspections, breadcrumbs: crumbs()), data: model,
            canManage: manage, canApprove: Policy.allows(user, .approveInspectionPlan), states: states, csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    // MARK: plan

    struct PlanForm: Content {
        var year: String?; var purpose: String?; var content: String?; var organisation: String?; var version: Int?
        var input: InspectionPlanInput { InspectionPlanInput(year: year, purpose: purpose, content: content, organisation: organisation) }
        var values: [String: String] {
            ["year": year ?? "", "purpose": purpose ?? "", "content": content ?? "", "organisation": organisation ?? "", "version": version.map(String.init) ?? ""]
        }
    }

    static func planForm(_ req: Request, plan: InspectionPlan?, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let title = plan.map { "\(InspectionText.editPlan) \($0.year)" } ?? InspectionText.newPlan
        return try await InspectionViews.planForm(.init(frame: req.page(title, section: .inspections, breadcrumbs: crumbs(title)),
                                                        action: plan.map { InspectionPaths.plan($0.id) } ?? InspectionPaths.plans,
                                                        isNew: plan == nil, state: state, csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    static func newPlan(req: Request) async throws -> Response {
        try await requireManage(req)
        return try await planForm(req, plan: nil, state: FormState(values: ["year": String(LocalDate(req.now).year)]))
    }

    static func createPlan(req: Request) async throws -> Response {
        try await requireManage(req)
        let f = try req.content.decode(PlanForm.self)
        do {
            let p = try await InspectionCommands.createPlan(f.input, actor: try req.auditActor(), on: req.db)
            return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.success, InspectionText.saved))
        } catch AppError.validation(let fields, let message) {
            return try await planForm(req, plan: nil, state: FormState(values: f.values, errors: fields, formError: message), status: .unprocessableEntity)
        }
    }

    static func loadPlan(_ req: Request) async throws -> InspectionPlan {
        try await InspectionQueries.plan(req.parameters.get("id", as: UUID.self), communeID: try req.requireUser().communeID, on: req.db)
    }

    static func editPlan(req: Request) async throws -> Response {
        try await requireManage(req)
        let p = try await loadPlan(req)
        return try await planForm(req, plan: p, state: FormState(values: ["year": String(p.year), "purpose": p.purpose, "content": p.content,
                                                                         "organisation": p.organisation, "version": String(p.version)]))
    }

    static func updatePlan(req: Request) async throws -> Response {
        try await requireManage(req)
        let p = try await loadPlan(req)
        let f = try req.content.decode(PlanForm.self)
        do {
            try await InspectionCommands.updatePlan(p, f.input, expectedVersion: f.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await planForm(req, plan: p, state: FormState(values: f.values, errors: fields, formError: message), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await planForm(req, plan: p, state: FormState(values: f.values, formError: message), status: .conflict)
        }
        return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.success, InspectionText.saved))
    }

    struct VersionForm: Content { var version: Int? }

    static func submit(req: Request) async throws -> Response {
        try await requireManage(req)
        let p = try await loadPlan(req)
        let f = try req.content.decode(VersionForm.self)
        do {
            try await InspectionCommands.submit(p, expectedVersion: f.version, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.conflict(let message) {
            return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.error, message))
        }
        return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.success, InspectionText.submitted))
    }

    static func approve(req: Request) async throws -> Response {
        try req.authorize(.approveInspectionPlan)
        let p = try await loadPlan(req)
        let f = try req.content.decode(VersionForm.self)
        do {
            try await InspectionCommands.approve(p, expectedVersion: f.version, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.conflict(let message) {
            return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.error, message))
        }
        return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.success, InspectionText.approved))
    }

    struct TargetForm: Content { var unitId: String?; var reason: String? }

    static func addTarget(req: Request) async throws -> Response {
        try await requireManage(req)
        let p = try await loadPlan(req)
        let f = try req.content.decode(TargetForm.self)
        do {
            _ = try await InspectionCommands.addTarget(p, unitId: f.unitId, reason: f.reason, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderOverview(req, year: p.year, states: ["target": FormState(values: ["unitId": f.unitId ?? "", "reason": f.reason ?? ""],
                                                                                            errors: fields, formError: message)], status: .unprocessableEntity)
        }
        return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.success, InspectionText.targetAdded))
    }

    struct TeamForm: Content {
        var name: String?; var assignment: String?; var leaderPersonId: String?; var leaderTask: String?
        var memberPersonId: [String]?; var memberRole: [String]?; var memberTask: [String]?
        var input: InspectionTeamInput {
            let ids = memberPersonId ?? []
            return InspectionTeamInput(name: name, assignment: assignment, leaderPersonId: leaderPersonId, leaderTask: leaderTask,
                                       members: ids.indices.map { i in
                                           InspectionMemberInput(personId: ids[i], role: memberRole?[safe: i], task: memberTask?[safe: i])
                                       })
        }
    }

    static func createTeam(req: Request) async throws -> Response {
        try await requireManage(req)
        let p = try await loadPlan(req)
        let f = try req.content.decode(TeamForm.self)
        do {
            _ = try await InspectionCommands.createTeam(p, f.input, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            var values = ["name": f.name ?? "", "assignment": f.assignment ?? "", "leaderPersonId": f.leaderPersonId ?? "", "leaderTask": f.leaderTask ?? ""]
            for (i, m) in f.input.members.enumerated() {
                values["memberPersonId.\(i)"] = m.personId ?? ""; values["memberRole.\(i)"] = m.role ?? ""; values["memberTask.\(i)"] = m.task ?? ""
            }
            return try await renderOverview(req, year: p.year, states: ["team": FormState(values: values, errors: fields, formError: message)],
                                            status: .unprocessableEntity)
        }
        return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.success, InspectionText.teamCreated))
    }

    struct VisitForm: Content {
        var unitId: String?; var teamId: String?; var date: String?; var time: String?; var place: String?; var content: String?
        var input: InspectionVisitInput { InspectionVisitInput(unitId: unitId, teamId: teamId, date: date, time: time, place: place, content: content) }
        var values: [String: String] {
            ["unitId": unitId ?? "", "teamId": teamId ?? "", "date": date ?? "", "time": time ?? "", "place": place ?? "", "content": content ?? ""]
        }
    }

    static func scheduleVisit(req: Request) async throws -> Response {
        try await requireManage(req)
        let p = try await loadPlan(req)
        let f = try req.content.decode(VisitForm.self)
        do {
            let v = try await InspectionCommands.scheduleVisit(p, f.input, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
            return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.scheduled))
        } catch AppError.validation(let fields, let message) {
            return try await renderOverview(req, year: p.year, states: ["visit": FormState(values: f.values, errors: fields, formError: message)],
                                            status: .unprocessableEntity)
        }
    }

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
        do {
            try await InspectionCommands.reschedule(v, date: f.date, time: f.time, reason: f.reason, expectedVersion: f.version, actor: try req.auditActor(),
                                                   notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: ["reschedule": FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: ["reschedule": FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.rescheduled))
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

    struct AnswerForm: Content { var answer: String?; var version: Int? }

    static func answer(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.answerInspectionFollowUp(ref))
        let item = try await InspectionQueries.followUp(req.parameters.get("item", as: UUID.self), visit: v, on: req.db)
        let received = try req.upload
        let f = try received.decode(AnswerForm.self, req)
        let key = "answer.\(item.id!.uuidString.lowercased())"
        let values = ["answer": f.answer ?? ""]
        let (file, fileErrors) = try await attachment(req, received)
        if !fileErrors.isEmpty {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, errors: fileErrors, formError: CoreText.formHasErrors)],
                                         status: .unprocessableEntity)
        }
        do {
            try await InspectionCommands.answerFollowUp(item, visit: v, answer: f.answer, attachment: file, expectedVersion: f.version,
                                                        store: req.application.files, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.answered))
    }

    struct DecideForm: Content { var decisionNote: String?; var version: Int? }

    static func accept(req: Request) async throws -> Response { try await decide(req, accept: true) }
    static func reopen(req: Request) async throws -> Response { try await decide(req, accept: false) }

    static func decide(_ req: Request, accept: Bool) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.decideInspectionFollowUp(ref))
        let item = try await InspectionQueries.followUp(req.parameters.get("item", as: UUID.self), visit: v, on: req.db)
        let f = try req.content.decode(DecideForm.self)
        let key = "decide.\(item.id!.uuidString.lowercased())"
        let values = ["decisionNote": f.decisionNote ?? ""]
        do {
            let actor = try req.auditActor()
            if accept {
                try await InspectionCommands.acceptFollowUp(item, visit: v, note: f.decisionNote, expectedVersion: f.version, actor: actor,
                                                            notifier: req.application.notifier, on: req.db)
            } else {
                try await InspectionCommands.reopenFollowUp(item, visit: v, note: f.decisionNote, expectedVersion: f.version, actor: actor,
                                                            notifier: req.application.notifier, on: req.db)
            }
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, accept ? InspectionText.accepted : InspectionText.reopened))
    }

    static func download(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, _) = try await loadVisit(req)
        guard let id = req.parameters.get("file", as: UUID.self),
              let file = try await InspectionFile.query(on: req.db).filter(\.$visitID == v.id!).filter(\.$id == id).first() else { throw AppError.notFound }
        return try await req.storedFile(hash: file.fileHash, contentType: file.contentType, filename: "kiem-tra", cache: true)
    }
}

fileprivate extension Array {
    /// The element at `i`, or nil past the end (form arrays of unequal length).
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
