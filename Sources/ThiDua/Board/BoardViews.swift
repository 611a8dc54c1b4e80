import Foundation
import Plot

enum BoardText {
    static let title = "Theo dõi báo cáo"
    static func pageTitle(_ year: Int) -> String { "Theo dõi đăng ký và báo cáo năm \(year)" }
    static let lead = "Tình hình đăng ký thi đua và nộp báo cáo kết quả của các đơn vị, theo nhóm tiêu chí và theo thôn; danh sách đơn vị chưa nộp và nộp muộn."
    static let byGroup = "Theo nhóm tiêu chí"
    static let byVillage = "Theo thôn (địa bàn)"
    static let colGroup = "Nhóm"
    static let colVillage = "Thôn"
    static let colUnits = "Số đơn vị"
    static let colRegistered = "Đã đăng ký"
    static let colReported = "Đã nộp báo cáo"
    static let colAccepted = "Đã chấp nhận"
    static let colLate = "Nộp muộn"
    static let colMissing = "Chưa nộp"
    static let notSubmitted = "Đơn vị chưa nộp báo cáo"
    static let overdue = "Đã quá hạn, chưa nộp báo cáo"
    static let lateList = "Đơn vị nộp muộn"
    static func daysLeft(_ n: Int) -> String { "Còn \(n) ngày đến hạn nộp báo cáo." }
    static let export = "Tải Excel chỉ tiêu và kết quả"
    static let inbox = "Thông báo"
    static let inboxEmpty = "Chưa có thông báo."
    static let exportColumns: [(String, Double)] = [
        ("Mã đơn vị", 12), ("Đơn vị", 36), ("Nhóm", 8), ("Thôn", 18), ("Chỉ tiêu", 44), ("Đơn vị tính", 12), ("Hiện trạng", 11),
        ("Kế hoạch", 11), ("Thực hiện", 11), ("Tỷ lệ đạt", 10), ("Nội dung thi đua", 30), ("Thời hạn", 12),
        ("Đăng ký", 16), ("Báo cáo", 16), ("Ngày nộp báo cáo", 14), ("Nộp muộn", 10),
    ]
    static let summaryColumns: [(String, Double)] = [
        ("Mã đơn vị", 12), ("Đơn vị", 36), ("Loại", 26), ("Nhóm", 8), ("Đăng ký", 16), ("Số chỉ tiêu", 11), ("Báo cáo", 16),
        ("Ngày nộp", 14), ("Nộp muộn", 10),
    ]
}

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

    static func render(_ m: Model) -> HTML {
        let d = m.data
        let daysLeft = Int((d.deadline.startOfDay.timeIntervalSince(d.today.startOfDay) / 86_400).rounded())
        let state = FormState(values: ["year": String(d.year)])
        let missingTitle = "\(daysLeft < 0 ? BoardText.overdue : BoardText.notSubmitted) (\(d.notSubmitted.count))"
        let list: ([OverdueRow]) -> Node<HTML.BodyContext> = { rows in
            Components.table(headers: [DirectoryText.code, DirectoryText.name, BoardText.colGroup, RegistrationText.status],
                             rows: rows.map { r in [.text(r.code), .link(.report(r.unitID, year: d.year), r.name), .text(r.group), PledgeViews.statusBadge(r.status)] })
        }
        return Layout.render(m.frame, lead: BoardText.lead, .group(
            .div(.class("toolbar"),
                 .form(.method(.get), .action(SiteURL.board.path), .class("filters"),
                       FormKit.select("year", label: RegistrationText.year, state: state, choices: m.years.map { Choice(value: String($0), label: String($0)) }, blank: nil),
                       .button(.type(.submit), .class("btn btn-secondary"), .text(CoreText.search))),
                 .div(.class("actions"), .link(href: SiteURL.boardExport.path + "?year=\(d.year)", BoardText.export, class: "btn btn-primary"))),
            .p(.class(daysLeft < 0 ? "flash flash-warning" : "flash flash-info"),
               .text(ReportText.deadline(d.deadline.vietnamese) + " " + (daysLeft >= 0 ? BoardText.daysLeft(daysLeft) : ""))),
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
