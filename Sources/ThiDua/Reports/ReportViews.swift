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

    /// The name of every field of the page, as the error box lists it (rows are counted from 1, as on the page).
    static func labels(_ r: ReportDTO) -> [String: String] {
        var labels: [String: String] = [
            "results": ReportText.results, "lessons": ReportText.lessons, "proposals": ReportText.proposals,
            "initiativesApplied": ReportText.initiativesApplied, "file": ReportText.fileField, "evidenceTitle": ReportText.fileTitleField,
            "linkTitle": ReportText.linkTitleField, "url": ReportText.urlField, "reason": RegistrationText.returnReason,
        ]
        for i in r.targets.indices {
            labels["resultActual.\(i)"] = ReportText.actualLine(i + 1)
            labels["resultNote.\(i)"] = ReportText.targetNoteLine(i + 1)
        }
        for i in r.products.indices { labels["productNote.\(i)"] = ReportText.productNoteLine(i + 1) }
        return labels
    }

    /// The fields in the order of the page.
    static func order(_ r: ReportDTO) -> [String] {
        r.targets.indices.flatMap { ["resultActual.\($0)", "resultNote.\($0)"] } + r.products.indices.map { "productNote.\($0)" }
            + ["results", "initiativesApplied", "lessons", "proposals", "evidenceTitle", "file", "linkTitle", "url", "reason"]
    }

    static func render(_ m: Model) -> HTML {
        let r = m.report
        let deadline = LocalDate(iso: r.deadline)?.vietnamese ?? r.deadline
        var summary = m.state
        summary.labels.merge(labels(r)) { mine, _ in mine }
        if summary.order.isEmpty { summary.order = order(r) }
        return Layout.render(m.frame, .group(
            .p(.strong(.text("\(RegistrationText.status): ")), PledgeViews.statusBadge(r.id == nil ? nil : m.workflow),
               r.isLate ? .span(.class("badge badge-warn"), .text(ReportText.lateBadge)) : .empty),
            .p(.class("muted"), .text(ReportText.deadline(deadline))),
            r.isLate ? .p(.class("flash flash-warning"), .text(ReportText.late(r.submittedAt.map(VietnamTime.dateTime) ?? ""))) : .empty,
            m.workflow == .returned ? .div(.class("flash flash-warning"), .strong(.text(ReportText.returnedBanner + " ")), .safe(r.returnReason)) : .empty,
            FormKit.errorSummary(summary),
            m.hasRegistration ? .empty : .p(.class("flash flash-info"), .text(ReportText.noRegistration)),
            m.canEdit ? form(m) : .group(readOnly(m), .section(.class("card"), .id("minh-chung"), .h2(.text(ReportText.evidence)), evidenceTable(m, editable: false))),
            m.canReview ? review(m) : .empty
        ))
    }

    /// A submit button of the report form; every one saves what is typed, `name`/`value` say what else it does.
    static func button<C: HTML.BodyContext>(_ label: String, name: String = "action", value: String, style: String, ariaLabel: String? = nil) -> Node<C> {
        .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", name), .attr("value", value), .class(style),
                                          ariaLabel.map { .attr("aria-label", $0) } ?? .empty, .safe(label)])
    }

    /// A cell input of the targets or products table, with the id the error box links to.
    static func cell<C: HTML.BodyContext>(_ name: String, row: Int, _ value: String, error: String?, label: String, width: String) -> Node<C> {
        .group(
            .selfClosedElement(named: "input", attributes: [
                FormKit.attr("type", "text"), FormKit.attr("id", "f-\(name).\(row)"), FormKit.attr("name", "\(name)[]"), FormKit.attr("value", value),
                FormKit.attr("aria-label", label), FormKit.attr("class", "cell-input \(width)"),
                error == nil ? .empty : FormKit.attr("aria-invalid", "true"),
                error == nil ? .empty : FormKit.attr("aria-describedby", "e-\(name).\(row)"),
            ]),
            error.map { .p(.class("field-error"), .attr("id", "e-\(name).\(row)"), .safe($0)) } ?? .empty
        )
    }

    /// One form for the whole page (report, evidence files and links), so that no button loses what was typed elsewhere.
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
            .method(.post), .action(SiteURL.reportAction(r.unitId, year: r.year, .save).path), .enctype(.multipartData), .class("stacked wide"),
            .attribute(named: "novalidate"),
            FormKit.csrf(m.csrf),
            FormKit.hidden("version", String(r.version)),
            // Enter in a text box presses the form's first button: make it "save the draft", not a remove button.
            .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "action"), .attr("value", "draft"), .class("visually-hidden"),
                                              .attr("tabindex", "-1"), .attr("aria-hidden", "true"), .text(RegistrationText.saveDraft)]),
            r.targets.isEmpty ? .empty : .group(
                .h2(.text(ReportText.targets)),
                Components.table(headers: ["#", ReportText.target, ReportText.planned, ReportText.actual, ReportText.share, ReportText.note],
                                 rows: r.targets.enumerated().map { i, t in
                                     [.group(.text(String(i + 1)), FormKit.hidden("resultTargetId[]", t.targetId.uuidString.lowercased())),
                                      .safe(t.targetName), .text("\(PledgeViews.number(t.targetValue)) \(t.unitOfMeasure)"),
                                      cell("resultActual", row: i, raw(\.resultActual, i, PledgeViews.number(t.actualValue)), error: e["resultActual.\(i)"],
                                           label: ReportText.actualLine(i + 1), width: "w-small"),
                                      .text(t.share.map(NumberText.percent) ?? "—"),
                                      cell("resultNote", row: i, raw(\.resultNote, i, t.note), error: e["resultNote.\(i)"],
                                           label: ReportText.targetNoteLine(i + 1), width: "w-wide")]
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
                                             cell("productNote", row: i, raw(\.productNote, i, p.note), error: e["productNote.\(i)"],
                                                  label: ReportText.productNoteLine(i + 1), width: "w-wide")]
                                 })),
            FormKit.textArea("results", label: ReportText.results, state: state, rows: 6, required: true),
            FormKit.textArea("initiativesApplied", label: ReportText.initiativesApplied, state: state, rows: 3),
            FormKit.textArea("lessons", label: ReportText.lessons, state: state, rows: 3),
            FormKit.textArea("proposals", label: ReportText.proposals, state: state, rows: 3),
            evidenceInputs(m),
            .div(.class("form-actions"),
                 button(RegistrationText.saveDraft, value: "draft", style: "btn btn-secondary"),
                 button(ReportText.submit, value: "submit", style: "btn btn-primary"))
        )
    }

    /// The evidence list (with a remove button per row when editable).
    static func evidenceTable<C: HTML.BodyContext>(_ m: Model, editable: Bool) -> Node<C> {
        let r = m.report
        return r.evidence.isEmpty ? .p(.class("muted"), .text(ReportText.noEvidence)) :
            Components.table(headers: [ReportText.evidenceTitle, ReportText.colKind, ReportText.colSize, AuditText.colActor, ""],
                             rows: r.evidence.map { e in
                                 [.link(.reportEvidenceFile(r.unitId, year: r.year, evidence: e.id), e.title),
                                  .text(e.kind == "link" ? ReportText.kindLink : (FileKind.allCases.first { $0.contentType == e.contentType }?.rawValue.uppercased() ?? "")),
                                  .text(e.size.map { NumberText.format(Double($0) / 1024, maxFractionDigits: 0) + " KB" } ?? ""),
                                  .safe(e.uploadedBy),
                                  editable ? button(ReportText.remove, name: "removeEvidence", value: e.id.uuidString.lowercased(), style: "link-button",
                                                    ariaLabel: ReportText.removeNamed(e.title)) : .empty]
                             })
    }

    /// The evidence part of the report form: the list, a file with its title, a link with its title.
    static func evidenceInputs<C: HTML.BodyContext>(_ m: Model) -> Node<C> {
        let e = m.state.errors
        let state = FormState(values: ["evidenceTitle": m.raw?.evidenceTitle ?? "", "linkTitle": m.raw?.linkTitle ?? "", "url": m.raw?.url ?? ""]
                                  .merging(m.state.values.filter { ["evidenceTitle", "linkTitle", "url"].contains($0.key) }) { _, typed in typed },
                              errors: e.filter { ["evidenceTitle", "linkTitle", "url"].contains($0.key) })
        let fileError = e["file"]
        let fileNote = m.state.values["fileNote"]
        let described = [fileError == nil ? nil : "e-file", fileNote == nil ? nil : "n-file", "h-file"].compactMap { $0 }.joined(separator: " ")
        return .section(.class("card"), .id("minh-chung"), .h2(.text(ReportText.evidence)),
            .p(.class("hint"), .text(ReportText.evidenceKept)),
            evidenceTable(m, editable: true),
            .h3(.text(ReportText.addFileHeading)),
            FormKit.text("evidenceTitle", label: ReportText.evidenceTitle, state: state, maxLength: 200),
            .div(.class(fileError == nil ? "field" : "field has-error"),
                 .label(.for("f-file"), .text(ReportText.evidenceFile)),
                 .selfClosedElement(named: "input", attributes: [
                     FormKit.attr("type", "file"), FormKit.attr("id", "f-file"), FormKit.attr("name", "file"),
                     FormKit.attr("accept", ".pdf,.jpg,.jpeg,.png,.gif,.webp,.doc,.docx,.xls,.xlsx"),
                     FormKit.attr("aria-describedby", described), fileError == nil ? .empty : FormKit.attr("aria-invalid", "true"),
                 ]),
                 .p(.class("hint"), .attr("id", "h-file"), .text(ReportText.evidenceLead + " Tối đa \(m.maxMB) MB mỗi tệp.")),
                 fileNote.map { .p(.class("field-error"), .attr("id", "n-file"), .safe($0)) } ?? .empty,
                 fileError.map { .p(.class("field-error"), .attr("id", "e-file"), .safe($0)) } ?? .empty),
            .div(.class("form-actions"), button(ReportText.addFile, value: "addEvidence", style: "btn btn-secondary")),
            .h3(.text(ReportText.addLinkHeading)),
            FormKit.text("linkTitle", label: ReportText.evidenceTitle, state: state, maxLength: 200),
            FormKit.text("url", label: ReportText.evidenceURL, state: state, type: "url", maxLength: 1000),
            .div(.class("form-actions"), button(ReportText.addLink, value: "addLink", style: "btn btn-secondary")))
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

    static func review(_ m: Model) -> Node<HTML.BodyContext> {
        let r = m.report
        return .section(.class("card"), .h2(.text(ReportText.review)),
                        FormKit.postButton(.reportAction(r.unitId, year: r.year, .accept), label: RegistrationText.accept, csrf: m.csrf, style: "btn btn-primary"),
                        .form(.method(.post), .action(SiteURL.reportAction(r.unitId, year: r.year, .return).path), .class("stacked"),
                              FormKit.csrf(m.csrf),
                              FormKit.textArea("reason", label: RegistrationText.returnReason, state: FormState(errors: m.state.errors.filter { $0.key == "reason" }),
                                               rows: 3, required: true, hint: RegistrationText.returnReasonHint),
                              FormKit.actions(submit: RegistrationText.returnIt, danger: true)))
    }
}
