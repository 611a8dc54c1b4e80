import Fluent
import Foundation
import SQLKit

/// The data of the indicator dashboards (issue 16, points 5 and 6): a commune's dashboard and the province overview.
/// Each reads a fixed number of statements whatever the number of rows, and leaves the rules to ``IndicatorAggregates``.
///
/// The statements, to compare with hand-written SQL (bench/dashboard.sh):
/// - dashboard: the commune's indicators, their definitions (every version), the targets of 2025–2030, the approved
///   values of the year (`commune_id, year, quarter = 0, status IN (approved, locked)`: the index
///   `indicator_values_commune_year`), the units, the content areas; with a chosen indicator, its sums per year
///   (``sumColumns`` grouped by year) for the line.
/// - province overview: the communes, every indicator and definition, the year's targets, the active units counted
///   by commune and kind, and the year's approved values summed by indicator, each of one commune (``sumColumns``) — one
///   aggregate over the year's rows, no statement per commune.
enum IndicatorQueries {
    /// The statuses the dashboards count.
    static let approvedStatuses = IndicatorValueStatus.allCases.filter(\.isApproved).map(\.rawValue)

    /// The sums of ``IndicatorSums`` as SQL aggregates over approved value rows (the caller filters the rows and
    /// groups them): a village/unit scope adds its numerator and denominator to a share only when it has both (and a
    /// denominator above 0), its value to a count only when it has one; NULL is never added as 0.
    static let sumColumns = """
        SUM(CASE WHEN unit_id IS NOT NULL AND numerator IS NOT NULL AND denominator > 0 THEN numerator END) AS share_num,
        SUM(CASE WHEN unit_id IS NOT NULL AND numerator IS NOT NULL AND denominator > 0 THEN denominator END) AS share_den,
        COUNT(CASE WHEN unit_id IS NOT NULL AND numerator IS NOT NULL AND denominator > 0 THEN 1 END) AS share_scopes,
        SUM(CASE WHEN unit_id IS NOT NULL THEN value END) AS total,
        COUNT(CASE WHEN unit_id IS NOT NULL THEN value END) AS counted,
        MAX(CASE WHEN unit_id IS NULL THEN numerator END) AS c_num,
        MAX(CASE WHEN unit_id IS NULL THEN denominator END) AS c_den,
        MAX(CASE WHEN unit_id IS NULL THEN value END) AS c_value
        """

    static func sums(_ row: any SQLRow, _ r: RowReader) throws -> IndicatorSums {
        IndicatorSums(shareNumerator: try r.double(row, "share_num") ?? 0, shareDenominator: try r.double(row, "share_den") ?? 0,
                      shareScopes: try r.int(row, "share_scopes"), total: try r.double(row, "total") ?? 0, counted: try r.int(row, "counted"),
                      communeNumerator: try r.double(row, "c_num"), communeDenominator: try r.double(row, "c_den"),
                      communeValue: try r.double(row, "c_value"))
    }

    // MARK: - The commune's dashboard

    /// A content area offered by the filter.
    struct AreaChoice: Sendable, Equatable {
        let id: UUID
        let position: Int
        let name: String
    }

    /// Which levels' village/unit figures the dashboard computes: every level's (the API), or the one heat table the
    /// page shows (`nil`: villages when the kept indicators have some, otherwise the first level that has any).
    enum ScopeLevels: Sendable, Equatable {
        case all
        case one(IndicatorLevel?)
    }

    /// Everything the dashboard page shows.
    struct Dashboard: Sendable {
        let year: Int
        /// The groups of the year's indicators (of the public ones on the public page), in their order.
        let groups: [String]
        let areas: [AreaChoice]
        /// The indicators the filters keep, each with its commune figure and — for the levels computed — its scopes'.
        let results: [IndicatorResult]
        /// The chosen indicator (`?indicator=` code), when it is among the results, with every scope's figure.
        let selected: IndicatorResult?
        /// The chosen indicator's commune figure in each year of 2025–2030 (the year's own definition and target); with
        /// a quarter chosen, in each quarter of the year (`lineByQuarter`), against the year's target.
        let line: [IndicatorCommuneFigure]
        /// The period shown: 0 the whole year, 1–4 a quarter.
        var quarter = 0
        var lineByQuarter: Bool { quarter != 0 }
        /// The levels below the commune the kept indicators are reported at, in their order (the heat tables offered).
        var levels: [IndicatorLevel] = []
        /// With ``ScopeLevels/one(_:)``, the level whose heat table is shown (nil: no indicator below the commune).
        var heatLevel: IndicatorLevel?
    }

