import Foundation
import Vapor

/// Gives every request one id: on every log line of the request (`request-id`), in the `X-Request-Id` answer header,
/// and on the error pages and JSON errors, so that a person can quote it to support and it finds the log lines.
///
/// A proxy's `X-Request-Id` is kept when it is 8–64 letters, digits or `-` (an nginx `$request_id`, a UUID), so the
/// proxy's and the server's logs share it; anything else is replaced by a new UUID: the id goes into logs and pages,
/// and a client must not write there what it likes. Vapor's own `request.id` takes the header unchecked, so the code
/// reads ``Request/requestID`` and this middleware sets the logger's `request-id` to the same value.
///
/// Outermost middleware: the error pages and every other answer get the header.
struct RequestIDMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.accepted(request.headers.first(name: .xRequestId)) ?? UUID().uuidString.lowercased()
        request.requestID = id
        request.logger[metadataKey: "request-id"] = .string(id)
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .xRequestId, value: id)
        return response
    }

    /// The incoming id when it is safe to keep: 8 to 64 of `A-Z a-z 0-9 -`.
    static func accepted(_ value: String?) -> String? {
        guard let value, (8...64).contains(value.utf8.count), value.utf8.allSatisfy(isIDByte) else { return nil }
        return value
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "-"): true
        default: false
        }
    }
}

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    /// This request's id (see ``RequestIDMiddleware``); outside the middleware, Vapor's own `id` when it is safe.
    var requestID: String {
        get { storage[RequestIDKey.self] ?? RequestIDMiddleware.accepted(id) ?? "-" }
        set { storage[RequestIDKey.self] = newValue }
    }
}
