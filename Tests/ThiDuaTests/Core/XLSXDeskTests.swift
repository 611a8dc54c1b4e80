import Foundation
import Testing
import ZIPFoundation
@testable import ThiDua

/// Excel fit for a desk (issue 14, item 5): what the shared writer puts in every export, and the board's and the
/// award list's rows, statuses, totals and notes.
@Suite("Excel fit for a desk")
struct XLSXDeskTests {
    /// The parts of an .xlsx, by path.
    static func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var out: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            out[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return out
    }

    /// The `<xf …>…</xf>` elements of cellXfs, in order (the `s` of a cell indexes them).
    static func cellXfs(_ styles: String) -> [String] {
        guard let start = styles.range(of: "<cellXfs"), let end = styles.range(of: "</cellXfs>") else { return [] }
        let body = String(styles[start.upperBound..<end.lowerBound])
        return body.components(separatedBy: "<xf ").dropFirst().map { "<xf " + $0 }
    }

    /// The style index of cell `ref` in a sheet's XML.
    static func style(of ref: String, in sheet: String) -> Int? {
        guard let r = sheet.range(of: "<c r=\"\(ref)\" s=\"") else { return nil }
        return Int(sheet[r.upperBound...].prefix { $0.isNumber })
    }

    /// The `<row r="n" …>` opening tag.
    static func rowTag(_ n: Int, in sheet: String) -> String? {
        guard let r = sheet.range(of: "<row r=\"\(n)\"") else { return nil }
        return String(sheet[r.lowerBound...].prefix { $0 != ">" })
    }

    static let long = "Cán bộ, công chức dùng chữ ký số trong xử lý hồ sơ công việc trên môi trường mạng"

    static func sample() throws -> [String: String] {
        var b = XLSXWorkbookBuilder(title: "Danh sách khen thưởng năm 2026", author: "Thi Đua Số", created: Date(timeIntervalSince1970: 1_790_000_000))
        try b.addSheet(name: "Khen thưởng 2026", columns: [XLSXColumn(title: "TT", width: 5), XLSXColumn(title: "Họ và tên"),
                                                           XLSXColumn(title: "Thành tích", width: 20), XLSXColumn(title: "Tiền thưởng (đồng)", width: 14)])
        try b.appendRow([.integer(1), .text("Bùi Anh Hương"), .text(long), .number(702_000)])
        try b.appendRow([.integer(2), .text("Võ Ngọc Lan"), .text("Ngắn"), .number(1_404_000)])
        try b.appendSumRow(label: "Tổng cộng", columns: [3])
        try b.appendNote("Danh sách kèm theo Quyết định số 187/QĐ-UBND.")
        return try parts(b.finish())
    }

