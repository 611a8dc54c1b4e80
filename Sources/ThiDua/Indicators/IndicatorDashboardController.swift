import Fluent
import Foundation
import Plot
import Vapor

extension SiteURL {
    /// `/indicators` with its filters: the commune's dashboard (issue 16, point 5).
    static func indicatorDashboard(year: Int? = nil, quarter: Int = 0, group: String? = nil, area: UUID? = nil, indicator: String? = nil,
                                   level: IndicatorLevel? = nil) -> String {
        IndicatorDashboardController.path
            + IndicatorDashboardController.query(year: year, quarter: quarter, group: group, area: area, indicator: indicator, level: level)
    }

    /// `/showcase/{commune}/indicators` with its filters: the public indicators, no sign-in.
    static func indicatorShowcase(_ code: String?, year: Int? = nil, quarter: Int = 0, group: String? = nil, area: UUID? = nil,
                                  indicator: String? = nil, level: IndicatorLevel? = nil) -> String {
        "/showcase/\(code ?? ":commune")/indicators"
            + IndicatorDashboardController.query(year: year, quarter: quarter, group: group, area: area, indicator: indicator, level: level)
    }
}

/// The indicator dashboards: `/indicators` for everyone signed in in the commune (approved figures are not secret
/// inside it; a focal point sees every village's), and the public subset `/showcase/{commune}/indicators` (only the
/// indicators whose definition is public). Both read approved values only, through ``IndicatorQueries/dashboard``,
/// filtered by a plain GET form (no script).
enum IndicatorDashboardController {
    static let path = "/indicators"

    static func register(public: any RoutesBuilder, signedIn: any RoutesBuilder) {
        signedIn.on(.GET, components(path), use: dashboard)
        `public`.on(.GET, components(SiteURL.indicatorShowcase(nil)), use: showcase)
    }

