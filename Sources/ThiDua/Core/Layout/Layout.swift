import Foundation
import Plot
import Vapor

/// One step of the breadcrumb trail.
struct Breadcrumb: Sendable {
    let title: String
    let url: SiteURL?
}

/// The navigation sections, used to mark the current one.
enum NavSection: Sendable {
    case home, units, people, movement, audit, users, account, registrations, reports, board, difficulties, initiatives, showcase, inbox, commendations, scoring, inspections, documentSettings, literacy
    case indicators
}

/// What the base layout needs to know, besides the page content. Built per request by ``Request/page(_:section:breadcrumbs:)``.
struct PageFrame: Sendable {
    let title: String
    let section: NavSection?
    let breadcrumbs: [Breadcrumb]
    let user: CurrentUser?
    let flash: Flash?
    let nav: [NavItem]

    struct NavItem: Sendable {
        let section: NavSection
        let title: String
        let url: SiteURL
    }
}

extension Request {
    /// The frame of a page for the signed-in user (or an anonymous visitor).
    func page(_ title: String, section: NavSection? = nil, breadcrumbs: [Breadcrumb] = []) -> PageFrame {
        PageFrame(title: title, section: section, breadcrumbs: breadcrumbs, user: currentUser, flash: flash,
                  nav: currentUser.map(Layout.navigation(for:)) ?? [])
    }
}

/// The document frame every page shares: header with the commune, navigation by role, breadcrumbs, footer.
enum Layout {
    static func navigation(for user: CurrentUser) -> [PageFrame.NavItem] {
        var items = [PageFrame.NavItem(section: .home, title: LayoutText.navHome, url: .home)]
        if Policy.allows(user, .viewDirectory) {
            items.append(.init(section: .units, title: LayoutText.navUnits, url: .units))
            items.append(.init(section: .people, title: LayoutText.navPeople, url: .people))
        } else if let unitID = Policy.ownUnit(user) {
            items.append(.init(section: .units, title: LayoutText.navMyUnit, url: .unit(unitID)))
        }
        if Policy.allows(user, .viewRegistrations) {
            items.append(.init(section: .registrations, title: LayoutText.navRegistrations, url: .registrations))
        }
        if Policy.allows(user, .viewAllPledges) {
            items.append(.init(section: .board, title: LayoutText.navBoard, url: .board))
        } else if Policy.allows(user, .viewReports) {
            items.append(.init(section: .reports, title: LayoutText.navMyReport, url: .reports))
        }
        if Policy.allows(user, .viewScoring) {
            items.append(.init(section: .scoring, title: LayoutText.navScoring, url: .scoring))
        }
        if Policy.allows(user, .viewMovement) {
            items.append(.init(section: .movement, title: LayoutText.navMovement, url: .movement))
        }
        if Policy.allows(user, .viewAudit) {
            items.append(.init(section: .audit, title: LayoutText.navAudit, url: .audit))
        }
        if Policy.allows(user, .manageUsers) {
            items.append(.init(section: .users, title: LayoutText.navUsers, url: .users))
        }
        if Policy.allows(user, .viewSigners) {
            items.append(.init(section: .documentSettings, title: LayoutText.navDocumentSettings, url: .signers))
        }
        items.append(.init(section: .initiatives, title: LayoutText.navInitiatives, url: .initiatives))
        if Policy.allows(user, .viewNominations) {
            items.append(.init(section: .commendations, title: LayoutText.navCommendations, url: .commendations()))
        }
        if Policy.allows(user, .viewInspections) {
            items.append(.init(section: .inspections, title: InspectionText.navTitle, url: .inspections))
        }
        if Policy.allows(user, .viewIndicators) { items.append(.init(section: .indicators, title: IndicatorText.Dashboard.nav, url: .indicators)) }
        if Policy.allows(user, .viewIndicators) { items.append(.init(section: .literacy, title: DigitalLiteracyText.navTitle, url: .literacy)) }
        items.append(.init(section: .difficulties, title: LayoutText.navDifficulties, url: .difficulties))
        items.append(.init(section: .inbox, title: LayoutText.navInbox, url: .inbox))
        return items
    }

    /// The document's `<title>`, escaped exactly. Never Plot's `.title(…)`: it also writes `og:title` and
    /// `twitter:title` meta attributes without escaping them, so user text in a title would run as markup.
    static func documentTitle(_ text: String) -> Node<HTML.HeadContext> {
        .element(named: "title", nodes: [.safe(text)])
    }

