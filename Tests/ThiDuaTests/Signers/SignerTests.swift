import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// The signers page and API (issue 14, item 1), over real sockets: bad input is refused beside the field with nothing
/// changed, other roles get 403, another commune's signer is not found.
@Suite("Signers: page, API, rules")
struct SignerTests {
    static func count(_ app: Application) async throws -> Int { try await SignerRecord.query(on: app.db).count() }

    @Test func pageRefusesBadInputBesideTheFieldAndChangesNothing() async throws {
        try await withTestApp { app, fx in
            let admin = try await app.login("admin")
            var res = try await app.post("/settings/signers", as: admin, ["office": "bogus", "name": "", "startsOn": "31/02/2026", "endsOn": "x"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains(#"id="e-name""#) && html.contains(CoreText.required))
            #expect(html.contains(#"id="e-startsOn""#) && html.contains(CoreText.invalidDate))
            #expect(html.contains(#"id="e-office""#) && html.contains(CoreText.invalidChoice))
            #expect(try await Self.count(app) == 0)
            // The end before the start.
            res = try await app.post("/settings/signers", as: admin, ["office": "chairperson", "name": "Nguyễn Văn Thành", "startsOn": "01/01/2026", "endsOn": "31/12/2025"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains(SignerText.endBeforeStart))
            #expect(try await Self.count(app) == 0)
            // A good one: saved, audited, listed with its block.
            res = try await app.post("/settings/signers", as: admin, ["office": "chairperson", "name": "Nguyễn Văn Thành", "title": "", "startsOn": "01/01/2026"])
            #expect(res.status == .seeOther)
            let chair = try #require(try await SignerRecord.query(on: app.db).first())
            #expect(chair.communeID == fx.communeA && chair.title == "Chủ tịch" && chair.endsOn == nil && chair.version == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "signer").count() == 1)
            let list = try await app.get("/settings/signers", as: admin)
            #expect(list.body.string.contains("Nguyễn Văn Thành") && list.body.string.contains("KT. CHỦ TỊCH"))
            // A second chairperson overlapping the first: refused beside the start date.
            res = try await app.post("/settings/signers", as: admin, ["office": "chairperson", "name": "Lê Văn Khác", "startsOn": "01/06/2026"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains(#"id="e-startsOn""#) && res.body.string.contains("Nguyễn Văn Thành, từ 01/01/2026"))
            #expect(try await Self.count(app) == 1)
            // Several vice-chairpersons at once are fine.
            for name in ["Lường Đình Hải", "Phạm Thị Mai"] {
                res = try await app.post("/settings/signers", as: admin, ["office": "vice_chairperson", "name": name, "startsOn": "01/01/2026"])
                #expect(res.status == .seeOther)
            }
            // Edit from an old version: 409 and nothing changed; from the current one: saved.
            res = try await app.post("/settings/signers/\(chair.id!.uuidString)", as: admin,
                                     ["office": "chairperson", "name": "Nguyễn Văn Thành Sửa", "startsOn": "01/01/2026", "version": "0"])
            #expect(res.status == .conflict)
            #expect(try await SignerRecord.find(chair.id, on: app.db)?.name == "Nguyễn Văn Thành")
            res = try await app.post("/settings/signers/\(chair.id!.uuidString)", as: admin,
                                     ["office": "chairperson", "name": "Nguyễn Văn Thành", "title": "Chủ tịch UBND xã", "startsOn": "01/01/2026", "version": "1"])
            #expect(res.status == .seeOther)
            // End of term: before its start is refused beside the field; then ended.
            res = try await app.post("/settings/signers/\(chair.id!.uuidString)/end", as: admin, ["termEndsOn": "01/12/2025", "version": "2"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains(#"id="e-termEndsOn""#) && res.body.string.contains(SignerText.endBeforeStart))
            #expect(try await SignerRecord.find(chair.id, on: app.db)?.endsOn == nil)
            res = try await app.post("/settings/signers/\(chair.id!.uuidString)/end", as: admin, ["termEndsOn": "30/06/2026", "version": "2"])
            #expect(res.status == .seeOther)
            #expect(try await SignerRecord.find(chair.id, on: app.db)?.endsOn == "2026-06-30")
            // Who is in office on a date, in one query.
            let july = try await SignerBook.inOffice(communeID: fx.communeA, on: LocalDate(year: 2026, month: 7, day: 1)!, db: app.db)
            #expect(Set(july.map(\.name)) == ["Lường Đình Hải", "Phạm Thị Mai"])
            let june = try await SignerBook.inOffice(communeID: fx.communeA, on: LocalDate(year: 2026, month: 6, day: 30)!, db: app.db)
            #expect(june.first?.name == "Nguyễn Văn Thành" && june.count == 3)
        }
    }

    @Test func otherRolesAndOtherCommunesAreRefused() async throws {
        try await withTestApp { app, fx in
            let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
            let chair = try await SignerCommands.create(SignerInput(office: "chairperson", name: "Nguyễn Văn Thành", startsOn: "01/01/2026"), actor: actor, on: app.db)
            // The secretariat reads the page but cannot change anything; every other role gets 403.
            let thuky = try await app.login("thuky")
            #expect(try await app.get("/settings/signers", as: thuky).status == .ok)
            #expect(try await app.post("/settings/signers", as: thuky, ["office": "chairperson", "name": "X", "startsOn": "01/01/2026"]).status == .forbidden)
            #expect(try await app.post("/settings/signers/\(chair.id!.uuidString)", as: thuky, ["office": "chairperson", "name": "X", "startsOn": "01/01/2026"]).status == .forbidden)
            for role in Role.allCases where role != .administrator && role != .secretariat {
                #expect(try await app.get("/settings/signers", as: try await app.login(Fixtures.username(role))).status == .forbidden)
            }
            let token = try await app.apiToken("thuky")
            #expect(try await app.api(.POST, "/api/v1/signers", token: token, json: #"{"office":"chairperson","name":"X","startsOn":"2026-01-01"}"#).status == .forbidden)
            // Commune B's administrator: commune A's signer does not exist for them.
            let adminB = try await app.login("admin.b")
            #expect(try await app.get("/settings/signers/\(chair.id!.uuidString)", as: adminB).status == .notFound)
            #expect(try await app.post("/settings/signers/\(chair.id!.uuidString)", as: adminB, ["office": "chairperson", "name": "Đổi", "startsOn": "01/01/2026", "version": "1"]).status == .notFound)
            #expect(try await app.post("/settings/signers/\(chair.id!.uuidString)/end", as: adminB, ["termEndsOn": "01/06/2026"]).status == .notFound)
            #expect(!(try await app.get("/settings/signers", as: adminB)).body.string.contains("Nguyễn Văn Thành"))
            let tokenB = try await app.apiToken("admin.b")
            #expect(try await app.api(.PATCH, "/api/v1/signers/\(chair.id!.uuidString)", token: tokenB, json: #"{"name":"Đổi"}"#).status == .notFound)
            let after = try #require(try await SignerRecord.find(chair.id, on: app.db))
            #expect(after.name == "Nguyễn Văn Thành" && after.version == 1 && after.endsOn == nil)
        }
    }

    @Test func apiUsesTheSameCommands() async throws {
        try await withTestApp { app, _ in
            let token = try await app.apiToken("admin")
            var res = try await app.api(.POST, "/api/v1/signers", token: token, json: #"{"office":"vice_chairperson","name":"","startsOn":"2026-02-30"}"#)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("\"name\"") && res.body.string.contains("\"startsOn\""))
            #expect(try await Self.count(app) == 0)
            res = try await app.api(.POST, "/api/v1/signers", token: token, json: #"{"office":"vice_chairperson","name":"Lường Đình Hải","startsOn":"2026-01-01"}"#)
            #expect(res.status == .created)
            struct DTO: Decodable { let id: UUID; let signatureLines: [String]; let version: Int; let inOffice: Bool }
            let created = try decode(DTO.self, res)
            #expect(created.signatureLines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] && created.version == 1)
            res = try await app.api(.POST, "/api/v1/signers/\(created.id.uuidString)/end", token: token, json: #"{"endsOn":"2026-12-31","version":1}"#)
            #expect(res.status == .ok)
            #expect(try decode(DTO.self, res).version == 2)
            res = try await app.api(.PATCH, "/api/v1/signers/\(created.id.uuidString)", token: token, json: #"{"name":"Khác","version":1}"#)
            #expect(res.status == .conflict)
            let list = try await app.api(.GET, "/api/v1/signers", token: try await app.apiToken("thuky"))
            #expect(list.status == .ok && list.body.string.contains("Lường Đình Hải"))
        }
    }

    /// The blocks of NĐ 30/2020, Điều 13: each office and authority.
    @Test func signatureBlocksFollowTheDecree() {
        let vice = Signer(id: UUID(), office: .viceChairperson, name: "Lường Đình Hải", title: "Phó Chủ tịch", startsOn: LocalDate(year: 2026, month: 1, day: 1)!, endsOn: nil)
        let chair = Signer(id: UUID(), office: .chairperson, name: "Nguyễn Văn Thành", title: "Chủ tịch", startsOn: LocalDate(year: 2026, month: 1, day: 1)!, endsOn: nil)
        #expect(SignerBook.decisionBlock(chair) == SignatureBlock(lines: ["CHỦ TỊCH"], name: "Nguyễn Văn Thành"))
        #expect(SignerBook.decisionBlock(vice) == SignatureBlock(lines: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], name: "Lường Đình Hải"))
        #expect(SignerBook.block(office: .chairperson, signer: chair, authority: .committee).lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
        #expect(SignerBook.block(office: .viceChairperson, signer: vice, authority: .committee).lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
        #expect(SignerBook.submissionBlock(nil) == SignatureBlock(lines: ["TRƯỞNG PHÒNG"], name: ""))
        let council = SignerBook.councilBlocks([])
        #expect(council.chair.lines == ["TM. HỘI ĐỒNG", "CHỦ TỊCH"] && council.secretary.lines == ["THƯ KÝ"] && council.chair.name.isEmpty)
        #expect(SignerBook.decisionBlock(nil) == SignatureBlock(lines: ["CHỦ TỊCH"], name: ""))
    }

    /// A term must cover the documents its holder signed; and a save must say which version it was read at.
    @Test func aTermCannotEndBeforeADocumentItsHolderSigned() async throws {
        try await withDemoApp { app in
            let nt = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first()?.id)
            let chair = try #require(try await SignerRecord.query(on: app.db).filter(\.$communeID == nt)
                .filter(\.$office == SignerOffice.chairperson.rawValue).first())
            let decision = try #require(try await CommendationDecision.query(on: app.db).filter(\.$communeID == nt)
                .filter(\.$kind == "decision").first())
            let admin = try await app.login("admin", password: DemoData.password)
            let before = try await app.post("/settings/signers/\(chair.id!.uuidString)/end", as: admin,
                                            ["termEndsOn": "01/11/2026", "version": String(chair.version)])
            #expect(before.status == .unprocessableEntity && before.text.contains(decision.numberText), "\(before.status)")
            let token = try await app.apiToken("admin", password: DemoData.password)
            let unversioned = try await app.api(.POST, "/api/v1/signers/\(chair.id!.uuidString)/end", token: token, json: #"{"endsOn":"2026-12-31"}"#)
            #expect(unversioned.status == .unprocessableEntity && unversioned.text.contains("version"))
            let after = try #require(try await SignerRecord.find(chair.id, on: app.db))
            #expect(after.endsOn == nil && after.version == chair.version, "nothing changed")
            let onTheDay = try await app.post("/settings/signers/\(chair.id!.uuidString)/end", as: admin,
                                              ["termEndsOn": LocalDate(iso: decision.issuedOn)!.vietnamese, "version": String(chair.version)])
            #expect(onTheDay.status == .seeOther)
        }
    }
}
