import Foundation

/// Numbers as Vietnamese officials type and read them: "12,5" and "12.5" are both twelve and a half;
/// "1.250,5" is one thousand two hundred fifty and a half. Shown with a decimal comma.
enum NumberText {
    static func parse(_ text: String?) -> Double? {
        var s = TextFolding.clean(text).replacingOccurrences(of: " ", with: "")
        guard !s.isEmpty, s.count <= 30 else { return nil }
        if s.hasSuffix("%") { s.removeLast() }
        if s.contains(",") && s.contains(".") {
            s = s.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else {
            s = s.replacingOccurrences(of: ",", with: ".")
        }
        guard s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }), let value = Double(s), value.isFinite else { return nil }
        return value
    }

    /// "1.250,5", "12", "0,75"
    static func format(_ value: Double, maxFractionDigits: Int = 2) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = "."
        formatter.decimalSeparator = ","
        formatter.maximumFractionDigits = maxFractionDigits
        formatter.minimumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// "87,5%"
    static func percent(_ ratio: Double) -> String { format(ratio * 100, maxFractionDigits: 1) + "%" }
}

/// Amounts in đồng with Vietnamese grouping: 2.340.000
enum MoneyText {
    /// Whole đồng as typed: "2.340.000", "2 340 000" or "2340000" (no decimals).
    static func parse(_ text: String?) -> Double? {
        let digits = TextFolding.clean(text).replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
        guard !digits.isEmpty, digits.count <= 13, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits) else { return nil }
        return Double(n)
    }

    static func format(_ value: Double) -> String {
        let n = Int(value.rounded())
        var digits = String(abs(n))
        var groups: [String] = []
        while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits = String(digits.dropLast(3)) }
        groups.insert(digits, at: 0)
        return (n < 0 ? "-" : "") + groups.joined(separator: ".")
    }
}
