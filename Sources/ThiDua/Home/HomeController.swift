import Fluent
import Foundation
import Plot
import Vapor

/// The role's home page ("Trang làm việc"): what this person can do, figures of the commune, upcoming dates.
enum HomeController {
    struct KindCount: Sendable { let kind: UnitKind; let count: Int }

    struct Reminder: Sendable {
        let daysLeft: Int
        let deadline: LocalDate
        let link: String

        /// "info" from 14 days, "warning" from 7, "error" on the last day and after.
        var level: String { daysLeft <= 1 ? "error" : daysLeft <= 7 ? "warning" : "info" }
        var text: String {
            daysLeft < 0
                ? "Đơn vị chưa nộp báo cáo kết quả năm \(deadline.year): đã quá hạn \(deadline.vietnamese). Báo cáo vẫn được nhận nhưng sẽ ghi là nộp muộn."
                : daysLeft == 0 ? "Hôm nay (\(deadline.vietnamese)) là hạn cuối nộp báo cáo kết quả năm \(deadline.year)."
                : "Còn \(daysLeft) ngày đến hạn nộp báo cáo kết quả năm \(deadline.year) (\(deadline.vietnamese))."
        }
    }

    static func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let today = LocalDate(req.now)
        var counts: [KindCount] = []
        var peopleCount = 0
        if Policy.allows(user, .viewDirectory) {
            let figures = try await HomeQueries.directoryFigures(on: req.db, communeID: user.communeID)
            counts = UnitKind.allCases.map { KindCount(kind: $0, count: figures.units[$0] ?? 0) }
            peopleCount = figures.people
        }
        let upcoming = try await HomeQueries.upcoming(on: req.db, communeID: user.communeID, from: today, limit: 4)
        let unitName = try await user.unitID.asyncMap { try await DirectoryQueries.unit(on: req.db, communeID: user.communeID, id: $0)?.name } ?? nil
        let reminder = try await reminder(req, user: user, today: today)
        let inspections = try await InspectionHome.summary(on: req.db, user: user, today: today)
        return HomeView.render(.init(frame: req.page(CoreText.home, section: .home), user: user, today: today, counts: counts,
                                     peopleCount: peopleCount, upcoming: upcoming, unitName: unitName, reminder: reminder,
                                     inspections: inspections))
    }

    /// A focal point whose unit has not submitted this year's report is reminded from 14 days before the deadline
    /// (more urgently at 7 and at 1 day), and told once it is late.
    static func reminder(_ req: Request, user: CurrentUser, today: LocalDate) async throws -> Reminder? {
        guard let unitID = Policy.ownUnit(user),
              let movement = try await MovementQueries.movement(on: req.db, communeID: user.communeID),
              (movement.startYear...movement.endYear).contains(today.year) else { return nil }
        let report = try await ReportQueries.find(on: req.db, communeID: user.communeID, unitID: unitID, year: today.year)
        if report?.workflow == .submitted || report?.workflow == .accepted { return nil }
        let deadline = try await ReportQueries.deadline(on: req.db, communeID: user.communeID, year: today.year)
        let days = Int((deadline.startOfDay.timeIntervalSince(today.startOfDay) / 86_400).rounded())
        guard days <= 14 else { return nil }
        return Reminder(daysLeft: days, deadline: deadline, link: SiteURL.report(unitID, year: today.year).path)
    }
}

enum HomeText {
    static func greeting(_ name: String) -> String { "Xin chào, \(name)." }
    static let yourRoles = "Vai trò của bạn"
    static let figures = "Số liệu danh bạ"
    static let people = "Cá nhân"
    static let upcoming = "Các mốc sắp tới"
    static let noUpcoming = "Không có mốc nào sắp tới trong lịch phong trào."
    static func daysLeft(_ n: Int) -> String { n == 0 ? "hôm nay" : "còn \(n) ngày" }
    static let yourUnit = "Đơn vị của bạn"
    static let openUnit = "Xem thông tin đơn vị"
    static let yourProfile = "Thông tin cá nhân"
    static let openProfile = "Xem thông tin của bạn"

