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
