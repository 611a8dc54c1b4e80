#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOCore
import Vapor

/// A file received from a request body: written, as its bytes arrived, to a temporary file under the data directory
/// (`<data>/incoming/<pid>/`) and hashed (SHA-256) on the way. It is moved into the store by
/// ``FileStore/placing(_:_:)`` in the transaction that records its row; the route removes what is left when the request
/// ends, and a start-up removes what a crashed process left (``StreamedUpload/sweepIncoming(dataDirectory:)``).
struct TempFile: Sendable {
    let path: String
    /// Bytes of the file part (all of them, also past the cap).
    let size: Int
    /// Lower-case hex SHA-256 of the bytes; empty when ``isOverCap``.
    let sha256: String
    /// The name the sender gave (never used as a path), "" when the body is the file itself.
    let filename: String
    let contentType: String?
    /// The first bytes, kept to judge the type without reading the file again.
    let head: Data
    /// More than the file cap arrived: nothing was kept (the handler says so beside the field).
    let isOverCap: Bool

    /// Removes the temporary file (nothing when it was already moved into the store).
    func remove() { unlink(path) }

    /// What the file is, by its first bytes (``FileKind``). Office documents are looked into, up to 2 MB, from the disk.
    func kind(threadPool: NIOThreadPool) async throws -> FileKind? {
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04], ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0]
        let start = [UInt8](head.prefix(4))
        guard start == zip || start == ole, !isOverCap else { return FileKind.sniff(head) }
        let path = self.path
        let window = try await threadPool.runIfActive { () -> Data in
            guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
            defer { try? handle.close() }
            return try handle.read(upToCount: 2_000_000) ?? Data()
        }
        return FileKind.sniff(window)
    }

    /// The whole file's bytes (for a store that keeps files elsewhere than on this disk).
    func data(threadPool: NIOThreadPool) async throws -> Data {
        let path = self.path
        return try await threadPool.runIfActive { try Data(contentsOf: URL(fileURLWithPath: path)) }
    }
}

/// The file part being written: bytes gathered, then written and hashed on the file threads (``FileIO``).
/// Used by one task at a time, each call awaited (hence `@unchecked Sendable`: the pool runs one call at a time).
final class IncomingFile: @unchecked Sendable {
    let path: String
    let filename: String
    let contentType: String?
    private let cap: Int
    private let directory: String
    private let threadPool: NIOThreadPool
    private var fd: Int32 = -1
    private var hasher = SHA256()
    private var pending = ByteBuffer()
    private(set) var size = 0
    private var head = Data()
    private(set) var isOverCap = false

    init(_ req: Request, limits: UploadLimits, filename: String, contentType: String?) throws {
        directory = StreamedUpload.incomingDirectory(dataDirectory: req.application.settings.dataDirectory)
        path = "\(directory)/\(UUID().uuidString)"
        self.filename = filename
        self.contentType = contentType
        cap = limits.fileBytes
        threadPool = FileIO.threadPool
    }

    var pendingBytes: Int { pending.readableBytes }

    /// Counts and gathers bytes of the part; past the cap, only counts them.
    func take(_ buffer: inout ByteBuffer) {
        size += buffer.readableBytes
        if isOverCap { return }
        if size > cap {
            isOverCap = true
            pending.clear()
            return
        }
        if head.count < 64 { head.append(contentsOf: buffer.readableBytesView.prefix(64 - head.count)) }
        pending.writeBuffer(&buffer)
    }

    /// Writes and hashes what was gathered.
    func flush() async throws {
        if isOverCap {
            closeFile(remove: true)
            return
        }
        guard pending.readableBytes > 0 || fd < 0 else { return }
        let bytes = pending
        pending = ByteBuffer()
        try await threadPool.runIfActive { try self.append(bytes) }
    }

    private func append(_ bytes: ByteBuffer) throws {
        if fd < 0 {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "open") }
        }
        try bytes.withUnsafeReadableBytes { raw in
            hasher.update(bufferPointer: raw)
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw IOError(errnoCode: errno, reason: "write")
                }
                offset += n
            }
        }
    }

    /// The received file, written whole and closed.
    func finish() async throws -> TempFile {
        try await flush()
        closeFile(remove: isOverCap)
        let digest = isOverCap ? "" : hasher.finalize().hexString
        return TempFile(path: path, size: size, sha256: digest, filename: filename, contentType: contentType, head: head, isOverCap: isOverCap)
    }

    /// Closes and removes the file (a body that failed half-way).
    func discard() { closeFile(remove: true) }

    private func closeFile(remove: Bool) {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if remove { unlink(path) }
    }
}
