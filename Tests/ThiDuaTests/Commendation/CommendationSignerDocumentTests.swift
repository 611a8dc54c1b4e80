import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import ThiDua

/// The Tờ trình and Quyết định of the demo's 2026 with their signers and the NĐ 30 points (issue 14, items 1–2).
@Suite("Commendation: signers and NĐ 30 in the Tờ trình and Quyết định")
struct CommendationSignerDocumentTests {
    static func docx(_ app: Application, _ d: CommendationDecision, as s: WebSession) async throws -> String {
        let res = try await app.get("/commendations/documents/\(d.id!.uuidString)/document.docx", as: s)
        #expect(res.status == .ok)
        let xml = try SignerDocxReader.documentXML(Data(res.body.readableBytesView))
        if let dir = ProcessInfo.processInfo.environment["THIDUA_DOCX_DUMP"] {
            try? Data(res.body.readableBytesView).write(to: URL(fileURLWithPath: "\(dir)/\(d.kind)-\(d.number).docx"))
        }
        return xml
    }

    static func documents(_ app: Application) async throws -> (submission: CommendationDecision, decision: CommendationDecision) {
        let nt = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first())
        let docs = try await CommendationDecision.query(on: app.db).filter(\.$communeID == nt.id!).all()
        return (try #require(docs.first { $0.kind == "submission" }), try #require(docs.first { $0.kind == "decision" }))
    }

