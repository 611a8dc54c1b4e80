import Foundation

/// What a number field accepts: its range and how many decimals it keeps (what an edit box shows must read back
/// as the same number, so a value never has more decimals than are shown).
struct NumberRule: Sendable, Hashable {
    var min: Double = 0
    var max: Double = 999_999_999_999
    var fractionDigits: Int = 2

    /// A plan, a target, an actual value: not negative, up to 999.999.999.999, two decimals.
    static let quantity = NumberRule()
    /// A whole count (people, households).
    static let count = NumberRule(fractionDigits: 0)
    /// A percentage share (0–100), two decimals.
    static let percent = NumberRule(min: 0, max: 100)

    static func range(_ min: Double, _ max: Double, fractionDigits: Int = 2) -> NumberRule {
        NumberRule(min: min, max: max, fractionDigits: fractionDigits)
    }

    /// What is wrong with a value that arrived as a number (the API), if anything.
    func problem(_ value: Double) -> NumberProblem? {
        guard value.isFinite else { return .notANumber }
        if value < min { return min == 0 ? .negative : .belowMin(min) }
        if value > max { return .aboveMax(max) }
        let scaled = value * pow(10, Double(fractionDigits))
        // Exact to the last bit a Double keeps at this size (4 ulps): 123456.789 with two decimals is refused.
        if abs(scaled - scaled.rounded()) > Swift.max(1e-9, 4 * scaled.ulp) { return .tooManyDecimals(fractionDigits) }
        return nil
    }
}

/// Why a typed number was refused; each has the Vietnamese message shown beside the field.
enum NumberProblem: Error, Equatable, Sendable {
    case notANumber, notAWholeNumber, ambiguous, negative
    case belowMin(Double), aboveMax(Double), tooManyDecimals(Int)

    var message: String {
        switch self {
        case .notANumber: "Phải là một số, ví dụ 1.500 hoặc 12,5."
        case .notAWholeNumber: "Phải là một số nguyên, ví dụ 25 hoặc 1.500."
        case .ambiguous: "Số không rõ cách viết: dùng dấu chấm để nhóm hàng nghìn và dấu phẩy cho phần thập phân, ví dụ 1.234,5."
        case .negative: "Không được là số âm."
        case .belowMin(let m): "Không được nhỏ hơn \(NumberText.format(m))."
        case .aboveMax(let m): "Số quá lớn: tối đa \(NumberText.format(m))."
        case .tooManyDecimals(0): "Phải là số nguyên."
        case .tooManyDecimals(let n): "Tối đa \(n) chữ số sau dấu phẩy."
        }
    }
}

/// Numbers as Vietnamese officials type and read them, one rule both ways.
///
/// Reading (``read(_:_:)``):
/// - "," is the decimal comma and "." groups thousands: "1.500" = 1500, "1,5" = 1,5, "1.234.567,89".
/// - Spaces (also non-breaking) group thousands too: "1 500" = 1500. A final "%" is ignored.
/// - A single "." that does not group thousands is taken as a decimal point, as phones and English keyboards type it:
///   "1500.5" and "12.5" = 12,5. So "1.500" is fifteen hundred and "1.50" is one and a half.
/// - Refused as ambiguous: several commas ("1,234,567"), a comma before a point ("1,234.5"), dots that do not group by
///   three ("1.23.4" is not a number). Then the range and decimals of the field's ``NumberRule``.
///
/// Writing (``format(_:maxFractionDigits:)``): "." between thousands, "," before decimals, no trailing zeros:
/// what it writes, `read` reads back as the same number.
enum NumberText {
    /// nil when nothing was typed.
    static func read(_ text: String?, _ rule: NumberRule = .quantity) -> Result<Double?, NumberProblem> {
        // A whole-number field's example is a whole number ("12,5" is not one it takes).
        readNumber(text, rule).mapError { $0 == .notANumber && rule.fractionDigits == 0 ? .notAWholeNumber : $0 }
    }

