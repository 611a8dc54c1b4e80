/// A name someone typed (an initiative, a difficulty, a piece of evidence), put in quotation marks once in a sentence,
/// a document or a certificate: `Sáng kiến “Sổ tay điện tử” đã được công nhận`.
///
/// - A name that is already wrapped whole in one pair (“…”, "…", «…») loses that pair and is wrapped in “ ” again, so
///   it is never quoted twice.
/// - Quotes inside the name become single quotes, so that they never nest in the same marks:
///   `Mô hình “Mỗi hộ một tài khoản”` → `“Mô hình ‘Mỗi hộ một tài khoản’”`. Straight double quotes inside are turned
///   into ‘ ’ in pairs (an unpaired one is left as it is).
enum Quoting {
    static func quoted(_ title: String) -> String {
        var t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if wrapsWhole(t) { t = String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        return "“" + inner(t) + "”"
    }

    /// The name with its own double quotes made single.
    static func inner(_ t: String) -> String {
        guard t.contains(where: { doubleMarks.contains($0) }) else { return t }
        let straight = t.reduce(0) { $0 + ($1 == "\"" ? 1 : 0) }
        var openStraight = true
        var out = ""
        out.reserveCapacity(t.utf8.count)
        for c in t {
            switch c {
            case "“", "«": out.append("‘")
            case "”", "»": out.append("’")
            case "\"" where straight % 2 == 0:
                out.append(openStraight ? "‘" : "’")
                openStraight.toggle()
            default: out.append(c)
            }
        }
        return out
    }

    private static let doubleMarks: Set<Character> = ["“", "”", "\"", "«", "»"]

    /// Whether `t` opens with a quotation mark whose partner is its last character (“A” yes; “A” và “B” no).
    static func wrapsWhole(_ t: String) -> Bool {
        let partners: [Character: Character] = ["“": "”", "«": "»", "\"": "\""]
        guard t.count >= 2, let open = t.first, let close = partners[open], t.last == close else { return false }
        if open == close { return !t.dropFirst().dropLast().contains(open) }
        var depth = 0
        for (index, c) in t.enumerated() {
            if c == open { depth += 1 } else if c == close { depth -= 1 }
            if depth == 0 { return index == t.count - 1 }
        }
        return false
    }
}
