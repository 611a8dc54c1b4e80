import Foundation
import ZIPFoundation

// A small .xlsx (Office Open XML spreadsheet) writer made for offices that print: Times New Roman, text that
// wraps in bordered cells, thousands separators, a bold header row that is frozen, filtered and repeated on
// every printed page, column widths from the caller or from the content, a totals row with SUM formulas, a note
// row, A4 fitted to the page width (landscape when the table is wide), the title and page numbers printed.
//
// Everything is a value type and `Sendable`; there is no global mutable state. Two ways in:
//   * `XLSXWriter.write([XLSXSheet], title:author:)` when the rows are already in memory;
//   * `XLSXWorkbookBuilder` to append rows one at a time (e.g. while reading a query), so that only the
//     encoded sheet XML, not the rows, is kept until `finish()` zips it.
//
// Row heights are not written (except for the note row, whose cells are merged): Excel and LibreOffice size a row
// to its wrapped text when it has no fixed height.

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

    /// Starts a new sheet (finishing the previous one) and writes its header row. `heading` is printed at the top
    /// of every page (default: the workbook's title).
    mutating func addSheet(name: String, columns: [XLSXColumn], freezeHeader: Bool = true, heading: String? = nil) throws {
        if let sheet = current { finished.append(sheet) }
        current = nil
        guard columns.count <= XLSXWriter.maxColumns else { throw XLSXError.tooManyColumns(sheet: name) }
        let taken = finished.map { $0.name }
        let safeName = XLSXNames.sheetName(name, index: finished.count, taken: taken)
        var sheet = SheetPart(name: safeName, columns: columns, freezeHeader: freezeHeader, heading: heading ?? title)
        if !columns.isEmpty {
            // The header row itself is written by `finish()`, when the widths (and so its height) are known.
            sheet.rowCount = 1
            sheet.usedColumns = columns.count
        }
        current = sheet
    }

    /// Appends one data row to the current sheet. Cells missing up to the header's width are written empty (with
    /// their borders).
    mutating func appendRow(_ cells: [XLSXCell]) throws {
        try append(cells, kind: .data)
    }

    /// Appends a totals row (bold, a heavier line above) with the caller's cells, e.g. a `.formula` with its value.
    mutating func appendTotalRow(_ cells: [XLSXCell]) throws {
        try append(cells, kind: .total)
    }

    /// Appends a totals row: `label` in the first column not summed, and in each of `columns` (0-based) the SUM of
    /// the data rows written so far, with its value.
    mutating func appendSumRow(label: String, columns: [Int]) throws {
        guard let sheet = current else { throw XLSXError.noOpenSheet }
        let summed = Set(columns.filter { $0 >= 0 && $0 < XLSXWriter.maxColumns })
        let width = max(sheet.columns.count, (summed.max() ?? -1) + 1)
        let labelColumn = (0..<max(width, 1)).first { !summed.contains($0) }
        let first = sheet.firstDataRow, last = sheet.lastDataRow
        var cells = [XLSXCell](repeating: .empty, count: width)
        if let labelColumn { cells[labelColumn] = .text(label) }
        for column in summed {
            let letters = XLSXNames.columnLetters(column)
            let value = column < sheet.sums.count ? sheet.sums[column] : 0
            cells[column] = last >= first ? .formula("SUM(\(letters)\(first):\(letters)\(last))", cached: value) : .integer(0)
        }
        try append(cells, kind: .total)
    }

    /// Appends a note across all the header's columns (merged, italic, wrapped), e.g. why a list is empty.
    mutating func appendNote(_ text: String) throws {
        guard var sheet = current else { throw XLSXError.noOpenSheet }
        current = nil
        defer { current = sheet }
        guard sheet.rowCount < XLSXWriter.maxRows else { throw XLSXError.tooManyRows(sheet: sheet.name) }
        sheet.rowCount += 1
        let width = max(sheet.columns.count, 1)
        sheet.usedColumns = max(sheet.usedColumns, width)
        let row = String(sheet.rowCount)
        // Merged cells are not sized to their text by Excel or LibreOffice: the height is estimated here.
        let lines = XLSXLayout.wrappedLines(text, width: sheet.columnWidths.reduce(0, +))
        let height = XLSXLayout.rowHeight(lines: lines)
        var xml = XMLBytes(sheet.body)
        sheet.body = []
        xml.append("<row r=\"\(row)\" ht=\"\(height)\" customHeight=\"1\">")
        xml.append("<c r=\"A\(row)\" s=\"\(XLSXStyle.note)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
        xml.appendEscaped(text, cellText: true)
        xml.append("</t></is></c>")
        for column in 1..<width { xml.append("<c r=\"\(XLSXNames.columnLetters(column))\(row)\" s=\"\(XLSXStyle.note)\"/>") }
        xml.append("</row>")
        sheet.body = xml.bytes
        if width > 1 { sheet.merges.append("A\(row):\(XLSXNames.columnLetters(width - 1))\(row)") }
    }

    private mutating func append(_ cells: [XLSXCell], kind: XLSXRowKind) throws {
        guard var sheet = current else { throw XLSXError.noOpenSheet }
        current = nil  // keep `sheet.body` uniquely referenced while it grows
        defer { current = sheet }
        guard sheet.rowCount < XLSXWriter.maxRows else { throw XLSXError.tooManyRows(sheet: sheet.name) }
        guard cells.count <= XLSXWriter.maxColumns else { throw XLSXError.tooManyColumns(sheet: sheet.name) }
        sheet.rowCount += 1
        let width = max(cells.count, sheet.columns.count)
        sheet.usedColumns = max(sheet.usedColumns, width)
        if kind == .data {
            if sheet.lastDataRow < sheet.firstDataRow { sheet.firstDataRow = sheet.rowCount }
            sheet.lastDataRow = sheet.rowCount
        }
        let rowNumber = String(sheet.rowCount)
        var xml = XMLBytes(sheet.body)
        sheet.body = []
        xml.append("<row r=\"")
        xml.append(rowNumber)
        xml.append("\"")
        // Readers do not size rows to wrapped text on opening (LibreOffice keeps the default height): the height
        // of the tallest cell is estimated here; without customHeight, Excel sizes the row anew once it is edited.
        var lines = 1
        for (index, cell) in cells.enumerated() {
            if case .text(let text) = cell { lines = max(lines, sheet.lines(text, column: index, bold: kind == .total)) }
        }
        if lines > 1 { xml.append(" ht=\"\(XLSXLayout.rowHeight(lines: lines))\"") }
        xml.append(">")
        for index in 0..<width {
            let cell = index < cells.count ? cells[index] : .empty
            xml.appendCell(cell, column: index, row: rowNumber, total: kind == .total)
            sheet.measure(cell, column: index, addToSum: kind == .data)
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

enum XLSXRowKind: Sendable { case data, total }

/// One sheet while it is being built: its final name, the XML of its `<row>` elements, and what the sheet's head
/// and tail need (the widest line and the sum of each column, the data rows, the merged note rows).
struct SheetPart: Sendable {
    let name: String
    let columns: [XLSXColumn]
    let freezeHeader: Bool
    let heading: String
    var body: [UInt8] = []
    var rowCount = 0
    var usedColumns = 0
    /// The first and last data rows (1-based; the header is row 1); `lastDataRow < firstDataRow` when there are none.
    var firstDataRow = 2
    var lastDataRow = 1
    /// Per column: the longest line of its cells (characters) and the sum of its data rows' numbers.
    var longest: [Int] = []
    var sums: [Double] = []
    var merges: [String] = []

    init(name: String, columns: [XLSXColumn], freezeHeader: Bool, heading: String = "") {
        self.name = name
        self.columns = columns
        self.freezeHeader = freezeHeader
        self.heading = heading
    }

    var hasHeader: Bool { !columns.isEmpty }
    var hasData: Bool { lastDataRow >= firstDataRow }

    mutating func measure(_ cell: XLSXCell, column: Int, addToSum: Bool) {
        guard column < 1024 else { return }  // widths and sums are kept for the first 1024 columns only
        if column >= longest.count {
            longest.append(contentsOf: repeatElement(0, count: column + 1 - longest.count))
            sums.append(contentsOf: repeatElement(0, count: column + 1 - sums.count))
        }
        let length: Int
        switch cell {
        case .text(let text): length = XLSXLayout.longestLine(text, cap: XLSXLayout.maxAutoWidth)
        case .integer(let value):
            length = XLSXLayout.groupedLength(Double(value))
            if addToSum { sums[column] += Double(value) }
        case .number(let value):
            length = XLSXLayout.groupedLength(value)
            if addToSum, value.isFinite { sums[column] += value }
        case .formula(_, let value): length = XLSXLayout.groupedLength(value)
        case .plainNumber(let value): length = (XLSXNumbers.format(value) ?? "").count
        case .date: length = 10
        case .percent: length = 6
        case .empty: length = 0
        }
        longest[column] = max(longest[column], length)
    }

    /// The lines `text` takes in `column`: wrapped at the caller's width; in a column sized from its content, at the
    /// least width the column can end up with (the text's longest line, up to the widest automatic column).
    func lines(_ text: String, column: Int, bold: Bool) -> Int {
        let declared = column < columns.count ? columns[column].width.map(XLSXLayout.clampWidth) : nil
        let width = declared ?? Double(min(XLSXLayout.longestLine(text, cap: XLSXLayout.maxAutoWidth) + 2, XLSXLayout.maxAutoWidth))
        return XLSXLayout.wrappedLines(text, width: width, bold: bold)
    }

    /// Row 1: the column titles, bold, as tall as the longest wrapped title.
    func headerRow(widths: [Double]) -> String {
        var lines = 1
        for (index, column) in columns.enumerated() where index < widths.count {
            lines = max(lines, XLSXLayout.wrappedLines(column.title, width: widths[index], bold: true))
        }
        var xml = XMLBytes()
        xml.append("<row r=\"1\"\(lines > 1 ? " ht=\"\(XLSXLayout.rowHeight(lines: lines))\"" : "")>")
        for (index, column) in columns.enumerated() {
            let ref = XLSXNames.columnLetters(index) + "1"
            xml.append("<c r=\"\(ref)\" s=\"\(XLSXStyle.header)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
            xml.appendEscaped(column.title, cellText: true)
            xml.append("</t></is></c>")
        }
        xml.append("</row>")
        return String(decoding: xml.bytes, as: UTF8.self)
    }

    /// The width of each header column: the caller's, else from the content and the title's longest word.
    var columnWidths: [Double] {
        columns.enumerated().map { index, column in
            if let width = column.width { return XLSXLayout.clampWidth(width) }
            let content = index < longest.count ? longest[index] : 0
            let word = column.title.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(\.count).max() ?? 0
            return Double(min(max(content, word, XLSXLayout.minAutoWidth - 2) + 2, XLSXLayout.maxAutoWidth))
        }
    }
}

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
