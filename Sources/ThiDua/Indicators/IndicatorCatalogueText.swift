import Foundation

extension IndicatorText {
    /// The words of the catalogue, targets and settings pages (issue 16, point 1).
    enum Catalogue {
        static let title = "Danh mục chỉ số chuyển đổi số"
        static let lead = "Các chỉ số xã theo dõi, theo nhóm, với định nghĩa đang áp dụng của năm đã chọn, cấp báo cáo, đơn vị tính, mục tiêu và văn bản làm căn cứ. Danh mục và mục tiêu là dữ liệu của tỉnh, theo từng năm: khi định nghĩa đổi, tạo phiên bản mới áp dụng từ một năm, báo cáo các năm trước giữ định nghĩa của mình."
        static let newTitle = "Thêm chỉ số"
        static let newLead = "Mã chỉ số là duy nhất trong danh mục của xã (dùng để nhập số liệu từ tệp)."
        static let targetsTitle = "Mục tiêu các chỉ số"
        static let targetsLead = "Mục tiêu của từng chỉ số trong năm, ở cấp báo cáo của định nghĩa đang áp dụng năm đó, kèm nguồn (văn bản giao chỉ tiêu). Để trống mục tiêu để bỏ mục tiêu của năm."
        static let settingsTitle = "Cài đặt chỉ số"
        static let settingsLead = "Mức chênh lệch so với kỳ trước mà người nhập phải ghi chú xác nhận, căn cứ của mức đó, và chỉ số đo tiến độ “Bình dân học vụ số” của từng thôn, ấp."
        static let history = "Các phiên bản định nghĩa"
        static let editVersion = "Sửa định nghĩa (tạo phiên bản áp dụng từ một năm)"
        static let editVersionHint = "Lưu với năm chưa có phiên bản: tạo phiên bản mới từ năm đó, các năm trước giữ phiên bản cũ. Lưu với năm đã có phiên bản: sửa phiên bản đó, chỉ khi chưa có số liệu đã duyệt hoặc đã khoá dùng nó."
        static let year = "Năm"
        static let show = "Xem"
        static let edit = "Xem, sửa"
        static let view = "Xem chi tiết"
        static let add = "Thêm chỉ số"
        static let targetsLink = "Mục tiêu các năm"
        static let settingsLink = "Cài đặt chỉ số"
        static let catalogueLink = "Danh mục chỉ số"

        // Fields
        static let code = "Mã chỉ số"
        static let codeHint = "Chữ không dấu, chữ số, dấu chấm hoặc gạch, ví dụ CDS22."
        static let fromYear = "Áp dụng từ năm"
        static let fromYearHint = "Định nghĩa dùng cho năm này và các năm sau, đến phiên bản kế tiếp."
        static let name = "Tên chỉ số"
        static let definition = "Giải thích chỉ tiêu (cách tính)"
        static let numerator = "Tử số (bằng lời)"
        static let denominator = "Mẫu số (bằng lời)"
        static let fractionHint = "Bắt buộc với chỉ số tỷ lệ. “Người trưởng thành” là người từ đủ 15 tuổi trở lên."
        static let measure = "Đơn vị tính"
        static let measureHint = "“%” với chỉ số tỷ lệ; “người”, “lớp”, “tổ”… với chỉ số đếm."
        static let kind = "Loại chỉ số"
        static let direction = "Chiều đánh giá"
        static let level = "Cấp báo cáo"
        static let group = "Nhóm chỉ số"
        static let newGroup = "Hoặc nhóm mới"
        static let newGroupHint = "Điền khi chỉ số thuộc một nhóm chưa có trong danh sách."
        static let contentArea = "Nội dung thi đua"
        static let noArea = "Không gắn nội dung"
        static let source = "Văn bản làm căn cứ"
        static let sourceHint = "Văn bản quy định chỉ số (số hiệu, ngày, cơ quan ban hành). Chưa rõ số hiệu thì ghi rõ để xã cập nhật."
        static let evidence = "Minh chứng cần nộp"
        static let isPublic = "Công khai trên cổng thông tin"
        static let active = "Đang theo dõi"
        static let inactive = "Ngừng theo dõi"
        static let switchOff = "Ngừng theo dõi chỉ số"
        static let switchOn = "Theo dõi lại chỉ số"
        static let target = "Mục tiêu"
        static let targetSource = "Nguồn mục tiêu"
        static let jumpPercent = "Mức chênh lệch cần ghi chú (%)"
        static let jumpPercentHint = "Số liệu chênh lệch so với kỳ trước quá mức này (với chỉ số tỷ lệ: quá số điểm phần trăm này) phải có ghi chú xác nhận. Từ 1 đến 500."
        static let jumpSource = "Căn cứ của mức chênh lệch"
        static let literacy = "Chỉ số đo tiến độ “Bình dân học vụ số”"
        static let literacyHint = "Một chỉ số tỷ lệ, cấp thôn, ấp (mặc định: tỷ lệ người dân trưởng thành được xác nhận đạt phổ cập kỹ năng số trên VNeID)."
        static let noLiteracy = "Chưa chọn"

