import Foundation
import Plot

enum PledgeViews {
    static func statusBadge<C: HTML.BodyContext>(_ status: WorkflowStatus?) -> Node<C> {
        guard let status else { return .span(.class("badge badge-muted"), .text(RegistrationText.notStarted)) }
        let style = switch status {
        case .accepted: "badge badge-ok"
        case .returned: "badge badge-warn"
        case .submitted: "badge"
        case .draft: "badge badge-muted"
        }
        return .span(.class(style), .text(status.label))
    }

    /// A text box inside a table cell (one of several rows sharing `name[]`), with its error under it. With `row`, the box
    /// has the id `f-<name>.<row>` the error summary links to, and its error is tied to it for screen readers; `numeric`
    /// brings up the phone's number keyboard (with "," and ".").
    static func cell(_ name: String, _ value: String, row: Int? = nil, numeric: Bool = false, error: String?, label: String,
                     width: String = "", placeholder: String = "") -> Node<HTML.BodyContext> {
        let key = row.map { "\(name).\($0)" }
        return .group(
            .selfClosedElement(named: "input", attributes: [
                FormKit.attr("type", "text"), FormKit.attr("name", "\(name)[]"), FormKit.attr("value", value),
                key.map { FormKit.attr("id", "f-\($0)") } ?? .empty,
                FormKit.attr("aria-label", label), FormKit.attr("class", "cell-input \(width)"),
                numeric ? FormKit.attr("inputmode", "decimal") : .empty,
                placeholder.isEmpty ? .empty : FormKit.attr("placeholder", placeholder),
                error == nil ? .empty : FormKit.attr("aria-invalid", "true"),
                error != nil && key != nil ? FormKit.attr("aria-describedby", "e-\(key!)") : .empty,
            ]),
            error.map { .p(.class("field-error"), key.map { .attr("id", "e-\($0)") } ?? .empty, .safe($0)) } ?? .empty
        )
    }

    static func selectCell(_ name: String, _ value: String, row: Int? = nil, choices: [Choice], error: String?, label: String) -> Node<HTML.BodyContext> {
        let key = row.map { "\(name).\($0)" }
        return .group(
            .element(named: "select", nodes: [.attr("name", "\(name)[]"), .attr("aria-label", label),
                key.map { .attr("id", "f-\($0)") } ?? .empty,
                error != nil && key != nil ? .attr("aria-describedby", "e-\(key!)") : .empty,
                .element(named: "option", nodes: [.attr("value", ""), .text("—")]),
                .group(choices.map { c in
                    .element(named: "option", nodes: [.attr("value", c.value),
                                                      c.value == value ? .attribute(named: "selected", value: nil, ignoreIfValueIsEmpty: false) : .empty,
                                                      .safe(c.label)])
                })]),
            error.map { .p(.class("field-error"), key.map { .attr("id", "e-\($0)") } ?? .empty, .safe($0)) } ?? .empty
        )
    }

    static func number(_ v: Double?) -> String { v.map { NumberText.format($0) } ?? "" }
    static func date(_ iso: String?) -> String { iso.flatMap(LocalDate.init(iso:))?.vietnamese ?? "" }
}

enum RegistrationListView {
    struct Model: Sendable {
        let frame: PageFrame
        let year: Int
        let years: [Int]
        let status: String
        let rows: [PledgeRow]
        let total: Int
        let myPerson: UUID?
    }

    static func render(_ m: Model) -> HTML {
        let state = FormState(values: ["year": String(m.year), "status": m.status])
        let statusChoices = [Choice(value: "none", label: RegistrationText.notStarted)] + WorkflowStatus.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        return Layout.render(m.frame, lead: RegistrationText.lead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.registrations.path), .class("filters"),
                       FormKit.select("year", label: RegistrationText.year, state: state, choices: m.years.map { Choice(value: String($0), label: String($0)) }, blank: nil),
                       FormKit.select("status", label: RegistrationText.filterStatus, state: state, choices: statusChoices, blank: RegistrationText.allStatuses),
                       .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
                 .div(.class("actions"),
                      m.myPerson.map { .link(.registration(.person, $0, year: m.year), RegistrationText.myPledge, class: "btn btn-secondary") } ?? .empty)),
            .p(.class("muted"), .text(String(format: DirectoryText.count, m.rows.count))),
            Components.table(headers: [DirectoryText.code, RegistrationText.owner, RegistrationText.group, DirectoryText.village,
                                       RegistrationText.targetsCount, RegistrationText.submittedAt, RegistrationText.status],
                             rows: m.rows.map { r in
                                 [.text(r.ownerCode), .link(.registration(r.owner.kind, r.owner.id, year: m.year), r.ownerName), .text(r.group),
                                  .safe(r.villageName ?? ""), .text(String(r.count)), .text(r.submittedAt.map(VietnamTime.date) ?? ""),
                                  PledgeViews.statusBadge(r.status)]
                             }, numericColumns: [4])
        ))
    }
}

