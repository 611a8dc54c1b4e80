import Fluent
import Foundation
import Plot
import SQLKit

/// The Giấy chứng nhận sáng kiến, as a Word file and a print page that say the same.
///
/// It is laid out like the Giấy khen (``DocxCertificate``: A4 landscape, framed, the text centred) rather than as a
/// portrait Nghị định 30 document: it is the paper handed to the author and hung on a wall, issued with the
/// recognition decision (which is the NĐ 30 document and carries the legal text); issue 14 asks for "the same" as the
/// Giấy khen. It has its own number from its own per-year register (``symbol``), never the decision's number, which
/// it cites with the decision's date.
enum InitiativeCertificate {
    /// The register of initiative certificates: "Số: 3/GCN-SK".
    static let symbol = "GCN-SK"
    static func numberText(_ number: Int) -> String { "\(number)/\(symbol)" }

    struct Model: Sendable {
        let authority: String
        let communeName: String
        let title: String
        let authors: [AuthorCredit]
        let unitName: String?
        let decisionNumber: String
        let decisionDate: LocalDate?
        /// The certificate's own number (nil: recognised before the register existed and not numbered).
        let certificateNumber: Int?
        let scope: InitiativeScope
        let year: Int
        /// The chairperson who signs the certificate, as for the decision.
        let signature: SignatureBlock
    }

    static let heading = "GIẤY CHỨNG NHẬN SÁNG KIẾN"

    /// The words of the certificate, shared by the Word file and the print page.
    struct Wording: Sendable, Equatable {
        /// "Chủ tịch Ủy ban nhân dân xã … chứng nhận sáng kiến:"
        let lead: String
        let title: String
        let authors: [String]
        let unit: String?
        let recognition: String
        let number: String
        let decision: String
        let dateLine: String
    }

    /// The initiative's name in quotation marks, once (``Quoting/quoted(_:)``, the rule of every notice and document).
    static func quoted(_ title: String) -> String { Quoting.quoted(title) }

    static func wording(_ m: Model) -> Wording {
        let scope = switch m.scope {
        case .commune: "cấp cơ sở"
        case .province: "cấp tỉnh"
        case .national: "toàn quốc"
        }
        let credits = m.authors.map { a in
            [a.name, a.title, a.workplace].filter { !$0.isEmpty }.joined(separator: ", ") + " (\(NumberText.format(a.share))%)"
        }
        // The first author, then the co-authors on a line of their own.
        let authors = credits.prefix(1).map { "Tác giả: \($0)" }
            + (credits.count > 1 ? ["Đồng tác giả: " + credits.dropFirst().joined(separator: "; ")] : [])
        let decision = "Quyết định số \(m.decisionNumber) \(DocxCertificate.spelled(m.decisionDate))"
        return Wording(
            lead: "Chủ tịch Ủy ban nhân dân xã \(m.communeName) chứng nhận sáng kiến:",
            title: quoted(m.title),
            authors: authors,
            unit: m.unitName.map { "Đơn vị áp dụng: \($0)" },
            recognition: "Được công nhận là sáng kiến có phạm vi ảnh hưởng \(scope) theo \(decision) "
                + "của Chủ tịch Ủy ban nhân dân xã \(m.communeName).",
            number: "Số: \(m.certificateNumber.map(numberText) ?? ".....")",
            decision: decision,
            dateLine: "\(m.communeName), \(DocxCertificate.spelled(m.decisionDate))")
    }

    /// The printable page: A4 landscape through print CSS; works without JavaScript (Ctrl+P).
    static func page(_ m: Model) -> HTML {
        let w = wording(m)
        return HTML(
            .lang(.vietnamese),
            .head(.meta(.charset(.utf8)), Layout.documentTitle("\(heading) — \(m.title)"),
                  .stylesheet(StaticAssetsMiddleware.certificateStylesheet)),
            .body(.class("initiative"), .main(
                .div(.class("frame"),
                     CommendationDocuments.nationalHeading(),
                     .div(.class("body"),
                          .h1(.class("award"), .text(heading)),
                          .p(.class("lead"), .text(w.lead)),
                          .p(.class("name"), .strong(.text(w.title))),
                          .group(w.authors.map { .p(.class("details"), .text($0)) }),
                          w.unit.map { .p(.class("details"), .text($0)) } ?? .empty,
                          .p(.class("why"), .text(w.recognition))),
                     .div(.class("foot"),
                          .div(.class("refs"), .p(.text(w.number))),
                          CommendationDocuments.signatureColumn(dateLine: w.dateLine, signature: m.signature))),
                .p(.class("noprint"), .text("Dùng lệnh In của trình duyệt (Ctrl+P), khổ A4 ngang."))
            ))
        )
    }

