import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// Indicator values over HTTP (real socket, 1 KB pieces): entry, refusals, null ≠ 0, workflow, access, evidence.
@Suite struct IndicatorValueTests {
    struct World { let share: UUID; let count: UUID; let villageB: UUID }

    /// A movement 2025–2030, a village-level share and count, a second village; the clock is 25/11/2026.
    static func world(_ app: Application, _ fx: Fixtures) async throws -> World {
        let m = Movement()
        m.communeID = fx.communeA; m.name = "Phong trào"; m.planNumber = "05/KH-UBND"; m.startYear = 2025; m.endYear = 2030
        m.summary = ""; m.version = 1
        try await m.create(on: app.db)
        func indicator(_ code: String, _ kind: IndicatorKind, _ position: Int) async throws -> UUID {
            let i = Indicator()
            i.communeID = fx.communeA; i.code = code; i.position = position; i.isActive = true; i.createdAt = Date(); i.version = 1
            try await i.create(on: app.db)
            let d = IndicatorDefinition()
            d.communeID = fx.communeA; d.indicatorID = i.id!; d.fromYear = 2025; d.name = "Chỉ số \(code)"; d.definition = "Định nghĩa"
            d.numeratorLabel = kind == .share ? "Số người có kỹ năng số cơ bản" : ""; d.denominatorLabel = kind == .share ? "Số người từ 15 tuổi" : ""
            d.measure = kind == .share ? "%" : "lớp"; d.kind = kind.rawValue; d.direction = "up"; d.level = IndicatorLevel.village.rawValue
            d.groupName = "Nhân lực số"; d.groupPosition = 1; d.sourceDocument = ""; d.evidenceRequired = "Danh sách"; d.isPublic = true
            d.createdAt = Date(); d.createdByName = "test"
            try await d.create(on: app.db)
            return i.id!
        }
        let share = try await indicator("CDS01", .share, 1)
        let count = try await indicator("CDS02", .count, 2)
        let values = UnitValues(code: "TH-02", name: "Thôn Bình Thạnh", kind: .village, criteriaGroup: UnitKind.village.defaultGroup, villageID: nil,
                                headName: "", headTitle: "", phone: "", email: "", address: "")
        let b = try await DirectoryCommands.createUnit(values, communeID: fx.communeA, actor: .system(communeID: fx.communeA, at: Date()), on: app.db)
        return World(share: share, count: count, villageB: b.id!)
    }

    static func page(_ year: Int = 2026, unit: UUID) -> String { SiteURL.indicatorValues(year: year, quarter: 0, scope: IndicatorScope.key(of: unit)) }
    static func k(_ f: String, _ id: UUID) -> String { "\(f).\(id.uuidString.lowercased())" }

    static func stored(_ app: Application, _ indicator: UUID, unit: UUID, year: Int = 2026) async throws -> IndicatorValue? {
        try await IndicatorValue.query(on: app.db).filter(\.$indicatorID == indicator).filter(\.$scopeKey == IndicatorScope.key(of: unit))
            .filter(\.$year == year).filter(\.$quarter == 0).first()
    }

