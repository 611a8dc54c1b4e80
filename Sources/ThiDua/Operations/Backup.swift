import Fluent
import Foundation
import SQLiteKit
import SQLKit
import Vapor

/// One consistent archive of the database and every stored file, made while the server keeps serving.
///
/// The database is copied first, as one snapshot: SQLite's `VACUUM INTO` (a read transaction, so writers go on in WAL
/// mode), or `pg_dump` run on a snapshot exported from a repeatable-read transaction, in which the rows are also counted
/// and the file hashes read. Then the files the snapshot names are copied: the store is content-addressed and a stored
/// file is never changed or removed, so every file a committed row names is already there (it is stored before its
/// row commits) and stays the same. The archive is a tar (``TarWriter``): `manifest.json` first, then the database,
/// `installation.secret`, and `files/ab/cd/<sha256>`; written aside and renamed into place when complete.
enum Backup {
    static let secretEntry = InstallationSecret.fileName

    /// The folder of the store's files (`<data dir>/files`).
    static func fileRoot(_ app: Application) -> String {
        (app.files as? LocalFileStore)?.root ?? (app.settings.dataDirectory as NSString).appendingPathComponent("files")
    }

    /// The path of a stored file under `root`, or nil for a name that is not a SHA-256 in lower-case hexadecimal.
    static func storedPath(root: String, hash: String) -> String? {
        guard isHash(hash) else { return nil }
        return "\(root)/\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))/\(hash)"
    }

    static func isHash(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// Writes the archive to `path` (replacing a file there only once the new one is complete) and returns its manifest.
    static func run(_ app: Application, to path: String) async throws -> (manifest: BackupManifest, bytes: Int) {
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        let dir = (target as NSString).deletingLastPathComponent
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let work = (dir as NSString).appendingPathComponent(".thidua-backup-\(UUID().uuidString)")
        try fm.createDirectory(atPath: work, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(atPath: work) }

        // 1. The database, as one snapshot, and what that snapshot holds.
        let kind: BackupManifest.DatabaseKind = DatabaseSetup.isPostgres(app.db) ? .postgresql : .sqlite
        let snapshot = (work as NSString).appendingPathComponent(kind.entryName)
        let inventory: DatabaseInventory
        switch kind {
        case .sqlite: inventory = try await snapshotSQLite(app, into: snapshot)
        case .postgresql: inventory = try await snapshotPostgres(app, into: snapshot)
        }

        // 2. The files it names, the secret, and the manifest, written before the bytes so a restore checks as it reads.
        let root = fileRoot(app)
        var files: [BackupManifest.FileEntry] = []
        var missing: [String] = []
        for hash in inventory.fileHashes.sorted() {
            guard let p = storedPath(root: root, hash: hash),
                  let size = (try? fm.attributesOfItem(atPath: p))?[.size] as? NSNumber else {
                missing.append(hash)
                continue
            }
            files.append(.init(sha256: hash, size: size.intValue))
        }
        let secretPath = (app.settings.dataDirectory as NSString).appendingPathComponent(secretEntry)
        let secret = fm.fileExists(atPath: secretPath) ? try Data(contentsOf: URL(fileURLWithPath: secretPath)) : nil
        let (dbHash, dbSize) = try await blocking(app) { try digest(of: snapshot) }
        let entries = files
        let manifest = BackupManifest(createdAt: app.clock.now(), database: kind, databaseSHA256: dbHash, databaseSize: dbSize,
                                      migrations: inventory.migrations, lastMigration: inventory.migrations.last,
                                      tables: inventory.tables, files: entries, installationSecret: secret != nil, missingFiles: missing)

        // 3. The archive, written aside, flushed, then renamed into place.
        let partial = (work as NSString).appendingPathComponent("archive.tar")
        let bytes = try await blocking(app) { () throws -> Int in
            var tar = try TarWriter(path: partial)
            do {
                try tar.add(name: BackupManifest.entryName, data: try BackupManifest.encoder().encode(manifest))
                try tar.add(name: kind.entryName, file: snapshot, size: dbSize)
                if let secret { try tar.add(name: secretEntry, data: secret) }
                for f in entries {
                    let p = storedPath(root: root, hash: f.sha256)!
                    let written = try tar.add(name: "files/\(f.sha256.prefix(2))/\(f.sha256.dropFirst(2).prefix(2))/\(f.sha256)", file: p, size: f.size)
                    guard written == f.sha256 else { throw OperationFailure(OperationsText.corruptStoredFile(f.sha256)) }
                }
                try tar.finish()
            } catch {
                tar.abandon()
                throw error
            }
            return tar.bytesWritten
        }
        if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
        try fm.moveItem(atPath: partial, toPath: target)
        fsyncDirectory(dir)
        return (manifest, bytes)
    }

    /// `VACUUM INTO` a new file (a consistent copy, taken in one read transaction), then reads that copy.
    private static func snapshotSQLite(_ app: Application, into path: String) async throws -> DatabaseInventory {
        guard let sql = app.db as? any SQLDatabase else { throw OperationFailure(OperationsText.notABackup) }
        try await sql.raw("VACUUM INTO \(literal: path)").run()
        let conn = try await SQLiteConnection.open(storage: .file(path: path), threadPool: app.threadPool,
                                                   logger: app.logger, on: app.eventLoopGroup.any())
        do {
            let inventory = try await DatabaseInventory.read(conn.sql())
            try await conn.close()
            return inventory
        } catch {
            try? await conn.close()
            throw error
        }
    }

    /// `pg_dump --format=custom` of a snapshot exported by a repeatable-read transaction that stays open until the dump
    /// is done, and in which the rows are counted and the file hashes read: the dump and the manifest see the same data.
    private static func snapshotPostgres(_ app: Application, into path: String) async throws -> DatabaseInventory {
        guard case .postgres(let url) = app.settings.database else { throw OperationFailure(OperationsText.badDatabaseURL) }
        let tool = try PostgresTool.find("pg_dump")
        return try await app.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            guard let snapshot = try await sql.raw("SELECT pg_export_snapshot() AS s").first()?.decode(column: "s", as: String.self) else {
                throw OperationFailure(OperationsText.notABackup)
            }
            async let dump: Void = tool.run(["--format=custom", "--no-password", "--snapshot=\(snapshot)", "--file=\(path)"], url: url)
            let inventory: DatabaseInventory
            do {
                inventory = try await DatabaseInventory.read(sql)
            } catch {
                try? await dump
                throw error
            }
            try await dump
            return inventory
        }
    }

    /// SHA-256 and size of a file, read in pieces.
    static func digest(of path: String) throws -> (String, Int) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw OperationFailure(OperationsText.cannotRead(path)) }
        defer { try? h.close() }
        var hasher = SHA256()
        var size = 0
        while let piece = try h.read(upToCount: TarWriter.chunk), !piece.isEmpty {
            hasher.update(data: piece)
            size += piece.count
        }
        return (hasher.finalize().hexString, size)
    }

    /// Disk work on the blocking pool, never on the threads that run async code.
    static func blocking<T: Sendable>(_ app: Application, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await app.threadPool.runIfActive(body)
    }

    /// Makes a rename or a new entry in `dir` survive a power cut.
    static func fsyncDirectory(_ dir: String) {
        let fd = open(dir, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
