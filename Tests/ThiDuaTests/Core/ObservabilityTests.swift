import AsyncHTTPClient
import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing
import Vapor
@testable import ThiDua

/// `GET /metrics`, the request id, structured logs, compression and the hashed static files.
///
/// The metrics registry is the process's (as Prometheus scrapes a process), and the suite runs in parallel: checks read
/// a value before and after and expect it to have grown by at least what the test did.
@Suite("Observability: metrics, request id, logs, compression, static files")
struct ObservabilityTests {
    static let token = "test-metrics-token-0123456789abcdef"

    static func withMetricsApp(_ body: (Application, Fixtures) async throws -> Void) async throws {
        try await withTestApp(settings: { $0.metricsToken = token }, body)
    }

    static func scrape(_ app: Application) async throws -> String {
        let res = try await app.send(.GET, "/metrics", headers: ["Authorization": "Bearer \(token)"])
        #expect(res.status == .ok)
        return res.text
    }

    /// The value of the sample whose line starts with `name` and holds every one of `labels` (`route="/login"`).
    static func value(_ exposition: String, _ name: String, _ labels: [String] = []) -> Double? {
        exposition.split(separator: "\n").lazy
            .filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
            .filter { line in labels.allSatisfy { line.contains($0) } }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .first
    }

    // MARK: /metrics

    @Test func metricsIsAnUnknownPathWithoutAToken() async throws {
        try await withTestApp { app, _ in
            let res = try await app.send(.GET, "/metrics", headers: ["Authorization": "Bearer \(Self.token)"])
            #expect(res.status == .notFound)
            #expect(res.text.contains(CoreText.error404Title))
            #expect(!res.text.contains("http_requests_total"))
        }
    }

    @Test func metricsRefusesAMissingOrWrongToken() async throws {
        try await Self.withMetricsApp { app, _ in
            for headers: HTTPHeaders in [[:], ["Authorization": "Bearer wrong-token-0123456789abcdef"], ["Authorization": "Basic \(Self.token)"]] {
                let res = try await app.send(.GET, "/metrics", headers: headers)
                #expect(res.status == .unauthorized)
                #expect(res.headers.first(name: .wwwAuthenticate) == "Bearer")
                #expect(!res.text.contains("http_requests_total"))
            }
        }
    }

    @Test func metricsCountsRequestsByRoutePatternAndStatus() async throws {
        try await Self.withMetricsApp { app, fx in
            // act
            #expect(try await app.send(.GET, "/login").status == .ok)
            let unitPath = "/units/\(fx.villageA.uuidString.lowercased())"
            #expect(try await app.send(.GET, unitPath).status == .seeOther)
            #expect(try await app.send(.GET, "/khong-co-trang-nay").status == .notFound)
            let res = try await app.send(.GET, "/metrics", headers: ["Authorization": "Bearer \(Self.token)"])
            // check
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = res.text
            #expect((Self.value(text, "http_requests_total", [#"method="GET""#, #"route="/login""#, #"status="200""#]) ?? 0) >= 1)
            #expect((Self.value(text, "http_requests_total", [#"route="/units/:id""#, #"status="303""#]) ?? 0) >= 1)
            #expect((Self.value(text, "http_requests_total", [#"route="unmatched""#, #"status="404""#]) ?? 0) >= 1)
            #expect(!text.contains(fx.villageA.uuidString.lowercased()), "the raw path never becomes a label")
            #expect(!text.contains("khong-co-trang-nay"))
            #expect(text.contains("# TYPE http_request_duration_seconds histogram"))
            #expect((Self.value(text, "http_request_duration_seconds_bucket", [#"route="/login""#, #"le="+Inf""#]) ?? 0) >= 1)
            #expect((Self.value(text, "http_request_duration_seconds_count", [#"route="/login""#]) ?? 0) >= 1)
            for family in ["http_requests_in_flight", "thidua_upload_bytes_total", "thidua_db_connection_wait_seconds",
                           "thidua_db_write_lock_wait_seconds", "thidua_db_write_transactions", "thidua_mail_queue_length"] {
                #expect(text.contains("# TYPE \(family) "), "\(family) is listed")
            }
        }
    }