    /// The dashboard of `communeID` for `year`: the indicators of the year (their effective definitions), kept by
    /// `group` (the group's name) and `contentArea`, with `publicOnly` only those whose definition is public. With
    /// `scopeLevels: .one(level)`, the commune figures come from one SQL aggregate and only that level's indicators
    /// (and the chosen one) read their village/unit rows: the page on a commune of 200 units reads about 20 sums and
    /// one level's rows instead of every row of the year.
    static func dashboard(communeID: UUID, year: Int, quarter: Int = 0, group: String? = nil, contentArea: UUID? = nil, indicator code: String? = nil,
                          publicOnly: Bool = false, scopeLevels: ScopeLevels = .all, on db: any Database) async throws -> Dashboard {
        let quarter = (0...4).contains(quarter) ? quarter : 0
        let r = RowReader(db)
        let catalogue = try await specsByYear(communeID: communeID, on: db)
        let targets = IndicatorTargetBook(try await targetFacts(on: db, communeID: communeID, years: IndicatorAggregates.years))
        let ofYear = (catalogue(year)).filter { !publicOnly || $0.isPublic }
        var groups: [String] = []
        for spec in ofYear where !groups.contains(spec.groupName) { groups.append(spec.groupName) }
        let kept = ofYear.filter { spec in
            (group.map { $0 == spec.groupName } ?? true) && (contentArea.map { $0 == spec.contentAreaID } ?? true)
        }
        let chosen = code.flatMap { code in kept.first { $0.code.caseInsensitiveCompare(code) == .orderedSame } }
        let levels = IndicatorLevel.allCases.filter { level in level != .commune && kept.contains { $0.level == level } }

        let scopes = try await db.sql.raw("""
            SELECT id, name, kind, is_active FROM units WHERE commune_id = \(bind: communeID) ORDER BY code, name
            """).all().compactMap { row -> IndicatorReportingScope? in
                guard let kind = UnitKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                return IndicatorReportingScope(unitID: try r.uuid(row, "id"), name: try r.string(row, "name"), level: .of(kind),
                                               isActive: try r.bool(row, "is_active"))
            }
        let areas = try await db.sql.raw("""
            SELECT id, position, name FROM content_areas WHERE commune_id = \(bind: communeID) ORDER BY position, name
            """).all().map { row in
                AreaChoice(id: try r.uuid(row, "id"), position: try r.int(row, "position"), name: try r.string(row, "name"))
            }

        let results: [IndicatorResult]
        var heatLevel: IndicatorLevel?
        switch scopeLevels {
        case .all:
            let values = try await db.sql.raw("""
                SELECT indicator_id, unit_id, numerator, denominator, value, status FROM indicator_values
                WHERE commune_id = \(bind: communeID) AND year = \(bind: year) AND quarter = \(bind: quarter) AND status IN (\(binds: approvedStatuses))
                """).all().map { row in try valueFact(row, year: year, r) }
            results = IndicatorAggregates.results(kept, scopes: scopes, values: values, targets: targets, year: year)
        case .one(let asked):
            heatLevel = asked.flatMap { levels.contains($0) ? $0 : nil } ?? (levels.contains(.village) ? .village : levels.first)
            // The commune's rows first (MATERIALIZED: its index), then grouped. Grouped in one statement, SQLite reads
            // the whole year of every commune through the (year, indicator_id) index to skip the sort: 180 ms against
            // 1 ms on a province of 1.5 million rows.
            var sums: [UUID: IndicatorSums] = [:]
            for row in try await db.sql.raw("""
                WITH v AS MATERIALIZED (
                  SELECT indicator_id, unit_id, numerator, denominator, value FROM indicator_values
                  WHERE commune_id = \(bind: communeID) AND year = \(bind: year) AND quarter = \(bind: quarter)
                    AND status IN (\(binds: approvedStatuses)))
                SELECT indicator_id, \(unsafeRaw: sumColumns) FROM v GROUP BY indicator_id
                """).all() {
                sums[try r.uuid(row, "indicator_id")] = try Self.sums(row, r)
            }
            let wanted = Set(kept.filter { $0.level == heatLevel || $0.indicatorID == chosen?.indicatorID }.map(\.indicatorID))
            var values: [IndicatorValueFact] = []
            if !wanted.isEmpty {
                values = try await db.sql.raw("""
                    SELECT indicator_id, unit_id, numerator, denominator, value, status FROM indicator_values
                    WHERE commune_id = \(bind: communeID) AND year = \(bind: year) AND quarter = \(bind: quarter) AND status IN (\(binds: approvedStatuses))
                      AND unit_id IS NOT NULL AND indicator_id IN (\(binds: Array(wanted)))
                    """).all().map { row in try valueFact(row, year: year, r) }
            }
            results = IndicatorAggregates.results(kept, scopes: scopes, values: values, targets: targets, year: year, sums: sums,
                                                  withScopes: { wanted.contains($0.indicatorID) })
        }
        let selected = chosen.flatMap { spec in results.first { $0.spec.indicatorID == spec.indicatorID } }

        var line: [IndicatorCommuneFigure] = []
        if let selected {
            let id = selected.spec.indicatorID
            let years = IndicatorAggregates.years
            let expected = scopes.filter { $0.isActive && $0.level == selected.spec.level }.count
            if quarter == 0 {
                var byYear: [Int: IndicatorSums] = [:]
                for row in try await db.sql.raw("""
                    SELECT year, \(unsafeRaw: sumColumns) FROM indicator_values
                    WHERE commune_id = \(bind: communeID) AND indicator_id = \(bind: id) AND year >= \(bind: years.lowerBound)
                      AND year <= \(bind: years.upperBound) AND quarter = 0 AND status IN (\(binds: approvedStatuses))
                    GROUP BY year
                    """).all() {
                    byYear[try r.int(row, "year")] = try sums(row, r)
                }
                for y in years {
                    // Each year with its own definition (a share may have been a count before); none: no figure.
                    let spec = catalogue(y).first { $0.indicatorID == id } ?? selected.spec
                    line.append(IndicatorAggregates.communeFigure(spec, year: y, sums: byYear[y] ?? IndicatorSums(), expected: expected, targets: targets))
                }
            } else {
                // The quarters of the year, each against the year's target (targets are set per year).
                var byQuarter: [Int: IndicatorSums] = [:]
                for row in try await db.sql.raw("""
                    SELECT quarter, \(unsafeRaw: sumColumns) FROM indicator_values
                    WHERE commune_id = \(bind: communeID) AND indicator_id = \(bind: id) AND year = \(bind: year) AND quarter >= 1
                      AND status IN (\(binds: approvedStatuses))
                    GROUP BY quarter
                    """).all() {
                    byQuarter[try r.int(row, "quarter")] = try sums(row, r)
                }
                for q in 1...4 {
                    line.append(IndicatorAggregates.communeFigure(selected.spec, year: year, sums: byQuarter[q] ?? IndicatorSums(), expected: expected,
                                                                  targets: targets))
                }
            }
        }
        return Dashboard(year: year, groups: groups, areas: areas, results: results, selected: selected, line: line, quarter: quarter,
                         levels: levels, heatLevel: heatLevel)
    }

