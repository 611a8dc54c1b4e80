import Foundation

/// The words of the Bình dân học vụ số pages and commands (helper "literacy"), beside the lead's shared ones.
extension DigitalLiteracyText {
    static let navTitle = "Bình dân học vụ số"
    static let lead = "Các lớp, buổi hướng dẫn kỹ năng số cơ bản của thôn và đơn vị; Tổ công nghệ số cộng đồng của từng thôn và "
        + "các lượt đến hộ gia đình; tiến độ của mỗi thôn so với mục tiêu tỷ lệ người trưởng thành có kỹ năng số cơ bản."
    static func overviewTitle(_ year: Int) -> String { "Bình dân học vụ số năm \(year)" }
    static let sessions = "Lớp, buổi hướng dẫn"
    static let sessionsTitle = "Các lớp, buổi hướng dẫn kỹ năng số"
    static let newSession = "Ghi nhận lớp, buổi hướng dẫn"
    static let editSession = "Sửa lớp, buổi hướng dẫn"
    static let deleteSession = "Xóa lớp, buổi hướng dẫn"
    static let confirmDelete = "Xóa lớp, buổi hướng dẫn này cùng danh sách người tham dự và ảnh?"
    static let sessionSaved = "Đã lưu lớp, buổi hướng dẫn."
    static let sessionDeleted = "Đã xóa lớp, buổi hướng dẫn."
    static let team = "Tổ công nghệ số cộng đồng"
    static let teams = "Tổ công nghệ số cộng đồng"
    static let visits = "Lượt đến hộ gia đình"

    // Fields.
    static let heldOn = "Ngày tổ chức"
    static let unit = "Thôn, đơn vị tổ chức"
    static let village = "Thôn"
    static let topicField = "Nội dung (theo khung kỹ năng số cơ bản)"
    static let title = "Tên lớp, buổi hướng dẫn"
    static let platform = "Nền tảng, hình thức"
    static let platformHint = "Ví dụ: binhdanhocvuso.gov.vn; trực tiếp tại nhà văn hóa thôn"
    static let place = "Địa điểm"
    static let trainers = "Người hướng dẫn"
    static let trainersHint = "Mỗi dòng một người hoặc một tổ, ví dụ dòng 1: Tổ công nghệ số cộng đồng thôn Bình Thủy; dòng 2: Kỹ sư VNPT"
    static let attendeeCount = "Số người tham dự"
    static let attendeeCountHint = "Tổng số người dự, kể cả người chưa có trong danh bạ; ví dụ 1.500"
    static let attendeeIds = "Người tham dự trong danh bạ của đơn vị"
    static let attendeeIdsHint = "Đánh dấu những người của đơn vị tổ chức đã tham dự (không bắt buộc)."
    static let attendeeNames = "Người tham dự khác trong xã"
    static let attendeeNamesHint = "Mỗi dòng một họ tên, đúng như trong danh bạ của xã (không bắt buộc)."
    static let listed = "Đã ghi tên"
    static let note = "Ghi chú"
    static let photos = "Ảnh"
    static let addPhoto = "Thêm ảnh"
    static let photoHint = "Ảnh JPEG, PNG, GIF hoặc WebP."
    static let photoAdded = "Đã thêm ảnh."
    static let photoDeleted = "Đã xóa ảnh."
    static let deletePhoto = "Xóa ảnh"
    static let noPhotos = "Chưa có ảnh."
    static let createdBy = "Người ghi nhận"
    static let allYears = "Mọi năm"
    static let allUnits = "Mọi thôn, đơn vị"
    static let noSessions = "Chưa có lớp, buổi hướng dẫn nào."
    static let chooseUnitFirst = "Chọn thôn, đơn vị rồi bấm \"Hiện danh sách\" để đánh dấu người tham dự của đơn vị đó."
    static let showList = "Hiện danh sách"

    // Team fields.
    static let teamName = "Tên tổ"
    static let teamNameHint = "Để trống: \"Tổ công nghệ số cộng đồng\" và tên thôn."
    static let decisionNumber = "Số quyết định thành lập"
    static let decisionNumberHint = "Ví dụ: 125/QĐ-UBND"
    static let decisionDate = "Ngày quyết định"
    static let members = "Thành viên"
    static let membersHint = "Chọn người trong danh bạ của thôn, hoặc ghi họ tên và số điện thoại. Dòng để trống được bỏ qua."
    static let memberPerson = "Người trong danh bạ"
    static let memberName = "Họ tên"
    static let memberRole = "Vai trò"
    static let memberPhone = "Điện thoại"
    static func attendeesHidden(_ n: Int) -> String {
        "\(n) người có tên trong danh sách. Chỉ Thường trực, lãnh đạo xã và đầu mối của đơn vị xem được họ tên."
    }
    static let notInDirectory = "— Không có trong danh bạ —"
    static let setUpTeam = "Thành lập tổ"
    static let saveTeam = "Lưu tổ"
    static let teamSaved = "Đã lưu Tổ công nghệ số cộng đồng."
    static let dissolve = "Giải thể tổ"
    static let confirmDissolve = "Giải thể tổ này? Tổ và các lượt đến hộ vẫn được lưu; thôn có thể thành lập tổ mới."
    static let dissolved = "Đã giải thể tổ."
    static let noTeam = "Thôn chưa có Tổ công nghệ số cộng đồng."
    static let pastTeams = "Các tổ đã giải thể"
    static let visitedOn = "Ngày đến hộ"
    static let households = "Số hộ đã đến"
    static let peopleGuided = "Số người được hướng dẫn"
    static let addVisit = "Ghi nhận lượt đến hộ"
    static let visitAdded = "Đã ghi nhận lượt đến hộ."
    static let visitDeleted = "Đã xóa lượt đến hộ."
    static let deleteVisit = "Xóa"
    static let noVisits = "Chưa có lượt đến hộ nào."
    static let visitCount = "Số lượt"

