import Fluent
import Foundation

/// How a person is addressed on a certificate (danh xưng): "Ông" or "Bà". Optional: a person without one is printed
/// by name alone (a wrong "Ông" on a Giấy khen is worse than none). Stored as its code ("ong", "ba") or NULL.
enum Salutation: String, CaseIterable, Codable, Sendable {
    case ong
    case ba

    /// "Ông", "Bà"
    var label: String { DirectoryText.salutationLabel(self) }

    /// Reads the code or the word in any case, with or without diacritics, NFC or NFD ("Bà", "BÀ", "ba", "Ba"):
    /// folded, so a tone mark other than the right one ("Bá") is read as "Bà" too. Nil for anything else ("Cô").
    init?(loose text: String) {
        self.init(folded: TextFolding.fold(text))
    }

    /// From an already folded text (``TextFolding/fold(_:)`` or ``ImportCheck/fold(_:)``).
    init?(folded: String) {
        switch folded {
        case "ong": self = .ong
        case "ba": self = .ba
        default: return nil
        }
    }

    /// The choices of the person form (the empty choice "— Không ghi —" is the form's blank).
    static var choices: [Choice] { allCases.map { Choice(value: $0.rawValue, label: $0.label) } }
}

/// Issue 14: a person's optional salutation (danh xưng), for "Ông"/"Bà" on the Giấy khen. Existing people stay NULL.
struct AddPersonSalutation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people").field("salutation", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").deleteField("salutation").update()
    }
}
