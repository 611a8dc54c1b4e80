import Foundation
import Plot

/// The catalogue, targets and settings pages: pure functions of `Sendable` models built by
/// ``IndicatorCatalogueController``.
enum IndicatorCatalogueViews {
    typealias T = IndicatorText.Catalogue
    typealias Body = Node<HTML.BodyContext>

    // MARK: - Shared pieces

    static func yearLinks(_ years: [Int], current: Int, href: (Int) -> String) -> Body {
        .nav(.class("filters"), .ariaLabel(T.year), .text("\(T.year): "),
             .group(years.flatMap { y -> [Body] in
                 [y == current ? .strong(.text(String(y))) : .link(href: href(y), String(y)), .text(" ")]
             }))
    }

    static func number(_ value: Double) -> String { NumberText.format(value) }

    static func targetText(_ value: Double, measure: String) -> String {
        measure == "%" ? number(value) + "%" : "\(number(value)) \(measure)"
    }

    /// The submit button and a cancel link to a path of this feature.
    static func actions<C: HTML.BodyContext>(submit: String, cancel: String) -> Node<C> {
        .div(.class("form-actions"),
             .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-primary"), .safe(submit)]),
             .link(href: cancel, CoreText.cancel, class: "btn btn-secondary"))
    }

    static func toolbar(_ canManage: Bool, year: Int) -> Body {
        .div(.class("actions"),
             .link(href: SiteURL.indicatorTargets(year: year), T.targetsLink, class: "btn btn-secondary"), .text(" "),
             .link(href: SiteURL.indicatorSettings, T.settingsLink, class: "btn btn-secondary"), .text(" "),
             canManage ? .link(href: SiteURL.indicatorCatalogueNew, T.add, class: "btn btn-primary") : .empty)
    }

    // MARK: - The list

    struct ListRow: Sendable {
        let id: UUID
        let code: String
        let isActive: Bool
        /// nil: no definition for the year.
        let definition: IndicatorDefinitionRow?
        let target: IndicatorTargetRow?
    }

    struct ListGroup: Sendable {
        let name: String
        let rows: [ListRow]
    }

    struct ListModel: Sendable {
        let frame: PageFrame
        let year: Int
        let years: [Int]
        let canManage: Bool
        let groups: [ListGroup]
        let settings: IndicatorSettingsRow
    }

    static func list(_ m: ListModel) -> HTML {
        Layout.render(m.frame, lead: T.lead, .group(
            .div(.class("toolbar"), yearLinks(m.years, current: m.year, href: SiteURL.indicatorCatalogue(year:)), toolbar(m.canManage, year: m.year)),
            .p(.class("hint"), .text("\(T.jumpPercent): \(number(m.settings.jumpPercent))% — \(m.settings.jumpSource)")),
            m.groups.isEmpty ? .p(.class("muted"), .text(CoreText.noRows)) : .empty,
            .group(m.groups.map { group($0, m) })
        ))
    }

    static func group(_ g: ListGroup, _ m: ListModel) -> Body {
        .section(.class("indicator-group"),
                 .h2(.safe(g.name)),
                 Components.table(headers: [T.code, T.name, T.level, T.measure, "\(T.targetColumn) \(m.year)", T.source, T.publicColumn, T.status, ""],
                                  rows: g.rows.map { row($0, m) }, caption: g.name))
    }

    static func row(_ r: ListRow, _ m: ListModel) -> [Body] {
        let link: Body = .link(href: SiteURL.indicatorCatalogueItem(r.id, year: m.year), m.canManage ? T.edit : T.view)
        guard let d = r.definition else {
            return [.text(r.code), .em(.text(T.noDefinition)), .empty, .empty, .empty, .empty, .empty,
                    .text(r.isActive ? T.active : T.inactive), link]
        }
        let fraction: Body = d.kind == .share
            ? .p(.class("hint"), .text("\(T.fraction): \(d.numeratorLabel) / \(d.denominatorLabel)")) : .empty
        let target: Body = r.target.map { t in
            .group(.strong(.text(targetText(t.target, measure: d.measure))), .p(.class("hint"), .text(t.source)))
        } ?? .em(.text(T.noTarget))
        return [.text(r.code),
                .group(.strong(.safe(d.name)), .p(.class("hint"), .text(d.definition)), fraction,
                       .p(.class("hint"), .text("\(d.kind.label) · \(d.direction.label) · \(T.fromYear) \(d.fromYear)"))),
                .text(d.level.label), .text(d.measure), target, .text(d.sourceDocument),
                .text(d.isPublic ? CoreText.yes : CoreText.no), .text(r.isActive ? T.active : T.inactive), link]
    }

