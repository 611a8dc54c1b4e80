import Foundation

/// Folds Vietnamese text for search: lower case, no diacritics, "đ" → "d", single spaces.
/// "NGHĨA TRUNG", "Nghĩa Trung" and "nghia trung" all fold to "nghia trung", on every database,
/// because the folded form is computed here and stored beside the original.
enum TextFolding {
    static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F:
                continue // combining marks (accents, tones)
            case 0x0000...0x0008, 0x000B, 0x000C, 0x000E...0x001F, 0x007F:
                continue // control characters never belong in a search
            case 0x0110, 0x0111:
                scalars.append("d")
                lastWasSpace = false
            default:
                if scalar.properties.isWhitespace {
                    if !lastWasSpace { scalars.append(" ") }
                    lastWasSpace = true
                } else {
                    for lower in String(scalar).lowercased().unicodeScalars { scalars.append(lower) }
                    lastWasSpace = false
                }
            }
        }
        var result = String(scalars)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// A folded search term safe to put in a LIKE pattern (LIKE wildcards removed).
    static func searchTerm(_ query: String) -> String {
        fold(query).replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// Normalises user text to NFC and trims it, so "ệ" is one character everywhere.
    static func clean(_ text: String?) -> String {
        // NUL can be stored by neither database's text type (PostgreSQL refuses it): drop it everywhere.
        (text ?? "").replacingOccurrences(of: "\u{0}", with: "").precomposedStringWithCanonicalMapping
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True when the text holds control characters other than tab and line breaks.
    static func hasControlCharacters(_ text: String?) -> Bool {
        (text ?? "").unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r" }
    }
}
