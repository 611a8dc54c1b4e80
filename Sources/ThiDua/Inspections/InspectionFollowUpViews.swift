import Foundation
import Plot

/// The visit's conclusion and its follow-up items.
extension InspectionViews {
    static func conclusionSection(_ m: VisitModel, editable: Bool) -> Node<HTML.BodyContext> {
        let v = m.data
        if !v.conclusion.isEmpty {
            return .section(.class("card"), .h2(.text(T.conclusion)), Components.details([
                (T.conclusionText, v.conclusion), ("Ngày ban hành", v.concludedAt.map(VietnamTime.dateTime) ?? ""),
            ]))
        }
        guard editable else { return .empty }
        let s = m.states["conclude"] ?? FormState()
        let count = max(3, (0..<20).last { !s["followUps.\($0)"].isEmpty }.map { $0 + 2 } ?? 0)
        return .section(.class("card"), .h2(.text(T.conclusion)),
                        FormKit.errorSummary(s),
                        .form(.method(.post), .action(InspectionPaths.visitAction(v.id, "conclude")), .class("stacked"), .attribute(named: "novalidate"),
                              FormKit.csrf(m.csrf), FormKit.hidden("version", String(v.version)),
                              FormKit.textArea("conclusion", label: T.conclusionText, state: s, rows: 5, required: true),
                              .element(named: "fieldset", nodes: [.class("field"), .element(named: "legend", nodes: [.text(T.followUps)]),
                                .group((0..<count).map { i in
                                    let error = s.errors["followUps.\(i)"] ?? s.errors["dueDate.\(i)"]
                                    return .div(.class(error == nil ? "row-fields" : "row-fields has-error"),
                                                .label(.text("\(T.followUpText) \(i + 1)"),
                                                       input("followUpText[]", value: s["followUps.\(i)"], id: "f-followUps.\(i)", maxLength: 5000)),
                                                .label(.text(T.dueDate),
                                                       input("followUpDue[]", value: s["dueDate.\(i)"], id: "f-dueDate.\(i)", maxLength: 10,
                                                             extra: [("placeholder", "dd/mm/yyyy")])),
                                                error.map { .p(.class("field-error"), .safe($0)) } ?? .empty)
                                })]),
                              FormKit.actions(submit: T.conclude)))
    }

    static func followUpsSection(_ m: VisitModel) -> Node<HTML.BodyContext> {
        let v = m.data
        guard !v.followUps.isEmpty else { return .empty }
        return .section(.class("card"), .h2(.text(T.followUps)), .group(v.followUps.map { f in
            let id = f.id.uuidString.lowercased()
            let answerState = m.states["answer.\(id)"] ?? FormState()
            let decideState = m.states["decide.\(id)"] ?? FormState()
            return .div(.class(f.overdue ? "follow-up overdue" : "follow-up"),
                .h3(.safe(f.text)),
                Components.details([
                    (T.dueDate, (f.dueDate?.vietnamese ?? "") + (f.overdue ? " (\(T.overdue))" : "")), (T.status, f.status.label),
                    (T.answer, f.answer.isEmpty ? "" : "\(f.answer) — \(f.answeredBy)"), (T.decisionNote, f.decisionNote),
                ]),
                files(m, f.files),
                m.canAnswer && (f.status.isAnswerable || answerState.hasErrors) ? .group(
                    FormKit.errorSummary(answerState),
                    .form(.method(.post), .action(InspectionPaths.followUp(v.id, f.id, "answer")), .enctype(.multipartData), .class("stacked"),
                          .attribute(named: "novalidate"),
                          FormKit.csrf(m.csrf), FormKit.hidden("version", String(f.version)),
                          FormKit.textArea("answer", label: T.answer, state: answerState, rows: 3, required: true),
                          fileField(T.answerFile, answerState),
                          FormKit.actions(submit: T.sendAnswer))) : .empty,
                m.canDecide && (f.status == .answered || decideState.hasErrors) ? .group(
                    FormKit.errorSummary(decideState),
                    .form(.method(.post), .action(InspectionPaths.followUp(v.id, f.id, "accept")), .class("stacked"), .attribute(named: "novalidate"),
                          FormKit.csrf(m.csrf), FormKit.hidden("version", String(f.version)),
                          FormKit.textArea("decisionNote", label: T.decisionNote, state: decideState, rows: 2),
                          .div(.class("form-actions"),
                               .button(.type(.submit), .class("btn btn-primary"), .text(T.accept)),
                               .button(.type(.submit), .class("btn btn-secondary"), .attr("formaction", InspectionPaths.followUp(v.id, f.id, "reopen")),
                                       .text(T.reopen))))) : .empty)
        }))
    }
}

