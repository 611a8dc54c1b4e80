import Foundation
import Plot

enum MovementOverviewView {
    struct Model: Sendable {
        let frame: PageFrame
        let overview: MovementOverview
        let canEdit: Bool
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        let o = m.overview
        let years = Array(Set(o.deadlines.map(\.year))).sorted()
        return Layout.render(m.frame, lead: MovementText.lead, .group(
            m.canEdit ? .empty : .p(.class("flash flash-info"), .text(MovementText.readOnly)),
            .section(.class("card"), .h2(.text(MovementText.info)),
                     Components.details([
                        (MovementText.name, o.movement.name), (MovementText.planNumber, o.movement.planNumber),
                        (MovementText.planDate, o.movement.planDate.flatMap(LocalDate.init(iso:))?.vietnamese ?? ""),
                        (MovementText.years, "\(o.movement.startYear) – \(o.movement.endYear)"), (MovementText.summary, o.movement.summary),
                     ]),
                     m.canEdit ? .link(.movementEdit, MovementText.editMovement, class: "btn btn-secondary btn-small") : .empty),
            .section(.class("card"), .h2(.text(MovementText.phases)),
                     Components.table(headers: [MovementText.phaseName, MovementText.years, MovementText.reviewKind, ""],
                                      rows: o.phases.map { p in
                                          [.safe(p.name), .text("\(p.startYear) – \(p.endYear)"),
                                           .text("\(p.reviewKind == "final" ? MovementText.final : MovementText.midTerm) \(p.reviewYear)"),
                                           m.canEdit ? .link(.phase(p.id), CoreText.edit) : .empty]
                                      })),
            .section(.class("card"), .h2(.text(MovementText.calendar)),
                     m.canEdit ? .p(.link(.deadlines, MovementText.newDeadline, class: "btn btn-secondary btn-small")) : .empty,
                     .group(years.map { year in
                         .group(.h3(.text("\(MovementText.years) \(year)")),
                                Components.table(headers: [MovementText.dueDate, MovementText.deadlineKindLabel, MovementText.deadlineTitle, MovementText.note, ""],
                                                 rows: o.deadlines.filter { $0.year == year }.map { d in
                                                     [.text(LocalDate(iso: d.dueDate)?.vietnamese ?? d.dueDate),
                                                      .safe(DeadlineKind(rawValue: d.kind)?.label ?? d.kind), .safe(d.title), .safe(d.note),
                                                      m.canEdit ? .link(.deadline(d.id), CoreText.edit) : .empty]
                                                 }))
                     })),
            .section(.class("card"), .h2(.text(MovementText.contentAreas)),
                     Components.table(headers: ["#", MovementText.areaName, MovementText.areaDescription, ""],
                                      rows: o.areas.map { a in
                                          [.text(String(a.position)), .safe(a.name), .safe(a.summary),
                                           m.canEdit ? .link(.contentArea(a.id), CoreText.edit) : .empty]
                                      })),
            .section(.class("card"), .h2(.text(MovementText.criteria)),
                     m.canEdit ? .p(.link(.criteria, MovementText.newCriterion, class: "btn btn-secondary btn-small")) : .empty,
                     .group(CriteriaGroup.allCases.map { group in
                         let items = o.criteria.filter { $0.group == group.rawValue }
                         return .group(
                            .h3(.safe(group.label)),
                            .p(.class("muted"), .text(String(format: MovementText.groupTotal, items.filter(\.isActive).map(\.maxPoints).reduce(0, +)))),
                            Components.table(headers: ["#", MovementText.criterionTitle, MovementText.criterionDescription, MovementText.maxPoints, ""],
                                             rows: items.map { c in
                                                 [.text("\(c.group).\(c.position)"), .safe(c.title), .safe(c.summary), .text(String(c.maxPoints)),
                                                  .group(c.isActive ? .empty : Components.activeBadge(false),
                                                         m.canEdit ? .link(.criterion(c.id), CoreText.edit) : .empty)]
                                             }, numericColumns: [3], rowClasses: items.map { $0.isActive ? nil : "inactive" }))
                     })),
            .section(.class("card"), .h2(.text(MovementText.council)),
                     .p(.class("muted"), .text(MovementText.councilLead)),
                     CouncilView.table(o.council.filter(\.isActive), canEdit: m.canEdit),
                     .p(.link(.council, m.canEdit ? MovementText.manageCouncil : MovementText.viewCouncil,
                              class: "btn btn-secondary btn-small")))
        ))
    }
}

enum CouncilView {
    struct Model: Sendable {
        let frame: PageFrame
        let rows: [CouncilRow]
        let canEdit: Bool
        let csrf: String
    }

    static func table<C: HTML.BodyContext>(_ rows: [CouncilRow], canEdit: Bool, csrf: String? = nil) -> Node<C> {
        Components.table(headers: [MovementText.member, MovementText.memberPosition, MovementText.fields, MovementText.areas,
                                   MovementText.memberUser, ""],
                         rows: rows.map { r in
                             [.group(.link(.person(r.personID), r.personName), r.personTitle.isEmpty ? .empty : .group(.br(), .span(.class("muted"), .safe(r.personTitle)))),
                              .safe(CouncilPosition(rawValue: r.position)?.label ?? r.position),
                              .safe(r.fields.isEmpty ? MovementText.notAssigned : r.fields.map { "Nhóm \($0)" }.joined(separator: ", ")),
                              .safe(r.areas.isEmpty ? MovementText.notAssigned : r.areas.joined(separator: ", ")),
                              .safe(r.username ?? "—"),
                              .group(r.isActive ? .empty : Components.activeBadge(false),
                                     canEdit && r.isActive ? .link(.councilMember(r.id), CoreText.edit) : .empty,
                                     canEdit && r.isActive && csrf != nil
                                        ? FormKit.postButton(.councilMemberRemove(r.id), label: MovementText.removeMember, csrf: csrf!,
                                                             style: "link-button", confirm: MovementText.confirmRemove) : .empty)]
                         }, rowClasses: rows.map { $0.isActive ? nil : "inactive" })
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, lead: MovementText.councilLead, .group(
            m.canEdit ? .div(.class("toolbar"), .div(.class("actions"), .link(.councilNew, MovementText.newMember, class: "btn btn-primary"))) : .empty,
            table(m.rows, canEdit: m.canEdit, csrf: m.csrf)
        ))
    }
}
