import Foundation
import Plot

/// The documents of the procedure, in the Nghị định 30/2020 layout: the council's minutes, the Tờ trình, the
/// Quyết định (with its list and reward amounts) and the Giấy khen (A4 landscape), as Word files and a print page.
enum CommendationDocuments {
    struct Line: Sendable {
        let name: String
        let title: String
        let amount: Double
    }

    struct Context: Sendable {
        let authority: String
        let communeName: String
        let year: Int
    }

    static func authorityLines(_ authority: String) -> [String] {
        let upper = authority.uppercased()
        if let range = upper.range(of: " XÃ ") { return [String(upper[..<range.lowerBound]), "XÃ " + upper[range.upperBound...]] }
        return [upper]
    }

    static func paragraph(_ text: String, bold: Bool = false, indent: Bool = true) -> DocxBlock {
        .paragraph(DocxParagraph(runs: [DocxRun(text, bold: bold)], alignment: .justify, spacingAfter: 6, firstLineIndent: indent ? 10 : 0))
    }

    static func titleBlocks(_ text: String) -> [DocxBlock] {
        let parts = text.split(separator: "\n").map(String.init)
        return [DocxTemplates.title(parts.first ?? text)] + parts.dropFirst().map {
            .paragraph(.text($0, bold: true, size: 14, alignment: .center, spacingAfter: 12))
        }
    }

    static func heading(_ c: Context, authority: [String], number: String, date: LocalDate?) -> DocxBlock {
        DocxTemplates.nd30Heading(authority: authority, number: number, place: c.communeName,
                                  day: date?.day ?? 0, month: date?.month ?? 0, year: date?.year ?? c.year)
    }

    static func listTable(_ lines: [Line]) -> DocxBlock {
        var rows: [[DocxCell]] = [[.text("TT", bold: true), .text("Họ tên / tên tập thể", bold: true), .text("Danh hiệu, hình thức", bold: true),
                                   .text("Tiền thưởng (đồng)", bold: true)]]
        for (i, l) in lines.enumerated() {
            rows.append([.text(String(i + 1)), .text(l.name), .text(l.title), .text(MoneyText.format(l.amount))])
        }
        let total = lines.reduce(0) { $0 + $1.amount }
        rows.append([.text(""), .text("Tổng cộng", bold: true), .text("\(lines.count) trường hợp"), .text(MoneyText.format(total), bold: true)])
        return .table(DocxTable(columnWidths: [12, 63, 55, 35], rows: rows, borders: true, cellPadding: 1.5))
    }

    static func minutes(_ c: Context, heldOn: LocalDate?, place: String, present: Int, total: Int, quorumOK: Bool,
                        results: [(String, String, Int, Int, String)], thresholdLine: String) throws -> Data {
        var blocks: [DocxBlock] = [heading(c, authority: authorityLines(c.authority) + ["HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"], number: "", date: heldOn)]
        blocks += titleBlocks(CommendationText.minutesTitle)
        blocks.append(paragraph("Thời gian: ngày \(heldOn?.vietnamese ?? "…"). Địa điểm: \(place)."))
        blocks.append(paragraph("Thành viên có mặt: \(present)/\(total); \(quorumOK ? "đủ" : "không đủ") số thành viên dự họp theo quy chế."))
        blocks.append(paragraph("Hội đồng đã xem xét hồ sơ đề nghị khen thưởng phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(c.year) và bỏ phiếu kín. \(thresholdLine)"))
        var rows: [[DocxCell]] = [[.text("TT", bold: true), .text("Người / tập thể", bold: true), .text("Danh hiệu", bold: true),
                                   .text("Đồng ý", bold: true), .text("Không đồng ý", bold: true), .text("Kết quả", bold: true)]]
        for (i, r) in results.enumerated() {
            rows.append([.text(String(i + 1)), .text(r.0), .text(r.1), .text(String(r.2)), .text(String(r.3)), .text(r.4)])
        }
        blocks.append(.table(DocxTable(columnWidths: [10, 45, 45, 18, 20, 27], rows: rows, borders: true, cellPadding: 1.5)))
        blocks.append(paragraph("Biên bản được lập xong, thông qua tại cuộc họp và các thành viên dự họp thống nhất."))
        blocks.append(DocxTemplates.signature(position: "CHỦ TỊCH HỘI ĐỒNG", name: ""))
        return try DocxWriter.data(DocxDocument(title: "Biên bản họp Hội đồng TĐKT năm \(c.year)", author: c.authority, blocks: blocks))
    }

