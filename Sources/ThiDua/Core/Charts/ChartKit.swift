import Foundation
import Plot

/// Charts drawn on the server as SVG, with no script: bars by village (``BarChart``), lines over periods
/// (``LineChart``), progress against a target (``ProgressChart``) and a village × indicator table coloured by
/// attainment (``HeatTable``). Shared by the indicator dashboards (issue 16), the reviews and the public portal.
///
/// Every chart is one `<figure>`: a `<figcaption>` with the title and a one-sentence reading written by the caller,
/// the `<svg role="img">` with its `<title>` and `<desc>`, and the same numbers as a real `<table>` right after it
/// (in a `<details>` "Xem bảng số liệu" on screen, or shown; always printed). A missing value (nil) is never drawn or
/// written as 0: a bar is hatched and says "chưa có số liệu", a line has a gap, a cell says so.
///
/// Layout: the SVG is `width="100%"` with horizontal positions in percent and vertical ones in pixels, and no
/// `viewBox`. A viewBox would scale the text with the width (13 px type became 8 px on a 360 px phone); this way the
/// text keeps its size on every screen and only the bars stretch. Colours are SVG presentation attributes (the CSP
/// allows no `style=`), which the stylesheet's classes override for print.
///
/// Ids are deterministic: the caller's `id` (reduced to ASCII letters, digits, `-` and `_`) prefixes every id of the
/// chart, so two charts on a page need two ids. All text — labels come from users — is escaped.
enum ChartKit {
    typealias Content = Node<HTML.BodyContext>

    /// How a chart's data table shows on screen; print always shows it.
    enum TableDisplay: Sendable, Equatable {
        /// In a closed `<details>` "Xem bảng số liệu" (screen readers reach it by opening it, like everyone).
        case collapsed
        /// Always shown under the chart.
        case visible
    }

    /// The colours, each at least 3:1 against white (bars, lines, marks) or 4.5:1 (text).
    enum Palette {
        static let bar = "#2b65b0"
        static let track = "#e9ecf0"
        static let target = "#1a1a1a"
        static let text = "#1a1a1a"
        static let muted = "#4a515b"
        static let grid = "#d5dae1"
        static let hatch = "#b4bcc6"
        static let missingLine = "#6b7280"
        /// Line series: blue, red, green, ochre, purple, black (5.3:1 to 17:1 on white).
        static let series = ["#2b65b0", "#b3261e", "#1e7a45", "#8a5a00", "#6a3d9a", "#1a1a1a"]
        /// Each series also has its own dash and marker, so colour is never the only difference.
        static let dashes = ["", "7 4", "2 3", "9 3 2 3", "4 4", "1 3"]
    }

    // MARK: - Numbers

    /// "87,5%", "1.234 người", "12": Vietnamese digits (``NumberText``), the unit after a non-breaking space,
    /// except "%" which follows the number.
    static func number(_ value: Double, unit: String, digits: Int) -> String {
        let text = NumberText.format(value, maxFractionDigits: digits)
        guard !unit.isEmpty else { return text }
        return unit == "%" ? text + unit : text + "\u{00A0}" + unit
    }

    /// The value axis: from 0 to `max`, with its ticks.
    struct Scale: Sendable, Equatable {
        let max: Double
        let ticks: [Double]

        /// Where `value` falls between 0 and the top, held to 0…1 (a value over a fixed top is drawn at the top).
        func fraction(_ value: Double) -> Double {
            guard max > 0, value.isFinite else { return 0 }
            return Swift.min(1, Swift.max(0, value / max))
        }
    }

    /// The caller's top when given; else 100 for shares ("%") whose data stay within 100; else a round number over
    /// the largest value (37 → 40, 1.234 → 1.500).
    static func scale(upTo fixed: Double?, data: [Double], unit: String) -> Scale {
        let largest = data.filter(\.isFinite).max() ?? 0
        let top: Double, step: Double
        if let fixed, fixed > 0 {
            top = fixed
            step = niceStep(fixed / 4)
        } else if unit == "%", largest <= 100 {
            top = 100
            step = 25
        } else if largest <= 0 {
            top = 1
            step = 1
        } else {
            step = niceStep(largest / 4)
            top = (largest / step).rounded(.up) * step
        }
        var ticks: [Double] = []
        while Double(ticks.count) * step <= top * (1 + 1e-9), ticks.count < 12 {
            ticks.append(Double(ticks.count) * step)
        }
        return Scale(max: top, ticks: ticks)
    }

