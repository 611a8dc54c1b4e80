import Foundation
import Plot
import Testing
@testable import ThiDua

/// The server-drawn charts (Core/Charts): nil is never 0, sizes follow the values, every text is escaped, and each
/// chart carries its title, reading and data table.
@Suite("Chart kit")
struct ChartKitTests {
    static let hostile = "<script>\"x'"

    /// The markup between the first `start` and the next `end` after it.
    static func slice(_ html: String, from start: String, to end: String) -> String {
        guard let a = html.range(of: start) else { return "" }
        guard let b = html.range(of: end, range: a.upperBound..<html.endIndex) else { return String(html[a.lowerBound...]) }
        return String(html[a.lowerBound..<b.upperBound])
    }

    static func count(_ needle: String, in html: String) -> Int {
        html.components(separatedBy: needle).count - 1
    }

    /// Every value of `attribute` on the elements whose class is exactly `className`, in order.
    static func values(of attribute: String, onClass className: String, in html: String) -> [String] {
        html.components(separatedBy: "class=\"\(className)\"").dropFirst().compactMap { rest in
            let tag = rest.prefix { $0 != ">" }
            guard let r = tag.range(of: " \(attribute)=\"") else { return nil }
            return String(tag[r.upperBound...].prefix { $0 != "\"" })
        }
    }

    static func rowGroups(_ html: String) -> [String] {
        html.components(separatedBy: "<g class=\"chart-row").dropFirst().map { $0.components(separatedBy: "</g>")[0] }
    }

    static func villages() -> ChartKit.BarChart {
        ChartKit.BarChart(id: "vneid", title: "Tỷ lệ người trưởng thành xác thực kỹ năng số trên VNeID",
                          reading: "Thôn Đông chưa có số liệu; Thôn Nam đo được 0%.",
                          bars: [.init("Thôn Bắc", 40, target: 80), .init("Thôn Đông", nil, target: 80), .init("Thôn Nam", 0, target: 80)],
                          unit: "%", labelHeader: "Thôn")
    }

    // MARK: - Bars

    @Test("a missing value draws no bar and no 0: a hatched empty bar, and \"chưa có số liệu\" in the table")
    func nilIsNotZero() {
        // setup
        let chart = Self.villages()
        // act
        let html = chart.render().render()
        // check
        let svg = Self.slice(html, from: "<svg class=\"chart-svg\"", to: "</svg>")
        let groups = Self.rowGroups(svg)
        #expect(groups.count == 3)
        #expect(Self.count("class=\"chart-bar\"", in: svg) == 2, "bars for the two known values only (0 is a value)")
        #expect(!groups[1].contains("chart-bar\""))
        #expect(!groups[1].contains("class=\"chart-value\""))
        #expect(!groups[1].contains(">0%<"))
        #expect(groups[1].contains("class=\"chart-missing\""))
        #expect(groups[1].contains("fill=\"url(#vneid-hatch)\""))
        #expect(groups[1].contains(">chưa có số liệu</text>"))
        #expect(groups[2].contains("width=\"0%\""), "a real 0 is a bar of width 0")
        #expect(groups[2].contains(">0%</text>"))
        let table = Self.slice(html, from: "<table", to: "</table>")
        #expect(table.contains("<tr><th scope=\"row\">Thôn Đông</th><td class=\"num chart-missing-cell\">chưa có số liệu</td><td class=\"num\">80%</td></tr>"))
        #expect(table.contains("<tr><th scope=\"row\">Thôn Nam</th><td class=\"num\">0%</td>"))
        #expect(html.contains("Chưa có số liệu"), "the legend explains the hatching")
    }

