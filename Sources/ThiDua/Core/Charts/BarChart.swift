import Foundation
import Plot

extension ChartKit {
    /// One bar of a ``BarChart``: a village, a unit, an indicator. `value` nil means nobody entered it (never 0).
    struct Bar: Sendable, Equatable {
        var label: String
        var value: Double?
        /// Drawn as a mark across the bar, and written in the table.
        var target: Double?

        init(_ label: String, _ value: Double?, target: Double? = nil) {
            self.label = label
            self.value = value
            self.target = target
        }
    }

    /// Horizontal bars, one per row, each with its label above it and its value at the right; an optional target
    /// mark per bar; a hatched empty bar saying "chưa có số liệu" where the value is missing.
    struct BarChart: Sendable {
        var id: String
        var title: String
        /// One sentence that says what the chart shows ("Bảy thôn đã vượt mục tiêu; Thôn Đông chưa có số liệu.").
        var reading: String
        var bars: [Bar]
        /// "%" for shares, a word for counts ("người", "hộ"), or "".
        var unit: String
        /// The end of the scale: nil takes 100 for shares, else a round number over the largest value or target.
        var max: Double?
        var digits: Int
        /// The header of the label column of the data table ("Thôn", "Đơn vị").
        var labelHeader: String
        var valueHeader: String
        /// Labels longer than this are cut with "…" in the drawing (the table and the tooltip keep them whole).
        var labelLimit: Int
        var table: TableDisplay

        init(id: String, title: String, reading: String, bars: [Bar], unit: String = "", max: Double? = nil, digits: Int = 1,
             labelHeader: String = ChartText.indicator, valueHeader: String = ChartText.value, labelLimit: Int = 28,
             table: TableDisplay = .collapsed) {
            self.id = id
            self.title = title
            self.reading = reading
            self.bars = bars
            self.unit = unit
            self.max = max
            self.digits = digits
            self.labelHeader = labelHeader
            self.valueHeader = valueHeader
            self.labelLimit = labelLimit
            self.table = table
        }

        static let rowHeight = 46.0
        static let top = 4.0
        static let barOffset = 20.0
        static let barHeight = 16.0

        var scale: Scale {
            ChartKit.scale(upTo: max, data: bars.compactMap(\.value) + bars.compactMap(\.target), unit: unit)
        }

        func format(_ value: Double) -> String { ChartKit.number(value, unit: unit, digits: digits) }

        func render() -> Content {
            let id = ChartKit.safeID(self.id)
            let hasTargets = bars.contains { $0.target != nil }
            var legend: [LegendItem] = [LegendItem(swatch: ChartKit.barSwatch, label: valueHeader)]
            if hasTargets { legend.append(LegendItem(swatch: ChartKit.targetSwatch, label: ChartText.target)) }
            if bars.contains(where: { $0.value == nil }) { legend.append(LegendItem(swatch: ChartKit.missingSwatch, label: ChartText.noDataTitle)) }
            let columns = hasTargets ? [valueHeader, ChartText.target] : [valueHeader]
            let rows = bars.map { bar -> (label: String, cells: [Cell]) in
                var cells = [bar.value.map { Cell.value(format($0)) } ?? .noData]
                if hasTargets { cells.append(Cell.value(bar.target.map(format) ?? "—")) }
                return (bar.label, cells)
            }
            return ChartKit.figure(kind: "bars", id: id, title: title, reading: reading, legend: ChartKit.legend(legend),
                                   graphic: drawing(id: id),
                                   table: ChartKit.dataTable(id: id, caption: title, rowHeader: labelHeader, columns: columns, rows: rows, display: table))
        }

