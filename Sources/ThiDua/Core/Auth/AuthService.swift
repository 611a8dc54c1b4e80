import Fluent
import Foundation
import Vapor

/// Signing in and out, shared by the login page and `POST /api/v1/sessions`.
enum AuthService {
    static let maxFailures = 5
    static let lockoutWindow: TimeInterval = 15 * 60

    enum Outcome: Sendable {
        case success(token: String, expiresAt: Date)
        case invalid
        case locked(minutesLeft: Int)
    }

    /// A bcrypt hash of a random password, verified against when the username is unknown so that
    /// both cases take the same time.
    struct DecoyHashKey: StorageKey { typealias Value = String }

    static func login(username rawUsername: String, password: String, kind: AuthSession.Kind,
                      request: Request) async throws -> Outcome {
        let db = request.db
        let now = request.now
        let username = TextFolding.clean(rawUsername).lowercased()
        if TextFolding.hasControlCharacters(rawUsername) || username.isEmpty || username.count > 100 { return .invalid }
        let ip = request.remoteAddress?.ipAddress

        // Lockout: 5 failures within 15 minutes (since the last success) lock the account for the rest of the window.
        let windowStart = now.addingTimeInterval(-lockoutWindow)
        let lastSuccess = try await LoginAttempt.query(on: db)
            .filter(\.$username == username).filter(\.$succeeded == true)
            .filter(\.$attemptedAt > windowStart)
            .sort(\.$attemptedAt, .descending).first()?.attemptedAt
        let failures = try await LoginAttempt.query(on: db)
            .filter(\.$username == username).filter(\.$succeeded == false)
            .filter(\.$attemptedAt > max(windowStart, lastSuccess ?? windowStart))
            .sort(\.$attemptedAt, .ascending).all()
        if failures.count >= maxFailures, let oldest = failures.first {
            let unlockAt = oldest.attemptedAt.addingTimeInterval(lockoutWindow)
            let minutes = max(1, Int((unlockAt.timeIntervalSince(now) / 60).rounded(.up)))
            return .locked(minutesLeft: minutes)
        }

        let user = try await User.query(on: db).filter(\.$username == username).first()
        let valid = try await Passwords.verify(password, hash: user?.passwordHash ?? request.application.storage[DecoyHashKey.self] ?? "", on: request.application)
        guard let user, valid, user.isActive, let userID = user.id else {
            try await LoginAttempt(username: username, succeeded: false, attemptedAt: now, ip: ip).create(on: db)
            if let user, let userID = user.id {
                let actor = AuditActor(userID: userID, name: "\(user.displayName) (\(user.username))",
                                       communeID: user.communeID, ip: ip, at: now)
                let locked = failures.count + 1 >= maxFailures
                try await AuditLog.record(on: db, actor, locked ? .lockout : .loginFailed,
                                          type: AuditText.typeUser, id: userID, label: user.username)
            }
            return .invalid
        }

        let token = TokenDigest.newToken()
        let expiresAt = now.addingTimeInterval(request.application.settings.sessionLifetime)
        try await db.writeTransaction { db in
            try await LoginAttempt(username: username, succeeded: true, attemptedAt: now, ip: ip).create(on: db)
            // Expired sessions of this account are of no use any more.
            try await AuthSession.query(on: db).filter(\.$userID == userID).filter(\.$expiresAt < now).delete()
            try await AuthSession(userID: userID, communeID: user.communeID, tokenHash: TokenDigest.hash(token), kind: kind,
                                  csrfToken: TokenDigest.newToken(), expiresAt: expiresAt).create(on: db)
            let actor = AuditActor(userID: userID, name: "\(user.displayName) (\(user.username))",
                                   communeID: user.communeID, ip: ip, at: now)
            try await AuditLog.record(on: db, actor, .login, type: AuditText.typeUser, id: userID,
                                      label: kind == .api ? "\(user.username) (API)" : user.username)
        }
        return .success(token: token, expiresAt: expiresAt)
    }

    static func logout(request: Request) async throws {
        guard let user = request.currentUser else { return }
        try await request.db.writeTransaction { db in
            try await AuthSession.query(on: db).filter(\.$id == user.sessionID).delete()
            try await AuditLog.record(on: db, try request.auditActor(), .logout, type: AuditText.typeUser,
                                      id: user.id, label: user.username)
        }
    }
}
