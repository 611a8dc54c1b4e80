import Foundation
import Vapor

extension Request {
    /// The address of the client, for sign-in throttling and the records of sign-ins.
    ///
    /// The socket's peer address, unless `THIDUA_TRUST_PROXY=1`: then the last address of `X-Forwarded-For` (the one
    /// the reverse proxy in front of the server appended; what comes before it is whatever the client claimed). A
    /// missing or malformed header falls back to the peer. Without the setting the header is ignored, so a client
    /// talking to the server directly cannot choose the address it is counted under.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "-"
        guard application.settings.trustProxy else { return peer }
        let entries = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
        guard let last = entries.last?.trimmingCharacters(in: .whitespaces), Self.looksLikeIP(last) else { return peer }
        return last.lowercased()
    }

    /// True for this machine's own addresses (and "-", no address at all). Behind a reverse proxy on the same machine
    /// without `THIDUA_TRUST_PROXY=1`, every client has the proxy's loopback address: a counter per address would
    /// then be one counter for everyone.
    static func isLoopback(_ address: String) -> Bool {
        address == "-" || address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    /// An IPv4 or IPv6 address in text form (digits, hex letters, dots and colons only).
    static func looksLikeIP(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 45 && text.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
    }
}
