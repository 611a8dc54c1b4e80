import Fluent
import Foundation
import SQLiteKit
import SQLKit
import Vapor

/// Loads a backup (``Backup``) into an empty data directory and an empty database, never over data.
///
/// "Empty" means no row in any table (a database that was only migrated counts as empty) and no file in the store. The
/// archive is unpacked beside the target first and every part is checked — the database snapshot and every file
/// against the SHA-256 in the manifest, the SQLite copy's rows per table too — before anything of the target changes.
/// Then the database is put in place (the SQLite file renamed in; on PostgreSQL the empty schema dropped and
/// `pg_restore` run in one transaction, and the rows counted again), then the files and `installation.secret`.
enum Restore {
    static func run(_ app: Application, from path: String) async throws -> BackupManifest {
        let fm = FileManager.default
        let manifest = try readManifest(path)

        // 1. The target: the same kind of database, a schema this build knows, nothing in it.
        let targetKind: BackupManifest.DatabaseKind
        switch app.settings.database {
        case .sqliteMemory: throw OperationFailure(OperationsText.memoryDatabase)
        case .sqliteFile: targetKind = .sqlite
        case .postgres: targetKind = .postgresql
        }
        guard targetKind == manifest.database else {
            throw OperationFailure(OperationsText.kindMismatch(archive: manifest.database.rawValue, target: targetKind.rawValue))
        }
        let known = Set(Migrations.all.map(\.name))
        let unknown = manifest.migrations.filter { !known.contains($0) }
        guard unknown.isEmpty else { throw OperationFailure(OperationsText.unknownMigrations(unknown)) }
        guard let sql = app.db as? any SQLDatabase else { throw OperationFailure(OperationsText.notABackup) }
        let before = try await DatabaseInventory.read(sql)
        guard before.dataRows == 0 else {
            throw OperationFailure(OperationsText.targetHasRows(before.tables.filter { $0.key != "_fluent_migrations" && $0.value > 0 }
                .sorted { $0.value > $1.value }.map { ($0.key, $0.value) }))
        }
        let root = Backup.fileRoot(app)
        guard !containsFiles(root) else { throw OperationFailure(OperationsText.targetHasFiles(root)) }

        // 2. Unpack beside the target and check every part against the manifest.
        let dataDir = app.settings.dataDirectory
        try fm.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let staging = (dataDir as NSString).appendingPathComponent(".restore-\(UUID().uuidString)")
        try fm.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(atPath: staging) }
        let stagedDB = (staging as NSString).appendingPathComponent(manifest.database.entryName)
        let stagedFiles = (staging as NSString).appendingPathComponent("files")
        let unpacked = try await Backup.blocking(app) { () throws -> Unpacked in
            var reader = try TarReader(path: path)
            defer { reader.close() }
            _ = try reader.next()   // the manifest, read above
            return try unpack(&reader, manifest: manifest, database: stagedDB, files: stagedFiles)
        }

