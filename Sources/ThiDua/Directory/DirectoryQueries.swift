import Fluent
import Foundation

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
    static func units(on db: any Database, communeID: UUID, filter: UnitFilter, page: Int, perPage: Int) async throws -> PageResult<UnitRow> {
        let query = Unit.query(on: db).filter(\.$communeID == communeID)
        let term = TextFolding.searchTerm(filter.query)
        if !term.isEmpty { query.filter(\.$searchText ~~ term) }
        if let kind = filter.kind { query.filter(\.$kind == kind.rawValue) }
        if let group = filter.group { query.filter(\.$criteriaGroup == group.rawValue) }
        if !filter.includeInactive { query.filter(\.$isActive == true) }
        if let only = filter.onlyUnit { query.filter(\.$id == only) }
        let total = try await query.count()
        let page = max(1, min(page, max(1, (total + perPage - 1) / perPage)))
        let units = try await query.copy().sort(\.$kind).sort(\.$code).range(((page - 1) * perPage)..<(page * perPage)).all()
        let villageIDs = Set(units.compactMap(\.villageID))
        let villages = villageIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Unit.query(on: db)
            .filter(\.$id ~~ villageIDs).all().compactMap { u in u.id.map { ($0, u.name) } })
        let ids = units.compactMap(\.id)
        var counts: [UUID: Int] = [:]
        if !ids.isEmpty {
            for person in try await Person.query(on: db).filter(\.$unitID ~~ ids).filter(\.$isActive == true).field(\.$unitID).all() {
                if let unit = person.unitID { counts[unit, default: 0] += 1 }
            }
        }
        return PageResult(items: units.map { unit in
            UnitRow(unit: unit.toDTO(), villageName: unit.villageID.flatMap { villages[$0] }, peopleCount: counts[unit.id!] ?? 0)
        }, page: page, perPage: perPage, total: total)
    }

    static func people(on db: any Database, communeID: UUID, filter: PersonFilter, page: Int, perPage: Int) async throws -> PageResult<PersonRow> {
        let query = Person.query(on: db).filter(\.$communeID == communeID)
        let term = TextFolding.searchTerm(filter.query)
        if !term.isEmpty { query.filter(\.$searchText ~~ term) }
        if let unit = filter.unitID { query.filter(\.$unitID == unit) }
        if !filter.includeInactive { query.filter(\.$isActive == true) }
        if let only = filter.onlyUnit, let person = filter.onlyPerson {
            query.group(.or) { $0.filter(\.$unitID == only).filter(\.$id == person) }
        } else if let only = filter.onlyUnit {
            query.filter(\.$unitID == only)
        } else if let person = filter.onlyPerson {
            query.filter(\.$id == person)
        }
        let total = try await query.count()
        let page = max(1, min(page, max(1, (total + perPage - 1) / perPage)))
        let people = try await query.copy().sort(\.$searchText).range(((page - 1) * perPage)..<(page * perPage)).all()
        let names = try await unitNames(on: db, ids: Set(people.compactMap(\.unitID)))
        return PageResult(items: people.map { PersonRow(person: $0.toDTO(), unitName: $0.unitID.flatMap { names[$0] }) },
                          page: page, perPage: perPage, total: total)
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

    /// Choices for the village select.
    static func villages(on db: any Database, communeID: UUID) async throws -> [Choice] {
        try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$kind == UnitKind.village.rawValue)
            .filter(\.$isActive == true).sort(\.$name).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: $0.name) }
    }

    /// Choices for the unit select (all active units, or only `onlyUnit`).
    static func unitChoices(on db: any Database, communeID: UUID, onlyUnit: UUID? = nil) async throws -> [Choice] {
        let query = Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true)
        if let onlyUnit { query.filter(\.$id == onlyUnit) }
        return try await query.sort(\.$name).all().map { Choice(value: $0.id!.uuidString.lowercased(), label: "\($0.name) (\($0.code))") }
    }
}
