import Fluent
import Foundation

/// What a nomination form or API call carries, checked.
struct NominationInput: Sendable {
    var year: Int
    var titleID: UUID
    var personID: UUID?
    var unitID: UUID?
    var rating: TaskRating
    var discipline: DisciplineLevel
    var achievements: String
}

/// The steps of the commendation procedure. Each one checks its preconditions, writes in one transaction and is
/// audited. Ballots: only counts and "has voted" receipts are stored, never a member's choice.
enum CommendationCommands {
    static func fail(_ field: String, _ message: String) -> AppError { .validation(fields: [field: message], message: message) }

    // MARK: nominations

    static func nominate(_ input: NominationInput, nomineeName: String, proposedByUnitID: UUID?, actor: AuditActor, on db: any Database) async throws -> Nomination {
        try await db.writeTransaction { db in
            let same = Nomination.query(on: db).filter(\.$communeID == actor.communeID).filter(\.$year == input.year)
                .filter(\.$titleID == input.titleID).filter(\.$status != NominationStatus.withdrawn.rawValue)
                .filter(\.$status != NominationStatus.rejected.rawValue)
            if let p = input.personID { same.filter(\.$personID == p) } else if let u = input.unitID { same.filter(\.$unitID == u) }
            if try await same.count() > 0 { throw AppError.conflict(CommendationText.duplicate) }
            let n = Nomination()
            n.communeID = actor.communeID; n.year = input.year; n.titleID = input.titleID; n.personID = input.personID; n.unitID = input.unitID
            n.nomineeName = nomineeName; n.proposedByUnitID = proposedByUnitID; n.rating = input.rating.rawValue
            n.discipline = input.discipline.rawValue; n.achievements = input.achievements; n.status = NominationStatus.proposed.rawValue
            n.createdBy = actor.userID ?? UUID(); n.createdByName = actor.name; n.version = 1
            try await n.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "nomination", id: n.id, label: "Đề nghị khen thưởng: \(nomineeName)",
                                      after: ["year": String(input.year), "title": input.titleID.uuidString, "rating": n.rating, "discipline": n.discipline])
            return n
        }
    }

    static func withdraw(_ n: Nomination, actor: AuditActor, on db: any Database) async throws {
        guard n.state == .proposed else { throw AppError.conflict(CommendationText.notVotable) }
        try await setStatus(n, .withdrawn, actor: actor, on: db)
    }

    static func setStatus(_ n: Nomination, _ status: NominationStatus, actor: AuditActor, on db: any Database) async throws {
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Nomination.schema, id: n.id!, from: n.version, on: db)
            let before = n.status
            n.version += 1; n.status = status.rawValue
            try await n.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "nomination", id: n.id, label: "Đề nghị khen thưởng: \(n.nomineeName)",
                                      before: ["status": before], after: ["status": n.status])
        }
    }

    // MARK: posting and objections

    static func post(year: Int, start: LocalDate, settings: CommendationSettings, actor: AuditActor, on db: any Database) async throws -> Posting {
        try await db.writeTransaction { db in
            if try await CommendationQueries.posting(on: db, communeID: actor.communeID, year: year) != nil { throw AppError.conflict(CommendationText.alreadyPosted) }
            let approved = try await Nomination.query(on: db).filter(\.$communeID == actor.communeID).filter(\.$year == year)
                .filter(\.$status == NominationStatus.approved.rawValue).count()
            guard approved > 0 else { throw AppError.conflict(CommendationText.nothingToPost) }
            let p = Posting()
            p.communeID = actor.communeID; p.year = year; p.startsOn = start.iso
            p.endsOn = WorkingDays.end(start: start, days: settings.postingDays, holidays: settings.holidayDates).iso; p.status = "open"
            try await p.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "posting", id: p.id, label: "Công khai danh sách khen thưởng \(year)",
                                      after: ["from": p.startsOn, "to": p.endsOn, "nominations": String(approved)])
            return p
        }
    }

    /// An objection from the public. `guardedBy` counts it against the sender's address (``PublicFormGuard``) in the same
    /// transaction: past the limit nothing is stored and `AppError.tooManyRequests` is thrown. Only the salted hash of
    /// the address is kept.
    static func object(posting p: Posting, nominationID: UUID?, name: String, contact: String, content: String, today: LocalDate,
                       senderHash: String? = nil, guardedBy formGuard: PublicFormGuard? = nil, at: Date = Date(), on db: any Database) async throws {
        guard let start = LocalDate(iso: p.startsOn), let end = LocalDate(iso: p.endsOn), today >= start, today <= end else {
            throw AppError.conflict(CommendationText.postingOver)
        }
        try await db.writeTransaction { db in
            if let formGuard, let senderHash { try await formGuard.admit(communeID: p.communeID, addressHash: senderHash, at: at, on: db) }
            let o = Objection()
            o.communeID = p.communeID; o.postingID = p.id!; o.nominationID = nominationID; o.senderName = name; o.contact = contact
            o.content = content; o.answer = ""; o.senderHash = senderHash
            try await o.create(on: db)
            try await AuditLog.record(on: db, AuditActor(userID: nil, name: "Người dân: \(name)", communeID: p.communeID, ip: nil, at: at),
                                      .create, type: "objection", id: o.id, label: "Ý kiến về danh sách khen thưởng", after: ["content": content])
        }
    }

    /// Dismisses an unanswered objection as spam, with the reason: it stops blocking the Tờ trình, stays listed for the
    /// secretariat as dismissed, and is never published.
    static func dismiss(_ o: Objection, reason: String, actor: AuditActor, on db: any Database) async throws {
        guard o.isOpen else { throw AppError.conflict(CommendationText.objectionNotOpen) }
        try await db.writeTransaction { db in
            o.dismissReason = reason; o.dismissedBy = actor.name; o.dismissedAt = actor.at
            try await o.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "objection", id: o.id, label: "Loại ý kiến (thư rác) của \(o.senderName)",
                                      before: ["status": "open"], after: ["status": "dismissed", "reason": reason])
        }
    }

    static func answer(_ o: Objection, text: String, actor: AuditActor, on db: any Database) async throws {
        guard !o.isDismissed else { throw AppError.conflict(CommendationText.objectionNotOpen) }
        try await db.writeTransaction { db in
            let before = o.answer
            o.answer = text; o.answeredBy = actor.name; o.answeredAt = actor.at
            try await o.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "objection", id: o.id, label: "Trả lời ý kiến của \(o.senderName)",
                                      before: ["answer": before], after: ["answer": text])
        }
    }

}
