import Fluent
import Foundation
import SQLKit

/// What the inspection pages show, each read in a fixed number of statements (never one per row): sets are read
/// once with joins and assembled in memory.
enum InspectionPageQueries {
    struct Member: Sendable {
        let teamID: UUID
        let userID: UUID?
        let name: String
        let role: InspectionTeamRole
        let task: String
    }

    struct Team: Sendable {
        let id: UUID
        let name: String
        let assignment: String
        let members: [Member]
    }

    struct Target: Sendable {
        let unitID: UUID
        let unitName: String
        let reason: String
    }

    struct VisitRow: Sendable {
        let id: UUID
        let unitID: UUID
        let unitName: String
        let teamID: UUID
        let teamName: String
        let date: LocalDate?
        let time: String
        let place: String
        let status: InspectionVisitStatus
        let noticeSentAt: Date?
        /// Follow-up items not closed yet, and those of them past their due date.
        let openFollowUps: Int
        let overdueFollowUps: Int
    }

    struct PlanRow: Sendable {
        let id: UUID
        let year: Int
        let purpose: String
        let content: String
        let organisation: String
        let status: InspectionPlanStatus
        let approvedByName: String
        let approvedAt: Date?
        let version: Int
    }

    struct Overview: Sendable {
        let year: Int
        let plan: PlanRow?
        let config: InspectionConfig
        /// Empty for a user who sees only some visits.
        let targets: [Target]
        let teams: [Team]
        let visits: [VisitRow]
        /// Whether the user sees the whole plan, or only the visits of their unit or team.
        let seesAll: Bool
        /// Form choices (empty unless the user sees all).
        let units: [Choice]
        let people: [Choice]
        let today: LocalDate
    }

    static func overview(on db: any Database, user: CurrentUser, year: Int, today: LocalDate) async throws -> Overview {
        let config = try await InspectionQueries.settings(on: db, communeID: user.communeID)
        let seesAll = Policy.allows(user, .viewAllInspections)
        guard let p = try await InspectionQueries.plan(on: db, communeID: user.communeID, year: year) else {
            return Overview(year: year, plan: nil, config: config, targets: [], teams: [], visits: [], seesAll: seesAll, units: [], people: [], today: today)
        }
        let plan = PlanRow(id: p.id!, year: p.year, purpose: p.purpose, content: p.content, organisation: p.organisation, status: p.state,
                           approvedByName: p.approvedByName, approvedAt: p.approvedAt, version: p.version)
        let members = try await self.members(on: db, communeID: user.communeID, planID: p.id!)
        let teams = try await InspectionTeam.query(on: db).filter(\.$communeID == user.communeID).filter(\.$planID == p.id!).sort(\.$createdAt).all()
            .map { t in Team(id: t.id!, name: t.name, assignment: t.assignment, members: members.filter { $0.teamID == t.id }) }
        var visits = try await visitRows(on: db, communeID: user.communeID, planID: p.id!, today: today)
        if !seesAll {
            // The visited unit sees its visits once the plan is approved (as ``Policy`` says for one visit); the team, always.
            let myTeams = Set(members.filter { $0.userID == user.id }.map(\.teamID))
            let approved = p.state == .approved
            visits = visits.filter { (approved && $0.unitID == user.unitID) || myTeams.contains($0.teamID) }
        }
        guard seesAll else {
            let shown = Set(visits.map(\.teamID))
            return Overview(year: year, plan: plan, config: config, targets: [], teams: teams.filter { shown.contains($0.id) }, visits: visits,
                            seesAll: false, units: [], people: [], today: today)
        }
        let targets = try await db.sql.raw("""
            SELECT t.unit_id, t.reason, u.name FROM inspection_targets t JOIN units u ON u.id = t.unit_id
            WHERE t.commune_id = \(bind: user.communeID) AND t.plan_id = \(bind: p.id!) ORDER BY u.name
            """).all().map { Target(unitID: try $0.decode(column: "unit_id", as: UUID.self), unitName: try $0.decode(column: "name", as: String.self),
                                    reason: try $0.decode(column: "reason", as: String.self)) }
        return Overview(year: year, plan: plan, config: config, targets: targets, teams: teams, visits: visits, seesAll: true,
                        units: try await unitChoices(on: db, communeID: user.communeID), people: try await personChoices(on: db, communeID: user.communeID),
                        today: today)
    }

    /// The commune's active units, under a heading per kind (agencies, villages…), by name within it: one statement.
    static func unitChoices(on db: any Database, communeID: UUID) async throws -> [Choice] {
        let order = Dictionary(uniqueKeysWithValues: UnitKind.allCases.enumerated().map { ($1.rawValue, $0) })
        let rows = try await db.sql.raw("""
            SELECT id, name, kind FROM units WHERE commune_id = \(bind: communeID) AND is_active = \(bind: true) ORDER BY name
            """).all().map { row in
                (kind: try row.decode(column: "kind", as: String.self), value: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                 label: try row.decode(column: "name", as: String.self))
            }
        return rows.enumerated().sorted { a, b in
            (order[a.element.kind] ?? order.count, a.offset) < (order[b.element.kind] ?? order.count, b.offset)
        }.map { _, row in
            Choice(value: row.value, label: row.label, group: UnitKind(rawValue: row.kind)?.label ?? InspectionText.otherUnits)
        }
    }

