import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// The rules of domain §5, one by one, met and not met (the engine is a pure function).
@Suite("Commendation: eligibility rules, quota, working days, rewards")
struct EligibilityRuleTests {
    let settings = Eligibility.Settings(cstdcsRequiresInitiative: true, cstdcsQuotaPercent: nil)
    func facts(_ change: (inout EligibilityFacts) -> Void = { _ in }) -> EligibilityFacts {
        var f = EligibilityFacts(rating: .good, discipline: .none, achievements: "Hoàn thành xuất sắc chỉ tiêu chuyển đổi số của đơn vị",
                                 activeInMovement: true, hasLdtt: true, recognisedInitiatives: ["Sổ tay số"])
        change(&f)
        return f
    }
    func met(_ rule: EligibilityRule, _ f: EligibilityFacts, _ s: Eligibility.Settings? = nil) -> Bool {
        Eligibility.evaluate(rules: [rule], facts: f, settings: s ?? settings)[0].met
    }

    @Test func eachRuleMetAndNotMet() {
        #expect(met(.ratingGood, facts()))
        #expect(met(.ratingGood, facts { $0.rating = .excellent }))
        #expect(!met(.ratingGood, facts { $0.rating = .done }))
        #expect(met(.ratingExcellent, facts { $0.rating = .excellent }))
        #expect(!met(.ratingExcellent, facts()))
        #expect(met(.activeInMovement, facts()))
        #expect(!met(.activeInMovement, facts { $0.activeInMovement = false }))
        #expect(met(.ldttSameYear, facts()))
        #expect(!met(.ldttSameYear, facts { $0.hasLdtt = false }))
        #expect(met(.recognisedInitiative, facts()))
        #expect(!met(.recognisedInitiative, facts { $0.recognisedInitiatives = [] }))
        // The setting makes the initiative optional: then its absence is met, and the reason says so.
        let optional = Eligibility.evaluate(rules: [.recognisedInitiative], facts: facts { $0.recognisedInitiatives = [] },
                                            settings: .init(cstdcsRequiresInitiative: false, cstdcsQuotaPercent: nil))[0]
        #expect(optional.met && optional.reason.contains("không bắt buộc"))
        #expect(met(.noDiscipline, facts()))
        #expect(!met(.noDiscipline, facts { $0.discipline = .reprimand }))
        #expect(met(.noWarningInCollective, facts { $0.discipline = .reprimand }))
        #expect(!met(.noWarningInCollective, facts { $0.discipline = .warning }))
        #expect(met(.achievementReport, facts()))
        #expect(!met(.achievementReport, facts { $0.achievements = "ngắn" }))
        #expect(met(.hasCstdcsMember, facts { $0.membersCstdcs = 1 }))
        #expect(!met(.hasCstdcsMember, facts { $0.membersCstdcs = 0 }))
    }

    @Test func collectiveShares() {
        // TTLĐTT: more than 50% — exactly half is not enough.
        #expect(!met(.membersLdttMajority, facts { $0.members = 10; $0.membersLdtt = 5 }))
        #expect(met(.membersLdttMajority, facts { $0.members = 10; $0.membersLdtt = 6 }))
        #expect(!met(.membersLdttMajority, facts { $0.members = 0; $0.membersLdtt = 0 }))
        // TTLĐXS: at least 70% — exactly 70% is enough.
        #expect(met(.membersLdtt70, facts { $0.members = 10; $0.membersLdtt = 7 }))
        #expect(!met(.membersLdtt70, facts { $0.members = 10; $0.membersLdtt = 6 }))
        let reason = Eligibility.evaluate(rules: [.membersLdttMajority], facts: facts { $0.members = 4; $0.membersLdtt = 2 }, settings: settings)[0].reason
        #expect(reason == "2/4 cá nhân đạt LĐTT (50%); cần trên 50%.")
    }

