import Fluent
import Foundation
import Testing
import Vapor
import ZIPFoundation
@testable import ThiDua

/// The council meeting's minutes (Biên bản họp Hội đồng Thi đua - Khen thưởng, issue 14 item 3): the meeting screen
/// edits what they record through one command, and the Word file records the meeting.
@Suite("Council minutes")
struct MinutesTests {
    /// The text of `word/document.xml` in a .docx.
    static func documentXML(_ body: ByteBuffer) throws -> String {
        let archive = try Archive(data: Data(buffer: body), accessMode: .read)
        let entry = try #require(archive["word/document.xml"])
        var xml = Data()
        _ = try archive.extract(entry, consumer: { xml.append($0) })
        return String(decoding: xml, as: UTF8.self)
    }

    /// An open meeting of commune A with its three council members present.
    static func openMeeting(_ app: Application, _ fx: Fixtures, as s: WebSession) async throws -> (CouncilMeeting, [UUID]) {
        let members = try await CommendationFlowTests.council(app, fx)
        let res = try await app.postPairs("/commendations/meetings", as: s,
                                          [("year", "2026"), ("heldOn", "26/11/2026"), ("place", "Hội trường")] + members.map { ("present[]", $0.uuidString) })
        #expect(res.status == .seeOther)
        return (try #require(try await CouncilMeeting.query(on: app.db).first()), members)
    }

    static func auditCount(_ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$objectType == "council_meeting").count()
    }

    @Test func badTimesAreRefusedBesideTheFieldAndNothingChanges() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-26")) { app, fx in
            // setup
            let thuky = try await app.login("thuky")
            let (meeting, members) = try await Self.openMeeting(app, fx, as: thuky)
            let path = "/commendations/meetings/\(meeting.id!.uuidString)/minutes"
            let audits = try await Self.auditCount(app)
            func form(_ starts: String, _ ends: String) -> [String: String] {
                ["startsAt": starts, "endsAt": ends, "place": "Phòng họp số 2", "chairMemberId": members[0].uuidString,
                 "secretaryMemberId": members[1].uuidString, "version": String(meeting.version)]
            }

            // act: an impossible hour, then an end before the start
            let bad = try await app.post(path, as: thuky, form("25:00", "10:30"))
            let backwards = try await app.post(path, as: thuky, form("10:00", "09:30"))

