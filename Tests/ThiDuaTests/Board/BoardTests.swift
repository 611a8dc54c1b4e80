import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("The secretariat's board lists what waits for it")
struct BoardTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static func at(_ day: String) -> Date { ISO8601DateFormatter().date(from: "\(day)T02:00:00Z")! }

    static func registration(_ app: Application, _ fx: Fixtures, _ owner: PledgeOwner, submittedOn day: String) async throws -> Registration {
        let actor = AuditActor.system(communeID: fx.communeA, at: at(day))
        let content = RegistrationContent(focus: "Chuyển đổi số", plannedInitiatives: "",
                                          targets: [TargetLine(id: nil, name: "Hộ dùng VNeID mức 2", unitOfMeasure: "%", baseline: 40, targetValue: 80, contentAreaId: nil, dueDate: nil)],
                                          products: [])
        let r = try await RegistrationCommands.save(owner: owner, year: 2026, content: content, expectedVersion: nil, communeID: fx.communeA, actor: actor, on: app.db)
        try await RegistrationCommands.submit(r, ownerName: "", actor: actor, on: app.db)
        return r
    }

    static func report(_ app: Application, _ fx: Fixtures, unit unitID: UUID, submittedOn day: String) async throws -> AnnualReport {
        let actor = AuditActor.system(communeID: fx.communeA, at: at(day))
        let unit = try #require(try await Unit.find(unitID, on: app.db))
        let r = try await ReportCommands.save(ReportInput(results: "Đạt chỉ tiêu", lessons: "", proposals: "", initiativesApplied: "", actuals: [:], notes: [:],
                                                          delivered: [], productNotes: [:]),
                                              unit: unit, year: 2026, expectedVersion: nil, actor: actor, on: app.db).report
        try await ReportCommands.submit(r, unitName: unit.name, actor: actor, on: app.db)
        return r
    }

    @Test func reportsAndRegistrationsWaitingAreListedOldestFirstWithALinkEach() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, fx in
            // Waiting: the village's report (latest), the person's pledge, the village's registration (oldest).
            _ = try await Self.report(app, fx, unit: fx.villageA, submittedOn: "2026-11-12")
            _ = try await Self.registration(app, fx, .person(fx.official), submittedOn: "2026-03-05")
            _ = try await Self.registration(app, fx, .unit(fx.villageA), submittedOn: "2026-02-10")
            // Not waiting: an accepted registration, a returned report, a draft.
            let accepted = try await Self.registration(app, fx, .unit(fx.agencyA), submittedOn: "2026-01-15")
            try await RegistrationCommands.decide(accepted, accept: true, reason: "", actor: .system(communeID: fx.communeA, at: Self.at("2026-01-20")), on: app.db)
            let returned = try await Self.report(app, fx, unit: fx.agencyA, submittedOn: "2026-11-01")
            try await ReportCommands.decide(returned, accept: false, reason: "Thiếu số liệu", actor: .system(communeID: fx.communeA, at: Self.at("2026-11-02")), on: app.db)
            // Another commune's submission is never shown.
            let actorB = AuditActor.system(communeID: fx.communeB, at: Self.at("2026-01-01"))
            let regB = try await RegistrationCommands.save(owner: .unit(fx.unitB), year: 2026, content: RegistrationContent(focus: "x", plannedInitiatives: "",
                targets: [TargetLine(id: nil, name: "Chỉ tiêu", unitOfMeasure: "%", baseline: nil, targetValue: 1, contentAreaId: nil, dueDate: nil)], products: []),
                expectedVersion: nil, communeID: fx.communeB, actor: actorB, on: app.db)
            try await RegistrationCommands.submit(regB, ownerName: "", actor: actorB, on: app.db)

            let board = try await app.get("/board?year=2026", as: try await app.login("thuky"))
            #expect(board.status == .ok)
            let html = board.body.string
            let start = try #require(html.range(of: "id=\"cho-xem-xet\""))
            let section = String(html[start.upperBound...]).components(separatedBy: "</section>")[0]
            #expect(section.contains(BoardText.waiting(3)))
            let links = ["href=\"/registrations/2026/units/\(Self.id(fx.villageA))\"",
                         "href=\"/registrations/2026/people/\(Self.id(fx.official))\"",
                         "href=\"/reports/2026/units/\(Self.id(fx.villageA))\""]
            let positions = links.map { section.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "every waiting item links to its page: \(section)")
            let found = positions.compactMap { $0 }
            #expect(found == found.sorted(), "oldest submission first")
            #expect(!section.contains(Self.id(fx.agencyA)), "accepted and returned are not waiting")
            #expect(!section.contains(Self.id(fx.unitB)), "another commune's are not shown")
            #expect(section.contains("Trần Thị Thu Hà") && section.contains("Thôn Bình Thủy"))
            #expect(section.contains(BoardText.kindReport) && section.contains(BoardText.kindRegistration) && section.contains(BoardText.kindPledge))
        }
    }

    @Test func nothingWaitingIsSaidAsSuch() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, _ in
            let html = try await app.get("/board?year=2026", as: try await app.login("thuky")).body.string
            #expect(html.contains(BoardText.waiting(0)))
            #expect(html.contains(BoardText.waitingNone))
        }
    }
}
