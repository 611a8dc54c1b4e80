import Fluent
import Foundation
import Plot
import Vapor

/// The audit log pages: a filtered list and one entry's before/after values. Read-only by construction.
enum AuditController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.audit, use: list)
        routes.get(.auditEntry(nil), use: show)
    }

    struct ListQuery: Content {
        var actor: String?
        var type: String?
        var object: String?
        var q: String?
        var from: String?
        var to: String?
        var page: Int?
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewAudit)
        let q = try req.query.decode(ListQuery.self)
        var errors: [String: String] = [:]
        let from = TextFolding.clean(q.from).isEmpty ? nil : LocalDate(vietnamese: q.from!)
        if from == nil && !TextFolding.clean(q.from).isEmpty { errors["from"] = CoreText.invalidDate }
        let to = TextFolding.clean(q.to).isEmpty ? nil : LocalDate(vietnamese: q.to!)
        if to == nil && !TextFolding.clean(q.to).isEmpty { errors["to"] = CoreText.invalidDate }
        let filter = AuditFilter(actorID: Check.uuid(q.actor), objectType: q.type, objectID: Check.uuid(q.object), text: q.q ?? "", from: from, to: to)
        let result = try await AuditQueries.list(on: req.db, communeID: user.communeID, filter: filter, page: q.page ?? 1, perPage: 50)
        return AuditListView.render(.init(
            frame: req.page(AuditText.title, section: .audit, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: AuditText.title, url: nil)]),
            result: result, state: FormState(values: ["actor": q.actor ?? "", "type": q.type ?? "", "q": q.q ?? "", "from": q.from ?? "", "to": q.to ?? ""],
                                             errors: errors),
            query: q, actors: try await AuditQueries.actors(on: req.db, communeID: user.communeID)))
    }

    static func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewAudit)
        guard let id = req.parameters.get("id", as: UUID.self),
              let row = try await AuditQueries.entry(on: req.db, communeID: user.communeID, id: id) else { throw AppError.notFound }
        return AuditDetailView.render(.init(
            frame: req.page(AuditText.detailTitle, section: .audit, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: AuditText.title, url: .audit),
                                                                               .init(title: AuditText.detailTitle, url: nil)]),
            row: row, diff: AuditQueries.diff(before: row.beforeJSON, after: row.afterJSON).map { AuditDiffLine(field: $0.field, before: $0.before, after: $0.after) }))
    }
}

struct AuditDiffLine: Sendable {
    let field: String
    let before: String
    let after: String
}

enum AuditViews {
    static func actionLabel(_ raw: String) -> String { AuditAction(rawValue: raw)?.label ?? raw }

    static func table<C: HTML.BodyContext>(_ rows: [AuditRow]) -> Node<C> {
        Components.table(headers: [AuditText.colTime, AuditText.colActor, AuditText.colAction, AuditText.colType, AuditText.colObject],
                         rows: rows.map { r in
                             [.link(.auditEntry(r.id), VietnamTime.dateTime(r.at)), .safe(r.actorName), .safe(actionLabel(r.action)),
                              .safe(AuditText.typeLabel(r.objectType)), .safe(r.objectLabel)]
                         })
    }
}

enum AuditListView {
    struct Model: Sendable {
        let frame: PageFrame
        let result: PageResult<AuditRow>
        let state: FormState
        let query: AuditController.ListQuery
        let actors: [Choice]
    }

    static let types = ["user", "unit", "person", "movement", "phase", "deadline", "content_area", "criterion", "council_member"]

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, lead: AuditText.lead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.audit.path), .class("filters"),
                       FormKit.select("actor", label: AuditText.filterActor, state: m.state, choices: m.actors, blank: AuditText.allActors),
                       FormKit.select("type", label: AuditText.filterType, state: m.state,
                                      choices: types.map { Choice(value: $0, label: AuditText.typeLabel($0)) }, blank: AuditText.allTypes),
                       FormKit.text("q", label: AuditText.filterObject, state: m.state, type: "search", maxLength: 100),
                       FormKit.date("from", label: AuditText.filterFrom, state: m.state, hint: ""),
                       FormKit.date("to", label: AuditText.filterTo, state: m.state, hint: ""),
                       m.query.object.map { FormKit.hidden("object", $0) } ?? .empty,
                       .button(.type(.submit), .class("btn btn-secondary"), .text(AuditText.filter)))),
            .p(.class("muted"), .text(String(format: DirectoryText.count, m.result.total))),
            AuditViews.table(m.result.items),
            Components.pagination(page: m.result.page, pageCount: m.result.pageCount, base: SiteURL.audit.path,
                                  query: ["actor": m.query.actor ?? "", "type": m.query.type ?? "", "q": m.query.q ?? "",
                                          "from": m.query.from ?? "", "to": m.query.to ?? "", "object": m.query.object ?? ""])
        ))
    }
}

enum AuditDetailView {
    struct Model: Sendable {
        let frame: PageFrame
        let row: AuditRow
        let diff: [AuditDiffLine]
    }

    static func render(_ m: Model) -> HTML {
        let r = m.row
        return Layout.render(m.frame, .group(
            .section(.class("card"), Components.details([
                (AuditText.colTime, VietnamTime.dateTime(r.at)), (AuditText.colActor, r.actorName),
                (AuditText.colAction, AuditViews.actionLabel(r.action)), (AuditText.colType, AuditText.typeLabel(r.objectType)),
                (AuditText.colObject, r.objectLabel), (AuditText.ip, r.ip ?? ""),
            ]),
                     r.objectID.map { .p(.link(href: SiteURL.audit.path + "?object=\($0.uuidString.lowercased())", AuditText.objectHistory)) } ?? .empty),
            m.diff.isEmpty ? .empty : .div(.class("table-wrap"), .element(named: "table", nodes: [
                .class("data diff"),
                .element(named: "thead", nodes: [.element(named: "tr", nodes: [
                    .element(named: "th", nodes: [.text(AuditText.field)]), .element(named: "th", nodes: [.text(AuditText.before)]),
                    .element(named: "th", nodes: [.text(AuditText.after)]),
                ])]),
                .element(named: "tbody", nodes: m.diff.map { line in
                    .element(named: "tr", nodes: [
                        .element(named: "td", nodes: [.safe(line.field)]),
                        .element(named: "td", nodes: [.class("before"), .safe(line.before)]),
                        .element(named: "td", nodes: [.class("after"), .safe(line.after)]),
                    ])
                }),
            ]))
        ))
    }
}
