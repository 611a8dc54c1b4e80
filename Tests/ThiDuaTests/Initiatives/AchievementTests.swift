import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Other achievements of group 1.4: declared with a scan, verified by the secretariat")
struct AchievementTests {
    static let fields = ["kind": "patent", "title": "Giải pháp hữu ích: máy sấy cà phê năng lượng mặt trời", "holderName": "Trần Thị Thu Hà",
                         "issuingBody": "Cục Sở hữu trí tuệ", "issuedOn": "12/05/2026", "documentNumber": "2-0003456"]

    @Test func declaredWithAScanThenVerified() async throws {
        try await withTestApp { app, _ in
            let person = try await app.login("canhan")
            // No scan, a renamed executable, a missing title: refused, nothing stored, what was typed kept.
            let noScan = try await app.post("/achievements", as: person, Self.fields)
            #expect(noScan.status == .unprocessableEntity)
            #expect(noScan.body.string.contains("Cần bản chụp"))
            let exe = try await uploadForm(app, "/achievements", as: person, fields: Self.fields, filename: "quyet-dinh.pdf", file: Data("MZ\u{90}\u{0}".utf8) + Data(count: 64))
            #expect(exe.status == .unprocessableEntity)
            var missing = Self.fields
            missing["title"] = ""
            let noTitle = try await uploadForm(app, "/achievements", as: person, fields: missing, filename: "qd.pdf", file: pdfBytes)
            #expect(noTitle.status == .unprocessableEntity)
            #expect(noTitle.body.string.contains("Cục Sở hữu trí tuệ"))
            #expect(try await Achievement.query(on: app.db).count() == 0)
            // Declared.
            let ok = try await uploadForm(app, "/achievements", as: person, fields: Self.fields, filename: "van-bang.pdf", file: pdfBytes)
            #expect(ok.status == .seeOther)
            let a = try #require(try await Achievement.query(on: app.db).first())
            #expect(a.state == .pending)
            let page = "/achievements/\(a.id!.uuidString.lowercased())"
            #expect(try await app.get(page + "/scan", as: person).headers.first(name: .contentType) == "application/pdf")
            // Only the secretariat verifies; others who are not its author do not even see it.
            #expect(try await app.post(page + "/verify", as: person, ["outcome": "verified"]).status == .forbidden)
            #expect(try await app.post(page + "/verify", as: try await app.login("hoidong"), ["outcome": "verified"]).status == .forbidden)
            #expect(try await app.get(page, as: try await app.login("daumoi")).status == .forbidden)
            #expect(try await app.get(page, as: try await app.login("admin.b")).status == .notFound)
            let secretariat = try await app.login("thuky")
            #expect(try await app.post(page + "/verify", as: secretariat, ["outcome": "rejected"]).status == .unprocessableEntity)  // a rejection needs a note
            #expect(try await app.post(page + "/verify", as: secretariat, ["outcome": "verified", "note": "Đã đối chiếu bản gốc"]).status == .seeOther)
            #expect(try await Achievement.find(a.id, on: app.db)?.state == .verified)
            // The secretariat was told of the declaration, the declarer of the verification (AchievementCommands).
            let canhan = try #require(try await User.query(on: app.db).filter(\.$username == "canhan").first())
            #expect(try await InboxMessage.query(on: app.db).filter(\.$title == AchievementText.newNotice(Self.fields["title"]!)).count() >= 1)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$userID == canhan.id!)
                .filter(\.$title == AchievementText.reviewedNotice(a.title, verified: true)).count() == 1)
            #expect(try await app.post(page + "/verify", as: secretariat, ["outcome": "rejected", "note": "x"]).status == .conflict)
            #expect(try await app.get(page, as: person).body.string.contains("Đã xác minh"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "achievement").count() == 2)
        }
    }
}
