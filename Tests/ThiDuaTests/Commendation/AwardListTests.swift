import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// What a Giấy khen and the award lists say about their recipients: "Ông"/"Bà", a position that already names the
/// unit, one order for the Quyết định's list and the Excel list, the register number on the page and in the API.
@Suite("Giấy khen salutation, position line, one list order, register number")
struct AwardListTests {
    // MARK: salutation

    @Test func theDemoGiayKhenOfAnIndividualSaysOngOrBaBeforeTheName() async throws {
        try await withDemoApp { app in
            // setup: a Giấy khen (cá nhân) of the demo's 2026 decision, to a person with a salutation
            let s = try await app.login("canbo.thidua", password: DemoData.password)
            let gk = try await AwardTitle.query(on: app.db).filter(\.$code == "gk-cn").all().map(\.id)
            let awards = try await Award.query(on: app.db).filter(\.$year == 2026).filter(\.$titleID ~~ gk.compactMap { $0 }).all()
            var checked = 0
            for award in awards {
                guard let personID = award.personID, let person = try await Person.find(personID, on: app.db),
                      let salutation = person.salutation.flatMap(Salutation.init(rawValue:)) else { continue }
                // act
                let res = try await app.get("/commendations/awards/\(award.id!.uuidString)/certificate.docx", as: s)
                // check: the run before the name in bold is "Ông " or "Bà "
                #expect(res.status == .ok)
                let xml = try docxDocumentXML(Data(res.body.readableBytesView))
                let text = SignerDocxReader.text(xml)
                #expect(text.contains("\(salutation.label) \(award.recipientName)"), "\(award.recipientName)")
                #expect(xml.contains(">\(salutation.label) </w:t></w:r><w:r><w:rPr><w:b/>"))
                let page = try await app.get("/commendations/awards/\(award.id!.uuidString)/certificate", as: s).body.string
                #expect(page.contains("\(salutation.label) <strong>\(award.recipientName)</strong>"))
                checked += 1
            }
            #expect(checked > 0, "the demo has a Giấy khen to a person with a salutation")
        }
    }

    @Test func aCollectiveGetsNoSalutation() async throws {
        try await withDemoApp { app in
            let s = try await app.login("canbo.thidua", password: DemoData.password)
            let collective = try await AwardTitle.query(on: app.db).filter(\.$recipient == RecipientKind.collective.rawValue).all().compactMap(\.id)
            let award = try #require(try await Award.query(on: app.db).filter(\.$year == 2026).filter(\.$titleID ~~ collective).first())
            let text = SignerDocxReader.text(try docxDocumentXML(Data(try await app.get("/commendations/awards/\(award.id!.uuidString)/certificate.docx",
                                                                                        as: s).body.readableBytesView)))
            #expect(text.contains(award.recipientName))
            #expect(!text.contains("Ông \(award.recipientName)") && !text.contains("Bà \(award.recipientName)"))
        }
    }

    // MARK: position and unit

    @Test func theUnitIsLeftOutWhenThePositionAlreadyNamesIt() {
        let same = AwardListOrder.positionAndUnit(title: "Viên chức Trung tâm Dịch vụ tổng hợp", unit: "Trung tâm Dịch vụ tổng hợp xã")
        #expect(same.position == "Viên chức Trung tâm Dịch vụ tổng hợp" && same.unit == nil)
        let folded = AwardListOrder.positionAndUnit(title: "Chuyên viên PHÒNG VĂN HOÁ - XÃ HỘI", unit: "Phòng Văn hóa - Xã hội")
        #expect(folded.unit == nil, "case and the place of the tone mark ignored")
        let commune = AwardListOrder.positionAndUnit(title: "Chuyên viên Phòng Văn hóa - Xã hội", unit: "Phòng Văn hóa - Xã hội xã Phú Sơn")
        #expect(commune.unit == nil)
        let other = AwardListOrder.positionAndUnit(title: "Công chức", unit: "Phòng Văn hóa - Xã hội")
        #expect(other.position == "Công chức" && other.unit == "Phòng Văn hóa - Xã hội")
        let near = AwardListOrder.positionAndUnit(title: "Trưởng phòng Văn hóa - Thông tin", unit: "Phòng Văn hóa - Xã hội")
        #expect(near.unit == "Phòng Văn hóa - Xã hội", "\"xã hội\" is part of the unit's name, not the commune")
        #expect(AwardListOrder.positionText(title: "", unit: "Thôn Bình Thủy") == "Thôn Bình Thủy")
    }

