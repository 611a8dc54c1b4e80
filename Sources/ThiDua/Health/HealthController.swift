import Fluent
import SQLKit
import Vapor

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
enum HealthController {
    struct Status: Content {
        let status: String
        let database: String
    }

    static func check(req: Request) async throws -> Response {
        let ok: Bool
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            _ = try await sql.raw("SELECT 1 AS ok").first()
            ok = true
        } catch {
            req.logger.warning("healthz: database unreachable: \(error)")
            ok = false
        }
        return try APIJSON.response(Status(status: ok ? "ok" : "unavailable", database: ok ? "ok" : "unreachable"),
                                    status: ok ? .ok : .serviceUnavailable)
    }
}
