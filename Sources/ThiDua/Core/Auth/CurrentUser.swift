import Fluent
import Foundation
import Vapor

/// The signed-in user as handlers and views see it: a `Sendable` snapshot built once per request.
public struct CurrentUser: Sendable {
    public let id: UUID
    public let communeID: UUID
    public let communeName: String
    public let username: String
    public let displayName: String
    public let roles: Set<Role>
    /// The unit a focal point is bound to.
    public let unitID: UUID?
    public let personID: UUID?
    public let sessionID: UUID
    public let csrfToken: String
    /// True when the request came with a bearer token (API), false for a browser cookie.
    public let viaAPI: Bool

    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public func hasAny(_ roles: Role...) -> Bool { !self.roles.isDisjoint(with: roles) }

    /// Roles sorted for display.
    public var sortedRoles: [Role] { roles.sorted() }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    /// The signed-in user, or nil for an anonymous visitor.
    public var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The signed-in user; throws 401 when there is none.
    public func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw AppError.unauthenticated }
        return user
    }
}
