import Fluent
import Foundation
import SQLKit

/// Two people editing the same record: the second save, based on an older version, is refused.
enum OptimisticLock {
    /// Moves the row's `version` from `version` to `version + 1` in one statement, or throws a conflict when
    /// another save got there first. Call it inside the transaction that writes the rest of the change.
    static func bump(_ table: String, id: UUID, from version: Int, on db: any Database) async throws {
        try await update(table, id: id, from: version, set: nil, on: db)
    }

    /// The same check with the change itself in the one statement: `UPDATE table SET version = …, <set> …`.
    static func update(_ table: String, id: UUID, from version: Int, set: SQLQueryString?, on db: any Database) async throws {
        let change: SQLQueryString = set.map { ", " + $0 } ?? ""
        let rows = try await db.sql.raw("""
            UPDATE \(ident: table) SET version = \(bind: version + 1)\(change)
            WHERE id = \(bind: id) AND version = \(bind: version) RETURNING id
            """).all()
        if rows.isEmpty { throw AppError.conflict(CoreText.conflict) }
    }
}
