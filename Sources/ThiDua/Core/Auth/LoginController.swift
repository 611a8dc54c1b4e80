import Fluent
import Foundation
import Plot
import Vapor

/// Login, logout and change-password pages, and the API's session routes.
enum LoginController {
    static func loginPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: SiteURL.home.path) }
        let token = req.cookies[CSRFMiddleware.cookieName]?.string ?? TokenDigest.newToken()
        let response = Response.html(LoginView.render(.init(
            frame: req.page(LoginText.title), csrf: token, next: safeNext(req.query[String.self, at: "next"]),
            state: FormState(), message: nil)).render())
        response.cookies[CSRFMiddleware.cookieName] = cookie(token, req)
        return response
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    static func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = TextFolding.clean(form.username)
        let password = form.password ?? ""
        var state = FormState(values: ["username": username])
        if username.isEmpty { state.errors["username"] = CoreText.required }
        if password.isEmpty { state.errors["password"] = CoreText.required }
        var message: String?
        var status = HTTPResponseStatus.ok
        var retryAfter: Int?
        if !state.hasErrors {
            switch try await AuthService.login(username: username, password: password, kind: .web, request: req) {
            case .success(let token, let expiresAt):
                let response = req.redirect(to: safeNext(form.next) ?? SiteURL.home.path, redirectType: .normal)
                response.cookies[SessionAuthenticator.cookieName] = HTTPCookies.Value(
                    string: token, expires: expiresAt, path: "/", isSecure: req.application.settings.secureCookies,
                    isHTTPOnly: true, sameSite: .lax)
                return response
            case .invalid:
                message = LoginText.invalid
                status = .unauthorized
            case .throttled(let seconds):
                message = LoginText.throttled(seconds)
                status = .tooManyRequests
                retryAfter = seconds
            }
        } else {
            status = .unprocessableEntity
        }
        let csrf = req.cookies[CSRFMiddleware.cookieName]?.string ?? TokenDigest.newToken()
        let response = Response.html(LoginView.render(.init(frame: req.page(LoginText.title), csrf: csrf, next: safeNext(form.next),
                                                            state: state, message: message)).render(), status: status)
        if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
        return response
    }

    static func logout(req: Request) async throws -> Response {
        try await AuthService.logout(request: req)
        let response = req.redirect(to: SiteURL.login().path, flash: Flash(.info, AuthText.loggedOut))
        response.cookies[SessionAuthenticator.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/")
        return response
    }

    static func changePasswordPage(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        return ChangePasswordView.render(.init(frame: req.page(LoginText.changeTitle, section: .account), csrf: user.csrfToken, state: FormState()))
    }

    struct ChangePasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    static func changePassword(req: Request) async throws -> Response {
        let current = try req.requireUser()
        let form = try req.content.decode(ChangePasswordForm.self)
        var state = FormState()
        guard let user = try await User.find(current.id, on: req.db) else { throw AppError.notFound }
        if !(try await Passwords.verify(form.current ?? "", hash: user.passwordHash, on: req.application)) {
            state.errors["current"] = AuthText.wrongCurrentPassword
        }
        if let weak = Passwords.weakness(form.new ?? "") { state.errors["new"] = weak }
        else if form.new != form.confirm { state.errors["confirm"] = AuthText.passwordsDiffer }
        if state.hasErrors {
            return Response.html(ChangePasswordView.render(.init(frame: req.page(LoginText.changeTitle, section: .account),
                                                                 csrf: current.csrfToken, state: state)).render(),
                                 status: .unprocessableEntity)
        }
        let hash = try await Passwords.hash(form.new ?? "", cost: req.application.settings.bcryptCost, on: req.application)
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            user.passwordHash = hash
            try await user.save(on: db)
            // Other sessions of this account end; this one stays.
            try await AuthSession.query(on: db).filter(\.$userID == current.id).filter(\.$id != current.sessionID).delete()
            try await AuditLog.record(on: db, actor, .passwordChange, type: AuditText.typeUser, id: current.id, label: user.username)
        }
        return req.redirect(to: .home, flash: Flash(.success, AuthText.passwordChanged))
    }

    /// The page to go to after login, when `next` is a path of this site; nil for anything else (no open redirect).
    ///
    /// A browser's URL parser drops tabs and newlines anywhere, trims spaces and control characters, reads `\\` as `/`
    /// and takes `//host` as another site: `/\t/evil.example` or `/\\evil.example` lead off the site although they
    /// start with one `/`. So: printable ASCII only (no control character, space or backslash), one `/` then anything
    /// but `/` — and the same once percent-decoded (no control character or backslash then either) — and what a URL
    /// parser reads is a path with no scheme and no host. The path and query are kept as they were sent.
    static func safeNext(_ next: String?) -> String? {
        guard let next, !next.isEmpty, next.utf8.count < 1000 else { return nil }
        func plain(_ text: String) -> Bool {
            text.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && $0 != "\\" }
        }
        func local(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.first == UInt8(ascii: "/") && (bytes.count == 1 || bytes[1] != UInt8(ascii: "/"))
        }
        guard plain(next), local(next) else { return nil }
        // Once decoded, it must still be a plain local path (`/%2F/evil.example`, `/%09/evil.example`, `/%5Cevil.example`).
        guard let decoded = next.removingPercentEncoding, local(decoded),
              !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\\" }) else { return nil }
        guard let parsed = URLComponents(string: next), parsed.scheme == nil, parsed.host == nil, parsed.user == nil,
              parsed.port == nil, parsed.percentEncodedPath.hasPrefix("/") else { return nil }
        return parsed.percentEncodedPath + (parsed.percentEncodedQuery.map { "?\($0)" } ?? "")
    }

    static func cookie(_ token: String, _ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, path: "/", isSecure: req.application.settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    // MARK: API

    struct SessionRequest: Content {
        let username: String
        let password: String
    }

    struct SessionResponse: Content {
        let token: String
        let expiresAt: Date
    }

    static func apiCreateSession(req: Request) async throws -> Response {
        let body = try req.decodeJSON(SessionRequest.self)
        var fields: [String: String] = [:]
        if body.username.trimmingCharacters(in: .whitespaces).isEmpty { fields["username"] = CoreText.required }
        if body.password.isEmpty { fields["password"] = CoreText.required }
        if !fields.isEmpty { throw AppError.validation(fields: fields) }
        switch try await AuthService.login(username: body.username, password: body.password, kind: .api, request: req) {
        case .success(let token, let expiresAt):
            let response = Response(status: .created)
            try response.content.encode(SessionResponse(token: token, expiresAt: expiresAt), using: APIJSON.encoder)
            return response
        case .invalid:
            throw AppError.unauthenticated
        case .throttled(let seconds):
            let error = AppError.tooManyRequests(LoginText.throttled(seconds))
            let response = AppErrorMiddleware.response(for: error, request: req, original: error)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        }
    }

    static func apiDeleteSession(req: Request) async throws -> Response {
        try await AuthService.logout(request: req)
        return Response(status: .noContent)
    }

    struct MeResponse: Content {
        let id: UUID
        let username: String
        let displayName: String
        let commune: String
        let roles: [String]
        let unitId: UUID?
        let personId: UUID?
    }

    static func apiMe(req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try APIJSON.response(MeResponse(id: user.id, username: user.username, displayName: user.displayName,
                                               commune: user.communeName, roles: user.sortedRoles.map(\.rawValue),
                                               unitId: user.unitID, personId: user.personID))
    }
}
