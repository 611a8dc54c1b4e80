import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// The public schedule of a commune's inspection visits (issue 15, point 5): no sign-in; the visits of the year's
/// approved plan with the unit, the date and the content only — never the findings, scores, minutes, conclusions or
/// the teams. Drafts and submitted plans are not shown. Three statements, whatever the number of visits.
enum InspectionPublicController {
    /// `/showcase/{commune}/inspections`, with `?year=` when one is chosen.
    static func path(_ code: String?, year: Int? = nil) -> String {
        "/showcase/\(code ?? ":commune")/inspections" + (year.map { "?year=\($0)" } ?? "")
    }

    static func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, InspectionPaths.components(path(nil)), use: show)
    }

    struct Row: Sendable {
        let unitName: String
        let date: LocalDate?
        let content: String
    }

    struct Model: Sendable {
        let frame: PageFrame
        let communeName: String
        let code: String
        let year: Int
        /// Years with an approved plan, newest first.
        let years: [Int]
        /// The approval date, when the year's plan is approved.
        let approvedOn: LocalDate?
        let hasPlan: Bool
        let rows: [Row]
    }

    static func show(req: Request) async throws -> HTML {
        let c = try await ShowcaseController.commune(req)
        let communeID = try c.requireID()
        let approved = InspectionPlanStatus.approved.rawValue
        let plans = try await db(req).raw("""
            SELECT year, approved_at FROM inspection_plans
            WHERE commune_id = \(bind: communeID) AND status = \(bind: approved) ORDER BY year DESC
            """).all().map { (year: try $0.decode(column: "year", as: Int.self), approvedAt: try $0.decode(column: "approved_at", as: Date?.self)) }
        let asked = req.query[String.self, at: "year"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let year = asked.flatMap { (2000...2100).contains($0) ? $0 : nil } ?? LocalDate(req.now).year
        let plan = plans.first { $0.year == year }
        let rows = plan == nil ? [] : try await db(req).raw("""
            SELECT v.visit_date, v.content, u.name FROM inspection_visits v
            JOIN inspection_plans pl ON pl.id = v.plan_id JOIN units u ON u.id = v.unit_id
            WHERE v.commune_id = \(bind: communeID) AND pl.year = \(bind: year) AND pl.status = \(bind: approved)
            ORDER BY v.visit_date, v.visit_time, u.name
            """).all().map { row in
                Row(unitName: try row.decode(column: "name", as: String.self),
                    date: LocalDate(iso: try row.decode(column: "visit_date", as: String.self)),
                    content: try row.decode(column: "content", as: String.self))
            }
        let title = "\(InspectionHomeText.publicTitle) — xã \(c.name)"
        return InspectionPublicView.render(.init(
            frame: req.page(title, section: .showcase, breadcrumbs: [.init(title: InitiativeText.showcase, url: .showcase(c.code)),
                                                                     .init(title: InspectionHomeText.publicTitle, url: nil)]),
            communeName: c.name, code: c.code, year: year, years: plans.map(\.year), approvedOn: plan?.approvedAt.map { LocalDate($0) },
            hasPlan: plan != nil, rows: rows))
    }

    private static func db(_ req: Request) -> any SQLDatabase { req.db.sql }
}

/// The public schedule page: a year picker (a plain GET form, no script) and the list of visits.
enum InspectionPublicView {
    typealias T = InspectionHomeText

    static func render(_ m: InspectionPublicController.Model) -> HTML {
        var years = m.years
        if !years.contains(m.year) { years.append(m.year) }
        let choices = years.sorted(by: >).map { Choice(value: String($0), label: String($0)) }
        let state = FormState(values: ["year": String(m.year)])
        return Layout.render(m.frame, lead: T.publicLead(m.communeName), .group(
            .form(.method(.get), .action(InspectionPublicController.path(m.code)), .class("filters"),
                  FormKit.select("year", label: T.year, state: state, choices: choices, blank: nil),
                  .button(.type(.submit), .class("btn btn-secondary"), .text(T.show))),
            .section(.id("public-inspections"), .class("card"),
                     .h2(.text(InspectionText.planTitle(m.year))),
                     m.hasPlan
                        ? .group(.p(.text(T.planLine(m.year, approvedOn: m.approvedOn?.vietnamese))),
                                 Components.table(headers: [T.date, T.unit, T.content],
                                                  rows: m.rows.map { r in [.text(r.date?.vietnamese ?? ""), .safe(r.unitName), .safe(r.content)] }))
                        : .p(.class("muted"), .text(T.noPlan(m.year))))
        ))
    }
}