    /// Who may sit on a team (the plan: "from the council and the offices"): the council's active members first, then
    /// the people of the commune's agencies (cơ quan), by unit, by name within each: one statement. Not the whole
    /// directory: a commune with thousands of villagers would send five lists of thousands of options over a slow link.
    static func personChoices(on db: any Database, communeID: UUID) async throws -> [Choice] {
        try await db.sql.raw("""
            SELECT p.id, p.full_name, p.title, u.name AS unit_name,
                   CASE WHEN EXISTS (SELECT 1 FROM council_members c WHERE c.person_id = p.id AND c.commune_id = \(bind: communeID)
                                     AND c.is_active = \(bind: true)) THEN 0 ELSE 1 END AS council_rank
            FROM people p LEFT JOIN units u ON u.id = p.unit_id
            WHERE p.commune_id = \(bind: communeID) AND p.is_active = \(bind: true)
              AND (u.kind = \(bind: UnitKind.agency.rawValue)
                   OR EXISTS (SELECT 1 FROM council_members c WHERE c.person_id = p.id AND c.commune_id = \(bind: communeID)
                              AND c.is_active = \(bind: true)))
            ORDER BY council_rank, CASE WHEN u.name IS NULL THEN 1 ELSE 0 END, u.name, p.full_name
            """).all().map { row -> Choice in
                let title = try row.decode(column: "title", as: String.self)
                let council = try row.decode(column: "council_rank", as: Int.self) == 0
                return Choice(value: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                              label: try row.decode(column: "full_name", as: String.self) + (title.isEmpty ? "" : " – \(title)"),
                              group: council ? InspectionText.councilPeople : try row.decode(column: "unit_name", as: String?.self) ?? InspectionText.noUnit)
            }
    }

    /// Every member of the plan's teams with their names, in one statement.
    static func members(on db: any Database, communeID: UUID, planID: UUID) async throws -> [Member] {
        try await members(on: db, communeID: communeID, where: "t.plan_id = \(bind: planID)")
    }

    /// The members of one team with their names, in one statement.
    static func members(on db: any Database, communeID: UUID, teamID: UUID) async throws -> [Member] {
        try await members(on: db, communeID: communeID, where: "m.team_id = \(bind: teamID)")
    }

    /// The one shape of the members' statement: the members of the commune's teams that `filter` keeps, in their order.
    private static func members(on db: any Database, communeID: UUID, where filter: SQLQueryString) async throws -> [Member] {
        try await db.sql.raw("""
            SELECT m.team_id, m.user_id, m.role, m.task, p.full_name FROM inspection_team_members m
            JOIN inspection_teams t ON t.id = m.team_id JOIN people p ON p.id = m.person_id
            WHERE m.commune_id = \(bind: communeID) AND \(filter) ORDER BY m.position
            """).all().map(member)
    }

    static func member(_ row: any SQLRow) throws -> Member {
        Member(teamID: try row.decode(column: "team_id", as: UUID.self), userID: try row.decode(column: "user_id", as: UUID?.self),
               name: try row.decode(column: "full_name", as: String.self),
               role: InspectionTeamRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .member,
               task: try row.decode(column: "task", as: String.self))
    }

    /// The plan's visits with their unit and team names and their follow-up counts, in one statement.
    static func visitRows(on db: any Database, communeID: UUID, planID: UUID, today: LocalDate) async throws -> [VisitRow] {
        let open = InspectionFollowUpStatus.closed.rawValue
        return try await db.sql.raw("""
            SELECT v.id, v.unit_id, v.team_id, v.visit_date, v.visit_time, v.place, v.status, v.notice_sent_at,
                   u.name AS unit_name, t.name AS team_name,
                   COALESCE(f.open_count, 0) AS open_count, COALESCE(f.overdue_count, 0) AS overdue_count
            FROM inspection_visits v JOIN units u ON u.id = v.unit_id JOIN inspection_teams t ON t.id = v.team_id
            LEFT JOIN (SELECT visit_id, COUNT(*) AS open_count, SUM(CASE WHEN due_date < \(bind: today.iso) AND status IN (\(binds: InspectionFollowUpStatus.answerableValues)) THEN 1 ELSE 0 END) AS overdue_count
                       FROM inspection_follow_ups WHERE commune_id = \(bind: communeID) AND status <> \(bind: open) GROUP BY visit_id) f ON f.visit_id = v.id
            WHERE v.commune_id = \(bind: communeID) AND v.plan_id = \(bind: planID)
            ORDER BY v.visit_date, v.visit_time, u.name
            """).all().map { row in
                VisitRow(id: try row.decode(column: "id", as: UUID.self), unitID: try row.decode(column: "unit_id", as: UUID.self),
                         unitName: try row.decode(column: "unit_name", as: String.self), teamID: try row.decode(column: "team_id", as: UUID.self),
                         teamName: try row.decode(column: "team_name", as: String.self),
                         date: LocalDate(iso: try row.decode(column: "visit_date", as: String.self)),
                         time: try row.decode(column: "visit_time", as: String.self), place: try row.decode(column: "place", as: String.self),
                         status: InspectionVisitStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .scheduled,
                         noticeSentAt: try row.decode(column: "notice_sent_at", as: Date?.self),
                         openFollowUps: try row.decode(column: "open_count", as: Int.self),
                         overdueFollowUps: try row.decode(column: "overdue_count", as: Int.self))
            }
    }

