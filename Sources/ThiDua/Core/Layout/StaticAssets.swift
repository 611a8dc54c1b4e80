import Foundation
import Vapor

/// One file bundled in the module's resources, read once at start-up.
struct StaticAsset: Sendable {
    let name: String
    let type: HTTPMediaType
    let body: ByteBuffer
    /// The first 8 hex digits of the SHA-256 of the bytes: a new version of the file has a new address.
    let hash: String

    /// The address pages link: `/assets/<hash>/<name>`, cached for a year. The file keeps its own name at the end,
    /// so it reads the same in the browser's tools (and `…/app.css` is still `app.css`).
    var versionedPath: String { "/assets/\(hash)/\(name)" }
    /// The address without the hash (`/app.css`), for links made before it and for scripts: cached briefly.
    var plainPath: String { "/\(name)" }
}

/// Serves the CSS and script bundled in the module's resources (no CDN, no public folder to deploy) from memory.
///
/// Pages link each file by the hash of its bytes (``StaticAssets/stylesheet``…): that address never changes content,
/// so it is `Cache-Control: public, max-age=31536000, immutable` and a browser asks for it once per version. The
/// plain address (`/app.css`) still answers, cached for ``plainMaxAge`` with an `ETag`; an old hashed address (a page
/// opened before an upgrade) gets the current file with the same short cache, never a year-long one.
struct StaticAssetsMiddleware: AsyncMiddleware {
    /// The stylesheet of the printable certificates (A4 landscape): pages carry no inline style, which the
    /// Content-Security-Policy refuses.
    static let certificateStylesheet = StaticAssets.path("print-certificate.css")

    static let immutable = "public, max-age=31536000, immutable"
    static let plainMaxAge = "public, max-age=300"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let (asset, versioned) = StaticAssets.match(request.url.path) else {
            return try await next.respond(to: request)
        }
        request.metricsRoute = versioned ? "/assets/:hash/\(asset.name)" : asset.plainPath
        let current = versioned && request.url.path == asset.versionedPath
        var headers = HTTPHeaders()
        headers.contentType = asset.type
        headers.replaceOrAdd(name: .cacheControl, value: current ? Self.immutable : Self.plainMaxAge)
        headers.replaceOrAdd(name: .eTag, value: "\"\(asset.hash)\"")
        if let match = request.headers.first(name: .ifNoneMatch), match.contains("\"\(asset.hash)\"") || match == "*" {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: asset.body))
    }
}

/// The bundled files and the addresses pages link them by.
enum StaticAssets {
    static let stylesheet = path("app.css")
    static let script = path("app.js")

    /// Every bundled file by name.
    static let all: [String: StaticAsset] = {
        let css = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        let js = HTTPMediaType(type: "application", subType: "javascript", parameters: ["charset": "utf-8"])
        let files: [(String, HTTPMediaType)] = [
            ("app.css", css), ("print-certificate.css", css), ("app.js", js),
        ]
        var result: [String: StaticAsset] = [:]
        for (name, type) in files {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Public"),
                  let data = try? Data(contentsOf: url) else { continue }
            let hash = String(SHA256.hash(data: data).hexString.prefix(8))
            result[name] = StaticAsset(name: name, type: type, body: ByteBuffer(data: data), hash: hash)
        }
        return result
    }()

    /// The hashed address of a bundled file (its plain address if the file is missing, which the tests catch).
    static func path(_ name: String) -> String {
        all[name]?.versionedPath ?? "/\(name)"
    }

    /// The file a path asks for, and whether it asked by a hashed address (`/assets/<8 hex>/<name>`).
    static func match(_ path: String) -> (StaticAsset, versioned: Bool)? {
        if let asset = all[String(path.dropFirst())], path.hasPrefix("/") { return (asset, false) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "assets", parts[2].count == 8,
              parts[2].allSatisfy({ $0.isHexDigit }), let asset = all[String(parts[3])] else { return nil }
        return (asset, true)
    }
}
