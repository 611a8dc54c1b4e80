import Foundation
import Plot

enum InitiativeViews {
    static func badge<C: HTML.BodyContext>(_ s: InitiativeStatus) -> Node<C> {
        let style = switch s {
        case .recognised: "badge badge-ok"
        case .returned, .notRecognised: "badge badge-warn"
        case .draft, .withdrawn: "badge badge-muted"
        case .submitted, .underReview: "badge"
        }
        return .span(.class(style), .text(s.label))
    }

    static func similar<C: HTML.BodyContext>(_ items: [SimilarInitiative]?, link: (SimilarInitiative) -> SiteURL?) -> Node<C> {
        guard let items else { return .empty }
        return .section(.class("card"), .attr("id", "similar"), .h2(.text(InitiativeText.similarTitle)), .p(.class("hint"), .text(InitiativeText.similarLead)),
                        items.isEmpty ? .p(.class("muted"), .text(InitiativeText.similarNone)) :
                            Components.table(headers: [InitiativeText.fieldTitle, InitiativeText.year, InitiativeText.status, InitiativeText.similarity],
                                             rows: items.map { s in
                                                 [link(s).map { .link($0, s.title) } ?? .safe(s.title), .text(String(s.year)),
                                                  .text((InitiativeStatus(rawValue: s.status) ?? .draft).label), .text("\(Int((s.score * 100).rounded()))%")]
                                             }, numericColumns: [1, 3]))
    }
}

enum InitiativeListView {
    struct Model: Sendable {
        let frame: PageFrame
        let rows: [InitiativeRow]
        let query: String
        let status: String
        let showcaseCode: String
        let canEditRubric: Bool
    }

    static func render(_ m: Model) -> HTML {
        let state = FormState(values: ["q": m.query, "status": m.status])
        return Layout.render(m.frame, lead: InitiativeText.lead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.initiatives.path), .class("filters"),
                       FormKit.text("q", label: InitiativeText.search, state: state),
                       FormKit.select("status", label: InitiativeText.status, state: state,
                                      choices: InitiativeStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, blank: InitiativeText.allStatuses),
                       .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
                 .div(.class("actions"), .link(.initiativeNew, InitiativeText.new, class: "btn btn-primary"),
                      .link(.showcase(m.showcaseCode), InitiativeText.showcase, class: "btn btn-secondary"),
                      .link(.achievements, AchievementText.title, class: "btn btn-secondary"),
                      m.canEditRubric ? .link(.initiativeRubric, InitiativeText.rubricTitle, class: "btn btn-secondary") : .empty)),
            Components.table(headers: [InitiativeText.fieldTitle, InitiativeText.authors, InitiativeText.ownerUnit, InitiativeText.year, InitiativeText.status],
                             rows: m.rows.map { r in
                                 [.link(.initiative(r.id), r.title), .safe(r.authors), .safe(r.unitName ?? ""), .text(String(r.year)), InitiativeViews.badge(r.status)]
                             }, numericColumns: [3])
        ))
    }
}

