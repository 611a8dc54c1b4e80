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
}
