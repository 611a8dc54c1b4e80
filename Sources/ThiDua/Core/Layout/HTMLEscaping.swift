import Plot

/// Plot escapes text nodes but writes attribute values as given, so every value that can hold
/// user data goes through these helpers.
enum HTMLEscape {
    static func attribute(_ value: String) -> String { escape(value, quotes: true) }

    static func text(_ value: String) -> String { escape(value, quotes: false) }

    /// Byte by byte over UTF-8: the five characters are ASCII, so no other character's bytes can match, and a
    /// value with none of them (most) is returned as it is, without a copy. A "&" followed by a combining mark is
    /// still escaped (iterating by Character would see one grapheme, not "&").
    private static func escape(_ value: String, quotes: Bool) -> String {
        func special(_ byte: UInt8) -> Bool {
            byte == 0x26 || byte == 0x3C || byte == 0x3E || (quotes && (byte == 0x22 || byte == 0x27))
        }
        guard value.utf8.contains(where: special) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 32)
        for byte in value.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22 where quotes: out.append(contentsOf: "&quot;".utf8)
            case 0x27 where quotes: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Node where Context: HTMLContext {
    /// An attribute whose value is escaped. An empty `value` is kept (`value=""`): an option or input without one
    /// would send its label or "on" instead of nothing. Other empty attributes are left out, as Plot does.
    static func attr(_ name: String, _ value: String) -> Node {
        .attribute(named: name, value: HTMLEscape.attribute(value), ignoreIfValueIsEmpty: name != "value")
    }

    /// User text, escaped exactly (Plot's own escaping keeps entity-like sequences).
    static func safe(_ text: String) -> Node {
        .raw(HTMLEscape.text(text))
    }

    /// Every `.text(…)` of the views, escaped by ``HTMLEscape``. This overload, on HTML contexts, is chosen over
    /// Plot's own: Plot escapes one Character at a time, building a String for each (6% of a list page's CPU), and
    /// leaves entity-like sequences ("&amp;", "&#39;") as they are, so text a user typed as "&amp;" was shown as "&".
    static func text(_ text: String) -> Node {
        .raw(HTMLEscape.text(text))
    }
}

extension Node where Context: HTML.BodyContext {
    /// A link whose href is built from a ``SiteURL``.
    static func link(_ url: SiteURL, _ text: String, class className: String? = nil) -> Node {
        .element(named: "a", nodes: [
            .attr("href", url.path),
            className.map { .class($0) } ?? .empty,
            .safe(text),
        ])
    }

    static func link(href: String, _ text: String, class className: String? = nil) -> Node {
        .element(named: "a", nodes: [
            .attr("href", href),
            className.map { .class($0) } ?? .empty,
            .safe(text),
        ])
    }
}