    @Test func timesNewRomanThroughoutWithABoldHeader() throws {
        let p = try Self.sample()
        let styles = try #require(p["xl/styles.xml"])
        #expect(!styles.contains("Calibri"))
        #expect(styles.contains("<font><sz val=\"11\"/><name val=\"Times New Roman\"/>"))
        #expect(styles.contains("<font><b/><sz val=\"11\"/><name val=\"Times New Roman\"/>"))
        let sheet = try #require(p["xl/worksheets/sheet1.xml"])
        let header = Self.cellXfs(styles)[try #require(Self.style(of: "A1", in: sheet))]
        #expect(header.contains("fontId=\"1\""))  // the bold font
    }

    @Test func textWrapsAndRowsAreTallEnoughForIt() throws {
        let p = try Self.sample()
        let xfs = Self.cellXfs(try #require(p["xl/styles.xml"]))
        let sheet = try #require(p["xl/worksheets/sheet1.xml"])
        let text = xfs[try #require(Self.style(of: "C2", in: sheet))]
        #expect(text.contains("wrapText=\"1\""))
        // 82 characters in a column 20 wide: several lines, and a row height that shows them (no reader sizes it on opening).
        let tall = try #require(Self.rowTag(2, in: sheet))
        let height = try #require(tall.split(separator: " ").first { $0.hasPrefix("ht=") }.flatMap { Double($0.dropFirst(4).dropLast()) })
        #expect(height >= 4 * 13)
        #expect(!tall.contains("customHeight"))  // Excel sizes the row anew once it is edited
        #expect(try #require(Self.rowTag(3, in: sheet)) == "<row r=\"3\"")  // one line: the default height
    }

    @Test func amountsAreNumbersShownWithThousandsSeparators() throws {
        let p = try Self.sample()
        let styles = try #require(p["xl/styles.xml"])
        let sheet = try #require(p["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<c r=\"D2\" s=\"\(XLSXStyle.integer)\"><v>702000</v></c>"))
        let xf = Self.cellXfs(styles)[XLSXStyle.integer]
        // numFmtId 3 is Excel's built-in "#,##0": 702.000 in a Vietnamese Excel.
        #expect(xf.contains("numFmtId=\"3\"") && xf.contains("applyNumberFormat=\"1\""))
        #expect(styles.contains("formatCode=\"#,##0.0##\""))
        #expect(XLSXStyle.number(12.5, total: false) == XLSXStyle.decimal)
    }

    @Test func headerFrozenAndRepeatedOnEveryPrintedPage() throws {
        let p = try Self.sample()
        let sheet = try #require(p["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        let workbook = try #require(p["xl/workbook.xml"])
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">&apos;Khen thưởng 2026&apos;!$1:$1</definedName>"))
        // The filter covers the data, not the totals and note rows under it.
        #expect(sheet.contains("<autoFilter ref=\"A1:D3\"/>"))
        #expect(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"))
        #expect(sheet.contains("paperSize=\"9\" orientation=\"portrait\" fitToWidth=\"1\" fitToHeight=\"0\""))
        #expect(sheet.contains("<oddHeader>&amp;C&amp;&quot;Times New Roman,Bold&quot;&amp;12 Danh sách khen thưởng năm 2026</oddHeader>"))
        #expect(sheet.contains("Trang &amp;P/&amp;N"))
    }

    @Test func totalsRowSumsTheDataWithItsValue() throws {
        let p = try Self.sample()
        let sheet = try #require(p["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<c r=\"D4\" s=\"\(XLSXStyle.totalInteger)\"><f>SUM(D2:D3)</f><v>2106000</v></c>"))
        #expect(sheet.contains("<c r=\"A4\" s=\"\(XLSXStyle.totalText)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Tổng cộng</t></is></c>"))
        let xf = Self.cellXfs(try #require(p["xl/styles.xml"]))[XLSXStyle.totalInteger]
        #expect(xf.contains("fontId=\"1\"") && xf.contains("numFmtId=\"3\""))
        // The note under it spans the table.
        #expect(sheet.contains("<mergeCell ref=\"A5:D5\"/>"))
        #expect(try #require(Self.rowTag(5, in: sheet)).contains("customHeight=\"1\""))
    }

    @Test func widthsFromTheContentAndLandscapeWhenWide() throws {
        let p = try Self.sample()
        let sheet = try #require(p["xl/worksheets/sheet1.xml"])
        // "Bùi Anh Hương" (13 characters) + 2; the declared widths as given.
        #expect(sheet.contains("<col min=\"2\" max=\"2\" width=\"15\" customWidth=\"1\"/>"))
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=\"5\" customWidth=\"1\"/>"))
        var b = XLSXWorkbookBuilder(title: "Rộng", author: "")
        try b.addSheet(name: "Rộng", columns: (1...8).map { XLSXColumn(title: "Cột \($0)", width: 14) })
        let wide = try #require(try Self.parts(b.finish())["xl/worksheets/sheet1.xml"])
        #expect(wide.contains("orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\""))
        // A plain number (a year) has no thousands separator.
        #expect(Self.cellXfs(String(decoding: XLSXParts.styles, as: UTF8.self))[XLSXStyle.plain].contains("numFmtId=\"1\""))
    }

    @Test func wrappedLinesFollowWordBreaks() {
        #expect(XLSXLayout.wrappedLines("Chính quyền số và cải cách hành chính", width: 14) == 3)
        #expect(XLSXLayout.wrappedLines("Ngắn", width: 14) == 1)
        #expect(XLSXLayout.wrappedLines("một\nhai\nba", width: 40) == 3)
        #expect(XLSXLayout.wrappedLines(String(repeating: "x", count: 27), width: 10) == 3)  // 9 to a line, cut
        #expect(XLSXLayout.wrappedLines("", width: 10) == 1)
    }