    static func submission(_ c: Context, number: String, date: LocalDate?, lines: [Line], posting: String, objections: Int) throws -> Data {
        var blocks: [DocxBlock] = [heading(c, authority: authorityLines(c.authority) + ["PHÒNG VĂN HÓA - XÃ HỘI"], number: "Số: \(number)", date: date)]
        blocks += titleBlocks(CommendationText.submissionTitle(c.year))
        blocks.append(.paragraph(.text("Kính gửi: Chủ tịch Ủy ban nhân dân xã \(c.communeName).", alignment: .center, spacingAfter: 12)))
        blocks.append(paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;"))
        blocks.append(paragraph("Căn cứ kết quả họp và bỏ phiếu kín của Hội đồng Thi đua - Khen thưởng xã; danh sách đã được công khai \(posting), \(objections == 0 ? "không có ý kiến phản ánh" : "\(objections) ý kiến đã được xem xét, trả lời")."))
        blocks.append(paragraph("Phòng Văn hóa - Xã hội kính trình Chủ tịch Ủy ban nhân dân xã xem xét, khen thưởng \(lines.count) trường hợp có thành tích trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(c.year), cụ thể:"))
        blocks.append(listTable(lines))
        blocks.append(paragraph("Kính trình Chủ tịch Ủy ban nhân dân xã xem xét, quyết định./."))
        blocks.append(DocxTemplates.signature(position: "TRƯỞNG PHÒNG", name: "", recipients: ["Như trên;", "Lưu: VT, VHXH."]))
        return try DocxWriter.data(DocxDocument(title: "Tờ trình khen thưởng năm \(c.year)", author: c.authority, blocks: blocks))
    }

    static func decision(_ c: Context, number: String, date: LocalDate?, lines: [Line], submission: String, baseSalary: Double) throws -> Data {
        var blocks: [DocxBlock] = [heading(c, authority: authorityLines(c.authority), number: "Số: \(number)", date: date)]
        blocks += titleBlocks(CommendationText.decisionTitle(c.year))
        blocks.append(.paragraph(.text("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ \(c.communeName.uppercased())", bold: true, alignment: .center, spacingAfter: 12)))
        for basis in ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                      "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                      "Căn cứ Nghị định số 129/2025/NĐ-CP của Chính phủ quy định việc phân định thẩm quyền của chính quyền địa phương 02 cấp;",
                      "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;",
                      "Theo đề nghị của Phòng Văn hóa - Xã hội tại Tờ trình số \(submission)."] {
            blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(basis, italic: true)], alignment: .justify, spacingAfter: 4, firstLineIndent: 10)))
        }
        blocks.append(.paragraph(.text("QUYẾT ĐỊNH:", bold: true, alignment: .center, spacingBefore: 6, spacingAfter: 6)))
        let total = lines.reduce(0) { $0 + $1.amount }
        blocks.append(paragraph("Điều 1. Tặng danh hiệu thi đua, Giấy khen cho \(lines.count) cá nhân, tập thể có thành tích trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(c.year) (danh sách kèm theo)."))
        blocks.append(paragraph("Điều 2. Tiền thưởng theo mức lương cơ sở \(MoneyText.format(baseSalary)) đồng, tổng cộng \(MoneyText.format(total)) đồng, chi từ Quỹ thi đua, khen thưởng của xã."))
        blocks.append(paragraph("Điều 3. Quyết định có hiệu lực kể từ ngày ký. Văn phòng HĐND và UBND xã, Phòng Văn hóa - Xã hội, các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."))
        blocks.append(DocxTemplates.signature(position: "CHỦ TỊCH", name: "", recipients: ["Như Điều 3;", "Lưu: VT, VHXH."]))
        blocks.append(.paragraph(.text("DANH SÁCH KHEN THƯỞNG", bold: true, alignment: .center, spacingBefore: 18, spacingAfter: 0, keepWithNext: true)))
        blocks.append(.paragraph(.text("(Kèm theo Quyết định số \(number))", italic: true, alignment: .center, spacingAfter: 6, keepWithNext: true)))
        blocks.append(listTable(lines))
        return try DocxWriter.data(DocxDocument(title: "Quyết định khen thưởng năm \(c.year)", author: c.authority, blocks: blocks))
    }

    // MARK: Giấy khen (A4 landscape)

    struct Certificate: Sendable {
        let context: Context
        let recipient: String
        let titleName: String
        /// A commendation form (Giấy khen) rather than an emulation title.
        let isGiayKhen: Bool
        let decisionNumber: String
        let decisionDate: LocalDate?
    }

    static func certificateLines(_ m: Certificate) -> [String] {
        ["CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ \(m.context.communeName.uppercased())", m.isGiayKhen ? "TẶNG" : "CÔNG NHẬN DANH HIỆU",
         m.isGiayKhen ? "GIẤY KHEN" : m.titleName.uppercased(), m.recipient,
         "Đã có thành tích trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(m.context.year).",
         "Quyết định số \(m.decisionNumber)" + (m.decisionDate.map { " ngày \($0.vietnamese)" } ?? "")]
    }

    static func certificateDocx(_ m: Certificate) throws -> Data {
        let l = certificateLines(m)
        let blocks: [DocxBlock] = [
            .paragraph(.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 13, alignment: .center, spacingAfter: 0)),
            .paragraph(.text("Độc lập - Tự do - Hạnh phúc", bold: true, size: 14, alignment: .center, spacingAfter: 18)),
            .paragraph(.text(l[0], bold: true, size: 16, alignment: .center, spacingAfter: 6)),
            .paragraph(.text(l[1], bold: true, size: 20, alignment: .center, spacingAfter: 6)),
            .paragraph(.text(l[2], bold: true, size: 24, alignment: .center, spacingAfter: 12)),
            .paragraph(.text(l[3], bold: true, size: 20, alignment: .center, spacingAfter: 12)),
            .paragraph(.text(l[4], italic: true, size: 14, alignment: .center, spacingAfter: 12)),
            .paragraph(.text(l[5], size: 13, alignment: .left, spacingAfter: 0)),
            .paragraph(.text("\(m.context.communeName), ngày \(m.decisionDate.map { String(format: "%02d tháng %02d năm %04d", $0.day, $0.month, $0.year) } ?? "… tháng … năm …")",
                             italic: true, size: 14, alignment: .right, spacingAfter: 0)),
            .paragraph(.text("CHỦ TỊCH", bold: true, size: 14, alignment: .right, spacingAfter: 0)),
        ]
        return try DocxWriter.data(DocxDocument(title: "Giấy khen: \(m.recipient)", author: m.context.authority, orientation: .landscape,
                                                pageNumbers: false, blocks: blocks))
    }

    static func certificatePage(_ m: Certificate) -> HTML {
        let l = certificateLines(m)
        return HTML(
            .lang(.vietnamese),
            .head(.meta(.charset(.utf8)), Layout.documentTitle("\(CommendationText.certificate) — \(m.recipient)"),
                  .stylesheet(StaticAssetsMiddleware.commendationCertificateStylesheet)),
            .body(.main(
                .div(.class("frame"),
                     .p(.class("nat"), .text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), .p(.class("motto"), .text("Độc lập - Tự do - Hạnh phúc")),
                     .p(.class("who"), .text(l[0])), .p(.class("give"), .text(l[1])), .h1(.class("award"), .text(l[2])),
                     .p(.class("name"), .text(l[3])), .p(.class("why"), .text(l[4])),
                     .div(.class("foot"), .span(.text(l[5])),
                          .span(.em(.text("\(m.context.communeName), ngày \(m.decisionDate?.vietnamese ?? "…")"))), .strong(.text("CHỦ TỊCH")))),
                .p(.class("noprint"), .text("Dùng lệnh In của trình duyệt (Ctrl+P), khổ A4 ngang."))
            ))
        )
    }
}