    /// The name of the demo's head of the Phòng Văn hóa - Xã hội.
    static func officeHead(_ app: Application) async throws -> String {
        let nt = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first())
        let unit = try #require(try await Unit.query(on: app.db).filter(\.$communeID == nt.id!).filter(\.$code == "VHXH").first())
        return try #require(try await Person.query(on: app.db).filter(\.$unitID == unit.id!).filter(\.$title == "Trưởng phòng").sort(\.$fullName).first()).fullName
    }

    @Test func decisionMeetsTheDecree() async throws {
        try await withDemoApp { app in
            let (submission, decision) = try await Self.documents(app)
            let xml = try await Self.docx(app, decision, as: try await app.login("canbo.thidua", password: DemoData.password))
            let text = SignerDocxReader.text(xml)
            // The signer chosen when it was signed: the chairperson, with room to sign.
            let name = try #require(xml.range(of: ">Nguyễn Văn Thành</w:t>"))
            let position = try #require(xml[..<name.lowerBound].range(of: ">CHỦ TỊCH</w:t>", options: .backwards))
            #expect(xml[position.upperBound..<name.lowerBound].components(separatedBy: "</w:p>").count - 1 >= 5, "room for signature and seal")
            #expect(!xml.contains("KT. CHỦ TỊCH"))
            // The issuing body bold on both lines; "Điều 1." bold with its text regular.
            #expect(xml.contains(#"<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t xml:space="preserve">ỦY BAN NHÂN DÂN</w:t>"#))
            #expect(xml.contains(#"<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t xml:space="preserve">XÃ NGHĨA TRUNG</w:t>"#))
            for n in 1...3 { #expect(xml.contains(#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Điều \#(n).</w:t></w:r><w:r><w:t xml:space="preserve"> "#)) }
            // Awards and recipients counted apart (two authors hold LĐTT and CSTĐCS).
            let awards = try await Award.query(on: app.db).filter(\.$decisionID == decision.id!).all()
            let recipients = Set(awards.map { $0.personID?.uuidString ?? $0.unitID?.uuidString ?? $0.recipientName }).count
            #expect(awards.count > recipients)
            #expect(text.contains("tổng cộng \(awards.count) lượt khen thưởng cho \(recipients) cá nhân, tập thể"))
            // Legal bases with their dates (the decrees by number: their dates are not in the sources).
            #expect(text.contains("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"))
            #expect(text.contains("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"))
            #expect(text.contains("Căn cứ Kế hoạch số 05/KH-UBND ngày 15 tháng 01 năm 2026"))
            #expect(text.contains("Tờ trình số \(submission.numberText) ngày 23 tháng 11 năm 2026."))
            // The list on its own page, with the full "(Kèm theo …)" line, and its header row repeated.
            let list = try #require(xml.range(of: "DANH SÁCH KHEN THƯỞNG"))
            let before = xml[..<list.lowerBound]
            let lastParagraph = try #require(before.range(of: "<w:p>", options: .backwards))
            #expect(xml[lastParagraph.lowerBound..<list.lowerBound].contains("<w:pageBreakBefore/>"))
            #expect(text.contains("(Kèm theo Quyết định số \(decision.numberText) ngày 24 tháng 11 năm 2026 của Chủ tịch Ủy ban nhân dân xã Nghĩa Trung)"))
            let after = xml[list.upperBound...]
            #expect(after.contains("<w:tblHeader/>"))
            #expect(after.contains("Chức vụ, đơn vị"))
            // Every individual has their position, and the amounts are right-aligned.
            #expect(after.contains(#"<w:jc w:val="right"/>"#) && after.contains("2.340.000"))
            let person = try #require(try await Person.find(try #require(awards.first { $0.personID != nil }?.personID), on: app.db))
            #expect(after.contains(person.title.split(separator: ",").first.map(String.init) ?? person.title))
            // The Word file's table of the list is after the signature.
            #expect(xml.range(of: "Nơi nhận:")!.lowerBound < list.lowerBound)
        }
    }

    @Test func submissionIsSignedByTheOfficeHead() async throws {
        try await withDemoApp { app in
            let (submission, _) = try await Self.documents(app)
            let head = try await Self.officeHead(app)
            let xml = try await Self.docx(app, submission, as: try await app.login("canbo.thidua", password: DemoData.password))
            #expect(xml.contains(">TRƯỞNG PHÒNG</w:t>") && xml.contains(">\(head)</w:t>"))
            // The office is the issuing body (bold), its commune the parent body (regular).
            #expect(xml.contains(#"<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t xml:space="preserve">PHÒNG VĂN HÓA - XÃ HỘI</w:t>"#))
            #expect(xml.contains(#"<w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr><w:t xml:space="preserve">ỦY BAN NHÂN DÂN</w:t>"#))
            #expect(xml.contains("<w:tblHeader/>"))
            // Its page shows the signer before download.
            let page = try await app.get("/commendations/documents/\(submission.id!.uuidString)", as: try await app.login("canbo.thidua", password: DemoData.password))
            #expect(page.status == .ok && page.body.string.contains(head) && page.body.string.contains("TRƯỞNG PHÒNG"))
        }
    }

    @Test func viceChairSignsForTheChair() async throws {
        try await withDemoApp { app in
            let (_, decision) = try await Self.documents(app)
            let leader = try await app.login("chutich", password: DemoData.password)
            let vice = try #require(try await SignerRecord.query(on: app.db).filter(\.$office == "vice_chairperson").first())
            // A decision on record with its signer is final: the page offers no choice, and a change is refused.
            var res = try await app.post("/commendations/documents/\(decision.id!.uuidString)/signer", as: leader, ["signerId": vice.id!.uuidString])
            #expect(res.status == .conflict && res.body.string.contains(HTMLEscape.text(CommendationDocumentText.signerFinal)))
            #expect(try await CommendationSigning.kept(on: app.db, ids: [decision.id!])[decision.id!]?.name == "Nguyễn Văn Thành")
            // A decision issued while nobody was on record (no signer entered yet) takes one afterwards.
            try await (app.db as! any SQLDatabase).raw("UPDATE commendation_decisions SET signer_id = NULL, signer_name = NULL, signer_office = NULL WHERE id = \(bind: decision.id!)").run()
            // The page offers the chairperson and the vice-chairperson.
            let page = try await app.get("/commendations/documents/\(decision.id!.uuidString)", as: leader)
            #expect(page.body.string.contains("Lường Đình Hải") && page.body.string.contains("KT. CHỦ TỊCH"))
            // Another commune's signer is refused beside the field, and nothing changes.
            let ps = try #require(try await Commune.query(on: app.db).filter(\.$code == "phu-son").first())
            let foreign = try await SignerCommands.create(SignerInput(office: "vice_chairperson", name: "Người Xã Khác", startsOn: "01/01/2026"),
                                                          actor: .system(communeID: ps.id!, at: app.clock.now()), on: app.db)
            res = try await app.post("/commendations/documents/\(decision.id!.uuidString)/signer", as: leader, ["signerId": foreign.id!.uuidString])
            #expect(res.status == .unprocessableEntity && res.body.string.contains(#"id="e-signerId""#) && res.body.string.contains(SignerText.unknownSigner))
            #expect(try await CommendationSigning.kept(on: app.db, ids: [decision.id!])[decision.id!]?.name == nil)
            // The secretariat may not change the decision's signer.
            res = try await app.post("/commendations/documents/\(decision.id!.uuidString)/signer", as: try await app.login("canbo.thidua", password: DemoData.password),
                                     ["signerId": vice.id!.uuidString])
            #expect(res.status == .forbidden)
            res = try await app.post("/commendations/documents/\(decision.id!.uuidString)/signer", as: leader, ["signerId": vice.id!.uuidString])
            #expect(res.status == .seeOther)
            let xml = try await Self.docx(app, decision, as: leader)
            #expect(xml.contains(">KT. CHỦ TỊCH</w:t>") && xml.contains(">PHÓ CHỦ TỊCH</w:t>") && xml.contains(">Lường Đình Hải</w:t>"))
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectType == "commendation_document").sort(\.$at, .descending).first())
            #expect(audit.objectLabel.contains(decision.numberText) && (audit.afterJSON ?? "").contains("Lường Đình Hải"))
            // Once chosen, it is final too.
            res = try await app.post("/commendations/documents/\(decision.id!.uuidString)/signer", as: leader, ["signerId": vice.id!.uuidString])
            #expect(res.status == .conflict)
        }
    }

    /// A commune with no signer on record still gets its documents, with the name blank, and is told before download.
    @Test func noSignerLeavesTheNameBlankAndWarns() async throws {
        try await withTestApp { app, _ in
            let page = try await app.get("/commendations/2026/sign", as: try await app.login("lanhdao"))
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Chưa có Chủ tịch UBND xã giữ chức vào ngày") && page.body.string.contains(#"href="/settings/signers""#))
            let submissionPage = try await app.get("/commendations/2026/submission", as: try await app.login("thuky"))
            #expect(submissionPage.body.string.contains("Chưa có Trưởng phòng Văn hóa - Xã hội"))
            let ctx = CommendationDocuments.Context(authority: "ỦY BAN NHÂN DÂN XÃ PHÚ SƠN", communeName: "Phú Sơn", year: 2026)
            let data = try CommendationDocuments.decision(ctx, number: "1/QĐ-UBND", date: LocalDate(year: 2026, month: 11, day: 24), lines: [
                .init(name: "Lê Văn Sơn", title: "Lao động tiên tiến", amount: 702_000, position: "Công chức", recipientKey: "a"),
            ], submission: nil, sources: .init(), signature: SignerBook.decisionBlock(nil))
            let xml = try SignerDocxReader.documentXML(data)
            #expect(xml.contains(">CHỦ TỊCH</w:t>") && SignerDocxReader.text(xml).contains("1 lượt khen thưởng cho 1 cá nhân, tập thể"))
        }
    }

    /// The page and the command refuse a signer who does not hold the office on the decision's date.
    @Test func signerMustHoldTheOfficeOnTheDate() async throws {
        try await withTestApp { app, fx in
            let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
            let head = try await SignerCommands.create(SignerInput(office: "culture_office_head", name: "Hoàng Văn Phòng", startsOn: "01/01/2026"), actor: actor, on: app.db)
            let later = try await SignerCommands.create(SignerInput(office: "vice_chairperson", name: "Phó Mới", startsOn: "01/12/2027"), actor: actor, on: app.db)
            let today = LocalDate(year: 2026, month: 11, day: 25)!
            await #expect(throws: AppError.self) {
                _ = try await CommendationSigning.choose(kind: "decision", requested: head.id, communeID: fx.communeA, on: today, db: app.db)
            }
            await #expect(throws: AppError.self) {
                _ = try await CommendationSigning.choose(kind: "decision", requested: later.id, communeID: fx.communeA, on: today, db: app.db)
            }
            let chosen = try await CommendationSigning.choose(kind: "submission", requested: nil, communeID: fx.communeA, on: today, db: app.db)
            #expect(chosen?.name == "Hoàng Văn Phòng")
            #expect(try await CommendationSigning.choose(kind: "decision", requested: nil, communeID: fx.communeA, on: today, db: app.db) == nil)
        }
    }
}