    // MARK: - One indicator: history and edit form

    struct DefinitionForm: Sendable {
        let state: FormState
        let groups: [Choice]
        let areas: [Choice]
        let csrf: String
        let action: String
        let cancel: String
        let withCode: Bool
    }

    struct ItemModel: Sendable {
        let frame: PageFrame
        let id: UUID
        let code: String
        let isActive: Bool
        let version: Int
        let year: Int
        let versions: [IndicatorDefinitionRow]
        let areaNames: [UUID: String]
        let targets: [IndicatorTargetRow]
        let canManage: Bool
        let form: DefinitionForm?
    }

    static func item(_ m: ItemModel) -> HTML {
        let current = IndicatorDefinitions.effectiveRow(m.versions, year: m.year)
        let latest = m.versions.last
        return Layout.render(m.frame, .group(
            .div(.class("toolbar"),
                 .p(.link(href: SiteURL.indicatorCatalogue(year: m.year), "‹ \(T.catalogueLink)")),
                 m.canManage
                    ? postButton(SiteURL.indicatorCatalogueActive(m.id), label: m.isActive ? T.switchOff : T.switchOn, csrf: m.form?.csrf ?? "",
                                 hidden: [("version", String(m.version)), ("active", m.isActive ? "0" : "1")])
                    : .empty),
            .p(.text("\(T.status): \(m.isActive ? T.active : T.inactive)")),
            (current ?? latest).map { details($0, m) } ?? .p(.class("muted"), .text(T.noDefinition)),
            .h2(.text(T.targetColumn)),
            Components.table(headers: [T.year, T.level, T.target, T.targetSource, T.createdBy],
                             rows: m.targets.map { t in
                                 [.text(String(t.year)), .text(t.level.label),
                                  .text(targetText(t.target, measure: IndicatorDefinitions.effectiveRow(m.versions, year: t.year)?.measure ?? "")),
                                  .text(t.source), .text("\(t.updatedByName) — \(VietnamTime.dateTime(t.updatedAt))")]
                             }, numericColumns: [2]),
            .h2(.text(T.history)),
            Components.table(headers: [T.fromYear, T.name, T.level, T.measure, T.source, T.createdBy, T.createdAt],
                             rows: m.versions.reversed().map { v in
                                 [.text(String(v.fromYear) + (v.id == current?.id ? " (\(T.current) \(m.year))" : "")), .text(v.name),
                                  .text(v.level.label), .text(v.measure), .text(v.sourceDocument), .text(v.createdByName),
                                  .text(VietnamTime.dateTime(v.createdAt))]
                             }),
            m.form.map { .group(.h2(.text(T.editVersion)), .p(.class("hint"), .text(T.editVersionHint)), definitionForm($0)) } ?? .empty
        ))
    }

    static func details(_ d: IndicatorDefinitionRow, _ m: ItemModel) -> Body {
        var pairs: [(String, String)] = [
            (T.code, m.code), (T.name, d.name), (T.fromYear, String(d.fromYear)), (T.definition, d.definition),
        ]
        if d.kind == .share { pairs += [(T.numerator, d.numeratorLabel), (T.denominator, d.denominatorLabel)] }
        pairs += [(T.measure, d.measure), (T.kind, d.kind.label), (T.direction, d.direction.label), (T.level, d.level.label),
                  (T.group, d.groupName), (T.contentArea, d.contentAreaID.flatMap { m.areaNames[$0] } ?? ""),
                  (T.source, d.sourceDocument), (T.evidence, d.evidenceRequired), (T.isPublic, d.isPublic ? CoreText.yes : CoreText.no)]
        return Components.details(pairs)
    }

