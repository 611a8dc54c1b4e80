#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MultipartKit
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

/// What an upload route takes: the file part's name and cap, the whole body's cap, and the text fields' cap.
struct UploadLimits: Sendable {
    /// The name of the file part (`<input type="file" name="file">`).
    var fileField = "file"
    /// The file's cap. A larger file is read to its end but not kept, so the page can say so beside the field.
    var fileBytes: Int
    /// The whole body's cap: past it the request is refused at once (413), whatever remains unread.
    var bodyBytes: Int
    /// All text fields together; they are kept in memory.
    var fieldBytes = 2 * 1024 * 1024

    /// An evidence-like upload of at most `uploadMaxBytes` (the body may hold up to about twice that: a file somewhat
    /// too large still gets its message beside the field, and base64 in JSON is a third larger).
    static func upload(_ uploadMaxBytes: Int) -> UploadLimits {
        UploadLimits(fileBytes: uploadMaxBytes, bodyBytes: BodyLimit.upload(uploadMaxBytes))
    }
}

/// The body of an upload route once received: the text fields (in memory) and the file (on disk).
struct ReceivedUpload: Sendable {
    struct Field: Sendable {
        let name: String
        let value: String
        /// The part's own `Content-Disposition`, kept to decode the fields exactly as a whole multipart body would be.
        let disposition: String
    }

    /// The text fields in the order they came (a repeated name — table rows — comes several times).
    let pairs: [Field]
    /// The file part, or nil when none was sent or none was chosen (an empty part without a name).
    let file: TempFile?
    /// The multipart boundary; nil when the body was not multipart (a form without a file, JSON: then it was collected).
    let boundary: String?

    /// The text fields by name (the last value of a repeated name).
    var fields: [String: String] { Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }) }

    /// The text fields decoded as a form (`[]` names become arrays, as with `req.content.decode`); a `File` property
    /// of `T` is nil (the file is ``file``).
    func decode<T: Decodable>(_ type: T.Type, _ req: Request) throws -> T {
        guard let boundary else { return try req.content.decode(T.self) }
        var buffer = ByteBuffer()
        for f in pairs {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: \(f.disposition)\r\n\r\n")
            buffer.writeString(f.value)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return try FormDataDecoder().decode(T.self, from: buffer, boundary: boundary)
    }
}

/// Receives an upload's body as it arrives: text fields in memory (capped), the file to a temporary file on disk,
/// hashed on the way, never the whole body in memory. The caps are enforced while streaming.
///
/// A route takes an upload with ``Vapor/RoutesBuilder/on(_:_:upload:use:)``; the body is received before its handler
/// runs, the handler reads it with `try req.upload`, and the temporary file is removed when the request ends. The
/// browser's `_csrf` field is checked here (``CSRFMiddleware`` leaves it pending): it must come before the file part
/// (every form puts it first), or be sent as an `X-CSRF-Token` header.
enum StreamedUpload {
    static let routeKey = "streamedUpload"
    /// The session's token, when ``CSRFMiddleware`` left the check to the body's reading.
    struct PendingCSRFKey: StorageKey { typealias Value = String }
    struct ReceivedKey: StorageKey { typealias Value = ReceivedUpload }

    /// Bytes of the file gathered before each write to disk.
    static let writeChunk = 128 * 1024

    /// Receives the body of `req` (once; later calls return the same): for a bulk importer,
    /// `let upload = try await StreamedUpload.receive(req, fileField: "file", maxBytes: 50 << 20)`.
    static func receive(_ req: Request, fileField: String = "file", maxBytes: Int) async throws -> ReceivedUpload {
        try await receive(req, UploadLimits(fileField: fileField, fileBytes: maxBytes, bodyBytes: maxBytes + 2 * 1024 * 1024 + 65_536))
    }

    static func receive(_ req: Request, _ limits: UploadLimits) async throws -> ReceivedUpload {
        if let done = req.storage[ReceivedKey.self] { return done }
        let received = try await withDeadline(BodyLimit.deadline) { try await read(req, limits) }
        req.storage[ReceivedKey.self] = received
        return received
    }

    /// The folder of this process's temporary files, under the data directory (the same disk as the store, so that a
    /// file is moved in by a rename; beside the store, not in it, so that the store holds stored files only).
    static func incomingDirectory(dataDirectory: String) -> String {
        "\((dataDirectory as NSString).appendingPathComponent("incoming"))/\(getpid())"
    }