    static func components(_ path: String) -> [PathComponent] {
        path.split(separator: "?").first.map { $0.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } } ?? []
    }

    /// `?year=…&quarter=…&group=…&area=…&indicator=…&level=…`, only what is set (quarter 0, the whole year, is left out).
    static func query(year: Int?, quarter: Int = 0, group: String?, area: UUID?, indicator: String?, level: IndicatorLevel? = nil) -> String {
        var items: [String] = []
        if let year { items.append("year=\(year)") }
        if quarter != 0 { items.append("quarter=\(quarter)") }
        if let group, !group.isEmpty { items.append("group=\(group.urlQueryEncoded)") }
        if let area { items.append("area=\(area.uuidString.lowercased())") }
        if let indicator, !indicator.isEmpty { items.append("indicator=\(indicator.urlQueryEncoded)") }
        if let level { items.append("level=\(level.rawValue)") }
        return items.isEmpty ? "" : "?" + items.joined(separator: "&")
    }

    /// The filters as the form sent them; a year outside 2025–2030 (or none) is the current year, held to that range.
    struct Filter: Sendable, Equatable {
        var year: Int
        /// 0: the whole year; 1–4: that quarter's figures (`?quarter=`).
        var quarter = 0
        var group: String?
        var area: UUID?
        var indicator: String?
        /// The heat table's level (`?level=village|unit|school|business`); nil: villages, or the first level shown.
        var level: IndicatorLevel?

        init(year: Int, quarter: Int = 0, group: String? = nil, area: UUID? = nil, indicator: String? = nil, level: IndicatorLevel? = nil) {
            self.year = year
            self.quarter = quarter
            self.group = group
            self.area = area
            self.indicator = indicator
            self.level = level
        }

        init(_ req: Request) {
            let years = IndicatorAggregates.years
            let current = min(max(LocalDate(req.now).year, years.lowerBound), years.upperBound)
            func text(_ key: String) -> String? {
                let value = req.query[String.self, at: key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                return value.isEmpty ? nil : String(value.prefix(200))
            }
            let asked = text("year").flatMap { Int($0) }
            year = asked.flatMap { years.contains($0) ? $0 : nil } ?? current
            quarter = text("quarter").flatMap { Int($0) }.flatMap { (1...4).contains($0) ? $0 : nil } ?? 0
            group = text("group")
            area = text("area").flatMap { UUID(uuidString: $0) }
            indicator = text("indicator")
            level = text("level").flatMap { IndicatorLevel(rawValue: $0) }.flatMap { $0 == .commune ? nil : $0 }
        }
    }

    static func dashboard(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        let filter = Filter(req)
        let data = try await IndicatorQueries.dashboard(communeID: user.communeID, year: filter.year, quarter: filter.quarter, group: filter.group,
                                                        contentArea: filter.area, indicator: filter.indicator, scopeLevels: .one(filter.level), on: req.db)
        let frame = req.page(IndicatorText.Dashboard.title, section: .indicators,
                             breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: IndicatorText.Dashboard.title, url: nil)])
        let lead = IndicatorText.Dashboard.lead(IndicatorText.Dashboard.period(filter.year, filter.quarter))
        return IndicatorDashboardView.render(.init(frame: frame, lead: lead, data: data, filter: filter,
                                                   link: { f in
                                                       SiteURL.indicatorDashboard(year: f.year, quarter: f.quarter, group: f.group, area: f.area,
                                                                                  indicator: f.indicator, level: f.level)
                                                   },
                                                   formAction: path, thisYear: LocalDate(req.now).year, actions: actions(req, user, year: filter.year)))
    }

    /// The links to the rest of the feature, each shown only when the policy lets this user open it.
    static func actions(_ req: Request, _ user: CurrentUser, year: Int) -> [(String, String)] {
        typealias D = IndicatorText.Dashboard
        var links: [(String, String)] = []
        let scope = Policy.ownUnit(user)
        if Policy.allows(user, .enterIndicatorValues(unitID: scope, communeID: user.communeID)) {
            links.append((D.enterValues, SiteURL.indicatorValues(year: year, quarter: nil, scope: nil)))
        } else if Policy.allows(user, .viewAllIndicatorValues) {
            links.append((D.seeValues, SiteURL.indicatorValues(year: year, quarter: nil, scope: nil)))
        }
        if Policy.allows(user, .reviewIndicatorValues) {
            links.append((D.reviewValues, SiteURL.indicatorReview(year: year)))
            links.append((D.importValues, SiteURL.indicatorImport))
        }
        links.append((D.catalogue, SiteURL.indicatorCatalogue(year: year)))
        links.append((D.targets, SiteURL.indicatorTargets(year: year)))
        links.append((D.literacy, SiteURL.literacyOverview(year: year)))
        return links
    }

    static func showcase(req: Request) async throws -> HTML {
        let c = try await ShowcaseController.commune(req)
        let filter = Filter(req)
        let data = try await IndicatorQueries.dashboard(communeID: try c.requireID(), year: filter.year, quarter: filter.quarter, group: filter.group,
                                                        contentArea: filter.area, indicator: filter.indicator, publicOnly: true,
                                                        scopeLevels: .one(filter.level), on: req.db)
        let title = "\(IndicatorText.Dashboard.publicTitle) — xã \(c.name)"
        let frame = req.page(title, section: .showcase, breadcrumbs: [.init(title: InitiativeText.showcase, url: .showcase(c.code)),
                                                                       .init(title: IndicatorText.Dashboard.publicTitle, url: nil)])
        let code = c.code
        let lead = IndicatorText.Dashboard.publicLead(c.name, IndicatorText.Dashboard.period(filter.year, filter.quarter))
        return IndicatorDashboardView.render(.init(frame: frame, lead: lead, data: data, filter: filter,
                                                   link: { f in
                                                       SiteURL.indicatorShowcase(code, year: f.year, quarter: f.quarter, group: f.group, area: f.area,
                                                                                 indicator: f.indicator, level: f.level)
                                                   },
                                                   formAction: SiteURL.indicatorShowcase(code), thisYear: LocalDate(req.now).year))
    }
}
