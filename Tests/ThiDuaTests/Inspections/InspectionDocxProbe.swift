import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads a generated .docx as a reader would (issue 15's documents): parses `word/document.xml` with a real XML parser
/// (so a document that would not open fails here) into paragraphs and tables with the properties the NĐ 30 checks look at.
struct InspectionDocxProbe {
    struct Paragraph {
        var text = ""
        /// Every run holding text is bold.
        var bold = true
        var hasText = false
        var italic = true
        /// `w:jc`, "left" when absent.
        var alignment = "left"
        /// The top-level table it sits in, and its row and cell there.
        var table: Int?
        var row = 0
        var cell = 0
    }

    struct Table {
        var rows: [[String]] = []
        /// Whether each row carries `w:tblHeader`.
        var header: [Bool] = []
        var bordered = false
    }

    let xml: String
    var paragraphs: [Paragraph] = []
    var tables: [Table] = []

    struct NotParsed: Error, CustomStringConvertible {
        let description: String
    }

    init(_ data: Data) throws {
        let archive = try Archive(data: data, accessMode: .read)
        guard let entry = archive["word/document.xml"] else { throw NotParsed(description: "no word/document.xml") }
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        xml = String(decoding: bytes, as: UTF8.self)
        let reader = Reader()
        let parser = XMLParser(data: bytes)
        parser.delegate = reader
        guard parser.parse() else {
            throw NotParsed(description: "document.xml is not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        paragraphs = reader.paragraphs
        tables = reader.tables
    }

    /// The first paragraph whose text contains `text`.
    func paragraph(containing text: String) -> Paragraph? { paragraphs.first { $0.text.contains(text) } }

    /// The whole visible text, a line per paragraph.
    var text: String { paragraphs.map(\.text).joined(separator: "\n") }

    /// The paragraphs of one table's cell.
    func cell(table: Int, row: Int, cell: Int) -> [Paragraph] {
        paragraphs.filter { $0.table == table && $0.row == row && $0.cell == cell }
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var paragraphs: [Paragraph] = []
        var tables: [Table] = []
        var stack: [String] = []
        var depth = 0  // table nesting
        var table: Int?
        var row = -1
        var cell = -1
        var current: Paragraph?
        var runBold = false
        var runItalic = false
        var runText = ""
        var inText = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let parent = stack.last
            stack.append(name)
            switch name {
            case "w:tbl":
                depth += 1
                if depth == 1 { tables.append(Table()); table = tables.count - 1; row = -1 }
            case "w:tr" where depth == 1:
                row += 1; cell = -1
                tables[tables.count - 1].rows.append([]); tables[tables.count - 1].header.append(false)
            case "w:tblHeader" where depth == 1:
                tables[tables.count - 1].header[row] = true
            case "w:tc" where depth == 1:
                cell += 1
                tables[tables.count - 1].rows[row].append("")
            case "w:top" where parent == "w:tblBorders" && depth == 1:
                tables[tables.count - 1].bordered = attributes["w:val"] != "none"
            case "w:p":
                current = Paragraph(table: depth > 0 ? table : nil, row: max(row, 0), cell: max(cell, 0))
            case "w:jc" where parent == "w:pPr":
                current?.alignment = attributes["w:val"] ?? "left"
            case "w:r":
                runBold = false; runItalic = false; runText = ""
            case "w:b" where parent == "w:rPr":
                runBold = attributes["w:val"].map { $0 != "0" && $0 != "false" } ?? true
            case "w:i" where parent == "w:rPr":
                runItalic = true
            case "w:t":
                inText = true
            case "w:br" where stack.dropLast().last == "w:r":
                runText += "\n"
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { runText += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            switch name {
            case "w:t": inText = false
            case "w:r":
                guard var p = current else { break }
                p.text += runText
                if !runText.trimmingCharacters(in: .whitespaces).isEmpty {
                    p.hasText = true
                    p.bold = p.bold && runBold
                    p.italic = p.italic && runItalic
                }
                current = p
            case "w:p":
                if let p = current {
                    paragraphs.append(p)
                    if depth == 1, row >= 0, cell >= 0 {
                        let old = tables[tables.count - 1].rows[row][cell]
                        tables[tables.count - 1].rows[row][cell] = old.isEmpty ? p.text : old + "\n" + p.text
                    }
                }
                current = nil
            case "w:tbl":
                depth -= 1
                if depth == 0 { table = nil; row = -1; cell = -1 }
            default: break
            }
        }
    }
}