    @Test("bar widths are proportional to the values, on the share scale and on a computed one")
    func barWidths() {
        // setup
        let shares = ChartKit.BarChart(id: "s", title: "T", reading: "", bars: [.init("A", 25), .init("B", 50), .init("C", 100), .init("D", 130)], unit: "%")
        let counts = ChartKit.BarChart(id: "c", title: "T", reading: "", bars: [.init("A", 10), .init("B", 30), .init("C", 15)], unit: "lớp")
        // act
        let shareWidths = Self.values(of: "width", onClass: "chart-bar", in: shares.render().render())
        let countWidths = Self.values(of: "width", onClass: "chart-bar", in: counts.render().render())
        // check
        #expect(shares.scale.max == 150, "a share over 100 widens the scale rather than being cut")
        let sharesUpTo100 = ChartKit.BarChart(id: "s", title: "T", reading: "", bars: [.init("A", 25), .init("B", 50)], unit: "%")
        #expect(Self.values(of: "width", onClass: "chart-bar", in: sharesUpTo100.render().render()) == ["25%", "50%"])
        #expect(shareWidths == ["16.67%", "33.33%", "66.67%", "86.67%"])
        #expect(counts.scale.max == 30)
        #expect(countWidths == ["33.33%", "100%", "50%"])
        let capped = ChartKit.BarChart(id: "f", title: "T", reading: "", bars: [.init("A", 50), .init("B", 300)], max: 200)
        #expect(Self.values(of: "width", onClass: "chart-bar", in: capped.render().render()) == ["25%", "100%"], "over a fixed top: drawn at the top")
    }

    @Test("targets are drawn where they fall and written in the table")
    func targetsDrawn() {
        // setup
        let chart = Self.villages()
        let line = ChartKit.LineChart(id: "l", title: "T", reading: "", series: [.init("Xã", [("2025", 50.0), ("2026", 70.0)])], target: 60, unit: "%")
        let progress = ChartKit.ProgressChart(id: "p", title: "T", reading: "", label: "Người học", value: 45, target: 60, unit: "%")
        // act
        let html = chart.render().render()
        let lineHTML = line.render().render()
        let progressHTML = progress.render().render()
        // check
        #expect(Self.values(of: "x1", onClass: "chart-target", in: html) == ["80%", "80%", "80%"])
        #expect(html.contains("<th scope=\"col\" class=\"num\">Mục tiêu</th>"))
        #expect(Self.count("<td class=\"num\">80%</td>", in: html) == 3)
        // 60% of a 0–100 axis 180 px tall starting at y = 22: y = 22 + 180 × 0,4 = 94.
        #expect(lineHTML.contains("<line class=\"chart-target\" x1=\"0\" y1=\"94\" x2=\"100%\" y2=\"94\""))
        #expect(lineHTML.contains(">Mục tiêu: 60%</text>"))
        #expect(Self.values(of: "x1", onClass: "chart-target", in: progressHTML) == ["60%"])
        #expect(Self.values(of: "width", onClass: "chart-bar", in: progressHTML) == ["45%"])
        #expect(progressHTML.contains("45% / mục tiêu 60% — đạt 75% mục tiêu"))
        #expect(progressHTML.contains("<td class=\"num\">75%</td>"))
    }

    @Test("a progress bar without a value is hatched and says so, with no attainment")
    func progressWithoutValue() {
        let html = ChartKit.ProgressChart(id: "p", title: "T", reading: "", label: "L", value: nil, target: 60, unit: "%").render().render()
        #expect(!html.contains("class=\"chart-bar\""))
        #expect(html.contains("class=\"chart-missing\""))
        #expect(html.contains("chưa có số liệu / mục tiêu 60%"))
        #expect(html.contains("<td class=\"num chart-missing-cell\">chưa có số liệu</td><td class=\"num\">60%</td><td class=\"num\">—</td>"))
    }

    // MARK: - Escaping

