import Foundation

// The model of `XLSXWriter`: dates, cells, columns, sheets, errors, and the one-shot writer.

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

/// One cell. Text wraps within its column; numbers are stored as numbers (sums work in Excel) and shown with
/// thousands separators (`#,##0`: 2.340.000 in a Vietnamese Excel, 2,340,000 in an English one).
enum XLSXCell: Sendable {
    case text(String)
    /// `#,##0` when whole, `#,##0.0##` otherwise (12,5).
    case number(Double)
    /// `#,##0`.
    case integer(Int)
    /// A number shown as it is, without thousands separators: a year, a code.
    case plainNumber(Double)
    case date(XLSXDate)
    /// A fraction shown as a percent with one decimal: `.percent(0.853)` shows "85.3%".
    case percent(Double)
    /// A formula (without the leading "="), e.g. `SUM(D2:D21)`, and its value computed here, which readers show
    /// until they recalculate (LibreOffice does not recalculate an .xlsx on load by default).
    case formula(String, cached: Double)
    case empty
}

struct XLSXColumn: Sendable {
    let title: String
    /// Width in Excel character units (the width of "0" in the default font); clamped to 0...255. Nil: from the
    /// content, the longest line of the column's cells (and the longest word of its title), between 6 and 50.
    let width: Double?

    init(title: String, width: Double? = nil) {
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
    /// Columns (0-based) summed in a totals row under the data (`SUM` formulas with their values), labelled
    /// `totalLabel` in the first column that is not summed. Empty: no totals row.
    var totalColumns: [Int] = []
    var totalLabel = ""
    /// A note under the table, across all its columns (e.g. why the list is empty).
    var note: String?
    /// Printed at the top of every page (default: the workbook's title).
    var heading: String?

    init(name: String, columns: [XLSXColumn], rows: [[XLSXCell]], freezeHeader: Bool = true) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.freezeHeader = freezeHeader
    }
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
            try builder.addSheet(name: sheet.name, columns: sheet.columns, freezeHeader: sheet.freezeHeader, heading: sheet.heading)
            for row in sheet.rows {
                try builder.appendRow(row)
            }
            if !sheet.totalColumns.isEmpty { try builder.appendSumRow(label: sheet.totalLabel, columns: sheet.totalColumns) }
            if let note = sheet.note { try builder.appendNote(note) }
        }
        return try builder.finish()
    }
}
