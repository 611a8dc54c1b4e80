import Foundation

// How `XLSXReader` turns what a cell stores into text: cell references, numbers without Excel's float artefacts,
// date serials, date number formats, and SpreadsheetML's `_xHHHH_` escapes.

enum XLSXReaderValues {
    /// "C5" → (column 2, row 5); "$C$5" is accepted. Nil when the reference is not a cell's.
    static func cellReference(_ text: String) -> (column: Int, row: Int?)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard digits == 0, letters < 4 else { return nil }
                column = column * 26 + Int((byte | 0x20) - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letters > 0, digits < 8 else { return nil }
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default: return nil
            }
        }
        guard letters > 0 else { return nil }
        return (column - 1, digits > 0 && row > 0 ? row : nil)
    }

    /// The number a `<v>` holds as Excel shows it, to its 15 significant digits, in the shortest decimal without
    /// exponent: `0.69850000000000001` → "0.6985", `0.30000000000000004` → "0.3", `1500` → "1500",
    /// `1.5E-7` → "0.00000015". Text that is not a number is given back unchanged.
    static func number(_ text: String) -> String {
        guard let parsed = Double(text.trimmingCharacters(in: .whitespaces)), parsed.isFinite else { return text }
        let value = Double(String(format: "%.15g", parsed)) ?? parsed
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return plainDecimal(String(describing: value))
    }

    /// "1.5e-07" → "0.00000015", "1.2345e+20" → "123450000000000000000", "0.6985" unchanged. Exponents beyond
    /// ±30 are kept as they are.
    static func plainDecimal(_ shortest: String) -> String {
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }),
              let exponent = Int(shortest[shortest.index(after: e)...]), abs(exponent) <= 30 else {
            return shortest.hasSuffix(".0") ? String(shortest.dropLast(2)) : shortest
        }
        var mantissa = Substring(shortest[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent  // digits before the decimal point
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var intPart = String(digits.prefix(point))
        var fracPart = String(digits.dropFirst(point))
        while fracPart.hasSuffix("0") { fracPart.removeLast() }
        while intPart.count > 1, intPart.hasPrefix("0") { intPart.removeFirst() }
        let body = fracPart.isEmpty ? intPart : intPart + "." + fracPart
        return negative && body != "0" ? "-" + body : body
    }

    /// "dd/MM/yyyy" for a date serial (the time of day is dropped), nil when Excel could not show it as a date.
    /// In the 1900 system serial 1 is 01/01/1900 and serial 60 is Lotus's 29/02/1900, which Excel keeps;
    /// in the 1904 system serial 0 is 01/01/1904.
    static func date(serial text: String, date1904: Bool) -> String? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        let day = Int(value.rounded(.down))
        if date1904 {
            guard day >= 0, day <= 2_957_003 else { return nil }
            return format(XLSXDates.civilFromDays(XLSXDates.daysFromCivil(1904, 1, 1) + day))
        }
        guard day >= 1, day <= 2_958_465 else { return nil }
        if day == 60 { return "29/02/1900" }
        let base = XLSXDates.daysFromCivil(1899, 12, day < 60 ? 31 : 30)
        return format(XLSXDates.civilFromDays(base + day))
    }

    /// `t="d"` cells hold an ISO 8601 date ("2026-03-05" or "2026-03-05T00:00:00"): "05/03/2026"; other text unchanged.
    static func isoDate(_ text: String) -> String {
        let parts = text.prefix(10).split(separator: "-")
        guard text.count >= 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d)
        else { return text }
        return format((y, m, d))
    }

    private static func format(_ ymd: (Int, Int, Int)) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(ymd.2, 2))/\(pad(ymd.1, 2))/\(pad(ymd.0, 4))"
    }

    /// Built-in formats that show a date: 14–17 (d/m/yyyy, d-mmm-yy, d-mmm, mmm-yy) and 22 (date and time).
    /// 18–21 show only a time and are left as numbers.
    static func isBuiltInDate(_ numFmtId: Int) -> Bool {
        (14...17).contains(numFmtId) || numFmtId == 22
    }

    /// Whether a custom format code shows a date: it has d, m or y outside quoted text, `[...]` sections (colours,
    /// locales, elapsed time) and escaped characters; a code with only h/m/s (a time) is not a date.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false
        var hasDay = false, hasMonth = false, hasTime = false
        for c in code.lowercased() {
            if escaped { escaped = false; continue }
            if inQuote { if c == "\"" { inQuote = false }; continue }
            if inBracket { if c == "]" { inBracket = false }; continue }
            switch c {
            case "\\", "_", "*": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true
            case "d", "y": hasDay = true
            case "m": hasMonth = true
            case "h", "s": hasTime = true
            default: break
            }
        }
        return hasDay || (hasMonth && !hasTime)
    }

    /// Decodes SpreadsheetML's escapes of characters XML cannot carry: `_x000D_` → CR, `_x005F_` → "_".
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_" {
                let hex = String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)]))
                if hex.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit }), let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    out.append(scalar)
                    i += 7
                    continue
                }
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }
}
