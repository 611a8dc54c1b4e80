import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Tenant isolation and the audit log")
struct TenancyAndAuditTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    @Test func nothingOfTheOtherCommuneIsVisible() async throws {
        try await withTestApp { app, fx in
            let b = try await app.login("admin.b")
            // Pages: lists hold only Phú Sơn, ids of Nghĩa Trung are 404.
            let units = try await app.get("/units", as: b)
            #expect(units.body.string.contains("Thôn Phú Lâm"))
            #expect(!units.body.string.contains("Thôn Bình Thủy"))
            #expect(try await app.get("/units/\(Self.id(fx.villageA))", as: b).status == .notFound)
            #expect(try await app.get("/people/\(Self.id(fx.villager))/edit", as: b).status == .notFound)
            #expect(try await app.post("/units/\(Self.id(fx.villageA))/deactivate", as: b).status == .notFound)
            let search = try await app.get("/people?q=hong", as: b)
            #expect(!search.body.string.contains("Điểu Thị Hồng"))
            let audit = try await app.get("/audit", as: b)
            #expect(!audit.body.string.contains("Bình Thủy"))
            // API.
            let token = try await app.apiToken("admin.b")
            #expect(try await app.api(.GET, "/api/v1/units/\(Self.id(fx.villageA))", token: token).status == .notFound)
            #expect(try await app.api(.PATCH, "/api/v1/people/\(Self.id(fx.villager))", token: token, json: #"{"title":"x"}"#).status == .notFound)
            struct List: Decodable { let items: [UnitDTO] }
            let list = try decode(List.self, try await app.api(.GET, "/api/v1/units?perPage=200", token: token))
            #expect(list.items.map(\.id) == [fx.unitB])
            // A person of commune A cannot be attached to a unit of commune B.
            let cross = try await app.api(.POST, "/api/v1/people", token: token, json: #"{"fullName":"Ai Đó","unitId":"\#(Self.id(fx.villageA))"}"#)
            #expect(cross.status == .forbidden || cross.status == .unprocessableEntity)
            #expect(try await Person.query(on: app.db).filter(\.$fullName == "Ai Đó").count() == 0)
            // The same unit code may exist in both communes.
            #expect(try await Unit.query(on: app.db).filter(\.$code == "TH-01").count() == 2)
        }
    }

    @Test func everyChangeIsAuditedWithBeforeAndAfter() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            _ = try await app.post("/people/\(Self.id(fx.official))/edit", as: s,
                                   ["fullName": "Trần Thị Thu Hà", "title": "Trưởng phòng", "unitId": Self.id(fx.agencyA), "version": "1"])
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectID == fx.official).filter(\.$action == "update").first())
            #expect(entry.beforeJSON?.contains("\"title\":\"Công chức\"") == true)
            #expect(entry.afterJSON?.contains("\"title\":\"Trưởng phòng\"") == true)
            #expect(entry.communeID == fx.communeA)
            // The detail page shows the field that changed.
            let detail = try await app.get("/audit/\(Self.id(entry.id!))", as: s)
            #expect(detail.body.string.contains("<td class=\"before\">Công chức</td>"))
            #expect(detail.body.string.contains("<td class=\"after\">Trưởng phòng</td>"))
            // Filtering by object and by date.
            let byObject = try await app.get("/audit?object=\(Self.id(fx.official))", as: s)
            #expect(byObject.body.string.contains("Trần Thị Thu Hà"))
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "thuky").first())
            let byActor = try await app.get("/audit?actor=\(Self.id(user.id!))&type=person&from=25/11/2026&to=25/11/2026", as: s)
            #expect(byActor.body.string.contains("Cập nhật"))
            let otherDay = try await app.get("/audit?actor=\(Self.id(user.id!))&type=person&from=01/01/2026&to=02/01/2026", as: s)
            #expect(otherDay.body.string.contains("0 kết quả"))
            let badDate = try await app.get("/audit?from=32/13/2026", as: s)
            #expect(badDate.status == .ok)
            #expect(badDate.body.string.contains("Ngày không hợp lệ"))
        }
    }

    @Test func theDatabaseRefusesToEditOrDeleteAuditRows() async throws {
        try await withTestApp { app, _ in
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_entries SET actor_name = 'x'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_entries").run() }
            #expect(try await AuditEntry.query(on: app.db).count() > 0)
        }
    }

    @Test func noRouteWritesToTheAuditLog() async throws {
        try await withTestApp { app, _ in
            let auditRoutes = app.routes.all.filter { $0.path.first == .constant("audit") }
            #expect(!auditRoutes.isEmpty)
            #expect(auditRoutes.allSatisfy { $0.method == .GET })
        }
    }
}
