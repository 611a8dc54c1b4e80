import Foundation
import ZIPFoundation

// Reads the first worksheet of an .xlsx file into rows of text, for imports. Nothing unbounded is held: each part
// is refused before it is extracted when its declared size is over the cap (and again while it is extracted, in
// case the declared size lies), the XML is parsed as a stream, and the rows and columns are capped.
//
// The sheet read is the first visible one in workbook order (xl/workbook.xml → its relationships → the part),
// else the first, else xl/worksheets/sheet1.xml. Values are given as Excel stores them, untrimmed and not
// normalised: shared and inline strings (rich-text runs joined), numbers as their shortest decimal ("0.6985",
// "1500"), dates (a cell whose number format shows a date) as "dd/MM/yyyy", booleans as "TRUE"/"FALSE", formulas as
// their cached value, errors as their text ("#DIV/0!"). Percentages stay fractions ("0.6985", not "69,85%").
// Row `i` of the result is the sheet's row `i + 1` (see `XLSXSheetParser`).

enum XLSXReader {
    struct Limits: Sendable, Hashable {
        /// The largest uncompressed part (worksheet, shared strings, styles, workbook) read, in bytes.
        var maxPartBytes: Int
        var maxRows: Int
        var maxColumns: Int

        init(maxPartBytes: Int = 32 * 1024 * 1024, maxRows: Int = 20_000, maxColumns: Int = 64) {
            self.maxPartBytes = maxPartBytes
            self.maxRows = maxRows
            self.maxColumns = maxColumns
        }
    }

    enum ReadError: Error, Equatable, Sendable {
        /// Not a ZIP archive, or a ZIP without a workbook.
        case notSpreadsheet
        /// An old .xls or a password-protected workbook (both are OLE compound files).
        case legacyOrEncrypted
        case partTooLarge(part: String, limitBytes: Int)
        case tooManyRows(limit: Int)
        case tooManyColumns(limit: Int)
        /// A part that is not well-formed XML, or a cell that points at a shared string that does not exist.
        case damaged(part: String)
        case noWorksheet

