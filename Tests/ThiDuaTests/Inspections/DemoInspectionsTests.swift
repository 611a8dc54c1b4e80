import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("The demo's 2026 inspection plan")
struct DemoInspectionsTests {
    /// The plan is approved, has two teams and eight visits in every state, with one item overdue and one answered,
    /// and the demo's focal point sees its own unit's visit.
    @Test func planHasVisitsInEveryState() async throws {
        try await withDemoApp { app in
            let commune = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first()?.id)
            let plan = try #require(try await InspectionPlan.query(on: app.db).filter(\.$communeID == commune).filter(\.$year == 2026).first())
            #expect(plan.state == .approved)
            #expect(try await InspectionTeam.query(on: app.db).filter(\.$planID == plan.id!).count() == 2)
            let visits = try await InspectionVisit.query(on: app.db).filter(\.$planID == plan.id!).all()
            #expect(visits.count == 8)
            #expect(Set(visits.map(\.state)) == Set(InspectionVisitStatus.allCases))
            let items = try await InspectionFollowUp.query(on: app.db).filter(\.$communeID == commune).all()
            #expect(Set(items.map(\.state)) == [.open, .answered, .closed])
            let today = LocalDate(app.clock.now())
            #expect(items.contains { $0.state == .open && (LocalDate(iso: $0.dueDate).map { $0 < today } ?? false) }, "one item overdue")
            #expect(try await InspectionFile.query(on: app.db).filter(\.$communeID == commune).count() >= 4)
            // What the yearly review counts agrees with the rows.
            let counts = try await InspectionQueries.yearCounts(on: app.db, communeID: commune, year: 2026, today: today)
            #expect(counts.planStatus == .approved)
            #expect(counts.visitsPlanned == 8)
            #expect(counts.visitsHeld == visits.filter { [.visited, .concluded, .closed].contains($0.state) }.count)
            #expect(counts.conclusions == visits.filter { [.concluded, .closed].contains($0.state) }.count)
            #expect(counts.followUpsTotal == items.count)
            #expect(counts.followUpsClosed == items.filter { $0.state == .closed }.count)
            #expect(counts.overdue == items.filter { [.open, .reopened].contains($0.state) && (LocalDate(iso: $0.dueDate).map { $0 < today } ?? false) }.count)
            // An item answered after its date waits for the team: not overdue (the reviewer saw it counted so on the plan page).
            #expect(!InspectionFollowUpStatus.answered.isOverdue(due: LocalDate(iso: "2026-01-01"), today: today))
            #expect(counts.overdue >= 1)
            // The plan page counts overdue items by the same rule as the review and the homes.
            let rows = try await InspectionPageQueries.visitRows(on: app.db, communeID: commune, planID: plan.id!, today: today)
            #expect(rows.reduce(0) { $0 + $1.overdueFollowUps } == counts.overdue)
            #expect(try await InspectionQueries.yearCounts(on: app.db, communeID: commune, year: 2027, today: today) == InspectionYearCounts())
            let focal = try await app.login("daumoi", password: "ThiDua@2026")
            let unit = try #require(try await User.query(on: app.db).filter(\.$username == "daumoi").first()?.unitID)
            let own = try #require(visits.first { $0.unitID == unit })
            #expect(try await app.get(InspectionPaths.visit(own.id), as: focal).status == .ok)
        }
    }
}
