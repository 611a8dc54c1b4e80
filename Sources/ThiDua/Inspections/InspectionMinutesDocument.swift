import Foundation

/// The Biên bản kiểm tra of a visit: time, place, who attended on each side, the checklist's points per criterion,
/// strengths, weaknesses, findings, recommendations, and the signatures of the unit's head and the team leader side by
/// side (``DocxTemplates/signatures(left:right:)``).
extension InspectionDocuments {
    /// One criterion of the checklist: an ``InspectionChecklistLine``.
    struct ChecklistLine: Sendable, Equatable {
        /// ``InspectionChecklistLine/criterionTitle``.
        var criterion: String
        /// ``InspectionChecklistLine/maxPoints``.
        var maxPoints: Double
        /// ``InspectionChecklistLine/selfPoints`` (nil: the unit did not score it).
        var selfPoints: Double?
        /// ``InspectionChecklistLine/teamPoints`` (nil: not scored yet).
        var teamPoints: Double?
        /// ``InspectionChecklistLine/note``; a "Ghi chú" column appears when any line has one.
        var note: String = ""
    }

    /// Something the team found: an ``InspectionFinding`` and the names of its ``InspectionFile`` rows.
    struct Finding: Sendable, Equatable {
        /// ``InspectionFinding/text``.
        var text: String
        /// ``InspectionFile/originalName`` of the finding's files.
        var evidence: [String] = []
    }

    /// The minutes of one visit, from the ``InspectionVisit``'s `minutes*` fields and its checklist and findings.
    struct MinutesInput: Sendable, Equatable {
        var context: Context
        /// ``InspectionPlan/year``.
        var year: Int
        /// From the per-year register with ``minutesSymbol`` when the minutes are recorded (nil: blank).
        /// InspectionVisit has no minutes number yet.
        var number: Int?
        /// The plan and the notice it carries out.
        var plan: Reference?
        var notice: Reference?
        /// Unit.name of ``InspectionVisit/unitID``.
        var unit: String
        /// ``InspectionTeam/name``.
        var team: String
        /// ``InspectionVisit/date``: the day of the visit (also the heading's date).
        var date: LocalDate?
        /// ``InspectionVisit/minutesStartsAt`` and ``InspectionVisit/minutesEndsAt``, "HH:mm".
        var startsAt: String
        var endsAt: String
        /// ``InspectionVisit/minutesPlace`` (else ``InspectionVisit/place``).
        var place: String
        /// ``InspectionVisit/teamAttendees`` and ``InspectionVisit/unitAttendees``, one "Name, position" per line.
        var teamAttendees: [String]
        var unitAttendees: [String]
        /// The ``InspectionChecklistLine`` rows in `position` order.
        var checklist: [ChecklistLine]
        /// ``InspectionVisit/strengths`` (ưu điểm), ``InspectionVisit/weaknesses`` (tồn tại, hạn chế).
        var strengths: String
        var weaknesses: String
        /// The visit's ``InspectionFinding`` rows.
        var findings: [Finding]
        /// ``InspectionVisit/recommendations`` (kiến nghị).
        var recommendations: String
        /// What the unit said about the result, printed when given (no model field yet).
        var unitOpinion: String = ""
        /// How many copies are signed (two: one for the team, one for the unit).
        var copies: Int = 2
        /// The team leader (right): ``teamLeaderBlock(name:)``; the unit's head (left): ``unitHeadBlock(name:title:)``.
        var teamLeader: SignatureBlock
        var unitHead: SignatureBlock
    }

    /// "ĐẠI DIỆN ĐOÀN KIỂM TRA / TRƯỞNG ĐOÀN" and the leader's name.
    static func teamLeaderBlock(name: String) -> SignatureBlock {
        SignatureBlock(lines: InspectionDocumentText.teamLeaderLines, name: name)
    }

    /// "ĐẠI DIỆN ĐƠN VỊ / THỦ TRƯỞNG ĐƠN VỊ" (or the head's own title, e.g. "HIỆU TRƯỞNG", "TRƯỞNG THÔN") and the name.
    static func unitHeadBlock(name: String, title: String = "") -> SignatureBlock {
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        var lines = InspectionDocumentText.unitHeadLines
        if !t.isEmpty { lines[lines.count - 1] = t.uppercased() }
        return SignatureBlock(lines: lines, name: name)
    }

    static func minutes(_ input: MinutesInput, created: Date = Date()) throws -> Data {
        try DocxWriter.data(minutesDocument(input), created: created)
    }

