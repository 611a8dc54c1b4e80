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
            if sheet.hasData {
                let range = "$A$1:$\(last)$\(sheet.lastDataRow)"
                names += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                names += "\(quoted)!\(range)</definedName>"
            }
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

    /// Times New Roman 11 pt throughout (Liberation Serif where it is missing: the same metrics).
    /// cellXfs (keep in step with `XLSXStyle`): 0 default; 1 header (bold, light blue fill, borders, centred,
    /// wrapped); 2 date `dd/mm/yyyy`; 3 percent `0.0%`; 4 text (wrapped); 5 `#,##0`; 6 `#,##0.0##`; 7 a number as it
    /// is; 8–11 the totals row (bold, a medium line above): text, `#,##0`, `#,##0.0##`, `0.0%`; 12 a note (italic,
    /// wrapped). Every cell from 1 on has thin borders and sits at the top of its row.
    static let styles: [UInt8] = {
        let top = "<alignment vertical=\"top\"/>"
        let wrapTop = "<alignment vertical=\"top\" wrapText=\"1\"/>"
        func xf(_ numFmt: Int, font: Int = 0, fill: Int = 0, border: Int = 1, _ alignment: String) -> String {
            "<xf numFmtId=\"\(numFmt)\" fontId=\"\(font)\" fillId=\"\(fill)\" borderId=\"\(border)\" xfId=\"0\""
                + (numFmt != 0 ? " applyNumberFormat=\"1\"" : "") + (font != 0 ? " applyFont=\"1\"" : "")
                + (fill != 0 ? " applyFill=\"1\"" : "") + " applyBorder=\"1\" applyAlignment=\"1\">\(alignment)</xf>"
        }
        func font(_ style: String) -> String {
            "<font>\(style)<sz val=\"11\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font>"
        }
        let thin = "<left style=\"thin\"><color indexed=\"64\"/></left><right style=\"thin\"><color indexed=\"64\"/></right>"
        var s = declaration
        s += "<styleSheet xmlns=\"\(mainNS)\">"
        s += "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        s += "<numFmt numFmtId=\"165\" formatCode=\"0.0%\"/><numFmt numFmtId=\"166\" formatCode=\"#,##0.0##\"/></numFmts>"
        s += "<fonts count=\"3\">" + font("") + font("<b/>") + font("<i/>") + "</fonts>"
        s += "<fills count=\"3\">"
        s += "<fill><patternFill patternType=\"none\"/></fill>"
        s += "<fill><patternFill patternType=\"gray125\"/></fill>"
        s += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        s += "</fills>"
        s += "<borders count=\"3\">"
        s += "<border><left/><right/><top/><bottom/><diagonal/></border>"
        s += "<border>\(thin)<top style=\"thin\"><color indexed=\"64\"/></top><bottom style=\"thin\"><color indexed=\"64\"/></bottom><diagonal/></border>"
        s += "<border>\(thin)<top style=\"medium\"><color indexed=\"64\"/></top><bottom style=\"thin\"><color indexed=\"64\"/></bottom><diagonal/></border>"
        s += "</borders>"
        s += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        s += "<cellXfs count=\"13\">"
        s += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        s += xf(0, font: 1, fill: 2, "<alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/>")  // 1 header
        s += xf(164, "<alignment horizontal=\"center\" vertical=\"top\"/>")  // 2 date
        s += xf(165, top)  // 3 percent
        s += xf(0, wrapTop)  // 4 text
        s += xf(3, top)  // 5 #,##0
        s += xf(166, top)  // 6 #,##0.0##
        s += xf(1, top)  // 7 as it is
        s += xf(0, font: 1, border: 2, wrapTop)  // 8 total text
        s += xf(3, font: 1, border: 2, top)  // 9 total #,##0
        s += xf(166, font: 1, border: 2, top)  // 10 total #,##0.0##
        s += xf(165, font: 1, border: 2, top)  // 11 total percent
        s += xf(0, font: 2, "<alignment horizontal=\"left\" vertical=\"top\" wrapText=\"1\"/>")  // 12 note
        s += "</cellXfs>"
        s += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        s += "<dxfs count=\"0\"/>"
        s += "<tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" defaultPivotStyle=\"PivotStyleLight16\"/>"
        s += "</styleSheet>"
        return Array(s.utf8)
    }()

    /// The printable width of A4 in character units with `pageMargins` below: portrait and landscape.
    static let portraitWidth = 95.0
    static let landscapeWidth = 140.0

    /// Everything before the rows (through `<sheetData>`) and after them (from `</sheetData>`).
    static func sheetHeadAndTail(_ sheet: SheetPart, selected: Bool) -> ([UInt8], [UInt8]) {
        let lastColumn = max(sheet.usedColumns, 1)
        let lastRow = max(sheet.rowCount, 1)
        let dimension = sheet.rowCount == 0 ? "A1" : "A1:\(XLSXNames.columnLetters(lastColumn - 1))\(lastRow)"
        let frozen = sheet.hasHeader && sheet.freezeHeader
        let widths = sheet.columnWidths
        // Landscape when the columns are wider than a portrait A4 page holds; either way fitted to the page width.
        let landscape = widths.reduce(0, +) > portraitWidth

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
        if !widths.isEmpty {
            head += "<cols>"
            for (index, width) in widths.enumerated() {
                let text = XLSXNumbers.format(width) ?? "10"
                head += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(text)\" customWidth=\"1\"/>"
            }
            head += "</cols>"
        }
        head += "<sheetData>"
        if sheet.hasHeader { head += sheet.headerRow(widths: widths) }

        var tail = "</sheetData>"
        if sheet.hasHeader && sheet.hasData {
            tail += "<autoFilter ref=\"\(filterRange(sheet))\"/>"
        }
        if !sheet.merges.isEmpty {
            tail += "<mergeCells count=\"\(sheet.merges.count)\">"
            for ref in sheet.merges { tail += "<mergeCell ref=\"\(ref)\"/>" }
            tail += "</mergeCells>"
        }
        tail += "<printOptions horizontalCentered=\"1\"/>"
        tail += "<pageMargins left=\"0.5\" right=\"0.4\" top=\"0.75\" bottom=\"0.7\" header=\"0.3\" footer=\"0.3\"/>"
        tail += "<pageSetup paperSize=\"9\" orientation=\"\(landscape ? "landscape" : "portrait")\" "
        tail += "fitToWidth=\"1\" fitToHeight=\"0\"/>"
        // The title centred at the top of every page, "Trang n/m" at the bottom.
        tail += "<headerFooter>"
        if !sheet.heading.isEmpty {
            tail += "<oddHeader>\(escaped("&C&\"Times New Roman,Bold\"&12 " + headerText(sheet.heading)))</oddHeader>"
        }
        tail += "<oddFooter>\(escaped("&C&\"Times New Roman,Regular\"&10Trang &P/&N"))</oddFooter>"
        tail += "</headerFooter>"
        tail += "</worksheet>"
        return (Array(head.utf8), Array(tail.utf8))
    }

    /// The header and the data rows (not the totals or note under them), which the autofilter sorts.
    static func filterRange(_ sheet: SheetPart) -> String {
        "A1:\(XLSXNames.columnLetters(max(sheet.columns.count, 1) - 1))\(sheet.hasData ? sheet.lastDataRow : 1)"
    }

    /// Text for a page header: "&" doubled (a lone "&" starts a code), one line, at most 200 characters (Excel's
    /// limit for the whole header is 255).
    static func headerText(_ text: String) -> String {
        let line = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return String(line.prefix(200)).replacingOccurrences(of: "&", with: "&&")
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
