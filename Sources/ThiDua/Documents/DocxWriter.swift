import Foundation
import ZIPFoundation

// A small Word (.docx, WordprocessingML) writer: paragraphs of formatted runs, tables, page breaks, A4 portrait
// or landscape with margins in millimetres, one font for the whole document, and an optional page number at the
// top centre from page 2 on (Nghị định 30/2020 layout). `DocxTemplates` builds the NĐ 30 heading, title and
// signature blocks. All text from users is NFC-normalised, XML-escaped and stripped of characters XML 1.0 forbids.

// MARK: - Writer

enum DocxWriter {
    /// Builds a complete .docx file in memory. `created` goes into docProps/core.xml and the ZIP entry dates.
    static func data(_ doc: DocxDocument, created: Date = Date()) throws -> Data {
        let archive: ZIPFoundation.Archive
        do { archive = try ZIPFoundation.Archive(data: Data(), accessMode: .create) } catch {
            throw DocxError.archive("\(error)")
        }
        func add(_ path: String, _ xml: String) throws {
            let bytes = Data(xml.utf8)
            do {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                     modificationDate: created, compressionMethod: .deflate,
                                     provider: { position, size in
                                         let start = Int(position)
                                         return bytes.subdata(in: start..<min(start + size, bytes.count))
                                     })
            } catch { throw DocxError.archive("\(path): \(error)") }
        }
        try add("[Content_Types].xml", DocxParts.contentTypes(headers: doc.pageNumbers))
        try add("_rels/.rels", DocxParts.rootRels)
        try add("docProps/core.xml", DocxParts.core(doc, created: created))
        try add("docProps/app.xml", DocxParts.app)
        try add("word/document.xml", DocxParts.document(doc))
        try add("word/styles.xml", DocxParts.styles(doc))
        try add("word/settings.xml", DocxParts.settings)
        try add("word/_rels/document.xml.rels", DocxParts.documentRels(headers: doc.pageNumbers))
        if doc.pageNumbers {
            try add("word/header1.xml", DocxParts.header(pageNumber: true))
            try add("word/header2.xml", DocxParts.header(pageNumber: false))
        }
        guard let data = archive.data else { throw DocxError.archive("no data") }
        return data
    }
}

// MARK: - XML parts

private enum DocxParts {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkgRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let wordML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

