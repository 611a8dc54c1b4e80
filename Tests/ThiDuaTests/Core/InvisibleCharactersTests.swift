import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Bidirectional controls and invisible characters, with which a name shows as something it is not ("Nguyễn\u{202E}nàV"
/// shows as "NguyễnVàn"), are refused in every checked text, beside the field, keeping what was typed; the joiners of
/// emoji sequences stay allowed in long texts.
@Suite("Bidi and invisible characters are refused in names, kept out of the import, allowed in emoji")
struct InvisibleCharactersTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static let spoof = "Nguyễn\u{202E}nàV"

    @Test func theRuleOfEachCharacter() {
        // refused everywhere
        for bad in ["\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
                    "\u{200E}", "\u{200F}", "\u{061C}", "\u{200B}", "\u{2060}", "\u{FEFF}", "\u{7}", "\u{85}"] {
            #expect(TextFolding.hasControlCharacters("An\(bad)Bình"), "\(bad.unicodeScalars.first!.value)")
            #expect(TextFolding.hasControlCharacters("An\(bad)Bình", singleLine: true), "\(bad.unicodeScalars.first!.value)")
        }
        // the joiners: kept in a long text; in a single-line field only a ZWJ inside an emoji sequence
        for joined in ["Bình\u{200D}Thủy", "Bình\u{200C}Thủy", "\u{200D}", "An 👩\u{200D}"] {
            #expect(!TextFolding.hasControlCharacters(joined))
            #expect(TextFolding.hasControlCharacters(joined, singleLine: true), "\(joined.debugDescription)")
        }
        for emoji in ["Tổ 👩\u{200D}💻 số", "🏳️\u{200D}🌈", "👨\u{200D}👩\u{200D}👧", "🧑🏽\u{200D}💻", "👩\u{200D}❤️\u{200D}👨"] {
            #expect(!TextFolding.hasControlCharacters(emoji))
            #expect(!TextFolding.hasControlCharacters(emoji, singleLine: true), "\(emoji.debugDescription)")
        }
        // the other invisible or line-breaking characters (a reviewer's list): kept in a long text, refused in a name
        for blank in ["\u{2028}", "\u{2029}", "\u{00AD}", "\u{180E}", "\u{034F}", "\u{115F}", "\u{3164}", "\u{FFF9}", "\u{FFFB}",
                      "\u{E0001}", "\u{E0041}", "\u{1D173}"] {
            #expect(TextFolding.hasControlCharacters("An\(blank)Bình", singleLine: true), "\(blank.unicodeScalars.first!.value)")
        }
        #expect(!TextFolding.hasControlCharacters("Tự\u{00AD}động", singleLine: false), "a soft hyphen pasted into a report is kept")
        // tab and line breaks at the ends (trimmed; inside a one-line field they are refused: SingleLineCheckTests),
        // Vietnamese in both forms, other scripts
        #expect(!TextFolding.hasControlCharacters("Kết quả\r\nnổi bật\t1.500"))
        for fine in ["\tKết quả nổi bật 1.500\r\n", "Ke\u{0302}\u{0301}t qua\u{0309}", "日本", "Ω ſ ﬁ", "’ – “”"] {
            #expect(!TextFolding.hasControlCharacters(fine, singleLine: true), "\(fine.debugDescription)")
        }
        // Check.text: single-line by its cap, or as told
        var errors: [String: String] = [:]
        _ = Check.text("Bình\u{200D}Thủy", "short", max: 200, required: true, into: &errors)
        _ = Check.text("Bình\u{200D}Thủy", "long", max: TextLimit.long, required: true, into: &errors)
        _ = Check.text("Bình\u{200D}Thủy", "area", max: 2000, required: true, multiline: true, into: &errors)
        #expect(errors == ["short": CoreText.controlCharacters])
    }

    @Test func aPersonNamedWithAnOverrideIsRefusedBesideTheFieldAndNothingIsSaved() async throws {
        try await withTestApp { app, fx in
            // setup
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            // act
            let res = try await app.post("/people", as: s, ["fullName": Self.spoof, "unitId": Self.id(fx.villageA)])
            // check
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains(#"<p class="field-error" id="e-fullName">\#(CoreText.controlCharacters)</p>"#))
            #expect(html.contains(#"value="\#(Self.spoof)""#), "what was typed is kept")
            #expect(try await Person.query(on: app.db).count() == before)
        }
    }

    @Test func aUnitNamedWithAnOverrideIsRefusedBesideTheFieldAndNothingIsSaved() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let before = try await Unit.query(on: app.db).count()
            let res = try await app.post("/units", as: s, ["code": "TH-09", "name": "Thôn \u{2067}Bình\u{2069} Hà", "kind": "village"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains(#"<p class="field-error" id="e-name">\#(CoreText.controlCharacters)</p>"#))
            #expect(html.contains("value=\"Thôn \u{2067}Bình\u{2069} Hà\""))
            #expect(try await Unit.query(on: app.db).count() == before)
            // the same name with a zero-width joiner between letters, or a zero-width space
            for name in ["Thôn Bình\u{200D}Hà", "Thôn\u{200B}Bình Hà"] {
                let again = try await app.post("/units", as: s, ["code": "TH-09", "name": name, "kind": "village"])
                #expect(again.status == .unprocessableEntity, "\(name.debugDescription)")
            }
            #expect(try await Unit.query(on: app.db).count() == before)
        }
    }

    @Test func anEmojiWithAJoinerInAReportsLongTextIsKept() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await ReportFormTests.draft(app, fx)
            let unit = try await app.login("daumoi")
            let results = "Tổ công nghệ số 👩\u{200D}💻 đã hướng dẫn 1.500 hộ 👨\u{200D}👩\u{200D}👧."
            let res = try await ReportFormTests.send(app, ReportFormTests.page(fx) + "/save", as: unit,
                                                     ReportFormTests.typed(l, version: try await ReportFormTests.version(app, fx), action: nil,
                                                                           extra: [("results", results)]))
            #expect(res.status == .seeOther, "\(res.body.string.prefix(500))")
            let report = try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026))
            #expect(report.results == results)
        }
    }

    @Test func theImportRefusesARowWithAnOverride() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            let csv = "Họ và tên,Chức vụ,Mã đơn vị,Điện thoại,Email,Ngày sinh\r\nNguyễn Văn An,,VHXH,,,\r\n\(Self.spoof),,VHXH,,,\r\n"
            let res = try await ImportTests.upload(app, "/people/import", as: s, file: Data(csv.utf8))
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("<td class=\"num\">3</td>") && html.contains(CoreText.controlCharacters))
            #expect(try await Person.query(on: app.db).count() == before, "nothing imported")
            #expect(ImportCheck.text(Self.spoof, max: 120, required: true).1 == CoreText.controlCharacters)
        }
    }
}
