import Foundation

// Issue 16 (point 2): the one check of a proposed indicator figure, shared by the entry form
// (``IndicatorValueCommands/save``) and the spreadsheet import (helper "import").
//
// Signature (pure: no database, no clock; the caller reads the rows and the date once and passes them in):
//
//     let context = IndicatorValueContext(
//         kind: definition.kindValue, level: definition.levelValue,
//         scope: unit.map { .unit($0.kindValue) } ?? .commune,      // IndicatorScopeKind
//         year: 2026, quarter: 0,                                    // 0 = whole year, 1–4 = a quarter
//         movementStartYear: movement.startYear, movementEndYear: movement.endYear,
//         today: LocalDate(clock.now()),                             // nothing after today's year / quarter
//         previous: previousFigure,                                  // the previous period's `value`, nil if none
//         jumpPercent: settings.jumpPercent)
//     let input = IndicatorValueInput(numerator: "25.736", denominator: "36.845", value: "", note: "", jumpNote: "")
//     switch IndicatorValueRules.check(input, context) {
//     case .success(let figure): // figure.numerator / .denominator / .value (nil = missing, never 0), .note, .jumpNote
//     case .failure(let refusal): // refusal.fields: [field: Vietnamese message], field ∈ IndicatorValueRules.Field
//     }
//
// `IndicatorValueRules.previousPeriod(year:quarter:)` says which period is "the previous one" (quarter 1 → the
// previous year's quarter 4; a whole year → the previous whole year). Numbers are read with NumberText: "1.500" =
// 1500, "1,5" = 1,5; ``IndicatorValueRules/text(_:kind:)`` writes a stored number back the way the edit box shows it,
// and reading that text gives the same number.

/// What the person typed for one indicator (or one spreadsheet row), as text.
struct IndicatorValueInput: Sendable, Hashable {
    var numerator: String = ""
    var denominator: String = ""
    var value: String = ""
    var note: String = ""
    var jumpNote: String = ""
}

/// The scope a value is entered for: the commune as a whole ("Toàn xã") or one unit of a kind.
enum IndicatorScopeKind: Sendable, Hashable {
    case commune
    case unit(UnitKind)

    /// The level a value for this scope reports at.
    var level: IndicatorLevel {
        switch self {
        case .commune: .commune
        case .unit(let kind): IndicatorLevel.of(kind)
        }
    }
}

/// Everything the check needs besides what was typed.
struct IndicatorValueContext: Sendable {
    var kind: IndicatorKind
    var level: IndicatorLevel
    var scope: IndicatorScopeKind
    var year: Int
    /// 0 = the whole year, 1–4 = a quarter.
    var quarter: Int
    var movementStartYear: Int
    var movementEndYear: Int
    /// Today in Vietnam: no figure for a later year, nor for a quarter not yet begun.
    var today: LocalDate
    /// The previous period's figure (its `value`), nil when there is none or it is missing.
    var previous: Double?
    /// The commune's ``IndicatorSettings/jumpPercent``.
    var jumpPercent: Double
    /// The commune's values of this year are locked (the year is over, or the secretariat locked it): no figure of the
    /// year may be added or changed, not even a new one (``IndicatorValueCommands/yearLocked(communeID:year:on:)``).
    var yearLocked = false
}

/// A figure that passed the check, ready to store. Missing stays nil.
struct IndicatorCleanFigure: Sendable, Equatable {
    var numerator: Double?
    var denominator: Double?
    /// numerator ÷ denominator × 100 for a share, the count or number otherwise; nil while missing.
    var value: Double?
    var note: String
    var jumpNote: String
    /// The figure is far from the previous period's (so it carries a confirming note).
    var isJump: Bool
    var isMissing: Bool { value == nil }
}

/// Why a figure was refused: one Vietnamese message per field (keys are ``IndicatorValueRules/Field`` raw values).
struct IndicatorValueRefusal: Error, Sendable, Equatable {
    var fields: [String: String]
}

enum IndicatorValueRules {
    /// The field names of ``IndicatorValueRefusal/fields``.
    enum Field: String, CaseIterable, Sendable {
        case numerator, denominator, value, note, jumpNote, year, quarter, scope
    }

    static let noteLimit = TextLimit.long

    /// The refusals of the period alone (outside the movement, in the future, a locked year), for what adds a row
    /// without a figure (an evidence file).
    static func periodRefusal(_ context: IndicatorValueContext) -> [String: String] {
        guard case .failure(let refusal) = check(IndicatorValueInput(), context) else { return [:] }
        return refusal.fields.filter { [Field.year.rawValue, Field.quarter.rawValue].contains($0.key) }
    }
    /// The jump limit used while the commune has no ``IndicatorSettings`` row (the import's fallback too).
    static let defaultJumpPercent = 50.0

    /// The rule a share's numerator and denominator are read with: whole numbers of people, households, dossiers.
    static let partRule = NumberRule.count
    /// The rule a figure is read with for each kind: a count is a whole number, not negative; a number keeps two
    /// decimals and may be negative (a change, a growth rate).
    static func rule(for kind: IndicatorKind) -> NumberRule {
        switch kind {
        case .share, .count: .count
        case .number: .range(-999_999_999_999, 999_999_999_999)
        }
    }

    /// The period before this one: the previous quarter (Q1 → Q4 of the year before) or the previous year.
    static func previousPeriod(year: Int, quarter: Int) -> (year: Int, quarter: Int) {
        switch quarter {
        case 0: (year - 1, 0)
        case 1: (year - 1, 4)
        default: (year, quarter - 1)
        }
    }

    /// The quarter (1–4) a day falls in.
    static func quarter(of day: LocalDate) -> Int { (day.month - 1) / 3 + 1 }

