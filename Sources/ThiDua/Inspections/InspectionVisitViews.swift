import Foundation
import Plot

/// The visit page: schedule and history, checklist, findings, minutes.
extension InspectionViews {
    // MARK: visit

    struct VisitModel: Sendable {
        let frame: PageFrame
        let data: Q.Visit
        let canManage: Bool
        let canRecord: Bool
        let canAnswer: Bool
        let canDecide: Bool
        let states: [String: FormState]
        let csrf: String
    }

    static func visit(_ m: VisitModel) -> HTML {
        let v = m.data
        let open = v.status != .concluded && v.status != .closed
        return Layout.render(m.frame, .group(
            .section(.class("card"), .h2(.text(T.visit)),
                     Components.details([
                        (T.status, v.status.label), (T.date, v.date?.vietnamese ?? ""), (T.time, v.time), (T.place, v.place),
                        (T.visitContent, v.content), (T.team, v.team.name),
                        (T.notice, noticeLine(date: v.date, sentAt: v.noticeSentAt, plan: v.planStatus, days: v.noticeDays,
                                              today: v.status == .scheduled ? v.today : nil)),
                     ]),
                     visitDocumentLinks(v),
                     .h3(.text(T.sectionIV)), membersTable(v.team.members)),
            v.history.isEmpty ? .empty : .section(.class("card"), .h2(.text(T.history)),
                Components.table(headers: [T.oldSchedule, T.newSchedule, T.rescheduleReason, T.by, T.at], rows: v.history.map { h in
                    [.text("\(LocalDate(iso: h.oldDate)?.vietnamese ?? "") \(h.oldTime)"), .text("\(LocalDate(iso: h.newDate)?.vietnamese ?? "") \(h.newTime)"),
                     .safe(h.reason), .safe(h.byName), .text(VietnamTime.dateTime(h.at))]
                })),
            m.canRecord && open ? .p(.class("intro"), .text(T.recordIntro)) : .empty,
            m.canManage && (v.status == .scheduled || v.status == .notified) ? rescheduleForm(m) : .empty,
            checklistSection(m, editable: m.canRecord && open && v.hasStarted),
            offerScoresSection(m),
            findingsSection(m, editable: m.canRecord && open && v.hasStarted),
            minutesSection(m, editable: m.canRecord && open && v.hasStarted),
            conclusionSection(m, editable: m.canRecord && v.status == .visited),
            followUpsSection(m)
        ))
    }

    static func rescheduleForm(_ m: VisitModel) -> Node<HTML.BodyContext> {
        let s = m.states["reschedule"] ?? FormState()
        return .section(.class("card"), .h2(.text(T.reschedule)),
                        FormKit.errorSummary(s),
                        .form(.method(.post), .action(InspectionPaths.visitAction(m.data.id, "reschedule")), .class("stacked"), .attribute(named: "novalidate"),
                              FormKit.csrf(m.csrf), FormKit.hidden("version", String(m.data.version)),
                              FormKit.date("date", label: T.date, state: s, required: true),
                              FormKit.text("time", label: T.time, state: s, required: true, hint: T.timeHint, placeholder: "08:00", maxLength: 5),
                              FormKit.textArea("reason", label: T.rescheduleReason, state: s, rows: 2, required: true),
                              FormKit.actions(submit: T.reschedule)))
    }

    static func checklistSection(_ m: VisitModel, editable: Bool) -> Node<HTML.BodyContext> {
        let s = m.states["checklist"] ?? FormState()
        let rows = m.data.checklist
        guard !rows.isEmpty else { return .section(.class("card"), .h2(.text(T.checklist)), .p(.class("muted"), .text(T.noCriteria))) }
        let total = { (f: (InspectionChecklistRow) -> Double?) -> String in
            let values = rows.compactMap(f)
            return values.isEmpty ? "" : NumberText.format(values.reduce(0, +))
        }
        let table: Node<HTML.BodyContext> = .div(.class("table-wrap"), .element(named: "table", nodes: [
            .class("data"),
            .element(named: "thead", nodes: [.element(named: "tr", nodes: [T.criterion, T.maxPoints, T.selfPoints, T.teamPoints, T.note].enumerated().map { i, h in
                .element(named: "th", nodes: [.attr("scope", "col"), (1...3).contains(i) ? .class("num") : .empty, .safe(h)])
            })]),
            .element(named: "tbody", nodes: rows.enumerated().map { i, r in checklistRow(i, r, s, editable: editable) }
 + [.element(named: "tr", nodes: [
                .element(named: "th", nodes: [.attr("scope", "row"), .text("Tổng")]),
                .element(named: "td", nodes: [.class("num"), .text(total { $0.maxPoints })]),
                .element(named: "td", nodes: [.class("num"), .text(total { $0.selfPoints })]),
                .element(named: "td", nodes: [.class("num"), .text(total { $0.teamPoints })]),
                .element(named: "td", nodes: []),
            ])]),
        ]))
        return .section(.class("card"), .h2(.text(T.checklist)),
                        editable ? FormKit.errorSummary(s) : .empty,
                        editable ? .element(named: "form", nodes: [.attr("method", "post"), .attr("action", InspectionPaths.visitAction(m.data.id, "checklist")),
                                                            .attribute(named: "novalidate"), FormKit.csrf(m.csrf), table, FormKit.actions(submit: T.saveChecklist)])
                                 : table)
    }