    /// Removes the temporary files of processes that are gone (a crash mid-upload), and this process id's own (left by
    /// an earlier process that had the same id). Called once at start-up.
    static func sweepIncoming(dataDirectory: String) {
        let root = (dataDirectory as NSString).appendingPathComponent("incoming")
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: root)) ?? [] {
            if let pid = Int32(name), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }
            try? fm.removeItem(atPath: "\(root)/\(name)")
        }
    }

    private static func withDeadline<T: Sendable>(_ limit: TimeAmount, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(limit.nanoseconds))
                throw Abort(.requestTimeout)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Abort(.requestTimeout) }
            return value
        }
    }

    private static func read(_ req: Request, _ limits: UploadLimits) async throws -> ReceivedUpload {
        let csrf = req.storage[PendingCSRFKey.self]
        let type = req.headers.contentType
        if let type, type.type == "multipart", let boundary = type.parameters["boundary"], !boundary.isEmpty {
            return try await MultipartReceiver(req, boundary: boundary, limits: limits, csrf: csrf).run()
        }
        if type == .binary, req.isFileUpload {
            // The body is the file itself (the API; a browser never sends this, so a pending token cannot be in it).
            if csrf != nil { throw AppError.csrf }
            return ReceivedUpload(pairs: [], file: try await receiveRaw(req, limits), boundary: nil)
        }
        // A form without a file: small, collected within the cap of any form (2 MB). JSON (the API's base64 file) within
        // the route's cap. Never the upload cap for a page: that would hold tens of megabytes per request in memory.
        try await BodyLimit.collect(req, max: req.isAPI ? nil : req.application.routes.defaultMaxBodySize.value)
        if let csrf {
            guard let sent = try? req.content.get(String.self, at: CSRFMiddleware.field), CSRFMiddleware.tokenMatches(sent, csrf)
            else { throw AppError.csrf }
        }
        return ReceivedUpload(pairs: [], file: nil, boundary: nil)
    }

    private static func receiveRaw(_ req: Request, _ limits: UploadLimits) async throws -> TempFile {
        let writer = try IncomingFile(req, limits: limits, filename: "", contentType: nil)
        var body = req.body.makeAsyncIterator()
        var total = 0
        do {
            while var chunk = try await body.next() {
                total += chunk.readableBytes
                if total > limits.bodyBytes { throw AppError.payloadTooLarge }
                writer.take(&chunk)
                if writer.pendingBytes >= writeChunk { try await writer.flush() }
            }
            // A connection cut half-way ends the body early: fewer bytes than announced is no file.
            if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length != total { throw Abort(.badRequest) }
            return try await writer.finish()
        } catch {
            writer.discard()
            await drainRest(&body, total: total, limits: limits, after: error)
            throw error
        }
    }

    /// Reads and drops the rest of a body refused half-way (a token after the file, a part that cannot be parsed), up
    /// to the route's cap, so that the connection can carry the next request: Vapor stops reading a connection whose
    /// body was abandoned. A body over the cap is not read further (its connection is left to close).
    static func drainRest(_ body: inout Request.Body.AsyncIterator, total: Int, limits: UploadLimits, after error: any Error) async {
        if case AppError.payloadTooLarge = error { return }
        var total = total
        while total <= limits.bodyBytes, let chunk = try? await body.next() { total += chunk.readableBytes }
    }
}

/// The file part being written: bytes gathered, then written and hashed on the blocking-work pool.
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
        threadPool = req.application.threadPool
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

/// Reads a `multipart/form-data` body chunk by chunk with multipart-kit's streaming parser: text parts into memory
/// (``UploadLimits/fieldBytes``), the file part to an ``IncomingFile``, any other file part skipped.
private final class MultipartReceiver {
    private enum Part {
        case text(name: String, disposition: String, bytes: [UInt8])
        case file(IncomingFile)
        case skip
    }

    private let req: Request
    private let boundary: String
    private let limits: UploadLimits
    private let csrf: String?
    private let parser: MultipartStream
    private var csrfChecked = false
    private var headers: [(String, String)] = []
    private var part: Part?
    private var pairs: [ReceivedUpload.Field] = []
    private var fieldBytes = 0
    private var writer: IncomingFile?
    private var fileDone = false
    private var failure: (any Error)?
    /// The last bytes of the body, to see its closing delimiter (a cut connection ends the body without one).
    private var tail: [UInt8] = []

    init(_ req: Request, boundary: String, limits: UploadLimits, csrf: String?) {
        self.req = req
        self.boundary = boundary
        self.limits = limits
        self.csrf = csrf
        parser = MultipartStream(boundary: boundary)
        parser.onHeader = { [unowned self] name, value in headers.append((name, value)) }
        parser.onBody = { [unowned self] buffer in body(&buffer) }
        parser.onPartComplete = { [unowned self] in complete() }
    }

