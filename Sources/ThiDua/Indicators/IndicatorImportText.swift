import Foundation

extension IndicatorText {
    /// The words of the spreadsheet import of indicator values (issue 16, point 3).
    enum Import {
        static let title = "Nhập số liệu chỉ số từ tệp"
        static let previewTitle = "Xem trước số liệu nhập từ tệp"
        static let lead = "Nhập số liệu của nhiều thôn, ấp, đơn vị cùng lúc từ tệp Excel (.xlsx) hoặc CSV. Chọn kỳ báo cáo, "
            + "gửi tệp, xem trước từng dòng cùng lỗi của nó, rồi xác nhận: hoặc mọi dòng được nhập, hoặc không dòng nào."
        static let afterImport = "Số liệu nhập từ tệp ở trạng thái «Đã gửi, chờ duyệt» (nguồn: nhập từ tệp). Sau khi nhập, "
            + "Văn phòng Thường trực duyệt chúng ở hàng chờ duyệt như số liệu do đầu mối gửi."
        static let year = "Năm"
        static let quarter = "Kỳ báo cáo"
        static let wholeYear = "Cả năm"
        static func quarterChoice(_ q: Int) -> String { "Quý \(q)" }
        static let file = "Tệp số liệu (.xlsx hoặc .csv)"
        static func fileHint(maxMB: Int) -> String {
            "Tệp Excel (.xlsx) hoặc CSV mã UTF-8 (dấu phẩy hoặc chấm phẩy), không quá \(maxMB) MB, dòng đầu là tên cột."
        }
        static let submit = "Xem trước"
        static let template = "Tải tệp mẫu"
        static let templateXLSX = "Tệp mẫu Excel (.xlsx)"
        static let templateCSV = "Tệp mẫu CSV"
        static let templateHint = "Tệp mẫu đã có sẵn mọi thôn, ấp, đơn vị và mọi chỉ số của danh mục năm đã chọn: chỉ cần điền số."
        static let layoutTitle = "Cách trình bày tệp"
        static let layoutLead = "Mỗi dòng là số liệu của một chỉ số cho một thôn, ấp, đơn vị (hoặc toàn xã). Kỳ báo cáo chọn "
            + "trên trang này, không ghi trong tệp. Tên cột không phân biệt chữ hoa, chữ thường hay dấu."
        static let reviewQueue = "Hàng chờ duyệt số liệu"
        static let noFile = "Chọn tệp số liệu để nhập."
        static func fileTooLarge(maxMB: Int) -> String { "Tệp quá lớn: tối đa \(maxMB) MB. Hãy chia thành nhiều tệp." }
        static let badYear = "Chọn năm báo cáo."
        static let badQuarter = "Chọn kỳ báo cáo: cả năm hoặc một quý."
        static let noMovement = "Xã chưa thiết lập phong trào thi đua: chưa nhập được số liệu chỉ số."
        static let expired = "Tệp xem trước không còn (đã nhập, hoặc quá một ngày). Hãy gửi lại tệp."
        static let unreadable = "Không đọc được tệp đã gửi. Hãy gửi lại."

        // Columns.
        static let colUnitCode = "Mã đơn vị"
        static let colUnitName = "Tên đơn vị"
        static let colIndicatorCode = "Mã chỉ số"
        static let colIndicatorName = "Tên chỉ số"
        static let colNumerator = "Tử số"
        static let colDenominator = "Mẫu số"
        static let colValue = "Giá trị"
        static let colNote = "Ghi chú"
        static let colJumpNote = "Giải trình"
        static let colMeasure = "Đơn vị tính"
        static let required = "(bắt buộc)"
        static let forReading = "(để đọc, không nhập)"
        static let communeCode = "XA"
        static let describeUnitCode = "Mã thôn, ấp, đơn vị trong danh bạ; «XA» hoặc để trống cho chỉ số cấp xã."
        static let describeIndicatorCode = "Mã chỉ số trong danh mục (ví dụ CDS01)."
        static let describeShare = "Với chỉ số tỷ lệ: tử số và mẫu số (số nguyên, ví dụ 25.736 và 36.845); tỷ lệ do hệ thống tính."
        static let describeValue = "Với chỉ số số lượng hoặc số liệu khác: con số (ví dụ 1.500 hoặc 69,85)."
        static let describeEmpty = "Ô để trống là chưa có số liệu (không phải 0): dòng không có số nào được bỏ qua, không xoá số đã có."
        static let describeNotes = "Ghi chú và Giải trình (khi số liệu chênh nhiều so với kỳ trước) không bắt buộc."

