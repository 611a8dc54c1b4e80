import Fluent
import Foundation
import Plot
import SQLKit

/// The inspection section of the home page (issue 15, points 2 and 4): the visited unit's accounts see their unit's
/// upcoming visits of an approved plan (with the notice's date once it went) and the follow-up items still to do;
/// those who see every inspection (``Policy``'s `viewAllInspections`) see the visits of this month and the next and
/// the overdue items. Two statements for each part, whatever the number of visits and items.
enum InspectionHome {
    /// Upcoming visits and follow-up items listed on a unit's home; the secretariat's list of overdue items.
    static let visitLimit = 5
    static let itemLimit = 10

    struct UnitVisit: Sendable {
        let id: UUID
        let date: LocalDate?
        let time: String
        let place: String
        let leaderName: String
        let status: InspectionVisitStatus
        let noticeSentAt: Date?
    }

    struct Item: Sendable {
        let visitID: UUID
        let unitName: String
        let text: String
        let dueDate: LocalDate?
        let status: InspectionFollowUpStatus
        /// Still the unit's to answer and past its due date.
        let overdue: Bool
    }

    /// What a visited unit's account sees.
    struct UnitPart: Sendable {
        let visits: [UnitVisit]
        let items: [Item]
    }

    /// What the secretariat (and whoever sees every inspection) sees.
    struct OverviewPart: Sendable {
        let year: Int
        let thisMonth: Int
        let nextMonth: Int
        let overdueCount: Int
        /// The oldest overdue items first, at most ``itemLimit``.
        let overdue: [Item]
    }

    struct Summary: Sendable {
        let unit: UnitPart?
        let overview: OverviewPart?
        var isEmpty: Bool { unit == nil && overview == nil }
    }

    /// The section's data for `user` on `today`; nil when there is nothing to show (a unit without a visit or item).
    static func summary(on db: any Database, user: CurrentUser, today: LocalDate) async throws -> Summary? {
        var unit: UnitPart?
        if let unitID = user.unitID {
            let part = try await unitPart(on: db, communeID: user.communeID, unitID: unitID, today: today)
            unit = part.visits.isEmpty && part.items.isEmpty ? nil : part
        }
        let overview = Policy.allows(user, .viewAllInspections)
            ? try await overviewPart(on: db, communeID: user.communeID, today: today) : nil
        let summary = Summary(unit: unit, overview: overview)
        return summary.isEmpty ? nil : summary
    }

    static let approved = InspectionPlanStatus.approved.rawValue
    static let answerable = InspectionFollowUpStatus.answerableValues

    /// The unit's upcoming visits (not yet held) and its items not closed, of approved plans: two statements.
    static func unitPart(on db: any Database, communeID: UUID, unitID: UUID, today: LocalDate) async throws -> UnitPart {
        let waiting = [InspectionVisitStatus.scheduled.rawValue, InspectionVisitStatus.notified.rawValue]
        let visits = try await db.sql.raw("""
            SELECT v.id, v.visit_date, v.visit_time, v.place, v.status, v.notice_sent_at, p.full_name AS leader_name
            FROM inspection_visits v JOIN inspection_plans pl ON pl.id = v.plan_id
            JOIN inspection_teams t ON t.id = v.team_id LEFT JOIN people p ON p.id = t.leader_person_id
            WHERE v.commune_id = \(bind: communeID) AND v.unit_id = \(bind: unitID) AND pl.status = \(bind: approved)
              AND v.visit_date >= \(bind: today.iso) AND v.status IN (\(binds: waiting))
            ORDER BY v.visit_date, v.visit_time LIMIT \(literal: visitLimit)
            """).all().map { row in
                UnitVisit(id: try row.decode(column: "id", as: UUID.self),
                          date: LocalDate(iso: try row.decode(column: "visit_date", as: String.self)),
                          time: try row.decode(column: "visit_time", as: String.self),
                          place: try row.decode(column: "place", as: String.self),
                          leaderName: try row.decode(column: "leader_name", as: String?.self) ?? "",
                          status: InspectionVisitStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .scheduled,
                          noticeSentAt: try row.decode(column: "notice_sent_at", as: Date?.self))
            }
        let items = try await db.sql.raw("""
            SELECT f.visit_id, f.text, f.due_date, f.status, u.name AS unit_name
            FROM inspection_follow_ups f JOIN inspection_visits v ON v.id = f.visit_id
            JOIN inspection_plans pl ON pl.id = v.plan_id JOIN units u ON u.id = v.unit_id
            WHERE f.commune_id = \(bind: communeID) AND v.unit_id = \(bind: unitID) AND pl.status = \(bind: approved)
              AND f.status <> \(bind: InspectionFollowUpStatus.closed.rawValue)
            ORDER BY f.due_date, f.position LIMIT \(literal: itemLimit)
            """).all().map { try item($0, today: today) }
        return UnitPart(visits: visits, items: items)
    }

