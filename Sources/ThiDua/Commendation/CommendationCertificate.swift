import Fluent
import Foundation
import Plot

/// The Giấy khen and the title certificates (A4 landscape, framed), as a Word file and a print page that say the
/// same: the national heading, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …", "TẶNG" / "TẶNG DANH HIỆU" (the wording of the
/// decision's Điều 1), the award in large letters, the recipient with their position and unit, the achievement, the
/// decision's number and date, the number in the register of awards, and the signer's block.
extension CommendationDocuments {
    /// Who receives a certificate, as printed.
    struct CertificateRecipient: Sendable, Equatable {
        /// "Ông" or "Bà" when the person's salutation (danh xưng) is on record; nil for a collective, or when not
        /// given (the name is then printed alone: a wrong "Ông" on a certificate is worse than none).
        var salutation: String?
        var name: String
        /// An individual's position (chức vụ) and unit (đơn vị), each when known; nil for a collective or household.
        /// The unit is nil too when the position already names it (``AwardListOrder/positionAndUnit(title:unit:)``).
        var position: String?
        var unit: String?
    }

    struct Certificate: Sendable {
        let context: Context
        let recipient: CertificateRecipient
        let titleName: String
        /// A commendation form (Giấy khen) rather than an emulation title (Lao động tiên tiến…).
        let isGiayKhen: Bool
        let decisionNumber: String
        let decisionDate: LocalDate?
        /// Số vào sổ: the award's number in the register of awards of the decision's year (``AwardRegister``).
        let registerNumber: Int?
        /// The decision's signer: "CHỦ TỊCH" (or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and the name.
        let signature: SignatureBlock
    }

    /// The words of a certificate, shared by the Word file and the print page.
    struct CertificateWording: Sendable, Equatable {
        let issuer: String
        /// "TẶNG" for a Giấy khen, "TẶNG DANH HIỆU" for a title.
        let give: String
        /// "GIẤY KHEN", or the title in capitals.
        let award: String
        let salutation: String?
        let name: String
        /// "Chức vụ: …, Đơn vị: …" for an individual, when known.
        let details: String?
        let achievement: String
        /// "Quyết định số 187/QĐ-UBND ngày 24 tháng 11 năm 2026"
        let decision: String
        /// "Số vào sổ: 12"
        let register: String
        /// "Nghĩa Trung, ngày 24 tháng 11 năm 2026"
        let dateLine: String
    }

    /// The certificate of an award of `decision`: the recipient's salutation, position and unit from the directory (a
    /// person's danh xưng, title and unit; for a collective its name alone), the register number stored on the award.
    static func certificate(award a: Award, decision d: CommendationDecision, context: Context, signature: SignatureBlock,
                            on db: any Database) async throws -> Certificate {
        var recipient = CertificateRecipient(salutation: nil, name: a.recipientName)
        let title = try await AwardTitle.find(a.titleID, on: db)
        // An individual's award only: a household's or a collective's certificate names them alone.
        if (title?.recipientKind ?? .individual) == .individual, let personID = a.personID,
           let person = try await Person.query(on: db).filter(\.$id == personID).filter(\.$communeID == a.communeID).first() {
            recipient.salutation = person.salutation.flatMap(Salutation.init(rawValue:))?.label
            var unitName: String?
            if let unitID = person.unitID {
                unitName = try await Unit.query(on: db).filter(\.$id == unitID).filter(\.$communeID == a.communeID).first()?.name
            }
            let shown = AwardListOrder.positionAndUnit(title: person.title, unit: unitName)
            recipient.position = shown.position
            recipient.unit = shown.unit
        }
        let code = title?.code ?? ""
        return Certificate(context: context, recipient: recipient, titleName: a.titleName, isGiayKhen: code.hasPrefix("gk"),
                           decisionNumber: d.numberText, decisionDate: LocalDate(iso: d.issuedOn), registerNumber: a.registerNumber,
                           signature: signature)
    }

    static func certificateWording(_ m: Certificate) -> CertificateWording {
        let r = m.recipient
        let details = [r.position.map { "Chức vụ: \($0)" }, r.unit.map { "Đơn vị: \($0)" }].compactMap { $0 }
        return CertificateWording(
            issuer: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ \(m.context.communeName.uppercased())",
            give: m.isGiayKhen ? "TẶNG" : "TẶNG DANH HIỆU",
            award: m.isGiayKhen ? "GIẤY KHEN" : m.titleName.uppercased(),
            salutation: r.salutation, name: r.name,
            details: details.isEmpty ? nil : details.joined(separator: ", "),
            achievement: "Đã có thành tích trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(m.context.year).",
            decision: "Quyết định số \(m.decisionNumber) \(DocxCertificate.spelled(m.decisionDate))",
            register: "Số vào sổ: \(m.registerNumber.map(String.init) ?? ".....")",
            dateLine: "\(m.context.communeName), \(DocxCertificate.spelled(m.decisionDate))")
    }

