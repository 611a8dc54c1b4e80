import Foundation
import Plot

/// The inspection pages: pure functions of `Sendable` models.
enum InspectionViews {
    typealias T = InspectionText
    typealias Q = InspectionPageQueries

    static func badge(_ s: InspectionVisitStatus) -> Node<HTML.BodyContext> {
        .span(.class(s == .closed ? "badge badge-muted" : s == .concluded || s == .visited ? "badge badge-ok" : "badge"), .text(s.label))
    }

    static func points(_ v: Double?) -> String { v.map { NumberText.format($0) } ?? "" }

    /// A bare text box (a cell of a row of fields), its value escaped.
    static func input<C: HTML.BodyContext>(_ name: String, value: String, id: String? = nil, label: String? = nil, maxLength: Int? = nil,
                                           extra: [(String, String)] = []) -> Node<C> {
        var attributes: [Attribute<C>] = [FormKit.attr("type", "text"), FormKit.attr("name", name), FormKit.attr("value", value)]
        if let id { attributes.append(FormKit.attr("id", id)) }
        if let label { attributes.append(FormKit.attr("aria-label", label)) }
        if let maxLength { attributes.append(FormKit.attr("maxlength", String(maxLength))) }
        attributes += extra.map { FormKit.attr($0.0, $0.1) }
        return .selfClosedElement(named: "input", attributes: attributes)
    }

    // MARK: overview

    struct OverviewModel: Sendable {
        let frame: PageFrame
        let data: Q.Overview
        let canManage: Bool
        let canApprove: Bool
        /// Forms that came back with messages: "target", "team", "visit".
        let states: [String: FormState]
        let csrf: String
    }

