import Foundation
import Testing
@testable import ThiDua

/// The pure check of one figure (IndicatorValueRules), shared by the form and the import.
@Suite struct IndicatorValueRulesTests {
    static let today = LocalDate(year: 2026, month: 5, day: 12)!

    func context(_ kind: IndicatorKind = .share, level: IndicatorLevel = .village, scope: IndicatorScopeKind = .unit(.village),
                 year: Int = 2026, quarter: Int = 0, previous: Double? = nil, jump: Double = 20) -> IndicatorValueContext {
        IndicatorValueContext(kind: kind, level: level, scope: scope, year: year, quarter: quarter, movementStartYear: 2025,
                              movementEndYear: 2030, today: Self.today, previous: previous, jumpPercent: jump)
    }

    func refusal(_ input: IndicatorValueInput, _ ctx: IndicatorValueContext) -> [String: String] {
        if case .failure(let r) = IndicatorValueRules.check(input, ctx) { return r.fields }
        return [:]
    }

    func figure(_ input: IndicatorValueInput, _ ctx: IndicatorValueContext) -> IndicatorCleanFigure? {
        try? IndicatorValueRules.check(input, ctx).get()
    }

    @Test func shareIsComputedFromGroupedNumbers() throws {
        let f = try #require(figure(.init(numerator: "25.736", denominator: "36.845"), context()))
        #expect(f.numerator == 25_736)
        #expect(f.denominator == 36_845)
        #expect(abs(f.value! - 25_736.0 / 36_845.0 * 100) < 0.000_001)
    }

    @Test func emptyStaysMissingNeverZero() throws {
        let share = try #require(figure(.init(), context()))
        #expect(share.value == nil && share.numerator == nil && share.denominator == nil && share.isMissing)
        let count = try #require(figure(.init(value: "  "), context(.count)))
        #expect(count.value == nil)
        let zero = try #require(figure(.init(value: "0"), context(.count)))
        #expect(zero.value == 0)
    }

    @Test func negativeCountsRefused() {
        #expect(refusal(.init(value: "-3"), context(.count))["value"] == NumberProblem.negative.message)
        #expect(refusal(.init(numerator: "-1", denominator: "10"), context())["numerator"] == NumberProblem.negative.message)
        #expect(refusal(.init(numerator: "1", denominator: "-10"), context())["denominator"] == NumberProblem.negative.message)
    }

    @Test func countsMustBeWhole() {
        #expect(refusal(.init(value: "1,5"), context(.count))["value"] == NumberProblem.tooManyDecimals(0).message)
        #expect(refusal(.init(numerator: "1,5", denominator: "10"), context())["numerator"] != nil)
    }

    @Test func numberKeepsDecimalsAndMayBeNegative() throws {
        #expect(try #require(figure(.init(value: "1,5"), context(.number, level: .commune, scope: .commune))).value == 1.5)
        #expect(try #require(figure(.init(value: "1.500"), context(.number, level: .commune, scope: .commune))).value == 1500)
        #expect(try #require(figure(.init(value: "-2,25"), context(.number, level: .commune, scope: .commune))).value == -2.25)
        #expect(refusal(.init(value: "abc"), context(.number, level: .commune, scope: .commune))["value"] == NumberProblem.notANumber.message)
    }

    @Test func numeratorOverDenominatorRefused() {
        let e = refusal(.init(numerator: "120", denominator: "100"), context())
        #expect(e["numerator"] == IndicatorText.Values.numeratorOverDenominator(120, 100))
    }

    @Test func denominatorZeroRefused() {
        #expect(refusal(.init(numerator: "0", denominator: "0"), context())["denominator"] == IndicatorText.Values.denominatorZero)
    }

    @Test func shareNeedsBothOrNeither() {
        #expect(refusal(.init(numerator: "12"), context())["denominator"] == IndicatorText.Values.denominatorMissing)
        #expect(refusal(.init(denominator: "12"), context())["numerator"] == IndicatorText.Values.numeratorMissing)
    }

    @Test func periodOutsideMovementRefused() {
        #expect(refusal(.init(value: "1"), context(.count, year: 2023))["year"] == IndicatorText.Values.outsideMovement(first: 2024, last: 2030))
        #expect(refusal(.init(value: "1"), context(.count, year: 2031))["year"] != nil)
        // The year before the movement is its baseline.
        #expect(figure(.init(value: "1"), context(.count, year: 2024)) != nil)
    }

