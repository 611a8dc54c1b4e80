import Fluent
import Foundation

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

struct BoardData: Sendable {
    let year: Int
    let deadline: LocalDate
    let today: LocalDate
    let byGroup: [ProgressRow]
    let byVillage: [ProgressRow]
    let notSubmitted: [OverdueRow]
    let late: [OverdueRow]
}

enum BoardQueries {
    static func load(on db: any Database, communeID: UUID, year: Int, today: LocalDate) async throws -> BoardData {
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$code).all()
        let regs = try await Registration.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all()
        let reports = try await AnnualReport.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all()
        let regByUnit = Dictionary(regs.compactMap { r in r.unitID.map { ($0, r.workflow) } }, uniquingKeysWith: { a, _ in a })
        let repByUnit = Dictionary(reports.map { ($0.unitID, $0) }, uniquingKeysWith: { a, _ in a })
        var groups = Dictionary(uniqueKeysWithValues: CriteriaGroup.allCases.filter { $0 != .individuals }.map { ($0.rawValue, ProgressRow(label: $0.label)) })
        let villageUnits = units.filter { $0.kind == UnitKind.village.rawValue }
        var villages = Dictionary(uniqueKeysWithValues: villageUnits.map { ($0.id!, ProgressRow(label: $0.name)) })
        var notSubmitted: [OverdueRow] = [], late: [OverdueRow] = []
        for u in units {
            let reg = regByUnit[u.id!]
            let rep = repByUnit[u.id!]
            let registered = reg == .submitted || reg == .accepted
            let reported = rep?.workflow == .submitted || rep?.workflow == .accepted
            func add(_ row: inout ProgressRow) {
                row.units += 1
                if registered { row.registered += 1 }
                if reported { row.reported += 1 }
                if rep?.workflow == .accepted { row.accepted += 1 }
                if reported && rep?.isLate == true { row.late += 1 }
            }
            if groups[u.criteriaGroup] != nil { add(&groups[u.criteriaGroup]!) }
            let villageID = u.kind == UnitKind.village.rawValue ? u.id : u.villageID
            if let v = villageID, villages[v] != nil { add(&villages[v]!) }
            let row = OverdueRow(unitID: u.id!, code: u.code, name: u.name, group: u.criteriaGroup, status: rep?.workflow)
            if !reported { notSubmitted.append(row) } else if rep?.isLate == true { late.append(row) }
        }
        return BoardData(year: year, deadline: try await ReportQueries.deadline(on: db, communeID: communeID, year: year), today: today,
                         byGroup: groups.sorted { $0.key < $1.key }.map(\.value),
                         byVillage: villageUnits.compactMap { villages[$0.id!] }, notSubmitted: notSubmitted, late: late)
    }
}
