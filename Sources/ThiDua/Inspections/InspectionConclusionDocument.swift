import Foundation

/// The Thông báo kết luận kiểm tra of a visit: the result, the conclusions, the recommendations with their deadlines
/// (the ``InspectionFollowUp`` items the unit answers and the team closes), and Nơi nhận.
extension InspectionDocuments {
    /// One recommendation with its deadline: an ``InspectionFollowUp``.
    struct FollowUp: Sendable, Equatable {
        /// ``InspectionFollowUp/text``.
        var text: String
        /// ``InspectionFollowUp/dueDate``.
        var dueDate: LocalDate?
        /// Who carries it out: the visited unit's name unless the council names another.
        var responsible: String
    }

    /// The conclusion of one visit, from ``InspectionVisit/conclusion`` and its follow-ups.
    struct ConclusionInput: Sendable, Equatable {
        var context: Context
        /// ``InspectionPlan/year``.
        var year: Int
        /// From the per-year register with ``conclusionSymbol`` when issued (nil: blank). No model field yet.
        var number: Int?
        /// The day of issue (the day of ``InspectionVisit/concludedAt``).
        var date: LocalDate?
        var plan: Reference?
        /// The minutes it rests on (number and date), when numbered.
        var minutes: Reference?
        /// Unit.name of ``InspectionVisit/unitID``; ``InspectionTeam/name``.
        var unit: String
        var team: String
        /// ``InspectionVisit/date``.
        var visitDate: LocalDate?
        /// The checklist's totals (sums of ``InspectionChecklistLine`` max, self and team points), printed when scored.
        var maxPoints: Double?
        var selfPoints: Double?
        var teamPoints: Double?
        /// ``InspectionVisit/conclusion``: one paragraph per line.
        var conclusion: String
        /// The ``InspectionFollowUp`` rows in `position` order.
        var followUps: [FollowUp]
        /// The council's chair ("TM. HỘI ĐỒNG / CHỦ TỊCH").
        var signature: SignatureBlock
        /// nil: the unit, the commune's leaders, the team, the archive.
        var recipients: [String]? = nil
    }

    static func conclusion(_ input: ConclusionInput, created: Date = Date()) throws -> Data {
        try DocxWriter.data(conclusionDocument(input), created: created)
    }

    static func conclusionDocument(_ k: ConclusionInput) -> DocxDocument {
        let T = InspectionDocumentText.self
        let c = k.context
        let unit = orBlank(k.unit)
        let team = k.team.trimmed
        var blocks: [DocxBlock] = [heading(c, number: numberLine(k.number, conclusionSymbol), date: k.date, year: k.year)]
        blocks += DocxTemplates.trichYeu(title: "THÔNG BÁO", summary: balanced(T.conclusionSummary(unit, year: k.year, movement: c.movement)))
        let plan = k.plan.map { T.planReference($0.number, date: $0.date, commune: c.communeName) }
        blocks.append(DocxTemplates.body(T.conclusionOpening(plan: plan, visitDate: k.visitDate, team: team, unit: unit, minutes: k.minutes?.number,
                                                             commune: c.communeName)))
        // The sections are numbered I, II, … in order: the result comes first only when the visit was scored.
        var sections = 0
        func next(_ title: String) -> DocxBlock {
            sections += 1
            return section("\(T.roman(sections)). \(title)")
        }
        if let max = k.maxPoints, let scored = k.teamPoints {
            blocks.append(next(T.conclusionResults))
            blocks.append(DocxTemplates.body(T.conclusionScore(team: points(scored), max: points(max), selfScore: k.selfPoints.map { points($0) })))
        }
        blocks.append(next(T.conclusionText))
        blocks += paragraphs(k.conclusion)
        blocks.append(next(T.conclusionFollowUps))
        blocks.append(k.followUps.isEmpty ? DocxTemplates.body(T.noFollowUps) : followUpTable(k.followUps, unit: unit))
        blocks.append(next(T.conclusionOrganisation))
        blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(T.conclusionAsk(unit: unit, team: team))], alignment: .justify,
                                               spacingAfter: 12, firstLineIndent: 10, keepWithNext: true)))
        blocks.append(DocxTemplates.signature(k.signature, recipients: k.recipients ?? T.conclusionRecipients(unit: unit, team: team)))
        return DocxDocument(title: "Thông báo kết luận kiểm tra \(k.unit)", author: c.authority, blocks: blocks)
    }

    /// TT, recommendation, deadline, who carries it out; the header row repeats on every page.
    static func followUpTable(_ items: [FollowUp], unit: String) -> DocxBlock {
        typealias C = DocxTemplates.Column
        let T = InspectionDocumentText.self
        let columns = [C(title: T.tt, width: 10, centered: true), C(title: T.followUpColumn, width: 90),
                       C(title: T.dueColumn, width: 27, centered: true), C(title: T.responsibleColumn, width: 38)]
        let rows: [DocxTemplates.Row] = items.enumerated().map { i, f in
            let who = f.responsible.trimmed.isEmpty ? unit : f.responsible.trimmed
            return .values([String(i + 1), f.text.trimmed, f.dueDate?.vietnamese ?? T.blank, who])
        }
        return DocxTemplates.dataTable(columns, rows, size: 12)
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
