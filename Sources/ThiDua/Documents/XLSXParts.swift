import Foundation
import ZIPFoundation

// The package parts of an .xlsx (content types, relationships, workbook, styles, document properties) and the ZIP.

// MARK: - Package parts

enum XLSXParts {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func escaped(_ text: String) -> String {
        var xml = XMLBytes()
        xml.appendEscaped(text, cellText: false)
        return String(decoding: xml.bytes, as: UTF8.self)
    }

    static func contentTypes(sheetCount: Int) -> [UInt8] {
        var s = declaration
        s += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for n in 1...sheetCount {
            s += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" "
            s += "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        s += "<Override PartName=\"/xl/styles.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        s += "<Override PartName=\"/docProps/core.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        s += "<Override PartName=\"/docProps/app.xml\" "
        s += "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        s += "</Types>"
        return Array(s.utf8)
    }

    static let rootRels: [UInt8] = Array((declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" "
        + "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
        + "Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"\(relNS)/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "</Relationships>").utf8)

    static func core(title: String, author: String, created: Date) -> [UInt8] {
        let when = XLSXDates.w3cdtf(created)
        var s = declaration
        s += "<cp:coreProperties "
        s += "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        s += "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        s += "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
        s += "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        s += "<dc:title>\(escaped(title))</dc:title>"
        s += "<dc:creator>\(escaped(author))</dc:creator>"
        s += "<cp:lastModifiedBy>\(escaped(author))</cp:lastModifiedBy>"
        s += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:created>"
        s += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:modified>"
        s += "</cp:coreProperties>"
        return Array(s.utf8)
    }

    static func app(sheetNames: [String]) -> [UInt8] {
        var s = declaration
        s += "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
        s += "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        s += "<Application>Thi Đua Số</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        s += "<HeadingPairs><vt:vector size=\"2\" baseType=\"variant\">"
        s += "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        s += "<vt:variant><vt:i4>\(sheetNames.count)</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        s += "<TitlesOfParts><vt:vector size=\"\(sheetNames.count)\" baseType=\"lpstr\">"
        for name in sheetNames { s += "<vt:lpstr>\(escaped(name))</vt:lpstr>" }
        s += "</vt:vector></TitlesOfParts>"
        s += "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        s += "<HyperlinksChanged>false</HyperlinksChanged>"
        s += "</Properties>"
        return Array(s.utf8)
    }

    static func workbook(_ sheets: [SheetPart]) -> [UInt8] {
        var s = declaration
        s += "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        s += "<workbookPr/>"
        s += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            s += "<sheet name=\"\(escaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        s += "</sheets>"
        var names = ""
        for (index, sheet) in sheets.enumerated() where sheet.hasHeader {
            let quoted = escaped(XLSXNames.quotedForFormula(sheet.name))
            let last = XLSXNames.columnLetters(sheet.columns.count - 1)
            names += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
            names += "\(quoted)!$A$1:$\(last)$\(sheet.rowCount)</definedName>"
            names += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">\(quoted)!$1:$1</definedName>"
        }
        if !names.isEmpty { s += "<definedNames>\(names)</definedNames>" }
        s += "</workbook>"
        return Array(s.utf8)
    }

    static func workbookRels(sheetCount: Int) -> [UInt8] {
        var s = declaration
        s += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for n in 1...sheetCount {
            s += "<Relationship Id=\"rId\(n)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        s += "</Relationships>"
        return Array(s.utf8)
    }

    /// cellXfs: 0 default, 1 header (bold, light blue fill, thin bottom border, wrapped, centred
    /// vertically), 2 date `dd/mm/yyyy`, 3 percent `0.0%`. Keep in step with `XLSXStyle`.
    static let styles: [UInt8] = Array((declaration
        + "<styleSheet xmlns=\"\(mainNS)\">"
        + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        + "<numFmt numFmtId=\"165\" formatCode=\"0.0%\"/></numFmts>"
        + "<fonts count=\"2\">"
        + "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "</fonts>"
        + "<fills count=\"3\">"
        + "<fill><patternFill patternType=\"none\"/></fill>"
        + "<fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/>"
        + "</patternFill></fill>"
        + "</fills>"
        + "<borders count=\"2\">"
        + "<border><left/><right/><top/><bottom/><diagonal/></border>"
        + "<border><left/><right/><top/><bottom style=\"thin\"><color indexed=\"64\"/></bottom><diagonal/></border>"
        + "</borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"4\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" "
        + "applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"center\" wrapText=\"1\"/></xf>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "<dxfs count=\"0\"/>"
        + "<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" defaultPivotStyle=\"PivotStyleLight16\"/>"
        + "</styleSheet>").utf8)

    /// Everything before the rows (through `<sheetData>`) and after them (from `</sheetData>`).
    static func sheetHeadAndTail(_ sheet: SheetPart, selected: Bool) -> ([UInt8], [UInt8]) {
        let lastColumn = max(sheet.usedColumns, 1)
        let lastRow = max(sheet.rowCount, 1)
        let dimension = sheet.rowCount == 0 ? "A1" : "A1:\(XLSXNames.columnLetters(lastColumn - 1))\(lastRow)"
        let frozen = sheet.hasHeader && sheet.freezeHeader
        // Landscape when the columns are wider than a portrait A4 page holds (~90 characters).
        let totalWidth = sheet.columns.reduce(0) { $0 + clampWidth($1.width) }
        let landscape = totalWidth > 90

        var head = declaration
        head += "<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
        head += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        head += "<dimension ref=\"\(dimension)\"/>"
        head += "<sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        if frozen {
            head += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            head += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        }
        head += "</sheetView></sheetViews>"
        head += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columns.isEmpty {
            head += "<cols>"
            for (index, column) in sheet.columns.enumerated() {
                let width = XLSXNumbers.format(clampWidth(column.width)) ?? "10"
                head += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            head += "</cols>"
        }
        head += "<sheetData>"

        var tail = "</sheetData>"
        if sheet.hasHeader {
            tail += "<autoFilter ref=\"A1:\(XLSXNames.columnLetters(sheet.columns.count - 1))\(lastRow)\"/>"
        }
        tail += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        tail += "<pageSetup paperSize=\"9\" orientation=\"\(landscape ? "landscape" : "portrait")\" "
        tail += "fitToWidth=\"1\" fitToHeight=\"0\"/>"
        tail += "</worksheet>"
        return (Array(head.utf8), Array(tail.utf8))
    }

    private static func clampWidth(_ width: Double) -> Double {
        guard width.isFinite else { return 10 }
        return min(max(width, 0), 255)
    }
}

// MARK: - ZIP

enum XLSXZip {
    /// Adds one deflated file entry whose content is the concatenation of `pieces`, without joining them.
    static func addEntry(_ archive: ZIPFoundation.Archive, path: String, pieces: [[UInt8]], date: Date) throws {
        let total = pieces.reduce(0) { $0 + $1.count }
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(total), modificationDate: date,
            compressionMethod: .deflate,
            provider: { position, size in
                var out = Data(capacity: size)
                var offset = Int(position)
                var remaining = size
                for piece in pieces {
                    if remaining == 0 { break }
                    if offset >= piece.count {
                        offset -= piece.count
                        continue
                    }
                    let n = min(piece.count - offset, remaining)
                    piece.withUnsafeBufferPointer {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[offset..<offset + n]))
                    }
                    remaining -= n
                    offset = 0
                }
                return out
            })
    }
}
