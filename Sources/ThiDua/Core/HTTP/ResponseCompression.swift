import Foundation
import Vapor

/// Which answers are gzip-compressed, when the client sends `Accept-Encoding: gzip`.
///
/// Vapor compresses in the connection's pipeline (NIO's `HTTPResponseCompressor`), after the whole middleware chain,
/// so async handlers and streamed bodies are compressed alike. Only text is: pages, JSON, CSS, script, CSV exports
/// and the metrics. Files that are already compressed — Word and Excel (zip), PDF, images, evidence sent as it is —
/// have types outside the list and go out as they are.
enum ResponseCompression {
    static let compressibleTypes: HTTPMediaTypeSet = [
        HTTPMediaType(type: "text", subType: "html"),
        HTTPMediaType(type: "text", subType: "css"),
        HTTPMediaType(type: "text", subType: "plain"),
        HTTPMediaType(type: "text", subType: "csv"),
        HTTPMediaType(type: "application", subType: "json"),
        HTTPMediaType(type: "application", subType: "javascript"),
    ]

    /// Below this many bytes a body goes out as it is: gzip's own header and the work cost more than they save.
    static let minimumBytes = 1024

    /// The server setting: compression off by default, on for the listed types, and a response may still turn it off
    /// (``CompressionHeadersMiddleware`` does for small bodies).
    static var configuration: HTTPServer.Configuration.ResponseCompressionConfiguration {
        .disabled(allowedTypes: compressibleTypes, allowRequestOverrides: true)
    }

    static func isCompressible(_ headers: HTTPHeaders) -> Bool {
        guard let type = headers.contentType else { return false }
        return compressibleTypes.contains(type)
    }
}

/// Says `Vary: Accept-Encoding` on every answer that may be compressed, so that a shared cache never hands a gzip body
/// to a client that did not ask for one (NIO's compressor does not add it); and keeps small bodies uncompressed.
struct CompressionHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard ResponseCompression.isCompressible(response.headers) else { return response }
        if !response.headers[.vary].contains(where: { $0.lowercased().contains("accept-encoding") }) {
            response.headers.add(name: .vary, value: "Accept-Encoding")
        }
        // A streamed body of unknown length counts -1: it may be large, so it stays compressible.
        let count = response.body.count
        if count >= 0, count < ResponseCompression.minimumBytes {
            response.headers.responseCompression = .disable
        }
        return response
    }
}
