import Fluent
import Foundation
import SQLKit

// The legal bases ("Căn cứ …") the commune's documents cite (issue 14, item 2): data per commune, each with its
// date of issue, kept by the administrator on the "Căn cứ pháp lý" page. A basis is cited only when it is switched
// on and has its date: a decree whose date is not known is never printed without one.

/// The documents that cite legal bases. A later document (an inspection plan, a review) adds a case here and asks
/// ``LegalBasisBook`` for its bases; the settings page lists every case.
enum LegalBasisDocument: String, Codable, CaseIterable, Sendable {
    /// Tờ trình đề nghị khen thưởng of the Phòng Văn hóa - Xã hội.
    case commendationSubmission = "commendation_submission"
    /// Quyết định khen thưởng of the Chủ tịch Ủy ban nhân dân xã.
    case commendationDecision = "commendation_decision"
    /// Kế hoạch kiểm tra of the Hội đồng Thi đua - Khen thưởng xã (issue 15).
    case inspectionPlan = "inspection_plan"

    /// "Tờ trình khen thưởng", … (LegalBasisText).
    var label: String { LegalBasisText.document(self) }
}

/// One legal basis of a commune, as documents and pages read it (the row behind it: ``LegalBasisRecord``).
struct LegalBasis: Sendable, Equatable, Identifiable {
    let id: UUID
    /// The text's name as cited, e.g. "Nghị định số 152/2025/NĐ-CP", "Luật Thi đua, khen thưởng".
    let name: String
    /// The date of issue; nil while nobody has entered it (then the basis is never cited).
    let issuedOn: LocalDate?
    /// What follows the date, e.g. "của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng".
    let about: String
    /// Where the name and date come from, shown on the settings page (never printed).
    let note: String
    /// The documents that cite it, in ``LegalBasisDocument`` order.
    let documents: [LegalBasisDocument]
    /// Its place in the list of bases: documents cite in this order.
    let position: Int
    /// Switched on by the administrator (only a basis with its date can be).
    let isActive: Bool
    let version: Int

    /// The sentence as printed: "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ …;".
    var citation: DocxTemplates.LegalBasis { .init(name: name, date: issuedOn, about: about) }

    /// Cited by `document` on `date`: switched on, dated, meant for that document, and issued on or before the date
    /// (a document cannot cite a text issued after it).
    func isCited(by document: LegalBasisDocument, on date: LocalDate?) -> Bool {
        guard isActive, let issuedOn, documents.contains(document) else { return false }
        return date.map { issuedOn <= $0 } ?? true
    }
}

/// A legal basis of a commune (the row behind ``LegalBasis``).
final class LegalBasisRecord: Model, @unchecked Sendable {
    static let schema = "legal_bases"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "name") var name: String
    /// yyyy-MM-dd; nil while the date is not known.
    @OptionalField(key: "issued_on") var issuedOn: String?
    @Field(key: "about") var about: String
    @Field(key: "note") var note: String
    /// ``LegalBasisDocument`` raw values, comma-separated.
    @Field(key: "documents") var documents: String
    @Field(key: "position") var position: Int
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var documentList: [LegalBasisDocument] { LegalBasisRecord.documents(documents) }

    static func documents(_ stored: String) -> [LegalBasisDocument] {
        let kept = Set(stored.split(separator: ",").compactMap { LegalBasisDocument(rawValue: String($0)) })
        return LegalBasisDocument.allCases.filter(kept.contains)
    }

    static func stored(_ documents: [LegalBasisDocument]) -> String {
        LegalBasisDocument.allCases.filter(documents.contains).map(\.rawValue).joined(separator: ",")
    }

    var basis: LegalBasis? {
        guard let id else { return nil }
        return LegalBasis(id: id, name: name, issuedOn: issuedOn.flatMap(LocalDate.init(iso:)), about: about, note: note,
                          documents: documentList, position: position, isActive: isActive, version: version)
    }

    /// What the audit log keeps of it.
    var snapshot: [String: String] {
        ["name": name, "issuedOn": issuedOn ?? "", "about": about, "note": note, "documents": documents,
         "position": String(position), "active": isActive ? "có" : "không"]
    }
}

/// Issue 14, item 2: the legal bases of each commune, seeded with the defaults (``LegalBasisDefaults``) for every
/// commune already there. Names are unique in a commune (the seed of a new commune may run twice at once).
struct CreateLegalBases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("legal_bases").id()
            .field("commune_id", .uuid, .required, .references("communes", .id))
            .field("name", .string, .required)
            .field("issued_on", .string)
            .field("about", .string, .required)
            .field("note", .string, .required)
            .field("documents", .string, .required)
            .field("position", .int, .required)
            .field("is_active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.sql.raw("CREATE UNIQUE INDEX legal_bases_commune_name ON legal_bases (commune_id, name)").run()
        let communes = try await database.sql.raw("SELECT id FROM communes").all().map { try $0.decode(column: "id", as: UUID.self) }
        for commune in communes { try await LegalBasisDefaults.seed(communeID: commune, at: Date(), on: database) }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX legal_bases_commune_name").run()
        try await database.schema("legal_bases").delete()
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension LegalBasisRecord: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $name, $issuedOn, $about, $note, $documents, $position, $isActive, $version, $createdAt, $updatedAt]
    }
}
