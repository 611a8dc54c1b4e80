import Fluent
import Foundation
import Vapor

/// `/api/v1/inspections`: the yearly plan (its units, teams and visits), the visits with their checklist, findings,
/// minutes and conclusion, and the follow-up items — the pages' commands (``InspectionCommands``), reads
/// (``InspectionPageQueries``) and permission rule (``Policy``, through ``InspectionController``'s loaders). Nothing
/// here checks or writes on its own: a body becomes the same input the form produces, and the command's field
/// messages come back as a 422 (renamed to the body's keys where the body nests them).
///
/// This file: routes, plans and the JSON shapes. Visits and follow-ups: InspectionVisitAPI.swift.
enum InspectionAPI {
    static func register(_ api: any RoutesBuilder, uploadMaxBytes: Int) {
        let r = api.grouped("inspections")
        r.get("plans", use: plans)
        r.post("plans", use: createPlan)
        r.get("plans", ":id", use: plan)
        r.put("plans", ":id", use: updatePlan)
        r.post("plans", ":id", "submit", use: submit)
        r.post("plans", ":id", "approve", use: approve)
        r.post("plans", ":id", "targets", use: addTarget)
        r.post("plans", ":id", "teams", use: createTeam)
        r.post("plans", ":id", "visits", use: scheduleVisit)
        r.get("visits", use: visits)
        r.get("visits", ":id", use: visit)
        r.post("visits", ":id", "reschedule", use: reschedule)
        r.put("visits", ":id", "checklist", use: checklist)
        // A file sent as it is (application/octet-stream, streamed to disk) or as base64 in JSON, as for report evidence.
        r.on(.POST, "visits", ":id", "findings", upload: .upload(uploadMaxBytes), use: addFinding).acceptsFile()
        r.put("visits", ":id", "minutes", use: minutes)
        r.post("visits", ":id", "conclusion", use: conclude)
        r.get("visits", ":id", "follow-ups", use: followUps)
        r.on(.POST, "follow-ups", ":id", "answer", maxBody: BodyLimit.upload(uploadMaxBytes), use: answer)
        r.post("follow-ups", ":id", "accept", use: accept)
        r.post("follow-ups", ":id", "reopen", use: reopen)
    }

    // MARK: JSON shapes

    struct TargetDTO: Content { let unitId: UUID; let unitName: String; let reason: String }

    struct MemberDTO: Content { let name: String; let role: String; let task: String; let userId: UUID? }

    struct TeamDTO: Content { let id: UUID; let name: String; let assignment: String; let members: [MemberDTO] }

    struct VisitRowDTO: Content {
        let id: UUID; let unitId: UUID; let unitName: String; let teamId: UUID; let teamName: String
        /// yyyy-MM-dd; HH:mm.
        let date: String?; let time: String; let place: String; let status: String; let noticeSentAt: Date?
        let openFollowUps: Int; let overdueFollowUps: Int
    }

    /// A plan; `noticeDays`, `seesAll`, `targets`, `teams` and `visits` only when one plan is read (not in the list).
    /// Someone who does not see every inspection gets the visits of their unit or team, those teams, and no targets.
    struct PlanDTO: Content {
        /// The plan's text (I, II, V): only for someone who sees every inspection, as the overview page shows it.
        let id: UUID; let year: Int; var purpose: String?; var content: String?; var organisation: String?; let status: String
        let submittedAt: Date?; let approvedByName: String; let approvedAt: Date?; let createdAt: Date; let version: Int
        /// The Kế hoạch's number in the per-year register ("3/KH-HĐTĐKT") and its day of issue, once approved.
        var number: String? = nil
        var issuedOn: String? = nil
        var noticeDays: Int? = nil
        var seesAll: Bool? = nil
        var targets: [TargetDTO]? = nil
        var teams: [TeamDTO]? = nil
        var visits: [VisitRowDTO]? = nil
    }

    /// `seesAll`: the user sees every inspection; otherwise the plan's text is left out (the page does not show it).
    static func summary(_ p: InspectionPlan, seesAll: Bool) -> PlanDTO {
        PlanDTO(id: p.id!, year: p.year, purpose: seesAll ? p.purpose : nil, content: seesAll ? p.content : nil,
                organisation: seesAll ? p.organisation : nil, status: p.status,
                submittedAt: p.submittedAt, approvedByName: p.approvedByName, approvedAt: p.approvedAt, createdAt: p.createdAt, version: p.version)
    }

