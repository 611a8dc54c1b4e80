import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 15, "the team's scores reach the scoring screen": the team's checklist scores are offered to the council's
/// scoring of the unit with the link to the visit, the council member confirms them, and nothing the council entered
/// is replaced.
@Suite("Inspections: the team's scores offered to the council's scoring")
struct InspectionScoringLinkTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// The plan and visit of ``InspectionTests/plan(_:_:date:approve:)`` on 25/11/2026 (the clock's day), `hoidong`
    /// leading the team and also the council member following the village; the team's scores of the first two criteria.
    static func visited(_ app: Application, _ fx: Fixtures, points: [String]) async throws -> (InspectionTests.World, CouncilMember, [Criterion]) {
        let w = try await InspectionTests.plan(app, fx, date: "25/11/2026")
        let member = try await ScoringTests.member(app, fx, user: "hoidong", areas: [fx.villageA])
        let criteria = try await ScoringTests.criteria(app, fx)
        try #require(criteria.count >= 2)
        let leader = try await app.login("hoidong")
        let visitPath = "/inspections/visits/\(id(w.visit))"
        let pairs = criteria.enumerated().flatMap { i, c in [("criterionId[]", id(c.id!)), ("teamPoints[]", points[safe: i] ?? ""), ("note[]", "")] }
        #expect(try await app.postPairs(visitPath + "/checklist", as: leader, pairs).status == .seeOther)
        return (w, member, criteria)
    }

    static func minutes(_ app: Application, _ visitPath: String) async throws {
        let res = try await app.post(visitPath + "/minutes", as: try await app.login("hoidong"), [
            "startsAt": "08:00", "endsAt": "11:00", "place": "Nhà văn hóa thôn", "teamAttendees": "Nguyễn Văn Kiểm",
            "unitAttendees": "Nguyễn Văn Trưởng", "strengths": "Hồ sơ đầy đủ."])
        #expect(res.status == .seeOther)
    }

    static func offered(_ app: Application) async throws -> [UnitScore] {
        try await UnitScore.query(on: app.db).filter(\.$scorerKind == ScorerKind.inspection.rawValue).all()
    }

    @Test func theTeamsScoresReachTheScoringScreenWithTheLinkToTheVisit() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            // setup: the checklist is recorded, the minutes are not
            let (w, member, criteria) = try await Self.visited(app, fx, points: ["12", "7,5"])
            let visitPath = "/inspections/visits/\(Self.id(w.visit))"
            let leader = try await app.login("hoidong")
            // Before the minutes: refused with the reason, nothing offered.
            let early = try await app.post(visitPath + "/offer-scores", as: leader, [:])
            #expect(early.status == .conflict)
            #expect(early.body.string.contains(ScoringText.offerNeedsChecklist))
            #expect(try await Self.offered(app).isEmpty)
            try await Self.minutes(app, visitPath)
            // Only the leader (and the secretariat) sees the button and may offer.
            #expect(try await app.get(visitPath, as: leader).body.string.contains(ScoringText.offerButton))
            let teamMember = try await app.login("canhan")
            #expect(!(try await app.get(visitPath, as: teamMember).body.string.contains(ScoringText.offerButton)))
            for name in ["canhan", "daumoi", "giamsat"] {
                #expect(try await app.post(visitPath + "/offer-scores", as: try await app.login(name), [:]).status == .forbidden, "\(name)")
            }
            #expect(try await Self.offered(app).isEmpty)

            // act
            let res = try await app.post(visitPath + "/offer-scores", as: leader, [:])

            // check: the offer is kept with the visit, beside (not in) the council's scores
            #expect(res.status == .seeOther)
            let rows = try await Self.offered(app)
            #expect(rows.count == 2)
            #expect(rows.allSatisfy { $0.inspectionVisitID == w.visit && $0.unitID == fx.villageA && $0.year == 2026 && $0.memberID == nil })
            #expect(rows.first { $0.criterionID == criteria[0].id }?.points == 12)
            #expect(rows.first { $0.criterionID == criteria[1].id }?.points == 7.5)
            #expect(try await UnitScore.query(on: app.db).filter(\.$scorerKind == ScorerKind.council.rawValue).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "unit_score").filter(\.$objectLabel ~~ ScoringText.offeredTitle).count() == 1)
            #expect(try await InspectionTests.inbox(app, "thuky", containing: "Đoàn kiểm tra đề xuất điểm chấm") == 1)
            // The scoring screen, as the council member: the team's scores, the link to the visit, the form pre-filled.
            let sheetPath = ScoringTests.sheetPath(fx.villageA)
            let page = try await app.get(sheetPath, as: leader)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("id=\"inspection-offers\""))
            #expect(html.contains(ScoringText.offeredTitle))
            #expect(html.contains("href=\"\(visitPath)\">\(ScoringText.offerLink("25/11/2026"))</a>"))
            let c0 = Self.id(criteria[0].id!), c1 = Self.id(criteria[1].id!)
            #expect(html.contains("name=\"points[\(c0)]\" value=\"12\""))
            #expect(html.contains("name=\"points[\(c1)]\" value=\"7,5\""))
            #expect(html.contains("id=\"offer-prefilled\""))
            // Not the council's score until a member confirms it.
            let unit = try #require(try await ThiDua.Unit.find(fx.villageA, on: app.db))
            #expect(try await ScoringQueries.sheet(on: app.db, unit: unit, year: 2026).totals.finalTotal == nil)
            let confirmed = try await app.post(sheetPath + "/council", as: leader, ["points[\(c0)]": "12", "points[\(c1)]": "7,5"])
            #expect(confirmed.status == .seeOther)
            let council = try await UnitScore.query(on: app.db).filter(\.$scorerKind == ScorerKind.council.rawValue).all()
            #expect(council.count == 2 && council.allSatisfy { $0.memberID == member.id })
            #expect(try await ScoringQueries.sheet(on: app.db, unit: unit, year: 2026).totals.finalTotal == 19.5)
            // The unit's focal point sees the offer and its link on its own sheet too.
            #expect(try await app.get(sheetPath, as: try await app.login("daumoi")).body.string.contains(ScoringText.offerLink("25/11/2026")))
        }
    }

    @Test func theCouncilsOwnScoreIsKeptAndShownBesideTheOffer() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-25")) { app, fx in
            // setup: the council member scored the first criterion 5 before the visit
            let (w, member, criteria) = try await Self.visited(app, fx, points: ["12", "7"])
            try await ScoringTests.record(app, fx, unit: fx.villageA, kind: .council, member: member.id, [0: 5])
            let visitPath = "/inspections/visits/\(Self.id(w.visit))"
            try await Self.minutes(app, visitPath)

            // act: the secretariat offers the team's scores
            let secretariat = try await app.login("thuky")
            let res = try await app.post(visitPath + "/offer-scores", as: secretariat, [:])

            // check: the council's 5 stays, said so; both scores show on the sheet
            #expect(res.status == .seeOther)
            let mine = try await UnitScore.query(on: app.db).filter(\.$scorerKind == ScorerKind.council.rawValue).all()
            #expect(mine.count == 1 && mine.first?.points == 5 && mine.first?.criterionID == criteria[0].id)
            #expect(try await Self.offered(app).count == 2)
            let flash = try #require(Flash(cookieValue: res.headers.setCookie?[Flash.cookieName]?.string ?? ""))
            #expect(flash.kind == .warning && flash.message.contains(ScoringText.offeredKept(1)), "\(flash.message)")
            let html = try await app.get(ScoringTests.sheetPath(fx.villageA), as: try await app.login("hoidong")).body.string
            let c0 = Self.id(criteria[0].id!), c1 = Self.id(criteria[1].id!)
            #expect(html.contains("name=\"points[\(c0)]\" value=\"5\""))
            #expect(html.contains("name=\"points[\(c1)]\" value=\"7\""))
            #expect(html.contains(ScoringText.offerColumn("25/11/2026")))
            // Offering the same scores again changes nothing (no second audit entry).
            #expect(try await app.post(visitPath + "/offer-scores", as: secretariat, [:]).status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "unit_score").filter(\.$objectLabel ~~ ScoringText.offeredTitle).count() == 1)
        }
    }
}
