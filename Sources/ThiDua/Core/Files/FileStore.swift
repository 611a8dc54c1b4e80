import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// A stored file's identity: the SHA-256 of its bytes (the only name it has on disk) and its size.
struct StoredFile: Sendable, Equatable {
    let hash: String
    let size: Int
}

/// Where uploaded files live. Files are kept by content hash, never under a name a user gave.
protocol FileStore: Sendable {
    func put(_ data: Data) async throws -> StoredFile
    func get(_ hash: String) async throws -> Data?
    /// Moves a received file (``TempFile``) into the store under its hash; true when this call added it (it was not
    /// stored yet). Call it through ``FileStore/placing(_:_:)``, inside the transaction that records the file's row.
    func adopt(_ file: TempFile) async throws -> Bool
    /// Ends an ``adopt(_:)``: when the transaction that was to record the file failed, a file that call added is taken
    /// out again — unless another upload of the same bytes was placed meanwhile (its row may name it).
    func release(_ hash: String, added: Bool, committed: Bool) async
    /// The disk work of placing received files that can be done before their transaction takes the write lock (on the
    /// file threads, ``FileIO``): the bytes flushed, and for the local store the folders made ready, so that
    /// ``adopt(_:)`` inside the transaction has only a rename and one folder flush left.
    func prepare(_ files: [TempFile]) throws
}

extension FileStore {
    /// A store elsewhere than this disk reads the received file and puts it.
    func adopt(_ file: TempFile) async throws -> Bool {
        _ = try await put(try Data(contentsOf: URL(fileURLWithPath: file.path)))
        return false
    }

    func release(_ hash: String, added: Bool, committed: Bool) async {}

    func prepare(_ files: [TempFile]) throws {
        for f in files where !f.isOverCap { try LocalFileStore.flush(f.path) }
    }

    /// Runs `write` — the transaction that records rows naming the files' hashes — which calls
    /// ``FilePlacement/place()`` inside it, after its checks and inserts, to move the files into the store. When
    /// `write` fails, the files this placement added are removed again; a file that was already stored stays.
    func placing<T>(_ files: [TempFile], _ write: (FilePlacement) async throws -> T) async throws -> T {
        // The bytes and the folders reach the disk before the transaction (and its write lock): only the rename and the
        // flush of its folder are done inside it.
        if !files.isEmpty { try await FileIO.threadPool.runIfActive { try self.prepare(files) } }
        let placement = FilePlacement(store: self, files: files)
        return try await placement.run { try await write(placement) }
    }
}

/// Received files on their way into the store, moved in by ``place()`` inside the transaction that records them
/// (``FileStore/placing(_:_:)``). Placing twice (a transaction tried again) moves each file once.
final class FilePlacement: Sendable {
    let store: any FileStore
    let files: [TempFile]
    private let placed = NIOLockedValueBox<[String: Bool]>([:])

    init(store: any FileStore, files: [TempFile]) {
        self.store = store
        self.files = files
    }

    func place() async throws {
        for f in files where !f.isOverCap && placed.withLockedValue({ $0[f.sha256] == nil }) {
            let added = try await store.adopt(f)
            placed.withLockedValue { $0[f.sha256] = added }
        }
    }

    /// Runs `write`, the transaction that calls ``place()``; when it fails, the files this placement added are taken out
    /// of the store again.
    func run<T>(_ write: () async throws -> T) async throws -> T {
        do {
            let result = try await write()
            await finish(committed: true)
            return result
        } catch {
            await finish(committed: false)
            throw error
        }
    }

    private func finish(committed: Bool) async {
        for (hash, added) in placed.withLockedValue({ $0 }) {
            await store.release(hash, added: added, committed: committed)
        }
    }
}

/// Files under `<data dir>/files/ab/cd/<sha256>`, written to a temporary name first and then renamed, so that a
/// half-written file is never visible and a failed upload leaves nothing behind. Hashing and disk work run on the
/// file threads (``FileIO``): never on the few threads that run every request's async code, nor on the pool that runs
/// SQLite's statements.
struct LocalFileStore: FileStore {
    let root: String
    var threadPool: NIOThreadPool?