        /// In Vietnamese, for the person who uploaded the file.
        var message: String {
            switch self {
            case .notSpreadsheet: XLSXReaderText.notSpreadsheet
            case .legacyOrEncrypted: XLSXReaderText.legacyOrEncrypted
            case .partTooLarge(let part, let limit):
                String(format: XLSXReaderText.partTooLarge, part, max(1, limit / (1024 * 1024)))
            case .tooManyRows(let limit): String(format: XLSXReaderText.tooManyRows, limit)
            case .tooManyColumns(let limit): String(format: XLSXReaderText.tooManyColumns, limit)
            case .damaged(let part): String(format: XLSXReaderText.damaged, part)
            case .noWorksheet: XLSXReaderText.noWorksheet
            }
        }
    }

    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// The first worksheet of the .xlsx file at `fileURL`.
    static func rows(of fileURL: URL, limits: Limits = Limits()) throws(ReadError) -> [[String]] {
        let head = (try? FileHandle(forReadingFrom: fileURL)).map { handle in
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 8)) ?? Data()
        } ?? Data()
        try checkMagic([UInt8](head))
        let archive: Archive
        do { archive = try Archive(url: fileURL, accessMode: .read) } catch { throw .notSpreadsheet }
        return try rows(of: archive, limits: limits)
    }

    /// The first worksheet of an .xlsx file held in memory.
    static func rows(data: Data, limits: Limits = Limits()) throws(ReadError) -> [[String]] {
        try checkMagic([UInt8](data.prefix(8)))
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw .notSpreadsheet }
        return try rows(of: archive, limits: limits)
    }

    private static func checkMagic(_ head: [UInt8]) throws(ReadError) {
        if head.starts(with: oleMagic) { throw .legacyOrEncrypted }
        guard head.starts(with: zipMagic) else { throw .notSpreadsheet }
    }

    private static func rows(of archive: Archive, limits: Limits) throws(ReadError) -> [[String]] {
        let package = try locateParts(archive, limits: limits)

        var sharedStrings: [String] = []
        if let data = try extract(archive, package.sharedStrings, limits: limits) {
            let parser = XLSXSharedStringsParser(part: package.sharedStrings)
            try parser.run(data)
            sharedStrings = parser.strings
        }
        var dateStyles: [Bool] = []
        if let data = try extract(archive, package.styles, limits: limits) {
            let parser = XLSXStylesParser(part: package.styles)
            try parser.run(data)
            dateStyles = parser.dateStyles
        }
        guard let data = try extract(archive, package.sheet, limits: limits) else { throw .noWorksheet }
        let parser = XLSXSheetParser(part: package.sheet, sharedStrings: sharedStrings, dateStyles: dateStyles,
                                     date1904: package.date1904, limits: limits)
        try parser.run(data)
        return parser.rows
    }

    struct Package: Equatable {
        var sheet: String
        var sharedStrings = "xl/sharedStrings.xml"
        var styles = "xl/styles.xml"
        var date1904 = false
    }

    /// Where the first worksheet, the shared strings and the styles are, and the workbook's date system.
    static func locateParts(_ archive: Archive, limits: Limits) throws(ReadError) -> Package {
        var workbookPath = "xl/workbook.xml"
        if let data = try extract(archive, "_rels/.rels", limits: limits) {
            let rels = XLSXRelsParser(part: "_rels/.rels")
            try rels.run(data)
            if let target = rels.target(ofType: "officeDocument") { workbookPath = resolve(target, from: "") }
        }
        let fallback = Package(sheet: "xl/worksheets/sheet1.xml")
        guard let workbookData = try extract(archive, workbookPath, limits: limits) else {
            guard archive[fallback.sheet] != nil else { throw .notSpreadsheet }
            return fallback
        }
        let workbook = XLSXWorkbookParser(part: workbookPath)
        try workbook.run(workbookData)

        let folder = directory(of: workbookPath)
        let relsPath = folder + "_rels/" + String(workbookPath.dropFirst(folder.count)) + ".rels"
        let rels = XLSXRelsParser(part: relsPath)
        if let data = try extract(archive, relsPath, limits: limits) { try rels.run(data) }

        var package = fallback
        package.date1904 = workbook.date1904
        if let target = rels.target(ofType: "sharedStrings") { package.sharedStrings = resolve(target, from: folder) }
        if let target = rels.target(ofType: "styles") { package.styles = resolve(target, from: folder) }
        let worksheets = workbook.sheets.filter { rels.relationships[$0.relationship]?.type.hasSuffix("/worksheet") == true }
        if let sheet = worksheets.first(where: { !$0.hidden }) ?? worksheets.first,
           let target = rels.relationships[sheet.relationship]?.target {
            package.sheet = resolve(target, from: folder)
        }
        return package
    }

    /// The folder of a part, with its trailing slash ("xl/" for "xl/workbook.xml"; "" at the root).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// A relationship's target as a path in the archive: "/xl/a.xml" is absolute, "worksheets/sheet1.xml" and
    /// "../x.xml" are relative to `folder`.
    static func resolve(_ target: String, from folder: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : folder + target
        var parts: [Substring] = []
        for piece in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if piece == "." { continue }
            if piece == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(piece)
        }
        return parts.joined(separator: "/")
    }

    /// The bytes of one part, nil when the archive has no such file; refused when larger than the cap.
    static func extract(_ archive: Archive, _ path: String, limits: Limits) throws(ReadError) -> Data? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        let cap = limits.maxPartBytes
        guard entry.uncompressedSize <= UInt64(cap) else { throw .partTooLarge(part: path, limitBytes: cap) }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        var overflowed = false
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= cap else {
                    overflowed = true
                    throw CancellationError()
                }
                data.append(chunk)
            }
        } catch {
            if overflowed { throw .partTooLarge(part: path, limitBytes: cap) }
            throw .damaged(part: path)
        }
        return data
    }
}
