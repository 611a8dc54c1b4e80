import Foundation
import Vapor

/// Where the application reads the current time. Injected so that deadline and lockout
/// logic can be tested at any date; production uses ``SystemClock``.
public protocol AppClock: Sendable {
    func now() -> Date
}

/// The real wall clock.
public struct SystemClock: AppClock {
    public init() {}
    public func now() -> Date { Date() }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any AppClock }

    /// The clock every feature reads time from.
    public var clock: any AppClock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The current time, from the application's clock.
    public var now: Date { application.clock.now() }
}
