import Foundation

/// Blocks in the Nghị định 30/2020/NĐ-CP layout, built on ``DocxWriter``: the two-column heading (issuing body and
/// number; national heading, motto, place and date), the document title and the signature block.
enum DocxTemplates {
    /// Column widths (mm) of the heading and signature tables: 165 mm, the text width of A4 portrait with the
    /// NĐ 30 margins. The right column holds "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (about 96 mm in 13 pt bold),
    /// so the tables have no cell padding.
    static let columns = (left: 65.0, right: 100.0)

    /// The top block: issuing body and number on the left, national heading, motto and place/date on the right,
    /// as a borderless 2×2 table. Authority lines are upper-cased; the last one is bold. The lines under the
    /// authority name (40% of its length) and the motto (its length) are short bordered paragraphs of their own.
    static func nd30Heading(authority: [String], number: String, place: String,
                            day: Int, month: Int, year: Int) -> DocxBlock {
        let (left, right) = columns
        var authorityParagraphs: [DocxParagraph] = authority.enumerated().map { index, line in
            .text(line.uppercased(), bold: index == authority.count - 1, size: 13, alignment: .center,
                  spacingAfter: 0)
        }
        let lastWidth = estimatedWidth(authority.last?.uppercased() ?? "", size: 13, bold: true)
        authorityParagraphs.append(rule(length: max(15, lastWidth * 0.4), in: left))
        let motto = "Độc lập - Tự do - Hạnh phúc"
        let national: [DocxParagraph] = [
            .text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 13, alignment: .center, spacingAfter: 0),
            .text(motto, bold: true, size: 14, alignment: .center, spacingAfter: 0),
            rule(length: estimatedWidth(motto, size: 14, bold: true), in: right),
        ]
        // NĐ 30: a leading zero for days below 10 and for months 1 and 2. A day, month or year out of range
        // (e.g. 0 for "not decided yet") is left as dots, to be filled in by hand.
        let dd = (1...31).contains(day) ? (day < 10 ? "0\(day)" : "\(day)") : "....."
        let mm = (1...12).contains(month) ? (month < 3 ? "0\(month)" : "\(month)") : "....."
        let date = "\(place), ngày \(dd) tháng \(mm) năm \(year > 0 ? "\(year)" : ".....")"
        let rows: [[DocxCell]] = [
            [DocxCell(authorityParagraphs), DocxCell(national)],
            [DocxCell([.text(number, size: 13, alignment: .center, spacingBefore: 6, spacingAfter: 0)]),
             DocxCell([.text(date, italic: true, size: 14, alignment: .center, spacingBefore: 6, spacingAfter: 0)])],
        ]
        return .table(DocxTable(columnWidths: [left, right], rows: rows, borders: false, cellPadding: 0))
    }

    /// The document name: bold, centred, 14 pt, written as given (pass it upper-case).
    static func title(_ text: String) -> DocxBlock {
        .paragraph(.text(text, bold: true, size: 14, alignment: .center, spacingBefore: 18, spacingAfter: 6,
                         keepWithNext: true))
    }

    /// The signature block in the right column of a borderless table: position (upper-cased, bold; "\n" splits
    /// lines such as "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"), room for the signature, then the name in bold.
    /// `recipients` fill the left column under "Nơi nhận:" (NĐ 30: bold italic 12 pt, then 11 pt lines).
    static func signature(position: String, name: String, recipients: [String] = []) -> DocxBlock {
        var left: [DocxParagraph] = []
        if !recipients.isEmpty {
            left.append(.text("Nơi nhận:", bold: true, italic: true, size: 12, spacingAfter: 0))
            left += recipients.map { .text("- \($0)", size: 11, spacingAfter: 0) }
        }
        let right: [DocxParagraph] = [
            .text(position.uppercased(), bold: true, alignment: .center, spacingAfter: 0, keepWithNext: true),
            .text("\n\n\n", alignment: .center, spacingAfter: 0, keepWithNext: true),
            .text(name, bold: true, alignment: .center, spacingAfter: 0),
        ]
        return .table(DocxTable(columnWidths: [columns.left, columns.right], rows: [[DocxCell(left), DocxCell(right)]],
                                borders: false, cellPadding: 0))
    }

    /// An empty 1 pt paragraph whose bottom border is a centred line `length` mm long in an unpadded cell
    /// `width` mm wide.
    private static func rule(length: Double, in width: Double) -> DocxParagraph {
        let side = max(0, (width - min(length, width)) / 2)
        return DocxParagraph(runs: [DocxRun("", size: 1)], alignment: .center, spacingAfter: 0,
                             indentLeft: side, indentRight: side, bottomBorder: true)
    }

    /// Width in mm of a line of Times New Roman, estimated per character in ems (within 3% of the real width
    /// for Vietnamese headings, measured with the metric-compatible Liberation Serif).
    private static func estimatedWidth(_ text: String, size: Double, bold: Bool) -> Double {
        let ems = text.reduce(0.0) { sum, c in
            sum + (c == " " ? 0.25 : c.isUppercase ? (bold ? 0.72 : 0.68) : (bold ? 0.5 : 0.47))
        }
        return ems * size * 25.4 / 72
    }
}