    @Test func quotaRounding() {
        // 15% of 7 LĐTT = 1.05, rounded down: 1; 15% of 20 = 3; a share below 1 still allows 1; no LĐTT allows none.
        #expect(Eligibility.quota(percent: 15, of: 7) == 1)
        #expect(Eligibility.quota(percent: 15, of: 20) == 3)
        #expect(Eligibility.quota(percent: 15, of: 19) == 2)
        #expect(Eligibility.quota(percent: 10, of: 5) == 1)
        #expect(Eligibility.quota(percent: 15, of: 0) == 0)
        let on = Eligibility.Settings(cstdcsRequiresInitiative: true, cstdcsQuotaPercent: 15)
        #expect(met(.cstdcsQuota, facts { $0.communeLdtt = 20; $0.cstdcsRank = 3 }, on))
        let over = Eligibility.evaluate(rules: [.cstdcsQuota], facts: facts { $0.communeLdtt = 20; $0.cstdcsRank = 4 }, settings: on)[0]
        #expect(!over.met)
        #expect(over.reason == "Tối đa 15% × 20 LĐTT = 3, làm tròn xuống: 3; đề nghị này là thứ 4.")
        // Off by default: always met.
        #expect(met(.cstdcsQuota, facts { $0.communeLdtt = 1; $0.cstdcsRank = 9 }))
    }

    @Test func postingCountsWorkingDaysOnly() {
        // Thursday 26/11/2026, 5 working days: Thu, Fri, (weekend), Mon, Tue, Wed 02/12.
        #expect(WorkingDays.end(start: LocalDate(year: 2026, month: 11, day: 26)!, days: 5, holidays: []) == LocalDate(year: 2026, month: 12, day: 2))
        // A holiday on Monday 30/11 moves it to Thursday 03/12.
        #expect(WorkingDays.end(start: LocalDate(year: 2026, month: 11, day: 26)!, days: 5, holidays: [LocalDate(year: 2026, month: 11, day: 30)!])
                == LocalDate(year: 2026, month: 12, day: 3))
        // 30/4 and 1/5 (Thursday, Friday) then the weekend: from Wednesday 29/4 to Thursday 07/5.
        #expect(WorkingDays.end(start: LocalDate(year: 2026, month: 4, day: 29)!, days: 5,
                                holidays: [LocalDate(year: 2026, month: 4, day: 30)!, LocalDate(year: 2026, month: 5, day: 1)!]) == LocalDate(year: 2026, month: 5, day: 7))
        // Starting on a Saturday counts from Monday.
        #expect(WorkingDays.end(start: LocalDate(year: 2026, month: 11, day: 28)!, days: 1, holidays: []) == LocalDate(year: 2026, month: 11, day: 30))
    }

    @Test func thresholdAndQuorum() {
        // More than 50% of all 6 members: 3 is exactly the limit and fails, 4 passes.
        #expect(!CommendationCommands.passes(approve: 3, total: 6, ratio: 0.5))
        #expect(CommendationCommands.passes(approve: 4, total: 6, ratio: 0.5))
        #expect(CommendationCommands.passes(approve: 4, total: 7, ratio: 0.5))
        #expect(!CommendationCommands.passes(approve: 3, total: 7, ratio: 0.5))
        // Two thirds present: 6 of 9, 5 of 7 (4.67 rounded up), 2 of 3.
        #expect(CommendationCommands.quorumNeeded(total: 9, ratio: 2.0 / 3.0) == 6)
        #expect(CommendationCommands.quorumNeeded(total: 7, ratio: 2.0 / 3.0) == 5)
        #expect(CommendationCommands.quorumNeeded(total: 3, ratio: 2.0 / 3.0) == 2)
    }

    @Test func rewardsFromBaseSalary() {
        #expect(Reward.amount(multiple: 0.3, baseSalary: 2_340_000, rounding: 1000) == 702_000)
        #expect(Reward.amount(multiple: 1.0, baseSalary: 2_340_000, rounding: 1000) == 2_340_000)
        #expect(Reward.amount(multiple: 0.45, baseSalary: 2_340_000, rounding: 1000) == 1_053_000)
        #expect(Reward.amount(multiple: 0.3, baseSalary: 2_345_678, rounding: 1000) == 704_000)
        #expect(MoneyText.format(2_340_000) == "2.340.000")
    }
}

