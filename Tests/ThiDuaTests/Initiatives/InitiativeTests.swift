import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Initiatives: application, near-duplicates, review, recognition, certificate, showcase")
struct InitiativeTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    static func form(title: String, shares: [String], action: String, version: Int? = nil, confidential: String = "Mã nguồn bảng tính nội bộ") -> [String: String] {
        var f = ["title": title, "firstApplied": "15/03/2026", "summary": "Hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến ngay tại nhà văn hóa thôn.",
                 "conditions": "Máy tính, mạng Internet", "benefits": "Giảm 40% thời gian chờ; 320 hồ sơ trực tuyến", "testers": "Tổ công nghệ số thôn Bình Thủy",
                 "confidential": confidential, "action": action]
        if let version { f["version"] = String(version) }
        return f
    }

    /// POST a form with author rows (repeated keys), as the browser sends it.
    static func postAuthors(_ app: Application, _ path: String, as s: WebSession, _ fields: [String: String], authors: [(String, String)]) async throws -> HTTPResult {
        var parts = fields.merging(["_csrf": s.csrf]) { a, _ in a }.map { "\($0.key.urlQueryEncoded)=\($0.value.urlQueryEncoded)" }
        for (name, share) in authors {
            parts += ["authorPersonId[]=", "authorName[]=\(name.urlQueryEncoded)", "authorBirth[]=", "authorWorkplace[]=\("Thôn Bình Thủy".urlQueryEncoded)",
                      "authorTitle[]=", "authorQualification[]=", "authorShare[]=\(share.urlQueryEncoded)"]
        }
        var headers = s.headers
        headers.contentType = .urlEncodedForm
        return try await app.send(.POST, path, headers: headers, body: ByteBuffer(string: parts.joined(separator: "&")))
    }

    @Test func theFullPathFromApplicationToShowcase() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, fx in
            let applicant = try await app.login("canhan")
            // An older, similar initiative exists (another year).
            let older = try await Self.postAuthors(app, "/initiatives", as: try await app.login("thuky"),
                                                   Self.form(title: "Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến tại nhà văn hóa", shares: [], action: "draft"),
                                                   authors: [("Nguyễn Văn An", "100")])
            #expect(older.status == .seeOther)
            // It was recognised (a draft of someone else's would stay private: InitiativeSecurityTests).
            let olderRow = try #require(try await Initiative.query(on: app.db).first())
            olderRow.status = InitiativeStatus.recognised.rawValue
            try await olderRow.save(on: app.db)
            // Shares must total 100 to submit: 60 + 30 is refused and nothing is submitted.
            let title = "Hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến tại nhà văn hoá thôn"
            let bad = try await Self.postAuthors(app, "/initiatives", as: applicant, Self.form(title: title, shares: [], action: "submit"),
                                                 authors: [("Trần Thị Thu Hà", "60"), ("Điểu Thị Hồng", "30")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("100%"))
            #expect(bad.body.string.contains("90"))
            #expect(try await Initiative.query(on: app.db).filter(\.$status == InitiativeStatus.submitted.rawValue).count() == 0)
            // The check shows the similar older one, with a score.
            let check = try await Self.postAuthors(app, "/initiatives", as: applicant, Self.form(title: title, shares: [], action: "check"),
                                                   authors: [("Trần Thị Thu Hà", "60"), ("Điểu Thị Hồng", "40")])
            #expect(check.status == .ok)
            #expect(check.body.string.contains("Sáng kiến tương tự đã có"))
            #expect(check.body.string.contains("Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến tại nhà văn hóa"))
            // Submit with a co-author: 60 + 40.
            let ok = try await Self.postAuthors(app, "/initiatives", as: applicant, Self.form(title: title, shares: [], action: "submit"),
                                                authors: [("Trần Thị Thu Hà", "60"), ("Điểu Thị Hồng", "40")])
            #expect(ok.status == .seeOther, "\(ok.body.string.prefix(500))")
            let i = try #require(try await Initiative.query(on: app.db).filter(\.$status == InitiativeStatus.submitted.rawValue).first())
            // The applicant's person is an author: make that explicit (the form keeps the person id of the first row).
            let first = try #require(try await InitiativeAuthor.query(on: app.db).filter(\.$initiativeID == i.id!).filter(\.$position == 1).first())
            first.personID = fx.official
            try await first.update(on: app.db)
            let page = "/initiatives/\(Self.id(i.id!))"
            let secretariat = try await app.login("thuky")
            // Roles that must not move it on are refused.
            for role in [Role.councilMember, .leader, .unitFocalPoint, .individual, .supervisor] {
                let s = try await app.login(Fixtures.username(role))
                #expect(try await app.post(page + "/decide", as: s, ["outcome": "recognised"]).status == .forbidden, "\(role)")
                #expect(try await app.post(page + "/assign", as: s, ["reviewerIds[]": "x"]).status == .forbidden, "\(role)")
            }
            // The author can never review their own: the applicant's account is refused as a reviewer.
            let applicantUser = try #require(try await User.query(on: app.db).filter(\.$username == "canhan").first())
            let selfReview = try await app.post(page + "/assign", as: secretariat, ["reviewerIds[]": Self.id(applicantUser.id!)])
            #expect(selfReview.status == .unprocessableEntity)
            #expect(selfReview.body.string.contains("không được chấm sáng kiến của mình"))
            // Two reviewers: the council member and the leader.
            let council = try #require(try await User.query(on: app.db).filter(\.$username == "hoidong").first())
            let leader = try #require(try await User.query(on: app.db).filter(\.$username == "lanhdao").first())
            let assign = try await app.send(.POST, page + "/assign", headers: { var h = secretariat.headers; h.contentType = .urlEncodedForm; return h }(),
                body: ByteBuffer(string: "_csrf=\(secretariat.csrf)&reviewerIds[]=\(Self.id(council.id!))&reviewerIds[]=\(Self.id(leader.id!))"))
            #expect(assign.status == .seeOther)
            #expect(try await Initiative.find(i.id, on: app.db)?.state == .underReview)
            let criteria = try await InitiativeCriterion.query(on: app.db).filter(\.$communeID == fx.communeA).sort(\.$position).all()
            #expect(criteria.map(\.maxPoints) == [40, 30, 30])
            func scores(_ values: [String]) -> String {
                zip(criteria, values).map { "criterionId[]=\(Self.id($0.id!))&points[]=\($1)" }.joined(separator: "&")
            }
            for (user, values) in [("hoidong", ["35", "25", "20"]), ("lanhdao", ["30", "20", "25"])] {
                let s = try await app.login(user)
                let res = try await app.send(.POST, page + "/score", headers: { var h = s.headers; h.contentType = .urlEncodedForm; return h }(),
                                                              body: ByteBuffer(string: "_csrf=\(s.csrf)&\(scores(values))&comment=T%E1%BB%91t"))
                #expect(res.status == .seeOther, "\(user)")
            }
            // Out of range points are refused; someone not assigned cannot score.
            let over = try await app.send(.POST, page + "/score", headers: { var h = try await app.login("hoidong").headers; h.contentType = .urlEncodedForm; return h }(),
                                                           body: ByteBuffer(string: "_csrf=\(try await app.login("hoidong").csrf)&\(scores(["41", "1", "1"]))"))
            #expect(over.status != .seeOther)
            #expect(try await app.post(page + "/score", as: try await app.login("giamsat"), ["points[]": "1"]).status == .forbidden)
            let file = try await app.get(page, as: secretariat)
            #expect(file.body.string.contains("77,5/100"))
            #expect(file.body.string.contains("Đạt ngưỡng"))
            // Recognition.
            let decide = try await app.post(page + "/decide", as: secretariat, ["outcome": "recognised", "councilDate": "18/11/2026", "minutes": "7/9 thành viên nhất trí",
                                                                                "decisionDate": "20/11/2026", "scope": "commune"])
            #expect(decide.status == .seeOther)
            #expect(try await Initiative.find(i.id, on: app.db)?.state == .recognised)
            // The certificate prints and opens as a Word document: A4 portrait, NĐ 30 margins.
            let printable = try await app.get(page + "/certificate", as: applicant)
            #expect(printable.status == .ok)
            #expect(printable.body.string.contains("GIẤY CHỨNG NHẬN SÁNG KIẾN"))
            #expect(printable.body.string.contains(StaticAssetsMiddleware.certificateStylesheet))
            #expect(try await app.get(StaticAssetsMiddleware.certificateStylesheet, as: nil).body.string.contains("size: A4"))
            let docx = try await app.get(page + "/certificate.docx", as: applicant)
            #expect(docx.status == .ok)
            let bytes = Data(docx.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            // Confidentiality: the showcase (public) and a reader without a need do not see it; the author does.
            #expect(try await app.get(page, as: applicant).body.string.contains("Mã nguồn bảng tính nội bộ"))
            let editor = try await app.get(page, as: try await app.login("bientap"))
            #expect(editor.status == .ok)
            #expect(!editor.body.string.contains("Mã nguồn bảng tính nội bộ"))
            let showcase = try await app.get("/showcase/nghia-trung", as: nil)
            #expect(showcase.status == .ok)
            #expect(showcase.body.string.contains(title))
            let item = try await app.get("/showcase/nghia-trung/\(Self.id(i.id!))", as: nil)
            #expect(item.status == .ok)
            #expect(item.body.string.contains("Giảm 40% thời gian chờ"))
            #expect(!item.body.string.contains("Mã nguồn bảng tính nội bộ"))
            // Another commune's showcase does not list it; an unrecognised one is not public.
            #expect(!(try await app.get("/showcase/phu-son", as: nil)).body.string.contains(title))
            let draft = try await app.api(.POST, "/api/v1/initiatives", token: try await app.apiToken("canhan"), json: #"{"title":"Bản nháp riêng"}"#)
            struct Created: Decodable { let id: UUID }
            let olderID = try decode(Created.self, draft).id
            #expect(try await app.get("/showcase/nghia-trung/\(Self.id(olderID))", as: nil).status == .notFound)
            // A unit applies it (nhân rộng): the focal point for its own unit only.
            let focal = try await app.login("daumoi")
            #expect(try await app.post(page + "/adopt", as: focal, ["unitId": Self.id(fx.agencyA)]).status == .forbidden)
            #expect(try await app.post(page + "/adopt", as: focal, ["unitId": Self.id(fx.villageA), "note": "Áp dụng từ tháng 10"]).status == .seeOther)
            #expect(try await app.post(page + "/adopt", as: focal, ["unitId": Self.id(fx.villageA)]).status == .unprocessableEntity)
            #expect(try await InitiativeAdoption.query(on: app.db).count() == 1)
            // Every step is audited.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "initiative").count() >= 5)
        }
    }

    @Test func sharesMustTotalExactly100() {
        func line(_ share: Double) -> AuthorLine { AuthorLine(personId: nil, fullName: "A", birthDate: nil, workplace: "", jobTitle: "", qualification: "", share: share) }
        #expect(InitiativeValidation.sharesError([line(100)]) == nil)
        #expect(InitiativeValidation.sharesError([line(33.33), line(33.33), line(33.34)]) == nil)
        #expect(InitiativeValidation.sharesError([line(60), line(30)]) != nil)
        #expect(InitiativeValidation.sharesError([line(60), line(40.5)]) != nil)
    }

    @Test func nearDuplicatesIgnoreDiacriticsAndCase() {
        #expect(Similarity.score("SỐ HÓA HỒ SƠ HỘ TỊCH", "so hoa ho so ho tich") == 1)
        #expect(Similarity.score("Số hóa hồ sơ hộ tịch tại xã", "Số hoá hồ sơ hộ tịch") > 0.6)
        #expect(Similarity.score("Số hóa hồ sơ hộ tịch", "Trồng rau sạch trong nhà lưới") < 0.2)
    }

    @Test func draftsArePrivateAndOnlyTheApplicantWithdraws() async throws {
        try await withTestApp { app, fx in
            let applicant = try await app.login("canhan")
            let res = try await Self.postAuthors(app, "/initiatives", as: applicant, Self.form(title: "Sổ tay điện tử tổ công nghệ số", shares: [], action: "draft"),
                                                 authors: [("Trần Thị Thu Hà", "100")])
            #expect(res.status == .seeOther)
            let i = try #require(try await Initiative.query(on: app.db).first())
            let page = "/initiatives/\(Self.id(i.id!))"
            #expect(try await app.get(page, as: try await app.login("hoidong")).status == .forbidden)
            #expect(try await app.get(page, as: try await app.login("thuky")).status == .ok)
            #expect(try await app.get(page, as: try await app.login("admin.b")).status == .notFound)
            #expect(try await app.post(page + "/withdraw", as: try await app.login("thuky")).status == .forbidden)
            #expect(try await app.post(page + "/edit", as: try await app.login("daumoi"), ["title": "x"]).status == .forbidden)
            #expect(try await app.post(page + "/withdraw", as: applicant).status == .seeOther)
            #expect(try await Initiative.find(i.id, on: app.db)?.state == .withdrawn)
            #expect(try await app.post(page + "/edit", as: applicant, ["title": "x"]).status == .forbidden)
            _ = fx
        }
    }
}
