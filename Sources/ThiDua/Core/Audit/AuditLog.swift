import Fluent
import Foundation
import SQLKit
import Vapor

/// What kind of change an audit row records.
enum AuditAction: String, Sendable, CaseIterable {
    case create, update, deactivate, reactivate, importRows = "import", login, loginFailed = "login_failed"
    case lockout, logout, passwordChange = "password_change", passwordReset = "password_reset", delete

    var label: String {
        switch self {
        case .create: "Tạo mới"
        case .update: "Cập nhật"
        case .deactivate: "Ngừng hoạt động"
        case .reactivate: "Khôi phục"
        case .importRows: "Nhập từ tệp"
        case .login: "Đăng nhập"
        case .loginFailed: "Đăng nhập sai"
        case .lockout: "Khóa tạm thời"
        case .logout: "Đăng xuất"
        case .passwordChange: "Đổi mật khẩu"
        case .passwordReset: "Đặt lại mật khẩu"
        case .delete: "Xóa"
        }
    }
}

/// Who is acting, captured once from the request and passed into the transaction that makes the change.
struct AuditActor: Sendable {
    let userID: UUID?
    let name: String
    let communeID: UUID
    let ip: String?
    let at: Date

    static func system(communeID: UUID, at: Date) -> AuditActor {
        AuditActor(userID: nil, name: AuditText.system, communeID: communeID, ip: nil, at: at)
    }
}

extension Request {
    /// The signed-in user as the actor of an audited change.
    func auditActor() throws -> AuditActor {
        let user = try requireUser()
        return AuditActor(userID: user.id, name: "\(user.displayName) (\(user.username))", communeID: user.communeID,
                          ip: remoteAddress?.ipAddress, at: now)
    }
}

/// Writes audit rows. Call it on the same database (transaction) as the change it records.
enum AuditLog {
    static func record(
        on db: any Database, _ actor: AuditActor, _ action: AuditAction,
        type: String, id: UUID?, label: String,
        before: (any Encodable)? = nil, after: (any Encodable)? = nil
    ) async throws {
        // One plain INSERT (the columns of ``AuditEntry``): every change writes one, inside its own write lock.
        let beforeJSON = try before.map(encode), afterJSON = try after.map(encode)
        try await db.sql.raw("""
            INSERT INTO audit_entries (id, commune_id, actor_id, actor_name, action, object_type, object_id, object_label,
                                       before_json, after_json, at, ip)
            VALUES (\(bind: UUID()), \(bind: actor.communeID), \(bind: actor.userID), \(bind: actor.name), \(bind: action.rawValue),
                    \(bind: type), \(bind: id), \(bind: String(label.prefix(250))), \(bind: beforeJSON), \(bind: afterJSON),
                    \(bind: actor.at), \(bind: actor.ip))
            """).run()
    }

    static func encode(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
