import Foundation

/// The four Word documents of an inspection (issue 15), in the Nghị định 30/2020 layout, built only from the shared
/// blocks of ``DocxTemplates``: the yearly **Kế hoạch kiểm tra**, the **Thông báo kiểm tra** of a visit, the **Biên bản
/// kiểm tra** (InspectionMinutesDocument.swift) and the **Thông báo kết luận kiểm tra** (InspectionConclusionDocument.swift).
///
/// The builders are pure: they take plain `Sendable` inputs (each field's doc comment names the model field it comes
/// from, see InspectionModels.swift) and return the .docx bytes, so they are tested without a database.
///
/// **Who issues them.** The council (Hội đồng Thi đua - Khen thưởng xã), not the People's Committee: the movement's
/// plan (IV.4) gives the inspections to the council ("Hội đồng Thi đua - Khen thưởng xã sẽ tổ chức các đoàn kiểm tra…
/// sẽ có thông báo cụ thể"), and the teams are the council's. Under NĐ 30 (Phụ lục I, mục II.3) the heading then shows
/// the commune's People's Committee as the parent body (regular) and the council as the issuing body (bold), as the
/// council's own minutes do (``CommendationDocuments/councilIssuer``); the council works collectively, so its chair
/// signs "TM. HỘI ĐỒNG / CHỦ TỊCH" (Điều 13 khoản 2; a vice-chair "TM. HỘI ĐỒNG / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"). The
/// plan is still "approved by the chairperson": the commune's chairperson chairs the council. The signature is an
/// input, so a commune that has the UBND issue it only changes the caller.
enum InspectionDocuments {
    /// The register symbols (sổ đăng ký văn bản, per year): ``DocumentRegister/next(communeID:year:symbol:on:)``.
    static let planSymbol = "KH-HĐTĐKT"
    /// The notice and the conclusion are both the council's Thông báo: one register.
    static let noticeSymbol = "TB-HĐTĐKT"
    static let conclusionSymbol = "TB-HĐTĐKT"
    /// The minutes are the team's (Đoàn kiểm tra).
    static let minutesSymbol = "BB-ĐKT"

    /// The commune and the movement, for every document.
    struct Context: Sendable, Equatable {
        /// Commune.authorityName, "ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG" (as the commendation documents take it): the parent
        /// body in the heading, split before "XÃ" into two lines; the document's author.
        var authority: String
        /// "Nghĩa Trung" (Commune.name): the place of the date line and the council's name in the text.
        var communeName: String
        /// How the documents name the movement.
        var movement: String = InspectionDocumentText.movement
    }

    /// A document cited by another: the plan in a notice, the notice in the minutes, the minutes in the conclusion.
    struct Reference: Sendable, Equatable {
        /// With its symbol, "2/KH-HĐTĐKT".
        var number: String
        var date: LocalDate?
    }

    /// A member of an inspection team as the documents name them.
    struct Member: Sendable, Equatable {
        /// Person.fullName of ``InspectionTeamMember/personID``.
        var name: String
        /// "Chức vụ, đơn vị" of the person (their title and unit), e.g. "Phó Chủ tịch UBND xã".
        var position: String
        /// ``InspectionTeamMember/role``.
        var role: InspectionTeamRole
        /// ``InspectionTeamMember/task``.
        var task: String
    }

    /// A team of the plan (Thành phần đoàn).
    struct Team: Sendable, Equatable {
        /// ``InspectionTeam/name``, e.g. "Đoàn kiểm tra số 1".
        var name: String
        /// ``InspectionTeam/assignment``: the field or area it follows.
        var assignment: String
        /// Its ``InspectionTeamMember`` rows in `position` order; the documents put the leader first, then the deputy,
        /// the members and the secretary, keeping that order within each role.
        var members: [Member]
    }

    // MARK: Kế hoạch kiểm tra

    /// One line of the plan's schedule (III): one ``InspectionVisit``.
    struct PlanVisit: Sendable, Equatable {
        /// Unit.name of ``InspectionVisit/unitID`` (one of the plan's ``InspectionTarget`` units).
        var unit: String
        /// ``InspectionVisit/date`` (visitDate).
        var date: LocalDate?
        /// ``InspectionVisit/visitTime``, "HH:mm".
        var time: String
        /// ``InspectionVisit/place``.
        var place: String
        /// ``InspectionVisit/content``.
        var content: String
        /// ``InspectionTeam/name`` of ``InspectionVisit/teamID``.
        var team: String
    }

    /// A unit the plan chose (an ``InspectionTarget``) and why.
    struct PlanTarget: Sendable, Equatable {
        /// Unit.name of ``InspectionTarget/unitID``.
        var unit: String
        /// ``InspectionTarget/reason``.
        var reason: String
    }

