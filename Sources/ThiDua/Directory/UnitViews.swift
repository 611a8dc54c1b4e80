import Foundation
import Plot

/// The list of units with search and filters.
enum UnitListView {
    struct Model: Sendable {
        let frame: PageFrame
        let result: PageResult<UnitRow>
        let query: UnitsController.ListQuery
        let canManage: Bool
        let canExport: Bool
    }

    static func render(_ m: Model) -> HTML {
        let state = FormState(values: ["q": m.query.q ?? "", "kind": m.query.kind ?? "", "group": m.query.group ?? ""])
        let rows: [[Node<HTML.BodyContext>]] = m.result.items.map { row in
            [.text(row.unit.code), .link(.unit(row.unit.id), row.unit.name), .safe(UnitKind(rawValue: row.unit.kind)?.label ?? row.unit.kind),
             .text(row.unit.criteriaGroup), .safe(row.villageName ?? ""), .safe(row.unit.headName), .text(String(row.peopleCount)),
             Components.activeBadge(row.unit.isActive)]
        }
        return Layout.render(m.frame, lead: DirectoryText.unitsLead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.units.path), .class("filters"),
                       FormKit.text("q", label: DirectoryText.searchLabel, state: state, type: "search", maxLength: 100),
                       FormKit.select("kind", label: DirectoryText.kind, state: state,
                                      choices: UnitKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, blank: DirectoryText.allKinds),
                       FormKit.select("group", label: DirectoryText.group, state: state,
                                      choices: CriteriaGroup.allCases.filter { $0 != .individuals }.map { Choice(value: $0.rawValue, label: $0.label) },
                                      blank: DirectoryText.allGroups),
                       FormKit.checkbox("inactive", label: DirectoryText.showInactive, checked: m.query.inactive == "1"),
                       .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
                 .div(.class("actions"),
                      m.canManage ? .link(.unitNew, DirectoryText.newUnit, class: "btn btn-primary") : .empty,
                      m.canManage ? .link(.unitsImport, DirectoryText.importCSV, class: "btn btn-secondary") : .empty,
                      m.canExport ? .link(.unitsExport, DirectoryText.exportCSV, class: "btn btn-secondary") : .empty)),
            .p(.class("muted"), .text(String(format: DirectoryText.count, m.result.total))),
            Components.table(headers: [DirectoryText.code, DirectoryText.name, DirectoryText.kind, DirectoryText.group,
                                       DirectoryText.village, DirectoryText.headName, "Số người", DirectoryText.status],
                             rows: rows, numericColumns: [6],
                             rowClasses: m.result.items.map { $0.unit.isActive ? nil : "inactive" }),
            Components.pagination(page: m.result.page, pageCount: m.result.pageCount, base: SiteURL.units.path,
                                  query: ["q": m.query.q ?? "", "kind": m.query.kind ?? "", "group": m.query.group ?? "",
                                          "inactive": m.query.inactive ?? ""])
        ))
    }
}