    static func overview(_ m: OverviewModel) -> HTML {
        let d = m.data
        let years = FormState(values: ["year": String(d.year)])
        let yearFilter: Node<HTML.BodyContext> = .form(.method(.get), .action(InspectionPaths.root), .class("filters"),
            FormKit.text("year", label: T.year, state: years, maxLength: 4),
            .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search)))
        guard let plan = d.plan else {
            return Layout.render(m.frame, lead: T.lead, .group(
                .div(.class("toolbar"), yearFilter,
                     m.canManage ? .div(.class("actions"), .link(href: InspectionPaths.newPlan, T.newPlan, class: "btn btn-primary")) : .empty),
                .p(.class("muted"), .text(T.noPlan))))
        }
        return Layout.render(m.frame, lead: T.lead, .group(
            .div(.class("toolbar"), yearFilter),
            d.seesAll ? planSection(m, plan) : .h2(.text(T.myVisits)),
            .section(.class("card"), .h2(.text(T.visits)),
                     .p(.class("hint"), .text(T.noticeDaysLine(d.config.noticeDays, d.config.source))),
                     visitsByStatus(d.visits)),
            d.seesAll || !d.teams.isEmpty ? .section(.class("card"), .h2(.text(T.teams)), teamsTable(d.teams)) : .empty,
            d.seesAll ? .section(.class("card"), .h2(.text(T.targets)),
                                 Components.table(headers: [T.unit, T.reason], rows: d.targets.map { [.safe($0.unitName), .safe($0.reason)] })) : .empty,
            m.canManage ? manageForms(m, plan) : .empty
        ))
    }

    static func planSection(_ m: OverviewModel, _ p: Q.PlanRow) -> Node<HTML.BodyContext> {
        .section(.class("card"),
                 Components.details([
                    (T.status, p.status.label),
                    (T.approvedBy, p.approvedByName.isEmpty ? "" : "\(p.approvedByName), \(p.approvedAt.map(VietnamTime.dateTime) ?? "")"),
                    (T.purpose, p.purpose), (T.content, p.content), (T.organisation, p.organisation),
                 ]),
                 .div(.class("form-actions"),
                      m.canManage && p.status == .draft ? .link(href: InspectionPaths.planAction(p.id, "edit"), T.editPlan, class: "btn btn-secondary") : .empty,
                      m.canManage && p.status == .draft ? versionButton(InspectionPaths.planAction(p.id, "submit"), T.submit, p.version, m.csrf) : .empty,
                      m.canApprove && p.status == .submitted ? versionButton(InspectionPaths.planAction(p.id, "approve"), T.approve, p.version, m.csrf) : .empty))
    }

    static func versionButton<C: HTML.BodyContext>(_ action: String, _ label: String, _ version: Int, _ csrf: String) -> Node<C> {
        .form(.method(.post), .action(action), .class("inline"),
              FormKit.csrf(csrf), FormKit.hidden("version", String(version)),
              .button(.type(.submit), .class("btn btn-primary"), .text(label)))
    }

    /// The visits grouped by state, in the order of the states.
    static func visitsByStatus(_ visits: [Q.VisitRow]) -> Node<HTML.BodyContext> {
        guard !visits.isEmpty else { return .p(.class("muted"), .text(T.noVisits)) }
        return .group(InspectionVisitStatus.allCases.compactMap { status -> Node<HTML.BodyContext>? in
            let rows = visits.filter { $0.status == status }
            guard !rows.isEmpty else { return nil }
            return .group(.h3(.text("\(status.label) (\(rows.count))")),
                          Components.table(headers: [T.date, T.time, T.unit, T.team, T.place, T.status, T.followUps], rows: rows.map { r in
                              [.text(r.date?.vietnamese ?? ""), .text(r.time), .link(href: InspectionPaths.visit(r.id), r.unitName), .safe(r.teamName),
                               .safe(r.place), badge(r.status),
                               .text(r.openFollowUps == 0 ? "" : "\(r.openFollowUps)" + (r.overdueFollowUps > 0 ? " (\(T.overdue.lowercased()) \(r.overdueFollowUps))" : ""))]
                          }, rowClasses: rows.map { $0.overdueFollowUps > 0 ? "overdue" : nil }))
        })
    }

    static func teamsTable(_ teams: [Q.Team]) -> Node<HTML.BodyContext> {
        Components.table(headers: [T.teamName, T.assignment, T.members], rows: teams.map { t in
            [.safe(t.name), .safe(t.assignment),
             .ul(.group(t.members.map { .li(.safe("\($0.name) – \($0.role.label)" + ($0.task.isEmpty ? "" : ": \($0.task)"))) }))]
        })
    }

    static func manageForms(_ m: OverviewModel, _ p: Q.PlanRow) -> Node<HTML.BodyContext> {
        let d = m.data
        let target = m.states["target"] ?? FormState()
        let team = m.states["team"] ?? FormState()
        let visit = m.states["visit"] ?? FormState()
        let roles = InspectionTeamRole.allCases.filter { $0 != .leader }.map { Choice(value: $0.rawValue, label: $0.label) }
        let targetUnits = d.targets.map { Choice(value: $0.unitID.uuidString.lowercased(), label: $0.unitName) }
        let teams = d.teams.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.name) }
        let memberRows = max(4, (0..<20).last { !team["memberPersonId.\($0)"].isEmpty }.map { $0 + 2 } ?? 0)
        return .group(
            .section(.class("card"), .h2(.text(T.addTarget)),
                     FormKit.errorSummary(target),
                     .form(.method(.post), .action(InspectionPaths.planAction(p.id, "targets")), .class("stacked"), .attribute(named: "novalidate"),
                           FormKit.csrf(m.csrf),
                           FormKit.select("unitId", label: T.unit, state: target, choices: d.units, required: true),
                           FormKit.textArea("reason", label: T.reason, state: target, rows: 2, required: true, hint: T.reasonHint),
                           FormKit.actions(submit: T.addTarget))),
            .section(.class("card"), .h2(.text(T.createTeam)),
                     FormKit.errorSummary(team),
                     .form(.method(.post), .action(InspectionPaths.planAction(p.id, "teams")), .class("stacked"), .attribute(named: "novalidate"),
                           FormKit.csrf(m.csrf),
                           FormKit.text("name", label: T.teamName, state: team, required: true),
                           FormKit.text("assignment", label: T.assignment, state: team, maxLength: 500),
                           FormKit.select("leaderPersonId", label: T.leader, state: team, choices: d.people, required: true),
                           FormKit.text("leaderTask", label: T.task, state: team, maxLength: 500),
                           .element(named: "fieldset", nodes: [.class("field"), .element(named: "legend", nodes: [.text(T.members)]),
                               .group((0..<memberRows).map { i in memberRow(i, team, people: d.people, roles: roles) })]),
                           FormKit.actions(submit: T.createTeam))),
            .section(.class("card"), .h2(.text(T.scheduleVisit)),
                     FormKit.errorSummary(visit),
                     .form(.method(.post), .action(InspectionPaths.planAction(p.id, "visits")), .class("stacked"), .attribute(named: "novalidate"),
                           FormKit.csrf(m.csrf),
                           FormKit.select("unitId", label: T.unit, state: visit, choices: targetUnits, required: true),
                           FormKit.select("teamId", label: T.team, state: visit, choices: teams, required: true),
                           FormKit.date("date", label: T.date, state: visit, required: true),
                           FormKit.text("time", label: T.time, state: visit, required: true, hint: T.timeHint, placeholder: "08:00", maxLength: 5),
                           FormKit.text("place", label: T.place, state: visit, required: true, maxLength: 500),
                           FormKit.textArea("content", label: T.visitContent, state: visit, rows: 3, required: true),
                           FormKit.actions(submit: T.scheduleVisit)))
        )
    }

    /// One member line of the team form; its fields repeat (`memberPersonId[]`…), its messages are `members.<i>`.
    static func memberRow<C: HTML.BodyContext>(_ i: Int, _ s: FormState, people: [Choice], roles: [Choice]) -> Node<C> {
        let error = s.errors["members.\(i)"] ?? s.errors["task.\(i)"]
        return .div(.class(error == nil ? "row-fields" : "row-fields has-error"),
                    select("memberPersonId[]", id: "f-members.\(i)", label: "\(T.members) \(i + 1)", current: s["memberPersonId.\(i)"], choices: people),
                    select("memberRole[]", id: "f-memberRole.\(i)", label: T.memberRole, current: s["memberRole.\(i)"], choices: roles, blank: nil),
                    .label(.text(T.task), input("memberTask[]", value: s["memberTask.\(i)"], maxLength: 500)),
                    error.map { .p(.class("field-error"), .safe($0)) } ?? .empty)
    }

    static func select<C: HTML.BodyContext>(_ name: String, id: String, label: String, current: String, choices: [Choice], blank: String? = CoreText.chooseOne) -> Node<C> {
        .label(.text(label), .element(named: "select", nodes: [
            .attr("name", name), .attr("id", id),
            blank.map { .element(named: "option", nodes: [.attr("value", ""), .safe($0)]) } ?? .empty,
            .group(choices.map { c in
                .element(named: "option", nodes: [.attr("value", c.value),
                                                  c.value == current ? .attribute(named: "selected", value: nil, ignoreIfValueIsEmpty: false) : .empty,
                                                  .safe(c.label)])
            }),
        ]))
    }

    // MARK: plan form

    struct PlanFormModel: Sendable {
        let frame: PageFrame
        let action: String
        let isNew: Bool
        let state: FormState
        let csrf: String
    }

    static func planForm(_ m: PlanFormModel) -> HTML {
        var summary = m.state
        summary.labels.merge(["year": T.year, "purpose": T.purpose, "content": T.content, "organisation": T.organisation]) { a, _ in a }
        summary.order = ["year", "purpose", "content", "organisation"]
        return Layout.render(m.frame, lead: T.lead, .group(
            FormKit.errorSummary(summary),
            .form(.method(.post), .action(m.action), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  m.isNew ? FormKit.text("year", label: T.year, state: m.state, required: true, maxLength: 4) : .p(.text("\(T.year): \(m.state["year"])")),
                  FormKit.textArea("purpose", label: T.purpose, state: m.state, rows: 5, required: true),
                  FormKit.textArea("content", label: T.content, state: m.state, rows: 6, required: true),
                  FormKit.textArea("organisation", label: T.organisation, state: m.state, rows: 4),
                  m.state["version"].isEmpty ? .empty : FormKit.hidden("version", m.state["version"]),
                  FormKit.actions(submit: CoreText.save)),
            .p(.link(href: InspectionPaths.root, CoreText.cancel, class: "btn btn-secondary"))
        ))
    }

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
                        (T.noticeSent, v.noticeSentAt.map(VietnamTime.dateTime) ?? T.noticePending),
                     ]),
                     .ul(.group(v.team.members.map { .li(.safe("\($0.name) – \($0.role.label)" + ($0.task.isEmpty ? "" : ": \($0.task)"))) }))),
            v.history.isEmpty ? .empty : .section(.class("card"), .h2(.text(T.history)),
                Components.table(headers: [T.oldSchedule, T.newSchedule, T.rescheduleReason, T.by, T.at], rows: v.history.map { h in
                    [.text("\(LocalDate(iso: h.oldDate)?.vietnamese ?? "") \(h.oldTime)"), .text("\(LocalDate(iso: h.newDate)?.vietnamese ?? "") \(h.newTime)"),
                     .safe(h.reason), .safe(h.byName), .text(VietnamTime.dateTime(h.at))]
                })),
            m.canManage && (v.status == .scheduled || v.status == .notified) ? rescheduleForm(m) : .empty,
            checklistSection(m, editable: m.canRecord && open && v.hasStarted),
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