    @Test func uploadBytesAndDatabaseWaitsAreCounted() async throws {
        try await Self.withMetricsApp { app, _ in
            // setup
            let unit = try await app.login("daumoi")
            let before = try await Self.scrape(app)
            let file = pdfBytes + Data(repeating: 0x20, count: 50_000)
            // act
            let res = try await uploadForm(app, "/difficulties", as: unit, fields: ["title": "Sóng di động yếu", "content": "Cuối thôn yếu sóng."],
                                           filename: "bien-ban.pdf", file: file)
            #expect(res.status == .seeOther)
            let after = try await Self.scrape(app)
            // check
            let uploaded = (Self.value(after, "thidua_upload_bytes_total") ?? 0) - (Self.value(before, "thidua_upload_bytes_total") ?? 0)
            #expect(uploaded >= Double(file.count))
            let waits = (Self.value(after, "thidua_db_connection_wait_seconds_count") ?? 0) - (Self.value(before, "thidua_db_connection_wait_seconds_count") ?? 0)
            #expect(waits >= 1)
            if DatabaseSetup.isSQLite(app.db) {
                let locks = (Self.value(after, "thidua_db_write_lock_wait_seconds_count") ?? 0) - (Self.value(before, "thidua_db_write_lock_wait_seconds_count") ?? 0)
                #expect(locks >= 1)
            }
        }
    }