    static func render(_ frame: PageFrame, lead: String? = nil, _ content: Node<HTML.BodyContext>) -> HTML {
        HTML(
            .lang(.vietnamese),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                documentTitle(frame.title == CoreText.appName ? CoreText.appName : "\(frame.title) — \(CoreText.appName)"),
                .stylesheet(StaticAssets.stylesheet)
            ),
            .body(
                .element(named: "a", nodes: [.attr("href", "#noi-dung"), .class("visually-hidden skip-link"), .text(CoreText.skipToContent)]),
                header(frame),
                nav(frame),
                .main(
                    .class("main"), .id("noi-dung"),
                    breadcrumbs(frame),
                    flash(frame.flash),
                    .h1(.class("page-title"), .safe(frame.title)),
                    lead.map { .p(.class("lead"), .safe($0)) } ?? .empty,
                    content
                ),
                .footer(.class("site-footer"), .p(.text(CoreText.footer))),
                .element(named: "script", nodes: [.attr("src", StaticAssets.script), .attribute(named: "defer", value: nil, ignoreIfValueIsEmpty: false)])
            )
        )
    }

    private static func header(_ frame: PageFrame) -> Node<HTML.BodyContext> {
        .header(
            .class("site-header"),
            .element(named: "a", nodes: [
                .attr("href", SiteURL.home.path), .class("brand"),
                .span(.class("brand-title"), .text(CoreText.appName)),
                .span(.class("brand-sub"), .safe(frame.user?.communeName ?? LayoutText.tagline)),
            ]),
            frame.user.map { user in
                .div(
                    .class("user-box"),
                    .span(.class("user-name"), .safe(user.displayName)),
                    .group(user.sortedRoles.map { .span(.class("badge"), .safe($0.label)) }),
                    .link(.changePassword, CoreText.changePassword, class: "user-link"),
                    FormKit.postButton(.logout, label: CoreText.logout, csrf: user.csrfToken, style: "link-button")
                )
            } ?? .empty
        )
    }

    private static func nav(_ frame: PageFrame) -> Node<HTML.BodyContext> {
        guard !frame.nav.isEmpty else { return .empty }
        return .nav(
            .class("site-nav"), .ariaLabel(LayoutText.navLabel),
            .ul(.group(frame.nav.map { item in
                .li(.element(named: "a", nodes: [
                    .attr("href", item.url.path),
                    item.section == frame.section ? .attr("aria-current", "page") : .empty,
                    .safe(item.title),
                ]))
            }))
        )
    }

    private static func breadcrumbs(_ frame: PageFrame) -> Node<HTML.BodyContext> {
        guard !frame.breadcrumbs.isEmpty else { return .empty }
        return .nav(
            .class("breadcrumbs"), .ariaLabel(LayoutText.breadcrumbLabel),
            .ol(.group(frame.breadcrumbs.map { crumb in
                .li(crumb.url.map { .link($0, crumb.title) } ?? .safe(crumb.title))
            }))
        )
    }

    private static func flash(_ flash: Flash?) -> Node<HTML.BodyContext> {
        guard let flash else { return .empty }
        return .div(.class("flash flash-\(flash.kind.rawValue)"), .attr("role", "status"), .safe(flash.message))
    }
}

enum LayoutText {
    static let tagline = "Phong trào thi đua đổi mới sáng tạo và chuyển đổi số"
    static let navHome = "Trang làm việc"
    static let navUnits = "Đơn vị"
    static let navMyUnit = "Đơn vị của tôi"
    static let navPeople = "Cá nhân"
    static let navMovement = "Phong trào"
    static let navRegistrations = "Đăng ký thi đua"
    static let navBoard = "Theo dõi báo cáo"
    static let navMyReport = "Báo cáo kết quả"
    static let navInbox = "Thông báo"
    static let navDifficulties = "Vướng mắc, kiến nghị"
    static let navInitiatives = "Sáng kiến"
    static let navCommendations = "Khen thưởng"
    static let navAudit = "Nhật ký thay đổi"
    static let navScoring = "Chấm điểm"
    static let navUsers = "Tài khoản"
    /// Người ký văn bản and the legal bases the documents cite.
    static let navDocumentSettings = "Người ký, căn cứ"
    static let navLabel = "Điều hướng chính"
    static let breadcrumbLabel = "Vị trí trang"
}

extension HTML: @retroactive AsyncResponseEncodable {
    public func encodeResponse(for request: Request) async throws -> Response {
        Response.html(self.render())
    }
}

extension Response {
    static func html(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "html", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: FormKit.nameUnlabelledFields(in: body)))
    }
}