    @Test func futurePeriodsRefused() {
        #expect(refusal(.init(value: "1"), context(.count, year: 2027))["year"] == IndicatorText.Values.futureYear(2026))
        #expect(refusal(.init(value: "1"), context(.count, year: 2026, quarter: 3))["quarter"] == IndicatorText.Values.futureQuarter(3, year: 2026))
        #expect(figure(.init(value: "1"), context(.count, year: 2026, quarter: 2)) != nil)
        #expect(figure(.init(value: "1"), context(.count, year: 2025, quarter: 4)) != nil)
        #expect(refusal(.init(value: "1"), context(.count, year: 2025, quarter: 5))["quarter"] == IndicatorText.Values.badQuarter)
    }

    @Test func scopeMustMatchLevel() {
        let e = refusal(.init(value: "1"), context(.count, level: .village, scope: .unit(.agency)))
        #expect(e["scope"] == IndicatorText.Values.wrongScope(level: .village, scope: .unit))
        #expect(refusal(.init(value: "1"), context(.count, level: .commune, scope: .unit(.village)))["scope"] != nil)
        #expect(refusal(.init(value: "1"), context(.count, level: .village, scope: .commune))["scope"] != nil)
        #expect(figure(.init(value: "1"), context(.count, level: .unit, scope: .unit(.organisation))) != nil)
    }

    @Test func jumpInPercentagePointsForShares() throws {
        // 50% before, 80% now: 30 points > 20.
        let e = refusal(.init(numerator: "80", denominator: "100"), context(previous: 50))
        #expect(e["jumpNote"] != nil)
        // 50% → 69%: 19 points, no note needed.
        #expect(figure(.init(numerator: "69", denominator: "100"), context(previous: 50))?.isJump == false)
        let confirmed = try #require(figure(.init(numerator: "80", denominator: "100", jumpNote: "Đợt xác thực VNeID tháng 4"), context(previous: 50)))
        #expect(confirmed.isJump && confirmed.jumpNote == "Đợt xác thực VNeID tháng 4")
    }

    @Test func jumpInPerCentOtherwise() {
        // 10 → 13 is 30% of 10 > 20%.
        #expect(refusal(.init(value: "13"), context(.count, previous: 10))["jumpNote"] != nil)
        // 10 → 12 is 20%: allowed.
        #expect(figure(.init(value: "12"), context(.count, previous: 10)) != nil)
        // From 0 anything is a jump; missing never is.
        #expect(refusal(.init(value: "1"), context(.count, previous: 0))["jumpNote"] != nil)
        #expect(figure(.init(value: ""), context(.count, previous: 10)) != nil)
        #expect(figure(.init(value: "100"), context(.count, previous: nil)) != nil)
    }

    @Test func notesAreCheckedText() {
        #expect(refusal(.init(value: "1", note: String(repeating: "a", count: TextLimit.long + 1)), context(.count))["note"] != nil)
        #expect(refusal(.init(value: "1", note: "a\u{0007}b"), context(.count))["note"] != nil)
        #expect(figure(.init(value: "1", note: "dòng 1\ndòng 2"), context(.count))?.note == "dòng 1\ndòng 2")
    }

    @Test(arguments: ["1.500", "1,5", "25.736", "0", "12,25", "1.234.567,89"])
    func editBoxTextRoundTrips(_ typed: String) throws {
        let ctx = context(.number, level: .commune, scope: .commune)
        let first = try #require(figure(.init(value: typed), ctx)?.value)
        let shown = IndicatorValueRules.text(first, kind: .number)
        #expect(try #require(figure(.init(value: shown), ctx)?.value) == first)
        #expect(IndicatorValueRules.text(1500, kind: .count) == "1.500")
        #expect(IndicatorValueRules.text(1.5, kind: .number) == "1,5")
        #expect(IndicatorValueRules.text(nil, kind: .count) == "")
    }

    @Test func previousPeriod() {
        #expect(IndicatorValueRules.previousPeriod(year: 2026, quarter: 0) == (2025, 0))
        #expect(IndicatorValueRules.previousPeriod(year: 2026, quarter: 1) == (2025, 4))
        #expect(IndicatorValueRules.previousPeriod(year: 2026, quarter: 3) == (2026, 2))
    }
}
