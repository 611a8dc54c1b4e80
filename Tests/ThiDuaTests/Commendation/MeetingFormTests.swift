import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// The open-meeting form, the meeting's date bounds and close, and the times the minutes accept as typed.
@Suite("Meeting form and times")
struct MeetingFormTests {
    /// Whether the member's checkbox is ticked on the page.
    static func ticked(_ html: String, _ id: UUID) -> Bool {
        guard let r = html.range(of: #"value="\#(id.uuidString)""#) else { return false }
        return html[r.upperBound...].prefix(10).contains("checked")
    }

    @Test func aRefusedOpenMeetingFormKeepsWhatWasTyped() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            // setup
            let members = try await CommendationFlowTests.council(app, fx)
            let thuky = try await app.login("thuky")
            let audits = try await MinutesTests.auditCount(app)

            // act: a date that is no date, then one outside the year and the next
            let bad = try await app.postPairs("/commendations/meetings", as: thuky,
                                              [("year", "2026"), ("heldOn", "31-13-x"), ("place", "Phòng họp số 2"), ("present[]", members[0].uuidString)])
            let far = try await app.postPairs("/commendations/meetings", as: thuky,
                                              [("year", "2026"), ("heldOn", "15/03/2028"), ("place", "Phòng họp số 3"), ("present[]", members[1].uuidString)])
            let early = try await app.postPairs("/commendations/meetings", as: thuky,
                                                [("year", "2026"), ("heldOn", "31/12/2025"), ("place", "Phòng họp số 3")])

            // check: 422, the message beside the date, what was typed and ticked kept, nothing created or audited
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains(#"value="31-13-x""#) && bad.text.contains(#"value="Phòng họp số 2""#))
            #expect(bad.text.contains(#"id="e-heldOn""#) && bad.text.contains(CoreText.dateHint))
            #expect(Self.ticked(bad.text, members[0]) && !Self.ticked(bad.text, members[1]) && !Self.ticked(bad.text, members[2]))
            #expect(far.status == .unprocessableEntity)
            #expect(far.text.contains(#"id="e-heldOn""#) && far.text.contains(CommendationText.meetingDateOutOfRange(2026)))
            #expect(far.text.contains(#"value="15/03/2028""#) && Self.ticked(far.text, members[1]) && !Self.ticked(far.text, members[0]))
            #expect(early.status == .unprocessableEntity && early.text.contains(CommendationText.meetingDateOutOfRange(2026)))
            #expect(try await CouncilMeeting.query(on: app.db).count() == 0)
            #expect(try await MinutesTests.auditCount(app) == audits)

            // The last day of the next year is still accepted.
            let ok = try await app.postPairs("/commendations/meetings", as: thuky,
                                             [("year", "2026"), ("heldOn", "31/12/2027"), ("place", "Hội trường")] + members.map { ("present[]", $0.uuidString) })
            #expect(ok.status == .seeOther)
            #expect(try await CouncilMeeting.query(on: app.db).first()?.heldOn == "2027-12-31")
        }
    }

    @Test func aMeetingIsNotClosedBeforeItsDay() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            // setup: a meeting for tomorrow, everyone present
            let members = try await CommendationFlowTests.council(app, fx)
            let thuky = try await app.login("thuky")
            let opened = try await app.postPairs("/commendations/meetings", as: thuky,
                                                 [("year", "2026"), ("heldOn", "27/11/2026"), ("place", "Hội trường")] + members.map { ("present[]", $0.uuidString) })
            #expect(opened.status == .seeOther)
            let meeting = try #require(try await CouncilMeeting.query(on: app.db).first())
            let settings = try await CommendationQueries.settings(on: app.db, communeID: meeting.communeID)

            // act: close it today through the page, then through the command with today's and tomorrow's clock
            let page = try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/close", as: thuky)
            let stillOpen = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            let today = try #require(ISO8601DateFormatter().date(from: "2026-11-26T09:00:00Z"))
            var refused: String?
            do {
                try await CommendationCommands.closeMeeting(stillOpen, settings: settings, actor: .system(communeID: meeting.communeID, at: today), on: app.db)
            } catch AppError.conflict(let m) { refused = m }

            // check
            #expect(page.status == .seeOther)
            #expect(stillOpen.status == "open" && stillOpen.minutesNumber == nil)
            #expect(refused == CommendationText.meetingNotYetHeld)
            let tomorrow = try #require(ISO8601DateFormatter().date(from: "2026-11-27T03:00:00Z"))
            let again = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            try await CommendationCommands.closeMeeting(again, settings: settings, actor: .system(communeID: meeting.communeID, at: tomorrow), on: app.db)
            #expect(try await CouncilMeeting.find(meeting.id, on: app.db)?.status == "closed")
        }
    }

    @Test(arguments: [("8h", "08:00"), ("8h30", "08:30"), ("10h30", "10:30"), ("8 giờ 30", "08:30"), ("8 giờ 30 phút", "08:30"),
                      ("08:30", "08:30"), ("8.30", "08:30"), ("8:00", "08:00"), ("14g15", "14:15"), ("8 giờ", "08:00"), ("23:59", "23:59")])
    func typedTimesAreRead(_ typed: String, _ text: String) {
        #expect(MeetingTime.typed(typed)?.text == text)
        #expect(MeetingTime.typed(text)?.text == text)
    }

    @Test(arguments: ["25h", "8h61", "abc", "", "24:00", "8", "8h3", "8:", "8.", "h30", "123:00", "8 phút", "8h30x"])
    func nonsenseTimesAreRefused(_ typed: String) {
        #expect(MeetingTime.typed(typed) == nil)
    }

    @Test func theMinutesFormTakesTimesAsTyped() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            // setup
            let thuky = try await app.login("thuky")
            let (meeting, members) = try await MinutesTests.openMeeting(app, fx, as: thuky)

            // act
            let res = try await app.postPairs("/commendations/meetings/\(meeting.id!.uuidString)/minutes", as: thuky,
                                              [("startsAt", "8h30"), ("endsAt", "10 giờ 30 phút"), ("place", "Phòng họp số 2"),
                                               ("chairMemberId", members[0].uuidString), ("secretaryMemberId", members[1].uuidString),
                                               ("version", String(meeting.version))])

            // check: saved as HH:mm, and the edit box shows it so, which reads back unchanged
            #expect(res.status == .seeOther)
            let saved = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            #expect(saved.startsAt == "08:30" && saved.endsAt == "10:30")
            let page = try await app.get("/commendations?year=2026", as: thuky)
            #expect(page.text.contains(#"name="startsAt""#) && page.text.contains(#"value="08:30""#) && page.text.contains(#"maxlength="20""#))
            #expect(MeetingTime.typed("08:30")?.text == "08:30")
        }
    }
}