        // 3. The database.
        switch manifest.database {
        case .sqlite:
            guard case .sqliteFile(let dbPath) = app.settings.database else { throw OperationFailure(OperationsText.memoryDatabase) }
            let conn = try await SQLiteConnection.open(storage: .file(path: stagedDB), threadPool: app.threadPool,
                                                       logger: app.logger, on: app.eventLoopGroup.any())
            let staged: DatabaseInventory
            do {
                staged = try await DatabaseInventory.read(conn.sql())
                try await conn.close()
            } catch {
                try? await conn.close()
                throw error
            }
            try compare(staged.tables, manifest.tables)
            // The target's connections (opened by start-up) are closed before its file is replaced.
            await app.databases.shutdownAsync()
            for suffix in ["", "-wal", "-shm", "-journal"] where fm.fileExists(atPath: dbPath + suffix) {
                try fm.removeItem(atPath: dbPath + suffix)
            }
            try fm.createDirectory(atPath: (dbPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.moveItem(atPath: stagedDB, toPath: dbPath)
        case .postgresql:
            guard case .postgres(let url) = app.settings.database else { throw OperationFailure(OperationsText.badDatabaseURL) }
            let tool = try PostgresTool.find("pg_restore")
            try await dropEmptySchema(app.db)
            let dbName = try PostgresTool.environment(url: url)["PGDATABASE"] ?? "postgres"
            try await tool.run(["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--no-password",
                                "--dbname=\(dbName)", stagedDB], url: url)
            try compare(try await DatabaseInventory.read(sql).tables, manifest.tables)
        }

        // 4. The files and the secret.
        if fm.fileExists(atPath: stagedFiles) {
            if fm.fileExists(atPath: root) { try fm.removeItem(atPath: root) }   // only empty folders, checked above
            try fm.createDirectory(atPath: (root as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.moveItem(atPath: stagedFiles, toPath: root)
        }
        if let secret = unpacked.secret {
            let secretPath = (dataDir as NSString).appendingPathComponent(Backup.secretEntry)
            let tmp = secretPath + ".\(UUID().uuidString).tmp"
            guard fm.createFile(atPath: tmp, contents: secret, attributes: [.posixPermissions: 0o600]) else {
                throw OperationFailure(OperationsText.cannotWrite(secretPath))
            }
            if fm.fileExists(atPath: secretPath) { try fm.removeItem(atPath: secretPath) }
            try fm.moveItem(atPath: tmp, toPath: secretPath)
        }
        sync()
        return manifest
    }

    /// The manifest, which must be the archive's first entry.
    static func readManifest(_ path: String) throws -> BackupManifest {
        var reader = try TarReader(path: path)
        defer { reader.close() }
        guard let first = try reader.next(), first.name == BackupManifest.entryName else { throw OperationFailure(OperationsText.notABackup) }
        return try BackupManifest.decode(try reader.readAll())
    }

    private struct Unpacked: Sendable {
        var secret: Data?
    }

    /// Reads the entries after the manifest into the staging folder, checking each against the manifest.
    private static func unpack(_ reader: inout TarReader, manifest: BackupManifest, database: String, files: String) throws -> Unpacked {
        let fm = FileManager.default
        var expected = Dictionary(uniqueKeysWithValues: manifest.files.map { ($0.sha256, $0.size) })
        var sawDatabase = false
        var result = Unpacked()
        while let entry = try reader.next() {
            if entry.name == manifest.database.entryName, !sawDatabase {
                let (hash, size) = try copy(&reader, to: database)
                guard hash == manifest.databaseSHA256, size == manifest.databaseSize else {
                    throw OperationFailure(OperationsText.entryMismatch(entry.name))
                }
                sawDatabase = true
            } else if entry.name == Backup.secretEntry, manifest.installationSecret, result.secret == nil {
                result.secret = try reader.readAll(limit: 4096)
            } else if let hash = storedFileName(entry.name), let size = expected[hash] {
                let target = Backup.storedPath(root: files, hash: hash)!
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let (actual, written) = try copy(&reader, to: target)
                guard actual == hash, written == size else { throw OperationFailure(OperationsText.entryMismatch(entry.name)) }
                expected[hash] = nil
            } else {
                throw OperationFailure(OperationsText.unexpectedEntry(entry.name))
            }
        }
        var missing = expected.keys.sorted().map { "files/…/\($0)" }
        if !sawDatabase { missing.insert(manifest.database.entryName, at: 0) }
        if manifest.installationSecret, result.secret == nil { missing.append(Backup.secretEntry) }
        guard missing.isEmpty else { throw OperationFailure(OperationsText.entriesMissing(missing)) }
        return result
    }

    /// `files/ab/cd/<sha256>` with the folders matching the hash: the hash, else nil.
    static func storedFileName(_ name: String) -> String? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "files" else { return nil }
        let hash = String(parts[3])
        guard Backup.isHash(hash), parts[1] == hash.prefix(2), parts[2] == hash.dropFirst(2).prefix(2) else { return nil }
        return hash
    }

    /// Writes the current entry to `path` (flushed to the disk) and returns its SHA-256 and size.
    private static func copy(_ reader: inout TarReader, to path: String) throws -> (String, Int) {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let out = FileHandle(forWritingAtPath: path) else { throw OperationFailure(OperationsText.cannotWrite(path)) }
        defer { try? out.close() }
        var hasher = SHA256()
        var size = 0
        try reader.read { piece in
            hasher.update(data: piece)
            size += piece.count
            try out.write(contentsOf: piece)
        }
        try out.synchronize()
        return (hasher.finalize().hexString, size)
    }

    /// True when a regular file is anywhere under `root`.
    static func containsFiles(_ root: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return false }
        while walker.nextObject() != nil {
            if walker.fileAttributes?[.type] as? FileAttributeType != .typeDirectory { return true }
        }
        return false
    }

    private static func compare(_ actual: [String: Int], _ expected: [String: Int]) throws {
        let diffs = Set(actual.keys).union(expected.keys).sorted().compactMap { t -> String? in
            actual[t] == expected[t] ? nil : "\(t): \(expected[t].map(String.init) ?? "-") → \(actual[t].map(String.init) ?? "-")"
        }
        guard diffs.isEmpty else { throw OperationFailure(OperationsText.countsDiffer(diffs)) }
    }

    /// Drops what a migrated but empty PostgreSQL schema holds (tables, views, sequences, functions, enum types; nothing
    /// of an extension), so that `pg_restore` recreates the backup's schema exactly. Called only after the check that
    /// no table has a row.
    private static func dropEmptySchema(_ db: any Database) async throws {
        try await db.transaction { db in
            let sql = db as! any SQLDatabase
            let notExtension = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"
            let statements: [(String, String)] = [
                ("VIEW", "SELECT c.relname AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind IN ('v', 'm') AND \(notExtension)"),
                ("TABLE", "SELECT c.relname AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p') AND \(notExtension)"),
                ("SEQUENCE", "SELECT c.relname AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind = 'S' AND \(notExtension)"),
                ("FUNCTION", "SELECT c.oid::regprocedure::text AS n FROM pg_proc c JOIN pg_namespace s ON s.oid = c.pronamespace WHERE s.nspname = current_schema() AND \(notExtension)"),
                ("TYPE", "SELECT c.typname AS n FROM pg_type c JOIN pg_namespace s ON s.oid = c.typnamespace WHERE s.nspname = current_schema() AND c.typtype = 'e' AND \(notExtension)"),
            ]
            for (kind, query) in statements {
                for row in try await sql.raw("\(unsafeRaw: query)").all() {
                    let name = try row.decode(column: "n", as: String.self)
                    // A function is named with its argument types (`f(integer)`), already quoted where needed.
                    let object: SQLQueryString = kind == "FUNCTION" ? "\(unsafeRaw: name)" : "\(ident: name)"
                    try await sql.raw("DROP \(unsafeRaw: kind) IF EXISTS \(object) CASCADE").run()
                }
            }
        }
    }
}
