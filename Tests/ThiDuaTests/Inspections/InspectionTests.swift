import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 15: the yearly plan, its teams and visits, the notice N days before, the checklist and minutes, the
/// conclusion's follow-ups, and who may do what.
@Suite("Inspections: plan, visits, notices, checklist, minutes, follow-ups")
struct InspectionTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// What the setup made: the plan, the team (leader `hoidong`, member `canhan`), the visit of the fixture village.
    struct World {
        let plan: UUID
        let team: UUID
        let visit: UUID
        let leaderUser: UUID
        let memberUser: UUID
    }

    static func user(_ app: Application, _ name: String) async throws -> User {
        try #require(try await User.query(on: app.db).filter(\.$username == name).first())
    }

    /// Through the pages: the secretariat drafts the 2026 plan, adds the village with a reason, forms a team and
    /// schedules a visit on `date`; the plan is submitted and (when `approve`) approved by the chairperson.
    static func plan(_ app: Application, _ fx: Fixtures, date: String = "10/12/2026", approve: Bool = true) async throws -> World {
        // The council member's account acts for a person of the directory (the team's leader).
        let leaderPerson = try await DirectoryCommands.createPerson(
            PersonValues(fullName: "Nguyễn Văn Kiểm", title: "Ủy viên Hội đồng", unitID: fx.agencyA, phone: "", email: "", birthDate: nil),
            communeID: fx.communeA, actor: .system(communeID: fx.communeA, at: app.clock.now()), on: app.db).id!
        let council = try await user(app, "hoidong")
        council.personID = leaderPerson
        try await council.save(on: app.db)

        let s = try await app.login("thuky")
        var res = try await app.post("/inspections/plans", as: s, ["year": "2026", "purpose": "Đánh giá thực tế việc triển khai phong trào.",
                                                                   "content": "Việc đăng ký, tự chấm điểm, hồ sơ minh chứng."])
        #expect(res.status == .seeOther)
        let plan = try #require(try await InspectionPlan.query(on: app.db).filter(\.$year == 2026).first())
        #expect(plan.state == .draft)
        let base = "/inspections/plans/\(id(plan.id!))"
        res = try await app.post(base + "/targets", as: s, ["unitId": id(fx.villageA), "reason": "Điểm tự chấm thấp, nộp báo cáo muộn."])
        #expect(res.status == .seeOther)
        res = try await app.postPairs(base + "/teams", as: s, [("name", "Đoàn số 1"), ("assignment", "Các thôn"), ("leaderPersonId", id(leaderPerson)),
                                                                ("leaderTask", "Chủ trì"), ("memberPersonId[]", id(fx.official)),
                                                                ("memberRole[]", "secretary"), ("memberTask[]", "Ghi biên bản"),
                                                                ("memberPersonId[]", ""), ("memberRole[]", "member"), ("memberTask[]", "")])
        #expect(res.status == .seeOther)
        let team = try #require(try await InspectionTeam.query(on: app.db).filter(\.$planID == plan.id!).first())
        res = try await app.post(base + "/visits", as: s, ["unitId": id(fx.villageA), "teamId": id(team.id!), "date": date, "time": "8:00",
                                                           "place": "Nhà văn hóa thôn Bình Thủy", "content": "Kiểm tra hồ sơ đăng ký và tự chấm điểm."])
        #expect(res.status == .seeOther)
        let visit = try #require(try await InspectionVisit.query(on: app.db).filter(\.$planID == plan.id!).first())
        #expect(visit.visitTime == "08:00")
        res = try await app.post(base + "/submit", as: s, [:])
        #expect(res.status == .seeOther)
        if approve {
            // Only the chairperson approves.
            #expect(try await app.post(base + "/approve", as: s, [:]).status == .forbidden)
            res = try await app.post(base + "/approve", as: try await app.login("lanhdao"), [:])
            #expect(res.status == .seeOther)
            #expect(try await InspectionPlan.find(plan.id, on: app.db)?.state == .approved)
        }
        let member = try await user(app, "canhan")
        return World(plan: plan.id!, team: team.id!, visit: visit.id!, leaderUser: council.id!, memberUser: member.id!)
    }

    static func inbox(_ app: Application, _ username: String, containing text: String) async throws -> Int {
        let u = try await user(app, username)
        return try await InboxMessage.query(on: app.db).filter(\.$userID == u.id!).filter(\.$title ~~ text).count()
    }

    @Test func thePlanIsCheckedBesideItsFieldsAndOnePerYear() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let bad = try await app.post("/inspections/plans", as: s, ["year": "20x6", "purpose": "", "content": "Nội dung giữ lại"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains(InspectionText.badYear))
            #expect(bad.body.string.contains("Nội dung giữ lại"))
            // A focal point may not draft a plan.
            #expect(try await app.post("/inspections/plans", as: try await app.login("daumoi"), ["year": "2026"]).status == .forbidden)
            _ = try await Self.plan(app, fx, approve: false)
            let again = try await app.post("/inspections/plans", as: s, ["year": "2026", "purpose": "x", "content": "y"])
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains(InspectionText.planExists))
            // The leader was told of the submission.
            #expect(try await Self.inbox(app, "lanhdao", containing: "trình phê duyệt") == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "inspection_plan").count() == 2)
            // A visit of a unit not in the plan, or with a bad time, is refused beside the field.
            let p = try #require(try await InspectionPlan.query(on: app.db).first())
            let team = try #require(try await InspectionTeam.query(on: app.db).first())
            let res = try await app.post("/inspections/plans/\(Self.id(p.id!))/visits", as: s,
                                         ["unitId": Self.id(fx.agencyA), "teamId": Self.id(team.id!), "date": "31/02/2026", "time": "25:00", "place": "", "content": ""])
            #expect(res.status == .unprocessableEntity)
            for message in [InspectionText.notATarget, CoreText.invalidDate, InspectionText.badTime] { #expect(res.body.string.contains(message)) }
        }
    }

    @Test func theNoticeGoesNDaysBeforeOnceAndARescheduleKeepsTheHistoryAndNotifiesAgain() async throws {
        let clock = TestClock(day: "2026-11-25")
        try await withTestApp(clock: clock) { app, fx in
            let w = try await Self.plan(app, fx, date: "10/12/2026")
            // 15 days ahead: nothing yet, even after a sweep.
            #expect(try await InspectionCommands.sendDueNotices(on: app.db, at: clock.now(), notifier: app.notifier) == 0)
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.state == .scheduled)
            #expect(try await Self.inbox(app, "daumoi", containing: "Thông báo kiểm tra") == 0)
            // Seven days before (the default setting): the notice goes to the unit's focal point, once.
            clock.advance(by: 8 * 86_400)
            #expect(try await InspectionCommands.sendDueNotices(on: app.db, at: clock.now(), notifier: app.notifier) == 1)
            #expect(try await InspectionCommands.sendDueNotices(on: app.db, at: clock.now(), notifier: app.notifier) == 0)
            let v = try #require(try await InspectionVisit.find(w.visit, on: app.db))
            #expect(v.state == .notified)
            #expect(v.noticeSentAt != nil)
            #expect(try await Self.inbox(app, "daumoi", containing: "Thông báo kiểm tra phong trào thi đua: ngày 10/12/2026") == 1)
            // The focal point sees the visit and the date on it.
            let unitPage = try await app.get("/inspections/visits/\(Self.id(w.visit))", as: try await app.login("daumoi"))
            #expect(unitPage.status == .ok)
            #expect(unitPage.body.string.contains("10/12/2026"))
            // A reschedule needs a reason, keeps the old schedule and tells the unit again.
            let s = try await app.login("thuky")
            let path = "/inspections/visits/\(Self.id(w.visit))/reschedule"
            let bad = try await app.post(path, as: s, ["date": "12/12/2026", "time": "14:00", "reason": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await app.post(path, as: try await app.login("daumoi"), ["date": "12/12/2026", "time": "14:00", "reason": "x"]).status == .forbidden)
            let res = try await app.post(path, as: s, ["date": "12/12/2026", "time": "14:00", "reason": "Trùng lịch tiếp công dân."])
            #expect(res.status == .seeOther)
            let history = try await InspectionReschedule.query(on: app.db).filter(\.$visitID == w.visit).all()
            #expect(history.count == 1)
            #expect(history.first?.oldDate == "2026-12-10")
            #expect(history.first?.newDate == "2026-12-12")
            #expect(history.first?.reason == "Trùng lịch tiếp công dân.")
            #expect(try await Self.inbox(app, "daumoi", containing: "đã đổi sang ngày 12/12/2026 lúc 14:00") == 1)
            let page = try await app.get("/inspections/visits/\(Self.id(w.visit))", as: s)
            #expect(page.body.string.contains("Trùng lịch tiếp công dân."))
            // 12/12 is 9 days ahead: the new notice is not sent yet, and the flash says when it will be.
            func flash(_ res: HTTPResult) -> String? { Flash(cookieValue: res.headers.setCookie?[Flash.cookieName]?.string ?? "")?.message }
            #expect(flash(res) == InspectionText.rescheduledNoticeOn(try #require(LocalDate(iso: "2026-12-05"))))
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.noticeSentAt == nil)
            // 09/12 is within the notice period: the notice goes at once, and the flash says so.
            let again = try await app.post(path, as: s, ["date": "09/12/2026", "time": "08:00", "reason": "Trùng lịch họp."])
            #expect(again.status == .seeOther)
            #expect(flash(again) == InspectionText.rescheduled)
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.noticeSentAt != nil)
        }
    }

    @Test func aVisitWithinTheNoticePeriodIsNotifiedWhenThePlanIsApproved() async throws {
        let clock = TestClock(day: "2026-11-25")
        try await withTestApp(clock: clock) { app, fx in
            let w = try await Self.plan(app, fx, date: "28/11/2026")
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.state == .notified)
            #expect(try await Self.inbox(app, "daumoi", containing: "Thông báo kiểm tra") == 1)
            #expect(try await InspectionCommands.sendDueNotices(on: app.db, at: clock.now(), notifier: app.notifier) == 0)
        }
    }

    @Test func onlyTheVisitedUnitAndTheTeamSeeAVisitAndOnlyTheTeamScores() async throws {
        let clock = TestClock(day: "2026-11-25")
        try await withTestApp(clock: clock) { app, fx in
            let w = try await Self.plan(app, fx, date: "28/11/2026")
            let visitPath = "/inspections/visits/\(Self.id(w.visit))"
            // Another unit's focal point: the visit is not found.
            let other = User(communeID: fx.communeA, username: "daumoi.vhxh", displayName: "Đầu mối VHXH", passwordHash: try Bcrypt.hash(Fixtures.password, cost: 4),
                             unitID: fx.agencyA)
            try await other.create(on: app.db)
            try await UserRole(userID: other.id!, communeID: fx.communeA, role: .unitFocalPoint).create(on: app.db)
            let otherSession = try await app.login("daumoi.vhxh")
            #expect(try await app.get(visitPath, as: otherSession).status == .notFound)
            let list = try await app.get("/inspections?year=2026", as: otherSession)
            #expect(list.status == .ok)
            #expect(!list.body.string.contains("Nhà văn hóa thôn Bình Thủy"))
            // Another commune's account: not found either.
            #expect(try await app.get(visitPath, as: try await app.login("admin.b")).status == .notFound)
            #expect(try await app.post("/inspections/plans/\(Self.id(w.plan))/targets", as: try await app.login("admin.b"),
                                       ["unitId": Self.id(fx.villageA), "reason": "x"]).status == .notFound)
            // The unit, the team and the council see it.
            for name in ["daumoi", "hoidong", "canhan", "giamsat"] { #expect(try await app.get(visitPath, as: try await app.login(name)).status == .ok) }
            let own = try await app.get("/inspections?year=2026", as: try await app.login("daumoi"))
            #expect(own.body.string.contains("Nhà văn hóa thôn Bình Thủy"))
            // Scoring before the day of the visit is refused; a non-member never scores.
            let criteria = try await ScoringQueries.criteria(on: app.db, communeID: fx.communeA, group: CriteriaGroup.agencies.rawValue)
            try #require(!criteria.isEmpty)
            let first = criteria[0]
            let pairs = criteria.flatMap { c in [("criterionId[]", Self.id(c.id!)), ("teamPoints[]", c.id == first.id ? "1" : ""), ("note[]", "")] }
            let leader = try await app.login("hoidong")
            #expect(try await app.postPairs(visitPath + "/checklist", as: leader, pairs).status == .conflict)
            clock.advance(by: 3 * 86_400)
            #expect(try await app.postPairs(visitPath + "/checklist", as: try await app.login("giamsat"), pairs).status == .forbidden)
            #expect(try await app.postPairs(visitPath + "/checklist", as: try await app.login("daumoi"), pairs).status == .forbidden)
            #expect(try await app.postPairs(visitPath + "/checklist", as: try await app.login("thuky"), pairs).status == .forbidden)
            // Above the criterion's maximum: refused beside the line, nothing saved.
            let over = criteria.flatMap { c in [("criterionId[]", Self.id(c.id!)), ("teamPoints[]", c.id == first.id ? String(first.maxPoints + 1) : ""), ("note[]", "")] }
            // (a session from before the three days has expired: sign in again)
            let refused = try await app.postPairs(visitPath + "/checklist", as: try await app.login("hoidong"), over)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Số quá lớn"))
            #expect(try await InspectionChecklistLine.query(on: app.db).count() == 0)
            // The unit's self-score comes from its scoring.
            let score = UnitScore()
            score.communeID = fx.communeA; score.year = 2026; score.unitID = fx.villageA; score.criterionID = first.id!
            score.scorerKind = ScorerKind.selfScore.rawValue; score.scorerKey = ""; score.points = 2; score.note = ""
            score.updatedAt = clock.now(); score.updatedBy = "x"
            try await score.create(on: app.db)
            let saved = try await app.postPairs(visitPath + "/checklist", as: try await app.login("canhan"), pairs)
            #expect(saved.status == .seeOther)
            let lines = try await InspectionChecklistLine.query(on: app.db).filter(\.$visitID == w.visit).all()
            #expect(lines.count == criteria.count)
            let line = try #require(lines.first { $0.criterionID == first.id })
            #expect(line.teamPoints == 1)
            #expect(line.selfPoints == 2)
            #expect(line.maxPoints == Double(first.maxPoints))
        }
    }

    @Test func theMinutesTheConclusionAndTheFollowUpUntilClosed() async throws {
        let clock = TestClock(day: "2026-11-25")
        try await withTestApp(clock: clock) { app, fx in
            let w = try await Self.plan(app, fx, date: "25/11/2026")
            let visitPath = "/inspections/visits/\(Self.id(w.visit))"
            let leader = try await app.login("hoidong")
            // No conclusion before the minutes.
            #expect(try await app.postPairs(visitPath + "/conclude", as: leader, [("conclusion", "x"), ("followUpText[]", "y"), ("followUpDue[]", "31/12/2026")]).status == .conflict)
            let badMinutes = try await app.post(visitPath + "/minutes", as: leader, ["startsAt": "10:00", "endsAt": "09:00", "place": "Nhà văn hóa"])
            #expect(badMinutes.status == .unprocessableEntity)
            #expect(badMinutes.body.string.contains(InspectionText.endsBeforeStart))
            let minutes = try await app.post(visitPath + "/minutes", as: leader, [
                "startsAt": "08:00", "endsAt": "11:00", "place": "Nhà văn hóa thôn", "teamAttendees": "Nguyễn Văn Kiểm\nTrần Thị Thu Hà",
                "unitAttendees": "Nguyễn Văn Trưởng", "strengths": "Hồ sơ đầy đủ.", "weaknesses": "Minh chứng còn thiếu.", "recommendations": "Bổ sung minh chứng."])
            #expect(minutes.status == .seeOther)
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.state == .visited)
            // A finding with a photo, streamed like every upload.
            let finding = try await uploadForm(app, visitPath + "/findings", as: leader, fields: ["finding": "Sổ theo dõi chưa cập nhật."],
                                               filename: "so.pdf", file: pdfBytes)
            #expect(finding.status == .seeOther)
            #expect(try await InspectionFile.query(on: app.db).filter(\.$visitID == w.visit).count() == 1)
            // A due date on or before the visit is refused beside it.
            let early = try await app.postPairs(visitPath + "/conclude", as: leader, [("conclusion", "Kết luận"), ("followUpText[]", "Bổ sung minh chứng"), ("followUpDue[]", "20/11/2026")])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains(InspectionText.dueBeforeVisit))
            let concluded = try await app.postPairs(visitPath + "/conclude", as: leader, [
                ("conclusion", "Đơn vị triển khai tốt, cần bổ sung minh chứng."), ("followUpText[]", "Bổ sung minh chứng tự chấm"), ("followUpDue[]", "31/12/2026"),
                ("followUpText[]", ""), ("followUpDue[]", "")])
            #expect(concluded.status == .seeOther)
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.state == .concluded)
            #expect(try await Self.inbox(app, "daumoi", containing: "Thông báo kết luận kiểm tra: 1 kiến nghị") == 1)
            let item = try #require(try await InspectionFollowUp.query(on: app.db).filter(\.$visitID == w.visit).first())
            #expect(item.dueDate == "2026-12-31")
            let itemPath = "\(visitPath)/follow-ups/\(Self.id(item.id!))"
            // The team does not answer for the unit; the unit does not decide.
            #expect(try await uploadForm(app, itemPath + "/answer", as: leader, fields: ["answer": "x"], filename: "a.pdf", file: pdfBytes).status == .forbidden)
            let unit = try await app.login("daumoi")
            #expect(try await app.post(itemPath + "/accept", as: unit, [:]).status == .forbidden)
            let answer = try await uploadForm(app, itemPath + "/answer", as: unit, fields: ["answer": "Đã bổ sung 12 minh chứng."], filename: "mc.pdf", file: pdfBytes)
            #expect(answer.status == .seeOther)
            #expect(try await InspectionFollowUp.find(item.id, on: app.db)?.state == .answered)
            #expect(try await Self.inbox(app, "hoidong", containing: "đã trả lời kiến nghị") == 1)
            // The notices say which item of which visit.
            let unitName = try #require(try await Unit.find(fx.villageA, on: app.db)).name
            let ref = "số 1 “Bổ sung minh chứng tự chấm” (\(unitName), buổi kiểm tra ngày"
            #expect(try await Self.inbox(app, "hoidong", containing: "đã trả lời kiến nghị sau kiểm tra \(ref)") == 1)
            // Reopening needs a note; the unit answers again; the team closes it, and the visit with it.
            #expect(try await app.post(itemPath + "/reopen", as: leader, ["decisionNote": ""]).status == .unprocessableEntity)
            #expect(try await app.post(itemPath + "/reopen", as: leader, ["decisionNote": "Thiếu ảnh chụp."]).status == .seeOther)
            #expect(try await InspectionFollowUp.find(item.id, on: app.db)?.state == .reopened)
            #expect(try await Self.inbox(app, "daumoi", containing: "Kiến nghị sau kiểm tra \(ref)") == 1)
            #expect(try await Self.inbox(app, "daumoi", containing: "được yêu cầu thực hiện tiếp") == 1)
            #expect(try await uploadForm(app, itemPath + "/answer", as: unit, fields: ["answer": "Đã bổ sung ảnh."], filename: "anh.pdf", file: pdfBytes).status == .seeOther)
            #expect(try await app.post(itemPath + "/accept", as: leader, ["decisionNote": "Đạt."]).status == .seeOther)
            #expect(try await InspectionFollowUp.find(item.id, on: app.db)?.state == .closed)
            #expect(try await Self.inbox(app, "daumoi", containing: "Kiến nghị sau kiểm tra \(ref)") == 2)
            #expect(try await Self.inbox(app, "daumoi", containing: "đã được đoàn chấp nhận") == 1)
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.state == .closed)
            // Answering a closed item is refused, with the reason.
            let late = try await uploadForm(app, itemPath + "/answer", as: unit, fields: ["answer": "Thêm nữa"], filename: "b.pdf", file: pdfBytes)
            #expect(late.status == .conflict)
            #expect(late.body.string.contains(InspectionText.followUpClosed))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "inspection_follow_up").count() == 4)
        }
    }
}

