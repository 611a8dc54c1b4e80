import Fluent
import FluentPostgresDriver
import Foundation
import Synchronization
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// A clock the test moves by hand.
final class TestClock: AppClock {
    private let current: Mutex<Date>
    init(_ date: Date = ISO8601DateFormatter().date(from: "2026-11-25T03:00:00Z")!) { current = Mutex(date) }
    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A fresh database for one test: an SQLite temp database, or — when `DATABASE_URL` is set — a PostgreSQL database
/// copied for the test from the migrated ``PostgresTemplate`` and dropped after it.
struct TestDatabase: Sendable {
    let choice: Settings.DatabaseChoice
    let drop: @Sendable () async -> Void

    /// On PostgreSQL migrated, unless `empty` (a restore's target, as an operator creates it); on SQLite never.
    static func make(empty: Bool = false) async throws -> TestDatabase {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            return TestDatabase(choice: .sqliteMemory, drop: {})
        }
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let template = empty ? "" : " TEMPLATE \(try await PostgresTemplate.shared.name(adminURL: url))"
        try await admin(url) { conn, logger in
            try await conn.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)\(template)"), logger: logger)
        }
        return TestDatabase(choice: .postgres(url: databaseURL(url, name)), drop: {
            try? await admin(url) { conn, logger in
                try await conn.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
            }
        })
    }

    /// `url` with its database replaced by `name`.
    static func databaseURL(_ url: String, _ name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/\(name)"
        return components.string!
    }

    static func admin(_ url: String, _ body: (PostgresConnection, Logger) async throws -> Void) async throws {
        let config = try SQLPostgresConfiguration(url: url)
        let logger = Logger(label: "test-db")
        let conn = try await PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(),
                                                        configuration: config.coreConfiguration, id: 1, logger: logger)
        do {
            try await body(conn, logger)
            try await conn.close()
        } catch {
            try? await conn.close()
            throw error
        }
    }
}

/// The PostgreSQL database every test's database is copied from (`CREATE DATABASE … TEMPLATE`): created and migrated
/// once per test process, so that a test does not run the thirty-odd migrations again; the test then finds every
/// migration applied. Its connections are closed before the first copy (PostgreSQL copies only a database nobody is
/// connected to). On SQLite each test still migrates its own database: the suite on copies of a migrated SQLite file
/// stalled after a minute (not yet understood; the write lock, ``SQLiteWriteLock``, is one per process).
actor PostgresTemplate {
    static let shared = PostgresTemplate()
    private var building: Task<String, any Error>?

    func name(adminURL: String) async throws -> String {
        if let building { return try await building.value }
        let task = Task { try await Self.build(adminURL) }
        building = task
        return try await task.value
    }

    private static func build(_ url: String) async throws -> String {
        let name = "tpl_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await TestDatabase.admin(url) { conn, logger in
            try await conn.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-template-\(UUID().uuidString)").path
        let settings = Settings(dataDirectory: dir, database: .postgres(url: TestDatabase.databaseURL(url, name)),
                                logLevel: .warning, bcryptCost: 4)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: settings, clock: TestClock())
            try await app.autoMigrate()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()  // its connections closed: PostgreSQL copies only a database nobody is connected to
        return name
    }
}

/// Builds the application on a fresh, migrated database, listening on a free port of 127.0.0.1, runs `body`, and
/// always shuts down and drops the database.
func withFreshApp(clock: TestClock = TestClock(), settings adjust: (inout Settings) -> Void = { _ in },
                  _ body: (Application) async throws -> Void) async throws {
    await TestAppGate.shared.enter()
    do {
        try await freshApp(clock: clock, settings: adjust, body)
    } catch {
        await TestAppGate.shared.leave()
        throw error
    }
    await TestAppGate.shared.leave()
}

