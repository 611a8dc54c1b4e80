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

    /// True when the text holds a character nobody types on purpose and that makes it show as something it is not:
    /// - control characters (C0, DEL, C1) other than tab and line breaks; in a single-line field (`singleLine: true`)
    ///   tab, CR and LF too, wherever they stand inside the text ("An\r\nBình" as a name): at its ends they are white
    ///   space that ``clean(_:)`` trims away, so they are let through there;
    /// - the bidirectional controls — LRM/RLM U+200E/U+200F, ALM U+061C, the embeddings and overrides U+202A–U+202E, the
    ///   isolates U+2066–U+2069 — with which "Nguyễn\u{202E}nàV" shows as "NguyễnVàn";
    /// - the invisible ones: zero-width space U+200B, word joiner and invisible operators U+2060–U+2065, the deprecated
    ///   format controls U+206A–U+206F, and U+FEFF (a byte order mark inside a text).
    ///
    /// The joiners ZWNJ U+200C and ZWJ U+200D make emoji sequences (👩‍💻, 🏳️‍🌈) in what people write, so a long text
    /// (`singleLine: false`: a narrative, a note) keeps them. A single-line field (a name, a title, a code) refuses ZWNJ,
    /// which Vietnamese never uses, and keeps ZWJ only inside an emoji sequence (an emoji, its modifier or U+FE0F before
    /// it, an emoji after it): between letters it only makes "Nguyễn Văn An" a different text that looks the same.
    static func hasControlCharacters(_ text: String?, singleLine: Bool = false) -> Bool {
        guard let text else { return false }
        var previous: Unicode.Scalar?
        var scalars = text.unicodeScalars.makeIterator()
        var current = scalars.next()
        // Single-line: whether a non-blank character was seen, and a tab or line break after it (refused once another
        // non-blank character follows, i.e. when the break is inside the trimmed text).
        var seenText = false, breakPending = false
        while let scalar = current {
            let next = scalars.next()
            let v = scalar.value
            if v < 0x20 {
                if v != 0x09 && v != 0x0A && v != 0x0D { return true }
                if seenText { breakPending = true }
            } else if v < 0x7F {
                if singleLine && v != 0x20 {
                    if breakPending { return true }
                    seenText = true
                }
            } else {
                if v <= 0x9F { return true }
                if singleLine && !scalar.properties.isWhitespace {
                    if breakPending { return true }
                    seenText = true
                }
                switch v {
                case 0x061C, 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF:
                    return true
                case 0x200C:
                    if singleLine { return true }
                case 0x200D:
                    if singleLine && !joinsEmoji(after: previous, before: next) { return true }
                case 0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0:
                    // The combining grapheme joiner and the Hangul fillers: blank, so a look-alike of another name.
                    if singleLine { return true }
                default:
                    // Any other format character (soft hyphen, tags, interlinear annotation, …) and the line and
                    // paragraph separators: invisible or a line break in a one-line field.
                    if singleLine {
                        switch scalar.properties.generalCategory {
                        case .format, .lineSeparator, .paragraphSeparator: return true
                        default: break
                        }
                    }
                }
            }
            previous = scalar
            current = next
        }
        return false
    }

    /// True when a cleaned text (``clean(_:)``: trimmed) holds a tab or a line break (CR, LF, VT, FF, NEL, U+2028,
    /// U+2029): the message of a one-line field then says to keep it on one line.
    static func breaksLine(_ cleaned: String) -> Bool {
        cleaned.unicodeScalars.contains { v in
            (0x09...0x0D).contains(v.value) || v.value == 0x85 || v.value == 0x2028 || v.value == 0x2029
        }
    }

    /// Whether a ZWJ between these two scalars is part of an emoji sequence.
    private static func joinsEmoji(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        guard let previous, let next else { return false }
        let before = previous.value == 0xFE0F || previous.properties.isEmojiPresentation || previous.properties.isEmojiModifier
        return before && next.value > 0xFF && next.properties.isEmoji
    }
}
