import Fluent
import Foundation
import SQLKit
import Vapor

/// `thidua bench-dashboard [--year 2026] [--runs 20] [--commune scale-001]` (for bench/dashboard.sh, issue 16 point 6):
/// times, in this process and on the configured database, the commune dashboard's data
/// (``IndicatorQueries/dashboard(communeID:year:group:contentArea:indicator:publicOnly:on:)``) and the province overview
/// (``IndicatorQueries/provinceOverview(year:on:)``) against hand-written SQL aggregates of the same numbers
/// (``DashboardBench``), prints the medians and their ratio (goal ≤ 1.5×), and whether the numbers are equal.
struct BenchDashboardCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "year", help: "Năm (mặc định 2026) / Year")
        var year: Int?
        @Option(name: "runs", help: "Số lần đo mỗi phép (mặc định 20) / Runs of each")
        var runs: Int?
        @Option(name: "commune", help: "Mã xã của bảng điều khiển (mặc định scale-001) / The dashboard's commune code")
        var commune: String?
    }

    var help: String { "Đo bảng điều khiển chỉ số so với SQL viết tay (bench/dashboard.sh) / Time the indicator dashboards against raw SQL." }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let year = signature.year ?? 2026
        let runs = max(1, signature.runs ?? 20)
        let code = signature.commune ?? "scale-001"
        guard let commune = try await Commune.query(on: app.db).filter(\.$code == code).first(), let communeID = commune.id else {
            throw Failure(description: "Không có xã mã \"\(code)\": chạy thidua seed-scale trước. / No commune \"\(code)\": run seed-scale first.")
        }
        let report = try await DashboardBench.run(communeID: communeID, year: year, runs: runs, on: app.db)
        for line in report.lines { context.console.print(line) }
    }
}

/// The measurement behind `thidua bench-dashboard`, and the hand-written SQL it compares with.
enum DashboardBench {
    struct Report: Sendable {
        var lines: [String]
        var equal: Bool
    }

    /// The commune figure of one indicator, as the raw SQL reads it.
    struct RawFigure: Sendable, Equatable {
        let communeID: UUID
        let indicatorID: UUID
        let value: Double?
        let met: Bool
        /// The scopes the figure rests on, of those that should report (the active units of the level; 1 for the commune).
        let reported: Int
        let expected: Int
    }

