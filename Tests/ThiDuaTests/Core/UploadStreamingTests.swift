#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Testing
import Vapor
@testable import ThiDua

/// Issue 13 item 3: uploads are streamed to disk — written to a temporary file under the data directory and hashed as
/// they arrive, never held whole in memory — and moved into the store in the write that records their row.
@Suite("Uploads streamed to disk")
struct UploadStreamingTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    /// The files of the store (not the temporary folder).
    static func storedFiles(_ app: Application) -> [String] {
        let root = (app.settings.dataDirectory as NSString).appendingPathComponent("files")
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.filter { ($0 as NSString).lastPathComponent.count == 64 }
    }

    /// The temporary files of this process (uploads being received).
    static func incoming(_ app: Application) -> [String] {
        let dir = StreamedUpload.incomingDirectory(dataDirectory: app.settings.dataDirectory)
        return (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    }

    static func pdf(size: Int) -> Data {
        var data = pdfBytes
        // Not a repeated byte: every line differs, and the body holds the bytes a multipart boundary starts with.
        var i = 0
        while data.count < size {
            data.append(Data("\r\n-\(i) ".utf8))
            i += 1
        }
        return data.prefix(size)
    }

    /// A report evidence file just under the cap, sent in 1 KB pieces then 64 KB ones, is stored whole under its SHA-256,
    /// with its row; no temporary file is left.
    @Test func aFileNearTheCapSentInPiecesIsStoredUnderItsHash() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10"), settings: { $0.uploadMaxBytes = 2 * 1024 * 1024 }) { app, fx in
            let s = try await app.login("daumoi")
            let file = Self.pdf(size: 2 * 1024 * 1024 - 100)
            let res = try await uploadForm(app, "/reports/2026/units/\(Self.id(fx.villageA))/evidence", as: s,
                                           fields: ["evidenceTitle": "Biên bản có chữ ký"], filename: "bien-ban.pdf", file: file)
            #expect(res.status == .seeOther, "\(res.status): \(res.text.prefix(300))")
            let hash = SHA256.hash(data: file).hexString
            let e = try #require(try await Evidence.query(on: app.db).first())
            #expect(e.fileHash == hash && e.size == file.count && e.title == "Biên bản có chữ ký")
            #expect(try await app.files.get(hash) == file)
            #expect(Self.storedFiles(app).count == 1)
            #expect(Self.incoming(app).isEmpty)
            // The same bytes sent as they are to the API: one file in the store, a second row.
            let token = try await app.apiToken("daumoi")
            let api = try await app.api(.POST, "/api/v1/reports/2026/units/\(Self.id(fx.villageA))/evidence?filename=b.pdf", token: token, bytes: file)
            #expect(api.status == .created, "\(api.status): \(api.text.prefix(300))")
            #expect(try await Evidence.query(on: app.db).filter(\.$fileHash == hash).count() == 2)
            #expect(Self.storedFiles(app).count == 1)
            #expect(Self.incoming(app).isEmpty)
        }
    }

    /// Issue 13 item 7: a streamed upload's bytes are counted in `thidua_upload_bytes_total` piece by piece as they
    /// arrive, not from the length the request announced: a file sent chunked, without `Content-Length`, moves the
    /// counter by its size. (The counter is the process's and the suite runs in parallel: it must grow by at least that.)
    @Test func aChunkedUploadWithoutALengthIsCountedInTheMetrics() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10"), settings: {
            $0.metricsToken = ObservabilityTests.token
            $0.uploadMaxBytes = 4 * 1024 * 1024
        }) { app, fx in
            // setup
            let token = try await app.apiToken("daumoi")
            let file = Self.pdf(size: 3 * 1024 * 1024 + 777)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(try app.listeningPort)/api/v1/reports/2026/units/\(Self.id(fx.villageA))/evidence?filename=chunked.pdf")
            request.method = .POST
            request.headers = ["Authorization": "Bearer \(token)", "Content-Type": "application/octet-stream"]
            request.body = .stream(SocketClient.Pieces(body: ByteBuffer(data: file), chunkSize: 1024, slowPieces: 8), length: .unknown)
            let before = try await ObservabilityTests.scrape(app)
            // act
            let response = try await SocketClient.client.execute(request, timeout: .seconds(120))
            let text = try await response.body.collect(upTo: 1024 * 1024)
            let after = try await ObservabilityTests.scrape(app)
            // check
            #expect(response.status == .created, "\(response.status): \(String(buffer: text).prefix(300))")
            let e = try #require(try await Evidence.query(on: app.db).filter(\.$originalName == "chunked.pdf").first())
            #expect(e.size == file.count && e.fileHash == SHA256.hash(data: file).hexString)
            let uploaded = (ObservabilityTests.value(after, "thidua_upload_bytes_total") ?? 0) - (ObservabilityTests.value(before, "thidua_upload_bytes_total") ?? 0)
            #expect(uploaded >= Double(file.count), "counted \(uploaded) of \(file.count) bytes")
        }
    }

    /// A body three times the cap is refused (413) as soon as it passes the route's cap, while the client is still
    /// sending: the server never waits for, nor keeps, the rest. Nothing is stored.
    @Test func aBodyThreeTimesTheCapIsRefusedBeforeItHasAllArrived() async throws {
        // 16 MB: what remains past the cap (a third of the body) is more than the kernel's socket buffers hold.
        try await withTestApp(settings: { $0.uploadMaxBytes = 16 * 1024 * 1024 }) { app, _ in
            let s = try await app.login("canhan")
            let boundary = "----thiduabig"
            var head = ByteBuffer()
            head.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(s.csrf)\r\n")
            head.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nTệp rất lớn\r\n")
            head.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lon.pdf\"\r\n\r\n%PDF-1.4\n")
            let total = 3 * app.settings.uploadMaxBytes
            let cap = BodyLimit.upload(app.settings.uploadMaxBytes)
            let socket = try RawSocket(port: try app.listeningPort)
            try socket.send("POST /difficulties HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(SessionAuthenticator.cookieName)=\(s.cookie)\r\n"
                            + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(total)\r\n\r\n")
            try socket.send(Data(head.readableBytesView))
            // The rest in 64 KB pieces, as long as no answer has come.
            let (sent, answer) = try socket.sendUntilAnswered(total: total - head.readableBytes, piece: 65_536)
            socket.close()
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(100))")
            #expect(sent + head.readableBytes < total, "answered after \(sent + head.readableBytes) of \(total) bytes (cap \(cap))")
            #expect(try await Difficulty.query(on: app.db).count() == 0)
            #expect(Self.storedFiles(app).isEmpty)
            try await Self.eventually { Self.incoming(app).isEmpty }
        }
    }

    /// A connection cut half-way through an upload leaves no stored file, no row and no temporary file; while it was
    /// arriving, its bytes were on disk (not in memory).
    @Test func aConnectionCutMidUploadLeavesNoFileAndNoRow() async throws {
        try await withTestApp(settings: { $0.uploadMaxBytes = 2 * 1024 * 1024 }) { app, _ in
            let s = try await app.login("canhan")
            let boundary = "----thiduacut"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(s.csrf)\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBị ngắt giữa chừng\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nNội dung\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ngat.pdf\"\r\n\r\n"
            let socket = try RawSocket(port: try app.listeningPort)
            try socket.send("POST /difficulties HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(SessionAuthenticator.cookieName)=\(s.cookie)\r\n"
                            + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(1024 * 1024)\r\n\r\n")
            try socket.send(Data(body.utf8) + Self.pdf(size: 600 * 1024))
            // The part received so far is on disk, in a temporary file.
            try await Self.eventually {
                let dir = StreamedUpload.incomingDirectory(dataDirectory: app.settings.dataDirectory)
                return Self.incoming(app).contains { name in
                    ((try? FileManager.default.attributesOfItem(atPath: "\(dir)/\(name)")[.size] as? Int) ?? 0) > 300 * 1024
                }
            }
            socket.close()
            try await Self.eventually { Self.incoming(app).isEmpty }
            #expect(try await Difficulty.query(on: app.db).count() == 0)
            #expect(try await Evidence.query(on: app.db).count() == 0)
            #expect(Self.storedFiles(app).isEmpty)
        }
    }

    /// The token must come before the file: a file part first is refused (403) without writing it; an `X-CSRF-Token`
    /// header does as well as the field.
    @Test func theTokenMustComeBeforeTheFileOrAsAHeader() async throws {
        try await withTestApp(settings: { $0.uploadMaxBytes = 1024 * 1024 }) { app, _ in
            let s = try await app.login("canhan")
            let boundary = "----thiduaorder"
            func body(tokenFirst: Bool, token: String?) -> ByteBuffer {
                var b = ""
                let csrf = token.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\($0)\r\n" } ?? ""
                if tokenFirst { b += csrf }
                b += "--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nThiếu máy tính\r\n"
                b += "--\(boundary)\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\nCần hỗ trợ\r\n"
                b += "--\(boundary)\r\nContent-Disposition: form-data; name=\"contentAreaId\"\r\n\r\n\r\n"
                b += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
                var buffer = ByteBuffer(string: b)
                buffer.writeBytes(Self.pdf(size: 100 * 1024))
                buffer.writeString("\r\n" + (tokenFirst ? "" : csrf) + "--\(boundary)--\r\n")
                return buffer
            }
            var headers = s.headers
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let late = try await app.send(.POST, "/difficulties", headers: headers, body: body(tokenFirst: false, token: s.csrf))
            #expect(late.status == .forbidden)
            let wrong = try await app.send(.POST, "/difficulties", headers: headers, body: body(tokenFirst: true, token: String(s.csrf.reversed())))
            #expect(wrong.status == .forbidden)
            #expect(try await Difficulty.query(on: app.db).count() == 0)
            #expect(Self.storedFiles(app).isEmpty)
            let ok = try await app.send(.POST, "/difficulties", headers: headers, body: body(tokenFirst: true, token: s.csrf))
            #expect(ok.status == .seeOther, "\(ok.status): \(ok.text.prefix(300))")
            var withHeader = headers
            withHeader.add(name: "X-CSRF-Token", value: s.csrf)
            let header = try await app.send(.POST, "/difficulties", headers: withHeader, body: body(tokenFirst: false, token: nil))
            #expect(header.status == .seeOther, "\(header.status): \(header.text.prefix(300))")
            #expect(try await Difficulty.query(on: app.db).count() == 2)
            #expect(Self.storedFiles(app).count == 1)
            #expect(Self.incoming(app).isEmpty)
        }
    }

    /// When the write that records a file fails, the file it placed in the store is taken out again; a file that was
    /// already stored (another row names it) stays.
    @Test func aFailedWriteTakesItsNewFileOutOfTheStoreButKeepsAnOlderOne() async throws {
        try await withFreshApp { app in
            struct Refused: Error {}
            let dir = StreamedUpload.incomingDirectory(dataDirectory: app.settings.dataDirectory)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            func received(_ data: Data) throws -> TempFile {
                let path = "\(dir)/\(UUID().uuidString)"
                try data.write(to: URL(fileURLWithPath: path))
                return TempFile(path: path, size: data.count, sha256: SHA256.hash(data: data).hexString, filename: "x.pdf",
                                contentType: nil, head: data.prefix(64), isOverCap: false)
            }
            let fresh = try received(Self.pdf(size: 5000))
            await #expect(throws: Refused.self) {
                try await app.files.placing([fresh]) { placement in
                    try await placement.place()
                    #expect(try await app.files.get(fresh.sha256) != nil)
                    throw Refused()
                }
            }
            #expect(try await app.files.get(fresh.sha256) == nil)
            let old = try await app.files.put(Self.pdf(size: 6000))
            let again = try received(Self.pdf(size: 6000))
            await #expect(throws: Refused.self) {
                try await app.files.placing([again]) { placement in
                    try await placement.place()
                    throw Refused()
                }
            }
            #expect(try await app.files.get(old.hash) == Self.pdf(size: 6000))
            let kept = try received(Self.pdf(size: 7000))
            try await app.files.placing([kept]) { try await $0.place() }
            #expect(try await app.files.get(kept.sha256) == Self.pdf(size: 7000))
            #expect(Self.incoming(app).isEmpty)
        }
    }

    /// Temporary files a crashed process left are removed at start-up; a running process's are not.
    @Test func temporaryFilesOfAProcessThatIsGoneAreRemovedAtStartUp() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-sweep-\(UUID().uuidString)").path
        let root = "\(dir)/incoming"
        let gone = "\(root)/2147483646", alive = "\(root)/1"
        for folder in [gone, alive] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("half".utf8).write(to: URL(fileURLWithPath: "\(folder)/\(UUID().uuidString)"))
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await withFreshApp(settings: { $0.dataDirectory = dir }) { _ in
            #expect(!FileManager.default.fileExists(atPath: gone))
            #expect(FileManager.default.fileExists(atPath: alive))
        }
    }

    static func eventually(_ timeout: Double = 10, _ check: () async throws -> Bool) async throws {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if try await check() { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(try await check(), "not true after \(timeout) s")
    }
}

