import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// `/api/v1/indicators…`, `/api/v1/indicator-targets…`, `/api/v1/indicator-values…`, `/api/v1/training-sessions…`,
/// `/api/v1/digital-teams` over the socket: happy paths, 401, 403, 404 for another commune's ids, 422 with the field
/// named and nothing written, null read back as null, 409 on a stale version.
@Suite struct IndicatorAPITests {
    static func object(_ res: HTTPResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any], "\(res.body.string)")
    }

    static func array(_ res: HTTPResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [[String: Any]], "\(res.body.string)")
    }

    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// The line of `indicator` in a scope's values.
    static func line(_ body: [String: Any], _ indicator: UUID) throws -> [String: Any] {
        let lines = try #require(body["lines"] as? [[String: Any]])
        return try #require(lines.first { ($0["indicatorId"] as? String)?.lowercased() == id(indicator) })
    }

    @Test func catalogueDefinitionsAndTargets() async throws {
        try await withTestApp { app, fx in
            let w = try await IndicatorValueTests.world(app, fx)
            let thuky = try await app.apiToken("thuky"), daumoi = try await app.apiToken("daumoi"), adminB = try await app.apiToken("admin.b")

            #expect(try await app.api(.GET, "/api/v1/indicators?year=2026", token: nil).status == .unauthorized)
            let list = try await app.api(.GET, "/api/v1/indicators?year=2026", token: daumoi)
            #expect(list.status == .ok)
            let indicators = try #require(try Self.object(list)["indicators"] as? [[String: Any]])
            #expect(indicators.compactMap { $0["code"] as? String } == ["CDS01", "CDS02"])
            #expect((indicators[0]["definition"] as? [String: Any])?["kind"] as? String == "share")
            #expect(try await app.api(.GET, "/api/v1/indicators?year=abc", token: daumoi).status == .unprocessableEntity)

            let body = #"""
                {"code":"CDS09","fromYear":2025,"name":"Tỷ lệ hộ có cáp quang <script>","definition":"Hộ có cáp quang ÷ tổng số hộ","kind":"share",
                 "numeratorLabel":"Số hộ có cáp quang","denominatorLabel":"Tổng số hộ","direction":"up","level":"village","newGroup":"Hạ tầng số",
                 "sourceDocument":"KH 19/KH-UBND","evidenceRequired":"Danh sách của nhà mạng","isPublic":true}
                """#
            #expect(try await app.api(.POST, "/api/v1/indicators", token: daumoi, json: body).status == .forbidden)
            #expect(try await Indicator.query(on: app.db).count() == 2)
            let created = try await app.api(.POST, "/api/v1/indicators", token: thuky, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            let c = try Self.object(created)
            let newID = try #require(c["id"] as? String)
            #expect(created.headers.first(name: .location) == "/api/v1/indicators/\(newID.lowercased())")
            #expect((c["definitions"] as? [Any])?.count == 1)
            let refused = try await app.api(.POST, "/api/v1/indicators", token: thuky, json: #"{"code":"CDS10","kind":"share"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(try decode(APIError.self, refused).error.fields["name"] != nil)

            // A new version from 2027: 2026 keeps its own wording.
            let version = try #require(c["version"] as? Int)
            let v2 = #"""
                {"fromYear":2027,"name":"Tỷ lệ hộ gia đình có cáp quang","definition":"Theo hộ gia đình","kind":"share","numeratorLabel":"Hộ có cáp quang",
                 "denominatorLabel":"Tổng số hộ","direction":"up","level":"village","groupName":"Hạ tầng số","sourceDocument":"KH 19/KH-UBND",
                 "evidenceRequired":"Danh sách","version":\#(version)}
                """#
            #expect(try await app.api(.POST, "/api/v1/indicators/\(newID)/definitions", token: thuky,
                                      json: v2.replacingOccurrences(of: #","version":\#(version)"#, with: "")).status == .unprocessableEntity)
            let added = try await app.api(.POST, "/api/v1/indicators/\(newID)/definitions", token: thuky, json: v2)
            #expect(added.status == .created, "\(added.body.string)")
            #expect((try Self.object(added)["definitions"] as? [Any])?.count == 2)
            #expect(try await app.api(.POST, "/api/v1/indicators/\(newID)/definitions", token: thuky, json: v2).status == .conflict)
            let in2026 = try Self.object(try await app.api(.GET, "/api/v1/indicators/\(newID)?year=2026", token: daumoi))
            #expect((in2026["definition"] as? [String: Any])?["name"] as? String == "Tỷ lệ hộ có cáp quang <script>")
            let in2027 = try Self.object(try await app.api(.GET, "/api/v1/indicators/\(newID)?year=2027", token: daumoi))
            #expect((in2027["definition"] as? [String: Any])?["name"] as? String == "Tỷ lệ hộ gia đình có cáp quang")
            // Another commune's indicator: 404.
            #expect(try await app.api(.GET, "/api/v1/indicators/\(newID)", token: adminB).status == .notFound)
            #expect(try await app.api(.POST, "/api/v1/indicators/\(newID)/definitions", token: adminB, json: v2).status == .notFound)

            // Targets.
            let targets = #"{"targets":[{"indicatorId":"\#(Self.id(w.share))","target":60,"source":"KH 19/KH-UBND tỉnh Đồng Nai","version":null}]}"#
            #expect(try await app.api(.PUT, "/api/v1/indicator-targets/2026", token: daumoi, json: targets).status == .forbidden)
            let over = try await app.api(.PUT, "/api/v1/indicator-targets/2026", token: thuky,
                                         json: #"{"targets":[{"indicatorId":"\#(Self.id(w.share))","target":120,"source":"KH"}]}"#)
            #expect(over.status == .unprocessableEntity)
            #expect(try decode(APIError.self, over).error.fields["targets.0.target"] != nil)
            #expect(try await IndicatorTarget.query(on: app.db).count() == 0)
            let saved = try await app.api(.PUT, "/api/v1/indicator-targets/2026", token: thuky, json: targets)
            #expect(saved.status == .ok, "\(saved.body.string)")
            let read = try Self.object(try await app.api(.GET, "/api/v1/indicator-targets?year=2026", token: daumoi))
            let line = try #require((read["targets"] as? [[String: Any]])?.first { ($0["indicatorId"] as? String)?.lowercased() == Self.id(w.share) })
            #expect(line["target"] as? Double == 60)
            #expect(line["version"] as? Int == 1)
            let countLine = try #require((read["targets"] as? [[String: Any]])?.first { ($0["indicatorId"] as? String)?.lowercased() == Self.id(w.count) })
            #expect(countLine["target"] is NSNull)
            // Saved again from no version: someone saved in between.
            #expect(try await app.api(.PUT, "/api/v1/indicator-targets/2026", token: thuky,
                                      json: targets.replacingOccurrences(of: #""target":60"#, with: #""target":65"#)).status == .conflict)
            #expect(try await app.api(.PUT, "/api/v1/indicator-targets/1999", token: thuky, json: targets).status == .notFound)
        }
    }

    @Test func valuesRefusalsNullWorkflowAndDashboard() async throws {
        try await withTestApp { app, fx in
            let w = try await IndicatorValueTests.world(app, fx)
            let thuky = try await app.apiToken("thuky"), daumoi = try await app.apiToken("daumoi")
            let a = Self.id(fx.villageA), share = Self.id(w.share), count = Self.id(w.count)

            // numerator > denominator: 422 naming the body's line, nothing written (the good line beside it neither).
            let bad = #"{"year":2026,"quarter":0,"unit":"\#(a)","values":[{"indicatorId":"\#(count)","value":7},{"indicatorId":"\#(share)","numerator":120,"denominator":100}]}"#
            #expect(try await app.api(.PUT, "/api/v1/indicator-values", token: nil, json: bad).status == .unauthorized)
            let refused = try await app.api(.PUT, "/api/v1/indicator-values", token: daumoi, json: bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(try decode(APIError.self, refused).error.fields["values.1.numerator"] != nil, "\(refused.body.string)")
            for negative in [#""value":-3"#, #""value":1.5"#] {
                let r = try await app.api(.PUT, "/api/v1/indicator-values", token: daumoi,
                                          json: #"{"year":2026,"unit":"\#(a)","values":[{"indicatorId":"\#(count)",\#(negative)}]}"#)
                #expect(r.status == .unprocessableEntity)
                #expect(try decode(APIError.self, r).error.fields["values.0.value"] != nil)
            }
            #expect(try await IndicatorValue.query(on: app.db).count() == 0)

            // A focal point: its own unit only; another commune's unit: 404.
            let b = Self.id(w.villageB)
            #expect(try await app.api(.GET, "/api/v1/indicator-values?year=2026&unit=\(b)", token: daumoi).status == .forbidden)
            #expect(try await app.api(.PUT, "/api/v1/indicator-values", token: daumoi,
                                      json: #"{"year":2026,"unit":"\#(b)","values":[{"indicatorId":"\#(count)","value":3}]}"#).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/indicator-values?year=2026&unit=\(Self.id(fx.unitB))", token: thuky).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/indicator-values?year=2026&quarter=7&unit=\(a)", token: daumoi).status == .unprocessableEntity)

            // Saved: null stays null (a note without a figure), the share as entered.
            let good = #"{"year":2026,"unit":"\#(a)","values":[{"indicatorId":"\#(count)","value":null,"note":"Chưa thống kê"},{"indicatorId":"\#(share)","numerator":25736,"denominator":36845}]}"#
            let saved = try await app.api(.PUT, "/api/v1/indicator-values", token: daumoi, json: good)
            #expect(saved.status == .ok, "\(saved.body.string)")
            let back = try Self.object(try await app.api(.GET, "/api/v1/indicator-values?year=2026&quarter=0", token: daumoi))
            #expect(((back["scope"] as? [String: Any])?["key"] as? String)?.lowercased() == a)
            let countValue = try #require(try Self.line(back, w.count)["value"] as? [String: Any])
            #expect(countValue["value"] is NSNull)
            #expect(countValue["note"] as? String == "Chưa thống kê")
            #expect(try await Self.stored(app, w.count, fx.villageA)?.value == nil)
            let shareValue = try #require(try Self.line(back, w.share)["value"] as? [String: Any])
            #expect(abs((shareValue["value"] as? Double ?? 0) - 69.85) < 0.01)
            #expect(shareValue["numerator"] as? Double == 25736)
            let shareID = try #require(shareValue["id"] as? String), firstVersion = try #require(shareValue["version"] as? Int)

            // Submit, return with a reason, a stale save is a 409, submit and approve.
            #expect(try await app.api(.POST, "/api/v1/indicator-values/submit", token: daumoi, json: #"{"year":2026,"unit":"\#(a)"}"#).status == .ok)
            #expect(try await Self.stored(app, w.share, fx.villageA)?.statusValue == .submitted)
            #expect(try await Self.stored(app, w.count, fx.villageA)?.statusValue == .draft)
            #expect(try await app.api(.POST, "/api/v1/indicator-values/return", token: daumoi, json: #"{"id":"\#(shareID)","reason":"x"}"#).status == .forbidden)
            let noReason = try await app.api(.POST, "/api/v1/indicator-values/return", token: thuky, json: #"{"id":"\#(shareID)","reason":""}"#)
            #expect(noReason.status == .unprocessableEntity)
            #expect(try decode(APIError.self, noReason).error.fields["reason"] != nil)
            let returned = try await app.api(.POST, "/api/v1/indicator-values/return", token: thuky,
                                             json: #"{"id":"\#(shareID)","reason":"Thiếu danh sách VNeID"}"#)
            #expect(returned.status == .ok)
            #expect(try Self.object(returned)["status"] as? String == "returned")
            #expect(try await app.api(.POST, "/api/v1/indicator-values/return", token: thuky,
                                      json: #"{"id":"\#(Self.id(UUID()))","reason":"x"}"#).status == .notFound)
            let stale = #"{"year":2026,"unit":"\#(a)","values":[{"indicatorId":"\#(share)","numerator":25000,"denominator":36845,"version":\#(firstVersion)}]}"#
            #expect(try await app.api(.PUT, "/api/v1/indicator-values", token: daumoi, json: stale).status == .conflict)
            #expect(try await Self.stored(app, w.share, fx.villageA)?.numerator == 25736)
            #expect(try await app.api(.POST, "/api/v1/indicator-values/submit", token: daumoi, json: #"{"year":2026}"#).status == .ok)
            #expect(try await app.api(.POST, "/api/v1/indicator-values/approve", token: daumoi,
                                      json: #"{"values":[{"id":"\#(shareID)"}]}"#).status == .forbidden)
            let approved = try await app.api(.POST, "/api/v1/indicator-values/approve", token: thuky, json: #"{"values":[{"id":"\#(shareID)"}]}"#)
            #expect(approved.status == .ok, "\(approved.body.string)")
            #expect(try Self.object(approved)["count"] as? Int == 1)

            // The dashboard: the commune's share from the approved row, 1 of 2 villages; the count with no figure is null.
            let dash = try await app.api(.GET, "/api/v1/indicators/dashboard?year=2026", token: daumoi)
            #expect(dash.status == .ok)
            let results = try #require(try Self.object(dash)["indicators"] as? [[String: Any]])
            let s = try #require(results.first { $0["code"] as? String == "CDS01" }?["commune"] as? [String: Any])
            #expect(abs((s["value"] as? Double ?? 0) - 69.85) < 0.01)
            #expect(s["reported"] as? Int == 1)
            #expect(s["expected"] as? Int == 2)
            let c = try #require(results.first { $0["code"] as? String == "CDS02" }?["commune"] as? [String: Any])
            #expect(c["value"] is NSNull)
            #expect(c["band"] as? String == "noData")
            #expect(try await app.api(.GET, "/api/v1/indicators/dashboard?year=2026", token: nil).status == .unauthorized)
            #expect(try await app.api(.GET, "/api/v1/indicators/dashboard?year=1990", token: daumoi).status == .unprocessableEntity)

            // Locking the year: the secretariat only, a year of the movement; then the year takes no new figure.
            #expect(try await app.api(.POST, "/api/v1/indicator-values/lock", token: daumoi, json: #"{"year":2026}"#).status == .forbidden)
            #expect(try await app.api(.POST, "/api/v1/indicator-values/lock", token: thuky, json: #"{"year":2040}"#).status == .unprocessableEntity)
            #expect(try await Self.stored(app, w.share, fx.villageA)?.statusValue == .approved)
            let locked = try await app.api(.POST, "/api/v1/indicator-values/lock", token: thuky, json: #"{"year":2026}"#)
            #expect(locked.status == .ok)
            #expect(try Self.object(locked)["count"] as? Int == 1)
            #expect(try await Self.stored(app, w.share, fx.villageA)?.statusValue == .locked)
            let late = #"{"year":2026,"unit":"\#(a)","values":[{"indicatorId":"\#(count)","value":3}]}"#
            #expect(try await app.api(.PUT, "/api/v1/indicator-values", token: daumoi, json: late).status == .unprocessableEntity)
        }
    }

    static func stored(_ app: Application, _ indicator: UUID, _ unit: UUID) async throws -> IndicatorValue? {
        try await IndicatorValueTests.stored(app, indicator, unit: unit)
    }

    @Test func trainingSessionsAndTeams() async throws {
        try await withTestApp { app, fx in
            _ = try await IndicatorValueTests.world(app, fx)
            let thuky = try await app.apiToken("thuky"), daumoi = try await app.apiToken("daumoi"), adminB = try await app.apiToken("admin.b")
            let a = Self.id(fx.villageA)
            let body = #"{"heldOn":"2026-11-20","unitId":"\#(a)","topic":"publicServices","title":"Hướng dẫn VNeID <b>","platform":"binhdanhocvuso.gov.vn","trainers":["Tổ CNSCĐ thôn"],"attendeeCount":25,"attendeeIds":["\#(Self.id(fx.villager))"]}"#
            #expect(try await app.api(.POST, "/api/v1/training-sessions", token: nil, json: body).status == .unauthorized)
            // A focal point records for its own unit only.
            #expect(try await app.api(.POST, "/api/v1/training-sessions", token: daumoi,
                                      json: body.replacingOccurrences(of: a, with: Self.id(fx.agencyA))).status == .forbidden)
            let tooFew = try await app.api(.POST, "/api/v1/training-sessions", token: daumoi,
                                           json: body.replacingOccurrences(of: #""attendeeCount":25"#, with: #""attendeeCount":-1"#))
            #expect(tooFew.status == .unprocessableEntity)
            #expect(try decode(APIError.self, tooFew).error.fields["attendeeCount"] != nil)
            #expect(try await TrainingSession.query(on: app.db).count() == 0)
            let created = try await app.api(.POST, "/api/v1/training-sessions", token: daumoi, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            let s = try Self.object(created)
            let id = try #require(s["id"] as? String)
            #expect(s["heldOn"] as? String == "2026-11-20")
            #expect((s["attendees"] as? [Any])?.count == 1)
            #expect(s["title"] as? String == "Hướng dẫn VNeID <b>")

            let list = try Self.array(try await app.api(.GET, "/api/v1/training-sessions?year=2026", token: thuky))
            #expect(list.map { $0["id"] as? String } == [id])
            #expect(try await app.api(.GET, "/api/v1/training-sessions/\(id)", token: thuky).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/training-sessions/\(id)", token: adminB).status == .notFound)
            #expect(try await app.api(.PUT, "/api/v1/training-sessions/\(id)", token: adminB, json: #"{"title":"x","version":1}"#).status == .notFound)

            let noVersion = try await app.api(.PUT, "/api/v1/training-sessions/\(id)", token: daumoi, json: #"{"title":"Đổi tên"}"#)
            #expect(noVersion.status == .unprocessableEntity)
            #expect(try decode(APIError.self, noVersion).error.fields["version"] != nil)
            let changed = try await app.api(.PUT, "/api/v1/training-sessions/\(id)", token: daumoi, json: #"{"title":"Đổi tên","version":1}"#)
            #expect(changed.status == .ok, "\(changed.body.string)")
            let after = try Self.object(changed)
            #expect(after["title"] as? String == "Đổi tên")
            #expect(after["attendeeCount"] as? Int == 25)
            #expect((after["attendees"] as? [Any])?.count == 1)
            #expect(try await app.api(.PUT, "/api/v1/training-sessions/\(id)", token: daumoi, json: #"{"title":"Lần nữa","version":1}"#).status == .conflict)

            let teams = try Self.array(try await app.api(.GET, "/api/v1/digital-teams", token: daumoi))
            let row = try #require(teams.first { ($0["villageId"] as? String)?.lowercased() == a })
            #expect(row["team"] is NSNull)
            #expect(try await app.api(.GET, "/api/v1/digital-teams", token: nil).status == .unauthorized)
        }
    }

    /// The team page's actions through the API (the attacker's review found them missing): set up, change, a house
    /// visit, dissolve; the same refusals as the page (another village's focal point 403, another commune 404, a
    /// second active team 409, a stale version 409, a member of another unit beside its field).
    @Test func digitalTeamsAreWrittenThroughTheAPI() async throws {
        try await withTestApp { app, fx in
            _ = try await IndicatorValueTests.world(app, fx)
            let thuky = try await app.apiToken("thuky"), daumoi = try await app.apiToken("daumoi"), hoidong = try await app.apiToken("hoidong")
            let adminB = try await app.apiToken("admin.b")
            let a = Self.id(fx.villageA), path = "/api/v1/digital-teams/\(Self.id(fx.villageA))"
            let body = #"{"decisionNumber":"125/QĐ-UBND","decisionDate":"2026-04-15","members":[{"personId":"\#(Self.id(fx.villager))","role":"leader"},{"fullName":"Nguyễn Văn Bình <b>","role":"member","phone":"0912 111 222"}]}"#
            #expect(try await app.api(.POST, path, token: nil, json: body).status == .unauthorized)
            #expect(try await app.api(.POST, path, token: hoidong, json: body).status == .forbidden)
            // Another commune's village is not found; another commune's user finds none of this one's.
            #expect(try await app.api(.POST, "/api/v1/digital-teams/\(Self.id(fx.unitB))", token: daumoi, json: body).status == .notFound)
            #expect(try await app.api(.GET, path, token: adminB).status == .notFound)
            let foreign = try await app.api(.POST, path, token: daumoi,
                                            json: body.replacingOccurrences(of: Self.id(fx.villager), with: Self.id(fx.official)))
            #expect(foreign.status == .unprocessableEntity)
            #expect(try decode(APIError.self, foreign).error.fields["members.0.personId"] == DigitalLiteracyText.memberNotInVillage("Thôn Bình Thủy"))
            #expect(try await DigitalTeam.query(on: app.db).count() == 0)

            let created = try await app.api(.POST, path, token: daumoi, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            #expect(created.headers.first(name: .location) == path)
            let team = try #require(try Self.object(created)["team"] as? [String: Any])
            #expect(team["decisionNumber"] as? String == "125/QĐ-UBND")
            #expect((team["members"] as? [[String: Any]])?.map { $0["fullName"] as? String } == ["Điểu Thị Hồng", "Nguyễn Văn Bình <b>"])
            #expect(try await app.api(.POST, path, token: thuky, json: body).status == .conflict)
            // The council reads the team without phones or people's ids.
            let seen = try #require(try Self.object(try await app.api(.GET, path, token: hoidong))["team"] as? [String: Any])
            #expect((seen["members"] as? [[String: Any]])?.allSatisfy { $0["phone"] is NSNull && $0["personId"] is NSNull } == true)

            let changed = try await app.api(.PUT, path, token: daumoi, json: #"{"note":"Bổ sung thành viên","version":1}"#)
            #expect(changed.status == .ok, "\(changed.body.string)")
            let after = try #require(try Self.object(changed)["team"] as? [String: Any])
            #expect(after["note"] as? String == "Bổ sung thành viên")
            #expect((after["members"] as? [Any])?.count == 2, "members left out are kept")
            #expect(try await app.api(.PUT, path, token: daumoi, json: #"{"note":"Lần nữa","version":1}"#).status == .conflict)

            let badVisit = try await app.api(.POST, path + "/visits", token: daumoi, json: #"{"visitedOn":"2026-11-02","households":-1,"peopleGuided":4}"#)
            #expect(badVisit.status == .unprocessableEntity)
            #expect(try decode(APIError.self, badVisit).error.fields["households"] != nil)
            let visit = try await app.api(.POST, path + "/visits", token: daumoi, json: #"{"visitedOn":"2026-11-02","households":12,"peopleGuided":30,"note":"Cài VNeID"}"#)
            #expect(visit.status == .created, "\(visit.body.string)")
            #expect(try await DigitalTeamVisit.query(on: app.db).count() == 1)

            #expect(try await app.api(.POST, path + "/dissolve", token: hoidong, json: #"{"version":2}"#).status == .forbidden)
            let dissolved = try await app.api(.POST, path + "/dissolve", token: daumoi, json: #"{"version":2}"#)
            #expect(dissolved.status == .ok, "\(dissolved.body.string)")
            #expect(try Self.object(dissolved)["team"] is NSNull)
            #expect(try await app.api(.POST, path + "/visits", token: daumoi, json: #"{"visitedOn":"2026-11-03","households":1,"peopleGuided":1}"#).status == .notFound)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$objectType ~~ ["digital_team", "digital_team_visit"]).count()
            #expect(audit == 4)
            _ = a
        }
    }
}
