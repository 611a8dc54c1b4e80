/// Vietnamese text of sign-in, sign-out and passwords.
enum AuthText {
    static let passwordTooShort = "Mật khẩu phải có ít nhất 8 ký tự."
    static let passwordTooLong = "Mật khẩu dài quá: tối đa 72 byte (72 ký tự không dấu; chữ có dấu tiếng Việt tính 2–3 byte)."
    static let passwordNeedsMix = "Mật khẩu phải có cả chữ và số."
    static let wrongCurrentPassword = "Mật khẩu hiện tại không đúng."
    static let passwordsDiffer = "Hai lần nhập mật khẩu mới không khớp."
    static let passwordChanged = "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đăng xuất."
    static let loggedOut = "Bạn đã đăng xuất."
}

/// Vietnamese text of the login page.
enum LoginText {
    static let title = "Đăng nhập"
    static let lead = "Dành cho cán bộ, đơn vị và cá nhân tham gia phong trào thi đua. Tài khoản do quản trị hệ thống của xã cấp."
    static let username = "Tên đăng nhập"
    static let password = "Mật khẩu"
    static let submit = "Đăng nhập"
    static let invalid = "Tên đăng nhập hoặc mật khẩu không đúng."
    /// Too many failed sign-ins for the account or from this address; the wait in seconds (as in `Retry-After`).
    static func throttled(_ seconds: Int) -> String {
        let wait = seconds < 120 ? "\(seconds) giây" : "\((seconds + 59) / 60) phút"
        return "Đăng nhập sai nhiều lần. Vui lòng thử lại sau \(wait)."
    }
    static let forgot = "Quên mật khẩu? Liên hệ quản trị hệ thống của xã để được đặt lại."
    static let changeTitle = "Đổi mật khẩu"
    static let currentPassword = "Mật khẩu hiện tại"
    static let newPassword = "Mật khẩu mới"
    static let newPasswordHint = "Ít nhất 8 ký tự, có cả chữ và số; tối đa 72 byte (chữ có dấu tính 2–3 byte)."
    static let confirmPassword = "Nhập lại mật khẩu mới"
}

enum AuditText {
    static let system = "Hệ thống"
    static let typeUser = "user"
    static let title = "Nhật ký thay đổi"
    static let lead = "Mọi thao tác tạo, sửa, ngừng hoạt động đều được ghi lại: ai, lúc nào, đối tượng nào, giá trị trước và sau. Nhật ký không thể sửa hay xóa."
    static let colTime = "Thời điểm"
    static let colActor = "Người thực hiện"
    static let colAction = "Thao tác"
    static let colObject = "Đối tượng"
    static let colType = "Loại"
    static let filterActor = "Người thực hiện"
    static let filterType = "Loại đối tượng"
    static let filterObject = "Tên hoặc mã đối tượng"
    static let filterFrom = "Từ ngày"
    static let filterTo = "Đến ngày"
    static let allTypes = "Tất cả"
    static let allActors = "Tất cả"
    static let filter = "Lọc"
    static let detailTitle = "Chi tiết thay đổi"
    static let field = "Trường"
    static let before = "Trước"
    static let after = "Sau"
    static let ip = "Địa chỉ IP"
    static let objectHistory = "Lịch sử của đối tượng này"

    static func typeLabel(_ type: String) -> String {
        switch type {
        case "user": "Tài khoản"
        case "unit": "Đơn vị"
        case "person": "Cá nhân"
        case "movement": "Phong trào"
        case "phase": "Giai đoạn"
        case "deadline": "Mốc thời gian"
        case "content_area": "Nội dung thi đua"
        case "criterion": "Tiêu chí"
        case "council_member": "Thành viên Hội đồng"
        default: type
        }
    }
}
