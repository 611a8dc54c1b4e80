import Foundation
import Vapor

/// Serves the CSS and script bundled in the module's resources (no CDN, no public folder to deploy).
/// Files are read once and kept in memory; they are small.
struct StaticAssetsMiddleware: AsyncMiddleware {
    /// The stylesheets of the printable certificates (A4 portrait and A4 landscape): pages carry no inline style,
    /// which the Content-Security-Policy refuses.
    static let initiativeCertificateStylesheet = "/print-initiative.css"
    static let commendationCertificateStylesheet = "/print-commendation.css"

    static let assets: [String: (type: HTTPMediaType, body: Data)] = {
        var result: [String: (HTTPMediaType, Data)] = [:]
        let css = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        let files: [(String, HTTPMediaType)] = [
            ("app.css", css),
            ("print-initiative.css", css),
            ("print-commendation.css", css),
            ("app.js", HTTPMediaType(type: "application", subType: "javascript", parameters: ["charset": "utf-8"])),
        ]
        for (name, type) in files {
            if let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Public"),
               let data = try? Data(contentsOf: url) {
                result["/" + name] = (type, data)
            }
        }
        return result
    }()

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let asset = Self.assets[request.url.path] else {
            return try await next.respond(to: request)
        }
        var headers = HTTPHeaders()
        headers.contentType = asset.type
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(data: asset.body))
    }
}
