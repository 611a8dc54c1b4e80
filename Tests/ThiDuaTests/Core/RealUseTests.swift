import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 11: what a browser over a real link does — bodies in pieces, uploads, Vietnamese numbers, empty choices.
/// Every request here goes over a socket to the test's listening server (``SocketClient``).
@Suite("Real use: bodies in pieces, uploads, numbers, empty choices")
struct RealUseTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// A long form, every byte of it after the head sent in 1 KB pieces, each after a pause: accepted with its token,
    /// refused without it, and nothing is written then.
    @Test func aFormSplitIntoOneKilobytePiecesIsAcceptedWithItsTokenAndRefusedWithout() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("canhan")
            let long = String(repeating: "Người dân cần hướng dẫn cài VNeID mức 2 tại nhà văn hóa. ", count: 180)  // ≈ 10.000 ký tự
            #expect(long.count >= 10_000)
            var headers = s.headers
            headers.contentType = .urlEncodedForm
            let fields = ["title": "Thiếu máy tính ở nhà văn hóa", "content": long, "contentAreaId": ""]
            let refused = try await SocketClient.send(port: try app.listeningPort, .POST, "/difficulties", headers: headers,
                                                      body: formBody(fields), chunkSize: 1024, slowPieces: 1_000)
            #expect(refused.status == .forbidden)
            #expect(try await Difficulty.query(on: app.db).count() == 0)
            let accepted = try await SocketClient.send(port: try app.listeningPort, .POST, "/difficulties", headers: headers,
                                                       body: formBody(fields.merging(["_csrf": s.csrf]) { a, _ in a }),
                                                       chunkSize: 1024, slowPieces: 1_000)
            #expect(accepted.status == .seeOther, "\(accepted.status): \(accepted.text.prefix(300))")
            let saved = try #require(try await Difficulty.query(on: app.db).first())
            #expect(saved.content == TextFolding.clean(long))
            #expect(saved.contentAreaID == nil)
            // A wrong token is still refused, however the body arrives.
            let wrong = try await SocketClient.send(port: try app.listeningPort, .POST, "/difficulties", headers: headers,
                                                    body: formBody(fields.merging(["_csrf": String(s.csrf.reversed())]) { a, _ in a }),
                                                    chunkSize: 1024, slowPieces: 1_000)
            #expect(wrong.status == .forbidden)
            #expect(try await Difficulty.query(on: app.db).count() == 1)
            _ = fx
        }
    }

    /// Without a session, an upload is answered before its body is read (a redirect to sign in, nothing parsed); the
    /// token of a multipart form is found by its part headers alone.
    @Test func anUploadWithoutASessionIsAnsweredBeforeItsBodyIsRead() async throws {
        try await withTestApp { app, fx in
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=x")
            let res = try await app.send(.POST, "/reports/2026/units/\(Self.id(fx.villageA))/save", headers: headers,
                                         body: ByteBuffer(bytes: [UInt8](repeating: 0x41, count: 2 * 1024 * 1024)))
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            var body = ByteBuffer(string: "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"_csrf\"\r\n\r\nname=\"_csrf\"\r\n--b\r\n")
            body.writeString("Content-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken-123\r\n--b--\r\n")
            #expect(BodyLimit.multipartField("_csrf", in: body, boundary: "b") == "token-123")
            #expect(BodyLimit.multipartField("_csrf", in: ByteBuffer(string: "--b\r\n"), boundary: "b") == nil)
        }
    }

    /// A PDF right at the upload cap, sent in pieces as a multipart form, is stored whole; one byte over is refused beside
    /// the field, with what was typed kept.
    @Test func anUploadAtTheCapArrivesWholeAndOneByteOverIsRefusedBesideTheField() async throws {
        try await withTestApp(settings: { $0.uploadMaxBytes = 1024 * 1024 }) { app, _ in
            let s = try await app.login("canhan")
            var pdf = pdfBytes
            pdf.append(Data(repeating: 0x20, count: 1024 * 1024 - pdf.count))
            let ok = try await uploadForm(app, "/difficulties", as: s, fields: ["title": "Hồ sơ kèm tệp 1 MB", "content": "Xem tệp", "contentAreaId": ""],
                                          filename: "ho-so.pdf", file: pdf, contentType: "application/pdf")
            #expect(ok.status == .seeOther, "\(ok.status): \(ok.text.prefix(300))")
            #expect(try await Difficulty.query(on: app.db).count() == 1)
            #expect(try await app.files.get(SHA256.hash(data: pdf).hexString) == pdf)
            pdf.append(0x20)
            let over = try await uploadForm(app, "/difficulties", as: s, fields: ["title": "Tệp quá lớn", "content": "Nội dung đã gõ", "contentAreaId": ""],
                                            filename: "ho-so.pdf", file: pdf, contentType: "application/pdf")
            #expect(over.status == .unprocessableEntity)
            #expect(over.text.contains("Nội dung đã gõ"))
            #expect(over.text.contains("Tệp quá lớn: tối đa 1 MB."))
            #expect(try await Difficulty.query(on: app.db).count() == 1)
        }
    }

    /// 5,000 people in a 2 MB CSV, sent in pieces through the import page, are all imported.
    @Test func aPeopleCSVOfFiveThousandRowsImportsThroughThePage() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            var csv = "Họ và tên,Chức vụ,Mã đơn vị,Điện thoại,Email,Ngày sinh\r\n"
            for i in 0..<5000 {
                csv += "Nguyễn Thị Hồng Nhung Phạm Lê Thử Nghiệm Dữ Liệu Lớn Số \(i),\"Cán bộ phụ trách chuyển đổi số, hướng dẫn người dân sử dụng dịch vụ công trực tuyến, VNeID và thanh toán không dùng tiền mặt tại nhà văn hóa thôn\",,09\(String(format: "%08d", i)),nguoi.thu.nghiem.du.lieu.lon.so.\(i)@uybannhandan.xanghiatrung.example.vn,01/01/1990\r\n"
            }
            #expect(csv.utf8.count > 1_800_000)  // about the 2 MB of the file that failed in the browser
            let before = try await Person.query(on: app.db).filter(\.$communeID == fx.communeA).count()
            let res = try await ImportTests.upload(app, "/people/import", as: s, file: Data(csv.utf8))
            #expect(res.status == .seeOther, "\(res.status): \(res.text.prefix(500))")
            #expect(try await Person.query(on: app.db).filter(\.$communeID == fx.communeA).count() == before + 5000)
            let page = try await app.get("/people/import", as: s)
            #expect(page.body.string.contains("tối đa 200.000 dòng"))
        }
    }

    /// What the registration page shows in a target's edit box reads back unchanged, save after save.
    @Test(arguments: [("1.500", 1500.0, "1.500"), ("1500", 1500, "1.500"), ("1,5", 1.5, "1,5"), ("1.234.567,89", 1_234_567.89, "1.234.567,89"),
                      ("1500.5", 1500.5, "1.500,5"), ("0,75", 0.75, "0,75")])
    func aTargetValueRoundTripsThroughTheEditBox(typed: String, value: Double, shown: String) async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("daumoi")
            let page = RegistrationTests.page(fx)
            var f = RegistrationTests.form(fx, area: nil, action: "draft", value: typed)
            #expect(try await app.post(page + "/save", as: s, f).status == .seeOther)
            func stored() async throws -> Double? {
                try await RegistrationTarget.query(on: app.db).first()?.targetValue
            }
            #expect(try await stored() == value)
            for round in 1...2 {
                let html = try await app.get(page, as: s).body.string
                let box = try #require(Self.inputValue(html, name: "targetValue[]"), "no target box on the edit page")
                #expect(box == shown, "round \(round)")
                let baseline = try #require(Self.inputValue(html, name: "targetBaseline[]"))
                #expect(baseline == "45,5")
                f["targetValue[]"] = box
                f["targetBaseline[]"] = baseline
                let version = try #require(Self.inputValue(html, name: "version"))
                f["version"] = version
                let res = try await app.post(page + "/save", as: s, f)
                #expect(res.status == .seeOther, "\(res.status): \(res.text.prefix(300))")
                #expect(try await stored() == value, "round \(round)")
                #expect(try await RegistrationTarget.query(on: app.db).first()?.baseline == 45.5)
            }
        }
    }

    /// A negative plan, an ambiguous number and a value the column cannot hold are refused beside the field, the typed
    /// text is shown again, and nothing is saved.
    @Test(arguments: ["-5", "1,234.5", "1,234,567", "12345678901234567890123", "1.2.3", "abc"])
    func aBadTargetIsRefusedBesideItsFieldAndNothingIsSaved(typed: String) async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("daumoi")
            let res = try await app.post(RegistrationTests.page(fx) + "/save", as: s, RegistrationTests.form(fx, area: nil, action: "draft", value: typed))
            #expect(res.status == .unprocessableEntity)
            let message = try #require(NumberText.read(typed).failureMessage)
            #expect(res.text.contains("<p class=\"field-error\" id=\"e-targetValue.0\">\(HTMLEscape.text(message))</p>"), "no message beside the field")
            #expect(res.text.contains("<a href=\"#f-targetValue.0\">\(RegistrationText.targetValue) (dòng 1)</a>"), "the error summary does not name the field")
            #expect(res.text.contains(HTMLEscape.attribute(typed)), "what was typed is not shown again")
            #expect(try await RegistrationTarget.query(on: app.db).count() == 0)
            #expect(try await Registration.query(on: app.db).count() == 0)
        }
    }

    /// Every select on the forms people fill has a real empty value, so "— Chọn —" sends nothing, and a form left at
    /// its empty choices saves.
    @Test func optionalChoicesSendNothingAndFormsSaveWithThem() async throws {
        try await withTestApp { app, fx in
            let admin = try await app.login("admin")
            let person = try await app.login("canhan")
            let secretariat = try await app.login("thuky")
            for (s, path) in [(admin, "/users/new"), (person, "/difficulties/new"), (person, "/initiatives/new"), (secretariat, "/units/new"),
                              (secretariat, "/people/new"), (secretariat, "/people"), (secretariat, "/units"), (secretariat, "/difficulties")] {
                let html = try await app.get(path, as: s).body.string
                #expect(html.contains("<select"), "\(path) has no select")
                #expect(Self.optionsWithoutValue(html).isEmpty, "\(path): \(Self.optionsWithoutValue(html).prefix(2))")
            }
            // An account without a person or a unit.
            let user = try await app.post("/users", as: admin, ["username": "nguoimoi", "displayName": "Người mới", "password": "MatKhau2026ok",
                                                                "roles[]": "individual", "unitId": "", "personId": ""])
            #expect(user.status == .seeOther, "\(user.status): \(user.text.prefix(300))")
            #expect(try await User.query(on: app.db).filter(\.$username == "nguoimoi").first()?.personID == nil)
            // An initiative draft with just its title.
            let draft = try await app.post("/initiatives", as: person, ["title": "Bản nháp chỉ có tên", "action": "draft", "contentAreaId": "", "unitId": "",
                                                                        "authorPersonId[]": "", "authorName[]": "", "authorShare[]": ""])
            #expect(draft.status == .seeOther, "\(draft.status): \(draft.text.prefix(600))")
            #expect(try await Initiative.query(on: app.db).filter(\.$title == "Bản nháp chỉ có tên").count() == 1)
            _ = fx
        }
    }

    /// The values in `<input name="…" value="…">` (first match), unescaped.
    static func inputValue(_ html: String, name: String) -> String? {
        let escaped = NSRegularExpression.escapedPattern(for: name)
        guard let re = try? NSRegularExpression(pattern: #"<input[^>]*name="\#(escaped)"[^>]*>"#),
              let m = re.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)),
              let r = Range(m.range, in: html) else { return nil }
        let tag = String(html[r])
        guard let v = tag.range(of: #"value="([^"]*)""#, options: .regularExpression) else { return "" }
        return String(tag[v].dropFirst(7).dropLast())
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func optionsWithoutValue(_ html: String) -> [String] {
        guard let re = try? NSRegularExpression(pattern: #"<option(?![^>]*\svalue[\s=>])[^>]*>[^<]*"#) else { return [] }
        return re.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { Range($0.range, in: html).map { String(html[$0]) } }
    }
}

extension Result where Failure == NumberProblem {
    var failureMessage: String? {
        if case .failure(let p) = self { return p.message }
        return nil
    }
}

@Suite("Vietnamese numbers, both ways")
struct NumberTextTests {
    @Test(arguments: [
        ("1.500", 1500.0), ("1500", 1500), ("1,5", 1.5), ("1.234.567,89", 1_234_567.89), ("1500.5", 1500.5), ("12.5", 12.5),
        ("0.500", 0.5), ("1 500", 1500), ("1\u{00A0}500,25", 1500.25), ("87,5%", 87.5), ("1,500", 1.5), ("1.50", 1.5), ("0", 0),
        ("+3", 3), ("１", -1),
    ])
    func reads(_ text: String, _ value: Double) throws {
        if value == -1 { #expect(throws: NumberProblem.self) { try NumberText.read(text).get() }; return }
        #expect(try NumberText.read(text).get() == value, "\(text)")
    }

    @Test func refusesWhatItCannotReadSafely() {
        #expect(NumberText.read("1,234.5") == .failure(.ambiguous))
        #expect(NumberText.read("1,234,567") == .failure(.ambiguous))
        #expect(NumberText.read("1.23.4") == .failure(.notANumber))
        #expect(NumberText.read("-5") == .failure(.negative))
        #expect(NumberText.read("-5", .range(-10, 10)) == .success(-5))
        #expect(NumberText.read("12345678901234567890123") == .failure(.aboveMax(999_999_999_999)))
        #expect(NumberText.read("1.000.000.000.000") == .failure(.aboveMax(999_999_999_999)))
        #expect(NumberText.read("1,555") == .failure(.tooManyDecimals(2)))
        #expect(NumberText.read("2,5", .count) == .failure(.tooManyDecimals(0)))
        #expect(NumberText.read("  ") == .success(nil))
        // Numbers that arrive as numbers (the API) are held to the same decimals.
        #expect(NumberRule.quantity.problem(123_456.789) == .tooManyDecimals(2))
        #expect(NumberRule.quantity.problem(1e-9) == .tooManyDecimals(2))
        #expect(NumberRule.quantity.problem(99_999_999_999.99) == nil)
        #expect(NumberRule.quantity.problem(12_345.67) == nil)
        #expect(NumberRule.count.problem(1_000_000.5) == .tooManyDecimals(0))
        #expect(NumberRule.quantity.problem(-1) == .negative)
        #expect(NumberText.read("1,") == .failure(.notANumber))
        #expect(NumberText.read("12a") == .failure(.notANumber))
        // A whole-number field does not offer "12,5" as its example.
        #expect(NumberText.read("12a", .count) == .failure(.notAWholeNumber))
        #expect(!NumberProblem.notAWholeNumber.message.contains("12,5"))
        #expect(NumberText.read("12,5", .count) == .failure(.tooManyDecimals(0)))
    }

    /// What `format` writes, `read` reads back as the same number, for every value with at most two decimals.
    @Test func formatThenReadIsTheSameNumber() throws {
        var generator = SystemRandomNumberGenerator()
        var samples: [Double] = [0, 0.01, 0.5, 1, 1.5, 999, 1000, 1500, 12_345.67, 999_999_999_999, 100_000.1]
        for _ in 0..<2000 { samples.append(Double(Int.random(in: 0...99_999_999_999_999, using: &generator)) / 100) }
        for v in samples {
            let shown = NumberText.format(v)
            #expect(try NumberText.read(shown).get() == v, "\(v) → \(shown)")
        }
        #expect(NumberText.format(1500) == "1.500")
        #expect(NumberText.format(1_234_567.891) == "1.234.567,89")
        #expect(NumberText.format(-3.5) == "-3,5")
        #expect(MoneyText.format(24_336_000) == "24.336.000")
    }

    @Test func datesAreReadAsTheyAreWrittenAndImpossibleOnesRefused() {
        #expect(LocalDate(vietnamese: "31/02/2026") == nil)
        #expect(LocalDate(vietnamese: "29/02/2028")?.iso == "2028-02-29")
        #expect(LocalDate(vietnamese: "15/11/2026")?.vietnamese == "15/11/2026")
        var errors: [String: String] = [:]
        #expect(Check.date("31/02/2026", "d", into: &errors) == nil)
        #expect(errors["d"] == CoreText.invalidDate)
    }
}
