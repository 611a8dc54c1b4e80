import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// A person's optional salutation (danh xưng, Ông / Bà): the form, the API, the CSV import and export.
@Suite("Danh xưng: form, API, import, export")
struct SalutationTests {
    static func selected(_ html: String, _ value: String) -> Bool {
        html.contains("<option value=\"\(value)\" selected")
    }

    @Test func theFormSavesBaAndTheEditBoxShowsItAgainAndEmptyStaysEmpty() async throws {
        try await withTestApp { app, fx in
            // setup
            let s = try await app.login("thuky")
            let unit = fx.agencyA.uuidString.lowercased()
            // act: one person with Bà, one with nothing chosen
            let ba = try await app.postPairs("/people", as: s, [("salutation", "ba"), ("fullName", "Lê Thị Cúc"), ("title", "Công chức"), ("unitId", unit)])
            let none = try await app.postPairs("/people", as: s, [("salutation", ""), ("fullName", "Phạm Minh Khoa"), ("title", ""), ("unitId", unit)])
            // check
            #expect(ba.status == .seeOther && none.status == .seeOther)
            let cuc = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Lê Thị Cúc").first())
            let khoa = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Phạm Minh Khoa").first())
            #expect(cuc.salutation == "ba")
            #expect(khoa.salutation == nil)
            let edit = try await app.get("/people/\(cuc.id!.uuidString)/edit", as: s).body.string
            #expect(Self.selected(edit, "ba") && !Self.selected(edit, "ong"))
            let emptyEdit = try await app.get("/people/\(khoa.id!.uuidString)/edit", as: s).body.string
            #expect(!Self.selected(emptyEdit, "ba") && !Self.selected(emptyEdit, "ong"))
            #expect(emptyEdit.contains(DirectoryText.noSalutation))
            #expect(try await app.get("/people/\(cuc.id!.uuidString)", as: s).body.string.contains(">Bà<"))
            // Saving the edit box unchanged keeps Bà; choosing the empty option clears it.
            let keep = try await app.postPairs("/people/\(cuc.id!.uuidString)/edit", as: s, [
                ("version", String(cuc.version)), ("salutation", "ba"), ("fullName", "Lê Thị Cúc"), ("title", "Công chức"), ("unitId", unit)])
            #expect(keep.status == .seeOther)
            #expect(try await Person.find(cuc.id, on: app.db)?.salutation == "ba")
            let version = try #require(try await Person.find(cuc.id, on: app.db)?.version)
            let clear = try await app.postPairs("/people/\(cuc.id!.uuidString)/edit", as: s, [
                ("version", String(version)), ("salutation", ""), ("fullName", "Lê Thị Cúc"), ("title", "Công chức"), ("unitId", unit)])
            #expect(clear.status == .seeOther)
            #expect(try await Person.find(cuc.id, on: app.db)?.salutation == nil)
        }
    }

