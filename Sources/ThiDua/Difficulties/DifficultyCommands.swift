import Fluent
import Foundation
import Vapor

/// Changes to difficulties, each with its audit row in one transaction; shared by pages and API.
enum DifficultyCommands {
    /// A checked file (see ``EvidenceCommands/check(name:data:maxBytes:)``).
    struct Attachment {
        let name: String
        let content: EvidenceCommands.Content
        let kind: FileKind

        init(name: String, data: Data, kind: FileKind) { self.init(name: name, content: .bytes(data), kind: kind) }

        init(name: String, content: EvidenceCommands.Content, kind: FileKind) {
            self.name = name
            self.content = content
            self.kind = kind
        }
    }

    /// Validates the fields of a new difficulty: title and content required, the area one of the commune's.
    static func validate(title: String?, content: String?, areaText: String?, areas: [Choice]) -> (String, String, UUID?, [String: String]) {
        var errors: [String: String] = [:]
        let title = Check.text(title, "title", max: 200, required: true, into: &errors)
        let content = Check.text(content, "content", max: TextLimit.long, required: true, into: &errors)
        var area: UUID?
        if !TextFolding.clean(areaText).isEmpty {
            area = Check.uuid(areaText)
            if area == nil || !areas.contains(where: { $0.value == area!.uuidString.lowercased() }) { errors["contentAreaId"] = RegistrationText.unknownArea }
        }
        return (title, content, area, errors)
    }

    /// Records a difficulty (with its attachment); the secretariat is told in the same write and, once saved, by e-mail.
    /// The page and the API both call this.
    static func create(title: String, content: String, area: UUID?, attachment: Attachment?, user: CurrentUser,
                       store: any FileStore, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws -> Difficulty {
        let d = Difficulty()
        d.id = UUID()
        d.communeID = user.communeID; d.raisedBy = user.id; d.raisedByName = user.displayName
        d.unitID = Policy.ownUnit(user)
        d.title = title; d.content = content; d.contentAreaID = area; d.status = DifficultyStatus.received.rawValue
        d.forwardNote = ""; d.answer = ""; d.createdAt = actor.at; d.version = 1
        // Bytes in memory are stored first; a received file is moved in by the write that records it (``FilePlacement``).
        let stored: StoredFile?
        switch attachment?.content {
        case .bytes(let data): stored = try await store.put(data)
        case .received(let file): stored = StoredFile(hash: file.sha256, size: file.size)
        case nil: stored = nil
        }
        let placement = FilePlacement(store: store, files: attachment?.content.received.map { [$0] } ?? [])
        let notices = try await notifier?.reviewerNotices(communeID: user.communeID, title: DifficultyText.newNotice(title),
                                                          link: SiteURL.difficulty(d.id).path, on: db, at: actor.at) ?? []
        try await placement.run {
            try await db.writeTransaction { db in
                try await d.create(on: db)
                try await notifier?.inbox(notices, on: db)
                if let stored, let attachment {
                    let e = Evidence()
                    e.communeID = user.communeID; e.difficultyID = d.id; e.kind = "file"; e.title = TextFolding.clean(attachment.name)
                    e.fileHash = stored.hash; e.contentType = attachment.kind.contentType; e.size = stored.size
                    e.originalName = TextFolding.clean(attachment.name); e.uploadedBy = actor.name
                    try await e.create(on: db)
                }
                try await AuditLog.record(on: db, actor, .create, type: "difficulty", id: d.id, label: d.title,
                                          after: ["title": d.title, "content": d.content, "attachment": attachment?.name ?? ""])
                try await placement.place()
            }
        }
        try await notifier?.mail(notices, on: db)
        return d
    }

    /// Where a difficulty can be forwarded: the commune's offices and schools that are active (the page offers these,
    /// the API is held to the same list).
    static func offices(on db: any Database, communeID: UUID) async throws -> [Unit] {
        try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$kind ~~ [UnitKind.agency.rawValue, UnitKind.school.rawValue])
            .filter(\.$isActive == true).sort(\.$name).all()
    }

