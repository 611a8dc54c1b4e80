import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Vapor
@testable import ThiDua

/// What a request sent over the socket got back (the same fields the tests read from VaporTesting's responses).
struct HTTPResult: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// Sends requests to the test's server listening on a port, the way a browser over a slow link does: the head first,
/// then the body in 1 KB pieces with pauses, so that the server sees the body arrive in several reads.
///
/// Every form post and upload of the suite goes this way (``Application/post(_:as:_:csrf:)``, ``uploadForm``,
/// ``Application/send(_:_:headers:body:)``): a check that reads the body before it has all arrived fails here, where
/// an in-process test would hand the server the body in one piece.
enum SocketClient {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        // Tests send dozens of requests at once to one server (throttling, races); the whole suite runs in parallel.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        configuration.timeout = .init(connect: .seconds(60), read: .seconds(300))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Pieces of `chunkSize` bytes; the first `slowPieces` each wait a moment, the rest follow in pieces of 64 KB
    /// (a browser's large upload), so that megabytes do not take minutes.
    struct Pieces: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let body: ByteBuffer
        let chunkSize: Int
        let slowPieces: Int

        struct AsyncIterator: AsyncIteratorProtocol {
            let body: ByteBuffer
            let chunkSize: Int
            let slowPieces: Int
            var offset = 0
            var index = 0

            mutating func next() async throws -> ByteBuffer? {
                guard offset < body.readableBytes else { return nil }
                if index < slowPieces { try await Task.sleep(nanoseconds: 2_000_000) }
                let size = Swift.min(index < slowPieces ? chunkSize : 65_536, body.readableBytes - offset)
                let piece = body.getSlice(at: body.readerIndex + offset, length: size)!
                offset += size
                index += 1
                return piece
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(body: body, chunkSize: chunkSize, slowPieces: slowPieces) }
    }

    static func send(port: Int, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?,
                     chunkSize: Int = 1024, slowPieces: Int = 8) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers = headers
        if let body, body.readableBytes > 0 {
            request.body = .stream(Pieces(body: body, chunkSize: chunkSize, slowPieces: slowPieces),
                                   length: .known(Int64(body.readableBytes)))
        }
        let response = try await client.execute(request, timeout: .seconds(300))
        let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        return HTTPResult(status: response.status, headers: response.headers, body: bytes)
    }
}

struct ListeningPortKey: StorageKey { typealias Value = Int }

extension Application {
    /// The port the test's server listens on (127.0.0.1).
    var listeningPort: Int {
        get throws {
            guard let port = storage[ListeningPortKey.self] else { throw Abort(.internalServerError, reason: "the test server is not listening") }
            return port
        }
    }

    /// Starts the server on a free port of 127.0.0.1.
    func listen() async throws {
        try await server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = http.server.shared.localAddress?.port else { throw Abort(.internalServerError, reason: "no port") }
        storage[ListeningPortKey.self] = port
    }

    /// A request to the listening server over a real socket, its body in pieces.
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
              chunkSize: Int = 1024) async throws -> HTTPResult {
        try await SocketClient.send(port: try listeningPort, method, path, headers: headers, body: body, chunkSize: chunkSize)
    }
}

extension HTTPResult {
    /// The body's text, as VaporTesting's response gives it.
    var text: String { body.string }
}
