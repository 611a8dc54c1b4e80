import Fluent
import Foundation

/// A sign-in account. Belongs to one commune; may be bound to a unit (focal point) and to a person.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?

    @Field(key: "commune_id") var communeID: UUID
    /// Lower-case, unique across the deployment.
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    /// The unit a focal point works for (required for ``Role/unitFocalPoint``).
    @OptionalField(key: "unit_id") var unitID: UUID?
    /// The directory entry of this person, when there is one.
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "is_active") var isActive: Bool

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, communeID: UUID, username: String, displayName: String, passwordHash: String,
         unitID: UUID? = nil, personID: UUID? = nil, isActive: Bool = true) {
        self.id = id
        self.communeID = communeID
        self.username = username.lowercased()
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.unitID = unitID
        self.personID = personID
        self.isActive = isActive
    }
}

/// One role held by one user.
final class UserRole: Model, @unchecked Sendable {
    static let schema = "user_roles"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "role") var role: String

    init() {}

    init(userID: UUID, communeID: UUID, role: Role) {
        self.userID = userID
        self.communeID = communeID
        self.role = role.rawValue
    }
}

/// A signed-in session: a browser cookie or an API bearer token. Only the SHA-256 of the token is stored.
final class AuthSession: Model, @unchecked Sendable {
    static let schema = "auth_sessions"

    enum Kind: String, Codable, Sendable { case web, api }

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "kind") var kind: String
    /// The anti-forgery token every form of this session must send back.
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "expires_at") var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, communeID: UUID, tokenHash: String, kind: Kind, csrfToken: String, expiresAt: Date) {
        self.userID = userID
        self.communeID = communeID
        self.tokenHash = tokenHash
        self.kind = kind.rawValue
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// One sign-in attempt, kept to lock an account after repeated failures.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date
    @OptionalField(key: "ip") var ip: String?

    init() {}

    init(username: String, succeeded: Bool, attemptedAt: Date, ip: String?) {
        self.username = username
        self.succeeded = succeeded
        self.attemptedAt = attemptedAt
        self.ip = ip
    }
}

struct CreateAuthTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("unit_id", .uuid)
            .field("person_id", .uuid)
            .field("is_active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(UserRole.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("role", .string, .required)
            .unique(on: "user_id", "role")
            .create()
        try await database.schema(AuthSession.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("csrf_token", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(LoginAttempt.schema)
            .id()
            .field("username", .string, .required)
            .field("succeeded", .bool, .required)
            .field("attempted_at", .datetime, .required)
            .field("ip", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema).delete()
        try await database.schema(AuthSession.schema).delete()
        try await database.schema(UserRole.schema).delete()
        try await database.schema(User.schema).delete()
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension User: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $username, $displayName, $passwordHash, $unitID, $personID, $isActive, $createdAt, $updatedAt] }
}

extension UserRole: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $userID, $communeID, $role] }
}

extension AuthSession: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $userID, $communeID, $tokenHash, $kind, $csrfToken, $expiresAt, $createdAt] }
}

extension LoginAttempt: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $username, $succeeded, $attemptedAt, $ip] }
}
