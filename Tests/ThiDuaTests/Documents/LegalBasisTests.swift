import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// The legal bases the documents cite (issue 14, item 2), over real sockets: seeded with their dates, cited by the
/// Tờ trình and the Quyết định from the data, a basis without a date never switched on, only the administrator
/// edits, another commune's basis is not found.
@Suite("Legal bases: data per commune, cited with their dates")
struct LegalBasisTests {
    static func bases(_ app: Application, _ commune: UUID) async throws -> [LegalBasisRecord] {
        try await LegalBasisRecord.query(on: app.db).filter(\.$communeID == commune).sort(\.$position).all()
    }

    static func basis(_ app: Application, _ commune: UUID, _ name: String) async throws -> LegalBasisRecord {
        try #require(try await LegalBasisRecord.query(on: app.db).filter(\.$communeID == commune).filter(\.$name == name).first())
    }

    static func id(_ r: LegalBasisRecord) -> String { r.id!.uuidString.lowercased() }

    @Test func theMigrationSeedsEveryCommuneWithTheDatedDefaults() async throws {
        try await withTestApp { app, fx in
            // setup: the fixtures' communes exist when the migration runs again.
            try await CreateLegalBases().revert(on: app.db)
            // act
            try await CreateLegalBases().prepare(on: app.db)
            // check
            for commune in [fx.communeA, fx.communeB] {
                let rows = try await Self.bases(app, commune)
                #expect(rows.map(\.name) == ["Luật Tổ chức chính quyền địa phương", "Luật Thi đua, khen thưởng",
                                             "Nghị định số 129/2025/NĐ-CP", "Nghị định số 152/2025/NĐ-CP"])
                #expect(rows.map(\.issuedOn) == ["2025-06-16", "2022-06-15", nil, "2025-06-14"])
                #expect(rows.map(\.isActive) == [true, true, false, true])
                #expect(rows[1].note.contains("06/2022/QH15"))
                #expect(rows[3].documentList == [.commendationSubmission, .commendationDecision, .inspectionPlan])
                #expect(rows[0].documentList == [.commendationDecision])
            }
            // Run again (a rerun, or two first reads at once): nothing twice.
            try await LegalBasisDefaults.seed(communeID: fx.communeA, at: Date(), on: app.db)
            #expect(try await Self.bases(app, fx.communeA).count == 4)
            // The page shows the undated decree with its hint.
            let page = try await app.get("/settings/legal-bases", as: try await app.login("admin"))
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Nghị định số 129/2025/NĐ-CP") && page.body.string.contains("Chưa có ngày ban hành: nhập ngày ban hành rồi bật trích dẫn."))
            #expect(page.body.string.contains("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ"))
        }
    }

    @Test func theDemoDocumentsCiteTheDecreeWithItsDate() async throws {
        try await withDemoApp { app in
            let (submission, decision) = try await CommendationSignerDocumentTests.documents(app)
            let staff = try await app.login("canbo.thidua", password: DemoData.password)
            let decisionText = SignerDocxReader.text(try await CommendationSignerDocumentTests.docx(app, decision, as: staff))
            #expect(decisionText.contains("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;"))
            #expect(decisionText.contains("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"))
            #expect(decisionText.contains("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"))
            #expect(!decisionText.contains("129/2025"), "an undated decree is not cited")
            // In the order of the list: the authority, the law, its decree.
            let order = ["Căn cứ Luật Tổ chức", "Căn cứ Luật Thi đua", "Căn cứ Nghị định số 152", "Căn cứ Kế hoạch số"]
                .compactMap { decisionText.range(of: $0)?.lowerBound }
            #expect(order.count == 4 && order == order.sorted())
            let submissionText = SignerDocxReader.text(try await CommendationSignerDocumentTests.docx(app, submission, as: staff))
            #expect(submissionText.contains("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025"))
            #expect(!submissionText.contains("Luật Tổ chức chính quyền địa phương"), "the Tờ trình does not cite the authority's law")

            // The next documents read the data: the decree switched off is no longer to be cited. An issued document
            // keeps what it cited at its issue, whatever is edited later.
            let nt = try #require(try await Commune.query(on: app.db).filter(\.$code == "nghia-trung").first()?.id)
            let decree = try await Self.basis(app, nt, "Nghị định số 152/2025/NĐ-CP")
            let admin = try await app.login("admin", password: DemoData.password)
            let res = try await app.post("/settings/legal-bases/\(Self.id(decree))/active", as: admin, ["active": "0", "version": String(decree.version)])
            #expect(res.status == .seeOther)
            // The demo's 2026 is decided (its pages name the documents: SigningAlreadyMadeTests): 2027 is still to sign.
            let leader = try await app.login("chutich", password: DemoData.password)
            let sign = try await app.get("/commendations/2027/sign", as: leader).body.string
            #expect(!sign.contains("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025"), "the next document does not cite it")
            let after = SignerDocxReader.text(try await CommendationSignerDocumentTests.docx(app, decision, as: staff))
            #expect(after == decisionText, "the issued Quyết định prints what it cited at its issue")
        }
    }

    @Test func theSigningPagesShowWhatWillBeCited() async throws {
        try await withDemoApp { app in
            // The demo's 2026 is decided (its pages name the documents: SigningAlreadyMadeTests): 2027 is still to sign.
            let leader = try await app.login("chutich", password: DemoData.password)
            let sign = try await app.get("/commendations/2027/sign", as: leader)
            #expect(sign.status == .ok)
            let html = sign.body.string
            #expect(html.contains(LegalBasisText.panelHeading) && html.contains("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025"))
            #expect(html.contains(LegalBasisText.undated(["Nghị định số 129/2025/NĐ-CP"])))
            #expect(!html.contains(#"href="/settings/legal-bases""#), "the leader may not open the settings page")
            let staff = try await app.login("canbo.thidua", password: DemoData.password)
            let submission = try await app.get("/commendations/2027/submission", as: staff)
            #expect(submission.body.string.contains(#"href="/settings/legal-bases""#) && submission.body.string.contains(LegalBasisText.viewLink))
            #expect(!submission.body.string.contains("Căn cứ Luật Tổ chức chính quyền địa phương"))
            // A document's page, for the administrator: the way to edit them.
            let (_, decision) = try await CommendationSignerDocumentTests.documents(app)
            let admin = try await app.login("admin", password: DemoData.password)
            let page = try await app.get("/commendations/documents/\(decision.id!.uuidString)", as: admin)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(LegalBasisText.editLink) && page.body.string.contains("ngày 14 tháng 6 năm 2025"))
            // The commendation overview links the settings page.
            let overview = try await app.get("/commendations?year=2026", as: staff)
            #expect(overview.body.string.contains(#"href="/settings/legal-bases""#))
        }
    }

    @Test func aBasisWithoutADateIsNeverSwitchedOn() async throws {
        try await withTestApp { app, fx in
            let admin = try await app.login("admin")
            _ = try await app.get("/settings/legal-bases", as: admin)
            let decree = try await Self.basis(app, fx.communeA, "Nghị định số 129/2025/NĐ-CP")
            let audits = try await AuditEntry.query(on: app.db).filter(\.$objectType == "legal_basis").count()
            // From the list's switch: refused, the message beside the date on the basis's form.
            var res = try await app.post("/settings/legal-bases/\(Self.id(decree))/active", as: admin, ["active": "1", "version": "1"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(#"id="e-issuedOn""#) && res.body.string.contains(LegalBasisText.cannotCiteUndated))
            // From the form, with the date left empty: refused, what was typed kept.
            res = try await app.postPairs("/settings/legal-bases/\(Self.id(decree))", as: admin, [
                ("name", "Nghị định số 129/2025/NĐ-CP"), ("issuedOn", ""), ("about", "của Chính phủ (đã sửa)"),
                ("documents[]", "commendation_decision"), ("active", "1"), ("note", ""), ("version", "1"),
            ])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(#"id="e-issuedOn""#) && res.body.string.contains("của Chính phủ (đã sửa)"))
            // Through the API: 422 with the field.
            let token = try await app.apiToken("admin")
            let api = try await app.api(.PUT, "/api/v1/legal-bases/\(Self.id(decree))", token: token, json: #"{"active":true,"version":1}"#)
            #expect(api.status == .unprocessableEntity && api.body.string.contains("issuedOn"))
            // Nothing changed.
            let after = try await Self.basis(app, fx.communeA, "Nghị định số 129/2025/NĐ-CP")
            #expect(after.isActive == false && after.version == 1 && after.issuedOn == nil && after.about == decree.about)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "legal_basis").count() == audits)
            // The API without a version is refused too.
            let noVersion = try await app.api(.PUT, "/api/v1/legal-bases/\(Self.id(decree))", token: token, json: #"{"about":"x"}"#)
            #expect(noVersion.status == .unprocessableEntity && noVersion.body.string.contains("version"))
        }
    }

    @Test func anotherCommunesBasisIsNotFound() async throws {
        try await withTestApp { app, fx in
            _ = try await app.get("/settings/legal-bases", as: try await app.login("admin.b"))
            let theirs = try await Self.basis(app, fx.communeB, "Nghị định số 152/2025/NĐ-CP")
            let admin = try await app.login("admin")
            #expect(try await app.get("/settings/legal-bases/\(Self.id(theirs))", as: admin).status == .notFound)
            #expect(try await app.post("/settings/legal-bases/\(Self.id(theirs))", as: admin, ["name": "Đổi tên", "version": "1"]).status == .notFound)
            #expect(try await app.post("/settings/legal-bases/\(Self.id(theirs))/active", as: admin, ["active": "0", "version": "1"]).status == .notFound)
            #expect(try await app.post("/settings/legal-bases/\(Self.id(theirs))/move", as: admin, ["direction": "up", "version": "1"]).status == .notFound)
            let token = try await app.apiToken("admin")
            #expect(try await app.api(.PUT, "/api/v1/legal-bases/\(Self.id(theirs))", token: token, json: #"{"name":"Đổi tên","version":1}"#).status == .notFound)
            let list = try await app.api(.GET, "/api/v1/legal-bases", token: token)
            #expect(list.status == .ok && !list.body.string.contains(Self.id(theirs)))
            let unchanged = try #require(try await LegalBasisRecord.find(theirs.id, on: app.db))
            #expect(unchanged.name == theirs.name && unchanged.isActive && unchanged.version == 1)
        }
    }

    @Test func onlyTheAdministratorEdits() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await app.login("thuky")
            let list = try await app.get("/settings/legal-bases", as: secretariat)
            #expect(list.status == .ok && list.body.string.contains("Nghị định số 152/2025/NĐ-CP"))
            #expect(!list.body.string.contains(LegalBasisText.switchOff), "no buttons for a reader")
            let decree = try await Self.basis(app, fx.communeA, "Nghị định số 152/2025/NĐ-CP")
            #expect(try await app.get("/settings/legal-bases/\(Self.id(decree))", as: secretariat).status == .forbidden)
            #expect(try await app.post("/settings/legal-bases/\(Self.id(decree))", as: secretariat, ["name": "X", "version": "1"]).status == .forbidden)
            #expect(try await app.post("/settings/legal-bases/\(Self.id(decree))/active", as: secretariat, ["active": "0", "version": "1"]).status == .forbidden)
            let token = try await app.apiToken("thuky")
            #expect(try await app.api(.GET, "/api/v1/legal-bases", token: token).status == .ok)
            #expect(try await app.api(.PUT, "/api/v1/legal-bases/\(Self.id(decree))", token: token, json: #"{"active":false,"version":1}"#).status == .forbidden)
            #expect(try await app.get("/settings/legal-bases", as: try await app.login("lanhdao")).status == .forbidden)
            let after = try #require(try await LegalBasisRecord.find(decree.id, on: app.db))
            #expect(after.isActive && after.version == 1)
        }
    }

    @Test func anEditShowsBackWhatWasTyped() async throws {
        try await withTestApp { app, fx in
            let admin = try await app.login("admin")
            // setup: a basis of the test's own (not a real text).
            var res = try await app.postPairs("/settings/legal-bases", as: admin, [
                ("name", "Văn bản thử nghiệm số 1/TN"), ("issuedOn", "31/02/2026"), ("about", "của đơn vị thử nghiệm"),
                ("documents[]", "commendation_decision"), ("note", "Chỉ dùng trong kiểm thử"),
            ])
            // An impossible date: refused beside the field, as typed.
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains(#"id="e-issuedOn""#) && res.body.string.contains(#"value="31/02/2026""#))
            res = try await app.postPairs("/settings/legal-bases", as: admin, [
                ("name", "Văn bản thử nghiệm số 1/TN"), ("issuedOn", "09/03/2026"), ("about", "của đơn vị thử nghiệm"),
                ("documents[]", "commendation_decision"), ("active", "1"), ("note", "Chỉ dùng trong kiểm thử"),
            ])
            #expect(res.status == .seeOther)
            let made = try await Self.basis(app, fx.communeA, "Văn bản thử nghiệm số 1/TN")
            #expect(made.issuedOn == "2026-03-09" && made.isActive && made.position == 5 && made.documentList == [.commendationDecision])
            // The form shows the date as it was typed.
            var form = try await app.get("/settings/legal-bases/\(Self.id(made))", as: admin)
            #expect(form.body.string.contains(#"value="09/03/2026""#))
            #expect(form.body.string.contains("Căn cứ Văn bản thử nghiệm số 1/TN ngày 09 tháng 3 năm 2026 của đơn vị thử nghiệm;"))
            // A duplicate name is refused beside the name.
            res = try await app.postPairs("/settings/legal-bases", as: admin, [("name", "Nghị định số 152/2025/NĐ-CP"), ("issuedOn", "")])
            #expect(res.status == .unprocessableEntity && res.body.string.contains(#"id="e-name""#) && res.body.string.contains(LegalBasisText.duplicate))
            // An edit from an old version: 409, nothing changed; from the current one: saved and audited.
            res = try await app.postPairs("/settings/legal-bases/\(Self.id(made))", as: admin, [
                ("name", "Văn bản thử nghiệm số 1/TN"), ("issuedOn", "10/03/2026"), ("version", "0"),
            ])
            #expect(res.status == .conflict)
            res = try await app.postPairs("/settings/legal-bases/\(Self.id(made))", as: admin, [
                ("name", "Văn bản thử nghiệm số 1/TN"), ("issuedOn", "10/03/2026"), ("about", "của đơn vị thử nghiệm"),
                ("documents[]", "commendation_submission"), ("documents[]", "commendation_decision"), ("active", "1"), ("version", "1"),
            ])
            #expect(res.status == .seeOther)
            form = try await app.get("/settings/legal-bases/\(Self.id(made))", as: admin)
            #expect(form.body.string.contains(#"value="10/03/2026""#))
            let edited = try await Self.basis(app, fx.communeA, "Văn bản thử nghiệm số 1/TN")
            #expect(edited.version == 2 && edited.documentList == [.commendationSubmission, .commendationDecision])
            let audits = try await AuditEntry.query(on: app.db).filter(\.$objectType == "legal_basis").filter(\.$objectID == made.id).all()
            #expect(audits.count == 2)
            #expect(audits.contains { ($0.beforeJSON ?? "").contains("2026-03-09") && ($0.afterJSON ?? "").contains("2026-03-10") })
            // Up one place: cited before the decree of 14/6/2025.
            res = try await app.post("/settings/legal-bases/\(Self.id(made))/move", as: admin, ["direction": "up", "version": "2"])
            #expect(res.status == .seeOther)
            #expect(try await Self.bases(app, fx.communeA).map(\.name).suffix(2) == ["Văn bản thử nghiệm số 1/TN", "Nghị định số 152/2025/NĐ-CP"])
            #expect(try await Self.bases(app, fx.communeA).map(\.position) == [1, 2, 3, 4, 5])
            // The API reads it back the same, and moves it with `position`.
            let token = try await app.apiToken("admin")
            let list = try await app.api(.GET, "/api/v1/legal-bases", token: token)
            struct DTO: Decodable { let id: UUID; let name: String; let issuedOn: String?; let position: Int; let cited: Bool; let version: Int }
            let rows = try decode([DTO].self, list)
            let mine = try #require(rows.first { $0.id == made.id })
            #expect(mine.issuedOn == "2026-03-10" && mine.cited && mine.position == 4 && mine.version == 3)
            #expect(rows.first { $0.name == "Nghị định số 129/2025/NĐ-CP" }?.cited == false)
            let put = try await app.api(.PUT, "/api/v1/legal-bases/\(Self.id(made))", token: token, json: #"{"position":1,"issuedOn":"11/03/2026","version":3}"#)
            #expect(put.status == .ok && put.body.string.contains(#""issuedOn":"2026-03-11""#))
            #expect(try await Self.bases(app, fx.communeA).first?.name == "Văn bản thử nghiệm số 1/TN")
            let stale = try await app.api(.PUT, "/api/v1/legal-bases/\(Self.id(made))", token: token, json: #"{"about":"x","version":3}"#)
            #expect(stale.status == .conflict)
        }
    }

    /// The pure rule: a basis is cited only switched on, dated, meant for the document, and not issued after it.
    @Test func citedOnlyWhenOnDatedAndNotLater() {
        let dated = LegalBasis(id: UUID(), name: "A", issuedOn: LocalDate(year: 2025, month: 6, day: 14), about: "", note: "",
                               documents: [.commendationDecision], position: 1, isActive: true, version: 1)
        let undated = LegalBasis(id: UUID(), name: "B", issuedOn: nil, about: "", note: "",
                                 documents: [.commendationDecision], position: 2, isActive: true, version: 1)
        #expect(dated.isCited(by: .commendationDecision, on: LocalDate(year: 2026, month: 11, day: 24)))
        #expect(!dated.isCited(by: .commendationSubmission, on: nil))
        #expect(!dated.isCited(by: .commendationDecision, on: LocalDate(year: 2025, month: 6, day: 13)))
        #expect(!undated.isCited(by: .commendationDecision, on: nil))
        #expect(LegalBasisBook.citations([undated, dated], by: .commendationDecision, on: nil).map(\.sentence) == ["Căn cứ A ngày 14 tháng 6 năm 2025;"])
    }
}
