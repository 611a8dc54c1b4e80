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
        let text = try row.decode(column: column, as: String.self)
        guard let id = Self.parseUUID(text) ?? UUID(uuidString: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column) is not a UUID"))
        }
        return id
    }

    /// The canonical 36-character form (`8-4-4-4-12` hex digits, either case), read byte by byte: Foundation's
    /// `UUID(uuidString:)` goes through `sscanf`, a few percent of a dashboard page's CPU on SQLite, which stores
    /// UUIDs as text. nil for anything else (the caller then asks Foundation).
    static func parseUUID(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { b -> UUID? in
            guard b.count == 36, b[8] == 45, b[13] == 45, b[18] == 45, b[23] == 45 else { return nil }
            func hex(_ c: UInt8) -> UInt8? {
                switch c {
                case 48...57: c - 48
                case 65...70: c - 55
                case 97...102: c - 87
                default: nil
                }
            }
            var bytes = [UInt8](repeating: 0, count: 16)
            var i = 0, j = 0
            while i < 36 {
                if i == 8 || i == 13 || i == 18 || i == 23 { i += 1; continue }
                guard let hi = hex(b[i]), let lo = hex(b[i + 1]) else { return nil }
                bytes[j] = hi << 4 | lo
                j += 1
                i += 2
            }
            return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        }
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