    @Test("labels from users are escaped in the drawing, the tooltips, the legend and the tables")
    func hostileLabels() {
        // setup
        let evil = Self.hostile
        let bars = ChartKit.BarChart(id: "a\" onload=\"x", title: evil, reading: evil, bars: [.init(evil, 10, target: 5)], labelHeader: evil)
        let line = ChartKit.LineChart(id: "l", title: evil, reading: evil, series: [.init(evil, [(evil, 1.0), ("2026", 2.0)])])
        let progress = ChartKit.ProgressChart(id: "p", title: evil, reading: evil, label: evil, value: 1, target: 2, unit: evil)
        let heat = ChartKit.HeatTable(id: "h", title: evil, reading: evil, rowHeader: evil, columns: [evil],
                                      rows: [.init(evil, [.init(evil, ratio: 1)])])
        // act
        let outputs = [bars.render(), line.render(), progress.render(), heat.render()].map { $0.render() }
        // check
        for html in outputs {
            #expect(!html.contains("<script"))
            #expect(html.contains("&lt;script&gt;\"x'"))
        }
        let barSVG = Self.slice(outputs[0], from: "<svg class=\"chart-svg\"", to: "</svg>")
        #expect(barSVG.contains("<title>&lt;script&gt;\"x': 10 (mục tiêu 5)</title>"))
        #expect(barSVG.contains(">&lt;script&gt;\"x'</text>"))
        #expect(Self.slice(outputs[0], from: "<table", to: "</table>").contains("<th scope=\"row\">&lt;script&gt;\"x'</th>"))
        #expect(outputs[0].contains("id=\"a--onload--x\""), "the id is reduced to safe characters")
        #expect(!outputs[0].contains("onload=\""))
        #expect(Self.slice(outputs[1], from: "<table", to: "</table>").contains("<th scope=\"row\">&lt;script&gt;\"x'</th>"))
        #expect(outputs[1].contains("<span>&lt;script&gt;\"x'</span>"), "the series name in the legend")
        #expect(outputs[3].contains("<span class=\"heat-value\">&lt;script&gt;\"x'</span>"))
    }

    // MARK: - Heat table

    @Test("each band of the heat table has its class, its symbol and its words, and the number stays in the cell")
    func heatBands() {
        // setup
        let table = ChartKit.HeatTable(id: "heat", title: "Thôn × chỉ tiêu", reading: "R", rowHeader: "Thôn",
                                       columns: ["Kỹ năng số", "VNeID", "Cáp quang", "Tổ CNSCĐ", "Nhóm trực tuyến"],
                                       rows: [.init("Thôn Bắc", [.init("92%", ratio: 1.05), .init("68%", ratio: 0.85), .init("30%", ratio: 0.5),
                                                                 .noData, .init("1", ratio: nil)]),
                                              .init("Thôn Đông", [.init("80%", ratio: 1)])])
        // act
        let html = table.render().render()
        // check
        #expect(html.contains("<td class=\"num heat-cell heat-met\"><span class=\"heat-value\">92%</span><span class=\"heat-mark\" aria-hidden=\"true\">✓</span><span class=\"visually-hidden\">Đạt (105% mục tiêu)</span></td>"))
        #expect(html.contains("<td class=\"num heat-cell heat-near\"><span class=\"heat-value\">68%</span><span class=\"heat-mark\" aria-hidden=\"true\">≈</span><span class=\"visually-hidden\">Gần đạt (85% mục tiêu)</span></td>"))
        #expect(html.contains("<td class=\"num heat-cell heat-not-met\"><span class=\"heat-value\">30%</span><span class=\"heat-mark\" aria-hidden=\"true\">✗</span><span class=\"visually-hidden\">Chưa đạt (50% mục tiêu)</span></td>"))
        #expect(html.contains("<td class=\"num heat-cell heat-no-data\"><span class=\"heat-mark\" aria-hidden=\"true\">—</span><span class=\"visually-hidden\">Chưa có số liệu</span></td>"))
        #expect(html.contains("<td class=\"num heat-cell heat-no-target\"><span class=\"heat-value\">1</span><span class=\"heat-mark\" aria-hidden=\"true\">·</span><span class=\"visually-hidden\">Chưa có mục tiêu</span></td>"))
        #expect(html.contains("<td class=\"num heat-cell heat-met\"><span class=\"heat-value\">80%</span>"), "exactly the target is met")
        // A row with fewer cells than columns: the rest are missing, not empty or 0.
        let east = Self.slice(html, from: "<th scope=\"row\">Thôn Đông</th>", to: "</tr>")
        #expect(Self.count("heat-no-data", in: east) == 4)
        // The legend names every band with its rule, symbol beside it.
        #expect(html.contains("<span class=\"heat-swatch heat-met\" aria-hidden=\"true\">✓</span><span>Đạt: từ 100% mục tiêu</span>"))
        #expect(html.contains("<span>Gần đạt: từ 80% đến dưới 100% mục tiêu</span>"))
        #expect(html.contains("<span>Chưa đạt: dưới 80% mục tiêu</span>"))
        #expect(html.contains("<span>Chưa có mục tiêu</span>"))
        #expect(html.contains("<th scope=\"col\" class=\"num\">Cáp quang</th>"))
        #expect(html.contains("<caption class=\"visually-hidden\">Thôn × chỉ tiêu</caption>"))
        #expect(ChartKit.AttainmentBand.of(hasValue: true, ratio: 0.8, near: 0.8) == .near)
        #expect(ChartKit.AttainmentBand.of(hasValue: true, ratio: 0.7999, near: 0.8) == .notMet)
        #expect(ChartKit.AttainmentBand.of(hasValue: false, ratio: 1.2, near: 0.8) == .noData, "no value, no band, whatever the ratio")
    }

