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

/// Issue 16 (the attacker's finding): the people's search text holds their phone and e-mail, so a reader who may not
/// see them could still find them out by searching digit by digit. `name_search` holds the name and title folded, for
/// those readers' searches; existing people get theirs here.
struct AddPersonNameSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people").field("name_search", .string).update()
        let rows = try await database.sql.raw("SELECT id, full_name, title FROM people").all()
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let folded = TextFolding.fold("\(try row.decode(column: "full_name", as: String.self)) \(try row.decode(column: "title", as: String.self))")
            try await database.sql.raw("UPDATE people SET name_search = \(bind: folded) WHERE id = \(bind: id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").deleteField("name_search").update()
    }
}