    /// The commune's active indicators as each year defines them (ordered by group, then the indicator's place), from
    /// two statements (indicators, every definition version).
    static func specsByYear(communeID: UUID, on db: any Database) async throws -> @Sendable (Int) -> [IndicatorSpec] {
        specsByYear(indicators: try await indicatorRefs(communeID: communeID, on: db),
                    definitions: try await definitionRows(communeID: communeID, upTo: nil, on: db))
    }

    /// The active indicators (of one commune, or of all), reading only the columns a spec needs: the province
    /// overview reads every commune's.
    static func indicatorRefs(communeID: UUID?, on db: any Database) async throws -> [IndicatorRef] {
        var commune: SQLQueryString = ""
        if let communeID { commune = "commune_id = \(bind: communeID) AND " }
        let r = RowReader(db)
        return try await db.sql.raw("""
            SELECT id, commune_id, code, position FROM indicators WHERE \(commune)is_active = \(bind: true)
            """).all().map { row in
                IndicatorRef(id: try r.uuid(row, "id"), communeID: try r.uuid(row, "commune_id"), code: try r.string(row, "code"),
                             position: try r.int(row, "position"))
            }
    }

    /// The definition versions (of one commune, or of all; with `upTo`, those from that year or before), reading only
    /// the columns a spec needs.
    static func definitionRows(communeID: UUID?, upTo year: Int?, on db: any Database) async throws -> [DefinitionRow] {
        var conditions: [SQLQueryString] = []
        if let communeID { conditions.append("commune_id = \(bind: communeID)") }
        if let year { conditions.append("from_year <= \(bind: year)") }
        let filter: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let r = RowReader(db)
        return try await db.sql.raw("""
            SELECT indicator_id, from_year, name, measure, kind, direction, level, group_name, group_position, content_area_id, is_public
            FROM indicator_definitions \(filter)
            """).all().map { row in
                DefinitionRow(indicatorID: try r.uuid(row, "indicator_id"), fromYear: try r.int(row, "from_year"), name: try r.string(row, "name"),
                              measure: try r.string(row, "measure"), kind: IndicatorKind(rawValue: try r.string(row, "kind")) ?? .number,
                              direction: IndicatorDirection(rawValue: try r.string(row, "direction")) ?? .up,
                              level: IndicatorLevel(rawValue: try r.string(row, "level")) ?? .commune, groupName: try r.string(row, "group_name"),
                              groupPosition: try r.int(row, "group_position"), contentAreaID: try r.optionalUUID(row, "content_area_id"),
                              isPublic: try r.bool(row, "is_public"))
            }
    }

