import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// The guard of a form anyone may post without signing in (the objection form of the public posting today; the
/// portal's feedback forms later). Three parts, each usable alone:
///
/// 1. a **honeypot**: ``honeypotControl()`` puts a visually hidden text box, labelled for screen readers "leave
///    empty", in the form; ``screen(_:honeypot:)`` answers `.bot` when it came back filled — the handler then answers
///    exactly as if the post was accepted and stores nothing;
/// 2. the sender's **address hash**: ``addressHash(_:)`` is an HMAC-SHA256 of the address keyed with the installation
///    secret (``InstallationSecret``, in the data directory, not in the database); store it with the post, never the
///    address;
/// 3. a **rate limit**: ``admit(communeID:addressHash:at:on:)`` counts one accepted post of the address in the current
///    window (a counter row updated in place with one upsert, so concurrent posts count right on SQLite and
///    PostgreSQL) and throws `AppError.tooManyRequests` (429, Vietnamese message) past ``limit``. Call it inside the
///    transaction that stores the post: a refused post then leaves nothing, not even a count.
///
/// The address is `Request.clientAddress`, the rule the sign-in throttle uses. Candidate for `Core/`.
struct PublicFormGuard: Sendable {
    /// Names the form in the counter table, e.g. `"objection"`.
    let form: String
    /// Accepted posts per address, commune and window.
    var limit: Int = 5
    /// The window, in seconds (fixed windows: one hour from the full hour by default).
    var window: Int = 3600

    static let counterTable = "public_form_counters"
    /// The honeypot's field name: a name form-filling robots like to fill.
    static let honeypotField = "website"

    enum Verdict: Sendable, Equatable {
        /// The honeypot was filled: answer as if accepted, store nothing.
        case bot
        /// A person (as far as the honeypot can tell), from this address hash.
        case sender(addressHash: String)
    }

    /// Reads the honeypot's value and hashes the sender's address.
    static func screen(_ req: Request, honeypot: String?) throws -> Verdict {
        if !(honeypot ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .bot }
        return .sender(addressHash: try addressHash(req))
    }

    /// The address the post came from: the application's one rule, `Request.clientAddress` (the socket's peer, or
    /// the last `X-Forwarded-For` address with `THIDUA_TRUST_PROXY=1`), as the sign-in throttle uses.
    static func senderAddress(_ req: Request) -> String { req.clientAddress }

    /// HMAC-SHA256 of the sender's address, keyed with the installation secret; 64 hex digits.
    static func addressHash(_ req: Request) throws -> String {
        addressHash(senderAddress(req), secret: try req.installationSecret())
    }

    static func addressHash(_ address: String, secret: SymmetricKey) -> String {
        let key = InstallationSecret.derive(secret, purpose: "public-form-address")
        return Array(HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: key)).hexString
    }

    /// Counts one accepted post; throws `AppError.tooManyRequests` when the address already had ``limit`` in the window.
    func admit(communeID: UUID, addressHash: String, at: Date, on db: any Database) async throws {
        let windowStart = Int64((at.timeIntervalSince1970 / Double(window)).rounded(.down)) * Int64(window)
        let sql = db.sql
        // Yesterday's counters are of no use any more.
        try await sql.raw("""
            DELETE FROM \(ident: Self.counterTable) WHERE form = \(bind: form) AND window_start < \(bind: windowStart - Int64(max(window, 86_400)))
            """).run()
        let row = try await sql.raw("""
            INSERT INTO \(ident: Self.counterTable) (id, form, commune_id, address_hash, window_start, hits)
            VALUES (\(bind: UUID()), \(bind: form), \(bind: communeID), \(bind: addressHash), \(bind: windowStart), 1)
            ON CONFLICT (form, commune_id, address_hash, window_start)
            DO UPDATE SET hits = \(ident: Self.counterTable).hits + 1
            RETURNING hits
            """).first()
        let hits = try row?.decode(column: "hits", as: Int.self) ?? 1
        if hits > limit { throw AppError.tooManyRequests(CommendationText.tooManyPosts(limit: limit, minutes: window / 60)) }
    }

    /// The honeypot control: a text box hidden from sight (not from screen readers, which read "leave empty"), out of
    /// the tab order, never autofilled.
    static func honeypotControl<C: HTML.BodyContext>() -> Node<C> {
        .element(named: "div", nodes: [
            .attr("class", "visually-hidden"),
            .element(named: "label", nodes: [.attr("for", "f-\(honeypotField)"), .text(CommendationText.honeypotLabel)]),
            .selfClosedElement(named: "input", attributes: [
                FormKit.attr("type", "text"), FormKit.attr("id", "f-\(honeypotField)"), FormKit.attr("name", honeypotField),
                FormKit.attr("value", ""), FormKit.attr("tabindex", "-1"), FormKit.attr("autocomplete", "off"),
            ]),
        ])
    }
}
