import Foundation
import ZIPFoundation

// A small .xlsx (Office Open XML spreadsheet) writer: inline strings, numbers, dates, percents,
// a bold, filled, frozen header row with an autofilter, column widths, A4 page setup.
//
// Everything is a value type and `Sendable`; there is no global mutable state. Two ways in:
//   * `XLSXWriter.write([XLSXSheet], title:author:)` when the rows are already in memory;
//   * `XLSXWorkbookBuilder` to append rows one at a time (e.g. while reading a query), so that only the
//     encoded sheet XML, not the rows, is kept until `finish()` zips it.

// MARK: - Public model

/// A calendar date without time or time zone. Written to Excel as a serial day number with a `dd/mm/yyyy`
/// format. A date Excel cannot show (before 1900-01-01, after 9999-12-31, or not a real day) is written as text.
struct XLSXDate: Sendable, Hashable {
    let year: Int
    let month: Int
    let day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

enum XLSXCell: Sendable {
    case text(String)
    case number(Double)
    case integer(Int)
    case date(XLSXDate)
    /// A fraction shown as a percent with one decimal: `.percent(0.853)` shows "85.3%".
    case percent(Double)
    case empty
}

struct XLSXColumn: Sendable {
    let title: String
    /// Width in Excel character units (the width of "0" in the default font); clamped to 0...255.
    let width: Double

    init(title: String, width: Double) {
        self.title = title
        self.width = width
    }
}

struct XLSXSheet: Sendable {
    /// Requested name; sanitised when written (≤ 31 characters, none of `[ ] : * ? / \`, unique, not empty).
    var name: String
    /// Header titles and widths. With no columns there is no header row (nor freeze pane or autofilter).
    var columns: [XLSXColumn]
    /// Data rows (below the header). A row may be shorter or longer than `columns`.
    var rows: [[XLSXCell]]
    /// Freeze the header row so it stays visible when scrolling.
    var freezeHeader = true
}

enum XLSXError: Error, Sendable, CustomStringConvertible {
    case noSheets
    case noOpenSheet
    case tooManyRows(sheet: String)
    case tooManyColumns(sheet: String)
    case archive(String)

    var description: String {
        switch self {
        case .noSheets: "xlsx: a workbook needs at least one sheet"
        case .noOpenSheet: "xlsx: appendRow called before addSheet"
        case .tooManyRows(let sheet): "xlsx: sheet \"\(sheet)\" has more than \(XLSXWriter.maxRows) rows"
        case .tooManyColumns(let sheet): "xlsx: sheet \"\(sheet)\" has more than \(XLSXWriter.maxColumns) columns"
        case .archive(let message): "xlsx: could not build the ZIP archive: \(message)"
        }
    }
}

enum XLSXWriter {
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    /// Excel's limit on the text in one cell, in UTF-16 code units; longer text is cut.
    static let maxCellTextLength = 32_767
    static let maxSheetNameLength = 31

    /// Builds a complete .xlsx file in memory. `created` goes into docProps/core.xml and the ZIP entry dates.
    static func write(_ sheets: [XLSXSheet], title: String, author: String, created: Date = Date()) throws -> Data {
        guard !sheets.isEmpty else { throw XLSXError.noSheets }
        var builder = XLSXWorkbookBuilder(title: title, author: author, created: created)
        for sheet in sheets {
            try builder.addSheet(name: sheet.name, columns: sheet.columns, freezeHeader: sheet.freezeHeader)
            for row in sheet.rows {
                try builder.appendRow(row)
            }
        }
        return try builder.finish()
    }
}

// MARK: - Streaming builder

/// Appends sheets and rows one at a time; each row is encoded to XML at once and its cells dropped.
struct XLSXWorkbookBuilder: Sendable {
    private let title: String
    private let author: String
    private let created: Date
    private var finished: [SheetPart] = []
    private var current: SheetPart?

    init(title: String, author: String, created: Date = Date()) {
        self.title = title
        self.author = author
        self.created = created
    }

