import Foundation

/// What a person is told when a spreadsheet they upload cannot be read (`XLSXReader`, `TabularFile`).
enum XLSXReaderText {
    static let notSpreadsheet = "Tệp không phải bảng tính Excel (.xlsx) hay tệp CSV đọc được. Hãy mở tệp trong Excel rồi chọn Lưu thành… → “Sổ làm việc Excel (.xlsx)” hoặc “CSV UTF-8 (phân cách bằng dấu phẩy)” rồi nhập lại."
    static let legacyOrEncrypted = "Tệp là bảng tính Excel cũ (.xls) hoặc được đặt mật khẩu, chương trình không đọc được. Hãy mở tệp trong Excel, bỏ mật khẩu nếu có, rồi chọn Lưu thành… → “Sổ làm việc Excel (.xlsx)” hoặc “CSV UTF-8 (phân cách bằng dấu phẩy)” và nhập lại."
    /// %@: the part or file; %d: the limit in MB.
    static let partTooLarge = "Tệp quá lớn để nhập (%@ vượt quá %d MB khi giải nén). Hãy chia dữ liệu thành nhiều tệp nhỏ hơn."
    /// %d: the limit.
    static let tooManyRows = "Tệp có quá %d dòng. Hãy chia dữ liệu thành nhiều tệp nhỏ hơn."
    /// %d: the limit.
    static let tooManyColumns = "Tệp có quá %d cột. Hãy xoá các cột không dùng rồi nhập lại."
    /// %@: the part.
    static let damaged = "Tệp Excel bị hỏng hoặc không đúng định dạng (phần %@ không đọc được). Hãy mở tệp trong Excel, lưu lại dưới dạng .xlsx rồi nhập lại."
    static let noWorksheet = "Tệp Excel không có trang tính nào chứa dữ liệu để nhập."
    // The CSV messages are the directory import's, so a person reads the same words for the same problem.
    static let csvNotUTF8 = DirectoryText.importNotUTF8
    static let csvEmpty = DirectoryText.importEmpty
    /// %d: the line where the quote opens.
    static let csvUnterminated = DirectoryText.importUnterminated
    /// %d: the limit in MB.
    static let fileTooLarge = "Tệp quá lớn để nhập (quá %d MB). Hãy chia dữ liệu thành nhiều tệp nhỏ hơn."
    static let unreadableFile = "Không đọc được tệp đã tải lên. Hãy tải lên lại."
}
