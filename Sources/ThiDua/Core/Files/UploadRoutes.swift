import Vapor

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
