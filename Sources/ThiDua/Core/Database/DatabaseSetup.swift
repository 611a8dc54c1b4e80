import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
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
            app.databases.use(try .postgres(url: url, sqlLogLevel: .debug), as: .psql)
        }
        for migration in Migrations.all {
            app.migrations.add(migration)
        }
    }

    /// True when the primary database is PostgreSQL (used by the few raw SQL statements).
    static func isPostgres(_ db: any Database) -> Bool {
        (db as? any SQLDatabase)?.dialect.name == "postgresql"
    }
}
