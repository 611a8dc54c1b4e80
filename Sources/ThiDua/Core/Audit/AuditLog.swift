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
                          ip: clientAddress == "-" ? nil : clientAddress, at: now)
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
        let (beforeJSON, afterJSON) = redact(try before.map(encode), try after.map(encode))
        try await db.sql.raw("""
            INSERT INTO audit_entries (id, commune_id, actor_id, actor_name, action, object_type, object_id, object_label,
                                       before_json, after_json, at, ip)
            VALUES (\(bind: UUID()), \(bind: actor.communeID), \(bind: actor.userID), \(bind: actor.name), \(bind: action.rawValue),
                    \(bind: type), \(bind: id), \(bind: String(label.prefix(250))), \(bind: beforeJSON), \(bind: afterJSON),
                    \(bind: actor.at), \(bind: actor.ip))
            """).run()
    }

    /// Fields whose text never enters the audit log, whoever records them: the log says that they changed, not what
    /// they hold (an initiative's confidential part, which the administrator who reads the log may not see; passwords;
    /// tokens).
    static let secretKeys: Set<String> = ["confidential", "password", "passwordHash", "password_hash", "token", "tokenHash",
                                          "token_hash", "csrfToken", "csrf_token"]

    /// Replaces every secret field of the before and after snapshots, at any depth, by a marker saying whether it changed.
    static func redact(_ before: String?, _ after: String?) -> (String?, String?) {
        let all = (before ?? "") + (after ?? "")
        guard secretKeys.contains(where: { all.contains("\"\($0)\"") }) else { return (before, after) }
        func canonical(_ v: Any?) -> String? {
            v.flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }.map { String(decoding: $0, as: UTF8.self) }
        }
        func parse(_ s: String?) -> Any? { s.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) } }
        func walk(_ b: Any?, _ a: Any?) -> (Any?, Any?) {
            switch (b, a) {
            case let (b as [String: Any], a as [String: Any]):
                var nb = b, na = a
                for key in Set(b.keys).union(a.keys) {
                    if secretKeys.contains(key) {
                        let changed = canonical(b[key]) != canonical(a[key])
                        if b[key] != nil { nb[key] = AuditText.secretHidden }
                        if a[key] != nil { na[key] = changed ? AuditText.secretChanged : AuditText.secretHidden }
                    } else {
                        let (x, y) = walk(b[key], a[key])
                        nb[key] = x; na[key] = y
                    }
                }
                return (nb, na)
            case let (b as [String: Any], nil): return (walk(b, [String: Any]()).0, nil)
            case let (nil, a as [String: Any]): return (nil, walk([String: Any](), a).1)
            case let (b as [Any], a as [Any]):
                var nb: [Any] = [], na: [Any] = []
                for k in 0..<max(b.count, a.count) {
                    let (x, y) = walk(k < b.count ? b[k] : nil, k < a.count ? a[k] : nil)
                    if k < b.count { nb.append(x ?? NSNull()) }
                    if k < a.count { na.append(y ?? NSNull()) }
                }
                return (nb, na)
            case let (b as [Any], nil): return (b.map { walk($0, nil).0 ?? NSNull() }, nil)
            case let (nil, a as [Any]): return (nil, a.map { walk(nil, $0).1 ?? NSNull() })
            default: return (b, a)
            }
        }
        let (b, a) = walk(parse(before), parse(after))
        func write(_ v: Any?) -> String? {
            guard let v, let data = try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
            else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        return (before == nil ? nil : write(b), after == nil ? nil : write(a))
    }

    static func encode(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension AuditText {
    static let secretHidden = "••• (nội dung bảo mật, không ghi vào nhật ký)"
    static let secretChanged = "••• (nội dung bảo mật đã thay đổi, không ghi vào nhật ký)"
}
