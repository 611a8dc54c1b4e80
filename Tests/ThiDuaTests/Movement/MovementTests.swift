import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Movement setup")
struct MovementTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    @Test func planDefaultsAreInstalled() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("lanhdao")
            let page = try await app.get("/movement", as: s)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<h1 class=\"page-title\">Thiết lập phong trào</h1>"))
            #expect(html.contains("Giai đoạn 1 (2026 - 2027)"))
            #expect(html.contains("Tổng kết 2030"))
            #expect(html.contains("15/11/2026"))
            #expect(html.contains("Xã hội số, “Bình dân học vụ số”"))
            #expect(html.contains("Bạn chỉ có quyền xem"))
            #expect(!html.contains("/movement/edit"), "no edit links for a read-only role")
            let reportDeadlines = try await Deadline.query(on: app.db).filter(\.$communeID == fx.communeA).filter(\.$kind == "report").all()
            #expect(reportDeadlines.map(\.dueDate).sorted() == ["2026-11-15", "2027-11-15", "2028-11-15", "2029-11-15", "2030-11-15"])
            let areas = try await ContentArea.query(on: app.db).filter(\.$communeID == fx.communeA).count()
            #expect(areas == 6)
            for group in CriteriaGroup.allCases {
                let points = try await Criterion.query(on: app.db).filter(\.$communeID == fx.communeA).filter(\.$criteriaGroup == group.rawValue).all()
                    .map(\.maxPoints).reduce(0, +)
                #expect(points == 100, "group \(group.rawValue) totals 100 points")
            }
        }
    }

    @Test func secretariatEditsTheMovementAndBadInputChangesNothing() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let bad = try await app.post("/movement/edit", as: s, ["name": "", "startYear": "2030", "endYear": "2026", "planDate": "40/01/2026", "version": "1"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Năm kết thúc phải sau"))
            #expect(bad.body.string.contains("Ngày không hợp lệ"))
            let ok = try await app.post("/movement/edit", as: s, ["name": "Thi đua đổi mới sáng tạo và chuyển đổi số", "planNumber": "05/KH-UBND",
                                                                  "planDate": "15/01/2026", "startYear": "2026", "endYear": "2030", "summary": "Tóm tắt", "version": "1"])
            #expect(ok.status == .seeOther)
            let m = try #require(try await MovementQueries.movement(on: app.db, communeID: fx.communeA))
            #expect(m.planNumber == "05/KH-UBND")
            #expect(m.planDate == "2026-01-15")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "movement").filter(\.$action == "update").count() == 1)
        }
    }

    @Test func deadlinesMustFallInsideTheMovement() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let outside = try await app.post("/movement/deadlines", as: s, ["kind": "inspection", "title": "Kiểm tra", "dueDate": "01/06/2031"])
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("2026–2030"))
            let ok = try await app.post("/movement/deadlines", as: s, ["kind": "inspection", "title": "Đoàn kiểm tra thôn", "dueDate": "10/09/2027"])
            #expect(ok.status == .seeOther)
            let d = try #require(try await Deadline.query(on: app.db).filter(\.$title == "Đoàn kiểm tra thôn").first())
            #expect(d.year == 2027)
            #expect(d.communeID == fx.communeA)
            let del = try await app.post("/movement/deadlines/\(Self.id(d.id!))/delete", as: s)
            #expect(del.status == .seeOther)
            #expect(try await Deadline.find(d.id, on: app.db) == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectID == d.id!).filter(\.$action == "delete").first()?.beforeJSON?.contains("Đoàn kiểm tra thôn") == true)
        }
    }

    @Test func criterionPointsAreValidated() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let c = try #require(try await Criterion.query(on: app.db).filter(\.$communeID == fx.communeA).first())
            let bad = try await app.post("/movement/criteria/\(Self.id(c.id!))", as: s,
                                         ["criteriaGroup": c.criteriaGroup, "position": "1", "title": c.title, "maxPoints": "500", "isActive": "1"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Điểm tối đa là số nguyên từ 1 đến 100."))
            let ok = try await app.post("/movement/criteria/\(Self.id(c.id!))", as: s,
                                        ["criteriaGroup": c.criteriaGroup, "position": "1", "title": c.title, "maxPoints": "25", "isActive": "1"])
            #expect(ok.status == .seeOther)
            #expect(try await Criterion.find(c.id, on: app.db)?.maxPoints == 25)
        }
    }

    @Test func councilMembersGetFieldsAndAreas() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let council = try #require(try await User.query(on: app.db).filter(\.$username == "hoidong").first())
            let res = try await app.post("/movement/council", as: s, [
                "personId": Self.id(fx.official), "position": "standing", "userId": Self.id(council.id!),
                "fields[]": "1.2", "areas[]": Self.id(fx.villageA),
            ])
            #expect(res.status == .seeOther)
            let page = try await app.get("/movement/council", as: s)
            #expect(page.body.string.contains("Ủy viên thường trực"))
            #expect(page.body.string.contains("Nhóm 1.2"))
            #expect(page.body.string.contains("Thôn Bình Thủy"))
            // The same person cannot be added twice; a village of another commune is refused.
            let twice = try await app.post("/movement/council", as: s, ["personId": Self.id(fx.official), "position": "member"])
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.body.string.contains("đã là thành viên"))
            let foreign = try await app.post("/movement/council", as: s, ["personId": Self.id(fx.villager), "position": "member", "areas[]": Self.id(fx.unitB)])
            #expect(foreign.status == .unprocessableEntity)
            let member = try #require(try await CouncilMember.query(on: app.db).filter(\.$personID == fx.official).first())
            #expect(try await app.post("/movement/council/\(Self.id(member.id!))/remove", as: s).status == .seeOther)
            #expect(try await CouncilMember.find(member.id, on: app.db)?.isActive == false)
        }
    }
}
