import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("CSV import and export")
struct ImportTests {
    /// POST a file to an import page as multipart/form-data.
    static func upload(_ app: Application, _ path: String, as s: WebSession, file: Data, name: String = "ds.csv") async throws -> HTTPResult {
        let boundary = "----thidua\(UUID().uuidString)"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(s.csrf)\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = s.headers
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await app.send(.POST, path, headers: headers, body: ByteBuffer(data: body))
    }

    static let bom = Data([0xEF, 0xBB, 0xBF])

    @Test(arguments: [true, false])
    func importsUnitsWithOrWithoutBOM(withBOM: Bool) async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let csv = """
            Mã đơn vị,Tên đơn vị,Loại đơn vị,Nhóm tiêu chí,Mã thôn,Người đứng đầu,Chức vụ người đứng đầu,Điện thoại,Email,Địa chỉ
            TH-02,Thôn Bình Hà,Thôn,,,Lê Văn Hà,Trưởng thôn,0912 111 222,,
            DN-001,"Công ty TNHH Điều, Hạt Nghĩa Trung",Doanh nghiệp,1.3,TH-02,Phạm Thị Điều,Giám đốc,,dieu@vd.vn,"Thôn Bình Hà"
            """
            let file = (withBOM ? Self.bom : Data()) + Data(csv.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            let res = try await Self.upload(app, "/units/import", as: s, file: file)
            #expect(res.status == .seeOther, "\(res.body.string.prefix(2000))")
            let business = try #require(try await Unit.query(on: app.db).filter(\.$code == "DN-001").first())
            #expect(business.name == "Công ty TNHH Điều, Hạt Nghĩa Trung")
            let village = try #require(try await Unit.query(on: app.db).filter(\.$code == "TH-02").first())
            #expect(business.villageID == village.id, "a row may point at a village created by the same file")
            // One audit entry for the import, naming the file by its hash and every row it created.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == "import").filter(\.$objectType == "unit").all()
            #expect(entries.count == 1)
            let record = try JSONDecoder().decode(DirectoryImport.Record.self, from: Data(try #require(entries.first?.afterJSON).utf8))
            #expect(record.sha256 == SHA256.hash(data: file).hexString)
            #expect(record.rows == 2 && record.bytes == file.count && record.file == "ds.csv")
            #expect(Set(record.ids ?? []) == [business.id!, village.id!])
        }
    }

    @Test func aFileWithAnyBadRowImportsNothingAndListsEveryProblem() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            let csv = """
            Họ và tên;Chức vụ;Mã đơn vị;Điện thoại;Email;Ngày sinh
            Nguyễn Văn An;Công chức;VHXH;0912 000 001;;01/02/1980
            ;Không tên;VHXH;;;
            Trần Văn Bình;;KHONG-CO;;;
            Lê Thị Cúc;;VHXH;;;31/02/1990
            Nguyễn Văn An;Công chức;VHXH;;;01/02/1980
            Phạm Văn Dũng;;;abc;sai@;
            """
            let res = try await Self.upload(app, "/people/import", as: s, file: Data(csv.utf8))
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Chưa nhập dòng nào"))
            // row numbers count the header as row 1
            for expected in ["<td class=\"num\">3</td>", "<td class=\"num\">4</td>", "<td class=\"num\">5</td>", "<td class=\"num\">6</td>", "<td class=\"num\">7</td>"] {
                #expect(html.contains(expected), "missing \(expected)")
            }
            #expect(html.contains("Không tìm thấy đơn vị này trong xã."))
            #expect(html.contains("Ngày không hợp lệ"))
            #expect(html.contains("Trùng với dòng 2 trong tệp."))
            #expect(html.contains("Địa chỉ email không hợp lệ."))
            #expect(try await Person.query(on: app.db).count() == before, "nothing imported")
        }
    }

    @Test func badEncodingMissingColumnAndEmptyFileAreExplained() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            // "Thôn" in Windows-1258 is not valid UTF-8.
            let latin = Data("Mã đơn vị,Tên đơn vị,Loại đơn vị\nTH-09,Th".utf8) + Data([0xF4, 0x6E]) + Data(",Thôn\n".utf8)
            let enc = try await Self.upload(app, "/units/import", as: s, file: latin)
            #expect(enc.status == .unprocessableEntity)
            #expect(enc.body.string.contains("Tệp không phải mã UTF-8"))
            let missing = try await Self.upload(app, "/units/import", as: s, file: Data("Mã đơn vị,Tên đơn vị\nTH-09,Thôn 9\n".utf8))
            #expect(missing.body.string.contains("Thiếu cột bắt buộc “Loại đơn vị”."))
            let empty = try await Self.upload(app, "/units/import", as: s, file: Data())
            #expect(empty.status == .unprocessableEntity)
            let duplicate = try await Self.upload(app, "/units/import", as: s, file: Data("Mã đơn vị,Tên đơn vị,Loại đơn vị\nTH-01,Trùng,Thôn\n".utf8))
            #expect(duplicate.body.string.contains("Mã đơn vị đã có trong xã."))
            #expect(try await Unit.query(on: app.db).filter(\.$code == "TH-09").count() == 0)
        }
    }

    @Test func exportHasBOMAndRoundTrips() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let res = try await app.get("/units/export.csv", as: s)
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "csv")
            let bytes = Array(res.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let rows = try CSV.parse(Data(bytes))
            #expect(rows[0] == DirectoryColumns.units.map(\.header))
            #expect(rows.contains { $0.first == "VHXH" && $0[1] == "Phòng Văn hóa - Xã hội" })
            #expect(!rows.contains { $0.first == "TH-01" && $0[1] == "Thôn Phú Lâm" }, "nothing from the other commune")
            _ = fx
        }
    }

    // MARK: bulk

    /// `count` people in the import format, Vietnamese names, a unit on most rows; `bad` rows get an impossible date.
    static func peopleCSV(_ count: Int, bad: Set<Int> = [], prefix: String = "Nguyễn Thị Hồng") -> Data {
        var csv = "Họ và tên,Chức vụ,Mã đơn vị,Điện thoại,Email,Ngày sinh\r\n"
        csv.reserveCapacity(count * 100)
        for i in 0..<count {
            let date = bad.contains(i) ? "31/02/1990" : "\(i % 28 + 1)/\(i % 12 + 1)/19\(50 + i % 50)"
            csv += "\(prefix) Nhung \(i),\"Cán bộ, số \(i)\",\(i % 3 == 0 ? "" : "VHXH"),09\(String(format: "%08d", i)),nguoi\(i)@vd.vn,\(date)\r\n"
        }
        return Data(csv.utf8)
    }

    /// 20,000 people through the page (the bench imports 100,000): every row written, one audit entry naming the file's
    /// SHA-256 and the range of the ids created, which holds exactly the new rows.
    @Test func twentyThousandPeopleImportThroughThePageWithOneAuditEntry() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let rows = 20_000
            let file = Self.peopleCSV(rows)
            let before = try await Person.query(on: app.db).filter(\.$communeID == fx.communeA).count()
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let res = try await Self.upload(app, "/people/import", as: s, file: file, name: "nhan-su.csv")
            #expect(res.status == .seeOther, "\(res.status): \(res.text.prefix(500))")
            #expect(try await Person.query(on: app.db).filter(\.$communeID == fx.communeA).count() == before + rows)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore + 1, "one audit entry, not one a row")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "import").first())
            let record = try JSONDecoder().decode(DirectoryImport.Record.self, from: Data(try #require(entry.afterJSON).utf8))
            #expect(record.sha256 == SHA256.hash(data: file).hexString)
            #expect(record.rows == rows && record.file == "nhan-su.csv" && record.ids == nil)
            #expect(entry.objectLabel.contains("20.000") && entry.objectLabel.contains("nhan-su.csv"))
            let first = try #require(record.firstId), last = try #require(record.lastId)
            let inRange = try await Person.query(on: app.db).filter(\.$id >= first).filter(\.$id <= last).count()
            #expect(inRange == rows, "the id range holds exactly the imported rows")
            let one = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Nguyễn Thị Hồng Nhung 4321").first())
            #expect(one.title == "Cán bộ, số 4321" && one.birthDate == "1971-02-10" && one.unitID == fx.agencyA && one.version == 1)
            #expect(one.searchText == TextFolding.fold("\(one.fullName) \(one.title) \(one.phone) \(one.email)"))
            // The columns the writer binds itself read back as Fluent wrote them.
            #expect(one.isActive && one.email == "nguoi4321@vd.vn" && one.phone == "0900004321" && one.communeID == fx.communeA)
            let created = try #require(one.createdAt), updated = try #require(one.updatedAt)
            #expect(abs(created.timeIntervalSince(updated)) < 0.001 && abs(created.timeIntervalSince(entry.at)) < 1)
            #expect(try await Person.query(on: app.db).filter(\.$fullName == "Nguyễn Thị Hồng Nhung 4323").first()?.unitID == nil)
            // The same file again: every row is now a duplicate, and nothing more is written.
            let again = try await Self.upload(app, "/people/import", as: s, file: file)
            #expect(again.status == .unprocessableEntity)
            #expect(again.text.contains("20.000 lỗi") && again.text.contains("Đã có người cùng họ tên, ngày sinh và đơn vị."))
            #expect(again.text.contains("Chỉ hiện 200 lỗi đầu tiên; còn 19.800 lỗi khác."))
            #expect(try await Person.query(on: app.db).filter(\.$communeID == fx.communeA).count() == before + rows)
        }
    }

    /// One bad row in the middle of 20,000: nothing is written (no row, no audit entry) and the row is named.
    @Test func oneBadRowInTheMiddleWritesNothingAndIsNamed() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let res = try await Self.upload(app, "/people/import", as: s, file: Self.peopleCSV(20_000, bad: [12_345]))
            #expect(res.status == .unprocessableEntity)
            let html = res.text
            #expect(html.contains("Chưa nhập dòng nào: tệp có 1 lỗi."))
            #expect(html.contains("<td class=\"num\">12347</td>"), "row 12,347 of the file (the header is row 1)")
            #expect(html.contains("Ngày không hợp lệ"))
            #expect(try await Person.query(on: app.db).count() == before)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
            _ = fx
        }
    }

    /// A file over THIDUA_IMPORT_MAX_MB is refused beside the field, and the page says the cap.
    @Test func aFileOverTheCapIsRefusedAndTheHintSaysTheCap() async throws {
        try await withTestApp(settings: { $0.importMaxBytes = 1024 * 1024 }) { app, _ in
            let s = try await app.login("thuky")
            let page = try await app.get("/people/import", as: s)
            #expect(page.body.string.contains("tối đa 200.000 dòng, tệp không quá 1 MB"))
            let file = Self.peopleCSV(15_000)
            #expect(file.count > 1024 * 1024)
            let res = try await Self.upload(app, "/people/import", as: s, file: file)
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Tệp quá lớn: tối đa 1 MB."))
        }
    }

    /// `thidua import people FILE --commune CODE` and `thidua import units …`: the same import, by the system.
    @Test func theCommandImportsPeopleAndUnits() async throws {
        try await withTestApp { app, fx in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-import-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let units = dir.appendingPathComponent("don-vi.csv"), people = dir.appendingPathComponent("ca-nhan.csv")
            try Data("Mã đơn vị;Tên đơn vị;Loại đơn vị\nTH-77;Thôn Bảy Bảy;Thôn\nDN-77;Doanh nghiệp 77;Doanh nghiệp\n".utf8).write(to: units)
            try Self.peopleCSV(3000).write(to: people)
            func run(_ args: [String]) async throws {
                var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["thidua import"] + args))
                context.application = app
                try await ImportCommand().run(using: &context)
            }
            try await run(["units", units.path, "--commune", "nghia-trung"])
            #expect(try await Unit.query(on: app.db).filter(\.$code == "DN-77").filter(\.$communeID == fx.communeA).count() == 1)
            let before = try await Person.query(on: app.db).count()
            try await run(["people", people.path, "--commune", "nghia-trung"])
            #expect(try await Person.query(on: app.db).count() == before + 3000)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "import").filter(\.$objectType == "person").first())
            #expect(entry.actorID == nil && entry.objectLabel.contains("ca-nhan.csv"))
            // A bad file: the command fails and writes nothing.
            await #expect(throws: (any Error).self) { try await run(["people", people.path, "--commune", "nghia-trung"]) }
            #expect(try await Person.query(on: app.db).count() == before + 3000)
            await #expect(throws: (any Error).self) { try await run(["people", people.path, "--commune", "khong-co"]) }
        }
    }

    /// The fast checks of the import give what ``Check`` and ``TextFolding`` give.
    @Test func theImportChecksAgreeWithTheFormChecks() {
        var samples = ["", " ", "Nguyễn Văn An", "  Trần Thị Bình\t", "NGHĨA TRUNG", "Đặng  Đức\r\nĐạt", "e\u{0301}", "Ä\u{0308}",
                       "\u{00A0}An\u{00A0}", "a\u{0}b", "x\u{7}y", "\u{85}z", "日本", "😀 An", "Ω", "ſ", "İstanbul", "ǅ", "ﬁ", "Ǻ",
                       "0912 345 678", "+84 912.345.678", "(028) 3822-1234", "12345", "09a12345678", "an@vd.vn", "an@@vd.vn",
                       "an @vd.vn", "an@vd", "an@.vd.vn", "Lê@vd.vn", String(repeating: "ắ", count: 121), "01/02/1980", "1/2/1980",
                       "31/02/1990", "01-02-1980", "01.02.1980", "1980-02-01", "01//02/1980", "+1/2/1980", "001/02/1980",
                       "@vd.vn", "an@vd.vn.", "an@b@vd.vn", "an.@vd.vn", "an@vd..vn", "a\tb@vd.vn", "a\r\nb@vd.vn", "an@", "an@.",
                       String(repeating: "a", count: 248) + "@vd.vn", String(repeating: "a", count: 249) + "@vd.vn",
                       "Lê Văn@vd.vn", "an@vd.vn\u{2003}x",
                       "Nguyễn\u{202E}nàV", "An\u{200B}", "\u{FEFF}An", "Bình\u{200D}Thủy", "Bình\u{200C}Thủy", "An 👩\u{200D}💻", "\u{2066}An\u{2069}"]
        for v in Array(0x20...0x7E) + Array(0x80...0x24F) + Array(0x1E00...0x1EFF) {
            if let scalar = Unicode.Scalar(UInt32(v)) { samples.append("A\(Character(scalar))b ") }
        }
        for sample in samples {
            #expect(ImportCheck.fold(sample) == TextFolding.fold(sample), "fold \(sample.debugDescription)")
            #expect(ImportCheck.clean(sample).value == TextFolding.clean(sample), "clean \(sample.debugDescription)")
            #expect(ImportCheck.clean(sample).control == TextFolding.hasControlCharacters(sample, singleLine: true), "control \(sample.debugDescription)")
            var errors: [String: String] = [:]
            let text = Check.text(sample, "f", max: 120, required: true, into: &errors)
            #expect(ImportCheck.text(sample, max: 120, required: true) == (text, errors["f"]), "text \(sample.debugDescription)")
            errors = [:]
            let phone = Check.phone(sample, "f", into: &errors)
            #expect(ImportCheck.phone(sample) == (phone, errors["f"]), "phone \(sample.debugDescription)")
            errors = [:]
            let email = Check.email(sample, "f", into: &errors)
            #expect(ImportCheck.email(sample) == (email, errors["f"]), "email \(sample.debugDescription)")
            let cleaned = TextFolding.clean(sample)
            #expect(ImportCheck.vietnameseDateISO(cleaned) == LocalDate(vietnamese: cleaned)?.iso, "date \(sample.debugDescription)")
        }
        // The search text is folded from its parts without joining them first: the same as folding the joined text.
        let parts = ["", " ", "Nguyễn Văn An", "  Trần Thị Bình\t", "e\u{0301}", "\u{0301}", "日本", "a\u{0}b", "Đặng  Đức\r\n"]
        for a in parts { for b in parts { for c in parts {
            #expect(ImportCheck.fold(joining: a, b, c) == TextFolding.fold("\(a) \(b) \(c)"), "fold \([a, b, c].debugDescription)")
        } } }
    }

    /// The streaming reader gives what ``CSV/parse(_:)`` gives, whatever the size of the pieces the file arrives in.
    @Test(arguments: [1, 2, 3, 7, 64, 100_000])
    func theStreamingReaderAgreesWithTheWholeFileParser(pieceSize: Int) throws {
        let text = "\u{FEFF}Họ và tên;Ghi chú\r\n\"Lê, Văn \"\"Tí\"\"\";\"hai\r\ndòng\"\r\n\r\n  \nĐào Thị;x\"y\rCuối;\"\"\n;\n\"a\"b;c"
        let data = Array(text.utf8)
        var reader = CSVStreamReader()
        var records: [[String]] = []
        var start = 0
        while start < data.count {
            try reader.feed(Array(data[start..<min(start + pieceSize, data.count)]))
            records += reader.takeRecords()
            start += pieceSize
        }
        try reader.finish()
        records += reader.takeRecords()
        #expect(records.map { $0.map { $0.precomposedStringWithCanonicalMapping } } == (try CSV.parse(Data(data))))
        var open = CSVStreamReader()
        try open.feed(Array("a,b\nc,\"d\n\ne".utf8))
        #expect(throws: CSV.ReadError.unterminatedQuote(line: 2)) { try open.finish() }
        var latin = CSVStreamReader()
        #expect(throws: CSV.ReadError.notUTF8) { try latin.feed([0x61, 0x0A, 0x62, 0xF4, 0x6E, 0x0A]) }
    }
}