    static func run(communeID: UUID, year: Int, runs: Int, on db: any Database) async throws -> Report {
        let database = DatabaseSetup.isSQLite(db) ? "SQLite" : "PostgreSQL"
        let values = try await db.sql.raw("SELECT COUNT(*) AS n FROM indicator_values").first()?.decode(column: "n", as: Int.self) ?? 0
        let communes = try await Commune.query(on: db).count()
        var lines = ["\(database): \(communes) communes, \(values) value rows; year \(year); median of \(runs) runs"]

        // Warm up once each (and keep the results for the comparison).
        let app = try await IndicatorQueries.dashboard(communeID: communeID, year: year, on: db)
        let raw = try await rawDashboard(communeID: communeID, year: year, on: db)
        let overview = try await IndicatorQueries.provinceOverview(year: year, on: db)
        let rawOverview = try await rawProvince(year: year, on: db)

        let appDashboard = try await median(runs) { _ = try await IndicatorQueries.dashboard(communeID: communeID, year: year, on: db) }
        let appPage = try await median(runs) {
            _ = try await IndicatorQueries.dashboard(communeID: communeID, year: year, scopeLevels: .one(nil), on: db)
        }
        let rawDashboardTime = try await median(runs) { _ = try await rawDashboard(communeID: communeID, year: year, on: db) }
        let appOverview = try await median(runs) { _ = try await IndicatorQueries.provinceOverview(year: year, on: db) }
        let rawOverviewTime = try await median(runs) { _ = try await rawProvince(year: year, on: db) }
        lines.append(line("dashboard", appDashboard, rawDashboardTime))
        lines.append(line("dashboard, the page's reading (one level's rows)", appPage, rawDashboardTime))
        lines.append(line("overview", appOverview, rawOverviewTime))
        // Where the page's time goes beyond its reading: the HTML drawn from the same data (no database), its size.
        let pageData = try await IndicatorQueries.dashboard(communeID: communeID, year: year, scopeLevels: .one(nil), on: db)
        let frame = PageFrame(title: IndicatorText.Dashboard.title, section: .indicators, breadcrumbs: [], user: nil, flash: nil, nav: [])
        let model = IndicatorDashboardView.Model(frame: frame, lead: "", data: pageData, filter: .init(year: year),
                                                 link: { f in SiteURL.indicatorDashboard(year: f.year, quarter: f.quarter, group: f.group, area: f.area,
                                                                                         indicator: f.indicator, level: f.level) },
                                                 formAction: "/indicators", thisYear: year)
        var bytes = 0
        let render = try await median(runs) { bytes = IndicatorDashboardView.render(model).render().utf8.count }
        lines.append("page's HTML drawn from that reading (no database): \(String(format: "%.2f", render)) ms, \(bytes / 1024) KB")

        var problems: [String] = []
        // The dashboard: every indicator's commune figure, and every scope's figure.
        let rawByIndicator = Dictionary(raw.figures.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        if raw.figures.count != app.results.count { problems.append("dashboard: \(app.results.count) indicators, raw SQL \(raw.figures.count)") }
        for r in app.results {
            guard let f = rawByIndicator[r.spec.indicatorID] else { problems.append("dashboard: \(r.spec.code) missing in raw SQL"); continue }
            if !same(r.commune.value, f.value) { problems.append("dashboard \(r.spec.code): \(show(r.commune.value)) ≠ \(show(f.value))") }
            if (r.commune.band == .met) != f.met { problems.append("dashboard \(r.spec.code): met \(r.commune.band == .met) ≠ \(f.met)") }
            if r.commune.reported != f.reported || r.commune.expected != f.expected {
                problems.append("dashboard \(r.spec.code): \(r.commune.reported)/\(r.commune.expected) scopes ≠ \(f.reported)/\(f.expected)")
            }
        }
        var appScopes: [String: Double] = [:]
        for r in app.results { for s in r.scopes { if let v = s.value { appScopes["\(r.spec.indicatorID)|\(s.scope.unitID)"] = v } } }
        if appScopes.count != raw.scopes.count { problems.append("dashboard: \(appScopes.count) scope figures, raw SQL \(raw.scopes.count)") }
        for (key, v) in raw.scopes where !same(appScopes[key], v) {
            problems.append("dashboard scope \(key): \(show(appScopes[key])) ≠ \(show(v))")
        }
        // The overview: every commune's figures and its met / with data / total counts.
        let rawByCommune = Dictionary(grouping: rawOverview, by: \.communeID)
        if overview.count != Set(rawOverview.map(\.communeID)).count {
            problems.append("overview: \(overview.count) communes, raw SQL \(Set(rawOverview.map(\.communeID)).count)")
        }
        for c in overview {
            let rows = rawByCommune[c.communeID] ?? []
            let byIndicator = Dictionary(rows.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
            let met = rows.filter(\.met).count, withData = rows.filter { $0.value != nil }.count
            if c.met != met || c.withData != withData || c.total != rows.count {
                problems.append("overview \(c.code): met \(c.met)/\(met), with data \(c.withData)/\(withData), total \(c.total)/\(rows.count)")
            }
            for f in c.figures {
                let r = byIndicator[f.indicatorID]
                if !same(f.value, r?.value) { problems.append("overview \(c.code) \(f.indicatorID): \(show(f.value)) ≠ \(show(r?.value))") }
                if f.reported != r?.reported || f.expected != r?.expected {
                    problems.append("overview \(c.code) \(f.indicatorID): \(f.reported)/\(f.expected) scopes ≠ \(r?.reported ?? -1)/\(r?.expected ?? -1)")
                }
            }
        }
        let checked = app.results.count + appScopes.count + rawOverview.count
        lines.append(problems.isEmpty ? "numbers equal: yes (\(checked) figures compared)"
                                      : "numbers equal: NO (\(problems.count) differences)")
        lines.append(contentsOf: problems.prefix(20).map { "  " + $0 })
        return Report(lines: lines, equal: problems.isEmpty)
    }

    private static func line(_ name: String, _ app: Double, _ raw: Double) -> String {
        let ratio = raw > 0 ? app / raw : 0
        return String(format: "%@: app %.2f ms, raw SQL %.2f ms, ratio %.2f (goal ≤ 1.5: %@)", name, app, raw, ratio,
                      ratio <= 1.5 ? "met" : "NOT met")
    }

    private static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (x?, y?): abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
        default: false
        }
    }