    struct FileRow: Sendable {
        let id: UUID
        let findingID: UUID?
        let followUpID: UUID?
        let name: String
    }

    struct Finding: Sendable {
        let id: UUID
        let text: String
        let createdBy: String
        let createdAt: Date
        let files: [FileRow]
    }

    struct FollowUp: Sendable {
        let id: UUID
        let text: String
        let dueDate: LocalDate?
        let status: InspectionFollowUpStatus
        let answer: String
        let answeredBy: String
        let answeredAt: Date?
        let decisionNote: String
        let decidedBy: String
        let version: Int
        let overdue: Bool
        let files: [FileRow]
    }

    struct HistoryRow: Sendable {
        let oldDate: String
        let oldTime: String
        let newDate: String
        let newTime: String
        let reason: String
        let byName: String
        let at: Date
    }

    struct Visit: Sendable {
        let id: UUID
        let planYear: Int
        let planStatus: InspectionPlanStatus
        let unitName: String
        let team: Team
        let date: LocalDate?
        let time: String
        let place: String
        let content: String
        let status: InspectionVisitStatus
        let noticeSentAt: Date?
        let noticeDays: Int
        let minutes: [String: String]
        let minutesRecordedAt: Date?
        let conclusion: String
        let concludedAt: Date?
        let version: Int
        let history: [HistoryRow]
        let checklist: [InspectionChecklistRow]
        let findings: [Finding]
        let followUps: [FollowUp]
        /// The visit's day has come (the team may record).
        let hasStarted: Bool
        let today: LocalDate
    }

    static func visit(on db: any Database, visit v: InspectionVisit, today: LocalDate) async throws -> Visit {
        let p = try await InspectionQueries.plan(v.planID, communeID: v.communeID, on: db)
        let config = try await InspectionQueries.settings(on: db, communeID: v.communeID)
        let unitName = try await Unit.find(v.unitID, on: db)?.name ?? ""
        let team = try await InspectionTeam.query(on: db).filter(\.$id == v.teamID).first()
        let members = try await self.members(on: db, communeID: v.communeID, teamID: v.teamID)
        let history = try await InspectionReschedule.query(on: db).filter(\.$visitID == v.id!).sort(\.$at).all().map {
            HistoryRow(oldDate: $0.oldDate, oldTime: $0.oldTime, newDate: $0.newDate, newTime: $0.newTime, reason: $0.reason, byName: $0.byName, at: $0.at)
        }
        let checklist = try await InspectionCommands.checklist(on: db, visit: v, year: p.year)
        let files = try await InspectionFile.query(on: db).filter(\.$visitID == v.id!).sort(\.$createdAt).all().map {
            FileRow(id: $0.id!, findingID: $0.findingID, followUpID: $0.followUpID, name: $0.originalName)
        }
        let findings = try await InspectionFinding.query(on: db).filter(\.$visitID == v.id!).sort(\.$createdAt).all().map { f in
            Finding(id: f.id!, text: f.text, createdBy: f.createdBy, createdAt: f.createdAt, files: files.filter { $0.findingID == f.id })
        }
        let followUps = try await InspectionFollowUp.query(on: db).filter(\.$visitID == v.id!).sort(\.$position).all().map { f in
            let due = LocalDate(iso: f.dueDate)
            return FollowUp(id: f.id!, text: f.text, dueDate: due, status: f.state, answer: f.answer, answeredBy: f.answeredBy, answeredAt: f.answeredAt,
                            decisionNote: f.decisionNote, decidedBy: f.decidedBy, version: f.version,
                            overdue: f.state.isOverdue(due: due, today: today), files: files.filter { $0.followUpID == f.id })
        }
        return Visit(id: v.id!, planYear: p.year, planStatus: p.state, unitName: unitName,
                     team: Team(id: v.teamID, name: team?.name ?? "", assignment: team?.assignment ?? "", members: members),
                     date: v.date, time: v.visitTime, place: v.place, content: v.content, status: v.state, noticeSentAt: v.noticeSentAt,
                     noticeDays: config.noticeDays, minutes: InspectionCommands.minutesSnapshot(v), minutesRecordedAt: v.minutesRecordedAt,
                     conclusion: v.conclusion, concludedAt: v.concludedAt, version: v.version, history: history, checklist: checklist,
                     findings: findings, followUps: followUps, hasStarted: v.date.map { !(today < $0) } ?? true, today: today)
    }
}
