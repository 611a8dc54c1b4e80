import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// `thidua backup` and `thidua restore` (``Backup``, ``Restore``) on the database the suite runs on: SQLite in a file
/// (an in-memory one cannot be restored), or a fresh PostgreSQL database when `DATABASE_URL` is set.
@Suite("Backup and restore")
struct BackupTests {
    /// A database and data directory that no application has touched yet.
    struct Target {
        let settings: Settings
        let database: TestDatabase
        var dataDirectory: String { settings.dataDirectory }

        static func make() async throws -> Target {
            let database = try await TestDatabase.make(empty: true)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-restore-\(UUID().uuidString)").path
            let choice = database.choice == .sqliteMemory ? .sqliteFile(path: "\(dir)/thidua.sqlite") : database.choice
            return Target(settings: Settings(dataDirectory: dir, database: choice, logLevel: .warning, bcryptCost: 4), database: database)
        }

        func drop() async {
            await database.drop()
            try? FileManager.default.removeItem(atPath: dataDirectory)
        }
    }

    /// The application on `settings`, as a command sees it (configured, nothing migrated), or — with `serve` — migrated
    /// and listening, as the server after a restore.
    static func withApp(_ settings: Settings, serve: Bool = false, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: settings, clock: TestClock())
            if serve {
                try await app.autoMigrate()
                try await app.listen()
            }
            try await body(app)
        } catch {
            if serve { await app.server.shutdown() }
            try? await app.asyncShutdown()
            throw error
        }
        if serve { await app.server.shutdown() }
        try await app.asyncShutdown()
    }

    /// The source: SQLite in a file under its data directory.
    static func onDisk(_ s: inout Settings) {
        if s.database == .sqliteMemory { s.database = .sqliteFile(path: "\(s.dataDirectory)/thidua.sqlite") }
    }

    static func tables(_ app: Application) async throws -> [String: Int] {
        try await DatabaseInventory.read(app.db as! any SQLDatabase).tables
    }

    /// The demo, plus a PDF uploaded as evidence of Thôn Bình Thủy's (returned, so editable) 2026 report.
    static func demoWithEvidence(_ app: Application) async throws -> (location: String, pdf: Data) {
        _ = try await DemoSeeder.seed(app)
        let token = try await app.apiToken("canbo.thidua", password: DemoData.password)
        let unit = try #require(try await Unit.query(on: app.db).filter(\.$name == "Thôn Bình Thủy").first()?.requireID())
        let pdf = pdfBytes + Data("% \(UUID().uuidString)\n".utf8)
        let up = try await app.api(.POST, "/api/v1/reports/2026/units/\(unit.uuidString.lowercased())/evidence?filename=bien-ban.pdf",
                                   token: token, bytes: pdf)
        #expect(up.status == .created, "\(up.body.string)")
        return (try #require(up.headers.first(name: .location)), pdf)
    }

    @Test func aBackupRestoredIntoAnEmptyTargetHasTheSameRowsAndTheFileWithItsHash() async throws {
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).tar").path
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let target = try await Target.make()
        do {
            // setup: the demo, an uploaded file, the installation secret (made on first use)
            var expected: [String: Int] = [:]
            var location = ""
            var pdf = Data()
            var secret = Data()
            try await withFreshApp(settings: Self.onDisk) { app in
                (location, pdf) = try await Self.demoWithEvidence(app)
                _ = try InstallationSecret.secret(dataDirectory: app.settings.dataDirectory)
                secret = try Data(contentsOf: URL(fileURLWithPath: "\(app.settings.dataDirectory)/installation.secret"))

                // act
                let (manifest, bytes) = try await Backup.run(app, to: archive)

                // check: the manifest tells what the database holds, the uploaded file among the files
                expected = try await Self.tables(app)
                #expect(manifest.tables == expected)
                #expect(expected["evidence", default: 0] > 0 && expected["audit_entries", default: 0] > 0)
                #expect(manifest.files.contains(.init(sha256: SHA256.hash(data: pdf).hexString, size: pdf.count)))
                #expect(manifest.lastMigration == Migrations.all.last?.name)
                #expect(manifest.installationSecret)
                #expect(bytes > 0)
            }

            // act: restore into the new data directory and database
            try await Self.withApp(target.settings) { app in
                let manifest = try await Restore.run(app, from: archive)
                #expect(manifest.tables == expected)
            }

            // check: the server on it has the same rows per table and serves the file with the same bytes
            try await Self.withApp(target.settings, serve: true) { app in
                #expect(try await Self.tables(app) == expected)
                let token = try await app.apiToken("canbo.thidua", password: DemoData.password)
                let file = try await app.api(.GET, location, token: token)
                #expect(file.status == .ok)
                #expect(SHA256.hash(data: Data(file.body.readableBytesView)).hexString == SHA256.hash(data: pdf).hexString)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(target.dataDirectory)/installation.secret")) == secret)

            // check: a second restore over what the first restored is refused, and changes nothing
            try await Self.withApp(target.settings) { app in
                let before = try await Self.tables(app)
                await #expect(throws: OperationFailure.self) { try await Restore.run(app, from: archive) }
                let after = try await Self.tables(app)
                #expect(after == before)
            }
        } catch {
            await target.drop()
            throw error
        }
        await target.drop()
    }

    @Test func restoreRefusesADatabaseWithRowsOrAStoreWithFiles() async throws {
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).tar").path
        defer { try? FileManager.default.removeItem(atPath: archive) }
        try await withFreshApp(settings: Self.onDisk) { app in
            // setup
            _ = try await Self.demoWithEvidence(app)
            _ = try await Backup.run(app, to: archive)
            let before = try await Self.tables(app)

            // act + check: the database the backup came from has rows
            let refusal = await #expect(throws: OperationFailure.self) { try await Restore.run(app, from: archive) }
            #expect(refusal?.description.contains("không ghi đè") == true)
            #expect(refusal?.description.contains("never over data") == true)
            let after = try await Self.tables(app)
            #expect(after == before)
        }

        let target = try await Target.make()
        do {
            // setup: an empty database, but a file in the store
            let stray = "\(target.dataDirectory)/files/ab/cd/" + String(repeating: "ab", count: 32)
            try FileManager.default.createDirectory(atPath: (stray as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: stray, contents: Data("x".utf8)))

            // act + check: refused, the database still empty
            try await Self.withApp(target.settings) { app in
                let refusal = await #expect(throws: OperationFailure.self) { try await Restore.run(app, from: archive) }
                #expect(refusal?.description.contains("files") == true)
                let rows = try await DatabaseInventory.read(app.db as! any SQLDatabase).dataRows
                #expect(rows == 0)
            }
        } catch {
            await target.drop()
            throw error
        }
        await target.drop()
    }

    @Test func aDamagedFileInTheArchiveIsRefusedBeforeTheTargetChanges() async throws {
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).tar").path
        defer { try? FileManager.default.removeItem(atPath: archive) }
        var pdf = Data()
        try await withFreshApp(settings: Self.onDisk) { app in
            (_, pdf) = try await Self.demoWithEvidence(app)
            _ = try await Backup.run(app, to: archive)
        }
        // setup: one byte of the uploaded file changed inside the archive
        var bytes = try Data(contentsOf: URL(fileURLWithPath: archive))
        let at = try #require(bytes.range(of: pdf)).lowerBound + 3
        bytes[at] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: archive))

        let target = try await Target.make()
        do {
            try await Self.withApp(target.settings) { app in
                // act + check
                let refusal = await #expect(throws: OperationFailure.self) { try await Restore.run(app, from: archive) }
                #expect(refusal?.description.contains("damaged") == true)
                let rows = try await DatabaseInventory.read(app.db as! any SQLDatabase).dataRows
                #expect(rows == 0)
            }
            #expect(!Restore.containsFiles("\(target.dataDirectory)/files"))
        } catch {
            await target.drop()
            throw error
        }
        await target.drop()
    }

    /// docs/operations.md relies on it: in WAL mode with synchronous=FULL a commit is on the disk (the WAL fsynced)
    /// before the client hears of it, so an acknowledged write survives a power cut, not only a killed process.
    @Test func sqliteCommitsWithSynchronousFull() async throws {
        try await withFreshApp(settings: Self.onDisk) { app in
            guard DatabaseSetup.isSQLite(app.db) else { return }
            let sql = app.db as! any SQLDatabase
            let journal = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            let synchronous = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            #expect(journal == "wal")
            #expect(synchronous == 2)
        }
    }

    @Test func theArchiveIsAPlainTarWithTheManifestFirst() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).tar").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let big = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let source = path + ".src"
        try big.write(to: URL(fileURLWithPath: source))
        defer { try? FileManager.default.removeItem(atPath: source) }
        var w = try TarWriter(path: path)
        try w.add(name: "manifest.json", data: Data("{}".utf8))
        let hash = try w.add(name: "files/ab/cd/x", file: source, size: big.count)
        try w.finish()
        #expect(hash == SHA256.hash(data: big).hexString)

        var r = try TarReader(path: path)
        defer { r.close() }
        #expect(try r.next()?.name == "manifest.json")
        let second = try #require(try r.next())
        #expect(second.name == "files/ab/cd/x" && second.size == big.count)
        #expect(try r.readAll() == big)
        #expect(try r.next() == nil)
        #expect(Restore.storedFileName("files/ab/ab/" + String(repeating: "ab", count: 32)) != nil)
        #expect(Restore.storedFileName("files/ab/cd/" + String(repeating: "ab", count: 32)) == nil)
        #expect(Restore.storedFileName("../" + String(repeating: "ab", count: 32)) == nil)
    }
}
