import Foundation

/// Blocks in the Nghị định 30/2020/NĐ-CP layout (Phụ lục I: thể thức và kỹ thuật trình bày), built on ``DocxWriter``,
/// for every document the product writes: the two-column heading (parent body and issuing body, number; national
/// heading, motto, place and date), the trích yếu with its short line, legal bases, "Điều n.", recipients (Nơi
/// nhận), the signature block with room for signature and seal, an attached list on its own page, and tables whose
/// header row repeats on every page with numbers right-aligned.
enum DocxTemplates {
    /// Column widths (mm) of the heading and signature tables: 165 mm, the text width of A4 portrait with the
    /// NĐ 30 margins. The right column holds "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (about 96 mm in 13 pt bold),
    /// so the tables have no cell padding.
    static let columns = (left: 65.0, right: 100.0)
    /// The text width of A4 portrait with the NĐ 30 margins.
    static let textWidth = columns.left + columns.right
    /// Empty lines left for the signature and the seal between the position and the name (NĐ 30: room to sign).
    static let signatureSpace = 5

    // MARK: heading

    /// The top block (Phụ lục I, mục II.1–II.5): on the left the parent body (upper-case, regular) and the issuing
    /// body (upper-case, **bold**, every line of it — "ỦY BAN NHÂN DÂN" / "XÃ NGHĨA TRUNG"), a short line under it, and
    /// the number; on the right the national heading (13 pt bold), the motto (14 pt bold) with a line as long as it,
    /// and the place and date (italic). A borderless 2×2 table.
    static func nd30Heading(parent: [String], issuer: [String], number: String, place: String,
                            day: Int, month: Int, year: Int) -> DocxBlock {
        let (left, right) = columns
        var authorityParagraphs: [DocxParagraph] = parent.map {
            .text($0.uppercased(), size: 13, alignment: .center, spacingAfter: 0)
        }
        authorityParagraphs += issuer.map { .text($0.uppercased(), bold: true, size: 13, alignment: .center, spacingAfter: 0) }
        // NĐ 30: a solid line under the issuing body, 1/3 to 1/2 of its length.
        let widest = issuer.flatMap { $0.uppercased().split(separator: "\n").map(String.init) }
            .map { estimatedWidth($0, size: 13, bold: true) }.max() ?? 0
        authorityParagraphs.append(rule(length: max(15, widest * 0.4), in: left))
        let motto = "Độc lập - Tự do - Hạnh phúc"
        let national: [DocxParagraph] = [
            .text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 13, alignment: .center, spacingAfter: 0),
            .text(motto, bold: true, size: 14, alignment: .center, spacingAfter: 0),
            rule(length: estimatedWidth(motto, size: 14, bold: true), in: right),
        ]
        let rows: [[DocxCell]] = [
            [DocxCell(authorityParagraphs), DocxCell(national)],
            [DocxCell([.text(number, size: 13, alignment: .center, spacingBefore: 6, spacingAfter: 0)]),
             DocxCell([.text(dateLine(place: place, day: day, month: month, year: year), italic: true, size: 14, alignment: .center,
                             spacingBefore: 6, spacingAfter: 0)])],
        ]
        return .table(DocxTable(columnWidths: [left, right], rows: rows, borders: false, cellPadding: 0))
    }

    /// The heading with the authority given as lines, the last one the issuing body (bold), those above it the
    /// parent body (regular). For an issuing body of two lines, use ``nd30Heading(parent:issuer:number:place:day:month:year:)``.
    static func nd30Heading(authority: [String], number: String, place: String,
                            day: Int, month: Int, year: Int) -> DocxBlock {
        nd30Heading(parent: Array(authority.dropLast()), issuer: authority.last.map { [$0] } ?? [], number: number,
                    place: place, day: day, month: month, year: year)
    }

    /// "Nghĩa Trung, ngày 05 tháng 12 năm 2026". NĐ 30: a leading zero for days below 10 and for months 1 and 2. A day,
    /// month or year out of range (e.g. 0 for "not decided yet") is left as dots, to be filled in by hand.
    static func dateLine(place: String, day: Int, month: Int, year: Int) -> String {
        let dd = (1...31).contains(day) ? (day < 10 ? "0\(day)" : "\(day)") : "....."
        let mm = (1...12).contains(month) ? (month < 3 ? "0\(month)" : "\(month)") : "....."
        return "\(place), ngày \(dd) tháng \(mm) năm \(year > 0 ? "\(year)" : ".....")"
    }

    /// A date as the body text cites it: "ngày 15 tháng 6 năm 2022" (with the NĐ 30 leading zeros).
    static func spokenDate(_ d: LocalDate) -> String {
        "ngày \(d.day < 10 ? "0\(d.day)" : "\(d.day)") tháng \(d.month < 3 ? "0\(d.month)" : "\(d.month)") năm \(d.year)"
    }

    // MARK: title

    /// The document name: bold, centred, 14 pt, written as given (pass it upper-case).
    static func title(_ text: String) -> DocxBlock {
        .paragraph(.text(text, bold: true, size: 14, alignment: .center, spacingBefore: 18, spacingAfter: 6,
                         keepWithNext: true))
    }

    /// The trích yếu (Phụ lục I, mục II.6): the document's kind in capitals and its summary (both bold, 14 pt,
    /// centred), then a solid line under it, 1/3 to 1/2 of the summary's length.
    static func trichYeu(title text: String, summary: [String]) -> [DocxBlock] {
        var blocks: [DocxBlock] = [.paragraph(.text(text, bold: true, size: 14, alignment: .center, spacingBefore: 18, spacingAfter: 0,
                                                    keepWithNext: true))]
        blocks += summary.map { .paragraph(.text($0, bold: true, size: 14, alignment: .center, spacingAfter: 0, keepWithNext: true)) }
        let widest = (summary.isEmpty ? [text] : summary).map { estimatedWidth($0, size: 14, bold: true) }.max() ?? 0
        blocks.append(.paragraph(rule(length: min(textWidth / 2, max(30, widest / 3)), in: textWidth, spacingBefore: 2, spacingAfter: 12)))
        return blocks
    }

    // MARK: body

    /// A body paragraph: justified, first line indented 10 mm.
    static func body(_ text: String, bold: Bool = false, italic: Bool = false, keepWithNext: Bool = false) -> DocxBlock {
        .paragraph(DocxParagraph(runs: [DocxRun(text, bold: bold, italic: italic)], alignment: .justify, spacingAfter: 6,
                                 firstLineIndent: 10, keepWithNext: keepWithNext))
    }

    /// One legal basis ("Căn cứ …"), cited with its date when the source gives one. The date is data: a basis whose
    /// date is not known is cited without one rather than with an invented date.
    struct LegalBasis: Sendable, Equatable {
        /// e.g. "Luật Thi đua, khen thưởng", "Nghị định số 152/2025/NĐ-CP".
        var name: String
        var date: LocalDate?
        /// What follows the date, e.g. "của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng".
        var about: String = ""

        /// "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
        var sentence: String {
            (["Căn cứ \(name)"] + (date.map { [spokenDate($0)] } ?? []) + (about.isEmpty ? [] : [about])).joined(separator: " ") + ";"
        }
    }

    /// The legal bases (Phụ lục I, mục II.7.a): italic, justified, each on its own line; `closing` (e.g. "Theo đề nghị
    /// của …") ends the list with a full stop.
    static func legalBases(_ bases: [LegalBasis], closing: String? = nil) -> [DocxBlock] {
        var lines = bases.map(\.sentence)
        if let closing { lines.append(closing.hasSuffix(".") ? closing : closing + ".") }
        return lines.map {
            .paragraph(DocxParagraph(runs: [DocxRun($0, italic: true)], alignment: .justify, spacingAfter: 4, firstLineIndent: 10))
        }
    }

    /// The line that opens the articles, e.g. "QUYẾT ĐỊNH:" (bold, centred).
    static func enacting(_ text: String) -> DocxBlock {
        .paragraph(.text(text, bold: true, alignment: .center, spacingBefore: 6, spacingAfter: 6, keepWithNext: true))
    }

    /// "**Điều 1.** Tặng …": the article's number bold, its text regular, justified, first line indented.
    static func article(_ number: Int, _ text: String, keepWithNext: Bool = false) -> DocxBlock {
        .paragraph(DocxParagraph(runs: [DocxRun("Điều \(number).", bold: true), DocxRun(" " + text)], alignment: .justify,
                                 spacingAfter: 6, firstLineIndent: 10, keepWithNext: keepWithNext))
    }

    // MARK: recipients and signature

    /// "Nơi nhận:" (bold italic, 12 pt) and one "- …" line per recipient (11 pt), the last ending in a full stop
    /// (Phụ lục I, mục II.9).
    static func recipients(_ items: [String]) -> [DocxParagraph] {
        guard !items.isEmpty else { return [] }
        return [.text("Nơi nhận:", bold: true, italic: true, size: 12, spacingAfter: 0)]
            + items.map { .text("- \($0)", size: 11, spacingAfter: 0) }
    }

    /// The signer's column: the authority and position lines (upper-case, bold), ``signatureSpace`` empty lines for
    /// the signature and the seal, then the full name (bold). An empty name leaves the line for it blank.
    static func signatureParagraphs(_ block: SignatureBlock) -> [DocxParagraph] {
        var paragraphs: [DocxParagraph] = block.lines.map {
            .text($0.uppercased(), bold: true, alignment: .center, spacingAfter: 0, keepWithNext: true)
        }
        paragraphs += Array(repeating: .text("", alignment: .center, spacingAfter: 0, keepWithNext: true), count: signatureSpace)
        paragraphs.append(.text(block.name, bold: true, alignment: .center, spacingAfter: 0))
        return paragraphs
    }

    /// The signature block in the right column of a borderless table and the recipients in the left one.
    static func signature(_ block: SignatureBlock, recipients items: [String] = []) -> DocxBlock {
        .table(DocxTable(columnWidths: [columns.left, columns.right],
                         rows: [[DocxCell(recipients(items)), DocxCell(signatureParagraphs(block))]],
                         borders: false, cellPadding: 0, cantSplit: true))
    }

    /// The signature block from a position written as one string ("\n" splits lines such as
    /// "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH").
    static func signature(position: String, name: String, recipients items: [String] = []) -> DocxBlock {
        signature(SignatureBlock(lines: position.split(separator: "\n").map(String.init), name: name), recipients: items)
    }

    // MARK: attached list

    /// The heading of a list attached to a document, on a new page: its name (bold, upper-case), the "(Kèm theo …)"
    /// line (italic) and a short line under it. NĐ 30, Phụ lục I, mục II.11 (phụ lục kèm theo văn bản).
    static func attachedListHeading(_ name: String, attachedTo: String) -> [DocxBlock] {
        var first = DocxParagraph.text(name.uppercased(), bold: true, size: 14, alignment: .center, spacingAfter: 0, keepWithNext: true)
        first.pageBreakBefore = true
        return [.paragraph(first),
                .paragraph(.text(attachedTo, italic: true, size: 14, alignment: .center, spacingAfter: 0, keepWithNext: true)),
                .paragraph(rule(length: 40, in: textWidth, spacingBefore: 3, spacingAfter: 12))]
    }

    /// "(Kèm theo Quyết định số 187/QĐ-UBND ngày 24 tháng 11 năm 2026 của Chủ tịch Ủy ban nhân dân xã Nghĩa Trung)";
    /// dots where the number or the date is not known yet.
    static func attachedToLine(kind: String, number: String, date: LocalDate?, issuer: String) -> String {
        let when = date.map(spokenDate) ?? "ngày ..... tháng ..... năm ....."
        return "(Kèm theo \(kind) số \(number.isEmpty ? "....." : number) \(when) của \(issuer))"
    }

    // MARK: tables

    /// A column of a data table.
    struct Column: Sendable, Equatable {
        var title: String
        /// Millimetres.
        var width: Double
        /// Amounts and counts: right-aligned.
        var numeric = false
        /// Short codes (TT): centred.
        var centered = false
    }

    /// A row of a data table.
    enum Row: Sendable, Equatable {
        case values([String])
        /// A section title across every column ("I. CÁ NHÂN"), bold.
        case group(String)
        /// A totals row, bold.
        case total([String])
    }

    /// A bordered table: the header row (bold, shaded, centred) is repeated at the top of every page (`w:tblHeader`),
    /// no row splits across pages, numeric columns are right-aligned.
    static func dataTable(_ columns: [Column], _ rows: [Row], size: Double = 13) -> DocxBlock {
        var out: [[DocxCell]] = [columns.map { .text($0.title, bold: true, size: size, alignment: .center, shaded: true) }]
        func cells(_ values: [String], bold: Bool) -> [DocxCell] {
            values.enumerated().map { i, v in
                let c = i < columns.count ? columns[i] : Column(title: "", width: 20)
                return .text(v, bold: bold, size: size, alignment: c.numeric ? .right : c.centered ? .center : .left)
            }
        }
        for row in rows {
            switch row {
            case .values(let v): out.append(cells(v, bold: false))
            case .total(let v): out.append(cells(v, bold: true))
            case .group(let title): out.append([.text(title, bold: true, size: size, gridSpan: columns.count)])
            }
        }
        return .table(DocxTable(columnWidths: columns.map(\.width), rows: out, borders: true, headerRowCount: 1, cellPadding: 1.5,
                                cantSplit: true))
    }

    // MARK: lines

    /// An empty 1 pt paragraph whose bottom border is a centred line `length` mm long in a space `width` mm wide.
    static func rule(length: Double, in width: Double, spacingBefore: Double = 0, spacingAfter: Double = 0) -> DocxParagraph {
        let side = max(0, (width - min(length, width)) / 2)
        return DocxParagraph(runs: [DocxRun("", size: 1)], alignment: .center, spacingBefore: spacingBefore, spacingAfter: spacingAfter,
                             indentLeft: side, indentRight: side, bottomBorder: true)
    }

    /// Width in mm of a line of Times New Roman, estimated per character in ems (within 3% of the real width
    /// for Vietnamese headings, measured with the metric-compatible Liberation Serif).
    static func estimatedWidth(_ text: String, size: Double, bold: Bool) -> Double {
        let ems = text.reduce(0.0) { sum, c in
            sum + (c == " " ? 0.25 : c.isUppercase ? (bold ? 0.72 : 0.68) : (bold ? 0.5 : 0.47))
        }
        return ems * size * 25.4 / 72
    }
}