    private static func show(_ v: Double?) -> String { v.map { String($0) } ?? "nil" }

    /// The median wall time of `runs` calls, in ms.
    static func median(_ runs: Int, _ body: () async throws -> Void) async throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let t = DispatchTime.now().uptimeNanoseconds
            try await body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        times.sort()
        return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }

    // MARK: the hand-written SQL

    /// The year's effective definition of every active indicator (`commune` limits it to one commune), with each
    /// indicator's sums of the year's approved whole-year values, its commune figure and its target: one statement.
    private static func figuresSQL(year: Int, commune: UUID?) -> SQLQueryString {
        let communeDefinitions: SQLQueryString = commune.map { "AND d.commune_id = \(bind: $0) " } ?? ""
        let communeValues: SQLQueryString = commune.map { "AND commune_id = \(bind: $0) " } ?? ""
        // One commune's rows are read through its index first (MATERIALIZED), as the app does: grouped in the same
        // statement, SQLite reads every commune's year through the (year, indicator_id) index to skip the sort. The
        // province's are grouped straight from that index.
        let rows: SQLQueryString = commune == nil ? "indicator_values" : "v"
        let yearRows: SQLQueryString = commune == nil ? "WHERE year = \(bind: year) AND quarter = 0 AND status IN ('approved', 'locked')" : ""
        let materialized: SQLQueryString = commune == nil ? "" : """
            v AS MATERIALIZED (
              SELECT indicator_id, unit_id, numerator, denominator, value FROM indicator_values
              WHERE year = \(bind: year) AND quarter = 0 AND status IN ('approved', 'locked') \(communeValues)
            ),
            """
        return """
            WITH \(materialized)d AS (
              SELECT d.commune_id, d.indicator_id, d.kind, d.level, d.direction FROM indicator_definitions d
              JOIN indicators i ON i.id = d.indicator_id AND i.is_active = \(bind: true)
              WHERE d.from_year <= \(bind: year) \(communeDefinitions)AND NOT EXISTS (
                SELECT 1 FROM indicator_definitions n WHERE n.indicator_id = d.indicator_id AND n.from_year > d.from_year
                AND n.from_year <= \(bind: year))
            ), s AS (
              SELECT indicator_id,
                SUM(CASE WHEN unit_id IS NOT NULL AND numerator IS NOT NULL AND denominator > 0 THEN numerator END) AS num,
                SUM(CASE WHEN unit_id IS NOT NULL AND numerator IS NOT NULL AND denominator > 0 THEN denominator END) AS den,
                SUM(CASE WHEN unit_id IS NOT NULL THEN value END) AS total,
                COUNT(CASE WHEN unit_id IS NOT NULL AND numerator IS NOT NULL AND denominator > 0 THEN 1 END) AS share_n,
                COUNT(CASE WHEN unit_id IS NOT NULL THEN value END) AS value_n,
                MAX(CASE WHEN unit_id IS NULL AND numerator IS NOT NULL AND denominator > 0 THEN numerator * 100.0 / denominator END) AS c_share,
                MAX(CASE WHEN unit_id IS NULL THEN value END) AS c_value
              FROM \(rows) \(yearRows)
              GROUP BY indicator_id
            ), u AS (
              SELECT commune_id, CASE WHEN kind IN ('agency', 'organisation') THEN 'unit' ELSE kind END AS level, COUNT(*) AS n
              FROM units WHERE is_active = \(bind: true) \(communeValues)
              GROUP BY commune_id, CASE WHEN kind IN ('agency', 'organisation') THEN 'unit' ELSE kind END
            ), f AS (
              SELECT d.commune_id, d.indicator_id, d.direction, d.level, d.kind, s.share_n, s.value_n, s.den,
                CASE WHEN d.level = 'commune' THEN 1 ELSE COALESCE(u.n, 0) END AS expected,
                CASE WHEN d.level = 'commune' THEN (CASE WHEN d.kind = 'share' THEN s.c_share ELSE s.c_value END)
                     WHEN d.kind = 'share' THEN (CASE WHEN s.den > 0 THEN s.num * 100.0 / s.den END)
                     WHEN d.kind = 'count' THEN s.total
                     ELSE s.c_value END AS figure,
                COALESCE(tc.target, CASE WHEN d.kind <> 'count' THEN tl.target END) AS target
              FROM d LEFT JOIN s ON s.indicator_id = d.indicator_id
              LEFT JOIN u ON u.commune_id = d.commune_id AND u.level = d.level
              LEFT JOIN indicator_targets tc ON tc.indicator_id = d.indicator_id AND tc.year = \(bind: year) AND tc.level = 'commune'
              LEFT JOIN indicator_targets tl ON tl.indicator_id = d.indicator_id AND tl.year = \(bind: year) AND tl.level = d.level
            )
            SELECT commune_id, indicator_id, figure, expected,
              CASE WHEN level = 'commune' THEN (CASE WHEN figure IS NULL THEN 0 ELSE 1 END)
                   WHEN kind = 'share' THEN (CASE WHEN den > 0 THEN share_n ELSE 0 END)
                   ELSE COALESCE(value_n, 0) END AS reported,
              CASE WHEN figure IS NULL OR target IS NULL THEN 0
                   WHEN direction = 'down' THEN (CASE WHEN figure <= 0 OR target / figure >= 0.999999999 THEN 1 ELSE 0 END)
                   WHEN target > 0 THEN (CASE WHEN figure / target >= 0.999999999 THEN 1 ELSE 0 END)
                   WHEN figure >= target THEN 1 ELSE 0 END AS met
            FROM f
            """
    }

    /// The rows read as the app reads its own (``RowReader``), so that the comparison is of the SQL and what is done
    /// with its rows, not of two ways of decoding them.
    private static func figures(_ rows: [any SQLRow], _ r: RowReader) throws -> [RawFigure] {
        try rows.map { row in
            RawFigure(communeID: try r.uuid(row, "commune_id"), indicatorID: try r.uuid(row, "indicator_id"), value: try r.double(row, "figure"),
                      met: try r.int(row, "met") == 1, reported: try r.int(row, "reported"), expected: try r.int(row, "expected"))
        }
    }

    /// The dashboard's numbers in raw SQL: every indicator's commune figure (and whether it meets its target), and
    /// every village's or unit's figure of the year (the heat table).
    static func rawDashboard(communeID: UUID, year: Int, on db: any Database) async throws -> (figures: [RawFigure], scopes: [String: Double]) {
        let r = RowReader(db)
        let figures = try figures(try await db.sql.raw(figuresSQL(year: year, commune: communeID)).all(), r)
        var scopes: [String: Double] = [:]
        for row in try await db.sql.raw("""
            SELECT v.indicator_id, v.unit_id,
              CASE WHEN d.kind = 'share' THEN (CASE WHEN v.denominator > 0 THEN v.numerator * 100.0 / v.denominator END) ELSE v.value END AS figure
            FROM indicator_values v JOIN indicator_definitions d ON d.id = v.definition_id
            WHERE v.commune_id = \(bind: communeID) AND v.year = \(bind: year) AND v.quarter = 0 AND v.status IN ('approved', 'locked')
              AND v.unit_id IS NOT NULL
            """).all() {
            guard let figure = try r.double(row, "figure") else { continue }
            scopes["\(try r.uuid(row, "indicator_id"))|\(try r.uuid(row, "unit_id"))"] = figure
        }
        return (figures, scopes)
    }

    /// The province overview's numbers in raw SQL: every commune's figure of every indicator, and whether it is met.
    static func rawProvince(year: Int, on db: any Database) async throws -> [RawFigure] {
        // The sums are grouped by indicator, which belongs to one commune: the same as by commune and indicator.
        try figures(try await db.sql.raw(figuresSQL(year: year, commune: nil)).all(), RowReader(db))
    }
}
