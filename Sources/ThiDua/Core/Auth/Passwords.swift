import Foundation
import Vapor

/// bcrypt hashing, run off the event loop.
enum Passwords {
    static func hash(_ password: String, cost: Int, on app: Application) async throws -> String {
        try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String, on app: Application) async throws -> Bool {
        try await app.threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    /// A Vietnamese message when the password is too weak, nil when it is acceptable.
    static func weakness(_ password: String) -> String? {
        if password.count < 8 { return AuthText.passwordTooShort }
        if password.count > 128 { return AuthText.passwordTooLong }
        let hasLetter = password.contains(where: \.isLetter)
        let hasDigit = password.contains(where: \.isNumber)
        if !hasLetter || !hasDigit { return AuthText.passwordNeedsMix }
        return nil
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    /// The settings this application was configured with.
    public var settings: Settings {
        get { storage[SettingsKey.self] ?? Settings() }
        set { storage[SettingsKey.self] = newValue }
    }
}
