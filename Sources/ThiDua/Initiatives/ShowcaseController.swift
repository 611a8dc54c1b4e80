import Fluent
import Foundation
import Plot
import Vapor

/// The public showcase of recognised initiatives of a commune: no sign-in, never the confidential part.
enum ShowcaseController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.showcase(nil), use: list)
        routes.get(.showcaseItem(nil, nil), use: show)
    }

    static func commune(_ req: Request) async throws -> Commune {
        guard let code = req.parameters.get("commune"), let c = try await Commune.query(on: req.db).filter(\.$code == code).first() else { throw AppError.notFound }
        return c
    }

    static func list(req: Request) async throws -> HTML {
        let c = try await commune(req)
        var f = InitiativeQueries.Filter(query: req.query[String.self, at: "q"] ?? "", status: .recognised)
        f.year = req.query[String.self, at: "year"].flatMap { Int($0) }
        f.areaID = req.query[String.self, at: "area"].flatMap { UUID(uuidString: $0) }
        f.unitID = req.query[String.self, at: "unit"].flatMap { UUID(uuidString: $0) }
        let rows = try await InitiativeQueries.list(on: req.db, communeID: c.id!, filter: f)
        let areas = try await ContentArea.query(on: req.db).filter(\.$communeID == c.id!).sort(\.$position).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: "\($0.position). \($0.name)") }
        // The filters offer the years and units that have a recognised initiative.
        let recognised = try await Initiative.query(on: req.db).filter(\.$communeID == c.id!).filter(\.$status == InitiativeStatus.recognised.rawValue)
            .field(\.$id).field(\.$year).field(\.$ownerUnitID).all()
        let years = Set(recognised.map(\.year)).sorted(by: >).map { Choice(value: String($0), label: String($0)) }
        let unitIDs = Set(recognised.compactMap(\.ownerUnitID))
        let units = try await DirectoryQueries.unitNames(on: req.db, ids: unitIDs).map { Choice(value: $0.key.uuidString.lowercased(), label: $0.value) }.sorted { $0.label < $1.label }
        return ShowcaseView.render(.init(frame: req.page("\(InitiativeText.showcase) — xã \(c.name)", section: .showcase, breadcrumbs: []),
                                         code: c.code, rows: rows, areas: areas, years: years, units: units,
                                         values: ["q": f.query, "year": f.year.map(String.init) ?? "", "area": f.areaID?.uuidString.lowercased() ?? "",
                                                  "unit": f.unitID?.uuidString.lowercased() ?? ""]))
    }

    static func show(req: Request) async throws -> HTML {
        let c = try await commune(req)
        guard let id = req.parameters.get("id", as: UUID.self), let i = try await InitiativeQueries.find(on: req.db, communeID: c.id!, id: id),
              i.state == .recognised else { throw AppError.notFound }
        let authors = try await InitiativeQueries.authors(on: req.db, i)
        let unit = try await i.ownerUnitID.asyncMap { try await Unit.find($0, on: req.db)?.name } ?? nil
        let area = try await i.contentAreaID.asyncMap { try await ContentArea.find($0, on: req.db) } ?? nil
        let adoptions = try await InitiativeAdoption.query(on: req.db).filter(\.$initiativeID == i.id!).all()
        let names = try await DirectoryQueries.unitNames(on: req.db, ids: Set(adoptions.map(\.unitID)))
        return ShowcaseView.item(.init(frame: req.page(i.title, section: .showcase, breadcrumbs: [.init(title: InitiativeText.showcase, url: .showcase(c.code)), .init(title: i.title, url: nil)]),
                                       title: i.title, year: i.year, authors: authors.map { "\($0.fullName) (\(NumberText.format($0.share))%)" }.joined(separator: ", "),
                                       unit: unit, area: area.map { "\($0.position). \($0.name)" }, summary: i.summary, conditions: i.conditions, benefits: i.benefits,
                                       decision: "\(i.decisionNumber)\(i.decisionDate.flatMap { LocalDate(iso: $0) }.map { " ngày \($0.vietnamese)" } ?? "")",
                                       scope: i.scopeValue?.label ?? "", adoptedBy: adoptions.compactMap { names[$0.unitID] }.sorted()))
    }
}

enum ShowcaseView {
    struct Model: Sendable {
        let frame: PageFrame
        let code: String
        let rows: [InitiativeRow]
        let areas: [Choice]
        let years: [Choice]
        let units: [Choice]
        let values: [String: String]
    }

    static func render(_ m: Model) -> HTML {
        let state = FormState(values: m.values)
        return Layout.render(m.frame, lead: InitiativeText.showcaseLead, .group(
            .p(.link(href: InspectionPublicController.path(m.code), InspectionHomeText.publicLink)),
            .p(.link(href: SiteURL.indicatorShowcase(m.code), IndicatorText.Dashboard.publicLink)),
            .form(.method(.get), .action(SiteURL.showcase(m.code).path), .class("filters"),
                  FormKit.text("q", label: InitiativeText.search, state: state),
                  FormKit.select("area", label: InitiativeText.area, state: state, choices: m.areas, blank: InitiativeText.allAreas),
                  FormKit.select("year", label: InitiativeText.year, state: state, choices: m.years, blank: InitiativeText.allYears),
                  FormKit.select("unit", label: InitiativeText.ownerUnit, state: state, choices: m.units, blank: InitiativeText.allUnits),
                  .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
            Components.table(headers: [InitiativeText.fieldTitle, InitiativeText.authors, InitiativeText.ownerUnit, InitiativeText.area, InitiativeText.year, InitiativeText.adoptionsCount],
                             rows: m.rows.map { r in
                                 [.link(.showcaseItem(m.code, r.id), r.title), .safe(r.authors), .safe(r.unitName ?? ""), .safe(r.areaName ?? ""),
                                  .text(String(r.year)), .text(String(r.adoptions))]
                             }, numericColumns: [4, 5])
        ))
    }

    struct Item: Sendable {
        let frame: PageFrame
        let title: String
        let year: Int
        let authors: String
        let unit: String?
        let area: String?
        let summary: String
        let conditions: String
        let benefits: String
        let decision: String
        let scope: String
        let adoptedBy: [String]
    }

    static func item(_ m: Item) -> HTML {
        Layout.render(m.frame, .section(.class("card"), Components.details([
            (InitiativeText.authors, m.authors), (InitiativeText.ownerUnit, m.unit ?? ""), (InitiativeText.area, m.area ?? ""), (InitiativeText.year, String(m.year)),
            (InitiativeText.summary, m.summary), (InitiativeText.conditions, m.conditions), (InitiativeText.benefits, m.benefits),
            (InitiativeText.decisionNumber, m.decision), (InitiativeText.scope, m.scope), (InitiativeText.adoptions, m.adoptedBy.joined(separator: "; ")),
        ])))
    }
}
