import Fluent
import Foundation
import Vapor

/// Signing in and out, shared by the login page and `POST /api/v1/sessions`.
enum AuthService {
    enum Outcome: Sendable {
        case success(token: String, expiresAt: Date)
        case invalid
        /// Too many failures for the account (from this address) or from this address: wait this many seconds.
        case throttled(retryAfter: Int)
    }

    /// A bcrypt hash of a random password, verified against when the username is unknown so that
    /// both cases take the same time. Made on the thread pool at the first sign-in that needs it, not at start: a
    /// command such as `thidua import` would pay ~0.25 s of CPU for a hash it never uses.
    struct DecoyHashKey: StorageKey { typealias Value = String }

    static func decoyHash(_ app: Application) async throws -> String {
        if let hash = app.storage[DecoyHashKey.self] { return hash }
        let cost = app.settings.bcryptCost
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(TokenDigest.newToken(), cost: cost) }
        // Two first sign-ins at once may both make one; either is as good.
        app.storage[DecoyHashKey.self] = hash
        return hash
    }

    /// The one decision for the login page and `POST /api/v1/sessions`.
    ///
    /// Throttling (``LoginThrottle``) comes before the password is checked: the attempt first takes a place on the
    /// counter of its source address, then on the account's — the account's own counter at this address when the
    /// address has signed in to the account before, the account's counter for all other addresses otherwise. Only an
    /// attempt holding both places is checked; a refused one answers at once, with how long to wait.
    static func login(username rawUsername: String, password: String, kind: AuthSession.Kind,
                      request: Request) async throws -> Outcome {
        let db = request.db
        let now = request.now
        let username = TextFolding.clean(rawUsername).lowercased()
        if TextFolding.hasControlCharacters(rawUsername, singleLine: true) || username.isEmpty || username.count > 100 { return .invalid }
        let ip = request.clientAddress

        if Int.random(in: 0..<200) == 0 { try await LoginThrottle.purge(now: now, on: db) }
        // No counter for a loopback address: it is this machine, or a proxy on it whose clients all look the same
        // (THIDUA_TRUST_PROXY unset), and one counter for everyone would let one person slow every sign-in.
        let addressKey: LoginThrottle.Key? = Request.isLoopback(ip) ? nil : .address(ip)
        let knownAddress = try await LoginThrottle.isKnownAddress(ip, username: username, now: now, on: db)
        let accountKey: LoginThrottle.Key = knownAddress ? .pair(username, address: ip) : .account(username)
        if let addressKey, case .refused(let wait) = try await LoginThrottle.reserve(addressKey, now: now, on: db) {
            return .throttled(retryAfter: wait)
        }
        let failures: Int
        switch try await LoginThrottle.reserve(accountKey, now: now, on: db) {
        case .refused(let wait):
            if let addressKey { try await LoginThrottle.release(addressKey, now: now, on: db) }
            return .throttled(retryAfter: wait)
        case .granted(let count):
            failures = count
        }

        let user = try await User.query(on: db).filter(\.$username == username).first()
        let hash: String
        if let own = user?.passwordHash { hash = own } else { hash = try await decoyHash(request.application) }
        let valid = try await Passwords.verify(password, hash: hash, on: request.application)
        guard let user, valid, user.isActive, let userID = user.id else {
            // The places stay taken: this failure counts.
            try await db.writeTransaction { db in
                try await LoginAttempt(username: username, succeeded: false, attemptedAt: now, ip: ip).create(on: db)
                if let user, let userID = user.id {
                    let actor = AuditActor(userID: userID, name: "\(user.displayName) (\(user.username))",
                                           communeID: user.communeID, ip: ip, at: now)
                    let locked = failures == LoginThrottle.accountLimit
                    try await AuditLog.record(on: db, actor, locked ? .lockout : .loginFailed,
                                              type: AuditText.typeUser, id: userID, label: user.username)
                }
            }
            return .invalid
        }

        let token = TokenDigest.newToken()
        let expiresAt = now.addingTimeInterval(request.application.settings.sessionLifetime)
        try await db.writeTransaction { db in
            // A success gives its places back; the account's failures at an address it knows are forgotten.
            if let addressKey { try await LoginThrottle.release(addressKey, now: now, on: db) }
            if knownAddress { try await LoginThrottle.clear([accountKey], on: db) }
            else { try await LoginThrottle.release(accountKey, now: now, on: db) }
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
