import Fluent
import Foundation
import SQLKit
import Vapor

/// Adding and removing evidence. A file is checked (name, size, type by its bytes) before anything is written.
enum EvidenceCommands {
    /// Checks an uploaded file; returns its kind or the Vietnamese reason it is refused.
    static func check(name: String?, data: Data, maxBytes: Int) -> Result<FileKind, AppError> {
        if let problem = checkSize(name: name, size: data.count, maxBytes: maxBytes) { return .failure(problem) }
        guard let kind = FileKind.sniff(data) else { return .failure(badType) }
        return .success(kind)
    }

    /// Checks a file received to disk (``StreamedUpload``): the same rules, the type judged from its first bytes.
    static func check(name: String?, file: TempFile, maxBytes: Int, threadPool: NIOThreadPool) async throws -> Result<FileKind, AppError> {
        if let problem = checkSize(name: name, size: file.size, maxBytes: maxBytes) { return .failure(problem) }
        guard let kind = try await file.kind(threadPool: threadPool) else { return .failure(badType) }
        return .success(kind)
    }

    private static var badType: AppError { .validation(fields: ["file": ReportText.fileBadType], message: ReportText.fileBadType) }

    private static func checkSize(name: String?, size: Int, maxBytes: Int) -> AppError? {
        let filename = name ?? ""
        if filename.contains("/") || filename.contains("\\") || filename.contains("..") || TextFolding.hasControlCharacters(filename, singleLine: true)
            || filename.unicodeScalars.contains("\0") || filename.count > 200 {
            return .validation(fields: ["file": ReportText.fileBadName], message: ReportText.fileBadName)
        }
        if size == 0 { return .validation(fields: ["file": ReportText.fileEmpty], message: ReportText.fileEmpty) }
        if size > maxBytes {
            let message = ReportText.fileTooLarge(maxBytes / 1024 / 1024)
            return .validation(fields: ["file": message], message: message)
        }
        return nil
    }

    /// Where evidence goes: the report of a unit and year, created (draft) by its first evidence.
    struct Owner: Sendable {
        let communeID: UUID
        let unitID: UUID
        let year: Int
    }

    /// Stores the file, then, in one write, finds or creates the report, checks that it can still be edited and adds the
    /// evidence (so evidence never lands on a report submitted meanwhile).
    static func addFile(to owner: Owner, title: String, originalName: String?, data: Data, kind: FileKind,
                        store: any FileStore, actor: AuditActor, on db: any Database) async throws -> Evidence {
        let e = try await storedFile(NewFile(title: title, originalName: originalName, content: .bytes(data), kind: kind),
                                     communeID: owner.communeID, store: store, actor: actor)
        return try await add(e, to: owner, placement: nil, actor: actor, on: db)
    }

    /// A received file (``StreamedUpload``), moved into the store in the write that adds its evidence: if that write
    /// fails (the report was submitted meanwhile), the stored file is taken out again.
    static func addFile(to owner: Owner, title: String, originalName: String?, file: TempFile, kind: FileKind,
                        store: any FileStore, actor: AuditActor, on db: any Database) async throws -> Evidence {
        let e = try await storedFile(NewFile(title: title, originalName: originalName, content: .received(file), kind: kind),
                                     communeID: owner.communeID, store: store, actor: actor)
        return try await store.placing([file]) { placement in
            try await add(e, to: owner, placement: placement, actor: actor, on: db)
        }
    }

    static func addLink(to owner: Owner, title: String, url: String, actor: AuditActor, on db: any Database) async throws -> Evidence {
        try await add(link(NewLink(title: title, url: url), communeID: owner.communeID, actor: actor), to: owner, placement: nil, actor: actor, on: db)
    }

    /// The bytes of a file to add: in memory (the demo, base64 in JSON) or received to disk (an upload).
    enum Content: Sendable {
        case bytes(Data)
        case received(TempFile)

        var received: TempFile? {
            if case .received(let file) = self { return file }
            return nil
        }
    }

    /// A file already checked (``check(name:data:maxBytes:)``), to be added to a report.
    struct NewFile: Sendable {
        let title: String
        let originalName: String?
        let content: Content
        let kind: FileKind
    }

    /// A link already checked (``validLink(_:)``), to be added to a report.
    struct NewLink: Sendable {
        let title: String
        let url: String
    }