        // Columns
        static let status = "Trạng thái"
        static let publicColumn = "Công khai"
        static let targetColumn = "Mục tiêu"
        static let noTarget = "Chưa có mục tiêu"
        static let noDefinition = "Chưa có định nghĩa cho năm này"
        static let createdBy = "Người tạo"
        static let createdAt = "Thời điểm"
        static let current = "đang áp dụng"
        static let fraction = "Tử số / mẫu số"

        // Messages
        static let badCode = "Mã chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ CDS22), tối đa 20 ký tự."
        static func codeTaken(_ code: String) -> String { "Mã \(code) đã có trong danh mục của xã: chọn mã khác." }
        static let badYear = "Nhập năm áp dụng từ 2020 đến 2100, ví dụ 2027."
        static let badTargetYear = "Năm không hợp lệ: chọn một năm từ 2020 đến 2100."
        static let numeratorRequired = "Chỉ số tỷ lệ cần ghi rõ tử số bằng lời."
        static let denominatorRequired = "Chỉ số tỷ lệ cần ghi rõ mẫu số bằng lời (ví dụ “Tổng số người dân từ đủ 15 tuổi trở lên của thôn”)."
        static let groupRequired = "Chọn một nhóm hoặc ghi tên nhóm mới."
        static let unknownArea = "Nội dung thi đua không có trong phong trào của xã."
        static func versionInUse(year: Int, count: Int, nextYear: Int) -> String {
            "Định nghĩa áp dụng từ năm \(year) đã được dùng cho \(count) số liệu đã duyệt hoặc đã khoá: không sửa được. Chọn năm áp dụng muộn hơn (từ năm \(nextYear)) để tạo phiên bản mới."
        }
        static let shareTooHigh = "Chỉ số tỷ lệ: mục tiêu tối đa 100%."
        static let targetSourceRequired = "Ghi nguồn của mục tiêu (văn bản giao chỉ tiêu, hoặc “do xã đề ra”)."
        static let unknownIndicator = "Chỉ số không có trong danh mục của xã."
        static let noDefinitionForYear = "Chỉ số chưa có định nghĩa áp dụng cho năm này: tạo định nghĩa trước khi đặt mục tiêu."
        static let jumpRange = "Nhập mức chênh lệch từ 1 đến 500 (%)."
        static let literacyMustBeShare = "Chọn một chỉ số tỷ lệ (%) của danh mục."
        static let created = "Đã thêm chỉ số vào danh mục."
        static func versionCreated(_ year: Int) -> String { "Đã tạo phiên bản định nghĩa áp dụng từ năm \(year); các năm trước giữ định nghĩa cũ." }
        static func versionUpdated(_ year: Int) -> String { "Đã sửa định nghĩa áp dụng từ năm \(year)." }
        static let switchedOn = "Chỉ số được theo dõi lại."
        static let switchedOff = "Đã ngừng theo dõi chỉ số; số liệu đã nhập vẫn giữ."
        static func targetsSaved(_ year: Int, changed: Int) -> String {
            changed == 0 ? "Không có mục tiêu nào thay đổi." : "Đã lưu \(changed) mục tiêu của năm \(year)."
        }
        static let settingsSaved = "Đã lưu cài đặt chỉ số."

        // Audit labels
        static func auditIndicator(_ code: String) -> String { "Chỉ số \(code)" }
        static func auditDefinition(_ code: String, _ year: Int) -> String { "Chỉ số \(code): định nghĩa từ năm \(year)" }
        static func auditTarget(_ code: String, _ year: Int) -> String { "Chỉ số \(code): mục tiêu năm \(year)" }
    }
}