    @Test func refusalsOverHTTPKeepWhatWasTyped() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            let cases: [([String: String], String)] = [
                ([Self.k("numerator", w.share): "120", Self.k("denominator", w.share): "100"], Self.k("numerator", w.share)),
                ([Self.k("numerator", w.share): "1", Self.k("denominator", w.share): "0"], Self.k("denominator", w.share)),
                ([Self.k("numerator", w.share): "12"], Self.k("denominator", w.share)),
                ([Self.k("value", w.count): "-3"], Self.k("value", w.count)),
                ([Self.k("value", w.count): "1,5"], Self.k("value", w.count)),
            ]
            for (fields, field) in cases {
                // A good line beside the bad one: all-or-nothing.
                var all = fields
                if all[Self.k("value", w.count)] == nil { all[Self.k("value", w.count)] = "7" }
                let r = try await app.post(Self.page(unit: fx.villageA), as: s, all)
                #expect(r.status == .unprocessableEntity, "\(fields)")
                #expect(r.body.string.contains("id=\"e-\(field)\""), "\(field)")
                for (_, typed) in fields { #expect(r.body.string.contains("value=\"\(typed)\"")) }
            }
            #expect(try await IndicatorValue.query(on: app.db).count() == 0)
            // A year outside the movement (2023 < 2025 − 1) and a future year.
            for year in [2023, 2027] {
                let r = try await app.post(Self.page(year, unit: fx.villageA), as: s, [Self.k("value", w.count): "3"])
                #expect(r.status == .unprocessableEntity)
            }
            #expect(try await IndicatorValue.query(on: app.db).count() == 0)
        }
    }

    @Test func emptyStaysMissingAndTypedNumbersRoundTrip() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            var r = try await app.post(Self.page(unit: fx.villageA), as: s,
                                       [Self.k("numerator", w.share): "1.500", Self.k("denominator", w.share): "2.000", Self.k("value", w.count): "",
                                        Self.k("note", w.count): "chưa thống kê"])
            #expect(r.status == .seeOther)
            let v = try #require(try await Self.stored(app, w.share, unit: fx.villageA))
            #expect(v.numerator == 1500 && v.denominator == 2000 && v.value == 75)
            let c = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(c.value == nil)
            // The page shows what was saved as typed; posting it back changes nothing and keeps nil.
            let page = try await app.get(Self.page(unit: fx.villageA), as: s).body.string
            #expect(page.contains("value=\"1.500\"") && page.contains("value=\"2.000\""))
            r = try await app.post(Self.page(unit: fx.villageA), as: s,
                                   [Self.k("numerator", w.share): "1.500", Self.k("denominator", w.share): "2.000", Self.k("version", w.share): String(v.version),
                                    Self.k("value", w.count): "", Self.k("note", w.count): "chưa thống kê", Self.k("version", w.count): String(c.version)])
            #expect(r.status == .seeOther)
            let again = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(again.value == nil && again.version == c.version)
            #expect(try #require(try await Self.stored(app, w.share, unit: fx.villageA)).version == v.version)
        }
    }

    /// The attacker's review: a locked year took new figures (a row that did not exist yet) and evidence for any period.
    @Test func aLockedYearTakesNoNewFigureAndEvidenceKeepsThePeriodRules() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let focal = try await app.login(Fixtures.username(.unitFocalPoint))
            let sec = try await app.login(Fixtures.username(.secretariat))
            let url = Self.page(unit: fx.villageA)
            // Only the count is entered and locked; the share has no row in 2026.
            #expect(try await app.post(url, as: focal, [Self.k("value", w.count): "4", "action": "submit"]).status == .seeOther)
            #expect(try await app.post(SiteURL.indicatorReviewApproveScope, as: sec, ["scope": IndicatorScope.key(of: fx.villageA), "year": "2026"]).status == .seeOther)
            #expect(try await app.post(SiteURL.indicatorReviewLock, as: sec, ["year": "2026"]).status == .seeOther)
            #expect(try #require(try await Self.stored(app, w.count, unit: fx.villageA)).statusValue == .locked)
            // A new figure for the locked year: refused, with the reason, nothing written.
            let added = try await app.post(url, as: focal, [Self.k("numerator", w.share): "10", Self.k("denominator", w.share): "20"])
            #expect(added.status == .unprocessableEntity)
            #expect(added.body.string.contains(IndicatorText.Values.yearLocked(2026)))
            #expect(try await Self.stored(app, w.share, unit: fx.villageA) == nil)
            // Nor for a quarter of it.
            let quarter = SiteURL.indicatorValues(year: 2026, quarter: 2, scope: IndicatorScope.key(of: fx.villageA))
            #expect(try await app.post(quarter, as: focal, [Self.k("value", w.count): "2"]).status == .unprocessableEntity)
            // Evidence for the locked year, or for a year after the movement: refused, and no empty row is made.
            for year in [2026, 2031] {
                let path = SiteURL.indicatorEvidencePath + "?year=\(year)&quarter=0&unit=\(IndicatorScope.key(of: fx.villageA))"
                let res = try await uploadForm(app, path, as: focal, fields: ["indicatorId": w.share.uuidString.lowercased()],
                                               filename: "minh-chung.pdf", file: pdfBytes)
                #expect(res.status == .unprocessableEntity, "evidence for \(year)")
            }
            #expect(try await IndicatorValue.query(on: app.db).filter(\.$indicatorID == w.share).count() == 0)
        }
    }

    /// The queue shows what a figure is compared with and its evidence as links; "approve everything" approves exactly
    /// the figures listed, each at the version shown.
    @Test func reviewQueueComparesAndApprovesEverythingShown() async throws {
        try await withTestApp { app, fx in
            // setup: villageA's 2025 count approved; 2026 counts waiting from both villages, one with evidence
            let w = try await Self.world(app, fx)
            let focal = try await app.login(Fixtures.username(.unitFocalPoint))
            let sec = try await app.login(Fixtures.username(.secretariat))
            #expect(try await app.post(Self.page(2025, unit: fx.villageA), as: focal, [Self.k("value", w.count): "3", "action": "submit"]).status == .seeOther)
            #expect(try await app.post(SiteURL.indicatorReviewApproveScope, as: sec, ["scope": IndicatorScope.key(of: fx.villageA), "year": "2025"]).status == .seeOther)
            #expect(try await app.post(Self.page(unit: fx.villageA), as: focal, [Self.k("value", w.count): "4"]).status == .seeOther)
            let path = SiteURL.indicatorEvidencePath + "?year=2026&quarter=0&unit=\(IndicatorScope.key(of: fx.villageA))"
            #expect(try await uploadForm(app, path, as: focal, fields: ["indicatorId": w.count.uuidString.lowercased()],
                                         filename: "danh-sach-lop-<b>.pdf", file: pdfBytes).status == .seeOther)
            let a = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(try await app.post(Self.page(unit: fx.villageA), as: focal,
                                       [Self.k("value", w.count): "4", Self.k("version", w.count): "\(a.version)", "action": "submit"]).status == .seeOther)
            #expect(try await app.post(Self.page(unit: w.villageB), as: sec, [Self.k("value", w.count): "6", "action": "submit"]).status == .seeOther)
            // act: the queue
            let html = try await app.get(SiteURL.indicatorReview(year: 2026), as: sec).body.string
            // check: the previous figure beside the new one, the evidence as a link (its name escaped), one button for both
            #expect(html.contains("Năm 2025: 3 lớp"))
            #expect(html.contains("Năm 2025: chưa có số liệu"))
            let evidence = try #require(try await IndicatorEvidence.query(on: app.db).first())
            #expect(html.contains("href=\"\(SiteURL.indicatorEvidence(evidence.id))\""))
            #expect(html.contains("danh-sach-lop-&lt;b&gt;.pdf") && !html.contains("lop-<b>"))
            // Downloaded under the name it was uploaded with, folded to letters and digits, with its own extension once.
            let file = try await app.get(SiteURL.indicatorEvidence(evidence.id), as: sec)
            #expect(file.headers.first(name: .contentDisposition)?.contains("danh-sach-lop-b.pdf") == true, "\(file.headers)")
            #expect(html.contains(IndicatorText.Values.approveEverything(2)))
            let waiting = try await IndicatorValue.query(on: app.db).filter(\.$year == 2026).filter(\.$status == "submitted").all()
            #expect(waiting.count == 2)
            // A figure changed after the page was drawn: nothing is approved, and the page says why.
            let stale = try await app.postPairs(SiteURL.indicatorReviewApprove, as: sec, waiting.enumerated().flatMap { n, v in
                [("id[]", v.id!.uuidString.lowercased()), ("version[]", String(n == 0 ? v.version - 1 : v.version))]
            } + [("year", "2026")])
            #expect(stale.status == .conflict)
            // The same figure twice (the attacker's review): refused, nothing approved.
            let twice = try await app.postPairs(SiteURL.indicatorReviewApprove, as: sec,
                                                [("id[]", waiting[0].id!.uuidString.lowercased()), ("version[]", String(waiting[0].version)),
                                                 ("id[]", waiting[0].id!.uuidString.lowercased()), ("version[]", String(waiting[0].version)),
                                                 ("year", "2026")])
            #expect(twice.status == .unprocessableEntity)
            // Without the versions shown (not a post from the page): refused as out of date, nothing approved.
            let blind = try await app.postPairs(SiteURL.indicatorReviewApprove, as: sec,
                                                waiting.map { ("id[]", $0.id!.uuidString.lowercased()) } + [("version[]", "1"), ("year", "2026")])
            #expect(blind.status == .conflict)
            #expect(try await IndicatorValue.query(on: app.db).filter(\.$year == 2026).filter(\.$status == "approved").count() == 0)
            // At the versions shown: both approved.
            let done = try await app.postPairs(SiteURL.indicatorReviewApprove, as: sec, waiting.flatMap { v in
                [("id[]", v.id!.uuidString.lowercased()), ("version[]", String(v.version))]
            } + [("year", "2026")])
            #expect(done.status == .seeOther)
            #expect(try await IndicatorValue.query(on: app.db).filter(\.$year == 2026).filter(\.$status == "approved").count() == 2)
        }
    }

    @Test func workflowDraftToLockedAndLockedRefusesEdits() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let focal = try await app.login(Fixtures.username(.unitFocalPoint))
            let sec = try await app.login(Fixtures.username(.secretariat))
            let url = Self.page(unit: fx.villageA)
            #expect(try await app.post(url, as: focal, [Self.k("value", w.count): "4"]).status == .seeOther)
            var v = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(v.statusValue == .draft)
            #expect(try await app.post(url, as: focal, [Self.k("value", w.count): "4", Self.k("version", w.count): "\(v.version)", "action": "submit"]).status == .seeOther)
            v = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(v.statusValue == .submitted)
            #expect(try await InboxMessage.query(on: app.db).count() >= 1)
            // A submitted value refuses a change.
            #expect(try await app.post(url, as: focal, [Self.k("value", w.count): "5", Self.k("version", w.count): "\(v.version)"]).status == .unprocessableEntity)
            // Return without a reason is refused; with one it goes back.
            #expect(try await app.post(SiteURL.indicatorReviewReturn, as: sec, ["id": v.id!.uuidString, "version": "\(v.version)", "year": "2026"]).status == .unprocessableEntity)
            let reason = "Thiếu danh sách <script>alert(1)</script>"
            #expect(try await app.post(SiteURL.indicatorReviewReturn, as: sec,
                                       ["id": v.id!.uuidString, "version": "\(v.version)", "year": "2026", "reason.\(v.id!.uuidString.lowercased())": reason]).status == .seeOther)
            v = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(v.statusValue == .returned && v.returnReason == reason)
            let page = try await app.get(url, as: focal).body.string
            #expect(page.contains("Thiếu danh sách &lt;script&gt;") && !page.contains("<script>alert(1)"))
            #expect(try await app.post(url, as: focal, [Self.k("value", w.count): "5", Self.k("version", w.count): "\(v.version)", "action": "submit"]).status == .seeOther)
            v = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(v.statusValue == .submitted && v.value == 5)
            let review = try await app.get(SiteURL.indicatorReview(year: 2026), as: sec)
            #expect(review.status == .ok && review.body.string.contains("Thôn Bình Thủy"))
            #expect(try await app.post(SiteURL.indicatorReviewApproveScope, as: sec, ["scope": IndicatorScope.key(of: fx.villageA), "year": "2026"]).status == .seeOther)
            v = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(v.statusValue == .approved)
            #expect(try await app.post(SiteURL.indicatorReviewLock, as: sec, ["year": "2026"]).status == .seeOther)
            v = try #require(try await Self.stored(app, w.count, unit: fx.villageA))
            #expect(v.statusValue == .locked)
            let refused = try await app.post(url, as: sec, [Self.k("value", w.count): "9", Self.k("version", w.count): "\(v.version)"])
            // The year is locked: the form's message says so (the lock refuses the whole year, new figures too).
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains(IndicatorText.Values.yearLocked(2026)))
            #expect(try #require(try await Self.stored(app, w.count, unit: fx.villageA)).value == 5)
        }
    }

    @Test func lockSweepLocksPastYearsOnly() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let user = try await app.login(Fixtures.username(.secretariat))
            _ = user
            for year in [2025, 2026] {
                let v = IndicatorValue()
                v.communeID = fx.communeA; v.indicatorID = w.count; v.definitionID = try await IndicatorDefinition.query(on: app.db).filter(\.$indicatorID == w.count).first()!.id!
                v.unitID = fx.villageA; v.scopeKey = IndicatorScope.key(of: fx.villageA); v.year = year; v.quarter = 0; v.value = 3; v.note = ""; v.jumpNote = ""
                v.status = IndicatorValueStatus.approved.rawValue; v.returnReason = ""; v.source = "test"; v.enteredByName = ""; v.reviewedByName = ""
                v.createdAt = Date(); v.updatedAt = Date(); v.version = 1
                try await v.create(on: app.db)
            }
            #expect(try await IndicatorValueCommands.lockPastYears(on: app.db, at: app.clock.now()) == 1)
            #expect(try await IndicatorValueCommands.lockPastYears(on: app.db, at: app.clock.now()) == 0)
            #expect(try #require(try await Self.stored(app, w.count, unit: fx.villageA, year: 2025)).statusValue == .locked)
            #expect(try #require(try await Self.stored(app, w.count, unit: fx.villageA, year: 2026)).statusValue == .approved)
        }
    }

    @Test func focalPointSeesOnlyOwnUnit() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            #expect(try await app.get(SiteURL.indicatorValuesPath, as: s).body.string.contains("Thôn Bình Thủy"))
            #expect(try await app.get(Self.page(unit: w.villageB), as: s).status == .forbidden)
            #expect(try await app.post(Self.page(unit: w.villageB), as: s, [Self.k("value", w.count): "2"]).status == .forbidden)
            #expect(try await app.get(Self.page(unit: fx.unitB), as: s).status == .forbidden)
            #expect(try await app.post(Self.page(unit: fx.unitB), as: s, [Self.k("value", w.count): "2"]).status == .forbidden)
            #expect(try await app.get(SiteURL.indicatorReview(year: 2026), as: s).status == .forbidden)
            #expect(try await IndicatorValue.query(on: app.db).count() == 0)
        }
    }

    @Test func csrfIsEnforced() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            let r = try await app.post(Self.page(unit: fx.villageA), as: s, [Self.k("value", w.count): "2"], csrf: "sai")
            #expect(r.status == .forbidden)
            #expect(try await IndicatorValue.query(on: app.db).count() == 0)
        }
    }

    @Test func evidenceUploadInPiecesAndRemove() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            let url = SiteURL.indicatorEvidenceUpload(year: 2026, quarter: 0, scope: IndicatorScope.key(of: fx.villageA))
            let big = pdfBytes + Data(repeating: 0x20, count: 5_000)
            var r = try await uploadForm(app, url, as: s, fields: ["indicatorId": w.share.uuidString.lowercased()], filename: "danh-sach <b>.pdf", file: big)
            #expect(r.status == .seeOther)
            let e = try #require(try await IndicatorEvidence.query(on: app.db).first())
            #expect(e.contentType == "application/pdf" && e.size == big.count)
            let v = try #require(try await Self.stored(app, w.share, unit: fx.villageA))
            #expect(v.value == nil && v.numerator == nil) // the file does not make a figure
            let page = try await app.get(Self.page(unit: fx.villageA), as: s).body.string
            #expect(page.contains("danh-sach &lt;b&gt;.pdf"))
            // Not a known kind by its bytes.
            r = try await uploadForm(app, url, as: s, fields: ["indicatorId": w.share.uuidString.lowercased()], filename: "x.pdf", file: Data("MZ not a pdf".utf8))
            #expect(r.status == .unprocessableEntity)
            #expect(try await app.get(SiteURL.indicatorEvidence(e.id), as: s).status == .ok)
            #expect(try await app.post(SiteURL.indicatorEvidenceRemove(e.id), as: s).status == .seeOther)
            #expect(try await IndicatorEvidence.query(on: app.db).count() == 0)
        }
    }

    @Test func hostileNotesAreEscaped() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            let hostile = "<script>alert('x')</script>\""
            #expect(try await app.post(Self.page(unit: fx.villageA), as: s, [Self.k("value", w.count): "3", Self.k("note", w.count): hostile]).status == .seeOther)
            let page = try await app.get(Self.page(unit: fx.villageA), as: s).body.string
            #expect(!page.contains("<script>alert"))
            #expect(page.contains("&lt;script&gt;alert"))
        }
    }

    @Test func jumpNeedsAConfirmingNote() async throws {
        try await withTestApp { app, fx in
            let w = try await Self.world(app, fx)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            #expect(try await app.post(Self.page(2025, unit: fx.villageA), as: s, [Self.k("value", w.count): "10"]).status == .seeOther)
            var r = try await app.post(Self.page(unit: fx.villageA), as: s, [Self.k("value", w.count): "40"])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("id=\"e-\(Self.k("jumpNote", w.count))\""))
            r = try await app.post(Self.page(unit: fx.villageA), as: s, [Self.k("value", w.count): "40", Self.k("jumpNote", w.count): "Mở thêm lớp"])
            #expect(r.status == .seeOther)
        }
    }
}
