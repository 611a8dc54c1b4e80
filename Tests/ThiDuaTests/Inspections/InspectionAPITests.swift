import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 15, point 6: `/api/v1/inspections…` through a real socket, with the pages' commands and permission rule —
/// the plan to the closed follow-up, who sees which visit, who scores, and the refusals (403, 404, 409).
@Suite("Inspections API")
struct InspectionAPITests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static let base = "/api/v1/inspections"

    struct Plan: Decodable { let id: UUID; let status: String; let version: Int; let number: String?; let visits: [Row]?; let targets: [Target]? }
    struct Target: Decodable { let unitId: UUID }
    struct Team: Decodable { let id: UUID; let members: [Member] }
    struct Member: Decodable { let name: String; let role: String }
    struct Row: Decodable { let id: UUID; let unitId: UUID; let status: String }
    struct Line: Decodable { let criterionId: UUID; let maxPoints: Double; let teamPoints: Double? }
    struct File: Decodable { let id: UUID; let name: String }
    struct Finding: Decodable { let id: UUID; let text: String; let files: [File] }
    struct FollowUp: Decodable { let id: UUID; let visitId: UUID; let status: String; let dueDate: String?; let answer: String; let version: Int }
    struct Visit: Decodable {
        let id: UUID; let unitId: UUID; let status: String; let date: String?; let version: Int
        let noticeNumber: String?; let minutesNumber: String?; let conclusionNumber: String?
        let checklist: [Line]; let findings: [Finding]; let followUps: [FollowUp]
    }

    /// What the setup made through the API: the plan, its team (leader `hoidong`, member `canhan`), the visit of the
    /// focal point's village and one of the agency, both on `date`.
    struct World { let plan: UUID; let team: UUID; let village: UUID; let agency: UUID }

    @discardableResult
    static func expect(_ res: HTTPResult, _ status: HTTPResponseStatus, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> HTTPResult {
        #expect(res.status == status, "\(what): \(res.status) \(res.body.string.prefix(400))", sourceLocation: sourceLocation)
        return res
    }

    static func json(_ value: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }

    /// The secretariat drafts the 2026 plan with the village and the agency, forms a team and schedules both visits on
    /// `date`; the plan is submitted and approved by the chairperson (only by them).
    static func world(_ app: Application, _ fx: Fixtures, date: String = "2026-11-25") async throws -> World {
        // The council member's account acts for a person of the directory (the team's leader).
        let leaderPerson = try await DirectoryCommands.createPerson(
            PersonValues(fullName: "Nguyễn Văn Kiểm", title: "Ủy viên Hội đồng", unitID: fx.agencyA, phone: "", email: "", birthDate: nil),
            communeID: fx.communeA, actor: .system(communeID: fx.communeA, at: app.clock.now()), on: app.db).id!
        let council = try #require(try await User.query(on: app.db).filter(\.$username == "hoidong").first())
        council.personID = leaderPerson
        try await council.save(on: app.db)

        let s = try await app.apiToken("thuky")
        let created = expect(try await app.api(.POST, "\(base)/plans", token: s, json: json([
            "year": 2026, "purpose": "Đánh giá thực tế việc triển khai phong trào.", "content": "Việc đăng ký, tự chấm điểm, hồ sơ minh chứng."])),
            .created, "create the plan")
        let plan = try decode(Plan.self, created)
        #expect(plan.status == "draft")
        #expect(created.headers.first(name: .location) == "\(base)/plans/\(id(plan.id))")
        let planPath = "\(base)/plans/\(id(plan.id))"
        for unit in [fx.villageA, fx.agencyA] {
            let t = expect(try await app.api(.POST, planPath + "/targets", token: s, json: json(["unitId": id(unit), "reason": "Điểm tự chấm thấp."])),
                           .created, "add a target")
            #expect(try decode(Target.self, t).unitId == unit)
        }
        let teamRes = expect(try await app.api(.POST, planPath + "/teams", token: s, json: json([
            "name": "Đoàn số 1", "assignment": "Các thôn", "leaderPersonId": id(leaderPerson), "leaderTask": "Chủ trì",
            "members": [["personId": id(fx.official), "role": "secretary", "task": "Ghi biên bản"], ["personId": ""]]])), .created, "form the team")
        let team = try decode(Team.self, teamRes)
        #expect(team.members.map(\.role) == ["leader", "secretary"])
        var visits: [UUID] = []
        for unit in [fx.villageA, fx.agencyA] {
            let v = expect(try await app.api(.POST, planPath + "/visits", token: s, json: json([
                "unitId": id(unit), "teamId": id(team.id), "date": date, "time": "8:00", "place": "Trụ sở đơn vị", "content": "Kiểm tra hồ sơ."])),
                .created, "schedule a visit")
            let visit = try decode(Visit.self, v)
            #expect(v.headers.first(name: .location) == "\(base)/visits/\(id(visit.id))")
            visits.append(visit.id)
        }
        #expect(try decode(Plan.self, expect(try await app.api(.POST, planPath + "/submit", token: s), .ok, "submit")).status == "submitted")
        // Only the chairperson approves.
        expect(try await app.api(.POST, planPath + "/approve", token: s), .forbidden, "the secretariat approves")
        let approved = expect(try await app.api(.POST, planPath + "/approve", token: try await app.apiToken("lanhdao"), json: "{}"), .ok, "approve")
        #expect(try decode(Plan.self, approved).status == "approved")
        #expect(try decode(Plan.self, approved).number?.hasSuffix("/KH-HĐTĐKT") == true)
        return World(plan: plan.id, team: team.id, village: visits[0], agency: visits[1])
    }

    /// The team scores the village, records the minutes and concludes with one follow-up item due on 31/12/2026.
    static func conclude(_ app: Application, _ w: World) async throws -> FollowUp {
        let leader = try await app.apiToken("hoidong")
        let path = "\(base)/visits/\(id(w.village))"
        var visit = try decode(Visit.self, expect(try await app.api(.GET, path, token: leader), .ok, "read the visit"))
        let first = try #require(visit.checklist.first)
        expect(try await app.api(.PUT, path + "/checklist", token: leader, json: json(["lines": [["criterionId": id(first.criterionId), "teamPoints": 1]]])),
               .ok, "score")
        visit = try decode(Visit.self, expect(try await app.api(.PUT, path + "/minutes", token: leader, json: json([
            "startsAt": "08:00", "endsAt": "11:00", "place": "Nhà văn hóa thôn", "teamAttendees": "Nguyễn Văn Kiểm, Trần Thị Thu Hà",
            "unitAttendees": "Nguyễn Văn Trưởng", "strengths": "Hồ sơ đầy đủ.", "weaknesses": "Minh chứng còn thiếu.", "version": visit.version])),
            .ok, "minutes"))
        #expect(visit.status == "visited")
        visit = try decode(Visit.self, expect(try await app.api(.POST, path + "/conclusion", token: leader, json: json([
            "conclusion": "Đơn vị triển khai tốt, cần bổ sung minh chứng.", "followUps": [["text": "Bổ sung minh chứng tự chấm", "dueDate": "2026-12-31"]]])),
            .ok, "conclude"))
        #expect(visit.status == "concluded")
        return try #require(visit.followUps.first)
    }

    @Test func thePlanToTheClosedFollowUpThroughTheAPI() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await Self.world(app, fx)
            let leader = try await app.apiToken("hoidong")
            let path = "\(Self.base)/visits/\(Self.id(w.village))"
            // The visit is today: its notice went when the plan was approved.
            var visit = try decode(Visit.self, Self.expect(try await app.api(.GET, path, token: leader), .ok, "read"))
            #expect(visit.status == "notified")
            #expect(visit.date == "2026-11-25")
            // A score above the criterion's maximum is refused beside the body's line, nothing saved.
            let first = try #require(visit.checklist.first)
            let over = Self.expect(try await app.api(.PUT, path + "/checklist", token: leader, json: Self.json([
                "lines": [["criterionId": UUID().uuidString, "teamPoints": 0], ["criterionId": Self.id(first.criterionId), "teamPoints": first.maxPoints + 1]]])),
                .unprocessableEntity, "score above the maximum")
            #expect(try decode(APIError.self, over).error.fields.keys.sorted() == ["lines.1.teamPoints"])
            #expect(try await InspectionChecklistLine.query(on: app.db).count() == 0)
            // A member scores (half the maximum, a fraction sent as a JSON number).
            let half = first.maxPoints / 2
            visit = try decode(Visit.self, Self.expect(try await app.api(.PUT, path + "/checklist", token: try await app.apiToken("canhan"), json: Self.json([
                "lines": [["criterionId": Self.id(first.criterionId), "teamPoints": half, "note": "Đủ hồ sơ"]]])), .ok, "member scores"))
            #expect(visit.checklist.first { $0.criterionId == first.criterionId }?.teamPoints == half)
            // A finding with its file sent as it is (streamed), its text in the query.
            let finding = Self.expect(try await app.api(.POST, path + "/findings?text=S%E1%BB%95%20ch%C6%B0a%20c%E1%BA%ADp%20nh%E1%BA%ADt&filename=so.pdf",
                                                        token: leader, bytes: pdfBytes), .created, "finding with a file")
            let f = try decode(Finding.self, finding)
            #expect(f.text == "Sổ chưa cập nhật")
            #expect(f.files.map(\.name) == ["so.pdf"])
            let noText = Self.expect(try await app.api(.POST, path + "/findings", token: leader, json: "{}"), .unprocessableEntity, "finding without text")
            #expect(try decode(APIError.self, noText).error.fields["text"] != nil)
            // Minutes, conclusion, then the unit answers and the team closes.
            let item = try await Self.conclude(app, w)
            #expect(item.dueDate == "2026-12-31")
            #expect(item.status == "open")
            let unit = try await app.apiToken("daumoi")
            let items = try decode([FollowUp].self, Self.expect(try await app.api(.GET, path + "/follow-ups", token: unit), .ok, "the unit's follow-ups"))
            #expect(items.map(\.id) == [item.id])
            let itemPath = "\(Self.base)/follow-ups/\(Self.id(item.id))"
            // The team does not answer for the unit; the unit does not decide.
            Self.expect(try await app.api(.POST, itemPath + "/answer", token: leader, json: #"{"answer":"x"}"#), .forbidden, "the team answers")
            Self.expect(try await app.api(.POST, itemPath + "/accept", token: unit), .forbidden, "the unit accepts")
            let answered = try decode(FollowUp.self, Self.expect(try await app.api(.POST, itemPath + "/answer", token: unit, json: Self.json([
                "answer": "Đã bổ sung 12 minh chứng.", "filename": "mc.pdf", "contentBase64": pdfBytes.base64EncodedString()])), .ok, "answer"))
            #expect(answered.status == "answered")
            #expect(try await InspectionFile.query(on: app.db).filter(\.$followUpID == item.id).count() == 1)
            let closed = try decode(FollowUp.self, Self.expect(try await app.api(.POST, itemPath + "/accept", token: leader, json: #"{"decisionNote":"Đạt."}"#),
                                                               .ok, "accept"))
            #expect(closed.status == "closed")
            visit = try decode(Visit.self, Self.expect(try await app.api(.GET, path, token: unit), .ok, "the unit reads its visit"))
            #expect(visit.status == "closed")
            // The documents' numbers from the per-year register.
            #expect(visit.noticeNumber?.hasSuffix("/TB-HĐTĐKT") == true)
            #expect(visit.minutesNumber?.hasSuffix("/BB-ĐKT") == true)
            #expect(visit.conclusionNumber?.hasSuffix("/TB-HĐTĐKT") == true)
            // The same rows as through the pages: one audit entry per follow-up change.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "inspection_follow_up").count() == 2)
        }
    }

    @Test func aFocalPointListsOnlyItsUnitsVisitsAndAnotherUnitsIsNotFound() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await Self.world(app, fx, date: "2026-12-10")
            let unit = try await app.apiToken("daumoi")
            let rows = try decode([Row].self, Self.expect(try await app.api(.GET, "\(Self.base)/visits?year=2026", token: unit), .ok, "list"))
            #expect(rows.map(\.id) == [w.village])
            // The same year is the default.
            #expect(try decode([Row].self, try await app.api(.GET, "\(Self.base)/visits", token: unit)).map(\.id) == [w.village])
            Self.expect(try await app.api(.GET, "\(Self.base)/visits/\(Self.id(w.agency))", token: unit), .notFound, "another unit's visit")
            Self.expect(try await app.api(.GET, "\(Self.base)/visits/\(Self.id(w.agency))/follow-ups", token: unit), .notFound, "another unit's follow-ups")
            Self.expect(try await app.api(.GET, "\(Self.base)/visits/\(Self.id(w.village))", token: unit), .ok, "its own visit")
            // The plan read by the unit: its visit only, no targets.
            let plan = try decode(Plan.self, Self.expect(try await app.api(.GET, "\(Self.base)/plans/\(Self.id(w.plan))", token: unit), .ok, "plan"))
            #expect(plan.visits?.map(\.id) == [w.village])
            #expect(plan.targets?.isEmpty == true)
            // Those who see every inspection list both; a member sees the team's visits.
            for name in ["thuky", "giamsat", "canhan"] {
                let all = try decode([Row].self, try await app.api(.GET, "\(Self.base)/visits?year=2026", token: try await app.apiToken(name)))
                #expect(Set(all.map(\.id)) == [w.village, w.agency], "\(name)")
            }
            Self.expect(try await app.api(.GET, "\(Self.base)/visits?year=hai-nghin", token: unit), .unprocessableEntity, "a year not a number")
        }
    }

    /// The plans as the overview page shows them: someone who does not see every inspection lists approved plans
    /// only, and reads no plan text (purpose, content, organisation) nor targets.
    @Test func aUnitReadsApprovedPlansOnlyAndWithoutTheirText() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await Self.world(app, fx, date: "2026-12-10")
            let s = try await app.apiToken("thuky")
            let draft = try decode(Plan.self, Self.expect(try await app.api(.POST, "\(Self.base)/plans", token: s, json: Self.json([
                "year": 2027, "purpose": "Mục đích nội bộ.", "content": "Nội dung dự thảo.", "organisation": "Phân công dự thảo."])), .created, "a draft"))
            let unit = try await app.apiToken("daumoi")
            func keys(_ res: HTTPResult) throws -> [[String: Any]] {
                let any = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView))
                if let rows = any as? [[String: Any]] { return rows }
                return [try #require(any as? [String: Any])]
            }
            let listed = try keys(Self.expect(try await app.api(.GET, "\(Self.base)/plans", token: unit), .ok, "the unit lists"))
            #expect(listed.compactMap { ($0["id"] as? String)?.lowercased() } == [Self.id(w.plan)])
            for row in listed { #expect(row["purpose"] == nil && row["content"] == nil && row["organisation"] == nil) }
            #expect(try decode([Plan].self, try await app.api(.GET, "\(Self.base)/plans?year=2027", token: unit)).isEmpty)
            Self.expect(try await app.api(.GET, "\(Self.base)/plans/\(Self.id(draft.id))", token: unit), .notFound, "the unit reads the draft")
            let one = try keys(Self.expect(try await app.api(.GET, "\(Self.base)/plans/\(Self.id(w.plan))", token: unit), .ok, "the unit reads"))[0]
            #expect(one["purpose"] == nil && one["content"] == nil && one["organisation"] == nil)
            #expect((one["targets"] as? [Any])?.isEmpty == true)
            let body = try await app.api(.GET, "\(Self.base)/plans/\(Self.id(w.plan))", token: unit).body.string
            #expect(!body.contains("Điểm tự chấm thấp") && !body.contains("Đánh giá thực tế"))
            // The secretariat lists both, with their text.
            let all = try keys(try await app.api(.GET, "\(Self.base)/plans", token: s))
            #expect(Set(all.compactMap { ($0["id"] as? String)?.lowercased() }) == [Self.id(w.plan), Self.id(draft.id)])
            #expect(all.first { ($0["id"] as? String)?.lowercased() == Self.id(draft.id) }?["purpose"] as? String == "Mục đích nội bộ.")
        }
    }

    @Test func aNoticeCutsALongItemOnAWord() {
        let long = String(repeating: "Bổ sung minh chứng ", count: 10)
        let cut = InspectionText.clipped(long, 80)
        #expect(cut.hasSuffix("chứng…") || cut.hasSuffix("sung…") || cut.hasSuffix("minh…") || cut.hasSuffix("Bổ…"))
        #expect(cut.count <= 81)
        #expect(InspectionText.clipped("Ngắn gọn", 80) == "Ngắn gọn")
        #expect(InspectionText.followUpRef(position: 2, text: "Bổ sung", unit: "Thôn Đông", date: LocalDate(iso: "2026-12-10"))
                == "số 2 “Bổ sung” (Thôn Đông, buổi kiểm tra ngày 10/12/2026)")
    }

    @Test func onlyTheTeamScores() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await Self.world(app, fx)
            let path = "\(Self.base)/visits/\(Self.id(w.village))/checklist"
            let visit = try decode(Visit.self, try await app.api(.GET, "\(Self.base)/visits/\(Self.id(w.village))", token: try await app.apiToken("thuky")))
            let first = try #require(visit.checklist.first)
            let body = Self.json(["lines": [["criterionId": Self.id(first.criterionId), "teamPoints": 1]]])
            for name in ["giamsat", "thuky", "daumoi", "lanhdao"] {
                let res = Self.expect(try await app.api(.PUT, path, token: try await app.apiToken(name), json: body), .forbidden, "\(name) scores")
                #expect(try decode(APIError.self, res).error.code == "forbidden")
            }
            #expect(try await InspectionChecklistLine.query(on: app.db).count() == 0)
            Self.expect(try await app.api(.PUT, path, token: try await app.apiToken("hoidong"), json: body), .ok, "the leader scores")
            Self.expect(try await app.api(.POST, "\(Self.base)/visits/\(Self.id(w.village))/findings", token: try await app.apiToken("giamsat"),
                                          json: #"{"text":"x"}"#), .forbidden, "a non-member records a finding")
        }
    }

    @Test func answeringAClosedFollowUpIsAConflict() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await Self.world(app, fx)
            let item = try await Self.conclude(app, w)
            let itemPath = "\(Self.base)/follow-ups/\(Self.id(item.id))"
            let unit = try await app.apiToken("daumoi"), leader = try await app.apiToken("hoidong")
            // Reopening needs a note; accepting an item not answered is a conflict.
            Self.expect(try await app.api(.POST, itemPath + "/accept", token: leader), .conflict, "accept before the answer")
            Self.expect(try await app.api(.POST, itemPath + "/answer", token: unit, json: #"{"answer":"Đã bổ sung."}"#), .ok, "answer")
            // Answered, it waits for the team: the unit does not answer again, and is told why.
            let twice = Self.expect(try await app.api(.POST, itemPath + "/answer", token: unit, json: #"{"answer":"Lần hai"}"#), .conflict, "answer twice")
            #expect(try decode(APIError.self, twice).error.message == InspectionText.awaitingTeam)
            let noNote = Self.expect(try await app.api(.POST, itemPath + "/reopen", token: leader), .unprocessableEntity, "reopen without a note")
            #expect(try decode(APIError.self, noNote).error.fields["decisionNote"] != nil)
            Self.expect(try await app.api(.POST, itemPath + "/accept", token: leader), .ok, "accept")
            let late = Self.expect(try await app.api(.POST, itemPath + "/answer", token: unit, json: #"{"answer":"Thêm nữa"}"#), .conflict, "answer a closed item")
            let error = try decode(APIError.self, late).error
            #expect(error.code == "conflict")
            #expect(error.message == InspectionText.followUpClosed)
            // A closed item is not decided again.
            for action in ["/accept", "/reopen"] {
                let again = Self.expect(try await app.api(.POST, itemPath + action, token: leader, json: #"{"decisionNote":"Lại"}"#), .conflict, action)
                #expect(try decode(APIError.self, again).error.message == InspectionText.decidedClosed)
            }
            #expect(try await InspectionFollowUp.find(item.id, on: app.db)?.answer == "Đã bổ sung.")
        }
    }

    @Test func anotherCommunesIdsAreNotFound() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await Self.world(app, fx)
            let item = try await Self.conclude(app, w)
            let other = try await app.apiToken("admin.b")
            for (method, path, body) in [
                (HTTPMethod.GET, "/plans/\(Self.id(w.plan))", nil as String?),
                (.PUT, "/plans/\(Self.id(w.plan))", #"{"purpose":"x","version":1}"#),
                (.POST, "/plans/\(Self.id(w.plan))/targets", #"{"unitId":"\#(Self.id(fx.unitB))","reason":"x"}"#),
                (.GET, "/visits/\(Self.id(w.village))", nil),
                (.POST, "/visits/\(Self.id(w.village))/reschedule", #"{"date":"2026-12-01","time":"08:00","reason":"x"}"#),
                (.GET, "/visits/\(Self.id(w.village))/follow-ups", nil),
                (.POST, "/follow-ups/\(Self.id(item.id))/answer", #"{"answer":"x"}"#),
                (.POST, "/follow-ups/\(Self.id(item.id))/accept", nil),
            ] {
                let res = Self.expect(try await app.api(method, Self.base + path, token: other, json: body), .notFound, "\(method) \(path) from another commune")
                if res.status == .notFound { #expect(try decode(APIError.self, res).error.code == "not_found") }
            }
            #expect(try decode([Row].self, try await app.api(.GET, "\(Self.base)/visits?year=2026", token: other)).isEmpty)
            #expect(try decode([Plan].self, try await app.api(.GET, "\(Self.base)/plans", token: other)).isEmpty)
        }
    }

    @Test func aChangeBasedOnAnOldVersionIsAConflict() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let s = try await app.apiToken("thuky")
            let plan = try decode(Plan.self, try await app.api(.POST, "\(Self.base)/plans", token: s, json: #"{"year":2027,"purpose":"Mục đích","content":"Nội dung"}"#))
            let path = "\(Self.base)/plans/\(Self.id(plan.id))"
            let missing = Self.expect(try await app.api(.PUT, path, token: s, json: #"{"purpose":"Mục đích mới"}"#), .unprocessableEntity, "no version")
            #expect(try decode(APIError.self, missing).error.fields["version"] == CoreText.versionRequired)
            let saved = try decode(Plan.self, Self.expect(try await app.api(.PUT, path, token: s, json: #"{"purpose":"Mục đích mới","version":\#(plan.version)}"#),
                                                          .ok, "current version"))
            #expect(saved.version == plan.version + 1)
            let stale = Self.expect(try await app.api(.PUT, path, token: s, json: #"{"purpose":"Lần nữa","version":\#(plan.version)}"#), .conflict, "stale version")
            #expect(try decode(APIError.self, stale).error.code == "conflict")
            #expect(try await InspectionPlan.find(plan.id, on: app.db)?.purpose == "Mục đích mới")
            Self.expect(try await app.api(.POST, path + "/submit", token: s, json: #"{"version":\#(plan.version)}"#), .conflict, "submit on a stale version")
            // The minutes too.
            let w = try await Self.world(app, fx)
            let leader = try await app.apiToken("hoidong")
            let visitPath = "\(Self.base)/visits/\(Self.id(w.village))"
            let visit = try decode(Visit.self, try await app.api(.GET, visitPath, token: leader))
            let minutes: [String: Any] = ["startsAt": "08:00", "place": "Nhà văn hóa", "teamAttendees": "A", "unitAttendees": "B", "strengths": "Tốt."]
            Self.expect(try await app.api(.PUT, visitPath + "/minutes", token: leader, json: Self.json(minutes.merging(["version": visit.version]) { a, _ in a })),
                        .ok, "minutes")
            Self.expect(try await app.api(.PUT, visitPath + "/minutes", token: leader, json: Self.json(minutes.merging(["version": visit.version]) { a, _ in a })),
                        .conflict, "minutes on a stale version")
        }
    }
}
