import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Initiative attachments and the rubric as data")
struct InitiativeSettingsTests {
    @Test func theApplicantAttachesFilesWhileTheApplicationCanBeEdited() async throws {
        try await withTestApp { app, _ in
            let applicant = try await app.login("canhan")
            let created = try await app.api(.POST, "/api/v1/initiatives", token: try await app.apiToken("canhan"), json: #"{"title":"Sổ tay điện tử"}"#)
            struct D: Decodable { let id: UUID }
            let page = "/initiatives/\(try decode(D.self, created).id.uuidString.lowercased())"
            #expect(try await uploadForm(app, page + "/attachments", as: applicant, fields: [:], filename: "../x.pdf", file: pdfBytes).status == .unprocessableEntity)
            #expect(try await uploadForm(app, page + "/attachments", as: try await app.login("daumoi"), fields: [:], filename: "a.pdf", file: pdfBytes).status == .forbidden)
            #expect(try await uploadForm(app, page + "/attachments", as: applicant, fields: [:], filename: "mo-ta.pdf", file: pdfBytes).status == .seeOther)
            let e = try #require(try await Evidence.query(on: app.db).filter(\.$initiativeID != nil).first())
            let file = try await app.get(page + "/attachments/\(e.id!.uuidString.lowercased())", as: try await app.login("thuky"))
            #expect(file.status == .ok)
            #expect(Data(file.body.readableBytesView) == pdfBytes)
            #expect(try await app.get(page, as: applicant).body.string.contains("mo-ta.pdf"))
            #expect(try await app.post(page + "/attachments/\(e.id!.uuidString.lowercased())/delete", as: applicant).status == .seeOther)
            #expect(try await Evidence.query(on: app.db).filter(\.$initiativeID != nil).count() == 0)
        }
    }

    @Test func theSecretariatOrTheAdministratorEditsTheRubric() async throws {
        try await withTestApp { app, fx in
            for role in [Role.councilMember, .leader, .individual, .unitFocalPoint, .supervisor, .editor] {
                #expect(try await app.get("/initiatives/rubric", as: try await app.login(Fixtures.username(role))).status == .forbidden, "\(role)")
            }
            let admin = try await app.login("admin")
            let page = try await app.get("/initiatives/rubric", as: admin)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Nghị định 13/2012/NĐ-CP"))
            // A threshold above the total is refused and nothing changes.
            func post(_ threshold: String, _ rows: [(String, String)]) async throws -> HTTPResult {
                var parts = ["_csrf=\(admin.csrf)", "threshold=\(threshold)"]
                for (n, m) in rows { parts += ["name[]=\(n.urlQueryEncoded)", "maxPoints[]=\(m)"] }
                var h = admin.headers
                h.contentType = .urlEncodedForm
                return try await app.send(.POST, "/initiatives/rubric", headers: h, body: ByteBuffer(string: parts.joined(separator: "&")))
            }
            #expect(try await post("120", [("Tính mới", "50"), ("Hiệu quả", "50")]).status == .unprocessableEntity)
            #expect(try await InitiativeQueries.rubric(on: app.db, communeID: fx.communeA).threshold == 50)
            #expect(try await post("60", [("Tính mới", "50"), ("Hiệu quả", "50")]).status == .seeOther)
            let r = try await InitiativeQueries.rubric(on: app.db, communeID: fx.communeA)
            #expect(r.criteria.map(\.name) == ["Tính mới", "Hiệu quả"])
            #expect(r.threshold == 60)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "initiative_rubric").count() == 1)
        }
    }
}