    func put(_ data: Data) async throws -> StoredFile {
        guard let threadPool else { return try write(data) }
        return try await threadPool.runIfActive { try write(data) }
    }

    func get(_ hash: String) async throws -> Data? {
        guard let threadPool else { return try read(hash) }
        return try await threadPool.runIfActive { try read(hash) }
    }

    /// Files being placed, by path: how many placements hold each, and whether a second one came while the first was
    /// open (then a failed first placement must not take the file out). One table for the process.
    private static let claims = NIOLockedValueBox<[String: (count: Int, shared: Bool)]>([:])

    func adopt(_ file: TempFile) async throws -> Bool {
        guard let target = path(file.sha256) else { throw AppError.badRequest(CoreText.error500) }
        Self.claims.withLockedValue { table in
            var entry = table[target] ?? (0, false)
            if entry.count > 0 { entry.shared = true }
            entry.count += 1
            table[target] = entry
        }
        let move = { @Sendable () throws -> Bool in
            let fm = FileManager.default
            if fm.fileExists(atPath: target) {
                try? fm.removeItem(atPath: file.path)
                return false
            }
            let folder = (target as NSString).deletingLastPathComponent
            // The folders are ready (``prepare(_:)``, before the write lock), unless this file was not prepared.
            let prepared = fm.fileExists(atPath: folder)
            if !prepared { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            // Same disk as the temporary file: a rename, atomic, so a half-written file is never visible.
            guard rename(file.path, target) == 0 else { throw IOError(errnoCode: errno, reason: "rename") }
            // The new name on the disk before the row that names it commits.
            if prepared { try? Self.flush(folder) } else { Self.flushFolders(of: target) }
            return true
        }
        do {
            // Done in place, not on a pool thread: it runs while the write lock is held, and a rename is a few
            // microseconds where waiting for a pool thread (busy with statements) could be milliseconds.
            return try move()
        } catch {
            await release(file.sha256, added: false, committed: false)
            throw error
        }
    }

    /// Flushes each file's bytes, makes its folders `ab/cd/` and flushes them and their parents, so that only the new
    /// name is left to flush once it is renamed in (a folder made by another upload meanwhile is flushed here too: its
    /// name is on the disk before this file's row commits, whoever made it).
    func prepare(_ files: [TempFile]) throws {
        for f in files where !f.isOverCap {
            try Self.flush(f.path)
            guard let target = path(f.sha256) else { continue }
            if FileManager.default.fileExists(atPath: target) { continue }
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            Self.flushFolders(of: target)
        }
    }

    func release(_ hash: String, added: Bool, committed: Bool) async {
        guard let target = path(hash) else { return }
        let shared = Self.claims.withLockedValue { table -> Bool in
            guard var entry = table[target] else { return true }
            entry.count -= 1
            table[target] = entry.count > 0 ? entry : nil
            return entry.shared
        }
        if !committed, added, !shared { unlink(target) }
    }

    func path(_ hash: String) -> String? {
        guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit && ($0.isNumber || $0.isLowercase) }) else { return nil }
        let a = hash.prefix(2), b = hash.dropFirst(2).prefix(2)
        return "\(root)/\(a)/\(b)/\(hash)"
    }

    private func write(_ data: Data) throws -> StoredFile {
        let hash = SHA256.hash(data: data).hexString
        guard let target = path(hash) else { throw AppError.badRequest(CoreText.error500) }
        let fm = FileManager.default
        if fm.fileExists(atPath: target) { return StoredFile(hash: hash, size: data.count) }
        let dir = (target as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temp = "\(dir)/.tmp-\(UUID().uuidString)"
        do {
            try data.write(to: URL(fileURLWithPath: temp)) // already a temporary name: renamed below
            try Self.flush(temp)
            if fm.fileExists(atPath: target) { try? fm.removeItem(atPath: temp) } else { try fm.moveItem(atPath: temp, toPath: target) }
            Self.flushFolders(of: target)
        } catch {
            try? fm.removeItem(atPath: temp)
            if !fm.fileExists(atPath: target) { throw error }
        }
        return StoredFile(hash: hash, size: data.count)
    }

    /// A stored file is on the disk (bytes and name) before the row that names it commits, so that a power cut after the
    /// commit cannot leave a row without its file (SQLite runs with synchronous=FULL; see docs/operations.md).
    static func flush(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "open") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw IOError(errnoCode: errno, reason: "fsync") }
    }

    /// The new name in `ab/cd/`, and `ab/cd/` and `ab/` themselves when they were just created.
    static func flushFolders(of target: String) {
        var dir = (target as NSString).deletingLastPathComponent
        for _ in 0..<3 {
            try? flush(dir)
            dir = (dir as NSString).deletingLastPathComponent
        }
    }

    private func read(_ hash: String) throws -> Data? {
        guard let p = path(hash), FileManager.default.fileExists(atPath: p) else { return nil }
        return try Data(contentsOf: URL(fileURLWithPath: p))
    }
}

