import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// The notice days are data the secretariat edits, with their source; a new number of days sends what it makes due.
@Suite("Inspections: the notice-days setting")
struct InspectionSettingsTests {
    @Test func theNoticeDaysAreEditedBesideTheirSourceAndSendWhatBecomesDue() async throws {
        let clock = TestClock(day: "2026-11-25")
        try await withTestApp(clock: clock) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026")
            let s = try await app.login("thuky")
            let page = try await app.get("/inspections/settings", as: s)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("value=\"7\""))
            #expect(page.body.string.contains(InspectionText.defaultNoticeSource.prefix(40)))
            // Other roles may not open or post it.
            let unit = try await app.login("daumoi")
            #expect(try await app.get("/inspections/settings", as: unit).status == .forbidden)
            #expect(try await app.post("/inspections/settings", as: unit, ["noticeDays": "30", "source": "x", "version": "1"]).status == .forbidden)
            // A wrong number is refused beside the field, what was typed kept, nothing written.
            let bad = try await app.post("/inspections/settings", as: s, ["noticeDays": "90", "source": "Quy chế <b>mới</b>", "version": "1"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains(InspectionSettingsText.daysRange))
            #expect(bad.body.string.contains("value=\"90\""))
            #expect(bad.body.string.contains("Quy chế &lt;b&gt;mới&lt;/b&gt;"))
            #expect(try await InspectionQueries.settings(on: app.db, communeID: fx.communeA).noticeDays == 7)
            #expect(try await app.post("/inspections/settings", as: s, ["noticeDays": "20", "source": "x"]).status == .unprocessableEntity)
            // 20 days: the visit 15 days ahead is now due, and its notice goes at the save.
            let ok = try await app.post("/inspections/settings", as: s, ["noticeDays": "20", "source": "Quy chế làm việc của Hội đồng năm 2026.", "version": "1"])
            #expect(ok.status == .seeOther)
            let config = try await InspectionQueries.settings(on: app.db, communeID: fx.communeA)
            #expect(config.noticeDays == 20)
            #expect(config.source == "Quy chế làm việc của Hội đồng năm 2026.")
            #expect(try await InspectionVisit.find(w.visit, on: app.db)?.state == .notified)
            #expect(try await InspectionTests.inbox(app, "daumoi", containing: "Thông báo kiểm tra") == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "inspection_settings").count() == 1)
            // A second save from the same old page: a conflict, nothing changed.
            let stale = try await app.post("/inspections/settings", as: s, ["noticeDays": "10", "source": "y", "version": "1"])
            #expect(stale.status == .conflict)
            #expect(try await InspectionQueries.settings(on: app.db, communeID: fx.communeA).noticeDays == 20)
        }
    }
}
