import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 12 item 12: one command per use case, for registrations, annual reports, difficulties and achievements.
/// The same action through the page (on one fresh application) and through the API (on another) leaves the same rows,
/// the same audit entries and the same inbox notices. Before the commands carried the notices, the page told the person
/// who raised a difficulty of its answer while the API did not, and no path told the office a difficulty was forwarded to.
@Suite("Registrations, reports and difficulties: the page and the API do the same thing")
struct PledgeParityTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// What an action changed, without ids and times.
    struct Effect: Equatable, CustomStringConvertible {
        var row: [String: String] = [:]
        /// action | object type | label | actor
        var audit: [String] = []
        /// recipient | title | link (ids as {id})
        var notices: [String] = []
        var description: String {
            "row=\(row.sorted { $0.key < $1.key })\naudit=\n  " + audit.joined(separator: "\n  ") + "\nnotices=\n  " + notices.joined(separator: "\n  ")
        }
    }

    /// Runs `prepare` then `action` on a fresh application and says what the action changed; `row` reads the object.
    static func effect<T: Sendable>(_ prepare: @escaping @Sendable (Application, Fixtures) async throws -> T,
                                    _ action: @escaping @Sendable (Application, Fixtures, T) async throws -> HTTPStatus, expect expected: HTTPStatus,
                                    row: @escaping @Sendable (Application, Fixtures, T) async throws -> [String: String]) async throws -> Effect {
        var result = Effect()
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let prepared = try await prepare(app, fx)
            let auditBefore = Set(try await AuditEntry.query(on: app.db).all().compactMap(\.id))
            let inboxBefore = Set(try await InboxMessage.query(on: app.db).all().compactMap(\.id))
            let status = try await action(app, fx, prepared)
            #expect(status == expected)
            result.row = try await row(app, fx, prepared)
            // Signing in (the page's form, the API's token) is not part of the use case.
            result.audit = try await AuditEntry.query(on: app.db).all().filter { !auditBefore.contains($0.id!) && $0.action != AuditAction.login.rawValue }
                .map { "\($0.action) | \($0.objectType) | \($0.objectLabel) | \($0.actorName)" }.sorted()
            let names = Dictionary(uniqueKeysWithValues: try await User.query(on: app.db).all().map { ($0.id!, $0.username) })
            let ids = try await Difficulty.query(on: app.db).all().compactMap(\.id) + [fx.villageA, fx.agencyA]
            result.notices = try await InboxMessage.query(on: app.db).all().filter { !inboxBefore.contains($0.id!) }
                .map { m in
                    let link = ids.reduce(m.link) { $0.replacingOccurrences(of: id($1), with: "{id}") }
                    return "\(names[m.userID] ?? "?") | \(m.title) | \(link)"
                }.sorted()
        }
        return result
    }

    static func compare(_ page: Effect, _ api: Effect) {
        #expect(page == api, "page:\n\(page)\n\nAPI:\n\(api)")
    }

    // MARK: registrations

    static let focus = "Chuyển đổi số trong thôn"

    /// The village's registration saved as a draft (one target, one product), then brought to `submitted` if asked.
    static func registration(_ app: Application, _ fx: Fixtures, submitted: Bool) async throws -> Registration {
        let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
        let content = RegistrationContent(focus: focus, plannedInitiatives: "",
                                          targets: [TargetLine(id: nil, name: "Hộ dùng VNeID mức 2", unitOfMeasure: "%", baseline: 40, targetValue: 80, contentAreaId: nil, dueDate: nil)],
                                          products: [ProductLine(id: nil, name: "Tổ công nghệ số", description: "", expectedDate: nil)])
        let r = try await RegistrationCommands.save(owner: .unit(fx.villageA), year: 2026, content: content, expectedVersion: nil,
                                                    communeID: fx.communeA, actor: actor, on: app.db)
        if submitted { try await RegistrationCommands.submit(r, ownerName: "Thôn Bình Thủy", actor: actor, on: app.db) }
        return r
    }

    static func registrationRow(_ app: Application, _ fx: Fixtures, _ r: Registration) async throws -> [String: String] {
        let row = try #require(try await Registration.find(r.id, on: app.db))
        let revisions = try await RegistrationRevision.query(on: app.db).filter(\.$registrationID == r.id!).count()
        return ["status": row.status, "version": String(row.version), "revision": String(row.revision), "returnReason": row.returnReason,
                "revisions": String(revisions)]
    }

    @Test func registrationSubmit() async throws {
        let page = try await Self.effect({ app, fx in try await Self.registration(app, fx, submitted: false) }, { app, fx, r in
            let target = try #require(try await RegistrationTarget.query(on: app.db).filter(\.$registrationID == r.id!).first())
            let product = try #require(try await RegistrationProduct.query(on: app.db).filter(\.$registrationID == r.id!).first())
            return try await app.post("/registrations/2026/units/\(Self.id(fx.villageA))/save", as: try await app.login("daumoi"), [
                "focus": Self.focus, "plannedInitiatives": "", "targetName[]": "Hộ dùng VNeID mức 2", "targetUnit[]": "%", "targetBaseline[]": "40",
                "targetValue[]": "80", "targetArea[]": "", "targetDue[]": "", "targetId[]": Self.id(target.id!),
                "productName[]": "Tổ công nghệ số", "productDescription[]": "", "productDate[]": "", "productId[]": Self.id(product.id!),
                "action": "submit", "version": String(r.version)]).status
        }, expect: .seeOther, row: Self.registrationRow)
        let api = try await Self.effect({ app, fx in try await Self.registration(app, fx, submitted: false) }, { app, fx, r in
            let target = try #require(try await RegistrationTarget.query(on: app.db).filter(\.$registrationID == r.id!).first())
            let product = try #require(try await RegistrationProduct.query(on: app.db).filter(\.$registrationID == r.id!).first())
            let token = try await app.apiToken("daumoi")
            let path = "/api/v1/registrations/2026/units/\(Self.id(fx.villageA))"
            let put = try await app.api(.PUT, path, token: token, json: """
                {"focus":"\(Self.focus)","plannedInitiatives":"","version":\(r.version),
                 "targets":[{"id":"\(Self.id(target.id!))","name":"Hộ dùng VNeID mức 2","unitOfMeasure":"%","baseline":40,"targetValue":80}],
                 "products":[{"id":"\(Self.id(product.id!))","name":"Tổ công nghệ số","description":""}]}
                """)
            #expect(put.status == .ok, "\(put.body.string)")
            return try await app.api(.POST, path + "/submit", token: token).status
        }, expect: .ok, row: Self.registrationRow)
        #expect(page.row["status"] == WorkflowStatus.submitted.rawValue)
        #expect(page.notices.contains { $0.hasPrefix("thuky | ") && $0.contains("Thôn Bình Thủy") }, "the secretariat is told")
        Self.compare(page, api)
    }

    @Test(arguments: [true, false]) func registrationDecision(accept: Bool) async throws {
        let reason = "Chỉ tiêu cần cao hơn"
        let page = try await Self.effect({ app, fx in try await Self.registration(app, fx, submitted: true) }, { app, fx, _ in
            try await app.post("/registrations/2026/units/\(Self.id(fx.villageA))/\(accept ? "accept" : "return")", as: try await app.login("thuky"),
                               accept ? [:] : ["reason": reason]).status
        }, expect: .seeOther, row: Self.registrationRow)
        let api = try await Self.effect({ app, fx in try await Self.registration(app, fx, submitted: true) }, { app, fx, _ in
            try await app.api(.POST, "/api/v1/registrations/2026/units/\(Self.id(fx.villageA))/\(accept ? "accept" : "return")",
                              token: try await app.apiToken("thuky"), json: accept ? nil : #"{"reason":"\#(reason)"}"#).status
        }, expect: .ok, row: Self.registrationRow)
        #expect(page.row["status"] == (accept ? WorkflowStatus.accepted : .returned).rawValue)
        #expect(page.notices.count == 1 && page.notices[0].hasPrefix("daumoi | "), "the unit's focal point is told")
        Self.compare(page, api)
    }

    @Test func aReturnWithoutAReasonIsRefusedAlikeAndChangesNothing() async throws {
        let tooLong = String(repeating: "a", count: TextLimit.long + 1)
        for reason in ["  ", tooLong] {
            let page = try await Self.effect({ app, fx in try await Self.registration(app, fx, submitted: true) }, { app, fx, _ in
                try await app.post("/registrations/2026/units/\(Self.id(fx.villageA))/return", as: try await app.login("thuky"), ["reason": reason]).status
            }, expect: .unprocessableEntity, row: Self.registrationRow)
            let api = try await Self.effect({ app, fx in try await Self.registration(app, fx, submitted: true) }, { app, fx, _ in
                try await app.api(.POST, "/api/v1/registrations/2026/units/\(Self.id(fx.villageA))/return", token: try await app.apiToken("thuky"),
                                  json: #"{"reason":"\#(reason)"}"#).status
            }, expect: .unprocessableEntity, row: Self.registrationRow)
            #expect(page.row["status"] == WorkflowStatus.submitted.rawValue)
            #expect(page.audit.isEmpty && page.notices.isEmpty)
            Self.compare(page, api)
        }
    }

    // MARK: annual reports

    /// The village's report, submitted on an accepted registration.
    static func submittedReport(_ app: Application, _ fx: Fixtures) async throws -> AnnualReport {
        let (target, _) = try await acceptedRegistration(app, fx)
        let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
        let unit = try #require(try await Unit.find(fx.villageA, on: app.db))
        let saved = try await ReportCommands.save(ReportInput(results: "Đạt phần lớn chỉ tiêu", lessons: "", proposals: "", initiativesApplied: "",
                                                              actuals: [target: 72], notes: [:], delivered: [], productNotes: [:]),
                                                  unit: unit, year: 2026, expectedVersion: nil, actor: actor, on: app.db)
        try await ReportCommands.submit(saved.report, unitName: unit.name, actor: actor, on: app.db)
        return saved.report
    }

    static func reportRow(_ app: Application, _ fx: Fixtures, _ r: AnnualReport) async throws -> [String: String] {
        let row = try #require(try await AnnualReport.find(r.id, on: app.db))
        return ["status": row.status, "version": String(row.version), "returnReason": row.returnReason, "late": String(row.isLate)]
    }

    @Test(arguments: [true, false]) func reportDecision(accept: Bool) async throws {
        let reason = "Thiếu minh chứng số liệu"
        let page = try await Self.effect(Self.submittedReport, { app, fx, _ in
            try await app.post("/reports/2026/units/\(Self.id(fx.villageA))/\(accept ? "accept" : "return")", as: try await app.login("thuky"),
                               accept ? [:] : ["reason": reason]).status
        }, expect: .seeOther, row: Self.reportRow)
        let api = try await Self.effect(Self.submittedReport, { app, fx, _ in
            try await app.api(.POST, "/api/v1/reports/2026/units/\(Self.id(fx.villageA))/\(accept ? "accept" : "return")",
                              token: try await app.apiToken("thuky"), json: accept ? nil : #"{"reason":"\#(reason)"}"#).status
        }, expect: .ok, row: Self.reportRow)
        #expect(page.row["status"] == (accept ? WorkflowStatus.accepted : .returned).rawValue)
        #expect(page.notices.count == 1 && page.notices[0].hasPrefix("daumoi | "), "the unit's focal point is told")
        Self.compare(page, api)
    }

    // MARK: difficulties

    static func difficultyRow(_ app: Application, _ fx: Fixtures, _ d: Difficulty?) async throws -> [String: String] {
        let rows = try await Difficulty.query(on: app.db).all()
        guard let row = rows.first(where: { $0.id == d?.id }) ?? rows.first else { return ["count": "0"] }
        let names = try await DirectoryQueries.unitNames(on: app.db, ids: Set([row.forwardedTo].compactMap { $0 }))
        return ["count": String(rows.count), "title": row.title, "content": row.content, "status": row.status, "answer": row.answer,
                "forwardNote": row.forwardNote, "forwardedTo": row.forwardedTo.flatMap { names[$0] } ?? "", "version": String(row.version)]
    }

    /// The same starting point on each application: canhan raised a difficulty (through the API; not the action compared).
    static func raised(_ app: Application, _ fx: Fixtures) async throws -> Difficulty {
        let created = try await app.api(.POST, "/api/v1/difficulties", token: try await app.apiToken("canhan"),
                                        json: #"{"title":"Sóng di động yếu","content":"Cuối thôn không cài được VNeID."}"#)
        #expect(created.status == .created)
        return try #require(try await Difficulty.query(on: app.db).first())
    }

    @Test func difficultyRaised() async throws {
        let page = try await Self.effect({ _, _ in Difficulty?.none }, { app, _, _ in
            try await app.post("/difficulties", as: try await app.login("canhan"),
                               ["title": "Sóng di động yếu", "content": "Cuối thôn không cài được VNeID.", "contentAreaId": ""]).status
        }, expect: .seeOther, row: Self.difficultyRow)
        let api = try await Self.effect({ _, _ in Difficulty?.none }, { app, _, _ in
            try await app.api(.POST, "/api/v1/difficulties", token: try await app.apiToken("canhan"),
                              json: #"{"title":"Sóng di động yếu","content":"Cuối thôn không cài được VNeID."}"#).status
        }, expect: .created, row: Self.difficultyRow)
        #expect(page.row["count"] == "1")
        #expect(page.notices.contains { $0.hasPrefix("thuky | ") }, "the secretariat is told")
        Self.compare(page, api)
    }

    @Test func difficultyAnswered() async throws {
        let answer = "Viettel lắp trạm phát sóng trong quý I năm 2027."
        let page = try await Self.effect(Self.raised, { app, _, d in
            try await app.post("/difficulties/\(Self.id(d.id!))/answer", as: try await app.login("thuky"), ["answer": answer]).status
        }, expect: .seeOther, row: { try await Self.difficultyRow($0, $1, $2) })
        let api = try await Self.effect(Self.raised, { app, _, d in
            try await app.api(.POST, "/api/v1/difficulties/\(Self.id(d.id!))/answer", token: try await app.apiToken("thuky"), json: #"{"answer":"\#(answer)"}"#).status
        }, expect: .ok, row: { try await Self.difficultyRow($0, $1, $2) })
        #expect(page.row["status"] == DifficultyStatus.answered.rawValue)
        #expect(page.notices.count == 1 && page.notices[0].hasPrefix("canhan | "), "the person who raised it is told")
        Self.compare(page, api)
    }

    @Test func difficultyForwarded() async throws {
        let page = try await Self.effect(Self.raised, { app, fx, d in
            try await app.post("/difficulties/\(Self.id(d.id!))/forward", as: try await app.login("thuky"),
                               ["forwardTo": Self.id(fx.agencyA), "note": "Đề nghị phòng trả lời trước 30/11"]).status
        }, expect: .seeOther, row: { try await Self.difficultyRow($0, $1, $2) })
        let api = try await Self.effect(Self.raised, { app, fx, d in
            try await app.api(.POST, "/api/v1/difficulties/\(Self.id(d.id!))/forward", token: try await app.apiToken("thuky"),
                              json: #"{"forwardTo":"\#(Self.id(fx.agencyA))","note":"Đề nghị phòng trả lời trước 30/11"}"#).status
        }, expect: .ok, row: { try await Self.difficultyRow($0, $1, $2) })
        #expect(page.row["status"] == DifficultyStatus.forwarded.rawValue)
        #expect(page.notices.contains { $0.hasPrefix("canhan | ") && $0.contains("Phòng Văn hóa - Xã hội") }, "the person who raised it is told where it went")
        Self.compare(page, api)
    }
}
