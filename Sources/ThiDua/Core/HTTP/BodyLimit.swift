import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// How much of a request body a route collects before anything reads it.
///
/// Vapor collects a route's body inside the route's own responder, after the middleware has run. The CSRF check
/// reads `_csrf` from the body, so it collects the body first — with the same cap the route would use, which it
/// finds here (see ``CSRFMiddleware``). A route that takes more than the default (2 MB) says so with
/// ``Vapor/RoutesBuilder/on(_:_:maxBody:use:)``.
enum BodyLimit {
    static let key = "maxBodyBytes"

    /// A form with a file of at most `uploadMaxBytes`, the file as it is or as base64 in JSON, and the other fields.
    static func upload(_ uploadMaxBytes: Int) -> Int { uploadMaxBytes * 2 + 1_048_576 }

    /// The cap of the route that answers `request`.
    static func bytes(for request: Request) -> Int {
        request.route?.userInfo[key] as? Int ?? request.application.routes.defaultMaxBodySize.value
    }

    /// How long a body may take to arrive: a phone on a slow link sends 20 MB in about three minutes. A body still not
    /// complete then is refused (408) and its connection closed, so a half-sent body never holds memory for long.
    static let deadline: TimeAmount = .seconds(300)

    /// Collects a body that is still arriving (a body that came with the head is already collected), with the route's
    /// cap (over it, 413) and ``deadline``.
    static func collect(_ request: Request, max cap: Int? = nil) async throws {
        guard request.body.data == nil else { return }
        let max = cap ?? bytes(for: request)
        let loop = request.eventLoop
        let done = NIOLockedValueBox(false)
        let promise = loop.makePromise(of: Void.self)
        let timer = loop.scheduleTask(in: deadline) {
            if done.withLockedValue({ let was = $0; $0 = true; return !was }) { promise.fail(Abort(.requestTimeout)) }
        }
        loop.execute {
            request.body.collect(max: max).whenComplete { result in
                timer.cancel()
                guard done.withLockedValue({ let was = $0; $0 = true; return !was }) else { return }
                switch result {
                case .success: promise.succeed(())
                case .failure(let error): promise.fail(error)
                }
            }
        }
        try await promise.futureResult.get()
    }

    /// The longest multipart boundary accepted (RFC 2046: 1 to 70 characters). A longer one is refused before any
    /// search: each search for it costs the body's length times the boundary's (the attacker's finding, issue 16).
    static let maxBoundary = 70

    /// The boundary of a multipart request, nil when it is not multipart; a missing, empty or over-long boundary is
    /// refused (400).
    static func multipartBoundary(_ request: Request) throws -> String? {
        guard let type = request.headers.contentType, type.type == "multipart" else { return nil }
        guard let boundary = type.parameters["boundary"], (1...maxBoundary).contains(boundary.utf8.count) else {
            throw AppError.badRequest(CoreText.errorBadRequest)
        }
        return boundary
    }

    /// The parts of a multipart body, by their headers only (the files are not parsed: a check that needs one field or
    /// the names must not cost a parse of megabytes): each part's `name` and, for a text part, its value. One pass.
    static func multipartParts(in body: ByteBuffer, boundary: String) -> [(name: String, value: String?)] {
        let delimiter = Array("--\(boundary)".utf8), blank = Array("\r\n\r\n".utf8), end = Array("\r\n--\(boundary)".utf8)
        return body.withUnsafeReadableBytes { bytes in
            var parts: [(name: String, value: String?)] = []
            var at = 0
            while let start = ByteSearch.firstOffset(of: delimiter, in: bytes, from: at) {
                let headersStart = start + delimiter.count
                guard let headersEnd = ByteSearch.firstOffset(of: blank, in: bytes, from: headersStart) else { break }
                let headers = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[headersStart..<headersEnd]), as: UTF8.self)
                let valueStart = headersEnd + blank.count
                let valueEnd = ByteSearch.firstOffset(of: end, in: bytes, from: valueStart)
                if let name = Self.headerParameter("name", in: headers) {
                    let isFile = headers.range(of: "filename=") != nil
                    parts.append((name, isFile ? nil : valueEnd.map {
                        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<$0]), as: UTF8.self)
                    }))
                }
                guard let valueEnd else { break }
                at = valueEnd + 2
            }
            return parts
        }
    }

    /// The value of the text field `name` of a multipart body (``multipartParts(in:boundary:)``).
    static func multipartField(_ name: String, in body: ByteBuffer, boundary: String) -> String? {
        multipartParts(in: body, boundary: boundary).first { $0.name == name && $0.value != nil }?.value ?? nil
    }

    /// `name="…"` of a part's Content-Disposition header (not `filename="…"`).
    private static func headerParameter(_ key: String, in headers: String) -> String? {
        var rest = headers[...]
        while let r = rest.range(of: "\(key)=\"") {
            let before = rest[..<r.lowerBound].last
            rest = rest[r.upperBound...]
            guard before == nil || before == " " || before == ";" else { continue }
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        return nil
    }
}

extension RoutesBuilder {
    /// A route whose body is collected up to `maxBody` bytes (uploads, CSV imports), recorded on the route so that the
    /// middleware that reads the body first uses the same cap.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: [PathComponent], maxBody: Int,
                                              use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = on(method, path, body: .collect(maxSize: ByteCount(value: maxBody)), use: closure)
        route.userInfo[BodyLimit.key] = maxBody
        return route
    }

    @discardableResult
    func on<Response: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: PathComponent..., maxBody: Int,
                                              use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        on(method, path, maxBody: maxBody, use: closure)
    }
}
