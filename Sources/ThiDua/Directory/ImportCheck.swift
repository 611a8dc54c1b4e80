import Foundation

/// The checks of ``Check`` and the folding of ``TextFolding``, giving the same results and the same messages, but
/// fast enough for 100,000 rows: a value made only of the scalars Vietnamese text uses (ASCII, Latin-1, Latin
/// Extended-A/B and the precomposed letters U+1E00–U+1EFF) is already NFC, so it is cleaned and folded by looking at
/// its UTF-8 bytes. Any other value goes through ``Check`` / ``TextFolding`` themselves. `ImportCheckTests` compares
/// both ways on every such scalar and on awkward values.
enum ImportCheck {
    /// Whitespace that `trimmingCharacters(in: .whitespacesAndNewlines)` removes, among the simple scalars.
    @inline(__always)
    private static func isTrimmed(_ scalar: UInt32) -> Bool {
        (0x09...0x0D).contains(scalar) || scalar == 0x20 || scalar == 0x85 || scalar == 0xA0
    }

    /// Walks the scalars of `text` while they are simple; nil when one is not (or when the text holds NUL, which the
    /// slow path removes). Calls `each` with every scalar and its byte offset.
    @inline(__always)
    private static func simpleScalars(_ text: String, _ each: (UInt32, Int, Int) -> Void) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    if b == 0 { return false }
                    each(UInt32(b), i, 1)
                    i += 1
                } else if b >= 0xC2 && b <= 0xC9 {
                    guard i + 1 < n else { return false }
                    let scalar = (UInt32(b & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F)
                    if scalar > 0x24F { return false }
                    each(scalar, i, 2)
                    i += 2
                } else if b == 0xE1 {
                    guard i + 2 < n, (0xB8...0xBB).contains(bytes[i + 1]) else { return false }
                    let scalar = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
                    each(scalar, i, 3)
                    i += 3
                } else {
                    return false
                }
            }
            return true
        } ?? false  // not contiguous: the slow path
    }

    /// ``TextFolding/clean(_:)`` and ``TextFolding/hasControlCharacters(_:singleLine:)`` of one value (every column of an
    /// import is a single-line field: a tab or line break inside a quoted cell is refused). The bidi and invisible characters are all outside the simple scalars (but the soft hyphen, checked here), so a value
    /// holding one takes the slow path and gets ``TextFolding``'s own answer.
    static func clean(_ text: String?) -> (value: String, control: Bool) {
        guard let text, !text.isEmpty else { return ("", false) }
        var control = false, breakPending = false
        var first = -1, last = -1, lastWidth = 0
        let simple = simpleScalars(text) { scalar, offset, width in
            if (scalar < 0x20 && scalar != 0x09 && scalar != 0x0A && scalar != 0x0D) || (0x7F...0x9F).contains(scalar) || scalar == 0xAD { control = true }
            // A tab or line break inside the value (not at its ends, which are trimmed), as TextFolding refuses it.
            if scalar == 0x09 || scalar == 0x0A || scalar == 0x0D {
                if first >= 0 { breakPending = true }
            } else if breakPending && !isTrimmed(scalar) {
                control = true
            }
            if !isTrimmed(scalar) {
                if first < 0 { first = offset }
                last = offset
                lastWidth = width
            }
        }
        guard simple else { return (TextFolding.clean(text), TextFolding.hasControlCharacters(text, singleLine: true)) }
        if first < 0 { return ("", control) }
        let count = text.utf8.count
        if first == 0 && last + lastWidth == count { return (text, control) }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: first), end = utf8.index(utf8.startIndex, offsetBy: last + lastWidth)
        return (String(Substring(utf8[start..<end])), control)
    }

    /// True when ``CSV`` would skip a line holding only this field (`trimmingCharacters(in: .whitespaces)` is empty).
    static func isBlank(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return false }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    private static let tooLongMessages: [Int: String] = Dictionary(uniqueKeysWithValues: [20, 120, 160, 200, 300].map {
        ($0, CoreText.tooLong.replacingOccurrences(of: "%d", with: NumberText.format(Double($0))))
    })

    /// ``Check/text(_:_:max:required:into:)``: the cleaned value and the message for the field, if any.
    static func text(_ raw: String?, max: Int, required: Bool) -> (String, String?) {
        let (cleaned, control) = clean(raw)
        if control { return (cleaned, Check.controlMessage(cleaned, singleLine: true)) }
        if required && cleaned.isEmpty { return (cleaned, CoreText.required) }
        // A character is at least one byte: only a long value needs counting.
        if cleaned.utf8.count > max, cleaned.count > max {
            return (cleaned, tooLongMessages[max] ?? CoreText.tooLong.replacingOccurrences(of: "%d", with: NumberText.format(Double(max))))
        }
        return (cleaned, nil)
    }

    /// ``Check/phone(_:_:into:)``.
    static func phone(_ raw: String?) -> (String, String?) {
        let (cleaned, control) = clean(raw)
        if control { return (cleaned, CoreText.invalidPhone) }
        if cleaned.isEmpty { return ("", nil) }
        // Every allowed character is one ASCII byte: a digit or one of " .+-()".
        var digits = 0, allowed = true
        for b in cleaned.utf8 {
            if b >= 0x30 && b <= 0x39 { digits += 1 }
            else if !(b == 0x20 || b == 0x2E || b == 0x2B || b == 0x2D || b == 0x28 || b == 0x29) { allowed = false }
        }
        if !allowed || !(8...15).contains(digits) { return (cleaned, CoreText.invalidPhone) }
        return (cleaned, nil)
    }

    /// ``Check/email(_:_:into:)``.
    static func email(_ raw: String?) -> (String, String?) {
        let (cleaned, control) = clean(raw)
        if control { return (cleaned, CoreText.invalidEmail) }
        if cleaned.isEmpty { return ("", nil) }
        if let valid = asciiEmailIsValid(cleaned) { return (cleaned, valid ? nil : CoreText.invalidEmail) }
        let parts = cleaned.split(separator: "@", omittingEmptySubsequences: false)
        if cleaned.count > 254 || parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || parts[1].hasPrefix(".")
            || parts[1].hasSuffix(".") || cleaned.contains(where: \.isWhitespace) {
            return (cleaned, CoreText.invalidEmail)
        }
        return (cleaned, nil)
    }

    /// The rule of ``email(_:)`` read from the bytes of an all-ASCII value (one character a byte, but for CRLF, which is
    /// whitespace and so refused either way); nil for any other value.
    private static func asciiEmailIsValid(_ cleaned: String) -> Bool? {
        var ats = 0, at = -1, i = 0, dotAfterAt = false, whitespace = false, last: UInt8 = 0
        for b in cleaned.utf8 {
            if b >= 0x80 { return nil }
            if b == 0x40 { ats += 1; at = i } else if b == 0x2E && ats > 0 { dotAfterAt = true }
            if (b >= 0x09 && b <= 0x0D) || b == 0x20 { whitespace = true }
            last = b
            i += 1
        }
        guard i <= 254, ats == 1, at > 0, !whitespace, dotAfterAt, last != 0x2E else { return false }
        // The part after the @ does not begin with a dot.
        let utf8 = cleaned.utf8
        return utf8[utf8.index(utf8.startIndex, offsetBy: at + 1)] != 0x2E
    }

    /// `LocalDate(vietnamese:)` of a cleaned value, as `yyyy-MM-dd`: `d/M/yyyy` read from its bytes, anything else by
    /// `LocalDate` itself.
    static func vietnameseDateISO(_ cleaned: String) -> String? {
        // Three numbers and their lengths, in scalars (no array a value).
        var n0 = 0, n1 = 0, n2 = 0, l0 = 0, l1 = 0, l2 = 0, part = 0, plain = true
        for b in cleaned.utf8 {
            if b >= 0x30 && b <= 0x39 {
                let d = Int(b - 0x30)
                switch part {
                case 0: n0 = n0 &* 10 &+ d; l0 += 1
                case 1: n1 = n1 &* 10 &+ d; l1 += 1
                default: n2 = n2 &* 10 &+ d; l2 += 1
                }
            } else if (b == 0x2F || b == 0x2D || b == 0x2E) && part < 2 && (part == 0 ? l0 : l1) > 0 {
                part += 1
            } else {
                plain = false
                break
            }
        }
        if plain && part == 2 && (1...2).contains(l0) && (1...2).contains(l1) && l2 == 4 {
            guard let date = LocalDate(year: n2, month: n1, day: n0) else { return nil }
            return isoText(date)
        }
        return LocalDate(vietnamese: cleaned).map(isoText)
    }

    static func isoText(_ date: LocalDate) -> String {
        // yyyy-MM-dd: 10 ASCII bytes, written in place.
        String(unsafeUninitializedCapacity: 10) { out in
            func digits(_ value: Int, _ count: Int, at start: Int) {
                var v = value
                for k in stride(from: start + count - 1, through: start, by: -1) { out[k] = UInt8(0x30 + v % 10); v /= 10 }
            }
            digits(date.year, 4, at: 0); out[4] = 0x2D; digits(date.month, 2, at: 5); out[7] = 0x2D; digits(date.day, 2, at: 8)
            return 10
        }
    }

    // MARK: folding

    /// What one simple non-ASCII scalar folds to: nothing, a space, or text.
    private enum Folded { case drop, space, text([UInt8]) }

    /// The fold of every simple non-ASCII scalar, worked out once with ``TextFolding``'s own rule.
    private static let foldTable: [UInt32: Folded] = {
        var table: [UInt32: Folded] = [:]
        for v in Array(0x80...0x24F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
            var out: [UInt8] = []
            var isSpace = false
            for s in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars {
                switch s.value {
                case 0x0300...0x036F: continue
                case 0x0000...0x0008, 0x000B, 0x000C, 0x000E...0x001F, 0x007F: continue
                case 0x0110, 0x0111: out.append(UInt8(ascii: "d"))
                default:
                    if s.properties.isWhitespace { isSpace = true } else { out.append(contentsOf: Array(String(s).lowercased().utf8)) }
                }
            }
            table[UInt32(v)] = isSpace ? .space : (out.isEmpty ? .drop : .text(out))
        }
        return table
    }()

    /// ``TextFolding/fold(_:)``.
    static func fold(_ text: String) -> String {
        fold(joining: text)
    }

    /// ``TextFolding/fold(_:)`` of the parts joined by spaces, without building the joined text (the search text of
    /// a row).
    static func fold(joining parts: String...) -> String {
        var out: [UInt8] = []
        var capacity = 0
        for part in parts { capacity += part.utf8.count + 1 }
        out.reserveCapacity(capacity)
        var lastWasSpace = true
        for (k, part) in parts.enumerated() {
            if k > 0 {
                if !lastWasSpace { out.append(0x20) }
                lastWasSpace = true
            }
            guard foldSimple(part, into: &out, lastWasSpace: &lastWasSpace) else {
                return TextFolding.fold(parts.joined(separator: " "))
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the fold of a simple `text` to `out`; false when the text is not simple (nothing useful was appended).
    private static func foldSimple(_ text: String, into out: inout [UInt8], lastWasSpace: inout Bool) -> Bool {
        var fallback = false
        let table = foldTable
        let simple = simpleScalars(text) { scalar, _, _ in
            if scalar < 0x80 {
                let b = UInt8(scalar)
                switch b {
                case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F: return
                case 0x09, 0x0A, 0x0D, 0x20:
                    if !lastWasSpace { out.append(0x20) }
                    lastWasSpace = true
                case 0x41...0x5A:
                    out.append(b + 0x20)
                    lastWasSpace = false
                default:
                    out.append(b)
                    lastWasSpace = false
                }
                return
            }
            switch table[scalar] {
            case .drop?: return
            case .space?:
                if !lastWasSpace { out.append(0x20) }
                lastWasSpace = true
            case .text(let bytes)?:
                out.append(contentsOf: bytes)
                lastWasSpace = false
            case nil:
                fallback = true
            }
        }
        return simple && !fallback
    }
}