    static func contentTypes(headers: Bool) -> String {
        var s = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        var parts = [("/word/document.xml", "\(wordML).document.main+xml"),
                     ("/word/styles.xml", "\(wordML).styles+xml"), ("/word/settings.xml", "\(wordML).settings+xml"),
                     ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                     ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
        if headers { parts += [1, 2].map { ("/word/header\($0).xml", "\(wordML).header+xml") } }
        for (name, type) in parts { s += "<Override PartName=\"\(name)\" ContentType=\"\(type)\"/>" }
        return s + "</Types>"
    }

    /// A relationships part; the n-th (type, target) pair gets the id "rId<n>".
    static func rels(_ items: [(type: String, target: String)]) -> String {
        var s = declaration + "<Relationships xmlns=\"\(pkgRelNS)\">"
        for (index, item) in items.enumerated() {
            s += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(item.type)\" Target=\"\(item.target)\"/>"
        }
        return s + "</Relationships>"
    }

    static let rootRels = rels([("\(relNS)/officeDocument", "word/document.xml"),
                                ("\(pkgRelNS)/metadata/core-properties", "docProps/core.xml"),
                                ("\(relNS)/extended-properties", "docProps/app.xml")])

    /// rId3 and rId4 are the headers that `document` refers to.
    static func documentRels(headers: Bool) -> String {
        rels([("\(relNS)/styles", "styles.xml"), ("\(relNS)/settings", "settings.xml")]
             + (headers ? [("\(relNS)/header", "header1.xml"), ("\(relNS)/header", "header2.xml")] : []))
    }

    static func core(_ doc: DocxDocument, created: Date) -> String {
        let when = created.formatted(.iso8601)  // e.g. 2026-11-26T08:30:00Z (UTC)
        return declaration + "<cp:coreProperties "
            + "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(DocxXML.escape(doc.title))</dc:title>"
            + "<dc:creator>\(DocxXML.escape(doc.author))</dc:creator>"
            + "<cp:lastModifiedBy>\(DocxXML.escape(doc.author))</cp:lastModifiedBy><dc:language>vi-VN</dc:language>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:modified></cp:coreProperties>"
    }

    static let app = declaration
        + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Application>Thi Đua Số</Application><DocSecurity>0</DocSecurity></Properties>"

    static let settings = declaration + "<w:settings xmlns:w=\"\(wNS)\"><w:zoom w:percent=\"100\"/>"
        + "<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
        + "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
        + "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"

    static func styles(_ doc: DocxDocument) -> String {
        let font = DocxXML.escape(doc.fontName.isEmpty ? "Times New Roman" : doc.fontName)
        let size = DocxXML.halfPoints(doc.fontSize) ?? 28
        let rPr = "<w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:cs=\"\(font)\" w:eastAsia=\"\(font)\"/>"
            + "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/><w:lang w:val=\"vi-VN\"/>"
        return declaration + "<w:styles xmlns:w=\"\(wNS)\">"
            + "<w:docDefaults><w:rPrDefault><w:rPr>\(rPr)</w:rPr></w:rPrDefault>"
            + "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
            + "</w:pPrDefault></w:docDefaults>"
            + "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
            + "<w:qFormat/><w:rPr>\(rPr)</w:rPr></w:style></w:styles>"
    }

    /// header1: the PAGE field, centred (pages 2…); header2: empty (the first page, with `<w:titlePg/>`).
    static func header(pageNumber: Bool) -> String {
        var p = "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
        if pageNumber {
            p += "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                + "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>2</w:t></w:r>"
                + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        }
        return declaration + "<w:hdr xmlns:w=\"\(wNS)\" xmlns:r=\"\(relNS)\">\(p)</w:p></w:hdr>"
    }

    static func document(_ doc: DocxDocument) -> String {
        var body = ""
        for block in doc.blocks {
            switch block {
            case .paragraph(let paragraph): body += DocxXML.paragraph(paragraph)
            case .table(let table): body += DocxXML.table(table)
            case .pageBreak: body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            }
        }
        // Word always ends a body with a paragraph (and an empty body gets one).
        if doc.blocks.isEmpty { body += "<w:p/>" } else if case .table = doc.blocks.last { body += "<w:p/>" }
        let landscape = doc.orientation == .landscape
        let m = doc.marginsMM
        var sect = "<w:sectPr>"
        if doc.pageNumbers {
            sect += "<w:headerReference w:type=\"default\" r:id=\"rId3\"/>"
                + "<w:headerReference w:type=\"first\" r:id=\"rId4\"/>"
        }
        sect += landscape ? "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
            : "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
        sect += "<w:pgMar w:top=\"\(DocxXML.twips(m.top))\" w:right=\"\(DocxXML.twips(m.right))\" "
            + "w:bottom=\"\(DocxXML.twips(m.bottom))\" w:left=\"\(DocxXML.twips(m.left))\" "
            + "w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>"
        if let border = doc.pageBorder { sect += DocxXML.pageBorders(border) }
        sect += "<w:cols w:space=\"720\"/>"
        if doc.pageNumbers { sect += "<w:titlePg/>" }
        sect += "</w:sectPr>"
        return declaration + "<w:document xmlns:w=\"\(wNS)\" xmlns:r=\"\(relNS)\">"
            + "<w:body>\(body)\(sect)</w:body></w:document>"
    }
}

// MARK: - Body XML and text

private enum DocxXML {
    static let maxColumns = 63

    /// Millimetres to twips (1 mm = 1440 / 25.4 twips), rounded, at most 31680 (22 inches, Word's largest page);
    /// negative and non-finite values give 0.
    static func twips(_ mm: Double) -> Int {
        guard mm.isFinite, mm > 0 else { return 0 }
        return min(Int((min(mm, 1000) * 1440 / 25.4).rounded()), 31680)
    }

    /// Points to twentieths of a point (paragraph spacing).
    static func twentieths(_ pt: Double) -> Int {
        guard pt.isFinite, pt > 0 else { return 0 }
        return Int((min(pt, 1584) * 20).rounded())
    }

    /// Points to half-points (`w:sz`), clamped to Word's 1…1638 pt; nil for non-finite or non-positive sizes.
    static func halfPoints(_ pt: Double?) -> Int? {
        guard let pt, pt.isFinite, pt > 0 else { return nil }
        return Int((min(max(pt, 1), 1638) * 2).rounded())
    }

    /// `w:pgBorders` (after `w:pgMar` in the section properties): four equal sides measured from the page edge.
    static func pageBorders(_ b: DocxPageBorder) -> String {
        let eighths = b.width.isFinite ? min(max(Int((b.width * 8).rounded()), 2), 96) : 24
        let space = b.distance.isFinite ? min(max(Int(b.distance.rounded()), 0), 31) : 24
        let hex = b.color.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("A"..."F").contains($0) || ("a"..."f").contains($0) }
        let color = b.color.count == 6 && hex ? b.color : "auto"
        let side = "w:val=\"\(b.style.rawValue)\" w:sz=\"\(eighths)\" w:space=\"\(space)\" w:color=\"\(color)\""
        return "<w:pgBorders w:offsetFrom=\"page\">"
            + ["top", "left", "bottom", "right"].map { "<w:\($0) \(side)/>" }.joined() + "</w:pgBorders>"
    }

    static func sizeXML(_ halfPoints: Int) -> String {
        "<w:sz w:val=\"\(halfPoints)\"/><w:szCs w:val=\"\(halfPoints)\"/>"
    }

