import Fluent
import Foundation
import SQLKit

/// The commune's inspection settings as commands and pages use them.
struct InspectionConfig: Sendable {
    /// The notice goes this many days before the visit.
    let noticeDays: Int
    let source: String
    /// The settings row's version, for the settings form's optimistic lock.
    var version = 1
}

/// Reading inspections. Every function takes the commune and filters by it: another commune's id is not found (404).
enum InspectionQueries {
    /// The commune's settings, created with the defaults on first use.
    static func settings(on db: any Database, communeID: UUID) async throws -> InspectionConfig {
        if let s = try await InspectionSettings.query(on: db).filter(\.$communeID == communeID).first() {
            return InspectionConfig(noticeDays: s.noticeDays, source: s.legalSource, version: s.version)
        }
        do {
            try await db.writeTransaction { db in
                guard try await InspectionSettings.query(on: db).filter(\.$communeID == communeID).first() == nil else { return }
                let s = InspectionSettings()
                s.communeID = communeID; s.noticeDays = InspectionText.defaultNoticeDays; s.legalSource = InspectionText.defaultNoticeSource
                s.version = 1
                try await s.create(on: db)
            }
        } catch {
            // Another request created them first (the unique key on the commune refused this one).
            guard try await InspectionSettings.query(on: db).filter(\.$communeID == communeID).first() != nil else { throw error }
        }
        return try await settings(on: db, communeID: communeID)
    }

    /// Every commune's notice days (communes without a row yet: the default), for the due-notices sweep.
    static func noticeDays(on db: any Database) async throws -> [UUID: Int] {
        Dictionary(try await InspectionSettings.query(on: db).all().map { ($0.communeID, $0.noticeDays) }) { a, _ in a }
    }

    static func plan(on db: any Database, communeID: UUID, year: Int) async throws -> InspectionPlan? {
        try await InspectionPlan.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).first()
    }

    static func plan(_ id: UUID?, communeID: UUID, on db: any Database) async throws -> InspectionPlan {
        guard let id, let p = try await InspectionPlan.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first() else {
            throw AppError.notFound
        }
        return p
    }

    static func visit(_ id: UUID?, communeID: UUID, on db: any Database) async throws -> InspectionVisit {
        guard let id, let v = try await InspectionVisit.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first() else {
            throw AppError.notFound
        }
        return v
    }

    /// A follow-up item of `visit`.
    static func followUp(_ id: UUID?, visit: InspectionVisit, on db: any Database) async throws -> InspectionFollowUp {
        guard let id, let f = try await InspectionFollowUp.query(on: db).filter(\.$communeID == visit.communeID)
            .filter(\.$visitID == visit.id!).filter(\.$id == id).first() else { throw AppError.notFound }
        return f
    }

    /// The accounts of a team's members.
    static func teamUsers(on db: any Database, teamID: UUID) async throws -> Set<UUID> {
        Set(try await InspectionTeamMember.query(on: db).filter(\.$teamID == teamID).all().compactMap(\.userID))
    }

    /// The visit as ``Policy`` sees it: its team's accounts and whether its plan is approved, in one statement.
    static func ref(on db: any Database, _ v: InspectionVisit) async throws -> InspectionVisitRef {
        let rows = try await db.sql.raw("""
            SELECT p.status, m.user_id FROM inspection_plans p
            LEFT JOIN inspection_team_members m ON m.team_id = \(bind: v.teamID)
            WHERE p.id = \(bind: v.planID) AND p.commune_id = \(bind: v.communeID)
            """).all()
        let approved = try rows.first?.decode(column: "status", as: String.self) == InspectionPlanStatus.approved.rawValue
        return InspectionVisitRef(communeID: v.communeID, unitID: v.unitID,
                                  teamUsers: Set(try rows.compactMap { try $0.decode(column: "user_id", as: UUID?.self) }), planApproved: approved)
    }

    /// Whether the account acts for an active council member of the standing board (chair, vice-chair, standing).
    static func isStandingMember(on db: any Database, user: CurrentUser) async throws -> Bool {
        guard user.has(.councilMember) else { return false }
        return try await CouncilMember.query(on: db).filter(\.$communeID == user.communeID).filter(\.$userID == user.id)
            .filter(\.$isActive == true)
            .filter(\.$position ~~ [CouncilPosition.chair.rawValue, CouncilPosition.viceChair.rawValue, CouncilPosition.standing.rawValue])
            .first() != nil
    }

    /// The account of a person: the user whose directory entry it is, or the council member's account.
    static func accounts(on db: any Database, communeID: UUID, people: Set<UUID>) async throws -> [UUID: UUID] {
        guard !people.isEmpty else { return [:] }
        var result: [UUID: UUID] = [:]
        for m in try await CouncilMember.query(on: db).filter(\.$communeID == communeID).filter(\.$personID ~~ people).filter(\.$isActive == true).all() {
            if let u = m.userID { result[m.personID] = u }
        }
        for u in try await User.query(on: db).filter(\.$communeID == communeID).filter(\.$personID ~~ people).filter(\.$isActive == true).all() {
            if let p = u.personID { result[p] = u.id }
        }
        return result
    }

    /// The notices for every active leader account of the commune (the chairperson approves the plan).
    static func leaderNotices(on db: any Database, communeID: UUID, title: String, link: String, at: Date) async throws -> [Notice] {
        try await db.sql.raw("""
            SELECT DISTINCT u.id FROM user_roles r JOIN users u ON u.id = r.user_id
            WHERE r.commune_id = \(bind: communeID) AND r.role = \(bind: Role.leader.rawValue) AND u.is_active = \(bind: true)
            ORDER BY u.id
            """).all().map { Notice(communeID: communeID, userID: try $0.decode(column: "id", as: UUID.self), title: title, link: link, at: at) }
    }

    /// Notices for a set of accounts (the team).
    static func notices(to users: Set<UUID>, communeID: UUID, title: String, link: String, at: Date) -> [Notice] {
        users.sorted { $0.uuidString < $1.uuidString }.map { Notice(communeID: communeID, userID: $0, title: title, link: link, at: at) }
    }
}
