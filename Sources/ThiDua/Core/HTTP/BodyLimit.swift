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

    /// Collects a body that is still arriving (a body that came with the head is already collected), with the route's
    /// cap: over it, 413.
    static func collect(_ request: Request) async throws {
        guard request.body.data == nil else { return }
        let max = bytes(for: request)
        _ = try await request.eventLoop.flatSubmit { request.body.collect(max: max) }.get()
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
