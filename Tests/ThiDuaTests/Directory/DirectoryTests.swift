import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Directory: units and people through the pages and the API")
struct DirectoryTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// The attacker's finding (issue 16): every reader of the directory read every phone. A person's phone, e-mail and
    /// birth date are shown to the secretariat, the leaders, the focal point of the person's unit and the person; the
    /// council and the supervisor see the name, title and unit, with a line saying why the rest is not shown.
    @Test func contactsAreShownOnlyToWhoMaySeeThem() async throws {
        try await withTestApp { app, fx in
            let values = PersonValues(fullName: "Nguyễn Văn Tâm", title: "Trưởng thôn", unitID: fx.villageA, phone: "0987 654 321",
                                      email: "tam@example.vn", birthDate: "1979-02-03")
            let p = try await DirectoryCommands.createPerson(values, communeID: fx.communeA, actor: .system(communeID: fx.communeA, at: Date()), on: app.db)
            let id = p.id!.uuidString.lowercased()
            for (user, sees) in [("thuky", true), ("lanhdao", true), ("daumoi", true), ("hoidong", false), ("giamsat", false)] {
                let token = try await app.apiToken(user)
                let list = try await app.testing().sendRequest(.GET, "/api/v1/people?q=tam", headers: ["Authorization": "Bearer \(token)"])
                #expect(list.status == .ok)
                #expect(list.body.string.contains("0987 654 321") == sees, "\(user): \(list.body.string.prefix(300))")
                #expect(list.body.string.contains("Nguyễn Văn Tâm"), "\(user) still finds the person")
                // Nor can the phone be found out by searching for it, digit by digit.
                let byPhone = try await app.testing().sendRequest(.GET, "/api/v1/people?q=0987%20654", headers: ["Authorization": "Bearer \(token)"])
                #expect(byPhone.body.string.contains("Nguyễn Văn Tâm") == sees, "\(user) searching by phone")
                let one = try await app.testing().sendRequest(.GET, "/api/v1/people/\(id)", headers: ["Authorization": "Bearer \(token)"])
                #expect(one.body.string.contains("tam@example.vn") == sees, "\(user)")
                #expect(one.body.string.contains("1979-02-03") == sees, "\(user)")
                guard user != "daumoi" else { continue }  // a focal point has no directory pages
                let web = try await app.login(user)
                for page in ["/people?q=tam", "/people/\(id)", "/units/\(Self.id(fx.villageA))"] {
                    let html = try await app.get(page, as: web)
                    #expect(html.status == .ok, "\(user) \(page)")
                    #expect(html.body.string.contains("0987 654 321") == sees, "\(user) \(page)")
                    #expect(html.body.string.contains(HTMLEscape.text(DirectoryText.contactsHidden)) == !sees, "\(user) \(page)")
                }
            }
        }
    }

    @Test func secretariatCreatesAUnitAndTheAuditLogHasIt() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let res = try await app.post("/units", as: s, ["code": "dn-001", "name": "Công ty TNHH Điều Nghĩa Trung", "kind": "business",
                                                           "phone": "0912 345 678", "email": "lienhe@dieu.vn"])
            #expect(res.status == .seeOther)
            let unit = try #require(try await Unit.query(on: app.db).filter(\.$code == "DN-001").first())
            #expect(unit.criteriaGroup == "1.3", "a business defaults to group 1.3")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectID == unit.id!).first())
            #expect(entry.action == "create")
            #expect(entry.actorName.contains("thuky"))
            #expect(entry.afterJSON?.contains("Điều Nghĩa Trung") == true)
            // The flash message and the detail page.
            let page = try await app.get(try #require(res.headers.first(name: .location)), as: s)
            #expect(page.body.string.contains("Công ty TNHH Điều Nghĩa Trung"))
        }
    }

    @Test func badUnitInputShowsErrorsBesideFieldsKeepsValuesAndSavesNothing() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let before = try await Unit.query(on: app.db).count()
            let res = try await app.post("/units", as: s, ["code": "TH-01", "name": "", "kind": "spaceship", "email": "khong-phai-email",
                                                           "phone": "abc", "headName": "Người <b>đứng</b> đầu"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Mã này đã được dùng cho đơn vị khác trong xã."))
            #expect(html.contains("Không được để trống."))
            #expect(html.contains("Địa chỉ email không hợp lệ."))
            #expect(html.contains("Số điện thoại chỉ gồm chữ số"))
            #expect(html.contains("value=\"khong-phai-email\""), "entered values are kept")
            #expect(html.contains("Người &lt;b&gt;đứng&lt;/b&gt; đầu"), "user text is escaped")
            #expect(try await Unit.query(on: app.db).count() == before)
        }
    }

    @Test func attributeValuesAreEscaped() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let res = try await app.post("/units", as: s, ["code": "", "name": "x\" onmouseover=\"alert(1)", "kind": "agency"])
            #expect(res.status == .unprocessableEntity)
            #expect(!res.body.string.contains("\" onmouseover=\"alert(1)\""))
            #expect(res.body.string.contains("x&quot; onmouseover=&quot;alert(1)"))
        }
    }

    @Test func searchIgnoresDiacriticsAndCase() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            for query in ["binh thuy", "BÌNH THỦY", "Bình Thủy", "bình  thuỷ"] {
                let page = try await app.get("/units?q=\(query.urlQueryEncoded)", as: s)
                #expect(page.body.string.contains("Thôn Bình Thủy"), "query \(query)")
                #expect(!page.body.string.contains("Phòng Văn hóa - Xã hội"), "query \(query)")
            }
            let token = try await app.apiToken("thuky")
            for query in ["dieu thi hong", "ĐIỂU THỊ HỒNG", "Điểu Thị Hồng"] {
                let res = try await app.api(.GET, "/api/v1/people?q=\(query.urlQueryEncoded)", token: token)
                struct List: Decodable { let items: [PersonDTO]; let total: Int }
                let list = try decode(List.self, res)
                #expect(list.total == 1, "query \(query)")
                #expect(list.items.first?.id == fx.villager)
            }
        }
    }

    @Test func deactivateKeepsTheRowAndReactivates() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            #expect(try await app.post("/units/\(Self.id(fx.agencyA))/deactivate", as: s).status == .seeOther)
            let unit = try #require(try await Unit.find(fx.agencyA, on: app.db))
            #expect(unit.isActive == false)
            let list = try await app.get("/units", as: s)
            #expect(!list.body.string.contains("Phòng Văn hóa - Xã hội"), "inactive units are hidden by default")
            let all = try await app.get("/units?inactive=1", as: s)
            #expect(all.body.string.contains("Phòng Văn hóa - Xã hội"))
            #expect(try await app.post("/units/\(Self.id(fx.agencyA))/reactivate", as: s).status == .seeOther)
            #expect(try await Unit.find(fx.agencyA, on: app.db)?.isActive == true)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$objectID == fx.agencyA).all().map(\.action)
            #expect(actions.contains("deactivate") && actions.contains("reactivate"))
        }
    }

    @Test func twoPeopleEditingTheSameUnitTheSecondIsToldAndKeepsWhatTheyTyped() async throws {
        try await withTestApp { app, fx in
            let a = try await app.login("thuky")
            let b = try await app.login("admin")
            let path = "/units/\(Self.id(fx.agencyA))/edit"
            // Both open the form at version 1.
            let first = try await app.post(path, as: a, ["code": "VHXH", "name": "Phòng Văn hóa - Xã hội", "kind": "agency", "criteriaGroup": "1.1",
                                                         "headName": "Người A", "version": "1"])
            #expect(first.status == .seeOther)
            let second = try await app.post(path, as: b, ["code": "VHXH", "name": "Phòng Văn hóa - Xã hội", "kind": "agency", "criteriaGroup": "1.1",
                                                          "headName": "Người B gõ vào", "version": "1"])
            #expect(second.status == .conflict)
            #expect(second.body.string.contains("đã được người khác sửa"))
            #expect(second.body.string.contains("value=\"Người B gõ vào\""))
            #expect(try await Unit.find(fx.agencyA, on: app.db)?.headName == "Người A")
            // API: a stale version is a 409.
            let token = try await app.apiToken("thuky")
            let stale = try await app.api(.PATCH, "/api/v1/units/\(Self.id(fx.agencyA))", token: token, json: #"{"headName":"C","version":1}"#)
            #expect(stale.status == .conflict)
        }
    }

    @Test func focalPointAddsAPersonOnlyToTheirOwnUnit() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("daumoi")
            let ok = try await app.post("/people", as: s, ["fullName": "Nguyễn Văn Mới", "unitId": Self.id(fx.villageA), "birthDate": "05/09/1990"])
            #expect(ok.status == .seeOther)
            let person = try #require(try await Person.query(on: app.db).filter(\.$fullName == "Nguyễn Văn Mới").first())
            #expect(person.birthDate == "1990-09-05")
            let refused = try await app.post("/people", as: s, ["fullName": "Người Khác", "unitId": Self.id(fx.agencyA)])
            #expect(refused.status == .forbidden)
            // Moving one's own villager to another unit is refused too.
            let move = try await app.post("/people/\(Self.id(fx.villager))/edit", as: s, ["fullName": "Điểu Thị Hồng", "unitId": Self.id(fx.agencyA)])
            #expect(move.status == .forbidden)
        }
    }

    @Test func badBirthDateIsExplained() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            for bad in ["31/02/2026", "2026/13/01", "hôm qua", "1/1/26"] {
                let res = try await app.post("/people", as: s, ["fullName": "Ai Đó", "unitId": Self.id(fx.agencyA), "birthDate": bad])
                #expect(res.status == .unprocessableEntity, "\(bad)")
                #expect(res.body.string.contains("Ngày không hợp lệ"))
            }
        }
    }

    @Test func apiCreatesReadsAndUpdatesAUnit() async throws {
        try await withTestApp { app, _ in
            let token = try await app.apiToken("thuky")
            let created = try await app.api(.POST, "/api/v1/units", token: token,
                                            json: #"{"code":"TRUONG-1","name":"Trường Tiểu học Nghĩa Trung","kind":"school"}"#)
            #expect(created.status == .created)
            let unit = try decode(UnitDTO.self, created)
            #expect(unit.criteriaGroup == "1.1")
            #expect(created.headers.first(name: .location) == "/api/v1/units/\(Self.id(unit.id))")
            let read = try decode(UnitDTO.self, try await app.api(.GET, "/api/v1/units/\(Self.id(unit.id))", token: token))
            #expect(read == unit)
            let patched = try await app.api(.PATCH, "/api/v1/units/\(Self.id(unit.id))", token: token, json: #"{"headName":"Cô Lan","version":1}"#)
            #expect(patched.status == .ok)
            #expect(try decode(UnitDTO.self, patched).headName == "Cô Lan")
            #expect(try decode(UnitDTO.self, patched).version == 2)
            let invalid = try await app.api(.POST, "/api/v1/units", token: token, json: #"{"code":"TRUONG-1","name":"","kind":"x"}"#)
            #expect(invalid.status == .unprocessableEntity)
            let body = try decode(APIError.self, invalid)
            #expect(Set(body.error.fields.keys) == ["code", "name", "kind"])
        }
    }
}
