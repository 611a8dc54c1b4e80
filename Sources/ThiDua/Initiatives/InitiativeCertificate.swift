import Foundation
import Plot

/// The Giấy chứng nhận sáng kiến: a printable A4 page and a Word document in the Nghị định 30/2020 layout.
enum InitiativeCertificate {
    struct Model: Sendable {
        let authority: String
        let communeName: String
        let title: String
        let authors: [AuthorCredit]
        let unitName: String?
        let decisionNumber: String
        let decisionDate: LocalDate?
        let scope: InitiativeScope
        let year: Int
    }

    static let heading = "GIẤY CHỨNG NHẬN SÁNG KIẾN"
    static func authorityLines(_ m: Model) -> [String] {
        let upper = m.authority.uppercased()
        if let range = upper.range(of: " XÃ ") { return [String(upper[..<range.lowerBound]), "XÃ " + upper[range.upperBound...]] }
        return [upper]
    }
    static func dateLine(_ m: Model) -> String {
        guard let d = m.decisionDate else { return "\(m.communeName), ngày … tháng … năm …" }
        return String(format: "%@, ngày %02d tháng %02d năm %04d", m.communeName, d.day, d.month, d.year)
    }
    static func body(_ m: Model) -> [String] {
        var lines = ["Chứng nhận sáng kiến: “\(m.title)”",
                     "Tác giả: " + m.authors.map { "\($0.name)\($0.title.isEmpty ? "" : ", \($0.title)")\($0.workplace.isEmpty ? "" : ", \($0.workplace)") (\(NumberText.format($0.share))%)" }.joined(separator: "; ")]
        if let unit = m.unitName { lines.append("Đơn vị áp dụng: \(unit)") }
        lines.append("Đã được công nhận là sáng kiến có phạm vi ảnh hưởng \(m.scope.label.lowercased()) theo Quyết định số \(m.decisionNumber)"
                     + (m.decisionDate.map { " ngày \($0.vietnamese)" } ?? "") + " của Chủ tịch Ủy ban nhân dân xã \(m.communeName).")
        return lines
    }

    /// The printable page: A4 and the NĐ 30 margins through print CSS; works without JavaScript (Ctrl+P).
    static func page(_ m: Model) -> HTML {
        HTML(
            .lang(.vietnamese),
            .head(.meta(.charset(.utf8)), Layout.documentTitle("\(heading) — \(m.title)"),
                  .stylesheet(StaticAssetsMiddleware.initiativeCertificateStylesheet)),
            .body(.main(
                .div(.class("top"),
                     .div(.class("left"), .group(authorityLines(m).enumerated().map { i, line in .p(i == 0 ? .text(line) : .strong(.text(line))) }),
                          .p(.text("Số: \(m.decisionNumber)"))),
                     .div(.class("right"), .p(.class("nowrap"), .strong(.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))),
                          .p(.span(.class("motto"), .text("Độc lập - Tự do - Hạnh phúc"))))),
                .p(.class("date"), .text(dateLine(m))),
                .h1(.text(heading)),
                .group(body(m).map { .p(.text($0)) }),
                .div(.class("sign"), .p(.strong(.text("CHỦ TỊCH"))), .p(.em(.text("(Ký, ghi rõ họ tên và đóng dấu)")))),
                .p(.class("noprint"), .text("Dùng lệnh In của trình duyệt (Ctrl+P) để in trên khổ A4."))
            ))
        )
    }

    static func docx(_ m: Model) throws -> Data {
        let date = m.decisionDate
        var blocks: [DocxBlock] = [
            DocxTemplates.nd30Heading(authority: authorityLines(m), number: "Số: \(m.decisionNumber)", place: m.communeName,
                                      day: date?.day ?? 0, month: date?.month ?? 0, year: date?.year ?? m.year),
            DocxTemplates.title(heading),
        ]
        for line in body(m) {
            blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(line)], alignment: .justify, spacingAfter: 6, firstLineIndent: 10)))
        }
        blocks.append(DocxTemplates.signature(position: "CHỦ TỊCH", name: ""))
        return try DocxWriter.data(DocxDocument(title: "\(heading): \(m.title)", author: m.authority, blocks: blocks))
    }
}