        private func drawing(id: String) -> Content {
            let scale = self.scale
            let axisY = Self.top + Double(bars.count) * Self.rowHeight
            var nodes: [Content] = [ChartKit.hatchPattern(id: id)]
            for (index, bar) in bars.enumerated() {
                nodes.append(row(bar, y0: Self.top + Double(index) * Self.rowHeight, scale: scale, id: id))
            }
            let last = scale.ticks.count - 1
            for (index, tick) in scale.ticks.enumerated() {
                let anchor = index == 0 ? "start" : index == last && scale.fraction(tick) >= 0.999 ? "end" : "middle"
                nodes.append(ChartKit.text(format(tick), x: ChartKit.percent(scale.fraction(tick)), y: axisY + 14, className: "chart-tick",
                                           anchor: anchor, size: 12, fill: Palette.muted))
            }
            return ChartKit.svg(id: id, title: title, description: reading, height: axisY + 20, nodes)
        }

        private func row(_ bar: Bar, y0: Double, scale: Scale, id: String) -> Content {
            let barY = y0 + Self.barOffset
            let valueText = bar.value.map(format) ?? ChartText.noData
            var nodes: [Content] = [
                ChartKit.element("title", [], [.safe(ChartText.tooltip(bar.label, valueText, target: bar.target.map(format)))]),
                ChartKit.text(ChartKit.truncated(bar.label, limit: labelLimit), x: "0", y: y0 + 14, className: "chart-label"),
            ]
            if let value = bar.value {
                nodes.append(ChartKit.element("rect", [("class", "chart-track"), ("x", "0"), ("y", ChartKit.coordinate(barY)), ("width", "100%"),
                                                       ("height", ChartKit.coordinate(Self.barHeight)), ("fill", Palette.track)]))
                // Faint dividers at the inner ticks, under the bar: the scale can be read along every bar.
                for tick in scale.ticks.dropFirst() where scale.fraction(tick) < 0.999 {
                    let x = ChartKit.percent(scale.fraction(tick))
                    nodes.append(ChartKit.element("line", [("class", "chart-grid"), ("x1", x), ("y1", ChartKit.coordinate(barY)), ("x2", x),
                                                           ("y2", ChartKit.coordinate(barY + Self.barHeight)), ("stroke", "#fff"), ("stroke-width", "1.5")]))
                }
                nodes.append(ChartKit.element("rect", [("class", "chart-bar"), ("x", "0"), ("y", ChartKit.coordinate(barY)),
                                                       ("width", ChartKit.percent(scale.fraction(value))), ("height", ChartKit.coordinate(Self.barHeight)),
                                                       ("fill", Palette.bar)]))
                nodes.append(ChartKit.text(valueText, x: "100%", y: y0 + 14, className: "chart-value", anchor: "end", weight: "600"))
            } else {
                nodes.append(ChartKit.element("rect", [("class", "chart-missing"), ("x", "0.5"), ("y", ChartKit.coordinate(barY + 0.5)), ("width", "99.5%"),
                                                       ("height", ChartKit.coordinate(Self.barHeight - 1)), ("fill", "url(#\(id)-hatch)"),
                                                       ("stroke", Palette.missingLine), ("stroke-dasharray", "4 3")]))
                nodes.append(ChartKit.text(ChartText.noData, x: "8", y: barY + 12.5, className: "chart-missing-text", size: 12, halo: true))
            }
            if let target = bar.target {
                let x = ChartKit.percent(scale.fraction(target))
                let y1 = ChartKit.coordinate(barY - 3), y2 = ChartKit.coordinate(barY + Self.barHeight + 3)
                nodes.append(ChartKit.element("line", [("class", "chart-target-halo"), ("x1", x), ("y1", y1), ("x2", x), ("y2", y2),
                                                       ("stroke", "#fff"), ("stroke-width", "5")]))
                nodes.append(ChartKit.element("line", [("class", "chart-target"), ("x1", x), ("y1", y1), ("x2", x), ("y2", y2),
                                                       ("stroke", Palette.target), ("stroke-width", "2")]))
            }
            return ChartKit.element("g", [("class", bar.value == nil ? "chart-row chart-row-missing" : "chart-row")], nodes)
        }
    }
}
