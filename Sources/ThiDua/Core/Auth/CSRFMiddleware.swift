import Foundation
import Vapor

/// Every browser request that changes data must carry the `_csrf` field of its form:
/// the session's token when signed in, or the `thidua_csrf` cookie's value on the login form.
/// The API is exempt: it accepts bearer tokens only, never the session cookie.
///
/// A browser's body often arrives in several reads (any form over a few kilobytes, every upload). The body is
/// collected first, with the route's cap (``BodyLimit``), so the token is read from the whole body: a missing or wrong
/// token is refused exactly as before, whatever the size.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "thidua_csrf"
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !request.isAPI, ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            try await BodyLimit.collect(request)
            let sent: String?
            if let type = request.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"],
               let body = request.body.data {
                // Only the part headers are read: a forged upload costs no parse of its megabytes.
                sent = BodyLimit.multipartField(Self.field, in: body, boundary: boundary) ?? request.headers.first(name: "X-CSRF-Token")
            } else {
                sent = (try? request.content.get(String.self, at: Self.field)) ?? request.headers.first(name: "X-CSRF-Token")
            }
            let expected = request.currentUser?.csrfToken ?? request.cookies[Self.cookieName]?.string
            guard let sent, let expected, !expected.isEmpty, Self.constantTimeEquals(sent, expected) else {
                throw AppError.csrf
            }
        }
        return try await next.respond(to: request)
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
