import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 12 (security review): the secret ballot (item 2), the public objection form (item 5), and cancelling a
/// meeting that can never close (item 10, the meeting part).
@Suite("Commendation security: secret ballot, public objection form, cancelled meeting")
struct CommendationSecurityTests {
    typealias Flow = CommendationFlowTests

    /// Every text value of every row of `table`, one string per row.
    static func rows(_ app: Application, _ table: String) async throws -> [[String: String]] {
        let sql = app.db as! any SQLDatabase
        var out: [[String: String]] = []
        for row in try await sql.raw("SELECT * FROM \(ident: table)").all() {
            var values: [String: String] = [:]
            for column in row.allColumns {
                if (try? row.decodeNil(column: column)) == true { values[column] = ""; continue }
                // Typed values first: PostgreSQL hands any binary value over as a String too.
                if let v = try? row.decode(column: column, as: Int.self) { values[column] = String(v) }
                else if let v = try? row.decode(column: column, as: UUID.self) { values[column] = v.uuidString }
                else if let v = try? row.decode(column: column, as: Bool.self) { values[column] = v ? "true" : "false" }
                else if let v = try? row.decode(column: column, as: Date.self) { values[column] = "\(v.timeIntervalSince1970)" }
                else if let v = try? row.decode(column: column, as: String.self) { values[column] = v }
                else { values[column] = "?" }
            }
            out.append(values)
        }
        return out
    }

    static func openMeeting(_ app: Application, _ s: WebSession, present: [UUID]) async throws -> HTTPResult {
        try await Flow.postPairs(app, "/commendations/meetings", as: s,
                                 [("year", "2026"), ("heldOn", "26/11/2026"), ("place", "Hội trường")] + present.map { ("present[]", $0.uuidString) })
    }

    // MARK: item 2