    // Overview.
    static let sessionsHeld = "Số lớp, buổi"
    static let attendees = "Lượt người tham dự"
    static let teamMembers = "Thành viên tổ"
    static let progress = "Tỷ lệ người trưởng thành có kỹ năng số cơ bản"
    static let target = "Mục tiêu"
    static let numerator = "Tử số"
    static let denominator = "Mẫu số"
    static let share = "Tỷ lệ"
    static let noData = "chưa có số liệu"
    static let noTarget = "chưa có mục tiêu"
    static let total = "Toàn xã"
    static let hasTeam = "Có"
    static let noTeamShort = "Chưa có"
    static let noIndicator = "Chưa chọn chỉ tiêu đo tiến độ Bình dân học vụ số (Cài đặt chỉ tiêu): chưa thể hiện tiến độ của các thôn so với mục tiêu."
    static let approvedOnly = "Chỉ tính số liệu đã được cán bộ thi đua duyệt; thôn chưa có số liệu được ghi \"chưa có số liệu\", không tính là 0."
    static func indicatorLine(_ code: String, _ name: String) -> String { "Chỉ tiêu \(code): \(name)" }
    static func targetSource(_ source: String) -> String { "Nguồn mục tiêu: \(source)" }
    static func chartReading(met: Int, withData: Int, missing: Int) -> String {
        "\(met) trên \(withData) thôn có số liệu đã đạt mục tiêu" + (missing > 0 ? "; \(missing) thôn chưa có số liệu." : ".")
    }
    /// The chart of the drive's indicator (the one the settings choose), by village: its own name, so that the title
    /// says what the bars measure.
    static func chartTitle(_ code: String, _ name: String) -> String { "\(code) theo thôn: \(name)" }
    static let byVillage = "Theo thôn"
    static let otherUnits = "Các đơn vị khác (cơ quan, tổ chức, trường học, doanh nghiệp)"

    // Refusals.
    static let unknownUnit = "Thôn, đơn vị không thuộc xã."
    /// The most people a session lists by name (the others are counted in the number of attendees).
    static let maxListedAttendees = 1_000
    static let tooManyListed = "Chỉ ghi tên được tối đa 1.000 người; những người khác hãy tính vào số người tham dự."
    static func attendeeNotInUnit(_ unit: String) -> String {
        "Chỉ ghi tên được người của \(unit) trong danh bạ; người nơi khác đến dự hãy tính vào số người tham dự."
    }
    /// Below the members when their phones are not shown to the reader (``Policy``'s `seeLiteracyPeople`).
    static let phonesHidden = "Số điện thoại của thành viên chỉ hiện với Văn phòng, lãnh đạo xã và đầu mối của thôn."
    static func memberNotInVillage(_ village: String) -> String {
        "Chỉ chọn được người của \(village) trong danh bạ; người khác hãy ghi họ tên và số điện thoại."
    }
    static func countBelowListed(_ n: Int) -> String { "Số người tham dự không được ít hơn số người đã ghi tên (\(NumberText.format(Double(n))))." }
    static func nameNotFound(_ name: String, _ unit: String) -> String { "Không tìm thấy \"\(name)\" trong danh bạ của \(unit)." }
    static func nameAmbiguous(_ name: String, _ n: Int) -> String {
        "Có \(n) người tên \"\(name)\" trong danh bạ: hãy đánh dấu đúng người trong danh sách của đơn vị."
    }
    static func outsideMovement(_ years: ClosedRange<Int>) -> String {
        "Ngày phải nằm trong thời gian phong trào (\(years.lowerBound + 1)–\(years.upperBound)) hoặc năm \(years.lowerBound) làm mốc."
    }
    static func inFuture(_ today: LocalDate) -> String { "Ngày chưa đến: không được sau hôm nay (\(today.vietnamese))." }
    static let photoNotImage = "Ảnh phải là tệp JPEG, PNG, GIF hoặc WebP (kiểm tra theo nội dung tệp)."
    static let teamExists = "Thôn đã có Tổ công nghệ số cộng đồng đang hoạt động: sửa tổ đó, hoặc giải thể trước khi thành lập tổ mới."
    static let teamDissolved = "Tổ đã giải thể: không sửa và không ghi thêm lượt đến hộ."
    static let phoneRequired = "Ghi số điện thoại của người không có trong danh bạ."
    static let oneLeader = "Mỗi tổ chỉ có một Tổ trưởng."
    static let memberTwice = "Một người được ghi hai lần."
    static func defaultTeamName(_ village: String) -> String { "Tổ công nghệ số cộng đồng \(village)" }
}
