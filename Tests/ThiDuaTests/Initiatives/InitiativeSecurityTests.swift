import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 12 items 4, 7 and 8: the confidential part stays out of the audit log, authors chosen from the directory
/// belong to the commune and are told, and the near-duplicate check shows only what the person may open.
@Suite("Initiatives: confidential part, co-authors, private drafts")
struct InitiativeSecurityTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    @Test func theConfidentialPartNeverReachesTheAuditLog() async throws {
        try await withTestApp { app, fx in
            let applicant = try await app.login("canhan")
            let secret = "Mật khẩu máy chủ: BIMAT-7391"
            let created = try await InitiativeTests.postAuthors(app, "/initiatives", as: applicant,
                                                                InitiativeTests.form(title: "Sổ tay điện tử", shares: [], action: "draft", confidential: secret),
                                                                authors: [("Trần Thị Thu Hà", "100")])
            #expect(created.status == .seeOther)
            let i = try #require(try await Initiative.query(on: app.db).filter(\.$title == "Sổ tay điện tử").first())
            #expect(i.confidential == secret)
            // Changed through the API too.
            let token = try await app.apiToken("canhan")
            let update = try await app.api(.PUT, "/api/v1/initiatives/\(Self.id(i.id!))", token: token,
                                           json: #"{"title":"Sổ tay điện tử","confidential":"Bảng tính BIMAT-8842","version":\#(i.version)}"#)
            #expect(update.status == .ok, "\(update.status) \(update.text)")
            // Nothing in the rows…
            let rows = try await AuditEntry.query(on: app.db).all()
            #expect(rows.contains { $0.objectType == "initiative" })
            #expect(!rows.contains { ($0.beforeJSON ?? "").contains("BIMAT") || ($0.afterJSON ?? "").contains("BIMAT") })
            #expect(rows.contains { ($0.afterJSON ?? "").contains(AuditText.secretChanged) })
            // …nor on any audit page the administrator reads.
            let admin = try await app.login("admin")
            let list = try await app.get("/audit", as: admin).text
            #expect(!list.contains("BIMAT"))
            for entry in rows where entry.communeID == fx.communeA {
                let page = try await app.get("/audit/\(Self.id(entry.id!))", as: admin)
                #expect(page.status == .ok)
                #expect(!page.text.contains("BIMAT"), "audit entry \(entry.objectType) shows the confidential part")
            }
        }
    }

    @Test func anAuthorFromAnotherCommuneOrUnknownIsRefusedOnTheField() async throws {
        try await withTestApp { app, fx in
            let token = try await app.apiToken("canhan")
            for person in [fx.personB, UUID()] {
                let res = try await app.api(.POST, "/api/v1/initiatives", token: token, json: """
                    {"title":"Ứng dụng quét mã","authors":[{"personId":"\(Self.id(person))","fullName":"Lê Văn Sơn","share":100}]}
                    """)
                #expect(res.status == .unprocessableEntity, "\(res.status) \(res.text)")
                #expect(try decode(APIError.self, res).error.fields["authors.0.personId"] == InitiativeText.unknownAuthorPerson)
            }
            let page = try await InitiativeTests.postAuthors(app, "/initiatives", as: try await app.login("canhan"),
                                                             InitiativeTests.form(title: "Ứng dụng quét mã", shares: [], action: "draft"), authors: [])
            #expect(page.status == .seeOther)
            var headers = try await app.login("canhan").headers
            headers.contentType = .urlEncodedForm
            let s = try await app.login("canhan")
            let body = ["_csrf=\(s.csrf)", "title=\("Ứng dụng khác".urlQueryEncoded)", "action=draft", "authorPersonId[]=\(Self.id(fx.personB))",
                        "authorName[]=\("Lê Văn Sơn".urlQueryEncoded)", "authorShare[]=100"].joined(separator: "&")
            var h = s.headers
            h.contentType = .urlEncodedForm
            let refused = try await app.send(.POST, "/initiatives", headers: h, body: ByteBuffer(string: body))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains(HTMLEscape.text(InitiativeText.unknownAuthorPerson)))
            #expect(refused.text.contains("Ứng dụng khác"), "what was typed is kept")
            #expect(try await Initiative.query(on: app.db).filter(\.$title == "Ứng dụng khác").count() == 0)
            _ = headers
        }
    }

    @Test func aPersonNamedAsCoAuthorIsToldAndTheNamingAudited() async throws {
        try await withTestApp { app, fx in
            // canhan's account is the person "official"; the secretariat names them as a co-author.
            let named = try #require(try await User.query(on: app.db).filter(\.$username == "canhan").first())
            let token = try await app.apiToken("thuky")
            let res = try await app.api(.POST, "/api/v1/initiatives", token: token, json: """
                {"title":"Bản đồ số thôn","authors":[{"fullName":"Cán bộ thi đua","share":60},{"personId":"\(Self.id(fx.official))","fullName":"Trần Thị Thu Hà","share":40}]}
                """)
            #expect(res.status == .created, "\(res.status) \(res.text)")
            let inbox = try await InboxMessage.query(on: app.db).filter(\.$userID == named.id!).all()
            #expect(inbox.contains { $0.title.contains("Bản đồ số thôn") })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "initiative_author").count() == 1)
            let page = try await app.get("/inbox", as: try await app.login("canhan")).text
            #expect(page.contains("Bản đồ số thôn"))
        }
    }

    @Test func theNearDuplicateCheckShowsNoOneElsesDraft() async throws {
        try await withTestApp { app, fx in
            let owner = try await app.login("canhan")
            let draft = try await InitiativeTests.postAuthors(app, "/initiatives", as: owner,
                                                              InitiativeTests.form(title: "Sổ tay điện tử cho tổ công nghệ số cộng đồng", shares: [], action: "draft"),
                                                              authors: [])
            #expect(draft.status == .seeOther)
            let other = try await app.login("daumoi")
            let check = try await InitiativeTests.postAuthors(app, "/initiatives", as: other,
                                                              InitiativeTests.form(title: "Sổ tay điện tử cho tổ công nghệ số", shares: [], action: "check"),
                                                              authors: [])
            #expect(check.status == .ok)
            #expect(!check.text.contains("Sổ tay điện tử cho tổ công nghệ số cộng đồng"), "another person's draft is shown")
            // The owner still sees their own.
            let mine = try await InitiativeTests.postAuthors(app, "/initiatives", as: owner,
                                                             InitiativeTests.form(title: "Sổ tay điện tử cho tổ công nghệ số", shares: [], action: "check"),
                                                             authors: [])
            #expect(mine.text.contains("Sổ tay điện tử cho tổ công nghệ số cộng đồng"))
            _ = fx
        }
    }

    /// Eight browsers record the same adoption at the same moment: one is recorded, the others are told — never a 500.
    @Test func aUniqueKeyRaceIsAConflictNotAServerError() async throws {
        try await withTestApp { app, fx in
            let token = try await app.apiToken("canhan")
            let created = try await app.api(.POST, "/api/v1/initiatives", token: token, json: #"{"title":"Sổ tay số"}"#)
            struct D: Decodable { let id: UUID }
            let id = try decode(D.self, created).id
            let i = try #require(try await Initiative.find(id, on: app.db))
            i.status = InitiativeStatus.recognised.rawValue
            try await i.save(on: app.db)
            let focal = try await app.login("daumoi")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await app.post("/initiatives/\(Self.id(id))/adopt", as: focal, ["unitId": Self.id(fx.villageA)]).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { $0.code < 500 }, "\(statuses)")
            #expect(try await InitiativeAdoption.query(on: app.db).count() == 1)
        }
    }
}