/// How many applications may run at once. On PostgreSQL each one opens a pool of its own, and Swift Testing starts
/// every parameterised case at once (the permission matrix has some 290), which is more connections than a server
/// takes; on SQLite there is no limit.
actor TestAppGate {
    static let shared = TestAppGate(limit: ProcessInfo.processInfo.environment["THIDUA_TEST_APPS"].flatMap { Int($0) }
                                    ?? (ProcessInfo.processInfo.environment["DATABASE_URL"] == nil ? Int.max : 40))
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    init(limit: Int) { self.limit = limit }

    func enter() async {
        if running < limit { running += 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}

private func freshApp(clock: TestClock, settings adjust: (inout Settings) -> Void,
                      _ body: (Application) async throws -> Void) async throws {
    let started = ContinuousClock.now
    let database = try await TestDatabase.make()
    let app = try await Application.make(.testing)
    var ready = started
    try await runThenShutDown(app, database) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-test-\(UUID().uuidString)").path
        var settings = Settings(dataDirectory: dir, database: database.choice, logLevel: .warning, bcryptCost: 4)
        adjust(&settings)
        try await configure(app, settings: settings, clock: clock)
        try await app.autoMigrate()
        try await app.listen()
        ready = .now
        try await body(app)
    }
    TestProfile.record(setup: ready - started, total: .now - started)
}

/// With `THIDUA_TEST_PROFILE=FILE`, each application a test builds appends a line to FILE: the milliseconds it took
/// to be ready (database, configuration, migrations, listening), the milliseconds in all (with the test's own work
/// and the shutdown), and the test's name. `sort -n -k2 FILE` shows where the suite's time goes; the times Swift
/// Testing prints include the wait for a turn (``TestAppGate``).
enum TestProfile {
    static let path = ProcessInfo.processInfo.environment["THIDUA_TEST_PROFILE"]
    private static let lock = Mutex(())

    static func record(setup: Duration, total: Duration) {
        guard let path else { return }
        let ms = { (d: Duration) in Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000) }
        let name = Test.current.map { "\($0.id)" } ?? "?"
        let line = "\(ms(setup)) \(ms(total)) \(name)\n"
        lock.withLock { _ in
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.seekToEndOfFile()
                handle.write(Data(line.utf8))
                handle.closeFile()
            } else {
                _ = FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
            }
        }
    }
}

/// Runs `body`, then stops the server, shuts the application down and drops the test database — also when it throws.
func runThenShutDown(_ app: Application, _ database: TestDatabase, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        await app.server.shutdown()
        try? await app.asyncShutdown()
        await database.drop()
        throw error
    }
    await app.server.shutdown()
    try await app.asyncShutdown()
    await database.drop()
}

/// The application with ``Fixtures``.
func withTestApp(clock: TestClock = TestClock(), settings adjust: (inout Settings) -> Void = { _ in },
                 _ body: (Application, Fixtures) async throws -> Void) async throws {
    try await withFreshApp(clock: clock, settings: adjust) { app in
        try await body(app, try await Fixtures.create(app))
    }
}

/// The application with the Nghĩa Trung demo loaded.
func withDemoApp(_ body: (Application) async throws -> Void) async throws {
    try await withFreshApp { app in
        _ = try await DemoSeeder.seed(app)
        try await body(app)
    }
}

extension TestClock {
    /// A clock at 09:00 in Vietnam on the given day.
    convenience init(day: String) {
        self.init(ISO8601DateFormatter().date(from: "\(day)T02:00:00Z")!)
    }
}

/// POST a multipart form (fields and one file) as `session`, over the socket in pieces as a browser sends it.
func uploadForm(_ app: Application, _ path: String, as s: WebSession, fields: [String: String], fileField: String = "file",
                filename: String, file: Data, contentType: String = "application/octet-stream") async throws -> HTTPResult {
    let boundary = "----thidua\(UUID().uuidString)"
    var body = Data()
    for (k, v) in fields.merging(["_csrf": s.csrf], uniquingKeysWith: { a, _ in a }) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
    }
    body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
    body.append(file)
    body.append(Data("\r\n--\(boundary)--\r\n".utf8))
    var headers = s.headers
    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    return try await app.send(.POST, path, headers: headers, body: ByteBuffer(data: body))
}

/// A registration of the fixture village for 2026, submitted and accepted, with one target and one product.
@discardableResult
func acceptedRegistration(_ app: Application, _ fx: Fixtures) async throws -> (target: UUID, product: UUID) {
    let actor = AuditActor.system(communeID: fx.communeA, at: app.clock.now())
    let content = RegistrationContent(focus: "Chuyển đổi số", plannedInitiatives: "",
                                      targets: [TargetLine(id: nil, name: "Hộ dùng VNeID mức 2", unitOfMeasure: "%", baseline: 40, targetValue: 80, contentAreaId: nil, dueDate: nil)],
                                      products: [ProductLine(id: nil, name: "Tổ công nghệ số", description: "", expectedDate: nil)])
    let r = try await RegistrationCommands.save(owner: .unit(fx.villageA), year: 2026, content: content, expectedVersion: nil, communeID: fx.communeA, actor: actor, on: app.db)
    try await RegistrationCommands.submit(r, ownerName: "", actor: actor, on: app.db)
    try await RegistrationCommands.decide(r, accept: true, reason: "", actor: actor, on: app.db)
    let target = try await RegistrationTarget.query(on: app.db).filter(\.$registrationID == r.id!).first()!.id!
    let product = try await RegistrationProduct.query(on: app.db).filter(\.$registrationID == r.id!).first()!.id!
    return (target, product)
}