    static func definitionForm(_ f: DefinitionForm) -> Body {
        let s = f.state
        let kinds = IndicatorKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        let directions = IndicatorDirection.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        let levels = IndicatorLevel.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        return .group(
            FormKit.errorSummary(s),
            .form(.method(.post), .action(f.action), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(f.csrf),
                  FormKit.hidden("version", s["version"]),
                  f.withCode ? FormKit.text("code", label: T.code, state: s, required: true, hint: T.codeHint, maxLength: 20) : .empty,
                  FormKit.text("fromYear", label: T.fromYear, state: s, required: true, hint: T.fromYearHint, maxLength: 4),
                  FormKit.text("name", label: T.name, state: s, required: true, maxLength: 300),
                  FormKit.textArea("definition", label: T.definition, state: s, rows: 4, required: true),
                  FormKit.select("kind", label: T.kind, state: s, choices: kinds, required: true),
                  FormKit.text("numeratorLabel", label: T.numerator, state: s, hint: T.fractionHint, maxLength: 1000),
                  FormKit.text("denominatorLabel", label: T.denominator, state: s, hint: T.fractionHint, maxLength: 1000),
                  FormKit.text("measure", label: T.measure, state: s, hint: T.measureHint, maxLength: 50),
                  FormKit.select("direction", label: T.direction, state: s, choices: directions, required: true),
                  FormKit.select("level", label: T.level, state: s, choices: levels, required: true),
                  FormKit.select("groupName", label: T.group, state: s, choices: f.groups, required: true),
                  FormKit.text("newGroup", label: T.newGroup, state: s, hint: T.newGroupHint, maxLength: 200),
                  FormKit.select("contentAreaId", label: T.contentArea, state: s, choices: f.areas, blank: T.noArea),
                  FormKit.textArea("sourceDocument", label: T.source, state: s, rows: 3, required: true, hint: T.sourceHint),
                  FormKit.textArea("evidenceRequired", label: T.evidence, state: s, rows: 2, required: true),
                  FormKit.checkbox("isPublic", label: T.isPublic, checked: s["isPublic"] == "1"),
                  actions(submit: CoreText.save, cancel: f.cancel))
        )
    }

    struct NewModel: Sendable {
        let frame: PageFrame
        let form: DefinitionForm
    }

    static func new(_ m: NewModel) -> HTML {
        Layout.render(m.frame, lead: T.newLead, definitionForm(m.form))
    }

    static func postButton(_ path: String, label: String, csrf: String, hidden: [(String, String)]) -> Body {
        .element(named: "form", nodes: [
            .attr("method", "post"), .attr("action", path), .class("inline"),
            FormKit.csrf(csrf),
            .group(hidden.map { FormKit.hidden($0.0, $0.1) }),
            .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-secondary"), .safe(label)]),
        ])
    }

    // MARK: - Targets of a year

    struct TargetLine: Sendable {
        let indicatorID: UUID
        let code: String
        let name: String
        let level: IndicatorLevel
        let measure: String
        let kind: IndicatorKind
        let sourceDocument: String
    }

    struct TargetsModel: Sendable {
        let frame: PageFrame
        let year: Int
        let years: [Int]
        let lines: [TargetLine]
        /// Per line: the typed target, source and version (`target[]`, `source[]`, `version[]`).
        let state: FormState
        let canManage: Bool
        let csrf: String
    }