    /// This month's and next month's visits and the overdue items of the commune, and the oldest of those items.
    static func overviewPart(on db: any Database, communeID: UUID, today: LocalDate) async throws -> OverviewPart {
        let monthStart = LocalDate(year: today.year, month: today.month, day: 1) ?? today
        let nextStart = monthStart.adding(days: LocalDate.daysIn(month: monthStart.month, year: monthStart.year))
        let afterStart = nextStart.adding(days: LocalDate.daysIn(month: nextStart.month, year: nextStart.year))
        func visits(from: LocalDate, to: LocalDate) -> SQLQueryString {
            """
            (SELECT COUNT(*) FROM inspection_visits v JOIN inspection_plans pl ON pl.id = v.plan_id
             WHERE v.commune_id = \(bind: communeID) AND pl.status = \(bind: approved)
               AND v.visit_date >= \(bind: from.iso) AND v.visit_date < \(bind: to.iso))
            """
        }
        let counts = try await db.sql.raw("""
            SELECT \(visits(from: monthStart, to: nextStart)) AS this_month, \(visits(from: nextStart, to: afterStart)) AS next_month,
                   (SELECT COUNT(*) FROM inspection_follow_ups f JOIN inspection_visits v ON v.id = f.visit_id
                    JOIN inspection_plans pl ON pl.id = v.plan_id
                    WHERE f.commune_id = \(bind: communeID) AND pl.status = \(bind: approved)
                      AND f.status IN (\(binds: answerable)) AND f.due_date < \(bind: today.iso)) AS overdue
            """).first()
        let overdue = try await db.sql.raw("""
            SELECT f.visit_id, f.text, f.due_date, f.status, u.name AS unit_name
            FROM inspection_follow_ups f JOIN inspection_visits v ON v.id = f.visit_id
            JOIN inspection_plans pl ON pl.id = v.plan_id JOIN units u ON u.id = v.unit_id
            WHERE f.commune_id = \(bind: communeID) AND pl.status = \(bind: approved)
              AND f.status IN (\(binds: answerable)) AND f.due_date < \(bind: today.iso)
            ORDER BY f.due_date, u.name, f.position LIMIT \(literal: itemLimit)
            """).all().map { try item($0, today: today) }
        return OverviewPart(year: today.year,
                            thisMonth: try counts?.decode(column: "this_month", as: Int.self) ?? 0,
                            nextMonth: try counts?.decode(column: "next_month", as: Int.self) ?? 0,
                            overdueCount: try counts?.decode(column: "overdue", as: Int.self) ?? 0,
                            overdue: overdue)
    }

    static func item(_ row: any SQLRow, today: LocalDate) throws -> Item {
        let due = LocalDate(iso: try row.decode(column: "due_date", as: String.self))
        let status = InspectionFollowUpStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open
        return Item(visitID: try row.decode(column: "visit_id", as: UUID.self), unitName: try row.decode(column: "unit_name", as: String.self),
                    text: try row.decode(column: "text", as: String.self), dueDate: due, status: status,
                    overdue: status.isOverdue(due: due, today: today))
    }

    // MARK: view

    typealias T = InspectionHomeText

    /// `<section id="home-inspections">`, or nothing. Dates are dd/MM/yyyy.
    static func section(_ summary: Summary?) -> Node<HTML.BodyContext> {
        guard let summary else { return .empty }
        return .section(.id("home-inspections"), .class("card"), .h2(.text(T.section)),
                        summary.unit.map(unitNodes) ?? .empty,
                        summary.overview.map(overviewNodes) ?? .empty)
    }

    static func unitNodes(_ u: UnitPart) -> Node<HTML.BodyContext> {
        .group(
            u.visits.isEmpty ? .empty : .group(
                .h3(.text(T.upcoming)),
                .ul(.class("home-inspection-visits"), .group(u.visits.map { v in
                    .li(.strong(.text(v.date?.vietnamese ?? "")), .text(v.time.isEmpty ? "" : ", \(T.time.lowercased()) \(v.time)"),
                        .text(" — \(T.place): "), .safe(v.place),
                        v.leaderName.isEmpty ? .empty : .group(.text("; \(T.leader): "), .safe(v.leaderName)),
                        .text(" "), .span(.class(v.status == .notified ? "badge badge-ok" : "badge"), .text(v.status.label)),
                        .br(),
                        .span(.class("muted"), .text(v.noticeSentAt.map { T.noticeSent(VietnamTime.date($0)) } ?? T.noticeNotYet)),
                        .text(" "), .link(href: InspectionPaths.visit(v.id), T.open))
                }))),
            u.items.isEmpty ? .empty : .group(
                .h3(.text(T.followUps)),
                .ul(.class("home-inspection-items"), .group(u.items.map { i in
                    .li(.safe(i.text), .text(" — \(T.due): "), .strong(.text(i.dueDate?.vietnamese ?? "")), .text(" "),
                        i.overdue ? .span(.class("badge badge-warn"), .text(T.overdue)) : .span(.class("badge"), .text(i.status.label)),
                        .text(" "), .link(href: InspectionPaths.visit(i.visitID), i.status.isAnswerable ? T.answer : T.open))
                }))))
    }

    static func overviewNodes(_ o: OverviewPart) -> Node<HTML.BodyContext> {
        .group(
            .div(.class("stats"),
                 stat(o.thisMonth, T.visitsThisMonth), stat(o.nextMonth, T.visitsNextMonth), stat(o.overdueCount, T.overdueCount)),
            .h3(.text(T.overdueList)),
            o.overdue.isEmpty ? .p(.class("muted"), .text(T.noOverdue)) :
                .ul(.class("home-inspection-overdue"), .group(o.overdue.map { i in
                    .li(.strong(.safe(i.unitName)), .text(": "), .safe(i.text), .text(" — \(T.due): "), .text(i.dueDate?.vietnamese ?? ""), .text(" "),
                        .span(.class("badge badge-warn"), .text(T.overdue)), .text(" "), .link(href: InspectionPaths.visit(i.visitID), T.open))
                })),
            o.overdueCount > o.overdue.count ? .p(.class("muted"), .text(T.moreOverdue(o.overdueCount - o.overdue.count))) : .empty,
            .link(href: InspectionPaths.overview(year: o.year), T.openOverview, class: "card-link"))
    }

    static func stat(_ n: Int, _ label: String) -> Node<HTML.BodyContext> {
        .div(.class("stat"), .span(.class("stat-value"), .text(String(n))), .span(.class("stat-label"), .text(label)))
    }
}
