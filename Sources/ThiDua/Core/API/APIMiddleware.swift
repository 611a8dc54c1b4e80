import Foundation
import Vapor

/// Rules shared by every `/api/v1` route: a body must be JSON (415 otherwise), except on a route that takes a file as
/// it is (``Route/acceptsFile``), which also takes `application/octet-stream`. A request without a body (an action
/// such as `POST …/submit`) needs no content type.
struct APIContentTypeMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let hasBody = request.headers.contentType != nil || request.headers.first(name: .transferEncoding) != nil
            || (request.headers.first(name: .contentLength).flatMap { Int($0) } ?? 0) > 0
        if [.POST, .PUT, .PATCH].contains(request.method), hasBody {
            guard let type = request.headers.contentType,
                  type.type == "application" && (type.subType == "json" || (request.isFileUpload && type.subType == "octet-stream"))
            else { throw AppError.unsupportedMediaType }
        }
        return try await next.respond(to: request)
    }
}

extension Route {
    /// Marks a route that also takes a file's bytes as the body (`application/octet-stream`).
    @discardableResult
    func acceptsFile() -> Route {
        userInfo["acceptsFile"] = true
        return self
    }
}

extension Request {
    /// The body is a file's bytes (`application/octet-stream`) sent to a route that takes one.
    var isFileUpload: Bool {
        route?.userInfo["acceptsFile"] as? Bool == true && headers.contentType == .binary
    }
}

extension Request {
    /// Decodes a JSON body into a DTO; any problem becomes a 422 with the field named.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw AppError.validation(fields: ["body": CoreText.required], message: CoreText.invalidJSON)
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw error
        } catch {
            throw AppError.validation(fields: ["body": CoreText.invalidJSON], message: CoreText.invalidJSON)
        }
    }
}
