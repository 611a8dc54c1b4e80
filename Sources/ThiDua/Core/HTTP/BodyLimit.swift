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

    /// The value of the text field `name` of a multipart body, found by reading the part headers only (the files are
    /// not parsed: a check that needs one field must not cost a parse of megabytes).
    static func multipartField(_ name: String, in body: ByteBuffer, boundary: String) -> String? {
        let bytes = body.readableBytesView
        let delimiter = Array("--\(boundary)".utf8), header = Array("name=\"\(name)\"".utf8), blank = Array("\r\n\r\n".utf8)
        var at = bytes.startIndex
        while let start = find(delimiter, in: bytes, from: at) {
            let headersStart = start + delimiter.count
            guard let headersEnd = find(blank, in: bytes, from: headersStart) else { return nil }
            let headers = bytes[headersStart..<headersEnd]
            if find(header, in: headers, from: headers.startIndex) != nil, find(Array("filename=".utf8), in: headers, from: headers.startIndex) == nil {
                let valueStart = headersEnd + blank.count
                guard let valueEnd = find(Array("\r\n--\(boundary)".utf8), in: bytes, from: valueStart) else { return nil }
                return String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
            }
            at = headersEnd
        }
        return nil
    }

    private static func find<C: Collection>(_ needle: [UInt8], in haystack: C, from: C.Index) -> C.Index? where C.Element == UInt8 {
        guard let first = needle.first else { return nil }
        var i = from
        while i != haystack.endIndex {
            if haystack[i] == first {
                var j = i, k = 0
                while k < needle.count, j != haystack.endIndex, haystack[j] == needle[k] { j = haystack.index(after: j); k += 1 }
                if k == needle.count { return i }
            }
            i = haystack.index(after: i)
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
