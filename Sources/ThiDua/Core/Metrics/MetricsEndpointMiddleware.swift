import Foundation
import Vapor

/// `GET /metrics`: the Prometheus text exposition of ``AppMetrics``, for a scraper that sends
/// `Authorization: Bearer $THIDUA_METRICS_TOKEN`.
///
/// - Without `THIDUA_METRICS_TOKEN` the path is not there: the request goes on and gets the usual 404 page.
/// - With it, a request without the token or with another one gets 401 with `WWW-Authenticate: Bearer` (a scraper that
///   is set up wrong says so in its target list; the path's existence is no secret, the token is). The token is
///   compared in constant time.
///
/// Answered by a middleware before the session is looked up, so a scrape costs no database work and needs no row in
/// the permission matrix.
struct MetricsEndpointMiddleware: AsyncMiddleware {
    static let path = "/metrics"
    /// The content type of the Prometheus text format, version 0.0.4 (written out: a media type's parameters would
    /// come in any order).
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The SHA-256 of the token; nil when `THIDUA_METRICS_TOKEN` is unset.
    let tokenDigest: [UInt8]?

    init(token: String?) {
        tokenDigest = token.map { Array(SHA256.hash(data: Data($0.utf8))) }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let tokenDigest, request.url.path == Self.path, request.method == .GET || request.method == .HEAD else {
            return try await next.respond(to: request)
        }
        request.metricsRoute = Self.path
        guard let sent = Self.bearerToken(request), Self.constantTimeEquals(Array(SHA256.hash(data: Data(sent.utf8))), tokenDigest) else {
            var headers = HTTPHeaders()
            headers.contentType = .plainText
            headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return Response(status: .unauthorized, headers: headers, body: .init(string: "401 Unauthorized\n"))
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: Self.contentType)
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: AppMetrics.exposition())))
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let value = request.headers.first(name: .authorization) else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// Equal digests, in a time that does not depend on where they differ.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
