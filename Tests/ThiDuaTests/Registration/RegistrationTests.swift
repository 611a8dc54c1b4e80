import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Registrations: draft, submit, return, resubmit, accept")
struct RegistrationTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static func page(_ fx: Fixtures) -> String { "/registrations/2026/units/\(id(fx.villageA))" }

    static func form(_ fx: Fixtures, area: UUID?, action: String, version: String? = nil, value: String = "80") -> [String: String] {
        var f = ["focus": "Chuyển đổi số trong thôn", "plannedInitiatives": "Nhóm Zalo hướng dẫn dịch vụ công",
                 "targetName[]": "Tỷ lệ hộ có người dùng VNeID mức 2", "targetUnit[]": "%", "targetBaseline[]": "45,5",
                 "targetValue[]": value, "targetArea[]": area.map(Self.id) ?? "", "targetDue[]": "30/10/2026", "targetId[]": "",
                 "productName[]": "Tổ công nghệ số cộng đồng", "productDescription[]": "10 thành viên", "productDate[]": "30/06/2026", "productId[]": "",
                 "action": action]
        if let version { f["version"] = version }
        return f
    }

    @Test func theFullPathThroughThePages() async throws {
        try await withTestApp { app, fx in
            let area = try #require(try await ContentArea.query(on: app.db).filter(\.$communeID == fx.communeA).filter(\.$position == 5).first()).id
            let unit = try await app.login("daumoi")
            // Draft.
            let draft = try await app.post(Self.page(fx) + "/save", as: unit, Self.form(fx, area: area, action: "draft"))
            #expect(draft.status == .seeOther)
            let r = try #require(try await RegistrationQueries.find(on: app.db, communeID: fx.communeA, owner: .unit(fx.villageA), year: 2026))
            #expect(r.workflow == .draft)
            let target = try #require(try await RegistrationTarget.query(on: app.db).filter(\.$registrationID == r.id!).first())
            #expect(target.baseline == 45.5)
            #expect(target.targetValue == 80)
            #expect(target.dueDate == "2026-10-30")
            // Submit.
            let submit = try await app.post(Self.page(fx) + "/save", as: unit, Self.form(fx, area: area, action: "submit", version: "1"))
            #expect(submit.status == .seeOther)
            #expect(try await Registration.find(r.id, on: app.db)?.workflow == .submitted)
            // The secretariat is told.
            #expect(try await InboxMessage.query(on: app.db).filter(\.$title ~~ "đã nộp đăng ký").count() == 1)
            // Once submitted the unit cannot change it.
            let locked = try await app.post(Self.page(fx) + "/save", as: unit, Self.form(fx, area: area, action: "draft"))
            #expect(locked.status == .conflict)
            // Return needs a reason.
            let secretariat = try await app.login("thuky")
            let noReason = try await app.post(Self.page(fx) + "/return", as: secretariat, ["reason": " "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await app.post(Self.page(fx) + "/return", as: secretariat, ["reason": "Chỉ tiêu cần cao hơn"]).status == .seeOther)
            let returned = try #require(try await Registration.find(r.id, on: app.db))
            #expect(returned.workflow == .returned)
            let shown = try await app.get(Self.page(fx), as: unit)
            #expect(shown.body.string.contains("Chỉ tiêu cần cao hơn"))
            // Fix and resubmit, sending the target line's id as the page does: the line keeps its id.
            let submittedTarget = try #require(try await RegistrationTarget.query(on: app.db).filter(\.$registrationID == r.id!).first())
            var fixed = Self.form(fx, area: area, action: "submit", version: String(returned.version), value: "95")
            fixed["targetId[]"] = Self.id(submittedTarget.id!)
            #expect(try await app.post(Self.page(fx) + "/save", as: unit, fixed).status == .seeOther)
            #expect(try await RegistrationTarget.query(on: app.db).filter(\.$registrationID == r.id!).all().map(\.id) == [submittedTarget.id])
            #expect(try await app.post(Self.page(fx) + "/accept", as: secretariat).status == .seeOther)
            #expect(try await Registration.find(r.id, on: app.db)?.workflow == .accepted)
            // Both versions are kept and comparable.
            let revisions = try await RegistrationQueries.revisions(on: app.db, registrationID: r.id!)
            #expect(revisions.map(\.number) == [1, 2])
            let compare = try await app.get(Self.page(fx) + "/compare?a=1&b=2", as: secretariat)
            #expect(compare.status == .ok)
            #expect(compare.body.string.contains("80 %"))
            #expect(compare.body.string.contains("95 %"))
            // Audited.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectID == r.id!).count() >= 5)
        }
    }

    @Test func badRowsAreShownBesideTheCellAndNothingIsSaved() async throws {
        try await withTestApp { app, fx in
            let unit = try await app.login("daumoi")
            var f = Self.form(fx, area: nil, action: "draft", value: "nhiều")
            f["targetDue[]"] = "31/02/2026"
            let res = try await app.post(Self.page(fx) + "/save", as: unit, f)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(NumberProblem.notANumber.message))
            #expect(res.body.string.contains("Ngày không hợp lệ"))
            #expect(res.body.string.contains("value=\"nhiều\""))
            #expect(try await Registration.query(on: app.db).count() == 0)
        }
    }

    @Test func submittingWithoutTargetsIsExplained() async throws {
        try await withTestApp { app, fx in
            let unit = try await app.login("daumoi")
            let res = try await app.post(Self.page(fx) + "/save", as: unit, ["focus": "", "action": "submit"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(RegistrationText.needsTarget))
            #expect(try await Registration.query(on: app.db).first()?.workflow == .draft)
        }
    }

    @Test func rolesThatMustNotTouchARegistrationAreRefused() async throws {
        try await withTestApp { app, fx in
            let other = "/registrations/2026/units/\(Self.id(fx.agencyA))"
            let focal = try await app.login("daumoi")
            #expect(try await app.get(other, as: focal).status == .forbidden)
            #expect(try await app.post(other + "/save", as: focal, ["focus": "x"]).status == .forbidden)
            for role in [Role.councilMember, .leader, .supervisor, .administrator] {
                let s = try await app.login(Fixtures.username(role))
                #expect(try await app.get(Self.page(fx), as: s).status == .ok, "\(role) reads")
                #expect(try await app.post(Self.page(fx) + "/save", as: s, ["focus": "x"]).status == .forbidden, "\(role) cannot write")
                #expect(try await app.post(Self.page(fx) + "/accept", as: s).status == .forbidden, "\(role) cannot accept")
            }
            for role in [Role.editor, .individual] {
                let s = try await app.login(Fixtures.username(role))
                #expect(try await app.get(Self.page(fx), as: s).status == .forbidden, "\(role) cannot read a unit's registration")
            }
            #expect(try await app.get(Self.page(fx), as: nil).status == .seeOther, "the public is sent to the login page")
            // Another commune's unit does not exist here.
            let b = try await app.login("admin.b")
            #expect(try await app.get(Self.page(fx), as: b).status == .notFound)
            // A year outside the movement does not exist.
            #expect(try await app.get("/registrations/2031/units/\(Self.id(fx.villageA))", as: focal).status == .notFound)
        }
    }

    @Test func anIndividualPledgesForThemselvesOnly() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("canhan")
            let list = try await app.get("/registrations", as: s)
            #expect(list.status == .seeOther)
            #expect(list.headers.first(name: .location) == "/registrations/2026/people/\(Self.id(fx.official))")
            let own = try await app.post("/registrations/2026/people/\(Self.id(fx.official))/save", as: s, ["focus": "Học kỹ năng số", "targetName[]": "Khóa học", "targetValue[]": "2", "action": "draft"])
            #expect(own.status == .seeOther)
            #expect(try await app.post("/registrations/2026/people/\(Self.id(fx.villager))/save", as: s, ["focus": "x"]).status == .forbidden)
        }
    }
}
