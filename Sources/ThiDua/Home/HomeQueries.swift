import Fluent
import Foundation
import SQLKit

/// What the home page reads: two statements, whatever the size of the directory.
enum HomeQueries {
    struct DirectoryFigures: Sendable {
        let units: [UnitKind: Int]
        let people: Int
    }

    /// Active units by kind and active people of the commune, in one statement.
    static func directoryFigures(on db: any Database, communeID: UUID) async throws -> DirectoryFigures {
        let rows = try await db.sql.raw("""
            SELECT kind, COUNT(*) AS n FROM units WHERE commune_id = \(bind: communeID) AND is_active = \(bind: true) GROUP BY kind
            UNION ALL
            SELECT '' AS kind, COUNT(*) AS n FROM people WHERE commune_id = \(bind: communeID) AND is_active = \(bind: true)
            """).all()
        var units: [UnitKind: Int] = [:]
        var people = 0
        for row in rows {
            let kind = try row.decode(column: "kind", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            if kind.isEmpty { people = n } else if let k = UnitKind(rawValue: kind) { units[k] = n }
        }
        return DirectoryFigures(units: units, people: people)
    }

    /// The next dates of the calendar from `day` on.
    static func upcoming(on db: any Database, communeID: UUID, from day: LocalDate, limit: Int) async throws -> [DeadlineRow] {
        try await db.sql.raw("""
            SELECT id, year, kind, title, due_date, note FROM deadlines
            WHERE commune_id = \(bind: communeID) AND due_date >= \(bind: day.iso) ORDER BY due_date LIMIT \(literal: limit)
            """).all().map { row in
            DeadlineRow(id: try row.decode(column: "id", as: UUID.self), year: try row.decode(column: "year", as: Int.self),
                        kind: try row.decode(column: "kind", as: String.self), title: try row.decode(column: "title", as: String.self),
                        dueDate: try row.decode(column: "due_date", as: String.self), note: try row.decode(column: "note", as: String.self))
        }
    }
}
