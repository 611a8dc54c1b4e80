import Fluent
import Foundation
import SQLKit

/// The signer kept with each Tờ trình and Quyết định (columns `signer_id`, `signer_name`, `signer_office` of
/// `commendation_decisions`, added by ``AddDocumentSigner``): chosen when the document is made, changeable until it is
/// revoked, always audited. The name is kept as printed, so a later edit of the signer does not rewrite the document.
enum CommendationSigning {
    struct Kept: Sendable, Equatable {
        let signerID: UUID?
        let name: String?
        let office: SignerOffice?

        /// The signer as it was chosen (nil when nobody was on record).
        var signer: Signer? {
            guard let signerID, let name, let office else { return nil }
            return Signer(id: signerID, office: office, name: name, title: office.defaultTitle, startsOn: LocalDate(year: 1900, month: 1, day: 1)!, endsOn: nil)
        }
    }

    /// The authority a document of `kind` is signed on behalf of.
    static func authority(kind: String) -> SignatureAuthority { kind == "submission" ? .office : .chairperson }

    /// The block printed on a document of `kind` with the kept signer.
    static func block(kind: String, kept: Kept?) -> SignatureBlock {
        kind == "submission" ? SignerBook.submissionBlock(kept?.signer) : SignerBook.decisionBlock(kept?.signer)
    }

    /// The office whose holder is missing when nobody was kept.
    static func expectedOffice(kind: String) -> SignerOffice { kind == "submission" ? .cultureOfficeHead : .chairperson }

    /// The kept signers of the given documents, in one statement.
    static func kept(on db: any Database, ids: [UUID]) async throws -> [UUID: Kept] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.sql.raw("""
            SELECT id, signer_id, signer_name, signer_office FROM commendation_decisions WHERE id IN (\(binds: ids))
            """).all()
        var out: [UUID: Kept] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            out[id] = Kept(signerID: try row.decode(column: "signer_id", as: UUID?.self),
                           name: try row.decode(column: "signer_name", as: String?.self),
                           office: try row.decode(column: "signer_office", as: String?.self).flatMap(SignerOffice.init(rawValue:)))
        }
        return out
    }

    /// The signers who may sign a document of `kind` on `date`, the preferred first (chairperson before the
    /// vice-chairpersons), from the one query of ``SignerBook/inOffice(communeID:on:db:)``.
    static func candidates(kind: String, communeID: UUID, on date: LocalDate, db: any Database) async throws -> [Signer] {
        let offices = SignerBook.offices(for: authority(kind: kind))
        return try await SignerBook.inOffice(communeID: communeID, on: date, db: db).filter { offices.contains($0.office) }
    }

    /// The signer for a new document: the one asked for (who must hold a fitting office on `date` in the commune),
    /// or the preferred holder when none is asked for; nil when nobody is on record (the name stays blank).
    static func choose(kind: String, requested: UUID?, communeID: UUID, on date: LocalDate, db: any Database) async throws -> Signer? {
        let candidates = try await candidates(kind: kind, communeID: communeID, on: date, db: db)
        guard let requested else { return candidates.first }
        if let s = candidates.first(where: { $0.id == requested }) { return s }
        let T = SignerText.self
        let message: String
        if let r = try await SignerRecord.query(on: db).filter(\.$id == requested).filter(\.$communeID == communeID).first() {
            let fits = SignerOffice(rawValue: r.office).map(SignerBook.offices(for: authority(kind: kind)).contains) ?? false
            message = fits ? T.notInOffice : T.wrongOffice
        } else {
            message = T.unknownSigner
        }
        throw AppError.validation(fields: ["signerId": message], message: message)
    }

    /// Writes the signer into the document's row (inside the caller's transaction).
    static func store(_ d: CommendationDecision, signer: Signer?, on db: any Database) async throws {
        try await db.sql.raw("""
            UPDATE commendation_decisions SET signer_id = \(bind: signer?.id), signer_name = \(bind: signer?.name),
                   signer_office = \(bind: signer?.office.rawValue) WHERE id = \(bind: d.id!)
            """).run()
    }

    /// What the audit entry says of a signer.
    static func auditText(_ s: Signer?) -> String {
        s.map { "\($0.name) (\($0.office.label))" } ?? SignerText.noSigners
    }

    /// Changes the signer of a document that is not revoked; the signer must hold a fitting office on the document's
    /// date. Audited with the signer before and after.
    static func change(_ d: CommendationDecision, signerID: UUID?, actor: AuditActor, on db: any Database) async throws -> Signer? {
        guard d.status != "revoked" else { throw AppError.conflict(CommendationText.revokedBadge) }
        guard let date = LocalDate(iso: d.issuedOn) else { throw AppError.notFound }
        guard let signerID else {
            throw AppError.validation(fields: ["signerId": CoreText.required], message: CoreText.required)
        }
        return try await db.writeTransaction { db in
            let before = try await kept(on: db, ids: [d.id!])[d.id!]
            // A document whose signer is on record has been signed as it was downloaded: its Giấy khen follow it.
            // Only a document issued with nobody on record (no signer entered yet) takes one afterwards.
            if before?.signer != nil { throw AppError.conflict(CommendationDocumentText.signerFinal) }
            let signer = try await choose(kind: d.kind, requested: signerID, communeID: d.communeID, on: date, db: db)
            try await OptimisticLock.bump(CommendationDecision.schema, id: d.id!, from: d.version, on: db)
            d.version += 1
            try await store(d, signer: signer, on: db)
            try await AuditLog.record(on: db, actor, .update, type: "commendation_document", id: d.id,
                                      label: CommendationDocumentText.auditSigner(d.numberText),
                                      before: ["signer": auditText(before?.signer)], after: ["signer": auditText(signer)])
            return signer
        }
    }
}
