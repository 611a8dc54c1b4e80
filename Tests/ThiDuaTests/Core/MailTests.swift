import Fluent
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// An SMTP server on loopback that accepts every message and keeps it.
final class FakeSMTPServer: Sendable {
    let messages = Mutex<[String]>([])
    private let channel = Mutex<(any Channel)?>(nil)

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    static func start() async throws -> FakeSMTPServer {
        let server = FakeSMTPServer()
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    try child.pipeline.syncOperations.addHandler(Session(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.channel.withLock { $0 = bound }
        return server
    }

    func stop() async {
        try? await channel.withLock { $0 }?.close()
    }

    /// Waits up to `seconds` for `count` messages.
    func waitForMessages(_ count: Int, seconds: Double = 10) async throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let now = messages.withLock { $0 }
            if now.count >= count { return now }
            try await Task.sleep(for: .milliseconds(50))
        }
        return messages.withLock { $0 }
    }

    final class Session: ChannelInboundHandler {
        typealias InboundIn = String
        typealias OutboundOut = ByteBuffer
        let server: FakeSMTPServer
        var inData = false
        var lines: [String] = []
        init(server: FakeSMTPServer) { self.server = server }

        func reply(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }

        func channelActive(context: ChannelHandlerContext) { reply(context, "220 fake ESMTP") }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let line = unwrapInboundIn(data)
            if inData {
                if line == "." {
                    inData = false
                    let message = lines.joined(separator: "\r\n")
                    server.messages.withLock { $0.append(message) }
                    lines = []
                    reply(context, "250 OK queued")
                } else {
                    lines.append(line)
                }
                return
            }
            switch line.prefix(4).uppercased() {
            case "EHLO": reply(context, "250-fake\r\n250 8BITMIME")
            case "MAIL", "RCPT": reply(context, "250 OK")
            case "DATA": inData = true; reply(context, "354 End data with <CR><LF>.<CR><LF>")
            case "QUIT": reply(context, "221 Bye"); context.close(promise: nil)
            default: reply(context, "502 Not implemented")
            }
        }
    }
}

@Suite("E-mailed notifications over SMTP")
struct MailTests {
    @Test func anAnswerToADifficultyIsAlsoEmailedInVietnamese() async throws {
        let smtp = try await FakeSMTPServer.start()
        defer { Task { await smtp.stop() } }
        try await withTestApp(settings: {
            $0.smtp = .init(host: "127.0.0.1", port: smtp.port, from: "thidua@nghiatrung.gov.vn")
            $0.publicURL = "https://thidua.nghiatrung.gov.vn"
        }) { app, fx in
            let person = try #require(try await Person.find(fx.official, on: app.db))
            person.email = "thuha@nghiatrung.gov.vn"
            try await person.update(on: app.db)
            let raiser = try await app.apiToken("canhan")
            let created = try await app.api(.POST, "/api/v1/difficulties", token: raiser, json: #"{"title":"Chữ ký số","content":"Chưa được cấp."}"#)
            struct D: Decodable { let id: UUID }
            let id = try decode(D.self, created).id.uuidString.lowercased()
            let answered = try await app.api(.POST, "/api/v1/difficulties/\(id)/answer", token: try await app.apiToken("thuky"), json: #"{"answer":"Đã đề nghị cấp."}"#)
            #expect(answered.status == .ok)
            let messages = try await smtp.waitForMessages(1)
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.contains("To: <thuha@nghiatrung.gov.vn>"))
            let subject = try #require(message.split(separator: "\r\n").first { $0.hasPrefix("Subject: =?UTF-8?B?") })
            let encoded = subject.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2)
            #expect(String(decoding: Data(base64Encoded: String(encoded))!, as: UTF8.self) == "Vướng mắc “Chữ ký số” đã được trả lời")
            let body = try #require(message.components(separatedBy: "\r\n\r\n").last)
            let text = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
            #expect(text.contains("https://thidua.nghiatrung.gov.vn/difficulties/\(id)"))
            // The inbox has it too.
            #expect(try await InboxMessage.query(on: app.db).filter(\.$title ~~ "đã được trả lời").count() == 1)
        }
    }

    @Test func aMailServerThatIsDownLosesNothing() async throws {
        try await withTestApp(settings: { $0.smtp = .init(host: "127.0.0.1", port: 9, from: "thidua@nghiatrung.gov.vn") }) { app, fx in
            let person = try #require(try await Person.find(fx.official, on: app.db))
            person.email = "thuha@nghiatrung.gov.vn"
            try await person.update(on: app.db)
            let created = try await app.api(.POST, "/api/v1/difficulties", token: try await app.apiToken("canhan"), json: #"{"title":"Chữ ký số","content":"x"}"#)
            struct D: Decodable { let id: UUID }
            let id = try decode(D.self, created).id.uuidString.lowercased()
            let answered = try await app.api(.POST, "/api/v1/difficulties/\(id)/answer", token: try await app.apiToken("thuky"), json: #"{"answer":"Đã trả lời."}"#)
            #expect(answered.status == .ok)
            #expect(try await Difficulty.query(on: app.db).first()?.answer == "Đã trả lời.")
            #expect(try await InboxMessage.query(on: app.db).filter(\.$title ~~ "đã được trả lời").count() == 1)
        }
    }

    @Test(arguments: [
        (["THIDUA_SMTP_HOST": "mail.local", "THIDUA_SMTP_FROM": "khong-phai-dia-chi"], "THIDUA_SMTP_FROM"),
        (["THIDUA_SMTP_HOST": "mail.local", "THIDUA_SMTP_FROM": "a@b.vn", "THIDUA_SMTP_PORT": "0"], "THIDUA_SMTP_PORT"),
        (["THIDUA_PUBLIC_URL": "ftp://x"], "THIDUA_PUBLIC_URL"),
    ])
    func wrongMailSettingsStopStartUpNamingTheSetting(env: [String: String], name: String) throws {
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(env) }
        do { _ = try Settings.fromEnvironment(env) } catch { #expect(error.name == name) }
    }

    @Test func settingsReadTheRelay() throws {
        let s = try Settings.fromEnvironment(["THIDUA_SMTP_HOST": "mail.nghiatrung.gov.vn", "THIDUA_SMTP_FROM": "thidua@nghiatrung.gov.vn",
                                              "THIDUA_PUBLIC_URL": "https://thidua.nghiatrung.gov.vn/"])
        #expect(s.smtp == .init(host: "mail.nghiatrung.gov.vn", port: 25, from: "thidua@nghiatrung.gov.vn"))
        #expect(s.publicURL == "https://thidua.nghiatrung.gov.vn")
        #expect(try Settings.fromEnvironment([:]).smtp == nil)
    }
}
