import Fluent
import SQLKit

/// Indexes the list pages read by (docs/architecture.md, "A page's data in a fixed number of queries"): a year's
/// nominations, a person's initiatives (eligibility), the people list in name order, a user's inbox newest first.
/// Plain `CREATE INDEX`, the same on SQLite and PostgreSQL.
struct AddPageIndexes: AsyncMigration {
    static let indexes: [(name: String, definition: String)] = [
        ("nominations_commune_year", "nominations (commune_id, year)"),
        ("initiative_authors_person", "initiative_authors (person_id)"),
        ("people_commune_search", "people (commune_id, search_text)"),
        ("inbox_messages_user_at", "inbox_messages (user_id, created_at)"),
    ]

    func prepare(on database: any Database) async throws {
        for index in Self.indexes {
            try await database.sql.raw("CREATE INDEX \(unsafeRaw: index.name) ON \(unsafeRaw: index.definition)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for index in Self.indexes.reversed() {
            try await database.sql.raw("DROP INDEX \(unsafeRaw: index.name)").run()
        }
    }
}
