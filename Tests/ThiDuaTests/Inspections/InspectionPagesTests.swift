import Fluent
import Foundation
import Plot
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// What a new user found on the inspection pages: the plan's sections in order, the plan form on the viewed year, an
/// error summary that names its fields, the notice's date said plainly, no visit of an unapproved plan for the unit,
/// and the demo's sent notice in the focal point's inbox.
@Suite("Inspections: the pages as a new user reads them")
struct InspectionPagesTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// Where each text first appears in `html`, in the order given; fails on a missing one.
    static func inOrder(_ texts: [String], in html: String, _ page: String) {
        var last = html.startIndex
        for text in texts {
            guard let r = html.range(of: text) else { Issue.record("\(page): \"\(text)\" missing"); return }
            #expect(r.lowerBound > last, "\(page): \"\(text)\" is out of order")
            last = r.lowerBound
        }
    }

    static let sections = [InspectionText.purpose, InspectionText.content, InspectionText.sectionIII, InspectionText.sectionIV, InspectionText.organisation]

    @Test func thePlansSectionsReadIToVOnTheOverviewAndThePlanForm() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, approve: false)
            let s = try await app.login("thuky")
            let overview = try await app.get("/inspections?year=2026", as: s)
            #expect(overview.status == .ok)
            Self.inOrder(Self.sections, in: overview.body.string, "overview")
            // The submitted plan is not edited; a draft's form reads in order.
            #expect(try await app.get("/inspections/plans/\(Self.id(w.plan))/edit", as: s).status == .seeOther)
            #expect(try await app.post("/inspections/plans", as: s, ["year": "2027", "purpose": "Mục đích", "content": "Nội dung"]).status == .seeOther)
            let draft = try #require(try await InspectionPlan.query(on: app.db).filter(\.$year == 2027).first())
            let form = try await app.get("/inspections/plans/\(Self.id(draft.id!))/edit", as: s)
            #expect(form.status == .ok)
            Self.inOrder(Self.sections, in: form.body.string, "plan form")
            Self.inOrder(Self.sections, in: try await app.get("/inspections/plans/new", as: s).body.string, "new plan form")
        }
    }

    @Test func thePlanFormOpensOnTheYearTheOverviewShows() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, _ in
            let s = try await app.login("thuky")
            let overview = try await app.get("/inspections?year=2027", as: s)
            #expect(overview.body.string.contains("href=\"/inspections/plans/new?year=2027\""))
            let form = try await app.get("/inspections/plans/new?year=2027", as: s)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("id=\"f-year\" name=\"year\" value=\"2027\""))
            // Without a year: the movement's current year.
            let plain = try await app.get("/inspections/plans/new", as: s)
            #expect(plain.body.string.contains("id=\"f-year\" name=\"year\" value=\"2026\""))
        }
    }

    /// The shared summary: a field without a label given to the summary is named by its own label on the page and
    /// linked to it; its message is said beside the field only.
    @Test func theErrorSummaryNamesEachFieldOfTheTeamAndVisitForms() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, approve: false)
            let s = try await app.login("thuky")
            let base = "/inspections/plans/\(Self.id(w.plan))"
            let team = try await app.postPairs(base + "/teams", as: s, [("name", ""), ("assignment", "Các thôn giữ lại"), ("leaderPersonId", ""),
                                                                        ("memberPersonId[]", "không-phải-id"), ("memberRole[]", "member"), ("memberTask[]", "Ghi chép")])
            #expect(team.status == .unprocessableEntity)
            let html = team.body.string
            #expect(html.contains("<a href=\"#f-name\">\(InspectionText.teamName)</a>"))
            #expect(html.contains("<a href=\"#f-leaderPersonId\">\(InspectionText.leader)</a>"))
            #expect(html.contains("<a href=\"#f-members.0\">\(InspectionText.memberName): \(InspectionText.memberLine(1))</a>"))
            #expect(!html.contains(FormKit.unlabelledMarker))
            // What was typed stays.
            #expect(html.contains("Các thôn giữ lại") && html.contains("value=\"Ghi chép\""))
            let visit = try await app.post(base + "/visits", as: s, ["unitId": "", "teamId": "", "date": "", "time": "", "place": "", "content": ""])
            #expect(visit.status == .unprocessableEntity)
            for (key, label) in [("visit-unitId", InspectionText.unit), ("teamId", InspectionText.team), ("date", InspectionText.date), ("place", InspectionText.place)] {
                #expect(visit.body.string.contains("<a href=\"#f-\(key)\">\(label)</a>"), "\(key) is not named")
            }
            // The "add a unit" and "schedule a visit" forms both send unitId: each control has its own id (axe: duplicate-id).
            #expect(visit.body.string.components(separatedBy: "id=\"f-unitId\"").count == 2)
            #expect(visit.body.string.contains("<select id=\"f-visit-unitId\" name=\"unitId\""))
        }
    }

    @Test func theSummaryNamesAFieldFromItsLabelOnAnyFormPage() throws {
        let state = FormState(values: ["name": ""], errors: ["name": CoreText.required, "gone": "Thông báo chung"])
        let page: Node<HTML.BodyContext> = .div(FormKit.errorSummary(state), FormKit.text("name", label: "Tên gọi", state: state),
                                                FormKit.checkboxes("kinds", label: "Loại", choices: [], selected: [], state: state))
        let html = FormKit.nameUnlabelledFields(in: HTML(.body(page)).render())
        #expect(html.contains("<a href=\"#f-name\">Tên gọi</a>"))
        // A field not on the page keeps its message; the message of a named one is beside its field only.
        #expect(html.contains("<a href=\"#f-gone\">Thông báo chung</a>"))
        #expect(html.components(separatedBy: CoreText.required).count == 2)
        let legend = FormKit.nameUnlabelledFields(in: HTML(.body(.div(
            FormKit.errorSummary(FormState(errors: ["kinds": "Chọn một"])),
            FormKit.checkboxes("kinds", label: "Loại", choices: [], selected: [], state: FormState(errors: ["kinds": "Chọn một"]))))).render())
        #expect(legend.contains("<a href=\"#f-kinds\">Loại</a>"))
    }

    @Test func theNoticeSaysWhenItWillGoAndWhenItWent() async throws {
        let clock = TestClock(day: "2026-11-25")
        try await withTestApp(clock: clock) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026")
            let path = "/inspections/visits/\(Self.id(w.visit))"
            let before = try await app.get(path, as: try await app.login("thuky"))
            #expect(before.body.string.contains("Thông báo sẽ gửi ngày 03/12/2026 (7 ngày trước buổi kiểm tra)"))
            #expect(try await app.get("/inspections?year=2026", as: try await app.login("thuky")).body.string.contains("Sẽ gửi ngày 03/12/2026"))
            clock.advance(by: 8 * 86_400)
            #expect(try await InspectionCommands.sendDueNotices(on: app.db, at: clock.now(), notifier: app.notifier) == 1)
            let after = try await app.get(path, as: try await app.login("daumoi"))
            #expect(after.body.string.contains("Đã gửi thông báo ngày 03/12/2026"))
        }
    }

    @Test func theVisitedUnitSeesNoVisitOfAPlanNotApproved() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "28/11/2026", approve: false)
            let path = "/inspections/visits/\(Self.id(w.visit))"
            let unit = try await app.login("daumoi")
            #expect(try await app.get(path, as: unit).status == .notFound)
            #expect(!(try await app.get("/inspections?year=2026", as: unit)).body.string.contains("Nhà văn hóa thôn Bình Thủy"))
            // The team and the council see it while it is a draft.
            #expect(try await app.get(path, as: try await app.login("hoidong")).status == .ok)
            #expect(try await app.get(path, as: try await app.login("thuky")).status == .ok)
            // Once approved, the unit does.
            let approved = try await app.post("/inspections/plans/\(Self.id(w.plan))/approve", as: try await app.login("lanhdao"), [:])
            #expect(approved.status == .seeOther)
            #expect(try await app.get(path, as: try await app.login("daumoi")).status == .ok)
            #expect(try await app.get("/inspections?year=2026", as: try await app.login("daumoi")).body.string.contains("Nhà văn hóa thôn Bình Thủy"))
        }
    }

    @Test func thePolicyHidesAVisitOfAnUnapprovedPlanFromItsUnitOnly() {
        let commune = UUID(), unit = UUID(), member = UUID()
        func user(_ id: UUID, unit: UUID?) -> CurrentUser {
            CurrentUser(id: id, communeID: commune, communeName: "", username: "", displayName: "", roles: [.unitFocalPoint],
                        unitID: unit, personID: nil, sessionID: UUID(), csrfToken: "", viaAPI: false)
        }
        let focal = user(UUID(), unit: unit), leader = user(member, unit: nil)
        for approved in [false, true] {
            let ref = InspectionVisitRef(communeID: commune, unitID: unit, teamUsers: [member], planApproved: approved)
            #expect(Policy.allows(focal, .viewInspectionVisit(ref)) == approved)
            #expect(Policy.allows(focal, .answerInspectionFollowUp(ref)) == approved)
            #expect(Policy.allows(leader, .viewInspectionVisit(ref)))
        }
    }

    /// The demo's notified visit got its notice through the sweep at the demo's date, seven days before: the focal
    /// point `daumoi` has it in the inbox, and the visit says when it went.
    @Test func theDemoFocalPointHasTheSentNoticeInTheInbox() async throws {
        try await withDemoApp { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "daumoi").first())
            let visit = try #require(try await InspectionVisit.query(on: app.db).filter(\.$unitID == user.unitID!)
                .filter(\.$status == InspectionVisitStatus.notified.rawValue).first())
            #expect(visit.noticeSentAt.map { LocalDate($0).iso } == "2026-11-20")
            let inbox = try await InboxMessage.query(on: app.db).filter(\.$userID == user.id!).all()
            #expect(inbox.filter { $0.title == InspectionText.visitNotice(visit.date!, visit.visitTime, visit.place) && $0.link == InspectionPaths.visit(visit.id) }.count == 1)
            let page = try await app.get(InspectionPaths.visit(visit.id), as: try await app.login("daumoi", password: DemoData.password))
            #expect(page.body.string.contains("Đã gửi thông báo ngày 20/11/2026"))
        }
    }

    /// The reviewer's points on an approved plan: the edit page says at once that it cannot be edited, the forms say that
    /// what is added is an amendment, the settings page is linked, a member line defaults to "Thành viên" and the leader
    /// chosen again as a member is told so.
    @Test func anApprovedPlanSaysWhatCanStillChangeAndTheTeamFormHelps() async throws {
        try await withTestApp { app, fx in
            let w = try await InspectionTests.plan(app, fx)
            let s = try await app.login("thuky")
            let edit = try await app.get("/inspections/plans/\(Self.id(w.plan))/edit", as: s)
            #expect(edit.status == .seeOther)
            let overview = try await app.get("/inspections?year=2026", as: s)
            #expect(overview.body.string.contains(InspectionText.amendAfterApproval))
            #expect(overview.body.string.contains("href=\"\(InspectionSettingsController.path)\""))
            // An untouched member line is an ordinary member.
            #expect(overview.body.string.contains("<select name=\"memberRole[]\" id=\"f-memberRole.0\" aria-label=\"\(InspectionText.memberRole): \(InspectionText.memberLine(1))\"><option value=\"member\""))
            // The council member (not the secretariat) sees no settings link.
            #expect(!(try await app.get("/inspections?year=2026", as: try await app.login("daumoi")).body.string.contains(InspectionSettingsController.path)))
            let leader = try #require(try await InspectionTeamMember.query(on: app.db).filter(\.$teamID == w.team).filter(\.$role == InspectionTeamRole.leader.rawValue).first())
            let res = try await app.postPairs("/inspections/plans/\(Self.id(w.plan))/teams", as: s, [
                ("name", "Đoàn số 2"), ("leaderPersonId", Self.id(leader.personID)), ("leaderTask", ""),
                ("memberPersonId[]", Self.id(leader.personID)), ("memberRole[]", "member"), ("memberTask[]", "")])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(InspectionText.memberIsLeader))
        }
    }
}
