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
