import Fluent
import Foundation
import SQLKit
import Vapor

/// Adding and removing evidence. A file is checked (name, size, type by its bytes) before anything is written.
enum EvidenceCommands {
    /// Checks an uploaded file; returns its kind or the Vietnamese reason it is refused.
    static func check(name: String?, data: Data, maxBytes: Int) -> Result<FileKind, AppError> {
        let filename = name ?? ""
        if filename.contains("/") || filename.contains("\\") || filename.contains("..") || TextFolding.hasControlCharacters(filename)
            || filename.unicodeScalars.contains("\0") || filename.count > 200 {
            return .failure(.validation(fields: ["file": ReportText.fileBadName], message: ReportText.fileBadName))
        }
        if data.isEmpty { return .failure(.validation(fields: ["file": ReportText.fileEmpty], message: ReportText.fileEmpty)) }
        if data.count > maxBytes {
            let message = ReportText.fileTooLarge(maxBytes / 1024 / 1024)
            return .failure(.validation(fields: ["file": message], message: message))
        }
        guard let kind = FileKind.sniff(data) else {
            return .failure(.validation(fields: ["file": ReportText.fileBadType], message: ReportText.fileBadType))
        }
        return .success(kind)
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
        let stored = try await store.put(data)
        let e = Evidence()
        e.communeID = owner.communeID; e.kind = "file"
        e.title = title.isEmpty ? (originalName ?? kind.rawValue.uppercased()) : title
        e.fileHash = stored.hash; e.contentType = kind.contentType; e.size = stored.size
        e.originalName = originalName.map { TextFolding.clean($0) }; e.uploadedBy = actor.name
        return try await add(e, to: owner, actor: actor, on: db,
                             after: ["title": e.title, "type": kind.contentType, "size": String(stored.size), "sha256": stored.hash])
    }

    static func addLink(to owner: Owner, title: String, url: String, actor: AuditActor, on db: any Database) async throws -> Evidence {
        let e = Evidence()
        e.communeID = owner.communeID; e.kind = "link"; e.title = title.isEmpty ? url : title
        e.url = url; e.uploadedBy = actor.name
        return try await add(e, to: owner, actor: actor, on: db, after: ["title": e.title, "url": url])
    }

    private static func add(_ e: Evidence, to owner: Owner, actor: AuditActor, on db: any Database, after: [String: String]) async throws -> Evidence {
        try await db.writeTransaction(writesFirst: true) { db in
            let report = try await ReportCommands.ensure(communeID: owner.communeID, unitID: owner.unitID, year: owner.year, on: db)
            guard report.workflow.isEditable else { throw AppError.conflict(ReportText.notEditable) }
            e.id = UUID(); e.reportID = report.id; e.createdAt = Date()
            try await db.sql.raw("""
                INSERT INTO evidence (id, commune_id, report_id, kind, title, file_hash, content_type, size, original_name, url, uploaded_by, created_at)
                VALUES (\(bind: e.id), \(bind: e.communeID), \(bind: e.reportID), \(bind: e.kind), \(bind: e.title), \(bind: e.fileHash),
                        \(bind: e.contentType), \(bind: e.size), \(bind: e.originalName), \(bind: e.url), \(bind: e.uploadedBy), \(bind: e.createdAt))
                """).run()
            try await AuditLog.record(on: db, actor, .create, type: "evidence", id: e.id, label: "Minh chứng: \(e.title)", after: after)
            return e
        }
    }

    static func validLink(_ text: String?) -> String? {
        let url = TextFolding.clean(text)
        guard url.count <= 1000, !TextFolding.hasControlCharacters(url), let parsed = URL(string: url),
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
