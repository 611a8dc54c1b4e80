import Foundation

/// The Vietnamese text of the bulk import (page, command and audit entry).
extension DirectoryText {
    /// The hint under the file field: the row cap and the size cap of this installation (`THIDUA_IMPORT_MAX_MB`).
    static func importLimitsHint(maxMB: Int) -> String {
        "Mỗi lần nhập tối đa \(NumberText.format(Double(ImportLimits.maxRows))) dòng, tệp không quá \(maxMB) MB."
    }

    static func importFileTooLarge(maxMB: Int) -> String {
        "Tệp quá lớn: tối đa \(maxMB) MB. Hãy chia thành nhiều tệp."
    }

    static func importFailedCount(_ count: Int) -> String {
        "Chưa nhập dòng nào: tệp có \(NumberText.format(Double(count))) lỗi."
    }

    /// Below the first problems when there are more.
    static func importMoreProblems(shown: Int, rest: Int) -> String {
        "Chỉ hiện \(NumberText.format(Double(shown))) lỗi đầu tiên; còn \(NumberText.format(Double(rest))) lỗi khác. Sửa các lỗi trên rồi nhập lại để xem tiếp."
    }

    static func importDoneCount(_ count: Int) -> String {
        "Đã nhập \(NumberText.format(Double(count))) dòng."
    }

    /// The audit entry's label: "Nhập 100.000 cá nhân từ tệp ds.csv".
    static func importAuditLabel(count: Int, people: Bool, file: String) -> String {
        "Nhập \(NumberText.format(Double(count))) \(people ? "cá nhân" : "đơn vị") từ tệp \(file)"
    }

    static let importUnreadable = "Không đọc được tệp đã gửi. Hãy gửi lại."
    static let importStreamBroken = "Tệp gửi lên không trọn vẹn (mất kết nối?). Hãy gửi lại."
}