            // check: 422, the message beside the field, what was typed kept, nothing written or audited
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains(CommendationText.timeInvalid))
            #expect(bad.text.contains(#"id="e-startsAt""#))
            #expect(bad.text.contains(#"value="25:00""#) && bad.text.contains(#"value="Phòng họp số 2""#))
            #expect(backwards.status == .unprocessableEntity)
            #expect(backwards.text.contains(CommendationText.endNotAfterStart))
            #expect(backwards.text.contains(#"id="e-endsAt""#) && backwards.text.contains(#"value="09:30""#))
            let unchanged = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            #expect(unchanged.startsAt == nil && unchanged.endsAt == nil && unchanged.place == "Hội trường")
            #expect(unchanged.version == meeting.version)
            #expect(try await Self.auditCount(app) == audits)

            // The same person as chair and secretary is refused too.
            var same = form("08:00", "10:30")
            same["secretaryMemberId"] = members[0].uuidString
            let sameRes = try await app.post(path, as: thuky, same)
            #expect(sameRes.status == .unprocessableEntity && sameRes.text.contains(CommendationText.sameChairSecretary))

            // A good form is saved, once, with its audit entry.
            let good = try await app.post(path, as: thuky, form("8:00", "10:30"))
            #expect(good.status == .seeOther)
            let saved = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            #expect(saved.startsAt == "08:00" && saved.endsAt == "10:30" && saved.place == "Phòng họp số 2")
            #expect(saved.chairMemberID == members[0] && saved.secretaryMemberID == members[1])
            #expect(try await Self.auditCount(app) == audits + 1)
            // A second save from the same (now stale) form is a conflict that keeps what was typed.
            let stale = try await app.post(path, as: thuky, form("08:15", "10:30"))
            #expect(stale.status == .conflict && stale.text.contains(#"value="08:15""#))

            // The API goes through the same command: the same message for the same field.
            let token = try await app.apiToken("thuky")
            let api = "/api/v1/commendations/meetings/\(meeting.id!.uuidString)"
            let refused = try await app.api(.PUT, api + "/minutes", token: token, json: """
                {"startsAt":"10:00","endsAt":"09:00","place":"Phòng họp số 2","chairMemberId":"\(members[0])","secretaryMemberId":"\(members[1])"}
                """)
            #expect(refused.status == .unprocessableEntity)
            #expect(try decode(APIError.self, refused).error.fields["endsAt"] == CommendationText.endNotAfterStart)
            // Without the version it was read at, a save is refused (never saved over a change it never saw).
            let unversioned = try await app.api(.PUT, api + "/minutes", token: token, json: """
                {"startsAt":"07:30","endsAt":"09:00","place":"Phòng họp số 3","chairMemberId":"\(members[1])","secretaryMemberId":"\(members[2])"}
                """)
            #expect(unversioned.status == .unprocessableEntity)
            #expect(try decode(APIError.self, unversioned).error.fields["version"] == CoreText.versionRequired)
            let current = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            // The page's form with a version that is not a number is refused the same way, and changes nothing.
            let garbled = try await app.post(path, as: thuky, form("06:45", "10:30").merging(["version": "abc"]) { $1 })
            #expect(garbled.status == .unprocessableEntity && garbled.text.contains(#"value="06:45""#))
            #expect(try await CouncilMeeting.find(meeting.id, on: app.db)?.startsAt == current.startsAt)
            let accepted = try await app.api(.PUT, api + "/minutes", token: token, json: """
                {"startsAt":"07:30","endsAt":"09:00","place":"Phòng họp số 3","chairMemberId":"\(members[1])","secretaryMemberId":"\(members[2])","version":\(current.version)}
                """)
            #expect(accepted.status == .ok, "\(accepted.text)")
            let dto = try decode(CommendationAPI.MeetingDTO.self, accepted)
            #expect(dto.startsAt == "07:30" && dto.endsAt == "09:00" && dto.chairMemberId == members[1] && dto.secretaryMemberId == members[2])
            #expect(dto.minutesNumber == nil && dto.present.count == 3 && dto.absent.isEmpty)

            // Closed: the minutes take their number, once, and the details are no longer editable.
            #expect(try await app.post("/commendations/meetings/\(meeting.id!.uuidString)/close", as: thuky).status == .seeOther)
            let closed = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            #expect(closed.minutesNumberText == "1/BB-HĐTĐKT")
            let late = try await app.post(path, as: thuky, form("08:00", "10:30").merging(["version": String(closed.version)]) { $1 })
            #expect(late.status == .conflict && late.text.contains(CommendationText.minutesLocked))
            for _ in 0..<2 {
                let docx = try await app.get("/commendations/meetings/\(meeting.id!.uuidString)/minutes.docx", as: thuky)
                #expect(try Self.documentXML(docx.body).contains("Số: 1/BB-HĐTĐKT"))
            }
            #expect(try await DocumentNumber.query(on: app.db).filter(\.$symbol == CouncilMeeting.minutesSymbol).first()?.lastNumber == 1)
        }
    }

    @Test func theDemosMinutesRecordTheMeeting() async throws {
        try await withDemoApp { app in
            // setup
            let s = try await app.login("canbo.thidua", password: DemoData.password)
            let meeting = try #require(try await CouncilMeeting.query(on: app.db).filter(\.$year == 2026).filter(\.$status == "closed").first())
            let members = try await MeetingMinutes.members(on: app.db, communeID: meeting.communeID)
            let present = try await CommendationCommands.present(on: app.db, meeting: meeting)
            let absent = members.filter { $0.isActive && !present.contains($0.id) }
            let chair = try #require(members.first { $0.id == meeting.chairMemberID })
            let secretary = try #require(members.first { $0.id == meeting.secretaryMemberID })

            // act
            let res = try await app.get("/commendations/meetings/\(meeting.id!.uuidString)/minutes.docx", as: s)

            // check
            #expect(res.status == .ok)
            let xml = try Self.documentXML(res.body)
            #expect(chair.position == .chair && secretary.position == .secretary)
            #expect(!absent.isEmpty)
            for text in ["Số: 1/BB-HĐTĐKT", "08 giờ 00 phút", "10 giờ 30 phút", "Hội trường UBND xã Nghĩa Trung", chair.name, secretary.name,
                         "THƯ KÝ", "TM. HỘI ĐỒNG", "BIÊN BẢN", ">HỘI ĐỒNG THI ĐUA -</w:t>", ">KHEN THƯỞNG</w:t>",
                         "Thông qua", "Không thông qua", "Căn cứ:", "2/3"] + absent.map(\.name) {
                #expect(xml.contains(text), "the minutes lack \(text)")
            }
            #expect(xml.contains("<w:tblHeader/>"))
            #expect(!xml.contains("THI ĐUA - KHEN THƯỞNG</w:t>"), "the council's name must not wrap as THI ĐUA - KHEN / THƯỞNG")
            // The screen shows the same: the number, the times, the chair and the absent member.
            let page = try await app.get("/commendations?year=2026", as: s)
            for text in ["1/BB-HĐTĐKT", "08:00", "10:30", chair.name] + absent.map(\.name) {
                #expect(page.text.contains(text), "the meeting screen lacks \(text)")
            }
        }
    }

    @Test func anotherCommunesMeetingIsNotFound() async throws {
        try await withDemoApp { app in
            // setup: Phú Sơn's administrator and secretariat, and Nghĩa Trung's meeting
            let meeting = try #require(try await CouncilMeeting.query(on: app.db).filter(\.$year == 2026).first())
            let id = meeting.id!.uuidString
            let s = try await app.login("admin.phuson", password: DemoData.password)
            let token = try await app.apiToken("admin.phuson", password: DemoData.password)

            // act
            let docx = try await app.get("/commendations/meetings/\(id)/minutes.docx", as: s)
            let save = try await app.post("/commendations/meetings/\(id)/minutes", as: s, ["startsAt": "07:00", "endsAt": "08:00", "place": "Phú Sơn"])
            let read = try await app.api(.GET, "/api/v1/commendations/meetings/\(id)", token: token)
            let put = try await app.api(.PUT, "/api/v1/commendations/meetings/\(id)/minutes", token: token,
                                        json: #"{"startsAt":"07:00","endsAt":"08:00","place":"Phú Sơn"}"#)

            // check
            #expect(docx.status == .notFound && save.status == .notFound && read.status == .notFound && put.status == .notFound)
            let after = try #require(try await CouncilMeeting.find(meeting.id, on: app.db))
            #expect(after.startsAt == "08:00" && after.place == meeting.place && after.version == meeting.version)
        }
    }
}