    /// Puts the file's bytes in the store (by hash, so a file stored twice is kept once) and returns its evidence row,
    /// not yet written: ``insert(_:into:actor:on:)`` writes it inside a write transaction.
    /// A received file is not moved here but by the write that inserts the row (``FilePlacement/place()``).
    static func storedFile(_ f: NewFile, communeID: UUID, store: any FileStore, actor: AuditActor) async throws -> Evidence {
        let stored: StoredFile
        switch f.content {
        case .bytes(let data): stored = try await store.put(data)
        case .received(let file): stored = StoredFile(hash: file.sha256, size: file.size)
        }
        let e = Evidence()
        e.communeID = communeID; e.kind = "file"
        e.title = f.title.isEmpty ? (f.originalName.map { TextFolding.clean($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? f.kind.rawValue.uppercased()) : f.title
        e.fileHash = stored.hash; e.contentType = f.kind.contentType; e.size = stored.size
        e.originalName = f.originalName.map { TextFolding.clean($0) }; e.uploadedBy = actor.name
        return e
    }

    /// The evidence row of a link, not yet written.
    static func link(_ l: NewLink, communeID: UUID, actor: AuditActor) -> Evidence {
        let e = Evidence()
        e.communeID = communeID; e.kind = "link"; e.title = l.title.isEmpty ? l.url : l.title
        e.url = l.url; e.uploadedBy = actor.name
        return e
    }

    private static func add(_ e: Evidence, to owner: Owner, placement: FilePlacement?, actor: AuditActor, on db: any Database) async throws -> Evidence {
        try await db.writeTransaction(writesFirst: true) { db in
            let report = try await ReportCommands.ensure(communeID: owner.communeID, unitID: owner.unitID, year: owner.year, on: db)
            guard report.workflow.isEditable else { throw AppError.conflict(ReportText.notEditable) }
            try await insert(e, into: report.id!, actor: actor, on: db)
            try await placement?.place()
            return e
        }
    }

    /// Writes the evidence row and its audit entry; call it inside the write transaction that checked the report can
    /// still be edited (``add(_:to:actor:on:)``, or ``ReportCommands/save(_:unit:year:expectedVersion:evidence:store:actor:on:)``).
    static func insert(_ e: Evidence, into reportID: UUID, actor: AuditActor, on db: any Database) async throws {
        e.id = UUID(); e.reportID = reportID; e.createdAt = Date()
        try await db.sql.raw("""
            INSERT INTO evidence (id, commune_id, report_id, kind, title, file_hash, content_type, size, original_name, url, uploaded_by, created_at)
            VALUES (\(bind: e.id), \(bind: e.communeID), \(bind: e.reportID), \(bind: e.kind), \(bind: e.title), \(bind: e.fileHash),
                    \(bind: e.contentType), \(bind: e.size), \(bind: e.originalName), \(bind: e.url), \(bind: e.uploadedBy), \(bind: e.createdAt))
            """).run()
        let after: [String: String] = e.kind == "link" ? ["title": e.title, "url": e.url ?? ""]
            : ["title": e.title, "type": e.contentType ?? "", "size": String(e.size ?? 0), "sha256": e.fileHash ?? ""]
        try await AuditLog.record(on: db, actor, .create, type: "evidence", id: e.id, label: "Minh chứng: \(e.title)", after: after)
    }

    /// Removes the evidence of a report inside the write that checked the report can still be edited; false when it is
    /// not (or no longer) one of the report's.
    @discardableResult
    static func delete(_ id: UUID, from reportID: UUID, actor: AuditActor, on db: any Database) async throws -> Bool {
        guard let e = try await db.sql.raw("SELECT * FROM evidence WHERE id = \(bind: id) AND report_id = \(bind: reportID)").first()?
            .model(Evidence.self) else { return false }
        try await db.sql.raw("DELETE FROM evidence WHERE id = \(bind: id)").run()
        try await AuditLog.record(on: db, actor, .delete, type: "evidence", id: e.id, label: "Minh chứng: \(e.title)",
                                  before: ["title": e.title, "sha256": e.fileHash ?? "", "url": e.url ?? ""])
        return true
    }

    /// The file a browser sent, or nil when none was chosen: a form's empty file input arrives as a part with no name
    /// and no bytes, which is "no file chosen", not an empty file.
    static func chosen(_ file: File?) -> File? {
        guard let file, !(file.filename.isEmpty && file.data.readableBytes == 0) else { return nil }
        return file
    }

    static func validLink(_ text: String?) -> String? {
        let url = TextFolding.clean(text)
        guard url.count <= 1000, !TextFolding.hasControlCharacters(url, singleLine: true), let parsed = URL(string: url),
              let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else { return nil }
        return url
    }

    /// Removes evidence from a report that can still be edited (the stored file itself is kept).
    static func remove(_ e: Evidence, actor: AuditActor, on db: any Database) async throws {
        try await db.writeTransaction { db in
            try await e.delete(on: db)
            try await AuditLog.record(on: db, actor, .delete, type: "evidence", id: e.id, label: "Minh chứng: \(e.title)",
                                      before: ["title": e.title, "sha256": e.fileHash ?? "", "url": e.url ?? ""])
        }
    }
}
