import Fluent
import Foundation
import Vapor

/// Finds the session of a request — the `thidua_session` cookie for browsers, `Authorization: Bearer` for the API —
/// and stores the matching ``CurrentUser`` on the request. Requests without a valid session stay anonymous;
/// routes that need a user say so with ``RequireUserMiddleware``.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookieName = "thidua_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = Self.token(of: request) {
            request.currentUser = try await Self.user(forToken: token.value, viaAPI: token.viaAPI, on: request.db, now: request.now)
        }
        return try await next.respond(to: request)
    }

    /// The API reads only the bearer token and pages only the cookie, so a browser's cookie can never drive the
    /// API (which has no CSRF check).
    static func token(of request: Request) -> (value: String, viaAPI: Bool)? {
        if request.isAPI {
            guard let bearer = request.headers.bearerAuthorization?.token, !bearer.isEmpty else { return nil }
            return (bearer, true)
        }
        guard let cookie = request.cookies[cookieName]?.string, !cookie.isEmpty else { return nil }
        return (cookie, false)
    }

    static func user(forToken token: String, viaAPI: Bool, on db: any Database, now: Date) async throws -> CurrentUser? {
        let kind: AuthSession.Kind = viaAPI ? .api : .web
        guard let session = try await AuthSession.query(on: db)
            .filter(\.$tokenHash == TokenDigest.hash(token))
            .filter(\.$kind == kind.rawValue)
            .first(),
            session.expiresAt > now,
            let user = try await User.find(session.userID, on: db),
            user.isActive,
            let commune = try await Commune.find(user.communeID, on: db)
        else { return nil }
        let roles = try await UserRole.query(on: db).filter(\.$userID == session.userID).all()
            .compactMap { Role(rawValue: $0.role) }
        return CurrentUser(
            id: try user.requireID(), communeID: user.communeID, communeName: commune.displayName,
            username: user.username, displayName: user.displayName, roles: Set(roles),
            unitID: user.unitID, personID: user.personID, sessionID: try session.requireID(),
            csrfToken: session.csrfToken, viaAPI: viaAPI)
    }
}

/// Random tokens and their stored digests.
enum TokenDigest {
    /// 32 random bytes, URL-safe base64.
    static func newToken() -> String {
        let bytes = [UInt8].random(count: 32)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Refuses anonymous requests: a browser is sent to the login page, an API client gets 401.
struct RequireUserMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.currentUser != nil else {
            if request.isAPI { throw AppError.unauthenticated }
            let target = request.url.path + (request.url.query.map { "?\($0)" } ?? "")
            return request.redirect(to: SiteURL.login(next: target).path)
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// True for requests under `/api/`.
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