enum RegistrationPageView {
    struct Model: Sendable {
        let frame: PageFrame
        let kind: OwnerKind
        let ownerID: UUID
        let year: Int
        let status: WorkflowStatus?
        let returnReason: String
        let submittedAt: Date?
        let version: Int?
        let content: RegistrationContent
        let areas: [Choice]
        let errors: [String: String]
        let formError: String?
        let canEdit: Bool
        let canReview: Bool
        let extraRows: Int
        let revisions: [RevisionRow]
        let csrf: String
        /// What the person typed, shown again when the form had errors.
        var raw: RegistrationForm? = nil
        /// The movement's years, each a link to this owner's registration of that year.
        var years: [Int] = []
    }

    static func render(_ m: Model) -> HTML {
        let areaName = Dictionary(uniqueKeysWithValues: m.areas.map { ($0.value, $0.label) })
        return Layout.render(m.frame, .group(
            m.years.count < 2 ? .empty : .element(named: "nav", nodes: [
                .class("year-switch"), .attr("aria-label", RegistrationText.year),
                .text("\(RegistrationText.year): "),
                .group(m.years.map { y in
                    y == m.year ? .strong(.attr("aria-current", "page"), .text(String(y)))
                        : .link(.registration(m.kind, m.ownerID, year: y), String(y))
                }.flatMap { [$0, .text(" ")] }),
            ]),
            .p(.strong(.text("\(RegistrationText.status): ")), PledgeViews.statusBadge(m.status),
               m.submittedAt.map { .span(.class("muted"), .text(" — \(RegistrationText.submittedAt): \(VietnamTime.dateTime($0))")) } ?? .empty),
            m.status == .returned ? .div(.class("flash flash-warning"), .strong(.text(RegistrationText.returnedBanner + " ")), .safe(m.returnReason)) : .empty,
            m.formError == nil ? .empty : FormKit.errorSummary(FormState(
                errors: m.errors, formError: m.formError, labels: FormKit.rowLabels(m.errors, columns: [
                    "targetName": RegistrationText.targetName, "targetUnit": RegistrationText.unitOfMeasure, "targetBaseline": RegistrationText.baseline,
                    "targetValue": RegistrationText.targetValue, "targetArea": RegistrationText.contentArea, "targetDue": RegistrationText.dueDate,
                    "productName": RegistrationText.productName, "productDescription": RegistrationText.productDescription,
                    "productDate": RegistrationText.expectedDate,
                ], fields: ["focus": RegistrationText.focus, "plannedInitiatives": RegistrationText.plannedInitiatives, "targets": RegistrationText.targets]))),
            m.canEdit ? editForm(m) : readOnly(m, areaName: areaName),
            m.canReview ? review(m) : .empty,
            m.revisions.isEmpty ? .empty : .section(.class("card"), .h2(.text(RegistrationText.revisions)),
                Components.table(headers: ["#", RegistrationText.submittedAt, AuditText.colActor, ""], rows: m.revisions.map { r in
                    [.text(String(format: RegistrationText.revisionN, r.number)), .text(VietnamTime.dateTime(r.submittedAt)), .safe(r.submittedBy),
                     r.number > 1 ? .link(href: SiteURL.registrationAction(m.kind, m.ownerID, year: m.year, .compare).path + "?a=\(r.number - 1)&b=\(r.number)",
                                          RegistrationText.compareWith) : .empty]
                }))
        ))
    }