/// The Tờ trình and Quyết định read their data in a fixed number of statements, whatever the size of the list.
@Suite("Commendation documents: a fixed number of statements")
struct CommendationDocumentQueryTests {
    @Test func documentsRunTheSameStatementsForALongerList() async throws {
        try await withStatementLog { app, log in
            let s = try await app.login("canbo.thidua", password: DemoData.password)
            let (submission, decision) = try await CommendationSignerDocumentTests.documents(app)
            func measure() async throws -> [Int] {
                var counts: [Int] = []
                for d in [submission, decision] {
                    counts.append(try await log.during {
                        let res = try await app.get("/commendations/documents/\(d.id!.uuidString)/document.docx", as: s)
                        #expect(res.status == .ok)
                    }.count)
                }
                return counts
            }
            _ = try await measure()
            let small = try await measure()
            // Thirty more awards on the decision, each to a person with a unit.
            let awarded = Set(try await Award.query(on: app.db).all().compactMap(\.personID))
            let people = try await Person.query(on: app.db).filter(\.$communeID == decision.communeID).filter(\.$unitID != nil).limit(200).all()
                .filter { !awarded.contains($0.id!) }.prefix(30)
            let title = try #require(try await CommendationQueries.titles(on: app.db, communeID: decision.communeID).first { $0.code == "ldtt" })
            let nomination = try #require(try await Nomination.query(on: app.db).first())
            for p in people {
                let a = Award()
                a.communeID = decision.communeID; a.year = 2026; a.decisionID = decision.id!; a.nominationID = nomination.id!; a.titleID = title.id!
                a.titleName = title.name; a.personID = p.id; a.recipientName = p.fullName; a.amount = 702_000; a.status = "valid"
                a.revokeReason = ""; a.recoverReward = false
                try await a.create(on: app.db)
            }
            #expect(people.count == 30)
            let large = try await measure()
            print("Tờ trình, Quyết định (.docx): \(small) statements on the demo, \(large) with 30 more awards")
            #expect(small == large, "statements for the Tờ trình and the Quyết định: \(small) on the demo, \(large) with 30 more awards")
            #expect(large.allSatisfy { $0 <= 20 }, "\(large)")
        }
    }
}
