import Foundation
import Vapor

/// Counts and times every answered request by method, route and status (``AppMetrics/request(method:route:status:nanoseconds:)``),
/// and counts the bytes of uploads collected in memory (``AppMetrics/uploadBytes(_:)``).
///
/// It sits outside the error middleware, so the status is the one the client got (a 404 page, a 422 form), and the
/// time includes rendering it.
struct HTTPMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        AppMetrics.requestsInFlight.increment()
        defer { AppMetrics.requestsInFlight.decrement() }
        do {
            let response = try await next.respond(to: request)
            Self.record(request, status: response.status.code, start: start)
            return response
        } catch {
            // Only an error the error middleware did not turn into a page reaches here; Vapor answers it with a 500.
            Self.record(request, status: (error as? any AbortError)?.status.code ?? 500, start: start)
            throw error
        }
    }

    private static func record(_ request: Request, status: UInt, start: UInt64) {
        AppMetrics.request(method: method(request), route: route(request), status: status,
                           nanoseconds: AppMetrics.elapsed(since: start))
        if request.route?.userInfo[BodyLimit.key] != nil { countUpload(request, status: status) }
    }

    /// The bytes of an upload route's body (uploads and imports register a body cap), counted once: by the code that
    /// read it as it streamed (``Request/countUploadBytes(_:)``), else here — the collected body, or for a body that
    /// was streamed without being counted, the length it announced (unless it was cut off: 413, 408).
    private static func countUpload(_ request: Request, status: UInt) {
        if request.storage[UploadCountedKey.self] == true { return }
        if let body = request.body.data {
            AppMetrics.uploadBytes(body.readableBytes)
        } else if status != 413, status != 408, let length = request.headers.first(name: .contentLength).flatMap(Int.init) {
            AppMetrics.uploadBytes(length)
        }
    }

    private static let standardMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// The method, or `other` for a made-up one (a client may send any token there).
    static func method(_ request: Request) -> String {
        let raw = request.method.rawValue
        return standardMethods.contains(raw) ? raw : "other"
    }

    /// The route's registered pattern (`/reports/:year/units/:id`); what a middleware answered says its own name
    /// (``Request/metricsRoute``); anything else (404, 405) is `unmatched`.
    static func route(_ request: Request) -> String {
        if let route = request.route {
            return "/" + route.path.map(\.description).joined(separator: "/")
        }
        return request.metricsRoute ?? "unmatched"
    }
}

struct UploadCountedKey: StorageKey { typealias Value = Bool }

extension Request {
    private struct MetricsRouteKey: StorageKey { typealias Value = String }

    /// Counts `count` bytes of this request's upload as they are read from a streamed body (call it with each piece),
    /// so that ``HTTPMetricsMiddleware`` does not count the body again.
    func countUploadBytes(_ count: Int) {
        storage[UploadCountedKey.self] = true
        AppMetrics.uploadBytes(count)
    }

    /// The route label of a request answered by a middleware rather than a route (a static file, `/metrics`). Only
    /// ever set to a constant, so that the label stays bounded.
    var metricsRoute: String? {
        get { storage[MetricsRouteKey.self] }
        set { storage[MetricsRouteKey.self] = newValue }
    }
}
