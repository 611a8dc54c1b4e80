import Fluent
import Foundation

/// How a person is addressed on a certificate (danh xưng): "Ông" or "Bà". Optional: a person without one is printed
/// by name alone (a wrong "Ông" on a Giấy khen is worse than none). Stored as its code ("ong", "ba") or NULL.
enum Salutation: String, CaseIterable, Codable, Sendable {
    case ong
    case ba

    /// "Ông", "Bà"
    var label: String { DirectoryText.salutationLabel(self) }

    /// Reads the code or the word in any case, NFC or NFD, trimmed: "Bà", "BÀ", "bà", "Ba", "ba"; "Ông", "ÔNG", "Ong".
    /// Only the word itself or the code without marks: "Bá", "Bả", "Bạ" are other words (and "Ông" with a tone mark
    /// is no word), so they are refused, not read as "Bà". Nil for anything else ("Cô").
    init?(loose text: String) {
        switch TextFolding.clean(text).lowercased() {
        case "ong", "ông": self = .ong
        case "ba", "bà": self = .ba
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
