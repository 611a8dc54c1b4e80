import Foundation
import Fluent
import SQLKit

extension Database {
    /// The SQL interface under Fluent; both drivers (SQLite and PostgreSQL) have one. The busiest calls (the annual
    /// report's evidence, save and submit, the audit row) use plain statements through it: Fluent builds each query by
    /// reflecting over the model, which cost more CPU than the database itself did under load (see bench/).
    var sql: any SQLDatabase { self as! any SQLDatabase }
}

extension SQLDatabase {
    /// One INSERT for many rows, each a parenthesised list of bound values in the order of `columns`; nothing when
    /// there are no rows.
    func insertRows(into table: String, columns: [String], _ rows: [SQLQueryString]) async throws {
        guard !rows.isEmpty else { return }
        try await raw("INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES " + rows.joined(separator: ", ")).run()
    }
}

extension SQLRow {
    /// The row as a Fluent model (marked as saved, so it can be updated), for a plain `SELECT *` of its table.
    func model<M: Model>(_ type: M.Type) throws -> M {
        let model = M()
        try model.output(from: RowOutput(row: self))
        return model
    }
}

/// A plain SQL row seen as Fluent's query output.
private struct RowOutput: DatabaseOutput {
    let row: any SQLRow
    var description: String { "\(row)" }
    func schema(_ schema: String) -> any DatabaseOutput { self }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: key.description) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: key.description) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: key.description, as: T.self) }
}

/// Reads the columns of plain SQL rows without Codable's slow path. `decode(column:as:)` of an Optional, or of a UUID on
/// SQLite (stored as text), goes through a nested decoder — an allocation and several dynamic casts per value — while
/// a String, Int, Double or Bool converts directly; the aggregates that read thousands of rows (the province overview)
/// read through this instead. One reader per statement, made from the database it runs on.
struct RowReader: Sendable {
    /// SQLite keeps a UUID as its text; PostgreSQL as `uuid`, which its driver converts directly.
    let uuidAsText: Bool

    init(_ db: any Database) { uuidAsText = DatabaseSetup.isSQLite(db) }

    func uuid(_ row: any SQLRow, _ column: String) throws -> UUID {
        guard uuidAsText else { return try row.decode(column: column, as: UUID.self) }
        guard let id = UUID(uuidString: try row.decode(column: column, as: String.self)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column) is not a UUID"))
        }
        return id
    }

    func optionalUUID(_ row: any SQLRow, _ column: String) throws -> UUID? {
        try row.decodeNil(column: column) ? nil : uuid(row, column)
    }

    func double(_ row: any SQLRow, _ column: String) throws -> Double? {
        try row.decodeNil(column: column) ? nil : row.decode(column: column, as: Double.self)
    }

    func int(_ row: any SQLRow, _ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
    func string(_ row: any SQLRow, _ column: String) throws -> String { try row.decode(column: column, as: String.self) }
    func bool(_ row: any SQLRow, _ column: String) throws -> Bool { try row.decode(column: column, as: Bool.self) }
}