    @Test func aSecretVoteShowsNoChoiceAndNoCountToAnyoneBeforeTheClose() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let members = try await Flow.council(app, fx)
            let thuky = try await app.login("thuky")
            let gk = try await Flow.titleID(app, fx, "gk-cn")
            _ = try await Flow.nominate(app, thuky, title: gk, person: fx.villager)
            _ = try await Flow.nominate(app, thuky, title: gk, person: fx.official)
            let electronic = try #require(try await Nomination.query(on: app.db).filter(\.$personID == fx.villager).first())
            let paper = try #require(try await Nomination.query(on: app.db).filter(\.$personID == fx.official).first())
            #expect(try await Self.openMeeting(app, thuky, present: members).status == .seeOther)
            let meeting = try #require(try await CouncilMeeting.query(on: app.db).first())
            let auditBefore = Set(try await AuditEntry.query(on: app.db).all().compactMap(\.id))
            // A paper count for one nomination (before the fix it made every count visible to the secretariat).
            var res = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/paper", as: thuky,
                                         ["nomination": paper.id!.uuidString, "approve": "1", "reject": "2"])
            #expect(res.status == .seeOther)
            // Electronic votes: two approve (a page and the API), one rejects.
            res = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/vote", as: try await app.login("hoidong"),
                                     ["nomination": electronic.id!.uuidString, "choice": "approve"])
            #expect(res.status == .seeOther)
            res = try await app.api(.POST, "/api/v1/commendations/meetings/\(meeting.id!.uuidString)/votes", token: try await app.apiToken("hoidong1"),
                                    json: #"{"nominationId":"\#(electronic.id!.uuidString)","choice":"approve"}"#)
            #expect(res.status == .created && res.body.string == #"{"voted":true}"#)
            res = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/vote", as: try await app.login("hoidong2"),
                                     ["nomination": electronic.id!.uuidString, "choice": "reject"])
            #expect(res.status == .seeOther)
            #expect(try await BallotReceipt.query(on: app.db).count() == 3)

            // Pages: no count for anyone — the secretariat, the administrator, the chairperson, a supervisor, the voters.
            for username in ["thuky", "admin", "lanhdao", "giamsat", "hoidong", "hoidong1"] {
                let page = try await app.get("/commendations?year=2026", as: try await app.login(username)).body.string
                #expect(!page.contains("không đồng ý /"), "\(username) sees a count before the close")
                #expect(page.contains(CommendationText.votesHidden), "\(username)")
            }
            let secretariatPage = try await app.get("/commendations?year=2026", as: thuky).body.string
            #expect(secretariatPage.contains(CommendationText.paperEntered))
            // The API: statuses only.
            let api = try await app.api(.GET, "/api/v1/commendations/2026/nominations", token: try await app.apiToken("thuky")).body.string
            #expect(!api.contains("approve") && !api.contains("reject") && api.contains(#""status":"proposed""#))
            // The audit log, rows and pages: that members voted, never on what or how; no count.
            let entries = try await AuditEntry.query(on: app.db).all().filter { !auditBefore.contains($0.id!) }
            #expect(entries.filter { $0.objectType == "council_meeting" }.count == 3)
            for e in entries {
                let text = "\(e.objectLabel) \(e.beforeJSON ?? "") \(e.afterJSON ?? "")"
                #expect(!text.contains(electronic.nomineeName), "audit names the nominee voted on: \(text)")
                #expect(e.objectID != electronic.id)
                for word in ["approve", "reject", "đồng ý", "\"1\"", "\"2\""] { #expect(!text.lowercased().contains(word), "audit row \(text)") }
            }
            for username in ["admin", "thuky"] {
                let log = try await app.get("/audit", as: try await app.login(username)).body.string
                #expect(!log.contains("Bỏ phiếu kín: \(electronic.nomineeName)"))
                #expect(log.contains("đã bỏ phiếu kín"))
            }
            // The tables: no count in the clear, no time, nothing that differs with the choice.
            let tallies = try await Self.rows(app, BallotTally.schema)
            #expect(tallies.count == 2)
            for t in tallies {
                #expect(t["approve"] == "0" && t["reject"] == "0", "a count in the clear: \(t.sorted { $0.key < $1.key })")
                #expect(Set(t.keys) == ["id", "meeting_id", "nomination_id", "approve", "reject", "paper", "sealed"])
            }
            #expect(Set(tallies.map { $0["sealed"]?.count ?? 0 }).count == 1, "sealed counts differ in length")
            for r in try await Self.rows(app, BallotReceipt.schema) { #expect(Set(r.keys) == ["id", "meeting_id", "nomination_id", "member_id"]) }
            // The seal's key is not in the database: it comes from the data directory's secret file (owner only).
            let secretPath = (app.settings.dataDirectory as NSString).appendingPathComponent(InstallationSecret.fileName)
            let attributes = try FileManager.default.attributesOfItem(atPath: secretPath)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

            // After the close the totals are right and shown.
            res = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/close", as: thuky)
            #expect(res.status == .seeOther)
            let e = try #require(try await BallotTally.query(on: app.db).filter(\.$nominationID == electronic.id!).first())
            #expect(e.approve == 2 && e.reject == 1 && e.sealed == nil && !e.paper)
            let p = try #require(try await BallotTally.query(on: app.db).filter(\.$nominationID == paper.id!).first())
            #expect(p.approve == 1 && p.reject == 2 && p.sealed == nil && p.paper)
            #expect(try await Nomination.find(electronic.id, on: app.db)?.state == .approved)
            #expect(try await Nomination.find(paper.id, on: app.db)?.state == .rejected)
            let closed = try await app.get("/commendations?year=2026", as: thuky).body.string
            #expect(closed.contains(CommendationText.tally(2, 1, total: 3)) && closed.contains(CommendationText.tally(1, 2, total: 3)))
            let closeEntry = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectLabel == "Kết thúc phiên họp Hội đồng").first())
            #expect(closeEntry.afterJSON?.contains("2/3") == true)
        }
    }

    // MARK: item 5

    /// A nomination approved and posted from Thursday 26/11/2026 (to Wednesday 02/12).
    static func posted(_ app: Application, _ fx: Fixtures) async throws -> WebSession {
        let members = try await Flow.council(app, fx)
        let thuky = try await app.login("thuky")
        _ = try await Flow.nominate(app, thuky, title: try await Flow.titleID(app, fx, "gk-cn"), person: fx.villager)
        let n = try #require(try await Nomination.query(on: app.db).first())
        _ = try await Self.openMeeting(app, thuky, present: members)
        let m = try #require(try await CouncilMeeting.query(on: app.db).first())
        _ = try await app.post("/commendations/meetings/\(m.id!.uuidString)/paper", as: thuky, ["nomination": n.id!.uuidString, "approve": "3", "reject": "0"])
        _ = try await app.post("/commendations/meetings/\(m.id!.uuidString)/close", as: thuky)
        #expect(try await app.post("/commendations/postings", as: thuky, ["year": "2026", "startsOn": "26/11/2026"]).status == .seeOther)
        return thuky
    }

    /// Posts the public objection form anonymously, as a browser with the page's CSRF cookie; `from` sets
    /// X-Forwarded-For (believed with `trustProxy`), else the sender is the socket's peer, 127.0.0.1.
    static func object(_ app: Application, _ fields: [String: String], from: String? = nil) async throws -> HTTPResult {
        let page = try await app.testing().sendRequest(.GET, "/showcase/nghia-trung/commendations")
        let token = try #require(page.headers.setCookie?[CSRFMiddleware.cookieName]?.string)
        var h = HTTPHeaders()
        h.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(token)")
        h.contentType = .urlEncodedForm
        if let from { h.add(name: .xForwardedFor, value: "10.9.8.7, \(from)") }
        var all = fields
        all["_csrf"] = token
        return try await app.send(.POST, "/showcase/nghia-trung/commendations", headers: h, body: formBody(all))
    }

    @Test func theObjectionFormIsRateLimitedHasAHoneypotAndKeepsOnlyAnAddressHash() async throws {
        let clock = TestClock(day: "2026-11-26")
        // Behind a reverse proxy (the test's socket plays it): X-Forwarded-For names the sender.
        try await withTestApp(clock: clock, settings: { $0.trustProxy = true }) { app, fx in
            let thuky = try await Self.posted(app, fx)
            // 30 posts from one address: 5 stored, 25 refused with 429, a Vietnamese message and the text kept.
            var statuses: [HTTPStatus] = []
            for i in 1...30 {
                let res = try await Self.object(app, ["name": "Người gửi \(i)", "contact": "09120001\(i)", "content": "Ý kiến số \(i) về danh sách."])
                statuses.append(res.status)
                if res.status == .tooManyRequests {
                    #expect(res.body.string.contains("số tối đa cho phép") && res.body.string.contains("Ý kiến số \(i) về danh sách."))
                    #expect(res.headers.first(name: .retryAfter) == "3600")
                }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 25, "\(statuses.map(\.code))")
            #expect(try await Objection.query(on: app.db).count() == 5)
            // Another address is not held back by the first one.
            #expect(try await Self.object(app, ["name": "Trần Văn Khác", "contact": "Thôn Bình Thủy", "content": "Ý kiến từ nơi khác."], from: "203.0.113.7").status == .seeOther)
            #expect(try await Objection.query(on: app.db).count() == 6)

            // The honeypot filled: the same answer as an accepted objection, nothing stored (not even a count).
            let countersBefore = try await Self.rows(app, PublicFormGuard.counterTable).count
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let bot = try await Self.object(app, ["name": "Bot", "contact": "bot@example.org", "content": "Mua ngay!", "website": "http://spam.example"], from: "198.51.100.9")
            #expect(bot.status == .seeOther && bot.headers.first(name: .location) == "/showcase/nghia-trung/commendations")
            #expect(bot.headers.setCookie?[Flash.cookieName] != nil)
            #expect(try await Objection.query(on: app.db).count() == 6)
            #expect(try await Self.rows(app, PublicFormGuard.counterTable).count == countersBefore)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
            // The form has the honeypot, hidden from sight and labelled "leave empty".
            let form = try await app.testing().sendRequest(.GET, "/showcase/nghia-trung/commendations").body.string
            #expect(form.contains(#"<div class="visually-hidden"><label for="f-website">Để trống ô này"#) && form.contains(#"name="website""#))

            // The address is never stored in the clear: a salted hash (the installation secret), the same for the same address.
            let secret = try InstallationSecret.secret(dataDirectory: app.settings.dataDirectory)
            let objections = try await Objection.query(on: app.db).all()
            #expect(objections.allSatisfy { $0.senderHash?.count == 64 })
            #expect(Set(objections.compactMap(\.senderHash)) == [PublicFormGuard.addressHash("127.0.0.1", secret: secret), PublicFormGuard.addressHash("203.0.113.7", secret: secret)])
            #expect(PublicFormGuard.addressHash("203.0.113.7", secret: secret) != Array(SHA256.hash(data: Data("203.0.113.7".utf8))).hexString)
            for table in [Objection.schema, PublicFormGuard.counterTable, AuditEntry.schema] {
                for row in try await Self.rows(app, table) {
                    #expect(!row.values.contains { $0.contains("203.0.113.7") || $0.contains("198.51.100.9") }, "\(table) keeps an address: \(row)")
                }
            }
            for row in try await Self.rows(app, Objection.schema) { #expect(!row.values.contains { $0.contains("127.0.0.1") }) }

            // An hour later the address may write again.
            clock.advance(by: 3600)
            #expect(try await Self.object(app, ["name": "Người gửi 31", "contact": "0912000131", "content": "Một giờ sau."]).status == .seeOther)
            #expect(try await Objection.query(on: app.db).count() == 7)

            // Spam: the secretariat dismisses with a reason (required), audited; it stops blocking the Tờ trình.
            clock.advance(by: 7 * 86400)
            let s = try await app.login("thuky")
            _ = thuky
            var res = try await app.post("/commendations/2026/submission", as: s)
            #expect(try await CommendationDecision.query(on: app.db).count() == 0)
            let all = try await Objection.query(on: app.db).sort(\.$createdAt).all()
            res = try await app.post("/commendations/objections/\(all[0].id!.uuidString)/dismiss", as: s, ["reason": ""])
            #expect(try await Objection.find(all[0].id, on: app.db)?.isDismissed == false)
            #expect(try await app.post("/commendations/objections/\(all[0].id!.uuidString)/dismiss", as: try await app.login("admin"), ["reason": "Thư rác"]).status == .forbidden)
            res = try await app.post("/commendations/objections/\(all[0].id!.uuidString)/answer", as: s, ["answer": "Đã xác minh, danh sách đúng."])
            for o in all.dropFirst() {
                res = try await app.post("/commendations/objections/\(o.id!.uuidString)/dismiss", as: s, ["reason": "Gửi hàng loạt từ một địa chỉ, nội dung lặp lại"])
                #expect(res.status == .seeOther)
            }
            let dismissed = try #require(try await Objection.find(all[1].id, on: app.db))
            #expect(dismissed.isDismissed && dismissed.dismissReason == "Gửi hàng loạt từ một địa chỉ, nội dung lặp lại" && dismissed.answeredAt == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "objection").filter(\.$objectID == dismissed.id!).count() == 2)
            // A dismissed objection cannot be answered afterwards; it stays visible to the secretariat as dismissed, not to the public.
            res = try await app.post("/commendations/objections/\(dismissed.id!.uuidString)/answer", as: s, ["answer": "x"])
            #expect(try await Objection.find(dismissed.id, on: app.db)?.answeredAt == nil)
            let overview = try await app.get("/commendations?year=2026", as: s).body.string
            #expect(overview.contains(CommendationText.dismissedBadge("Gửi hàng loạt từ một địa chỉ, nội dung lặp lại")) && overview.contains(dismissed.content))
            let publicPage = try await app.testing().sendRequest(.GET, "/showcase/nghia-trung/commendations").body.string
            #expect(!publicPage.contains(dismissed.content) && publicPage.contains("Đã xác minh, danh sách đúng."))
            res = try await app.post("/commendations/2026/submission", as: s)
            #expect(res.status == .seeOther)
            #expect(try await CommendationDecision.query(on: app.db).filter(\.$kind == "submission").count() == 1)
        }
    }

    @Test func theGuardCountsConcurrentPostsRight() async throws {
        try await withTestApp { app, fx in
            let formGuard = PublicFormGuard(form: "test", limit: 5, window: 3600)
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        do {
                            try await app.db.writeTransaction { try await formGuard.admit(communeID: fx.communeA, addressHash: "h", at: at, on: $0) }
                            return true
                        } catch AppError.tooManyRequests { return false }
                    }
                }
                var all: [Bool] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(results.filter { $0 }.count == 5)
            // Another commune, another address or the next window count apart.
            try await app.db.writeTransaction { try await formGuard.admit(communeID: fx.communeB, addressHash: "h", at: at, on: $0) }
            try await app.db.writeTransaction { try await formGuard.admit(communeID: fx.communeA, addressHash: "k", at: at, on: $0) }
            try await app.db.writeTransaction { try await formGuard.admit(communeID: fx.communeA, addressHash: "h", at: at.addingTimeInterval(3600), on: $0) }
        }
    }

    // MARK: item 10 (meeting)

    @Test func aMeetingOpenedWithNobodyPresentCanBeCancelledWithAReason() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let members = try await Flow.council(app, fx)
            let thuky = try await app.login("thuky")
            _ = try await Flow.nominate(app, thuky, title: try await Flow.titleID(app, fx, "gk-cn"), person: fx.villager)
            let n = try #require(try await Nomination.query(on: app.db).first())
            #expect(try await Self.openMeeting(app, thuky, present: []).status == .seeOther)
            let stuck = try #require(try await CouncilMeeting.query(on: app.db).first())
            // It can never close, and no other meeting can be opened for the year.
            _ = try await app.post("/commendations/meetings/\(stuck.id!.uuidString)/close", as: thuky)
            #expect(try await CouncilMeeting.find(stuck.id, on: app.db)?.status == "open")
            _ = try await Self.openMeeting(app, thuky, present: members)
            #expect(try await CouncilMeeting.query(on: app.db).count() == 1)
            // The page offers the cancellation to the secretariat.
            #expect(try await app.get("/commendations?year=2026", as: thuky).body.string.contains(CommendationPaths.meetingCancel(stuck.id)))
            // Only the secretariat, and only with a reason.
            for username in ["admin", "lanhdao", "hoidong", "giamsat"] {
                let res = try await app.post("/commendations/meetings/\(stuck.id!.uuidString)/cancel", as: try await app.login(username), ["reason": "Không ai dự"])
                #expect(res.status == .forbidden, "\(username)")
            }
            _ = try await app.post("/commendations/meetings/\(stuck.id!.uuidString)/cancel", as: thuky, ["reason": "  "])
            #expect(try await CouncilMeeting.find(stuck.id, on: app.db)?.status == "open")
            let res = try await app.post("/commendations/meetings/\(stuck.id!.uuidString)/cancel", as: thuky, ["reason": "Mở nhầm, chưa điểm danh thành viên"])
            #expect(res.status == .seeOther)
            let cancelled = try #require(try await CouncilMeeting.find(stuck.id, on: app.db))
            #expect(cancelled.status == "cancelled" && cancelled.cancelReason == "Mở nhầm, chưa điểm danh thành viên")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectID == stuck.id!).filter(\.$objectLabel ~~ "Hủy phiên họp").first())
            #expect(entry.afterJSON?.contains("Mở nhầm, chưa điểm danh thành viên") == true && entry.actorName.contains("thuky"))
            // The nomination waits for a meeting again; the page shows the cancellation and the form to open a new one.
            #expect(try await Nomination.find(n.id, on: app.db)?.state == .proposed)
            let page = try await app.get("/commendations?year=2026", as: thuky).body.string
            #expect(page.contains("đã hủy. Lý do: Mở nhầm, chưa điểm danh thành viên") && page.contains(CommendationText.meetingOpen))
            #expect(try await Self.openMeeting(app, thuky, present: members).status == .seeOther)
            let meeting = try #require(try await CouncilMeeting.query(on: app.db).filter(\.$status == "open").first())
            // A meeting with a ballot cannot be cancelled: it is closed, and its result stands.
            _ = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/vote", as: try await app.login("hoidong"), ["nomination": n.id!.uuidString, "choice": "approve"])
            _ = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/vote", as: try await app.login("hoidong1"), ["nomination": n.id!.uuidString, "choice": "approve"])
            _ = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/cancel", as: thuky, ["reason": "Đổi ý"])
            #expect(try await CouncilMeeting.find(meeting.id, on: app.db)?.status == "open")
            _ = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/close", as: thuky)
            #expect(try await CouncilMeeting.find(meeting.id, on: app.db)?.status == "closed")
            #expect(try await Nomination.find(n.id, on: app.db)?.state == .approved)
        }
    }
}
