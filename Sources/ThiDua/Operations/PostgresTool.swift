import Foundation

/// PostgreSQL's own client programs (`pg_dump`, `pg_restore`), found and run for a backup or restore.
///
/// They are looked for in `$THIDUA_PG_BIN` when set, then in the newest `/usr/lib/postgresql/<version>/bin` (Debian's
/// `postgresql-client`; a client at least as new as the server is needed), then on `PATH`. The connection comes from
/// `DATABASE_URL`, passed in `PG*` environment variables so that the password never shows in a process list.
struct PostgresTool: Sendable {
    let path: String

    static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresTool {
        let fm = FileManager.default
        var candidates: [String] = []
        if let dir = environment["THIDUA_PG_BIN"], !dir.isEmpty { candidates.append((dir as NSString).appendingPathComponent(name)) }
        let versions = ((try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap { v in Int(v).map { ($0, v) } }
            .sorted { $0.0 > $1.0 }
        candidates += versions.map { "/usr/lib/postgresql/\($0.1)/bin/\(name)" }
        candidates += (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        guard let found = candidates.first(where: { fm.isExecutableFile(atPath: $0) }) else {
            throw OperationFailure(OperationsText.toolMissing(name))
        }
        return PostgresTool(path: found)
    }

    /// The `PG*` variables that point libpq at the database of `url` (`postgres://user:pass@host:port/db?sslmode=…`).
    static func environment(url: String) throws -> [String: String] {
        guard let c = URLComponents(string: url), let host = c.host, !host.isEmpty else {
            throw OperationFailure(OperationsText.badDatabaseURL)
        }
        var env: [String: String] = ["PGHOST": host, "PGPORT": String(c.port ?? 5432)]
        if let user = c.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty { env["PGUSER"] = user }
        if let password = c.percentEncodedPassword.flatMap({ $0.removingPercentEncoding }) { env["PGPASSWORD"] = password }
        let db = String(c.path.drop { $0 == "/" })
        if !db.isEmpty { env["PGDATABASE"] = db }
        let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
        if let mode = c.queryItems?.first(where: { ["sslmode", "tlsmode"].contains($0.name.lowercased()) })?.value?.lowercased(),
           modes.contains(mode) {
            env["PGSSLMODE"] = mode
        }
        return env
    }

    /// Runs the tool with `arguments` and the connection of `url`; throws with the tool's own error output when it fails.
    func run(_ arguments: [String], url: String) async throws {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in try Self.environment(url: url) { env[k] = v }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
            throw OperationFailure(OperationsText.cannotWrite(errors.path))
        }
        defer { try? FileManager.default.removeItem(at: errors) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            let output = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw OperationFailure(OperationsText.toolFailed((path as NSString).lastPathComponent, status: status,
                                                                           output: output.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }
}