enum InitiativeFormView {
    struct Model: Sendable {
        let frame: PageFrame
        let id: UUID?
        let version: Int?
        let content: InitiativeContent
        let raw: InitiativeForm?
        let choices: InitiativeController.Choices
        let errors: [String: String]
        let formError: String?
        let similar: [SimilarInitiative]?
        let returnReason: String?
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let c = m.content
        let r = m.raw
        func v(_ raw: String?, _ value: String) -> String { raw ?? value }
        let state = FormState(values: [
            "title": v(r?.title, c.title), "ownerUnitId": v(r?.ownerUnitId, c.ownerUnitId?.uuidString.lowercased() ?? ""),
            "contentAreaId": v(r?.contentAreaId, c.contentAreaId?.uuidString.lowercased() ?? ""),
            "firstApplied": v(r?.firstApplied, c.firstApplied.flatMap { LocalDate(iso: $0)?.vietnamese } ?? ""),
            "summary": v(r?.summary, c.summary), "conditions": v(r?.conditions, c.conditions), "benefits": v(r?.benefits, c.benefits),
            "testers": v(r?.testers, c.testers), "confidential": v(r?.confidential, c.confidential),
        ], errors: m.errors, formError: m.formError)
        // Author rows: what was typed (raw) or saved, plus empty rows up to four.
        var rows: [[String]] = []
        if let r {
            for i in 0..<(r.authorName?.count ?? 0) {
                func at(_ a: [String]?) -> String { i < (a?.count ?? 0) ? a![i] : "" }
                rows.append([at(r.authorPersonId), at(r.authorName), at(r.authorBirth), at(r.authorWorkplace), at(r.authorTitle), at(r.authorQualification), at(r.authorShare)])
            }
        } else {
            rows = c.authors.map { [$0.personId?.uuidString.lowercased() ?? "", $0.fullName, $0.birthDate.flatMap { LocalDate(iso: $0)?.vietnamese } ?? "",
                                    $0.workplace, $0.jobTitle, $0.qualification, NumberText.format($0.share)] }
        }
        let wanted = max(4, rows.count + 1)
        while rows.count < wanted { rows.append(Array(repeating: "", count: 7)) }
        let action = m.id.map { SiteURL.initiativeEdit($0).path } ?? SiteURL.initiatives.path
        return Layout.render(m.frame, lead: InitiativeText.lead, .group(
            m.returnReason.map { .div(.class("flash flash-warning"), .text("\(InitiativeText.returnReason): \($0)")) } ?? .empty,
            FormKit.errorSummary(state),
            .form(.method(.post), .action(action), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  m.version.map { FormKit.hidden("version", String($0)) } ?? .empty,
                  FormKit.text("title", label: InitiativeText.fieldTitle, state: state, required: true, maxLength: 300),
                  FormKit.select("ownerUnitId", label: InitiativeText.ownerUnit, state: state, choices: m.choices.units),
                  FormKit.select("contentAreaId", label: InitiativeText.area, state: state, choices: m.choices.areas),
                  FormKit.date("firstApplied", label: InitiativeText.firstApplied, state: state, required: true),
                  .element(named: "fieldset", nodes: [
                      .element(named: "legend", nodes: [.text(InitiativeText.authors)]),
                      .p(.class("hint"), .text(InitiativeText.authorsHint)),
                      m.errors["authors"].map { .p(.class("field-error"), .safe($0)) } ?? .empty,
                      Components.table(headers: ["#", InitiativeText.authorName, InitiativeText.authorBirth, InitiativeText.authorWorkplace,
                                                 InitiativeText.authorTitle, InitiativeText.authorQualification, InitiativeText.authorShare],
                                       rows: rows.enumerated().map { i, row in
                                           [.group(.text(String(i + 1)), FormKit.hidden("authorPersonId[]", row[0])),
                                            PledgeViews.cell("authorName", row[1], error: m.errors["authorName.\(i)"], label: InitiativeText.authorName, width: "w-wide"),
                                            PledgeViews.cell("authorBirth", row[2], error: m.errors["authorBirth.\(i)"], label: InitiativeText.authorBirth, placeholder: "dd/mm/yyyy"),
                                            PledgeViews.cell("authorWorkplace", row[3], error: m.errors["authorWorkplace.\(i)"], label: InitiativeText.authorWorkplace),
                                            PledgeViews.cell("authorTitle", row[4], error: m.errors["authorTitle.\(i)"], label: InitiativeText.authorTitle),
                                            PledgeViews.cell("authorQualification", row[5], error: m.errors["authorQualification.\(i)"], label: InitiativeText.authorQualification),
                                            PledgeViews.cell("authorShare", row[6], error: m.errors["authorShare.\(i)"], label: InitiativeText.authorShare)]
                                       }),
                  ]),
                  FormKit.textArea("summary", label: InitiativeText.summary, state: state, rows: 6, required: true),
                  FormKit.textArea("conditions", label: InitiativeText.conditions, state: state, rows: 3),
                  FormKit.textArea("benefits", label: InitiativeText.benefits, state: state, rows: 4, required: true),
                  FormKit.textArea("testers", label: InitiativeText.testers, state: state, rows: 2),
                  FormKit.textArea("confidential", label: InitiativeText.confidential, state: state, rows: 2, hint: InitiativeText.confidentialHint),
                  .div(.class("form-actions"),
                       .button(.type(.submit), .name("action"), .value("draft"), .class("btn btn-secondary"), .text(InitiativeText.saveDraft)),
                       .button(.type(.submit), .name("action"), .value("check"), .class("btn btn-secondary"), .text(InitiativeText.check)),
                       .button(.type(.submit), .name("action"), .value("submit"), .class("btn btn-primary"), .attr("data-confirm", InitiativeText.confirmSubmit),
                               .text(InitiativeText.submit)))),
            InitiativeViews.similar(m.similar) { .initiative($0.id) }
        ))
    }
}

