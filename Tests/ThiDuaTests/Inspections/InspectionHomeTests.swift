import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 15: the visited unit's focal point sees its visit and the notice's date on the home page; the secretariat's
/// home lists the overdue follow-ups; the public schedule of visits shows the approved plan's unit, date and content,
/// never the findings.
@Suite("Inspections on the home page and the public schedule")
struct InspectionHomeTests {
    static let password = "ThiDua@2026"

    /// The `<section id="home-inspections">…</section>` of a page, or nil.
    static func section(_ html: String) -> String? {
        guard let start = html.range(of: #"<section id="home-inspections""#),
              let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func commune(_ app: Application) async throws -> UUID {
        try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first()?.id)
    }

    /// A focal-point account (the demo's password) for `unitID`.
    static func focalPoint(_ app: Application, _ username: String, unit unitID: UUID) async throws {
        let daumoi = try #require(try await User.query(on: app.db).filter(\.$username == "daumoi").first())
        let user = User(communeID: daumoi.communeID, username: username, displayName: "Đầu mối \(username)",
                        passwordHash: daumoi.passwordHash, unitID: unitID, personID: nil)
        try await user.create(on: app.db)
        try await UserRole(userID: try user.requireID(), communeID: daumoi.communeID, role: .unitFocalPoint).create(on: app.db)
    }

    @Test func theVisitedUnitsFocalPointSeesItsVisitAndTheNoticeDateAnUnvisitedUnitSeesNoSection() async throws {
        try await withDemoApp { app in
            // setup
            let communeID = try await Self.commune(app)
            let unitID = try #require(try await User.query(on: app.db).filter(\.$username == "daumoi").first()?.unitID)
            let visit = try #require(try await InspectionVisit.query(on: app.db).filter(\.$communeID == communeID).filter(\.$unitID == unitID).first())
            let sent = try #require(visit.noticeSentAt, "the demo's visit of the focal point's unit is notified")
            let visited = Set(try await InspectionVisit.query(on: app.db).filter(\.$communeID == communeID).all().map(\.unitID))
            let other = try #require(try await ThiDua.Unit.query(on: app.db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
                .first { !visited.contains(try $0.requireID()) })
            try await Self.focalPoint(app, "daumoi.khac", unit: try other.requireID())
            // act
            let html = try await app.get("/", as: try await app.login("daumoi", password: Self.password)).body.string
            let quiet = try await app.get("/", as: try await app.login("daumoi.khac", password: Self.password))
            // check
            let section = try #require(Self.section(html), "no inspection section on the focal point's home")
            #expect(section.contains(try #require(visit.date).vietnamese))
            #expect(section.contains("27/11/2026"))
            #expect(section.contains(HTMLEscape.text(InspectionHomeText.noticeSent(VietnamTime.date(sent)))))
            #expect(section.contains(InspectionPaths.visit(visit.id)))
            #expect(section.contains(visit.visitTime))
            #expect(quiet.status == .ok)
            #expect(!quiet.body.string.contains("home-inspections"), "a unit without a visit shows no inspection section")
        }
    }

    @Test func theSecretariatsHomeListsTheOverdueFollowUp() async throws {
        try await withDemoApp { app in
            // setup
            let communeID = try await Self.commune(app)
            let today = LocalDate(app.clock.now())
            let items = try await InspectionFollowUp.query(on: app.db).filter(\.$communeID == communeID).all()
            let late = try #require(items.first { $0.state.isAnswerable && LocalDate(iso: $0.dueDate).map { $0 < today } == true })
            let lateVisit = try await InspectionQueries.visit(late.visitID, communeID: communeID, on: app.db)
            let unitName = try #require(try await ThiDua.Unit.find(lateVisit.unitID, on: app.db)?.name)
            let answered = try #require(items.first { $0.state == .answered })
            // act
            let html = try await app.get("/", as: try await app.login("canbo.thidua", password: Self.password)).body.string
            // check
            let section = try #require(Self.section(html), "no inspection section on the secretariat's home")
            #expect(section.contains(HTMLEscape.text(unitName)))
            #expect(section.contains(try #require(LocalDate(iso: late.dueDate)).vietnamese))
            #expect(section.contains(HTMLEscape.text(InspectionHomeText.overdue)))
            #expect(section.contains(InspectionPaths.visit(late.visitID)))
            // Only the one overdue item is counted: the answered one, past its date too, waits for the team, not the unit.
            #expect(section.contains(InspectionPaths.visit(answered.visitID)) == false)
            #expect(section.contains(#"<span class="stat-value">1</span><span class="stat-label">\#(HTMLEscape.text(InspectionHomeText.overdueCount))"#))
        }
    }