    /// Starts a new sheet (finishing the previous one) and writes its header row.
    mutating func addSheet(name: String, columns: [XLSXColumn], freezeHeader: Bool = true) throws {
        if let sheet = current { finished.append(sheet) }
        current = nil
        guard columns.count <= XLSXWriter.maxColumns else { throw XLSXError.tooManyColumns(sheet: name) }
        let taken = finished.map { $0.name }
        let safeName = XLSXNames.sheetName(name, index: finished.count, taken: taken)
        var sheet = SheetPart(name: safeName, columns: columns, freezeHeader: freezeHeader)
        if !columns.isEmpty {
            sheet.rowCount = 1
            sheet.usedColumns = columns.count
            var xml = XMLBytes()
            xml.append("<row r=\"1\">")
            for (index, column) in columns.enumerated() {
                let ref = XLSXNames.columnLetters(index) + "1"
                xml.append("<c r=\"\(ref)\" s=\"\(XLSXStyle.header)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                xml.appendEscaped(column.title, cellText: true)
                xml.append("</t></is></c>")
            }
            xml.append("</row>")
            sheet.body = xml.bytes
        }
        current = sheet
    }

    /// Appends one data row to the current sheet.
    mutating func appendRow(_ cells: [XLSXCell]) throws {
        guard var sheet = current else { throw XLSXError.noOpenSheet }
        current = nil  // keep `sheet.body` uniquely referenced while it grows
        defer { current = sheet }
        guard sheet.rowCount < XLSXWriter.maxRows else { throw XLSXError.tooManyRows(sheet: sheet.name) }
        guard cells.count <= XLSXWriter.maxColumns else { throw XLSXError.tooManyColumns(sheet: sheet.name) }
        sheet.rowCount += 1
        sheet.usedColumns = max(sheet.usedColumns, cells.count)
        let rowNumber = String(sheet.rowCount)
        var xml = XMLBytes(sheet.body)
        sheet.body = []
        xml.append("<row r=\"")
        xml.append(rowNumber)
        xml.append("\">")
        for (index, cell) in cells.enumerated() {
            xml.appendCell(cell, column: index, row: rowNumber)
        }
        xml.append("</row>")
        sheet.body = xml.bytes
    }

    /// Zips the workbook. The builder can still be used afterwards (e.g. to add rows and finish again).
    func finish() throws -> Data {
        var sheets = finished
        if let sheet = current { sheets.append(sheet) }
        guard !sheets.isEmpty else { throw XLSXError.noSheets }

        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(data: Data(), accessMode: .create)
        } catch {
            throw XLSXError.archive("\(error)")
        }
        func add(_ path: String, _ pieces: [[UInt8]]) throws {
            do {
                try XLSXZip.addEntry(archive, path: path, pieces: pieces, date: created)
            } catch {
                throw XLSXError.archive("\(path): \(error)")
            }
        }
        try add("[Content_Types].xml", [XLSXParts.contentTypes(sheetCount: sheets.count)])
        try add("_rels/.rels", [XLSXParts.rootRels])
        try add("docProps/core.xml", [XLSXParts.core(title: title, author: author, created: created)])
        try add("docProps/app.xml", [XLSXParts.app(sheetNames: sheets.map(\.name))])
        try add("xl/workbook.xml", [XLSXParts.workbook(sheets)])
        try add("xl/_rels/workbook.xml.rels", [XLSXParts.workbookRels(sheetCount: sheets.count)])
        try add("xl/styles.xml", [XLSXParts.styles])
        for (index, sheet) in sheets.enumerated() {
            let (head, tail) = XLSXParts.sheetHeadAndTail(sheet, selected: index == 0)
            try add("xl/worksheets/sheet\(index + 1).xml", [head, sheet.body, tail])
        }
        guard let data = archive.data else { throw XLSXError.archive("no data") }
        return data
    }
}

/// One sheet while it is being built: its final name and the XML of its `<row>` elements.
private struct SheetPart: Sendable {
    let name: String
    let columns: [XLSXColumn]
    let freezeHeader: Bool
    var body: [UInt8] = []
    var rowCount = 0
    var usedColumns = 0

    init(name: String, columns: [XLSXColumn], freezeHeader: Bool) {
        self.name = name
        self.columns = columns
        self.freezeHeader = freezeHeader
    }

    var hasHeader: Bool { !columns.isEmpty }
}

// MARK: - Styles (indexes into cellXfs in styles.xml)

private enum XLSXStyle {
    static let header = 1
    static let date = 2
    static let percent = 3
}

// MARK: - XML byte buffer

private struct XMLBytes {
    var bytes: [UInt8]