        // File problems.
        static func missingColumns(_ names: [String]) -> String {
            "Tệp thiếu cột: \(names.map { "«\($0)»" }.joined(separator: ", ")). Dùng tệp mẫu để có đủ cột."
        }
        static func duplicateColumn(_ name: String) -> String { "Cột «\(name)» có hai lần trong dòng tên cột." }
        static func unknownColumn(_ name: String) -> String { "Cột «\(name)» không có trong mẫu: sửa tên cột hoặc xoá cột." }
        static let noHeader = "Không thấy dòng tên cột (cần có cột «Mã đơn vị» và «Mã chỉ số»). Dùng tệp mẫu."
        static let noRows = "Tệp không có dòng số liệu nào."
        static let nothingToImport = "Không có dòng nào có số liệu để nhập (mọi dòng để trống số hoặc không đổi)."

        // Row problems.
        static func unknownUnit(_ code: String) -> String { "Không có thôn, ấp, đơn vị mã «\(code)» trong danh bạ của xã." }
        static func inactiveUnit(_ code: String) -> String { "Đơn vị mã «\(code)» đã ngừng hoạt động." }
        static let missingIndicatorCode = "Thiếu mã chỉ số."
        static func unknownIndicator(_ code: String) -> String { "Không có chỉ số mã «\(code)» trong danh mục của xã." }
        static func inactiveIndicator(_ code: String) -> String { "Chỉ số mã «\(code)» đã ngừng sử dụng." }
        static func noDefinition(_ code: String, year: Int) -> String { "Chỉ số «\(code)» chưa có định nghĩa áp dụng cho năm \(year)." }
        static func duplicate(of line: Int) -> String { "Trùng đơn vị và chỉ số với dòng \(line): mỗi chỉ số của một đơn vị chỉ một dòng." }
        static func notOverwritable(_ status: IndicatorValueStatus) -> String {
            "Số liệu kỳ này đã ở trạng thái «\(status.label)»: không ghi đè được. Bỏ số ở dòng này (để trống) hoặc trả lại số liệu trước."
        }
        static let shareTakesParts = "Chỉ số tỷ lệ: ghi tử số và mẫu số, để trống cột «Giá trị» (tỷ lệ do hệ thống tính)."
        static let countTakesValue = "Chỉ số này không phải tỷ lệ: ghi số ở cột «Giá trị», để trống «Tử số» và «Mẫu số»."
        static let extraCells = "Dòng có ô ngoài các cột của tệp."

        // Preview.
        static let row = "Dòng"
        static let unit = "Đơn vị"
        static let indicator = "Chỉ số"
        static let figures = "Số liệu"
        static let status = "Kết quả kiểm tra"
        static let willCreate = "Sẽ thêm mới"
        static func willUpdate(_ status: IndicatorValueStatus) -> String { "Sẽ cập nhật (đang: \(status.label))" }
        static let unchanged = "Không đổi: bỏ qua"
        static let skipped = "Chưa có số liệu: bỏ qua"
        static let jumpConfirmed = "chênh nhiều so với kỳ trước, đã có giải trình"
        static func summary(rows: Int, create: Int, update: Int, skipped: Int, errors: Int) -> String {
            "Tệp có \(n(rows)) dòng: \(n(create)) dòng thêm mới, \(n(update)) dòng cập nhật, \(n(skipped)) dòng bỏ qua, \(n(errors)) dòng có lỗi."
        }
        static func hasErrors(_ count: Int) -> String {
            "Chưa nhập được: \(n(count)) dòng có lỗi. Sửa tệp rồi gửi lại; không dòng nào được ghi khi còn lỗi."
        }
        static let fileRejected = "Chưa nhập được tệp này: không dòng nào được ghi."
        static func confirm(_ count: Int) -> String { "Nhập \(n(count)) dòng" }
        static func onlyErrorsShown(_ shown: Int, others: Int) -> String {
            "Chỉ hiện \(n(shown)) dòng có lỗi; \(n(others)) dòng khác không có lỗi."
        }
        static func moreRows(shown: Int, rest: Int) -> String { "Chỉ hiện \(n(shown)) dòng đầu; còn \(n(rest)) dòng." }
        static func fileLine(name: String, period: String) -> String { "Tệp «\(name)», kỳ \(period)." }
        static let uploadAgain = "Gửi tệp khác"
        static func skippedHidden(_ count: Int) -> String { "\(n(count)) dòng để trống (không có số liệu) không hiện ở đây và không được nhập." }

        // After the import.
        static func done(count: Int, period: String) -> String {
            "Đã nhập \(n(count)) số liệu \(period.lowercased()) từ tệp; chúng đang chờ duyệt ở hàng chờ duyệt."
        }
        static func auditLabel(count: Int, period: String, file: String) -> String {
            "Nhập \(n(count)) số liệu chỉ số \(period.lowercased()) từ tệp \(file)"
        }

        static func n(_ value: Int) -> String { NumberText.format(Double(value)) }
    }
}
