import Fluent
import Foundation
import Plot

/// The "Lịch sử thay đổi" of a settings page (signers, legal bases, the titles catalogue): the latest audit entries of
/// its kinds of record, read in one statement, shown as a table of when, who and what, each row a link to its entry.
enum RecordHistory {
    /// One change as the table shows it.
    struct Row: Sendable {
        let id: UUID
        let at: Date
        let actor: String
        let label: String
    }

    /// The latest `limit` audit entries of the commune whose object type is one of `objectTypes`, newest first.
    static func latest(on db: any Database, communeID: UUID, objectTypes: [String], limit: Int = 20) async throws -> [Row] {
        let query = AuditEntry.query(on: db).filter(\.$communeID == communeID)
        if objectTypes.count == 1 {
            query.filter(\.$objectType == objectTypes[0])
        } else {
            query.filter(\.$objectType ~~ objectTypes)
        }
        return try await query.sort(\.$at, .descending).limit(limit).all()
            .map { Row(id: try $0.requireID(), at: $0.at, actor: $0.actorName, label: $0.objectLabel) }
    }

    /// The heading ("Lịch sử thay đổi" unless told) and the table under it.
    static func section(_ rows: [Row], heading: String = CoreText.history) -> Node<HTML.BodyContext> {
        .group(.h2(.text(heading)), table(rows))
    }

    /// The table (or the "nothing yet" line of ``Components/table(headers:rows:numericColumns:rowClasses:caption:)``).
    static func table(_ rows: [Row]) -> Node<HTML.BodyContext> {
        Components.table(headers: [CoreText.historyAt, CoreText.historyActor, CoreText.historyContent], rows: rows.map { h in
            [.text(VietnamTime.dateTime(h.at)), .text(h.actor), .link(.auditEntry(h.id), h.label)]
        })
    }
}
