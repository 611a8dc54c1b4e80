import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Scoring through HTTP: self-scores, council scores, final rule, gap flag, ranking and bands, settings, refusals.
@Suite("Scoring")
struct ScoringTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// The active criteria of group 1.1 (the fixture village and agency): maxima 15, 20, 15, 15, 15, 20.
    static func criteria(_ app: Application, _ fx: Fixtures) async throws -> [Criterion] {
        try await ScoringQueries.criteria(on: app.db, communeID: fx.communeA, group: "1.1")
    }

    /// Makes `username` (or a new person) a council member following the given fields and villages.
    @discardableResult
    static func member(_ app: Application, _ fx: Fixtures, user username: String?, fields: [String] = [], areas: [UUID] = []) async throws -> CouncilMember {
        let user = try await username.asyncMap { try await User.query(on: app.db).filter(\.$username == $0).first()! }
        let m = CouncilMember()
        m.communeID = fx.communeA; m.personID = username == nil ? fx.villager : fx.official; m.userID = user?.id; m.position = "member"; m.isActive = true
        try await m.create(on: app.db)
        for (kind, value) in fields.map({ ("field", $0) }) + areas.map({ ("area", id($0)) }) {
            let a = CouncilAssignment()
            a.communeID = fx.communeA; a.memberID = m.id!; a.kind = kind; a.value = value
            try await a.create(on: app.db)
        }
        return m
    }

    /// Records scores directly (as the command does) for a unit: points by criterion index.
    static func record(_ app: Application, _ fx: Fixtures, unit: UUID, kind: ScorerKind, member: UUID?, _ points: [Int: Double]) async throws {
        let u = try #require(try await Unit.find(unit, on: app.db))
        let sheet = try await ScoringQueries.sheet(on: app.db, unit: u, year: 2026)
        var entries: [UUID: ScoringCommands.Entry] = [:]
        for (i, p) in points { entries[sheet.lines[i].criterionID] = .init(points: p, evidenceID: nil, note: "") }
        try await ScoringCommands.save(entries, kind: kind, member: member, unit: u, year: 2026, lines: sheet.lines, label: "test",
                                       actor: .system(communeID: fx.communeA, at: app.clock.now()), on: app.db)
    }

    static func sheetPath(_ unit: UUID) -> String { "/scoring/2026/units/\(id(unit))" }

    @Test func focalPointSelfScoresWithEvidenceAndBadValuesSaveNothing() async throws {
        try await withTestApp { app, fx in
            // setup
            let c = try await Self.criteria(app, fx)
            let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
            let mine = try await EvidenceCommands.addLink(to: .init(communeID: fx.communeA, unitID: fx.villageA, year: 2026), title: "Ảnh hội nghị",
                                                         url: "https://example.org/a", actor: actor, on: app.db)
            let other = try await EvidenceCommands.addLink(to: .init(communeID: fx.communeA, unitID: fx.agencyA, year: 2026), title: "Khác",
                                                          url: "https://example.org/b", actor: actor, on: app.db)
            let s = try await app.login("daumoi")
            let page = try await app.get(Self.sheetPath(fx.villageA), as: s)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Ảnh hội nghị"))
            // act: a decimal comma and linked evidence
            let ok = try await app.post(Self.sheetPath(fx.villageA) + "/self", as: s, [
                "points[\(Self.id(c[0].id!))]": "12,5", "evidence[\(Self.id(c[0].id!))]": Self.id(mine.id!),
                "points[\(Self.id(c[1].id!))]": "18", "note[\(Self.id(c[1].id!))]": "Đã triển khai",
            ])
            // check
            #expect(ok.status == .seeOther)
            let rows = try await UnitScore.query(on: app.db).filter(\.$unitID == fx.villageA).all()
            #expect(rows.count == 2)
            let first = try #require(rows.first { $0.criterionID == c[0].id })
            #expect(first.points == 12.5 && first.evidenceID == mine.id && first.scorerKind == "self" && first.memberID == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "unit_score").count() == 1)
            let after = try await app.get(Self.sheetPath(fx.villageA), as: s)
            #expect(after.body.string.contains("12,5"))

            // Above the maximum, not a number, or evidence of another unit: 422 and nothing saved.
            for (field, value, message) in [("points", "15,5", "Điểm phải là một số từ 0 đến 15"), ("points", "mười", "Điểm phải là một số từ 0 đến 15"),
                                            ("points", "-1", "Điểm phải là một số từ 0 đến 15"), ("evidence", Self.id(other.id!), "Minh chứng không thuộc")] {
                var form = ["points[\(Self.id(c[2].id!))]": "10", "points[\(Self.id(c[0].id!))]": "12,5"]
                form["\(field)[\(Self.id(c[0].id!))]"] = value
                let bad = try await app.post(Self.sheetPath(fx.villageA) + "/self", as: s, form)
                #expect(bad.status == .unprocessableEntity, "\(field)=\(value)")
                #expect(bad.body.string.contains(message))
            }
            #expect(try await UnitScore.query(on: app.db).filter(\.$unitID == fx.villageA).count() == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "unit_score").count() == 1)

            // Clearing a value removes that score.
            let cleared = try await app.post(Self.sheetPath(fx.villageA) + "/self", as: s, ["points[\(Self.id(c[1].id!))]": ""])
            #expect(cleared.status == .seeOther)
            #expect(try await UnitScore.query(on: app.db).filter(\.$unitID == fx.villageA).count() == 1)
            // Removing the evidence from the report unlinks it and keeps the score.
            try await EvidenceCommands.remove(mine, actor: actor, on: app.db)
            let kept = try #require(try await UnitScore.query(on: app.db).filter(\.$unitID == fx.villageA).first())
            #expect(kept.points == 12.5 && kept.evidenceID == nil)
        }
    }

    @Test func councilAverageIsTheFinalScore() async throws {
        try await withTestApp { app, fx in
            // setup: hoidong follows the village (area); a second member follows group 1.1
            let c = try await Self.criteria(app, fx)
            try await Self.member(app, fx, user: "hoidong", areas: [fx.villageA])
            let other = try await Self.member(app, fx, user: nil, fields: ["1.1"])
            try await Self.record(app, fx, unit: fx.villageA, kind: .council, member: other.id, [0: 13, 1: 20])
            // act
            let s = try await app.login("hoidong")
            let res = try await app.post(Self.sheetPath(fx.villageA) + "/council", as: s, ["points[\(Self.id(c[0].id!))]": "10", "points[\(Self.id(c[1].id!))]": "15"])
            // check: (10 + 13) / 2 = 11.5 and (15 + 20) / 2 = 17.5
            #expect(res.status == .seeOther)
            let u = try #require(try await Unit.find(fx.villageA, on: app.db))
            let sheet = try await ScoringQueries.sheet(on: app.db, unit: u, year: 2026)
            #expect(sheet.lines[0].final == 11.5)
            #expect(sheet.lines[1].final == 17.5)
            #expect(sheet.totals.finalTotal == 29)
            #expect(sheet.totals.membersScored == 2)
            let page = try await app.get(Self.sheetPath(fx.villageA), as: s)
            #expect(page.body.string.contains("11,5"))
            // The council member sees only their own column, not the other member's.
            #expect(page.body.string.contains("Điểm của tôi"))
            #expect(!page.body.string.contains("Điểu Thị Hồng"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "unit_score").filter(\.$actorName == "Người dùng Thành viên Hội đồng TĐKT (hoidong)").count() == 1)
            // The median rule gives the same for two members; with three it takes the middle one.
            #expect(ScoringRule.councilMedian.combine([10, 13, 20]) == 13)
            #expect(ScoringRule.councilAverage.combine([10, 13, 20]) == 43.0 / 3)
        }
    }

    @Test func gapIsFlaggedAboveTheThresholdOnly() async throws {
        try await withTestApp { app, fx in
            // setup: self total 30; default threshold 10
            let m = try await Self.member(app, fx, user: nil, fields: ["1.1"])
            try await Self.record(app, fx, unit: fx.villageA, kind: .selfScore, member: nil, [0: 15, 1: 15])
            let s = try await app.login("thuky")
            // act: council total exactly 20 (gap 10 = threshold)
            try await Self.record(app, fx, unit: fx.villageA, kind: .council, member: m.id, [0: 10, 1: 10])
            // check
            var page = try await app.get(Self.sheetPath(fx.villageA), as: s)
            #expect(!page.body.string.contains("id=\"gap-flag\""))
            var ranking = try await app.get("/scoring/2026", as: s)
            #expect(!ranking.body.string.contains("Lệch"))
            // act: council total 19.5 (gap 10.5)
            try await Self.record(app, fx, unit: fx.villageA, kind: .council, member: m.id, [0: 9.5, 1: 10])
            page = try await app.get(Self.sheetPath(fx.villageA), as: s)
            #expect(page.body.string.contains("id=\"gap-flag\""))
            ranking = try await app.get("/scoring/2026", as: s)
            #expect(ranking.body.string.contains("Lệch 10,5 điểm"))
            #expect(ScoringCalc.isGapFlagged(selfTotal: 30, finalTotal: 20, threshold: 10) == false)
            #expect(ScoringCalc.isGapFlagged(selfTotal: 20, finalTotal: 30.01, threshold: 10))
        }
    }

    @Test func rankingOrdersByFinalScoreAndClassifiesByBand() async throws {
        try await withTestApp { app, fx in
            // setup: the agency 70 of 100 (Khá), the village 95 (Xuất sắc), one more village scored only by itself
            let m = try await Self.member(app, fx, user: nil, fields: ["1.1"])
            try await Self.record(app, fx, unit: fx.agencyA, kind: .council, member: m.id, [0: 10, 1: 15, 2: 10, 3: 10, 4: 10, 5: 15])
            try await Self.record(app, fx, unit: fx.villageA, kind: .council, member: m.id, [0: 15, 1: 20, 2: 15, 3: 15, 4: 15, 5: 15])
            try await Self.record(app, fx, unit: fx.villageA, kind: .selfScore, member: nil, [0: 15, 1: 20, 2: 15, 3: 15, 4: 15, 5: 20])
            let config = try await ScoringQueries.settings(on: app.db, communeID: fx.communeA)
            // act
            let groups = try await ScoringQueries.ranking(on: app.db, communeID: fx.communeA, year: 2026, config: config)
            let s = try await app.login("lanhdao")
            let page = try await app.get("/scoring/2026", as: s)
            // check
            let g = try #require(groups.first { $0.group == .agencies })
            #expect(g.maxTotal == 100)
            #expect(g.rows.map(\.unitID) == [fx.villageA, fx.agencyA])
            #expect(g.rows.map(\.rank) == [1, 2])
            #expect(g.rows.map(\.band) == ["Xuất sắc", "Khá"])
            #expect(g.rows[0].percent == 95 && g.rows[0].gapFlagged == false)
            let html = page.body.string
            #expect(page.status == .ok)
            let village = try #require(html.range(of: "Thôn Bình Thủy")), agency = try #require(html.range(of: "Phòng Văn hóa - Xã hội"))
            #expect(village.lowerBound < agency.lowerBound)
            #expect(html.contains("Xuất sắc") && html.contains("Khá") && html.contains("95%"))
            // Bands at their edges; ties share a rank.
            #expect(ScoringCalc.band(percent: 90, bands: config.bands) == "Xuất sắc")
            #expect(ScoringCalc.band(percent: 89.9, bands: config.bands) == "Tốt")
            #expect(ScoringCalc.band(percent: 59.9, bands: config.bands) == "Trung bình")
            #expect(ScoringCalc.ranks([80, 90, 80, nil, 70]) == [2, 1, 2, nil, 4])
            // A focal point sees only their unit's row.
            let focal = try await app.get("/scoring/2026", as: try await app.login("daumoi"))
            #expect(focal.status == .ok)
            #expect(focal.body.string.contains("Thôn Bình Thủy") && !focal.body.string.contains("Phòng Văn hóa - Xã hội"))
        }
    }

    @Test func settingsChangeIsAuditedAndChecked() async throws {
        try await withTestApp { app, fx in
            // setup
            let s = try await app.login("thuky")
            let page = try await app.get("/scoring/settings", as: s)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Kế hoạch thi đua của UBND xã, mục III.1 (tiêu chí và thang điểm)"))
            #expect(page.body.string.contains("Xuất sắc"))
            // act: no band from 0% is refused
            let bad = try await app.post("/scoring/settings", as: s, ["rule": "council_median", "gapThreshold": "5,5", "version": "1",
                                                                    "bandLabel[0]": "Đạt", "bandMin[0]": "50"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Cần một mức xếp loại từ 0%"))
            let badGap = try await app.post("/scoring/settings", as: s, ["rule": "council_median", "gapThreshold": "nhiều", "version": "1",
                                                                       "bandLabel[0]": "Đạt", "bandMin[0]": "0"])
            #expect(badGap.status == .unprocessableEntity)
            let ok = try await app.post("/scoring/settings", as: s, ["rule": "council_median", "gapThreshold": "5,5", "version": "1",
                                                                   "bandLabel[0]": "Chưa đạt", "bandMin[0]": "0", "bandLabel[1]": "Đạt", "bandMin[1]": "50"])
            // check
            #expect(ok.status == .seeOther)
            let config = try await ScoringQueries.settings(on: app.db, communeID: fx.communeA)
            #expect(config.rule == .councilMedian && config.gapThreshold == 5.5 && config.version == 2)
            #expect(config.bands == [.init(label: "Đạt", minPercent: 50), .init(label: "Chưa đạt", minPercent: 0)])
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectType == "scoring_settings").first())
            #expect(audit.beforeJSON?.contains("council_average") == true && audit.afterJSON?.contains("council_median") == true)
            // A save from an older page is refused.
            let stale = try await app.post("/scoring/settings", as: s, ["rule": "council_average", "gapThreshold": "10", "version": "1",
                                                                      "bandLabel[0]": "Đạt", "bandMin[0]": "0"])
            #expect(stale.status == .conflict)
            // The administrator may edit too; the leader may not.
            #expect(try await app.get("/scoring/settings", as: try await app.login("admin")).status == .ok)
            #expect(try await app.post("/scoring/settings", as: try await app.login("lanhdao"), ["rule": "council_average"]).status == .forbidden)
        }
    }

    @Test func refusals() async throws {
        try await withTestApp { app, fx in
            let c = try await Self.criteria(app, fx)
            let form = ["points[\(Self.id(c[0].id!))]": "10"]
            // A council member without a membership row, then assigned only to the village.
            let council = try await app.login("hoidong")
            #expect(try await app.post(Self.sheetPath(fx.villageA) + "/council", as: council, form).status == .forbidden)
            try await Self.member(app, fx, user: "hoidong", areas: [fx.villageA])
            #expect(try await app.post(Self.sheetPath(fx.agencyA) + "/council", as: council, form).status == .forbidden)
            #expect(try await app.post(Self.sheetPath(fx.villageA) + "/council", as: council, form).status == .seeOther)
            #expect(try await app.post(Self.sheetPath(fx.villageA) + "/self", as: council, form).status == .forbidden)
            // A focal point scores only their own unit, and never as the council.
            let focal = try await app.login("daumoi")
            #expect(try await app.post(Self.sheetPath(fx.agencyA) + "/self", as: focal, form).status == .forbidden)
            #expect(try await app.get(Self.sheetPath(fx.agencyA), as: focal).status == .forbidden)
            #expect(try await app.post(Self.sheetPath(fx.villageA) + "/council", as: focal, form).status == .forbidden)
            // Individual and editor: no ranking, no sheet.
            for name in ["canhan", "bientap"] {
                let s = try await app.login(name)
                #expect(try await app.get("/scoring/2026", as: s).status == .forbidden)
                #expect(try await app.get(Self.sheetPath(fx.villageA), as: s).status == .forbidden)
                #expect(try await app.post(Self.sheetPath(fx.villageA) + "/self", as: s, form).status == .forbidden)
            }
            // The public: sent to sign in.
            #expect(try await app.get("/scoring/2026", as: nil).status != .ok)
            // The supervisor reads, with no form, and changes nothing.
            let supervisor = try await app.login("giamsat")
            let page = try await app.get(Self.sheetPath(fx.villageA), as: supervisor)
            #expect(page.status == .ok && !page.body.string.contains("/self\"") && !page.body.string.contains("/council\""))
            #expect(try await app.post(Self.sheetPath(fx.villageA) + "/self", as: supervisor, form).status == .forbidden)
            #expect(try await app.post(Self.sheetPath(fx.villageA) + "/council", as: supervisor, form).status == .forbidden)
            #expect(try await app.post("/scoring/settings", as: supervisor, ["rule": "council_average"]).status == .forbidden)
            #expect(try await UnitScore.query(on: app.db).count() == 1)
        }
    }

    @Test func scoresCannotChangeAfterTheCouncilMeeting() async throws {
        try await withTestApp(clock: TestClock(day: "2026-12-06")) { app, fx in
            let c = try await Self.criteria(app, fx)
            let s = try await app.login("daumoi")
            let page = try await app.get(Self.sheetPath(fx.villageA), as: s)
            #expect(page.body.string.contains("Đã hết hạn chấm điểm") && !page.body.string.contains("/self\""))
            let res = try await app.post(Self.sheetPath(fx.villageA) + "/self", as: s, ["points[\(Self.id(c[0].id!))]": "10"])
            #expect(res.status == .conflict)
            #expect(try await UnitScore.query(on: app.db).count() == 0)
        }
    }
}
