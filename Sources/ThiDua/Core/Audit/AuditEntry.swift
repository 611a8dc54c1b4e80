import Fluent
import Foundation
import SQLKit

/// One row of the audit log (nhật ký thay đổi): who changed what, when, with the values before and after.
/// Rows are only ever inserted: no route updates or deletes them, and the database refuses it too.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?

    @Field(key: "commune_id") var communeID: UUID
    /// The account that acted; nil for the system (demo loader, command line).
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// The actor's name at the time, kept even if the account is renamed later.
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "object_type") var objectType: String
    @OptionalField(key: "object_id") var objectID: UUID?
    @Field(key: "object_label") var objectLabel: String
    @OptionalField(key: "before_json") var beforeJSON: String?
    @OptionalField(key: "after_json") var afterJSON: String?
    @Field(key: "at") var at: Date
    @OptionalField(key: "ip") var ip: String?

    init() {}
}

struct CreateAuditEntry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("object_type", .string, .required)
            .field("object_id", .uuid)
            .field("object_label", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("at", .datetime, .required)
            .field("ip", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX audit_entries_commune_at ON audit_entries (commune_id, at)").run()
        try await sql.raw("CREATE INDEX audit_entries_object ON audit_entries (object_id)").run()
        // The log is append-only: the database itself refuses updates and deletes.
        if DatabaseSetup.isPostgres(database) {
            try await sql.raw("""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END; $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
                """).run()
        } else {
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if DatabaseSetup.isPostgres(database), let sql = database as? any SQLDatabase {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_entries_append_only()").run()
        }
        try await database.schema(AuditEntry.schema).delete()
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension AuditEntry: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $actorID, $actorName, $action, $objectType, $objectID, $objectLabel, $beforeJSON, $afterJSON, $at, $ip] }
}