// MARK: - two signatures side by side

extension DocxTemplates {
    /// Two signature blocks side by side, each in half of the text width, borderless and never split across pages:
    /// the minutes of a meeting (THƯ KÝ / CHỦ TRÌ) or of an inspection (the inspected unit / the team leader). NĐ 30,
    /// Phụ lục I, mục II.8: the higher authority stands on the right. Each column is ``signatureParagraphs(_:)``
    /// (lines, room to sign and seal, name); the side with fewer lines is padded above the room to sign, so both
    /// names stand on the same line.
    static func signatures(left: SignatureBlock, right: SignatureBlock) -> DocxBlock {
        let lineCount = max(left.lines.count, right.lines.count)
        func column(_ s: SignatureBlock) -> DocxCell {
            var paragraphs = signatureParagraphs(s)
            let padding = Array(repeating: DocxParagraph.text("", alignment: .center, spacingAfter: 0, keepWithNext: true),
                                count: lineCount - s.lines.count)
            paragraphs.insert(contentsOf: padding, at: s.lines.count)
            return DocxCell(paragraphs)
        }
        let half = textWidth / 2
        return .table(DocxTable(columnWidths: [half, half], rows: [[column(left), column(right)]], borders: false, cellPadding: 0,
                                cantSplit: true))
    }
}
