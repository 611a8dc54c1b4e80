#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MultipartKit
import NIOCore
import Vapor

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
        try FormFieldLimit.check(names: pairs.lazy.map(\.name))
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
/// hashed on the way, never the whole body in memory. The caps are enforced while streaming, and each piece is counted in
/// `thidua_upload_bytes_total` as it arrives (``Vapor/Request/countUploadBytes(_:)``), so a body without a length counts too.
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
        if let boundary = try BodyLimit.multipartBoundary(req) {
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
                req.countUploadBytes(chunk.readableBytes)
                if total > limits.bodyBytes { throw AppError.payloadTooLarge }
                writer.take(&chunk)
                if writer.pendingBytes >= writeChunk { try await writer.flush() }
            }
            // A connection cut half-way ends the body early: fewer bytes than announced is no file.
            if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length != total { throw Abort(.badRequest) }
            return try await writer.finish()
        } catch {
            writer.discard()
            await drainRest(req, &body, total: total, limits: limits, after: error)
            throw error
        }
    }

    /// Reads and drops the rest of a body refused half-way (a token after the file, a part that cannot be parsed), up
    /// to the route's cap, so that the connection can carry the next request: Vapor stops reading a connection whose
    /// body was abandoned. A body over the cap is not read further (its connection is left to close). The bytes read
    /// count as received (``Vapor/Request/countUploadBytes(_:)``), as every piece of an upload's body does.
    static func drainRest(_ req: Request, _ body: inout Request.Body.AsyncIterator, total: Int, limits: UploadLimits, after error: any Error) async {
        if case AppError.payloadTooLarge = error { return }
        var total = total
        while total <= limits.bodyBytes, let chunk = try? await body.next() {
            total += chunk.readableBytes
            req.countUploadBytes(chunk.readableBytes)
        }
    }
}
