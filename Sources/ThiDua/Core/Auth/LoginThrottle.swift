import Fluent
import Foundation
import SQLKit

/// Counts failed sign-ins per account and per source address, and makes the next attempt wait once a count passes
/// its limit: 1 s after the limit, then 2 s, 4 s, 8 s … up to 15 minutes. Failures are forgotten an hour after the
/// last one.
///
/// An attempt first *reserves* its place with one statement per counter — an upsert that adds one and returns the new
/// count only when the counter is not waiting (`ON CONFLICT … DO UPDATE … WHERE … RETURNING`, the same on SQLite and
/// PostgreSQL). The password is checked only after the reservation, so attempts sent at the same moment each take
/// their own place: no more than the limit are ever checked, however many arrive together. A success gives its
/// place back (``release(_:now:on:)``).
///
/// The counters (see ``AuthService/login(username:password:kind:request:)``):
/// - the account (`account:<username>`) for attempts from an address that has never signed in to it;
/// - the account at one address (`pair:<username>@<address>`) for an address that has signed in to it before: a
///   stranger's burst from elsewhere does not lock out the owner's own computer;
/// - the address (`address:<address>`), across accounts, with a higher limit: one source trying many accounts
///   (a password spray) is slowed too.
enum LoginThrottle {
    static let table = "login_throttles"
    /// Failures of one account before its next attempt must wait.
    static let accountLimit = 5
    /// Failures from one address (all accounts together) before its next attempt must wait.
    static let addressLimit = 20
    static let maxDelay = 15 * 60
    /// A counter with no failure for this long starts again from zero.
    static let forgetAfter: TimeInterval = 3600
    /// An address counts as the account's own when it signed in to the account within this time.
    static let knownAddressMemory: TimeInterval = 180 * 24 * 3600

    enum Key {
        case account(String)
        case pair(String, address: String)
        case address(String)

        var text: String {
            switch self {
            case .account(let username): "account:\(username)"
            case .pair(let username, let address): "pair:\(username)@\(address)"
            case .address(let address): "address:\(address)"
            }
        }

        var limit: Int {
            if case .address = self { return LoginThrottle.addressLimit }
            return LoginThrottle.accountLimit
        }
    }

    enum Reservation: Equatable {
        /// The attempt may check its password; `failures` counts it (as if it fails) with those before it.
        case granted(failures: Int)
        /// Too many failures: try again after this many seconds.
        case refused(retryAfter: Int)
    }

    /// The wait after `failures` failures for a counter allowing `limit`: none below the limit, then 1 s doubling.
    static func delay(afterFailures failures: Int, limit: Int) -> Int {
        guard failures >= limit else { return 0 }
        let steps = failures - limit
        return steps >= 10 ? maxDelay : min(maxDelay, 1 << steps)
    }

    /// ``delay(afterFailures:limit:)`` as an SQL expression of the count `failures` (constants only, no input).
    static func delaySQL(_ failures: String, limit: Int) -> String {
        var cases = ["WHEN \(failures) < \(limit) THEN 0"]
        var steps = 0
        while delay(afterFailures: limit + steps, limit: limit) < maxDelay {
            cases.append("WHEN \(failures) = \(limit + steps) THEN \(delay(afterFailures: limit + steps, limit: limit))")
            steps += 1
        }
        return "(CASE \(cases.joined(separator: " ")) ELSE \(maxDelay) END)"
    }

