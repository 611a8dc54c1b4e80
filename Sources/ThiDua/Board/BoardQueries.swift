import Fluent
import Foundation
import SQLKit

/// Submission progress of one group of units (a criteria group or a village).
struct ProgressRow: Sendable {
    let label: String
    var units = 0
    var registered = 0
    var reported = 0
    var accepted = 0
    var late = 0
    var missing: Int { units - reported }
}

/// A unit that has not submitted its report.
struct OverdueRow: Sendable {
    let unitID: UUID
    let code: String
    let name: String
    let group: String
    let status: WorkflowStatus?
}

/// A report or registration submitted and waiting for the secretariat (not yet accepted or returned).
struct WaitingRow: Sendable {
    enum Kind: Sendable { case report, registration, pledge }
    let kind: Kind
    /// The unit, or the person of a personal pledge.
    let name: String
    let submittedAt: Date
    /// Submitted before (returned, then submitted again).
    let resubmitted: Bool
    let isLate: Bool
    /// The page where it is accepted or returned.
    let link: SiteURL
}

struct BoardData: Sendable {
    let year: Int
    let deadline: LocalDate
    let today: LocalDate
    let byGroup: [ProgressRow]
    let byVillage: [ProgressRow]
    let notSubmitted: [OverdueRow]
    let late: [OverdueRow]
    /// Waiting for the secretariat, the oldest submission first.
    let waiting: [WaitingRow]
}

enum BoardQueries {
    /// The board of a year: the active units with their registration's and report's state in one statement, the
    /// deadline, and what waits (``waiting``); whatever the number of units.
    static func load(on db: any Database, communeID: UUID, year: Int, today: LocalDate) async throws -> BoardData {
        struct Line {
            let id: UUID
            let code: String
            let name: String
            let kind: String
            let group: String
            let villageID: UUID?
            let registration: WorkflowStatus?
            let report: WorkflowStatus?
            let isLate: Bool
        }
        let units = try await db.sql.raw("""
            SELECT u.id, u.code, u.name, u.kind, u.criteria_group, u.village_id, g.status AS registration_status,
                   r.status AS report_status, r.is_late
            FROM units u
            LEFT JOIN registrations g ON g.commune_id = u.commune_id AND g.year = \(bind: year) AND g.unit_id = u.id
            LEFT JOIN annual_reports r ON r.commune_id = u.commune_id AND r.year = \(bind: year) AND r.unit_id = u.id
            WHERE u.commune_id = \(bind: communeID) AND u.is_active = \(bind: true)
            ORDER BY u.code
            """).all().map { row in
            Line(id: try row.decode(column: "id", as: UUID.self), code: try row.decode(column: "code", as: String.self),
                 name: try row.decode(column: "name", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                 group: try row.decode(column: "criteria_group", as: String.self), villageID: try row.decode(column: "village_id", as: UUID?.self),
                 registration: try row.decode(column: "registration_status", as: String?.self).map { WorkflowStatus(rawValue: $0) ?? .draft },
                 report: try row.decode(column: "report_status", as: String?.self).map { WorkflowStatus(rawValue: $0) ?? .draft },
                 isLate: try row.decode(column: "is_late", as: Bool?.self) ?? false)
        }
        var groups = Dictionary(uniqueKeysWithValues: CriteriaGroup.allCases.filter { $0 != .individuals }.map { ($0.rawValue, ProgressRow(label: $0.label)) })
        let villageUnits = units.filter { $0.kind == UnitKind.village.rawValue }
        var villages = Dictionary(villageUnits.map { ($0.id, ProgressRow(label: $0.name)) }, uniquingKeysWith: { a, _ in a })
        var notSubmitted: [OverdueRow] = [], late: [OverdueRow] = []
        for u in units {
            let registered = u.registration == .submitted || u.registration == .accepted
            let reported = u.report == .submitted || u.report == .accepted
            func add(_ row: inout ProgressRow) {
                row.units += 1
                if registered { row.registered += 1 }
                if reported { row.reported += 1 }
                if u.report == .accepted { row.accepted += 1 }
                if reported && u.isLate { row.late += 1 }
            }
            if groups[u.group] != nil { add(&groups[u.group]!) }
            let villageID = u.kind == UnitKind.village.rawValue ? u.id : u.villageID
            if let v = villageID, villages[v] != nil { add(&villages[v]!) }
            let row = OverdueRow(unitID: u.id, code: u.code, name: u.name, group: u.group, status: u.report)
            if !reported { notSubmitted.append(row) } else if u.isLate { late.append(row) }
        }
        return BoardData(year: year, deadline: try await ReportQueries.deadline(on: db, communeID: communeID, year: year), today: today,
                         byGroup: groups.sorted { $0.key < $1.key }.map(\.value),
                         byVillage: villageUnits.compactMap { villages[$0.id] }, notSubmitted: notSubmitted, late: late,
                         waiting: try await waiting(on: db, communeID: communeID, year: year))
    }

    /// Reports and registrations (units' and personal pledges) submitted and not yet accepted or returned, the oldest
    /// submission first: two statements, whatever the number of rows.
    static func waiting(on db: any Database, communeID: UUID, year: Int) async throws -> [WaitingRow] {
        let submitted = WorkflowStatus.submitted.rawValue
        let reports = try await db.sql.raw("""
            SELECT r.unit_id, u.name, r.submitted_at, r.revision, r.is_late FROM annual_reports r JOIN units u ON u.id = r.unit_id
            WHERE r.commune_id = \(bind: communeID) AND r.year = \(bind: year) AND r.status = \(bind: submitted)
            """).all().map { row in
            let unit = try row.decode(column: "unit_id", as: UUID.self)
            return WaitingRow(kind: .report, name: try row.decode(column: "name", as: String.self),
                              submittedAt: try row.decode(column: "submitted_at", as: Date?.self) ?? .distantPast,
                              resubmitted: try row.decode(column: "revision", as: Int.self) > 1, isLate: try row.decode(column: "is_late", as: Bool.self),
                              link: .report(unit, year: year))
        }
        let registrations = try await db.sql.raw("""
            SELECT g.unit_id, g.person_id, u.name, p.full_name, g.submitted_at, g.revision FROM registrations g
            LEFT JOIN units u ON u.id = g.unit_id LEFT JOIN people p ON p.id = g.person_id
            WHERE g.commune_id = \(bind: communeID) AND g.year = \(bind: year) AND g.status = \(bind: submitted)
            """).all().compactMap { row -> WaitingRow? in
            let at = try row.decode(column: "submitted_at", as: Date?.self) ?? .distantPast
            let resubmitted = try row.decode(column: "revision", as: Int.self) > 1
            if let unit = try row.decode(column: "unit_id", as: UUID?.self) {
                return WaitingRow(kind: .registration, name: try row.decode(column: "name", as: String?.self) ?? "", submittedAt: at,
                                  resubmitted: resubmitted, isLate: false, link: .registration(.unit, unit, year: year))
            }
            guard let person = try row.decode(column: "person_id", as: UUID?.self) else { return nil }
            return WaitingRow(kind: .pledge, name: try row.decode(column: "full_name", as: String?.self) ?? "", submittedAt: at,
                              resubmitted: resubmitted, isLate: false, link: .registration(.person, person, year: year))
        }
        // Oldest first; at the same moment, registrations (they come first in the year) before reports, then by name.
        return (registrations + reports).sorted {
            ($0.submittedAt, $0.kind == .report ? 1 : 0, $0.name) < ($1.submittedAt, $1.kind == .report ? 1 : 0, $1.name)
        }
    }
}
