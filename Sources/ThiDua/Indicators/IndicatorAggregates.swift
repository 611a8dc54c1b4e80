import Foundation

// Issue 16, point 5: the dashboard's figures, computed from approved values only, with **missing never 0**.
//
// Pure: the queries (IndicatorQueries) read the rows, this file turns them into figures, so every rule is tested
// without a database. The commune's figure of an indicator for a period comes from ``IndicatorSums`` — the same sums
// the province overview asks the database for (`SUM`, `COUNT` grouped by commune and indicator) — so the dashboard
// and the overview share one rule:
// - a share: Σ numerators ÷ Σ denominators × 100 over the scopes that have both (a denominator above 0), never an
//   average of the scopes' shares, and a scope without them is left out (it changes neither sum);
// - a count: the sum of the scopes that have one;
// - any other number: the commune-level row;
// - an indicator reported at commune level: the commune-level row (its numerator ÷ denominator for a share).
// Only approved or locked values count; drafts, submitted and returned values never do.

/// One indicator as a year's effective definition describes it: what the dashboard needs of it.
struct IndicatorSpec: Sendable, Equatable {
    let indicatorID: UUID
    let code: String
    let position: Int
    let name: String
    let measure: String
    let kind: IndicatorKind
    let direction: IndicatorDirection
    let level: IndicatorLevel
    let groupName: String
    let groupPosition: Int
    let contentAreaID: UUID?
    let isPublic: Bool

    /// The chart unit: "%" for a share, else the measure ("người", "lớp").
    var unit: String { kind == .share ? "%" : measure }
}

/// A village or unit that reports values: the rows of a heat table.
struct IndicatorReportingScope: Sendable, Equatable {
    let unitID: UUID
    let name: String
    let level: IndicatorLevel
    let isActive: Bool
}

/// One value row as the aggregates read it.
struct IndicatorValueFact: Sendable, Equatable {
    let indicatorID: UUID
    /// nil: the commune-level value.
    let unitID: UUID?
    let year: Int
    let numerator: Double?
    let denominator: Double?
    let value: Double?
    let status: IndicatorValueStatus

    init(indicatorID: UUID, unitID: UUID?, year: Int, numerator: Double? = nil, denominator: Double? = nil, value: Double? = nil,
         status: IndicatorValueStatus = .approved) {
        self.indicatorID = indicatorID
        self.unitID = unitID
        self.year = year
        self.numerator = numerator
        self.denominator = denominator
        self.value = value
        self.status = status
    }

    /// The numerator and denominator a share may add: both known and a denominator above 0.
    var shareParts: (numerator: Double, denominator: Double)? {
        guard let numerator, let denominator, denominator > 0 else { return nil }
        return (numerator, denominator)
    }
}

/// A target of an indicator for a year and a level.
struct IndicatorTargetFact: Sendable, Equatable {
    let indicatorID: UUID
    let year: Int
    let level: IndicatorLevel
    let target: Double
}

/// How far a figure is from its target, in words and as the heat table's class.
enum IndicatorBand: String, Sendable, CaseIterable {
    /// Đạt: attainment ≥ 1.
    case met
    /// Gần đạt: attainment ≥ ``nearThreshold``.
    case near
    /// Chưa đạt.
    case notMet
    /// A figure, but no target for its year and level.
    case noTarget
    /// Chưa có số liệu.
    case noData

    static let nearThreshold = 0.9

    static func of(figure: Double?, attainment: Double?) -> IndicatorBand {
        guard figure != nil else { return .noData }
        guard let attainment, attainment.isFinite else { return .noTarget }
        if attainment >= 1 - 1e-9 { return .met }
        return attainment >= nearThreshold - 1e-9 ? .near : .notMet
    }
}

/// The sums a commune's figure is made from, over one indicator and one period's approved values. The province
/// overview reads the same sums from SQL (``IndicatorQueries/sumColumns``); the dashboard adds them up here.
struct IndicatorSums: Sendable, Equatable {
    /// Σ numerators and Σ denominators of the village/unit scopes that have both (denominator > 0), and how many.
    var shareNumerator: Double = 0
    var shareDenominator: Double = 0
    var shareScopes = 0
    /// Σ values of the village/unit scopes that have one, and how many.
    var total: Double = 0
    var counted = 0
    /// The commune-level row, when there is one.
    var communeNumerator: Double?
    var communeDenominator: Double?
    var communeValue: Double?
}

