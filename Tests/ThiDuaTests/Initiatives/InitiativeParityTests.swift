import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 12 item 12: one command per use case. The same action through the page (on one fresh application) and through
/// the API (on another) leaves the same rows, the same audit entries and the same inbox notices.
@Suite("Initiatives: the page and the API do the same thing")
struct InitiativeParityTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static let title = "Sổ tay điện tử cho tổ công nghệ số"

    /// What an action changed, without ids and times.
    struct Effect: Equatable, CustomStringConvertible {
        var status = ""
        var fields: [String: String] = [:]
        var reviewers: [String] = []
        var adoptions: [String] = []
        /// action | object type | label | actor
        var audit: [String] = []
        /// recipient | title | link (the id as {id})
        var notices: [String] = []
        var description: String {
            "status=\(status)\nfields=\(fields.sorted { $0.key < $1.key })\nreviewers=\(reviewers)\nadoptions=\(adoptions)\naudit=\n  "
                + audit.joined(separator: "\n  ") + "\nnotices=\n  " + notices.joined(separator: "\n  ")
        }
    }

    enum Stage { case draft, submitted, underReview, recognised }

    /// The same starting point on each application: canhan's initiative (shares 100 %), brought to `stage` by the commands.
    static func prepare(_ app: Application, _ fx: Fixtures, _ stage: Stage) async throws -> Initiative {
        let token = try await app.apiToken("canhan")
        let created = try await app.api(.POST, "/api/v1/initiatives", token: token, json: """
            {"title":"\(title)","firstApplied":"2026-03-15","summary":"Hướng dẫn chung","benefits":"35 tổ viên dùng chung",
             "authors":[{"fullName":"Trần Thị Thu Hà","share":100}]}
            """)
        #expect(created.status == .created, "\(created.body.string)")
        struct Created: Decodable { let id: UUID }
        let i = try #require(try await Initiative.find(try decode(Created.self, created).id, on: app.db))
        let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
        if stage == .draft { return i }
        try await InitiativeCommands.submit(i, actor: actor, on: app.db)
        if stage == .underReview {
            let council = try #require(try await User.query(on: app.db).filter(\.$username == "hoidong").first())
            try await InitiativeCommands.assign(i, reviewers: [council], actor: actor, on: app.db)
        }
        if stage == .recognised {
            try await InitiativeCommands.decide(i, .init(recognised: true, councilDate: "2026-11-18", minutes: "",
                                                         decisionDate: "2026-11-20", scope: .commune), actor: actor, on: app.db)
        }
        return i
    }

    /// Runs `action` on a fresh application and says what it changed.
    static func effect(_ stage: Stage, _ action: @escaping (Application, Fixtures, Initiative) async throws -> HTTPStatus,
                       expect expected: HTTPStatus) async throws -> Effect {
        var result = Effect()
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, fx in
            let i = try await prepare(app, fx, stage)
            let auditBefore = Set(try await AuditEntry.query(on: app.db).all().compactMap(\.id))
            let inboxBefore = Set(try await InboxMessage.query(on: app.db).all().compactMap(\.id))
            let status = try await action(app, fx, i)
            #expect(status == expected)
            let row = try #require(try await Initiative.find(i.id, on: app.db))
            result.status = row.status
            result.fields = ["returnReason": row.returnReason, "councilOutcome": row.councilOutcome, "councilDate": row.councilDate ?? "",
                             "councilMinutes": row.councilMinutes, "decisionNumber": row.decisionNumber, "decisionDate": row.decisionDate ?? "",
                             "scope": row.scope, "version": String(row.version), "submitted": row.submittedAt == nil ? "no" : "yes"]
            result.reviewers = try await InitiativeReview.query(on: app.db).filter(\.$initiativeID == i.id!).all()
                .map { "\($0.reviewerName) total=\($0.total.map { NumberText.format($0) } ?? "-") \($0.comment)" }.sorted()
            let units = try await DirectoryQueries.unitNames(on: app.db, ids: Set(try await InitiativeAdoption.query(on: app.db).all().map(\.unitID)))
            result.adoptions = try await InitiativeAdoption.query(on: app.db).filter(\.$initiativeID == i.id!).all()
                .map { "\(units[$0.unitID] ?? "?") | \($0.note) | \($0.recordedBy)" }.sorted()
            // Signing in (the page's form, the API's token) is not part of the use case.
            result.audit = try await AuditEntry.query(on: app.db).all().filter { !auditBefore.contains($0.id!) && $0.action != AuditAction.login.rawValue }
                .map { "\($0.action) | \($0.objectType) | \($0.objectLabel) | \($0.actorName)" }.sorted()
            let names = Dictionary(uniqueKeysWithValues: try await User.query(on: app.db).all().map { ($0.id!, $0.username) })
            result.notices = try await InboxMessage.query(on: app.db).all().filter { !inboxBefore.contains($0.id!) }
                .map { "\(names[$0.userID] ?? "?") | \($0.title) | \($0.link.replacingOccurrences(of: id(i.id!), with: "{id}"))" }.sorted()
        }
        return result
    }

    static func user(_ app: Application, _ username: String) async throws -> UUID {
        try #require(try await User.query(on: app.db).filter(\.$username == username).first()?.id)
    }

    static func compare(_ page: Effect, _ api: Effect) {
        #expect(page == api, "page:\n\(page)\n\nAPI:\n\(api)")
    }

    @Test func submit() async throws {
        // The page's "Nộp hồ sơ" saves what is on the form and submits it: through the API, PUT then POST submit.
        let page = try await Self.effect(.draft, { app, _, i in
            let form = InitiativeTests.form(title: Self.title, shares: [], action: "submit", version: i.version)
                .merging(["summary": "Hướng dẫn chung", "benefits": "35 tổ viên dùng chung", "conditions": "", "testers": "", "confidential": ""]) { _, b in b }
            return try await InitiativeTests.postAuthors(app, "/initiatives/\(Self.id(i.id!))/edit", as: try await app.login("canhan"), form,
                                                         authors: [("Trần Thị Thu Hà", "100")]).status
        }, expect: .seeOther)
        let api = try await Self.effect(.draft, { app, _, i in
            let token = try await app.apiToken("canhan")
            let path = "/api/v1/initiatives/\(Self.id(i.id!))"
            let put = try await app.api(.PUT, path, token: token, json: """
                {"title":"\(Self.title)","firstApplied":"2026-03-15","summary":"Hướng dẫn chung","benefits":"35 tổ viên dùng chung",
                 "authors":[{"fullName":"Trần Thị Thu Hà","workplace":"Thôn Bình Thủy","share":100}],"version":\(i.version)}
                """)
            #expect(put.status == .ok, "\(put.body.string)")
            return try await app.api(.POST, path + "/submit", token: token).status
        }, expect: .ok)
        #expect(page.status == InitiativeStatus.submitted.rawValue)
        #expect(page.notices.contains { $0.hasPrefix("thuky | ") }, "the secretariat is told")
        Self.compare(page, api)
    }

    @Test func returnIt() async throws {
        let reason = "Bổ sung số liệu minh chứng lợi ích"
        let page = try await Self.effect(.submitted, { app, _, i in
            try await app.post("/initiatives/\(Self.id(i.id!))/return", as: try await app.login("thuky"), ["reason": reason]).status
        }, expect: .seeOther)
        let api = try await Self.effect(.submitted, { app, _, i in
            try await app.api(.POST, "/api/v1/initiatives/\(Self.id(i.id!))/return", token: try await app.apiToken("thuky"), json: #"{"reason":"\#(reason)"}"#).status
        }, expect: .ok)
        #expect(page.status == InitiativeStatus.returned.rawValue)
        #expect(page.notices.count == 1)
        Self.compare(page, api)
    }

    @Test func assign() async throws {
        let page = try await Self.effect(.submitted, { app, _, i in
            try await app.post("/initiatives/\(Self.id(i.id!))/assign", as: try await app.login("thuky"),
                               ["reviewerIds[]": Self.id(try await Self.user(app, "hoidong"))]).status
        }, expect: .seeOther)
        let api = try await Self.effect(.submitted, { app, _, i in
            try await app.api(.POST, "/api/v1/initiatives/\(Self.id(i.id!))/reviewers", token: try await app.apiToken("thuky"),
                              json: #"{"reviewerIds":["\#(Self.id(try await Self.user(app, "hoidong")))"]}"#).status
        }, expect: .ok)
        #expect(page.status == InitiativeStatus.underReview.rawValue)
        #expect(page.notices.count == 1 && page.notices[0].hasPrefix("hoidong | "), "the reviewer is told")
        Self.compare(page, api)
    }

    @Test func score() async throws {
        let page = try await Self.effect(.underReview, { app, fx, i in
            let criteria = try await InitiativeQueries.rubric(on: app.db, communeID: fx.communeA).criteria
            return try await app.postPairs("/initiatives/\(Self.id(i.id!))/score", as: try await app.login("hoidong"),
                                           criteria.flatMap { [("criterionId[]", Self.id($0.id!)), ("points[]", NumberText.format($0.maxPoints - 5))] } + [("comment", "Tốt")]).status
        }, expect: .seeOther)
        let api = try await Self.effect(.underReview, { app, fx, i in
            let criteria = try await InitiativeQueries.rubric(on: app.db, communeID: fx.communeA).criteria
            let points = criteria.map { "\"\($0.id!.uuidString)\": \($0.maxPoints - 5)" }.joined(separator: ",")
            return try await app.api(.POST, "/api/v1/initiatives/\(Self.id(i.id!))/scores", token: try await app.apiToken("hoidong"),
                                     json: #"{"points":{\#(points)},"comment":"Tốt"}"#).status
        }, expect: .ok)
        #expect(page.reviewers.count == 1 && !page.reviewers[0].contains("total=-"))
        Self.compare(page, api)
    }

    @Test func decide() async throws {
        let page = try await Self.effect(.submitted, { app, _, i in
            try await app.post("/initiatives/\(Self.id(i.id!))/decide", as: try await app.login("thuky"),
                               ["outcome": "recognised", "councilDate": "18/11/2026", "minutes": "7/9 thành viên nhất trí",
                                "decisionDate": "20/11/2026", "scope": "commune"]).status
        }, expect: .seeOther)
        let api = try await Self.effect(.submitted, { app, _, i in
            try await app.api(.POST, "/api/v1/initiatives/\(Self.id(i.id!))/decision", token: try await app.apiToken("thuky"), json: """
                {"recognised":true,"councilDate":"2026-11-18","minutes":"7/9 thành viên nhất trí","decisionDate":"2026-11-20","scope":"commune"}
                """).status
        }, expect: .ok)
        #expect(page.status == InitiativeStatus.recognised.rawValue)
        #expect(page.notices.count == 1 && page.notices[0].hasPrefix("canhan | "), "the applicant is told")
        Self.compare(page, api)
    }

    @Test func adopt() async throws {
        let page = try await Self.effect(.recognised, { app, fx, i in
            try await app.post("/initiatives/\(Self.id(i.id!))/adopt", as: try await app.login("daumoi"), ["unitId": Self.id(fx.villageA), "note": "Áp dụng từ tháng 10"]).status
        }, expect: .seeOther)
        let api = try await Self.effect(.recognised, { app, fx, i in
            try await app.api(.POST, "/api/v1/initiatives/\(Self.id(i.id!))/adopt", token: try await app.apiToken("daumoi"),
                              json: #"{"unitId":"\#(Self.id(fx.villageA))","note":"Áp dụng từ tháng 10"}"#).status
        }, expect: .ok)
        #expect(page.adoptions.count == 1)
        Self.compare(page, api)
    }

    @Test func withdraw() async throws {
        let page = try await Self.effect(.submitted, { app, _, i in
            try await app.post("/initiatives/\(Self.id(i.id!))/withdraw", as: try await app.login("canhan")).status
        }, expect: .seeOther)
        let api = try await Self.effect(.submitted, { app, _, i in
            try await app.api(.POST, "/api/v1/initiatives/\(Self.id(i.id!))/withdraw", token: try await app.apiToken("canhan")).status
        }, expect: .ok)
        #expect(page.status == InitiativeStatus.withdrawn.rawValue)
        Self.compare(page, api)
    }

    /// The same refusals: a focal point for another unit (403), an unknown unit or a second adoption (422), on both.
    @Test func adoptRefusalsMatch() async throws {
        try await withTestApp { app, fx in
            let i = try await Self.prepare(app, fx, .recognised)
            let page = "/initiatives/\(Self.id(i.id!))/adopt"
            let api = "/api/v1/initiatives/\(Self.id(i.id!))/adopt"
            let focal = try await app.login("daumoi")
            let token = try await app.apiToken("daumoi")
            #expect(try await app.post(page, as: focal, ["unitId": Self.id(fx.agencyA)]).status == .forbidden)
            #expect(try await app.api(.POST, api, token: token, json: #"{"unitId":"\#(Self.id(fx.agencyA))"}"#).status == .forbidden)
            let secretariat = try await app.apiToken("thuky")
            let unknown = try await app.api(.POST, api, token: secretariat, json: #"{"unitId":"\#(Self.id(fx.unitB))"}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try decode(APIError.self, unknown).error.fields["unitId"] == DirectoryText.unknownUnit)
            #expect(try await app.api(.POST, api, token: token, json: #"{"unitId":"\#(Self.id(fx.villageA))"}"#).status == .ok)
            let twice = try await app.api(.POST, api, token: token, json: #"{"unitId":"\#(Self.id(fx.villageA))"}"#)
            #expect(twice.status == .unprocessableEntity)
            #expect(try decode(APIError.self, twice).error.fields["unitId"] == InitiativeText.alreadyAdopted)
            #expect(try await app.post(page, as: focal, ["unitId": Self.id(fx.villageA)]).status == .unprocessableEntity)
            let blank = try await app.api(.POST, "/api/v1/initiatives/\(Self.id(i.id!))/return", token: secretariat, json: #"{"reason":" "}"#)
            #expect(blank.status == .conflict || blank.status == .unprocessableEntity)
            #expect(try await InitiativeAdoption.query(on: app.db).count() == 1)
        }
    }
}