    static func roleTasks(_ role: Role) -> String {
        switch role {
        case .administrator: "Quản lý tài khoản, vai trò và các danh mục của xã; xem nhật ký thay đổi."
        case .secretariat: "Theo dõi phong trào: danh bạ đơn vị và cá nhân, thiết lập phong trào, lịch các mốc, tiêu chí và Hội đồng."
        case .leader: "Xem toàn bộ tình hình phong trào, duyệt kế hoạch và ký quyết định khen thưởng."
        case .councilMember: "Chấm điểm đơn vị thuộc lĩnh vực, địa bàn được phân công; kiểm tra và bỏ phiếu."
        case .unitFocalPoint: "Cập nhật thông tin, đăng ký thi đua, báo cáo kết quả và minh chứng của đơn vị mình."
        case .individual: "Đề xuất sáng kiến, đăng ký thi đua cá nhân và xem lịch sử của mình."
        case .editor: "Viết và đăng tin, bài, điển hình tiên tiến của phong trào."
        case .supervisor: "Xem các nội dung không mật, góp ý và kiến nghị (giám sát, phản biện xã hội)."
        }
    }
}

enum HomeView {
    struct Model: Sendable {
        let frame: PageFrame
        let user: CurrentUser
        let today: LocalDate
        let counts: [HomeController.KindCount]
        let peopleCount: Int
        let upcoming: [DeadlineRow]
        let unitName: String?
        let reminder: HomeController.Reminder?
        /// Issue 15: the unit's visits and follow-ups, or the commune's (``InspectionHome``).
        let inspections: InspectionHome.Summary?
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, lead: HomeText.greeting(m.user.displayName), .group(
            m.reminder.map { r in
                .div(.class("flash flash-\(r.level) reminder"), .attr("role", "status"), .safe(r.text), .text(" "), .link(href: r.link, "Mở báo cáo →"))
            } ?? .empty,
            InspectionHome.section(m.inspections),
            .section(.class("card"), .h2(.text(HomeText.yourRoles)),
                     .ul(.group(m.user.sortedRoles.map { role in .li(.strong(.safe(role.label)), .text(": "), .safe(HomeText.roleTasks(role))) }))),
            .div(.class("cards"),
                 m.user.unitID.map { unitID in
                     .section(.class("card"), .h2(.text(HomeText.yourUnit)), .p(.safe(m.unitName ?? "")),
                              .link(.unit(unitID), HomeText.openUnit, class: "card-link"))
                 } ?? .empty,
                 m.user.personID.map { personID in
                     .section(.class("card"), .h2(.text(HomeText.yourProfile)), .link(.person(personID), HomeText.openProfile, class: "card-link"))
                 } ?? .empty,
                 .group(m.frame.nav.filter { $0.section != .home }.map { item in
                     .section(.class("card"), .h2(.safe(item.title)), .link(item.url, "Mở →", class: "card-link"))
                 })),
            m.counts.isEmpty ? .empty : .section(.class("card"), .h2(.text(HomeText.figures)),
                .div(.class("stats"),
                     .group(m.counts.map { c in
                         .div(.class("stat"), .span(.class("stat-value"), .text(String(c.count))), .span(.class("stat-label"), .safe(c.kind.label)))
                     }),
                     .div(.class("stat"), .span(.class("stat-value"), .text(String(m.peopleCount))), .span(.class("stat-label"), .text(HomeText.people))))),
            .section(.class("card"), .h2(.text(HomeText.upcoming)),
                     m.upcoming.isEmpty ? .p(.class("muted"), .text(HomeText.noUpcoming)) :
                        .ul(.group(m.upcoming.map { d in
                            let date = LocalDate(iso: d.dueDate)
                            let days = date.map { Int(($0.startOfDay.timeIntervalSince(m.today.startOfDay) / 86_400).rounded()) } ?? 0
                            return .li(.strong(.text(date?.vietnamese ?? d.dueDate)), .text(" — "), .safe(d.title),
                                       .span(.class("muted"), .text(" (\(HomeText.daysLeft(days)))")))
                        })))
        ))
    }
}
