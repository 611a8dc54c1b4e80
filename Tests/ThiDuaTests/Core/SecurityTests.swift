import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 12: sign-in throttling, the redirect after login, the security headers and the bcrypt length limit.
@Suite("Security: throttling, redirects, headers, password length")
struct SecurityTests {
    static let attacker = "203.0.113.66"
    static let owner = "198.51.100.20"
    static let elsewhere = "192.0.2.77"

    /// The login form's anti-forgery cookie and token, as a browser gets them from the login page.
    static func loginForm(_ app: Application, next: String? = nil) async throws -> (cookie: String, token: String, page: String) {
        var path = "/login"
        if let next { path += "?next=" + next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let page = try await app.testing().sendRequest(.GET, path)
        let cookie = try #require(page.headers.setCookie?[CSRFMiddleware.cookieName]?.string)
        return (cookie, try #require(extractCSRF(page.body.string)), page.body.string)
    }

    /// POST /login over the socket, from `address` (sent as `X-Forwarded-For`, believed with `trustProxy`).
    static func webLogin(_ app: Application, _ form: (cookie: String, token: String, page: String), _ username: String, _ password: String,
                         from address: String? = nil, next: String? = nil) async throws -> HTTPResult {
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(form.cookie)")
        headers.contentType = .urlEncodedForm
        if let address { headers.add(name: .xForwardedFor, value: address) }
        var fields = ["_csrf": form.token, "username": username, "password": password]
        if let next { fields["next"] = next }
        return try await app.send(.POST, "/login", headers: headers, body: formBody(fields))
    }

    /// POST /api/v1/sessions over the socket, from `address`.
    static func apiLogin(_ app: Application, _ username: String, _ password: String, from address: String? = nil) async throws -> HTTPResult {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let address { headers.add(name: .xForwardedFor, value: address) }
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        return try await app.send(.POST, "/api/v1/sessions", headers: headers, body: ByteBuffer(data: body))
    }

    // MARK: 3. Sign-in throttling

    /// BREACH: a compressed page that echoes a search term must say nothing of the token through its size, so the
    /// token is never the same bytes twice.
    @Test func theFormTokenIsMaskedAnewOnEveryPage() async throws {
        try await withTestApp { app, fx in
            let session = try await app.login("thuky")
            let first = try #require(extractCSRF(try await app.get("/people?q=abc", as: session).body.string))
            let second = try #require(extractCSRF(try await app.get("/people?q=abc", as: session).body.string))
            #expect(first != second)
            let raw = try #require(try await AuthSession.query(on: app.db).all().first { CSRFMiddleware.tokenMatches(first, $0.csrfToken) }?.csrfToken)
            #expect(!first.contains(raw) && !second.contains(raw), "the plain token is on no page")
            #expect(CSRFMiddleware.tokenMatches(second, raw))
            // A plain token may start with any base64url letter (a public form sends its cookie's token as it is).
            for plain in ["m" + String(repeating: "A", count: 42), "~" + String(repeating: "A", count: 42)] {
                #expect(CSRFMiddleware.tokenMatches(plain, plain))
                #expect(CSRFMiddleware.tokenMatches(CSRFMiddleware.masked(plain), plain))
            }
            // Both masked values are accepted by a form; another session's token, masked, is not.
            let unit = ["name": "Tổ công nghệ số thôn Mới", "code": "TCNS-M", "kind": "village"]
            #expect(try await app.post("/units", as: session, unit, csrf: first).status != .forbidden)
            let other = try await app.login("admin")
            let foreign = try #require(extractCSRF(try await app.get("/", as: other).body.string))
            #expect(try await app.post("/units", as: session, unit, csrf: foreign).status == .forbidden)
            #expect(try await app.post("/units", as: session, unit, csrf: CSRFMiddleware.maskedPrefix + String(repeating: "0", count: 4 * raw.utf8.count)).status == .forbidden)
            _ = fx
        }
    }

    @Test func fortyWrongPasswordsAtOnceGetAtMostFiveChecksAndTheOwnerStillSignsIn() async throws {
        let clock = TestClock()
        try await withTestApp(clock: clock, settings: { $0.trustProxy = true }) { app, _ in
            let form = try await Self.loginForm(app)
            // The owner signed in from their office before.
            #expect(try await Self.webLogin(app, form, "thuky", Fixtures.password, from: Self.owner).status == .seeOther)
            let checksBefore = app.passwordChecks.value
            let results = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
                for i in 0..<40 {
                    group.addTask { try await Self.webLogin(app, form, "thuky", "sai-mat-khau-\(i)", from: Self.attacker) }
                }
                return try await group.reduce(into: [HTTPResult]()) { $0.append($1) }
            }
            let checks = app.passwordChecks.value - checksBefore
            let wrong = results.filter { $0.status == .unauthorized }
            let refused = results.filter { $0.status == .tooManyRequests }
            #expect(checks <= LoginThrottle.accountLimit, "\(checks) passwords checked")
            #expect(wrong.count <= LoginThrottle.accountLimit && !wrong.isEmpty)
            #expect(wrong.count + refused.count == 40)
            for r in refused {
                #expect(Int(r.headers.first(name: .retryAfter) ?? "") ?? 0 >= 1)
                #expect(r.text.contains("Đăng nhập sai nhiều lần. Vui lòng thử lại sau"))
            }
            // The stranger's right password does not get through either while the account waits…
            #expect(try await Self.webLogin(app, form, "thuky", Fixtures.password, from: Self.attacker).status == .tooManyRequests)
            // …but the owner at their own address is not locked out.
            #expect(try await Self.webLogin(app, form, "thuky", Fixtures.password, from: Self.owner).status == .seeOther)
            // From a new address the burst costs a short wait (1 s), not a quarter of an hour.
            let elsewhere = try await Self.webLogin(app, form, "thuky", Fixtures.password, from: Self.elsewhere)
            #expect(elsewhere.status == .tooManyRequests)
            #expect(elsewhere.headers.first(name: .retryAfter) == "1")
            #expect(elsewhere.text.contains("Vui lòng thử lại sau 1 giây."))
            clock.advance(by: 1)
            #expect(try await Self.webLogin(app, form, "thuky", Fixtures.password, from: Self.elsewhere).status == .seeOther)
            // The account's lock is audited once.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "lockout").count() == 1)
        }
    }

    @Test func theAPISessionIsThrottledTheSameWay() async throws {
        try await withTestApp(settings: { $0.trustProxy = true }) { app, _ in
            #expect(try await Self.apiLogin(app, "thuky", Fixtures.password, from: Self.owner).status == .created)
            let checksBefore = app.passwordChecks.value
            let results = try await withThrowingTaskGroup(of: HTTPResult.self) { group in
                for i in 0..<40 {
                    group.addTask { try await Self.apiLogin(app, "thuky", "sai-mat-khau-\(i)", from: Self.attacker) }
                }
                return try await group.reduce(into: [HTTPResult]()) { $0.append($1) }
            }
            #expect(app.passwordChecks.value - checksBefore <= LoginThrottle.accountLimit)
            let refused = results.filter { $0.status == .tooManyRequests }
            #expect(results.filter { $0.status == .unauthorized }.count <= LoginThrottle.accountLimit)
            #expect(refused.count >= 40 - LoginThrottle.accountLimit)
            let first = try #require(refused.first)
            #expect(first.headers.first(name: .retryAfter) != nil)
            let error = try decode(APIError.self, first).error
            #expect(error.code == "too_many_requests" && error.message.contains("Đăng nhập sai nhiều lần"))
            // Web and API share the counter: the web form is refused at the attacker's address too.
            let form = try await Self.loginForm(app)
            #expect(try await Self.webLogin(app, form, "thuky", Fixtures.password, from: Self.attacker).status == .tooManyRequests)
            #expect(try await Self.apiLogin(app, "thuky", Fixtures.password, from: Self.owner).status == .created)
        }
    }

    @Test func theWaitDoublesAfterEachFurtherFailureAndIsForgottenAfterAnHour() async throws {
        #expect((0..<5).map { LoginThrottle.delay(afterFailures: $0, limit: 5) } == [0, 0, 0, 0, 0])
        #expect((5..<17).map { LoginThrottle.delay(afterFailures: $0, limit: 5) } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900])
        let clock = TestClock()
        try await withTestApp(clock: clock) { app, _ in
            func attempt(_ password: String = "sai-mat-khau1") async throws -> HTTPResult {
                try await Self.apiLogin(app, "canhan", password)
            }
            for _ in 0..<5 { #expect(try await attempt().status == .unauthorized) }
            for wait in [1, 2, 4, 8] {
                let refused = try await attempt()
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers.first(name: .retryAfter) == String(wait))
                #expect(try decode(APIError.self, refused).error.message == "Đăng nhập sai nhiều lần. Vui lòng thử lại sau \(wait) giây.")
                clock.advance(by: TimeInterval(wait) - 0.5)
                #expect(try await attempt().status == .tooManyRequests, "still waiting")
                clock.advance(by: 0.5)
                #expect(try await attempt().status == .unauthorized, "checked after \(wait) s")
            }
            // Long waits are said in minutes.
            #expect(LoginText.throttled(900) == "Đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút.")
            // An hour without failures, and the account starts again from zero.
            clock.advance(by: 3601)
            for _ in 0..<4 { #expect(try await attempt().status == .unauthorized) }
            #expect(try await attempt(Fixtures.password).status == .created)
        }
    }

    @Test func oneAddressTryingManyAccountsIsSlowedOthersAreNot() async throws {
        try await withTestApp(settings: { $0.trustProxy = true }) { app, _ in
            for i in 0..<LoginThrottle.addressLimit {
                #expect(try await Self.apiLogin(app, "khongco.\(i)", "Matkhau123", from: Self.attacker).status == .unauthorized)
            }
            let sprayed = try await Self.apiLogin(app, "admin", Fixtures.password, from: Self.attacker)
            #expect(sprayed.status == .tooManyRequests)
            #expect(sprayed.headers.first(name: .retryAfter) == "1")
            #expect(try await Self.apiLogin(app, "admin", Fixtures.password, from: Self.elsewhere).status == .created)
        }
        // A loopback address (this machine, or a proxy on it without THIDUA_TRUST_PROXY) has no address counter:
        // otherwise one person's failures would slow everyone's sign-in behind the proxy.
        try await withTestApp { app, _ in
            for i in 0...LoginThrottle.addressLimit {
                let wrong = try await Self.apiLogin(app, "khongco.\(i)", "Matkhau123")
                #expect(wrong.status == .unauthorized)
            }
            let other = try await Self.apiLogin(app, "admin", Fixtures.password)
            #expect(other.status == .created)
        }
    }

    @Test func forwardedForIsIgnoredWithoutTheSetting() async throws {
        try await withTestApp { app, _ in
            // Every attempt comes from 127.0.0.1 whatever the header claims, so changing it does not escape the count.
            for i in 0..<LoginThrottle.accountLimit {
                let wrong = try await Self.apiLogin(app, "thuky", "sai-mat-khau1", from: "10.0.0.\(i)")
                #expect(wrong.status == .unauthorized)
            }
            let right = try await Self.apiLogin(app, "thuky", Fixtures.password, from: "10.0.0.99")
            #expect(right.status == .tooManyRequests)
        }
    }

    @Test func aPasswordResetForgivesTheFailures() async throws {
        try await withTestApp { app, _ in
            let admin = try await app.login("admin")
            for _ in 0..<LoginThrottle.accountLimit { _ = try await Self.apiLogin(app, "canhan", "sai-mat-khau1") }
            #expect(try await Self.apiLogin(app, "canhan", Fixtures.password).status == .tooManyRequests)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "canhan").first())
            #expect(try await app.post(SiteURL.userResetPassword(user.id).path, as: admin, ["password": "DatLai2026ok"]).status == .seeOther)
            #expect(try await Self.apiLogin(app, "canhan", "DatLai2026ok").status == .created)
        }
    }

    // MARK: 6. The redirect after login

    static let hostileNext = [
        "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example", "//evil.example",
        "///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example", "https://evil.example", "http:evil.example",
        "HTTPS://evil.example/", "javascript:alert(1)", "evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "%2F%2Fevil.example",
        "/%09/evil.example", "/%5Cevil.example", "/%5cevil.example", "/\u{0}/evil.example", "/\u{7F}/evil.example", "/\u{85}/evil.example",
        "/\u{3000}/evil.example", "/\u{FF0F}evil.example", "/ /evil.example", "",
    ]

    @Test func hostileNextValuesNeverLeaveTheSite() async throws {
        for value in Self.hostileNext {
            #expect(LoginController.safeNext(value) == nil, "\(value.debugDescription)")
        }
        #expect(LoginController.safeNext("/reports/2026?x=1") == "/reports/2026?x=1")
        #expect(LoginController.safeNext("/units?q=ngh%C4%A9a+trung&page=2") == "/units?q=ngh%C4%A9a+trung&page=2")
        #expect(LoginController.safeNext("/") == "/")
        try await withTestApp { app, _ in
            for value in Self.hostileNext {
                let form = try await Self.loginForm(app, next: value)
                #expect(!form.page.contains("evil.example"), "the login page does not carry \(value.debugDescription)")
                let res = try await Self.webLogin(app, form, "thuky", Fixtures.password, next: value)
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/", "\(value.debugDescription) → \(res.headers.first(name: .location) ?? "")")
            }
            let form = try await Self.loginForm(app, next: "/reports/2026?x=1")
            #expect(form.page.contains(#"name="next" value="/reports/2026?x=1""#))
            let res = try await Self.webLogin(app, form, "thuky", Fixtures.password, next: "/reports/2026?x=1")
            #expect(res.headers.first(name: .location) == "/reports/2026?x=1")
        }
    }

    // MARK: 9. Security headers

    static func expectSecurityHeaders(_ headers: HTTPHeaders, hsts: Bool = false, _ what: String) {
        #expect(headers.first(name: "Content-Security-Policy") == SecurityHeadersMiddleware.contentSecurityPolicy, "\(what)")
        #expect(headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what)")
        #expect(headers.first(name: "X-Frame-Options") == "DENY", "\(what)")
        #expect(headers.first(name: "Referrer-Policy") == "same-origin", "\(what)")
        #expect((headers.first(name: "Strict-Transport-Security") != nil) == hsts, "\(what)")
    }

    @Test func pagesErrorsDownloadsAndJSONCarryTheSecurityHeaders() async throws {
        #expect(SecurityHeadersMiddleware.contentSecurityPolicy.contains("script-src 'self'"))
        #expect(!SecurityHeadersMiddleware.contentSecurityPolicy.contains("unsafe-inline"))
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            Self.expectSecurityHeaders(try await app.get("/", as: s).headers, "page")
            Self.expectSecurityHeaders(try await app.get("/login", as: nil).headers, "login page")
            let missing = try await app.get("/khong-co-trang-nay", as: s)
            #expect(missing.status == .notFound)
            Self.expectSecurityHeaders(missing.headers, "error page")
            let csv = try await app.get("/units/export.csv", as: s)
            #expect(csv.status == .ok)
            Self.expectSecurityHeaders(csv.headers, "download")
            #expect(csv.headers.first(name: .cacheControl) == "private, no-store")
            let me = try await app.api(.GET, "/api/v1/me", token: try await app.apiToken("thuky"))
            #expect(me.status == .ok)
            Self.expectSecurityHeaders(me.headers, "JSON")
            Self.expectSecurityHeaders(try await app.api(.GET, "/api/v1/me", token: nil).headers, "JSON error")
            Self.expectSecurityHeaders(try await app.get("/app.css", as: nil).headers, "stylesheet")
            // A difficulty's attachment (evidence of a citizen's problem) is never kept in a cache.
            let unit = try await app.login("daumoi")
            let raised = try await uploadForm(app, "/difficulties", as: unit, fields: ["title": "Sóng di động yếu", "content": "Cuối thôn không cài được VNeID."],
                                              filename: "anh.pdf", file: pdfBytes)
            #expect(raised.status == .seeOther)
            let d = try #require(try await Difficulty.query(on: app.db).first())
            let e = try #require(try await Evidence.query(on: app.db).filter(\.$difficultyID == d.id!).first())
            let file = try await app.get(SiteURL.difficultyFile(d.id, evidence: e.id).path, as: unit)
            #expect(file.status == .ok)
            #expect(file.headers.first(name: .cacheControl) == "private, no-store")
            Self.expectSecurityHeaders(file.headers, "attachment")
            _ = fx
        }
        try await withTestApp(settings: { $0.secureCookies = true }) { app, _ in
            Self.expectSecurityHeaders(try await app.get("/login", as: nil).headers, hsts: true, "page over HTTPS")
            Self.expectSecurityHeaders(try await app.api(.GET, "/api/v1/me", token: nil).headers, hsts: true, "JSON over HTTPS")
            #expect(try await app.get("/login", as: nil).headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
        }
    }

    /// Inline script or style, which the policy blocks: a `<script>` without `src`, a `<style>` element, a `style=`
    /// attribute, an `on…=` handler or a `javascript:` address.
    static func inlineCode(in html: String) -> [String] {
        var found: [String] = []
        let patterns = [#"<script(?![^>]*\ssrc=)[^>]*>"#, #"<style[\s>]"#, #"\sstyle\s*="#, #"\son[a-z]+\s*="#, #"javascript:"#]
        for pattern in patterns {
            let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                found.append(String(html[Range(match.range, in: html)!]))
            }
        }
        return found
    }

    @Test func noPageOfTheDemoHasInlineScriptOrStyle() async throws {
        #expect(Self.inlineCode(in: #"<p style="color:red">x</p><script>alert(1)</script><script src="/app.js" defer></script>"#).count == 2)
        try await withDemoApp { app in
            // The printable certificates link their own stylesheet, which holds the A4 rules.
            let initiative = try #require(try await Initiative.query(on: app.db).all().first { $0.state == .recognised })
            let award = try #require(try await Award.query(on: app.db).first())
            var pages = ["/initiatives/\(initiative.id!.uuidString.lowercased())/certificate", "/commendations/awards/\(award.id!.uuidString)/certificate"]
            let certificateCSS = try await app.get(StaticAssetsMiddleware.certificateStylesheet, as: nil)
            #expect(certificateCSS.status == .ok && certificateCSS.text.contains("@page { size: A4 landscape;"))
            var seen = 0
            var certificates = 0
            for username in ["admin", "canbo.thidua", "chutich", "daumoi", "hoidong", "canhan"] {
                let session = try await app.login(username, password: DemoData.password)
                var queue = ["/"] + pages
                var visited = Set<String>()
                while let path = queue.first, visited.count < 90 {
                    queue.removeFirst()
                    guard visited.insert(path).inserted else { continue }
                    let res = try await app.get(path, as: session)
                    Self.expectSecurityHeaders(res.headers, "\(username) \(path)")
                    guard res.headers.contentType?.subType == "html" else { continue }
                    seen += 1
                    #expect(Self.inlineCode(in: res.text).isEmpty, "\(username) \(path): \(Self.inlineCode(in: res.text))")
                    if path.hasSuffix("/certificate"), res.status == .ok {
                        #expect(res.text.contains(#"rel="stylesheet""#) && res.text.contains("/print-"), "\(path) links its stylesheet")
                        certificates += 1
                    }
                    let regex = try NSRegularExpression(pattern: ##"href="(/[^"#]*)""##)
                    for match in regex.matches(in: res.text, range: NSRange(res.text.startIndex..., in: res.text)) {
                        let link = String(res.text[Range(match.range(at: 1), in: res.text)!]).replacingOccurrences(of: "&amp;", with: "&")
                        if !visited.contains(link), !link.hasPrefix("/logout"), !link.hasSuffix(".css"), !link.hasSuffix(".js") { queue.append(link) }
                    }
                }
                pages = []
            }
            // The public pages too.
            for path in ["/showcase/nghia-trung", "/showcase/nghia-trung/commendations", "/login"] {
                let res = try await app.get(path, as: nil)
                #expect(res.status == .ok, "\(path)")
                #expect(Self.inlineCode(in: res.text).isEmpty, "\(path)")
            }
            #expect(seen > 200, "\(seen) pages walked")
            #expect(certificates >= 2, "both printable certificates walked")
        }
    }

    // MARK: 10. bcrypt reads 72 bytes

    @Test func passwordsLongerThan72BytesAreRefusedWhereverOneIsSet() async throws {
        let ascii73 = String(repeating: "a", count: 72) + "1"
        let ascii72 = String(repeating: "a", count: 71) + "1"
        // 30 characters, but 3 bytes each for "ệ": 90 bytes.
        let vietnamese = String(repeating: "ệ", count: 29) + "1"
        #expect(Passwords.weakness(ascii73) == AuthText.passwordTooLong)
        #expect(Passwords.weakness(vietnamese) == AuthText.passwordTooLong)
        #expect(Passwords.weakness(ascii72) == nil)
        try await withTestApp { app, _ in
            // Change of password: the message is beside the new password's field.
            let s = try await app.login("canhan")
            for long in [ascii73, vietnamese] {
                let res = try await app.post("/account/password", as: s, ["current": Fixtures.password, "new": long, "confirm": long])
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains(AuthText.passwordTooLong))
                #expect(res.text.contains(#"<p class="field-error" id="e-new">\#(AuthText.passwordTooLong)</p>"#), "beside the field")
            }
            #expect(try await app.post("/account/password", as: s, ["current": Fixtures.password, "new": ascii72, "confirm": ascii72]).status == .seeOther)
            _ = try await app.login("canhan", password: ascii72)
            // The administrator's new account and reset.
            let admin = try await app.login("admin")
            let created = try await app.post("/users", as: admin, ["username": "nguoimoi", "displayName": "Người mới", "password": vietnamese,
                                                                   "roles[]": "individual", "unitId": "", "personId": ""])
            #expect(created.status == .unprocessableEntity)
            #expect(created.text.contains(AuthText.passwordTooLong))
            #expect(try await User.query(on: app.db).filter(\.$username == "nguoimoi").count() == 0)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "thuky").first())
            let reset = try await app.post(SiteURL.userResetPassword(user.id).path, as: admin, ["password": ascii73])
            #expect(reset.status == .unprocessableEntity)
            #expect(reset.text.contains(AuthText.passwordTooLong))
            #expect(reset.text.contains(#"<p class="field-error" id="e-password">\#(UsersText.resetFailed) \#(AuthText.passwordTooLong)</p>"#),
                    "beside the reset field")
            _ = try await app.login("thuky")
        }
    }
}