/// A plain TCP connection, to cut an upload half-way (an HTTP client would not).
private final class RawSocket {
    private var fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, result == 0 else { throw Abort(.internalServerError, reason: "connect failed") }
    }

    func send(_ text: String) throws { try send(Data(text.utf8)) }

    func send(_ data: Data) throws {
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw Abort(.internalServerError, reason: "send failed") }
                offset += n
            }
        }
    }

    /// Sends `total` filler bytes in pieces, without blocking, until the server answers; returns what was sent and the
    /// start of the answer.
    func sendUntilAnswered(total: Int, piece: Int) throws -> (sent: Int, answer: String) {
        let filler = [UInt8](repeating: 0x41, count: piece)
        var sent = 0
        let start = Date()
        while Date().timeIntervalSince(start) < 60 {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, sent < total ? 1 : 100) > 0, p.revents & Int16(POLLIN) != 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &buffer, buffer.count, 0)
                return (sent, String(decoding: buffer.prefix(max(0, n)), as: UTF8.self))
            }
            guard sent < total else { continue }
            let n = filler.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, Swift.min(piece, total - sent), Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            if n > 0 { sent += n } else if errno != EAGAIN && errno != EWOULDBLOCK { throw Abort(.internalServerError, reason: "send failed") }
        }
        return (sent, "")
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    deinit { close() }
}

