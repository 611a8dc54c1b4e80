import Fluent
import Foundation
import SQLKit

/// One unit's line of the ranking (bảng xếp hạng) of its criteria group.
struct RankingRow: Sendable {
    let unitID: UUID
    let unitName: String
    let selfTotal: Double?
    let finalTotal: Double?
    let percent: Double?
    let rank: Int?
    let band: String?
    let gap: Double?
    let gapFlagged: Bool
    let membersScored: Int
}

/// The ranking of one criteria group.
struct RankingGroup: Sendable {
    let group: CriteriaGroup
    let maxTotal: Double
    let rows: [RankingRow]
}

extension ScoringQueries {
    /// Every criteria group with the units of the commune that have a score in the year, ranked by the final
    /// (council) total, highest first; units the council has not scored yet come last, unranked.
    /// Two statements whatever the number of units and scores: the active criteria, and the year's scores with their
    /// (active) unit's name and group.
    static func ranking(on db: any Database, communeID: UUID, year: Int, config: ScoringConfig) async throws -> [RankingGroup] {
        struct ScoredUnit { let id: UUID; let name: String; let group: String }
        let criteria = try await db.sql.raw("""
            SELECT id, criteria_group, max_points FROM criteria WHERE commune_id = \(bind: communeID) AND is_active = \(bind: true)
            """).all().map { row in
            (id: try row.decode(column: "id", as: UUID.self), group: try row.decode(column: "criteria_group", as: String.self),
             maxPoints: try row.decode(column: "max_points", as: Int.self))
        }
        var units: [UUID: ScoredUnit] = [:]
        var byUnit: [UUID: [ScoreValue]] = [:]
        for row in try await db.sql.raw("""
            SELECT s.unit_id, u.name, u.criteria_group, s.criterion_id, s.scorer_kind, s.member_id, s.points
            FROM unit_scores s JOIN units u ON u.id = s.unit_id
            WHERE s.commune_id = \(bind: communeID) AND s.year = \(bind: year) AND u.commune_id = \(bind: communeID) AND u.is_active = \(bind: true)
            """).all() {
            let unitID = try row.decode(column: "unit_id", as: UUID.self)
            if units[unitID] == nil {
                units[unitID] = ScoredUnit(id: unitID, name: try row.decode(column: "name", as: String.self),
                                           group: try row.decode(column: "criteria_group", as: String.self))
            }
            byUnit[unitID, default: []].append(ScoreValue(
                unitID: unitID, criterionID: try row.decode(column: "criterion_id", as: UUID.self),
                kind: ScorerKind(rawValue: try row.decode(column: "scorer_kind", as: String.self)) ?? .selfScore,
                memberID: try row.decode(column: "member_id", as: UUID?.self), points: try row.decode(column: "points", as: Double.self),
                evidenceID: nil, note: ""))
        }
        let sortedUnits = units.values.sorted { ($0.name, $0.id.uuidString) < ($1.name, $1.id.uuidString) }
        var groups: [RankingGroup] = []
        for group in CriteriaGroup.allCases {
            let own = criteria.filter { $0.group == group.rawValue }
            let ids = Set(own.map(\.id))
            let maxTotal = Double(own.reduce(0) { $0 + $1.maxPoints })
            var lines: [(ScoredUnit, ScoringCalc.Totals)] = []
            for unit in sortedUnits where unit.group == group.rawValue {
                guard let rows = byUnit[unit.id], rows.contains(where: { ids.contains($0.criterionID) }) else { continue }
                lines.append((unit, ScoringCalc.totals(rows, criteria: ids, rule: config.rule)))
            }
            guard !lines.isEmpty else { continue }
            let ranks = ScoringCalc.ranks(lines.map(\.1.finalTotal))
            var rows: [RankingRow] = zip(lines, ranks).map { line, rank in
                let (unit, t) = line
                let percent = t.finalTotal.flatMap { maxTotal > 0 ? $0 / maxTotal * 100 : nil }
                let gap = t.selfTotal.flatMap { s in t.finalTotal.map { s - $0 } }
                return RankingRow(unitID: unit.id, unitName: unit.name, selfTotal: t.selfTotal, finalTotal: t.finalTotal, percent: percent,
                                  rank: rank, band: percent.flatMap { ScoringCalc.band(percent: $0, bands: config.bands) }, gap: gap,
                                  gapFlagged: ScoringCalc.isGapFlagged(selfTotal: t.selfTotal, finalTotal: t.finalTotal, threshold: config.gapThreshold),
                                  membersScored: t.membersScored)
            }
            rows.sort { a, b in
                switch (a.rank, b.rank) {
                case let (x?, y?): return x != y ? x < y : a.unitName < b.unitName
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return (a.selfTotal ?? 0, b.unitName) > (b.selfTotal ?? 0, a.unitName)
                }
            }
            groups.append(RankingGroup(group: group, maxTotal: maxTotal, rows: rows))
        }
        return groups
    }
}

