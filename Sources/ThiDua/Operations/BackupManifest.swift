import Fluent
import Foundation
import SQLKit

/// The version this build calls itself in backups (the schema's compatibility is told by the migrations, not by this).
enum AppVersion {
    static let current = "1.0.0"
}

/// What a backup archive holds, written as its first entry (`manifest.json`): the database it came from, the schema's
/// migrations, the number of rows of every table and every stored file with its SHA-256. A restore checks every one.
struct BackupManifest: Codable, Sendable, Equatable {
    static let entryName = "manifest.json"
    static let format = "thidua-backup"

    enum DatabaseKind: String, Codable, Sendable {
        case sqlite, postgresql

        /// The archive entry of the database snapshot.
        var entryName: String { self == .sqlite ? "database.sqlite" : "database.pgdump" }
    }

    struct FileEntry: Codable, Sendable, Equatable {
        let sha256: String
        let size: Int
    }

    var format = BackupManifest.format
    var formatVersion = 1
    var appVersion = AppVersion.current
    var createdAt: Date
    var database: DatabaseKind
    var databaseSHA256: String
    var databaseSize: Int
    /// The migrations applied to the snapshot, in the order of ``Migrations/all``; the last is the schema's version.
    var migrations: [String]
    var lastMigration: String?
    /// Rows per table in the snapshot (every table, the migrations' own included).
    var tables: [String: Int]
    var files: [FileEntry]
    /// Whether `installation.secret` is in the archive (``InstallationSecret``: without it sealed ballot counts of an
    /// open meeting cannot be read, nor the sender hashes of the public forms compared).
    var installationSecret: Bool
    /// Files the snapshot names that were not in the store when the backup was made (should be empty).
    var missingFiles: [String] = []

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    static func decode(_ data: Data) throws -> BackupManifest {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        guard let m = try? d.decode(BackupManifest.self, from: data), m.format == format else {
            throw OperationFailure(OperationsText.notABackup)
        }
        guard m.formatVersion == 1 else { throw OperationFailure(OperationsText.newerFormat(m.formatVersion)) }
        return m
    }
}

/// What a database holds, read through plain SQL that means the same on SQLite and PostgreSQL: every table with its
/// number of rows, the stored files its rows name, the migrations applied.
struct DatabaseInventory: Sendable, Equatable {
    var tables: [String: Int]
    /// Hashes in every column named `file_hash` (the convention for a column that names a file of the store).
    var fileHashes: Set<String>
    var migrations: [String]

    /// Rows outside the migrations' own table: zero for a database that is new or only migrated.
    var dataRows: Int { tables.filter { $0.key != "_fluent_migrations" }.values.reduce(0, +) }

    static func read(_ sql: any SQLDatabase) async throws -> DatabaseInventory {
        let postgres = sql.dialect.name == "postgresql"
        let names: [String]
        let fileTables: [String]
        if postgres {
            names = try await sql.raw("""
                SELECT table_name AS name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
                """).all().map { try $0.decode(column: "name", as: String.self) }
            fileTables = try await sql.raw("""
                SELECT table_name AS name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name = 'file_hash' ORDER BY table_name
                """).all().map { try $0.decode(column: "name", as: String.self) }
        } else {
            names = try await sql.raw("""
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """).all().map { try $0.decode(column: "name", as: String.self) }
            fileTables = try await sql.raw("""
                SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) c
                WHERE m.type = 'table' AND c.name = 'file_hash' ORDER BY m.name
                """).all().map { try $0.decode(column: "name", as: String.self) }
        }
        var tables: [String: Int] = [:]
        for name in names {
            tables[name] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: name)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        var hashes = Set<String>()
        for name in fileTables {
            for row in try await sql.raw("SELECT DISTINCT file_hash AS h FROM \(ident: name) WHERE file_hash IS NOT NULL").all() {
                hashes.insert(try row.decode(column: "h", as: String.self))
            }
        }
        var applied = Set<String>()
        if names.contains("_fluent_migrations") {
            for row in try await sql.raw("SELECT name FROM _fluent_migrations").all() {
                applied.insert(try row.decode(column: "name", as: String.self))
            }
        }
        let known = Migrations.all.map(\.name)
        let migrations = known.filter(applied.contains) + applied.subtracting(known).sorted()
        return DatabaseInventory(tables: tables, fileHashes: hashes, migrations: migrations)
    }
}
