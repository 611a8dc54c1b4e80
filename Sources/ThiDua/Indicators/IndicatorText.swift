import Foundation

/// The Vietnamese words of the indicator pages (issue 16). Each part of the feature keeps its own text in a nested
/// enum of its own file (`IndicatorText.Catalogue`, `IndicatorText.Values`, …); the words every part shares are here.
enum IndicatorText {
    static let feature = "Chỉ số chuyển đổi số"
    static let missing = "chưa có số liệu"
    static let commune = "Toàn xã"

    static func kind(_ kind: IndicatorKind) -> String {
        switch kind {
        case .share: "Tỷ lệ (tử số / mẫu số)"
        case .count: "Số lượng"
        case .number: "Số liệu khác (điểm, thứ hạng)"
        }
    }

    static func direction(_ direction: IndicatorDirection) -> String {
        switch direction {
        case .up: "Càng cao càng tốt"
        case .down: "Càng thấp càng tốt"
        }
    }

    static func level(_ level: IndicatorLevel) -> String {
        switch level {
        case .commune: "Cấp xã"
        case .village: "Thôn, ấp"
        case .unit: "Cơ quan, tổ chức"
        case .business: "Doanh nghiệp, HTX"
        case .school: "Trường học"
        }
    }

    static func valueStatus(_ status: IndicatorValueStatus) -> String {
        switch status {
        case .draft: "Bản nháp"
        case .submitted: "Đã gửi, chờ duyệt"
        case .returned: "Trả lại để sửa"
        case .approved: "Đã duyệt"
        case .locked: "Đã khoá"
        }
    }

    /// "Quý 2/2026", or "Năm 2026" for quarter 0.
    static func period(year: Int, quarter: Int) -> String {
        quarter == 0 ? "Năm \(year)" : "Quý \(quarter)/\(year)"
    }
}
