import Fluent
import Foundation

/// The changes to the directory, each in one transaction with its audit row. Used by pages, the API and the
/// CSV import alike.
enum DirectoryCommands {
    static func createUnit(_ values: UnitValues, communeID: UUID, actor: AuditActor, on db: any Database) async throws -> Unit {
        let unit = Unit()
        unit.communeID = communeID
        unit.isActive = true
        unit.version = 1
        unit.apply(values, contactsOnly: false)
        try await db.writeTransaction { db in
            try await unit.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "unit", id: unit.id, label: "\(unit.code) — \(unit.name)", after: unit.toDTO())
        }
        return unit
    }

    /// Saves `values` unless the unit changed since `expectedVersion` was read (then ``AppError/conflict(_:)``).
    static func updateUnit(_ unit: Unit, _ values: UnitValues, expectedVersion: Int?, contactsOnly: Bool,
                           actor: AuditActor, on db: any Database) async throws {
        let before = unit.toDTO()
        if let expectedVersion, expectedVersion != unit.version { throw AppError.conflict(DirectoryText.conflict) }
        unit.apply(values, contactsOnly: contactsOnly)
        let after = unit.toDTO()
        guard after != before.withVersion(after.version) else { return }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Unit.schema, id: unit.id!, from: before.version, on: db)
            unit.version = before.version + 1
            try await unit.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "unit", id: unit.id, label: "\(unit.code) — \(unit.name)",
                                      before: before, after: unit.toDTO())
        }
    }

    static func setUnitActive(_ unit: Unit, _ active: Bool, actor: AuditActor, on db: any Database) async throws {
        guard unit.isActive != active else { return }
        let before = unit.toDTO()
        unit.isActive = active
        unit.version += 1
        try await db.writeTransaction { db in
            try await unit.update(on: db)
            try await AuditLog.record(on: db, actor, active ? .reactivate : .deactivate, type: "unit", id: unit.id,
                                      label: "\(unit.code) — \(unit.name)", before: before, after: unit.toDTO())
        }
    }

    static func createPerson(_ values: PersonValues, communeID: UUID, actor: AuditActor, on db: any Database) async throws -> Person {
        let person = Person()
        person.communeID = communeID
        person.isActive = true
        person.version = 1
        person.apply(values)
        try await db.writeTransaction { db in
            try await person.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "person", id: person.id, label: person.fullName, after: person.toDTO())
        }
        return person
    }

    static func updatePerson(_ person: Person, _ values: PersonValues, expectedVersion: Int?, actor: AuditActor,
                             on db: any Database) async throws {
        let before = person.toDTO()
        if let expectedVersion, expectedVersion != person.version { throw AppError.conflict(DirectoryText.conflict) }
        person.apply(values)
        guard person.toDTO() != before.withVersion(person.version) else { return }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Person.schema, id: person.id!, from: before.version, on: db)
            person.version = before.version + 1
            try await person.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "person", id: person.id, label: person.fullName,
                                      before: before, after: person.toDTO())
        }
    }

    static func setPersonActive(_ person: Person, _ active: Bool, actor: AuditActor, on db: any Database) async throws {
        guard person.isActive != active else { return }
        let before = person.toDTO()
        person.isActive = active
        person.version += 1
        try await db.writeTransaction { db in
            try await person.update(on: db)
            try await AuditLog.record(on: db, actor, active ? .reactivate : .deactivate, type: "person", id: person.id,
                                      label: person.fullName, before: before, after: person.toDTO())
        }
    }
}

extension UnitDTO {
    func withVersion(_ v: Int) -> UnitDTO {
        UnitDTO(id: id, code: code, name: name, kind: kind, criteriaGroup: criteriaGroup, villageId: villageId, headName: headName,
                headTitle: headTitle, phone: phone, email: email, address: address, isActive: isActive, version: v)
    }
}

extension PersonDTO {
    func withVersion(_ v: Int) -> PersonDTO {
        PersonDTO(id: id, fullName: fullName, title: title, unitId: unitId, phone: phone, email: email, birthDate: birthDate,
                  salutation: salutation, isActive: isActive, version: v)
    }
}
