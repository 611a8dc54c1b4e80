import Foundation
import Plot

enum RankingView {
    struct Model: Sendable {
        let frame: PageFrame
        let year: Int
        let years: [Int]
        let groups: [RankingGroup]
        let config: ScoringConfig
        let ownRowOnly: Bool
        let ownUnit: UUID?
        let canEditSettings: Bool
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, lead: ScoringText.rankingLead, .group(
            .div(.class("toolbar"),
                 .nav(.class("filters"), .ariaLabel(ScoringText.chooseYear), .text("\(ScoringText.chooseYear): "),
                      .group(m.years.enumerated().map { i, y in yearLink(m, i, y) })),
                 m.canEditSettings ? .div(.class("actions"), .link(.scoringSettings, ScoringText.navSettings, class: "btn btn-secondary")) : .empty),
            .p(.class("hint"), .text(ScoringText.gapRule(NumberText.format(m.config.gapThreshold), m.config.rule.label))),
            m.ownRowOnly ? .p(.class("hint"), .text(ScoringText.ownRowOnly)) : .empty,
            empty(m),
            .group(m.groups.map { group(m, $0) })
        ))
    }

    static func yearLink(_ m: Model, _ i: Int, _ y: Int) -> Node<HTML.BodyContext> {
        let link: Node<HTML.BodyContext> = y == m.year ? .strong(.text(String(y))) : .link(.scoringYear(y), String(y))
        return i == 0 ? link : .group(.text(" · "), link)
    }

    /// When there is nothing to rank: a focal point still gets the way to their sheet.
    static func empty(_ m: Model) -> Node<HTML.BodyContext> {
        guard m.groups.isEmpty else { return .empty }
        if m.ownRowOnly, let unit = m.ownUnit { return .p(.link(.scoringSheet(unit, year: m.year), ScoringText.openSheet)) }
        return .p(.class("muted"), .text(ScoringText.noUnits))
    }

    static func points(_ v: Double?) -> String { v.map { NumberText.format($0) } ?? "—" }

    static func gapCell(_ gap: Double?, flagged: Bool) -> Node<HTML.BodyContext> {
        guard let gap else { return .text("—") }
        let text = NumberText.format(abs(gap))
        return flagged ? .span(.class("badge badge-warn"), .attribute(named: "title", value: ScoringText.gapFlagTitle), .text(ScoringText.gapFlag(text)))
                       : .text(text)
    }

    static func percent(_ v: Double?) -> String { v.map { NumberText.format($0, maxFractionDigits: 1) + "%" } ?? "—" }

    static func row(_ m: Model, _ r: RankingRow) -> [Node<HTML.BodyContext>] {
        [.text(r.rank.map(String.init) ?? ScoringText.notRanked), .link(.scoringSheet(r.unitID, year: m.year), r.unitName),
         .text(points(r.selfTotal)), .text(points(r.finalTotal)), .text(percent(r.percent)),
         .text(r.band ?? "—"), gapCell(r.gap, flagged: r.gapFlagged), .text(String(r.membersScored))]
    }

    static func group(_ m: Model, _ g: RankingGroup) -> Node<HTML.BodyContext> {
        .section(.class("card"),
                 .h2(.text(DirectoryText.groupLabel(g.group))),
                 .p(.class("hint"), .text("\(ScoringText.maxTotal): \(NumberText.format(g.maxTotal))")),
                 Components.table(
                    headers: [ScoringText.rank, ScoringText.unit, ScoringText.selfTotal, ScoringText.councilTotal, ScoringText.percent,
                              ScoringText.band, ScoringText.gap, ScoringText.membersScored],
                    rows: g.rows.map { row(m, $0) },
                    numericColumns: [0, 2, 3, 4, 7], rowClasses: g.rows.map { $0.gapFlagged ? "gap-flagged" : nil }))
    }
}

enum SheetView {
    struct Model: Sendable {
        let frame: PageFrame
        let sheet: ScoreSheet
        /// The council members whose column this user sees.
        let columns: [ScoringMember]
        let myMember: UUID?
        let canSelf: Bool
        let canCouncil: Bool
        let isOpen: Bool
        let state: FormState
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let s = m.sheet
        return Layout.render(m.frame, lead: "\(DirectoryText.groupLabel(CriteriaGroup(rawValue: s.group) ?? .agencies)). \(ScoringText.gapRule(NumberText.format(s.config.gapThreshold), s.config.rule.label))", .group(
            FormKit.errorSummary(m.state),
            .p(.class(m.isOpen ? "hint" : "flash flash-info"), .text(m.isOpen ? ScoringText.openUntil(s.closesOn.vietnamese) : ScoringText.closedSince(s.closesOn.vietnamese))),
            s.lines.isEmpty ? .p(.class("muted"), .text(ScoringText.noCriteria)) : .group(
                .section(.class("card"), .h2(.text(ScoringText.overview)), overview(m),
                         Components.details([
                            (ScoringText.selfTotal, RankingView.points(s.totals.selfTotal)),
                            (ScoringText.councilTotal, RankingView.points(s.totals.finalTotal)),
                            (ScoringText.percent, s.percent == nil ? "" : RankingView.percent(s.percent)),
                            (ScoringText.band, s.band ?? ""),
                            (ScoringText.membersScored, String(s.totals.membersScored)),
                         ]),
                         gapFlag(s)),
                offersCard(m),
                m.canSelf ? selfForm(m) : .empty,
                m.canCouncil ? councilForm(m) : .empty)
        ))
    }