    /// An indicator's identity (the columns of `indicators` a spec needs).
    struct IndicatorRef: Sendable {
        let id: UUID
        let communeID: UUID
        let code: String
        let position: Int
    }

    /// One definition version (the columns of `indicator_definitions` a spec needs).
    struct DefinitionRow: Sendable {
        let indicatorID: UUID
        let fromYear: Int
        let name: String
        let measure: String
        let kind: IndicatorKind
        let direction: IndicatorDirection
        let level: IndicatorLevel
        let groupName: String
        let groupPosition: Int
        let contentAreaID: UUID?
        let isPublic: Bool
    }

    /// For any year, the specs of the indicators that have a definition by then (the version with the greatest
    /// `fromYear` ≤ the year), ordered by group position, group name, then indicator position.
    static func specsByYear(indicators: [IndicatorRef], definitions: [DefinitionRow]) -> @Sendable (Int) -> [IndicatorSpec] {
        let versions = Dictionary(grouping: definitions, by: \.indicatorID)
        return { year in
            indicators.compactMap { indicator -> IndicatorSpec? in
                guard let d = versions[indicator.id]?.filter({ $0.fromYear <= year }).max(by: { $0.fromYear < $1.fromYear }) else { return nil }
                return IndicatorSpec(indicatorID: indicator.id, code: indicator.code, position: indicator.position, name: d.name, measure: d.measure,
                                     kind: d.kind, direction: d.direction, level: d.level, groupName: d.groupName, groupPosition: d.groupPosition,
                                     contentAreaID: d.contentAreaID, isPublic: d.isPublic)
            }.sorted { a, b in
                if a.groupPosition != b.groupPosition { return a.groupPosition < b.groupPosition }
                if a.groupName != b.groupName { return a.groupName < b.groupName }
                if a.position != b.position { return a.position < b.position }
                return a.code < b.code
            }
        }
    }

    static func targetFacts(on db: any Database, communeID: UUID?, years: ClosedRange<Int>) async throws -> [IndicatorTargetFact] {
        var commune: SQLQueryString = ""
        if let communeID { commune = "commune_id = \(bind: communeID) AND " }
        let r = RowReader(db)
        return try await db.sql.raw("""
            SELECT indicator_id, year, level, target FROM indicator_targets
            WHERE \(commune)year >= \(bind: years.lowerBound) AND year <= \(bind: years.upperBound)
            """).all().compactMap { row -> IndicatorTargetFact? in
                guard let level = IndicatorLevel(rawValue: try r.string(row, "level")) else { return nil }
                return IndicatorTargetFact(indicatorID: try r.uuid(row, "indicator_id"), year: try r.int(row, "year"), level: level,
                                           target: try row.decode(column: "target", as: Double.self))
            }
    }