@Suite("Commendation: nominations, secret ballot, posting, decisions through the pages")
struct CommendationFlowTests {
    /// Three council members, each with an account; the fixture's "hoidong" is the first.
    static func council(_ app: Application, _ fx: Fixtures) async throws -> [UUID] {
        var ids: [UUID] = []
        let hoidong = try #require(try await User.query(on: app.db).filter(\.$username == "hoidong").first())
        let hash = try Bcrypt.hash(Fixtures.password, cost: 4)
        for i in 0..<3 {
            var userID = hoidong.id!
            if i > 0 {
                let u = User(communeID: fx.communeA, username: "hoidong\(i)", displayName: "Thành viên \(i)", passwordHash: hash)
                try await u.create(on: app.db)
                try await UserRole(userID: u.id!, communeID: fx.communeA, role: .councilMember).create(on: app.db)
                userID = u.id!
            }
            let p = Person(); p.communeID = fx.communeA; p.fullName = "Thành viên Hội đồng \(i)"; p.title = ""; p.phone = ""; p.email = ""
            p.isActive = true; p.searchText = ""; p.version = 1
            try await p.create(on: app.db)
            let m = CouncilMember(); m.communeID = fx.communeA; m.personID = p.id!; m.userID = userID; m.position = "member"; m.isActive = true
            try await m.create(on: app.db)
            ids.append(m.id!)
        }
        return ids
    }

