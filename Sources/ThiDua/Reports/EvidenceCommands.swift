import Fluent
import Foundation
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

    static func addFile(to report: AnnualReport, title: String, originalName: String?, data: Data, kind: FileKind,
                        store: any FileStore, actor: AuditActor, on db: any Database) async throws -> Evidence {
        let stored = try await store.put(data)
        let e = Evidence()
        e.communeID = report.communeID; e.reportID = report.id; e.kind = "file"
        e.title = title.isEmpty ? (originalName ?? kind.rawValue.uppercased()) : title
        e.fileHash = stored.hash; e.contentType = kind.contentType; e.size = stored.size
        e.originalName = originalName.map { TextFolding.clean($0) }; e.uploadedBy = actor.name
        try await db.writeTransaction { db in
            try await e.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "evidence", id: e.id, label: "Minh chứng: \(e.title)",
                                      after: ["title": e.title, "type": kind.contentType, "size": String(stored.size), "sha256": stored.hash])
        }
        return e
    }

    static func addLink(to report: AnnualReport, title: String, url: String, actor: AuditActor, on db: any Database) async throws -> Evidence {
        let e = Evidence()
        e.communeID = report.communeID; e.reportID = report.id; e.kind = "link"; e.title = title.isEmpty ? url : title
        e.url = url; e.uploadedBy = actor.name
        try await db.writeTransaction { db in
            try await e.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "evidence", id: e.id, label: "Minh chứng: \(e.title)", after: ["title": e.title, "url": url])
        }
        return e
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
