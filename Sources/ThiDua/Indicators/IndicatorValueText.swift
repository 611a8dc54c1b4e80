import Foundation

extension IndicatorText {
    /// The words of value entry, review and locking (issue 16, point 2).
    enum Values {
        // Refusals of one figure (IndicatorValueRules).
        static let badQuarter = "Kỳ báo cáo phải là cả năm hoặc quý 1 đến quý 4."
        static func outsideMovement(first: Int, last: Int) -> String {
            "Năm ngoài thời gian của phong trào: chỉ nhập từ năm \(first) (năm gốc) đến năm \(last)."
        }
        static func futureYear(_ current: Int) -> String { "Chưa đến năm này: chỉ nhập số liệu đến năm \(current)." }
        static func futureQuarter(_ quarter: Int, year: Int) -> String { "Quý \(quarter)/\(year) chưa bắt đầu: chưa nhập được số liệu." }
        static func wrongScope(level: IndicatorLevel, scope: IndicatorLevel) -> String {
            "Chỉ số này báo cáo ở cấp «\(level.label)», không nhập cho «\(scope.label)»."
        }
        static let denominatorMissing = "Tỷ lệ cần cả mẫu số: nhập mẫu số, hoặc để trống cả tử số và mẫu số nếu chưa có số liệu."
        static let numeratorMissing = "Tỷ lệ cần cả tử số: nhập tử số, hoặc để trống cả tử số và mẫu số nếu chưa có số liệu."
        static let denominatorZero = "Mẫu số phải lớn hơn 0."
        static func numeratorOverDenominator(_ n: Double, _ d: Double) -> String {
            "Tử số (\(NumberText.format(n, maxFractionDigits: 0))) không được lớn hơn mẫu số (\(NumberText.format(d, maxFractionDigits: 0)))."
        }
        static func jumpNeedsNote(value: Double, previous: Double, kind: IndicatorKind, limit: Double) -> String {
            let unit = kind == .share ? " điểm phần trăm" : "%"
            let shown = kind == .share ? NumberText.format(value) + "%" : NumberText.format(value)
            let before = kind == .share ? NumberText.format(previous) + "%" : NumberText.format(previous)
            return "Số liệu \(shown) chênh lệch hơn \(NumberText.format(limit))\(unit) so với kỳ trước (\(before)): ghi chú xác nhận số liệu là đúng."
        }
    
        // Commands.
        static let noMovement = "Chưa có kế hoạch phong trào: khai báo phong trào (năm bắt đầu, năm kết thúc) trước khi nhập số liệu."
        static let unknownIndicator = "Chỉ số không có trong danh mục đang áp dụng cho năm này."
        static func yearLocked(_ year: Int) -> String { "Số liệu năm \(year) đã khoá: không thêm, không sửa số liệu của năm này." }
        static func notEditable(_ status: IndicatorValueStatus) -> String {
            status == .locked ? "Số liệu đã khoá: không sửa được." : "Số liệu đang ở trạng thái «\(status.label)»: không sửa được."
        }
        static func notSubmitted(_ status: IndicatorValueStatus) -> String { "Chỉ duyệt hoặc trả lại số liệu đã gửi (đang: \(status.label))." }
        static let nothingToSubmit = "Không có số liệu nào để gửi: nhập và lưu số liệu trước."
        static let nothingToApprove = "Không có số liệu nào chờ duyệt."
        static let approvedTwice = "Một số liệu được chọn duyệt hai lần: chưa duyệt số liệu nào, hãy mở lại trang duyệt."
        static func submittedNotice(_ scope: String, year: Int, quarter: Int) -> String {
            "\(scope) đã gửi số liệu chỉ số chuyển đổi số \(IndicatorText.period(year: year, quarter: quarter)) chờ duyệt"
        }
        static func returnedNotice(_ scope: String, year: Int) -> String { "Số liệu chỉ số chuyển đổi số năm \(year) của \(scope) bị trả lại để sửa" }
        static func approvedNotice(year: Int) -> String { "Số liệu chỉ số chuyển đổi số năm \(year) đã được duyệt" }
        static func auditStatus(_ status: IndicatorValueStatus) -> String { "Số liệu chỉ số: \(status.label)" }
        static func auditLocked(year: Int) -> String { "Khoá số liệu chỉ số năm \(year)" }
        static let evidenceAudit = "Minh chứng chỉ số"

