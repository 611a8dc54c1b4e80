import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import ThiDua

/// The body of a .docx (word/document.xml), read back with ZIPFoundation.
func docxDocumentXML(_ data: Data) throws -> String {
    let archive = try Archive(data: data, accessMode: .read)
    let entry = try #require(archive["word/document.xml"])
    var xml = Data()
    _ = try archive.extract(entry) { xml.append($0) }
    return String(decoding: xml, as: UTF8.self)
}

@Suite("Giấy khen and title certificates: the page, the words, the register of awards")
struct CertificateTests {
    static let context = CommendationDocuments.Context(authority: "ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG", communeName: "Nghĩa Trung", year: 2026)

    static func certificate(giayKhen: Bool, register: Int? = 12,
                            signature: SignatureBlock = SignatureBlock(lines: ["CHỦ TỊCH"], name: "Nguyễn Văn Bình")) -> CommendationDocuments.Certificate {
        CommendationDocuments.Certificate(
            context: context,
            recipient: .init(salutation: nil, name: "Trần Thị Thu Hà", position: "Công chức Văn hóa - Xã hội", unit: "Phòng Văn hóa - Xã hội"),
            titleName: giayKhen ? "Giấy khen của Chủ tịch UBND xã (cá nhân)" : "Lao động tiên tiến", isGiayKhen: giayKhen,
            decisionNumber: "187/QĐ-UBND", decisionDate: LocalDate(year: 2026, month: 11, day: 24), registerNumber: register,
            signature: signature)
    }