    @Test func vietnameseOrder() {
        let names = ["Võ Ngọc Lan", "Đặng Minh Khôi", "Dương Anh Việt", "Bùi Kim Quân", "Bùi Anh Hương", "Anh", "An Bình", "Ánh", "Thôn 10", "Thôn 2"]
        #expect(names.sorted(by: VietnameseOrder.less) ==
                ["An Bình", "Anh", "Ánh", "Bùi Anh Hương", "Bùi Kim Quân", "Dương Anh Việt", "Đặng Minh Khôi", "Thôn 2", "Thôn 10", "Võ Ngọc Lan"])
        #expect(VietnameseOrder.less("Ba", "Bà") && VietnameseOrder.less("Bà", "Bả") && VietnameseOrder.less("Bá", "Bạ") && VietnameseOrder.less("Bạ", "Bác"))
        #expect(VietnameseOrder.less("ca", "ăn") == false && VietnameseOrder.less("an", "ăn") && VietnameseOrder.less("ăn", "ân"))
    }

    /// A unit whose registration is accepted and that has not reported yet: the board's word ("Chưa nộp") in the
    /// report column, never the registration's "Chưa đăng ký".
    @Test func boardExportSaysWhatTheBoardSaysForAnAcceptedRegistration() async throws {
        try await withTestApp { app, fx in
            _ = try await acceptedRegistration(app, fx)
            let res = try await app.get("/board/export.xlsx?year=2026", as: try await app.login("thuky"))
            #expect(res.status == .ok)
            let p = try Self.parts(Data(res.body.readableBytesView))
            let village = try #require(try await ThiDua.Unit.find(fx.villageA, on: app.db))
            for path in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
                let sheet = try #require(p[path])
                let row = try #require(sheet.components(separatedBy: "<row ").first { $0.contains(">\(village.name)<") })
                #expect(row.contains(">\(WorkflowStatus.accepted.label)<"), "\(path): \(row)")
                #expect(row.contains(">\(BoardText.colMissing)<"), "\(path): \(row)")
                #expect(!row.contains(RegistrationText.notStarted), "\(path): \(row)")
            }
            // The board page says the same for a unit without a report.
            let board = try await app.get("/board?year=2026", as: try await app.login("thuky"))
            #expect(board.body.string.contains(">\(BoardText.colMissing)</span>"))
            #expect(!board.body.string.contains(">\(RegistrationText.notStarted)</span>"))
        }
    }

    @Test func boardRowsByKindThenName() throws {
        func unit(_ code: String, _ name: String, _ kind: UnitKind) -> ThiDua.Unit {
            let u = ThiDua.Unit()
            u.code = code
            u.name = name
            u.kind = kind.rawValue
            return u
        }
        let sorted = BoardExport.sorted([unit("TH-02", "Thôn 2", .village), unit("VP", "Văn phòng", .agency), unit("TH-10", "Thôn 10", .village),
                                         unit("CA", "Công an xã", .agency), unit("DN", "Doanh nghiệp An", .business)])
        #expect(sorted.map(\.code) == ["CA", "VP", "TH-02", "TH-10", "DN"])
    }

    /// A year with no decision: the list says why instead of being empty.
    @Test func anEmptyAwardListSaysWhy() async throws {
        try await withTestApp { app, _ in
            let res = try await app.get("/commendations/2025/list.xlsx", as: try await app.login("thuky"))
            #expect(res.status == .ok)
            let sheet = try #require(try Self.parts(Data(res.body.readableBytesView))["xl/worksheets/sheet1.xml"])
            #expect(sheet.contains(CommendationListText.notDecided(2025, approved: 0, nominations: 0)))
            #expect(sheet.contains("Năm 2025 chưa có quyết định khen thưởng"))
            #expect(sheet.contains("<mergeCell ref=\"A2:E2\"/>"))
            #expect(sheet.contains(CommendationListText.awarded))
        }
    }

    /// The decided awards of a year: numbers with #,##0, a total, the screen's status, by title then name.
    @Test func awardListOfTheDemo() async throws {
        try await withDemoApp { app in
            let res = try await app.get("/commendations/2026/list.xlsx", as: try await app.login("canbo.thidua", password: "ThiDua@2026"))
            #expect(res.status == .ok)
            let p = try Self.parts(Data(res.body.readableBytesView))
            let sheet = try #require(p["xl/worksheets/sheet1.xml"])
            #expect(sheet.contains("<v>702000</v>"))
            #expect(sheet.contains(">\(CommendationListText.decided)<"))
            #expect(!sheet.contains("được đề nghị"))
            #expect(sheet.contains("<f>SUM(D2:D21)</f><v>24336000</v>"))
            #expect(sheet.contains("Tổng cộng (20 khen thưởng, 18 người / tập thể)"))
            #expect(try #require(p["xl/workbook.xml"]).contains("_xlnm.Print_Titles"))
            // By title in the catalogue's order, then by name: the first rows are Lao động tiên tiến from "Bùi …".
            let firstRow = try #require(sheet.components(separatedBy: "<row r=\"2\"").dropFirst().first?.components(separatedBy: "</row>").first)
            #expect(firstRow.contains("Lao động tiên tiến") && firstRow.contains(">Bùi "))
        }
    }
}