    private static func readNumber(_ text: String?, _ rule: NumberRule) -> Result<Double?, NumberProblem> {
        var s = TextFolding.clean(text).filter { !$0.isWhitespace }
        guard !s.isEmpty else { return .success(nil) }
        guard s.count <= 40 else { return .failure(.aboveMax(rule.max)) }
        if s.hasSuffix("%") { s.removeLast() }
        var negative = false
        if let first = s.first, "-−+".contains(first) {
            negative = first != "+"
            s.removeFirst()
        }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return .failure(.notANumber) }
        let commas = s.filter { $0 == "," }.count
        var integer: Substring, fraction: Substring = ""
        if commas > 1 { return .failure(.ambiguous) }
        if commas == 1 {
            let parts = s.split(separator: ",", omittingEmptySubsequences: false)
            if parts[1].contains(".") { return .failure(.ambiguous) }
            integer = parts[0]; fraction = parts[1]
            guard !fraction.isEmpty else { return .failure(.notANumber) }
            if integer.contains(".") {
                guard isGrouped(integer) else { return .failure(.ambiguous) }
                integer = Substring(integer.replacingOccurrences(of: ".", with: ""))
            }
        } else if s.contains(".") {
            if isGrouped(Substring(s)) {
                integer = Substring(s.replacingOccurrences(of: ".", with: ""))
            } else {
                let parts = s.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[1].isEmpty else { return .failure(.notANumber) }
                integer = parts[0]; fraction = parts[1]
            }
        } else {
            integer = Substring(s)
        }
        guard !integer.isEmpty, integer.allSatisfy(\.isNumber), fraction.allSatisfy(\.isNumber) else { return .failure(.notANumber) }
        while fraction.last == "0" { fraction.removeLast() }
        let significant = integer.drop(while: { $0 == "0" })
        if significant.count > 15 { return .failure(.aboveMax(rule.max)) }
        if fraction.count > rule.fractionDigits { return .failure(.tooManyDecimals(rule.fractionDigits)) }
        guard let magnitude = Double(String(integer) + (fraction.isEmpty ? "" : "." + fraction)) else { return .failure(.notANumber) }
        let value = negative && magnitude != 0 ? -magnitude : magnitude
        if value < rule.min { return .failure(rule.min == 0 ? .negative : .belowMin(rule.min)) }
        if value > rule.max { return .failure(.aboveMax(rule.max)) }
        return .success(value)
    }

    /// The value, when the text is a valid number under `rule`; nil when empty or invalid.
    static func parse(_ text: String?, _ rule: NumberRule = .range(-999_999_999_999, 999_999_999_999, fractionDigits: 6)) -> Double? {
        (try? read(text, rule).get()) ?? nil
    }

    /// "1.500", "1.234.567": one to three digits, then groups of exactly three after each dot.
    private static func isGrouped(_ s: Substring) -> Bool {
        let groups = s.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2, (1...3).contains(groups[0].count), groups[0].first != "0" else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }

    /// "1.250,5", "12", "0,75", "-3"
    static func format(_ value: Double, maxFractionDigits: Int = 2) -> String {
        guard value.isFinite else { return "" }
        let digits = Swift.max(0, Swift.min(maxFractionDigits, 6))
        let scale = pow(10, Double(digits))
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let whole = UInt64(scaled) / UInt64(scale), part = UInt64(scaled) % UInt64(scale)
        var text = group(whole)
        if digits > 0, part > 0 {
            var fraction = String(part)
            fraction = String(repeating: "0", count: digits - fraction.count) + fraction
            while fraction.last == "0" { fraction.removeLast() }
            text += "," + fraction
        }
        return (value < 0 && scaled > 0 ? "-" : "") + text
    }

    private static func group(_ n: UInt64) -> String {
        var digits = String(n), groups: [String] = []
        while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits = String(digits.dropLast(3)) }
        groups.insert(digits, at: 0)
        return groups.joined(separator: ".")
    }

    /// "87,5%"
    static func percent(_ ratio: Double) -> String { format(ratio * 100, maxFractionDigits: 1) + "%" }
}

/// Amounts in đồng with Vietnamese grouping: 2.340.000
enum MoneyText {
    /// Whole đồng as typed: "2.340.000", "2 340 000" or "2340000" (no decimals).
    static func parse(_ text: String?) -> Double? {
        let digits = TextFolding.clean(text).replacingOccurrences(of: ".", with: "").filter { !$0.isWhitespace }
        guard !digits.isEmpty, digits.count <= 13, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        return Double(n)
    }

    static func format(_ value: Double) -> String {
        let n = Int(value.rounded())
        return (n < 0 ? "-" : "") + NumberText.format(Double(abs(n)), maxFractionDigits: 0)
    }
}
