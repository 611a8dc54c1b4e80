import Fluent
import Foundation
import SQLKit

/// What a signer form or API call carries, as typed.
struct SignerInput: Sendable {
    var office: String?
    var name: String?
    var title: String?
    var startsOn: String?
    var endsOn: String?
}

/// The changes to the signers, one command per use case (the page and the API call the same one): each checks what
/// was sent (a Vietnamese message per field), writes the row and its audit entry in one transaction, and refuses a
/// save based on an old version (409).
enum SignerCommands {
    struct Checked: Sendable {
        let office: SignerOffice
        let name: String
        let title: String
        let startsOn: LocalDate
        let endsOn: LocalDate?
    }

    /// The commune's signer `id`, or 404 (another commune's id is not found).
    static func find(_ id: UUID?, communeID: UUID, on db: any Database) async throws -> SignerRecord {
        guard let id, let r = try await SignerRecord.query(on: db).filter(\.$id == id).filter(\.$communeID == communeID).first() else {
            throw AppError.notFound
        }
        return r
    }

    static func check(_ input: SignerInput) throws -> Checked {
        var errors: [String: String] = [:]
        let office = SignerOffice(rawValue: TextFolding.clean(input.office))
        if office == nil { errors["office"] = TextFolding.clean(input.office).isEmpty ? CoreText.required : CoreText.invalidChoice }
        let name = Check.text(input.name, "name", max: 100, required: true, into: &errors)
        var title = Check.text(input.title, "title", max: 100, required: false, into: &errors)
        let start = Check.date(input.startsOn, "startsOn", required: true, into: &errors).flatMap(LocalDate.init(iso:))
        let end = Check.date(input.endsOn, "endsOn", into: &errors).flatMap(LocalDate.init(iso:))
        if let start, let end, end < start { errors["endsOn"] = SignerText.endBeforeStart }
        guard errors.isEmpty, let office, let start else { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        if title.isEmpty { title = office.defaultTitle }
        return Checked(office: office, name: name, title: title, startsOn: start, endsOn: end)
    }

    /// One holder at a time for every office but the vice-chairpersons: a term that overlaps another holder's is refused.
    static func checkOverlap(_ c: Checked, communeID: UUID, except id: UUID?, on db: any Database) async throws {
        guard c.office.isSingle else { return }
        let others = try await SignerRecord.query(on: db).filter(\.$communeID == communeID).filter(\.$office == c.office.rawValue).all()
        for o in others where o.id != id {
            guard let s = o.signer else { continue }
            let startsBeforeOtherEnds = s.endsOn.map { c.startsOn <= $0 } ?? true
            let endsAfterOtherStarts = c.endsOn.map { s.startsOn <= $0 } ?? true
            if startsBeforeOtherEnds && endsAfterOtherStarts {
                let message = SignerText.overlap(c.office, holder: s.name, from: s.startsOn)
                throw AppError.validation(fields: ["startsOn": message], message: message)
            }
        }
    }

    static func create(_ input: SignerInput, actor: AuditActor, on db: any Database) async throws -> SignerRecord {
        let c = try check(input)
        return try await db.writeTransaction { db in
            try await checkOverlap(c, communeID: actor.communeID, except: nil, on: db)
            let r = SignerRecord()
            r.communeID = actor.communeID; r.office = c.office.rawValue; r.name = c.name; r.title = c.title
            r.startsOn = c.startsOn.iso; r.endsOn = c.endsOn?.iso; r.version = 1
            try await r.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "signer", id: r.id, label: SignerText.auditLabel(c.name, c.office), after: r.snapshot)
            return r
        }
    }

    static func update(_ r: SignerRecord, _ input: SignerInput, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws {
        let c = try check(input)
        let version = try required(expectedVersion)
        try await db.writeTransaction { db in
            try await checkOverlap(c, communeID: r.communeID, except: r.id, on: db)
            try await checkSigned(r, startsOn: c.startsOn, endsOn: c.endsOn, field: "endsOn", on: db)
            try await OptimisticLock.bump(SignerRecord.schema, id: r.id!, from: version, on: db)
            let before = r.snapshot
            r.version = version + 1
            r.office = c.office.rawValue; r.name = c.name; r.title = c.title; r.startsOn = c.startsOn.iso; r.endsOn = c.endsOn?.iso
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "signer", id: r.id, label: SignerText.auditLabel(c.name, c.office),
                                      before: before, after: r.snapshot)
        }
    }

    /// Ends a term on `endsOn` (required, not before its start). The row stays: documents of the term keep its name.
    static func endTerm(_ r: SignerRecord, endsOn: String?, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws {
        var errors: [String: String] = [:]
        let end = Check.date(endsOn, "endsOn", required: true, into: &errors).flatMap(LocalDate.init(iso:))
        if r.endsOn != nil { errors["endsOn"] = SignerText.alreadyEnded }
        if let end, let start = LocalDate(iso: r.startsOn), end < start { errors["endsOn"] = SignerText.endBeforeStart }
        guard errors.isEmpty, let end else { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        let version = try required(expectedVersion)
        try await db.writeTransaction { db in
            try await checkSigned(r, startsOn: LocalDate(iso: r.startsOn), endsOn: end, field: "endsOn", on: db)
            try await OptimisticLock.bump(SignerRecord.schema, id: r.id!, from: version, on: db)
            let before = r.snapshot
            r.version = version + 1; r.endsOn = end.iso
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "signer", id: r.id,
                                      label: SignerText.auditLabel(r.name, SignerOffice(rawValue: r.office) ?? .chairperson),
                                      before: before, after: r.snapshot)
        }
    }

    /// The version the form or the API call was read at: required, so a save never lands over a change it never saw.
    static func required(_ version: Int?) throws -> Int {
        guard let version else { throw AppError.validation(fields: ["version": CoreText.versionRequired], message: CoreText.versionRequired) }
        return version
    }

    /// A term must cover every document on record signed by the person: the term cannot start after, or end before,
    /// the date of a Tờ trình or Quyết định they signed (422 on `field`, naming the document).
    static func checkSigned(_ r: SignerRecord, startsOn: LocalDate?, endsOn: LocalDate?, field: String, on db: any Database) async throws {
        guard let id = r.id else { return }
        let rows = try await db.sql.raw("""
            SELECT number, symbol, issued_on FROM commendation_decisions WHERE commune_id = \(bind: r.communeID) AND signer_id = \(bind: id)
            """).all()
        for row in rows {
            guard let issued = LocalDate(iso: try row.decode(column: "issued_on", as: String.self)) else { continue }
            let number = "\(try row.decode(column: "number", as: Int.self))/\(try row.decode(column: "symbol", as: String.self))"
            if let endsOn, endsOn < issued {
                throw AppError.validation(fields: [field: SignerText.signedAfter(number, issued)], message: CoreText.formHasErrors)
            }
            if let startsOn, startsOn > issued {
                throw AppError.validation(fields: ["startsOn": SignerText.signedBefore(number, issued)], message: CoreText.formHasErrors)
            }
        }
    }
}
