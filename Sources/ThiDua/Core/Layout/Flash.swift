import Foundation
import Vapor

/// A one-time message shown after a redirect ("Đã lưu…"). Carried in a short-lived cookie.
struct Flash: Sendable {
    enum Kind: String, Sendable { case success, error, info, warning }
    let kind: Kind
    let message: String

    static let cookieName = "thidua_flash"

    var cookieValue: String {
        let raw = "\(kind.rawValue)|\(message)"
        return Data(raw.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    init?(cookieValue: String) {
        var b64 = cookieValue.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let raw = String(data: data, encoding: .utf8),
              let bar = raw.firstIndex(of: "|"), let kind = Kind(rawValue: String(raw[..<bar])) else { return nil }
        self.kind = kind
        self.message = String(raw[raw.index(after: bar)...])
    }
}

extension Request {
    /// The flash message that came with this request, if any.
    var flash: Flash? { cookies[Flash.cookieName].flatMap { Flash(cookieValue: $0.string) } }

    /// Redirects (303) and shows `flash` on the next page.
    func redirect(to url: SiteURL, flash: Flash?) -> Response {
        redirect(to: url.path, flash: flash)
    }

    func redirect(to path: String, flash: Flash?) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let flash {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(
                string: flash.cookieValue, maxAge: 60, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

/// Clears the flash cookie once a page has shown it.
struct FlashMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let hadFlash = request.cookies[Flash.cookieName] != nil
        let response = try await next.respond(to: request)
        if hadFlash, request.method == .GET, response.cookies[Flash.cookieName] == nil,
           response.headers.contentType?.subType == "html" {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/")
        }
        return response
    }
}
