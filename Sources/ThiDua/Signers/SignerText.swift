/// The Vietnamese text of the signers (người ký văn bản).
enum SignerText {
    static let title = "Người ký văn bản"
    static let lead = "Người ký các văn bản của phong trào theo từng chức vụ, với thời gian giữ chức. Mỗi văn bản lấy người đang giữ chức vào ngày của văn bản; người ký được chọn trên màn hình trước khi tải về."
    static let newSigner = "Thêm người ký"
    static let editSigner = "Sửa người ký"
    static let endTerm = "Kết thúc nhiệm kỳ"
    static let office = "Chức vụ ký"
    static let name = "Họ và tên"
    static let nameHint = "Như in dưới chữ ký, ví dụ Nguyễn Văn Thành."
    static let signerTitle = "Chức danh"
    static let titleHint = "Để trống: lấy chức danh mặc định của chức vụ."
    static let startsOn = "Giữ chức từ ngày"
    static let endsOn = "Đến ngày"
    static let endsOnHint = "Để trống khi còn đương nhiệm."
    static let inOffice = "Đương nhiệm"
    static let ended = "Đã thôi giữ chức"
    static let notYet = "Chưa đến nhiệm kỳ"
    static let block = "Khối chữ ký in trên văn bản"
    static let saved = "Đã lưu người ký."
    static let termEnded = "Đã ghi ngày kết thúc nhiệm kỳ."
    static let noSigners = "Chưa có người ký nào. Văn bản vẫn tạo được nhưng để trống tên người ký."
    static let endBeforeStart = "Ngày kết thúc không được trước ngày bắt đầu."
    static let unknownSigner = "Người ký không có trong danh sách người ký của xã."
    static let wrongOffice = "Người này không giữ chức vụ được ký văn bản này."
    static let notInOffice = "Người này không giữ chức vào ngày của văn bản."
    static let alreadyEnded = "Nhiệm kỳ này đã kết thúc."
    static func signedAfter(_ number: String, _ date: LocalDate) -> String {
        "Người này đã ký văn bản số \(number) ngày \(date.vietnamese): nhiệm kỳ không thể kết thúc trước ngày đó."
    }
    static func signedBefore(_ number: String, _ date: LocalDate) -> String {
        "Người này đã ký văn bản số \(number) ngày \(date.vietnamese): nhiệm kỳ không thể bắt đầu sau ngày đó."
    }
    static let rulesHeading = "Thẩm quyền ký (Nghị định 30/2020/NĐ-CP, Điều 13; thể thức: Phụ lục I)"

    static func overlap(_ office: SignerOffice, holder: String, from: LocalDate) -> String {
        "Đã có người giữ chức \(office.label) trong thời gian này: \(holder), từ \(from.vietnamese). Hãy ghi ngày kết thúc nhiệm kỳ của người đó trước."
    }

    /// The legal and role explanation shown on the page, one line per case.
    static let rules: [(String, String)] = [
        ("CHỦ TỊCH", "Chủ tịch UBND xã ký văn bản thuộc thẩm quyền của mình, như Quyết định khen thưởng và Giấy khen (Luật Thi đua, khen thưởng 2022; Nghị định 129/2025/NĐ-CP)."),
        ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Phó Chủ tịch ký thay (KT.) Chủ tịch khi được Chủ tịch giao (Điều 13, khoản 1)."),
        ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "Chủ tịch ký thay mặt (TM.) tập thể Ủy ban nhân dân đối với văn bản của tập thể, như kế hoạch của UBND xã (Điều 13, khoản 2); Phó Chủ tịch ký thay Chủ tịch thì thêm dòng KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."),
        ("TRƯỞNG PHÒNG", "Trưởng phòng Văn hóa - Xã hội ký Tờ trình của Phòng trình Chủ tịch UBND xã."),
        ("TM. HỘI ĐỒNG / CHỦ TỊCH", "Chủ tịch Hội đồng Thi đua - Khen thưởng ký thay mặt Hội đồng (biên bản họp, văn bản của Hội đồng)."),
        ("THƯ KÝ", "Thư ký Hội đồng ký biên bản cùng Chủ tịch Hội đồng (chủ trì)."),
    ]

    static func office(_ o: SignerOffice) -> String {
        switch o {
        case .chairperson: "Chủ tịch UBND xã"
        case .viceChairperson: "Phó Chủ tịch UBND xã"
        case .cultureOfficeHead: "Trưởng phòng Văn hóa - Xã hội"
        case .councilChair: "Chủ tịch Hội đồng Thi đua - Khen thưởng"
        case .councilSecretary: "Thư ký Hội đồng Thi đua - Khen thưởng"
        }
    }

    static func defaultTitle(_ o: SignerOffice) -> String {
        switch o {
        case .chairperson: "Chủ tịch"
        case .viceChairperson: "Phó Chủ tịch"
        case .cultureOfficeHead: "Trưởng phòng"
        case .councilChair: "Chủ tịch Hội đồng"
        case .councilSecretary: "Thư ký Hội đồng"
        }
    }

    /// The warning shown before a download when nobody holds the office on the document's date.
    static func missing(_ o: SignerOffice, on date: LocalDate) -> String {
        "Chưa có \(office(o)) giữ chức vào ngày \(date.vietnamese) trong danh sách người ký: văn bản tải về sẽ để trống tên người ký. "
    }
    static let missingLink = "Thêm người ký tại trang Người ký văn bản."

    static func ended(on date: LocalDate) -> String { "đến \(date.vietnamese)" }
    static func auditLabel(_ name: String, _ o: SignerOffice) -> String { "Người ký: \(name) (\(office(o)))" }
}
