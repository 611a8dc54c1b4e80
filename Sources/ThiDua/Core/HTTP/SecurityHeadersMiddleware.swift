import Foundation
import Vapor

/// The browser-side protections every response carries, pages, error pages, files and JSON alike.
///
/// - `Content-Security-Policy`: scripts, styles, images, forms and fonts only from this site; no inline script or
///   style (every page uses `/app.js`, `/app.css`, the printable certificates their own stylesheet), no plugins, no
///   `<base>`, and no other site may frame a page.
/// - `X-Frame-Options: DENY` for browsers that do not read `frame-ancestors`.
/// - `X-Content-Type-Options: nosniff`: a file is only ever what its `Content-Type` says.
/// - `Referrer-Policy: same-origin`: addresses of pages (which hold ids and search words) never leave for a link's site.
/// - `Strict-Transport-Security` when the site runs behind HTTPS (`THIDUA_SECURE_COOKIES=1`).
/// - A file sent as a download (`Content-Disposition`) that did not say how it may be cached is `private, no-store`:
///   evidence and attachments hold the commune's and citizens' data and must not stay in a shared cache.
///
/// It is the outermost middleware, so the error middleware's pages get the headers too.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")
    static let strictTransportSecurity = "max-age=31536000"

    let hsts: Bool

    init(settings: Settings) {
        hsts = settings.secureCookies
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = response.headers
        var added = HTTPHeaders()
        added.replaceOrAdd(name: .contentSecurityPolicy, value: Self.contentSecurityPolicy)
        added.replaceOrAdd(name: .xFrameOptions, value: "DENY")
        added.replaceOrAdd(name: .xContentTypeOptions, value: "nosniff")
        added.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if hsts { added.replaceOrAdd(name: .strictTransportSecurity, value: Self.strictTransportSecurity) }
        if headers.first(name: .contentDisposition) != nil, headers.first(name: .cacheControl) == nil {
            added.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        }
        for (name, value) in added { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}
