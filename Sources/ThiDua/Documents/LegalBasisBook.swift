import Fluent
import Foundation

/// The legal bases of a commune as documents and pages need them: every document asks here for what it cites;
/// none writes a "Căn cứ …" of its own.
enum LegalBasisBook {
    /// Every basis of the commune, in order, in one statement. A commune made after the migration (the demo, the
    /// `create-admin` command, a test) gets the defaults on first use.
    static func all(communeID: UUID, db: any Database) async throws -> [LegalBasis] {
        let rows = try await LegalBasisRecord.query(on: db).filter(\.$communeID == communeID).sort(\.$position).sort(\.$name).all()
        if !rows.isEmpty { return rows.compactMap(\.basis) }
        try await db.writeTransaction { db in try await LegalBasisDefaults.seed(communeID: communeID, at: Date(), on: db) }
        return try await LegalBasisRecord.query(on: db).filter(\.$communeID == communeID).sort(\.$position).sort(\.$name).all()
            .compactMap(\.basis)
    }

    /// What `document`, dated `date`, cites of `bases` (already read with ``all(communeID:db:)``), in order.
    static func cited(_ bases: [LegalBasis], by document: LegalBasisDocument, on date: LocalDate?) -> [LegalBasis] {
        bases.filter { $0.isCited(by: document, on: date) }.sorted { ($0.position, $0.name) < ($1.position, $1.name) }
    }

    /// The sentences `document` prints ("Căn cứ …;"), in order.
    static func citations(_ bases: [LegalBasis], by document: LegalBasisDocument, on date: LocalDate?) -> [DocxTemplates.LegalBasis] {
        cited(bases, by: document, on: date).map(\.citation)
    }

    /// The bases meant for `document` that it does not cite for want of a date (shown beside what will be cited).
    static func undated(_ bases: [LegalBasis], for document: LegalBasisDocument) -> [LegalBasis] {
        bases.filter { $0.issuedOn == nil && $0.documents.contains(document) }
    }
}
