import Fluent
import Foundation
import SQLKit

/// The inputs of the four inspection documents (``InspectionDocuments``) read from the rows as they are, with the
/// numbers and dates of issue of ``InspectionDocumentNumbers``. The plan, the notice and the conclusion are signed for
/// the council by its chair in office on the day of issue (``SignerBook/councilBlocks(_:)``, the Signers book the
/// commendation documents use); with nobody on record there, the plan prints the chairperson who approved it (the
/// commune's chairperson chairs the council). The minutes are signed by the team leader and the unit's head.
enum InspectionDocumentInputs {
    typealias D = InspectionDocuments

    static func context(communeID: UUID, on db: any Database) async throws -> D.Context {
        let c = try await Commune.find(communeID, on: db)
        return D.Context(authority: c?.authorityName ?? "", communeName: c?.name ?? "")
    }

    /// The council chair's block on `date`; `fallback` names the signer when nobody is on record.
    static func councilSignature(communeID: UUID, on date: LocalDate, fallback: String = "", db: any Database) async throws -> SignatureBlock {
        var block = SignerBook.councilBlocks(try await SignerBook.inOffice(communeID: communeID, on: date, db: db)).chair
        if block.name.isEmpty { block.name = fallback }
        return block
    }

    static func reference(_ issued: InspectionDocumentNumbers.Issued?, _ symbol: String) -> D.Reference? {
        issued.map { D.Reference(number: InspectionDocumentNumbers.text($0, symbol), date: $0.date) }
    }

    /// The members of the plan's teams (or of one team) with their title and unit, in one statement.
    static func members(planID: UUID, teamID: UUID? = nil, on db: any Database) async throws -> [(team: UUID, member: D.Member)] {
        let team: SQLQueryString = teamID.map { "AND m.team_id = \(bind: $0)" } ?? ""
        return try await db.sql.raw("""
            SELECT m.team_id, m.role, m.task, p.full_name, p.title, u.name AS unit_name FROM inspection_team_members m
            JOIN inspection_teams t ON t.id = m.team_id JOIN people p ON p.id = m.person_id LEFT JOIN units u ON u.id = p.unit_id
            WHERE t.plan_id = \(bind: planID) \(team) ORDER BY m.position
            """).all().map { row in
                let title = try row.decode(column: "title", as: String.self)
                let unit = try row.decode(column: "unit_name", as: String?.self) ?? ""
                let position = [title, unit].filter { !$0.isEmpty }.joined(separator: ", ")
                return (try row.decode(column: "team_id", as: UUID.self),
                        D.Member(name: try row.decode(column: "full_name", as: String.self), position: position,
                                 role: InspectionTeamRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .member,
                                 task: try row.decode(column: "task", as: String.self)))
            }
    }

    // MARK: Kế hoạch kiểm tra

    static func plan(_ p: InspectionPlan, today: LocalDate, on db: any Database) async throws -> D.PlanInput {
        let numbers = try await InspectionDocumentNumbers.plan(p.id!, on: db)
        let issued = numbers.plan
        var cited = numbers.cited ?? []
        if numbers.cited == nil {
            cited = LegalBasisBook.citations(try await LegalBasisBook.all(communeID: p.communeID, db: db), by: .inspectionPlan, on: issued?.date ?? today)
        }
        let members = try await members(planID: p.id!, on: db)
        let teams = try await InspectionTeam.query(on: db).filter(\.$planID == p.id!).sort(\.$createdAt).all()
        let visits = try await InspectionPageQueries.visitRows(on: db, communeID: p.communeID, planID: p.id!, today: today)
        let contents = Dictionary(try await InspectionVisit.query(on: db).filter(\.$planID == p.id!).all().map { ($0.id!, $0.content) }) { a, _ in a }
        let config = try await InspectionQueries.settings(on: db, communeID: p.communeID)
        let targets = try await db.sql.raw("""
            SELECT u.name, t.reason FROM inspection_targets t JOIN units u ON u.id = t.unit_id
            WHERE t.commune_id = \(bind: p.communeID) AND t.plan_id = \(bind: p.id!) ORDER BY t.created_at, u.name
            """).all().map { D.PlanTarget(unit: try $0.decode(column: "name", as: String.self), reason: try $0.decode(column: "reason", as: String.self)) }
        return D.PlanInput(
            context: try await context(communeID: p.communeID, on: db), year: p.year, number: issued?.number, date: issued?.date,
            legalBases: cited, purpose: p.purpose, content: p.content, targets: targets,
            visits: visits.map { D.PlanVisit(unit: $0.unitName, date: $0.date, time: $0.time, place: $0.place, content: contents[$0.id] ?? "", team: $0.teamName) },
            // An issued plan prints the days it was issued with; a draft the current setting.
            noticeDays: numbers.noticeDays ?? config.noticeDays,
            teams: teams.map { t in D.Team(name: t.name, assignment: t.assignment, members: members.filter { $0.team == t.id }.map(\.member)) },
            organisation: p.organisation,
            signature: try await councilSignature(communeID: p.communeID, on: issued?.date ?? today,
                                                  fallback: p.state == .approved ? p.approvedByName : "", db: db))
    }

