import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// Rows for the dashboard tests, written straight into the tables (the catalogue and values pages are other suites').
struct DashboardSeed {
    let db: any Database
    let communeID: UUID
    let at: Date

    @discardableResult
    func indicator(_ code: String, kind: IndicatorKind, level: IndicatorLevel = .village, isPublic: Bool = true, name: String? = nil,
                   target: Double? = nil, year: Int = 2026) async throws -> (indicator: UUID, definition: UUID) {
        let i = Indicator()
        i.communeID = communeID; i.code = code; i.position = 1; i.isActive = true; i.createdAt = at; i.version = 1
        try await i.create(on: db)
        let d = IndicatorDefinition()
        d.communeID = communeID; d.indicatorID = try i.requireID(); d.fromYear = 2025; d.name = name ?? "Chỉ số \(code)"; d.definition = ""
        d.numeratorLabel = ""; d.denominatorLabel = ""; d.measure = kind == .share ? "%" : "người"; d.kind = kind.rawValue
        d.direction = IndicatorDirection.up.rawValue; d.level = level.rawValue; d.groupName = "Nhân lực số"; d.groupPosition = 1
        d.contentAreaID = nil; d.sourceDocument = ""; d.evidenceRequired = ""; d.isPublic = isPublic; d.createdAt = at; d.createdByName = "Kiểm thử"
        try await d.create(on: db)
        if let target {
            let t = IndicatorTarget()
            t.communeID = communeID; t.indicatorID = try i.requireID(); t.year = year; t.level = level.rawValue; t.target = target; t.source = "KH"
            t.updatedAt = at; t.updatedByName = "Kiểm thử"; t.version = 1
            try await t.create(on: db)
        }
        return (try i.requireID(), try d.requireID())
    }

    func value(_ ids: (indicator: UUID, definition: UUID), unit: UUID?, year: Int = 2026, quarter: Int = 0, num: Double? = nil, den: Double? = nil,
               value: Double? = nil, status: IndicatorValueStatus = .approved) async throws {
        let v = IndicatorValue()
        v.communeID = communeID; v.indicatorID = ids.indicator; v.definitionID = ids.definition; v.unitID = unit
        v.scopeKey = unit?.uuidString.lowercased() ?? IndicatorValue.communeScope; v.year = year; v.quarter = quarter
        v.numerator = num; v.denominator = den
        v.value = value ?? ((num != nil && den != nil && den! > 0) ? num! / den! * 100 : nil)
        v.note = ""; v.jumpNote = ""; v.status = status.rawValue; v.returnReason = ""; v.source = "test"; v.enteredByName = "Kiểm thử"
        v.reviewedByName = ""; v.createdAt = at; v.updatedAt = at; v.version = 1
        try await v.create(on: db)
    }

    func village(_ name: String, code: String) async throws -> UUID {
        let values = UnitValues(code: code, name: name, kind: .village, criteriaGroup: UnitKind.village.defaultGroup, villageID: nil,
                                headName: "Nguyễn Văn Trưởng", headTitle: "Trưởng thôn", phone: "", email: "", address: "")
        return try await DirectoryCommands.createUnit(values, communeID: communeID, actor: .system(communeID: communeID, at: at), on: db).requireID()
    }
}

