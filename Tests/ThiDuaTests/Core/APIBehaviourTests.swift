import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("API contract: errors, methods, content types, OpenAPI")
struct APIBehaviourTests {
    @Test func malformedRequestsGetClearErrorsNever500() async throws {
        try await withTestApp { app, fx in
            let token = try await app.apiToken("thuky")
            let cases: [(HTTPMethod, String, String?, String, HTTPResponseStatus)] = [
                (.POST, "/api/v1/units", "{not json", "application/json", .unprocessableEntity),
                (.POST, "/api/v1/units", #"{"code": 12, "name": true}"#, "application/json", .unprocessableEntity),
                (.POST, "/api/v1/units", "[]", "application/json", .unprocessableEntity),
                (.POST, "/api/v1/units", "", "application/json", .unprocessableEntity),
                (.POST, "/api/v1/units", "code=x", "application/x-www-form-urlencoded", .unsupportedMediaType),
                (.POST, "/api/v1/units", "code=x", "text/plain", .unsupportedMediaType),
                (.PATCH, "/api/v1/units/\(fx.villageA.uuidString)", #"{"version":"one"}"#, "application/json", .unprocessableEntity),
                (.GET, "/api/v1/units/not-a-uuid", nil, "", .notFound),
                (.GET, "/api/v1/units?page=abc", nil, "", .unprocessableEntity),
                (.GET, "/api/v1/units?perPage=100000", nil, "", .unprocessableEntity),
                (.GET, "/api/v1/units?kind=spaceship", nil, "", .unprocessableEntity),
                (.GET, "/api/v1/units?includeInactive=maybe", nil, "", .unprocessableEntity),
                (.GET, "/api/v1/nothing-here", nil, "", .notFound),
                (.DELETE, "/api/v1/units", nil, "", .methodNotAllowed),
                (.PUT, "/api/v1/units/\(fx.villageA.uuidString)", #"{}"#, "application/json", .methodNotAllowed),
            ]
            for (method, path, body, type, expected) in cases {
                let res = try await app.api(method, path, token: token, json: body, contentType: type)
                #expect(res.status == expected, "\(method) \(path) \(body ?? "") → \(res.status)")
                let error = try decode(APIError.self, res).error
                #expect(!error.message.isEmpty)
                if expected == .methodNotAllowed { #expect(res.headers.first(name: .allow) != nil) }
            }
            let json = try decode(APIError.self, try await app.api(.POST, "/api/v1/sessions", token: nil, json: #"{"username":"a"}"#))
            #expect(json.error.fields["password"] != nil)
        }
    }

    @Test func controlCharactersAreRefusedOrIgnoredNever500() async throws {
        try await withTestApp { app, fx in
            let token = try await app.apiToken("thuky")
            let id = fx.villageA.uuidString.lowercased()
            let email = try await app.api(.PATCH, "/api/v1/units/\(id)", token: token, json: #"{"email":"a\u0000b@c.d"}"#)
            #expect(email.status == .unprocessableEntity)
            #expect(try decode(APIError.self, email).error.fields["email"] != nil)
            let name = try await app.api(.POST, "/api/v1/people", token: token, json: #"{"fullName":"A\u0000B"}"#)
            #expect(name.status == .unprocessableEntity)
            #expect(try await app.api(.GET, "/api/v1/units?q=%00", token: token).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/people?q=a%00b", token: token).status == .ok)
            let login = try await app.api(.POST, "/api/v1/sessions", token: nil, json: #"{"username":"a\u0000b","password":"x"}"#)
            #expect(login.status == .unauthorized)
            let s = try await app.login("thuky")
            #expect(try await app.get("/units?q=%00", as: s).status == .ok)
            #expect(try await app.get("/audit?q=%00", as: s).status == .ok)
        }
    }

    @Test func theAPIIgnoresTheBrowserCookie() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            var headers = s.headers
            headers.contentType = .json
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers)
            #expect(me.status == .unauthorized)
            let patch = try await app.send(.PATCH, "/api/v1/units/\(fx.villageA.uuidString)", headers: headers,
                                                            body: ByteBuffer(string: #"{"phone":"0912 000 000"}"#))
            #expect(patch.status == .unauthorized)
        }
    }

    @Test func meDescribesTheSignedInUser() async throws {
        try await withTestApp { app, fx in
            let token = try await app.apiToken("daumoi")
            struct Me: Decodable { let username: String; let roles: [String]; let unitId: UUID?; let commune: String }
            let me = try decode(Me.self, try await app.api(.GET, "/api/v1/me", token: token))
            #expect(me.username == "daumoi")
            #expect(me.roles == ["unit_focal_point"])
            #expect(me.unitId == fx.villageA)
            #expect(me.commune == "xã Nghĩa Trung")
        }
    }

    @Test func openAPIDocumentListsExactlyTheAPIRoutes() async throws {
        try await withTestApp { app, _ in
            let res = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(res.status == .ok)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(res.body.string.utf8)) as? [String: Any])
            #expect((doc["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, item) in paths {
                for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let registered = Set(app.routes.all.filter { $0.path.first == .constant("api") }.map { route in
                "\(route.method.rawValue) /" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
            })
            #expect(documented == registered, "only documented: \(documented.subtracting(registered)); only registered: \(registered.subtracting(documented))")
        }
    }

    @Test func healthReportsTheDatabase() async throws {
        try await withTestApp { app, _ in
            let ok = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(ok.status == .ok)
            #expect(ok.body.string == #"{"database":"ok","status":"ok"}"#)
        }
        // A database that cannot be opened: 503.
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: Settings(dataDirectory: "/tmp", database: .sqliteFile(path: "/tmp"),
                                                        logLevel: .critical, bcryptCost: 4))
            let res = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(res.status == .serviceUnavailable)
            #expect(res.body.string.contains(#""database":"unreachable""#))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func errorPagesAreVietnamese() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("canhan")
            let missing = try await app.get("/units/\(UUID().uuidString)", as: s)
            #expect(missing.status == .notFound)
            #expect(missing.body.string.contains("Không tìm thấy trang"))
            let forbidden = try await app.get("/units", as: s)
            #expect(forbidden.body.string.contains("Không có quyền truy cập"))
        }
    }
}