    static func gapFlag(_ s: ScoreSheet) -> Node<HTML.BodyContext> {
        guard s.gapFlagged, let a = s.totals.selfTotal, let b = s.totals.finalTotal else { return .empty }
        return .p(.span(.class("badge badge-warn"), .id("gap-flag"), .attribute(named: "title", value: ScoringText.gapFlagTitle),
                        .text(ScoringText.gapFlag(NumberText.format(abs(a - b))))))
    }

    static func overview(_ m: Model) -> Node<HTML.BodyContext> {
        let s = m.sheet
        let evidenceNames = Dictionary(uniqueKeysWithValues: s.evidence.map { ($0.value, $0.label) })
        let headers: [String] = ["#", ScoringText.criterion, ScoringText.maxPoints, ScoringText.selfScore, ScoringText.evidence]
            + m.columns.map { $0.id == m.myMember ? "\(ScoringText.myColumn) (\($0.name))" : $0.name } + [ScoringText.finalScore]
        var rows: [[Node<HTML.BodyContext>]] = []
        for l in s.lines {
            var row: [Node<HTML.BodyContext>] = [.text(String(l.position)), .safe(l.title), .text(NumberText.format(l.maxPoints)),
                                                 .text(RankingView.points(l.selfPoints)),
                                                 .safe(l.evidenceID.flatMap { evidenceNames[$0.uuidString.lowercased()] } ?? "")]
            for c in m.columns { row.append(.text(RankingView.points(l.council[c.id]))) }
            row.append(.text(RankingView.points(l.final)))
            rows.append(row)
        }
        var total: [Node<HTML.BodyContext>] = [.empty, .strong(.text(ScoringText.total)), .text(NumberText.format(s.maxTotal)),
                                               .strong(.text(RankingView.points(s.totals.selfTotal))), .empty]
        for c in m.columns {
            let values = s.lines.compactMap { $0.council[c.id] }
            total.append(.text(RankingView.points(values.isEmpty ? nil : values.reduce(0, +))))
        }
        total.append(.strong(.text(RankingView.points(s.totals.finalTotal))))
        rows.append(total)
        return Components.table(headers: headers, rows: rows, numericColumns: Set([2, 3] + (0...m.columns.count).map { 5 + $0 }))
    }

    static func key(_ l: SheetLine) -> String { l.criterionID.uuidString.lowercased() }

    /// The current value of a field: what was typed (after an error) or what is saved.
    static func value(_ m: Model, form: ScorerKind, _ name: String, _ l: SheetLine, saved: String) -> String {
        m.state.values["form"] == form.rawValue ? m.state.values["\(name)-\(key(l))"] ?? "" : saved
    }

    static func input(_ m: Model, _ name: String, _ l: SheetLine, value: String, label: String, width: String = "") -> Node<HTML.BodyContext> {
        let field = "\(name)-\(key(l))"
        let error = m.state.errors[field]
        return .group(
            .selfClosedElement(named: "input", attributes: [
                FormKit.attr("type", "text"), FormKit.attr("id", "f-\(field)"), FormKit.attr("name", "\(name)[\(key(l))]"), FormKit.attr("value", value),
                FormKit.attr("aria-label", "\(label): \(l.title)"), FormKit.attr("class", "cell-input \(width)"),
                error == nil ? .empty : FormKit.attr("aria-invalid", "true"),
            ]),
            error.map { .p(.class("field-error"), .safe($0)) } ?? .empty)
    }