    static func team(_ t: InspectionPageQueries.Team) -> TeamDTO {
        TeamDTO(id: t.id, name: t.name, assignment: t.assignment,
                members: t.members.map { MemberDTO(name: $0.name, role: $0.role.rawValue, task: $0.task, userId: $0.userID) })
    }

    static func row(_ v: InspectionPageQueries.VisitRow) -> VisitRowDTO {
        VisitRowDTO(id: v.id, unitId: v.unitID, unitName: v.unitName, teamId: v.teamID, teamName: v.teamName, date: v.date?.iso, time: v.time,
                    place: v.place, status: v.status.rawValue, noticeSentAt: v.noticeSentAt, openFollowUps: v.openFollowUps,
                    overdueFollowUps: v.overdueFollowUps)
    }

    /// The plan as its overview page shows it to the user.
    static func detail(_ req: Request, _ p: InspectionPlan) async throws -> PlanDTO {
        let o = try await InspectionPageQueries.overview(on: req.db, user: try req.requireUser(), year: p.year, today: LocalDate(req.now))
        // Someone who sees only some visits sees a plan not approved yet only through their team's visits.
        if !o.seesAll, p.state != .approved, o.visits.isEmpty, o.teams.isEmpty { throw AppError.notFound }
        var dto = summary(p, seesAll: o.seesAll)
        if let issued = try await InspectionDocumentNumbers.plan(p.id!, on: req.db).plan {
            dto.number = InspectionDocumentNumbers.text(issued, InspectionDocuments.planSymbol)
            dto.issuedOn = issued.date.iso
        }
        dto.noticeDays = o.config.noticeDays
        dto.seesAll = o.seesAll
        dto.targets = o.seesAll ? o.targets.map { TargetDTO(unitId: $0.unitID, unitName: $0.unitName, reason: $0.reason) } : []
        dto.teams = o.teams.map(team)
        dto.visits = o.visits.map(row)
        return dto
    }

    static func created(_ value: some Encodable, location: String? = nil) throws -> Response {
        let response = try APIJSON.response(value, status: .created)
        if let location { response.headers.replaceOrAdd(name: .location, value: location) }
        return response
    }

    static func path(_ kind: String, _ id: UUID?) -> String { "/api/v1/inspections/\(kind)/\(id?.uuidString.lowercased() ?? "")" }

    // MARK: bodies and helpers

    /// `?year=`: absent → this year (as the overview page); not a whole number → 422.
    static func year(_ req: Request) throws -> Int? {
        guard let raw = req.query[String.self, at: "year"] else { return nil }
        guard let year = Int(raw) else { throw AppError.validation(fields: ["year": InspectionText.badYear], message: InspectionText.badYear) }
        return year
    }

    /// A body that may be left out (an action such as `submit`): none is the empty body.
    static func optionalJSON<T: Decodable>(_ req: Request, _ type: T.Type, empty: T) throws -> T {
        guard let buffer = req.body.data, buffer.readableBytes > 0 else { return empty }
        return try req.decodeJSON(T.self)
    }

    /// The version a change is based on, required on `PUT`.
    static func requireVersion(_ version: Int?) throws -> Int {
        guard let version else { throw AppError.validation(fields: ["version": CoreText.versionRequired], message: CoreText.versionRequired) }
        return version
    }

    /// Runs a command and gives its field messages the body's names (`rename` of the command's key).
    static func naming<T>(_ rename: (String, String) -> String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch AppError.validation(let fields, let message) {
            throw AppError.validation(fields: Dictionary(fields.map { (rename($0.key, $0.value), $0.value) }) { a, _ in a }, message: message)
        }
    }

    /// "members.2" → "members.2.personId"; `suffix` for a key `prefix.<n>` of the command.
    static func nested(_ key: String, _ prefix: String, to array: String, _ suffix: String) -> String? {
        guard key.hasPrefix(prefix + "."), let n = Int(key.dropFirst(prefix.count + 1)) else { return nil }
        return "\(array).\(n).\(suffix)"
    }

    struct PlanBody: Content { var year: Int?; var purpose: String?; var content: String?; var organisation: String?; var version: Int? }
    struct VersionBody: Content { var version: Int? }
    struct TargetBody: Content { var unitId: String?; var reason: String? }
    struct MemberBody: Content { var personId: String?; var role: String?; var task: String? }
    struct TeamBody: Content {
        var name: String?; var assignment: String?; var leaderPersonId: String?; var leaderTask: String?; var members: [MemberBody]?
    }
    struct VisitBody: Content { var unitId: String?; var teamId: String?; var date: String?; var time: String?; var place: String?; var content: String? }

    // MARK: plans

