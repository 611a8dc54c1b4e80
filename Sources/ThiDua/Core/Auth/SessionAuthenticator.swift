import Fluent
import Foundation
import SQLKit
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

    /// The session's user in one statement (every request runs this): the session with its user and commune, a row
    /// per role of the user (one row with no role when the user has none).
    static func user(forToken token: String, viaAPI: Bool, on db: any Database, now: Date) async throws -> CurrentUser? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let kind: AuthSession.Kind = viaAPI ? .api : .web
        let rows = try await sql.raw("""
            SELECT s.id AS session_id, s.csrf_token, s.expires_at, u.id AS user_id, u.commune_id, u.username, u.display_name,
                   u.unit_id, u.person_id, u.is_active, c.name AS commune_name, r.role
            FROM auth_sessions s JOIN users u ON u.id = s.user_id JOIN communes c ON c.id = u.commune_id
            LEFT JOIN user_roles r ON r.user_id = u.id
            WHERE s.token_hash = \(bind: TokenDigest.hash(token)) AND s.kind = \(bind: kind.rawValue)
            """).all()
        guard let row = rows.first,
              try row.decode(column: "expires_at", as: Date.self) > now,
              try row.decode(column: "is_active", as: Bool.self)
        else { return nil }
        let roles = try rows.compactMap { try $0.decode(column: "role", as: String?.self).flatMap(Role.init(rawValue:)) }
        return CurrentUser(
            id: try row.decode(column: "user_id", as: UUID.self), communeID: try row.decode(column: "commune_id", as: UUID.self),
            communeName: Commune.displayName(try row.decode(column: "commune_name", as: String.self)),
            username: try row.decode(column: "username", as: String.self), displayName: try row.decode(column: "display_name", as: String.self),
            roles: Set(roles), unitID: try row.decode(column: "unit_id", as: UUID?.self), personID: try row.decode(column: "person_id", as: UUID?.self),
            sessionID: try row.decode(column: "session_id", as: UUID.self), csrfToken: try row.decode(column: "csrf_token", as: String.self),
            viaAPI: viaAPI)
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
        SHA256.hash(data: Data(token.utf8)).hexString
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