    static func selfForm(_ m: Model) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text(ScoringText.selfSection)),
                 .form(.method(.post), .action(SiteURL.scoringSelf(m.sheet.unitID, year: m.sheet.year).path), .class("stacked"),
                       FormKit.csrf(m.csrf),
                       .p(.class("hint"), .text(ScoringText.blankMeansUnscored)),
                       Components.table(headers: ["#", ScoringText.criterion, ScoringText.maxPoints, ScoringText.selfScore, ScoringText.evidence, ScoringText.note],
                                        rows: m.sheet.lines.map { l in
                                            [.text(String(l.position)), .safe(l.title), .text(NumberText.format(l.maxPoints)),
                                             input(m, "points", l, value: value(m, form: .selfScore, "points", l, saved: l.selfPoints.map { NumberText.format($0) } ?? ""),
                                                   label: ScoringText.selfScore),
                                             evidenceSelect(m, l), input(m, "note", l, value: value(m, form: .selfScore, "note", l, saved: l.note), label: ScoringText.note, width: "w-wide")]
                                        }, numericColumns: [2]),
                       FormKit.actions(submit: ScoringText.saveSelf)))
    }

    static func evidenceSelect(_ m: Model, _ l: SheetLine) -> Node<HTML.BodyContext> {
        let field = "evidence-\(key(l))"
        let current = value(m, form: .selfScore, "evidence", l, saved: l.evidenceID?.uuidString.lowercased() ?? "")
        let error = m.state.errors[field]
        return .group(
            .element(named: "select", nodes: [
                .attr("id", "f-\(field)"), .attr("name", "evidence[\(key(l))]"), .attr("aria-label", "\(ScoringText.evidence): \(l.title)"),
                .element(named: "option", nodes: [.attr("value", ""), .text(ScoringText.noEvidence)]),
                .group(m.sheet.evidence.map { c in
                    .element(named: "option", nodes: [.attr("value", c.value),
                                                      c.value == current ? .attribute(named: "selected", value: nil, ignoreIfValueIsEmpty: false) : .empty,
                                                      .safe(c.label)])
                }),
            ]),
            error.map { .p(.class("field-error"), .safe($0)) } ?? .empty)
    }

    static func councilForm(_ m: Model) -> Node<HTML.BodyContext> {
        guard let me = m.myMember else { return .empty }
        return .section(.class("card"), .h2(.text(ScoringText.councilSection)),
                        .form(.method(.post), .action(SiteURL.scoringCouncil(m.sheet.unitID, year: m.sheet.year).path), .class("stacked"),
                              FormKit.csrf(m.csrf),
                              .p(.class("hint"), .text(ScoringText.blankMeansUnscored)), offerHint(m),
                              Components.table(headers: ["#", ScoringText.criterion, ScoringText.maxPoints, ScoringText.selfScore, ScoringText.myColumn, ScoringText.note],
                                               rows: m.sheet.lines.map { l in
                                                   [.text(String(l.position)), .safe(l.title), .text(NumberText.format(l.maxPoints)), .text(RankingView.points(l.selfPoints)),
                                                    .group(input(m, "points", l, value: value(m, form: .council, "points", l, saved: l.council[me].map { NumberText.format($0) } ?? offeredValue(m, l)),
                                                                 label: ScoringText.myColumn), offerMark(m, l, member: me)),
                                                    input(m, "note", l, value: value(m, form: .council, "note", l, saved: l.councilNotes[me] ?? ""), label: ScoringText.note, width: "w-wide")]
                                               }, numericColumns: [2, 3]),
                              FormKit.actions(submit: ScoringText.saveCouncil)))
    }
}

enum SettingsView {
    static func render(_ frame: PageFrame, state: FormState, rows: Int, source: String, csrf: String) -> HTML {
        Layout.render(frame, lead: "\(ScoringText.settingsLead) \(source).", .group(
            FormKit.errorSummary(state),
            .form(.method(.post), .action(SiteURL.scoringSettings.path), .class("stacked"),
                  FormKit.csrf(csrf),
                  FormKit.hidden("version", state["version"]),
                  FormKit.select("rule", label: ScoringText.ruleLabel, state: state,
                                 choices: ScoringRule.allCases.map { Choice(value: $0.rawValue, label: $0.choice) }, required: true, blank: nil),
                  FormKit.text("gapThreshold", label: ScoringText.gapLabel, state: state, required: true, hint: ScoringText.gapHint, maxLength: 10),
                  .h2(.text(ScoringText.bandsLabel)),
                  .p(.class("hint"), .text(ScoringText.bandsHint)),
                  Components.table(headers: ["#", ScoringText.bandLabel, ScoringText.bandMin], rows: (0..<rows).map { i in
                      [.text(String(i + 1)), cell("bandLabel", i, state, label: ScoringText.bandLabel, width: "w-wide"), cell("bandMin", i, state, label: ScoringText.bandMin)]
                  }),
                  FormKit.actions(submit: CoreText.save, cancel: .scoring))
        ))
    }

    static func cell(_ name: String, _ i: Int, _ state: FormState, label: String, width: String = "") -> Node<HTML.BodyContext> {
        let field = "\(name)-\(i)"
        let error = state.errors[field]
        return .group(
            .selfClosedElement(named: "input", attributes: [
                FormKit.attr("type", "text"), FormKit.attr("id", "f-\(field)"), FormKit.attr("name", "\(name)[\(i)]"), FormKit.attr("value", state[field]),
                FormKit.attr("aria-label", "\(label) \(i + 1)"), FormKit.attr("class", "cell-input \(width)"),
                error == nil ? .empty : FormKit.attr("aria-invalid", "true"),
            ]),
            error.map { .p(.class("field-error"), .safe($0)) } ?? .empty)
    }
}
