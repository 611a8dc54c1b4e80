import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Annual reports, evidence, deadline and the board")
struct ReportTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static func page(_ fx: Fixtures) -> String { "/reports/2026/units/\(id(fx.villageA))" }

    static func reportForm(target: UUID, product: UUID, actual: String, version: String, action: String) -> [String: String] {
        ["results": "Đạt phần lớn chỉ tiêu", "lessons": "Cần tập huấn sớm", "proposals": "", "initiativesApplied": "",
         "resultTargetId[]": id(target), "resultActual[]": actual, "resultNote[]": "theo số liệu Công an xã",
         "productId[]": id(product), "productNote[]": "", "delivered[]": id(product), "version": version, "action": action]
    }

    @Test func fullPathOnTimeWithEvidenceReturnedFixedAccepted() async throws {
        let clock = TestClock(day: "2026-11-10")
        try await withTestApp(clock: clock) { app, fx in
            let (target, product) = try await acceptedRegistration(app, fx)
            let unit = try await app.login("daumoi")
            let page = try await app.get(Self.page(fx), as: unit)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Hộ dùng VNeID mức 2"))
            #expect(page.body.string.contains("Hạn nộp: 15/11/2026"))
            // Evidence: a PDF and a link.
            let up = try await uploadForm(app, Self.page(fx) + "/evidence", as: unit, fields: ["title": "Biên bản họp thôn"], filename: "bien-ban.pdf", file: pdfBytes)
            #expect(up.status == .seeOther)
            let link = try await app.post(Self.page(fx) + "/evidence-link", as: unit, ["linkTitle": "Bài trên trang xã", "url": "https://nghiatrung.dongnai.gov.vn/tin/1"])
            #expect(link.status == .seeOther)
            #expect(try await Evidence.query(on: app.db).count() == 2)
            // Draft, then submit.
            let report = try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026))
            let saved = try await app.post(Self.page(fx) + "/save", as: unit, Self.reportForm(target: target, product: product, actual: "72", version: String(report.version), action: "submit"))
            #expect(saved.status == .seeOther)
            let submitted = try #require(try await AnnualReport.find(report.id, on: app.db))
            #expect(submitted.workflow == .submitted)
            #expect(submitted.isLate == false)
            #expect(try await ReportTargetResult.query(on: app.db).first()?.actualValue == 72)
            let dto = try await ReportQueries.dto(on: app.db, communeID: fx.communeA, unit: try #require(try await Unit.find(fx.villageA, on: app.db)), year: 2026)
            #expect(dto.targets.first?.share == 0.9)
            // Returned with a reason, fixed, accepted.
            let secretariat = try await app.login("thuky")
            #expect(try await app.post(Self.page(fx) + "/return", as: secretariat, ["reason": "Thiếu minh chứng số liệu"]).status == .seeOther)
            #expect(try await app.get(Self.page(fx), as: unit).body.string.contains("Thiếu minh chứng số liệu"))
            let again = try #require(try await AnnualReport.find(report.id, on: app.db))
            // The fixes come after the deadline: the report was on time, so it stays on time.
            clock.advance(by: 10 * 86_400)
            let unitLater = try await app.login("daumoi"), secretariatLater = try await app.login("thuky")
            #expect(try await app.post(Self.page(fx) + "/save", as: unitLater, Self.reportForm(target: target, product: product, actual: "81,5", version: String(again.version), action: "submit")).status == .seeOther)
            #expect(try await AnnualReport.find(report.id, on: app.db)?.isLate == false)
            #expect(try await app.post(Self.page(fx) + "/accept", as: secretariatLater).status == .seeOther)
            #expect(try await AnnualReport.find(report.id, on: app.db)?.workflow == .accepted)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$title ~~ "chấp nhận").count() >= 1)
            // The board counts it; the Excel export holds the target and its result.
            let board = try await app.get("/board?year=2026", as: secretariatLater)
            #expect(board.status == .ok)
            #expect(board.body.string.contains("Thôn Bình Thủy"))
            let xlsx = try await app.get("/board/export.xlsx?year=2026", as: secretariatLater)
            #expect(xlsx.status == .ok)
            let bytes = Data(xlsx.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            #expect(bytes.range(of: Data("xl/worksheets/sheet1.xml".utf8)) != nil)
            // The evidence downloads for those who may see the report, with its real type.
            let e = try #require(try await Evidence.query(on: app.db).filter(\.$kind == "file").first())
            let file = try await app.get(Self.page(fx) + "/evidence/\(Self.id(e.id!))", as: secretariatLater)
            #expect(file.status == .ok)
            #expect(file.headers.first(name: .contentType) == "application/pdf")
            #expect(Data(file.body.readableBytesView) == pdfBytes)
            #expect(try await app.get(Self.page(fx) + "/evidence/\(Self.id(e.id!))", as: try await app.login("canhan")).status == .forbidden)
        }
    }

    @Test func aReportAfterTheDeadlineIsAcceptedButMarkedLate() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-20")) { app, fx in
            let (target, product) = try await acceptedRegistration(app, fx)
            let unit = try await app.login("daumoi")
            let res = try await app.post(Self.page(fx) + "/save", as: unit, Self.reportForm(target: target, product: product, actual: "80", version: "0", action: "submit"))
            #expect(res.status == .seeOther)
            let r = try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026))
            #expect(r.workflow == .submitted)
            #expect(r.isLate)
            let page = try await app.get(Self.page(fx), as: unit)
            #expect(page.body.string.contains("Nộp muộn"))
            #expect(page.body.string.contains("20/11/2026"))
            let board = try await app.get("/board?year=2026", as: try await app.login("thuky"))
            #expect(board.body.string.contains("Đơn vị nộp muộn (1)"))
        }
    }

    @Test(arguments: [
        ("bao-cao.pdf", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]) + Data(repeating: 0, count: 64), "Loại tệp không được chấp nhận"),
        ("setup.pdf", Data("MZ\u{90}\u{0}".utf8) + Data(repeating: 0, count: 64), "Loại tệp không được chấp nhận"),
        ("script.pdf", Data("#!/bin/sh\nrm -rf /\n".utf8), "Loại tệp không được chấp nhận"),
        ("rong.pdf", Data(), "Tệp rỗng"),
        ("../../etc/passwd.pdf", pdfBytes, "Tên tệp không hợp lệ"),
        ("..\\minh-chung.pdf", pdfBytes, "Tên tệp không hợp lệ"),
    ])
    func badUploadsAreRefusedAndLeaveNothingBehind(name: String, data: Data, message: String) async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let unit = try await app.login("daumoi")
            let res = try await uploadForm(app, Self.page(fx) + "/evidence", as: unit, fields: ["title": "x"], filename: name, file: data)
            #expect(res.status == .unprocessableEntity, "\(name)")
            #expect(res.body.string.contains(message), "\(name)")
            #expect(try await Evidence.query(on: app.db).count() == 0)
            let filesDir = (app.settings.dataDirectory as NSString).appendingPathComponent("files")
            let stored = (try? FileManager.default.subpathsOfDirectory(atPath: filesDir))?.filter { !$0.hasSuffix("/") && $0.count > 10 } ?? []
            #expect(stored.isEmpty, "nothing written: \(stored)")
        }
    }

    @Test func anOversizeFileIsRefusedWithTheLimit() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10"), settings: { $0.uploadMaxBytes = 1024 * 1024 }) { app, fx in
            let unit = try await app.login("daumoi")
            let big = pdfBytes + Data(repeating: 0x20, count: 1024 * 1024 + 10)
            let res = try await uploadForm(app, Self.page(fx) + "/evidence", as: unit, fields: [:], filename: "lon.pdf", file: big)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Tệp quá lớn: tối đa 1 MB."))
            #expect(try await Evidence.query(on: app.db).count() == 0)
        }
    }

    @Test func twoPeopleSavingTheSameReportTheSecondKeepsTheirText() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let (target, product) = try await acceptedRegistration(app, fx)
            let unit = try await app.login("daumoi")
            let secretariat = try await app.login("thuky")
            #expect(try await app.post(Self.page(fx) + "/save", as: unit, Self.reportForm(target: target, product: product, actual: "10", version: "0", action: "draft")).status == .seeOther)
            let version = String(try #require(try await ReportQueries.find(on: app.db, communeID: fx.communeA, unitID: fx.villageA, year: 2026)).version)
            #expect(try await app.post(Self.page(fx) + "/save", as: unit, Self.reportForm(target: target, product: product, actual: "20", version: version, action: "draft")).status == .seeOther)
            var stale = Self.reportForm(target: target, product: product, actual: "30", version: version, action: "draft")
            stale["results"] = "Nội dung tôi vừa gõ"
            let res = try await app.post(Self.page(fx) + "/save", as: secretariat, stale)
            #expect(res.status == .conflict)
            #expect(res.body.string.contains("Nội dung tôi vừa gõ"))
            #expect(res.body.string.contains("value=\"30\""))
            #expect(try await ReportTargetResult.query(on: app.db).first()?.actualValue == 20)
        }
    }

    @Test func rolesThatMustNotTouchAReportAreRefused() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let other = "/reports/2026/units/\(Self.id(fx.agencyA))"
            let focal = try await app.login("daumoi")
            #expect(try await app.get(other, as: focal).status == .forbidden)
            #expect(try await uploadForm(app, other + "/evidence", as: focal, fields: [:], filename: "a.pdf", file: pdfBytes).status == .forbidden)
            #expect(try await app.post(other + "/save", as: focal, ["results": "x"]).status == .forbidden)
            for role in [Role.councilMember, .leader, .supervisor] {
                let s = try await app.login(Fixtures.username(role))
                #expect(try await app.get(Self.page(fx), as: s).status == .ok, "\(role) reads")
                #expect(try await app.post(Self.page(fx) + "/save", as: s, ["results": "x"]).status == .forbidden, "\(role) cannot edit")
                #expect(try await app.post(Self.page(fx) + "/accept", as: s).status == .forbidden, "\(role) cannot accept")
                #expect(try await app.get("/board", as: s).status == .ok)
            }
            for role in [Role.editor, .individual] {
                let s = try await app.login(Fixtures.username(role))
                #expect(try await app.get(Self.page(fx), as: s).status == .forbidden)
                #expect(try await app.get("/board", as: s).status == .forbidden)
                #expect(try await app.get("/board/export.xlsx", as: s).status == .forbidden)
            }
            #expect(try await app.get(Self.page(fx), as: nil).status == .seeOther)
            #expect(try await app.get(Self.page(fx), as: try await app.login("admin.b")).status == .notFound)
        }
    }

    @Test(arguments: [("2026-10-31", nil), ("2026-11-01", "Còn 14 ngày"), ("2026-11-08", "Còn 7 ngày"), ("2026-11-14", "Còn 1 ngày"),
                      ("2026-11-16", "đã quá hạn")] as [(String, String?)])
    func unitsThatHaveNotSubmittedSeeAReminder(day: String, expected: String?) async throws {
        try await withTestApp(clock: TestClock(day: day)) { app, _ in
            let home = try await app.get("/", as: try await app.login("daumoi"))
            if let expected {
                #expect(home.body.string.contains(expected), "\(day)")
            } else {
                #expect(!home.body.string.contains("reminder"), "\(day)")
            }
            // The secretariat sees no such banner.
            #expect(!(try await app.get("/", as: try await app.login("thuky"))).body.string.contains("reminder"))
        }
    }

    @Test func noReminderOnceSubmitted() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-08")) { app, fx in
            let (target, product) = try await acceptedRegistration(app, fx)
            let unit = try await app.login("daumoi")
            _ = try await app.post(Self.page(fx) + "/save", as: unit, Self.reportForm(target: target, product: product, actual: "80", version: "0", action: "submit"))
            #expect(!(try await app.get("/", as: unit)).body.string.contains("reminder"))
        }
    }
}
