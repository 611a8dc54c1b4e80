import Foundation
import ZIPFoundation

/// Reads the parts of a generated .docx (a ZIP) in tests: `word/document.xml` as text.
enum SignerDocxReader {
    struct NotADocx: Error {}

    static func documentXML(_ data: Data) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        guard let entry = archive["word/document.xml"] else { throw NotADocx() }
        var bytes = Data()
        _ = try archive.extract(entry, consumer: { bytes.append($0) })
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The visible text of the body, paragraph by paragraph ("\n" between paragraphs).
    static func text(_ xml: String) -> String {
        var out = ""
        var rest = Substring(xml)
        while let open = rest.range(of: "<w:t") {
            // A paragraph ending before this run starts a new line.
            if rest[..<open.lowerBound].contains("</w:p>") { out += "\n" }
            guard let close = rest[open.upperBound...].range(of: ">") else { break }
            let tag = rest[open.lowerBound..<close.upperBound]
            rest = rest[close.upperBound...]
            guard tag.hasPrefix("<w:t>") || tag.hasPrefix("<w:t ") else { continue }
            guard let end = rest.range(of: "</w:t>") else { break }
            out += rest[..<end.lowerBound]
            rest = rest[end.upperBound...]
        }
        return out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
    }
}