    /// A stored number as the edit box shows it ("1.500", "1,5"); "" for missing. Reading it back gives the same number.
    static func text(_ number: Double?, kind: IndicatorKind) -> String {
        guard let number else { return "" }
        return NumberText.format(number, maxFractionDigits: rule(for: kind).fractionDigits)
    }

    /// A share's numerator or denominator as the edit box shows it.
    static func partText(_ number: Double?) -> String {
        guard let number else { return "" }
        return NumberText.format(number, maxFractionDigits: 0)
    }

    /// How far `value` is from `previous`: percentage points for a share, per cent of the previous figure otherwise
    /// (from 0 to anything else is a jump). nil when either is missing.
    static func jump(value: Double?, previous: Double?, kind: IndicatorKind) -> Double? {
        guard let value, let previous else { return nil }
        switch kind {
        case .share: return abs(value - previous)
        case .count, .number:
            if previous == 0 { return value == 0 ? 0 : .infinity }
            return abs(value - previous) / abs(previous) * 100
        }
    }

    /// Whether a figure needs a confirming note.
    static func isJump(value: Double?, previous: Double?, kind: IndicatorKind, jumpPercent: Double) -> Bool {
        guard let distance = jump(value: value, previous: previous, kind: kind) else { return false }
        return distance > jumpPercent + 1e-9
    }

    /// The years a period chooser offers, newest first: the movement's (from the year before it starts, as values may be
    /// entered for) up to this year, since no later year takes a figure; the year shown stays offered whatever it is.
    static func offeredYears(movement: ClosedRange<Int>?, thisYear: Int, shown: Int) -> [Int] {
        let first = movement?.lowerBound ?? min(shown, thisYear) - 3
        let last = min(movement?.upperBound ?? thisYear, thisYear)
        var years = first <= last ? Array(first...last) : []
        if !years.contains(shown) { years.append(shown) }
        return years.sorted(by: >)
    }

    /// Checks one proposed figure. Pure: the same input and context always give the same answer.
    static func check(_ input: IndicatorValueInput, _ context: IndicatorValueContext) -> Result<IndicatorCleanFigure, IndicatorValueRefusal> {
        typealias T = IndicatorText.Values
        var errors: [String: String] = [:]

        // The period and the scope.
        if !(0...4).contains(context.quarter) {
            errors[Field.quarter.rawValue] = T.badQuarter
        }
        let first = context.movementStartYear - 1, last = context.movementEndYear
        if context.year < first || context.year > last {
            errors[Field.year.rawValue] = T.outsideMovement(first: first, last: last)
        } else if context.year > context.today.year {
            errors[Field.year.rawValue] = T.futureYear(context.today.year)
        } else if context.year == context.today.year, context.quarter > quarter(of: context.today), errors[Field.quarter.rawValue] == nil {
            errors[Field.quarter.rawValue] = T.futureQuarter(context.quarter, year: context.year)
        }
        if context.yearLocked, errors[Field.year.rawValue] == nil {
            errors[Field.year.rawValue] = T.yearLocked(context.year)
        }
        if context.scope.level != context.level {
            errors[Field.scope.rawValue] = T.wrongScope(level: context.level, scope: context.scope.level)
        }

        // The figure.
        var numerator: Double?, denominator: Double?, value: Double?
        switch context.kind {
        case .share:
            numerator = Check.number(input.numerator, Field.numerator.rawValue, partRule, into: &errors)
            denominator = Check.number(input.denominator, Field.denominator.rawValue, partRule, into: &errors)
            let numeratorOK = errors[Field.numerator.rawValue] == nil, denominatorOK = errors[Field.denominator.rawValue] == nil
            if numeratorOK && denominatorOK {
                switch (numerator, denominator) {
                case (nil, nil): break // missing: a draft may leave it
                case (.some, nil): errors[Field.denominator.rawValue] = T.denominatorMissing
                case (nil, .some(let d)):
                    if d == 0 { errors[Field.denominator.rawValue] = T.denominatorZero }
                    errors[Field.numerator.rawValue] = T.numeratorMissing
                case (.some(let n), .some(let d)):
                    if d == 0 { errors[Field.denominator.rawValue] = T.denominatorZero }
                    else if n > d { errors[Field.numerator.rawValue] = T.numeratorOverDenominator(n, d) }
                }
            }
            value = IndicatorFigure.value(kind: .share, numerator: numerator, denominator: denominator, direct: nil)
        case .count, .number:
            value = Check.number(input.value, Field.value.rawValue, rule(for: context.kind), into: &errors)
        }

        let note = Check.text(input.note, Field.note.rawValue, max: noteLimit, required: false, multiline: true, into: &errors)
        let jumpNote = Check.text(input.jumpNote, Field.jumpNote.rawValue, max: noteLimit, required: false, multiline: true, into: &errors)

        let figureOK = errors[Field.numerator.rawValue] == nil && errors[Field.denominator.rawValue] == nil && errors[Field.value.rawValue] == nil
        let jumped = figureOK && isJump(value: value, previous: context.previous, kind: context.kind, jumpPercent: context.jumpPercent)
        if jumped, jumpNote.isEmpty, errors[Field.jumpNote.rawValue] == nil, let value, let previous = context.previous {
            errors[Field.jumpNote.rawValue] = T.jumpNeedsNote(value: value, previous: previous, kind: context.kind, limit: context.jumpPercent)
        }

        guard errors.isEmpty else { return .failure(IndicatorValueRefusal(fields: errors)) }
        if value == nil { numerator = nil; denominator = nil }
        return .success(IndicatorCleanFigure(numerator: context.kind == .share ? numerator : nil,
                                             denominator: context.kind == .share ? denominator : nil,
                                             value: value, note: note, jumpNote: jumpNote, isJump: jumped))
    }
}
