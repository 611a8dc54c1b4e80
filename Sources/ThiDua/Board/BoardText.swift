import Foundation

/// Vietnamese text of the secretariat's board, its Excel export and the inbox.
enum BoardText {
    static let title = "Theo dõi báo cáo"
    static func pageTitle(_ year: Int) -> String { "Theo dõi đăng ký và báo cáo năm \(year)" }
    static let lead = "Việc đang chờ Phòng Văn hóa - Xã hội xem xét; tình hình đăng ký thi đua và nộp báo cáo kết quả của các đơn vị, theo nhóm tiêu chí và theo thôn; danh sách đơn vị chưa nộp và nộp muộn."
    static func waiting(_ n: Int) -> String { "Đang chờ xem xét (\(n))" }
    static let waitingLead = "Báo cáo và đăng ký đã nộp, chưa chấp nhận hay trả lại; nộp trước ở trên. Bấm vào tên để mở, rồi chấp nhận hoặc trả lại."
    static let waitingNone = "Không có báo cáo hay đăng ký nào đang chờ xem xét."
    static let colKind = "Loại"
    static let colName = "Đơn vị / cá nhân"
    static let colSubmittedAt = "Ngày nộp"
    static let colWaited = "Đã chờ"
    static let colNote = "Ghi chú"
    static let kindReport = "Báo cáo kết quả"
    static let kindRegistration = "Đăng ký thi đua"
    static let kindPledge = "Đăng ký cá nhân"
    static let resubmitted = "Nộp lại sau khi trả lại"
    static func waitedDays(_ n: Int) -> String { n <= 0 ? "Hôm nay" : "\(n) ngày" }
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
    /// Titles and widths (characters) of the export's columns, narrow enough to print on A4 landscape at a legible size.
    static let exportColumns: [(String, Double)] = [
        ("Mã đơn vị", 8), ("Đơn vị", 18), ("Nhóm", 6), ("Thôn", 11), ("Chỉ tiêu", 24), ("Đơn vị tính", 8), ("Hiện trạng", 10),
        ("Kế hoạch", 10), ("Thực hiện", 10), ("Tỷ lệ đạt", 7), ("Nội dung thi đua", 19), ("Thời hạn", 11),
        ("Đăng ký", 10), ("Báo cáo", 10), ("Ngày nộp báo cáo", 11), ("Nộp muộn", 6),
    ]
    static let summaryColumns: [(String, Double)] = [
        ("Mã đơn vị", 10), ("Đơn vị", 32), ("Loại", 27), ("Nhóm", 6), ("Đăng ký", 13), ("Số chỉ tiêu", 8), ("Báo cáo", 13),
        ("Ngày nộp", 11), ("Nộp muộn", 7),
    ]
    static func exportTitle(_ year: Int, commune: String) -> String { "Chỉ tiêu và kết quả năm \(year) — \(commune)" }
    static func summaryHeading(_ year: Int, commune: String) -> String { "Tình hình đăng ký và nộp báo cáo năm \(year) — \(commune)" }
}