    func run() async throws -> ReceivedUpload {
        var body = req.body.makeAsyncIterator()
        var total = 0
        do {
            while let chunk = try await body.next() {
                total += chunk.readableBytes
                if total > limits.bodyBytes { throw AppError.payloadTooLarge }
                keepTail(chunk)
                do { try parser.execute(chunk) } catch { throw AppError.badRequest(CoreText.errorBadRequest) }
                if let failure { throw failure }
                if let writer, writer.pendingBytes >= StreamedUpload.writeChunk { try await writer.flush() }
            }
            let closing = Array("--\(boundary)--".utf8)
            guard tail.count >= closing.count, (0...(tail.count - closing.count)).contains(where: { Array(tail[$0..<$0 + closing.count]) == closing })
            else { throw AppError.badRequest(CoreText.errorBadRequest) }
            if csrf != nil && !csrfChecked { throw AppError.csrf }
            var file: TempFile?
            if let writer {
                let received = try await writer.finish()
                // An empty part with no name is a file input left empty: no file chosen.
                if received.size == 0 && received.filename.isEmpty { received.remove() } else { file = received }
            }
            return ReceivedUpload(pairs: pairs, file: file, boundary: boundary)
        } catch {
            writer?.discard()
            await StreamedUpload.drainRest(&body, total: total, limits: limits, after: error)
            throw error
        }
    }

    private func keepTail(_ chunk: ByteBuffer) {
        tail.append(contentsOf: chunk.readableBytesView.suffix(boundary.count + 256))
        if tail.count > boundary.count + 256 { tail.removeFirst(tail.count - boundary.count - 256) }
    }

    private func classify() -> Part {
        var h = HTTPHeaders()
        for (name, value) in headers { h.add(name: name, value: value) }
        let disposition = h.first(name: .contentDisposition) ?? ""
        let parsed = h.contentDisposition
        let name = parsed?.name ?? ""
        guard let filename = parsed?.filename else { return .text(name: name, disposition: disposition, bytes: []) }
        // A file: the token must have come first, so that a forged upload costs no disk.
        if csrf != nil && !csrfChecked {
            failure = AppError.csrf
            return .skip
        }
        guard name == limits.fileField, writer == nil, let file = try? IncomingFile(req, limits: limits, filename: filename,
                                                                                   contentType: h.first(name: .contentType)) else { return .skip }
        writer = file
        return .file(file)
    }

    private func body(_ buffer: inout ByteBuffer) {
        guard failure == nil else { return }
        if part == nil { part = classify() }
        switch part {
        case .text(let name, let disposition, var bytes):
            fieldBytes += buffer.readableBytes
            if fieldBytes > limits.fieldBytes {
                failure = AppError.payloadTooLarge
                return
            }
            part = nil // not holding a second reference while appending
            bytes.append(contentsOf: buffer.readableBytesView)
            part = .text(name: name, disposition: disposition, bytes: bytes)
        case .file(let file):
            file.take(&buffer)
        case .skip, .none:
            break
        }
    }

    private func complete() {
        guard failure == nil else { return }
        if part == nil { part = classify() }
        if case .text(let name, let disposition, let bytes) = part {
            let value = String(decoding: bytes, as: UTF8.self)
            if name == CSRFMiddleware.field, let csrf, !csrfChecked {
                guard CSRFMiddleware.tokenMatches(value, csrf) else {
                    failure = AppError.csrf
                    return
                }
                csrfChecked = true
            }
            pairs.append(.init(name: name, value: value, disposition: disposition))
        }
        headers = []
        part = nil
    }
}

extension Request {
    /// The body of an upload route, received before its handler ran (``StreamedUpload``).
    var upload: ReceivedUpload {
        get throws {
            guard let received = storage[StreamedUpload.ReceivedKey.self] else {
                throw AppError.badRequest("upload read on a route not registered with on(_:_:upload:use:)")
            }
            return received
        }
    }
}

extension RoutesBuilder {
    /// A route that takes an upload: its body is streamed (``StreamedUpload``), received with `limits` before the
    /// handler runs (the CSRF token checked on the way), and the temporary file is removed when the handler is done
    /// (a file moved into the store meanwhile is not touched).
    @discardableResult
    func on<R: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: [PathComponent], upload limits: UploadLimits,
                                       use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        let route = on(method, path, body: .stream) { req async throws -> Response in
            let received = try await StreamedUpload.receive(req, limits)
            defer { received.file?.remove() }
            return try await closure(req).encodeResponse(for: req)
        }
        route.userInfo[BodyLimit.key] = limits.bodyBytes
        route.userInfo[StreamedUpload.routeKey] = limits
        return route
    }

    @discardableResult
    func on<R: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: PathComponent..., upload limits: UploadLimits,
                                       use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(method, path, upload: limits, use: closure)
    }
}