/// One unit: its details, its people, its recent history.
enum UnitDetailView {
    struct Model: Sendable {
        let frame: PageFrame
        let unit: UnitDTO
        let villageName: String?
        let people: [PersonRow]
        let contactsHidden: Bool
        let canEdit: Bool
        let canDeactivate: Bool
        let canAddPerson: Bool
        let history: [AuditRow]
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let u = m.unit
        return Layout.render(m.frame, .group(
            .div(.class("toolbar"), .div(.class("actions"),
                m.canEdit ? .link(.unitEdit(u.id), CoreText.edit, class: "btn btn-primary") : .empty,
                .link(href: SiteURL.awardRegister.path + "?unit=\(u.id.uuidString.lowercased())", DirectoryText.awardHistory, class: "btn btn-secondary"),
                m.canAddPerson ? .link(href: SiteURL.personNew.path + "?unit=\(u.id.uuidString.lowercased())", DirectoryText.newPerson, class: "btn btn-secondary") : .empty,
                m.canDeactivate ? (u.isActive
                    ? FormKit.postButton(.unitDeactivate(u.id), label: CoreText.deactivate, csrf: m.csrf, style: "btn btn-danger",
                                         confirm: DirectoryText.confirmDeactivate)
                    : FormKit.postButton(.unitReactivate(u.id), label: CoreText.reactivate, csrf: m.csrf)) : .empty)),
            .section(.class("card"), .h2(.text(DirectoryText.unitDetails)), Components.details([
                (DirectoryText.code, u.code), (DirectoryText.name, u.name),
                (DirectoryText.kind, UnitKind(rawValue: u.kind)?.label ?? u.kind),
                (DirectoryText.group, CriteriaGroup(rawValue: u.criteriaGroup)?.label ?? u.criteriaGroup),
                (DirectoryText.village, m.villageName ?? ""), (DirectoryText.headName, u.headName),
                (DirectoryText.headTitle, u.headTitle), (DirectoryText.phone, u.phone), (DirectoryText.email, u.email),
                (DirectoryText.address, u.address), (DirectoryText.status, u.isActive ? CoreText.active : CoreText.inactive),
            ])),
            .section(.class("card"), .h2(.text(DirectoryText.peopleOfUnit)),
                     Components.table(headers: [DirectoryText.fullName, DirectoryText.title, DirectoryText.phone, DirectoryText.email, DirectoryText.status],
                                      rows: m.people.map { row in
                                          [.link(.person(row.person.id), row.person.fullName), .safe(row.person.title), .safe(row.person.phone),
                                           .safe(row.person.email), Components.activeBadge(row.person.isActive)]
                                      }, rowClasses: m.people.map { $0.person.isActive ? nil : "inactive" }),
                     m.contactsHidden ? .p(.class("muted"), .text(DirectoryText.contactsHidden)) : .empty),
            m.history.isEmpty ? .empty : .section(.class("card"), .h2(.text(DirectoryText.history)), AuditViews.table(m.history))
        ))
    }
}

/// Create / edit a unit. A focal point sees only the contact fields.
enum UnitFormView {
    struct Model: Sendable {
        let frame: PageFrame
        let unitID: UUID?
        let state: FormState
        let villages: [Choice]
        let contactsOnly: Bool
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let action: SiteURL = m.unitID.map { .unitEdit($0) } ?? .units
        let cancel: SiteURL = m.unitID.map { .unit($0) } ?? .units
        return Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            .form(.method(.post), .action(action.path), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  m.unitID == nil ? .empty : FormKit.hidden("version", m.state["version"]),
                  m.contactsOnly ? .group(
                      .p(.class("hint"), .text(DirectoryText.contactsOnly)),
                      Components.details([(DirectoryText.code, m.state["code"]), (DirectoryText.name, m.state["name"])])
                  ) : .group(
                      FormKit.text("code", label: DirectoryText.code, state: m.state, required: true, hint: DirectoryText.codeHint, maxLength: 20),
                      FormKit.text("name", label: DirectoryText.name, state: m.state, required: true),
                      FormKit.select("kind", label: DirectoryText.kind, state: m.state,
                                     choices: UnitKind.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
                      FormKit.select("criteriaGroup", label: DirectoryText.group, state: m.state,
                                     choices: CriteriaGroup.allCases.filter { $0 != .individuals }.map { Choice(value: $0.rawValue, label: $0.label) },
                                     blank: "— Theo loại đơn vị —"),
                      FormKit.select("villageId", label: DirectoryText.village, state: m.state, choices: m.villages,
                                     blank: "— Không —", hint: DirectoryText.villageHint)
                  ),
                  FormKit.text("headName", label: DirectoryText.headName, state: m.state, autocomplete: "name"),
                  FormKit.text("headTitle", label: DirectoryText.headTitle, state: m.state),
                  FormKit.text("phone", label: DirectoryText.phone, state: m.state, type: "tel", autocomplete: "tel", maxLength: 20),
                  FormKit.text("email", label: DirectoryText.email, state: m.state, type: "email", autocomplete: "email"),
                  FormKit.text("address", label: DirectoryText.address, state: m.state, maxLength: 300),
                  FormKit.actions(submit: CoreText.save, cancel: cancel))
        ))
    }
}
