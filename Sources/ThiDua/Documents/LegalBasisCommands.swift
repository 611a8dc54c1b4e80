import Fluent
import Foundation
import SQLKit

/// What a legal basis form or API call carries, as typed.
struct LegalBasisInput: Sendable {
    var name: String?
    var issuedOn: String?
    var about: String?
    var note: String?
    /// ``LegalBasisDocument`` raw values.
    var documents: [String]?
    var active: Bool
}

/// The changes to the legal bases, one command per use case (the page and the API call the same one): each checks
/// what was sent (a Vietnamese message per field), writes the row and its audit entry in one transaction, and refuses
/// a change based on an old version (409). A basis without its date is never switched on.
enum LegalBasisCommands {
    struct Checked: Sendable {
        let name: String
        let issuedOn: LocalDate?
        let about: String
        let note: String
        let documents: [LegalBasisDocument]
        let active: Bool
    }

    /// Up or down one place in the list.
    enum Direction: String, Sendable {
        case up
        case down
    }

    /// The commune's basis `id`, or 404 (another commune's id is not found).
    static func find(_ id: UUID?, communeID: UUID, on db: any Database) async throws -> LegalBasisRecord {
        guard let id, let r = try await LegalBasisRecord.query(on: db).filter(\.$id == id).filter(\.$communeID == communeID).first() else {
            throw AppError.notFound
        }
        return r
    }

    static func check(_ input: LegalBasisInput, communeID: UUID, except id: UUID?, on db: any Database) async throws -> Checked {
        var errors: [String: String] = [:]
        let name = Check.text(input.name, "name", max: 200, required: true, into: &errors)
        let issued = Check.date(input.issuedOn, "issuedOn", into: &errors).flatMap(LocalDate.init(iso:))
        let about = Check.text(input.about, "about", max: 500, required: false, into: &errors)
        let note = Check.text(input.note, "note", max: TextLimit.long, required: false, into: &errors)
        let sent = input.documents ?? []
        let documents = sent.compactMap { LegalBasisDocument(rawValue: TextFolding.clean($0)) }
        if documents.count != sent.count { errors["documents"] = CoreText.invalidChoice }
        if input.active && issued == nil && errors["issuedOn"] == nil { errors["issuedOn"] = LegalBasisText.cannotCiteUndated }
        if errors["name"] == nil,
           let other = try await LegalBasisRecord.query(on: db).filter(\.$communeID == communeID).filter(\.$name == name).first(), other.id != id {
            errors["name"] = LegalBasisText.duplicate
        }
        guard errors.isEmpty else { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        return Checked(name: name, issuedOn: issued, about: about, note: note,
                       documents: LegalBasisDocument.allCases.filter(documents.contains), active: input.active)
    }

    static func requireVersion(_ version: Int?) throws -> Int {
        guard let version else {
            throw AppError.validation(fields: ["version": LegalBasisText.versionMissing], message: LegalBasisText.versionMissing)
        }
        return version
    }

    static func create(_ input: LegalBasisInput, actor: AuditActor, on db: any Database) async throws -> LegalBasisRecord {
        try await db.writeTransaction { db in
            // The defaults first (a commune whose bases nobody has read yet), so that the new one goes after them.
            _ = try await LegalBasisBook.all(communeID: actor.communeID, db: db)
            let c = try await check(input, communeID: actor.communeID, except: nil, on: db)
            let last = try await LegalBasisRecord.query(on: db).filter(\.$communeID == actor.communeID).max(\.$position) ?? 0
            let r = LegalBasisRecord()
            r.communeID = actor.communeID
            r.position = last + 1
            r.version = 1
            apply(c, to: r)
            try await r.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "legal_basis", id: r.id, label: LegalBasisText.auditLabel(c.name),
                                      after: r.snapshot)
            return r
        }
    }

