import Foundation
import Plot

/// The documents of the procedure, in the Nghị định 30/2020 layout: the council's minutes, the Tờ trình, the
/// Quyết định (with its list and reward amounts) and the Giấy khen (A4 landscape), as Word files and a print page.
enum CommendationDocuments {
    /// One line of a year's list: one award (a recipient may have several).
    struct Line: Sendable {
        let name: String
        let title: String
        let amount: Double
        /// "Chức vụ, đơn vị" of an individual (from the person and their unit); empty for a collective.
        var position: String = ""
        /// Who receives it (a person's or unit's id, else the name): awards and recipients are counted apart.
        var recipientKey: String = ""
        var kind: RecipientKind = .individual
        /// The title's place in the catalogue: the list's order (``AwardListOrder``).
        var titlePosition: Int = Int.max
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

    /// The NĐ 30 heading with `authority` as lines: the last is the issuing body (bold), those above the parent body.
    static func heading(_ c: Context, authority: [String], number: String, date: LocalDate?) -> DocxBlock {
        DocxTemplates.nd30Heading(authority: authority, number: number, place: c.communeName,
                                  day: date?.day ?? 0, month: date?.month ?? 0, year: date?.year ?? c.year)
    }

    /// The NĐ 30 heading with a parent body (regular) and an issuing body of one or more lines (all bold).
    static func heading(_ c: Context, parent: [String], issuer: [String], number: String, date: LocalDate?) -> DocxBlock {
        DocxTemplates.nd30Heading(parent: parent, issuer: issuer, number: number, place: c.communeName,
                                  day: date?.day ?? 0, month: date?.month ?? 0, year: date?.year ?? c.year)
    }

    // MARK: the list

    /// How many awards, and to how many distinct recipients (one person may receive two titles).
    struct Counts: Sendable, Equatable {
        let awards: Int
        let recipients: Int
        let individuals: Int
        let collectives: Int
    }

    static func counts(_ lines: [Line]) -> Counts {
        func key(_ l: Line) -> String { l.recipientKey.isEmpty ? "\(l.kind.rawValue):\(l.name)" : l.recipientKey }
        var kinds: [String: RecipientKind] = [:]
        for l in lines { kinds[key(l)] = l.kind }
        return Counts(awards: lines.count, recipients: kinds.count, individuals: kinds.values.filter { $0 != .collective }.count,
                      collectives: kinds.values.filter { $0 == .collective }.count)
    }

    /// The list as a table: individuals (with their position and unit), then collectives, each under its heading
    /// row; the header row repeats on every page, amounts are right-aligned, with a totals row.
    static func listTable(_ lines: [Line]) -> DocxBlock {
        typealias C = DocxTemplates.Column
        let T = CommendationDocumentText.self
        let columns = [C(title: "TT", width: 10, centered: true), C(title: T.recipientColumn, width: 43), C(title: T.positionColumn, width: 47),
                       C(title: T.titleColumn, width: 38), C(title: T.amountColumn, width: 27, numeric: true)]
        var rows: [DocxTemplates.Row] = []
        let groups: [(String, [Line])] = [(T.individualsGroup, lines.filter { $0.kind != .collective }),
                                          (T.collectivesGroup, lines.filter { $0.kind == .collective })].filter { !$0.1.isEmpty }
        var n = 0
        for (title, group) in groups {
            if groups.count > 1 { rows.append(.group(title)) }
            for l in group {
                n += 1
                rows.append(.values([String(n), l.name, l.position, l.title, MoneyText.format(l.amount)]))
            }
        }
        let c = counts(lines)
        rows.append(.total(["", T.total, T.totalLine(c), "", MoneyText.format(lines.reduce(0) { $0 + $1.amount })]))
        return DocxTemplates.dataTable(columns, rows, size: 12)
    }

    /// The summary split into two lines of about equal length at a space (a long trích yếu reads better so).
    static func balanced(_ text: String, limit: Int = 60) -> [String] {
        guard text.count > limit else { return [text] }
        let words = text.split(separator: " ").map(String.init)
        var best = (index: 1, diff: Int.max)
        for i in 1..<words.count {
            let a = words[..<i].joined(separator: " ").count, b = words[i...].joined(separator: " ").count
            if abs(a - b) < best.diff { best = (i, abs(a - b)) }
        }
        return [words[..<best.index].joined(separator: " "), words[best.index...].joined(separator: " ")]
    }

    // MARK: Tờ trình

