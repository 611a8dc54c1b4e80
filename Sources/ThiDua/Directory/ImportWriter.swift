import Fluent
import Foundation
import SQLKit
import SQLiteKit

/// SQLite settings of the connection for the length of an import. The default page cache (2 MB) is far smaller than
/// what 100,000 rows touch in the table's indexes, whose rows arrive in no order: pages would be written out to the WAL
/// and read back again and again. 24 MB holds them (100,000 people touch about 20 MB of table and index pages; a
/// larger cache measured no faster, and each MB of it is a MB of the process's peak memory). The statement journal of
/// each multi-row INSERT is kept in memory, not in a temporary file. Both are set back afterwards (the cache's pages
/// are freed then).
enum SQLiteImportCache {
    static let importCacheKB = 24 * 1024
    static let normalCacheKB = 2000

    /// Runs `body` on one connection, in memory for its temporary files (set before the transaction begins: SQLite
    /// decides where a transaction's statement journals go when it begins).
    static func onOneConnection<T: Sendable>(_ db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard DatabaseSetup.isSQLite(db), !db.inTransaction else { return try await body(db) }
        return try await db.withConnection { conn in
            try await conn.sql.raw("PRAGMA temp_store = MEMORY").run()
            return try await body(conn)
        }
    }

    static func widened<T>(on db: any Database, _ body: () async throws -> T) async throws -> T {
        guard DatabaseSetup.isSQLite(db) else { return try await body() }
        try await db.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(importCacheKB))").run()
        do {
            let result = try await body()
            try await db.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(normalCacheKB))").run()
            return result
        } catch {
            try? await db.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(normalCacheKB))").run()
            throw error
        }
    }
}

/// One value of an imported row, as the writer binds it (in the layout Fluent gives the same column).
enum ImportValue: Sendable {
    case text(String)
    /// Text on SQLite (Fluent keeps UUIDs as text there), `uuid` on PostgreSQL.
    case id(UUID)
    case null
    case bool(Bool)
    case int(Int)
    /// A `datetime` column: seconds since 1970 as a REAL on SQLite (SQLiteNIO's `Date`), `timestamptz` on PostgreSQL.
    case time(Date)
}

/// The good rows of an import, written many to a statement, all inside the import's transaction.
///
/// The rows put their values in ``values``, flat, in the order of ``columns``; ``rowAdded(on:)`` writes them once a
/// statement is full. On SQLite the statement goes straight to SQLiteNIO (`SQLiteDatabase.query` with the SQL text,
/// the same for every full statement, and the values as `SQLiteData`), not through SQLKit's serializer, and is
/// `INSERT OR ROLLBACK` with foreign keys checked at the commit: a failing row would undo the whole import anyway, so
/// no statement needs its own journal. While SQLite writes one statement on the thread pool, the next rows are read
/// and checked: at most one statement is in flight, and ``finish(on:)`` (or ``drain()`` on the way out after an error)
/// waits for it. On PostgreSQL each statement is a multi-row `INSERT … VALUES` through SQLKit, one at a time.
final class BatchInsert {
    let table: String
    let columns: [String]
    let rowsPerStatement: Int
    /// The values of the rows not yet written, row after row.
    var values: [ImportValue] = []
    private var rows = 0
    private var sqlite: (any SQLiteDatabase)?
    private var fullStatement: String?
    private var inFlight: EventLoopFuture<Void>?
    private var started = false

    init(table: String, columns: [String], rowsPerStatement: Int) {
        self.table = table
        self.columns = columns
        self.rowsPerStatement = rowsPerStatement
        values.reserveCapacity(rowsPerStatement * columns.count)
    }

    /// One more row is in ``values``.
    func rowAdded(on db: any Database) async throws {
        rows += 1
        if rows >= rowsPerStatement { try await write(on: db) }
    }

    /// Writes the rows left and waits until every statement has been written.
    func finish(on db: any Database) async throws {
        if rows > 0 { try await write(on: db) }
        try await wait()
    }

    /// Waits for the statement in flight, whatever its outcome: before leaving the transaction after a failure.
    func drain() async {
        try? await wait()
    }

    private func wait() async throws {
        guard let future = inFlight else { return }
        inFlight = nil
        try await future.get()
    }

    private func write(on db: any Database) async throws {
        if !started {
            started = true
            if DatabaseSetup.isSQLite(db) {
                try await db.sql.raw("PRAGMA defer_foreign_keys = ON").run()
                sqlite = db as? any SQLiteDatabase
            }
        }
        let count = rows
        let batch = values
        values = []
        values.reserveCapacity(rowsPerStatement * columns.count)
        rows = 0
        if let sqlite {
            let sql: String
            if count == rowsPerStatement, let full = fullStatement { sql = full } else {
                sql = Self.sqliteStatement(table: table, columns: columns, rows: count)
                if count == rowsPerStatement { fullStatement = sql }
            }
            var binds: [SQLiteData] = []
            binds.reserveCapacity(batch.count)
            for value in batch { binds.append(Self.sqliteData(value)) }
            try await wait()  // the statement before this one
            inFlight = sqlite.query(sql, binds, logger: db.logger) { _ in }
        } else {
            try await db.sql.execute(sql: Statement(table: table, columns: columns, values: batch)) { _ in }
        }
    }

    static func sqliteData(_ value: ImportValue) -> SQLiteData {
        switch value {
        case .text(let text): .text(text)
        case .id(let id): .text(id.uuidString)
        case .null: .null
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .int(let number): .integer(number)
        case .time(let date): .float(date.timeIntervalSince1970)
        }
    }

    /// `INSERT OR ROLLBACK INTO "table" ("a", "b") VALUES (?, ?), (?, ?)…`
    static func sqliteStatement(table: String, columns: [String], rows: Int) -> String {
        var sql = "INSERT OR ROLLBACK INTO \"\(table)\" ("
        sql += columns.map { "\"\($0)\"" }.joined(separator: ", ")
        sql += ") VALUES "
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        sql.reserveCapacity(sql.utf8.count + rows * (row.utf8.count + 2))
        for r in 0..<rows {
            if r > 0 { sql += ", " }
            sql += row
        }
        return sql
    }

    /// The multi-row INSERT of PostgreSQL, its values bound.
    private struct Statement: SQLExpression {
        let table: String
        let columns: [String]
        let values: [ImportValue]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write("INSERT INTO ")
            SQLIdentifier(table).serialize(to: &serializer)
            serializer.write(" (")
            for (k, column) in columns.enumerated() {
                if k > 0 { serializer.write(", ") }
                SQLIdentifier(column).serialize(to: &serializer)
            }
            serializer.write(") VALUES ")
            for (k, value) in values.enumerated() {
                let c = k % columns.count
                serializer.write(c == 0 ? (k == 0 ? "(" : ", (") : ", ")
                switch value {
                case .text(let text): serializer.write(bind: text)
                case .id(let id): serializer.write(bind: id)
                case .null: SQLLiteral.null.serialize(to: &serializer)
                case .bool(let flag): SQLLiteral.boolean(flag).serialize(to: &serializer)
                case .int(let number): SQLLiteral.numeric(String(number)).serialize(to: &serializer)
                case .time(let date): serializer.write(bind: date)
                }
                if c == columns.count - 1 { serializer.write(")") }
            }
        }
    }
}
