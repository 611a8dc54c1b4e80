import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("The Nghĩa Trung demo")
struct DemoTests {
    @Test func demoIsRealisticAndEveryLoginWorks() async throws {
        let database = try await TestDatabase.make()
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: Settings(dataDirectory: "/tmp", database: database.choice, logLevel: .warning, bcryptCost: 4))
            try await app.autoMigrate()
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
        } catch {
            try? await app.asyncShutdown()
            await database.drop()
            throw error
        }
        try await app.asyncShutdown()
        await database.drop()
    }
}
