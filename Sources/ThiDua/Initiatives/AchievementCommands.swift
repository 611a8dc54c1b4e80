import Fluent
import Foundation
import Vapor

/// The use cases of an achievement (group 1.4): declaring one with its scan, and the secretariat's verification.
/// Validation, the write, the audit entry and the notices live here; the pages are thin adapters.
enum AchievementCommands {
    /// The fields as sent (the page's form decodes into it).
    struct Input: Content, Sendable {
        var kind: String?
        var title: String?
        var holderName: String?
        var issuingBody: String?
        var issuedOn: String?
        var documentNumber: String?
    }

    /// The scan, already checked (type read from its bytes, size within the cap).
    struct Scan: Sendable {
        let content: EvidenceCommands.Content
        let kind: FileKind

        init(data: Data, kind: FileKind) { self.init(content: .bytes(data), kind: kind) }

        init(content: EvidenceCommands.Content, kind: FileKind) {
            self.content = content
            self.kind = kind
        }
    }

    /// Declares an achievement; the secretariat is told in the same write and, once saved, by e-mail.
    /// `scanErrors` carries what the edge found wrong with the file (its type or size), reported with the other fields.
    static func create(_ f: Input, scan: Scan?, scanErrors: [String: String] = [:], user: CurrentUser, store: any FileStore,
                       actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws -> Achievement {
        var errors: [String: String] = [:]
        let kind = f.kind.flatMap(AchievementKind.init(rawValue:))
        if kind == nil { errors["kind"] = CoreText.invalidChoice }
        let title = Check.text(f.title, "title", max: 300, required: true, into: &errors)
        let holder = Check.text(f.holderName, "holderName", max: 200, required: true, into: &errors)
        let body = Check.text(f.issuingBody, "issuingBody", max: 200, required: true, into: &errors)
        let issued = Check.date(f.issuedOn, "issuedOn", required: true, into: &errors)
        let number = Check.text(f.documentNumber, "documentNumber", max: 60, required: false, into: &errors)
        errors.merge(scanErrors) { mine, _ in mine }
        if scan == nil && errors["file"] == nil { errors["file"] = AchievementText.scanMissing }
        guard errors.isEmpty, let kind, let issued, let scan else { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        // Bytes in memory are stored first; a received file is moved in by the write that records it (``FilePlacement``).
        let stored: StoredFile
        switch scan.content {
        case .bytes(let data): stored = try await store.put(data)
        case .received(let file): stored = StoredFile(hash: file.sha256, size: file.size)
        }
        let placement = FilePlacement(store: store, files: scan.content.received.map { [$0] } ?? [])
        let a = Achievement()
        a.id = UUID()
        a.communeID = user.communeID; a.kind = kind.rawValue; a.title = title; a.holderName = holder; a.unitID = user.unitID
        a.issuingBody = body; a.issuedOn = issued; a.documentNumber = number; a.fileHash = stored.hash; a.contentType = scan.kind.contentType
        a.fileSize = stored.size; a.status = AchievementStatus.pending.rawValue; a.reviewNote = ""; a.createdBy = user.id
        a.createdByName = user.displayName; a.createdAt = actor.at; a.version = 1
        let notices = try await notifier?.reviewerNotices(communeID: user.communeID, title: AchievementText.newNotice(title),
                                                          link: SiteURL.achievement(a.id).path, on: db, at: actor.at) ?? []
        try await placement.run {
            try await db.writeTransaction { db in
                try await a.create(on: db)
                try await AuditLog.record(on: db, actor, .create, type: "achievement", id: a.id, label: "Thành tích: \(title)",
                                          after: ["kind": kind.rawValue, "title": title, "issuingBody": body, "issuedOn": issued, "sha256": stored.hash])
                try await notifier?.inbox(notices, on: db)
                try await placement.place()
            }
        }
        try await notifier?.mail(notices, on: db)
        return a
    }

    /// Verifies or rejects (a rejection needs its reason); the person who declared it is told.
    static func verify(_ a: Achievement, outcome rawOutcome: String?, note rawNote: String?, actor: AuditActor,
                       notifier: (any Notifier)? = nil, on db: any Database) async throws {
        guard a.state == .pending else { throw AppError.conflict(AchievementText.alreadyReviewed) }
        var errors: [String: String] = [:]
        let outcome = rawOutcome.flatMap(AchievementStatus.init(rawValue:)).flatMap { $0 == .pending ? nil : $0 }
        if outcome == nil { errors["outcome"] = CoreText.invalidChoice }
        let note = Check.text(rawNote, "note", max: TextLimit.long, required: outcome == .rejected, into: &errors)
        guard errors.isEmpty, let outcome else { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        let notices = [Notice(communeID: a.communeID, userID: a.createdBy, title: AchievementText.reviewedNotice(a.title, verified: outcome == .verified),
                              link: SiteURL.achievement(a.id).path, at: actor.at)]
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Achievement.schema, id: a.id!, from: a.version, on: db)
            a.version += 1; a.status = outcome.rawValue; a.reviewNote = note; a.reviewedBy = actor.name; a.reviewedAt = actor.at
            try await a.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "achievement", id: a.id, label: "Xác minh thành tích: \(a.title)",
                                      before: ["status": AchievementStatus.pending.rawValue], after: ["status": a.status, "note": note])
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
    }
}