    static func postPairs(_ app: Application, _ path: String, as s: WebSession, _ pairs: [(String, String)]) async throws -> HTTPResult {
        var headers = s.headers
        headers.contentType = .urlEncodedForm
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = (pairs + [("_csrf", s.csrf)]).map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        return try await app.send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    static func titleID(_ app: Application, _ fx: Fixtures, _ code: String) async throws -> UUID {
        try #require(try await CommendationQueries.titles(on: app.db, communeID: fx.communeA).first { $0.code == code }?.id)
    }

    static func nominate(_ app: Application, _ s: WebSession, title: UUID, person: UUID? = nil, unit: UUID? = nil, rating: String = "htt") async throws -> HTTPResult {
        var fields = ["year": "2026", "titleId": title.uuidString, "rating": rating, "discipline": "none",
                      "achievements": "Hoàn thành tốt nhiệm vụ, hướng dẫn 120 hộ cài đặt VNeID mức 2."]
        if let person { fields["personId"] = person.uuidString }
        if let unit { fields["unitId"] = unit.uuidString }
        return try await app.post("/commendations/nominations", as: s, fields)
    }

    @Test func fullPathFromNominationToCertificateAndRevocation() async throws {
        let clock = TestClock(day: "2026-11-26")
        try await withTestApp(clock: clock) { app, fx in
            let members = try await Self.council(app, fx)
            var thuky = try await app.login("thuky")
            let ldtt = try await Self.titleID(app, fx, "ldtt")
            // The official's unit has no report: "active in the movement" is not met until a personal registration exists.
            var res = try await Self.nominate(app, thuky, title: ldtt, person: fx.official)
            #expect(res.status == .seeOther)
            let nomination = try #require(try await Nomination.query(on: app.db).first())
            res = try await app.get("/commendations/nominations/\(nomination.id!.uuidString)", as: thuky)
            #expect(res.body.string.contains("Chưa đủ điều kiện") && res.body.string.contains("Chưa có đăng ký thi đua"))
            let reg = Registration(); reg.communeID = fx.communeA; reg.personID = fx.official; reg.year = 2026; reg.status = "accepted"
            reg.focus = "Chuyển đổi số"; reg.plannedInitiatives = ""; reg.returnReason = ""; reg.revision = 1; reg.version = 1
            try await reg.create(on: app.db)
            res = try await app.get("/commendations/nominations/\(nomination.id!.uuidString)", as: thuky)
            #expect(res.body.string.contains("Đủ điều kiện"))
            // The same title for the same person again is refused and nothing is added.
            res = try await Self.nominate(app, thuky, title: ldtt, person: fx.official)
            #expect(res.status == .conflict)
            #expect(try await Nomination.query(on: app.db).count() == 1)

            // Meeting: all three present, two approve, one rejects: 2 > 1.5 → approved.
            res = try await Self.postPairs(app, "/commendations/meetings", as: thuky,
                                           [("year", "2026"), ("heldOn", "26/11/2026"), ("place", "Hội trường")] + members.map { ("present[]", $0.uuidString) })
            #expect(res.status == .seeOther)
            let meeting = try #require(try await CouncilMeeting.query(on: app.db).first())
            for (i, username) in ["hoidong", "hoidong1", "hoidong2"].enumerated() {
                let s = try await app.login(username)
                res = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/vote", as: s,
                                         ["nomination": nomination.id!.uuidString, "choice": i == 2 ? "reject" : "approve"])
                #expect(res.headers.first(name: "Set-Cookie")?.contains(Flash.cookieName) == true)
                #expect(res.status == .seeOther)
            }
            // A member voting twice is refused; the count does not move.
            let again = try await app.login("hoidong")
            res = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/vote", as: again, ["nomination": nomination.id!.uuidString, "choice": "approve"])
            #expect(try await BallotReceipt.query(on: app.db).count() == 3)
            // Secrecy: the receipts have no choice, the tallies no member, and the log no choice.
            let sql = app.db as! any SQLDatabase
            let receiptColumns = Set(try await sql.raw("SELECT * FROM ballot_receipts").all().first?.allColumns ?? [])
            #expect(receiptColumns == ["id", "meeting_id", "nomination_id", "member_id"])
            let tallyColumns = Set(try await sql.raw("SELECT * FROM ballot_tallies").all().first?.allColumns ?? [])
            #expect(tallyColumns == ["id", "meeting_id", "nomination_id", "approve", "reject", "paper", "sealed"])
            for entry in try await AuditEntry.query(on: app.db).filter(\.$objectType == "council_meeting").all() {
                let text = "\(entry.objectLabel) \(entry.beforeJSON ?? "") \(entry.afterJSON ?? "")".lowercased()
                #expect(!text.contains("approve") && !text.contains("reject") && !text.contains("đồng ý"))
            }
            res = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/close", as: thuky)
            #expect(try await BallotTally.query(on: app.db).first()?.approve == 2)
            #expect(try await Nomination.find(nomination.id, on: app.db)?.state == .approved)
            res = try await app.get("/commendations/meetings/\(meeting.id!.uuidString)/minutes.docx", as: thuky)
            #expect(res.status == .ok && res.body.readableBytes > 1000)

            // Posting from Thursday 26/11: ends Wednesday 02/12; an objection comes in and must be answered.
            res = try await app.post("/commendations/postings", as: thuky, ["year": "2026", "startsOn": "26/11/2026"])
            #expect(try await Posting.query(on: app.db).first()?.endsOn == "2026-12-02")
            let page = try await app.testing().sendRequest(.GET, "/showcase/nghia-trung/commendations")
            #expect(page.body.string.contains("Trần Thị Thu Hà"))
            let token = try #require(page.headers.setCookie?[CSRFMiddleware.cookieName]?.string)
            var h = HTTPHeaders(); h.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(token)"); h.contentType = .urlEncodedForm
            res = try await app.send(.POST, "/showcase/nghia-trung/commendations", headers: h,
                                                      body: formBody(["_csrf": token, "name": "Nguyễn Văn Dân", "contact": "0912000111", "content": "Đề nghị làm rõ số hộ được hướng dẫn."]))
            #expect(res.status == .seeOther)
            // Too early, and an unanswered objection: no Tờ trình.
            clock.advance(by: 7 * 86400)
            thuky = try await app.login("thuky")
            res = try await app.post("/commendations/2026/submission", as: thuky)
            #expect(try await CommendationDecision.query(on: app.db).count() == 0)
            let objection = try #require(try await Objection.query(on: app.db).first())
            res = try await app.post("/commendations/objections/\(objection.id!.uuidString)/answer", as: thuky, ["answer": "Đã xác minh: 120 hộ, có danh sách kèm theo."])
            #expect(res.status == .seeOther, "\(res.status) \(res.body.string.prefix(300))")
            res = try await app.post("/commendations/2026/submission", as: thuky)
            #expect(try await Objection.query(on: app.db).filter(\.$answeredAt == nil).count() == 0)
            let flash = res.headers.setCookie?[Flash.cookieName]?.string ?? ""
            #expect(!flash.contains("error"), "\(flash.removingPercentEncoding ?? flash)")
            let submission = try #require(try await CommendationDecision.query(on: app.db).filter(\.$kind == "submission").first())
            #expect(submission.numberText == "1/TTr-VHXH")

            // Only the chairperson signs.
            res = try await app.post("/commendations/2026/sign", as: thuky)
            #expect(res.status == .forbidden)
            let lanhdao = try await app.login("lanhdao")
            res = try await app.post("/commendations/2026/sign", as: lanhdao)
            let decision = try #require(try await CommendationDecision.query(on: app.db).filter(\.$kind == "decision").first())
            #expect(decision.numberText == "1/QĐ-UBND" && decision.status == "signed")
            let award = try #require(try await Award.query(on: app.db).first())
            #expect(award.amount == 702_000 && award.recipientName == "Trần Thị Thu Hà")
            for path in ["/commendations/documents/\(submission.id!.uuidString)/document.docx", "/commendations/documents/\(decision.id!.uuidString)/document.docx",
                         "/commendations/awards/\(award.id!.uuidString)/certificate.docx", "/commendations/2026/list.xlsx"] {
                res = try await app.get(path, as: thuky)
                #expect(res.status == .ok && res.body.readableBytes > 1000, "\(path)")
                #expect(res.body.getBytes(at: 0, length: 2) == [0x50, 0x4B], "\(path) is a zip")
            }
            res = try await app.get("/commendations/awards/\(award.id!.uuidString)/certificate", as: thuky)
            #expect(res.body.string.contains(StaticAssetsMiddleware.certificateStylesheet) && res.body.string.contains("LAO ĐỘNG TIÊN TIẾN"))
            #expect(try await app.get(StaticAssetsMiddleware.certificateStylesheet, as: nil).body.string.contains("A4 landscape"))

            // Revocation needs a reason, keeps the award row and marks the reward for recovery.
            res = try await app.post("/commendations/awards/\(award.id!.uuidString)/revoke", as: lanhdao, ["reason": ""])
            #expect(try await Award.find(award.id, on: app.db)?.status == "valid")
            res = try await app.post("/commendations/awards/\(award.id!.uuidString)/revoke", as: lanhdao, ["reason": "Minh chứng không đúng sự thật", "recover": "1"])
            let revoked = try #require(try await Award.find(award.id, on: app.db))
            #expect(revoked.status == "revoked" && revoked.recoverReward && revoked.amount == 702_000)
            res = try await app.get("/commendations/register", as: thuky)
            #expect(res.body.string.contains("Minh chứng không đúng sự thật"))
            // The whole decision can be revoked too; the document keeps its number and gets the reason.
            res = try await app.post("/commendations/documents/\(decision.id!.uuidString)/revoke", as: thuky, ["reason": "Sai thẩm quyền"])
            #expect(res.status == .forbidden)
            res = try await app.post("/commendations/documents/\(decision.id!.uuidString)/revoke", as: lanhdao, ["reason": "Hồ sơ khai không trung thực"])
            let revokedDecision = try #require(try await CommendationDecision.find(decision.id, on: app.db))
            #expect(revokedDecision.status == "revoked" && revokedDecision.revokeReason == "Hồ sơ khai không trung thực" && revokedDecision.numberText == "1/QĐ-UBND")
        }
    }

