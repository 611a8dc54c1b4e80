import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// The annual report page is one form: adding or removing evidence keeps (and saves) everything typed on the page.
@Suite("The report form keeps what was typed when evidence is added or removed")
struct ReportFormTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static func page(_ fx: Fixtures) -> String { "/reports/2026/units/\(id(fx.villageA))" }

    struct Lines {
        let targets: [UUID]
        let product: UUID
    }

    /// An accepted registration of the village with two targets and one product, and a saved draft report: 67 and 58,
    /// no proposals.
    static func draft(_ app: Application, _ fx: Fixtures) async throws -> Lines {
        let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
        let content = RegistrationContent(focus: "Chuyển đổi số", plannedInitiatives: "", targets: [
            TargetLine(id: nil, name: "Hộ dùng VNeID mức 2", unitOfMeasure: "%", baseline: 40, targetValue: 80, contentAreaId: nil, dueDate: nil),
            TargetLine(id: nil, name: "Hộ thanh toán không dùng tiền mặt", unitOfMeasure: "%", baseline: 30, targetValue: 70, contentAreaId: nil, dueDate: nil),
        ], products: [ProductLine(id: nil, name: "Tổ công nghệ số", description: "", expectedDate: nil)])
        let r = try await RegistrationCommands.save(owner: .unit(fx.villageA), year: 2026, content: content, expectedVersion: nil,
                                                    communeID: fx.communeA, actor: actor, on: app.db)
        try await RegistrationCommands.submit(r, ownerName: "", actor: actor, on: app.db)
        try await RegistrationCommands.decide(r, accept: true, reason: "", actor: actor, on: app.db)
        let targets = try await RegistrationTarget.query(on: app.db).filter(\.$registrationID == r.id!).sort(\.$position).all().map { $0.id! }
        let product = try await RegistrationProduct.query(on: app.db).filter(\.$registrationID == r.id!).first()!.id!
        let unit = try #require(try await Unit.find(fx.villageA, on: app.db))
        _ = try await ReportCommands.save(ReportInput(results: "Đạt phần lớn chỉ tiêu", lessons: "", proposals: "", initiativesApplied: "",
                                                      actuals: [targets[0]: 67, targets[1]: 58], notes: [:], delivered: [], productNotes: [:]),
                                          unit: unit, year: 2026, expectedVersion: nil, actor: actor, on: app.db)
        return Lines(targets: targets, product: product)
    }

    static func version(_ app: Application, _ fx: Fixtures) async throws -> String {
        String(try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026)).version)
    }

    /// The page's form as a browser sends it: the report fields with what the person typed, then the evidence inputs.
    static func typed(_ l: Lines, version: String, actuals: [String] = ["70", "62"], action: String?, extra: [(String, String)] = []) -> [(String, String)] {
        var pairs: [(String, String)] = [("version", version)]
        for (t, a) in zip(l.targets, actuals) { pairs += [("resultTargetId[]", id(t)), ("resultActual[]", a), ("resultNote[]", "")] }
        pairs += [("productId[]", id(l.product)), ("productNote[]", ""),
                  ("results", "Đạt phần lớn chỉ tiêu"), ("initiativesApplied", ""), ("lessons", ""),
                  ("proposals", "Đề nghị xã hỗ trợ thêm 2 máy tính cho Tổ công nghệ số"),
                  ("evidenceTitle", ""), ("linkTitle", ""), ("url", "")]
        // A later value of the same name (a typed evidence field) replaces the empty one above.
        for (k, v) in extra { pairs.removeAll { $0.0 == k }; pairs.append((k, v)) }
        if let action { pairs.append(("action", action)) }
        return pairs
    }

    /// A multipart form in the given order (repeated names for table rows) with its file input — empty, as a browser
    /// sends it when no file was chosen — over the socket.
    static func send(_ app: Application, _ path: String, as s: WebSession, _ pairs: [(String, String)],
                     filename: String = "", file: Data = Data()) async throws -> HTTPResult {
        let boundary = "----thiduaform\(UUID().uuidString)"
        var body = Data()
        for (k, v) in [("_csrf", s.csrf)] + pairs {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = s.headers
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await app.send(.POST, path, headers: headers, body: ByteBuffer(data: body))
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    static func actuals(_ app: Application, _ fx: Fixtures, _ l: Lines) async throws -> [Double?] {
        let unit = try #require(try await Unit.find(fx.villageA, on: app.db))
        let dto = try await ReportQueries.dto(on: app.db, communeID: fx.communeA, unit: unit, year: 2026)
        return dto.targets.map(\.actualValue)
    }

    @Test func thePageIsOneFormWithTheEvidenceInputs() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            _ = try await Self.draft(app, fx)
            let html = try await app.get(Self.page(fx), as: try await app.login("daumoi")).body.string
            #expect(Self.count("enctype=\"multipart/form-data\"", in: html) == 1)
            #expect(html.contains("action=\"\(Self.page(fx))/save\""))
            #expect(!html.contains("action=\"\(Self.page(fx))/evidence"), "no separate evidence form")
            for control in ["name=\"file\"", "name=\"evidenceTitle\"", "name=\"linkTitle\"", "name=\"url\"", "value=\"addEvidence\"", "value=\"addLink\"", "value=\"submit\""] {
                #expect(html.contains(control), "\(control)")
            }
        }
    }

    @Test func typedValuesSurviveAddingAFile() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await Self.draft(app, fx)
            let unit = try await app.login("daumoi")
            let res = try await Self.send(app, Self.page(fx) + "/save", as: unit,
                                          Self.typed(l, version: try await Self.version(app, fx), action: "addEvidence", extra: [("evidenceTitle", "Biên bản họp thôn")]),
                                          filename: "bien-ban.pdf", file: pdfBytes)
            #expect(res.status == .seeOther)
            let e = try #require(try await Evidence.query(on: app.db).first())
            #expect(e.title == "Biên bản họp thôn" && e.kind == "file" && e.contentType == "application/pdf")
            #expect(try await Self.actuals(app, fx, l) == [70, 62])
            let html = try await app.get(Self.page(fx), as: unit).body.string
            #expect(html.contains("value=\"70\"") && html.contains("value=\"62\""))
            #expect(!html.contains("value=\"67\""))
            #expect(html.contains("Đề nghị xã hỗ trợ thêm 2 máy tính cho Tổ công nghệ số"))
            #expect(html.contains("Biên bản họp thôn"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "evidence").count() == 1)
        }
    }

    @Test func typedValuesSurviveAddingALinkAndTheLinkKeepsItsTitle() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await Self.draft(app, fx)
            let unit = try await app.login("daumoi")
            let res = try await Self.send(app, Self.page(fx) + "/save", as: unit,
                                          Self.typed(l, version: try await Self.version(app, fx), action: "addLink",
                                                     extra: [("linkTitle", "Bài trên trang xã"), ("url", "https://nghiatrung.dongnai.gov.vn/tin/1")]))
            #expect(res.status == .seeOther)
            let e = try #require(try await Evidence.query(on: app.db).first())
            #expect(e.kind == "link" && e.url == "https://nghiatrung.dongnai.gov.vn/tin/1")
            #expect(e.title == "Bài trên trang xã")
            #expect(try await Self.actuals(app, fx, l) == [70, 62])
            let report = try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026))
            #expect(report.proposals == "Đề nghị xã hỗ trợ thêm 2 máy tính cho Tổ công nghệ số")
            // Opening it shows the whole address on a page of the site, never a redirect off it.
            let opened = try await app.get(Self.page(fx) + "/evidence/\(e.id!.uuidString.lowercased())", as: try await app.login("thuky"))
            #expect(opened.status == .ok)
            #expect(opened.headers.first(name: .location) == nil)
            #expect(opened.body.string.contains("https://nghiatrung.dongnai.gov.vn/tin/1"))
            #expect(opened.body.string.contains("rel=\"noopener noreferrer nofollow\""))
            // The link form of earlier pages keeps its title too.
            let old = try await app.post(Self.page(fx) + "/evidence-link", as: unit, ["linkTitle": "Ảnh lễ ra mắt", "url": "https://example.org/anh"])
            #expect(old.status == .seeOther)
            #expect(try await Evidence.query(on: app.db).filter(\.$url == "https://example.org/anh").first()?.title == "Ảnh lễ ra mắt")
        }
    }

    @Test func addingEvidenceWithoutAFileSaysNoFileWasChosenOnceAndKeepsWhatWasTyped() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await Self.draft(app, fx)
            let unit = try await app.login("daumoi")
            let res = try await Self.send(app, Self.page(fx) + "/save", as: unit, Self.typed(l, version: try await Self.version(app, fx), action: "addEvidence"))
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(Self.count(ReportText.fileMissing, in: html) == 1)
            #expect(html.contains("Chưa chọn tệp"))
            #expect(!html.contains(ReportText.fileEmpty))
            // The error box names the field and links to it.
            #expect(html.contains("href=\"#f-file\">\(ReportText.fileField)</a>"))
            #expect(html.contains("id=\"f-file\""))
            // What was typed is on the page again; nothing was written.
            #expect(html.contains("value=\"70\"") && html.contains("value=\"62\""))
            #expect(html.contains("Đề nghị xã hỗ trợ thêm 2 máy tính cho Tổ công nghệ số"))
            #expect(try await Self.actuals(app, fx, l) == [67, 58])
            #expect(try await Evidence.query(on: app.db).count() == 0)
        }
    }

    @Test func aRefusedFileSaysWhyOnceAndKeepsWhatWasTyped() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await Self.draft(app, fx)
            let unit = try await app.login("daumoi")
            let exe = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]) + Data(repeating: 0, count: 64)
            let res = try await Self.send(app, Self.page(fx) + "/save", as: unit,
                                          Self.typed(l, version: try await Self.version(app, fx), action: "addEvidence", extra: [("evidenceTitle", "Bảng số liệu")]),
                                          filename: "so-lieu.pdf", file: exe)
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(Self.count(ReportText.fileBadType, in: html) == 1)
            #expect(html.contains("value=\"70\"") && html.contains("value=\"62\"") && html.contains("value=\"Bảng số liệu\""))
            #expect(html.contains("Đề nghị xã hỗ trợ thêm 2 máy tính cho Tổ công nghệ số"))
            #expect(try await Self.actuals(app, fx, l) == [67, 58])
            #expect(try await Evidence.query(on: app.db).count() == 0)
        }
    }

    @Test func theErrorBoxNamesEachFieldAndEachMessageIsSaidOnce() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await Self.draft(app, fx)
            let unit = try await app.login("daumoi")
            let res = try await Self.send(app, Self.page(fx) + "/save", as: unit,
                                          Self.typed(l, version: try await Self.version(app, fx), actuals: ["70", "sáu hai"], action: "addLink",
                                                     extra: [("url", "nghiatrung.gov.vn")]))
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("href=\"#f-resultActual.1\">\(ReportText.actualLine(2))</a>"))
            #expect(html.contains("id=\"f-resultActual.1\""))
            #expect(html.contains("href=\"#f-url\">\(ReportText.urlField)</a>"))
            // In the order of the page.
            #expect(try #require(html.range(of: "href=\"#f-resultActual.1\"")).lowerBound < (try #require(html.range(of: "href=\"#f-url\""))).lowerBound)
            // The cell's own message (whatever the number check says) is beside the cell only.
            let beside = try #require(html.range(of: "id=\"e-resultActual.1\">"))
            let message = String(html[beside.upperBound...].prefix { $0 != "<" })
            #expect(!message.isEmpty)
            #expect(Self.count(message, in: html) == 1)
            #expect(Self.count(ReportText.linkInvalid, in: html) == 1)
            #expect(Self.count(CoreText.formHasErrors, in: html) == 1)
            #expect(html.contains("value=\"sáu hai\"") && html.contains("value=\"nghiatrung.gov.vn\""))
            #expect(try await Self.actuals(app, fx, l) == [67, 58])
        }
    }

    @Test func removingEvidenceKeepsWhatWasTyped() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await Self.draft(app, fx)
            let unit = try await app.login("daumoi")
            let owner = EvidenceCommands.Owner(communeID: fx.communeA, unitID: fx.villageA, year: 2026)
            let e = try await EvidenceCommands.addLink(to: owner, title: "Liên kết cũ", url: "https://example.org/cu",
                                                       actor: .system(communeID: fx.communeA, at: app.clock.now()), on: app.db)
            #expect(try await app.get(Self.page(fx), as: unit).body.string.contains("name=\"removeEvidence\" value=\"\(Self.id(e.id!))\""))
            let res = try await Self.send(app, Self.page(fx) + "/save", as: unit,
                                          Self.typed(l, version: try await Self.version(app, fx), action: nil, extra: [("removeEvidence", Self.id(e.id!))]))
            #expect(res.status == .seeOther)
            #expect(try await Evidence.query(on: app.db).count() == 0)
            #expect(try await Self.actuals(app, fx, l) == [70, 62])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "evidence").filter(\.$action == AuditAction.delete.rawValue).count() == 1)
        }
    }

    @Test func submittingWithAFileAddsItThenSubmits() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let l = try await Self.draft(app, fx)
            let unit = try await app.login("daumoi")
            let res = try await Self.send(app, Self.page(fx) + "/save", as: unit, Self.typed(l, version: try await Self.version(app, fx), action: "submit"),
                                          filename: "bao-cao.pdf", file: pdfBytes)
            #expect(res.status == .seeOther)
            let report = try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026))
            #expect(report.workflow == .submitted)
            #expect(try await Evidence.query(on: app.db).filter(\.$reportID == report.id!).first()?.title == "bao-cao.pdf")
            #expect(try await Self.actuals(app, fx, l) == [70, 62])
        }
    }
}

