import Foundation
import Plot

extension ChartKit {
    /// How far a value has come toward its target, as a ``HeatTable`` cell shows it: by a class (its colour), a
    /// symbol and words, so colour is never the only signal.
    enum AttainmentBand: String, Sendable, CaseIterable {
        case met, near, notMet, noTarget, noData

        /// The band of a value whose attainment (value ÷ target, or the inverse where lower is better) is `ratio`.
        static func of(hasValue: Bool, ratio: Double?, near threshold: Double) -> AttainmentBand {
            guard hasValue else { return .noData }
            guard let ratio, ratio.isFinite else { return .noTarget }
            if ratio >= 1 - 1e-9 { return .met }
            return ratio >= threshold - 1e-9 ? .near : .notMet
        }

        var className: String {
            switch self {
            case .met: "heat-met"
            case .near: "heat-near"
            case .notMet: "heat-not-met"
            case .noTarget: "heat-no-target"
            case .noData: "heat-no-data"
            }
        }

        var label: String {
            switch self {
            case .met: ChartText.bandMet
            case .near: ChartText.bandNear
            case .notMet: ChartText.bandNotMet
            case .noTarget: ChartText.bandNoTarget
            case .noData: ChartText.noDataTitle
            }
        }

        var symbol: String {
            switch self {
            case .met: "✓"
            case .near: "≈"
            case .notMet: "✗"
            case .noTarget: "·"
            case .noData: "—"
            }
        }
    }

    /// One cell: the value as it should read ("87,5%", "12 lớp"; nil when missing) and its attainment ratio
    /// (nil when there is no target).
    struct HeatCell: Sendable, Equatable {
        var value: String?
        var ratio: Double?

        init(_ value: String?, ratio: Double?) {
            self.value = value
            self.ratio = ratio
        }

        static let noData = HeatCell(nil, ratio: nil)
    }

    /// One row: a village or a unit, its cells in the order of the table's columns (missing cells are "no data").
    struct HeatRow: Sendable, Equatable {
        var label: String
        var cells: [HeatCell]

        init(_ label: String, _ cells: [HeatCell]) {
            self.label = label
            self.cells = cells
        }
    }

    /// A village × indicator table coloured by attainment. Each cell holds its number, a symbol (✓ ≈ ✗ —) and, for
    /// screen readers, its band in words; a legend says what the colours and symbols mean. The table is the data,
    /// so it is shown as it is (scrolling sideways on a phone, the first column held).
    struct HeatTable: Sendable {
        var id: String
        var title: String
        var reading: String
        /// The header of the row labels ("Thôn").
        var rowHeader: String
        var columns: [String]
        var rows: [HeatRow]
        /// From this ratio up to 1 a value is "gần đạt" (0,8 = 80% of the target).
        var nearThreshold: Double

        init(id: String, title: String, reading: String, rowHeader: String, columns: [String], rows: [HeatRow], nearThreshold: Double = 0.8) {
            self.id = id
            self.title = title
            self.reading = reading
            self.rowHeader = rowHeader
            self.columns = columns
            self.rows = rows
            self.nearThreshold = nearThreshold
        }

        func band(_ cell: HeatCell) -> AttainmentBand {
            AttainmentBand.of(hasValue: cell.value != nil, ratio: cell.ratio, near: nearThreshold)
        }

        func render() -> Content {
            let id = ChartKit.safeID(self.id)
            let threshold = NumberText.percent(nearThreshold)
            var bands: [(AttainmentBand, String)] = [
                (.met, ChartText.metRule()), (.near, ChartText.nearRule(threshold)), (.notMet, ChartText.notMetRule(threshold)), (.noData, ""),
            ]
            if rows.contains(where: { row in row.cells.contains { band($0) == .noTarget } }) { bands.insert((.noTarget, ""), at: 3) }
            let legend = ChartKit.element("ul", [("class", "chart-legend heat-legend"), ("aria-label", ChartText.legend)], bands.map { band, rule in
                ChartKit.element("li", [], [
                    ChartKit.element("span", [("class", "heat-swatch \(band.className)"), ("aria-hidden", "true")], [.safe(band.symbol)]),
                    ChartKit.element("span", [], [.safe(rule.isEmpty ? band.label : "\(band.label): \(rule)")]),
                ])
            })
            let table = ChartKit.element("div", [("class", "table-wrap heat-wrap")], [ChartKit.element("table", [("class", "data heat"), ("id", "\(id)-table")], [
                ChartKit.element("caption", [("class", "visually-hidden")], [.safe(title)]),
                ChartKit.element("thead", [], [ChartKit.element("tr", [], [ChartKit.element("th", [("scope", "col")], [.safe(rowHeader)])] + columns.map { column in
                    ChartKit.element("th", [("scope", "col"), ("class", "num")], [.safe(column)])
                })]),
                ChartKit.element("tbody", [], [.raw(bodyRows())]),
            ])])
            return ChartKit.element("figure", [("class", "chart chart-heat"), ("id", id)], [
                ChartKit.element("figcaption", [], [
                    ChartKit.element("span", [("class", "chart-title"), ("id", "\(id)-title")], [.safe(title)]),
                    reading.isEmpty ? .empty : ChartKit.element("span", [("class", "chart-reading"), ("id", "\(id)-reading")], [.safe(reading)]),
                ]),
                legend,
                table,
            ])
        }

        /// A cell's markup, written straight into the table body: a commune of 200 units draws thousands of cells, and a
        /// Plot element tree of four nodes each was a quarter of the dashboard page's drawing.
        private func cell(_ cell: HeatCell, into out: inout String) {
            let band = band(cell)
            var words = band.label
            if let ratio = cell.ratio, band != .noData, band != .noTarget { words += " (\(NumberText.percent(ratio)) \(ChartText.target.lowercased()))" }
            out += "<td class=\"num heat-cell \(HTMLEscape.attribute(band.className))\">"
            if let value = cell.value { out += "<span class=\"heat-value\">\(HTMLEscape.text(value))</span>" }
            out += "<span class=\"heat-mark\" aria-hidden=\"true\">\(HTMLEscape.text(band.symbol))</span>"
            out += "<span class=\"visually-hidden\">\(HTMLEscape.text(words))</span></td>"
        }

        /// The rows, as markup (``cell(_:into:)``).
        private func bodyRows() -> String {
            var out = ""
            out.reserveCapacity(rows.count * (columns.count + 1) * 160)
            for row in rows {
                out += "<tr><th scope=\"row\">\(HTMLEscape.text(row.label))</th>"
                for c in columns.indices { cell(c < row.cells.count ? row.cells[c] : .noData, into: &out) }
                out += "</tr>"
            }
            return out
        }
    }
}