enum InitiativeDetailView {
    struct Model: Sendable {
        let frame: PageFrame
        let id: UUID
        let status: InitiativeStatus
        let year: Int
        let content: InitiativeContent
        let returnReason: String
        let createdByName: String
        let submittedAt: Date?
        let unitName: String?
        let areaName: String?
        let showConfidential: Bool
        let canEdit: Bool
        let canWithdraw: Bool
        let manage: Bool
        let reviewerChoices: [Choice]
        let criteria: [RubricCriterion]
        let threshold: Double
        let legalSource: String
        let reviews: [ReviewRow]
        let myReview: [UUID: Double]?
        let myComment: String
        let decision: DecisionRow?
        let similar: [SimilarInitiative]
        let adoptions: [AdoptionRow]
        let adoptUnits: [Choice]
        let attachments: [EvidenceDTO]
        let state: FormState
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let c = m.content
        let maxTotal = m.criteria.reduce(0) { $0 + $1.max }
        let scored = m.reviews.compactMap(\.total)
        let average = scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count)
        var pairs: [(String, String)] = [
            (InitiativeText.status, m.status.label), (InitiativeText.submittedBy, m.createdByName),
            (InitiativeText.submittedAt, m.submittedAt.map(VietnamTime.date) ?? ""), (InitiativeText.ownerUnit, m.unitName ?? ""),
            (InitiativeText.area, m.areaName ?? ""), (InitiativeText.firstApplied, c.firstApplied.flatMap { LocalDate(iso: $0)?.vietnamese } ?? ""),
            (InitiativeText.summary, c.summary), (InitiativeText.conditions, c.conditions), (InitiativeText.benefits, c.benefits),
            (InitiativeText.testers, c.testers),
        ]
        if m.showConfidential { pairs.append((InitiativeText.confidential, c.confidential)) }
        return Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            m.status == .returned ? .div(.class("flash flash-warning"), .text("\(InitiativeText.returnReason): \(m.returnReason)")) : .empty,
            .div(.class("toolbar"), .div(.class("actions"),
                m.canEdit ? .link(.initiativeEdit(m.id), InitiativeText.edit, class: "btn btn-primary") : .empty,
                m.decision != nil && m.status == .recognised ? .group(
                    .link(.initiativeCertificate(m.id), InitiativeText.certificate, class: "btn btn-secondary"),
                    .link(.initiativeCertificateDocx(m.id), InitiativeText.certificateDocx, class: "btn btn-secondary")) : .empty,
                m.canWithdraw ? FormKit.postButton(.initiativeAction(m.id, .withdraw), label: InitiativeText.withdraw, csrf: m.csrf,
                                                   confirm: InitiativeText.confirmWithdraw) : .empty)),
            .section(.class("card"), Components.details(pairs)),
            attachments(m),
            .section(.class("card"), .h2(.text(InitiativeText.authors)),
                     Components.table(headers: [InitiativeText.authorName, InitiativeText.authorWorkplace, InitiativeText.authorTitle, InitiativeText.authorQualification, InitiativeText.authorShare],
                                      rows: c.authors.map { [.safe($0.fullName), .safe($0.workplace), .safe($0.jobTitle), .safe($0.qualification), .text(NumberText.format($0.share) + "%")] },
                                      numericColumns: [4])),
            m.decision.map { d in
                .section(.class("card"), .h2(.text(InitiativeText.decide)), Components.details([
                    (InitiativeText.outcome, m.status.label), (InitiativeText.councilDate, d.councilDate.flatMap { LocalDate(iso: $0)?.vietnamese } ?? ""),
                    (InitiativeText.councilMinutes, d.minutes), (InitiativeText.decisionNumber, d.number),
                    (InitiativeText.decisionDate, d.date.flatMap { LocalDate(iso: $0)?.vietnamese } ?? ""), (InitiativeText.scope, d.scope?.label ?? ""),
                ] + (d.certificateNumber.map { [(InitiativeText.certificateNumber, $0)] } ?? [])))
            } ?? .empty,
            m.reviews.isEmpty && !m.manage ? .empty : reviews(m, maxTotal: maxTotal, average: average),
            m.myReview.map { scores in scoreForm(m, scores) } ?? .empty,
            m.manage && [.submitted, .underReview].contains(m.status) ? manageForms(m) : .empty,
            m.similar.isEmpty ? .empty : InitiativeViews.similar(m.similar) { .initiative($0.id) },
            m.status == .recognised ? adoptions(m) : .empty
        ))
    }

    static func attachments(_ m: Model) -> Node<HTML.BodyContext> {
        guard !m.attachments.isEmpty || m.canEdit else { return .empty }
        return .section(.class("card"), .h2(.text(InitiativeText.attachments)),
                        .ul(.group(m.attachments.map { e in
                            .li(.link(.initiativeAttachment(m.id, evidence: e.id), e.title),
                                m.canEdit ? FormKit.postButton(.initiativeAttachmentDelete(m.id, evidence: e.id), label: ReportText.remove, csrf: m.csrf) : .empty)
                        })),
                        m.canEdit ? .form(.method(.post), .action(SiteURL.initiativeAttachments(m.id).path), .enctype(.multipartData), .class("stacked"),
                                          FormKit.csrf(m.csrf),
                                          .div(.class(m.state.errors["file"] == nil ? "field" : "field has-error"),
                                               .label(.for("f-file"), .text(InitiativeText.attach)),
                                               .input(.type(.file), .id("f-file"), .name("file")),
                                               .p(.class("hint"), .text(ReportText.fileLead)),
                                               m.state.errors["file"].map { .p(.class("field-error"), .safe($0)) } ?? .empty),
                                          FormKit.actions(submit: InitiativeText.attach)) : .empty)
    }

    static func reviews(_ m: Model, maxTotal: Double, average: Double?) -> Node<HTML.BodyContext> {
        let headers: [String] = [InitiativeText.reviewers] + m.criteria.map { "\($0.name) (/\(NumberText.format($0.max)))" } + ["Tổng", InitiativeText.comment]
        let rows: [[Node<HTML.BodyContext>]] = m.reviews.map { r in
            var cells: [Node<HTML.BodyContext>] = [.safe(r.name)]
            for c in m.criteria { cells.append(.text(r.scores[c.id].map { NumberText.format($0) } ?? "—")) }
            cells.append(.text(r.total.map { NumberText.format($0) } ?? InitiativeText.notScored))
            cells.append(.safe(r.comment))
            return cells
        }
        let hint = "\(InitiativeText.threshold(NumberText.format(m.threshold), NumberText.format(maxTotal))) — \(m.legalSource)."
        let summary: Node<HTML.BodyContext> = average.map { a in
            let passes = a >= m.threshold
            return .p(.strong(.text("\(InitiativeText.average): \(NumberText.format(a))/\(NumberText.format(maxTotal)) — ")),
                      .span(.class(passes ? "badge badge-ok" : "badge badge-warn"), .text(passes ? InitiativeText.passes : InitiativeText.fails)))
        } ?? .empty
        return .section(.class("card"), .h2(.text(InitiativeText.reviewers)), .p(.class("hint"), .text(hint)),
                        Components.table(headers: headers, rows: rows, numericColumns: Set(1...(m.criteria.count + 1))), summary)
    }

    static func scoreForm(_ m: Model, _ scores: [UUID: Double]) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text(InitiativeText.score)),
                 .form(.method(.post), .action(SiteURL.initiativeAction(m.id, .score).path), .class("stacked"),
                       FormKit.csrf(m.csrf),
                       .group(m.criteria.map { c in
                           let key = "points.\(c.id.uuidString.lowercased())"
                           return .div(.class(m.state.errors[key] == nil ? "field" : "field has-error"),
                                       .label(.for("f-\(key)"), .text("\(c.name) (0–\(NumberText.format(c.max)))")),
                                       FormKit.hidden("criterionId[]", c.id.uuidString.lowercased()),
                                       .selfClosedElement(named: "input", attributes: [FormKit.attr("type", "text"), FormKit.attr("id", "f-\(key)"), FormKit.attr("name", "points[]"),
                                                                                       FormKit.attr("inputmode", "decimal"), FormKit.attr("value", scores[c.id].map { NumberText.format($0) } ?? "")]),
                                       m.state.errors[key].map { .p(.class("field-error"), .safe($0)) } ?? .empty)
                       }),
                       FormKit.textArea("comment", label: InitiativeText.comment, state: FormState(values: ["comment": m.myComment], errors: m.state.errors), rows: 3),
                       FormKit.actions(submit: InitiativeText.score)))
    }

    static func manageForms(_ m: Model) -> Node<HTML.BodyContext> {
        .group(
            .section(.class("card"), .h2(.text(InitiativeText.assign)), .p(.class("hint"), .text(InitiativeText.assignHint)),
                     .form(.method(.post), .action(SiteURL.initiativeAction(m.id, .assign).path), .class("stacked"),
                           FormKit.csrf(m.csrf),
                           FormKit.checkboxes("reviewerIds", label: InitiativeText.reviewers, choices: m.reviewerChoices,
                                              selected: Set(m.reviews.map { $0.reviewerID.uuidString.lowercased() }), state: m.state),
                           FormKit.actions(submit: InitiativeText.assign))),
            .section(.class("card"), .h2(.text(InitiativeText.decide)),
                     .form(.method(.post), .action(SiteURL.initiativeAction(m.id, .decide).path), .class("stacked"),
                           FormKit.csrf(m.csrf),
                           FormKit.select("outcome", label: InitiativeText.outcome, state: m.state, choices: [
                               Choice(value: "recognised", label: InitiativeText.recognise), Choice(value: "not_recognised", label: InitiativeText.notRecognise)], required: true),
                           FormKit.date("councilDate", label: InitiativeText.councilDate, state: m.state, required: true),
                           FormKit.textArea("minutes", label: InitiativeText.councilMinutes, state: m.state, rows: 3),
                           FormKit.date("decisionDate", label: InitiativeText.decisionDate, state: m.state),
                           .p(.class("hint"), .text(InitiativeText.decisionNumberFromRegister)),
                           FormKit.select("scope", label: InitiativeText.scope, state: m.state, choices: InitiativeScope.allCases.map { Choice(value: $0.rawValue, label: $0.label) }),
                           FormKit.actions(submit: InitiativeText.decide))),
            .section(.class("card"), .h2(.text(InitiativeText.returnIt)),
                     .form(.method(.post), .action(SiteURL.initiativeAction(m.id, .return).path), .class("stacked"),
                           FormKit.csrf(m.csrf),
                           FormKit.textArea("reason", label: InitiativeText.returnReason, state: m.state, rows: 2, required: true),
                           FormKit.actions(submit: InitiativeText.returnIt)))
        )
    }

    static func adoptions(_ m: Model) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text(InitiativeText.adoptions)),
                 Components.table(headers: [InitiativeText.adoptUnit, InitiativeText.adoptNote, "Ngày ghi nhận"],
                                  rows: m.adoptions.map { [.safe($0.unitName), .safe($0.note), .text(VietnamTime.date($0.at))] }),
                 m.adoptUnits.isEmpty ? .empty :
                     .form(.method(.post), .action(SiteURL.initiativeAction(m.id, .adopt).path), .class("stacked"),
                           FormKit.csrf(m.csrf),
                           FormKit.select("unitId", label: InitiativeText.adoptUnit, state: m.state, choices: m.adoptUnits, required: true),
                           FormKit.textArea("note", label: InitiativeText.adoptNote, state: m.state, rows: 2),
                           FormKit.actions(submit: InitiativeText.adopt)))
    }
}