    /// 1, 2, 2,5 or 5 times a power of ten, at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, floor(log10(raw)))
        let f = raw / power
        let nice: Double = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
        return nice * power
    }

    /// A coordinate written with at most two decimals and no trailing zeros ("37.5", "120").
    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A share of the width as an SVG length: 0,375 → "37.5%".
    static func percent(_ fraction: Double) -> String {
        coordinate(Swift.min(1, Swift.max(0, fraction)) * 100) + "%"
    }

    // MARK: - Text

    /// At most `limit` characters (whole letters with their marks), the rest replaced by "…".
    static func truncated(_ text: String, limit: Int) -> String {
        guard limit > 1, text.count > limit else { return text }
        return String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// The caller's id as something safe in an id, a `url(#…)` and a CSS selector.
    static func safeID(_ raw: String) -> String {
        let kept = raw.unicodeScalars.map { scalar -> Character in
            let ok = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
            return ok ? Character(scalar) : "-"
        }
        let id = String(kept)
        guard let first = id.unicodeScalars.first else { return "chart" }
        return CharacterSet.letters.contains(first) ? id : "chart-" + id
    }

    // MARK: - SVG pieces

    /// An element with escaped attributes (in order) and children.
    static func element(_ name: String, _ attributes: [(String, String)], _ children: [Content] = []) -> Content {
        .element(named: name, nodes: attributes.map { Content.attr($0.0, $0.1) } + children)
    }

    /// An SVG `<text>`. With `halo`, a white outline under the letters keeps them readable over lines and hatching.
    static func text(_ content: String, x: String, y: Double, className: String, anchor: String = "start",
                     size: Double = 13, weight: String? = nil, fill: String = Palette.text, halo: Bool = false) -> Content {
        var attributes: [(String, String)] = [("class", className), ("x", x), ("y", coordinate(y))]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        attributes.append(("font-size", coordinate(size)))
        if let weight { attributes.append(("font-weight", weight)) }
        attributes.append(("fill", fill))
        if halo {
            attributes += [("stroke", "#fff"), ("stroke-width", "3"), ("stroke-linejoin", "round"), ("paint-order", "stroke")]
        }
        return element("text", attributes, [.safe(content)])
    }

    /// The hatching of a missing value, one per chart (`<id>-hatch`).
    static func hatchPattern(id: String) -> Content {
        element("defs", [], [
            element("pattern", [("id", "\(id)-hatch"), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse"),
                                ("patternTransform", "rotate(45)")], [
                element("rect", [("width", "6"), ("height", "6"), ("fill", "#fff")]),
                element("line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", Palette.hatch), ("stroke-width", "2")]),
            ]),
        ])
    }

    /// The outer `<svg>`: full width, `height` pixels tall, named by its `<title>` and described by its `<desc>`.
    static func svg(id: String, title: String, description: String, height: Double, _ children: [Content]) -> Content {
        element("svg", [
            ("class", "chart-svg"), ("role", "img"), ("width", "100%"), ("height", coordinate(height)),
            ("aria-labelledby", "\(id)-svg-title"), ("aria-describedby", "\(id)-svg-desc"), ("focusable", "false"),
        ], [
            element("title", [("id", "\(id)-svg-title")], [.safe(title)]),
            element("desc", [("id", "\(id)-svg-desc")], [.safe(description.isEmpty ? ChartText.seeTable : description + " " + ChartText.seeTable)]),
        ] + children)
    }

    /// A mark drawn around (0, 0) at a point whose x is a share of the width: a nested `<svg>` placed there, so
    /// shapes keep their pixel size whatever the width.
    static func placed(x: String, y: Double, className: String, _ children: [Content]) -> Content {
        element("svg", [("class", className), ("x", x), ("y", coordinate(y)), ("width", "1"), ("height", "1"), ("overflow", "visible")], children)
    }

    /// A point marker for series `index`: circle, square, diamond, triangle… (the shape differs as well as the colour).
    static func marker(_ index: Int, fill: String, tooltip: String?) -> Content {
        let tip: [Content] = tooltip.map { [element("title", [], [.safe($0)])] } ?? []
        let stroke: [(String, String)] = [("fill", fill), ("stroke", "#fff"), ("stroke-width", "1.5")]
        switch index % 4 {
        case 0: return element("circle", [("cx", "0"), ("cy", "0"), ("r", "4.5")] + stroke, tip)
        case 1: return element("rect", [("x", "-4"), ("y", "-4"), ("width", "8"), ("height", "8")] + stroke, tip)
        case 2: return element("polygon", [("points", "0,-5.5 5.5,0 0,5.5 -5.5,0")] + stroke, tip)
        default: return element("polygon", [("points", "0,-5.5 5.5,4.5 -5.5,4.5")] + stroke, tip)
        }
    }

    // MARK: - Legend

    /// One entry of a legend: a small drawing (hidden from screen readers) and its words.
    struct LegendItem {
        let swatch: Content?
        let label: String
    }

    static func legend(_ items: [LegendItem], className: String = "chart-legend") -> Content {
        guard !items.isEmpty else { return .empty }
        return element("ul", [("class", className), ("aria-label", ChartText.legend)], items.map { item in
            element("li", [], [item.swatch ?? .empty, element("span", [], [.safe(item.label)])])
        })
    }

    /// A 28 × 14 drawing for a legend entry.
    static func swatch(_ children: [Content]) -> Content {
        element("svg", [("class", "chart-swatch"), ("width", "28"), ("height", "14"), ("aria-hidden", "true"), ("focusable", "false")], children)
    }

    static var barSwatch: Content {
        swatch([element("rect", [("x", "0"), ("y", "2"), ("width", "28"), ("height", "10"), ("fill", Palette.bar), ("class", "chart-bar")])])
    }

    static var targetSwatch: Content {
        swatch([
            element("rect", [("x", "0"), ("y", "3"), ("width", "28"), ("height", "8"), ("fill", Palette.track)]),
            element("line", [("x1", "14"), ("y1", "0"), ("x2", "14"), ("y2", "14"), ("stroke", Palette.target), ("stroke-width", "2"), ("class", "chart-target")]),
        ])
    }

    static var targetLineSwatch: Content {
        swatch([element("line", [("x1", "0"), ("y1", "7"), ("x2", "28"), ("y2", "7"), ("stroke", Palette.target), ("stroke-width", "2"),
                                 ("stroke-dasharray", "6 4"), ("class", "chart-target")])])
    }

    static var missingSwatch: Content {
        swatch([
            element("rect", [("x", "0.5"), ("y", "2.5"), ("width", "27"), ("height", "9"), ("fill", "#fff"), ("stroke", Palette.missingLine),
                             ("stroke-dasharray", "3 2"), ("class", "chart-missing")]),
            element("line", [("x1", "6"), ("y1", "12"), ("x2", "14"), ("y2", "2"), ("stroke", Palette.hatch), ("stroke-width", "2")]),
            element("line", [("x1", "15"), ("y1", "12"), ("x2", "23"), ("y2", "2"), ("stroke", Palette.hatch), ("stroke-width", "2")]),
        ])
    }

    static func seriesSwatch(_ index: Int) -> Content {
        let color = Palette.series[index % Palette.series.count]
        let dash = Palette.dashes[index % Palette.dashes.count]
        return swatch([
            element("line", [("x1", "0"), ("y1", "7"), ("x2", "28"), ("y2", "7"), ("stroke", color), ("stroke-width", "2.5"),
                             ("stroke-dasharray", dash), ("class", "chart-line")]),
            placed(x: "14", y: 7, className: "chart-point", [marker(index, fill: color, tooltip: nil)]),
        ])
    }

    // MARK: - Figure and data table

    /// One cell of a data table: its text, and whether it stands for a missing value.
    struct Cell: Sendable, Equatable {
        let text: String
        let missing: Bool

        static func value(_ text: String) -> Cell { Cell(text: text, missing: false) }
        static let noData = Cell(text: ChartText.noData, missing: true)
    }

    /// The chart's numbers as a table: a caption, a header row (`th scope="col"`), one row per label
    /// (`th scope="row"`), number columns aligned right.
    static func dataTable(id: String, caption: String, rowHeader: String, columns: [String], rows: [(label: String, cells: [Cell])],
                          display: TableDisplay) -> Content {
        let table = element("div", [("class", "table-wrap")], [element("table", [("class", "data chart-table"), ("id", "\(id)-table")], [
            element("caption", [], [.safe(caption)]),
            element("thead", [], [element("tr", [], [element("th", [("scope", "col")], [.safe(rowHeader)])] + columns.map { header in
                element("th", [("scope", "col"), ("class", "num")], [.safe(header)])
            })]),
            element("tbody", [], rows.map { row in
                element("tr", [], [element("th", [("scope", "row")], [.safe(row.label)])] + row.cells.map { cell in
                    element("td", [("class", cell.missing ? "num chart-missing-cell" : "num")], [.safe(cell.text)])
                })
            }),
        ])])
        switch display {
        case .collapsed:
            return element("details", [("class", "chart-data")], [element("summary", [], [.safe(ChartText.showTable)]), table])
        case .visible:
            return element("div", [("class", "chart-data chart-data-open")], [table])
        }
    }

    /// The frame every chart shares: `<figure>` › `<figcaption>` (title, reading) › legend › drawing › extra › table.
    static func figure(kind: String, id: String, title: String, reading: String, legend: Content = .empty, graphic: Content,
                       extra: Content = .empty, table: Content) -> Content {
        element("figure", [("class", "chart chart-\(kind)"), ("id", id)], [
            element("figcaption", [], [
                element("span", [("class", "chart-title"), ("id", "\(id)-title")], [.safe(title)]),
                reading.isEmpty ? .empty : element("span", [("class", "chart-reading"), ("id", "\(id)-reading")], [.safe(reading)]),
            ]),
            legend,
            graphic,
            extra,
            table,
        ])
    }
}
