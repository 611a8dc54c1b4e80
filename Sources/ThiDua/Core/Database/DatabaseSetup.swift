import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Connects Fluent to the database chosen in ``Settings`` and registers every migration.
enum DatabaseSetup {
    static func configure(_ app: Application, settings: Settings) throws {
        switch settings.database {
        case .sqliteFile(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: nil), as: .sqlite)
        case .postgres(let url):
            // Two connections per event loop, and a request waits up to 30 s for one: a burst of writes (the 15/11
            // peak, a council vote) queues instead of failing after the default 10 s.
            app.databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug), as: .psql)
        }
        for migration in Migrations.all {
            app.migrations.add(migration)
        }
    }

    /// Puts an SQLite file in WAL mode (kept in the file): reads go on while one request writes.
    static func prepare(_ app: Application, settings: Settings) async {
        guard case .sqliteFile = settings.database, let sql = app.db as? any SQLDatabase else { return }
        do {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        } catch {
            app.logger.warning("SQLite: WAL mode not set: \(String(describing: error))")
        }
    }

    static func isSQLite(_ db: any Database) -> Bool {
        (db as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    /// True when the primary database is PostgreSQL (used by the few raw SQL statements).
    static func isPostgres(_ db: any Database) -> Bool {
        (db as? any SQLDatabase)?.dialect.name == "postgresql"
    }
}
