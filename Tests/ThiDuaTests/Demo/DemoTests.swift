import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("The Nghĩa Trung demo")
struct DemoTests {
    @Test func demoIsRealisticAndEveryLoginWorks() async throws {
        try await withFreshApp { app in
            #expect(try await DemoSeeder.isEmpty(app.db))
            let summary = try await DemoSeeder.seed(app)
            #expect(!(try await DemoSeeder.isEmpty(app.db)))
            let nghiaTrung = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first())
            func count(_ kinds: [UnitKind]) async throws -> Int {
                try await Unit.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).filter(\.$kind ~~ kinds.map(\.rawValue)).count()
            }
            #expect(try await count([.village]) >= 20)
            #expect(try await count([.agency, .organisation, .school]) >= 40)
            #expect(try await count([.business]) >= 60)
            #expect(try await Person.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).count() >= 300)
            #expect(try await Unit.query(on: app.db).filter(\.$name == "Phòng Văn hóa - Xã hội").count() == 1)
            #expect(try await CouncilMember.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).count() >= 5)
            // 2026: most units registered, reports in every state with evidence, difficulties in several states.
            let units2026 = try await Unit.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).count()
            let registrations = try await Registration.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).filter(\.$year == 2026).all()
            #expect(registrations.count * 10 >= units2026 * 8, "most units registered: \(registrations.count) of \(units2026)")
            let reports = try await AnnualReport.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).filter(\.$year == 2026).all()
            #expect(Set(reports.map(\.workflow)) == Set(WorkflowStatus.allCases))
            #expect(reports.contains { $0.isLate })
            #expect(try await Evidence.query(on: app.db).filter(\.$kind == "file").count() == reports.count)
            #expect(Set(try await Difficulty.query(on: app.db).all().map(\.state)).count >= 3)
            // Initiatives: 30+, every state, near-duplicates flagged.
            let initiatives = try await Initiative.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).all()
            #expect(initiatives.count >= 30)
            #expect(Set(initiatives.map(\.state)) == Set(InitiativeStatus.allCases))
            let first = try #require(initiatives.first { $0.title.hasPrefix("Hướng dẫn người dân nộp hồ sơ") })
            let secretariat = CurrentUser(id: UUID(), communeID: nghiaTrung.id!, communeName: "", username: "", displayName: "", roles: [.secretariat],
                                          unitID: nil, personID: nil, sessionID: UUID(), csrfToken: "", viaAPI: false)
            let similar = try await InitiativeQueries.similar(on: app.db, communeID: nghiaTrung.id!, title: first.title, summary: first.summary,
                                                              excluding: first.id, visibleTo: secretariat)
            #expect(similar.contains { $0.title.hasPrefix("Hướng dẫn nộp hồ sơ dịch vụ công") })
            // Commendation 2026: a finished meeting, a posted list with an answered objection, a signed decision with awards.
            let nominations = try await Nomination.query(on: app.db).filter(\.$communeID == nghiaTrung.id!).all()
            #expect(Set(nominations.map(\.state)).isSuperset(of: [.decided, .rejected, .proposed]))
            #expect(try await CouncilMeeting.query(on: app.db).filter(\.$status == "closed").count() == 1)
            #expect(try await Objection.query(on: app.db).filter(\.$answeredAt != nil).count() == 1)
            let decision = try #require(try await CommendationDecision.query(on: app.db).filter(\.$kind == "decision").first())
            #expect(decision.numberText == "187/QĐ-UBND" && decision.status == "signed")
            #expect(try await Award.query(on: app.db).count() >= 15)
            let chutich = try await app.login("chutich", password: DemoData.password)
            let commendations = try await app.get("/commendations?year=2026", as: chutich)
            #expect(commendations.status == .ok && commendations.body.string.contains("187/QĐ-UBND"))
            let focal = try await app.login("daumoi", password: DemoData.password)
            #expect(try await app.get("/", as: focal).status == .ok)
            // Scoring 2026: most units with an accepted report are ranked, a few gaps flagged; the council member sees the page.
            let scoring = try await ScoringQueries.settings(on: app.db, communeID: nghiaTrung.id!)
            let ranked = try await ScoringQueries.ranking(on: app.db, communeID: nghiaTrung.id!, year: 2026, config: scoring).flatMap(\.rows)
            let accepted = reports.filter { $0.workflow == .accepted }.count
            #expect(ranked.count * 10 >= accepted * 7, "scored: \(ranked.count) of \(accepted) accepted reports")
            #expect(ranked.filter { $0.finalTotal != nil }.count * 10 >= ranked.count * 8)
            #expect(ranked.contains { $0.gapFlagged } && ranked.filter(\.gapFlagged).count * 3 < ranked.count)
            let council = try await app.get("/scoring/2026", as: try await app.login("hoidong", password: DemoData.password))
            #expect(council.status == .ok && council.body.string.contains("Xuất sắc"))
            #expect(summary.logins.map(\.role).sorted() == Role.allCases.sorted(), "one login per role")
            #expect(summary.banner(url: "http://127.0.0.1:8080").contains("ThiDua@2026"))
            for login in summary.logins {
                let session = try await app.login(login.username, password: DemoData.password)
                let home = try await app.get("/", as: session)
                #expect(home.body.string.contains("Trang làm việc"))
            }
            // The second commune exists and is separate.
            let other = try await app.login("admin.phuson", password: DemoData.password)
            let units = try await app.get("/units", as: other)
            #expect(units.body.string.contains("Thôn Phú Lâm"))
            #expect(!units.body.string.contains("Thôn Bình Thủy"))
        }
    }
}
