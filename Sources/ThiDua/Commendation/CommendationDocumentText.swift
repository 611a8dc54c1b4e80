import Foundation

/// The Vietnamese text of the Tờ trình and the Quyết định khen thưởng, and of the screens that prepare them.
enum CommendationDocumentText {
    static let office = "PHÒNG VĂN HÓA - XÃ HỘI"
    static let recipientColumn = "Họ và tên / Tên tập thể"
    static let positionColumn = "Chức vụ, đơn vị"
    static let titleColumn = "Danh hiệu, hình thức"
    static let amountColumn = "Tiền thưởng (đồng)"
    static let individualsGroup = "I. CÁ NHÂN"
    static let collectivesGroup = "II. TẬP THỂ"
    static let total = "Tổng cộng"
    static let listName = "DANH SÁCH KHEN THƯỞNG"
    static let councilResult = "kết quả họp và bỏ phiếu kín của Hội đồng Thi đua - Khen thưởng xã"

    static func totalLine(_ c: CommendationDocuments.Counts) -> String {
        "\(c.awards) lượt khen thưởng, \(c.recipients) cá nhân, tập thể"
    }

    // The legal bases ("Căn cứ …") are data per commune, with their dates (Documents/LegalBasis*.swift): the
    // documents read them through LegalBasisBook; only the plan's and the council's lines below are written here.

    static func planAbout(_ commune: String) -> String {
        "của Ủy ban nhân dân xã \(commune) về phong trào thi đua đổi mới sáng tạo và chuyển đổi số"
    }

    // Tờ trình
    static func submissionSummary(_ year: Int) -> String {
        "Về việc đề nghị khen thưởng phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year)"
    }
    static func addressee(_ commune: String) -> String { "Kính gửi: Chủ tịch Ủy ban nhân dân xã \(commune)." }
    static func councilBasis(date: LocalDate, minutes: String?) -> String {
        "Căn cứ kết quả họp và bỏ phiếu kín của Hội đồng Thi đua - Khen thưởng xã \(DocxTemplates.spokenDate(date))"
            + (minutes.map { " (Biên bản số \($0))" } ?? "") + ";"
    }
    static func postingLine(_ posting: String, objections: Int) -> String {
        "Danh sách đề nghị khen thưởng đã được công khai\(posting.isEmpty ? "" : " \(posting)"), "
            + (objections == 0 ? "không có ý kiến phản ánh." : "\(objections) ý kiến phản ánh đã được xem xét, trả lời.")
    }
    static func submissionAsk(_ c: CommendationDocuments.Counts, year: Int) -> String {
        "Phòng Văn hóa - Xã hội kính trình Chủ tịch Ủy ban nhân dân xã xem xét, khen thưởng \(c.awards) lượt cho \(c.recipients) cá nhân, tập thể"
            + " có thành tích trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year), cụ thể như sau:"
    }
    static let submissionClosing = "Kính trình Chủ tịch Ủy ban nhân dân xã xem xét, quyết định./."
    static let submissionRecipients = ["Như trên;", "Lưu: VT, VHXH."]

    // Quyết định
    static func decisionSummary(_ year: Int) -> String {
        "Về việc khen thưởng các cá nhân, tập thể có thành tích trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year)"
    }
    static func decisionAuthority(_ commune: String) -> String { "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ \(commune.uppercased())" }
    static func issuer(_ commune: String) -> String { "Chủ tịch Ủy ban nhân dân xã \(commune)" }
    static func proposal(number: String, date: LocalDate?) -> String {
        "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số \(number)" + (date.map { " \(DocxTemplates.spokenDate($0))" } ?? "") + "."
    }
    static let proposalWithoutNumber = "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội."
    static func article1(_ c: CommendationDocuments.Counts, year: Int) -> String {
        var who = "\(c.recipients) cá nhân, tập thể"
        if c.individuals > 0 && c.collectives > 0 { who += " (\(c.individuals) cá nhân, \(c.collectives) tập thể)" }
        return "Tặng danh hiệu thi đua và Giấy khen của Chủ tịch Ủy ban nhân dân xã, tổng cộng \(c.awards) lượt khen thưởng cho \(who)"
            + " đã có thành tích trong phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year) (có danh sách kèm theo)."
    }
    static func article2(baseSalary: Double, total: Double) -> String {
        "Tiền thưởng kèm theo danh hiệu, hình thức khen thưởng tính theo mức lương cơ sở \(MoneyText.format(baseSalary)) đồng;"
            + " tổng số tiền thưởng là \(MoneyText.format(total)) đồng, chi từ Quỹ thi đua, khen thưởng của xã."
    }
    static let article3 = "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND xã, Trưởng phòng Văn hóa - Xã hội,"
        + " Thủ trưởng các cơ quan, đơn vị liên quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    static let decisionRecipients = ["Như Điều 3;", "Lưu: VT, VHXH."]

    // The screens
    static let prepareSubmission = "Lập Tờ trình: người ký"
    static let prepareDecision = "Ban hành Quyết định: người ký"
    static let signerField = "Người ký"
    static let signerHintDecision = "Chủ tịch, hoặc Phó Chủ tịch ký thay (KT. CHỦ TỊCH), đang giữ chức vào ngày ban hành."
    static let signerHintSubmission = "Trưởng phòng Văn hóa - Xã hội đang giữ chức vào ngày lập Tờ trình."
    static let preview = "Khối chữ ký sẽ in"
    static let documentTitle = "Văn bản khen thưởng"
    static let download = "Tải văn bản (.docx)"
    static let changeSigner = "Đổi người ký"
    static let signerChanged = "Đã đổi người ký của văn bản."
    static let signerFinal = "Văn bản đã có người ký và đã ban hành: không đổi người ký được. Nếu ghi nhầm, hủy văn bản và ban hành văn bản mới."
    static let signersPage = "Người ký văn bản"
    static let prepareLink = "Chọn người ký"
    /// What the Tờ trình or signing page of a year shows once its document is made, instead of a button that is refused.
    static func alreadyMade(kind: String, number: String, date: LocalDate) -> String {
        kind == "submission" ? "Đã lập Tờ trình số \(number) ngày \(date.vietnamese)." : "Đã ký Quyết định số \(number) ngày \(date.vietnamese)."
    }
    static let alreadyMadeHint = "Năm này không ban hành văn bản thứ hai. Nếu văn bản có sai sót, hủy văn bản rồi ban hành văn bản mới."
    static let documentPage = "Người ký, tải văn bản"
    static let number = "Số, ký hiệu"
    static let date = "Ngày"
    static let signedBy = "Người ký"
    static let noName = "(để trống tên)"
    static func auditSigner(_ number: String) -> String { "Người ký văn bản số \(number)" }
}