    // MARK: - Lines

    @Test("a line has a gap where a period is missing, never a drop to 0")
    func lineGaps() {
        // setup
        let chart = ChartKit.LineChart(id: "trend", title: "Xu hướng", reading: "R",
                                       series: [.init("Thôn Bắc", [("2023", 10.0), ("2024", nil), ("2025", 30.0), ("2026", 40.0)]),
                                                .init("Thôn Nam", [("2023", 20.0), ("2026", 25.0)])],
                                       unit: "%", max: 50)
        // act
        let html = chart.render().render()
        // check
        let drawing = Self.slice(html, from: "<svg class=\"chart-svg\"", to: "<text class=\"chart-tick\"")
        let first = Self.slice(drawing, from: "chart-series-0", to: "</g>")
        let second = Self.slice(drawing, from: "chart-series-1", to: "</g>")
        #expect(Self.count("<line class=\"chart-line\"", in: first) == 1, "only 2025–2026 are joined")
        #expect(first.contains("<line class=\"chart-line\" x1=\"64.67%\" y1=\"94\" x2=\"94%\" y2=\"58\""))
        #expect(Self.count("class=\"chart-point\"", in: first) == 3)
        #expect(!first.contains("y=\"202\""), "no point on the 0 line (22 + 180)")
        #expect(Self.count("<line class=\"chart-line\"", in: second) == 0, "two values with two missing periods between: no line")
        #expect(Self.count("class=\"chart-point\"", in: second) == 2)
        #expect(chart.periods == ["2023", "2024", "2025", "2026"])
        let table = Self.slice(html, from: "<table", to: "</table>")
        #expect(table.contains("<tr><th scope=\"row\">2024</th><td class=\"num chart-missing-cell\">chưa có số liệu</td><td class=\"num chart-missing-cell\">chưa có số liệu</td></tr>"))
        #expect(table.contains("<tr><th scope=\"row\">2023</th><td class=\"num\">10%</td><td class=\"num\">20%</td></tr>"))
        #expect(html.contains(ChartText.gapNote))
    }

    @Test("axis ticks and values use Vietnamese digits: comma decimals, dot thousands")
    func vietnameseNumbers() {
        // setup
        let chart = ChartKit.LineChart(id: "n", title: "T", reading: "", series: [.init("Người học", [("2025", 1234.5), ("2026", 4800.0)])],
                                       unit: "người")
        // act
        let html = chart.render().render()
        // check
        #expect(chart.scale.ticks == [0, 2000, 4000, 6000])
        #expect(html.contains(">2.000\u{00A0}người</text>"))
        #expect(html.contains("<td class=\"num\">1.234,5\u{00A0}người</td>"))
        #expect(ChartKit.number(0.5, unit: "%", digits: 1) == "0,5%")
        #expect(ChartKit.scale(upTo: nil, data: [37], unit: "").ticks == [0, 10, 20, 30, 40])
        #expect(ChartKit.scale(upTo: nil, data: [], unit: "").max == 1)
        #expect(ChartKit.scale(upTo: nil, data: [64], unit: "%") == ChartKit.Scale(max: 100, ticks: [0, 25, 50, 75, 100]))
    }

    // MARK: - Structure

