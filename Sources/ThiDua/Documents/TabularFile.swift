import Foundation

/// The one way an import reads an uploaded table: an Excel workbook (.xlsx) or a CSV file, told apart by the file's
/// first bytes (not its name): `PK\x03\x04` is a ZIP, so .xlsx; `D0 CF 11 E0` is an old .xls or a password-protected
/// workbook, refused with a message saying how to save it; anything else is read as CSV (`CSV.parse`: UTF-8 only,
/// with or without BOM, `,` or `;`).
///
/// Rows are given as read: not trimmed, not normalised to NFC for .xlsx (CSV.parse gives NFC), possibly ragged
/// and possibly all empty (an .xlsx keeps empty rows inside the table so that row `i` is the sheet's row `i + 1`;
/// CSV skips blank lines). The same limits apply to both: the file (CSV) or each part (.xlsx) at most
/// `maxPartBytes`, at most `maxRows` rows and `maxColumns` columns.
enum TabularFile {
    enum Format: Sendable, Equatable { case csv, xlsx, legacyExcel }

    enum ReadError: Error, Equatable, Sendable {
        case xlsx(XLSXReader.ReadError)
        case csv(CSV.ReadError)
        case fileTooLarge(limitBytes: Int)
        case tooManyRows(limit: Int)
        case tooManyColumns(limit: Int)
        case unreadable

        /// In Vietnamese, for the person who uploaded the file.
        var message: String {
            switch self {
            case .xlsx(let error): error.message
            case .csv(.notUTF8): XLSXReaderText.csvNotUTF8
            case .csv(.empty): XLSXReaderText.csvEmpty
            case .csv(.unterminatedQuote(let line)): String(format: XLSXReaderText.csvUnterminated, line)
            case .fileTooLarge(let limit): String(format: XLSXReaderText.fileTooLarge, max(1, limit / (1024 * 1024)))
            case .tooManyRows(let limit): XLSXReader.ReadError.tooManyRows(limit: limit).message
            case .tooManyColumns(let limit): XLSXReader.ReadError.tooManyColumns(limit: limit).message
            case .unreadable: XLSXReaderText.unreadableFile
            }
        }

        /// The line or row the problem is on (1-based), 0 for the whole file.
        var row: Int {
            if case .csv(.unterminatedQuote(let line)) = self { return line }
            return 0
        }
    }

    /// Which reader the first bytes of a file call for.
    static func format(of head: some Collection<UInt8>) -> Format {
        if head.starts(with: XLSXReader.zipMagic) { return .xlsx }
        if head.starts(with: XLSXReader.oleMagic.prefix(4)) { return .legacyExcel }
        return .csv
    }

    /// The rows of the file at `url`. `fileName` is the name the person gave it; it is not used to choose the reader
    /// (a CSV saved as .xlsx, or the reverse, is read by its content) and is kept for the callers' messages.
    static func rows(at url: URL, fileName: String, limits: XLSXReader.Limits = XLSXReader.Limits()) throws(ReadError) -> [[String]] {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch { throw .unreadable }
        defer { try? handle.close() }
        let head: Data
        do { head = try handle.read(upToCount: 8) ?? Data() } catch { throw .unreadable }
        switch format(of: head) {
        case .legacyExcel: throw .xlsx(.legacyOrEncrypted)
        case .xlsx:
            do { return try XLSXReader.rows(of: url, limits: limits) } catch { throw .xlsx(error) }
        case .csv:
            let data: Data
            do {
                try handle.seek(toOffset: 0)
                data = try handle.read(upToCount: limits.maxPartBytes + 1) ?? Data()
            } catch { throw .unreadable }
            return try csvRows(data, limits: limits)
        }
    }

    /// The rows of a file held in memory (e.g. a request's body).
    static func rows(data: Data, fileName: String, limits: XLSXReader.Limits = XLSXReader.Limits()) throws(ReadError) -> [[String]] {
        switch format(of: data.prefix(8)) {
        case .legacyExcel: throw .xlsx(.legacyOrEncrypted)
        case .xlsx:
            do { return try XLSXReader.rows(data: data, limits: limits) } catch { throw .xlsx(error) }
        case .csv: return try csvRows(data, limits: limits)
        }
    }

    private static func csvRows(_ data: Data, limits: XLSXReader.Limits) throws(ReadError) -> [[String]] {
        guard data.count <= limits.maxPartBytes else { throw .fileTooLarge(limitBytes: limits.maxPartBytes) }
        let rows: [[String]]
        do { rows = try CSV.parse(data) } catch { throw .csv(error) }
        guard rows.count <= limits.maxRows else { throw .tooManyRows(limit: limits.maxRows) }
        // Trailing empty fields (";;;" at the end of a line Excel pads) do not count as columns.
        for row in rows {
            let used = (row.lastIndex { !$0.isEmpty } ?? -1) + 1
            if used > limits.maxColumns { throw .tooManyColumns(limit: limits.maxColumns) }
        }
        return rows
    }
}
