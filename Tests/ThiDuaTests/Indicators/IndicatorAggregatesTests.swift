import Foundation
import Testing
@testable import ThiDua

/// The dashboard's figures from approved values: missing never 0, shares as Σ numerators ÷ Σ denominators, bands.
@Suite("Indicator aggregates")
struct IndicatorAggregatesTests {
    static let share = spec(.share)
    static let count = spec(.count)

    static func spec(_ kind: IndicatorKind, level: IndicatorLevel = .village, direction: IndicatorDirection = .up) -> IndicatorSpec {
        IndicatorSpec(indicatorID: UUID(), code: "CDS", position: 1, name: "Chỉ số", measure: kind == .share ? "%" : "người", kind: kind,
                      direction: direction, level: level, groupName: "Nhân lực số", groupPosition: 1, contentAreaID: nil, isPublic: true)
    }

    static let villages = (1...4).map { IndicatorReportingScope(unitID: UUID(), name: "Thôn \($0)", level: .village, isActive: true) }

    static func v(_ spec: IndicatorSpec, _ scope: Int?, num: Double? = nil, den: Double? = nil, value: Double? = nil,
                  status: IndicatorValueStatus = .approved, year: Int = 2026) -> IndicatorValueFact {
        IndicatorValueFact(indicatorID: spec.indicatorID, unitID: scope.map { villages[$0].unitID }, year: year, numerator: num, denominator: den,
                           value: value, status: status)
    }

    @Test("a share is Σ numerators ÷ Σ denominators, not the mean of the shares")
    func shareIsRatioOfSums() {
        // setup: 90/100 = 90 % and 10/1000 = 1 %: the mean of shares would be 45,5 %
        let values = [Self.v(Self.share, 0, num: 90, den: 100, value: 90), Self.v(Self.share, 1, num: 10, den: 1000, value: 1)]
        // act
        let figure = IndicatorAggregates.communeValue(Self.share, IndicatorAggregates.sums(values))
        // check
        #expect(figure.value == 100.0 / 1100.0 * 100)
        #expect(figure.value != 45.5)
        #expect(figure.reported == 2)
    }

    @Test("a scope without a value changes neither the sum nor the share; a nil numerator row is skipped")
    func missingIsNotZero() {
        let base = [Self.v(Self.share, 0, num: 60, den: 100, value: 60), Self.v(Self.share, 1, num: 30, den: 50, value: 60)]
        let withMissing = base + [Self.v(Self.share, 2, num: nil, den: 80, value: nil), Self.v(Self.share, 3, num: 5, den: nil, value: nil)]
        let a = IndicatorAggregates.communeValue(Self.share, IndicatorAggregates.sums(base))
        let b = IndicatorAggregates.communeValue(Self.share, IndicatorAggregates.sums(withMissing))
        #expect(a.value == 60)
        #expect(b.value == a.value)
        #expect(b.reported == 2)
        // A count: the missing scope adds nothing and is not counted as reporting.
        let counts = [Self.v(Self.count, 0, value: 12), Self.v(Self.count, 1, value: nil), Self.v(Self.count, 2, value: 0)]
        let c = IndicatorAggregates.communeValue(Self.count, IndicatorAggregates.sums(counts))
        #expect(c.value == 12)
        #expect(c.reported == 2)
        // Nothing reported at all: no figure, not 0.
        #expect(IndicatorAggregates.communeValue(Self.count, IndicatorAggregates.sums([Self.v(Self.count, 0)])).value == nil)
        #expect(IndicatorAggregates.communeValue(Self.share, IndicatorAggregates.sums([])).value == nil)
    }

    @Test("drafts, submitted and returned values are never counted", arguments: [IndicatorValueStatus.draft, .submitted, .returned])
    func onlyApprovedCount(_ status: IndicatorValueStatus) {
        let values = [Self.v(Self.share, 0, num: 50, den: 100, value: 50), Self.v(Self.share, 1, num: 100, den: 100, value: 100, status: status),
                      Self.v(Self.share, 2, num: 9, den: 10, value: 90, status: .locked)]
        let figure = IndicatorAggregates.communeValue(Self.share, IndicatorAggregates.sums(values))
        #expect(figure.value == 59.0 / 110.0 * 100)
        #expect(figure.reported == 2)
        let scope = IndicatorAggregates.scopeFigure(Self.share, scope: Self.villages[1], value: values[1], year: 2026, targets: IndicatorTargetBook([]))
        #expect(scope.value == nil)
        #expect(scope.band == .noData)
    }

    @Test("a number is the commune-level row; a commune-level share is that row's numerator ÷ denominator")
    func numberAndCommuneLevel() {
        let number = Self.spec(.number)
        let rows = [Self.v(number, 0, value: 7), Self.v(number, nil, value: 3.5)]
        #expect(IndicatorAggregates.communeValue(number, IndicatorAggregates.sums(rows)).value == 3.5)
        let communeShare = Self.spec(.share, level: .commune)
        let c = IndicatorAggregates.communeValue(communeShare, IndicatorAggregates.sums([Self.v(communeShare, nil, num: 25_736, den: 36_845, value: 69.85)]))
        #expect(c.value == 25_736.0 / 36_845.0 * 100)
        #expect(c.reported == 1)
    }

