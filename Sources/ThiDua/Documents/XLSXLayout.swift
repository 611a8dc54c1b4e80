import Foundation

// MARK: - Layout estimates

enum XLSXLayout {
    static let minAutoWidth = 6
    static let maxAutoWidth = 50

    static func clampWidth(_ width: Double) -> Double {
        guard width.isFinite else { return 10 }
        return min(max(width, 0), 255)
    }

    /// The longest line of `text` in characters, counting no further than `cap`.
    static func longestLine(_ text: String, cap: Int) -> Int {
        var longest = 0, current = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                current = 0
                continue
            }
            if (0x0300...0x036F).contains(scalar.value) { continue }  // a combining mark adds no width
            current += 1
            if current > longest {
                longest = current
                if longest >= cap { return cap }
            }
        }
        return longest
    }

    /// The length of a number shown with thousands separators (and up to three decimals).
    static func groupedLength(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        let whole = String(Int64(min(abs(value), 9e15).rounded(.down)))
        var length = whole.count + (whole.count - 1) / 3 + (value < 0 ? 1 : 0)
        if value != value.rounded() { length += 4 }
        return length
    }

    /// Characters of 11 pt Times New Roman per character unit of width (the unit is the width of "0"; an average
    /// letter is narrower, a bold one wider), measured against LibreOffice's wrapping.
    static let charactersPerUnit = 1.05
    static let boldCharactersPerUnit = 0.95
    /// The most lines a row is sized for (Excel's highest row is 409 pt).
    static let maxLines = 30

    /// Points for a row of `lines` lines of 11 pt text.
    static func rowHeight(lines: Int) -> String {
        XLSXNumbers.format((Double(min(lines, maxLines)) * 13.2 + 2).rounded()) ?? "15"
    }

    /// The lines `text` wraps to in a cell `width` units wide, breaking at spaces as the readers do (a word longer
    /// than a line is cut), and at every line break.
    static func wrappedLines(_ text: String, width: Double, bold: Bool = false) -> Int {
        let perLine = max(Int((width - 0.5) * (bold ? boldCharactersPerUnit : charactersPerUnit)), 1)
        var lines = 0
        var line = 0  // characters on the current line
        var word = 0  // characters of the word being read
        func endWord() {
            guard word > 0 else { return }
            if line > 0, line + 1 + word <= perLine {
                line += 1 + word
            } else {
                if line > 0 { lines += 1 }
                lines += (word - 1) / perLine  // the full lines a long word fills
                line = (word - 1) % perLine + 1
            }
            word = 0
        }
        for scalar in text.unicodeScalars {
            if lines >= maxLines { return maxLines }
            switch scalar {
            case "\n":
                endWord()
                lines += 1
                line = 0
            case " ", "\t":
                endWord()
            case "\r":
                continue
            default:
                if !(0x0300...0x036F).contains(scalar.value) { word += 1 }
            }
        }
        endWord()
        return min(max(lines + 1, 1), maxLines)
    }
}

// MARK: - Styles (indexes into cellXfs in styles.xml)

enum XLSXStyle {
    static let header = 1
    static let date = 2
    static let percent = 3
    static let text = 4
    static let integer = 5
    static let decimal = 6
    static let plain = 7
    static let totalText = 8
    static let totalInteger = 9
    static let totalDecimal = 10
    static let totalPercent = 11
    static let note = 12

    /// `#,##0` for a whole number, `#,##0.0##` otherwise.
    static func number(_ value: Double, total: Bool) -> Int {
        let whole = value == value.rounded()
        return total ? (whole ? totalInteger : totalDecimal) : (whole ? integer : decimal)
    }
}