/// One criterion's line of a unit's score sheet.
struct SheetLine: Sendable {
    let criterionID: UUID
    let position: Int
    let title: String
    let maxPoints: Double
    let selfPoints: Double?
    let evidenceID: UUID?
    let note: String
    /// Points per council member.
    let council: [UUID: Double]
    let councilNotes: [UUID: String]
    let final: Double?
}

/// A unit's score sheet for a year, with everything the page shows.
struct ScoreSheet: Sendable {
    let unitID: UUID
    let unitName: String
    let group: String
    let year: Int
    let lines: [SheetLine]
    let members: [ScoringMember]
    let maxTotal: Double
    let totals: ScoringCalc.Totals
    let percent: Double?
    let band: String?
    let gapFlagged: Bool
    /// Evidence of the unit's report of the year.
    let evidence: [Choice]
    let config: ScoringConfig
    let closesOn: LocalDate
    /// Scores inspection teams offered the council (issue 15), newest visit first.
    var offers: [ScoringOffer] = []
}

extension ScoringQueries {
    static func sheet(on db: any Database, unit: Unit, year: Int) async throws -> ScoreSheet {
        let communeID = unit.communeID
        let config = try await ScoringQueries.settings(on: db, communeID: communeID)
        let criteria = try await ScoringQueries.criteria(on: db, communeID: communeID, group: unit.criteriaGroup)
        let ids = Set(criteria.compactMap(\.id))
        let scores = try await ScoringQueries.scores(on: db, communeID: communeID, year: year, unitID: unit.id!).filter { ids.contains($0.criterionID) }
        let totals = ScoringCalc.totals(scores, criteria: ids, rule: config.rule)
        let members = try await ScoringQueries.members(on: db, ids: Set(scores.compactMap(\.memberID)))
        let lines = criteria.map { c in
            let own = scores.first { $0.criterionID == c.id && $0.kind == .selfScore }
            let council = scores.filter { $0.criterionID == c.id && $0.kind == .council }
            return SheetLine(criterionID: c.id!, position: c.position, title: c.title, maxPoints: Double(c.maxPoints), selfPoints: own?.points,
                             evidenceID: own?.evidenceID, note: own?.note ?? "",
                             council: Dictionary(council.compactMap { s in s.memberID.map { ($0, s.points) } }, uniquingKeysWith: { a, _ in a }),
                             councilNotes: Dictionary(council.compactMap { s in s.memberID.map { ($0, s.note) } }, uniquingKeysWith: { a, _ in a }),
                             final: totals.finals[c.id!])
        }
        let maxTotal = Double(criteria.reduce(0) { $0 + $1.maxPoints })
        let percent = totals.finalTotal.flatMap { maxTotal > 0 ? $0 / maxTotal * 100 : nil }
        let offers = try await ScoringQueries.offers(on: db, communeID: communeID, scores: scores)
        return ScoreSheet(unitID: unit.id!, unitName: unit.name, group: unit.criteriaGroup, year: year, lines: lines, members: members, maxTotal: maxTotal,
                          totals: totals, percent: percent, band: percent.flatMap { ScoringCalc.band(percent: $0, bands: config.bands) },
                          gapFlagged: ScoringCalc.isGapFlagged(selfTotal: totals.selfTotal, finalTotal: totals.finalTotal, threshold: config.gapThreshold),
                          evidence: try await ScoringQueries.evidenceChoices(on: db, unit: unit, year: year), config: config,
                          closesOn: try await ScoringQueries.closesOn(on: db, communeID: communeID, year: year), offers: offers)
    }

    /// The evidence rows of the unit's report of the year, as choices.
    static func evidenceChoices(on db: any Database, unit: Unit, year: Int) async throws -> [Choice] {
        guard let report = try await ReportQueries.find(on: db, communeID: unit.communeID, unitID: unit.id!, year: year) else { return [] }
        return try await ReportQueries.evidence(on: db, reportID: report.id!).map { Choice(value: $0.id.uuidString.lowercased(), label: $0.title) }
    }
}
