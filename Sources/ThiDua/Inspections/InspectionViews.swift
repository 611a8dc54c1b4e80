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
        /// A paragraph on what this user does here (a council member, a team's member); nil for others.
        var intro: String? = nil
        /// The settings page (notice days) is the user's to edit.
        var canEditSettings = false
    }

    static func settingsLink(_ m: OverviewModel) -> Node<HTML.BodyContext> {
        m.canEditSettings ? .p(.class("hint"), .link(href: InspectionSettingsController.path, T.settingsLink)) : .empty
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
                     m.canManage ? .div(.class("actions"), .link(href: InspectionPaths.newPlan(year: d.year), T.newPlan, class: "btn btn-primary")) : .empty),
                .p(.class("muted"), .text(T.noPlan)), settingsLink(m)))
        }
        // The plan's sections in their order: I and II with the plan's state, III (the units, then the schedule), IV, V.
        // No lead above a plan (its sections say what it is; a phone shows the plan sooner); the unit's schedule under
        // one heading of its own.
        return Layout.render(m.frame, .group(
            .div(.class("toolbar"), yearFilter),
            m.intro.map { .p(.class("intro"), .text($0)) } ?? .empty,
            d.seesAll ? planSection(m, plan) : .empty,
            .section(.class("card"), .h2(.text(d.seesAll ? T.visits : T.myVisits)),
                     d.seesAll ? .group(.h3(.text(T.targets)),
                                        Components.table(headers: [T.unit, T.reason], rows: d.targets.map { [.safe($0.unitName), .safe($0.reason)] }),
                                        .h3(.text(T.visit))) : .empty,
                     .p(.class("hint"), .text(T.noticeDaysLine(d.config.noticeDays))),
                     visitsByStatus(d.visits, plan: plan.status, noticeDays: d.config.noticeDays, today: d.today)),
            d.seesAll || !d.teams.isEmpty ? .section(.class("card"), .h2(.text(T.teams)), teamsTable(d.teams)) : .empty,
            d.seesAll ? .section(.class("card"), .h2(.text(T.organisation)), .p(.safe(plan.organisation.isEmpty ? "—" : plan.organisation))) : .empty,
            m.canManage ? manageForms(m, plan) : .empty,
            settingsLink(m)
        ))
    }

    static func planSection(_ m: OverviewModel, _ p: Q.PlanRow) -> Node<HTML.BodyContext> {
        .section(.class("card"),
                 Components.details([
                    (T.status, p.status.label),
                    (T.approvedBy, p.approvedByName.isEmpty ? "" : "\(p.approvedByName), \(p.approvedAt.map(VietnamTime.dateTime) ?? "")"),
                    (T.purpose, p.purpose), (T.content, p.content),
                 ]),
                 planDocumentLinks(p),
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

    /// The visits grouped by state, in the order of the states (the state is the group's heading, not a column).
    static func visitsByStatus(_ visits: [Q.VisitRow], plan: InspectionPlanStatus, noticeDays: Int, today: LocalDate) -> Node<HTML.BodyContext> {
        guard !visits.isEmpty else { return .p(.class("muted"), .text(T.noVisits)) }
        return .group(InspectionVisitStatus.allCases.compactMap { status -> Node<HTML.BodyContext>? in
            let rows = visits.filter { $0.status == status }
            guard !rows.isEmpty else { return nil }
            let early = status == .scheduled || status == .notified
            return .group(.h3(.text("\(status.label) (\(rows.count))")),
                          Components.table(headers: [T.date, T.time, T.unit, T.team, T.place, early ? T.notice : T.followUps], rows: rows.map { r in
                              [.text(r.date?.vietnamese ?? ""), .text(r.time), .link(href: InspectionPaths.visit(r.id), r.unitName), .safe(r.teamName),
                               .safe(r.place),
                               early ? .text(noticeLine(date: r.date, sentAt: r.noticeSentAt, plan: plan, days: noticeDays,
                                                          today: r.status == .scheduled ? today : nil, short: true))
                                     : .text(r.openFollowUps == 0 ? "" : "\(r.openFollowUps)" + (r.overdueFollowUps > 0 ? " (\(T.overdue.lowercased()) \(r.overdueFollowUps))" : ""))]
                          }, rowClasses: rows.map { $0.overdueFollowUps > 0 ? "overdue" : nil }))
        })
    }

    /// When the visit's notice went, or when it will go: "Đã gửi thông báo ngày 20/11/2026", "Thông báo sẽ gửi ngày
    /// 03/12/2026 (7 ngày trước buổi kiểm tra)"; before the plan is approved, that it waits for the approval. `today`
    /// (when given) tells a visit whose day has passed without a notice.
    /// `short`: a cell of the overview's table, under the line that says the number of days once.
    static func noticeLine(date: LocalDate?, sentAt: Date?, plan: InspectionPlanStatus, days: Int, today: LocalDate?, short: Bool = false) -> String {
        if let sentAt { return short ? T.noticeSentShort(LocalDate(sentAt)) : T.noticeSentOn(LocalDate(sentAt)) }
        guard let date else { return T.noticePending }
        if let today, date < today { return T.noticeNotSent }
        var day = date.adding(days: -days)
        if let today, day < today { day = today } // due, the hourly sweep sends it today
        if short { return plan == .approved ? T.noticeWillGoShort(day) : T.noticeAfterApprovalShort }
        return plan == .approved ? T.noticeWillGo(day, days: days) : T.noticeAfterApproval(day, days: days)
    }

    /// A team's members as a table: name, role in the team, task (the task without the role said again before it).
    static func membersTable(_ members: [Q.Member]) -> Node<HTML.BodyContext> {
        Components.table(headers: [T.memberName, T.memberRole, T.task], rows: members.map { m in
            [.safe(m.name), .text(m.role.label), .safe(taskWithoutRole(m.task, m.role))]
        })
    }

    /// "Trưởng đoàn, chủ trì buổi kiểm tra" with the role "Trưởng đoàn" → "Chủ trì buổi kiểm tra".
    static func taskWithoutRole(_ task: String, _ role: InspectionTeamRole) -> String {
        let folded = TextFolding.fold(task), label = TextFolding.fold(role.label)
        guard folded.hasPrefix(label), let cut = task.index(task.startIndex, offsetBy: role.label.count, limitedBy: task.endIndex) else { return task }
        let rest = task[cut...].drop { $0 == "," || $0 == ";" || $0 == ":" || $0 == "-" || $0 == "–" || $0.isWhitespace }
        return rest.isEmpty ? "" : rest.prefix(1).uppercased() + rest.dropFirst()
    }

    static func teamsTable(_ teams: [Q.Team]) -> Node<HTML.BodyContext> {
        guard !teams.isEmpty else { return .p(.class("muted"), .text(CoreText.noRows)) }
        return .group(teams.map { t in
            .group(.h3(.safe(t.name)), t.assignment.isEmpty ? .empty : .p(.class("hint"), .text("\(T.assignment): "), .safe(t.assignment)),
                   membersTable(t.members))
        })
    }

    static func manageForms(_ m: OverviewModel, _ p: Q.PlanRow) -> Node<HTML.BodyContext> {
        let d = m.data
        let target = m.states["target"] ?? FormState()
        let team = m.states["team"] ?? FormState()
        let visit = m.states["visit"] ?? FormState()
        // "Thành viên" first: an untouched line is an ordinary member, not a deputy.
        let roles = [InspectionTeamRole.member] + InspectionTeamRole.allCases.filter { $0 != .leader && $0 != .member }
        let roleChoices = roles.map { Choice(value: $0.rawValue, label: $0.label) }
        let targetUnits = d.targets.map { Choice(value: $0.unitID.uuidString.lowercased(), label: $0.unitName) }
        let teams = d.teams.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.name) }
        let memberRows = max(4, (0..<20).last { !team["memberPersonId.\($0)"].isEmpty }.map { $0 + 2 } ?? 0)
        return .group(
            p.status == .approved ? .p(.class("flash flash-warning"), .text(T.amendAfterApproval)) : .empty,
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
                               .p(.class("hint"), .text(T.membersHint)),
                               .div(.class("table-wrap"), .element(named: "table", nodes: [
                                   .class("data member-rows"),
                                   .element(named: "thead", nodes: [.element(named: "tr", nodes: [T.memberName, T.memberRole, T.task].map { h in
                                       .element(named: "th", nodes: [.attr("scope", "col"), .text(h)])
                                   })]),
                                   .element(named: "tbody", nodes: (0..<memberRows).map { i in memberRow(i, team, people: d.people, roles: roleChoices) }),
                               ]))]),
                           FormKit.actions(submit: T.createTeam))),
            .section(.class("card"), .h2(.text(T.scheduleVisit)),
                     FormKit.errorSummary(visit.keyed("unitId", as: "visit-unitId")),
                     .form(.method(.post), .action(InspectionPaths.planAction(p.id, "visits")), .class("stacked"), .attribute(named: "novalidate"),
                           FormKit.csrf(m.csrf),
                           // The "add a unit" form above sends `unitId` too: this one's ids are its own.
                           FormKit.select("unitId", key: "visit-unitId", label: T.unit, state: visit, choices: targetUnits, required: true),
                           FormKit.select("teamId", label: T.team, state: visit, choices: teams, required: true),
                           FormKit.date("date", label: T.date, state: visit, required: true),
                           FormKit.text("time", label: T.time, state: visit, required: true, hint: T.timeHint, placeholder: "08:00", maxLength: 5),
                           FormKit.text("place", label: T.place, state: visit, required: true, maxLength: 500),
                           FormKit.textArea("content", label: T.visitContent, state: visit, rows: 3, required: true),
                           FormKit.actions(submit: T.scheduleVisit)))
        )
    }

    /// One member line of the team form, under the headers Họ và tên · Vai trò trong đoàn · Nhiệm vụ; its fields repeat
    /// (`memberPersonId[]`…), each named for the screen reader by its column and line; its messages are `members.<i>`.
    static func memberRow(_ i: Int, _ s: FormState, people: [Choice], roles: [Choice]) -> Node<HTML.BodyContext> {
        let error = s.errors["members.\(i)"] ?? s.errors["task.\(i)"]
        let line = T.memberLine(i + 1)
        return .element(named: "tr", nodes: [
            error == nil ? .empty : .class("has-error"),
            .element(named: "td", nodes: [
                select("memberPersonId[]", id: "f-members.\(i)", label: "\(T.memberName): \(line)", current: s["memberPersonId.\(i)"], choices: people),
                error.map { .p(.class("field-error"), .attr("id", "e-members.\(i)"), .safe($0)) } ?? .empty]),
            .element(named: "td", nodes: [select("memberRole[]", id: "f-memberRole.\(i)", label: "\(T.memberRole): \(line)", current: s["memberRole.\(i)"],
                                                 choices: roles, blank: nil)]),
            .element(named: "td", nodes: [input("memberTask[]", value: s["memberTask.\(i)"], id: "f-task.\(i)", label: "\(T.task): \(line)", maxLength: 500)]),
        ])
    }

    /// A bare select (a cell of a row of fields), named by `aria-label`; grouped options as ``FormKit/select``.
    static func select<C: HTML.BodyContext>(_ name: String, id: String, label: String, current: String, choices: [Choice], blank: String? = CoreText.chooseOne) -> Node<C> {
        .element(named: "select", nodes: [
            .attr("name", name), .attr("id", id), .attr("aria-label", label),
            blank.map { .element(named: "option", nodes: [.attr("value", ""), .safe($0)]) } ?? .empty,
            .group(FormKit.optionNodes(choices, current: current)),
        ])
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
                  // III and IV are the plan page's (units, schedule, teams): named here so that the sections read in order.
                  .div(.class("field"), .h2(.text(T.sectionIII)), .h2(.text(T.sectionIV)), .p(.class("hint"), .text(T.laterSections))),
                  FormKit.textArea("organisation", label: T.organisation, state: m.state, rows: 4),
                  m.state["version"].isEmpty ? .empty : FormKit.hidden("version", m.state["version"]),
                  FormKit.actions(submit: CoreText.save)),
            .p(.link(href: InspectionPaths.overview(year: Int(m.state["year"])), CoreText.cancel, class: "btn btn-secondary"))
        ))
    }
}
