import Fluent
import Foundation

/// One audit row for display.
struct AuditRow: Sendable {
    let id: UUID
    let at: Date
    let actorName: String
    let action: String
    let objectType: String
    let objectID: UUID?
    let objectLabel: String
    let beforeJSON: String?
    let afterJSON: String?
    let ip: String?

    init(_ e: AuditEntry) {
        id = e.id!; at = e.at; actorName = e.actorName; action = e.action; objectType = e.objectType; objectID = e.objectID
        objectLabel = e.objectLabel; beforeJSON = e.beforeJSON; afterJSON = e.afterJSON; ip = e.ip
    }
}

struct AuditFilter: Sendable {
    var actorID: UUID?
    var objectType: String?
    var objectID: UUID?
    var text: String = ""
    var from: LocalDate?
    var to: LocalDate?
}

enum AuditQueries {
    static func list(on db: any Database, communeID: UUID, filter: AuditFilter, page: Int, perPage: Int) async throws -> PageResult<AuditRow> {
        let query = AuditEntry.query(on: db).filter(\.$communeID == communeID)
        if let actor = filter.actorID { query.filter(\.$actorID == actor) }
        if let type = filter.objectType, !type.isEmpty { query.filter(\.$objectType == type) }
        if let object = filter.objectID { query.filter(\.$objectID == object) }
        let text = TextFolding.clean(filter.text).replacingOccurrences(of: "%", with: "")
        if !text.isEmpty { query.filter(\.$objectLabel ~~ text) }
        if let from = filter.from { query.filter(\.$at >= from.startOfDay) }
        if let to = filter.to { query.filter(\.$at < to.startOfDay.addingTimeInterval(86_400)) }
        let total = try await query.count()
        let page = max(1, min(page, max(1, (total + perPage - 1) / perPage)))
        let rows = try await query.copy().sort(\.$at, .descending).sort(\.$id).range(((page - 1) * perPage)..<(page * perPage)).all()
        return PageResult(items: rows.map(AuditRow.init), page: page, perPage: perPage, total: total)
    }

    static func forObject(on db: any Database, communeID: UUID, id: UUID, limit: Int) async throws -> [AuditRow] {
        try await AuditEntry.query(on: db).filter(\.$communeID == communeID).filter(\.$objectID == id)
            .sort(\.$at, .descending).limit(limit).all().map(AuditRow.init)
    }

    static func entry(on db: any Database, communeID: UUID, id: UUID) async throws -> AuditRow? {
        try await AuditEntry.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first().map(AuditRow.init)
    }

    /// The accounts that appear in the commune's log, for the filter.
    static func actors(on db: any Database, communeID: UUID) async throws -> [Choice] {
        try await User.query(on: db).filter(\.$communeID == communeID).sort(\.$username).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: "\($0.displayName) (\($0.username))") }
    }

    /// Field-by-field differences of two JSON snapshots (top-level keys).
    static func diff(before: String?, after: String?) -> [(field: String, before: String, after: String)] {
        func object(_ json: String?) -> [String: Any] {
            guard let json, let data = json.data(using: .utf8),
                  let value = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return value
        }
        func text(_ value: Any?) -> String {
            switch value {
            case nil, is NSNull: return ""
            case let s as String: return s
            case let b as Bool: return b ? "true" : "false"
            case let n as NSNumber: return n.stringValue
            case let a as [Any]: return a.map { text($0) }.joined(separator: ", ")
            default: return String(describing: value!)
            }
        }
        let b = object(before), a = object(after)
        return Set(b.keys).union(a.keys).sorted().compactMap { key in
            let old = text(b[key]), new = text(a[key])
            return (before == nil || after == nil || old != new) ? (key, old, new) : nil
        }
    }
}
