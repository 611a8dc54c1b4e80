import Fluent
import Foundation
import SQLKit

/// Two people editing the same record: the second save, based on an older version, is refused.
enum OptimisticLock {
    /// Moves the row's `version` from `version` to `version + 1` in one statement, or throws a conflict when
    /// another save got there first. Call it inside the transaction that writes the rest of the change.
    static func bump(_ table: String, id: UUID, from version: Int, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.update(table)
            .set("version", to: version + 1)
            .where("id", .equal, id)
            .where("version", .equal, version)
            .returning("id")
            .all()
        if rows.isEmpty { throw AppError.conflict(CoreText.conflict) }
    }

    /// The same check and the change itself in one statement: `UPDATE table SET version = version + 1, <set> …`.
    static func update(_ table: String, id: UUID, from version: Int, set: SQLQueryString, on db: any Database) async throws {
        let rows = try await db.sql.raw("""
            UPDATE \(ident: table) SET version = \(bind: version + 1), \(set)
            WHERE id = \(bind: id) AND version = \(bind: version) RETURNING id
            """).all()
        if rows.isEmpty { throw AppError.conflict(CoreText.conflict) }
    }
}