    /// The yearly plan (Kế hoạch kiểm tra), from ``InspectionPlan`` with its teams and visits.
    struct PlanInput: Sendable, Equatable {
        var context: Context
        /// ``InspectionPlan/year``.
        var year: Int
        /// The number taken from the per-year register with ``planSymbol`` when the plan is issued (nil: a draft, the
        /// Số line keeps a blank before "/KH-HĐTĐKT"). InspectionPlan has no number field yet.
        var number: Int?
        /// The date of issue, e.g. the day of ``InspectionPlan/approvedAt`` (nil: dots in the date line).
        var date: LocalDate?
        /// The bases cited ("Căn cứ …;"), from the legal-basis book (H1's ``LegalBasisBook``) for the plan.
        var legalBases: [DocxTemplates.LegalBasis] = []
        /// The movement's own plan, cited as "Thực hiện Kế hoạch số 05/KH-UBND ngày … của Ủy ban nhân dân xã …".
        var movementPlan: Reference?
        /// ``InspectionPlan/purpose`` (I. Mục đích, yêu cầu): one paragraph per line.
        var purpose: String
        /// ``InspectionPlan/content`` (II. Nội dung kiểm tra).
        var content: String
        /// The units chosen (III), each listed with its reason, scheduled or not, in the order they were chosen.
        var targets: [PlanTarget] = []
        /// The visits in date order (III).
        var visits: [PlanVisit]
        /// ``InspectionSettings/noticeDays``: how long before a visit its notice goes; for an issued plan the days
        /// kept at its issue (``InspectionDocumentNumbers/PlanNumbers/noticeDays``).
        var noticeDays: Int = 7
        /// The plan's teams (IV).
        var teams: [Team]
        /// ``InspectionPlan/organisation`` (V. Tổ chức thực hiện).
        var organisation: String
        /// The council's chair (``SignerBook``: "TM. HỘI ĐỒNG / CHỦ TỊCH" and the name).
        var signature: SignatureBlock
        var recipients: [String] = InspectionDocumentText.planRecipients
    }

    static func plan(_ input: PlanInput, created: Date = Date()) throws -> Data {
        try DocxWriter.data(planDocument(input), created: created)
    }

