import Fluent
import Foundation

/// A commune (xã) — the tenant. Every domain row belongs to exactly one commune, and every
/// query and route is scoped to the signed-in user's commune.
final class Commune: Model, @unchecked Sendable {
    static let schema = "communes"

    @ID(key: .id) var id: UUID?

    /// Short, stable code used on the command line (`thidua create-admin --commune nghia-trung`).
    @Field(key: "code") var code: String
    /// Name without the level, e.g. "Nghĩa Trung".
    @Field(key: "name") var name: String
    /// Province, e.g. "Đồng Nai".
    @Field(key: "province") var province: String
    /// Upper-case issuing body used in documents, e.g. "ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG".
    @Field(key: "authority_name") var authorityName: String

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, code: String, name: String, province: String, authorityName: String) {
        self.id = id
        self.code = code
        self.name = name
        self.province = province
        self.authorityName = authorityName
    }

    /// "xã Nghĩa Trung"
    var displayName: String { Self.displayName(name) }
    static func displayName(_ name: String) -> String { "xã \(name)" }
}

struct CreateCommune: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Commune.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("province", .string, .required)
            .field("authority_name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Commune.schema).delete()
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension Commune: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $code, $name, $province, $authorityName, $createdAt] }
}