/// The multipart parser that replaced multipart-kit's byte-at-a-time one: the same parts whatever the pieces.
@Suite("Multipart parsing over chunks")
struct MultipartStreamTests {
    static func parse(_ body: [UInt8], boundary: String, piece: Int) throws -> [(headers: [String], body: [UInt8])] {
        let parser = MultipartStream(boundary: boundary)
        var parts: [(headers: [String], body: [UInt8])] = []
        var headers: [String] = []
        var bytes: [UInt8] = []
        parser.onHeader = { headers.append("\($0): \($1)") }
        parser.onBody = { bytes.append(contentsOf: $0.readableBytesView) }
        parser.onPartComplete = { parts.append((headers, bytes)); headers = []; bytes = [] }
        var i = 0
        while i < body.count {
            try parser.execute(ByteBuffer(bytes: body[i..<min(body.count, i + piece)]))
            i += piece
        }
        return parts
    }

    @Test func thePartsAreTheSameWhateverThePieces() throws {
        let boundary = "----WebKitFormBoundaryx7Q2"
        // A file whose bytes hold CRLFs, dashes and most of the delimiter, but never all of it.
        var file = [UInt8]((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        file += Array("\r\n------WebKitFormBoundaryx7Q\r\n--".utf8) + file.prefix(1000)
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nmabc\r\n--\(boundary)\r\n".utf8)
            + Array("Content-Disposition: form-data; name=\"file\"; filename=\"bien-ban.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            + file + Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBiên bản\r\n--\(boundary)--\r\n".utf8)
        for piece in [1, 2, 7, 29, 30, 1024, 65_536, body.count] {
            let parts = try Self.parse(body, boundary: boundary, piece: piece)
            #expect(parts.count == 3, "piece \(piece)")
            guard parts.count == 3 else { continue }
            #expect(parts[0].headers == [#"Content-Disposition: form-data; name="_csrf""#])
            #expect(parts[0].body == Array("mabc".utf8))
            #expect(parts[1].headers.count == 2)
            #expect(parts[1].body == file, "piece \(piece)")
            #expect(String(decoding: parts[2].body, as: UTF8.self) == "Biên bản")
        }
    }

    @Test func aBodyWithoutItsHeaderEndOrWithEndlessHeadersIsRefused() throws {
        let endless = Array("--b\r\n".utf8) + [UInt8](repeating: 65, count: MultipartStream.maxHeaderBytes + 10)
        #expect(throws: MultipartStream.Failure.self) { _ = try Self.parse(endless, boundary: "b", piece: 4096) }
        #expect(throws: MultipartStream.Failure.self) { _ = try Self.parse(Array("--b\r\nno colon here\r\n\r\nx\r\n--b--".utf8), boundary: "b", piece: 3) }
    }
}