    static func minutesDocument(_ m: MinutesInput) -> DocxDocument {
        let T = InspectionDocumentText.self
        let c = m.context
        let unit = orBlank(m.unit)
        var blocks: [DocxBlock] = [heading(c, number: numberLine(m.number, minutesSymbol), date: m.date, year: m.year)]
        blocks += DocxTemplates.trichYeu(title: "BIÊN BẢN", summary: balanced(T.minutesSummary(unit, year: m.year, movement: c.movement)))
        let plan = m.plan.map { T.planReference($0.number, date: $0.date, commune: c.communeName) }
        let notice = m.notice.map { T.noticeReference($0.number, date: $0.date, commune: c.communeName) }
        if let bases = T.minutesBases(plan: plan, notice: notice) {
            blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(bases, italic: true)], alignment: .justify, spacingAfter: 6, firstLineIndent: 10)))
        }
        blocks.append(DocxTemplates.body(T.minutesOpening(time: T.spokenTime(m.startsAt), day: T.dayText(m.date), place: orBlank(m.place),
                                                          team: m.team.trimmed, commune: c.communeName, unit: unit, year: m.year,
                                                          movement: c.movement)))

        blocks.append(section(T.minutesPeople))
        blocks.append(DocxTemplates.body(T.minutesTeamSide(m.team.trimmed), keepWithNext: true))
        blocks += attendeeLines(m.teamAttendees)
        blocks.append(DocxTemplates.body(T.minutesUnitSide(unit), keepWithNext: true))
        blocks += attendeeLines(m.unitAttendees)

        blocks.append(section(T.minutesWork))
        blocks.append(DocxTemplates.body(T.minutesProgramme))
        blocks.append(subsection(T.minutesScores))
        blocks.append(m.checklist.isEmpty ? DocxTemplates.body(T.minutesNoCriteria) : checklistTable(m.checklist))
        blocks.append(subsection(T.minutesStrengths))
        blocks += paragraphs(m.strengths)
        blocks.append(subsection(T.minutesWeaknesses))
        blocks += paragraphs(m.weaknesses)
        blocks.append(subsection(T.minutesFindings))
        let findings = m.findings.filter { !$0.text.trimmed.isEmpty }
        blocks += findings.isEmpty ? [DocxTemplates.body(T.minutesNoFindings)]
            : dashLines(findings.map { $0.text.trimmed + T.evidence($0.evidence) + ";" })
        blocks.append(section(T.minutesRecommendations))
        blocks += paragraphs(m.recommendations)
        if !m.unitOpinion.trimmed.isEmpty {
            blocks.append(section(T.minutesUnitOpinion))
            blocks += paragraphs(m.unitOpinion)
        }
        blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(T.minutesClosing(time: T.spokenTime(m.endsAt), copies: max(2, m.copies)))],
                                               alignment: .justify, spacingBefore: 6, spacingAfter: 12, firstLineIndent: 10,
                                               keepWithNext: true)))
        blocks.append(DocxTemplates.signatures(left: m.unitHead, right: m.teamLeader))
        return DocxDocument(title: "Biên bản kiểm tra \(m.unit)", author: c.authority, blocks: blocks)
    }

    /// A numbered part inside a section ("1. Kết quả chấm điểm theo tiêu chí"): bold, indented.
    static func subsection(_ text: String) -> DocxBlock {
        .paragraph(.text(text, bold: true, spacingBefore: 3, spacingAfter: 3, firstLineIndent: 10, keepWithNext: true))
    }

    /// "- Name, position;" per attendee, the last with a full stop; a blank line when nobody was recorded.
    static func attendeeLines(_ people: [String]) -> [DocxBlock] {
        let names = people.flatMap { lines($0) }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ";.")) }
        if names.isEmpty { return dashLines([InspectionDocumentText.blank]) }
        return dashLines(names.enumerated().map { i, n in n + (i == names.count - 1 ? "." : ";") })
    }

    /// The checklist: TT, criterion, maximum, the unit's self-score, the team's score (and a note when any line has
    /// one); the header row repeats on every page, the points are right-aligned, the totals row is bold.
    static func checklistTable(_ lines: [ChecklistLine]) -> DocxBlock {
        typealias C = DocxTemplates.Column
        let T = InspectionDocumentText.self
        let withNote = lines.contains { !$0.note.trimmed.isEmpty }
        // With a note: the points narrower (a score is "10,5"), the note about a third of the criterion's width.
        var columns = [C(title: T.tt, width: withNote ? 9 : 10, centered: true), C(title: T.criterionColumn, width: withNote ? 62 : 86),
                       C(title: T.maxColumn, width: withNote ? 18 : 22, numeric: true), C(title: T.selfColumn, width: withNote ? 19 : 24, numeric: true),
                       C(title: T.teamScoreColumn, width: withNote ? 19 : 23, numeric: true)]
        if withNote { columns.append(C(title: T.noteColumn, width: 38)) }
        var rows: [DocxTemplates.Row] = lines.enumerated().map { i, l in
            .values([String(i + 1), l.criterion, points(l.maxPoints), points(l.selfPoints), points(l.teamPoints)] + (withNote ? [l.note] : []))
        }
        let selfScored = lines.compactMap(\.selfPoints)
        let teamScored = lines.compactMap(\.teamPoints)
        rows.append(.total(["", T.total, points(lines.reduce(0) { $0 + $1.maxPoints }),
                            selfScored.isEmpty ? "" : points(selfScored.reduce(0, +)),
                            teamScored.isEmpty ? "" : points(teamScored.reduce(0, +))] + (withNote ? [""] : [])))
        return DocxTemplates.dataTable(columns, rows, size: 12)
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