    @Test func aRefusedFormKeepsTheChoiceAndAnUnknownOneIsRefused() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let unit = fx.agencyA.uuidString.lowercased()
            // act: the name is missing, Ông chosen
            let refused = try await app.postPairs("/people", as: s, [("salutation", "ong"), ("fullName", ""), ("unitId", unit)])
            // check
            #expect(refused.status == .unprocessableEntity)
            #expect(Self.selected(refused.body.string, "ong"))
            let unknown = try await app.postPairs("/people", as: s, [("salutation", "co"), ("fullName", "Nguyễn Thị Mơ"), ("unitId", unit)])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains(CoreText.invalidChoice))
            #expect(try await Person.query(on: app.db).filter(\.$fullName == "Nguyễn Thị Mơ").count() == 0)
        }
    }

    @Test func theAPIReadsAndWritesTheSalutation() async throws {
        try await withTestApp { app, fx in
            let token = try await app.apiToken("thuky")
            let unit = fx.agencyA.uuidString.lowercased()
            var res = try await app.api(.POST, "/api/v1/people", token: token,
                                        json: #"{"fullName":"Hồ Văn Tư","unitId":"\#(unit)","salutation":"Ông"}"#)
            #expect(res.status == .created, "\(res.body.string)")
            #expect(res.body.string.contains(#""salutation":"ong""#))
            let id = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Hồ Văn Tư").first()?.id)
            // A change of something else keeps it; "" clears it; "Cô" is refused beside the field.
            res = try await app.api(.PATCH, "/api/v1/people/\(id.uuidString)", token: token, json: #"{"title":"Công chức"}"#)
            #expect(res.body.string.contains(#""salutation":"ong""#), "\(res.body.string)")
            res = try await app.api(.PATCH, "/api/v1/people/\(id.uuidString)", token: token, json: #"{"salutation":"Cô"}"#)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("salutation"))
            res = try await app.api(.PATCH, "/api/v1/people/\(id.uuidString)", token: token, json: #"{"salutation":""}"#)
            #expect(res.status == .ok && !res.body.string.contains("salutation"))
        }
    }

    /// "Bà", "BÀ", "bà" (NFD too) and "Ba" without its mark are Bà; "ÔNG", "ong" are Ông; "Cô" is a row error.
    @Test func theImportReadsOngAndBaInAnyCaseWithOrWithoutDiacritics() async throws {
        try await withTestApp { app, _ in
            // setup
            let s = try await app.login("thuky")
            let nfd = "Bà".decomposedStringWithCanonicalMapping
            let rows = [("Nguyễn Thị Một", "bà"), ("Nguyễn Thị Hai", "BÀ"), ("Nguyễn Thị Ba", "Ba"), ("Nguyễn Thị Bốn", nfd),
                        ("Nguyễn Văn Năm", "ÔNG"), ("Nguyễn Văn Sáu", "ong"), ("Nguyễn Văn Bảy", ""), ("Nguyễn Văn Tám", " Ông ")]
            var csv = "Họ và tên,Chức vụ,Mã đơn vị,Điện thoại,Email,Ngày sinh,Danh xưng\r\n"
            for (name, salutation) in rows { csv += "\(name),,VHXH,,,,\(salutation)\r\n" }
            // act
            let res = try await ImportTests.upload(app, "/people/import", as: s, file: Data(csv.utf8))
            // check
            #expect(res.status == .seeOther, "\(res.body.string.prefix(1500))")
            let people = try await Person.query(on: app.db).all()
            func salutation(_ name: String) -> String?? { people.first { $0.fullName == name }.map(\.salutation) }
            for name in ["Nguyễn Thị Một", "Nguyễn Thị Hai", "Nguyễn Thị Ba", "Nguyễn Thị Bốn"] { #expect(salutation(name) == .some("ba"), "\(name)") }
            for name in ["Nguyễn Văn Năm", "Nguyễn Văn Sáu", "Nguyễn Văn Tám"] { #expect(salutation(name) == .some("ong"), "\(name)") }
            #expect(salutation("Nguyễn Văn Bảy") == .some(nil))
            // The export writes the word, under the same header, so the file imports again.
            let export = try CSV.parse(Data(try await app.get("/people/export.csv", as: s).body.readableBytesView))
            #expect(export[0] == DirectoryColumns.people.map(\.header))
            #expect(export.contains { $0.first == "Nguyễn Thị Hai" && $0.last == "Bà" })
        }
    }

    @Test func theImportRefusesCoWithARowMessageAndWritesNothing() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            let csv = "Họ và tên;Danh xưng\nLê Thị Lan;Bà\nLê Thị Cúc;Cô\n"
            let res = try await ImportTests.upload(app, "/people/import", as: s, file: Data(csv.utf8))
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("<td class=\"num\">3</td>"))
            #expect(html.contains("Danh xưng không hợp lệ"))
            #expect(html.contains("Danh xưng"))
            #expect(try await Person.query(on: app.db).count() == before)
        }
    }

    @Test func demoPeopleHaveASalutationFromTheirNames() {
        #expect(DemoData.salutation(forName: "Trần Thị Thu Hà") == .ba)
        #expect(DemoData.salutation(forName: "Nguyễn Văn Thành") == .ong)
        #expect(DemoData.salutation(forName: "Điểu Thị Hồng") == .ba)
        #expect(DemoData.salutation(forName: "Võ Ngọc Lan") == .ba)
        #expect(DemoData.salutation(forName: "Đặng Minh Khôi") == .ong)
        #expect(Salutation(loose: "Cô") == nil && Salutation(loose: "BÀ") == .ba && Salutation(loose: "ông") == .ong)
    }
}

/// "Bá" (and the other tones of "ba") is a different word: refused, not read as "Bà" — in the form, the API and the import.
@Suite("Danh xưng: the loose reading takes the word, not another tone")
struct SalutationLooseReadingTests {
    @Test func theWordInAnyCaseOrFormIsReadAndAnotherToneIsRefused() {
        for ba in ["Bà", "bà", "BÀ", "Ba", "ba", "BA", " Bà ", "Ba\u{0300}", "BA\u{0300}", "ba"] {
            #expect(Salutation(loose: ba) == .ba, "\(ba.debugDescription)")
        }
        for ong in ["Ông", "ông", "ÔNG", "Ong", "ong", "O\u{0302}ng"] {
            #expect(Salutation(loose: ong) == .ong, "\(ong.debugDescription)")
        }
        for other in ["Bá", "bá", "BÁ", "Ba\u{0301}", "Bả", "Bã", "Bạ", "Ồng", "Cô", "Bà Bà", ""] {
            #expect(Salutation(loose: other) == nil, "\(other.debugDescription)")
        }
    }

    @Test func theFormAndTheImportRefuseBa() async throws {
        try await withTestApp { app, fx in
            // setup
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            // act: the form (as an old page or a script would send the word), then the import
            let form = try await app.postPairs("/people", as: s, [("salutation", "Bá"), ("fullName", "Lê Thị Cúc"), ("unitId", fx.agencyA.uuidString.lowercased())])
            let csv = "Họ và tên,Chức vụ,Mã đơn vị,Điện thoại,Email,Ngày sinh,Danh xưng\r\nLê Thị Cúc,,VHXH,,,,Bá\r\n"
            let imported = try await ImportTests.upload(app, "/people/import", as: s, file: Data(csv.utf8))
            // check
            #expect(form.status == .unprocessableEntity && form.body.string.contains(CoreText.invalidChoice))
            #expect(imported.status == .unprocessableEntity && imported.body.string.contains(DirectoryText.importUnknownSalutation))
            #expect(try await Person.query(on: app.db).count() == before)
            // the same with "Bà" is taken
            let ok = try await app.postPairs("/people", as: s, [("salutation", "BÀ"), ("fullName", "Lê Thị Cúc"), ("unitId", fx.agencyA.uuidString.lowercased())])
            #expect(ok.status == .seeOther)
            #expect(try await Person.query(on: app.db).filter(\.$fullName == "Lê Thị Cúc").first()?.salutation == "ba")
        }
    }
}