        // Pages.
        static let entryTitle = "Nhập số liệu chỉ số"
        static let reviewTitle = "Duyệt số liệu chỉ số"
        static let entryLead = "Nhập số liệu của thôn, ấp hoặc đơn vị cho một kỳ. Ô để trống là chưa có số liệu (không tính là 0). Số nghìn viết 1.500, số lẻ viết 1,5."
        static let reviewLead = "Số liệu các thôn, ấp và đơn vị đã gửi, chờ Thường trực duyệt hoặc trả lại kèm lý do."
        static let scope = "Thôn, ấp / đơn vị"
        static let year = "Năm"
        static let quarter = "Kỳ"
        static let wholeYear = "Cả năm"
        static func quarterLabel(_ q: Int) -> String { "Quý \(q)" }
        static let show = "Xem"
        static let numerator = "Tử số"
        static let denominator = "Mẫu số"
        static let value = "Số liệu"
        static let note = "Ghi chú"
        static let jumpNote = "Ghi chú xác nhận (số liệu chênh lệch lớn so với kỳ trước)"
        static let previous = "Kỳ trước"
        static let target = "Chỉ tiêu"
        static let status = "Trạng thái"
        static let returnReason = "Lý do trả lại"
        static let evidence = "Minh chứng"
        static let evidenceRequired = "Minh chứng cần có"
        static let noEvidence = "Chưa có tệp minh chứng."
        static let upload = "Tải tệp minh chứng lên"
        static let file = "Tệp (PDF, ảnh, Word, Excel)"
        static let remove = "Gỡ"
        static let save = "Lưu số liệu"
        static let submit = "Gửi duyệt"
        static let submitHint = "Gửi các số liệu đã lưu (bản nháp hoặc bị trả lại) của kỳ này để Thường trực duyệt."
        static let saved = "Đã lưu số liệu."
        static func submittedFlash(_ n: Int) -> String { "Đã gửi \(n) số liệu chờ duyệt." }
        static let uploaded = "Đã tải minh chứng lên."
        static let removed = "Đã gỡ minh chứng."
        static let noIndicators = "Chưa có chỉ số nào áp dụng cho cấp này trong năm."
        static let noScope = "Chọn thôn, ấp hoặc đơn vị để nhập số liệu."
        static let readOnly = "Chỉ xem: số liệu không sửa được ở trạng thái này."
        static let approve = "Duyệt"
        static let approveAll = "Duyệt tất cả của đơn vị này"
        static func approveEverything(_ n: Int) -> String { "Duyệt cả \(n) số liệu đang chờ" }
        static func approveEverythingHint(_ n: Int, scopes: Int) -> String {
            "\(n) số liệu của \(scopes) thôn, đơn vị đang chờ duyệt. Trả lại trước những số liệu chưa đúng (kèm lý do), "
                + "rồi duyệt cùng lúc các số liệu còn lại. Số liệu nào được sửa sau khi trang này mở sẽ không bị duyệt thay."
        }
        /// The same period a year before: "Năm 2025: 61,2%", "Quý 3/2025: 58%".
        static func previousFigure(_ period: String, _ figure: String?) -> String { "\(period): \(figure ?? IndicatorText.missing.lowercased())" }
        /// The year's target, said as the year's beside a quarter's figure.
        static func targetFigure(_ target: String, year: Int) -> String { "Mục tiêu năm \(year): \(target)" }
        static let enteredByEvidence = "Người nhập, minh chứng"
        static let returnAction = "Trả lại"
        static let reason = "Lý do trả lại"
        static func approvedFlash(_ n: Int) -> String { "Đã duyệt \(n) số liệu." }
        static let returnedFlash = "Đã trả lại số liệu kèm lý do."
        static let queueEmpty = "Không có số liệu nào chờ duyệt trong năm này."
        static let lockYear = "Khoá số liệu năm"
        static func lockHint(_ approved: Int) -> String { "Khoá \(approved) số liệu đã duyệt của năm: sau khi khoá không ai sửa được." }
        static func lockedFlash(_ n: Int, year: Int) -> String { "Đã khoá \(n) số liệu năm \(year)." }
        static let indicator = "Chỉ số"
        static let period = "Kỳ báo cáo"
        static let figure = "Số liệu"
        static let enteredBy = "Người nhập"
        static let actions = "Thao tác"
    }
}