    @Test("a chart is a figure: caption with title and reading, a named svg, then its data table")
    func figureStructure() {
        // setup
        let chart = Self.villages()
        // act
        let html = chart.render().render()
        let visible = ChartKit.BarChart(id: "v", title: "T", reading: "R", bars: [.init("A", 1)], table: .visible).render().render()
        // check
        #expect(html.hasPrefix("<figure class=\"chart chart-bars\" id=\"vneid\"><figcaption><span class=\"chart-title\" id=\"vneid-title\">Tỷ lệ người trưởng thành xác thực kỹ năng số trên VNeID</span><span class=\"chart-reading\" id=\"vneid-reading\">Thôn Đông chưa có số liệu; Thôn Nam đo được 0%.</span></figcaption>"))
        #expect(html.hasSuffix("</table></div></details></figure>"))
        #expect(html.contains("<svg class=\"chart-svg\" role=\"img\" width=\"100%\" height=\"162\" aria-labelledby=\"vneid-svg-title\" aria-describedby=\"vneid-svg-desc\" focusable=\"false\"><title id=\"vneid-svg-title\">Tỷ lệ người trưởng thành xác thực kỹ năng số trên VNeID</title><desc id=\"vneid-svg-desc\">Thôn Đông chưa có số liệu; Thôn Nam đo được 0%. Số liệu chi tiết ở bảng kèm theo.</desc>"))
        let order = ["<figcaption>", "<ul class=\"chart-legend\"", "<svg class=\"chart-svg\"", "<details class=\"chart-data\"><summary>Xem bảng số liệu</summary>",
                     "<table class=\"data chart-table\" id=\"vneid-table\"><caption>Tỷ lệ người trưởng thành xác thực kỹ năng số trên VNeID</caption>",
                     "<thead><tr><th scope=\"col\">Thôn</th><th scope=\"col\" class=\"num\">Giá trị</th><th scope=\"col\" class=\"num\">Mục tiêu</th></tr></thead>"]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil))
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(!visible.contains("<details"))
        #expect(visible.contains("<div class=\"chart-data chart-data-open\"><div class=\"table-wrap\"><table"))
        #expect(html == Self.villages().render().render(), "the same data render the same bytes")
        #expect(!html.contains("style="), "the CSP forbids inline styles")
    }

    @Test("a long label is cut with an ellipsis in the drawing and kept whole in its tooltip and the table")
    func longLabels() {
        // setup
        let long = "Trường Trung học cơ sở Nghĩa Trung số 1 (điểm trường Bình Thủy)"
        // act
        let html = ChartKit.BarChart(id: "u", title: "T", reading: "", bars: [.init(long, 12)], labelHeader: "Đơn vị").render().render()
        // check
        #expect(html.contains(">Trường Trung học cơ sở Nghĩ…</text>"))
        #expect(html.contains("<title>\(long): 12</title>"))
        #expect(html.contains("<th scope=\"row\">\(long)</th>"))
        #expect(ChartKit.truncated("Thôn Bình Thủy", limit: 28) == "Thôn Bình Thủy")
        #expect(ChartKit.truncated("Nghi\u{0303}a Nghi\u{0303}a", limit: 5) == "Nghi\u{0303}…", "a letter is never split from its mark")
    }

    @Test("the sample page holds every kind of chart; CHARTKIT_SAMPLE=path writes it for a browser")
    func samplePage() throws {
        // act
        let html = ChartKitSample.page(stylesheet: "file://" + ChartKitSample.stylesheetPath())
        // check
        for kind in ["chart-bars", "chart-lines", "chart-progress", "chart-heat"] { #expect(html.contains("<figure class=\"chart \(kind)\"")) }
        #expect(!html.contains("<script"))
        if let path = ProcessInfo.processInfo.environment["CHARTKIT_SAMPLE"] {
            try html.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}

/// A page with one chart of each kind on realistic data (22 villages), to look at in a browser.
enum ChartKitSample {
    static func stylesheetPath(file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/ThiDua/Resources/Public/app.css").path
    }

    static let villages = ["Thôn Bình Thủy", "Thôn Đông Hòa", "Thôn Tây Sơn", "Thôn Phú Nhuận", "Thôn Tân Lập", "Thôn Hòa Bình",
                           "Thôn An Khê", "Thôn Thượng", "Thôn Hạ", "Thôn Bắc Sơn", "Thôn Nam Sơn", "Thôn Trung Tâm",
                           "Thôn Đồng Tâm", "Thôn Quyết Thắng", "Thôn Tiến Thành", "Thôn Hưng Thịnh", "Thôn Cầu Sắt",
                           "Thôn Suối Cát", "Thôn Bàu Trâm", "Thôn Gia Tân", "Thôn Lộc Hòa", "Khu dân cư số 5 (tổ 12–14 ấp cũ Bình Thủy Hạ)"]

    static func page(stylesheet: String) -> String {
        let shares: [Double?] = villages.indices.map { i in i == 3 || i == 17 ? nil : Double((i * 37 + 41) % 60) + 38.5 }
        let bars = ChartKit.BarChart(id: "vneid-2026", title: "Tỷ lệ người trưởng thành có kỹ năng số cơ bản (VNeID), năm 2026",
                                     reading: "Mười hai thôn đạt mục tiêu 70%; hai thôn chưa có số liệu.",
                                     bars: villages.indices.map { .init(villages[$0], shares[$0], target: 70) }, unit: "%", labelHeader: "Thôn")
        let lines = ChartKit.LineChart(id: "xu-huong", title: "Hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình, theo quý",
                                       reading: "Tỷ lệ tăng đều qua các quý; Thôn Bình Thủy thiếu số liệu quý III/2025.",
                                       series: [.init("Toàn xã", [("Quý I/2025", 41.0), ("Quý II/2025", 48.5), ("Quý III/2025", 55.0), ("Quý IV/2025", 61.2),
                                                                  ("Quý I/2026", 66.0), ("Quý II/2026", 72.4)]),
                                                .init("Thôn Bình Thủy", [("Quý I/2025", 35.0), ("Quý II/2025", 44.0), ("Quý III/2025", nil),
                                                                         ("Quý IV/2025", 58.0), ("Quý I/2026", 63.5), ("Quý II/2026", 70.0)]),
                                                .init("Thôn <script>\"x'", [("Quý I/2025", 20.0), ("Quý II/2025", 22.0), ("Quý III/2025", 30.0),
                                                                            ("Quý IV/2025", nil), ("Quý I/2026", nil), ("Quý II/2026", 52.0)])],
                                       target: 70, unit: "%")
        let progress = ChartKit.ProgressChart(id: "bdhvs", title: "Bình dân học vụ số: người trưởng thành đã học kỹ năng số cơ bản",
                                              reading: "Xã đã đạt ba phần tư mục tiêu của năm.", label: "Người đã học",
                                              value: 2_736, target: 3_648, unit: "người", digits: 0)
        let progressMissing = ChartKit.ProgressChart(id: "cap-quang", title: "Hộ gia đình có cáp quang", reading: "Chưa có số liệu năm 2026.",
                                                     label: "Hộ có cáp quang", value: nil, target: 80, unit: "%", table: .visible)
        let columns = ["Kỹ năng số cơ bản", "VNeID mức 2", "Hồ sơ trực tuyến", "Thanh toán điện tử", "Cáp quang", "Tổ CNSCĐ"]
        let heat = ChartKit.HeatTable(id: "bang-thon", title: "Mức đạt mục tiêu theo thôn, năm 2026", reading: "Cột Cáp quang có nhiều ô chưa đạt nhất.",
                                      rowHeader: "Thôn", columns: columns, rows: villages.prefix(8).enumerated().map { i, village in
                                          .init(village, columns.indices.map { c in
                                              if (i + c) % 7 == 3 { return .noData }
                                              if c == 5 { return .init(String((i % 3) + 1), ratio: i % 4 == 0 ? nil : 1) }
                                              let v = Double((i * 13 + c * 17) % 50) + 40
                                              return .init(NumberText.format(v, maxFractionDigits: 1) + "%", ratio: v / 75)
                                          })
                                      })
        let body = [bars.render(), lines.render(), progress.render(), progressMissing.render(), heat.render()].map { node in
            "<section class=\"card\">" + node.render() + "</section>"
        }.joined(separator: "\n")
        return """
        <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
        <title>ChartKit</title><link rel="stylesheet" href="\(stylesheet)"></head><body><main class="main"><h1 class="page-title">Bảng số liệu chuyển đổi số</h1>
        \(body)
        </main></body></html>
        """
    }
}
