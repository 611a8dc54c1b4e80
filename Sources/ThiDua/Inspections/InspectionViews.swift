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
}
