import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Difficulties: raise, forward, answer, close")
struct DifficultyTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    @Test func aUnitRaisesOneWithAFileAndTheSecretariatForwardsAnswersCloses() async throws {
        try await withTestApp { app, fx in
            let unit = try await app.login("daumoi")
            let area = try #require(try await ContentArea.query(on: app.db).filter(\.$communeID == fx.communeA).filter(\.$position == 2).first()).id!
            // A bad form keeps what was typed and changes nothing.
            let bad = try await app.post("/difficulties", as: unit, ["title": "", "content": "Sóng yếu", "contentAreaId": "x"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Sóng yếu"))
            #expect(try await Difficulty.query(on: app.db).count() == 0)
            let res = try await uploadForm(app, "/difficulties", as: unit, fields: ["title": "Sóng di động yếu", "content": "Cuối thôn không cài được VNeID.",
                                                                                 "contentAreaId": Self.id(area)], filename: "anh.pdf", file: pdfBytes)
            #expect(res.status == .seeOther)
            let d = try #require(try await Difficulty.query(on: app.db).first())
            #expect(d.unitID == fx.villageA)
            #expect(d.state == .received)
            #expect(try await Evidence.query(on: app.db).filter(\.$difficultyID == d.id!).count() == 1)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$title ~~ "Vướng mắc mới").count() >= 1)
            let page = "/difficulties/\(Self.id(d.id!))"
            // The focal point cannot handle it; the secretariat can.
            #expect(try await app.post(page + "/answer", as: unit, ["answer": "x"]).status == .forbidden)
            let secretariat = try await app.login("thuky")
            #expect(try await app.post(page + "/forward", as: secretariat, ["forwardTo": ""]).status == .unprocessableEntity)
            #expect(try await app.post(page + "/forward", as: secretariat, ["forwardTo": Self.id(fx.unitB)]).status == .unprocessableEntity)
            #expect(try await app.post(page + "/forward", as: secretariat, ["forwardTo": Self.id(fx.agencyA), "note": "Xem xét"]).status == .seeOther)
            #expect(try await app.post(page + "/answer", as: secretariat, ["answer": "Đã làm việc với nhà mạng."]).status == .seeOther)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == d.raisedBy).filter(\.$title ~~ "đã được trả lời").count() == 1)
            #expect(try await app.post(page + "/close", as: secretariat).status == .seeOther)
            #expect(try await Difficulty.find(d.id, on: app.db)?.state == .closed)
            #expect(try await app.post(page + "/answer", as: secretariat, ["answer": "Lần nữa"]).status == .conflict)
            // The raiser sees the state and the answer; the secretariat sees the count by area.
            let shown = try await app.get(page, as: unit)
            #expect(shown.body.string.contains("Đã đóng"))
            #expect(shown.body.string.contains("Đã làm việc với nhà mạng."))
            let list = try await app.get("/difficulties", as: secretariat)
            #expect(list.body.string.contains("Số vướng mắc theo nội dung thi đua"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "difficulty").count() == 4)
            // Others: an individual does not see it; another commune does not find it.
            #expect(try await app.get(page, as: try await app.login("canhan")).status == .forbidden)
            #expect(try await app.get(page, as: try await app.login("admin.b")).status == .notFound)
            let file = try #require(try await Evidence.query(on: app.db).filter(\.$difficultyID == d.id!).first())
            #expect(try await app.get(page + "/files/\(Self.id(file.id!))", as: secretariat).status == .ok)
            #expect(try await app.get(page + "/files/\(Self.id(file.id!))", as: try await app.login("bientap")).status == .forbidden)
        }
    }

    @Test func theSameThroughTheAPI() async throws {
        try await withTestApp { app, fx in
            let person = try await app.apiToken("canhan")
            let secretariat = try await app.apiToken("thuky")
            struct D: Decodable { let id: UUID; let status: String; let answer: String; let attachments: [Att]; struct Att: Decodable { let contentType: String? } }
            let bad = try await app.api(.POST, "/api/v1/difficulties", token: person, json: #"{"title":"Chữ ký số","content":"x","attachment":{"filename":"a.exe","contentBase64":"TVqQAAMAAAAEAAAA"}}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try decode(APIError.self, bad).error.fields["attachment"] != nil)
            #expect(try await app.api(.POST, "/api/v1/difficulties", token: person, json: #"{"title":"Chữ ký số","content":"x","contentAreaId":""}"#).status == .unprocessableEntity)
            #expect(try await Difficulty.query(on: app.db).count() == 0)
            let created = try await app.api(.POST, "/api/v1/difficulties", token: person,
                                            json: #"{"title":"Chữ ký số cho giáo viên","content":"Chưa được cấp.","attachment":{"filename":"cv.pdf","contentBase64":"\#(pdfBytes.base64EncodedString())"}}"#)
            #expect(created.status == .created, "\(created.body.string)")
            let d = try decode(D.self, created)
            #expect(d.attachments.first?.contentType == "application/pdf")
            let path = "/api/v1/difficulties/\(Self.id(d.id))"
            #expect(try await app.api(.POST, path + "/forward", token: person, json: #"{"forwardTo":"\#(Self.id(fx.agencyA))"}"#).status == .forbidden)
            // The API forwards only where the page offers: an office or school, not a village.
            let village = try await app.api(.POST, path + "/forward", token: secretariat, json: #"{"forwardTo":"\#(Self.id(fx.villageA))"}"#)
            #expect(village.status == .unprocessableEntity)
            #expect(try decode(APIError.self, village).error.fields["forwardTo"] == DifficultyText.notAnOffice)
            #expect(try decode(D.self, try await app.api(.POST, path + "/forward", token: secretariat, json: #"{"forwardTo":"\#(Self.id(fx.agencyA))"}"#)).status == "forwarded")
            #expect(try decode(D.self, try await app.api(.POST, path + "/answer", token: secretariat, json: #"{"answer":"Đã đề nghị cấp."}"#)).answer == "Đã đề nghị cấp.")
            #expect(try decode(D.self, try await app.api(.POST, path + "/close", token: secretariat)).status == "closed")
            #expect(try decode([D].self, try await app.api(.GET, "/api/v1/difficulties", token: person)).count == 1)
            #expect(try decode([D].self, try await app.api(.GET, "/api/v1/difficulties", token: try await app.apiToken("daumoi"))).isEmpty)
            #expect(try await app.api(.GET, path, token: try await app.apiToken("daumoi")).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/difficulties?status=lost", token: person).status == .unprocessableEntity)
        }
    }
}
