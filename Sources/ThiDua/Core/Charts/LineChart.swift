import Foundation
import Plot

extension ChartKit {
    /// One value of a series in one period ("2025", "Quý I/2026"); nil when nobody entered it.
    struct LinePoint: Sendable, Equatable {
        var period: String
        var value: Double?

        init(_ period: String, _ value: Double?) {
            self.period = period
            self.value = value
        }
    }

    /// One line: a village, an indicator, the commune.
    struct LineSeries: Sendable, Equatable {
        var name: String
        var points: [LinePoint]

        init(_ name: String, _ points: [LinePoint]) {
            self.name = name
            self.points = points
        }

        init(_ name: String, _ points: [(String, Double?)]) {
            self.init(name, points.map { LinePoint($0.0, $0.1) })
        }
    }

    /// Lines over periods: one or more series, each with its colour, dash and marker; a gap where a period has no
    /// value (never a drop to 0); an optional target line (one value, or one per period).
    struct LineChart: Sendable {
        var id: String
        var title: String
        var reading: String
        /// The periods in order along the axis; a series' value for a period it does not list is missing.
        var periods: [String]
        var series: [LineSeries]
        /// The target of each period that has one.
        var targets: [String: Double]
        var unit: String
        var max: Double?
        var digits: Int
        var periodHeader: String
        /// At most this many period labels under the axis (the latest always); the table has them all.
        var maxPeriodLabels: Int
        var table: TableDisplay

        /// `periods` nil takes the periods of the series in the order they first appear. `target` is the same target
        /// for every period; `targets` one per period (it wins over `target` where both are given).
        init(id: String, title: String, reading: String, series: [LineSeries], periods: [String]? = nil, target: Double? = nil,
             targets: [String: Double] = [:], unit: String = "", max: Double? = nil, digits: Int = 1,
             periodHeader: String = ChartText.period, maxPeriodLabels: Int = 6, table: TableDisplay = .collapsed) {
            self.id = id
            self.title = title
            self.reading = reading
            self.series = series
            var order: [String] = []
            if let periods {
                order = periods
            } else {
                var seen = Set<String>()
                for point in series.flatMap(\.points) where seen.insert(point.period).inserted { order.append(point.period) }
            }
            self.periods = order
            var byPeriod: [String: Double] = [:]
            if let target { for period in order { byPeriod[period] = target } }
            byPeriod.merge(targets) { _, given in given }
            self.targets = byPeriod
            self.unit = unit
            self.max = max
            self.digits = digits
            self.periodHeader = periodHeader
            self.maxPeriodLabels = maxPeriodLabels
            self.table = table
        }

        static let top = 22.0
        static let plotHeight = 180.0
        /// Room left and right of the first and last period, in percent of the width.
        static let inset = 6.0

        /// Each series' values in the order of ``periods``.
        var grid: [[Double?]] {
            series.map { line in
                var byPeriod: [String: Double?] = [:]
                for point in line.points where byPeriod[point.period] == nil { byPeriod[point.period] = point.value }
                return periods.map { byPeriod[$0] ?? nil }
            }
        }

        var periodTargets: [Double?] { periods.map { targets[$0] } }

        var scale: Scale {
            ChartKit.scale(upTo: max, data: grid.flatMap { $0.compactMap { $0 } } + periodTargets.compactMap { $0 }, unit: unit)
        }

        func format(_ value: Double) -> String { ChartKit.number(value, unit: unit, digits: digits) }

        /// The x of period `index`, as a share of the width.
        func x(_ index: Int) -> Double {
            guard periods.count > 1 else { return 0.5 }
            return (Self.inset + (100 - 2 * Self.inset) * Double(index) / Double(periods.count - 1)) / 100
        }

        func y(_ value: Double, _ scale: Scale) -> Double {
            Self.top + Self.plotHeight * (1 - scale.fraction(value))
        }

        func render() -> Content {
            let id = ChartKit.safeID(self.id)
            let grid = self.grid
            let targets = periodTargets
            let hasTargets = targets.contains { $0 != nil }
            var legend = series.indices.map { LegendItem(swatch: ChartKit.seriesSwatch($0), label: series[$0].name) }
            if hasTargets { legend.append(LegendItem(swatch: ChartKit.targetLineSwatch, label: ChartText.target)) }
            if grid.contains(where: { $0.contains { $0 == nil } }) { legend.append(LegendItem(swatch: nil, label: ChartText.gapNote)) }
            let columns = series.map(\.name) + (hasTargets ? [ChartText.target] : [])
            let rows = periods.indices.map { p -> (label: String, cells: [Cell]) in
                var cells = grid.map { values in values[p].map { Cell.value(format($0)) } ?? .noData }
                if hasTargets { cells.append(Cell.value(targets[p].map(format) ?? "—")) }
                return (periods[p], cells)
            }
            return ChartKit.figure(kind: "lines", id: id, title: title, reading: reading, legend: ChartKit.legend(legend),
                                   graphic: drawing(id: id, grid: grid, targets: targets),
                                   table: ChartKit.dataTable(id: id, caption: title, rowHeader: periodHeader, columns: columns, rows: rows, display: table))
        }

