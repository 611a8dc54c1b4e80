import Foundation

// Sheet names, cell references, numbers and dates as SpreadsheetML writes them.

// MARK: - Names and references

enum XLSXNames {
    /// 0 → "A", 25 → "Z", 26 → "AA".
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1
        var letters: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(UInt8(65 + r))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// A name Excel accepts: NFC, no forbidden or control characters, not empty, at most 31 UTF-16 units,
    /// not starting or ending with an apostrophe, not "History", unique ignoring case (" (2)", " (3)" …).
    static func sheetName(_ requested: String, index: Int, taken: [String]) -> String {
        var cleaned = ""
        for scalar in requested.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "/", "\\", ":": cleaned.unicodeScalars.append("-")
            case "[": cleaned.unicodeScalars.append("(")
            case "]": cleaned.unicodeScalars.append(")")
            case "*", "?": continue
            case "\u{FFFE}", "\u{FFFF}": continue
            default:
                if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
                    cleaned.unicodeScalars.append(" ")
                } else {
                    cleaned.unicodeScalars.append(scalar)
                }
            }
        }
        var base = collapseSpaces(cleaned)
        while base.hasPrefix("'") { base.removeFirst() }
        base = truncate(base.trimmingCharacters(in: .whitespaces), to: XLSXWriter.maxSheetNameLength)
        while base.hasSuffix("'") { base.removeLast() }
        base = base.trimmingCharacters(in: .whitespaces)
        if base.isEmpty { base = "Trang \(index + 1)" }
        if base.lowercased() == "history" { base += " (1)" }

        let lowered = Set(taken.map { $0.lowercased() })
        if !lowered.contains(base.lowercased()) { return base }
        var n = 2
        while true {
            let suffix = " (\(n))"
            let stem = truncate(base, to: XLSXWriter.maxSheetNameLength - suffix.utf16.count)
                .trimmingCharacters(in: .whitespaces)
            let candidate = stem + suffix
            if !lowered.contains(candidate.lowercased()) { return candidate }
            n += 1
        }
    }

    private static func collapseSpaces(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// The longest prefix of whole characters that fits in `units` UTF-16 code units.
    private static func truncate(_ text: String, to units: Int) -> String {
        guard text.utf16.count > units else { return text }
        var result = ""
        var used = 0
        for character in text {
            let n = character.utf16.count
            if used + n > units { break }
            result.append(character)
            used += n
        }
        return result
    }

    /// `'Sheet name'` for formulas and defined names (apostrophes doubled).
    static func quotedForFormula(_ name: String) -> String {
        "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

// MARK: - Numbers and dates

enum XLSXNumbers {
    /// Shortest round-tripping decimal, no locale, no exponent for whole numbers below 1e15;
    /// nil for infinities and NaN (the cell is left empty).
    static func format(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(describing: value)  // e.g. "0.853", "1.5e-07", "1.2345e+20": valid xsd:double
    }
}

enum XLSXDates {
    /// Excel 1900-system serial: 1900-01-01 is 1, 1900-03-01 is 61 (Excel keeps Lotus's 29 Feb 1900).
    static func serial(_ date: XLSXDate) -> Int? {
        guard (1900...9999).contains(date.year), (1...12).contains(date.month), date.day >= 1 else { return nil }
        let days = daysFromCivil(date.year, date.month, date.day)
        let back = civilFromDays(days)
        guard back.0 == date.year, back.1 == date.month, back.2 == date.day else { return nil }  // e.g. 31/02
        var serial = days - daysFromCivil(1899, 12, 30)
        if serial < 61 { serial -= 1 }
        return serial >= 1 ? serial : nil
    }

    static func text(_ date: XLSXDate) -> String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(date.day, 2))/\(pad(date.month, 2))/\(pad(date.year, 4))"
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// W3CDTF in UTC, e.g. "2026-03-05T08:30:00Z".
    static func w3cdtf(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (y, m, d) = civilFromDays(days)
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(repeating: "0", count: max(0, 4 - String(y).count)) + String(y)
        return "\(year)-\(pad(m))-\(pad(d))T\(pad(rest / 3600)):\(pad(rest % 3600 / 60)):\(pad(rest % 60))Z"
    }
}