/// The other forms with a file: a refused or missing file keeps the typed text and says why once, beside the file.
@Suite("Attachments on the other forms")
struct AttachmentFormTests {
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
    static let exe = Data("MZ\u{90}\u{0}".utf8) + Data(repeating: 0, count: 64)

    @Test func aDifficultyWithARefusedFileKeepsItsText() async throws {
        try await withTestApp { app, _ in
            let res = try await uploadForm(app, "/difficulties", as: try await app.login("daumoi"),
                                           fields: ["title": "Sóng di động yếu", "content": "Cuối thôn không cài được VNeID."], filename: "anh.jpg", file: Self.exe)
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Sóng di động yếu") && html.contains("Cuối thôn không cài được VNeID."))
            #expect(Self.count(ReportText.fileBadType, in: html) == 1)
            #expect(html.contains("href=\"#f-file\">\(DifficultyText.attachment)</a>"))
            #expect(try await Difficulty.query(on: app.db).count() == 0)
        }
    }

    @Test func anAchievementWithoutAScanSaysNoFileWasChosenOnce() async throws {
        try await withTestApp { app, _ in
            let fields = ["kind": "patent", "title": "Giải pháp hữu ích: máy sấy cà phê", "holderName": "Trần Thị Thu Hà",
                          "issuingBody": "Cục Sở hữu trí tuệ", "issuedOn": "12/05/2026", "documentNumber": "2-0003456"]
            let person = try await app.login("canhan")
            let none = try await uploadForm(app, "/achievements", as: person, fields: fields, filename: "", file: Data())
            #expect(none.status == .unprocessableEntity)
            #expect(Self.count(AchievementText.scanMissing, in: none.body.string) == 1)
            #expect(none.body.string.contains("Chưa chọn tệp"))
            #expect(none.body.string.contains("Giải pháp hữu ích: máy sấy cà phê") && none.body.string.contains("Cục Sở hữu trí tuệ"))
            let bad = try await uploadForm(app, "/achievements", as: person, fields: fields, filename: "qd.pdf", file: Self.exe)
            #expect(bad.status == .unprocessableEntity)
            #expect(Self.count(ReportText.fileBadType, in: bad.body.string) == 1)
            #expect(bad.body.string.contains("Giải pháp hữu ích: máy sấy cà phê"))
            #expect(try await Achievement.query(on: app.db).count() == 0)
        }
    }

    @Test func anInitiativeAttachmentWithoutAFileSaysSoOnce() async throws {
        try await withTestApp { app, _ in
            let applicant = try await app.login("canhan")
            let created = try await app.api(.POST, "/api/v1/initiatives", token: try await app.apiToken("canhan"), json: #"{"title":"Sổ tay điện tử"}"#)
            struct D: Decodable { let id: UUID }
            let page = "/initiatives/\(try decode(D.self, created).id.uuidString.lowercased())"
            let none = try await uploadForm(app, page + "/attachments", as: applicant, fields: [:], filename: "", file: Data())
            #expect(none.status == .unprocessableEntity)
            #expect(Self.count(ReportText.fileMissing, in: none.body.string) == 1)
            #expect(!none.body.string.contains(ReportText.fileEmpty))
            let bad = try await uploadForm(app, page + "/attachments", as: applicant, fields: [:], filename: "mo-ta.pdf", file: Self.exe)
            #expect(bad.status == .unprocessableEntity)
            #expect(Self.count(ReportText.fileBadType, in: bad.body.string) == 1)
            #expect(try await Evidence.query(on: app.db).count() == 0)
        }
    }
}