@Suite("Inspections: pages from a fixed number of statements")
struct InspectionQueryBudgetTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    @Test func theOverviewAndTheVisitPageRunTheSameStatementsAtTwoSizes() async throws {
        try await withStatementLog { app, log in
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first()).id!
            // 2027: the demo has its own 2026 plan.
            let actor = AuditActor.system(communeID: commune, at: app.clock.now())
            let units = try await Unit.query(on: app.db).filter(\.$communeID == commune).filter(\.$isActive == true).sort(\.$code).limit(16).all()
            let people = try await Person.query(on: app.db).filter(\.$communeID == commune).sort(\.$fullName).limit(8).all()
            let plan = try await InspectionCommands.createPlan(InspectionPlanInput(year: "2027", purpose: "Mục đích", content: "Nội dung"), actor: actor, on: app.db)
            var visits: [UUID] = []
            func add(_ range: Range<Int>) async throws {
                let team = try await InspectionCommands.createTeam(plan, InspectionTeamInput(
                    name: "Đoàn \(range.lowerBound)", leaderPersonId: Self.id(people[range.lowerBound / 2].id!),
                    members: [InspectionMemberInput(personId: Self.id(people[range.lowerBound / 2 + 1].id!), role: "member", task: "Chấm điểm")]),
                    actor: actor, on: app.db)
                for i in range {
                    _ = try await InspectionCommands.addTarget(plan, unitId: Self.id(units[i].id!), reason: "Lý do \(i)", actor: actor, on: app.db)
                    let v = try await InspectionCommands.scheduleVisit(plan, InspectionVisitInput(
                        unitId: Self.id(units[i].id!), teamId: Self.id(team.id!), date: String(format: "%02d/12/2027", 10 + i), time: "08:00",
                        place: "Trụ sở", content: "Kiểm tra"), actor: actor, notifier: app.notifier, on: app.db)
                    visits.append(v.id!)
                }
            }
            try await add(0..<2)
            let s = try await app.login("canbo.thidua", password: DemoData.password)
            func measure() async throws -> (Int, Int) {
                let first = visits[0]
                let overview = try await log.during {
                    let res = try await app.get("/inspections?year=2027", as: s)
                    #expect(res.status == .ok)
                }
                let visit = try await log.during {
                    let res = try await app.get("/inspections/visits/\(Self.id(first))", as: s)
                    #expect(res.status == .ok)
                }
                return (overview.count, visit.count)
            }
            _ = try await measure()
            let small = try await measure()
            try await add(2..<14)
            let large = try await measure()
            print("inspection pages, statements: overview \(small.0) → \(large.0) (2 → 14 visits), visit page \(small.1) → \(large.1)")
            #expect(small.0 > 0)
            #expect(large.0 == small.0, "overview: \(small.0) statements with 2 visits, \(large.0) with 14")
            #expect(large.1 == small.1, "visit page: \(small.1) statements, then \(large.1)")
            #expect(large.0 <= 14 && large.1 <= 20, "overview \(large.0), visit \(large.1)")
        }
    }
}