/// A commune's figure of one indicator for one year.
struct IndicatorCommuneFigure: Sendable, Equatable {
    let indicatorID: UUID
    let year: Int
    /// nil: chưa có số liệu.
    let value: Double?
    /// Scopes with a figure, of `expected` ("18/23 thôn có số liệu"); for a commune-level indicator 0 or 1 of 1.
    let reported: Int
    let expected: Int
    let target: Double?
    let attainment: Double?
    let band: IndicatorBand
}

/// One scope's figure of one indicator for one year.
struct IndicatorScopeFigure: Sendable, Equatable {
    let scope: IndicatorReportingScope
    let numerator: Double?
    let denominator: Double?
    let value: Double?
    let target: Double?
    let attainment: Double?
    let band: IndicatorBand
}

/// One indicator on the dashboard: the commune's figure and each scope's.
struct IndicatorResult: Sendable, Equatable {
    let spec: IndicatorSpec
    let commune: IndicatorCommuneFigure
    /// The scopes of the indicator's level, in the order given (empty for a commune-level indicator).
    let scopes: [IndicatorScopeFigure]
}

/// Targets by indicator, year and level.
struct IndicatorTargetBook: Sendable {
    private var targets: [Key: Double] = [:]

    private struct Key: Hashable {
        let indicatorID: UUID
        let year: Int
        let level: IndicatorLevel
    }

    init(_ facts: [IndicatorTargetFact]) {
        for fact in facts { targets[Key(indicatorID: fact.indicatorID, year: fact.year, level: fact.level)] = fact.target }
    }

    func target(_ indicatorID: UUID, year: Int, level: IndicatorLevel) -> Double? {
        targets[Key(indicatorID: indicatorID, year: year, level: level)]
    }

    /// The target the commune's figure is held to: the commune-level target; for a share or another number without
    /// one, the target of the indicator's own level (a share of 60 % for each village is 60 % for the commune). A
    /// count is never held to a village's target (22 teams are not measured against "1 per village").
    func communeTarget(_ spec: IndicatorSpec, year: Int) -> Double? {
        if let own = target(spec.indicatorID, year: year, level: .commune) { return own }
        guard spec.kind != .count else { return nil }
        return target(spec.indicatorID, year: year, level: spec.level)
    }
}

enum IndicatorAggregates {
    /// The movement's years (2025–2030): the dashboard's year choices and the lines' periods.
    static let years = 2025...2030

    /// Adds up the approved values of one indicator and period. Drafts, submitted and returned values are left out;
    /// a scope without a figure adds nothing (it is not a 0).
    static func sums(_ values: [IndicatorValueFact]) -> IndicatorSums {
        var sums = IndicatorSums()
        for v in values where v.status.isApproved {
            guard v.unitID != nil else {
                sums.communeNumerator = v.numerator
                sums.communeDenominator = v.denominator
                sums.communeValue = v.value
                continue
            }
            if let parts = v.shareParts {
                sums.shareNumerator += parts.numerator
                sums.shareDenominator += parts.denominator
                sums.shareScopes += 1
            }
            if let value = v.value {
                sums.total += value
                sums.counted += 1
            }
        }
        return sums
    }

    /// The commune's figure from its sums, and how many scopes it rests on.
    static func communeValue(_ spec: IndicatorSpec, _ sums: IndicatorSums) -> (value: Double?, reported: Int) {
        if spec.level == .commune {
            let value = spec.kind == .share
                ? IndicatorFigure.value(kind: .share, numerator: sums.communeNumerator, denominator: sums.communeDenominator, direct: nil)
                : sums.communeValue
            return (value, value == nil ? 0 : 1)
        }
        switch spec.kind {
        case .share:
            guard sums.shareScopes > 0, sums.shareDenominator > 0 else { return (nil, 0) }
            return (sums.shareNumerator / sums.shareDenominator * 100, sums.shareScopes)
        case .count:
            return (sums.counted > 0 ? sums.total : nil, sums.counted)
        case .number:
            return (sums.communeValue, sums.counted)
        }
    }

