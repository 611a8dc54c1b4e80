/// Vietnamese text of annual reports and evidence.
enum ReportText {
    static let title = "Báo cáo kết quả"
    static func pageTitle(_ unit: String, _ year: Int) -> String { "Báo cáo kết quả năm \(year) — \(unit)" }
    static func deadline(_ date: String) -> String { "Hạn nộp: \(date) (Kế hoạch, mục V.2.4: báo cáo trước ngày 15/11 hằng năm)." }
    static func late(_ date: String) -> String { "Nộp muộn: nộp ngày \(date), sau hạn." }
    static let lateBadge = "Nộp muộn"
    static let returnedBanner = "Báo cáo bị trả lại để sửa. Lý do:"
    static let noRegistration = "Đơn vị chưa có đăng ký thi đua năm này: báo cáo chỉ gồm phần tự đánh giá và minh chứng."
    static let targets = "Kết quả thực hiện chỉ tiêu"
    static let target = "Chỉ tiêu"
    static let planned = "Kế hoạch"
    static let actual = "Thực hiện"
    static let share = "Tỷ lệ đạt"
    static let note = "Ghi chú"
    static let products = "Sản phẩm cụ thể đã hoàn thành"
    static let delivered = "Đã hoàn thành"
    static let results = "Kết quả đạt được"
    static let lessons = "Bài học kinh nghiệm"
    static let proposals = "Đề xuất, kiến nghị"
    static let initiativesApplied = "Sáng kiến, giải pháp đã áp dụng"
    static let evidence = "Minh chứng"
    static let evidenceLead = "Tệp PDF, ảnh (JPG, PNG, GIF, WEBP), Word hoặc Excel; hoặc đường liên kết. Loại tệp được kiểm tra theo nội dung, không theo đuôi tên."
    /// The same, where only a file can be attached (difficulties, initiatives).
    static let fileLead = "Tệp PDF, ảnh (JPG, PNG, GIF, WEBP), Word hoặc Excel. Loại tệp được kiểm tra theo nội dung, không theo đuôi tên."
    static let evidenceTitle = "Tên minh chứng"
    static let evidenceFile = "Tệp"
    static let evidenceURL = "Đường liên kết (https://…)"
    static let upload = "Tải lên"
    static let addLink = "Thêm liên kết"
    static let remove = "Xóa"
    static let confirmRemove = "Xóa minh chứng này khỏi báo cáo?"
    static let noEvidence = "Chưa có minh chứng."
    static let saved = "Đã lưu báo cáo."
    static let savedWithEvidence = "Đã lưu báo cáo và minh chứng."
    static let submitted = "Đã nộp báo cáo cho Phòng Văn hóa - Xã hội."
    static let submittedLate = "Đã nộp báo cáo. Báo cáo được nhận nhưng ghi là nộp muộn."
    static let accepted = "Đã chấp nhận báo cáo."
    static let returned = "Đã trả lại báo cáo kèm lý do."
    static let uploaded = "Đã thêm minh chứng."
    static let removed = "Đã xóa minh chứng."
    static let notEditable = "Báo cáo đã nộp hoặc đã được chấp nhận nên không sửa được."
    static let needsResults = "Cần ghi “Kết quả đạt được” trước khi nộp."
    static let invalidActual = "Nhập một số, ví dụ 95 hoặc 12,5."

    static let fileMissing = "Chưa chọn tệp: hãy chọn một tệp trên máy rồi bấm lại nút thêm tệp."
    static let linkMissing = "Chưa nhập đường liên kết (bắt đầu bằng https://)."
    static func chooseAgain(_ name: String) -> String {
        "Tệp “\(name)” chưa được lưu vì trang còn lỗi: hãy sửa lỗi rồi chọn lại tệp."
    }

    // The names of the fields, as the error box at the top of the page lists them.
    static func actualLine(_ row: Int) -> String { "Giá trị thực hiện (dòng \(row))" }
    static func targetNoteLine(_ row: Int) -> String { "Ghi chú chỉ tiêu (dòng \(row))" }
    static func productNoteLine(_ row: Int) -> String { "Ghi chú sản phẩm (dòng \(row))" }
    static let fileField = "Tệp minh chứng"
    static let fileTitleField = "Tên minh chứng (tệp)"
    static let linkTitleField = "Tên minh chứng (liên kết)"
    static let urlField = "Đường liên kết"

    // Evidence on the report form.
    static let evidenceKept = "Thêm hoặc xóa minh chứng không làm mất những gì bạn đã nhập: báo cáo được lưu nháp cùng lúc."
    static let addFileHeading = "Thêm tệp"
    static let addLinkHeading = "Thêm đường liên kết"
    static let addFile = "Thêm tệp minh chứng"
    static func removeNamed(_ title: String) -> String { "Xóa minh chứng \(Quoting.quoted(title))" }
    static let kindLink = "Liên kết"
    static let colKind = "Loại"
    static let colSize = "Dung lượng"
    static let submit = "Nộp báo cáo"
    static let review = "Xem xét"
    static let fileEmpty = "Tệp rỗng (0 byte): hãy chọn lại tệp."
    static func submittedNotice(_ unit: String, _ year: Int, late: Bool) -> String { "\(unit) đã nộp báo cáo kết quả \(year)\(late ? " (muộn)" : "")" }
    static func decidedNotice(_ year: Int, accepted: Bool, reason: String) -> String {
        accepted ? "Báo cáo kết quả \(year) đã được chấp nhận" : "Báo cáo kết quả \(year) bị trả lại: \(reason)"
    }
    static let fileNotBase64 = "Nội dung tệp phải được mã hóa base64."
    static let fileOrLink = "Gửi một tệp (filename, contentBase64) hoặc một đường dẫn (url)."
    static func fileTooLarge(_ mb: Int) -> String { "Tệp quá lớn: tối đa \(mb) MB." }
    static let fileBadName = "Tên tệp không hợp lệ (không được chứa “/”, “\\”, “..” hay ký tự điều khiển)."
    static let fileBadType = "Loại tệp không được chấp nhận: chỉ nhận PDF, ảnh (JPG, PNG, GIF, WEBP), Word (.doc, .docx) hoặc Excel (.xls, .xlsx). Tệp chạy được, tệp nén và các loại khác bị từ chối."
    static let linkInvalid = "Đường liên kết phải bắt đầu bằng http:// hoặc https://."
    static let externalTitle = "Liên kết ra ngoài trang"
    static let externalLead = "Minh chứng này là một đường liên kết do đơn vị ghi. Hãy kiểm tra địa chỉ trước khi mở: trang đó không thuộc Thi Đua Số."
    static let externalOpen = "Mở liên kết"
}
