import Foundation
import Vapor

/// Every browser request that changes data must carry the `_csrf` field of its form:
/// the session's token when signed in, or the `thidua_csrf` cookie's value on the login form.
/// The API is exempt: it accepts bearer tokens only, never the session cookie.
///
/// A browser's body often arrives in several reads (any form over a few kilobytes, every upload). The body is
/// collected first, with the route's cap (``BodyLimit``), so the token is read from the whole body: a missing or wrong
/// token is refused exactly as before, whatever the size. Upload routes (``StreamedUpload``) are not collected: their
/// token is read from the part before the file, or from an `X-CSRF-Token` header.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "thidua_csrf"
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !request.isAPI, ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            if request.route?.userInfo[StreamedUpload.routeKey] != nil {
                // An upload is never collected: its token is checked as the body streams in, before the file part
                // (``StreamedUpload``), or here when it comes as a header.
                guard let expected = request.currentUser?.csrfToken ?? request.cookies[Self.cookieName]?.string, !expected.isEmpty
                else { throw AppError.csrf }
                if let header = request.headers.first(name: "X-CSRF-Token") {
                    guard Self.tokenMatches(header, expected) else { throw AppError.csrf }
                } else {
                    request.storage[StreamedUpload.PendingCSRFKey.self] = expected
                }
                return try await next.respond(to: request)
            }
            try await BodyLimit.collect(request)
            let sent: String?
            if let boundary = try BodyLimit.multipartBoundary(request), let body = request.body.data {
                // Only the part headers are read: a forged upload costs no parse of its megabytes. Its fields are
                // counted as a form's are (Vapor's multipart decoder would read them all).
                let parts = BodyLimit.multipartParts(in: body, boundary: boundary)
                try FormFieldLimit.check(names: parts.lazy.map(\.name))
                sent = parts.first { $0.name == Self.field && $0.value != nil }?.value ?? request.headers.first(name: "X-CSRF-Token")
            } else {
                // An oversized form is refused as such (413), not as a missing token: its fields are counted first.
                if request.headers.contentType == .urlEncodedForm, let body = request.body.data {
                    try FormFieldLimit.check(urlEncoded: body.readableBytesView)
                }
                sent = (try? request.content.get(String.self, at: Self.field)) ?? request.headers.first(name: "X-CSRF-Token")
            }
            let expected = request.currentUser?.csrfToken ?? request.cookies[Self.cookieName]?.string
            guard let sent, let expected, !expected.isEmpty, Self.tokenMatches(sent, expected) else {
                throw AppError.csrf
            }
        }
        return try await next.respond(to: request)
    }

    /// A masked token starts with this: `~` is not in the base64url alphabet of a plain token, so the two never mix up
    /// (a plain token may well start with any letter).
    static let maskedPrefix = "~"

    /// The token as a page writes it: masked anew for every form (`~` + hex(mask) + hex(token XOR mask)), so that
    /// no two responses carry the same bytes for it. A compressed page that also echoes what an attacker typed (a
    /// search box) then says nothing about the token through its size (BREACH).
    static func masked(_ token: String) -> String {
        let t = Array(token.utf8)
        let mask = [UInt8].random(count: t.count)
        return maskedPrefix + (mask + zip(t, mask).map { $0 ^ $1 }).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a sent token (masked, as pages write it, or as it is, as a client that read it may send it in the
    /// `X-CSRF-Token` header) is the expected one; compared in constant time.
    static func tokenMatches(_ sent: String, _ expected: String) -> Bool {
        let n = expected.utf8.count
        guard sent.hasPrefix(maskedPrefix), sent.utf8.count == 1 + 4 * n else { return constantTimeEquals(sent, expected) }
        let hex = Array(sent.utf8.dropFirst())
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * n)
        var i = 0
        while i < hex.count {
            guard let hi = nibble(hex[i]), let lo = nibble(hex[i + 1]) else { return false }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        let unmasked = (0..<n).map { bytes[$0] ^ bytes[n + $0] }
        let e = Array(expected.utf8)
        var diff: UInt8 = 0
        for k in 0..<n { diff |= unmasked[k] ^ e[k] }
        return diff == 0
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