/// The smallest real PDF header, enough for the type check.
let pdfBytes = Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)

/// A signed-in browser: its session cookie and the CSRF token its forms carry.
struct WebSession: Sendable {
    let cookie: String
    let csrf: String

    var headers: HTTPHeaders {
        var h = HTTPHeaders()
        h.add(name: .cookie, value: "\(SessionAuthenticator.cookieName)=\(cookie)")
        return h
    }
}

extension Application {
    /// Signs in through the login form, as a browser does.
    func login(_ username: String, password: String = Fixtures.password) async throws -> WebSession {
        let page = try await testing().sendRequest(.GET, "/login")
        let csrfCookie = try #require(page.headers.setCookie?[CSRFMiddleware.cookieName]?.string)
        let loginCSRF = try #require(extractCSRF(page.body.string))
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrfCookie)")
        headers.contentType = .urlEncodedForm
        let res = try await send(.POST, "/login", headers: headers,
                                 body: formBody(["_csrf": loginCSRF, "username": username, "password": password]))
        #expect(res.status == .seeOther, "login of \(username) failed: \(res.status)")
        let session = try #require(res.headers.setCookie?[SessionAuthenticator.cookieName]?.string)
        var home = HTTPHeaders()
        home.add(name: .cookie, value: "\(SessionAuthenticator.cookieName)=\(session)")
        let homePage = try await testing().sendRequest(.GET, "/", headers: home)
        return WebSession(cookie: session, csrf: try #require(extractCSRF(homePage.body.string)))
    }

    func apiToken(_ username: String, password: String = Fixtures.password) async throws -> String {
        let res = try await testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "application/json"],
                                                  body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        #expect(res.status == .created, "API login of \(username) failed: \(res.status) \(res.body.string)")
        struct Token: Decodable { let token: String }
        return try JSONDecoder().decode(Token.self, from: Data(res.body.string.utf8)).token
    }

    /// GET a page as `session`.
    func get(_ path: String, as session: WebSession?) async throws -> HTTPResult {
        let r = try await testing().sendRequest(.GET, path, headers: session?.headers ?? [:])
        return HTTPResult(status: r.status, headers: r.headers, body: r.body)
    }

    /// POST a form as `session`, with its CSRF token unless `csrf` says otherwise: over the socket, in pieces, as a
    /// browser sends it.
    func post(_ path: String, as session: WebSession?, _ fields: [String: String] = [:], csrf: String? = nil) async throws -> HTTPResult {
        var headers = session?.headers ?? [:]
        headers.contentType = .urlEncodedForm
        var all = fields
        if let token = csrf ?? session?.csrf { all["_csrf"] = token }
        return try await send(.POST, path, headers: headers, body: formBody(all))
    }

    /// POST form fields given in order (repeated names for table rows), over the socket in pieces.
    func postPairs(_ path: String, as session: WebSession, _ pairs: [(String, String)]) async throws -> HTTPResult {
        var headers = session.headers
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: formBody(pairs: [("_csrf", session.csrf)] + pairs))
    }

    /// Call the API with a bearer token and an optional JSON body.
    func api(_ method: HTTPMethod, _ path: String, token: String?, json: String? = nil,
             contentType: String = "application/json") async throws -> HTTPResult {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        if json != nil { headers.add(name: .contentType, value: contentType) }
        return try await send(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// An API call whose body is raw bytes (a file sent as it is).
    func api(_ method: HTTPMethod, _ path: String, token: String?, bytes: Data,
             contentType: String = "application/octet-stream") async throws -> HTTPResult {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        headers.add(name: .contentType, value: contentType)
        return try await send(method, path, headers: headers, body: ByteBuffer(data: bytes))
    }
}

func extractCSRF(_ html: String) -> String? {
    guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
    let rest = html[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

func formBody(_ fields: [String: String]) -> ByteBuffer {
    formBody(pairs: fields.sorted { $0.key < $1.key })
}

/// An `application/x-www-form-urlencoded` body, as a browser encodes it.
func formBody(pairs: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let body = pairs.map { key, value in
        "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
    }.joined(separator: "&")
    return ByteBuffer(string: body)
}

/// Decodes a JSON response body.
func decode<T: Decodable>(_ type: T.Type, _ res: HTTPResult) throws -> T {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(T.self, from: Data(res.body.string.utf8))
}

/// Decodes a JSON response body.
func decode<T: Decodable>(_ type: T.Type, _ res: TestingHTTPResponse) throws -> T {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(T.self, from: Data(res.body.string.utf8))
}

struct APIError: Decodable {
    struct Detail: Decodable { let code: String; let message: String; let fields: [String: String] }
    let error: Detail
}
