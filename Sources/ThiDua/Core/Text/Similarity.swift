import Foundation

/// How alike two texts are, ignoring diacritics, case and punctuation: the Dice coefficient of their character
/// trigrams (0 = nothing shared, 1 = the same). Computed in Swift, so it behaves the same on SQLite and PostgreSQL.
enum Similarity {
    /// The folded words of a text ("Số hóa hồ sơ!" → ["so", "hoa", "ho", "so"]).
    static func words(_ text: String) -> [String] {
        TextFolding.fold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func trigrams(_ text: String) -> Set<String> {
        let joined = " " + words(text).joined(separator: " ") + " "
        let chars = Array(joined)
        guard chars.count >= 3 else { return [] }
        return Set((0...(chars.count - 3)).map { String(chars[$0..<($0 + 3)]) })
    }

    static func dice(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return 2 * Double(a.intersection(b).count) / Double(a.count + b.count)
    }

    static func score(_ a: String, _ b: String) -> Double { dice(trigrams(a), trigrams(b)) }
}
