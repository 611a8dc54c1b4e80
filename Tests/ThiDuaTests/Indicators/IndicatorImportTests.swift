import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// A small catalogue for the import tests: CDS01 share by village, CDS02 count by village, CDS03 share for the commune,
/// CDS04 a number by village (a score with decimals).
private struct ImportWorld: Sendable {
    let fx: Fixtures
    let share: UUID
    let count: UUID
    let communeShare: UUID
    let number: UUID
    /// A second village of commune A.
    let village2: UUID
    /// A village of commune B whose code commune A does not have.
    let villageB: UUID

    static func make(_ app: Application) async throws -> ImportWorld {
        let fx = try await Fixtures.create(app)
        let now = app.clock.now()
        func indicator(_ code: String, _ position: Int, _ name: String, _ kind: IndicatorKind, _ level: IndicatorLevel, commune: UUID) async throws -> UUID {
            let i = Indicator()
            i.communeID = commune; i.code = code; i.position = position; i.isActive = true; i.createdAt = now; i.version = 1
            try await i.create(on: app.db)
            let d = IndicatorDefinition()
            d.communeID = commune; d.indicatorID = i.id!; d.fromYear = 2025; d.name = name; d.definition = "Định nghĩa \(code)"
            d.numeratorLabel = kind == .share ? "Số người đạt" : ""; d.denominatorLabel = kind == .share ? "Số người từ 15 tuổi" : ""
            d.measure = kind == .share ? "%" : "người"; d.kind = kind.rawValue; d.direction = "up"; d.level = level.rawValue
            d.groupName = "Nhân lực số"; d.groupPosition = 1; d.contentAreaID = nil; d.sourceDocument = "KH 19/KH-UBND"
            d.evidenceRequired = "Danh sách"; d.isPublic = true; d.createdAt = now; d.createdByName = "Hệ thống"
            try await d.create(on: app.db)
            return i.id!
        }
        let a = fx.communeA
        let share = try await indicator("CDS01", 1, "Tỷ lệ người dân có kỹ năng số cơ bản", .share, .village, commune: a)
        let count = try await indicator("CDS02", 2, "Số người được hướng dẫn dịch vụ công trực tuyến", .count, .village, commune: a)
        let communeShare = try await indicator("CDS03", 3, "Tỷ lệ hồ sơ trực tuyến toàn trình", .share, .commune, commune: a)
        let number = try await indicator("CDS04", 4, "Điểm đánh giá chuyển đổi số", .number, .village, commune: a)
        _ = try await indicator("CDS09", 1, "Chỉ số của xã khác", .count, .village, commune: fx.communeB)
        func unit(_ commune: UUID, _ code: String, _ name: String) async throws -> UUID {
            let values = UnitValues(code: code, name: name, kind: .village, criteriaGroup: UnitKind.village.defaultGroup, villageID: nil,
                                    headName: "Nguyễn Văn Trưởng", headTitle: "Trưởng thôn", phone: "", email: "", address: "")
            return try await DirectoryCommands.createUnit(values, communeID: commune, actor: .system(communeID: commune, at: now), on: app.db).id!
        }
        let village2 = try await unit(a, "TH-02", "Thôn Bình Lục")
        let villageB = try await unit(fx.communeB, "TH-09", "Thôn Phú Hòa")
        return ImportWorld(fx: fx, share: share, count: count, communeShare: communeShare, number: number, village2: village2, villageB: villageB)
    }
}

private let header = "Mã đơn vị;Tên đơn vị;Mã chỉ số;Tử số;Mẫu số;Giá trị;Ghi chú;Giải trình"

private func csv(_ lines: [String]) -> Data {
    Data(("\u{FEFF}" + ([header] + lines).joined(separator: "\r\n") + "\r\n").utf8)
}

private func values(_ app: Application) async throws -> [IndicatorValue] {
    try await IndicatorValue.query(on: app.db).all()
}

/// Uploads `file` for 2026 (whole year) as `session` and returns the preview.
private func upload(_ app: Application, _ s: WebSession, _ file: Data, name: String = "so-lieu.csv", year: Int = 2026,
                    quarter: Int = 0) async throws -> HTTPResult {
    try await uploadForm(app, SiteURL.indicatorImport, as: s, fields: ["year": String(year), "quarter": String(quarter)],
                         filename: name, file: file)
}