        private func drawing(id: String, grid: [[Double?]], targets: [Double?]) -> Content {
            let scale = self.scale
            let bottom = Self.top + Self.plotHeight
            var nodes: [Content] = []
            for tick in scale.ticks {
                let y = ChartKit.coordinate(self.y(tick, scale))
                nodes.append(ChartKit.element("line", [("class", tick == 0 ? "chart-axis" : "chart-grid"), ("x1", "0"), ("y1", y), ("x2", "100%"), ("y2", y),
                                                       ("stroke", tick == 0 ? Palette.muted : Palette.grid), ("stroke-width", "1")]))
            }
            nodes += targetLine(targets, scale)
            for (s, values) in grid.enumerated() {
                let color = Palette.series[s % Palette.series.count]
                let dash = Palette.dashes[s % Palette.dashes.count]
                var segments: [Content] = []
                for p in values.indices.dropLast() {
                    guard let a = values[p], let b = values[p + 1] else { continue }
                    segments.append(ChartKit.element("line", [
                        ("class", "chart-line"), ("x1", ChartKit.percent(x(p))), ("y1", ChartKit.coordinate(y(a, scale))),
                        ("x2", ChartKit.percent(x(p + 1))), ("y2", ChartKit.coordinate(y(b, scale))), ("stroke", color), ("stroke-width", "2.5"),
                        ("stroke-dasharray", dash), ("stroke-linecap", "round"),
                    ]))
                }
                let points = values.indices.compactMap { p -> Content? in
                    guard let value = values[p] else { return nil }
                    let tip = ChartText.tooltip("\(series[s].name) — \(periods[p])", format(value), target: targets[p].map(format))
                    return ChartKit.placed(x: ChartKit.percent(x(p)), y: y(value, scale), className: "chart-point",
                                           [ChartKit.marker(s, fill: color, tooltip: tip)])
                }
                nodes.append(ChartKit.element("g", [("class", "chart-series chart-series-\(s % Palette.series.count)")], segments + points))
            }
            // Tick labels over the grid lines, left, with a halo so a line passing under them does not hide them.
            for tick in scale.ticks {
                nodes.append(ChartKit.text(format(tick), x: "0", y: y(tick, scale) - 4, className: "chart-tick", size: 12, fill: Palette.muted, halo: true))
            }
            // Counted from the latest period, which always has its label; every other one is "minor" and the
            // stylesheet hides those on a phone, where six labels would run into each other.
            let step = Swift.max(1, Int((Double(periods.count) / Double(Swift.max(1, maxPeriodLabels))).rounded(.up)))
            for p in periods.indices where (periods.count - 1 - p) % step == 0 {
                let minor = (periods.count - 1 - p) % (2 * step) != 0
                nodes.append(ChartKit.text(ChartKit.truncated(periods[p], limit: 12), x: ChartKit.percent(x(p)), y: bottom + 18,
                                           className: minor ? "chart-period chart-period-minor" : "chart-period", anchor: "middle",
                                           size: 12, fill: Palette.muted))
            }
            return ChartKit.svg(id: id, title: title, description: reading, height: bottom + 26, nodes)
        }

        /// The target: one dashed line across when it is the same for every period, else dashed steps joining the
        /// periods that have one; labelled at its right end.
        private func targetLine(_ targets: [Double?], _ scale: Scale) -> [Content] {
            let known = targets.indices.compactMap { p in targets[p].map { (p, $0) } }
            guard let last = known.last else { return [] }
            func line(_ x1: String, _ y1: Double, _ x2: String, _ y2: Double) -> Content {
                ChartKit.element("line", [("class", "chart-target"), ("x1", x1), ("y1", ChartKit.coordinate(y1)), ("x2", x2), ("y2", ChartKit.coordinate(y2)),
                                          ("stroke", Palette.target), ("stroke-width", "2"), ("stroke-dasharray", "6 4")])
            }
            var nodes: [Content] = []
            if known.count == targets.count, Set(known.map(\.1)).count == 1 {
                let y = self.y(last.1, scale)
                nodes.append(line("0", y, "100%", y))
            } else {
                let half = periods.count > 1 ? (x(1) - x(0)) / 2 : Self.inset / 100
                for (p, value) in known {
                    let y = self.y(value, scale)
                    nodes.append(line(ChartKit.percent(x(p) - half), y, ChartKit.percent(x(p) + half), y))
                }
            }
            nodes.append(ChartKit.text(ChartText.targetIs(format(last.1)), x: "100%", y: y(last.1, scale) - 5, className: "chart-target-label",
                                       anchor: "end", size: 12, weight: "600", halo: true))
            return nodes
        }
    }
}
