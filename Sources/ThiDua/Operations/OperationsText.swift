import Foundation

/// A backup or restore that cannot go on: one line in Vietnamese and English for the operator, and a non-zero exit.
struct OperationFailure: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The operator's messages of `thidua backup` and `thidua restore`, Vietnamese first, then English.
enum OperationsText {
    static let backupHelp = "Sao lưu cơ sở dữ liệu và mọi tệp đã tải lên vào một tệp .tar, trong khi máy chủ vẫn chạy "
        + "/ Back up the database and every stored file into one .tar archive while the server keeps serving."
    static let restoreHelp = "Khôi phục một bản sao lưu vào thư mục dữ liệu và cơ sở dữ liệu còn trống "
        + "/ Restore a backup into an empty data directory and database."
    static let fileArgument = "Đường dẫn tệp sao lưu (.tar) / Path of the backup archive (.tar)"

    static func cannotWrite(_ path: String) -> String { "Không ghi được tệp \(path). / Cannot write \(path)." }
    static func cannotRead(_ path: String) -> String { "Không đọc được tệp \(path). / Cannot read \(path)." }
    static func changedWhileCopied(_ path: String) -> String {
        "Tệp \(path) thay đổi kích thước trong khi sao lưu. / \(path) changed size while it was copied."
    }
    static let notABackup = "Tệp này không phải bản sao lưu Thi Đua Số (hoặc đã hỏng). / This is not a Thi Đua Số backup (or it is damaged)."
    static let truncated = "Bản sao lưu bị cắt cụt (thiếu phần cuối). / The backup archive is truncated."
    static func unexpectedEntry(_ name: String) -> String {
        "Bản sao lưu có mục lạ \"\(name)\": không khôi phục. / Unexpected entry \"\(name)\" in the archive: nothing restored."
    }
    static func newerFormat(_ v: Int) -> String {
        "Bản sao lưu theo định dạng \(v), mới hơn phiên bản này: hãy dùng phiên bản mới. / Backup format \(v) is newer than this program."
    }
    static func toolMissing(_ name: String) -> String {
        "Không tìm thấy \(name): cài gói postgresql-client (cùng hoặc mới hơn phiên bản máy chủ) hoặc đặt THIDUA_PG_BIN. "
            + "/ \(name) not found: install postgresql-client (the server's version or newer) or set THIDUA_PG_BIN."
    }
    static let badDatabaseURL = "DATABASE_URL không hợp lệ. / DATABASE_URL is not valid."
    static func toolFailed(_ name: String, status: Int32, output: String) -> String {
        "\(name) thất bại (mã \(status)) / \(name) failed (exit \(status)): \(output)"
    }
    static let memoryDatabase = "Cơ sở dữ liệu trong bộ nhớ không khôi phục được. / Cannot restore into an in-memory database."
    static func corruptStoredFile(_ hash: String) -> String {
        "Tệp \(hash) trong kho không khớp mã băm (hỏng): sao lưu dừng lại. / Stored file \(hash) does not match its hash (damaged): backup stopped."
    }
    static func missingFiles(_ n: Int, archive: String) -> String {
        "Đã ghi \(archive) nhưng thiếu \(n) tệp mà cơ sở dữ liệu nhắc tới (xem missingFiles trong manifest.json). "
            + "/ \(archive) written, but \(n) file(s) named by the database are missing from the store (see missingFiles in manifest.json)."
    }
    static func kindMismatch(archive: String, target: String) -> String {
        "Bản sao lưu là của \(archive), nơi khôi phục là \(target): không khôi phục. / The backup is of \(archive), the target is \(target): nothing restored."
    }
    static func unknownMigrations(_ names: [String]) -> String {
        "Bản sao lưu được tạo bởi phiên bản mới hơn (cấu trúc \(names.joined(separator: ", ")) chưa có ở đây): hãy cài phiên bản mới rồi khôi phục. "
            + "/ The backup comes from a newer version (migrations this build does not know: \(names.joined(separator: ", "))): upgrade first."
    }
    static func targetHasRows(_ tables: [(String, Int)]) -> String {
        let list = tables.prefix(5).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        return "Cơ sở dữ liệu đích đã có dữ liệu (\(list)…): chỉ khôi phục vào cơ sở dữ liệu trống, không ghi đè. "
            + "/ The target database is not empty (\(list)…): a backup is restored only into an empty database, never over data."
    }
    static func targetHasFiles(_ root: String) -> String {
        "Thư mục tệp đích \(root) đã có tệp: chỉ khôi phục vào thư mục dữ liệu trống, không ghi đè. "
            + "/ The target file store \(root) is not empty: a backup is restored only into an empty data directory, never over files."
    }
    static func entryMismatch(_ name: String) -> String {
        "Mục \(name) của bản sao lưu không khớp mã băm hoặc kích thước trong manifest (hỏng): không khôi phục. "
            + "/ Entry \(name) does not match the manifest's hash or size (damaged): nothing restored."
    }
    static func entriesMissing(_ names: [String]) -> String {
        "Bản sao lưu thiếu \(names.count) mục (\(names.prefix(3).joined(separator: ", "))): không khôi phục. "
            + "/ The archive lacks \(names.count) entr(ies) listed in its manifest (\(names.prefix(3).joined(separator: ", "))): nothing restored."
    }
    static func countsDiffer(_ diffs: [String]) -> String {
        "Số dòng sau khôi phục khác bản sao lưu: \(diffs.prefix(5).joined(separator: ", ")). / Row counts after the restore differ from the backup's."
    }

    static func backedUp(_ m: BackupManifest, path: String, bytes: Int) -> String {
        let rows = m.tables.values.reduce(0, +)
        return "Đã sao lưu vào \(path): \(m.tables.count) bảng, \(rows) dòng, \(m.files.count) tệp, \(bytes) byte. "
            + "/ Backed up to \(path): \(m.tables.count) tables, \(rows) rows, \(m.files.count) files, \(bytes) bytes."
    }
    static func restored(_ m: BackupManifest) -> String {
        let rows = m.tables.values.reduce(0, +)
        let secret = m.installationSecret ? "" : " Nơi sao lưu chưa có installation.secret (chưa niêm phong gì): sẽ tạo mới khi cần. "
            + "/ The source had no installation.secret yet (nothing was sealed with one): a new one is made when needed."
        return "Đã khôi phục \(m.tables.count) bảng, \(rows) dòng, \(m.files.count) tệp (mã băm đã kiểm tra) từ bản sao lưu lúc "
            + "\(ISO8601DateFormatter().string(from: m.createdAt)). Khởi động máy chủ như thường lệ. "
            + "/ Restored \(m.tables.count) tables, \(rows) rows, \(m.files.count) files (hashes checked); start the server as usual." + secret
    }
}
