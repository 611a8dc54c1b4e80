import Foundation
import Synchronization
import Vapor

/// bcrypt hashing, run off the event loop.
///
/// bcrypt reads only the first 72 bytes of a password: a longer one would be accepted with anything after its 72nd
/// byte. A new password longer than 72 bytes in UTF-8 (a Vietnamese letter with its marks takes 2–3 bytes) is
/// therefore refused with a message beside the field (``weakness(_:)``), wherever a password is set. Sign-in still
/// verifies whatever is typed, so an account whose older password was longer keeps working.
enum Passwords {
    /// The most bytes (UTF-8) bcrypt reads.
    static let maxBytes = 72

    static func hash(_ password: String, cost: Int, on app: Application) async throws -> String {
        try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String, on app: Application) async throws -> Bool {
        app.passwordChecks.add()
        return try await app.threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    /// A Vietnamese message when the password is too weak, nil when it is acceptable.
    static func weakness(_ password: String) -> String? {
        if password.count < 8 { return AuthText.passwordTooShort }
        if password.utf8.count > maxBytes { return AuthText.passwordTooLong }
        let hasLetter = password.contains(where: \.isLetter)
        let hasDigit = password.contains(where: \.isNumber)
        if !hasLetter || !hasDigit { return AuthText.passwordNeedsMix }
        return nil
    }
}

/// How many passwords this application has checked against a hash (sign-in, change of password): what the sign-in
/// throttle bounds, read by its tests.
final class PasswordCheckCounter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

extension Application {
    private struct PasswordChecksKey: StorageKey { typealias Value = PasswordCheckCounter }

    /// Set once in ``configure(_:settings:clock:)``; a fresh counter (not kept) when the application was not configured.
    var passwordChecks: PasswordCheckCounter {
        get { storage[PasswordChecksKey.self] ?? PasswordCheckCounter() }
        set { storage[PasswordChecksKey.self] = newValue }
    }

    private struct SettingsKey: StorageKey { typealias Value = Settings }

    /// The settings this application was configured with.
    public var settings: Settings {
        get { storage[SettingsKey.self] ?? Settings() }
        set { storage[SettingsKey.self] = newValue }
    }
}
