import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

// The streaming (SAX) parsers `XLSXReader` runs over each part it reads: relationships, the workbook, the styles,
// the shared strings and the worksheet. None builds a tree: each keeps only what the reader needs.

/// Runs `XMLParser` over one part and hands its elements (by local name: `x:row` is `row`) to a subclass.
class XLSXPartParser: NSObject, XMLParserDelegate {
    let part: String
    /// Set by a subclass to stop the parse with this error.
    var failure: XLSXReader.ReadError?
    private var collecting = false
    private var buffer = ""

    init(part: String) {
        self.part = part
    }

    func run(_ data: Data) throws(XLSXReader.ReadError) {
        // A part of an .xlsx never has a document type declaration: refusing one rules out entity expansion.
        guard !Self.hasDoctype(data) else { throw .damaged(part: part) }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        let ok = parser.parse()
        if let failure { throw failure }
        // swift-corelibs-foundation can return true after a fatal error: its parserError says so.
        guard ok, parser.parserError == nil else { throw .damaged(part: part) }
    }

    // Subclasses override these three.
    func start(_ name: String, _ attributes: [String: String]) {}
    func end(_ name: String) {}
    func text(_ text: String) {}

    /// Collects the characters from now until `stopCollecting()`.
    final func startCollecting() {
        collecting = true
        buffer = ""
    }

    final func stopCollecting() -> String {
        collecting = false
        defer { buffer = "" }
        return buffer
    }

    final func fail(_ error: XLSXReader.ReadError, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    private var current: XMLParser?

    /// Stops the parse with `error` (from `start`, `end` or `text`).
    final func fail(_ error: XLSXReader.ReadError) {
        if failure == nil { failure = error }
        current?.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard failure == nil else { return }
        current = parser
        start(Self.localName(elementName), attributeDict)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        current = parser
        end(Self.localName(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { buffer += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if collecting { buffer += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        fail(.damaged(part: part), parser)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(.damaged(part: part), parser)
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(.damaged(part: part), parser)
    }

    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// An attribute by local name, whatever its prefix (`r:id`, `rel:id`).
    static func attribute(_ attributes: [String: String], _ local: String) -> String? {
        if let value = attributes[local] { return value }
        return attributes.first { localName($0.key) == local && $0.key.contains(":") }?.value
    }

    /// Whether `<!DOCTYPE` comes before the root element (after the declaration, comments and white space).
    static func hasDoctype(_ data: Data) -> Bool {
        let bytes = [UInt8](data.prefix(64 * 1024))
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func starts(_ s: String, at index: Int) -> Bool {
            let p = Array(s.utf8)
            return index + p.count <= bytes.count && Array(bytes[index..<(index + p.count)]) == p
        }
        func skip(past end: String) -> Bool {
            let p = Array(end.utf8)
            while i + p.count <= bytes.count {
                if Array(bytes[i..<(i + p.count)]) == p { i += p.count; return true }
                i += 1
            }
            return false
        }
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case UInt8(ascii: "<"):
                if starts("<?", at: i) { guard skip(past: "?>") else { return false } }
                else if starts("<!--", at: i) { guard skip(past: "-->") else { return false } }
                else { return starts("<!", at: i) }
            default: return false
            }
        }
        return false
    }
}

/// `_rels/*.rels`: Id → (type, target), internal targets only.
final class XLSXRelsParser: XLSXPartParser {
    struct Relationship { let type: String; let target: String }
    var relationships: [String: Relationship] = [:]
    var order: [String] = []

    override func start(_ name: String, _ attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"],
              attributes["TargetMode"] != "External" else { return }
        relationships[id] = Relationship(type: attributes["Type"] ?? "", target: target)
        order.append(id)
    }

    /// The target of the first relationship whose type ends with `/suffix`.
    func target(ofType suffix: String) -> String? {
        order.lazy.compactMap { self.relationships[$0] }.first { $0.type.hasSuffix("/" + suffix) }?.target
    }
}

/// `xl/workbook.xml`: the sheets in workbook order and the date system.
final class XLSXWorkbookParser: XLSXPartParser {
    struct Sheet { let relationship: String; let hidden: Bool }
    var sheets: [Sheet] = []
    var date1904 = false

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "workbookPr":
            let value = attributes["date1904"]?.lowercased()
            date1904 = value == "1" || value == "true"
        case "sheet":
            guard let id = Self.attribute(attributes, "id") else { return }
            let state = attributes["state"] ?? "visible"
            sheets.append(Sheet(relationship: id, hidden: state != "visible"))
        default: break
        }
    }
}

/// `xl/styles.xml`: for each cell style (`cellXfs`, in order), whether its number format shows a date.
final class XLSXStylesParser: XLSXPartParser {
    private var customFormats: [Int: String] = [:]
    private var formatIds: [Int] = []
    private var inCellXfs = false

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                customFormats[id] = code
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: formatIds.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    override func end(_ name: String) {
        if name == "cellXfs" { inCellXfs = false }
    }

    /// Indexed by a cell's `s`.
    var dateStyles: [Bool] {
        formatIds.map { id in
            if let code = customFormats[id] { return XLSXReaderValues.isDateFormat(code) }
            return XLSXReaderValues.isBuiltInDate(id)
        }
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its rich-text runs joined, phonetic runs (`<rPh>`) left out.
final class XLSXSharedStringsParser: XLSXPartParser {
    var strings: [String] = []
    private var item: String?
    private var phonetic = 0

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "si": item = ""
        case "rPh": phonetic += 1
        case "t" where item != nil && phonetic == 0: startCollecting()
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "t" where item != nil && phonetic == 0: item? += stopCollecting()
        case "rPh": phonetic -= 1
        case "si":
            strings.append(XLSXReaderValues.unescape(item ?? ""))
            item = nil
        default: break
        }
    }
}
