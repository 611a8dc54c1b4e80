import Foundation

// MARK: - XML byte buffer

struct XMLBytes {
    var bytes: [UInt8]

    init(_ bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    mutating func appendCell(_ cell: XLSXCell, column: Int, row: String, total: Bool = false) {
        switch cell {
        case .empty:
            openCell(column, row, style: total ? XLSXStyle.totalText : XLSXStyle.text, type: nil, empty: true)
        case .text(let text):
            let style = total ? XLSXStyle.totalText : XLSXStyle.text
            guard !text.isEmpty else { return openCell(column, row, style: style, type: nil, empty: true) }
            openCell(column, row, style: style, type: "inlineStr")
            append("<is><t xml:space=\"preserve\">")
            appendEscaped(text, cellText: true)
            append("</t></is></c>")
        case .integer(let value):
            openCell(column, row, style: total ? XLSXStyle.totalInteger : XLSXStyle.integer, type: nil)
            append("<v>")
            append(String(value))
            append("</v></c>")
        case .number(let value):
            numeric(XLSXNumbers.format(value), style: XLSXStyle.number(value, total: total), column, row, total: total)
        case .plainNumber(let value):
            numeric(XLSXNumbers.format(value), style: total ? XLSXStyle.totalText : XLSXStyle.plain, column, row, total: total)
        case .percent(let value):
            numeric(XLSXNumbers.format(value), style: total ? XLSXStyle.totalPercent : XLSXStyle.percent, column, row, total: total)
        case .formula(let formula, let cached):
            openCell(column, row, style: XLSXStyle.number(cached.isFinite ? cached : 0, total: total), type: nil)
            append("<f>")
            appendEscaped(formula, cellText: false)
            append("</f>")
            if let text = XLSXNumbers.format(cached) {
                append("<v>")
                append(text)
                append("</v>")
            }
            append("</c>")
        case .date(let date):
            if let serial = XLSXDates.serial(date) {
                openCell(column, row, style: XLSXStyle.date, type: nil)
                append("<v>")
                append(String(serial))
                append("</v></c>")
            } else {
                openCell(column, row, style: total ? XLSXStyle.totalText : XLSXStyle.text, type: "inlineStr")
                append("<is><t xml:space=\"preserve\">")
                appendEscaped(XLSXDates.text(date), cellText: true)
                append("</t></is></c>")
            }
        }
    }

    /// A numeric cell; a value that is not finite leaves the cell empty (with its borders).
    private mutating func numeric(_ text: String?, style: Int, _ column: Int, _ row: String, total: Bool) {
        guard let text else {
            return openCell(column, row, style: total ? XLSXStyle.totalText : XLSXStyle.text, type: nil, empty: true)
        }
        openCell(column, row, style: style, type: nil)
        append("<v>")
        append(text)
        append("</v></c>")
    }

    private mutating func openCell(_ column: Int, _ row: String, style: Int?, type: String?, empty: Bool = false) {
        append("<c r=\"")
        append(XLSXNames.columnLetters(column))
        append(row)
        append("\"")
        if let style {
            append(" s=\"")
            append(String(style))
            append("\"")
        }
        if let type {
            append(" t=\"")
            append(type)
            append("\"")
        }
        append(empty ? "/>" : ">")
    }

    /// Appends `text` NFC-normalised, XML-escaped, without the characters XML 1.0 forbids.
    /// With `cellText`: CR LF and lone CR become LF, a literal `_xHHHH_` is protected from Excel's
    /// unescaping (`_` → `_x005F_`), and the text is cut at Excel's 32,767 UTF-16 units.
    mutating func appendEscaped(_ text: String, cellText: Bool) {
        let normalised = XMLBytes.needsNFC(text) ? text.precomposedStringWithCanonicalMapping : text
        let limit = cellText ? XLSXWriter.maxCellTextLength : Int.max
        let done: Void? = normalised.utf8.withContiguousStorageIfAvailable {
            escape($0, cellText: cellText, limit: limit)
        }
        if done == nil {
            let copy = Array(normalised.utf8)
            copy.withUnsafeBufferPointer { escape($0, cellText: cellText, limit: limit) }
        }
    }

    private mutating func escape(_ utf8: UnsafeBufferPointer<UInt8>, cellText: Bool, limit: Int) {
        let count = utf8.count
        var units = 0  // UTF-16 code units written so far
        var i = 0
        bytes.reserveCapacity(bytes.count + count + 16)
        while i < count {
            let byte = utf8[i]
            if byte < 0x80 {
                if units >= limit { return }
                units += 1
                switch byte {
                case 0x26: bytes.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
                case 0x3C: bytes.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
                case 0x3E: bytes.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
                case 0x22: bytes.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
                case 0x27: bytes.append(contentsOf: [0x26, 0x61, 0x70, 0x6F, 0x73, 0x3B])  // &apos;
                case 0x09, 0x0A:
                    bytes.append(byte)
                case 0x0D:
                    if cellText {
                        // CR LF → LF (the LF comes next); lone CR → LF.
                        if i + 1 < count, utf8[i + 1] == 0x0A { units -= 1 } else { bytes.append(0x0A) }
                    } else {
                        bytes.append(contentsOf: [0x26, 0x23, 0x31, 0x33, 0x3B])  // &#13;
                    }
                case 0x5F where cellText && XMLBytes.isExcelEscape(utf8, at: i):
                    bytes.append(contentsOf: Array("_x005F_".utf8))
                case 0x00..<0x20:
                    units -= 1  // forbidden in XML 1.0: dropped
                default:
                    bytes.append(byte)
                }
                i += 1
                continue
            }
            // A multi-byte scalar: its length from the lead byte (the String is valid UTF-8).
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let scalarUnits = length == 4 ? 2 : 1
            // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters.
            if length == 3, byte == 0xEF, i + 2 < count, utf8[i + 1] == 0xBF, utf8[i + 2] >= 0xBE {
                i += 3
                continue
            }
            if units + scalarUnits > limit { return }
            units += scalarUnits
            let end = min(i + length, count)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<end]))
            i = end
        }
    }

    /// `_xHHHH_` at `i` (Excel would read it as the character U+HHHH).
    private static func isExcelEscape(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 6 < utf8.count, utf8[i + 1] == 0x78, utf8[i + 6] == 0x5F else { return false }
        for j in (i + 2)...(i + 5) {
            let c = utf8[j]
            let isHex = (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
            if !isHex { return false }
        }
        return true
    }

    /// False when the text is certainly already NFC: every scalar is below U+0300 (no combining marks, no
    /// singletons) or in Latin Extended Additional U+1E00–U+1EFF (Vietnamese precomposed letters such as "ệ").
    /// Anything else goes through Foundation's normalisation.
    static func needsNFC(_ text: String) -> Bool {
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte < 0xCC { continue }  // ASCII, continuation bytes, and 2-byte leads of U+0080–U+02FF
            if byte == 0xE1, let next = iterator.next(), (0xB8...0xBB).contains(next) { continue }
            return true
        }
        return false
    }
}