    static func planDocument(_ p: PlanInput) -> DocxDocument {
        let T = InspectionDocumentText.self
        let c = p.context
        var blocks: [DocxBlock] = [heading(c, number: numberLine(p.number, planSymbol), date: p.date, year: p.year)]
        blocks += DocxTemplates.trichYeu(title: "KẾ HOẠCH", summary: balanced(T.planSummary(p.year, movement: c.movement)))
        blocks += DocxTemplates.legalBases(p.legalBases)
        let movementPlan = p.movementPlan.map {
            T.movementPlanReference($0.number, date: $0.date, commune: c.communeName, movement: c.movement)
        }
        blocks.append(DocxTemplates.body(T.planOpening(movementPlan: movementPlan, commune: c.communeName, year: p.year,
                                                       movement: c.movement)))
        blocks.append(section(T.planPurpose))
        blocks += paragraphs(p.purpose)
        blocks.append(section(T.planContent))
        blocks += paragraphs(p.content)

        blocks.append(section(T.planSchedule))
        blocks.append(DocxTemplates.body(T.planTargets(Set(p.targets.map(\.unit) + p.visits.map(\.unit)).count)))
        blocks.append(DocxTemplates.body(T.planTiming(noticeDays: p.noticeDays), keepWithNext: true))
        if p.visits.isEmpty && p.targets.isEmpty {
            blocks.append(DocxTemplates.body(T.noVisits))
        } else {
            blocks.append(scheduleTable(p.targets, p.visits))
        }

        blocks.append(section(T.planTeams))
        if p.teams.isEmpty { blocks.append(DocxTemplates.body(T.noTeams)) }
        for (i, team) in p.teams.enumerated() {
            blocks.append(.paragraph(.text(T.teamHeading(i + 1, team.name), bold: true, spacingBefore: 6, spacingAfter: 3,
                                           firstLineIndent: 10, keepWithNext: true)))
            if !team.assignment.trimmed.isEmpty { blocks.append(DocxTemplates.body(T.teamAssignment(team.assignment.trimmed), keepWithNext: true)) }
            blocks.append(membersTable(team.members))
        }

        blocks.append(section(T.planOrganisation))
        blocks += paragraphs(p.organisation)
        blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(T.planClosing)], alignment: .justify, spacingBefore: 6, spacingAfter: 12,
                                               firstLineIndent: 10, keepWithNext: true)))
        blocks.append(DocxTemplates.signature(p.signature, recipients: p.recipients))
        return DocxDocument(title: "Kế hoạch kiểm tra năm \(p.year)", author: c.authority, blocks: blocks)
    }

    // MARK: Thông báo kiểm tra

    /// The notice of one visit (Thông báo kiểm tra), from an ``InspectionVisit`` and its team.
    struct NoticeInput: Sendable, Equatable {
        var context: Context
        /// ``InspectionPlan/year``.
        var year: Int
        /// From the per-year register with ``noticeSymbol`` when the notice is first issued (nil: blank).
        var number: Int?
        /// The day the notice is issued (the day of ``InspectionVisit/noticeSentAt``).
        var date: LocalDate?
        /// The plan it carries out (its number and date), when the plan has one.
        var plan: Reference?
        /// Unit.name of ``InspectionVisit/unitID``.
        var unit: String
        /// The unit's criteria group, e.g. "Nhóm 1.1 – Cơ quan thuộc UBND xã": what it self-scores against.
        var criteriaGroup: String = ""
        /// ``InspectionTeam/name``.
        var team: String
        /// ``InspectionVisit/content``: the scope and content.
        var content: String
        /// ``InspectionVisit/date`` and ``InspectionVisit/visitTime`` ("HH:mm").
        var visitDate: LocalDate?
        var visitTime: String
        /// ``InspectionVisit/place``.
        var place: String
        /// The team's members with each one's task.
        var members: [Member]
        /// What the unit prepares; by default its report, its self-score by criterion, its records and its people.
        var preparations: [String]? = nil
        /// Who the unit calls about the visit (e.g. the secretariat's officer and phone), printed when given.
        var contact: String = ""
        /// The council's chair ("TM. HỘI ĐỒNG / CHỦ TỊCH").
        var signature: SignatureBlock
        /// nil: the unit, the team, the archive.
        var recipients: [String]? = nil
    }

    static func notice(_ input: NoticeInput, created: Date = Date()) throws -> Data {
        try DocxWriter.data(noticeDocument(input), created: created)
    }

    static func noticeDocument(_ n: NoticeInput) -> DocxDocument {
        let T = InspectionDocumentText.self
        let c = n.context
        let unit = orBlank(n.unit)
        var blocks: [DocxBlock] = [heading(c, number: numberLine(n.number, noticeSymbol), date: n.date, year: n.year)]
        blocks += DocxTemplates.trichYeu(title: "THÔNG BÁO", summary: balanced(T.noticeSummary(unit, year: n.year, movement: c.movement)))
        let plan = n.plan.map { T.planReference($0.number, date: $0.date, commune: c.communeName) }
        blocks.append(DocxTemplates.body(T.noticeOpening(plan: plan, commune: c.communeName, unit: unit)))
        let content = lines(n.content)
        blocks.append(DocxTemplates.body(T.noticeContent(content.first ?? T.blank)))
        blocks += content.dropFirst().map { DocxTemplates.body($0) }
        blocks.append(DocxTemplates.body(T.noticeTime(time: T.spokenTime(n.visitTime), day: T.dayText(n.visitDate))))
        blocks.append(DocxTemplates.body(T.noticePlace(orBlank(n.place))))
        blocks.append(DocxTemplates.body(T.noticeTeam(n.team.trimmed), keepWithNext: true))
        blocks.append(membersTable(n.members))
        blocks.append(.paragraph(.text(T.noticePrepare, spacingBefore: 6, spacingAfter: 3, firstLineIndent: 10, keepWithNext: true)))
        blocks += dashLines(n.preparations ?? T.defaultPreparations(year: n.year, criteriaGroup: n.criteriaGroup.trimmed))
        if !n.contact.trimmed.isEmpty { blocks.append(DocxTemplates.body(T.noticeContact(n.contact.trimmed))) }
        blocks.append(.paragraph(DocxParagraph(runs: [DocxRun(T.noticeClosing(commune: c.communeName, unit: unit))], alignment: .justify,
                                               spacingBefore: 6, spacingAfter: 12, firstLineIndent: 10, keepWithNext: true)))
        blocks.append(DocxTemplates.signature(n.signature, recipients: n.recipients ?? T.noticeRecipients(unit: unit, team: n.team.trimmed)))
        return DocxDocument(title: "Thông báo kiểm tra \(n.unit)", author: c.authority, blocks: blocks)
    }

    // MARK: shared pieces

    /// The NĐ 30 heading of a council document: the commune's People's Committee above (regular), the council (bold).
    static func heading(_ c: Context, number: String, date: LocalDate?, year: Int) -> DocxBlock {
        DocxTemplates.nd30Heading(parent: CommendationDocuments.authorityLines(c.authority), issuer: CommendationDocuments.councilIssuer,
                                  number: number, place: c.communeName,
                                  day: date?.day ?? 0, month: date?.month ?? 0, year: date?.year ?? year)
    }

    /// "Số: 2/KH-HĐTĐKT"; with no number yet, a blank before the symbol (filled in when registered by hand).
    static func numberLine(_ number: Int?, _ symbol: String) -> String {
        "Số: " + (number.map { "\($0)/\(symbol)" } ?? "      /\(symbol)")
    }

    /// A section title of the body ("I. MỤC ĐÍCH, YÊU CẦU"): bold, kept with what follows.
    static func section(_ text: String) -> DocxBlock {
        .paragraph(.text(text, bold: true, spacingBefore: 6, spacingAfter: 6, keepWithNext: true))
    }

    /// The non-empty lines of a text someone typed, trimmed.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    /// One body paragraph per line; a blank to fill when nothing was written.
    static func paragraphs(_ text: String) -> [DocxBlock] {
        let all = lines(text)
        return (all.isEmpty ? [InspectionDocumentText.blank] : all).map { DocxTemplates.body($0) }
    }

    /// "- …" lines, indented, kept together.
    static func dashLines(_ items: [String]) -> [DocxBlock] {
        items.enumerated().map { i, item in
            let last = i == items.count - 1
            let text = item.hasPrefix("-") || item.hasPrefix("–") ? item : "- " + item
            return .paragraph(DocxParagraph(runs: [DocxRun(text)], alignment: .justify, spacingAfter: last ? 6 : 0, indentLeft: 10,
                                            keepWithNext: !last))
        }
    }

    static func orBlank(_ text: String) -> String { text.trimmed.isEmpty ? InspectionDocumentText.blank : text.trimmed }

    /// The trích yếu on two lines of about equal length when it is long.
    static func balanced(_ text: String) -> [String] { CommendationDocuments.balanced(text) }

    static func roleRank(_ r: InspectionTeamRole) -> Int {
        switch r {
        case .leader: 0
        case .deputy: 1
        case .member: 2
        case .secretary: 3
        }
    }

    /// Leader first, then deputy, members, secretary; the given order within a role.
    static func ordered(_ members: [Member]) -> [Member] {
        members.enumerated().sorted { (roleRank($0.element.role), $0.offset) < (roleRank($1.element.role), $1.offset) }.map(\.element)
    }

    /// The team: TT, name, position and unit, role in the team, task. The header row repeats on every page.
    static func membersTable(_ members: [Member]) -> DocxBlock {
        typealias C = DocxTemplates.Column
        let T = InspectionDocumentText.self
        let columns = [C(title: T.tt, width: 10, centered: true), C(title: T.nameColumn, width: 38), C(title: T.positionColumn, width: 45),
                       C(title: T.roleColumn, width: 27), C(title: T.taskColumn, width: 45)]
        let rows: [DocxTemplates.Row] = ordered(members).enumerated().map { i, m in
            .values([String(i + 1), m.name, m.position, m.role.label, m.task])
        }
        return DocxTemplates.dataTable(columns, rows, size: 12)
    }

    /// The targets and their schedule: TT, unit, reason for choosing it, time (hour and date), place, content, team. The
    /// visits in date order, then the targets not scheduled yet ("Chưa xếp lịch").
    static func scheduleTable(_ targets: [PlanTarget], _ visits: [PlanVisit]) -> DocxBlock {
        typealias C = DocxTemplates.Column
        let T = InspectionDocumentText.self
        let columns = [C(title: T.tt, width: 8, centered: true), C(title: T.unitColumn, width: 30), C(title: T.reasonColumn, width: 33),
                       C(title: T.timeColumn, width: 24, centered: true), C(title: T.placeColumn, width: 24), C(title: T.contentColumn, width: 28),
                       C(title: T.teamColumn, width: 18)]
        let reasons = Dictionary(targets.map { ($0.unit, $0.reason.trimmed) }) { a, b in [a, b].filter { !$0.isEmpty }.joined(separator: "; ") }
        let scheduled = Set(visits.map(\.unit))
        let cells = visits.map { v in [v.unit, reasons[v.unit] ?? "", T.scheduleCell(date: v.date, time: v.time), v.place, v.content, v.team] }
            + targets.filter { !scheduled.contains($0.unit) }.map { [$0.unit, $0.reason.trimmed, T.notScheduled, "", "", ""] }
        let rows: [DocxTemplates.Row] = cells.enumerated().map { i, c in .values([String(i + 1)] + c) }
        return DocxTemplates.dataTable(columns, rows, size: 12)
    }

    /// Points as a Vietnamese table writes them: "8,5"; nothing when not scored.
    static func points(_ value: Double?) -> String { value.map { NumberText.format($0) } ?? "" }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
