import Foundation
import Plot

enum ReportPageView {
    struct Model: Sendable {
        let frame: PageFrame
        let report: ReportDTO
        let workflow: WorkflowStatus
        let hasRegistration: Bool
        let canEdit: Bool
        let canReview: Bool
        let state: FormState
        let raw: ReportController.ReportForm?
        let maxMB: Int
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let r = m.report
        let deadline = LocalDate(iso: r.deadline)?.vietnamese ?? r.deadline
        return Layout.render(m.frame, .group(
            .p(.strong(.text("\(RegistrationText.status): ")), PledgeViews.statusBadge(r.id == nil ? nil : m.workflow),
               r.isLate ? .span(.class("badge badge-warn"), .text(ReportText.lateBadge)) : .empty),
            .p(.class("muted"), .text(ReportText.deadline(deadline))),
            r.isLate ? .p(.class("flash flash-warning"), .text(ReportText.late(r.submittedAt.map(VietnamTime.dateTime) ?? ""))) : .empty,
            m.workflow == .returned ? .div(.class("flash flash-warning"), .strong(.text(RegistrationText.returnedBanner + " ")), .safe(r.returnReason)) : .empty,
            m.state.formError.map { .div(.class("error-summary"), .attr("role", "alert"), .p(.safe($0)),
                                         .ul(.group(m.state.errors.values.sorted().map { .li(.safe($0)) }))) } ?? .empty,
            m.hasRegistration ? .empty : .p(.class("flash flash-info"), .text(ReportText.noRegistration)),
            m.canEdit ? form(m) : readOnly(m),
            evidence(m),
            m.canReview ? review(m) : .empty
        ))
    }