    static func editForm(_ m: Model) -> Node<HTML.BodyContext> {
        let e = m.errors
        func raw(_ keyPath: KeyPath<RegistrationForm, [String]?>, _ i: Int, _ fallback: String) -> String {
            guard let values = m.raw?[keyPath: keyPath] else { return fallback }
            return i < values.count ? values[i] : fallback
        }
        let blankTargets = m.raw != nil ? 0 : max(m.content.targets.isEmpty ? 3 : 1, m.extraRows)
        let blankProducts = m.raw != nil ? 0 : max(m.content.products.isEmpty ? 2 : 1, m.extraRows)
        let targets = m.content.targets + Array(repeating: TargetLine(id: nil, name: "", unitOfMeasure: "", baseline: nil, targetValue: .nan, contentAreaId: nil, dueDate: nil),
                                                count: blankTargets)
        let products = m.content.products + Array(repeating: ProductLine(id: nil, name: "", description: "", expectedDate: nil), count: blankProducts)
        let state = FormState(values: ["focus": m.content.focus, "plannedInitiatives": m.content.plannedInitiatives],
                              errors: e.filter { $0.key == "focus" || $0.key == "plannedInitiatives" })
        return .form(
            .method(.post), .action(SiteURL.registrationAction(m.kind, m.ownerID, year: m.year, .save).path), .class("stacked wide"),
            FormKit.csrf(m.csrf),
            m.version.map { FormKit.hidden("version", String($0)) } ?? .empty,
            FormKit.textArea("focus", label: RegistrationText.focus, state: state, rows: 4, hint: RegistrationText.focusHint),
            .h2(.text(RegistrationText.targets)),
            e["targets"].map { .p(.class("field-error"), .safe($0)) } ?? .empty,
            .p(.class("hint"), .text(RegistrationText.rowsHint)),
            Components.table(headers: ["#", RegistrationText.targetName, RegistrationText.unitOfMeasure, RegistrationText.baseline,
                                       RegistrationText.targetValue, RegistrationText.contentArea, RegistrationText.dueDate],
                             rows: targets.enumerated().map { i, t in
                                 [.group(.text(String(i + 1)), FormKit.hidden("targetId[]", t.id?.uuidString.lowercased() ?? "")),
                                  PledgeViews.cell("targetName", t.name, row: i, error: e["targetName.\(i)"], label: RegistrationText.targetName, width: "w-wide"),
                                  PledgeViews.cell("targetUnit", t.unitOfMeasure, row: i, error: e["targetUnit.\(i)"], label: RegistrationText.unitOfMeasure, width: "w-small"),
                                  PledgeViews.cell("targetBaseline", raw(\.targetBaseline, i, PledgeViews.number(t.baseline)), row: i, numeric: true, error: e["targetBaseline.\(i)"], label: RegistrationText.baseline, width: "w-small"),
                                  PledgeViews.cell("targetValue", raw(\.targetValue, i, t.targetValue.isNaN ? "" : PledgeViews.number(t.targetValue)), row: i, numeric: true, error: e["targetValue.\(i)"], label: RegistrationText.targetValue, width: "w-small"),
                                  PledgeViews.selectCell("targetArea", t.contentAreaId?.uuidString.lowercased() ?? "", row: i, choices: m.areas, error: e["targetArea.\(i)"], label: RegistrationText.contentArea),
                                  PledgeViews.cell("targetDue", raw(\.targetDue, i, PledgeViews.date(t.dueDate)), row: i, error: e["targetDue.\(i)"], label: RegistrationText.dueDate, width: "w-date", placeholder: "dd/mm/yyyy")]
                             }),
            .h2(.text(RegistrationText.products)),
            Components.table(headers: ["#", RegistrationText.productName, RegistrationText.productDescription, RegistrationText.expectedDate],
                             rows: products.enumerated().map { i, p in
                                 [.group(.text(String(i + 1)), FormKit.hidden("productId[]", p.id?.uuidString.lowercased() ?? "")),
                                  PledgeViews.cell("productName", p.name, row: i, error: e["productName.\(i)"], label: RegistrationText.productName, width: "w-wide"),
                                  PledgeViews.cell("productDescription", p.description, row: i, error: e["productDescription.\(i)"], label: RegistrationText.productDescription, width: "w-wide"),
                                  PledgeViews.cell("productDate", raw(\.productDate, i, PledgeViews.date(p.expectedDate)), row: i, error: e["productDate.\(i)"], label: RegistrationText.expectedDate, width: "w-date", placeholder: "dd/mm/yyyy")]
                             }),
            FormKit.textArea("plannedInitiatives", label: RegistrationText.plannedInitiatives, state: state, rows: 3),
            .div(.class("form-actions"),
                 .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "action"), .attr("value", "draft"), .class("btn btn-secondary"), .text(RegistrationText.saveDraft)]),
                 .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "action"), .attr("value", "rows"), .class("btn btn-secondary"), .text(RegistrationText.addRows)]),
                 .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "action"), .attr("value", "submit"), .class("btn btn-primary"), .text(RegistrationText.submit)]))
        )
    }

    static func readOnly(_ m: Model, areaName: [String: String]) -> Node<HTML.BodyContext> {
        .group(
            .section(.class("card"), .h2(.text(RegistrationText.focus)), .p(.safe(m.content.focus.isEmpty ? RegistrationText.none : m.content.focus))),
            .section(.class("card"), .h2(.text(RegistrationText.targets)),
                     Components.table(headers: ["#", RegistrationText.targetName, RegistrationText.unitOfMeasure, RegistrationText.baseline,
                                                RegistrationText.targetValue, RegistrationText.contentArea, RegistrationText.dueDate],
                                      rows: m.content.targets.enumerated().map { i, t in
                                          [.text(String(i + 1)), .safe(t.name), .safe(t.unitOfMeasure), .text(PledgeViews.number(t.baseline)),
                                           .text(PledgeViews.number(t.targetValue)), .safe(t.contentAreaId.flatMap { areaName[$0.uuidString.lowercased()] } ?? ""),
                                           .text(PledgeViews.date(t.dueDate))]
                                      }, numericColumns: [3, 4])),
            .section(.class("card"), .h2(.text(RegistrationText.products)),
                     Components.table(headers: ["#", RegistrationText.productName, RegistrationText.productDescription, RegistrationText.expectedDate],
                                      rows: m.content.products.enumerated().map { i, p in
                                          [.text(String(i + 1)), .safe(p.name), .safe(p.description), .text(PledgeViews.date(p.expectedDate))]
                                      })),
            .section(.class("card"), .h2(.text(RegistrationText.plannedInitiatives)),
                     .p(.safe(m.content.plannedInitiatives.isEmpty ? RegistrationText.none : m.content.plannedInitiatives)))
        )
    }

    static func review(_ m: Model) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text("Xem xét")),
                 FormKit.postButton(.registrationAction(m.kind, m.ownerID, year: m.year, .accept), label: RegistrationText.accept, csrf: m.csrf, style: "btn btn-primary"),
                 .form(.method(.post), .action(SiteURL.registrationAction(m.kind, m.ownerID, year: m.year, .return).path), .class("stacked"),
                       FormKit.csrf(m.csrf),
                       FormKit.textArea("reason", label: RegistrationText.returnReason, state: FormState(errors: m.errors.filter { $0.key == "reason" }),
                                        rows: 3, required: true, hint: RegistrationText.returnReasonHint),
                       FormKit.actions(submit: RegistrationText.returnIt, danger: true)))
    }
}

