import Foundation
import ZIPFoundation

// A small .xlsx (Office Open XML spreadsheet) writer: inline strings, numbers, dates, percents,
// a bold, filled, frozen header row with an autofilter, column widths, A4 page setup.
//
// Everything is a value type and `Sendable`; there is no global mutable state. Two ways in:
//   * `XLSXWriter.write([XLSXSheet], title:author:)` when the rows are already in memory;
//   * `XLSXWorkbookBuilder` to append rows one at a time (e.g. while reading a query), so that only the
//     encoded sheet XML, not the rows, is kept until `finish()` zips it.

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
struct SheetPart: Sendable {
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

enum XLSXStyle {
    static let header = 1
    static let date = 2
    static let percent = 3
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
