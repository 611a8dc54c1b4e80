import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Sign-in, sessions, CSRF and lockout")
struct AuthTests {
    @Test func everyRoleSignsInAndSeesItsHome() async throws {
        try await withTestApp { app, _ in
            for role in Role.allCases {
                let session = try await app.login(Fixtures.username(role))
                let home = try await app.get("/", as: session)
                #expect(home.status == .ok)
                #expect(home.body.string.contains("<h1 class=\"page-title\">Trang làm việc</h1>"))
                #expect(home.body.string.contains(role.label), "home of \(role) names the role")
            }
        }
    }

    @Test func sessionCookieIsHttpOnlyAndLax() async throws {
        try await withTestApp { app, _ in
            let page = try await app.testing().sendRequest(.GET, "/login")
            let csrf = try #require(page.headers.setCookie?[CSRFMiddleware.cookieName])
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf.string)")
            headers.contentType = .urlEncodedForm
            let res = try await app.send(.POST, "/login", headers: headers,
                                                          body: formBody(["_csrf": csrf.string, "username": "thuky", "password": Fixtures.password]))
            let raw = res.headers[.setCookie].first { $0.hasPrefix(SessionAuthenticator.cookieName) } ?? ""
            #expect(raw.contains("HttpOnly"))
            #expect(raw.contains("SameSite=Lax"))
        }
    }

    @Test func anonymousPagesRedirectToLoginAndAPIAnswers401() async throws {
        try await withTestApp { app, _ in
            let page = try await app.get("/units", as: nil)
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/login?next=/units")
            let api = try await app.api(.GET, "/api/v1/me", token: nil)
            #expect(api.status == .unauthorized)
            #expect(try decode(APIError.self, api).error.code == "unauthenticated")
        }
    }

    @Test func wrongPasswordIsRefusedWithVietnameseMessage() async throws {
        try await withTestApp { app, _ in
            let page = try await app.testing().sendRequest(.GET, "/login")
            let csrf = try #require(page.headers.setCookie?[CSRFMiddleware.cookieName]?.string)
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
            headers.contentType = .urlEncodedForm
            let res = try await app.send(.POST, "/login", headers: headers,
                                                          body: formBody(["_csrf": csrf, "username": "thuky", "password": "sai-mat-khau1"]))
            #expect(res.status == .unauthorized)
            #expect(res.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
            #expect(res.body.string.contains("value=\"thuky\""), "the username typed is kept")
            #expect(res.headers.setCookie?[SessionAuthenticator.cookieName] == nil)
        }
    }

    @Test func formWithoutOrWithWrongCSRFTokenChangesNothing() async throws {
        try await withTestApp { app, fx in
            let session = try await app.login("thuky")
            let before = try await Unit.query(on: app.db).count()
            let missing = try await app.post("/units", as: session, ["code": "X-1", "name": "Đơn vị mới", "kind": "agency"], csrf: "")
            #expect(missing.status == .forbidden)
            let wrong = try await app.post("/units", as: session, ["code": "X-1", "name": "Đơn vị mới", "kind": "agency"], csrf: "forged")
            #expect(wrong.status == .forbidden)
            #expect(wrong.body.string.contains("Phiên làm việc của biểu mẫu"))
            #expect(try await Unit.query(on: app.db).count() == before)
            // The login form is protected too (double-submit cookie).
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let login = try await app.send(.POST, "/login", headers: headers,
                                                            body: formBody(["username": "thuky", "password": Fixtures.password]))
            #expect(login.status == .forbidden)
            _ = fx
        }
    }

    @Test func fiveFailuresMakeTheNextAttemptWaitThenItOpens() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock) { app, _ in
            for _ in 0..<5 {
                let res = try await app.api(.POST, "/api/v1/sessions", token: nil, json: #"{"username":"thuky","password":"wrong-pass1"}"#)
                #expect(res.status == .unauthorized)
            }
            // Even the right password is refused from that address while the account waits, with a Vietnamese message.
            let locked = try await app.api(.POST, "/api/v1/sessions", token: nil, json: #"{"username":"thuky","password":"\#(Fixtures.password)"}"#)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers.first(name: .retryAfter) == "1")
            #expect(try decode(APIError.self, locked).error.message == "Đăng nhập sai nhiều lần. Vui lòng thử lại sau 1 giây.")
            // The web form says the same.
            let page = try await app.testing().sendRequest(.GET, "/login")
            let csrf = try #require(page.headers.setCookie?[CSRFMiddleware.cookieName]?.string)
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf)")
            headers.contentType = .urlEncodedForm
            let web = try await app.send(.POST, "/login", headers: headers,
                                                          body: formBody(["_csrf": csrf, "username": "thuky", "password": Fixtures.password]))
            #expect(web.status == .tooManyRequests)
            #expect(web.headers.first(name: .retryAfter) == "1")
            #expect(web.body.string.contains("Đăng nhập sai nhiều lần. Vui lòng thử lại sau 1 giây."))
            // The lockout is audited.
            let lockouts = try await AuditEntry.query(on: app.db).filter(\.$action == "lockout").count()
            #expect(lockouts == 1)
            // Other accounts are not affected.
            _ = try await app.apiToken("admin")
            // After the wait the account opens again.
            clock.advance(by: 1)
            _ = try await app.apiToken("thuky")
        }
    }

    @Test func fourFailuresDoNotLock() async throws {
        try await withTestApp { app, _ in
            for _ in 0..<4 {
                _ = try await app.api(.POST, "/api/v1/sessions", token: nil, json: #"{"username":"thuky","password":"wrong-pass1"}"#)
            }
            _ = try await app.apiToken("thuky")
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await withTestApp { app, _ in
            let session = try await app.login("thuky")
            let out = try await app.post("/logout", as: session)
            #expect(out.status == .seeOther)
            let after = try await app.get("/units", as: session)
            #expect(after.status == .seeOther, "the old cookie no longer works")
            let token = try await app.apiToken("thuky")
            #expect(try await app.api(.DELETE, "/api/v1/sessions/current", token: token).status == .noContent)
            #expect(try await app.api(.GET, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test func changePasswordChecksTheCurrentOneAndStrength() async throws {
        try await withTestApp { app, _ in
            let session = try await app.login("canhan")
            let wrong = try await app.post("/account/password", as: session, ["current": "nope", "new": "MatKhauMoi2026", "confirm": "MatKhauMoi2026"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Mật khẩu hiện tại không đúng."))
            let weak = try await app.post("/account/password", as: session, ["current": Fixtures.password, "new": "short", "confirm": "short"])
            #expect(weak.body.string.contains("ít nhất 8 ký tự"))
            let mismatch = try await app.post("/account/password", as: session, ["current": Fixtures.password, "new": "MatKhauMoi2026", "confirm": "Khac2026xx"])
            #expect(mismatch.body.string.contains("không khớp"))
            let ok = try await app.post("/account/password", as: session, ["current": Fixtures.password, "new": "MatKhauMoi2026", "confirm": "MatKhauMoi2026"])
            #expect(ok.status == .seeOther)
            _ = try await app.login("canhan", password: "MatKhauMoi2026")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "password_change").count() == 1)
        }
    }

    @Test func administratorResetsAPasswordAndEndsSessions() async throws {
        try await withTestApp { app, _ in
            let victim = try await app.login("canhan")
            let admin = try await app.login("admin")
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "canhan").first())
            let res = try await app.post("/users/\(user.id!.uuidString.lowercased())/reset-password", as: admin, ["password": "DatLai2026ok"])
            #expect(res.status == .seeOther)
            #expect(try await app.get("/", as: victim).status == .seeOther, "the user's sessions end")
            _ = try await app.login("canhan", password: "DatLai2026ok")
            // Only the administrator may do it.
            let secretariat = try await app.login("thuky")
            let refused = try await app.post("/users/\(user.id!.uuidString.lowercased())/reset-password", as: secretariat, ["password": "Khac2026abc"])
            #expect(refused.status == .forbidden)
        }
    }

    @Test func openRedirectAfterLoginIsIgnored() async throws {
        #expect(LoginController.safeNext("//evil.example") == nil)
        #expect(LoginController.safeNext("https://evil.example") == nil)
        #expect(LoginController.safeNext("/units?q=a") == "/units?q=a")
    }
}
