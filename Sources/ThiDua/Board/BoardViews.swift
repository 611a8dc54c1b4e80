import Foundation
import Plot

enum BoardView {
    struct Model: Sendable {
        let frame: PageFrame
        let data: BoardData
        let years: [Int]
    }

    static func progress<C: HTML.BodyContext>(_ rows: [ProgressRow], first: String) -> Node<C> {
        Components.table(headers: [first, BoardText.colUnits, BoardText.colRegistered, BoardText.colReported, BoardText.colAccepted,
                                   BoardText.colLate, BoardText.colMissing],
                         rows: rows.map { r in
                             [.safe(r.label), .text(String(r.units)), .text(String(r.registered)), .text(String(r.reported)),
                              .text(String(r.accepted)), .text(String(r.late)), .text(String(r.missing))]
                         }, numericColumns: [1, 2, 3, 4, 5, 6])
    }

    /// What waits for the secretariat, the oldest submission first, each a link to the page where it is accepted or returned.
    static func waiting(_ d: BoardData) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("cho-xem-xet"), .h2(.text(BoardText.waiting(d.waiting.count))),
                 d.waiting.isEmpty ? .p(.class("muted"), .text(BoardText.waitingNone)) : .group(
                    .p(.class("hint"), .text(BoardText.waitingLead)),
                    Components.table(headers: ["#", BoardText.colKind, BoardText.colName, BoardText.colSubmittedAt, BoardText.colWaited, BoardText.colNote],
                                     rows: d.waiting.enumerated().map { i, w in
                                         let kind = switch w.kind {
                                         case .report: BoardText.kindReport
                                         case .registration: BoardText.kindRegistration
                                         case .pledge: BoardText.kindPledge
                                         }
                                         let waited = Int((d.today.startOfDay.timeIntervalSince(LocalDate(w.submittedAt).startOfDay) / 86_400).rounded())
                                         let notes = [w.isLate ? ReportText.lateBadge : nil, w.resubmitted ? BoardText.resubmitted : nil].compactMap { $0 }
                                         return [.text(String(i + 1)), .text(kind), .link(w.link, w.name),
                                                 .text(w.submittedAt == .distantPast ? "" : VietnamTime.dateTime(w.submittedAt)),
                                                 .text(BoardText.waitedDays(waited)), .text(notes.joined(separator: "; "))]
                                     }, numericColumns: [0])))
    }

    static func render(_ m: Model) -> HTML {
        let d = m.data
        let daysLeft = Int((d.deadline.startOfDay.timeIntervalSince(d.today.startOfDay) / 86_400).rounded())
        let state = FormState(values: ["year": String(d.year)])
        let missingTitle = "\(daysLeft < 0 ? BoardText.overdue : BoardText.notSubmitted) (\(d.notSubmitted.count))"
        let list: ([OverdueRow]) -> Node<HTML.BodyContext> = { rows in
            Components.table(headers: [DirectoryText.code, DirectoryText.name, BoardText.colGroup, RegistrationText.status],
                             rows: rows.map { r in [.text(r.code), .link(.report(r.unitID, year: d.year), r.name), .text(r.group),
                                                      r.status.map { PledgeViews.statusBadge($0) } ?? .span(.class("badge badge-muted"), .text(BoardText.colMissing))] })
        }
        return Layout.render(m.frame, lead: BoardText.lead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.board.path), .class("filters"),
                       FormKit.select("year", label: RegistrationText.year, state: state, choices: m.years.map { Choice(value: String($0), label: String($0)) }, blank: nil),
                       .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
                 .div(.class("actions"), .link(href: SiteURL.boardExport.path + "?year=\(d.year)", BoardText.export, class: "btn btn-primary"))),
            .p(.class(daysLeft < 0 ? "flash flash-warning" : "flash flash-info"),
               .text(ReportText.deadline(d.deadline.vietnamese) + " " + (daysLeft >= 0 ? BoardText.daysLeft(daysLeft) : ""))),
            waiting(d),
            .section(.class("card"), .h2(.text(BoardText.byGroup)), progress(d.byGroup, first: BoardText.colGroup)),
            .section(.class("card"), .h2(.text(BoardText.byVillage)), progress(d.byVillage, first: BoardText.colVillage)),
            .section(.class("card"), .h2(.text(missingTitle)), list(d.notSubmitted)),
            d.late.isEmpty ? .empty : .section(.class("card"), .h2(.text("\(BoardText.lateList) (\(d.late.count))")), list(d.late))
        ))
    }
}

enum InboxView {
    struct Model: Sendable {
        let frame: PageFrame
        let rows: [InboxRow]
    }

    /// What waits for the secretariat, the oldest submission first, each a link to the page where it is accepted or returned.
    static func waiting(_ d: BoardData) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("cho-xem-xet"), .h2(.text(BoardText.waiting(d.waiting.count))),
                 d.waiting.isEmpty ? .p(.class("muted"), .text(BoardText.waitingNone)) : .group(
                    .p(.class("hint"), .text(BoardText.waitingLead)),
                    Components.table(headers: ["#", BoardText.colKind, BoardText.colName, BoardText.colSubmittedAt, BoardText.colWaited, BoardText.colNote],
                                     rows: d.waiting.enumerated().map { i, w in
                                         let kind = switch w.kind {
                                         case .report: BoardText.kindReport
                                         case .registration: BoardText.kindRegistration
                                         case .pledge: BoardText.kindPledge
                                         }
                                         let waited = Int((d.today.startOfDay.timeIntervalSince(LocalDate(w.submittedAt).startOfDay) / 86_400).rounded())
                                         let notes = [w.isLate ? ReportText.lateBadge : nil, w.resubmitted ? BoardText.resubmitted : nil].compactMap { $0 }
                                         return [.text(String(i + 1)), .text(kind), .link(w.link, w.name),
                                                 .text(w.submittedAt == .distantPast ? "" : VietnamTime.dateTime(w.submittedAt)),
                                                 .text(BoardText.waitedDays(waited)), .text(notes.joined(separator: "; "))]
                                     }, numericColumns: [0])))
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, m.rows.isEmpty ? .p(.class("muted"), .text(BoardText.inboxEmpty)) :
            Components.table(headers: [AuditText.colTime, "Nội dung"], rows: m.rows.map { r in
                [.text(VietnamTime.dateTime(r.at)), .group(r.unread ? .span(.class("badge"), .text("Mới")) : .empty, .text(" "),
                                                             r.link.hasPrefix("/") ? .link(href: r.link, r.title) : .safe(r.title))]
            }))
    }
}

extension XLSXDate {
    init(_ d: LocalDate) { self.init(year: d.year, month: d.month, day: d.day) }
}