    /// Takes a place on `key`, atomically: one statement adds the attempt and returns the count, or changes nothing
    /// and returns no row while the counter waits.
    static func reserve(_ key: Key, now: Date, on db: any Database) async throws -> Reservation {
        let t = now.timeIntervalSince1970
        let forgetBefore = t - forgetAfter
        let limit = key.limit
        let failures = try await db.writeTransaction(writesFirst: true) { db in
            try await db.sql.raw("""
                INSERT INTO \(ident: table) (throttle_key, failures, last_failure_at, blocked_until)
                VALUES (\(bind: key.text), 1, \(bind: t), \(bind: t) + \(unsafeRaw: delaySQL("1", limit: limit)))
                ON CONFLICT (throttle_key) DO UPDATE SET
                    failures = CASE WHEN \(ident: table).last_failure_at < \(bind: forgetBefore) THEN 1 ELSE \(ident: table).failures + 1 END,
                    blocked_until = \(bind: t) + CASE WHEN \(ident: table).last_failure_at < \(bind: forgetBefore)
                        THEN \(unsafeRaw: delaySQL("1", limit: limit))
                        ELSE \(unsafeRaw: delaySQL("\(table).failures + 1", limit: limit)) END,
                    last_failure_at = \(bind: t)
                WHERE \(ident: table).blocked_until <= \(bind: t) OR \(ident: table).last_failure_at < \(bind: forgetBefore)
                RETURNING failures
                """).first()?.decode(column: "failures", as: Int.self)
        }
        if let failures { return .granted(failures: failures) }
        let blockedUntil = try await db.sql.raw("SELECT blocked_until FROM \(ident: table) WHERE throttle_key = \(bind: key.text)")
            .first()?.decode(column: "blocked_until", as: Double.self) ?? t
        return .refused(retryAfter: max(1, Int((blockedUntil - t).rounded(.up))))
    }

    /// Gives back the place an attempt took (it succeeded, or another counter refused it): one failure less, and no
    /// longer wait than that count calls for.
    static func release(_ key: Key, now: Date, on db: any Database) async throws {
        let t = now.timeIntervalSince1970
        let wait = delaySQL("\(table).failures - 1", limit: key.limit)
        try await db.writeTransaction(writesFirst: true) { db in
            try await db.sql.raw("""
                UPDATE \(ident: table) SET failures = failures - 1,
                    blocked_until = CASE WHEN blocked_until > \(bind: t) + \(unsafeRaw: wait) THEN \(bind: t) + \(unsafeRaw: wait) ELSE blocked_until END
                WHERE throttle_key = \(bind: key.text) AND failures > 0
                """).run()
        }
    }

    /// Forgets the failures of `keys` (a success at an address the account knows; a password reset).
    static func clear(_ keys: [Key], on db: any Database) async throws {
        guard !keys.isEmpty else { return }
        try await db.sql.raw("DELETE FROM \(ident: table) WHERE throttle_key IN (\(binds: keys.map(\.text)))").run()
    }

    /// Every counter of an account (at any address): the administrator set a new password.
    static func forgive(username: String, on db: any Database) async throws {
        try await db.sql.raw("""
            DELETE FROM \(ident: table) WHERE throttle_key = \(bind: Key.account(username).text)
                OR throttle_key LIKE \(bind: "pair:" + escapeLike(username) + "@%") ESCAPE '!'
            """).run()
    }

    /// Counters that no longer hold anyone back, removed now and then so the table stays small.
    static func purge(now: Date, on db: any Database) async throws {
        let t = now.timeIntervalSince1970
        try await db.sql.raw("DELETE FROM \(ident: table) WHERE last_failure_at < \(bind: t - forgetAfter) AND blocked_until < \(bind: t)").run()
    }

    /// True when `address` signed in to the account before (within ``knownAddressMemory``).
    static func isKnownAddress(_ address: String, username: String, now: Date, on db: any Database) async throws -> Bool {
        try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$succeeded == true)
            .filter(\.$ip == address).filter(\.$attemptedAt > now.addingTimeInterval(-knownAddressMemory)).first() != nil
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "!", with: "!!").replacingOccurrences(of: "%", with: "!%").replacingOccurrences(of: "_", with: "!_")
    }
}

/// The counters of ``LoginThrottle``.
struct CreateLoginThrottle: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginThrottle.table)
            .field("throttle_key", .string, .required)
            .field("failures", .int, .required)
            .field("last_failure_at", .double, .required)
            .field("blocked_until", .double, .required)
            .unique(on: "throttle_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginThrottle.table).delete()
    }
}
