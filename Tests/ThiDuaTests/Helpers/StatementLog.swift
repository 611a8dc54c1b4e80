import Fluent
import FluentSQLiteDriver
import Foundation
import Logging
import Synchronization
import Vapor
@testable import ThiDua

/// The SQL statements an application ran, as its database drivers log them ("Executing query" with the statement in
/// the `sql` metadata, at the driver's `sqlLogLevel`). Requests log through the application's logger, so one log per
/// application sees exactly that application's statements, whatever other tests run beside it.
final class StatementLog: Sendable {
    private let statements = Mutex<[String]>([])

    func record(_ sql: String) { statements.withLock { $0.append(sql) } }

    /// Runs `body` and returns the statements it ran (none other may run meanwhile on this application).
    func during(_ body: () async throws -> Void) async rethrows -> [String] {
        statements.withLock { $0.removeAll() }
        try await body()
        return statements.withLock { $0 }
    }
}

/// A log handler that keeps the SQL statements and passes warnings and errors on to standard error.
struct StatementLogHandler: LogHandler {
    let log: StatementLog
    let label: String
    var logLevel: Logger.Level = .debug
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if event.message.description == "Executing query", let sql = event.metadata?["sql"] {
            log.record(sql.description)
        } else if event.level >= .warning {
            FileHandle.standardError.write(Data("[\(label)] \(event.level): \(event.message)\n".utf8))
        }
    }
}

/// The application with the demo loaded and every statement it runs logged: like ``withDemoApp``, with the SQLite
/// driver's statement log turned on (PostgreSQL logs statements at `.debug` already) and the application's logger —
/// the one requests log through — writing into `log`.
func withStatementLog(_ body: (Application, StatementLog) async throws -> Void) async throws {
    let database = try await TestDatabase.make()
    let app = try await Application.make(.testing)
    let log = StatementLog()
    try await runThenShutDown(app, database) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-test-\(UUID().uuidString)").path
        let settings = Settings(dataDirectory: dir, database: database.choice, logLevel: .warning, bcryptCost: 4)
        try await configure(app, settings: settings, clock: TestClock())
        if case .sqliteMemory = database.choice {
            // Before anything opened the database: the same in-memory database, with its statements logged.
            app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
        }
        app.logger = Logger(label: "statements") { label in StatementLogHandler(log: log, label: label) }
        try await app.autoMigrate()
        try await app.listen()
        _ = try await DemoSeeder.seed(app)
        try await body(app, log)
    }
}
