import Foundation

/// Reading and writing CSV the way Excel on Windows does it: UTF-8 with a byte-order mark, RFC 4180 quoting,
/// comma or semicolon separators (a Vietnamese Windows locale writes semicolons).
enum CSV {
    enum ReadError: Error, Equatable {
        case notUTF8
        case empty
        case unterminatedQuote(line: Int)
    }

    /// Parses a file into rows of fields. Accepts a leading BOM, CRLF or LF line ends, and quoted fields with
    /// separators, quotes and line breaks inside. Blank lines are skipped.
    static func parse(_ data: Data) throws(ReadError) -> [[String]] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .empty }
        let separator = detectSeparator(text)

        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var quoteStartLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endRow() {
            row.append(field)
            field = ""
            if !(row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                rows.append(row.map { $0.precomposedStringWithCanonicalMapping })
            }
            row = []
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                quoteStartLine = line
            } else if c == separator {
                row.append(field)
                field = ""
            } else if c == "\r" {
                if let n = next(), n != "\n" { pending = n }
                endRow()
                line += 1
            } else if c == "\n" {
                endRow()
                line += 1
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: quoteStartLine) }
        if !field.isEmpty || !row.isEmpty { endRow() }
        if rows.isEmpty { throw .empty }
        return rows
    }

    private static func detectSeparator(_ text: String) -> Unicode.Scalar {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let commas = firstLine.filter { $0 == "," }.count
        let semicolons = firstLine.filter { $0 == ";" }.count
        return semicolons > commas ? ";" : ","
    }

    /// Writes rows as CSV with the UTF-8 BOM and CRLF line ends, quoting where needed.
    static func write(header: [String], rows: [[String]]) -> Data {
        var out = "\u{FEFF}"
        for row in [header] + rows {
            out += row.map(quote).joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    static func quote(_ field: String) -> String {
        // A leading = + - @ would be run as a formula by Excel: prefix an apostrophe (CSV injection).
        var value = field
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}

/// One problem found in an imported file: row (1 = header), column, what is wrong.
struct ImportProblem: Sendable, Hashable, Codable {
    let row: Int
    let column: String
    let message: String
}
