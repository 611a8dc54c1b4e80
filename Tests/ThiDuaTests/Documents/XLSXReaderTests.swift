import Foundation
import Testing
import ZIPFoundation
@testable import ThiDua

/// The spreadsheet reader imports use (issue 16, item 3): the first worksheet of an .xlsx into rows of text, with
/// shared and inline strings, numbers without float artefacts, dates from their style, cells in their columns, and
/// every refusal (not a workbook, an old .xls, a part, rows or columns over the limits) with its Vietnamese message.
@Suite("XLSX reader: the first sheet as rows of text, within limits")
struct XLSXReaderTests {
    // MARK: - Building workbooks

    /// A zip of the given parts (deflated, as Excel writes them).
    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            try XLSXZip.addEntry(archive, path: path, pieces: [Array(text.utf8)], date: Date(timeIntervalSince1970: 1_770_000_000))
        }
        return try #require(archive.data)
    }

    static let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
    static let relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    static func sheet(_ rows: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \(ns)><sheetData>\(rows)</sheetData></worksheet>"
    }

    static func sharedStrings(_ items: [String]) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst \(ns) count=\"\(items.count)\" uniqueCount=\"\(items.count)\">"
            + items.map { "<si>\($0)</si>" }.joined() + "</sst>"
    }

    /// A minimal package: the workbook, its relationships, one sheet (xl/worksheets/sheet1.xml) and the optional parts.
    static func workbook(sheet rows: String, shared: [String]? = nil, styles: String? = nil, workbookPr: String = "",
                         extra: [(String, String)] = []) throws -> Data {
        var rels = "<Relationship Id=\"rId1\" Type=\"\(relType)worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        if shared != nil { rels += "<Relationship Id=\"rId2\" Type=\"\(relType)sharedStrings\" Target=\"sharedStrings.xml\"/>" }
        if styles != nil { rels += "<Relationship Id=\"rId3\" Type=\"\(relType)styles\" Target=\"/xl/styles.xml\"/>" }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(relType)officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<workbook \(ns)>\(workbookPr)<sheets><sheet name=\"Trang 1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"),
            ("xl/worksheets/sheet1.xml", sheet(rows)),
        ]
        if let shared { parts.append(("xl/sharedStrings.xml", sharedStrings(shared))) }
        if let styles { parts.append(("xl/styles.xml", styles)) }
        return try zip(parts + extra)
    }

    static func read(_ data: Data, limits: XLSXReader.Limits = XLSXReader.Limits()) throws -> [[String]] {
        try XLSXReader.rows(data: data, limits: limits)
    }

    static func error(_ data: Data, limits: XLSXReader.Limits = XLSXReader.Limits()) -> XLSXReader.ReadError? {
        do {
            _ = try XLSXReader.rows(data: data, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    static func temporaryFile(_ data: Data, name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsxreader-\(UUID().uuidString)-\(name)")
        try data.write(to: url)
        return url
    }

    // MARK: - Files the project writes

    @Test("A workbook from XLSXWriter reads back: text, integers, decimals, percents, dates, totals, the note; not the second sheet")
    func writerRoundTrip() throws {
        // setup
        var first = XLSXSheet(
            name: "Chỉ tiêu 2026",
            columns: [XLSXColumn(title: "Thôn"), XLSXColumn(title: "Tử số"), XLSXColumn(title: "Mẫu số"),
                      XLSXColumn(title: "Tỉ lệ"), XLSXColumn(title: "Ngày"), XLSXColumn(title: "Năm"), XLSXColumn(title: "Ghi chú")],
            rows: [
                [.text("Thôn Nghĩa Hoà"), .integer(25_736), .integer(36_845), .percent(0.6985), .date(XLSXDate(year: 2026, month: 3, day: 5)), .plainNumber(2026), .text("Đã rà soát")],
                [.text("Thôn 2"), .number(12.5), .empty, .number(0.1 + 0.2), .date(XLSXDate(year: 1900, month: 1, day: 1)), .plainNumber(2025)],
                [.text(""), .integer(1500)],
            ])
        first.totalColumns = [1]
        first.totalLabel = "Cộng"
        first.note = "Số liệu tạm tính."
        let second = XLSXSheet(name: "Khác", columns: [XLSXColumn(title: "Không đọc")], rows: [[.text("x")]])
        let data = try XLSXWriter.write([first, second], title: "Chỉ tiêu", author: "Thử")

        // act
        let rows = try Self.read(data)

        // check
        #expect(rows == [
            ["Thôn", "Tử số", "Mẫu số", "Tỉ lệ", "Ngày", "Năm", "Ghi chú"],
            ["Thôn Nghĩa Hoà", "25736", "36845", "0.6985", "05/03/2026", "2026", "Đã rà soát"],
            ["Thôn 2", "12.5", "", "0.3", "01/01/1900", "2025"],
            ["", "1500"],
            ["Cộng", "27248.5"],
            ["Số liệu tạm tính."],
        ])
        // The same file through the entry point, from disk, even when named .csv.
        let url = try Self.temporaryFile(data, name: "chi-tieu.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try TabularFile.rows(at: url, fileName: "chi-tieu.csv") == rows)
        #expect(try XLSXReader.rows(of: url) == rows)
    }

    // MARK: - Hand-built parts

    @Test("Shared strings: plain, rich-text runs joined, phonetic runs left out, _x000D_ decoded, spaces kept")
    func sharedStringsAndRichText() throws {
        let data = try Self.workbook(
            sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>",
            shared: [
                "<t>Thôn 1</t>",
                "<r><rPr><b/><sz val=\"11\"/></rPr><t>Tổ công nghệ </t></r><r><t xml:space=\"preserve\">số cộng đồng</t></r><rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh>",
                "<t xml:space=\"preserve\">  dòng 1_x000D_\ndòng 2 </t>",
                "<t>A &amp; B &lt;3&gt;</t>",
            ])

        let rows = try Self.read(data)

        #expect(rows == [["Thôn 1", "Tổ công nghệ số cộng đồng", "  dòng 1\r\ndòng 2 ", "A & B <3>"]])
    }

    @Test("Inline strings, booleans, errors, formula results (cached), ISO dates; a formula without a cached value is empty")
    func cellTypes() throws {
        let data = try Self.workbook(sheet: """
            <row r="1">\
            <c r="A1" t="inlineStr"><is><r><t>Bình dân </t></r><r><t>học vụ số</t></r></is></c>\
            <c r="B1" t="b"><v>1</v></c><c r="C1" t="b"><v>0</v></c>\
            <c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c>\
            <c r="E1"><f>SUM(A2:A3)</f><v>0.69850000000000001</v></c>\
            <c r="F1" t="str"><f>A1&amp;"!"</f><v>Bình dân học vụ số!</v></c>\
            <c r="G1" t="d"><v>2026-03-05T00:00:00</v></c>\
            <c r="H1"><f>NOW()</f></c>\
            <c r="I1" t="inlineStr"><is><t>cuối</t></is></c>\
            </row>
            """)

        let rows = try Self.read(data)

        #expect(rows == [["Bình dân học vụ số", "TRUE", "FALSE", "#DIV/0!", "0.6985", "Bình dân học vụ số!", "05/03/2026", "", "cuối"]])
    }

    @Test("Cells go to their columns: A1 and C1 leave B1 empty, a missing row stays as [], formatted empty cells and rows are ignored")
    func sparseCells() throws {
        let data = try Self.workbook(sheet: """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="C1"><v>3</v></c><c r="D1" s="1"/></row>\
            <row r="3"><c r="B3"><v>2</v></c><c><v>4</v></c><c r="$E$3"><v>5</v></c></row>\
            <row><c><v>7</v></c></row>\
            <row r="9" spans="1:5"><c r="A9" s="2"/><c r="B9" t="inlineStr"><is><t></t></is></c></row>
            """)

        let rows = try Self.read(data)

        // Row 2 is kept empty so that rows[i] is the sheet's row i + 1; rows after the last value are dropped.
        #expect(rows == [["a", "", "3"], [], ["", "2", "4", "", "5"], ["7"]])
    }

    static let styles = """
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="5"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[Red]0.00"/>\
        <numFmt numFmtId="166" formatCode="0.0 &quot;ngày&quot;"/><numFmt numFmtId="167" formatCode="h:mm"/>\
        <numFmt numFmtId="168" formatCode="[$-42A]mmmm\\ yyyy"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
        <cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>\
        <xf numFmtId="166"/><xf numFmtId="20"/><xf numFmtId="167"/><xf numFmtId="168"/></cellXfs></styleSheet>
        """

    @Test("Dates from the cell's style: built-in 14, custom d/m/y formats; colours, quoted text and times stay numbers")
    func dateStyles() throws {
        let data = try Self.workbook(sheet: """
            <row r="1"><c r="A1" s="1"><v>45658</v></c><c r="B1" s="2"><v>45658.75</v></c><c r="C1" s="3"><v>45658</v></c>\
            <c r="D1" s="4"><v>12.5</v></c><c r="E1" s="5"><v>0.5</v></c><c r="F1" s="6"><v>0.25</v></c><c r="G1" s="7"><v>46086</v></c>\
            <c r="H1" s="0"><v>45658</v></c><c r="I1" s="99"><v>45658</v></c></row>\
            <row r="2"><c r="A2" s="1"><v>1</v></c><c r="B2" s="1"><v>59</v></c><c r="C2" s="1"><v>60</v></c><c r="D2" s="1"><v>61</v></c>\
            <c r="E2" s="1"><v>0</v></c><c r="F2" s="1"><v>-3</v></c><c r="G2" s="1"><v>2958465</v></c></row>
            """, styles: Self.styles)

        let rows = try Self.read(data)

        #expect(rows[0] == ["01/01/2025", "01/01/2025", "45658", "12.5", "0.5", "0.25", "05/03/2026", "45658", "45658"])
        // Excel's 1900 system: serial 60 is the 29 February 1900 Lotus invented; 0 and negatives are not dates.
        #expect(rows[1] == ["01/01/1900", "28/02/1900", "29/02/1900", "01/03/1900", "0", "-3", "31/12/9999"])
        #expect(XLSXDates.serial(XLSXDate(year: 2026, month: 3, day: 5)) == 46086)
    }

    @Test("The 1904 date system (date1904) is honoured")
    func date1904() throws {
        let data = try Self.workbook(
            sheet: "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>1461</v></c><c r=\"C1\" s=\"1\"><v>44196</v></c></row>",
            styles: Self.styles, workbookPr: "<workbookPr date1904=\"1\"/>")

        #expect(try Self.read(data) == [["01/01/1904", "01/01/1908", "01/01/2025"]])
    }

    @Test("Numbers: Excel's float artefacts become the shortest decimal; other text is kept")
    func numbers() throws {
        let cases: [(String, String)] = [
            ("0.69850000000000001", "0.6985"), ("1500", "1500"), ("1500.0", "1500"), ("1.5E-7", "0.00000015"),
            ("0.30000000000000004", "0.3"), ("-0.1", "-0.1"), ("-0", "0"), ("25736", "25736"), ("1E+20", "100000000000000000000"),
            ("12345678901234567890", "12345678901234600000"), ("0.33333333333333331", "0.333333333333333"), ("abc", "abc"),
        ]
        for (stored, shown) in cases {
            #expect(XLSXReaderValues.number(stored) == shown, "\(stored)")
        }
        let data = try Self.workbook(sheet: "<row r=\"1\"><c r=\"A1\"><v>0.69850000000000001</v></c><c r=\"B1\" t=\"n\"><v>1500</v></c></row>")
        #expect(try Self.read(data) == [["0.6985", "1500"]])
    }

    @Test("Vietnamese text in NFD is given as it is stored, not normalised")
    func nfdKept() throws {
        let nfd = "Nghi\u{0303}a Trung"  // "Nghĩa" with a combining tilde
        let data = try Self.workbook(
            sheet: "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>\(nfd)</t></is></c></row>",
            shared: ["<t>\(nfd)</t>"])

        let rows = try Self.read(data)

        #expect(rows.count == 1 && rows[0].count == 2)
        for value in rows[0] {
            #expect(Array(value.unicodeScalars) == Array(nfd.unicodeScalars))
        }
    }

    @Test("The first visible sheet in workbook order is read, wherever its part is; the others are not")
    func firstSheetInWorkbookOrder() throws {
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(Self.relType)worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(Self.relType)worksheet" Target="/xl/worksheets/data.xml"/>\
            <Relationship Id="rId3" Type="\(Self.relType)worksheet" Target="worksheets/../worksheets/hidden.xml"/>\
            <Relationship Id="rId4" Type="\(Self.relType)chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>
            """
        let workbook = """
            <x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>\
            <x:sheet name="Biểu đồ" sheetId="4" rel:id="rId4"/><x:sheet name="Ẩn" sheetId="3" state="hidden" rel:id="rId3"/>\
            <x:sheet name="Số liệu" sheetId="2" rel:id="rId2"/><x:sheet name="Khác" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>
            """
        let data = try Self.zip([
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>trang thứ hai</t></is></c></row>")),
            ("xl/worksheets/hidden.xml", Self.sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>trang ẩn</t></is></c></row>")),
            ("xl/worksheets/data.xml", "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>trang đầu</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"),
        ])

        #expect(try Self.read(data) == [["trang đầu"]])
    }

    @Test("Without a workbook part, xl/worksheets/sheet1.xml is read")
    func fallbackSheet() throws {
        let data = try Self.zip([("xl/worksheets/sheet1.xml", Self.sheet("<row r=\"1\"><c r=\"A1\"><v>42</v></c></row>"))])
        #expect(try Self.read(data) == [["42"]])
    }

    // MARK: - Refusals

    @Test("Not a ZIP, or a ZIP that is not a workbook: refused with the .xlsx message")
    func notAWorkbook() throws {
        #expect(Self.error(Data("Thôn;Giá trị\n".utf8)) == .notSpreadsheet)
        #expect(Self.error(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0])) == .notSpreadsheet)
        let docx = try Self.zip([("word/document.xml", "<w:document xmlns:w=\"x\"/>")])
        #expect(Self.error(docx) == .notSpreadsheet)
        #expect(XLSXReader.ReadError.notSpreadsheet.message.hasPrefix("Tệp không phải bảng tính Excel (.xlsx)"))
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("xlsxreader-missing-\(UUID().uuidString).xlsx")
        #expect(throws: XLSXReader.ReadError.notSpreadsheet) { try XLSXReader.rows(of: missing) }
        #expect(throws: TabularFile.ReadError.unreadable) { try TabularFile.rows(at: missing, fileName: "x.xlsx") }
    }

    @Test("An old .xls (or a password-protected workbook) is refused: save as .xlsx or CSV UTF-8")
    func legacyExcel() throws {
        let xls = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))

        #expect(Self.error(xls) == .legacyOrEncrypted)
        #expect(throws: TabularFile.ReadError.xlsx(.legacyOrEncrypted)) { try TabularFile.rows(data: xls, fileName: "bao-cao.xls") }
        let url = try Self.temporaryFile(xls, name: "bao-cao.xls")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TabularFile.ReadError.xlsx(.legacyOrEncrypted)) { try TabularFile.rows(at: url, fileName: "bao-cao.xls") }
        let message = TabularFile.ReadError.xlsx(.legacyOrEncrypted).message
        #expect(message.contains(".xls") && message.contains(".xlsx") && message.contains("CSV UTF-8") && message.contains("mật khẩu"))
    }

    @Test("More rows than maxRows are refused, counted by row number; empty formatted rows past the limit are not")
    func tooManyRows() throws {
        func rows(_ n: Int) -> String { (1...n).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined() }
        let limits = XLSXReader.Limits(maxRows: 3)

        #expect(try Self.read(try Self.workbook(sheet: rows(3) + "<row r=\"4\"><c r=\"A4\" s=\"1\"/></row>"), limits: limits).count == 3)
        #expect(Self.error(try Self.workbook(sheet: rows(4)), limits: limits) == .tooManyRows(limit: 3))
        #expect(Self.error(try Self.workbook(sheet: "<row r=\"20001\"><c r=\"A20001\"><v>1</v></c></row>")) == .tooManyRows(limit: 20_000))
        #expect(try Self.read(try Self.workbook(sheet: "<row r=\"20000\"><c r=\"A20000\"><v>1</v></c></row>")).count == 20_000)
        #expect(XLSXReader.ReadError.tooManyRows(limit: 20_000).message.contains("20000"))
        // CSV through the entry point is held to the same limit.
        let csv = Data("a\nb\nc\nd\n".utf8)
        #expect(throws: TabularFile.ReadError.tooManyRows(limit: 3)) { try TabularFile.rows(data: csv, fileName: "x.csv", limits: limits) }
    }

    @Test("More columns than maxColumns are refused; empty formatted cells past the limit are not")
    func tooManyColumns() throws {
        let limits = XLSXReader.Limits(maxColumns: 3)
        let within = try Self.workbook(sheet: "<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"D1\" s=\"1\"/><c r=\"XFD1\" s=\"1\"/></row>")
        let over = try Self.workbook(sheet: "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"D1\"><v>1</v></c></row>")

        #expect(try Self.read(within, limits: limits) == [["", "", "1"]])
        #expect(Self.error(over, limits: limits) == .tooManyColumns(limit: 3))
        #expect(Self.error(try Self.workbook(sheet: "<row r=\"1\"><c r=\"BM1\"><v>1</v></c></row>")) == .tooManyColumns(limit: 64))
        #expect(throws: TabularFile.ReadError.tooManyColumns(limit: 3)) {
            try TabularFile.rows(data: Data("a;b;c;d\n".utf8), fileName: "x.csv", limits: limits)
        }
        #expect(try TabularFile.rows(data: Data("a;b;c;;;\n".utf8), fileName: "x.csv", limits: limits) == [["a", "b", "c", "", "", ""]])
    }

    @Test("A sheet or shared-strings part over the size cap is refused before it is read")
    func partTooLarge() throws {
        let big = String(repeating: "<row><c><v>1</v></c></row>", count: 200)
        let limits = XLSXReader.Limits(maxPartBytes: 2_000)

        #expect(Self.error(try Self.workbook(sheet: big), limits: limits) == .partTooLarge(part: "xl/worksheets/sheet1.xml", limitBytes: 2_000))
        let shared = try Self.workbook(sheet: "<row><c t=\"s\"><v>0</v></c></row>", shared: [String(repeating: "<t>x</t>", count: 400)])
        #expect(Self.error(shared, limits: limits) == .partTooLarge(part: "xl/sharedStrings.xml", limitBytes: 2_000))
        #expect(Self.error(try Self.workbook(sheet: big)) == nil)
        #expect(XLSXReader.ReadError.partTooLarge(part: "xl/worksheets/sheet1.xml", limitBytes: 32 << 20).message.contains("32 MB"))
        #expect(throws: TabularFile.ReadError.fileTooLarge(limitBytes: 2_000)) {
            try TabularFile.rows(data: Data(String(repeating: "a,b\n", count: 600).utf8), fileName: "x.csv", limits: limits)
        }
    }

    @Test("Broken parts are refused: XML that is not well formed, a shared string that does not exist, a DOCTYPE")
    func damaged() throws {
        let sheetPart = "xl/worksheets/sheet1.xml"
        #expect(Self.error(try Self.workbook(sheet: "<row><c><v>1</v></row>")) == .damaged(part: sheetPart))
        #expect(Self.error(try Self.workbook(sheet: "<row><c t=\"s\"><v>5</v></c></row>", shared: ["<t>a</t>"])) == .damaged(part: sheetPart))
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>"
        let data = try Self.zip([("xl/worksheets/sheet1.xml", bomb)])
        #expect(Self.error(data) == .damaged(part: sheetPart))
        #expect(XLSXReader.ReadError.damaged(part: sheetPart).message.contains(sheetPart))
        #expect(XLSXReader.ReadError.noWorksheet.message.contains("trang tính"))
    }

    // MARK: - The entry point

    @Test("TabularFile reads CSV by its bytes (BOM, semicolons) and refuses non-UTF-8 with the CSV UTF-8 message")
    func csvThroughEntryPoint() throws {
        let csv = Data([0xEF, 0xBB, 0xBF] + Array("Thôn;Giá trị\r\nThôn 1;\"12,5\"\r\n".utf8))
        let url = try Self.temporaryFile(csv, name: "gia-tri.xlsx")
        defer { try? FileManager.default.removeItem(at: url) }

        #expect(try TabularFile.rows(at: url, fileName: "gia-tri.xlsx") == [["Thôn", "Giá trị"], ["Thôn 1", "12,5"]])
        #expect(TabularFile.format(of: csv) == .csv)
        let latin1 = Data([0x54, 0x68, 0xF4, 0x6E, 0x3B, 0x31, 0x0A])  // "Thôn;1" in Windows-1258/Latin-1
        #expect(throws: TabularFile.ReadError.csv(.notUTF8)) { try TabularFile.rows(data: latin1, fileName: "x.csv") }
        #expect(TabularFile.ReadError.csv(.notUTF8).message == DirectoryText.importNotUTF8)
        #expect(TabularFile.ReadError.csv(.notUTF8).message.contains("CSV UTF-8"))
        #expect(TabularFile.ReadError.csv(.unterminatedQuote(line: 4)).message.contains("4"))
        #expect(TabularFile.ReadError.csv(.unterminatedQuote(line: 4)).row == 4)
        #expect(throws: TabularFile.ReadError.csv(.empty)) { try TabularFile.rows(data: Data(), fileName: "x.csv") }
    }

    // MARK: - A file from another writer

    static let python = "/work/main/.ci/.venv/bin/python"

    @Test("A workbook written by openpyxl (shared strings, a datetime, a float, a sparse row) reads as expected",
          .enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func openpyxlFixture() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsxreader-openpyxl-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let script = """
            import sys, datetime, openpyxl
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "Số liệu"
            ws.append(["Thôn", "Tỉ lệ", "Ngày", "Đạt"])
            ws.append(["Thôn Nghĩa Hoà", 25736 / 36845, datetime.datetime(2026, 3, 5, 8, 30), True])
            ws["A4"] = "Thôn 3"
            ws["C4"] = 0.1 + 0.2
            wb.create_sheet("Khác")["A1"] = "không đọc"
            wb.save(sys.argv[1])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", script, url.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)

        let rows = try TabularFile.rows(at: url, fileName: "openpyxl.xlsx")

        #expect(rows == [
            ["Thôn", "Tỉ lệ", "Ngày", "Đạt"],
            ["Thôn Nghĩa Hoà", XLSXReaderValues.number(String(25736.0 / 36845.0)), "05/03/2026", "TRUE"],
            [],
            ["Thôn 3", "", "0.3"],
        ])
    }
}
