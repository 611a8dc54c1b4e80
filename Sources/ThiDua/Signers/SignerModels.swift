import Fluent
import Foundation

/// One holder of one office of a commune, with the dates of office (the row behind ``Signer``).
final class SignerRecord: Model, @unchecked Sendable {
    static let schema = "signers"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    /// ``SignerOffice`` raw value.
    @Field(key: "office") var office: String
    @Field(key: "name") var name: String
    @Field(key: "title") var title: String
    /// yyyy-MM-dd
    @Field(key: "starts_on") var startsOn: String
    /// yyyy-MM-dd; nil while in office.
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var signer: Signer? {
        guard let id, let office = SignerOffice(rawValue: office), let start = LocalDate(iso: startsOn) else { return nil }
        return Signer(id: id, office: office, name: name, title: title, startsOn: start, endsOn: endsOn.flatMap(LocalDate.init(iso:)))
    }

    /// What the audit log keeps of it.
    var snapshot: [String: String] {
        ["office": office, "name": name, "title": title, "startsOn": startsOn, "endsOn": endsOn ?? ""]
    }
}

/// Issue 14: the signers of each commune (people who sign the movement's documents), with their dates of office.
struct CreateSigners: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignerRecord.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("office", .string, .required)
            .field("name", .string, .required)
            .field("title", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX signers_commune ON signers (commune_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX signers_commune").run()
        try await database.schema(SignerRecord.schema).delete()
    }
}

/// Issue 14: the signer chosen for a Tờ trình or Quyết định (nullable: documents issued before, or with nobody on
/// record, keep an empty name), kept with the document: the signer's id and the name as printed.
struct AddDocumentSigner: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(CommendationDecision.schema).field("signer_id", .uuid).update()
        try await database.schema(CommendationDecision.schema).field("signer_name", .string).update()
        try await database.schema(CommendationDecision.schema).field("signer_office", .string).update()
    }

    func revert(on database: any Database) async throws {
        for field in ["signer_office", "signer_name", "signer_id"] {
            try await database.schema(CommendationDecision.schema).deleteField(.string(field)).update()
        }
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension SignerRecord: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $office, $name, $title, $startsOn, $endsOn, $version, $createdAt, $updatedAt] }
}
