import Fluent
import Foundation
import SQLKit

/// What a unit list is filtered by.
struct UnitFilter: Sendable {
    var query: String = ""
    var kind: UnitKind?
    var group: CriteriaGroup?
    var includeInactive = false
    /// Limit to one unit (a focal point sees only their own).
    var onlyUnit: UUID?
}

struct PersonFilter: Sendable {
    var query: String = ""
    var unitID: UUID?
    var includeInactive = false
    /// Limit to the people of one unit, or one person, for roles that may not see the whole directory.
    var onlyUnit: UUID?
    var onlyPerson: UUID?
    /// Whether the search reaches phones and e-mails (``Policy``'s `searchPeopleByContact`); otherwise only names and
    /// titles are searched, so a hidden phone cannot be found out digit by digit.
    var searchContacts = true
}

/// A unit row of a list, with the name of its village.
struct UnitRow: Sendable {
    let unit: UnitDTO
    let villageName: String?
    let peopleCount: Int
}

struct PersonRow: Sendable {
    let person: PersonDTO
    let unitName: String?
}

/// Directory queries. Every one takes the commune: nothing crosses tenants.
enum DirectoryQueries {
    /// One page of units with their village's name and their active people: one statement (the total rides along
    /// as a window count), and a second only when the page asked for is past the last one.
    static func units(on db: any Database, communeID: UUID, filter: UnitFilter, page: Int, perPage: Int) async throws -> PageResult<UnitRow> {
        var conditions: [SQLQueryString] = ["u.commune_id = \(bind: communeID)"]
        let term = TextFolding.searchTerm(filter.query)
        if !term.isEmpty { conditions.append("u.search_text LIKE \(bind: "%\(term)%")") }
        if let kind = filter.kind { conditions.append("u.kind = \(bind: kind.rawValue)") }
        if let group = filter.group { conditions.append("u.criteria_group = \(bind: group.rawValue)") }
        if !filter.includeInactive { conditions.append("u.is_active = \(bind: true)") }
        if let only = filter.onlyUnit { conditions.append("u.id = \(bind: only)") }
        let whereClause = conditions.joined(separator: " AND ")
        func fetch(_ page: Int) async throws -> (rows: [UnitRow], total: Int) {
            let rows = try await db.sql.raw("""
                SELECT u.id, u.code, u.name, u.kind, u.criteria_group, u.village_id, u.head_name, u.head_title, u.phone, u.email, u.address,
                       u.is_active, u.version, v.name AS village_name,
                       (SELECT COUNT(*) FROM people p WHERE p.commune_id = u.commune_id AND p.unit_id = u.id AND p.is_active = \(bind: true)) AS people_count,
                       COUNT(*) OVER () AS total_rows
                FROM units u LEFT JOIN units v ON v.id = u.village_id
                WHERE \(whereClause) ORDER BY u.kind, u.code LIMIT \(literal: perPage) OFFSET \(literal: (page - 1) * perPage)
                """).all()
            let total = try rows.first?.decode(column: "total_rows", as: Int.self) ?? 0
            return (try rows.map { row in
                UnitRow(unit: try unitDTO(row), villageName: try row.decode(column: "village_name", as: String?.self),
                        peopleCount: try row.decode(column: "people_count", as: Int.self))
            }, total)
        }
        let asked = max(1, page)
        var (rows, total) = try await fetch(asked)
        var shown = asked
        if rows.isEmpty && asked > 1 {
            // Past the last page: the last page instead (the total comes from the count of the filter).
            let count = try await db.sql.raw("SELECT COUNT(*) AS n FROM units u WHERE \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
            shown = max(1, (count + perPage - 1) / perPage)
            (rows, total) = try await fetch(shown)
            if shown == 1 && rows.isEmpty { total = count }
        }
        return PageResult(items: rows, page: shown, perPage: perPage, total: total)
    }

    /// One page of people with their unit's name, like ``units(on:communeID:filter:page:perPage:)``.
    static func people(on db: any Database, communeID: UUID, filter: PersonFilter, page: Int, perPage: Int) async throws -> PageResult<PersonRow> {
        var conditions: [SQLQueryString] = ["p.commune_id = \(bind: communeID)"]
        let term = TextFolding.searchTerm(filter.query)
        if !term.isEmpty {
            conditions.append(filter.searchContacts ? "p.search_text LIKE \(bind: "%\(term)%")" : "COALESCE(p.name_search, '') LIKE \(bind: "%\(term)%")")
        }
        if let unit = filter.unitID { conditions.append("p.unit_id = \(bind: unit)") }
        if !filter.includeInactive { conditions.append("p.is_active = \(bind: true)") }
        if let only = filter.onlyUnit, let person = filter.onlyPerson {
            conditions.append("(p.unit_id = \(bind: only) OR p.id = \(bind: person))")
        } else if let only = filter.onlyUnit {
            conditions.append("p.unit_id = \(bind: only)")
        } else if let person = filter.onlyPerson {
            conditions.append("p.id = \(bind: person)")
        }
        let whereClause = conditions.joined(separator: " AND ")
        func fetch(_ page: Int) async throws -> (rows: [PersonRow], total: Int) {
            let rows = try await db.sql.raw("""
                SELECT p.id, p.full_name, p.title, p.unit_id, p.phone, p.email, p.birth_date, p.salutation, p.is_active, p.version,
                       u.name AS unit_name, COUNT(*) OVER () AS total_rows
                FROM people p LEFT JOIN units u ON u.id = p.unit_id
                WHERE \(whereClause) ORDER BY p.search_text LIMIT \(literal: perPage) OFFSET \(literal: (page - 1) * perPage)
                """).all()
            let total = try rows.first?.decode(column: "total_rows", as: Int.self) ?? 0
            return (try rows.map { row in PersonRow(person: try personDTO(row), unitName: try row.decode(column: "unit_name", as: String?.self)) }, total)
        }
        let asked = max(1, page)
        var (rows, total) = try await fetch(asked)
        var shown = asked
        if rows.isEmpty && asked > 1 {
            let count = try await db.sql.raw("SELECT COUNT(*) AS n FROM people p WHERE \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
            shown = max(1, (count + perPage - 1) / perPage)
            (rows, total) = try await fetch(shown)
            if shown == 1 && rows.isEmpty { total = count }
        }
        return PageResult(items: rows, page: shown, perPage: perPage, total: total)
    }

    static func unitDTO(_ row: any SQLRow) throws -> UnitDTO {
        UnitDTO(id: try row.decode(column: "id", as: UUID.self), code: try row.decode(column: "code", as: String.self),
                name: try row.decode(column: "name", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                criteriaGroup: try row.decode(column: "criteria_group", as: String.self), villageId: try row.decode(column: "village_id", as: UUID?.self),
                headName: try row.decode(column: "head_name", as: String.self), headTitle: try row.decode(column: "head_title", as: String.self),
                phone: try row.decode(column: "phone", as: String.self), email: try row.decode(column: "email", as: String.self),
                address: try row.decode(column: "address", as: String.self), isActive: try row.decode(column: "is_active", as: Bool.self),
                version: try row.decode(column: "version", as: Int.self))
    }

    static func personDTO(_ row: any SQLRow) throws -> PersonDTO {
        PersonDTO(id: try row.decode(column: "id", as: UUID.self), fullName: try row.decode(column: "full_name", as: String.self),
                  title: try row.decode(column: "title", as: String.self), unitId: try row.decode(column: "unit_id", as: UUID?.self),
                  phone: try row.decode(column: "phone", as: String.self), email: try row.decode(column: "email", as: String.self),
                  birthDate: try row.decode(column: "birth_date", as: String?.self),
                  salutation: try row.decode(column: "salutation", as: String?.self), isActive: try row.decode(column: "is_active", as: Bool.self),
                  version: try row.decode(column: "version", as: Int.self))
    }

    static func unit(on db: any Database, communeID: UUID, id: UUID) async throws -> Unit? {
        try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first()
    }

    static func person(on db: any Database, communeID: UUID, id: UUID) async throws -> Person? {
        try await Person.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first()
    }

    static func unitNames(on db: any Database, ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await Unit.query(on: db).filter(\.$id ~~ ids).all()
            .compactMap { u in u.id.map { ($0, u.name) } })
    }

    /// Choices for the village select (plain columns: a select of every village is on many pages).
    static func villages(on db: any Database, communeID: UUID) async throws -> [Choice] {
        try await db.sql.raw("""
            SELECT id, name FROM units WHERE commune_id = \(bind: communeID) AND kind = \(bind: UnitKind.village.rawValue)
              AND is_active = \(bind: true) ORDER BY name
            """).all().map { row in
            Choice(value: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(), label: try row.decode(column: "name", as: String.self))
        }
    }

    /// Choices for the unit select (all active units, or only `onlyUnit`), from plain columns: hydrating a Fluent model
    /// per unit for a select of 130 options cost more than the rest of the people page (perf, docs/performance.md).
    static func unitChoices(on db: any Database, communeID: UUID, onlyUnit: UUID? = nil) async throws -> [Choice] {
        let only: SQLQueryString = onlyUnit.map { "AND id = \(bind: $0)" } ?? ""
        return try await db.sql.raw("""
            SELECT id, name, code FROM units WHERE commune_id = \(bind: communeID) AND is_active = \(bind: true) \(only) ORDER BY name
            """).all().map { row in
            Choice(value: try row.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                   label: "\(try row.decode(column: "name", as: String.self)) (\(try row.decode(column: "code", as: String.self)))")
        }
    }
}