@Suite("Indicator dashboard")
struct IndicatorDashboardTests {
    @Test("dashboard figures equal the rows they summarise, and the province overview agrees")
    func figuresEqualRows() async throws {
        try await withTestApp { app, fx in
            // setup
            let seed = DashboardSeed(db: app.db, communeID: fx.communeA, at: app.clock.now())
            let second = try await seed.village("Thôn Hai", code: "TH-02")
            let third = try await seed.village("Thôn Ba", code: "TH-03")
            let share = try await seed.indicator("T01", kind: .share, target: 60)
            let count = try await seed.indicator("T02", kind: .count)
            try await seed.value(share, unit: fx.villageA, num: 300, den: 400)
            try await seed.value(share, unit: second, num: 20, den: 100)
            try await seed.value(share, unit: third, num: 100, den: 100, status: .submitted)
            try await seed.value(count, unit: fx.villageA, value: 5)
            try await seed.value(count, unit: second, value: nil)
            try await seed.value(count, unit: third, value: 7, status: .locked)
            // act
            let d = try await IndicatorQueries.dashboard(communeID: fx.communeA, year: 2026, indicator: "T01", on: app.db)
            let overview = try await IndicatorQueries.provinceOverview(year: 2026, on: app.db)
            // check
            let s = try #require(d.results.first { $0.spec.code == "T01" })
            #expect(s.commune.value == 320.0 / 500.0 * 100)
            #expect(s.commune.reported == 2)
            #expect(s.commune.expected == 3)
            #expect(s.commune.band == .met)
            let c = try #require(d.results.first { $0.spec.code == "T02" })
            #expect(c.commune.value == 12)
            #expect(c.commune.reported == 2)
            #expect(d.selected?.spec.code == "T01")
            #expect(d.line.count == 6)
            #expect(d.line.first { $0.year == 2026 }?.value == s.commune.value)
            #expect(d.line.first { $0.year == 2025 }?.value == nil)
            let a = try #require(overview.first { $0.communeID == fx.communeA })
            #expect(a.total == 2)
            #expect(a.withData == 2)
            #expect(a.met == 1)
            #expect(a.figures == d.results.map(\.commune))
            #expect(overview.first { $0.communeID == fx.communeB }?.total == 0)
            // The page's reading (one level's rows, the commune figures from SQL sums) gives the same figures.
            let page = try await IndicatorQueries.dashboard(communeID: fx.communeA, year: 2026, indicator: "T01", scopeLevels: .one(nil), on: app.db)
            #expect(page.results.map(\.commune) == d.results.map(\.commune))
            #expect(page.results.map(\.scopes) == d.results.map(\.scopes))
            #expect(page.selected == d.selected)
            #expect(page.heatLevel == .village)
            #expect(page.levels == [.village])
        }
    }

    @Test("a quarter's figures: the dashboard sums that quarter's rows only, and the line runs over the year's quarters")
    func quarterlyFigures() async throws {
        try await withTestApp { app, fx in
            // setup: a share with whole-year and quarterly approved rows, and a submitted Q3 row
            let seed = DashboardSeed(db: app.db, communeID: fx.communeA, at: app.clock.now())
            let second = try await seed.village("Thôn Hai", code: "TH-02")
            let share = try await seed.indicator("T01", kind: .share, target: 60)
            try await seed.value(share, unit: fx.villageA, num: 700, den: 1000)
            try await seed.value(share, unit: fx.villageA, quarter: 1, num: 300, den: 1000)
            try await seed.value(share, unit: fx.villageA, quarter: 2, num: 450, den: 1000)
            try await seed.value(share, unit: second, quarter: 2, num: 150, den: 500)
            try await seed.value(share, unit: second, quarter: 3, num: 400, den: 500, status: .submitted)
            // act
            let q2 = try await IndicatorQueries.dashboard(communeID: fx.communeA, year: 2026, quarter: 2, indicator: "T01", scopeLevels: .one(nil),
                                                          on: app.db)
            let year = try await IndicatorQueries.dashboard(communeID: fx.communeA, year: 2026, indicator: "T01", on: app.db)
            let s = try await app.login(Fixtures.username(.secretariat))
            let page = try await app.get("/indicators?year=2026&quarter=2&indicator=T01", as: s).body.string
            let bogus = try await app.get("/indicators?year=2026&quarter=9", as: s)
            // check: Q2 = (450 + 150) ÷ (1000 + 500); the whole year is untouched; Q3's submitted row is not counted
            let r = try #require(q2.results.first)
            #expect(r.commune.value == 600.0 / 1500.0 * 100)
            #expect(r.commune.reported == 2)
            #expect(year.results.first?.commune.value == 70)
            #expect(q2.line.map(\.value) == [30, 40, nil, nil])
            #expect(q2.lineByQuarter && !year.lineByQuarter)
            #expect(year.line.count == 6)
            #expect(page.contains("Kết quả toàn xã quý 2 năm 2026"))
            #expect(page.contains("toàn xã theo quý năm 2026"))
            #expect(page.contains("Từ 30% quý 1 đến 40% quý 2"))
            #expect(page.contains("quarter=2&amp;indicator=T01") || page.contains("quarter=2&indicator=T01"))
            #expect(bogus.status == .ok && bogus.body.string.contains("Kết quả toàn xã năm 2026"))
        }
    }