    static func checklistRow(_ i: Int, _ r: InspectionChecklistRow, _ s: FormState, editable: Bool) -> Node<HTML.BodyContext> {
        let error = s.errors["teamPoints.\(i)"] ?? s.errors["note.\(i)"]
        let team = s.values["teamPoints.\(i)"] ?? points(r.teamPoints)
        let note = s.values["note.\(i)"] ?? r.note
        let titleCell: Node<HTML.BodyContext> = .element(named: "td", nodes: [
            .safe(r.title), editable ? FormKit.hidden("criterionId[]", r.criterionID.uuidString.lowercased()) : .empty,
            error.map { .p(.class("field-error"), .attr("id", "e-teamPoints.\(i)"), .safe($0)) } ?? .empty])
        let teamCell: Node<HTML.BodyContext> = editable
            ? input("teamPoints[]", value: team, id: "f-teamPoints.\(i)", label: "\(T.teamPoints): \(r.title)", maxLength: 12, extra: [("inputmode", "decimal"), ("size", "5")])
            : .text(points(r.teamPoints))
        let noteCell: Node<HTML.BodyContext> = editable
            ? input("note[]", value: note, id: "f-note.\(i)", label: "\(T.note): \(r.title)", maxLength: 2000)
            : .safe(r.note)
        return .element(named: "tr", nodes: [
            error == nil ? .empty : .class("has-error"),
            titleCell,
            .element(named: "td", nodes: [.class("num"), .text(points(r.maxPoints))]),
            .element(named: "td", nodes: [.class("num"), .text(points(r.selfPoints))]),
            .element(named: "td", nodes: [.class("num"), teamCell]),
            .element(named: "td", nodes: [noteCell]),
        ])
    }

    static func files(_ m: VisitModel, _ files: [Q.FileRow]) -> Node<HTML.BodyContext> {
        files.isEmpty ? .empty : .ul(.group(files.map { .li(.link(href: InspectionPaths.file(m.data.id, $0.id), $0.name)) }))
    }

    static func fileField<C: HTML.BodyContext>(_ label: String, _ s: FormState) -> Node<C> {
        .div(.class(s.errors["file"] == nil ? "field" : "field has-error"),
             .label(.for("f-file"), .text(label)),
             .input(.type(.file), .id("f-file"), .name("file")),
             .p(.class("hint"), .text(ReportText.fileLead)),
             s.errors["file"].map { .p(.class("field-error"), .safe($0)) } ?? .empty)
    }

    static func findingsSection(_ m: VisitModel, editable: Bool) -> Node<HTML.BodyContext> {
        let s = m.states["finding"] ?? FormState()
        guard editable || !m.data.findings.isEmpty else { return .empty }
        return .section(.class("card"), .h2(.text(T.findings)),
                        .ul(.group(m.data.findings.map { f in
                            .li(.safe(f.text), .span(.class("muted"), .text(" — \(f.createdBy), \(VietnamTime.dateTime(f.createdAt))")), files(m, f.files))
                        })),
                        editable ? .group(
                            FormKit.errorSummary(s),
                            .form(.method(.post), .action(InspectionPaths.visitAction(m.data.id, "findings")), .enctype(.multipartData), .class("stacked"),
                                  .attribute(named: "novalidate"),
                                  FormKit.csrf(m.csrf),
                                  FormKit.textArea("finding", label: T.finding, state: s, rows: 3, required: true),
                                  fileField(T.findingFile, s),
                                  FormKit.actions(submit: T.addFinding))) : .empty)
    }

    static func minutesSection(_ m: VisitModel, editable: Bool) -> Node<HTML.BodyContext> {
        let v = m.data
        let s = m.states["minutes"] ?? FormState(values: v.minutes)
        guard editable || v.minutesRecordedAt != nil else { return .empty }
        guard editable else {
            return .section(.class("card"), .h2(.text(T.minutes)), Components.details([
                (T.startsAt, v.minutes["startsAt"] ?? ""), (T.endsAt, v.minutes["endsAt"] ?? ""), (T.minutesPlace, v.minutes["place"] ?? ""),
                (T.teamAttendees, v.minutes["teamAttendees"] ?? ""), (T.unitAttendees, v.minutes["unitAttendees"] ?? ""),
                (T.strengths, v.minutes["strengths"] ?? ""), (T.weaknesses, v.minutes["weaknesses"] ?? ""),
                (T.recommendations, v.minutes["recommendations"] ?? ""),
            ]))
        }
        return .section(.class("card"), .h2(.text(T.minutes)),
                        FormKit.errorSummary(s),
                        .form(.method(.post), .action(InspectionPaths.visitAction(v.id, "minutes")), .class("stacked"), .attribute(named: "novalidate"),
                              FormKit.csrf(m.csrf), FormKit.hidden("version", String(v.version)),
                              FormKit.text("startsAt", label: T.startsAt, state: s, required: true, hint: T.timeHint, placeholder: "08:00", maxLength: 5),
                              FormKit.text("endsAt", label: T.endsAt, state: s, hint: T.timeHint, placeholder: "11:00", maxLength: 5),
                              FormKit.text("place", label: T.minutesPlace, state: s, required: true, maxLength: 500),
                              FormKit.textArea("teamAttendees", label: T.teamAttendees, state: s, rows: 3, required: true),
                              FormKit.textArea("unitAttendees", label: T.unitAttendees, state: s, rows: 3, required: true),
                              FormKit.textArea("strengths", label: T.strengths, state: s, rows: 4, required: true),
                              FormKit.textArea("weaknesses", label: T.weaknesses, state: s, rows: 4),
                              FormKit.textArea("recommendations", label: T.recommendations, state: s, rows: 4),
                              FormKit.actions(submit: T.saveMinutes)))
    }
}