/// The hidden hash of the preview's confirm form.
private func confirmFields(_ html: String) -> [String: String]? {
    guard let range = html.range(of: #"name="sha256" value="([0-9a-f]{64})""#, options: .regularExpression) else { return nil }
    let sha = String(html[range].dropFirst(#"name="sha256" value=""#.count).prefix(64))
    return ["year": "2026", "quarter": "0", "sha256": sha, "name": "so-lieu.csv"]
}

@Suite("Indicator import")
struct IndicatorImportTests {
    @Test("CSV with BOM and ';': preview, confirm, values submitted with source import, one audit entry")
    func csvRoundTrip() async throws {
        try await withFreshApp { app in
            let w = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let file = csv([
                "TH-01;Thôn Bình Thủy;CDS01;25.736;36.845;;Theo VNeID;",
                "th-02;;cds02;;;1.500;;",
                "XA;Toàn xã;CDS03;120;150;;;",
                "TH-02;;CDS04;;;69,85;;",
                "TH-02;;CDS01;;;;;",
            ])
            let preview = try await upload(app, s, file)
            #expect(preview.status == .ok)
            let html = preview.body.string
            #expect(html.contains("Nhập 4 dòng"))
            #expect(html.contains("Sẽ thêm mới"))
            // The empty row is counted, not listed.
            #expect(!html.contains("Chưa có số liệu: bỏ qua"))
            #expect(html.contains(IndicatorText.Import.skippedHidden(1)))
            #expect(try await values(app).isEmpty, "the preview writes nothing")

            let fields = try #require(confirmFields(html))
            let done = try await app.post(SiteURL.indicatorImportConfirm, as: s, fields)
            #expect(done.status == .seeOther)
            let all = try await values(app)
            #expect(all.count == 4)
            let share = try #require(all.first { $0.indicatorID == w.share })
            #expect(share.numerator == 25_736 && share.denominator == 36_845)
            #expect(abs((share.value ?? 0) - 69.85) < 0.01)
            #expect(share.status == "submitted" && share.source == "import" && share.note == "Theo VNeID")
            #expect(share.unitID == w.fx.villageA && share.year == 2026 && share.quarter == 0)
            let count = try #require(all.first { $0.indicatorID == w.count })
            #expect(count.value == 1_500)
            #expect(count.numerator == nil && count.denominator == nil, "empty cells stay nil, never 0")
            #expect(count.unitID == w.village2)
            let communeLevel = try #require(all.first { $0.indicatorID == w.communeShare })
            #expect(communeLevel.unitID == nil && communeLevel.scopeKey == IndicatorValue.communeScope)
            let number = try #require(all.first { $0.indicatorID == w.number })
            #expect(abs((number.value ?? 0) - 69.85) < 1e-9)
            #expect(!all.contains { $0.indicatorID == w.share && $0.unitID == w.village2 }, "a row without figures writes nothing")

            let audit = try await AuditEntry.query(on: app.db).filter(\.$objectType == IndicatorImportCommands.auditType).all()
            #expect(audit.count == 1)
            let record = try JSONDecoder().decode(IndicatorImportCommands.Record.self, from: Data((audit.first?.afterJSON ?? "").utf8))
            #expect(record.created == 4 && record.file == "so-lieu.csv" && record.sha256.count == 64 && record.year == 2026)

            // The same file again: every row is unchanged, nothing to import.
            let again = try await upload(app, s, file)
            #expect(again.body.string.contains("Không đổi: bỏ qua"))
            #expect(!again.body.string.contains("name=\"sha256\""))
        }
    }

    @Test("An .xlsx built with XLSXWriter, headers in capitals without diacritics, numbers as numbers and as text")
    func xlsx() async throws {
        try await withFreshApp { app in
            let w = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let sheet = XLSXSheet(name: "Số liệu", columns: ["MA DON VI", "MA CHI SO", "TU SO", "MAU SO", "GIA TRI", "GHI CHU"].map { XLSXColumn(title: $0) },
                                  rows: [
                                      [.text("TH-01"), .text("CDS01"), .number(25_736), .number(36_845), .empty, .text("")],
                                      [.text("TH-01"), .text("CDS02"), .empty, .empty, .text("1.500"), .text("Sổ theo dõi")],
                                      [.text("TH-02"), .text("CDS04"), .empty, .empty, .text("69,85"), .empty],
                                      [.text("TH-02"), .text("CDS02"), .empty, .empty, .integer(12), .empty],
                                  ])
            let data = try XLSXWriter.write([sheet], title: "Số liệu", author: "Xã Nghĩa Trung")
            let preview = try await upload(app, s, data, name: "so-lieu.xlsx")
            #expect(preview.status == .ok, "\(preview.body.string)")
            let fields = try #require(confirmFields(preview.body.string))
            #expect(try await app.post(SiteURL.indicatorImportConfirm, as: s, fields).status == .seeOther)
            let all = try await values(app)
            #expect(all.count == 4)
            #expect(all.first { $0.indicatorID == w.share }?.numerator == 25_736)
            #expect(all.first { $0.indicatorID == w.count && $0.unitID == w.fx.villageA }?.value == 1_500)
            #expect(all.first { $0.indicatorID == w.count && $0.unitID == w.village2 }?.value == 12)
            #expect(abs((all.first { $0.indicatorID == w.number }?.value ?? 0) - 69.85) < 1e-9)
        }
    }

    @Test("A numerator over its denominator shows its error beside the row, and nothing is written though the other rows are fine")
    func allOrNothing() async throws {
        try await withFreshApp { app in
            let w = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let good = csv(["TH-01;;CDS01;30;40;;;", "TH-02;;CDS02;;;7;;"])
            let bad = csv(["TH-01;;CDS01;30;40;;;", "TH-02;;CDS02;;;7;;", "TH-02;;CDS01;50;40;;;"])
            let preview = try await upload(app, s, bad)
            #expect(preview.status == .unprocessableEntity)
            let html = preview.body.string
            #expect(html.contains("Tử số (50) không được lớn hơn mẫu số (40)"))
            #expect(html.contains("1 dòng có lỗi"))
            #expect(!html.contains("name=\"sha256\""), "no confirm button while there are errors")

            // A confirmation forged with the bad file's hash (kept by the preview) is checked again: nothing written.
            let goodPreview = try await upload(app, s, good)
            var fields = try #require(confirmFields(goodPreview.body.string))
            let dataDirectory = app.settings.dataDirectory
            let badSha = IndicatorImportFile.read(bad, name: "x").sha256
            #expect(FileManager.default.fileExists(atPath: IndicatorImportController.stagedPath(communeID: w.fx.communeA, year: Int(fields["year"] ?? "") ?? 0,
                                                                                                  quarter: Int(fields["quarter"] ?? "") ?? 0,
                                                                                                  sha256: badSha, dataDirectory: dataDirectory)!))
            fields["sha256"] = badSha
            let forged = try await app.post(SiteURL.indicatorImportConfirm, as: s, fields)
            #expect(forged.status == .unprocessableEntity)
            #expect(forged.body.string.contains("Tử số (50) không được lớn hơn mẫu số (40)"))
            #expect(try await values(app).isEmpty)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == IndicatorImportCommands.auditType).count() == 0)
        }
    }

    @Test("Unknown unit and indicator codes, another commune's codes, duplicates, kind mismatches")
    func rowRefusals() async throws {
        try await withFreshApp { app in
            _ = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let preview = try await upload(app, s, csv([
                "TH-77;;CDS01;1;2;;;",
                "TH-01;;CDS77;1;2;;;",
                "TH-09;;CDS01;1;2;;;",
                "TH-01;;CDS09;;;3;;",
                "TH-01;;CDS02;;;5;;",
                "TH-01;;cds02;;;6;;",
                "TH-01;;CDS01;;;40;;",
                "TH-01;;CDS04;1;2;;;",
                "XA;;CDS01;1;2;;;",
                "TH-02;;CDS02;;;-3;;",
            ]))
            #expect(preview.status == .unprocessableEntity)
            let html = preview.body.string
            #expect(html.contains("Không có thôn, ấp, đơn vị mã «TH-77» trong danh bạ của xã."))
            #expect(html.contains("Không có chỉ số mã «CDS77» trong danh mục của xã."))
            #expect(html.contains("Không có thôn, ấp, đơn vị mã «TH-09»"), "commune B's village is not matched")
            #expect(html.contains("Không có chỉ số mã «CDS09»"), "commune B's indicator is not matched")
            #expect(html.contains("Trùng đơn vị và chỉ số với dòng 6"))
            #expect(html.contains(IndicatorText.Import.shareTakesParts))
            #expect(html.contains(IndicatorText.Import.countTakesValue))
            #expect(html.contains("Chỉ số này báo cáo ở cấp «Thôn, ấp», không nhập cho «Cấp xã»."))
            #expect(html.contains("10 dòng có lỗi") || html.contains("dòng có lỗi"))
            #expect(try await values(app).isEmpty)
        }
    }

    @Test("A locked or approved value is not overwritten; a submitted one is updated")
    func lockedValue() async throws {
        try await withFreshApp { app in
            let w = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let definition = try #require(try await IndicatorDefinition.query(on: app.db).filter(\.$indicatorID == w.share).first())
            func stored(_ unit: UUID, _ status: IndicatorValueStatus, _ n: Double, _ d: Double) async throws {
                let v = IndicatorValue()
                v.communeID = w.fx.communeA; v.indicatorID = w.share; v.definitionID = definition.id!; v.unitID = unit
                v.scopeKey = unit.uuidString.lowercased(); v.year = 2026; v.quarter = 0
                v.numerator = n; v.denominator = d; v.value = n / d * 100; v.note = ""; v.jumpNote = ""; v.status = status.rawValue
                v.returnReason = ""; v.source = "form"; v.enteredBy = nil; v.enteredByName = "Đầu mối"; v.reviewedByName = ""
                v.createdAt = app.clock.now(); v.updatedAt = app.clock.now(); v.version = 1
                try await v.create(on: app.db)
            }
            try await stored(w.fx.villageA, .approved, 10, 20)
            try await stored(w.village2, .submitted, 10, 20)

            let refused = try await upload(app, s, csv(["TH-01;;CDS01;12;20;;;", "TH-02;;CDS01;11;20;;;"]))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Số liệu kỳ này đã ở trạng thái «Đã duyệt»: không ghi đè được."))

            // The locked row left as it is (same figures): unchanged; the submitted one is updated.
            let preview = try await upload(app, s, csv(["TH-01;;CDS01;10;20;;;", "TH-02;;CDS01;11;20;;;"]))
            #expect(preview.status == .ok)
            #expect(preview.body.string.contains("Không đổi: bỏ qua"))
            #expect(preview.body.string.contains("Sẽ cập nhật"))
            let fields = try #require(confirmFields(preview.body.string))
            #expect(try await app.post(SiteURL.indicatorImportConfirm, as: s, fields).status == .seeOther)
            let all = try await values(app)
            #expect(all.first { $0.unitID == w.fx.villageA }?.numerator == 10)
            #expect(all.first { $0.unitID == w.fx.villageA }?.status == "approved")
            let updated = try #require(all.first { $0.unitID == w.village2 })
            #expect(updated.numerator == 11 && updated.source == "import" && updated.version == 2)

            // Locked between the preview and the confirmation: the confirmation refuses and writes nothing.
            let later = try await upload(app, s, csv(["TH-02;;CDS01;9;20;;;"]))
            let laterFields = try #require(confirmFields(later.body.string))
            updated.status = IndicatorValueStatus.approved.rawValue
            try await updated.save(on: app.db)
            let late = try await app.post(SiteURL.indicatorImportConfirm, as: s, laterFields)
            #expect(late.status == .unprocessableEntity)
            #expect(late.body.string.contains("«Đã duyệt»: không ghi đè được"))
            #expect(try await IndicatorValue.find(updated.id, on: app.db)?.numerator == 11)

            // A confirmation for another period than the one previewed finds no staged file: nothing is written there.
            updated.status = IndicatorValueStatus.submitted.rawValue
            try await updated.save(on: app.db)
            let other = try await upload(app, s, csv(["TH-02;;CDS01;8;20;;;"]))
            var otherFields = try #require(confirmFields(other.body.string))
            otherFields["year"] = "2025"
            let moved = try await app.post(SiteURL.indicatorImportConfirm, as: s, otherFields)
            #expect(moved.status == .seeOther)
            #expect(try await IndicatorValue.query(on: app.db).filter(\.$year == 2025).count() == 0)

            // Once a value of the year is locked, the year is: the file is refused for the period, new rows too.
            updated.status = IndicatorValueStatus.locked.rawValue
            try await updated.save(on: app.db)
            let locked = try await upload(app, s, csv(["TH-02;;CDS01;7;20;;;"]))
            #expect(locked.status == .unprocessableEntity)
            #expect(locked.body.string.contains(IndicatorText.Values.yearLocked(2026)))
        }
    }

    @Test("The focal point gets 403 on every import page and from the command")
    func focalPointRefused() async throws {
        try await withFreshApp { app in
            let w = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            #expect(try await app.get(SiteURL.indicatorImport, as: s).status == .forbidden)
            #expect(try await app.get(SiteURL.indicatorImportTemplate("xlsx", year: 2026, quarter: 0), as: s).status == .forbidden)
            #expect(try await upload(app, s, csv(["TH-01;;CDS01;1;2;;;"])).status == .forbidden)
            #expect(try await app.post(SiteURL.indicatorImportConfirm, as: s, ["year": "2026", "quarter": "0", "sha256": String(repeating: "a", count: 64)]).status == .forbidden)
            let user = CurrentUser(id: UUID(), communeID: w.fx.communeA, communeName: "Nghĩa Trung", username: "daumoi", displayName: "Đầu mối",
                                   roles: [.unitFocalPoint], unitID: w.fx.villageA, personID: nil, sessionID: UUID(), csrfToken: "", viaAPI: false)
            await #expect(throws: AppError.self) {
                _ = try await IndicatorImportCommands.importRows(IndicatorImportFile.read(csv(["TH-01;;CDS01;1;2;;;"]), name: "x.csv"), year: 2026, quarter: 0,
                                                                 by: user, actor: .system(communeID: w.fx.communeA, at: app.clock.now()), on: app.db)
            }
            #expect(try await values(app).isEmpty)
        }
    }

    @Test("Hostile cell text comes out escaped in the preview")
    func hostileText() async throws {
        try await withFreshApp { app in
            _ = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let hostile = "<script>alert(1)</script>'"
            let preview = try await upload(app, s, csv(["\(hostile);\(hostile);\(hostile);\(hostile);2;;\(hostile);"]), name: "<b>x</b>.csv")
            let html = preview.body.string
            #expect(preview.status == .unprocessableEntity)
            #expect(!html.contains("<script>alert"))
            #expect(!html.contains("<b>x</b>"))
            #expect(html.contains("&lt;script&gt;"))
        }
    }

    @Test("The template lists every village × indicator of the year; filled in, it imports")
    func template() async throws {
        try await withFreshApp { app in
            let w = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let res = try await app.get(SiteURL.indicatorImportTemplate("xlsx", year: 2026, quarter: 0), as: s)
            #expect(res.status == .ok)
            let rows = try TabularFile.rows(data: Data(buffer: res.body), fileName: "mau.xlsx")
            #expect(rows.first?.first == "Mã đơn vị")
            let body = rows.dropFirst().filter { !$0.allSatisfy(\.isEmpty) }
            // 1 commune-level indicator + 2 villages × 3 village indicators (the agency has none).
            #expect(body.count == 7)
            #expect(body.first?.first == "XA")
            #expect(body.filter { $0.first == "TH-01" }.count == 3)

            let csvRes = try await app.get(SiteURL.indicatorImportTemplate("csv", year: 2026, quarter: 0), as: s)
            let csvRows = try TabularFile.rows(data: Data(buffer: csvRes.body), fileName: "mau.csv")
            #expect(csvRows.count == 8)

            // Fill the share of TH-01 in the template and import it: the other rows are left empty and skipped.
            var filled = rows
            let at = try #require(filled.firstIndex { $0.first == "TH-01" && $0[2] == "CDS01" })
            while filled[at].count < 10 { filled[at].append("") }
            filled[at][5] = "30"; filled[at][6] = "40"
            let sheet = XLSXSheet(name: "Mẫu", columns: filled[0].map { XLSXColumn(title: $0) }, rows: filled.dropFirst().map { $0.map { XLSXCell.text($0) } })
            let preview = try await upload(app, s, try XLSXWriter.write([sheet], title: "Mẫu", author: "Xã"), name: "mau.xlsx")
            #expect(preview.status == .ok)
            let fields = try #require(confirmFields(preview.body.string))
            #expect(try await app.post(SiteURL.indicatorImportConfirm, as: s, fields).status == .seeOther)
            let all = try await values(app)
            #expect(all.count == 1 && all.first?.indicatorID == w.share && all.first?.value == 75)
        }
    }

    @Test("Missing columns and an empty file are refused as a whole")
    func fileProblems() async throws {
        try await withFreshApp { app in
            _ = try await ImportWorld.make(app)
            let s = try await app.login(Fixtures.username(.secretariat))
            let missing = try await upload(app, s, Data("Mã đơn vị;Mã chỉ số;Giá trị\r\nTH-01;CDS02;4\r\n".utf8))
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.body.string.contains("Tệp thiếu cột: «Tử số», «Mẫu số»"))
            let noFile = try await uploadForm(app, SiteURL.indicatorImport, as: s, fields: ["year": "2026", "quarter": "0"], filename: "", file: Data())
            #expect(noFile.status == .unprocessableEntity)
            #expect(noFile.body.string.contains(IndicatorText.Import.noFile))
        }
    }
}