    @Test("the page shows one level's heat table at a time, links the others, and keeps the commune figures of every level")
    func oneHeatLevelAtATime() async throws {
        try await withTestApp { app, fx in
            // setup: a village indicator and a business indicator, each with a value
            let seed = DashboardSeed(db: app.db, communeID: fx.communeA, at: app.clock.now())
            let share = try await seed.indicator("V01", kind: .share, name: "Tỷ lệ người lớn có kỹ năng số", target: 60)
            let business = try await seed.indicator("B01", kind: .count, level: .business, name: "Số lao động được đào tạo")
            try await seed.value(share, unit: fx.villageA, num: 412, den: 1000)
            let firm = try await DirectoryCommands.createUnit(
                UnitValues(code: "DN-01", name: "Công ty Chè Xanh", kind: .business, criteriaGroup: UnitKind.business.defaultGroup, villageID: nil,
                           headName: "Trần Thị Giám Đốc", headTitle: "Giám đốc", phone: "", email: "", address: ""),
                communeID: fx.communeA, actor: .system(communeID: fx.communeA, at: app.clock.now()), on: app.db).requireID()
            try await seed.value(business, unit: firm, value: 1234)
            let s = try await app.login(Fixtures.username(.secretariat))
            // act
            let first = try await app.get("/indicators?year=2026", as: s).body.string
            let firms = try await app.get("/indicators?year=2026&level=business", as: s).body.string
            let wrong = try await app.get("/indicators?year=2026&level=commune", as: s)
            let d = try await IndicatorQueries.dashboard(communeID: fx.communeA, year: 2026, scopeLevels: .one(.business), on: app.db)
            // check: villages first, the businesses' table one link away; both pages keep both commune figures
            #expect(first.contains("heat-village-table"))
            #expect(!first.contains("heat-business-table"))
            #expect(first.contains("level=business#bang-nhiet"))
            #expect(firms.contains("heat-business-table"))
            #expect(!firms.contains("heat-village-table"))
            #expect(firms.contains("Công ty Chè Xanh"))
            #expect(firms.contains("name=\"level\" value=\"business\""))
            for html in [first, firms] {
                #expect(html.contains("41,2%"))
                #expect(html.contains("1.234"))
            }
            #expect(wrong.status == .ok)
            #expect(wrong.body.string.contains("heat-village-table"))
            #expect(d.results.first { $0.spec.code == "V01" }?.scopes.isEmpty == true)
            #expect(d.results.first { $0.spec.code == "V01" }?.commune.reported == 1)
            #expect(d.results.first { $0.spec.code == "B01" }?.scopes.count == 1)
        }
    }

    @Test("the page shows the heat table with numbers and bands, escaped, and the chosen indicator's charts")
    func pageShowsHeatAndCharts() async throws {
        try await withTestApp { app, fx in
            let seed = DashboardSeed(db: app.db, communeID: fx.communeA, at: app.clock.now())
            let hostile = try await seed.village("Thôn <script>alert(1)</script>\"'", code: "TH-09")
            let share = try await seed.indicator("T01", kind: .share, name: "Tỷ lệ <b>số</b>", target: 60)
            try await seed.value(share, unit: fx.villageA, num: 412, den: 1000)
            try await seed.value(share, unit: hostile, num: 70, den: 100)
            let s = try await app.login(Fixtures.username(.unitFocalPoint))
            let res = try await app.get("/indicators?year=2026&indicator=T01", as: s)
            #expect(res.status == .ok)
            let html = res.body.string
            #expect(!html.contains("<script>alert"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<b>số</b>"))
            #expect(html.contains("41,2%"))
            #expect(html.contains("Chưa đạt"))
            #expect(html.contains("heat-met"))
            #expect(html.contains("2/2 thôn có số liệu") || html.contains("2/3 thôn có số liệu"))
            #expect(html.contains("chart-bars"))
            #expect(html.contains("chart-line"))
            #expect(html.contains("1 trong 2 thôn đạt mục tiêu; thấp nhất: Thôn Bình Thủy (41,2%)."))
            // Signed out: the sign-in page, not the dashboard.
            let anonymous = try await app.get("/indicators", as: nil)
            #expect(anonymous.status != .ok || !anonymous.body.string.contains("heat-table"))
        }
    }