    @Test func aCertificateAndTheDecisionsListDoNotRepeatTheUnit() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            // setup: the official's position names her unit
            let official = try #require(try await Person.find(fx.official, on: app.db))
            official.title = "Chuyên viên Phòng Văn hóa - Xã hội"
            official.salutation = Salutation.ba.rawValue
            try await official.update(on: app.db)
            let day = try #require(LocalDate(year: 2026, month: 11, day: 24))
            let actor = try await CertificateTests.readyToSign(app, fx, people: [fx.official], code: "gk-cn", on: day)
            let decision = try await CertificateTests.sign(app, fx, on: day, actor: actor)
            let award = try #require(try await Award.query(on: app.db).filter(\.$decisionID == decision.id!).first())
            // act
            let res = try await app.get("/commendations/awards/\(award.id!.uuidString)/certificate.docx", as: try await app.login("thuky"))
            let lines = try await CommendationController.lines(on: app.db, communeID: fx.communeA, year: 2026)
            // check
            let text = SignerDocxReader.text(try docxDocumentXML(Data(res.body.readableBytesView)))
            #expect(text.contains("Chức vụ: Chuyên viên Phòng Văn hóa - Xã hội"))
            #expect(!text.contains("Đơn vị:"))
            #expect(text.contains("Bà Trần Thị Thu Hà"))
            #expect(lines.first { $0.name == "Trần Thị Thu Hà" }?.position == "Chuyên viên Phòng Văn hóa - Xã hội")
        }
    }

    // MARK: one order

    @Test func theExcelListIsInTheOrderOfTheDecisionsList() async throws {
        try await withDemoApp { app in
            // setup
            let nt = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first())
            let lines = try await CommendationController.lines(on: app.db, communeID: nt.id!, year: 2026)
            #expect(lines.count >= 3)
            // act
            let res = try await app.get("/commendations/2026/list.xlsx", as: try await app.login("canbo.thidua", password: DemoData.password))
            let sheet = try #require(try XLSXDeskTests.parts(Data(res.body.readableBytesView))["xl/worksheets/sheet1.xml"])
            // check: TT n is the decision's n-th line, same name and title; individuals before collectives
            for (i, line) in lines.enumerated() {
                let row = try #require(sheet.components(separatedBy: "<row r=\"\(i + 2)\"").dropFirst().first?.components(separatedBy: "</row>").first)
                #expect(row.contains("<v>\(i + 1)</v>") && row.contains(">\(line.name)<") && row.contains(">\(line.title)<"),
                        "TT \(i + 1): \(line.name)")
            }
            let kinds = lines.map { $0.kind == .collective }
            #expect(kinds == kinds.sorted { !$0 && $1 }, "I. Cá nhân, then II. Tập thể")
            // and the decision's attached list numbers them the same way
            let decision = try #require(try await CommendationDecision.query(on: app.db).filter(\.$communeID == nt.id!)
                .filter(\.$kind == "decision").filter(\.$year == 2026).first())
            let docx = try await app.get("/commendations/documents/\(decision.id!.uuidString)/document.docx",
                                         as: try await app.login("canbo.thidua", password: DemoData.password))
            let text = SignerDocxReader.text(try docxDocumentXML(Data(docx.body.readableBytesView)))
            let list = try #require(text.range(of: "DANH SÁCH KHEN THƯỞNG", options: .backwards))
            var rest = text[list.upperBound...]
            for (i, line) in lines.prefix(5).enumerated() {
                let at = try #require(rest.range(of: "\n\(i + 1)\n\(line.name)\n"), "TT \(i + 1) \(line.name) in the Quyết định")
                rest = rest[at.upperBound...]
            }
        }
    }

    // MARK: register number

    @Test func theAwardsAPIAndTheRegisterPageShowTheRegisterNumber() async throws {
        try await withDemoApp { app in
            let token = try await app.apiToken("canbo.thidua", password: DemoData.password)
            let res = try await app.api(.GET, "/api/v1/commendations/2026/awards", token: token)
            #expect(res.status == .ok)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [[String: Any]])
            #expect(!items.isEmpty)
            let numbers = items.compactMap { $0["registerNumber"] as? Int }
            #expect(numbers.count == items.count, "every decided award has its number")
            #expect(Set(numbers).count == numbers.count)
            let awards = try await Award.query(on: app.db).filter(\.$year == 2026).all()
            let first = try #require(awards.first { $0.registerNumber == numbers.min() })
            #expect(items.contains { ($0["id"] as? String)?.lowercased() == first.id!.uuidString.lowercased() && $0["registerNumber"] as? Int == first.registerNumber })
            let page = try await app.get("/commendations/register", as: try await app.login("canbo.thidua", password: DemoData.password)).body.string
            #expect(page.contains("<th>\(CommendationText.registerNumber)</th>") || page.contains(">\(CommendationText.registerNumber)<"))
            #expect(page.contains(">\(first.registerNumber ?? 0)</td>"))
        }
    }
}
