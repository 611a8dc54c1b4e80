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