    static func paragraph(_ p: DocxParagraph) -> String {
        var s = "<w:p><w:pPr>"
        if p.keepWithNext { s += "<w:keepNext/>" }
        if p.pageBreakBefore { s += "<w:pageBreakBefore/>" }
        if p.bottomBorder {
            s += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr>"
        }
        s += "<w:spacing w:before=\"\(twentieths(p.spacingBefore))\" w:after=\"\(twentieths(p.spacingAfter))\"/>"
        let first = twips(p.firstLineIndent), left = twips(p.indentLeft), right = twips(p.indentRight)
        if first + left + right > 0 {
            s += "<w:ind w:left=\"\(left)\" w:right=\"\(right)\" w:firstLine=\"\(first)\"/>"
        }
        s += "<w:jc w:val=\"\(p.alignment.rawValue)\"/>"
        // The paragraph mark takes the first run's size, so an empty line is as tall as its run says.
        if let size = halfPoints(p.runs.first?.size) { s += "<w:rPr>\(sizeXML(size))</w:rPr>" }
        s += "</w:pPr>"
        for run in p.runs { s += self.run(run) }
        return s + "</w:p>"
    }

    static func run(_ r: DocxRun) -> String {
        var props = ""
        if r.bold { props += "<w:b/><w:bCs/>" }
        if r.italic { props += "<w:i/><w:iCs/>" }
        if let size = halfPoints(r.size) { props += sizeXML(size) }
        if r.underline { props += "<w:u w:val=\"single\"/>" }
        return "<w:r>" + (props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>") + content(r.text) + "</w:r>"
    }

    static func table(_ t: DocxTable) -> String {
        let rows = t.rows.filter { !$0.isEmpty }
        guard !rows.isEmpty else { return "" }
        // Word allows at most 63 grid columns; spans are clamped so that no count can overflow.
        func span(_ cell: DocxCell) -> Int { min(max(1, cell.gridSpan), maxColumns) }
        let used = rows.map { $0.prefix(maxColumns).reduce(0) { $0 + span($1) } }.max() ?? 0
        let columns = min(max(t.columnWidths.count, used), maxColumns)
        let widths = (0..<columns).map { $0 < t.columnWidths.count ? max(1, twips(t.columnWidths[$0])) : twips(20) }
        let line = t.borders ? "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\""
            : "w:val=\"none\" w:sz=\"0\" w:space=\"0\" w:color=\"auto\""
        var s = "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] { s += "<w:\(edge) \(line)/>" }
        let pad = twips(t.cellPadding)
        s += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"\(pad)\" w:type=\"dxa\"/>"
        s += "<w:right w:w=\"\(pad)\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
        for w in widths { s += "<w:gridCol w:w=\"\(w)\"/>" }
        s += "</w:tblGrid>"
        for (index, row) in rows.enumerated() {
            let rowProperties = (t.cantSplit ? "<w:cantSplit/>" : "") + (index < t.headerRowCount ? "<w:tblHeader/>" : "")
            s += "<w:tr>" + (rowProperties.isEmpty ? "" : "<w:trPr>\(rowProperties)</w:trPr>")
            var column = 0
            for cell in row where column < columns {  // cells past the grid are dropped, spans cut to fit
                let span = min(span(cell), columns - column)
                let width = (column..<column + span).reduce(0) { $0 + ($1 < widths.count ? widths[$1] : 0) }
                column += span
                s += "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
                if span > 1 { s += "<w:gridSpan w:val=\"\(span)\"/>" }
                if cell.shaded { s += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>" }
                s += "</w:tcPr>"
                s += cell.paragraphs.isEmpty ? "<w:p/>" : cell.paragraphs.map(paragraph).joined()
                s += "</w:tc>"
            }
            s += "</w:tr>"
        }
        return s + "</w:tbl>"
    }

    /// The inside of a `<w:r>`: `<w:t>` pieces, with "\n", "\r\n" and "\r" as `<w:br/>` and "\t" as `<w:tab/>`.
    static func content(_ text: String) -> String {
        var out = "", piece = "", afterCR = false
        func flush() {
            if !piece.isEmpty { out += "<w:t xml:space=\"preserve\">\(piece)</w:t>" }
            piece = ""
        }
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\n" where afterCR: continue
            case "\n", "\r": flush(); out += "<w:br/>"
            case "\t": flush(); out += "<w:tab/>"
            default: appendEscaped(scalar, to: &piece)
            }
        }
        flush()
        return out
    }

    /// NFC, XML-escaped, without the characters XML 1.0 forbids (for attributes and docProps).
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" { out.unicodeScalars.append(scalar) }
            else { appendEscaped(scalar, to: &out) }
        }
        return out
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default:
            let v = scalar.value
            // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; tabs and
            // line ends are handled by the callers. DEL and the C1 controls are allowed but dropped too.
            guard v >= 0x20, !(0x7F...0x9F).contains(v), v != 0xFFFE, v != 0xFFFF else { return }
            out.unicodeScalars.append(scalar)
        }
    }
}
