import NIOCore
import Vapor

/// How many fields a form may carry, checked by one pass over its bytes before anything parses it.
///
/// Vapor's form parser copies a name's values each time the name comes again (`a=1&a=2&…`, `id[]=…`, `a[x]=…&a[y]=…`),
/// so its cost grows with the square of the repeats: 40,000 repeats of one name, well within a 2 MB body, took tens of
/// seconds, even on the sign-in form, and a few such requests side by side held the server (the attacker's finding,
/// issue 16). A form over either cap is refused (413) before it is parsed; the largest real form (approving every
/// figure a review page lists, two fields a figure) stays far below both.
enum FormFieldLimit {
    /// Fields of one form, all names together.
    static let maxFields = 20_000
    /// Fields of one top-level name (`id[]`, `a[x]` and `a` are all `a`): each repeat costs a copy of the ones before.
    static let maxRepeats = 5_000

    /// Checks an `application/x-www-form-urlencoded` body or query string; names are compared decoded (`%61` is `a`).
    static func check<C: Collection>(urlEncoded bytes: C) throws where C.Element == UInt8 {
        // Counted as Swift strings, which compare by canonical equivalence as Vapor's dictionary of names does: byte
        // forms of one name (`é` and `e` + combining acute) are one name there, so they are one name here.
        var counts: [String: Int] = [:]
        var total = 0
        var name: [UInt8] = []
        var inName = true, nameDone = false, empty = true
        var i = bytes.startIndex
        func endPair() throws {
            defer { name.removeAll(keepingCapacity: true); inName = true; nameDone = false; empty = true }
            guard !empty else { return }
            total += 1
            guard total <= maxFields else { throw AppError.tooManyFields }
            let key = String(decoding: name, as: UTF8.self)
            let n = (counts[key] ?? 0) + 1
            guard n <= maxRepeats else { throw AppError.tooManyFields }
            counts[key] = n
        }
        while i != bytes.endIndex {
            var byte = bytes[i]
            i = bytes.index(after: i)
            if byte == UInt8(ascii: "&") { try endPair(); continue }
            empty = false
            guard inName else { continue }
            if byte == UInt8(ascii: "=") { inName = false; continue }
            guard !nameDone else { continue }
            if byte == UInt8(ascii: "+") {
                byte = UInt8(ascii: " ")
            } else if byte == UInt8(ascii: "%") {
                // A name's escapes are decoded as Vapor decodes them, so that `%61` and `a` count as one name.
                var j = i
                var value: UInt8 = 0, digits = 0
                while digits < 2, j != bytes.endIndex, let d = hexValue(bytes[j]) {
                    value = value << 4 | d
                    digits += 1
                    j = bytes.index(after: j)
                }
                if digits == 2 { byte = value; i = j }
            }
            if byte == UInt8(ascii: "[") { nameDone = true; continue }
            if name.count < 256 { name.append(byte) }
        }
        try endPair()
    }

    /// Checks the text fields of a multipart form by name (multipart names are not escaped).
    static func check<S: Sequence>(names: S) throws where S.Element == String {
        var counts: [String: Int] = [:]
        var total = 0
        for name in names {
            total += 1
            guard total <= maxFields else { throw AppError.tooManyFields }
            let top = String(name.prefix { $0 != "[" })
            let n = (counts[top] ?? 0) + 1
            guard n <= maxRepeats else { throw AppError.tooManyFields }
            counts[top] = n
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}

/// Vapor's form decoder for bodies and query strings, after ``FormFieldLimit``'s check. Installed for every request
/// (``install()``), so no route, page or API, parses an oversized form.
struct BoundedFormDecoder: ContentDecoder, URLQueryDecoder {
    private let inner = URLEncodedFormDecoder()

    func decode<D: Decodable>(_ type: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(type, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ type: D.Type, from body: ByteBuffer, headers: HTTPHeaders,
                              userInfo: [CodingUserInfoKey: Sendable]) throws -> D {
        try FormFieldLimit.check(urlEncoded: body.readableBytesView)
        return try inner.decode(type, from: body, headers: headers, userInfo: userInfo)
    }

    func decode<D: Decodable>(_ type: D.Type, from url: URI) throws -> D {
        try decode(type, from: url, userInfo: [:])
    }

    func decode<D: Decodable>(_ type: D.Type, from url: URI, userInfo: [CodingUserInfoKey: Sendable]) throws -> D {
        try FormFieldLimit.check(urlEncoded: (url.query ?? "").utf8)
        return try inner.decode(type, from: url, userInfo: userInfo)
    }

    /// Makes this the decoder of form bodies and of query strings (the setting is process-wide in Vapor; setting it
    /// again, as each test's application does, changes nothing).
    static func install() {
        ContentConfiguration.global.use(decoder: BoundedFormDecoder(), for: .urlEncodedForm)
        ContentConfiguration.global.use(urlDecoder: BoundedFormDecoder())
    }
}

/// Refuses a query string over ``FormFieldLimit``'s caps before any route reads it: pages read their filters with
/// `req.query[…]`, which gives nil on an error, so without this an oversized query would quietly show the defaults.
struct QueryFieldLimitMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, !query.isEmpty { try FormFieldLimit.check(urlEncoded: query.utf8) }
        return try await next.respond(to: request)
    }
}
