import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 16, the attacker's finding: a form with one name repeated tens of thousands of times cost Vapor's parser the
/// square of the repeats, even on the sign-in form. Its fields are now counted in one pass, and an oversized form is
/// refused (413) before anything parses it.
@Suite("Forms: fields counted before parsing")
struct FormFieldLimitTests {
    /// 40,000 repeats of one name, the attacker's body, sent to the sign-in form with no session: refused with the
    /// Vietnamese message, and the sign-in form still answers the next person.
    @Test func theAttackersFormOnTheSignInPageIsRefusedBeforeItIsParsed() async throws {
        try await withTestApp { app, _ in
            let form = try await SecurityTests.loginForm(app)
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(form.cookie)")
            headers.contentType = .urlEncodedForm
            let body = String(repeating: "a=1&", count: 40_000) + "_csrf=\(form.token)&username=thuky&password=x"
            let refused = try await app.send(.POST, "/login", headers: headers, body: ByteBuffer(string: body))
            #expect(refused.status == .payloadTooLarge)
            #expect(refused.text.contains("Biểu mẫu gửi lên có quá nhiều trường (tối đa 20.000 trường, mỗi tên tối đa 5.000 lần)"))
            // The same name written another way (`%61` is `a`, `a[]`, `a[x]`) counts as the same name.
            let disguised = (0..<5_001).map { ["a=1", "%61=1", "a[]=1", "a%5Bx\($0)%5D=1"][$0 % 4] }.joined(separator: "&")
            let refusedAgain = try await app.send(.POST, "/login", headers: headers,
                                                  body: ByteBuffer(string: disguised + "&_csrf=\(form.token)&username=thuky&password=x"))
            #expect(refusedAgain.status == .payloadTooLarge)
            let next = try await SecurityTests.webLogin(app, try await SecurityTests.loginForm(app), "thuky", Fixtures.password)
            #expect(next.status == .seeOther)
        }
    }

    /// A query string is counted too (every page reads its filters from one); an API body is JSON and never a form.
    @Test func aQueryStringWithTooManyFieldsIsRefused() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let query = String(repeating: "year=2026&", count: 5_001)
            let res = try await app.get("/indicators?" + query, as: s)
            #expect(res.status == .payloadTooLarge)
            #expect(try await app.get("/indicators?" + String(repeating: "year=2026&", count: 50), as: s).status == .ok)
        }
    }

    /// The caps themselves: at them a form passes, one over it is refused; empty pairs (`&&`) count for nothing.
    @Test func theCapsCountNamesAsVaporDecodesThem() throws {
        let atCap = String(repeating: "id[]=1&", count: FormFieldLimit.maxRepeats)
        #expect(throws: Never.self) { try FormFieldLimit.check(urlEncoded: Array(atCap.utf8)) }
        #expect(throws: Never.self) { try FormFieldLimit.check(urlEncoded: Array((atCap + "&&&&").utf8)) }
        #expect(throws: AppError.self) { try FormFieldLimit.check(urlEncoded: Array((atCap + "%69%64=2").utf8)) }
        #expect(throws: AppError.self) { try FormFieldLimit.check(urlEncoded: Array((atCap + "id").utf8)) }
        // Distinct names: up to the total cap.
        let distinct = (0..<FormFieldLimit.maxFields).map { "f\($0)=x" }.joined(separator: "&")
        #expect(throws: Never.self) { try FormFieldLimit.check(urlEncoded: Array(distinct.utf8)) }
        #expect(throws: AppError.self) { try FormFieldLimit.check(urlEncoded: Array((distinct + "&one=more").utf8)) }
        // A value's `=`, `[` or `%` is not part of the name.
        #expect(throws: Never.self) {
            try FormFieldLimit.check(urlEncoded: Array((0..<FormFieldLimit.maxRepeats).map { "n\($0)=a[=%61" }.joined(separator: "&").utf8))
        }
        // Multipart names, as an upload's text fields come.
        #expect(throws: Never.self) { try FormFieldLimit.check(names: Array(repeating: "memberRole[]", count: FormFieldLimit.maxRepeats)) }
        #expect(throws: AppError.self) {
            try FormFieldLimit.check(names: Array(repeating: "memberRole[]", count: FormFieldLimit.maxRepeats) + ["memberRole"])
        }
    }

    /// The largest real form, approving every figure a review page lists (two fields a figure), passes the caps with
    /// room: 2,000 figures in one post.
    @Test func approvingTwoThousandFiguresAtOncePassesTheCaps() throws {
        let pairs = (0..<2_000).flatMap { _ in ["id[]=\(UUID().uuidString.lowercased())", "version[]=3"] } + ["year=2026", "_csrf=t"]
        #expect(throws: Never.self) { try FormFieldLimit.check(urlEncoded: Array(pairs.joined(separator: "&").utf8)) }
    }

    /// The attacker's second round: canonically equivalent names (`é` written two ways), one name multiplied through
    /// a multipart body on a route that takes no upload, and a boundary thousands of characters long.
    @Test func equivalentNamesMultipartFieldsAndLongBoundariesAreRefused() async throws {
        // `%C3%A9` and `e%CC%81` are one name for Swift's dictionary, so they count as one name.
        let equivalent = (0..<FormFieldLimit.maxRepeats + 1).map { $0 % 2 == 0 ? "x%C3%A9=1" : "xe%CC%81=1" }.joined(separator: "&")
        #expect(throws: AppError.self) { try FormFieldLimit.check(urlEncoded: Array(equivalent.utf8)) }
        try await withTestApp { app, _ in
            let form = try await SecurityTests.loginForm(app)
            func multipart(_ boundary: String, _ parts: [(String, String)]) -> (HTTPHeaders, ByteBuffer) {
                var headers = HTTPHeaders()
                headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(form.cookie)")
                headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
                var body = ""
                for (name, value) in parts { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
                body += "--\(boundary)--\r\n"
                return (headers, ByteBuffer(string: body))
            }
            let many = multipart("b", Array(repeating: ("a[]", "1"), count: FormFieldLimit.maxRepeats + 1) + [("_csrf", form.token)])
            #expect(try await app.send(.POST, "/login", headers: many.0, body: many.1).status == .payloadTooLarge)
            let long = multipart(String(repeating: "-", count: 2_000) + "x", [("_csrf", form.token), ("username", "thuky")])
            #expect(try await app.send(.POST, "/login", headers: long.0, body: long.1).status == .badRequest)
            // A real multipart sign-in (a browser may send one) still reads its token from the part headers.
            let fine = multipart("----WebKitFormBoundary7MA4YWxkTrZu0gW", [("_csrf", form.token), ("username", "thuky"), ("password", Fixtures.password)])
            #expect(try await app.send(.POST, "/login", headers: fine.0, body: fine.1).status != .forbidden)
        }
    }
}

