import Foundation
import Logging
import NIOCore
import NIOPosix

/// Sends e-mail to an SMTP relay (the commune's mail server, or a postfix on the host) in plain SMTP:
/// EHLO, MAIL FROM, RCPT TO, DATA, QUIT. The message is UTF-8 (subject RFC 2047-encoded, body base64), so
/// Vietnamese letters arrive intact. Configured with `THIDUA_SMTP_HOST`, `THIDUA_SMTP_PORT`, `THIDUA_SMTP_FROM`.
struct SMTPMailSender: MailSender {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let host: String
    let port: Int
    let from: String
    /// The host name said in EHLO.
    var heloName = "thidua.local"
    var timeout: TimeAmount = .seconds(20)

    func send(to address: String, subject: String, body: String) async throws {
        guard !address.contains("\r"), !address.contains("\n"), !address.contains(">") else { throw Failure(description: "bad address") }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            /// Reads one reply (possibly several "NNN-" lines) and returns its code.
            func reply() async throws -> Int {
                while let line = try await lines.next() {
                    guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(description: "unexpected reply: \(line)") }
                    if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return code }
                }
                throw Failure(description: "connection closed")
            }
            func command(_ text: String, expect: Set<Int>) async throws {
                try await outbound.write(ByteBuffer(string: text + "\r\n"))
                let code = try await reply()
                guard expect.contains(code) else { throw Failure(description: "\(text.split(separator: ":").first ?? "") → \(code)") }
            }
            guard try await reply() == 220 else { throw Failure(description: "no greeting") }
            try await command("EHLO \(heloName)", expect: [250])
            try await command("MAIL FROM:<\(from)>", expect: [250])
            try await command("RCPT TO:<\(address)>", expect: [250, 251])
            try await command("DATA", expect: [354])
            try await outbound.write(ByteBuffer(string: Self.message(from: from, to: address, subject: subject, body: body, date: Date()) + "\r\n.\r\n"))
            guard try await reply() == 250 else { throw Failure(description: "message refused") }
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// The RFC 5322 message: UTF-8 headers encoded per RFC 2047, the body base64 in 76-character lines.
    static func message(from: String, to: String, subject: String, body: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = "=?UTF-8?B?\(Data(subject.precomposedStringWithCanonicalMapping.utf8).base64EncodedString())?="
        let bodyLines = Data(body.precomposedStringWithCanonicalMapping.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: Thi Đua Số <\(from)>".replacingOccurrences(of: "Thi Đua Số", with: "=?UTF-8?B?\(Data("Thi Đua Số".utf8).base64EncodedString())?="),
            "To: <\(to)>",
            "Subject: \(encodedSubject)",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@thidua>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            bodyLines,
        ].joined(separator: "\r\n")
    }
}

/// Splits the SMTP stream into reply lines (CRLF or LF), as strings.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return .needMoreData }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(Self.wrapInboundOut(line))
        return .continue
    }
}
