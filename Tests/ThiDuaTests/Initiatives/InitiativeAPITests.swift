import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Initiatives through the API")
struct InitiativeAPITests {
    struct DTO: Decodable { let id: UUID; let status: String; let version: Int; let confidential: String? }
    struct Summary: Decodable { let id: UUID; let title: String }

    @Test func applyReviewRecogniseAndTheConfidentialPartStaysPrivate() async throws {
        try await withTestApp { app, fx in
            let applicant = try await app.apiToken("canhan")
            let secretariat = try await app.apiToken("thuky")
            let body = #"{"title":"Sổ tay điện tử cho tổ công nghệ số","firstApplied":"2026-03-15","summary":"Hướng dẫn chung","benefits":"35 tổ viên dùng chung","confidential":"Mật khẩu kho tài liệu","authors":[{"personId":"\#(fx.official.uuidString)","fullName":"Trần Thị Thu Hà","share":60},{"fullName":"Điểu Thị Hồng","share":30}]}"#
            let created = try await app.api(.POST, "/api/v1/initiatives", token: applicant, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            let i = try decode(DTO.self, created)
            let path = "/api/v1/initiatives/\(i.id.uuidString.lowercased())"
            // 60 + 30 is refused at submission, with the field named.
            let notYet = try await app.api(.POST, path + "/submit", token: applicant)
            #expect(notYet.status == .unprocessableEntity)
            #expect(try decode(APIError.self, notYet).error.fields["authors"]?.contains("100%") == true)
            let fixed = body.replacingOccurrences(of: #""share":30"#, with: #""share":40"#).replacingOccurrences(of: #"}]}"#, with: #"}],"version":\#(i.version)}"#)
            #expect(try await app.api(.PUT, path, token: applicant, json: fixed).status == .ok)
            #expect(try decode(DTO.self, try await app.api(.POST, path + "/submit", token: applicant)).status == "submitted")
            // An author cannot review: the applicant's own account is refused; a wrong role cannot assign or decide.
            let me = try #require(try await User.query(on: app.db).filter(\.$username == "canhan").first())
            #expect(try await app.api(.POST, path + "/reviewers", token: secretariat, json: #"{"reviewerIds":["\#(me.id!.uuidString)"]}"#).status == .unprocessableEntity)
            #expect(try await app.api(.POST, path + "/reviewers", token: try await app.apiToken("hoidong"), json: #"{"reviewerIds":["\#(me.id!.uuidString)"]}"#).status == .forbidden)
            let council = try #require(try await User.query(on: app.db).filter(\.$username == "hoidong").first())
            #expect(try decode(DTO.self, try await app.api(.POST, path + "/reviewers", token: secretariat, json: #"{"reviewerIds":["\#(council.id!.uuidString)"]}"#)).status == "under_review")
            let criteria = try await InitiativeQueries.rubric(on: app.db, communeID: fx.communeA).criteria
            let points = criteria.map { "\"\($0.id!.uuidString)\": \($0.maxPoints - 5)" }.joined(separator: ",")
            #expect(try await app.api(.POST, path + "/scores", token: applicant, json: #"{"points":{\#(points)}}"#).status == .forbidden)
            #expect(try await app.api(.POST, path + "/scores", token: try await app.apiToken("hoidong"), json: #"{"points":{}}"#).status == .unprocessableEntity)
            let scored = try await app.api(.POST, path + "/scores", token: try await app.apiToken("hoidong"), json: #"{"points":{\#(points)},"comment":"Tốt"}"#)
            #expect(scored.status == .ok, "\(scored.body.string)")
            #expect(try await app.api(.POST, path + "/decision", token: applicant, json: #"{"recognised":true,"councilDate":"2026-11-18"}"#).status == .forbidden)
            #expect(try await app.api(.POST, path + "/decision", token: secretariat, json: #"{"recognised":true,"councilDate":"2026-11-18"}"#).status == .unprocessableEntity)
            let decided = try await app.api(.POST, path + "/decision", token: secretariat,
                                            json: #"{"recognised":true,"councilDate":"2026-11-18","decisionDate":"2026-11-20","scope":"commune"}"#)
            #expect(try decode(DTO.self, decided).status == "recognised")
            // Confidential: the author and the secretariat see it; the editor and the public showcase do not.
            #expect(try decode(DTO.self, try await app.api(.GET, path, token: applicant)).confidential == "Mật khẩu kho tài liệu")
            #expect(try decode(DTO.self, try await app.api(.GET, path, token: try await app.apiToken("bientap"))).confidential == nil)
            let showcase = try await app.api(.GET, "/api/v1/showcase/nghia-trung", token: nil)
            #expect(showcase.status == .ok)
            #expect(try decode([Summary].self, showcase).map(\.id) == [i.id])
            #expect(!showcase.body.string.contains("Mật khẩu"))
            #expect(try await app.api(.GET, "/api/v1/showcase/khong-co", token: nil).status == .notFound)
            #expect(try await app.api(.GET, path, token: try await app.apiToken("admin.b")).status == .notFound)
        }
    }

    @Test(arguments: [
        #"{}"#, #"{"title":""}"#, #"{"title":"A","authors":[{}]}"#, #"{"title":"A","authors":[{"fullName":"B","share":101}]}"#,
        #"{"title":"A","ownerUnitId":""}"#, #"{"title":"A","firstApplied":"15/03/2026"}"#, #"{"title":"A\u0001"}"#,
    ])
    func badApplicationsAreRefusedAndNothingIsStored(json: String) async throws {
        try await withTestApp { app, _ in
            let res = try await app.api(.POST, "/api/v1/initiatives", token: try await app.apiToken("canhan"), json: json)
            #expect(res.status == .unprocessableEntity, "\(json) → \(res.status) \(res.body.string)")
            #expect(try await Initiative.query(on: app.db).count() == 0)
        }
    }
}
