import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Initiative certificate: its own number, the decision's number from the register, quotes once")
struct InitiativeCertificateTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    static func model(title: String, decision: String = "41/QĐ-UBND", certificate: Int? = 3) -> InitiativeCertificate.Model {
        InitiativeCertificate.Model(authority: "ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG", communeName: "Nghĩa Trung", title: title,
                                    authors: [AuthorCredit(name: "Trần Thị Thu Hà", title: "Công chức", workplace: "Phòng Văn hóa - Xã hội", share: 100)],
                                    unitName: "Thôn Bình Thủy", decisionNumber: decision, decisionDate: LocalDate(year: 2026, month: 11, day: 20),
                                    certificateNumber: certificate, scope: .commune, year: 2026,
                                    signature: SignatureBlock(lines: ["CHỦ TỊCH"], name: "Nguyễn Văn Bình"))
    }

    /// Whether quotation marks open inside an open quotation ("“A “B”” ").
    static func nests(_ text: String) -> Bool {
        var depth = 0
        for c in text {
            if c == "“" { depth += 1; if depth > 1 { return true } } else if c == "”" { depth -= 1 }
        }
        return false
    }

    @Test func quotesAreNeverNested() {
        #expect(InitiativeCertificate.quoted("Sổ tay điện tử") == "“Sổ tay điện tử”")
        #expect(InitiativeCertificate.quoted("“Sổ tay điện tử”") == "“Sổ tay điện tử”")
        #expect(InitiativeCertificate.quoted("\"Sổ tay điện tử\"") == "“Sổ tay điện tử”")
        #expect(InitiativeCertificate.quoted("Mô hình “Mỗi hộ một tài khoản VNeID”") == "“Mô hình ‘Mỗi hộ một tài khoản VNeID’”")
        #expect(InitiativeCertificate.quoted("“Mô hình “Mỗi hộ một tài khoản VNeID””") == "“Mô hình ‘Mỗi hộ một tài khoản VNeID’”")
        #expect(InitiativeCertificate.quoted("“Zalo” và “VNeID” cho người cao tuổi") == "“‘Zalo’ và ‘VNeID’ cho người cao tuổi”")
    }

    @Test func theCertificateHasItsOwnNumberAndNoNestedQuotes() throws {
        // act
        let m = Self.model(title: "Mô hình “Mỗi hộ một tài khoản VNeID”")
        let xml = try docxDocumentXML(try InitiativeCertificate.docx(m))
        let html = InitiativeCertificate.page(m).render()
        // check: its own number, the decision cited by its number and date, never as the certificate's number
        #expect(xml.contains("Số: 3/GCN-SK"))
        #expect(!xml.contains("Số: 41/QĐ-UBND"))
        #expect(xml.contains("theo Quyết định số 41/QĐ-UBND ngày 20 tháng 11 năm 2026 của Chủ tịch Ủy ban nhân dân xã Nghĩa Trung"))
        #expect(xml.contains("“Mô hình ‘Mỗi hộ một tài khoản VNeID’”"))
        #expect(!Self.nests(xml) && !xml.contains("””"))
        #expect(!Self.nests(html) && !html.contains("””"))
        // the same frame and page as the Giấy khen, and the signer's name
        #expect(xml.contains(#"w:orient="landscape""#) && xml.contains(#"<w:pgBorders w:offsetFrom="page">"#))
        #expect(xml.contains("GIẤY CHỨNG NHẬN SÁNG KIẾN") && xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(xml.contains("Nguyễn Văn Bình") && html.contains("Nguyễn Văn Bình"))
        for text in InitiativeCertificate.wording(m).authors + ["Số: 3/GCN-SK", "Đơn vị áp dụng: Thôn Bình Thủy"] {
            #expect(html.contains(text) && xml.contains(text), "\(text)")
        }
    }

    /// canhan's initiative, submitted.
    static func submitted(_ app: Application, _ fx: Fixtures, title: String) async throws -> Initiative {
        let created = try await app.api(.POST, "/api/v1/initiatives", token: try await app.apiToken("canhan"), json: """
            {"title":"\(title)","firstApplied":"2026-03-15","summary":"Hướng dẫn chung","benefits":"35 tổ viên dùng chung",
             "authors":[{"fullName":"Trần Thị Thu Hà","share":100}]}
            """)
        struct Created: Decodable { let id: UUID }
        let i = try #require(try await Initiative.find(try decode(Created.self, created).id, on: app.db))
        try await InitiativeCommands.submit(i, actor: AuditActor.system(communeID: fx.communeA, at: app.clock.now()), on: app.db)
        return i
    }

    @Test func recognitionDecisionsTakeConsecutiveNumbersFromTheSharedRegister() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, fx in
            // setup: this year's register of decisions is at 40; two initiatives wait for a decision
            _ = try await app.db.writeTransaction { db in
                for _ in 0..<40 { _ = try await DocumentRegister.next(communeID: fx.communeA, year: 2026, symbol: CommendationCommands.decisionSymbol, on: db) }
            }
            let chair = SignerRecord()
            chair.communeID = fx.communeA; chair.office = SignerOffice.chairperson.rawValue; chair.name = "Nguyễn Văn Bình"
            chair.title = "Chủ tịch"; chair.startsOn = "2026-01-01"; chair.version = 1
            try await chair.create(on: app.db)
            let first = try await Self.submitted(app, fx, title: "Sổ tay điện tử cho tổ công nghệ số")
            let second = try await Self.submitted(app, fx, title: "Bản đồ số các điểm phát Wi-Fi công cộng")
            let thuky = try await app.login("thuky")
            // The form asks for no number.
            let form = try await app.get("/initiatives/\(Self.id(first.id!))", as: thuky)
            #expect(form.body.string.contains("action=\"/initiatives/\(Self.id(first.id!))/decide\""))
            #expect(!form.body.string.contains("name=\"decisionNumber\""))
            // act: the page, then the API (a number sent anyway is not a field of the API and changes nothing)
            let page = try await app.post("/initiatives/\(Self.id(first.id!))/decide", as: thuky,
                                          ["outcome": "recognised", "councilDate": "18/11/2026", "decisionDate": "20/11/2026", "scope": "commune"])
            #expect(page.status == .seeOther)
            let api = try await app.api(.POST, "/api/v1/initiatives/\(Self.id(second.id!))/decision", token: try await app.apiToken("thuky"), json: """
                {"recognised":true,"councilDate":"2026-11-18","decisionNumber":"999/QĐ-UBND","decisionDate":"2026-11-20","scope":"province"}
                """)
            #expect(api.status == .ok, "\(api.body.string)")
            // check: 41 and 42 of QĐ-UBND; the certificates 1 and 2 of their own register
            let a = try #require(try await Initiative.find(first.id, on: app.db))
            let b = try #require(try await Initiative.find(second.id, on: app.db))
            #expect(a.decisionNumber == "41/QĐ-UBND" && b.decisionNumber == "42/QĐ-UBND")
            #expect(a.certificateNumber == 1 && b.certificateNumber == 2)
            #expect(api.body.string.contains("\"certificateNumber\":\"2/GCN-SK\"") && api.body.string.contains("\"decisionNumber\":\"42/QĐ-UBND\""))
            // The number is shown after the decision, and a commendation decision continues the same sequence.
            let shown = try await app.get("/initiatives/\(Self.id(first.id!))", as: thuky).body.string
            #expect(shown.contains("41/QĐ-UBND") && shown.contains("1/GCN-SK"))
            #expect(try await app.db.writeTransaction {
                try await DocumentRegister.next(communeID: fx.communeA, year: 2026, symbol: CommendationCommands.decisionSymbol, on: $0)
            } == 43)
            // The certificate prints its own number, not the decision's.
            let docx = try await app.get("/initiatives/\(Self.id(first.id!))/certificate.docx", as: try await app.login("canhan"))
            let xml = try docxDocumentXML(Data(docx.body.readableBytesView))
            #expect(xml.contains("Số: 1/GCN-SK") && !xml.contains("Số: 41/QĐ-UBND"))
            #expect(xml.contains("Quyết định số 41/QĐ-UBND ngày 20 tháng 11 năm 2026"))
            // signed by the chairperson in office on the decision's date, by name
            #expect(xml.contains(">CHỦ TỊCH<") && xml.contains(">Nguyễn Văn Bình<"))
        }
    }

    @Test func aRejectionTakesNoNumber() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, fx in
            let i = try await Self.submitted(app, fx, title: "Sổ tay điện tử cho tổ công nghệ số")
            try await InitiativeCommands.decide(i, .init(recognised: false, councilDate: "2026-11-18", minutes: "", decisionDate: nil, scope: nil),
                                                actor: AuditActor.system(communeID: fx.communeA, at: app.clock.now()), on: app.db)
            let row = try #require(try await Initiative.find(i.id, on: app.db))
            #expect(row.decisionNumber == "" && row.certificateNumber == nil)
            #expect(try await DocumentNumber.query(on: app.db).count() == 0)
        }
    }

    @Test func initiativesRecognisedBeforeGetCertificateNumbersAndTheRegisterPassesTypedNumbers() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, fx in
            // setup: two initiatives recognised with typed numbers, as before the register
            let later = try await Self.submitted(app, fx, title: "Sổ tay điện tử cho tổ công nghệ số")
            let earlier = try await Self.submitted(app, fx, title: "Bản đồ số các điểm phát Wi-Fi công cộng")
            for (i, number, date) in [(later, "25/QĐ-UBND", "2026-10-02"), (earlier, "12/QĐ-UBND", "2026-04-15")] {
                i.status = InitiativeStatus.recognised.rawValue; i.decisionNumber = number; i.decisionDate = date; i.scope = "commune"
                try await i.update(on: app.db)
            }
            // act
            try await app.db.transaction { try await AddInitiativeCertificateNumbers.numberRecognised(on: $0) }
            // check: numbered in the order of their decisions; the next decision of 2026 is 26, not a repeat of 25
            #expect(try await Initiative.find(earlier.id, on: app.db)?.certificateNumber == 1)
            #expect(try await Initiative.find(later.id, on: app.db)?.certificateNumber == 2)
            #expect(try await app.db.writeTransaction {
                try await DocumentRegister.next(communeID: fx.communeA, year: 2026, symbol: CommendationCommands.decisionSymbol, on: $0)
            } == 26)
        }
    }
}
