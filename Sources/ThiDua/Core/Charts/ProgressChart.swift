import Foundation
import Plot

extension ChartKit {
    /// One value against its target: a bar from 0 to the end of the scale, filled to the value, the target marked
    /// and named, and a line of text under it ("45% / mục tiêu 60% — đạt 75% mục tiêu"). Higher is better.
    struct ProgressChart: Sendable {
        var id: String
        var title: String
        var reading: String
        /// What is measured, as the table's row ("Người trưởng thành có kỹ năng số cơ bản").
        var label: String
        var value: Double?
        var target: Double?
        var unit: String
        /// nil: 100 for shares, else the larger of the value and the target.
        var max: Double?
        var digits: Int
        var table: TableDisplay

        init(id: String, title: String, reading: String, label: String, value: Double?, target: Double?, unit: String = "",
             max: Double? = nil, digits: Int = 1, table: TableDisplay = .collapsed) {
            self.id = id
            self.title = title
            self.reading = reading
            self.label = label
            self.value = value
            self.target = target
            self.unit = unit
            self.max = max
            self.digits = digits
            self.table = table
        }

        static let barY = 6.0
        static let barHeight = 22.0

        var top: Double {
            if let max, max > 0 { return max }
            let largest = Swift.max(value ?? 0, target ?? 0)
            if unit == "%", largest <= 100 { return 100 }
            return largest > 0 ? largest : 1
        }

        /// value ÷ target, when both are known and the target is not 0.
        var attainment: Double? {
            guard let value, let target, target > 0 else { return nil }
            return value / target
        }

        func format(_ value: Double) -> String { ChartKit.number(value, unit: unit, digits: digits) }

        /// "45% / mục tiêu 60% — đạt 75% mục tiêu", "chưa có số liệu / mục tiêu 60%".
        var summary: String {
            var text = value.map(format) ?? ChartText.noData
            if let target { text += " / " + ChartText.targetOf(format(target)) }
            if let attainment { text += " — " + ChartText.attained(NumberText.percent(attainment)) }
            return text
        }

        func render() -> Content {
            let id = ChartKit.safeID(self.id)
            let cells: [Cell] = [
                value.map { .value(format($0)) } ?? .noData,
                .value(target.map(format) ?? "—"),
                attainment.map { .value(NumberText.percent($0)) } ?? .value("—"),
            ]
            let table = ChartKit.dataTable(id: id, caption: title, rowHeader: ChartText.indicator,
                                           columns: [ChartText.value, ChartText.target, ChartText.attainment],
                                           rows: [(label, cells)], display: self.table)
            let text = ChartKit.element("p", [("class", "chart-progress-text")], [.safe(summary)])
            return ChartKit.figure(kind: "progress", id: id, title: title, reading: reading, graphic: drawing(id: id), extra: text, table: table)
        }

        private func drawing(id: String) -> Content {
            let top = self.top
            let fraction = { (v: Double) in Swift.min(1, Swift.max(0, v / top)) }
            let y = ChartKit.coordinate(Self.barY), h = ChartKit.coordinate(Self.barHeight)
            var nodes: [Content] = [ChartKit.hatchPattern(id: id)]
            if let value {
                nodes.append(ChartKit.element("rect", [("class", "chart-track"), ("x", "0"), ("y", y), ("width", "100%"), ("height", h),
                                                       ("fill", Palette.track)]))
                nodes.append(ChartKit.element("rect", [("class", "chart-bar"), ("x", "0"), ("y", y), ("width", ChartKit.percent(fraction(value))),
                                                       ("height", h), ("fill", Palette.bar)]))
            } else {
                nodes.append(ChartKit.element("rect", [("class", "chart-missing"), ("x", "0.5"), ("y", ChartKit.coordinate(Self.barY + 0.5)),
                                                       ("width", "99.5%"), ("height", ChartKit.coordinate(Self.barHeight - 1)),
                                                       ("fill", "url(#\(id)-hatch)"), ("stroke", Palette.missingLine), ("stroke-dasharray", "4 3")]))
                nodes.append(ChartKit.text(ChartText.noData, x: "8", y: Self.barY + 15.5, className: "chart-missing-text", size: 12, halo: true))
            }
            let labelY = Self.barY + Self.barHeight + 18
            var showEnds = (start: true, end: true)
            if let target {
                let f = fraction(target), x = ChartKit.percent(f)
                let y1 = ChartKit.coordinate(Self.barY - 4), y2 = ChartKit.coordinate(Self.barY + Self.barHeight + 4)
                nodes.append(ChartKit.element("line", [("class", "chart-target-halo"), ("x1", x), ("y1", y1), ("x2", x), ("y2", y2),
                                                       ("stroke", "#fff"), ("stroke-width", "5")]))
                nodes.append(ChartKit.element("line", [("class", "chart-target"), ("x1", x), ("y1", y1), ("x2", x), ("y2", y2),
                                                       ("stroke", Palette.target), ("stroke-width", "2")]))
                let anchor = f < 0.2 ? "start" : f > 0.8 ? "end" : "middle"
                if f < 0.3 { showEnds.start = false }
                if f > 0.7 { showEnds.end = false }
                nodes.append(ChartKit.text(ChartText.targetIs(format(target)), x: x, y: labelY, className: "chart-target-label", anchor: anchor,
                                           size: 12, weight: "600"))
            }
            if showEnds.start {
                nodes.append(ChartKit.text(format(0), x: "0", y: labelY, className: "chart-tick", size: 12, fill: Palette.muted))
            }
            if showEnds.end {
                nodes.append(ChartKit.text(format(top), x: "100%", y: labelY, className: "chart-tick", anchor: "end", size: 12, fill: Palette.muted))
            }
            return ChartKit.svg(id: id, title: title, description: [reading, summary + "."].filter { !$0.isEmpty }.joined(separator: " "),
                                height: labelY + 6, nodes)
        }
    }
}
