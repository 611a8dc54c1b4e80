import Fluent
import Foundation
import Plot
import Vapor

/// Paths of the inspection pages (kept beside the feature, as the signers' are).
enum InspectionPaths {
    static let root = "/inspections"
    static func overview(year: Int? = nil) -> String { root + (year.map { "?year=\($0)" } ?? "") }
    static let newPlan = "/inspections/plans/new"
    /// The plan form for `year` (the year the overview shows).
    static func newPlan(year: Int) -> String { newPlan + "?year=\(year)" }
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
        r.on(.POST, P.components(P.visitAction(nil, "offer-scores")), use: offerScores)
        r.on(.POST, P.components(P.visitAction(nil, "findings")), upload: .upload(uploadMaxBytes), use: addFinding)
        r.on(.POST, P.components(P.visitAction(nil, "minutes")), use: minutes)
        r.on(.POST, P.components(P.visitAction(nil, "conclude")), use: conclude)
        r.on(.POST, P.components(P.followUp(nil, nil, "answer")), upload: .upload(uploadMaxBytes), use: answer)
        r.on(.POST, P.components(P.followUp(nil, nil, "accept")), use: accept)
        r.on(.POST, P.components(P.followUp(nil, nil, "reopen")), use: reopen)
        r.on(.GET, P.components(P.file(nil, nil)), use: download)
        InspectionDocumentRoutes.register(r)
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
        var year = requested ?? 0
        if requested == nil { year = try await viewedYear(req) }
        let model = try await InspectionPageQueries.overview(on: req.db, user: user, year: year, today: LocalDate(req.now))
        let manage = try await canManage(req)
        let onTeam = model.teams.contains { $0.members.contains { $0.userID == user.id } }
        return try await InspectionViews.overview(.init(
            frame: req.page(InspectionText.planTitle(year), section: .inspections, breadcrumbs: crumbs()), data: model,
            canManage: manage, canApprove: Policy.allows(user, .approveInspectionPlan), states: states, csrf: user.csrfToken,
            intro: onTeam ? InspectionText.teamIntro : user.has(.councilMember) ? InspectionText.councilIntro : nil,
            canEditSettings: Policy.allows(user, .editInspectionSettings)))
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
        return try await planForm(req, plan: nil, state: FormState(values: ["year": String(try await viewedYear(req))]))
    }

    /// The year a page is about: the `?year=` it was opened with (the overview's, carried to the plan form), else the
    /// movement's current year (this year, kept within the movement's years), else this year.
    static func viewedYear(_ req: Request) async throws -> Int {
        if let year = req.query[Int.self, at: "year"], (2020...2100).contains(year) { return year }
        let today = LocalDate(req.now).year
        guard let movement = try await MovementQueries.movement(on: req.db, communeID: try req.requireUser().communeID) else { return today }
        return min(max(today, movement.startYear), movement.endYear)
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
        // Said before anything is typed: a submitted or approved plan is not edited here.
        guard p.state == .draft else {
            return req.redirect(to: InspectionPaths.overview(year: p.year), flash: Flash(.warning, InspectionText.notDraft))
        }
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
}

extension Array {
    /// The element at `i`, or nil past the end (form arrays of unequal length).
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