    @Test func theMailQueueGoesUpAndDownAroundASending() async throws {
        // setup: a mail server that answers only when the test lets it.
        struct HeldMailer: MailSender {
            let gate: AsyncStream<Void>
            func send(to address: String, subject: String, body: String) async throws {
                for await _ in gate { return }
            }
        }
        try await withTestApp { app, fx in
            let (gate, open) = AsyncStream<Void>.makeStream()
            let notifier = LiveNotifier(mailer: HeldMailer(gate: gate))
            let user = try #require(try await User.query(on: app.db).filter(\.$personID == fx.official).first())
            try await Person.query(on: app.db).filter(\.$id == fx.official).set(\.$email, to: "ha@example.vn").update()
            let queued = String(decoding: AppMetrics.exposition(), as: UTF8.self)
            // act
            try await notifier.mail([Notice(communeID: fx.communeA, userID: try user.requireID(), title: "Thử", link: "/", at: app.clock.now())], on: app.db)
            let during = String(decoding: AppMetrics.exposition(), as: UTF8.self)
            open.yield()
            open.finish()
            var after = during
            for _ in 0..<200 where Self.value(after, "thidua_mail_total", [#"result="sent""#]) == nil {
                try await Task.sleep(nanoseconds: 10_000_000)
                after = String(decoding: AppMetrics.exposition(), as: UTF8.self)
            }
            // check
            let base = Self.value(queued, "thidua_mail_queue_length") ?? 0
            #expect((Self.value(during, "thidua_mail_queue_length") ?? 0) >= base + 1)
            #expect((Self.value(after, "thidua_mail_total", [#"result="sent""#]) ?? 0) >= 1)
        }
    }

    // MARK: Request id

    @Test func everyAnswerHasARequestIDAndASafeIncomingOneIsKept() async throws {
        try await withTestApp { app, _ in
            let fresh = try await app.send(.GET, "/login")
            let id = try #require(fresh.headers.first(name: .xRequestId))
            #expect(RequestIDMiddleware.accepted(id) == id)
            let kept = try await app.send(.GET, "/login", headers: ["X-Request-Id": "nginx-0123456789abcdef"])
            #expect(kept.headers.first(name: .xRequestId) == "nginx-0123456789abcdef")
            for unsafe in ["short", "<script>alert(1)</script>", String(repeating: "a", count: 65), "có-dấu-tiếng-việt"] {
                let replaced = try await app.send(.GET, "/login", headers: ["X-Request-Id": unsafe])
                let sent = try #require(replaced.headers.first(name: .xRequestId))
                #expect(sent != unsafe)
                #expect(RequestIDMiddleware.accepted(sent) == sent)
            }
        }
    }

    @Test func theRequestIDIsOnTheErrorPageTheJSONErrorAndTheLogger() async throws {
        try await withTestApp { app, _ in
            let page = try await app.send(.GET, "/khong-co-trang-nay", headers: ["X-Request-Id": "support-case-4711"])
            #expect(page.status == .notFound)
            #expect(page.text.contains("Mã yêu cầu: support-case-4711"))
            let api = try await app.api(.GET, "/api/v1/me", token: nil)
            #expect(api.status == .unauthorized)
            struct Body: Decodable { struct Detail: Decodable { let requestId: String }; let error: Detail }
            #expect(try decode(Body.self, api).error.requestId == api.headers.first(name: .xRequestId))
            // The request's logger carries the same id as the answer, also when Vapor took an unsafe one.
            for incoming: String? in [nil, "proxy-id-12345678", "bad id\twith tab"] {
                let req = Request(application: app, method: .GET, url: "/", on: app.eventLoopGroup.next())
                if let incoming { req.headers.replaceOrAdd(name: .xRequestId, value: incoming) }
                let res = try await RequestIDMiddleware().respond(to: req, chainingTo: LoggerIDResponder())
                let sent = try #require(res.headers.first(name: .xRequestId))
                #expect(res.body.string == sent)
                #expect(req.requestID == sent)
                if incoming == "proxy-id-12345678" { #expect(sent == incoming) } else { #expect(sent != incoming) }
            }
        }
    }

    /// Answers with the `request-id` its request's logger carries.
    struct LoggerIDResponder: AsyncResponder {
        func respond(to request: Request) async throws -> Response {
            Response(status: .ok, body: .init(string: request.logger[metadataKey: "request-id"]?.description ?? ""))
        }
    }

    // MARK: Logs

    @Test func aJSONLogLineIsOneObjectWithTheRequestID() throws {
        let line = JSONLogHandler.line(timestamp: Date(timeIntervalSince1970: 1_763_172_000), level: .error, label: "codes.vapor.request",
                                       message: "lỗi \"lạ\"\nở dòng hai", metadata: ["request-id": "abc-12345678", "level": "x",
                                                                                      "sql": .array(["a", .dictionary(["b": "c"])])],
                                       source: "ThiDua", file: "F.swift", line: 7)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "lỗi \"lạ\"\nở dòng hai")
        #expect(object["request-id"] as? String == "abc-12345678")
        #expect(object["level"] as? String == "error")
        #expect(object["metadata.level"] as? String == "x")
        #expect(object["timestamp"] as? String == "2025-11-15T02:00:00.000Z")
        #expect(object["line"] as? Int == 7)
    }

    @Test func theLogFormatAndTheMetricsTokenAreCheckedAtStartUp() throws {
        #expect(try Settings.fromEnvironment([:]).logFormat == .text)
        #expect(try Settings.fromEnvironment(["THIDUA_LOG_FORMAT": "json"]).logFormat == .json)
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["THIDUA_LOG_FORMAT": "xml"]) }
        #expect(try Settings.fromEnvironment([:]).metricsToken == nil)
        #expect(try Settings.fromEnvironment(["THIDUA_METRICS_TOKEN": Self.token]).metricsToken == Self.token)
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["THIDUA_METRICS_TOKEN": "short"]) }
        let box = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "t") { label in
            var handler = JSONLogHandler(label: label, metadataProvider: nil)
            handler.write = { line in box.withLockedValue { $0.append(line) } }
            return handler
        }
        logger[metadataKey: "request-id"] = "req-12345678"
        logger.info("xin chào")
        let captured = box.withLockedValue { $0 }
        #expect(captured.count == 1)
        #expect(captured.first?.contains(#""request-id":"req-12345678""#) == true)
    }

    // MARK: Compression

    @Test func aPageIsGzippedForAClientThatAcceptsItAndReadsTheSame() async throws {
        try await withTestApp { app, _ in
            // setup
            let admin = try await app.login("admin")
            var headers = admin.headers
            headers.replaceOrAdd(name: .xRequestId, value: "same-page-12345678")
            let plain = try await app.send(.GET, "/units", headers: headers)
            headers.replaceOrAdd(name: .acceptEncoding, value: "gzip")
            // act
            let raw = try await app.send(.GET, "/units", headers: headers)
            let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                    configuration: .init(redirectConfiguration: .disallow, decompression: .enabled(limit: .ratio(100))))
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(try app.listeningPort)/units")
            request.headers = headers
            let decoded: (headers: HTTPHeaders, body: ByteBuffer)
            do {
                let response = try await client.execute(request, timeout: .seconds(60))
                decoded = (response.headers, try await response.body.collect(upTo: 16 * 1024 * 1024))
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            // check
            #expect(plain.status == .ok)
            #expect(plain.headers.first(name: .contentEncoding) == nil)
            #expect(raw.headers.first(name: .contentEncoding) == "gzip")
            #expect(raw.headers[.vary].contains { $0.lowercased().contains("accept-encoding") })
            #expect(plain.headers[.vary].contains { $0.lowercased().contains("accept-encoding") })
            #expect(Array(raw.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            #expect(raw.body.readableBytes * 2 < plain.body.readableBytes)
            #expect(decoded.headers.first(name: .contentEncoding) == "gzip")
            // The same page, but for the form token, masked anew on every page (BREACH).
            func unmasked(_ html: String) -> String {
                html.replacingOccurrences(of: #"name="_csrf" value="~[0-9a-f]+""#, with: #"name="_csrf" value="""#, options: .regularExpression)
            }
            #expect(unmasked(String(buffer: decoded.body)) == unmasked(plain.text))
            #expect(String(buffer: decoded.body).contains(#"name="_csrf" value="~"#))
        }
    }

    @Test func filesAlreadyCompressedAndSmallBodiesGoOutAsTheyAre() async throws {
        for type in ["application/pdf", "image/png", "image/jpeg", "application/octet-stream",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] {
            #expect(!ResponseCompression.isCompressible(["Content-Type": type]), "\(type)")
        }
        for type in ["text/html; charset=utf-8", "application/json; charset=utf-8", "text/css; charset=utf-8", "text/csv; charset=utf-8"] {
            #expect(ResponseCompression.isCompressible(["Content-Type": type]), "\(type)")
        }
        try await withTestApp { app, _ in
            let health = try await app.send(.GET, "/healthz", headers: ["Accept-Encoding": "gzip"])
            #expect(health.status == .ok)
            #expect(health.headers.first(name: .contentEncoding) == nil)
            #expect(health.text.contains("\"status\""))
        }
    }

    // MARK: Static files

    @Test func pagesLinkHashedAssetsCachedForAYear() async throws {
        try await withTestApp { app, _ in
            let css = try #require(StaticAssets.all["app.css"])
            #expect(StaticAssets.stylesheet == "/assets/\(css.hash)/app.css")
            #expect(css.hash == String(SHA256.hash(data: Data(buffer: css.body)).hexString.prefix(8)))
            let login = try await app.send(.GET, "/login")
            #expect(login.text.contains("href=\"\(StaticAssets.stylesheet)\""))
            #expect(login.text.contains("src=\"\(StaticAssets.script)\""))
            #expect(!login.text.contains("href=\"/app.css\""))
            let hashed = try await app.send(.GET, StaticAssets.stylesheet, headers: ["Accept-Encoding": "gzip"])
            #expect(hashed.status == .ok)
            #expect(hashed.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
            #expect(hashed.headers.first(name: .contentEncoding) == "gzip")
            // The plain address still answers, briefly cached, and revalidates by its ETag.
            let plain = try await app.send(.GET, "/app.css")
            #expect(plain.status == .ok)
            #expect(plain.headers.first(name: .cacheControl) == StaticAssetsMiddleware.plainMaxAge)
            #expect(plain.body == css.body)
            let etag = try #require(plain.headers.first(name: .eTag))
            #expect(try await app.send(.GET, "/app.css", headers: ["If-None-Match": etag]).status == .notModified)
            // An address of an older version gets today's file, never cached for a year.
            let old = try await app.send(.GET, "/assets/00000000/app.css")
            #expect(old.status == .ok)
            #expect(old.headers.first(name: .cacheControl) == StaticAssetsMiddleware.plainMaxAge)
            #expect(try await app.send(.GET, "/assets/00000000/khong-co.css").status == .notFound)
            // The certificates' stylesheets are linked by their hash too.
            for (path, name) in [(StaticAssetsMiddleware.certificateStylesheet, "print-certificate.css")] {
                #expect(path == "/assets/\(try #require(StaticAssets.all[name]).hash)/\(name)")
                let res = try await app.send(.GET, path)
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .cacheControl) == StaticAssetsMiddleware.immutable)
            }
        }
    }
}