    static func plans(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewInspections)
        let q = InspectionPlan.query(on: req.db).filter(\.$communeID == user.communeID)
        if let year = try year(req) { q.filter(\.$year == year) }
        // As the pages: someone who does not see every inspection sees approved plans only, without their text.
        let seesAll = Policy.allows(user, .viewAllInspections)
        if !seesAll { q.filter(\.$status == InspectionPlanStatus.approved.rawValue) }
        return try APIJSON.response(try await q.sort(\.$year, .descending).all().map { summary($0, seesAll: seesAll) })
    }

    static func createPlan(req: Request) async throws -> Response {
        try await InspectionController.requireManage(req)
        let b = try req.decodeJSON(PlanBody.self)
        let input = InspectionPlanInput(year: b.year.map(String.init) ?? "", purpose: b.purpose, content: b.content, organisation: b.organisation)
        let p = try await InspectionCommands.createPlan(input, actor: try req.auditActor(), on: req.db)
        return try created(try await detail(req, p), location: path("plans", p.id))
    }

    static func plan(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        return try APIJSON.response(try await detail(req, try await InspectionController.loadPlan(req)))
    }

    /// A change of the draft's text based on `version` (required); fields left out keep their value, the year stays.
    static func updatePlan(req: Request) async throws -> Response {
        try await InspectionController.requireManage(req)
        let p = try await InspectionController.loadPlan(req)
        let b = try req.decodeJSON(PlanBody.self)
        let version = try requireVersion(b.version)
        let input = InspectionPlanInput(year: String(p.year), purpose: b.purpose ?? p.purpose, content: b.content ?? p.content,
                                        organisation: b.organisation ?? p.organisation)
        try await InspectionCommands.updatePlan(p, input, expectedVersion: version, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(try await detail(req, p))
    }

    static func submit(req: Request) async throws -> Response {
        try await InspectionController.requireManage(req)
        let p = try await InspectionController.loadPlan(req)
        let b = try optionalJSON(req, VersionBody.self, empty: VersionBody())
        try await InspectionCommands.submit(p, expectedVersion: b.version, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await detail(req, p))
    }

    static func approve(req: Request) async throws -> Response {
        try req.authorize(.approveInspectionPlan)
        let p = try await InspectionController.loadPlan(req)
        let b = try optionalJSON(req, VersionBody.self, empty: VersionBody())
        try await InspectionCommands.approve(p, expectedVersion: b.version, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await detail(req, p))
    }

    static func addTarget(req: Request) async throws -> Response {
        try await InspectionController.requireManage(req)
        let p = try await InspectionController.loadPlan(req)
        let b = try req.decodeJSON(TargetBody.self)
        let t = try await InspectionCommands.addTarget(p, unitId: b.unitId, reason: b.reason, actor: try req.auditActor(), on: req.db)
        let unitName = try await Unit.find(t.unitID, on: req.db)?.name ?? ""
        return try created(TargetDTO(unitId: t.unitID, unitName: unitName, reason: t.reason))
    }

    static func createTeam(req: Request) async throws -> Response {
        try await InspectionController.requireManage(req)
        let p = try await InspectionController.loadPlan(req)
        let b = try req.decodeJSON(TeamBody.self)
        let input = InspectionTeamInput(name: b.name, assignment: b.assignment, leaderPersonId: b.leaderPersonId, leaderTask: b.leaderTask,
                                        members: (b.members ?? []).map { InspectionMemberInput(personId: $0.personId, role: $0.role, task: $0.task) })
        let t = try await naming({ key, _ in
            nested(key, "members", to: "members", "personId") ?? nested(key, "task", to: "members", "task") ?? key
        }) {
            try await InspectionCommands.createTeam(p, input, actor: try req.auditActor(), on: req.db)
        }
        let o = try await InspectionPageQueries.overview(on: req.db, user: try req.requireUser(), year: p.year, today: LocalDate(req.now))
        guard let shown = o.teams.first(where: { $0.id == t.id }) else { throw AppError.notFound }
        return try created(team(shown))
    }

    static func scheduleVisit(req: Request) async throws -> Response {
        try await InspectionController.requireManage(req)
        let p = try await InspectionController.loadPlan(req)
        let b = try req.decodeJSON(VisitBody.self)
        let input = InspectionVisitInput(unitId: b.unitId, teamId: b.teamId, date: b.date, time: b.time, place: b.place, content: b.content)
        let v = try await InspectionCommands.scheduleVisit(p, input, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try created(try await visitDTO(req, v), location: path("visits", v.id))
    }
}