    @Test func quorumMissingRefusesVotes() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let members = try await Self.council(app, fx)
            let thuky = try await app.login("thuky")
            _ = try await Self.nominate(app, thuky, title: try await Self.titleID(app, fx, "gk-cn"), person: fx.villager)
            let n = try #require(try await Nomination.query(on: app.db).first())
            // One of three present: two are needed.
            _ = try await Self.postPairs(app, "/commendations/meetings", as: thuky, [("year", "2026"), ("heldOn", "26/11/2026"), ("place", "Hội trường"), ("present[]", members[0].uuidString)])
            let m = try #require(try await CouncilMeeting.query(on: app.db).first())
            let hoidong = try await app.login("hoidong")
            let res = try await app.post("/commendations/meetings/\(m.id!.uuidString)/vote", as: hoidong, ["nomination": n.id!.uuidString, "choice": "approve"])
            #expect(res.status == .seeOther)
            #expect(try await BallotReceipt.query(on: app.db).count() == 0)
            let page = try await app.get("/commendations?year=2026", as: thuky)
            #expect(page.body.string.contains("KHÔNG đủ số thành viên dự họp"))
            _ = try await app.post("/commendations/meetings/\(m.id!.uuidString)/close", as: thuky)
            #expect(try await CouncilMeeting.find(m.id, on: app.db)?.status == "open")
        }
    }

    @Test func paperTallyAtTheThresholdIsRejected() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let members = try await Self.council(app, fx)
            let thuky = try await app.login("thuky")
            _ = try await Self.nominate(app, thuky, title: try await Self.titleID(app, fx, "gk-cn"), person: fx.villager)
            _ = try await Self.nominate(app, thuky, title: try await Self.titleID(app, fx, "gk-cn"), person: fx.official)
            let ns = try await Nomination.query(on: app.db).sort(\.$nomineeName).all()
            // A title with its own, higher threshold: more than 75% of all members; 3 of 4 is exactly 75% and fails.
            let ldtt = try #require(try await AwardTitle.find(try await Self.titleID(app, fx, "ldtt"), on: app.db))
            ldtt.approvalRatio = 0.75
            try await ldtt.update(on: app.db)
            _ = try await Self.nominate(app, thuky, title: ldtt.id!, person: fx.official)
            let strict = try #require(try await Nomination.query(on: app.db).filter(\.$titleID == ldtt.id!).first())
            // Four members in all (the fixture's hoidong plus three): 2 of 4 is exactly 50% and fails; 3 of 4 passes.
            let extra = CouncilMember(); extra.communeID = fx.communeA; extra.personID = fx.villager; extra.position = "member"; extra.isActive = true
            try await extra.create(on: app.db)
            _ = try await Self.postPairs(app, "/commendations/meetings", as: thuky,
                                         [("year", "2026"), ("heldOn", "26/11/2026"), ("place", "Hội trường")] + (members + [extra.id!]).map { ("present[]", $0.uuidString) })
            let m = try #require(try await CouncilMeeting.query(on: app.db).first())
            #expect(m.membersTotal == 4)
            var res = try await app.post("/commendations/meetings/\(m.id!.uuidString)/paper", as: thuky, ["nomination": ns[0].id!.uuidString, "approve": "2", "reject": "2"])
            res = try await app.post("/commendations/meetings/\(m.id!.uuidString)/paper", as: thuky, ["nomination": ns[1].id!.uuidString, "approve": "3", "reject": "1"])
            res = try await app.post("/commendations/meetings/\(m.id!.uuidString)/paper", as: thuky, ["nomination": strict.id!.uuidString, "approve": "3", "reject": "1"])
            // More ballots than members present is refused.
            res = try await app.post("/commendations/meetings/\(m.id!.uuidString)/paper", as: thuky, ["nomination": ns[1].id!.uuidString, "approve": "5", "reject": "0"])
            _ = res
            _ = try await app.post("/commendations/meetings/\(m.id!.uuidString)/close", as: thuky)
            // The refused count did not replace the one entered (the counts are sealed until the close).
            #expect(try await BallotTally.query(on: app.db).filter(\.$nominationID == ns[1].id!).first()?.approve == 3)
            #expect(try await Nomination.find(ns[0].id, on: app.db)?.state == .rejected)
            #expect(try await Nomination.find(ns[1].id, on: app.db)?.state == .approved)
            #expect(try await Nomination.find(strict.id, on: app.db)?.state == .rejected)
        }
    }

    @Test func concurrentDecisionNumbersNeverRepeatOrSkip() async throws {
        try await withTestApp { app, fx in
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await app.db.writeTransaction { db in
                            try await DocumentRegister.next(communeID: fx.communeA, year: 2026, symbol: "QĐ-UBND", on: db)
                        }
                    }
                }
                var all: [Int] = []
                for try await n in group { all.append(n) }
                return all
            }
            #expect(numbers.sorted() == Array(1...12))
            // Another symbol and another year start at 1.
            #expect(try await app.db.writeTransaction { try await DocumentRegister.next(communeID: fx.communeA, year: 2026, symbol: "TTr-VHXH", on: $0) } == 1)
            #expect(try await app.db.writeTransaction { try await DocumentRegister.next(communeID: fx.communeA, year: 2027, symbol: "QĐ-UBND", on: $0) } == 1)
        }
    }

    @Test func rolesThatMustBeRefused() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let members = try await Self.council(app, fx)
            let thuky = try await app.login("thuky")
            _ = try await Self.nominate(app, thuky, title: try await Self.titleID(app, fx, "gk-cn"), person: fx.villager)
            let n = try #require(try await Nomination.query(on: app.db).first())
            _ = try await Self.postPairs(app, "/commendations/meetings", as: thuky, [("year", "2026"), ("heldOn", "26/11/2026"), ("place", "")] + members.map { ("present[]", $0.uuidString) })
            let m = try #require(try await CouncilMeeting.query(on: app.db).first())
            // Nobody but a council member votes; nobody but the secretariat runs the meeting; nobody but the chairperson signs.
            for username in ["admin", "thuky", "lanhdao", "daumoi", "canhan", "bientap", "giamsat"] {
                let s = try await app.login(username)
                let res = try await app.post("/commendations/meetings/\(m.id!.uuidString)/vote", as: s, ["nomination": n.id!.uuidString, "choice": "approve"])
                #expect(res.status == .forbidden, "\(username) voted")
            }
            for username in ["admin", "lanhdao", "hoidong", "daumoi", "canhan", "bientap", "giamsat"] {
                let s = try await app.login(username)
                #expect(try await app.post("/commendations/meetings/\(m.id!.uuidString)/close", as: s).status == .forbidden, "\(username) closed")
                #expect(try await app.post("/commendations/postings", as: s, ["year": "2026", "startsOn": "26/11/2026"]).status == .forbidden, "\(username) posted")
            }
            for username in ["admin", "thuky", "hoidong", "daumoi", "canhan", "bientap", "giamsat"] {
                let s = try await app.login(username)
                #expect(try await app.post("/commendations/2026/sign", as: s).status == .forbidden, "\(username) signed")
            }
            // The catalogue is the administrator's.
            let title = try await Self.titleID(app, fx, "ldtt")
            for username in ["thuky", "lanhdao", "hoidong", "daumoi", "giamsat"] {
                let s = try await app.login(username)
                #expect(try await app.post("/commendations/titles/\(title.uuidString)", as: s, ["name": "X", "rewardMultiple": "9", "legalSource": "x"]).status == .forbidden)
            }
            // A focal point nominates only within their unit; an individual sees nothing of the process.
            let daumoi = try await app.login("daumoi")
            var res = try await Self.nominate(app, daumoi, title: try await Self.titleID(app, fx, "gk-cn"), person: fx.official)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("chỉ đề nghị cho đơn vị mình"))
            res = try await Self.nominate(app, daumoi, title: try await Self.titleID(app, fx, "ttldtt"), unit: fx.villageA)
            #expect(res.status == .seeOther)
            #expect(try await app.get("/commendations", as: try await app.login("canhan")).status == .forbidden)
            #expect(try await app.get("/commendations", as: nil).status == .seeOther)
        }
    }

    @Test func catalogueAndSettingsAreDataWithHistory() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let admin = try await app.login("admin")
            let title = try await Self.titleID(app, fx, "ldtt")
            var res = try await app.get("/commendations/titles", as: admin)
            #expect(res.body.string.contains("Luật Thi đua, khen thưởng 2022") && res.body.string.contains("702.000"))
            res = try await app.post("/commendations/titles/\(title.uuidString)", as: admin, ["name": "Lao động tiên tiến", "rewardMultiple": "abc", "legalSource": "Luật 2022"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Mức thưởng phải là số"))
            res = try await app.post("/commendations/titles/\(title.uuidString)", as: admin,
                                     ["name": "Lao động tiên tiến", "rewardMultiple": "0,35", "approvalPercent": "60", "legalSource": "Nghị định 152/2025/NĐ-CP", "rules[]": "rating_good", "isActive": "1", "version": "1"])
            #expect(res.status == .seeOther)
            let t = try #require(try await AwardTitle.find(title, on: app.db))
            #expect(t.rewardMultiple == 0.35 && t.rules == "rating_good" && t.approvalRatio == 0.6)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "award_title").count() == 1)
            res = try await app.post("/commendations/settings", as: admin, ["baseSalary": "-5", "baseSalarySource": "x", "rewardRounding": "1000", "quorumPercent": "66,67",
                                                                            "ballotSource": "x", "postingDays": "5", "postingSource": "x", "holidays": "31/02/2026"])
            #expect(res.status == .unprocessableEntity && res.body.string.contains("Ngày không hợp lệ"))
            #expect(try await CommendationQueries.settings(on: app.db, communeID: fx.communeA).baseSalary == 2_340_000)
            res = try await app.post("/commendations/settings", as: admin, ["baseSalary": "2.530.000", "baseSalarySource": "Nghị định mới", "rewardRounding": "1000", "quorumPercent": "66,67",
                                                                            "ballotSource": "Quy chế", "postingDays": "7", "postingSource": "Tỉnh",
                                                                            "holidays": "01/01/2027", "requiresInitiative": "1", "quotaPercent": "15", "version": "1"])
            #expect(res.status == .seeOther, "\(res.body.string.components(separatedBy: "field-error").dropFirst().map { $0.prefix(120) })")
            let s = try await CommendationQueries.settings(on: app.db, communeID: fx.communeA)
            #expect(s.baseSalary == 2_530_000 && s.postingDays == 7 && s.cstdcsQuotaPercent == 15 && s.holidays == "2027-01-01")
        }
    }
}