    static func targets(_ m: TargetsModel) -> HTML {
        let s = m.state
        func cell(_ name: String, _ i: Int, label: String, width: String) -> Body {
            let key = "\(name).\(i)", error = s.errors[key]
            return .group(
                .selfClosedElement(named: "input", attributes: [
                    FormKit.attr("type", "text"), FormKit.attr("id", "f-\(key)"), FormKit.attr("name", "\(name)[]"), FormKit.attr("value", s[key]),
                    FormKit.attr("aria-label", label), FormKit.attr("class", "cell-input \(width)"),
                    error == nil ? .empty : FormKit.attr("aria-invalid", "true"),
                    error == nil ? .empty : FormKit.attr("aria-describedby", "e-\(key)"),
                ]),
                error.map { .p(.class("field-error"), .attr("id", "e-\(key)"), .safe($0)) } ?? .empty)
        }
        let rows: [[Body]] = m.lines.enumerated().map { i, l in
            let what: Body = .group(.strong(.text(l.code)), .text(" "), .safe(l.name), .p(.class("hint"), .text(l.sourceDocument)))
            if m.canManage {
                return [.group(what, FormKit.hidden("indicatorId[]", l.indicatorID.uuidString.lowercased()), FormKit.hidden("version[]", s["version.\(i)"])),
                        .text(l.level.label), .text(l.measure),
                        cell("target", i, label: "\(T.target) \(l.code)", width: "narrow"),
                        cell("source", i, label: "\(T.targetSource) \(l.code)", width: "wide")]
            }
            return [what, .text(l.level.label), .text(l.measure), .text(s["target.\(i)"].isEmpty ? T.noTarget : s["target.\(i)"]), .text(s["source.\(i)"])]
        }
        func table<C: HTML.BodyContext>() -> Node<C> {
            Components.table(headers: [T.name, T.level, T.measure, "\(T.target) \(m.year)", T.targetSource], rows: rows,
                             caption: "\(T.targetsTitle) \(m.year)")
        }
        return Layout.render(m.frame, lead: T.targetsLead, .group(
            .div(.class("toolbar"), yearLinks(m.years, current: m.year, href: SiteURL.indicatorTargets(year:)),
                 .p(.link(href: SiteURL.indicatorCatalogue(year: m.year), "‹ \(T.catalogueLink)"))),
            m.canManage
                ? .group(FormKit.errorSummary(s),
                         .form(.method(.post), .action(SiteURL.indicatorTargets(year: m.year)), .attribute(named: "novalidate"),
                               FormKit.csrf(m.csrf), FormKit.hidden("year", String(m.year)), table(),
                               actions(submit: CoreText.save, cancel: SiteURL.indicatorCatalogue(year: m.year))))
                : table()
        ))
    }

    // MARK: - Settings

    struct SettingsModel: Sendable {
        let frame: PageFrame
        let state: FormState
        let literacyChoices: [Choice]
        let canManage: Bool
        let literacyName: String
        let csrf: String
    }

    static func settings(_ m: SettingsModel) -> HTML {
        let s = m.state
        guard m.canManage else {
            return Layout.render(m.frame, lead: T.settingsLead, Components.details([
                (T.jumpPercent, s["jumpPercent"] + "%"), (T.jumpSource, s["jumpSource"]), (T.literacy, m.literacyName),
            ]))
        }
        return Layout.render(m.frame, lead: T.settingsLead, .group(
            FormKit.errorSummary(s),
            .form(.method(.post), .action(SiteURL.indicatorSettings), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  FormKit.hidden("version", s["version"]),
                  FormKit.text("jumpPercent", label: T.jumpPercent, state: s, required: true, hint: T.jumpPercentHint, maxLength: 10),
                  FormKit.textArea("jumpSource", label: T.jumpSource, state: s, rows: 4, required: true),
                  FormKit.select("literacyIndicatorId", label: T.literacy, state: s, choices: m.literacyChoices, blank: T.noLiteracy,
                                 hint: T.literacyHint),
                  actions(submit: CoreText.save, cancel: SiteURL.indicatorCatalogue))
        ))
    }
}

extension IndicatorDefinitions {
    /// ``effective(_:year:)`` over the page rows.
    static func effectiveRow(_ versions: [IndicatorDefinitionRow], year: Int) -> IndicatorDefinitionRow? {
        versions.filter { $0.fromYear <= year }.max { $0.fromYear < $1.fromYear }
    }
}