    @Test("the public page shows only public indicators and approved values")
    func publicSubset() async throws {
        try await withTestApp { app, fx in
            let seed = DashboardSeed(db: app.db, communeID: fx.communeA, at: app.clock.now())
            let open = try await seed.indicator("P01", kind: .count, name: "Chỉ số công khai")
            let closed = try await seed.indicator("P02", kind: .count, isPublic: false, name: "Chỉ số nội bộ")
            try await seed.value(open, unit: fx.villageA, value: 1234)
            try await seed.value(closed, unit: fx.villageA, value: 4321)
            let draftVillage = try await seed.village("Thôn Nháp", code: "TH-05")
            try await seed.value(open, unit: draftVillage, value: 9876, status: .submitted)
            let res = try await app.get("/showcase/nghia-trung/indicators?year=2026&indicator=P01", as: nil)
            #expect(res.status == .ok)
            let html = res.body.string
            #expect(html.contains("Chỉ số công khai"))
            #expect(html.contains("1.234"))
            #expect(!html.contains("Chỉ số nội bộ"))
            #expect(!html.contains("4.321"))
            #expect(!html.contains("9.876"))
            #expect(html.contains("1/2 thôn có số liệu"))
            let asked = try await app.get("/showcase/nghia-trung/indicators?year=2026&indicator=P02", as: nil)
            #expect(!asked.body.string.contains("4.321"))
            let missing = try await app.get("/showcase/khong-co/indicators", as: nil)
            #expect(missing.status == .notFound)
        }
    }

    @Test("the dashboard page runs the same statements for 3 villages and for 30")
    func fixedQueryCount() async throws {
        try await withStatementLog { app, log in
            // setup: a commune of its own in the demo database, with 3 villages reporting
            let commune = Commune(code: "xa-do-tai", name: "Xã Đo Tải", province: "Đồng Nai", authorityName: "UBND XÃ ĐO TẢI")
            try await commune.create(on: app.db)
            let communeID = try commune.requireID()
            let seed = DashboardSeed(db: app.db, communeID: communeID, at: app.clock.now())
            let share = try await seed.indicator("Q01", kind: .share, target: 60)
            let count = try await seed.indicator("Q02", kind: .count)
            func addVillages(_ range: Range<Int>) async throws {
                for i in range {
                    let unit = try await seed.village("Thôn \(i)", code: "Q-\(i)")
                    try await seed.value(share, unit: unit, num: Double(40 + i), den: 100)
                    try await seed.value(count, unit: unit, value: Double(i))
                    try await seed.value(share, unit: unit, year: 2025, num: Double(30 + i), den: 100)
                }
            }
            try await addVillages(0..<3)
            func measure() async throws -> [String] {
                try await log.during {
                    let d = try await IndicatorQueries.dashboard(communeID: communeID, year: 2026, indicator: "Q01", on: app.db)
                    #expect(d.selected != nil)
                    let page = try await IndicatorQueries.dashboard(communeID: communeID, year: 2026, indicator: "Q01", scopeLevels: .one(nil),
                                                                    on: app.db)
                    #expect(page.selected == d.selected)
                }
            }
            // act
            let small = try await measure()
            try await addVillages(3..<30)
            let large = try await measure()
            let overviewSmall = try await log.during { _ = try await IndicatorQueries.provinceOverview(year: 2026, on: app.db) }
            // check
            #expect(small.count == large.count, "\(small.count) statements for 3 villages, \(large.count) for 30")
            #expect(large.count <= 16)
            #expect(overviewSmall.count <= 6)
            let d = try await IndicatorQueries.dashboard(communeID: communeID, year: 2026, on: app.db)
            #expect(d.results.first?.commune.reported == 30)
            #expect(d.results.first?.commune.value == Double((0..<30).map { 40 + $0 }.reduce(0, +)) / 3000 * 100)
            // The page itself, as the demo's secretariat sees its own commune, is fixed too.
            let s = try await app.login("canbo.thidua", password: DemoData.password)
            var status: [HTTPResponseStatus] = []
            let page1 = try await log.during { status.append(try await app.get("/indicators?year=2026", as: s).status) }
            let page2 = try await log.during { status.append(try await app.get("/indicators?year=2026", as: s).status) }
            #expect(status == [.ok, .ok])
            #expect(page1.count == page2.count)
            #expect(page2.count <= 12, "\(QueryBudgetTests.summary(page2))")
        }
    }
}