    static func certificateDocx(_ m: Certificate) throws -> Data {
        let w = certificateWording(m)
        let awardSize = DocxCertificate.fittingSize(w.award, sizes: [38, 34, 30, 26, 22])
        // Drawn for a one-line name, position and unit, achievement and signer: more lines take from the gaps.
        var extra = DocxCertificate.wrappedLines(w.achievement, size: 14, sideIndent: 20) - 1 + m.signature.lines.count - 1
        extra += w.details.map { DocxCertificate.wrappedLines($0, size: 14, sideIndent: 15) - 1 } ?? 0
        extra += DocxCertificate.wrappedLines(w.name, size: 20, bold: true) - 1
        let gaps = DocxCertificate.gaps(room: 68, extraLines: extra)
        var blocks = DocxCertificate.nationalHeading()
        blocks.append(DocxCertificate.line(w.issuer, bold: true, size: 16, before: gaps.top, after: 12))
        blocks.append(DocxCertificate.line(w.give, bold: true, size: 16, after: 6))
        blocks.append(DocxCertificate.line(w.award, bold: true, size: awardSize, after: 22))
        var name: [DocxRun] = []
        if let salutation = w.salutation { name.append(DocxRun(salutation + " ", size: 18)) }
        name.append(DocxRun(w.name, bold: true, size: 20))
        blocks.append(.paragraph(DocxParagraph(runs: name, alignment: .center, spacingAfter: 10, keepWithNext: true)))
        if let details = w.details { blocks.append(DocxCertificate.line(details, size: 14, after: 8, sideIndent: 15)) }
        blocks.append(DocxCertificate.line(w.achievement, italic: true, size: 14, before: 4, sideIndent: 20))
        blocks.append(DocxCertificate.foot(references: [w.decision, w.register], dateLine: w.dateLine, signature: m.signature,
                                           before: gaps.foot))
        let doc = DocxCertificate.document(title: "\(m.isGiayKhen ? "Giấy khen" : m.titleName): \(w.name)", author: m.context.authority,
                                           blocks: blocks)
        return try DocxWriter.data(doc)
    }

    static func certificatePage(_ m: Certificate) -> HTML {
        let w = certificateWording(m)
        let name: Node<HTML.BodyContext> = .group(w.salutation.map { .text($0 + " ") } ?? .empty, .strong(.text(w.name)))
        return HTML(
            .lang(.vietnamese),
            .head(.meta(.charset(.utf8)), Layout.documentTitle("\(CommendationText.certificate) — \(w.name)"),
                  .stylesheet(StaticAssetsMiddleware.certificateStylesheet)),
            .body(.main(
                .div(.class("frame"),
                     nationalHeading(),
                     .div(.class("body"),
                          .p(.class("who"), .text(w.issuer)),
                          .p(.class("give"), .text(w.give)),
                          .h1(.class(m.isGiayKhen ? "award" : "award title"), .text(w.award)),
                          .p(.class("name"), name),
                          w.details.map { .p(.class("details"), .text($0)) } ?? .empty,
                          .p(.class("why"), .text(w.achievement))),
                     .div(.class("foot"),
                          .div(.class("refs"), .p(.text(w.decision)), .p(.text(w.register))),
                          signatureColumn(dateLine: w.dateLine, signature: m.signature))),
                .p(.class("noprint"), .text("Dùng lệnh In của trình duyệt (Ctrl+P), khổ A4 ngang."))
            ))
        )
    }

    /// The national heading and motto (with its line) at the top of a printed certificate.
    static func nationalHeading() -> Node<HTML.BodyContext> {
        .div(.class("head"),
             .p(.class("nat"), .text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
             .p(.class("motto"), .span(.text("Độc lập - Tự do - Hạnh phúc"))))
    }

    /// The right-hand column of a printed certificate: place and date, the signer's lines, room to sign, the name.
    static func signatureColumn(dateLine: String, signature: SignatureBlock) -> Node<HTML.BodyContext> {
        .div(.class("sign"),
             .p(.class("date"), .em(.text(dateLine))),
             .group(signature.lines.map { .p(.strong(.text($0.uppercased()))) }),
             .div(.class("room")),
             .p(.class("signer"), .strong(.text(signature.name))))
    }
}