    static func valueFact(_ row: any SQLRow, year: Int, _ r: RowReader) throws -> IndicatorValueFact {
        IndicatorValueFact(indicatorID: try r.uuid(row, "indicator_id"), unitID: try r.optionalUUID(row, "unit_id"), year: year,
                           numerator: try r.double(row, "numerator"), denominator: try r.double(row, "denominator"), value: try r.double(row, "value"),
                           status: IndicatorValueStatus(rawValue: try r.string(row, "status")) ?? .draft)
    }

    // MARK: - The province overview

    /// One commune's attainment for a year.
    struct CommuneAttainment: Sendable, Equatable {
        let communeID: UUID
        let code: String
        let name: String
        /// Indicators whose commune figure meets its target.
        let met: Int
        /// Indicators with a commune figure.
        let withData: Int
        /// The commune's indicators of the year.
        let total: Int
        /// Every indicator's commune figure (a share: Σ numerators ÷ Σ denominators), in the catalogue's order.
        let figures: [IndicatorCommuneFigure]
    }

    /// Every commune's attainment for `year`, in six statements whatever the number of communes: the communes, the
    /// indicators and definitions of all of them (only the columns a spec needs), the year's targets, the active units
    /// by commune and kind, and one aggregate of the year's approved values grouped by indicator (an indicator belongs
    /// to one commune, so this is the commune's figure; grouping by the index's order needs no sort).
    static func provinceOverview(year: Int, on db: any Database) async throws -> [CommuneAttainment] {
        let r = RowReader(db)
        let communes = try await db.sql.raw("SELECT id, code, name FROM communes ORDER BY name, code").all().map { row in
            (id: try r.uuid(row, "id"), code: try r.string(row, "code"), name: try r.string(row, "name"))
        }
        let indicators = try await indicatorRefs(communeID: nil, on: db)
        let definitions = try await definitionRows(communeID: nil, upTo: year, on: db)
        let targets = IndicatorTargetBook(try await targetFacts(on: db, communeID: nil, years: year...year))
        var active: [UUID: [IndicatorLevel: Int]] = [:]
        for row in try await db.sql.raw("""
            SELECT commune_id, kind, COUNT(*) AS n FROM units WHERE is_active = \(bind: true) GROUP BY commune_id, kind
            """).all() {
            guard let kind = UnitKind(rawValue: try r.string(row, "kind")) else { continue }
            active[try r.uuid(row, "commune_id"), default: [:]][.of(kind), default: 0] += try r.int(row, "n")
        }
        var sums: [UUID: IndicatorSums] = [:]
        for row in try await db.sql.raw("""
            SELECT indicator_id, \(unsafeRaw: sumColumns) FROM indicator_values
            WHERE year = \(bind: year) AND quarter = 0 AND status IN (\(binds: approvedStatuses))
            GROUP BY indicator_id
            """).all() {
            sums[try r.uuid(row, "indicator_id")] = try Self.sums(row, r)
        }
        let byCommune = Dictionary(grouping: indicators, by: \.communeID)
        let definitionsByIndicator = Dictionary(grouping: definitions, by: \.indicatorID)
        return communes.map { c in
            let own = byCommune[c.id] ?? []
            let specs = specsByYear(indicators: own, definitions: own.flatMap { definitionsByIndicator[$0.id] ?? [] })(year)
            let figures = specs.map { spec in
                IndicatorAggregates.communeFigure(spec, year: year, sums: sums[spec.indicatorID] ?? IndicatorSums(),
                                                  expected: active[c.id]?[spec.level] ?? 0, targets: targets)
            }
            return CommuneAttainment(communeID: c.id, code: c.code, name: c.name, met: figures.filter { $0.band == .met }.count,
                                     withData: figures.filter { $0.value != nil }.count, total: figures.count, figures: figures)
        }
    }
}