    @Test func thePublicScheduleListsTheApprovedVisitsWithoutFindingsAndNeverADraft() async throws {
        try await withDemoApp { app in
            // setup
            let communeID = try await Self.commune(app)
            let plan = try #require(try await InspectionQueries.plan(on: app.db, communeID: communeID, year: 2026))
            let visits = try await InspectionVisit.query(on: app.db).filter(\.$planID == plan.id!).all()
            let names = try await DirectoryQueries.unitNames(on: app.db, ids: Set(visits.map(\.unitID)))
            // A draft plan for 2027 with a visit of a unit the 2026 plan does not visit.
            let actor = AuditActor.system(communeID: communeID, at: app.clock.now())
            let draft = try await InspectionCommands.createPlan(InspectionPlanInput(year: "2027", purpose: "Mục đích", content: "Nội dung"),
                                                                actor: actor, on: app.db)
            let unit = try #require(try await ThiDua.Unit.query(on: app.db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
                .first { names[try $0.requireID()] == nil })
            let people = try await Person.query(on: app.db).filter(\.$communeID == communeID).sort(\.$fullName).limit(2).all()
            let team = try await InspectionCommands.createTeam(draft, InspectionTeamInput(
                name: "Đoàn nháp", leaderPersonId: people[0].id!.uuidString,
                members: [InspectionMemberInput(personId: people[1].id!.uuidString, role: "member", task: "Ghi chép")]), actor: actor, on: app.db)
            _ = try await InspectionCommands.addTarget(draft, unitId: unit.id!.uuidString, reason: "Lý do", actor: actor, on: app.db)
            _ = try await InspectionCommands.scheduleVisit(draft, InspectionVisitInput(
                unitId: unit.id!.uuidString, teamId: team.id!.uuidString, date: "09/03/2027", time: "08:00", place: "Trụ sở",
                content: "Nội dung kiểm tra nháp chưa công bố"), actor: actor, notifier: nil, on: app.db)
            // act
            let page = try await app.get(InspectionPublicController.path("nghia-trung", year: 2026), as: nil)
            let draftPage = try await app.get(InspectionPublicController.path("nghia-trung", year: 2027), as: nil).body.string
            let other = try await app.get(InspectionPublicController.path(DemoData.otherCommune.code, year: 2026), as: nil).body.string
            let showcase = try await app.get(SiteURL.showcase("nghia-trung").path, as: nil).body.string
            // check
            #expect(page.status == .ok)
            let html = page.body.string
            for v in visits {
                #expect(html.contains(try #require(v.date).vietnamese), "visit of \(v.visitDate) missing")
                #expect(html.contains(HTMLEscape.text(try #require(names[v.unitID]))))
            }
            #expect(html.contains(HTMLEscape.text(visits[0].content)))
            let findings = try await InspectionFinding.query(on: app.db).filter(\.$communeID == communeID).all()
            #expect(!findings.isEmpty)
            let followUps = try await InspectionFollowUp.query(on: app.db).filter(\.$communeID == communeID).all()
            let recorded = try #require(visits.first { !$0.strengths.isEmpty })
            for secret in findings.map(\.text) + followUps.map(\.text) + [recorded.strengths, recorded.weaknesses, recorded.conclusion, recorded.place]
                where !secret.isEmpty {
                #expect(!html.contains(HTMLEscape.text(secret)), "the public schedule shows \(secret)")
            }
            #expect(!html.contains("Hồ sơ minh chứng chưa đầy đủ"), "a checklist note is shown")
            #expect(!html.contains("09/03/2027") && !draftPage.contains("09/03/2027"))
            #expect(!draftPage.contains(HTMLEscape.text(unit.name)) && !draftPage.contains("Nội dung kiểm tra nháp"))
            #expect(draftPage.contains(HTMLEscape.text(InspectionHomeText.noPlan(2027))))
            #expect(!html.contains(#"<option value="2027""#), "the year picker offers a year without an approved plan")
            // Another commune's page shows only its own (it has no plan).
            #expect(!other.contains(visits[0].date!.vietnamese))
            #expect(other.contains(HTMLEscape.text(InspectionHomeText.noPlan(2026))))
            #expect(showcase.contains(InspectionPublicController.path("nghia-trung")))
        }
    }

    @Test func aHostileUnitNameIsEscapedOnTheHomesAndThePublicSchedule() async throws {
        try await withDemoApp { app in
            // setup
            let communeID = try await Self.commune(app)
            let unitID = try #require(try await User.query(on: app.db).filter(\.$username == "daumoi").first()?.unitID)
            let today = LocalDate(app.clock.now())
            let late = try #require(try await InspectionFollowUp.query(on: app.db).filter(\.$communeID == communeID).all()
                .first { $0.state.isAnswerable && LocalDate(iso: $0.dueDate).map { $0 < today } == true })
            let lateUnit = try await InspectionQueries.visit(late.visitID, communeID: communeID, on: app.db).unitID
            for id in [unitID, lateUnit] {
                let unit = try #require(try await ThiDua.Unit.find(id, on: app.db))
                unit.name = HostileDataTests.payload + unit.name
                try await unit.update(on: app.db)
            }
            let visit = try #require(try await InspectionVisit.query(on: app.db).filter(\.$unitID == unitID).first())
            visit.place = HostileDataTests.payload + visit.place
            visit.content = HostileDataTests.payload + visit.content
            try await visit.update(on: app.db)
            late.text = HostileDataTests.payload + late.text
            try await late.update(on: app.db)
            // act
            let focal = try await app.get("/", as: try await app.login("daumoi", password: Self.password)).body.string
            let secretariat = try await app.get("/", as: try await app.login("canbo.thidua", password: Self.password)).body.string
            let schedule = try await app.get(InspectionPublicController.path("nghia-trung", year: 2026), as: nil).body.string
            // check: the payload is shown as text, and nothing made an attribute or an element of it.
            for (name, html) in [("focal point's home", focal), ("secretariat's home", secretariat), ("public schedule", schedule)] {
                #expect(html.contains(HTMLEscape.text(HostileDataTests.payload)), "\(name): the payload is not shown")
                #expect(HostileDataTests.injected(html).isEmpty, "\(name): \(HostileDataTests.injected(html))")
            }
            #expect(try #require(Self.section(secretariat)).contains(HTMLEscape.text(late.text)))
        }
    }

    @Test func theHomesSectionRunsTheSameStatementsWithMoreVisitsAndItems() async throws {
        try await withStatementLog { app, log in
            // setup
            let communeID = try await Self.commune(app)
            let unitID = try #require(try await User.query(on: app.db).filter(\.$username == "daumoi").first()?.unitID)
            let plan = try #require(try await InspectionQueries.plan(on: app.db, communeID: communeID, year: 2026))
            let team = try #require(try await InspectionTeam.query(on: app.db).filter(\.$planID == plan.id!).first())
            let focal = try await app.login("daumoi", password: Self.password)
            let secretariat = try await app.login("canbo.thidua", password: Self.password)
            func measure() async throws -> (Int, Int) {
                let a = try await log.during {
                    let res = try await app.get("/", as: focal)
                    #expect(res.status == .ok)
                }
                let b = try await log.during {
                    let res = try await app.get("/", as: secretariat)
                    #expect(res.status == .ok)
                }
                return (a.count, b.count)
            }
            _ = try await measure()
            let small = try await measure()
            // act: more visits of the focal point's unit, and more overdue items.
            let actor = AuditActor.system(communeID: communeID, at: app.clock.now())
            for day in 1...6 {
                let v = try await InspectionCommands.scheduleVisit(plan, InspectionVisitInput(
                    unitId: unitID.uuidString, teamId: team.id!.uuidString, date: String(format: "%02d/12/2026", 18 + day), time: "08:00",
                    place: "Nhà văn hóa", content: "Kiểm tra thêm"), actor: actor, notifier: nil, on: app.db)
                for n in 0..<3 {
                    let f = InspectionFollowUp()
                    f.communeID = communeID; f.visitID = v.id!; f.position = n; f.text = "Kiến nghị \(day)-\(n)"; f.dueDate = "2026-11-0\(n + 1)"
                    f.status = InspectionFollowUpStatus.open.rawValue; f.answer = ""; f.answeredBy = ""; f.decisionNote = ""; f.decidedBy = ""
                    f.createdAt = app.clock.now(); f.version = 1
                    try await f.create(on: app.db)
                }
            }
            let large = try await measure()
            // check
            print("home with inspections, statements: focal point \(small.0) → \(large.0), secretariat \(small.1) → \(large.1)")
            #expect(large.0 == small.0 && large.1 == small.1)
            #expect(large.1 <= QueryBudgetTests.budget, "secretariat's home: \(large.1) statements")
            let html = try await app.get("/", as: secretariat).body.string
            #expect(try #require(Self.section(html)).contains(HTMLEscape.text(InspectionHomeText.moreOverdue(19 - InspectionHome.itemLimit))))
        }
    }
}
