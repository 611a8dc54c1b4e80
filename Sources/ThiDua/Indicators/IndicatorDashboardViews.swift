import Foundation
import Plot

/// The dashboard page (signed-in and public): the filters, the commune's table, one heat table per level, and the
/// chosen indicator's bars, line and progress. Pure: a function of its model.
enum IndicatorDashboardView {
    typealias T = IndicatorText.Dashboard
    typealias Content = Node<HTML.BodyContext>
    typealias Filter = IndicatorDashboardController.Filter

    struct Model: Sendable {
        let frame: PageFrame
        let lead: String
        let data: IndicatorQueries.Dashboard
        let filter: Filter
        /// The page's own path with other filters (links keep the page: signed-in or public).
        let link: @Sendable (Filter) -> String
        let formAction: String
        /// The current year in Vietnam: later years (no figure can exist yet) are not offered, unless one was asked for.
        let thisYear: Int
        /// The pages of the feature this user may open from here (label, path): entering, reviewing, importing values,
        /// the catalogue and targets, the drive. Empty on the public page.
        var actions: [(String, String)] = []
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, lead: m.lead, .group(
            m.actions.isEmpty ? .empty : .nav(.class("toolbar"), .attr("aria-label", T.actionsLabel),
                                             .ul(.class("inline-list"), .group(m.actions.map { a in .li(.a(.href(a.1), .text(a.0))) }))),
            filters(m),
            m.data.results.isEmpty ? .p(.class("muted"), .text(T.noIndicators)) : .group(
                summary(m),
                selected(m),
                m.data.heatLevel.map { heat(m, level: $0) } ?? .empty
            )
        ))
    }

    /// "năm 2026", "quý 3 năm 2026".
    static func period(_ m: Model) -> String { T.period(m.data.year, m.data.quarter) }

    static func format(_ value: Double?, _ spec: IndicatorSpec) -> String? {
        value.map { ChartKit.number($0, unit: spec.unit, digits: 1) }
    }

    // MARK: - Filters

    static func filters(_ m: Model) -> Content {
        let years = IndicatorAggregates.years.reversed().filter { $0 <= m.thisYear || $0 == m.filter.year }
            .map { Choice(value: String($0), label: String($0)) }
        let groups = m.data.groups.map { Choice(value: $0, label: $0) }
        let areas = m.data.areas.map { Choice(value: $0.id.uuidString.lowercased(), label: "\($0.position). \($0.name)") }
        let indicators = m.data.results.map { Choice(value: $0.spec.code, label: "\($0.spec.code) — \($0.spec.name)") }
        let quarters = [Choice(value: "0", label: T.wholeYear)] + (1...4).map { Choice(value: String($0), label: T.quarterChoice($0)) }
        let state = FormState(values: ["year": String(m.filter.year), "quarter": String(m.data.quarter), "group": m.filter.group ?? "",
                                       "area": m.filter.area?.uuidString.lowercased() ?? "", "indicator": m.data.selected?.spec.code ?? ""])
        return .form(.method(.get), .action(m.formAction), .class("filters"),
                     FormKit.select("year", label: T.year, state: state, choices: years, blank: nil),
                     FormKit.select("quarter", label: T.periodLabel, state: state, choices: quarters, blank: nil),
                     FormKit.select("group", label: T.group, state: state, choices: groups, blank: T.allGroups),
                     FormKit.select("area", label: T.area, state: state, choices: areas, blank: T.allAreas),
                     FormKit.select("indicator", label: T.indicator, state: state, choices: indicators, blank: T.noIndicator),
                     m.data.heatLevel.map { .input(.type(.hidden), .name("level"), .value($0.rawValue)) } ?? .empty,
                     .button(.type(.submit), .class("btn btn-secondary"), .text(T.show)))
    }

    // MARK: - The commune's table

    static func summary(_ m: Model) -> Content {
        let rows: [[Content]] = m.data.results.map { r in
            let c = r.commune
            var link = m.filter
            link.indicator = r.spec.code
            return [
                .safe(r.spec.code),
                .safe(r.spec.name),
                .text(format(c.value, r.spec) ?? IndicatorText.missing),
                .text(T.coverage(c.reported, c.expected, r.spec.level)),
                .text(format(c.target, r.spec) ?? T.noTarget),
                .span(.class("band band-\(c.band.rawValue)"),
                      .text(T.band(c.band) + (c.attainment.map { " (\(NumberText.percent($0)))" } ?? ""))),
                .link(href: m.link(link) + "#bieu-do", T.seeCharts),
            ]
        }
        return .section(.id("tong-hop"), .class("card"),
                         .h2(.text(T.summaryCaption(period(m)))),
                         Components.table(headers: [T.code, T.name, T.figure, T.coverage, T.target, T.attainment, T.charts], rows: rows,
                                          numericColumns: [2, 4], caption: T.summaryCaption(period(m))))
    }

    // MARK: - Heat tables

    static func heat(_ m: Model, level: IndicatorLevel) -> Content {
        let results = m.data.results.filter { $0.spec.level == level }
        guard let first = results.first else { return .empty }
        let columns = results.map { r in r.spec.unit.isEmpty || r.spec.unit == "%" ? r.spec.name : "\(r.spec.name) (\(r.spec.unit))" }
        // The scopes of every column (an inactive unit shows where one indicator has its value), in their order.
        var scopes: [IndicatorReportingScope] = first.scopes.map(\.scope)
        var seen = Set(scopes.map(\.unitID))
        for r in results.dropFirst() { for f in r.scopes where seen.insert(f.scope.unitID).inserted { scopes.append(f.scope) } }
        let byScope = results.map { r in Dictionary(r.scopes.map { ($0.scope.unitID, $0) }, uniquingKeysWith: { a, _ in a }) }
        var rows: [ChartKit.HeatRow] = scopes.map { scope in
            ChartKit.HeatRow(scope.name, results.indices.map { c in
                guard let f = byScope[c][scope.unitID] else { return .noData }
                return ChartKit.HeatCell(cellText(f.value, results[c].spec), ratio: f.attainment)
            })
        }
        let bands = results.flatMap { $0.scopes.map(\.band) }
        rows.append(ChartKit.HeatRow(IndicatorText.commune, results.map { r in ChartKit.HeatCell(cellText(r.commune.value, r.spec), ratio: r.commune.attainment) }))
        let reading = T.heatReading(cells: bands.count, met: bands.filter { $0 == .met }.count, near: bands.filter { $0 == .near }.count,
                                    notMet: bands.filter { $0 == .notMet }.count, missing: bands.filter { $0 == .noData }.count)
        // The other levels' tables, one link each (one table at a time: a commune of 200 units stays readable on a
        // phone and quick to send).
        let others: Content = m.data.levels.count < 2 ? .empty : .nav(.class("toolbar"), .attr("aria-label", T.heatLevels),
            .span(.class("muted"), .text(T.heatLevelsLabel)),
            .ul(.class("inline-list"), .group(m.data.levels.map { l -> Node<HTML.ListContext> in
                var f = m.filter
                f.level = l
                return .li(l == level ? .strong(.attr("aria-current", "page"), .text(T.scopeHeader(l)))
                                      : .a(.href(m.link(f) + "#bang-nhiet"), .text(T.scopeHeader(l))))
            })))
        return .section(.id("bang-nhiet"), .class("card"), others,
                        ChartKit.HeatTable(id: "heat-\(level.rawValue)", title: T.heatTitle(level, period(m)), reading: reading,
                                           rowHeader: T.scopeHeader(level), columns: columns, rows: rows,
                                           nearThreshold: IndicatorBand.nearThreshold).render())
    }

    /// A cell's number: "%" after a share, the bare number otherwise (the unit is in the column's header).
    static func cellText(_ value: Double?, _ spec: IndicatorSpec) -> String? {
        value.map { ChartKit.number($0, unit: spec.kind == .share ? "%" : "", digits: 1) }
    }

    // MARK: - The chosen indicator

    static func selected(_ m: Model) -> Content {
        guard let r = m.data.selected else { return .empty }
        let spec = r.spec
        let year = m.data.year
        var charts: [Content] = []
        if spec.level != .commune {
            charts.append(ChartKit.BarChart(id: "bars", title: T.barsTitle(spec.name, spec.level, period(m)), reading: Readings.bars(r),
                                            bars: r.scopes.map { ChartKit.Bar($0.scope.name, $0.value, target: $0.target) }, unit: spec.unit,
                                            labelHeader: T.scopeHeader(spec.level), valueHeader: T.figure).render())
        }
        // The line's periods: the movement's years, or the chosen year's quarters.
        let points = m.data.line.enumerated().map { n, f in
            (label: m.data.lineByQuarter ? T.quarterChoice(n + 1) : String(f.year), phrase: T.linePoint(year: f.year, quarter: m.data.lineByQuarter ? n + 1 : 0),
             figure: f)
        }
        charts.append(ChartKit.LineChart(id: "line", title: T.lineTitle(spec.name, quartersOf: m.data.lineByQuarter ? year : nil),
                                         reading: Readings.line(points.map { ($0.phrase, $0.figure) }, spec),
                                         series: [ChartKit.LineSeries(IndicatorText.commune, points.map { ($0.label, $0.figure.value) })],
                                         periods: points.map(\.label),
                                         targets: Dictionary(points.compactMap { p in p.figure.target.map { (p.label, $0) } }, uniquingKeysWith: { a, _ in a }),
                                         unit: spec.unit, periodHeader: T.year).render())
        charts.append(ChartKit.ProgressChart(id: "progress", title: T.progressTitle(spec.name, year, quarter: m.data.quarter),
                                             reading: Readings.progress(r.commune, spec, quarter: m.data.quarter),
                                             label: spec.name, value: r.commune.value, target: r.commune.target, unit: spec.unit).render())
        return .section(.id("bieu-do"), .class("card"),
                        .h2(.safe("\(spec.code) — \(spec.name)")),
                        .p(.text(T.coverage(r.commune.reported, r.commune.expected, spec.level))),
                        .group(charts))
    }

    /// The one-sentence readings, computed from the figures the charts draw.
    enum Readings {
        static func bars(_ r: IndicatorResult) -> String {
            let spec = r.spec
            let known = r.scopes.compactMap { f in f.value.map { (name: f.scope.name, value: $0) } }
            let lowerIsWorse = spec.direction == .up
            let worst = lowerIsWorse ? known.min { $0.value < $1.value } : known.max { $0.value < $1.value }
            let best = lowerIsWorse ? known.max { $0.value < $1.value } : known.min { $0.value < $1.value }
            let hasTargets = r.scopes.contains { $0.target != nil }
            return T.barsReading(met: r.scopes.filter { $0.band == .met }.count, withTarget: hasTargets ? r.scopes.count : 0, total: r.scopes.count,
                                 worst: worst.map { ($0.name, ChartKit.number($0.value, unit: spec.unit, digits: 1)) }, lowest: lowerIsWorse,
                                 best: best.map { ($0.name, ChartKit.number($0.value, unit: spec.unit, digits: 1)) },
                                 missing: r.scopes.count - known.count, level: spec.level)
        }

        /// `line`: each point's phrase ("năm 2025", "quý 2") with its figure.
        static func line(_ line: [(String, IndicatorCommuneFigure)], _ spec: IndicatorSpec) -> String {
            let points = line.compactMap { label, f in f.value.map { (label: label, value: $0) } }
            let change = points.count > 1 ? T.change(points[points.count - 1].value - points[0].value, unit: spec.unit) : nil
            return T.lineReading(points: points.map { ($0.label, ChartKit.number($0.value, unit: spec.unit, digits: 1)) }, change: change)
        }

        static func progress(_ c: IndicatorCommuneFigure, _ spec: IndicatorSpec, quarter: Int = 0) -> String {
            T.progressReading(value: c.value.map { ChartKit.number($0, unit: spec.unit, digits: 1) },
                              target: c.target.map { ChartKit.number($0, unit: spec.unit, digits: 1) },
                              attainment: c.attainment.map(NumberText.percent), band: c.band, year: c.year, quarter: quarter)
        }
    }
}
