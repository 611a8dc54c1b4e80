import Fluent
import Foundation
import SQLKit

/// The per-year register of document numbers (sổ đăng ký văn bản): `15/QĐ-UBND`, then `16/QĐ-UBND`…
///
/// The number is taken inside the transaction that writes the document, by one statement that moves the counter
/// on and returns it, so two documents issued at the same moment get two numbers, and a document whose write
/// fails gives its number back (the transaction rolls back): numbers never repeat and never skip. On PostgreSQL the
/// row lock of the UPDATE makes the second transaction wait; on SQLite writes already take turns.
enum DocumentRegister {
    static func next(communeID: UUID, year: Int, symbol: String, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { throw AppError.badRequest(CoreText.error500) }
        try await sql.insert(into: DocumentNumber.schema)
            .columns("id", "commune_id", "year", "symbol", "last_number")
            .values(SQLBind(UUID()), SQLBind(communeID), SQLBind(year), SQLBind(symbol), SQLBind(0))
            .ignoringConflicts(with: ["commune_id", "year", "symbol"])
            .run()
        guard let row = try await sql.update(DocumentNumber.schema)
            .set(SQLIdentifier("last_number"), to: SQLRaw("last_number + 1"))
            .where("commune_id", .equal, communeID).where("year", .equal, year).where("symbol", .equal, symbol)
            .returning("last_number")
            .first()
        else { throw AppError.badRequest(CoreText.error500) }
        return try row.decode(column: "last_number", as: Int.self)
    }
}
