import Foundation
import Plot

enum DifficultyListView {
    struct Model: Sendable {
        let frame: PageFrame
        let rows: [DifficultyController.Row]
        let byArea: [AreaCount]
        let status: String
    }

    static func render(_ m: Model) -> HTML {
        let state = FormState(values: ["status": m.status])
        return Layout.render(m.frame, lead: DifficultyText.lead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.difficulties.path), .class("filters"),
                       FormKit.select("status", label: DifficultyText.status, state: state,
                                      choices: DifficultyStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, blank: RegistrationText.allStatuses),
                       .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
                 .div(.class("actions"), .link(.difficultyNew, DifficultyText.new, class: "btn btn-primary"))),
            m.byArea.isEmpty ? .empty : .section(.class("card"), .h2(.text(DifficultyText.byArea)),
                Components.table(headers: [DifficultyText.fieldArea, "Số vướng mắc"], rows: m.byArea.map { [.safe($0.name), .text(String($0.count))] }, numericColumns: [1])),
            Components.table(headers: [DifficultyText.createdAt, DifficultyText.fieldTitle, DifficultyText.raisedBy, DifficultyText.unit, DifficultyText.fieldArea, DifficultyText.status],
                             rows: m.rows.map { r in
                                 [.text(VietnamTime.date(r.createdAt)), .link(.difficulty(r.id), r.title), .safe(r.raisedBy), .safe(r.unitName ?? ""),
                                  .safe(r.areaName ?? ""), .span(.class(r.status == .closed ? "badge badge-muted" : r.status == .answered ? "badge badge-ok" : "badge"), .text(r.status.label))]
                             })
        ))
    }
}

enum DifficultyFormView {
    struct Model: Sendable {
        let frame: PageFrame
        let state: FormState
        let areas: [Choice]
        let csrf: String
    }

    /// The fields as the error box names them (each message is beside its field).
    static let labels = ["title": DifficultyText.fieldTitle, "content": DifficultyText.fieldContent, "contentAreaId": DifficultyText.fieldArea,
                         "file": DifficultyText.attachment]

    static func render(_ m: Model) -> HTML {
        var summary = m.state
        summary.labels.merge(labels) { mine, _ in mine }
        summary.order = ["title", "content", "contentAreaId", "file"]
        return Layout.render(m.frame, lead: DifficultyText.lead, .group(
            FormKit.errorSummary(summary),
            .form(.method(.post), .action(SiteURL.difficulties.path), .enctype(.multipartData), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  FormKit.text("title", label: DifficultyText.fieldTitle, state: m.state, required: true),
                  FormKit.textArea("content", label: DifficultyText.fieldContent, state: m.state, rows: 6, required: true),
                  FormKit.select("contentAreaId", label: DifficultyText.fieldArea, state: m.state, choices: m.areas, blank: DifficultyText.noArea),
                  .div(.class(m.state.errors["file"] == nil ? "field" : "field has-error"),
                       .label(.for("f-file"), .text(DifficultyText.attachment)),
                       .input(.type(.file), .id("f-file"), .name("file")),
                       .p(.class("hint"), .text(ReportText.fileLead)),
                       m.state.values["fileNote"].map { .p(.class("field-error"), .safe($0)) } ?? .empty,
                       m.state.errors["file"].map { .p(.class("field-error"), .safe($0)) } ?? .empty),
                  FormKit.actions(submit: DifficultyText.new, cancel: .difficulties))
        ))
    }
}

enum DifficultyDetailView {
    struct Model: Sendable {
        let frame: PageFrame
        let item: DifficultyDTO
        let unitName: String?
        let forwardedToName: String?
        let areaName: String?
        let canHandle: Bool
        let offices: [Choice]
        let state: FormState
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let d = m.item
        let status = DifficultyStatus(rawValue: d.status) ?? .received
        return Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            .section(.class("card"), Components.details([
                (DifficultyText.status, status.label), (DifficultyText.raisedBy, d.raisedBy), (DifficultyText.unit, m.unitName ?? ""),
                (DifficultyText.createdAt, VietnamTime.dateTime(d.createdAt)), (DifficultyText.fieldArea, m.areaName ?? ""),
                (DifficultyText.fieldContent, d.content),
            ]),
                     d.attachments.isEmpty ? .empty : .ul(.group(d.attachments.map { .li(.link(.difficultyFile(d.id, evidence: $0.id), $0.title)) }))),
            .section(.class("card"), .h2(.text(DifficultyText.history)), Components.details([
                (DifficultyText.forwardTo, m.forwardedToName ?? ""), (DifficultyText.forwardNote, d.forwardNote),
                (DifficultyText.answerText, d.answer), ("Ngày trả lời", d.answeredAt.map(VietnamTime.dateTime) ?? ""),
                ("Ngày đóng", d.closedAt.map(VietnamTime.dateTime) ?? ""),
            ])),
            m.canHandle ? .group(
                .section(.class("card"), .h2(.text(DifficultyText.forward)),
                         .form(.method(.post), .action(SiteURL.difficultyAction(d.id, .forward).path), .class("stacked"),
                               FormKit.csrf(m.csrf),
                               FormKit.select("forwardTo", label: DifficultyText.forwardTo, state: m.state, choices: m.offices, required: true),
                               FormKit.textArea("note", label: DifficultyText.forwardNote, state: m.state, rows: 2),
                               FormKit.actions(submit: DifficultyText.forward))),
                .section(.class("card"), .h2(.text(DifficultyText.answer)),
                         .form(.method(.post), .action(SiteURL.difficultyAction(d.id, .answer).path), .class("stacked"),
                               FormKit.csrf(m.csrf),
                               FormKit.textArea("answer", label: DifficultyText.answerText, state: FormState(values: ["answer": m.state.values["answer"] ?? d.answer], errors: m.state.errors), rows: 4, required: true),
                               FormKit.actions(submit: DifficultyText.answer))),
                FormKit.postButton(.difficultyAction(d.id, .close), label: DifficultyText.close, csrf: m.csrf, style: "btn btn-secondary", confirm: DifficultyText.confirmClose)
            ) : .empty
        ))
    }
}