    /// What the Tờ trình and the Quyết định cite: the commune's legal bases, the movement's plan and the council's meeting.
    struct Sources: Sendable {
        /// e.g. ("05/KH-UBND", 15/01/2026)
        var plan: (number: String, date: LocalDate?)?
        /// The council meeting that passed the list, and its minutes' number.
        var meeting: (date: LocalDate, minutes: String?)?
        /// The list's public posting, "từ 16/11/2026 đến 20/11/2026".
        var posting: String = ""
        var objections: Int = 0
        var baseSalary: Double = 0
        var baseSalarySource: String = ""
        /// The commune's legal bases (all of them, read once): each document cites those switched on for it, dated
        /// on or before its date (``LegalBasisBook/citations(_:by:on:)``).
        var bases: [LegalBasis] = []
        /// What an issued document cited at its issue (``CommendationCitedBases``): printed instead of `bases` when kept.
        var cited: [DocxTemplates.LegalBasis]?
    }

    static func planBasis(_ c: Context, _ s: Sources) -> DocxTemplates.LegalBasis? {
        guard let plan = s.plan, !plan.number.isEmpty else { return nil }
        return .init(name: "Kế hoạch số \(plan.number)", date: plan.date, about: CommendationDocumentText.planAbout(c.communeName))
    }

    static func submission(_ c: Context, number: String, date: LocalDate?, lines: [Line], sources s: Sources, signature: SignatureBlock) throws -> Data {
        let T = CommendationDocumentText.self
        var blocks: [DocxBlock] = [heading(c, parent: authorityLines(c.authority), issuer: [T.office], number: "Số: \(number)", date: date)]
        blocks += DocxTemplates.trichYeu(title: "TỜ TRÌNH", summary: balanced(T.submissionSummary(c.year)))
        blocks.append(.paragraph(.text(T.addressee(c.communeName), alignment: .center, spacingAfter: 12)))
        let bases = (s.cited ?? LegalBasisBook.citations(s.bases, by: .commendationSubmission, on: date)) + [planBasis(c, s)].compactMap { $0 }
        for basis in bases { blocks.append(DocxTemplates.body(basis.sentence)) }
        if let m = s.meeting { blocks.append(DocxTemplates.body(T.councilBasis(date: m.date, minutes: m.minutes))) }
        blocks.append(DocxTemplates.body(T.postingLine(s.posting, objections: s.objections)))
        blocks.append(DocxTemplates.body(T.submissionAsk(counts(lines), year: c.year)))
        blocks.append(listTable(lines))
        blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(T.submissionClosing)], alignment: .justify, spacingBefore: 6, spacingAfter: 12,
                                               firstLineIndent: 10, keepWithNext: true)))
        blocks.append(DocxTemplates.signature(signature, recipients: T.submissionRecipients))
        return try DocxWriter.data(DocxDocument(title: "Tờ trình khen thưởng năm \(c.year)", author: c.authority, blocks: blocks))
    }

    // MARK: Quyết định

    static func decision(_ c: Context, number: String, date: LocalDate?, lines: [Line], submission: (number: String, date: LocalDate?)?,
                         sources s: Sources, signature: SignatureBlock) throws -> Data {
        let T = CommendationDocumentText.self
        var blocks: [DocxBlock] = [heading(c, parent: [], issuer: authorityLines(c.authority), number: "Số: \(number)", date: date)]
        blocks += DocxTemplates.trichYeu(title: "QUYẾT ĐỊNH", summary: balanced(T.decisionSummary(c.year)))
        blocks.append(.paragraph(.text(T.decisionAuthority(c.communeName), bold: true, alignment: .center, spacingAfter: 12, keepWithNext: true)))
        var bases = (s.cited ?? LegalBasisBook.citations(s.bases, by: .commendationDecision, on: date)) + [planBasis(c, s)].compactMap { $0 }
        if let m = s.meeting { bases.append(.init(name: T.councilResult, date: m.date, about: m.minutes.map { "(Biên bản số \($0))" } ?? "")) }
        let proposal = submission.map { T.proposal(number: $0.number, date: $0.date) } ?? T.proposalWithoutNumber
        blocks += DocxTemplates.legalBases(bases, closing: proposal)
        blocks.append(DocxTemplates.enacting("QUYẾT ĐỊNH:"))
        let counts = counts(lines)
        let total = lines.reduce(0) { $0 + $1.amount }
        blocks.append(DocxTemplates.article(1, T.article1(counts, year: c.year)))
        blocks.append(DocxTemplates.article(2, T.article2(baseSalary: s.baseSalary, total: total)))
        blocks.append(DocxTemplates.article(3, T.article3, keepWithNext: true))
        blocks.append(DocxTemplates.signature(signature, recipients: T.decisionRecipients))
        blocks += DocxTemplates.attachedListHeading(T.listName,
                                                    attachedTo: DocxTemplates.attachedToLine(kind: "Quyết định", number: number, date: date,
                                                                                             issuer: T.issuer(c.communeName)))
        blocks.append(listTable(lines))
        return try DocxWriter.data(DocxDocument(title: "Quyết định khen thưởng năm \(c.year)", author: c.authority, blocks: blocks))
    }
}