    @Test("attainment and bands, higher and lower is better")
    func bands() {
        let book = IndicatorTargetBook([IndicatorTargetFact(indicatorID: Self.share.indicatorID, year: 2026, level: .village, target: 60)])
        func band(_ value: Double?, _ spec: IndicatorSpec, _ target: IndicatorTargetBook) -> IndicatorBand {
            IndicatorAggregates.scopeFigure(spec, scope: Self.villages[0], value: value.map { Self.v(spec, 0, num: $0, den: 100, value: $0) },
                                            year: 2026, targets: target).band
        }
        #expect(band(60, Self.share, book) == .met)
        #expect(band(75, Self.share, book) == .met)
        #expect(band(54, Self.share, book) == .near)  // 0,9
        #expect(band(53.9, Self.share, book) == .notMet)
        #expect(band(nil, Self.share, book) == .noData)
        #expect(band(50, Self.share, IndicatorTargetBook([])) == .noTarget)
        let down = Self.spec(.share, direction: .down)
        let downBook = IndicatorTargetBook([IndicatorTargetFact(indicatorID: down.indicatorID, year: 2026, level: .village, target: 10)])
        #expect(band(8, down, downBook) == .met)
        #expect(band(11, down, downBook) == .near)  // 10/11 = 0,909
        #expect(band(20, down, downBook) == .notMet)
        #expect(IndicatorBand.of(figure: 1, attainment: 0.9) == .near)
    }

    @Test("the commune is held to its own target, else a share to its level's; a count only to its own")
    func communeTargets() {
        let villageOnly = [IndicatorTargetFact(indicatorID: Self.share.indicatorID, year: 2026, level: .village, target: 60),
                           IndicatorTargetFact(indicatorID: Self.count.indicatorID, year: 2026, level: .village, target: 1)]
        let book = IndicatorTargetBook(villageOnly)
        #expect(book.communeTarget(Self.share, year: 2026) == 60)
        #expect(book.communeTarget(Self.count, year: 2026) == nil)
        let own = IndicatorTargetBook(villageOnly + [IndicatorTargetFact(indicatorID: Self.share.indicatorID, year: 2026, level: .commune, target: 70)])
        #expect(own.communeTarget(Self.share, year: 2026) == 70)
    }

    @Test("the results equal the rows they summarise")
    func resultsEqualRows() {
        // setup: 4 villages, one without a value, one submitted, one of another year
        let values = [Self.v(Self.share, 0, num: 120, den: 200, value: 60), Self.v(Self.share, 1, num: 45, den: 100, value: 45),
                      Self.v(Self.share, 2, num: 99, den: 100, value: 99, status: .submitted), Self.v(Self.share, 3, num: 1, den: 100, value: 1, year: 2025),
                      Self.v(Self.count, 0, value: 4), Self.v(Self.count, 1, value: 6)]
        let book = IndicatorTargetBook([IndicatorTargetFact(indicatorID: Self.share.indicatorID, year: 2026, level: .village, target: 50)])
        // act
        let results = IndicatorAggregates.results([Self.share, Self.count], scopes: Self.villages, values: values, targets: book, year: 2026)
        // check: by hand
        let share = results[0]
        let expectedShare: Double = (120.0 + 45.0) / (200.0 + 100.0) * 100.0
        #expect(share.commune.value == expectedShare)
        #expect(share.commune.reported == 2)
        #expect(share.commune.expected == 4)
        #expect(share.commune.target == 50)
        #expect(share.commune.band == .met)
        #expect(share.scopes.map(\.value) == [60, 45, nil, nil])
        #expect(share.scopes.map(\.band) == [.met, .near, .noData, .noData])
        #expect(results[1].commune.value == 10)
        #expect(results[1].commune.reported == 2)
        #expect(results[1].commune.target == nil)
    }

    @Test("an inactive village shows only where it has a value, and is not expected")
    func inactiveScopes() {
        let closed = IndicatorReportingScope(unitID: UUID(), name: "Thôn cũ", level: .village, isActive: false)
        let scopes = Self.villages + [closed]
        let value = IndicatorValueFact(indicatorID: Self.count.indicatorID, unitID: closed.unitID, year: 2026, value: 3)
        let with = IndicatorAggregates.results([Self.count], scopes: scopes, values: [value], targets: IndicatorTargetBook([]), year: 2026)[0]
        #expect(with.scopes.count == 5)
        #expect(with.commune.expected == 4)
        let without = IndicatorAggregates.results([Self.count], scopes: scopes, values: [], targets: IndicatorTargetBook([]), year: 2026)[0]
        #expect(without.scopes.count == 4)
    }

    @Test("the readings say what the figures are")
    func readings() {
        let book = IndicatorTargetBook([IndicatorTargetFact(indicatorID: Self.share.indicatorID, year: 2026, level: .village, target: 50)])
        let values = [Self.v(Self.share, 0, num: 60, den: 100), Self.v(Self.share, 1, num: 412, den: 1000), Self.v(Self.share, 2, num: 7, den: 10)]
        let r = IndicatorAggregates.results([Self.share], scopes: Self.villages, values: values, targets: book, year: 2026)[0]
        #expect(IndicatorDashboardView.Readings.bars(r) == "2 trong 4 thôn đạt mục tiêu; thấp nhất: Thôn 2 (41,2%); 1 thôn chưa có số liệu.")
        #expect(IndicatorDashboardView.Readings.progress(r.commune, Self.share) == "Toàn xã: 43,2%, bằng 86,3% mục tiêu 50% — chưa đạt.")
    }
}
