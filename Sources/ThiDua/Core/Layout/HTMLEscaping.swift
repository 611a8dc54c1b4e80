import Plot

/// Plot escapes text nodes but writes attribute values as given, so every value that can hold
/// user data goes through these helpers.
enum HTMLEscape {
    static func attribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for ch in value {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for ch in value {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(ch)
            }
        }
        return out
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