    static func docx(_ m: Model) throws -> Data {
        let w = wording(m)
        let titleSize = DocxCertificate.estimatedWidth(w.title, size: 18, bold: true) < 235 ? 18.0 : 16.0
        // Drawn for a one-line name, one line per author line and unit, a two-line recognition and a one-line signer.
        var extra = DocxCertificate.wrappedLines(w.title, size: titleSize, bold: true, sideIndent: 10) - 1
        extra += (w.authors + (w.unit.map { [$0] } ?? [])).reduce(0) { $0 + DocxCertificate.wrappedLines($1, size: 14, sideIndent: 10) - 1 }
        extra += max(0, DocxCertificate.wrappedLines(w.recognition, size: 14, sideIndent: 15) - 2) + m.signature.lines.count - 1
        let gaps = DocxCertificate.gaps(room: 58, extraLines: extra)
        var blocks = DocxCertificate.nationalHeading()
        blocks.append(DocxCertificate.line(heading, bold: true, size: 32, before: gaps.top, after: 14))
        blocks.append(DocxCertificate.line(w.lead, size: 15, after: 10))
        blocks.append(DocxCertificate.line(w.title, bold: true, size: titleSize, after: 10, sideIndent: 10))
        for line in w.authors { blocks.append(DocxCertificate.line(line, size: 14, after: 4, sideIndent: 10)) }
        if let unit = w.unit { blocks.append(DocxCertificate.line(unit, size: 14, after: 4, sideIndent: 10)) }
        blocks.append(DocxCertificate.line(w.recognition, italic: true, size: 14, before: 4, sideIndent: 15))
        blocks.append(DocxCertificate.foot(references: [w.number], dateLine: w.dateLine, signature: m.signature, before: gaps.foot))
        return try DocxWriter.data(DocxCertificate.document(title: "\(heading): \(m.title)", author: m.authority, blocks: blocks))
    }
}

/// Issue 14: the initiative certificate's own number. Recognised initiatives from before are numbered in the order
/// of their decisions (date, then when they were filed). Their recognition decisions keep the numbers typed then; the
/// register of decisions is moved past any of those typed as "n/QĐ-UBND", so no later decision repeats one.
struct AddInitiativeCertificateNumbers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("initiatives").field("certificate_number", .int).update()
        try await database.transaction { try await Self.numberRecognised(on: $0) }
    }

    /// Numbers the certificate of every recognised initiative that has none, and moves the register of decisions past
    /// the numbers typed before.
    static func numberRecognised(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.raw("""
            SELECT id, commune_id, year, decision_number, decision_date FROM initiatives
            WHERE status = 'recognised' AND certificate_number IS NULL
            ORDER BY decision_date, created_at, id
            """).all()
        var typed: [String: (commune: UUID, year: Int, number: Int)] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let commune = try row.decode(column: "commune_id", as: UUID.self)
            let decided = try row.decode(column: "decision_date", as: String?.self).flatMap { LocalDate(iso: $0) }
            let year = try decided?.year ?? row.decode(column: "year", as: Int.self)
            let number = try await DocumentRegister.next(communeID: commune, year: year, symbol: InitiativeCertificate.symbol, on: db)
            try await sql.raw("UPDATE initiatives SET certificate_number = \(bind: number) WHERE id = \(bind: id)").run()
            let parts = try row.decode(column: "decision_number", as: String.self).precomposedStringWithCanonicalMapping
                .split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[1] == CommendationCommands.decisionSymbol, let n = Int(parts[0]), n > 0 {
                let key = "\(commune)/\(year)"
                typed[key] = (commune, year, max(n, typed[key]?.number ?? 0))
            }
        }
        for entry in typed.values {
            try await sql.insert(into: "document_numbers")
                .columns("id", "commune_id", "year", "symbol", "last_number")
                .values(SQLBind(UUID()), SQLBind(entry.commune), SQLBind(entry.year), SQLBind(CommendationCommands.decisionSymbol), SQLBind(0))
                .ignoringConflicts(with: ["commune_id", "year", "symbol"])
                .run()
            try await sql.raw("""
                UPDATE document_numbers SET last_number = \(bind: entry.number)
                WHERE commune_id = \(bind: entry.commune) AND year = \(bind: entry.year)
                AND symbol = \(bind: CommendationCommands.decisionSymbol) AND last_number < \(bind: entry.number)
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("initiatives").deleteField("certificate_number").update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DELETE FROM document_numbers WHERE symbol = \(bind: InitiativeCertificate.symbol)").run()
        }
    }
}
