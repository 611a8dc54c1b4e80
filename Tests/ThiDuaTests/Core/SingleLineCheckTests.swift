import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// One-line fields (names, titles, codes, the one-line boxes of a table) refuse a tab or line break inside them, beside
/// the field with ``CoreText/singleLine``; textareas keep their line breaks; at the ends of a value they are trimmed.
@Suite("Single-line fields refuse CR, LF and tab; textareas keep their line breaks")
struct SingleLineCheckTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    @Test func theRule() {
        for bad in ["An\r\nBình", "An\nBình", "An\rBình", "An\tBình", "An \n Bình", "An\u{2028}Bình", "An\u{85}Bình", "An\u{B}Bình"] {
            #expect(TextFolding.hasControlCharacters(bad, singleLine: true), "\(bad.debugDescription)")
            #expect(ImportCheck.clean(bad).control, "the import's fast path agrees: \(bad.debugDescription)")
        }
        for fine in ["An Bình", "  An Bình\r\n", "\tAn Bình\t", "\n\nAn Bình", "Ke\u{0302}\u{0301}t qua\u{0309}\n"] {
            #expect(!TextFolding.hasControlCharacters(fine, singleLine: true), "at the ends it is trimmed: \(fine.debugDescription)")
            #expect(!ImportCheck.clean(fine).control, "\(fine.debugDescription)")
        }
        // a long text keeps tab and line breaks
        #expect(!TextFolding.hasControlCharacters("Kết quả\r\nnổi bật\t1.500"))
        // Check.text: the message says why; a textarea (by its cap, or as told) keeps them
        var errors: [String: String] = [:]
        let kept = Check.text("Dòng một\r\nDòng hai", "area", max: TextLimit.long, required: true, into: &errors)
        _ = Check.text("Dòng một\r\nDòng hai", "small area", max: 2000, required: true, multiline: true, into: &errors)
        _ = Check.text("An\r\nBình", "name", max: 120, required: true, into: &errors)
        _ = Check.text("An\tBình", "cell", max: TextLimit.long, required: false, multiline: false, into: &errors)
        _ = Check.text("An\u{202E}Bình", "spoof", max: 120, required: true, into: &errors)
        #expect(kept == "Dòng một\r\nDòng hai")
        #expect(errors == ["name": CoreText.singleLine, "cell": CoreText.singleLine, "spoof": CoreText.controlCharacters])
        #expect(ImportCheck.text("An\r\nBình", max: 120, required: true).1 == CoreText.singleLine)
    }

    @Test func theAPIRefusesAPersonNamedOnTwoLines() async throws {
        try await withTestApp { app, fx in
            // setup
            let token = try await app.apiToken("thuky")
            let before = try await Person.query(on: app.db).count()
            // act
            let res = try await app.api(.POST, "/api/v1/people", token: token,
                                        json: #"{"fullName":"An\r\nBình","title":"Công\tchức","unitId":"\#(Self.id(fx.agencyA))"}"#)
            // check
            #expect(res.status == .unprocessableEntity, "\(res.body.string)")
            struct Body: Decodable { struct E: Decodable { let fields: [String: String]? }; let error: E }
            let fields = try JSONDecoder().decode(Body.self, from: Data(res.body.readableBytesView)).error.fields ?? [:]
            #expect(fields["fullName"] == CoreText.singleLine)
            #expect(fields["title"] == CoreText.singleLine)
            #expect(try await Person.query(on: app.db).count() == before, "nothing saved")
        }
    }

    @Test func thePersonFormRefusesItBesideTheFieldKeepingWhatWasTyped() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            let res = try await app.postPairs("/people", as: s, [("fullName", "An\r\nBình"), ("unitId", Self.id(fx.agencyA))])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(#"<p class="field-error" id="e-fullName">\#(CoreText.singleLine)</p>"#))
            #expect(try await Person.query(on: app.db).count() == before)
        }
    }

    @Test func aReportsOneLineNoteRefusesALineBreakAndItsTextareaKeepsThem() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            // setup
            let l = try await ReportFormTests.draft(app, fx)
            let unit = try await app.login("daumoi")
            let results = "Dòng một: số hóa 1.500 hồ sơ.\r\nDòng hai: 40 hộ dùng ví điện tử.\r\n\r\nDòng bốn."
            // act: a line break in the one-line note of the first target
            var typed = ReportFormTests.typed(l, version: try await ReportFormTests.version(app, fx), action: nil, extra: [("results", results)])
            if let i = typed.firstIndex(where: { $0.0 == "resultNote[]" }) { typed[i].1 = "Ghi chú\r\nhai dòng" }
            let refused = try await ReportFormTests.send(app, ReportFormTests.page(fx) + "/save", as: unit, typed)
            // check
            #expect(refused.status == .unprocessableEntity, "\(refused.body.string.prefix(300))")
            #expect(refused.body.string.contains(#"id="e-resultNote.0">\#(CoreText.singleLine)"#))
            // act: the same without it; the textarea's line breaks are kept as typed (CRLF as LF or CRLF, never joined)
            typed = ReportFormTests.typed(l, version: try await ReportFormTests.version(app, fx), action: nil, extra: [("results", results)])
            let saved = try await ReportFormTests.send(app, ReportFormTests.page(fx) + "/save", as: unit, typed)
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(300))")
            let report = try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026))
            #expect(report.results.replacingOccurrences(of: "\r\n", with: "\n") == results.replacingOccurrences(of: "\r\n", with: "\n"))
            #expect(report.results.replacingOccurrences(of: "\r\n", with: "\n").contains("tử.\n\nDòng bốn"), "the blank line is kept")
        }
    }

    @Test func theHolidaysTextareaTakesOneDateALineAndNamesTheWrongLine() async throws {
        try await withTestApp { app, fx in
            let admin = try await app.login("admin")
            func send(_ holidays: String) async throws -> HTTPResult {
                let version = try await CommendationQueries.settings(on: app.db, communeID: fx.communeA).version
                return try await app.postPairs("/commendations/settings", as: admin, [
                    ("baseSalary", "2.340.000"), ("baseSalarySource", "Nghị định 73/2024/NĐ-CP"), ("rewardRounding", "1000"),
                    ("quorumPercent", "66,67"), ("ballotSource", "Quy chế"), ("postingDays", "5"), ("postingSource", "Quy chế"),
                    ("holidays", holidays), ("version", String(version))])
            }
            // CRLF, a blank line, spaces, a date typed twice, a tab at the end of a line
            var res = try await send("01/01/2027\r\n\r\n  30/04/2027 \r\n01/01/2027\t\r\n")
            #expect(res.status == .seeOther, "\(res.body.string.components(separatedBy: "field-error").dropFirst().map { $0.prefix(160) })")
            #expect(try await CommendationQueries.settings(on: app.db, communeID: fx.communeA).holidays == "2027-01-01,2027-04-30")
            // a wrong line is named, what was typed is kept, nothing saved
            res = try await send("01/01/2027\r\n31/02/2027")
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(CommendationText.invalidHolidayLine(2, "31/02/2027")))
            #expect(res.body.string.contains("01/01/2027\r\n31/02/2027") || res.body.string.contains("01/01/2027\n31/02/2027"))
            // a bidi control, or more than a long text holds
            res = try await send("01/01/2027\u{202E}")
            #expect(res.status == .unprocessableEntity && res.body.string.contains(CoreText.controlCharacters))
            res = try await send(String(repeating: "01/01/2027\n", count: 2_000))
            #expect(res.status == .unprocessableEntity && res.body.string.contains("tối đa 20.000 ký tự"))
            #expect(try await CommendationQueries.settings(on: app.db, communeID: fx.communeA).holidays == "2027-01-01,2027-04-30")
        }
    }
}