@Suite("Commendation API")
struct CommendationAPITests {
    @Test func nominateEvaluateVoteAndRefusals() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            let members = try await CommendationFlowTests.council(app, fx)
            let token = try await app.apiToken("thuky")
            var res = try await app.api(.GET, "/api/v1/commendations/titles", token: token)
            #expect(res.status == .ok && res.body.string.contains("Chiến sĩ thi đua cơ sở") && res.body.string.contains("702000"))
            let cstdcs = try await CommendationFlowTests.titleID(app, fx, "cstdcs")
            let body = #"{"titleId":"\#(cstdcs.uuidString)","personId":"\#(fx.official.uuidString)","rating":"htxs","discipline":"none","achievements":"Chủ trì xây dựng Sổ tay chuyển đổi số cho cán bộ thôn."}"#
            res = try await app.api(.POST, "/api/v1/commendations/2026/nominations", token: token, json: body)
            #expect(res.status == .created)
            struct Rule: Decodable { let rule: String; let met: Bool; let reason: String }
            struct N: Decodable { let id: UUID; let eligible: Bool; let rules: [Rule] }
            let n = try decode(N.self, res)
            // No LĐTT this year and no recognised initiative: two rules not met, each with its reason.
            #expect(!n.eligible)
            #expect(n.rules.first { $0.rule == "ldtt_same_year" }?.met == false)
            #expect(n.rules.first { $0.rule == "initiative" }?.reason.contains("bắt buộc") == true)
            res = try await app.api(.POST, "/api/v1/commendations/2026/nominations", token: token, json: body)
            #expect(res.status == .conflict)
            res = try await app.api(.POST, "/api/v1/commendations/2026/nominations", token: token,
                                    json: #"{"titleId":"\#(cstdcs.uuidString)","unitId":"\#(fx.villageA.uuidString)","rating":"x","discipline":"none","achievements":""}"#)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("rating") && res.body.string.contains("unitId"))
            res = try await app.api(.GET, "/api/v1/commendations/2031/nominations", token: token)
            #expect(res.status == .notFound)

            // A vote through the API; the second is refused; the answer never says how anyone voted.
            let meeting = try await CommendationCommands.openMeeting(year: 2026, heldOn: LocalDate(year: 2026, month: 11, day: 26)!, place: "", present: Set(members),
                                                                     actor: .system(communeID: fx.communeA, at: Date()), on: app.db)
            let member = try await app.apiToken("hoidong")
            let vote = #"{"nominationId":"\#(n.id.uuidString)","choice":"approve"}"#
            res = try await app.api(.POST, "/api/v1/commendations/meetings/\(meeting.id!.uuidString)/votes", token: member, json: vote)
            #expect(res.status == .created && res.body.string == #"{"voted":true}"#)
            res = try await app.api(.POST, "/api/v1/commendations/meetings/\(meeting.id!.uuidString)/votes", token: member, json: vote)
            #expect(res.status == .conflict)
            res = try await app.api(.POST, "/api/v1/commendations/meetings/\(meeting.id!.uuidString)/votes", token: token, json: vote)
            #expect(res.status == .forbidden)
            // Refusals: an individual sees nothing; an editor nominates nothing.
            let individual = try await app.apiToken("canhan")
            #expect(try await app.api(.GET, "/api/v1/commendations/2026/nominations", token: individual).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/commendations/2026/awards", token: individual).status == .forbidden)
            #expect(try await app.api(.POST, "/api/v1/commendations/2026/nominations", token: try await app.apiToken("bientap"), json: body).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/commendations/2026/awards", token: token).status == .ok)
        }
    }
}
