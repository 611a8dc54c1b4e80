import Crypto
import Foundation
import NIOPosix

/// Reads a CSV file piece by piece, the way ``CSV/parse(_:)`` reads a whole one: a leading BOM, `,` or `;` (whichever
/// the first line has more of), RFC 4180 quotes with separators, quotes and line breaks inside, CRLF, LF or CR line
/// ends, blank lines skipped. Bytes go in as they are read (``feed(_:)``), finished records come out
/// (``takeRecords()``), so a file of any size is never held whole: only the record being read and the records of the
/// last piece are in memory.
///
/// Fields are checked as UTF-8 one by one; the separators, quotes and line ends are ASCII, which never occurs inside a
/// multi-byte character, so this finds exactly the files that are not UTF-8. Fields are not normalised here: the
/// import cleans each value (NFC, trimmed) once, when it checks it.
struct CSVStreamReader {
    private static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
    private static let comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";")

    /// 0 until the first line has been seen.
    private(set) var separator: UInt8 = 0
    private var head: [UInt8] = []
    private var field: [UInt8] = []
    /// The fields of the record being read.
    private var row: [String] = []
    /// The records finished so far, their fields one after the other (no array a record).
    private var records = CSVRecords()
    private var inQuotes = false
    private var quotePending = false
    private var crPending = false
    /// Physical line (1-based), for the unclosed-quote message.
    private var line = 1
    private var quoteStartLine = 1
    private var failure: CSV.ReadError?

    init() {
        field.reserveCapacity(256)
        row.reserveCapacity(32)
    }

    /// The records finished so far, in order; they are handed over once.
    mutating func takeBatch() -> CSVRecords {
        defer { records = CSVRecords() }
        return records
    }

    /// ``takeBatch()`` as a list of fields a record.
    mutating func takeRecords() -> [[String]] {
        let batch = takeBatch()
        return (0..<batch.count).map { k in let r = batch[k]; return (0..<r.count).map { r[$0] } }
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(CSV.ReadError) {
        if let failure { throw failure }
        if separator == 0 {
            head.append(contentsOf: bytes)
            guard head.contains(where: { $0 == Self.cr || $0 == Self.lf }) else { return }
            try startBody()
            return
        }
        try scan(bytes)
    }

    mutating func feed(_ bytes: [UInt8]) throws(CSV.ReadError) {
        var error: CSV.ReadError?
        bytes.withUnsafeBytes { raw in
            do throws(CSV.ReadError) { try feed(raw) } catch let e { error = e }
        }
        if let error { throw error }
    }

    /// The end of the file: the last record, or why the file cannot be read.
    mutating func finish() throws(CSV.ReadError) {
        if let failure { throw failure }
        if separator == 0 { try startBody() }
        if quotePending { quotePending = false; inQuotes = false }
        if inQuotes { throw .unterminatedQuote(line: quoteStartLine) }
        if !field.isEmpty || !row.isEmpty { try endRow() }
    }

    /// The first line is known (or the file ended): pick the separator, drop the BOM, read what was kept.
    private mutating func startBody() throws(CSV.ReadError) {
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var commas = 0, semicolons = 0
        for b in head[start...] {
            if b == Self.cr || b == Self.lf { break }
            if b == Self.comma { commas += 1 } else if b == Self.semicolon { semicolons += 1 }
        }
        separator = semicolons > commas ? Self.semicolon : Self.comma
        let kept = Array(head[start...])
        head = []
        var error: CSV.ReadError?
        kept.withUnsafeBytes { raw in
            do throws(CSV.ReadError) { try scan(raw) } catch let e { error = e }
        }
        if let error { throw error }
    }

    private mutating func scan(_ raw: UnsafeRawBufferPointer) throws(CSV.ReadError) {
        let bytes = raw.bindMemory(to: UInt8.self)
        let n = bytes.count
        let sep = separator
        var i = 0
        while i < n {
            let b = bytes[i]
            if crPending {
                crPending = false
                if b == Self.lf { i += 1; continue }
            }
            if quotePending {
                quotePending = false
                if b == Self.quote { field.append(Self.quote); i += 1; continue }
                inQuotes = false
            }
            if inQuotes {
                var j = i
                while j < n, bytes[j] != Self.quote {
                    if bytes[j] == Self.lf { line += 1 }
                    j += 1
                }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                if j < n { quotePending = true; j += 1 }
                i = j
                continue
            }
            if b == Self.quote && field.isEmpty {
                inQuotes = true
                quoteStartLine = line
                i += 1
            } else if b == sep {
                try endField()
                i += 1
            } else if b == Self.cr {
                try endRow()
                line += 1
                crPending = true
                i += 1
            } else if b == Self.lf {
                try endRow()
                line += 1
                i += 1
            } else {
                var j = i + 1
                while j < n {
                    let c = bytes[j]
                    if c == sep || c == Self.cr || c == Self.lf || c == Self.quote { break }
                    j += 1
                }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<j]))
                i = j
            }
        }
    }

    private mutating func endField() throws(CSV.ReadError) {
        guard let text = String(validating: field, as: UTF8.self) else {
            failure = .notUTF8
            throw .notUTF8
        }
        row.append(text)
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRow() throws(CSV.ReadError) {
        try endField()
        if !(row.count == 1 && ImportCheck.isBlank(row[0])) { records.append(row) }
        row.removeAll(keepingCapacity: true)
    }
}

/// Records read by ``CSVStreamReader``: every field in one array, and where each record ends.
struct CSVRecords {
    private var fields: [String] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    subscript(k: Int) -> CSVRecord {
        CSVRecord(fields: fields, start: k == 0 ? 0 : ends[k - 1], end: ends[k])
    }

    fileprivate mutating func append(_ row: [String]) {
        fields.append(contentsOf: row)
        ends.append(fields.count)
    }
}

/// One record of ``CSVRecords``: its fields, numbered from 0.
struct CSVRecord {
    fileprivate let fields: [String]
    fileprivate let start: Int
    fileprivate let end: Int

    var count: Int { end - start }
    subscript(i: Int) -> String { fields[start + i] }
    var all: [String] { Array(fields[start..<end]) }

    /// True when some field from the `from`-th on is not blank.
    func hasContent(from: Int) -> Bool {
        var i = start + from
        while i < end {
            if !ImportCheck.isBlank(fields[i]) { return true }
            i += 1
        }
        return false
    }
}

/// A file to import, read in pieces on the blocking-work pool and hashed (SHA-256) as it is read.
struct ImportFile: Sendable {
    /// Where the bytes are (a temporary file of an upload, or the command's argument).
    let path: String
    /// The name shown in the audit log (the name the browser sent, or the command's argument).
    let name: String

    static let pieceBytes = 256 * 1024

    /// Calls `body` with each piece of the file, in order; returns the file's SHA-256 (hex) and size.
    func read(threadPool: NIOThreadPool, _ body: ([UInt8]) async throws -> Void) async throws -> (sha256: String, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ImportFailure.unreadable }
        defer { try? handle.close() }
        let box = HandleBox(handle: handle)
        var hasher = SHA256()
        var total = 0
        while true {
            let piece = try await threadPool.runIfActive { [UInt8](try box.handle.read(upToCount: Self.pieceBytes) ?? Data()) }
            if piece.isEmpty { break }
            total += piece.count
            hasher.update(data: piece)
            try await body(piece)
        }
        return (hasher.finalize().hexString, total)
    }

    private struct HandleBox: @unchecked Sendable { let handle: FileHandle }
}

enum ImportFailure: Error {
    case unreadable
}
