import Fluent
import Foundation
import SQLKit

/// The legal bases a Tờ trình or Quyết định cited when it was issued, kept with it (column `cited_bases` of
/// `commendation_decisions`, JSON): an issued document prints the same "Căn cứ …" lines however the commune's legal
/// bases are edited later. A document issued before the column existed has none kept and cites the bases as they are,
/// dated on or before its date.
enum CommendationCitedBases {
    private struct Kept: Codable {
        var name: String
        var date: String?
        var about: String
    }

    /// The document kind's citations as of `date`, from the commune's bases as they are now.
    static func current(_ kind: String, communeID: UUID, on date: LocalDate, db: any Database) async throws -> [DocxTemplates.LegalBasis] {
        let bases = try await LegalBasisBook.all(communeID: communeID, db: db)
        return LegalBasisBook.citations(bases, by: kind == "submission" ? .commendationSubmission : .commendationDecision, on: date)
    }

    /// Keeps what the document cites at its issue (inside the issuing transaction).
    static func store(_ d: CommendationDecision, on db: any Database) async throws {
        let cited = try await current(d.kind, communeID: d.communeID, on: LocalDate(iso: d.issuedOn) ?? LocalDate(Date()), db: db)
        let json = String(decoding: try JSONEncoder().encode(cited.map { Kept(name: $0.name, date: $0.date?.iso, about: $0.about) }), as: UTF8.self)
        try await db.sql.raw("UPDATE commendation_decisions SET cited_bases = \(bind: json) WHERE id = \(bind: d.id!)").run()
    }

    /// What the document cited at its issue; nil when nothing was kept (issued before the column existed).
    static func kept(_ d: CommendationDecision, on db: any Database) async throws -> [DocxTemplates.LegalBasis]? {
        guard let row = try await db.sql.raw("SELECT cited_bases FROM commendation_decisions WHERE id = \(bind: d.id!)").first(),
              let json = try row.decode(column: "cited_bases", as: String?.self),
              let kept = try? JSONDecoder().decode([Kept].self, from: Data(json.utf8)) else { return nil }
        return kept.map { .init(name: $0.name, date: $0.date.flatMap(LocalDate.init(iso:)), about: $0.about) }
    }
}

/// 2026-12 issue 14: the legal bases an issued document cited, kept with it.
struct AddCitedLegalBases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CommendationDecision.schema).field("cited_bases", .string).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(CommendationDecision.schema).deleteField("cited_bases").update()
    }
}