    static func form(_ m: Model) -> Node<HTML.BodyContext> {
        let r = m.report, e = m.state.errors
        func raw(_ kp: KeyPath<ReportController.ReportForm, [String]?>, _ i: Int, _ fallback: String) -> String {
            guard let values = m.raw?[keyPath: kp] else { return fallback }
            return i < values.count ? values[i] : fallback
        }
        let delivered = m.raw.map { Set($0.delivered ?? []) } ?? Set(r.products.filter(\.delivered).map { $0.productId.uuidString.lowercased() })
        let state = FormState(values: ["results": m.raw?.results ?? r.results, "lessons": m.raw?.lessons ?? r.lessons,
                                       "proposals": m.raw?.proposals ?? r.proposals, "initiativesApplied": m.raw?.initiativesApplied ?? r.initiativesApplied],
                              errors: e)
        return .form(
            .method(.post), .action(SiteURL.reportAction(r.unitId, year: r.year, .save).path), .class("stacked wide"),
            FormKit.csrf(m.csrf),
            FormKit.hidden("version", String(r.version)),
            r.targets.isEmpty ? .empty : .group(
                .h2(.text(ReportText.targets)),
                Components.table(headers: ["#", ReportText.target, ReportText.planned, ReportText.actual, ReportText.share, ReportText.note],
                                 rows: r.targets.enumerated().map { i, t in
                                     [.group(.text(String(i + 1)), FormKit.hidden("resultTargetId[]", t.targetId.uuidString.lowercased())),
                                      .safe(t.targetName), .text("\(PledgeViews.number(t.targetValue)) \(t.unitOfMeasure)"),
                                      PledgeViews.cell("resultActual", raw(\.resultActual, i, PledgeViews.number(t.actualValue)), error: e["resultActual.\(i)"],
                                                       label: ReportText.actual, width: "w-small"),
                                      .text(t.share.map(NumberText.percent) ?? "—"),
                                      PledgeViews.cell("resultNote", raw(\.resultNote, i, t.note), error: e["resultNote.\(i)"], label: ReportText.note, width: "w-wide")]
                                 }, numericColumns: [4])),
            r.products.isEmpty ? .empty : .group(
                .h2(.text(ReportText.products)),
                Components.table(headers: [ReportText.delivered, RegistrationText.productName, ReportText.note],
                                 rows: r.products.enumerated().map { i, p in
                                     let id = p.productId.uuidString.lowercased()
                                     return [.group(FormKit.hidden("productId[]", id),
                                                    .selfClosedElement(named: "input", attributes: [
                                                        FormKit.attr("type", "checkbox"), FormKit.attr("name", "delivered[]"), FormKit.attr("value", id),
                                                        FormKit.attr("aria-label", "\(ReportText.delivered): \(p.name)"), FormKit.flag("checked", delivered.contains(id))])),
                                             .safe(p.name),
                                             PledgeViews.cell("productNote", raw(\.productNote, i, p.note), error: e["productNote.\(i)"], label: ReportText.note, width: "w-wide")]
                                 })),
            FormKit.textArea("results", label: ReportText.results, state: state, rows: 6, required: true),
            FormKit.textArea("initiativesApplied", label: ReportText.initiativesApplied, state: state, rows: 3),
            FormKit.textArea("lessons", label: ReportText.lessons, state: state, rows: 3),
            FormKit.textArea("proposals", label: ReportText.proposals, state: state, rows: 3),
            .div(.class("form-actions"),
                 .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "action"), .attr("value", "draft"), .class("btn btn-secondary"), .text(RegistrationText.saveDraft)]),
                 .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "action"), .attr("value", "submit"), .class("btn btn-primary"), .text("Nộp báo cáo")]))
        )
    }

    static func readOnly(_ m: Model) -> Node<HTML.BodyContext> {
        let r = m.report
        return .group(
            r.targets.isEmpty ? .empty : .section(.class("card"), .h2(.text(ReportText.targets)),
                Components.table(headers: ["#", ReportText.target, ReportText.planned, ReportText.actual, ReportText.share, ReportText.note],
                                 rows: r.targets.enumerated().map { i, t in
                                     [.text(String(i + 1)), .safe(t.targetName), .text("\(PledgeViews.number(t.targetValue)) \(t.unitOfMeasure)"),
                                      .text(PledgeViews.number(t.actualValue)), .text(t.share.map(NumberText.percent) ?? "—"), .safe(t.note)]
                                 }, numericColumns: [3, 4])),
            r.products.isEmpty ? .empty : .section(.class("card"), .h2(.text(ReportText.products)),
                Components.table(headers: [RegistrationText.productName, ReportText.delivered, ReportText.note],
                                 rows: r.products.map { p in [.safe(p.name), .text(p.delivered ? CoreText.yes : CoreText.no), .safe(p.note)] })),
            .section(.class("card"), .h2(.text(ReportText.results)), .p(.safe(r.results.isEmpty ? "—" : r.results)),
                     .h3(.text(ReportText.initiativesApplied)), .p(.safe(r.initiativesApplied.isEmpty ? "—" : r.initiativesApplied)),
                     .h3(.text(ReportText.lessons)), .p(.safe(r.lessons.isEmpty ? "—" : r.lessons)),
                     .h3(.text(ReportText.proposals)), .p(.safe(r.proposals.isEmpty ? "—" : r.proposals)))
        )
    }

    static func evidence(_ m: Model) -> Node<HTML.BodyContext> {
        let r = m.report
        let linkState = FormState(values: ["url": m.state.values["url"] ?? "", "linkTitle": m.state.values["linkTitle"] ?? ""],
                                  errors: m.state.errors.filter { $0.key == "url" || $0.key == "linkTitle" })
        return .section(.class("card"), .h2(.text(ReportText.evidence)),
            r.evidence.isEmpty ? .p(.class("muted"), .text(ReportText.noEvidence)) :
                Components.table(headers: [ReportText.evidenceTitle, "Loại", "Dung lượng", AuditText.colActor, ""],
                                 rows: r.evidence.map { e in
                                     [.link(.reportEvidenceFile(r.unitId, year: r.year, evidence: e.id), e.title),
                                      .text(e.kind == "link" ? "Liên kết" : (FileKind.allCases.first { $0.contentType == e.contentType }?.rawValue.uppercased() ?? "")),
                                      .text(e.size.map { NumberText.format(Double($0) / 1024, maxFractionDigits: 0) + " KB" } ?? ""),
                                      .safe(e.uploadedBy),
                                      m.canEdit ? FormKit.postButton(.reportEvidenceDelete(r.unitId, year: r.year, evidence: e.id), label: ReportText.remove,
                                                                     csrf: m.csrf, style: "link-button", confirm: ReportText.confirmRemove) : .empty]
                                 }),
            m.canEdit ? .group(
                .p(.class("hint"), .text(ReportText.evidenceLead + " Tối đa \(m.maxMB) MB mỗi tệp.")),
                .form(.method(.post), .action(SiteURL.reportEvidence(r.unitId, year: r.year).path), .enctype(.multipartData), .class("stacked"),
                      FormKit.csrf(m.csrf),
                      FormKit.text("title", label: ReportText.evidenceTitle, state: FormState(), maxLength: 200),
                      .div(.class(m.state.errors["file"] == nil ? "field" : "field has-error"),
                           .label(.for("f-file"), .text(ReportText.evidenceFile)),
                           .input(.type(.file), .id("f-file"), .name("file"), .attribute(named: "accept", value: ".pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx")),
                           m.state.errors["file"].map { .p(.class("field-error"), .safe($0)) } ?? .empty),
                      FormKit.actions(submit: ReportText.upload)),
                .form(.method(.post), .action(SiteURL.reportEvidenceLink(r.unitId, year: r.year).path), .class("stacked"),
                      FormKit.csrf(m.csrf),
                      FormKit.text("linkTitle", label: ReportText.evidenceTitle, state: linkState, maxLength: 200),
                      FormKit.text("url", label: ReportText.evidenceURL, state: linkState, type: "url", maxLength: 1000),
                      FormKit.actions(submit: ReportText.addLink))
            ) : .empty)
    }

    static func review(_ m: Model) -> Node<HTML.BodyContext> {
        let r = m.report
        return .section(.class("card"), .h2(.text("Xem xét")),
                        FormKit.postButton(.reportAction(r.unitId, year: r.year, .accept), label: RegistrationText.accept, csrf: m.csrf, style: "btn btn-primary"),
                        .form(.method(.post), .action(SiteURL.reportAction(r.unitId, year: r.year, .return).path), .class("stacked"),
                              FormKit.csrf(m.csrf),
                              FormKit.textArea("reason", label: RegistrationText.returnReason, state: FormState(errors: m.state.errors.filter { $0.key == "reason" }),
                                               rows: 3, required: true, hint: RegistrationText.returnReasonHint),
                              FormKit.actions(submit: RegistrationText.returnIt, danger: true)))
    }
}
