import Fluent
import Foundation

/// What the plan form or an API call carries, as typed.
struct InspectionPlanInput: Sendable {
    var year: String?
    var purpose: String?
    var content: String?
    var organisation: String?
}

/// One member line of a new team, as typed.
struct InspectionMemberInput: Sendable {
    var personId: String?
    var role: String?
    var task: String?
}

/// What the team form carries.
struct InspectionTeamInput: Sendable {
    var name: String?
    var assignment: String?
    var leaderPersonId: String?
    var leaderTask: String?
    var members: [InspectionMemberInput] = []
}

/// The changes to inspections, one function per use case; the pages (and the API, later) call the same ones. Each
/// checks what was sent (one Vietnamese message per field, ``AppError/validation(fields:message:)``), writes the rows
/// and the audit entry in one transaction, refuses a save based on an old version (409), and tells whoever must know
/// (inbox in the transaction, e-mail after it). Who may call which is ``Policy``'s: the page checks it first.
///
/// This file: the yearly plan, its units and teams. Visits and notices: InspectionCommandsVisits.swift; checklist,
/// findings, minutes, conclusion: InspectionCommandsRecord.swift; follow-ups: InspectionCommandsFollowUps.swift.
enum InspectionCommands {
    static func invalid(_ errors: [String: String]) -> AppError { AppError.validation(fields: errors, message: CoreText.formHasErrors) }

    struct CheckedPlan: Sendable {
        let year: Int
        let purpose: String
        let content: String
        let organisation: String
    }

    static func checkPlan(_ input: InspectionPlanInput) throws -> CheckedPlan {
        var errors: [String: String] = [:]
        let yearText = TextFolding.clean(input.year)
        let year = Int(yearText)
        if yearText.isEmpty { errors["year"] = CoreText.required } else if year == nil || !(2020...2100).contains(year!) { errors["year"] = InspectionText.badYear }
        let purpose = Check.text(input.purpose, "purpose", max: TextLimit.long, required: true, into: &errors)
        let content = Check.text(input.content, "content", max: TextLimit.long, required: true, into: &errors)
        let organisation = Check.text(input.organisation, "organisation", max: TextLimit.long, required: false, into: &errors)
        guard errors.isEmpty, let year else { throw invalid(errors) }
        return CheckedPlan(year: year, purpose: purpose, content: content, organisation: organisation)
    }