    /// The commune's figure with its target, attainment and band. `expected`: the scopes that should report (the
    /// active units of the indicator's level; 1 for a commune-level indicator).
    static func communeFigure(_ spec: IndicatorSpec, year: Int, sums: IndicatorSums, expected: Int, targets: IndicatorTargetBook) -> IndicatorCommuneFigure {
        let (value, reported) = communeValue(spec, sums)
        let target = targets.communeTarget(spec, year: year)
        let attainment = IndicatorFigure.attainment(value: value, target: target, direction: spec.direction)
        return IndicatorCommuneFigure(indicatorID: spec.indicatorID, year: year, value: value, reported: reported,
                                      expected: spec.level == .commune ? 1 : expected, target: target, attainment: attainment,
                                      band: IndicatorBand.of(figure: value, attainment: attainment))
    }

    /// A scope's figure: its approved value's (a share from its numerator and denominator), against the target of its
    /// level.
    static func scopeFigure(_ spec: IndicatorSpec, scope: IndicatorReportingScope, value fact: IndicatorValueFact?, year: Int,
                            targets: IndicatorTargetBook) -> IndicatorScopeFigure {
        let approved = fact.flatMap { $0.status.isApproved ? $0 : nil }
        let value = approved.flatMap { v in
            IndicatorFigure.value(kind: spec.kind, numerator: v.numerator, denominator: v.denominator, direct: v.value)
        }
        let target = targets.target(spec.indicatorID, year: year, level: scope.level)
        let attainment = IndicatorFigure.attainment(value: value, target: target, direction: spec.direction)
        return IndicatorScopeFigure(scope: scope, numerator: approved?.numerator, denominator: approved?.denominator, value: value,
                                    target: target, attainment: attainment, band: IndicatorBand.of(figure: value, attainment: attainment))
    }

    /// Every indicator's figures for `year`: the commune's and, for indicators reported per village or unit, each
    /// scope of that level (`scopes` in the order the table shows them; inactive ones only where they have a value).
    /// `values` may hold any year and status: only `year`'s approved ones count.
    ///
    /// With `sums` (the commune's sums per indicator, as SQL adds them up: ``IndicatorQueries/sumColumns``), the
    /// commune figures come from them, and only the indicators `withScopes` keeps get their scopes' figures (`values`
    /// then needs to hold only those indicators' rows): the dashboard page shows one level's heat table.
    static func results(_ specs: [IndicatorSpec], scopes: [IndicatorReportingScope], values: [IndicatorValueFact], targets: IndicatorTargetBook,
                        year: Int, sums given: [UUID: IndicatorSums]? = nil,
                        withScopes: (IndicatorSpec) -> Bool = { _ in true }) -> [IndicatorResult] {
        var byIndicator: [UUID: [IndicatorValueFact]] = [:]
        for v in values where v.year == year && v.status.isApproved { byIndicator[v.indicatorID, default: []].append(v) }
        var activeByLevel: [IndicatorLevel: Int] = [:]
        for s in scopes where s.isActive { activeByLevel[s.level, default: 0] += 1 }
        return specs.map { spec in
            let rows = byIndicator[spec.indicatorID] ?? []
            let total = given.map { $0[spec.indicatorID] ?? IndicatorSums() } ?? sums(rows)
            let figure = communeFigure(spec, year: year, sums: total, expected: activeByLevel[spec.level] ?? 0, targets: targets)
            guard spec.level != .commune, withScopes(spec) else { return IndicatorResult(spec: spec, commune: figure, scopes: []) }
            var byUnit: [UUID: IndicatorValueFact] = [:]
            for v in rows { if let unitID = v.unitID { byUnit[unitID] = v } }
            let shown = scopes.filter { $0.level == spec.level && ($0.isActive || byUnit[$0.unitID] != nil) }
            return IndicatorResult(spec: spec, commune: figure, scopes: shown.map { scope in
                scopeFigure(spec, scope: scope, value: byUnit[scope.unitID], year: year, targets: targets)
            })
        }
    }
}