    @Test func aTitleCertificateIsALandscapeFramedPageThatSaysTangDanhHieu() throws {
        // act
        let xml = try docxDocumentXML(try CommendationDocuments.certificateDocx(Self.certificate(giayKhen: false)))
        // check: A4 landscape, equal margins (20 mm = 1134 twips), a frame from the page's edge
        #expect(xml.contains(#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>"#))
        #expect(xml.contains(#"w:top="1134" w:right="1134" w:bottom="1134" w:left="1134""#))
        #expect(xml.contains(#"<w:pgBorders w:offsetFrom="page">"#))
        for side in ["top", "left", "bottom", "right"] { #expect(xml.contains("<w:\(side) w:val=\"double\"")) }
        // the words of the decision, never the old "CÔNG NHẬN DANH HIỆU"
        #expect(xml.contains("TẶNG DANH HIỆU"))
        #expect(!xml.contains("CÔNG NHẬN DANH HIỆU"))
        #expect(xml.contains("LAO ĐỘNG TIÊN TIẾN"))
        #expect(xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && xml.contains("Độc lập - Tự do - Hạnh phúc"))
        #expect(xml.contains(#"<w:pBdr><w:bottom w:val="single""#), "the line under the motto")
        #expect(xml.contains("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG"))
        #expect(xml.contains("Chức vụ: Công chức Văn hóa - Xã hội, Đơn vị: Phòng Văn hóa - Xã hội"))
        #expect(xml.contains("Quyết định số 187/QĐ-UBND ngày 24 tháng 11 năm 2026"))
        #expect(xml.contains("Số vào sổ: 12"))
        #expect(xml.contains("Nghĩa Trung, ngày 24 tháng 11 năm 2026"))
        // the signer: position, room for signature and seal (five lines), the name in bold
        #expect(xml.contains("<w:br/><w:br/><w:br/><w:br/>"))
        #expect(xml.contains("<w:r><w:rPr><w:b/><w:bCs/><w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/></w:rPr><w:t xml:space=\"preserve\">Nguyễn Văn Bình</w:t></w:r>"))
        #expect(!xml.contains("headerReference"), "a certificate has no page number")
    }

    @Test func aGiayKhenSaysTangThenGiayKhenInLargeLetters() throws {
        let xml = try docxDocumentXML(try CommendationDocuments.certificateDocx(Self.certificate(giayKhen: true)))
        #expect(xml.contains(#"<w:sz w:val="76"/><w:szCs w:val="76"/></w:rPr><w:t xml:space="preserve">GIẤY KHEN</w:t>"#), "38 pt")
        #expect(xml.contains(">TẶNG<"))
        #expect(!xml.contains("DANH HIỆU"))
    }

    @Test func thePrintPageSaysWhatTheWordFileSays() throws {
        let m = Self.certificate(giayKhen: false, signature: SignatureBlock(lines: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name: "Lê Thị Mai"))
        let html = CommendationDocuments.certificatePage(m).render()
        let xml = try docxDocumentXML(try CommendationDocuments.certificateDocx(m))
        let w = CommendationDocuments.certificateWording(m)
        for text in [w.issuer, w.give, w.award, w.name, w.details ?? "-", w.achievement, w.decision, w.register, w.dateLine,
                     "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Mai"] {
            #expect(html.contains(text), "\(text) on the page")
            #expect(xml.contains(text), "\(text) in the Word file")
        }
        #expect(html.contains(StaticAssetsMiddleware.certificateStylesheet))
    }

    @Test func aCollectiveHasNoPositionLineAndAnUnnumberedAwardLeavesDots() throws {
        var m = Self.certificate(giayKhen: true, register: nil)
        m = .init(context: m.context, recipient: .init(salutation: nil, name: "Thôn Bình Thủy"), titleName: m.titleName, isGiayKhen: true,
                  decisionNumber: m.decisionNumber, decisionDate: nil, registerNumber: nil, signature: SignatureBlock(lines: ["CHỦ TỊCH"], name: ""))
        let w = CommendationDocuments.certificateWording(m)
        #expect(w.details == nil)
        #expect(w.register == "Số vào sổ: .....")
        #expect(w.decision == "Quyết định số 187/QĐ-UBND ngày ..... tháng ..... năm .....")
        #expect(DocxCertificate.spelled(LocalDate(year: 2026, month: 2, day: 5)) == "ngày 05 tháng 02 năm 2026")
        #expect(DocxCertificate.spelled(LocalDate(year: 2026, month: 3, day: 15)) == "ngày 15 tháng 3 năm 2026")
    }

    // MARK: the register of awards

    /// Approved nominations for `people` under the title `code`, and the year's Tờ trình, so that the chairperson can sign.
    static func readyToSign(_ app: Application, _ fx: Fixtures, people: [UUID], code: String, year: Int = 2026, on day: LocalDate) async throws -> AuditActor {
        let thuky = try #require(try await User.query(on: app.db).filter(\.$username == "thuky").first())
        let actor = AuditActor(userID: thuky.id, name: thuky.displayName, communeID: fx.communeA, ip: nil, at: Date())
        let title = try #require(try await CommendationQueries.titles(on: app.db, communeID: fx.communeA).first { $0.code == code })
        for person in people {
            let name = try #require(try await Person.find(person, on: app.db)).fullName
            let n = Nomination()
            n.communeID = fx.communeA; n.year = year; n.titleID = title.id!; n.personID = person; n.nomineeName = name
            n.rating = "htt"; n.discipline = "none"; n.achievements = "Hoàn thành tốt nhiệm vụ."; n.status = NominationStatus.approved.rawValue
            n.createdBy = thuky.id!; n.createdByName = thuky.displayName; n.version = 1
            try await n.create(on: app.db)
        }
        _ = try await app.db.writeTransaction { db in
            try await CommendationCommands.issue(kind: "submission", year: year, symbol: CommendationCommands.submissionSymbol, today: day,
                                                 signerTitle: "Trưởng phòng", actor: actor, on: db)
        }
        return actor
    }

    static func sign(_ app: Application, _ fx: Fixtures, year: Int = 2026, on day: LocalDate, actor: AuditActor) async throws -> CommendationDecision {
        let settings = try await CommendationQueries.settings(on: app.db, communeID: fx.communeA)
        let titles = try await CommendationQueries.titles(on: app.db, communeID: fx.communeA)
        return try await CommendationCommands.sign(year: year, today: day, settings: settings, titles: titles, actor: actor, on: app.db)
    }

    @Test func eachAwardOfADecisionGetsItsOwnRegisterNumberPrintedOnItsCertificate() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            // setup
            let day = try #require(LocalDate(year: 2026, month: 11, day: 24))
            let actor = try await Self.readyToSign(app, fx, people: [fx.official, fx.villager], code: "ldtt", on: day)
            let vice = SignerRecord()
            vice.communeID = fx.communeA; vice.office = SignerOffice.viceChairperson.rawValue; vice.name = "Lê Thị Mai"
            vice.title = "Phó Chủ tịch"; vice.startsOn = "2026-01-01"; vice.version = 1
            try await vice.create(on: app.db)
            // act
            let decision = try await Self.sign(app, fx, on: day, actor: actor)
            // check: two awards, two numbers of the register, 1 and 2
            let awards = try await Award.query(on: app.db).filter(\.$decisionID == decision.id!).all()
            #expect(awards.count == 2)
            #expect(Set(awards.compactMap(\.registerNumber)) == [1, 2])
            let official = try #require(awards.first { $0.personID == fx.official })
            let res = try await app.get("/commendations/awards/\(official.id!.uuidString)/certificate.docx", as: try await app.login("thuky"))
            #expect(res.status == .ok)
            let xml = try docxDocumentXML(Data(res.body.readableBytesView))
            #expect(xml.contains("Số vào sổ: \(official.registerNumber ?? 0)"))
            #expect(xml.contains("Quyết định số \(decision.numberText) ngày 24 tháng 11 năm 2026"))
            #expect(xml.contains("TẶNG DANH HIỆU") && !xml.contains("CÔNG NHẬN DANH HIỆU"))
            // the decision's signer: a vice-chairperson signing for the chairperson, by name
            #expect(xml.contains(">KT. CHỦ TỊCH<") && xml.contains(">PHÓ CHỦ TỊCH<") && xml.contains(">Lê Thị Mai<"))
            // position and unit from the directory
            #expect(xml.contains("Chức vụ: Công chức, Đơn vị: Phòng Văn hóa - Xã hội"))
            let page = try await app.get("/commendations/awards/\(official.id!.uuidString)/certificate", as: try await app.login("thuky"))
            #expect(page.body.string.contains("Số vào sổ: \(official.registerNumber ?? 0)"))
        }
    }

    @Test func theNextDecisionContinuesTheRegisterAndANewYearStartsAgain() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let day = try #require(LocalDate(year: 2026, month: 11, day: 24))
            let actor = try await Self.readyToSign(app, fx, people: [fx.official], code: "ldtt", on: day)
            let first = try await Self.sign(app, fx, on: day, actor: actor)
            // A decision of year 2025's movement signed in 2026 continues the 2026 register.
            _ = try await Self.readyToSign(app, fx, people: [fx.villager], code: "gk-cn", year: 2025, on: day)
            let second = try await Self.sign(app, fx, year: 2025, on: day, actor: actor)
            let a1 = try #require(try await Award.query(on: app.db).filter(\.$decisionID == first.id!).first())
            let a2 = try #require(try await Award.query(on: app.db).filter(\.$decisionID == second.id!).first())
            #expect(a1.registerNumber == 1 && a2.registerNumber == 2)
            // The register of 2027 is another book.
            #expect(try await app.db.writeTransaction { try await AwardRegister.next(communeID: fx.communeA, year: 2027, on: $0) } == 1)
        }
    }

    @Test func awardsMadeBeforeTheRegisterAreNumberedInTheOrderOfTheirDecisions() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            // setup: two decisions (2026-03-10, then 2026-11-24) whose awards have no number, as before the migration
            let early = try #require(LocalDate(year: 2026, month: 3, day: 10))
            let late = try #require(LocalDate(year: 2026, month: 11, day: 24))
            let actor = try await Self.readyToSign(app, fx, people: [fx.official, fx.villager], code: "ldtt", year: 2026, on: late)
            let lateDecision = try await Self.sign(app, fx, year: 2026, on: late, actor: actor)
            _ = try await Self.readyToSign(app, fx, people: [fx.official], code: "gk-cn", year: 2025, on: early)
            let earlyDecision = try await Self.sign(app, fx, year: 2025, on: early, actor: actor)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE awards SET register_number = NULL").run()
            try await sql.raw("DELETE FROM document_numbers WHERE symbol = \(bind: AwardRegister.symbol)").run()
            // act
            try await app.db.transaction { try await AddAwardRegisterNumbers.numberUnnumbered(on: $0) }
            // check: the March decision's award first, then the November ones; the next award continues at 4
            let earlyAward = try #require(try await Award.query(on: app.db).filter(\.$decisionID == earlyDecision.id!).first())
            let lateNumbers = try await Award.query(on: app.db).filter(\.$decisionID == lateDecision.id!).all().compactMap(\.registerNumber)
            #expect(earlyAward.registerNumber == 1)
            #expect(Set(lateNumbers) == [2, 3])
            #expect(try await app.db.writeTransaction { try await AwardRegister.next(communeID: fx.communeA, year: 2026, on: $0) } == 4)
        }
    }
}
