import Foundation
import Plot

enum PersonListView {
    struct Model: Sendable {
        let frame: PageFrame
        let result: PageResult<PersonRow>
        let query: PeopleController.ListQuery
        let units: [Choice]
        let canCreate: Bool
        let canExport: Bool
        /// Some rows' phone and e-mail are hidden from this reader (``PersonDTO/shown(to:)``): a line says so.
        var contactsHidden = false
    }

    static func render(_ m: Model) -> HTML {
        let state = FormState(values: ["q": m.query.q ?? "", "unit": m.query.unit ?? ""])
        let rows: [[Node<HTML.BodyContext>]] = m.result.items.map { row in
            [.link(.person(row.person.id), row.person.fullName), .safe(row.person.title), .safe(row.unitName ?? ""),
             .safe(row.person.phone), .safe(row.person.email), Components.activeBadge(row.person.isActive)]
        }
        return Layout.render(m.frame, lead: DirectoryText.peopleLead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.people.path), .class("filters"),
                       FormKit.text("q", label: DirectoryText.searchPeopleLabel, state: state, type: "search", maxLength: 100),
                       FormKit.select("unit", label: DirectoryText.unit, state: state, choices: m.units, blank: DirectoryText.allUnits),
                       FormKit.checkbox("inactive", label: DirectoryText.showInactivePeople, checked: m.query.inactive == "1"),
                       .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
                 .div(.class("actions"),
                      m.canCreate ? .link(.personNew, DirectoryText.newPerson, class: "btn btn-primary") : .empty,
                      m.canCreate ? .link(.peopleImport, DirectoryText.importCSV, class: "btn btn-secondary") : .empty,
                      m.canExport ? .link(.peopleExport, DirectoryText.exportCSV, class: "btn btn-secondary") : .empty)),
            .p(.class("muted"), .text(String(format: DirectoryText.count, m.result.total))),
            Components.table(headers: [DirectoryText.fullName, DirectoryText.title, DirectoryText.unit, DirectoryText.phone,
                                       DirectoryText.email, DirectoryText.status],
                             rows: rows, rowClasses: m.result.items.map { $0.person.isActive ? nil : "inactive" }),
            m.contactsHidden ? .p(.class("muted"), .text(DirectoryText.contactsHidden)) : .empty,
            Components.pagination(page: m.result.page, pageCount: m.result.pageCount, base: SiteURL.people.path,
                                  query: ["q": m.query.q ?? "", "unit": m.query.unit ?? "", "inactive": m.query.inactive ?? ""])
        ))
    }
}

enum PersonDetailView {
    struct Model: Sendable {
        let frame: PageFrame
        let person: PersonDTO
        let contactsHidden: Bool
        let unitName: String?
        let canEdit: Bool
        let canDeactivate: Bool
        let history: [AuditRow]
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let p = m.person
        return Layout.render(m.frame, .group(
            .div(.class("toolbar"), .div(.class("actions"),
                m.canEdit ? .link(.personEdit(p.id), CoreText.edit, class: "btn btn-primary") : .empty,
                .link(href: SiteURL.awardRegister.path + "?person=\(p.id.uuidString.lowercased())", DirectoryText.awardHistory, class: "btn btn-secondary"),
                m.canDeactivate ? (p.isActive
                    ? FormKit.postButton(.personDeactivate(p.id), label: CoreText.deactivate, csrf: m.csrf, style: "btn btn-danger",
                                         confirm: DirectoryText.confirmDeactivate)
                    : FormKit.postButton(.personReactivate(p.id), label: CoreText.reactivate, csrf: m.csrf)) : .empty)),
            .section(.class("card"), .h2(.text(DirectoryText.personDetails)), Components.details([
                (DirectoryText.salutation, p.salutation.flatMap(Salutation.init(rawValue:))?.label ?? ""),
                (DirectoryText.fullName, p.fullName), (DirectoryText.title, p.title), (DirectoryText.unit, m.unitName ?? ""),
                (DirectoryText.phone, p.phone), (DirectoryText.email, p.email),
                (DirectoryText.birthDate, p.birthDate.flatMap(LocalDate.init(iso:))?.vietnamese ?? ""),
                (DirectoryText.status, p.isActive ? CoreText.active : CoreText.inactive),
            ]), m.contactsHidden ? .p(.class("muted"), .text(DirectoryText.contactsHidden)) : .empty),
            p.unitId.map { .p(.link(.unit($0), "← \(m.unitName ?? DirectoryText.unit)")) } ?? .empty,
            m.history.isEmpty ? .empty : .section(.class("card"), .h2(.text(DirectoryText.history)), AuditViews.table(m.history))
        ))
    }
}

enum PersonFormView {
    struct Model: Sendable {
        let frame: PageFrame
        let personID: UUID?
        let state: FormState
        let units: [Choice]
        let allowNoUnit: Bool
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let action: SiteURL = m.personID.map { .personEdit($0) } ?? .people
        let cancel: SiteURL = m.personID.map { .person($0) } ?? .people
        return Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            .form(.method(.post), .action(action.path), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  m.personID == nil ? .empty : FormKit.hidden("version", m.state["version"]),
                  FormKit.select("salutation", label: DirectoryText.salutation, state: m.state, choices: Salutation.choices,
                                 blank: DirectoryText.noSalutation, hint: DirectoryText.salutationHint),
                  FormKit.text("fullName", label: DirectoryText.fullName, state: m.state, required: true, autocomplete: "name", maxLength: 120),
                  FormKit.text("title", label: DirectoryText.title, state: m.state, maxLength: 160),
                  FormKit.select("unitId", label: DirectoryText.unit, state: m.state, choices: m.units,
                                 required: !m.allowNoUnit, blank: m.allowNoUnit ? DirectoryText.noUnit : nil),
                  FormKit.text("phone", label: DirectoryText.phone, state: m.state, type: "tel", autocomplete: "tel", maxLength: 20),
                  FormKit.text("email", label: DirectoryText.email, state: m.state, type: "email", autocomplete: "email"),
                  FormKit.date("birthDate", label: DirectoryText.birthDate, state: m.state),
                  FormKit.actions(submit: CoreText.save, cancel: cancel))
        ))
    }
}