    // MARK: the visit's documents

    /// What the three documents of a visit share.
    struct VisitParts: Sendable {
        let context: D.Context
        let plan: InspectionPlan
        let planReference: D.Reference?
        let numbers: InspectionDocumentNumbers.VisitNumbers
        let unit: Unit?
        let team: InspectionTeam?
    }

    static func parts(_ v: InspectionVisit, on db: any Database) async throws -> VisitParts {
        let p = try await InspectionQueries.plan(v.planID, communeID: v.communeID, on: db)
        return VisitParts(context: try await context(communeID: v.communeID, on: db), plan: p,
                          planReference: reference(try await InspectionDocumentNumbers.plan(p.id!, on: db).plan, D.planSymbol),
                          numbers: try await InspectionDocumentNumbers.visit(v.id!, on: db),
                          unit: try await Unit.find(v.unitID, on: db), team: try await InspectionTeam.find(v.teamID, on: db))
    }

    static func notice(_ v: InspectionVisit, today: LocalDate, on db: any Database) async throws -> D.NoticeInput {
        let s = try await parts(v, on: db)
        let group = (s.unit?.criteriaGroup).flatMap(CriteriaGroup.init(rawValue:)).map { "\($0.short) – \($0.label)" } ?? ""
        return D.NoticeInput(
            context: s.context, year: s.plan.year, number: s.numbers.notice?.number, date: s.numbers.notice?.date, plan: s.planReference,
            unit: s.unit?.name ?? "", criteriaGroup: group, team: s.team?.name ?? "", content: v.content, visitDate: v.date, visitTime: v.visitTime,
            place: v.place, members: try await members(planID: s.plan.id!, teamID: v.teamID, on: db).map(\.member),
            signature: try await councilSignature(communeID: v.communeID, on: s.numbers.notice?.date ?? today, db: db))
    }

    static func minutes(_ v: InspectionVisit, on db: any Database) async throws -> D.MinutesInput {
        let s = try await parts(v, on: db)
        let checklist = try await InspectionCommands.checklist(on: db, visit: v, year: s.plan.year)
        let files = try await InspectionFile.query(on: db).filter(\.$visitID == v.id!).sort(\.$createdAt).all()
        let findings = try await InspectionFinding.query(on: db).filter(\.$visitID == v.id!).sort(\.$createdAt).all().map { f in
            D.Finding(text: f.text, evidence: files.filter { $0.findingID == f.id }.map(\.originalName))
        }
        var leader: String?
        if let team = s.team { leader = try await Person.find(team.leaderPersonID, on: db)?.fullName }
        return D.MinutesInput(
            context: s.context, year: s.plan.year, number: s.numbers.minutes?.number, plan: s.planReference,
            notice: reference(s.numbers.notice, D.noticeSymbol), unit: s.unit?.name ?? "", team: s.team?.name ?? "", date: v.date,
            startsAt: v.minutesStartsAt, endsAt: v.minutesEndsAt, place: v.minutesPlace.isEmpty ? v.place : v.minutesPlace,
            teamAttendees: D.lines(v.teamAttendees), unitAttendees: D.lines(v.unitAttendees),
            checklist: checklist.map { D.ChecklistLine(criterion: $0.title, maxPoints: $0.maxPoints, selfPoints: $0.selfPoints, teamPoints: $0.teamPoints,
                                                       note: $0.note) },
            strengths: v.strengths, weaknesses: v.weaknesses, findings: findings, recommendations: v.recommendations,
            teamLeader: D.teamLeaderBlock(name: leader ?? ""),
            unitHead: D.unitHeadBlock(name: s.unit?.headName ?? "", title: s.unit?.headTitle ?? ""))
    }

    static func conclusion(_ v: InspectionVisit, today: LocalDate, on db: any Database) async throws -> D.ConclusionInput {
        let s = try await parts(v, on: db)
        let checklist = try await InspectionCommands.checklist(on: db, visit: v, year: s.plan.year)
        let selfScored = checklist.compactMap(\.selfPoints), teamScored = checklist.compactMap(\.teamPoints)
        let followUps = try await InspectionFollowUp.query(on: db).filter(\.$visitID == v.id!).sort(\.$position).all()
        return D.ConclusionInput(
            context: s.context, year: s.plan.year, number: s.numbers.conclusion?.number, date: s.numbers.conclusion?.date, plan: s.planReference,
            minutes: reference(s.numbers.minutes, D.minutesSymbol), unit: s.unit?.name ?? "", team: s.team?.name ?? "", visitDate: v.date,
            maxPoints: checklist.isEmpty ? nil : checklist.reduce(0) { $0 + $1.maxPoints },
            selfPoints: selfScored.isEmpty ? nil : selfScored.reduce(0, +), teamPoints: teamScored.isEmpty ? nil : teamScored.reduce(0, +),
            conclusion: v.conclusion,
            followUps: followUps.map { D.FollowUp(text: $0.text, dueDate: LocalDate(iso: $0.dueDate), responsible: "") },
            signature: try await councilSignature(communeID: v.communeID, on: s.numbers.conclusion?.date ?? today, db: db))
    }
}