/// A streaming `multipart/form-data` parser that finds each delimiter with `memmem` over whole chunks (multipart-kit's
/// parser reads its input a byte at a time: about 1 MB/s, so three uploads at once held both cores). Calls
/// `onHeader` for each part header, `onBody` with the part's bytes as they come (a part may arrive in many calls) and
/// `onPartComplete` at each part's end. The preamble and the epilogue are ignored.
final class MultipartStream {
    enum Failure: Error { case malformed }

    private enum State { case preamble, afterDelimiter, headers, body, done }

    var onHeader: (String, String) -> Void = { _, _ in }
    var onBody: (inout ByteBuffer) -> Void = { _ in }
    var onPartComplete: () -> Void = {}

    /// CRLF "--" boundary: the body starts with "--" boundary, so the stream is read as if a CRLF came first.
    private let delimiter: [UInt8]
    private var state = State.preamble
    private var pending: [UInt8] = [13, 10]
    /// Part headers larger than this are refused (a browser sends a few hundred bytes).
    static let maxHeaderBytes = 16 * 1024

    init(boundary: String) {
        delimiter = [13, 10, 45, 45] + Array(boundary.utf8)
    }

    func execute(_ chunk: ByteBuffer) throws {
        pending.append(contentsOf: chunk.readableBytesView)
        try advance()
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard pending.count - start >= needle.count else { return nil }
        return pending.withUnsafeBytes { hay in
            needle.withUnsafeBytes { n in
                // memchr to the next candidate first byte, then memcmp (memmem is not exported by Glibc here).
                let base = hay.baseAddress!, last = hay.count - n.count
                var i = start
                while i <= last {
                    guard let p = memchr(base + i, Int32(n[0]), last - i + 1) else { return nil }
                    let j = base.distance(to: UnsafeRawPointer(p))
                    if memcmp(base + j, n.baseAddress!, n.count) == 0 { return j }
                    i = j + 1
                }
                return nil
            }
        }
    }

    private func emit(_ count: Int) {
        guard count > 0 else { return }
        var buffer = ByteBuffer(bytes: pending[0..<count])
        onBody(&buffer)
    }

    private func advance() throws {
        while true {
            switch state {
            case .preamble:
                if let i = find(delimiter, from: 0) {
                    pending.removeFirst(i + delimiter.count)
                    state = .afterDelimiter
                } else {
                    if pending.count >= delimiter.count { pending.removeFirst(pending.count - delimiter.count + 1) }
                    return
                }
            case .afterDelimiter:
                guard pending.count >= 2 else { return }
                if pending[0] == 45 && pending[1] == 45 {  // "--": the closing delimiter
                    state = .done
                    pending = []
                    return
                }
                // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
                var i = 0
                while i < pending.count && (pending[i] == 32 || pending[i] == 9) { i += 1 }
                guard pending.count >= i + 2 else { return }
                guard pending[i] == 13 && pending[i + 1] == 10 else { throw Failure.malformed }
                pending.removeFirst(i + 2)
                state = .headers
            case .headers:
                // An empty header block: the part's body starts at once.
                if pending.count >= 2 && pending[0] == 13 && pending[1] == 10 {
                    pending.removeFirst(2)
                    state = .body
                    continue
                }
                guard let end = find([13, 10, 13, 10], from: 0) else {
                    if pending.count > Self.maxHeaderBytes { throw Failure.malformed }
                    return
                }
                guard end <= Self.maxHeaderBytes else { throw Failure.malformed }
                let block = String(decoding: pending[0..<end], as: UTF8.self)
                for line in block.components(separatedBy: "\r\n") where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed }
                    onHeader(line[..<colon].trimmingCharacters(in: .whitespaces), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                pending.removeFirst(end + 4)
                state = .body
            case .body:
                if let i = find(delimiter, from: 0) {
                    emit(i)
                    onPartComplete()
                    pending.removeFirst(i + delimiter.count)
                    state = .afterDelimiter
                } else {
                    // Everything but what could be the start of a delimiter split across chunks.
                    let safe = pending.count - (delimiter.count - 1)
                    if safe > 0 {
                        emit(safe)
                        pending.removeFirst(safe)
                    }
                    return
                }
            case .done:
                pending = []
                return
            }
        }
    }
}
