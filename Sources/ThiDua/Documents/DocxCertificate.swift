import Foundation

/// The page of a certificate (Giấy khen, title certificate, Giấy chứng nhận sáng kiến) as a Word file: A4 landscape
/// with equal margins all round, so the text is centred on the sheet, inside a double frame; the national heading
/// and motto centred with the line under the motto; at the foot, the references (decision, register number) on the
/// left and the place, date and signer's block on the right, with room for the signature and the seal.
/// Everything fits on one sheet (checked by rendering with LibreOffice).
enum DocxCertificate {
    /// 20 mm on every side: the frame sits 10 mm in from the edge of the sheet (inside any printer's margin) and the
    /// text 10 mm inside the frame.
    static let margins = DocxMargins(top: 20, bottom: 20, left: 20, right: 20)
    /// A double line: the same on the four sides in Word and LibreOffice (a thick-thin line is mirrored on two sides
    /// by one of them and not by the other).
    static let frame = DocxPageBorder(style: .double, width: 1.5, distance: 28)
    /// Text width of A4 landscape with ``margins``, in millimetres.
    static let textWidth = 297.0 - 40
    /// Column widths (mm) of the foot: references on the left, the signer on the right.
    static let foot = (left: 125.0, right: 132.0)

    static func document(title: String, author: String, blocks: [DocxBlock]) -> DocxDocument {
        DocxDocument(title: title, author: author, orientation: .landscape, marginsMM: margins, pageNumbers: false,
                     pageBorder: frame, blocks: blocks)
    }

    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (13 pt bold), the motto (14 pt bold) and a line as long as the motto.
    static func nationalHeading() -> [DocxBlock] {
        let motto = "Độc lập - Tự do - Hạnh phúc"
        let side = (textWidth - estimatedWidth(motto, size: 14, bold: true)) / 2
        return [
            .paragraph(.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 13, alignment: .center, spacingAfter: 0)),
            .paragraph(.text(motto, bold: true, size: 14, alignment: .center, spacingAfter: 0)),
            .paragraph(DocxParagraph(runs: [DocxRun("", size: 1)], alignment: .center, spacingAfter: 0,
                                     indentLeft: side, indentRight: side, bottomBorder: true)),
        ]
    }

    /// A centred line of one run.
    static func line(_ text: String, bold: Bool = false, italic: Bool = false, size: Double, before: Double = 0,
                     after: Double = 0, sideIndent: Double = 0) -> DocxBlock {
        .paragraph(DocxParagraph(runs: [DocxRun(text, bold: bold, italic: italic, size: size)], alignment: .center,
                                 spacingBefore: before, spacingAfter: after, indentLeft: sideIndent,
                                 indentRight: sideIndent, keepWithNext: true))
    }

    /// The largest size from `sizes` (points, largest first) at which `text` (bold, upper case) fits on one line.
    static func fittingSize(_ text: String, sizes: [Double], width: Double = textWidth - 10) -> Double {
        sizes.first { estimatedWidth(text, size: $0, bold: true) <= width } ?? sizes.last ?? 14
    }

    /// How many lines `text` takes across the text width less `sideIndent` on each side (estimated, rounded up).
    static func wrappedLines(_ text: String, size: Double, bold: Bool = false, sideIndent: Double = 0) -> Int {
        let width = max(textWidth - 2 * sideIndent, 10)
        return max(1, Int((estimatedWidth(text, size: size, bold: bold) / width * 1.04).rounded(.up)))
    }

    /// Two gaps (above the title, above the foot) of `room` points in all, shrunk by `extraLines` lines of about 17
    /// points each that the text takes beyond what the layout was drawn for, down to 6 points each: a long name or
    /// a two-line signer still leaves the certificate on one page.
    static func gaps(room: Double, extraLines: Int, share: Double = 0.55) -> (top: Double, foot: Double) {
        let left = max(0, room - 17 * Double(max(extraLines, 0)))
        return (6 + left * share, 6 + left * (1 - share))
    }

    /// The foot: `references` (13 pt, left-aligned, level with the signer's name) on the left; on the right the place
    /// and date (italic), the signer's lines (bold, upper case), five empty lines for the signature and seal, and the
    /// signer's name (bold). With no name on record the space stays empty, to be written by hand.
    static func foot(references: [String], dateLine: String, signature: SignatureBlock, before: Double) -> DocxBlock {
        // The last reference stands level with the signer's name: a 14 pt line is about 16 points high, a 13 pt
        // reference with its 2 points after about 17.
        let nameTop = 16.1 * Double(1 + signature.lines.count) + 16.1 * 5
        let down = max(0, nameTop - 17 * Double(max(references.count - 1, 0)))
        let left: [DocxParagraph] = references.enumerated().map { index, text in
            .text(text, size: 13, spacingBefore: index == 0 ? down : 0, spacingAfter: 2)
        }
        var right: [DocxParagraph] = [.text(dateLine, italic: true, size: 14, alignment: .center, spacingAfter: 0)]
        right += signature.lines.map { .text($0.uppercased(), bold: true, size: 14, alignment: .center, spacingAfter: 0) }
        right.append(.text("\n\n\n\n", size: 14, alignment: .center, spacingAfter: 0))
        right.append(.text(signature.name, bold: true, size: 15, alignment: .center, spacingAfter: 0))
        var first = right[0]
        first.spacingBefore = before
        right[0] = first
        var leftCells = left
        if var top = leftCells.first {
            top.spacingBefore += before
            leftCells[0] = top
        }
        return .table(DocxTable(columnWidths: [foot.left, foot.right], rows: [[DocxCell(leftCells), DocxCell(right)]],
                                borders: false, cellPadding: 0))
    }

    /// "ngày 05 tháng 3 năm 2026": Nghị định 30/2020 writes a leading zero for days below 10 and for months 1 and 2
    /// only; an unknown date is left as dots, to be written by hand.
    static func spelled(_ date: LocalDate?) -> String {
        guard let d = date else { return "ngày ..... tháng ..... năm ....." }
        let day = d.day < 10 ? "0\(d.day)" : "\(d.day)"
        let month = d.month < 3 ? "0\(d.month)" : "\(d.month)"
        return "ngày \(day) tháng \(month) năm \(d.year)"
    }

    /// Width in mm of a line of Times New Roman, estimated per character in ems (Liberation Serif has the same
    /// metrics).
    static func estimatedWidth(_ text: String, size: Double, bold: Bool) -> Double {
        let ems = text.reduce(0.0) { sum, c in
            sum + (c == " " ? 0.25 : c.isUppercase ? (bold ? 0.72 : 0.68) : (bold ? 0.5 : 0.47))
        }
        return ems * size * 25.4 / 72
    }
}