enum RegistrationCompareView {
    struct Model: Sendable {
        let frame: PageFrame
        let leftNumber: Int?
        let rightNumber: Int
        let left: RegistrationContent?
        let right: RegistrationContent
        let areaNames: [UUID: String]
    }

    static func render(_ m: Model) -> HTML {
        func describe(_ t: TargetLine?) -> String {
            guard let t else { return "" }
            let area = t.contentAreaId.flatMap { m.areaNames[$0] } ?? ""
            return "\(t.name): \(PledgeViews.number(t.targetValue)) \(t.unitOfMeasure)\(t.baseline.map { " (hiện trạng \(PledgeViews.number($0)))" } ?? "")\(area.isEmpty ? "" : " — \(area)")\(t.dueDate.map { ", hạn \(PledgeViews.date($0))" } ?? "")"
        }
        func describe(_ p: ProductLine?) -> String {
            guard let p else { return "" }
            return "\(p.name)\(p.description.isEmpty ? "" : ": \(p.description)")\(p.expectedDate.map { " (\(PledgeViews.date($0)))" } ?? "")"
        }
        let l = m.left ?? .empty
        var lines: [AuditDiffLine] = [AuditDiffLine(field: RegistrationText.focus, before: l.focus, after: m.right.focus)]
        for i in 0..<max(l.targets.count, m.right.targets.count) {
            lines.append(AuditDiffLine(field: "\(RegistrationText.targetName) \(i + 1)", before: describe(i < l.targets.count ? l.targets[i] : nil),
                                       after: describe(i < m.right.targets.count ? m.right.targets[i] : nil)))
        }
        for i in 0..<max(l.products.count, m.right.products.count) {
            lines.append(AuditDiffLine(field: "\(RegistrationText.productName) \(i + 1)", before: describe(i < l.products.count ? l.products[i] : nil),
                                       after: describe(i < m.right.products.count ? m.right.products[i] : nil)))
        }
        lines.append(AuditDiffLine(field: RegistrationText.plannedInitiatives, before: l.plannedInitiatives, after: m.right.plannedInitiatives))
        let leftTitle = m.leftNumber.map { String(format: RegistrationText.revisionN, $0) } ?? RegistrationText.none
        return Layout.render(m.frame, .div(.class("table-wrap"), .element(named: "table", nodes: [
            .class("data diff"),
            .element(named: "thead", nodes: [.element(named: "tr", nodes: [
                .element(named: "th", nodes: [.text(AuditText.field)]), .element(named: "th", nodes: [.text(leftTitle)]),
                .element(named: "th", nodes: [.text(String(format: RegistrationText.revisionN, m.rightNumber))]), .element(named: "th", nodes: [.text("")]),
            ])]),
            .element(named: "tbody", nodes: lines.map { line in
                let changed = line.before != line.after
                return .element(named: "tr", nodes: [
                    .element(named: "td", nodes: [.safe(line.field)]),
                    .element(named: "td", nodes: [changed ? .class("before") : .empty, .safe(line.before)]),
                    .element(named: "td", nodes: [changed ? .class("after") : .empty, .safe(line.after)]),
                    .element(named: "td", nodes: [.text(changed ? RegistrationText.changed : RegistrationText.unchanged)]),
                ])
            }),
        ])))
    }
}