    static func update(_ r: LegalBasisRecord, _ input: LegalBasisInput, expectedVersion: Int?, actor: AuditActor,
                       on db: any Database) async throws {
        let version = try requireVersion(expectedVersion)
        try await db.writeTransaction { db in
            let c = try await check(input, communeID: r.communeID, except: r.id, on: db)
            try await OptimisticLock.bump(LegalBasisRecord.schema, id: try r.requireID(), from: version, on: db)
            let before = r.snapshot
            r.version = version + 1
            apply(c, to: r)
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "legal_basis", id: r.id, label: LegalBasisText.auditLabel(c.name),
                                      before: before, after: r.snapshot)
        }
    }

    /// Switches citing on or off. On is refused, beside the date, while the basis has no date; nothing is written.
    static func setActive(_ r: LegalBasisRecord, _ active: Bool, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws {
        let version = try requireVersion(expectedVersion)
        if active && r.issuedOn == nil {
            throw AppError.validation(fields: ["issuedOn": LegalBasisText.cannotCiteUndated], message: LegalBasisText.cannotCiteUndated)
        }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(LegalBasisRecord.schema, id: try r.requireID(), from: version, on: db)
            let before = r.snapshot
            r.version = version + 1
            r.isActive = active
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "legal_basis", id: r.id, label: LegalBasisText.auditLabel(r.name),
                                      before: before, after: r.snapshot)
        }
    }

    /// One place up or down (nothing changes at either end).
    static func move(_ r: LegalBasisRecord, _ direction: Direction, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws {
        let version = try requireVersion(expectedVersion)
        try await db.writeTransaction { db in
            let ordered = try await ordering(communeID: r.communeID, on: db)
            guard let index = ordered.firstIndex(of: try r.requireID()) else { throw AppError.notFound }
            let target = direction == .up ? index : index + 2
            try await place(r, at: target, ordered: ordered, version: version, actor: actor, on: db)
        }
    }

    /// To place `position` (1 = cited first) among the commune's bases; the others close up behind it.
    static func reorder(_ r: LegalBasisRecord, to position: Int, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws {
        let version = try requireVersion(expectedVersion)
        try await db.writeTransaction { db in
            let ordered = try await ordering(communeID: r.communeID, on: db)
            guard (1...max(ordered.count, 1)).contains(position) else {
                throw AppError.validation(fields: ["position": LegalBasisText.invalidPosition], message: LegalBasisText.invalidPosition)
            }
            try await place(r, at: position, ordered: ordered, version: version, actor: actor, on: db)
        }
    }

    // MARK: helpers

    static func apply(_ c: Checked, to r: LegalBasisRecord) {
        r.name = c.name
        r.issuedOn = c.issuedOn?.iso
        r.about = c.about
        r.note = c.note
        r.documents = LegalBasisRecord.stored(c.documents)
        r.isActive = c.active
    }

    /// The ids of the commune's bases in the order documents cite them.
    static func ordering(communeID: UUID, on db: any Database) async throws -> [UUID] {
        try await db.sql.raw("SELECT id FROM legal_bases WHERE commune_id = \(bind: communeID) ORDER BY position, name").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Puts `r` at `position` (clamped to the list) and numbers the list 1…n again. The moved row's version is checked
    /// and raised; the others only close up (their text is unchanged, so an edit of them in progress stays valid).
    static func place(_ r: LegalBasisRecord, at position: Int, ordered: [UUID], version: Int, actor: AuditActor,
                      on db: any Database) async throws {
        let id = try r.requireID()
        var order = ordered.filter { $0 != id }
        let target = min(max(position, 1), order.count + 1)
        order.insert(id, at: target - 1)
        // Already there (the first one moved up, the last one down): nothing to write.
        if order == ordered && r.position == target { return }
        try await OptimisticLock.update(LegalBasisRecord.schema, id: id, from: version, set: "position = \(bind: target)", on: db)
        for (i, other) in order.enumerated() where other != id {
            try await db.sql.raw("UPDATE legal_bases SET position = \(bind: i + 1) WHERE id = \(bind: other) AND position <> \(bind: i + 1)").run()
        }
        let before = r.snapshot
        r.version = version + 1
        r.position = target
        try await AuditLog.record(on: db, actor, .update, type: "legal_basis", id: r.id, label: LegalBasisText.auditLabel(r.name),
                                  before: before, after: r.snapshot)
    }
}
