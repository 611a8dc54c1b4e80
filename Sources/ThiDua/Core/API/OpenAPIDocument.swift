import Foundation
import Vapor

/// Serves the OpenAPI 3.1 document of `/api/v1` (kept in `Resources/openapi.json`; a test checks that it lists
/// exactly the registered API routes).
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return Data("{}".utf8) }
        return data
    }()

    static func serve(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