    /// Drafts the plan of a year (one per commune and year).
    static func createPlan(_ input: InspectionPlanInput, actor: AuditActor, on db: any Database) async throws -> InspectionPlan {
        let c = try checkPlan(input)
        return try await db.writeTransaction { db in
            if try await InspectionQueries.plan(on: db, communeID: actor.communeID, year: c.year) != nil {
                throw invalid(["year": InspectionText.planExists])
            }
            let p = InspectionPlan()
            p.id = UUID(); p.communeID = actor.communeID; p.year = c.year
            p.purpose = c.purpose; p.content = c.content; p.organisation = c.organisation
            p.status = InspectionPlanStatus.draft.rawValue; p.approvedByName = ""; p.createdAt = actor.at; p.version = 1
            try await p.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "inspection_plan", id: p.id, label: InspectionText.auditPlan(p.year), after: p.snapshot)
            return p
        }
    }

    /// Changes the plan's text while it is a draft (its year stays).
    static func updatePlan(_ p: InspectionPlan, _ input: InspectionPlanInput, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws {
        var typed = input
        typed.year = String(p.year)
        let c = try checkPlan(typed)
        guard p.state == .draft else { throw AppError.conflict(InspectionText.notDraft) }
        try await db.writeTransaction { db in
            let version = expectedVersion ?? p.version
            try await OptimisticLock.bump(InspectionPlan.schema, id: p.id!, from: version, on: db)
            let before = p.snapshot
            p.version = version + 1
            p.purpose = c.purpose; p.content = c.content; p.organisation = c.organisation
            try await p.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "inspection_plan", id: p.id, label: InspectionText.auditPlan(p.year),
                                      before: before, after: p.snapshot)
        }
    }

    /// Submits the draft to the chairperson; the leaders are told.
    static func submit(_ p: InspectionPlan, expectedVersion: Int?, actor: AuditActor, notifier: (any Notifier)?, on db: any Database) async throws {
        guard p.state == .draft else { throw AppError.conflict(InspectionText.notDraft) }
        let notices = try await InspectionQueries.leaderNotices(on: db, communeID: p.communeID, title: InspectionText.submittedNotice(p.year),
                                                                link: InspectionPaths.overview(year: p.year), at: actor.at)
        try await changePlan(p, to: .submitted, expectedVersion: expectedVersion, actor: actor, notifier: notifier, notices: notices, on: db) {
            $0.submittedAt = actor.at
        }
    }

    /// Approves a submitted plan (the chairperson); the secretariat is told, and the notices of visits already within
    /// the notice period go out.
    static func approve(_ p: InspectionPlan, expectedVersion: Int?, actor: AuditActor, notifier: (any Notifier)?, on db: any Database) async throws {
        guard p.state == .submitted else { throw AppError.conflict(InspectionText.notSubmitted) }
        let notices = try await (notifier?.reviewerNotices(communeID: p.communeID, title: InspectionText.approvedNotice(p.year),
                                                           link: InspectionPaths.overview(year: p.year), on: db, at: actor.at) ?? [])
        try await changePlan(p, to: .approved, expectedVersion: expectedVersion, actor: actor, notifier: notifier, notices: notices, on: db) {
            $0.approvedBy = actor.userID; $0.approvedByName = actor.name; $0.approvedAt = actor.at
        }
        _ = try await sendDueNotices(on: db, at: actor.at, notifier: notifier, communeID: p.communeID)
    }

    static func changePlan(_ p: InspectionPlan, to status: InspectionPlanStatus, expectedVersion: Int?, actor: AuditActor, notifier: (any Notifier)?,
                           notices: [Notice], on db: any Database, apply: @escaping @Sendable (InspectionPlan) -> Void) async throws {
        try await db.writeTransaction { db in
            let version = expectedVersion ?? p.version
            try await OptimisticLock.bump(InspectionPlan.schema, id: p.id!, from: version, on: db)
            let before = p.snapshot
            p.version = version + 1
            p.status = status.rawValue
            apply(p)
            try await p.update(on: db)
            if status == .approved { try await InspectionDocumentNumbers.issuePlan(p, at: actor.at, on: db) }
            try await AuditLog.record(on: db, actor, .update, type: "inspection_plan", id: p.id,
                                      label: "\(InspectionText.auditPlan(p.year)): \(status.label)", before: before, after: p.snapshot)
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
    }

    /// The commune's active units a plan may visit.
    static func activeUnit(_ text: String?, communeID: UUID, on db: any Database) async throws -> Unit? {
        guard let id = Check.uuid(text) else { return nil }
        return try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).filter(\.$isActive == true).first()
    }

    /// Adds a unit to visit, with the reason it was chosen.
    static func addTarget(_ p: InspectionPlan, unitId: String?, reason reasonText: String?, actor: AuditActor, on db: any Database) async throws -> InspectionTarget {
        var errors: [String: String] = [:]
        let reason = Check.text(reasonText, "reason", max: TextLimit.long, required: true, into: &errors)
        let unit = try await activeUnit(unitId, communeID: p.communeID, on: db)
        if unit == nil { errors["unitId"] = TextFolding.clean(unitId).isEmpty ? CoreText.required : InspectionText.unknownUnit }
        guard errors.isEmpty, let unit else { throw invalid(errors) }
        return try await db.writeTransaction { db in
            if try await InspectionTarget.query(on: db).filter(\.$planID == p.id!).filter(\.$unitID == unit.id!).first() != nil {
                throw invalid(["unitId": InspectionText.alreadyTarget])
            }
            let t = InspectionTarget()
            t.communeID = p.communeID; t.planID = p.id!; t.unitID = unit.id!; t.reason = reason; t.createdAt = actor.at
            try await t.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "inspection_target", id: t.id, label: "\(InspectionText.auditPlan(p.year)): \(unit.name)",
                                      after: ["unit": unit.name, "reason": reason])
            return t
        }
    }

    /// Forms a team: its leader and members (people of the commune), each with a task. Each member's account is
    /// looked up now and kept on the row (the team's rights go by account).
    static func createTeam(_ p: InspectionPlan, _ input: InspectionTeamInput, actor: AuditActor, on db: any Database) async throws -> InspectionTeam {
        var errors: [String: String] = [:]
        let name = Check.text(input.name, "name", max: 200, required: true, into: &errors)
        let assignment = Check.text(input.assignment, "assignment", max: 500, required: false, into: &errors)
        let leaderTask = Check.text(input.leaderTask, "leaderTask", max: 500, required: false, into: &errors)
        let leader = Check.uuid(input.leaderPersonId)
        if leader == nil { errors["leaderPersonId"] = CoreText.required }
        var lines: [(person: UUID, role: InspectionTeamRole, task: String)] = []
        for (n, m) in input.members.enumerated() where !TextFolding.clean(m.personId).isEmpty {
            guard let person = Check.uuid(m.personId) else { errors["members.\(n)"] = InspectionText.unknownPerson; continue }
            let role = InspectionTeamRole(rawValue: TextFolding.clean(m.role)) ?? .member
            let task = Check.text(m.task, "task.\(n)", max: 500, required: false, into: &errors)
            if person == leader { errors["members.\(n)"] = InspectionText.memberIsLeader; continue }
            if lines.contains(where: { $0.person == person }) { errors["members.\(n)"] = InspectionText.duplicateMember; continue }
            lines.append((person, role == .leader ? .member : role, task))
        }
        let everyone = Set(lines.map(\.person) + [leader].compactMap { $0 })
        let known = Set(try await Person.query(on: db).filter(\.$communeID == p.communeID).filter(\.$id ~~ everyone).all().compactMap(\.id))
        if let leader, !known.contains(leader) { errors["leaderPersonId"] = InspectionText.unknownPerson }
        for (n, m) in input.members.enumerated() {
            if let person = Check.uuid(m.personId), !known.contains(person), errors["members.\(n)"] == nil { errors["members.\(n)"] = InspectionText.unknownPerson }
        }
        guard errors.isEmpty, let leader else { throw invalid(errors) }
        let accounts = try await InspectionQueries.accounts(on: db, communeID: p.communeID, people: everyone)
        let rows = [(leader, InspectionTeamRole.leader, leaderTask)] + lines.map { ($0.person, $0.role, $0.task) }
        return try await db.writeTransaction { db in
            let team = InspectionTeam()
            team.id = UUID(); team.communeID = p.communeID; team.planID = p.id!; team.name = name; team.assignment = assignment
            team.leaderPersonID = leader; team.leaderUserID = accounts[leader]; team.createdAt = actor.at
            try await team.create(on: db)
            for (n, row) in rows.enumerated() {
                let m = InspectionTeamMember()
                m.communeID = p.communeID; m.teamID = team.id!; m.personID = row.0; m.userID = accounts[row.0]
                m.role = row.1.rawValue; m.task = row.2; m.position = n + 1
                try await m.create(on: db)
            }
            try await AuditLog.record(on: db, actor, .create, type: "inspection_team", id: team.id, label: "\(InspectionText.auditPlan(p.year)): \(name)",
                                      after: ["name": name, "assignment": assignment, "members": String(rows.count)])
            return team
        }
    }
}