    init(_ bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    mutating func appendCell(_ cell: XLSXCell, column: Int, row: String) {
        switch cell {
        case .empty:
            return
        case .text(let text):
            guard !text.isEmpty else { return }
            openCell(column, row, style: nil, type: "inlineStr")
            append("<is><t xml:space=\"preserve\">")
            appendEscaped(text, cellText: true)
            append("</t></is></c>")
        case .integer(let value):
            openCell(column, row, style: nil, type: nil)
            append("<v>")
            append(String(value))
            append("</v></c>")
        case .number(let value):
            guard let text = XLSXNumbers.format(value) else { return }
            openCell(column, row, style: nil, type: nil)
            append("<v>")
            append(text)
            append("</v></c>")
        case .percent(let value):
            guard let text = XLSXNumbers.format(value) else { return }
            openCell(column, row, style: XLSXStyle.percent, type: nil)
            append("<v>")
            append(text)
            append("</v></c>")
        case .date(let date):
            if let serial = XLSXDates.serial(date) {
                openCell(column, row, style: XLSXStyle.date, type: nil)
                append("<v>")
                append(String(serial))
                append("</v></c>")
            } else {
                openCell(column, row, style: nil, type: "inlineStr")
                append("<is><t xml:space=\"preserve\">")
                appendEscaped(XLSXDates.text(date), cellText: true)
                append("</t></is></c>")
            }
        }
    }

    private mutating func openCell(_ column: Int, _ row: String, style: Int?, type: String?) {
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
        append(">")
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

// MARK: - Names and references

private enum XLSXNames {
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

private enum XLSXNumbers {
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

private enum XLSXDates {
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

// MARK: - Package parts

private enum XLSXParts {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func escaped(_ text: String) -> String {
        var xml = XMLBytes()
        xml.appendEscaped(text, cellText: false)
        return String(decoding: xml.bytes, as: UTF8.self)
    }

    static func contentTypes(sheetCount: Int) -> [UInt8] {
        var s = declaration
        s += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for n in 1...sheetCount {
            s += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" "
            s += "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        s += "<Override PartName=\"/xl/styles.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        s += "<Override PartName=\"/docProps/core.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        s += "<Override PartName=\"/docProps/app.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        s += "</Types>"
        return Array(s.utf8)
    }

    static let rootRels: [UInt8] = Array((declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" "
        + "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
        + "Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relNS)/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>").utf8)

    static func core(title: String, author: String, created: Date) -> [UInt8] {
        let when = XLSXDates.w3cdtf(created)
        var s = declaration
        s += "<cp:coreProperties "
        s += "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        s += "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        s += "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
        s += "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        s += "<dc:title>\(escaped(title))</dc:title>"
        s += "<dc:creator>\(escaped(author))</dc:creator>"
        s += "<cp:lastModifiedBy>\(escaped(author))</cp:lastModifiedBy>"
        s += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:created>"
        s += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:modified>"
        s += "</cp:coreProperties>"
        return Array(s.utf8)
    }

    static func app(sheetNames: [String]) -> [UInt8] {
        var s = declaration
        s += "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        s += "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        s += "<Application>Thi Đua Số</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        s += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\">"
        s += "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        s += "<vt:variant><vt:i4>\(sheetNames.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        s += "<TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">"
        for name in sheetNames { s += "<vt:lpstr>\(escaped(name))</vt:lpstr>" }
        s += "</vt:vector></TitlesOfParts>"
        s += "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        s += "<HyperlinksChanged>false</HyperlinksChanged>"
        s += "</Properties>"
        return Array(s.utf8)
    }

    static func workbook(_ sheets: [SheetPart]) -> [UInt8] {
        var s = declaration
        s += "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        s += "<workbookPr/>"
        s += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            s += "<sheet name=\"\(escaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        s += "</sheets>"
        var names = ""
        for (index, sheet) in sheets.enumerated() where sheet.hasHeader {
            let quoted = escaped(XLSXNames.quotedForFormula(sheet.name))
            let last = XLSXNames.columnLetters(sheet.columns.count - 1)
            names += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
            names += "\(quoted)!$A$1:$\(last)$\(sheet.rowCount)</definedName>"
            names += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(quoted)!$1:$1</definedName>"
        }
        if !names.isEmpty { s += "<definedNames>\(names)</definedNames>" }
        s += "</workbook>"
        return Array(s.utf8)
    }

    static func workbookRels(sheetCount: Int) -> [UInt8] {
        var s = declaration
        s += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for n in 1...sheetCount {
            s += "<Relationship Id=\"rId\(n)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        s += "</Relationships>"
        return Array(s.utf8)
    }

    /// cellXfs: 0 default, 1 header (bold, light blue fill, thin bottom border, wrapped, centred
    /// vertically), 2 date `dd/mm/yyyy`, 3 percent `0.0%`. Keep in step with `XLSXStyle`.
    static let styles: [UInt8] = Array((declaration
        + "<styleSheet xmlns=\"\(mainNS)\">"
        + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        + "<numFmt numFmtId=\"165\" formatCode=\"0.0%\"/></numFmts>"
        + "<fonts count=\"2\">"
        + "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "</fonts>"
        + "<fills count=\"3\">"
        + "<fill><patternFill patternType=\"none\"/></fill>"
        + "<fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/>"
        + "</patternFill></fill>"
        + "</fills>"
        + "<borders count=\"2\">"
        + "<border><left/><right/><top/><bottom/><diagonal/></border>"
        + "<border><left/><right/><top/><bottom style=\"thin\"><color indexed=\"64\"/></bottom><diagonal/></border>"
        + "</borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"4\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" "
        + "applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"center\" wrapText=\"1\"/></xf>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "<dxfs count=\"0\"/>"
        + "<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" defaultPivotStyle=\"PivotStyleLight16\"/>"
        + "</styleSheet>").utf8)

    /// Everything before the rows (through `<sheetData>`) and after them (from `</sheetData>`).
    static func sheetHeadAndTail(_ sheet: SheetPart, selected: Bool) -> ([UInt8], [UInt8]) {
        let lastColumn = max(sheet.usedColumns, 1)
        let lastRow = max(sheet.rowCount, 1)
        let dimension = sheet.rowCount == 0 ? "A1" : "A1:\(XLSXNames.columnLetters(lastColumn - 1))\(lastRow)"
        let frozen = sheet.hasHeader && sheet.freezeHeader
        // Landscape when the columns are wider than a portrait A4 page holds (~90 characters).
        let totalWidth = sheet.columns.reduce(0) { $0 + clampWidth($1.width) }
        let landscape = totalWidth > 90

        var head = declaration
        head += "<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        head += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        head += "<dimension ref=\"\(dimension)\"/>"
        head += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        if frozen {
            head += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            head += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        }
        head += "</sheetView></sheetViews>"
        head += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columns.isEmpty {
            head += "<cols>"
            for (index, column) in sheet.columns.enumerated() {
                let width = XLSXNumbers.format(clampWidth(column.width)) ?? "10"
                head += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            head += "</cols>"
        }
        head += "<sheetData>"

        var tail = "</sheetData>"
        if sheet.hasHeader {
            tail += "<autoFilter ref=\"A1:\(XLSXNames.columnLetters(sheet.columns.count - 1))\(lastRow)\"/>"
        }
        tail += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        tail += "<pageSetup paperSize=\"9\" orientation=\"\(landscape ? "landscape" : "portrait")\" "
        tail += "fitToWidth=\"1\" fitToHeight=\"0\"/>"
        tail += "</worksheet>"
        return (Array(head.utf8), Array(tail.utf8))
    }

    private static func clampWidth(_ width: Double) -> Double {
        guard width.isFinite else { return 10 }
        return min(max(width, 0), 255)
    }
}

// MARK: - ZIP

private enum XLSXZip {
    /// Adds one deflated file entry whose content is the concatenation of `pieces`, without joining them.
    static func addEntry(_ archive: ZIPFoundation.Archive, path: String, pieces: [[UInt8]], date: Date) throws {
        let total = pieces.reduce(0) { $0 + $1.count }
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(total), modificationDate: date,
            compressionMethod: .deflate,
            provider: { position, size in
                var out = Data(capacity: size)
                var offset = Int(position)
                var remaining = size
                for piece in pieces {
                    if remaining == 0 { break }
                    if offset >= piece.count {
                        offset -= piece.count
                        continue
                    }
                    let n = min(piece.count - offset, remaining)
                    piece.withUnsafeBufferPointer {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[offset..<offset + n]))
                    }
                    remaining -= n
                    offset = 0
                }
                return out
            })
    }
}