    /// Sends the difficulty on to an office of the commune; the office's focal points are told.
    static func forward(_ d: Difficulty, to officeText: String?, note noteText: String?, actor: AuditActor, notifier: (any Notifier)? = nil,
                        on db: any Database) async throws {
        guard d.state != .closed else { throw AppError.conflict(DifficultyText.alreadyClosed) }
        var errors: [String: String] = [:]
        let note = Check.text(noteText, "note", max: TextLimit.long, required: false, into: &errors)
        let office = Check.uuid(officeText)
        if office == nil { errors["forwardTo"] = CoreText.required }
        else if !(try await offices(on: db, communeID: d.communeID).contains { $0.id == office }) { errors["forwardTo"] = DifficultyText.notAnOffice }
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        // The office's focal points, and the person who raised it (told where it went).
        let officeName = try await offices(on: db, communeID: d.communeID).first { $0.id == office }?.name ?? ""
        let notices = (try await notifier?.ownerNotices(.unit(office!), communeID: d.communeID, title: DifficultyText.forwardedNotice(d.title),
                                                        link: SiteURL.difficulty(d.id).path, on: db, at: actor.at) ?? [])
            + [Notice(communeID: d.communeID, userID: d.raisedBy, title: DifficultyText.forwardedToNotice(d.title, officeName),
                      link: SiteURL.difficulty(d.id).path, at: actor.at)]
        try await change(d, actor: actor, notifier: notifier, notices: notices, on: db, to: .forwarded, label: DifficultyText.forward) {
            $0.forwardedTo = office; $0.forwardNote = note
        }
    }

    /// Answers; the person who raised it is told.
    static func answer(_ d: Difficulty, text answerText: String?, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws {
        guard d.state != .closed else { throw AppError.conflict(DifficultyText.alreadyClosed) }
        var errors: [String: String] = [:]
        let text = Check.text(answerText, "answer", max: TextLimit.long, required: true, into: &errors)
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        let now = actor.at
        let notices = [Notice(communeID: d.communeID, userID: d.raisedBy, title: DifficultyText.answeredNotice(d.title),
                              link: SiteURL.difficulty(d.id).path, at: now)]
        try await change(d, actor: actor, notifier: notifier, notices: notices, on: db, to: .answered, label: DifficultyText.answer) {
            $0.answer = text; $0.answeredAt = now
        }
    }

    /// Closes; closing a closed difficulty changes nothing.
    static func close(_ d: Difficulty, actor: AuditActor, on db: any Database) async throws {
        guard d.state != .closed else { return }
        let now = actor.at
        try await change(d, actor: actor, on: db, to: .closed, label: DifficultyText.close) { $0.closedAt = now }
    }

    static func change(_ d: Difficulty, actor: AuditActor, notifier: (any Notifier)? = nil, notices: [Notice] = [], on db: any Database,
                       to status: DifficultyStatus, label: String, apply: (Difficulty) -> Void) async throws {
        let before = ["status": d.status, "forwardNote": d.forwardNote, "answer": d.answer]
        let version = d.version
        apply(d)
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Difficulty.schema, id: d.id!, from: version, on: db)
            d.version = version + 1
            d.status = status.rawValue
            try await d.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "difficulty", id: d.id, label: "\(label): \(d.title)", before: before,
                                      after: ["status": d.status, "forwardNote": d.forwardNote, "answer": d.answer])
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
    }
}

/// Reading difficulties: what a user may see, and one difficulty at the API edge.
enum DifficultyQueries {
    static func visible(on db: any Database, user: CurrentUser, status: DifficultyStatus?, limit: Int = 500) async throws -> [Difficulty] {
        let query = Difficulty.query(on: db).filter(\.$communeID == user.communeID)
        if !Policy.allows(user, .viewAllPledges) {
            if let unit = Policy.ownUnit(user) {
                query.group(.or) { $0.filter(\.$raisedBy == user.id).filter(\.$unitID == unit) }
            } else {
                query.filter(\.$raisedBy == user.id)
            }
        }
        if let status { query.filter(\.$status == status.rawValue) }
        return try await query.sort(\.$createdAt, .descending).limit(limit).all()
    }

    static func dto(on db: any Database, _ d: Difficulty) async throws -> DifficultyDTO {
        let files = try await Evidence.query(on: db).filter(\.$difficultyID == d.id!).sort(\.$createdAt).all().map {
            EvidenceDTO(id: $0.id!, kind: $0.kind, title: $0.title, contentType: $0.contentType, size: $0.size, url: $0.url, uploadedBy: $0.uploadedBy, createdAt: $0.createdAt)
        }
        return DifficultyDTO(id: d.id!, title: d.title, content: d.content, contentAreaId: d.contentAreaID, unitId: d.unitID, raisedBy: d.raisedByName,
                             status: d.status, forwardedTo: d.forwardedTo, forwardNote: d.forwardNote, answer: d.answer, createdAt: d.createdAt,
                             answeredAt: d.answeredAt, closedAt: d.closedAt, attachments: files)
    }
}