extension Application {
    private struct FileStoreKey: StorageKey { typealias Value = any FileStore }

    var files: any FileStore {
        // The store's disk work on the file threads, not on the pool that runs SQLite's statements (``FileIO``).
        get { storage[FileStoreKey.self] ?? LocalFileStore(root: (settings.dataDirectory as NSString).appendingPathComponent("files"), threadPool: FileIO.threadPool) }
        set { storage[FileStoreKey.self] = newValue }
    }
}

/// What a file really is, judged by its first bytes, never by its name.
enum FileKind: String, Sendable, CaseIterable {
    case pdf, png, jpeg, gif, webp, docx, xlsx, doc, xls

    var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        }
    }

    var fileExtension: String { rawValue == "jpeg" ? "jpg" : rawValue }

    /// Recognises the accepted evidence types; nil for anything else (executables, scripts, archives, text…).
    static func sniff(_ data: Data) -> FileKind? {
        let b = [UInt8](data.prefix(8))
        func starts(_ sig: [UInt8]) -> Bool { b.count >= sig.count && Array(b.prefix(sig.count)) == sig }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf }                       // %PDF-
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x47, 0x49, 0x46, 0x38]) { return .gif }                             // GIF8
        if starts([0x52, 0x49, 0x46, 0x46]), data.count > 12, [UInt8](data[data.startIndex + 8 ..< data.startIndex + 12]) == Array("WEBP".utf8) { return .webp }
        if starts([0x50, 0x4B, 0x03, 0x04]) {                                           // ZIP: only Office documents
            let window = data.prefix(2_000_000)
            if window.range(of: Data("word/".utf8)) != nil { return .docx }
            if window.range(of: Data("xl/".utf8)) != nil { return .xlsx }
            return nil
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {                   // OLE2: legacy Word or Excel
            let window = data.prefix(2_000_000)
            if window.range(of: Data("W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t".utf8)) != nil { return .doc }
            return .xls
        }
        return nil
    }
}

extension Request {
    /// The name a download of an uploaded file is saved under, from the name it was uploaded with: its stem without
    /// the extension (``storedFile(hash:contentType:filename:inline:cache:)`` adds the stored type's), diacritics
    /// folded, anything but letters and digits one "-": "Biên bản họp thôn (lần 2).pdf" → "bien-ban-hop-thon-lan-2".
    static func downloadStem(_ original: String, fallback: String) -> String {
        var stem = Substring(original)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        var out = ""
        for c in TextFolding.fold(String(stem)) {
            if c.isASCII, c.isLetter || c.isNumber { out.append(c) } else if !out.isEmpty, out.last != "-" { out.append("-") }
            if out.count >= 80 { break }
        }
        while out.last == "-" { out.removeLast() }
        return out.isEmpty ? fallback : out
    }

    /// A stored file as a download: its checked type, a name we make (never the uploader's), no sniffing, no caching.
    func storedFile(hash: String?, contentType: String?, filename stem: String, inline: Bool = false, cache: Bool = false) async throws -> Response {
        guard let hash, let data = try await application.files.get(hash) else { throw AppError.notFound }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType ?? "application/octet-stream")
        let ext = FileKind.allCases.first { $0.contentType == contentType }?.fileExtension ?? "bin"
        headers.contentDisposition = .init(inline ? .inline : .attachment, filename: "\(stem).\(ext)")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        if !cache { headers.replaceOrAdd(name: .cacheControl, value: "private, no-store") }
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
