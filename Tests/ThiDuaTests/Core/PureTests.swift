import Foundation
import Testing
@testable import ThiDua

@Suite("Text, dates, CSV and settings")
struct PureTests {
    /// The byte search every page's summary check uses: the same answers as `String.contains` on bytes as they are.
    /// The UUID reader of SQLite rows: the same UUID as Foundation for the canonical form, nil for anything else.
    @Test func uuidTextIsReadAsFoundationReadsIt() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(RowReader.parseUUID(id.uuidString) == id)
            #expect(RowReader.parseUUID(id.uuidString.lowercased()) == id)
        }
        for bad in ["", "6f1c2b1e-4d1a-4c55-9a57-3c1f7e0b9a0", "6f1c2b1e-4d1a-4c55-9a57-3c1f7e0b9a0g", "6f1c2b1e4d1a-4c55-9a57-3c1f7e0b9a01-",
                    "6f1c2b1e-4d1a-4c55-9a57_3c1f7e0b9a01", "{6f1c2b1e-4d1a-4c55-9a57-3c1f7e0b9a}"] {
            #expect(RowReader.parseUUID(bad) == nil, "\(bad)")
        }
    }

    @Test func byteSearchFindsWhatStringContainsFinds() {
        let page = "<p>aaab</p><a href=\"#f-x\" data-unlabelled>Thôn Bình Thủy</a>"
        for needle in ["", "<p>", "</a>", "aab", "\" data-unlabelled>", "Bình Thủy", "Thủy</a>", page] {
            #expect(ByteSearch.contains(page, needle), "\(needle)")
        }
        for needle in ["aaaa", "data-unlabelled >", "Binh", page + " ", "</a>x"] {
            #expect(!ByteSearch.contains(page, needle), "\(needle)")
        }
        #expect(!ByteSearch.contains("", "a"))
        #expect(ByteSearch.contains("", ""))
    }

    @Test(arguments: [("Nghĩa Trung", "nghia trung"), ("NGHĨA TRUNG", "nghia trung"), ("nghia trung", "nghia trung"),
                      ("Đồng Nai", "dong nai"), ("  Thôn   Bù Lạch ", "thon bu lach"), ("Hội Nông dân", "hoi nong dan")])
    func folding(_ input: String, _ expected: String) {
        #expect(TextFolding.fold(input) == expected)
    }

    @Test func foldingHandlesDecomposedInput() {
        let decomposed = "Nghi\u{0302}\u{0303}a"  // i + circumflex? (unusual but must not crash) and NFD forms
        #expect(TextFolding.fold(decomposed) == "nghia")
        #expect(TextFolding.fold("Thu\u{031B}\u{0309}y") == "thuy")
    }

    @Test func vietnameseDates() {
        #expect(LocalDate(vietnamese: "15/11/2026")?.iso == "2026-11-15")
        #expect(LocalDate(vietnamese: "5/9/2026")?.vietnamese == "05/09/2026")
        #expect(LocalDate(vietnamese: "29/02/2028") != nil)
        #expect(LocalDate(vietnamese: "29/02/2027") == nil)
        #expect(LocalDate(vietnamese: "15/11/26") == nil)
        #expect(LocalDate(vietnamese: "2026-11-15") == nil)
        #expect(LocalDate(iso: "2026-11-15")?.vietnamese == "15/11/2026")
        // 23:30 UTC on 14/11 is already 15/11 in Vietnam.
        #expect(LocalDate(ISO8601DateFormatter().date(from: "2026-11-14T23:30:00Z")!).iso == "2026-11-15")
    }

    @Test func csvParsing() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"he said \"\"hi\"\"\",\"line1\nline2\"\r\n\r\nlast,,\n"
        let rows = try CSV.parse(Data(text.utf8))
        #expect(rows == [["a", "b", "c"], ["x, y", "he said \"hi\"", "line1\nline2"], ["last", "", ""]])
        #expect(try CSV.parse(Data("a;b\n1;2".utf8)) == [["a", "b"], ["1", "2"]])
        #expect(throws: CSV.ReadError.notUTF8) { try CSV.parse(Data([0x61, 0xFF, 0x62])) }
        #expect(throws: CSV.ReadError.unterminatedQuote(line: 2)) { try CSV.parse(Data("a\n\"open".utf8)) }
    }

    @Test func csvWritingQuotesAndDefusesFormulas() throws {
        let data = CSV.write(header: ["Tên", "Ghi chú"], rows: [["A, B", "=SUM(A1)"], ["Quote \"q\"", "-5"]])
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}Tên,Ghi chú\r\n"))
        #expect(text.contains("\"A, B\",'=SUM(A1)"))
        #expect(text.contains("\"Quote \"\"q\"\"\",-5"))
        #expect(try CSV.parse(data)[1] == ["A, B", "'=SUM(A1)"])
    }

    @Test func settingsFailFastWithBilingualMessages() throws {
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PORT": "abc"]) }
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["PORT": "70000"]) }
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["DATABASE_URL": "mysql://x"]) }
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["LOG_LEVEL": "loud"]) }
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["THIDUA_DEMO": "maybe"]) }
        #expect(try Settings.fromEnvironment([:]).loadDemo)
        #expect(try !Settings.fromEnvironment(["THIDUA_DEMO": "0"]).loadDemo)
        do {
            _ = try Settings.fromEnvironment(["DATABASE_URL": "mysql://u:secret@h/db"])
        } catch {
            #expect(error.description.contains("Cấu hình sai: DATABASE_URL"))
            #expect(error.description.contains("Invalid setting: DATABASE_URL"))
        }
        let s = try Settings.fromEnvironment(["PORT": "9000", "THIDUA_DATA_DIR": "/srv/td", "LOG_LEVEL": "WARNING"])
        #expect(s.port == 9000)
        #expect(s.database == .sqliteFile(path: "/srv/td/thidua.sqlite"))
        #expect(s.logLevel == .warning)
        let pg = try Settings.fromEnvironment(["DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db"])
        #expect(pg.database == .postgres(url: "postgres://u:p@127.0.0.1:5432/db"))
        #expect(Settings.redacted("postgres://u:secret@h/db") == "postgres://u:***@h/db")
    }
}
