import Foundation

/// The Vietnamese text of the inspection section of the home page and of the public schedule of visits.
enum InspectionHomeText {
    // The home page.
    static let section = "Kiểm tra của Hội đồng"
    static let unitLead = "Lịch Đoàn kiểm tra của Hội đồng Thi đua - Khen thưởng xã đến đơn vị và các kiến nghị đơn vị cần trả lời."
    static let upcoming = "Lịch kiểm tra sắp tới"
    static let date = "Ngày"
    static let time = "Giờ"
    static let place = "Địa điểm"
    static let leader = "Trưởng đoàn"
    static let state = "Trạng thái"
    static let open = "Xem lịch kiểm tra"
    static func noticeSent(_ day: String) -> String { "Thông báo kiểm tra đã gửi ngày \(day)." }
    static let noticeNotYet = "Thông báo kiểm tra chưa gửi."
    static let followUps = "Kiến nghị sau kiểm tra cần thực hiện"
    static let item = "Kiến nghị"
    static let due = "Hạn"
    static let overdue = "Quá hạn"
    static let answer = "Trả lời"
    static let unit = "Đơn vị"
    static let visitsThisMonth = "Cuộc kiểm tra trong tháng này"
    static let visitsNextMonth = "Cuộc kiểm tra tháng sau"
    static let overdueCount = "Kiến nghị quá hạn chưa trả lời"
    static let overdueList = "Kiến nghị quá hạn"
    static let noOverdue = "Không có kiến nghị nào quá hạn."
    static func moreOverdue(_ n: Int) -> String { "Và \(n) kiến nghị quá hạn khác — xem trong trang Kiểm tra." }
    static let openOverview = "Mở trang Kiểm tra →"

    // The public schedule.
    static let publicTitle = "Lịch kiểm tra phong trào thi đua"
    static let publicLink = "Lịch kiểm tra phong trào thi đua của Hội đồng →"
    static func publicLead(_ commune: String) -> String {
        "Lịch các đoàn kiểm tra của Hội đồng Thi đua - Khen thưởng xã \(commune) theo kế hoạch kiểm tra đã được phê duyệt."
    }
    static let year = "Năm"
    static let show = "Xem"
    static func planLine(_ year: Int, approvedOn: String?) -> String {
        "Kế hoạch kiểm tra năm \(year)" + (approvedOn.map { " được phê duyệt ngày \($0)." } ?? " đã được phê duyệt.")
    }
    static func noPlan(_ year: Int) -> String { "Chưa có kế hoạch kiểm tra năm \(year) được phê duyệt." }
    static let content = "Nội dung kiểm tra"
}
