import Fluent
import Foundation

/// One row of the registrations list: an owner and the state of its registration (if any).
struct PledgeRow: Sendable {
    let owner: PledgeOwner
    let ownerName: String
    let ownerCode: String
    let group: String
    let villageName: String?
    let status: WorkflowStatus?
    let submittedAt: Date?
    let count: Int
}

enum RegistrationQueries {
    static func find(on db: any Database, communeID: UUID, owner: PledgeOwner, year: Int) async throws -> Registration? {
        let query = Registration.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
        switch owner {
        case .unit(let id): query.filter(\.$unitID == id)
        case .person(let id): query.filter(\.$personID == id)
        }
        return try await query.first()
    }

    /// The owner's display name, or nil when it is not in the commune.
    static func ownerName(on db: any Database, communeID: UUID, owner: PledgeOwner) async throws -> String? {
        switch owner {
        case .unit(let id): try await DirectoryQueries.unit(on: db, communeID: communeID, id: id)?.name
        case .person(let id): try await DirectoryQueries.person(on: db, communeID: communeID, id: id)?.fullName
        }
    }

    static func content(on db: any Database, registrationID: UUID) async throws -> RegistrationContent? {
        guard let r = try await Registration.find(registrationID, on: db) else { return nil }
        let targets = try await RegistrationTarget.query(on: db).filter(\.$registrationID == registrationID).sort(\.$position).all()
        let products = try await RegistrationProduct.query(on: db).filter(\.$registrationID == registrationID).sort(\.$position).all()
        return RegistrationContent(
            focus: r.focus, plannedInitiatives: r.plannedInitiatives,
            targets: targets.map { TargetLine(id: $0.id, name: $0.name, unitOfMeasure: $0.unitOfMeasure, baseline: $0.baseline,
                                              targetValue: $0.targetValue, contentAreaId: $0.contentAreaID, dueDate: $0.dueDate) },
            products: products.map { ProductLine(id: $0.id, name: $0.name, description: $0.summary, expectedDate: $0.expectedDate) })
    }

    static func dto(on db: any Database, _ r: Registration, ownerName: String) async throws -> RegistrationDTO {
        let c = try await content(on: db, registrationID: r.id!) ?? .empty
        return RegistrationDTO(id: r.id, year: r.year, unitId: r.unitID, personId: r.personID, ownerName: ownerName, status: r.status,
                               returnReason: r.returnReason, submittedAt: r.submittedAt, revision: r.revision, version: r.version,
                               focus: c.focus, plannedInitiatives: c.plannedInitiatives, targets: c.targets, products: c.products)
    }

    /// Every active unit of the commune with its registration state for `year`, plus personal pledges.
    static func list(on db: any Database, communeID: UUID, year: Int) async throws -> [PledgeRow] {
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$kind).sort(\.$code).all()
        let regs = try await Registration.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all()
        var counts: [UUID: Int] = [:]
        let regIDs = regs.compactMap(\.id)
        if !regIDs.isEmpty {
            for t in try await RegistrationTarget.query(on: db).filter(\.$registrationID ~~ regIDs).field(\.$registrationID).all() {
                counts[t.registrationID, default: 0] += 1
            }
        }
        let byUnit = Dictionary(regs.compactMap { r in r.unitID.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        let villages = Dictionary(units.filter { $0.kind == UnitKind.village.rawValue }.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows = units.map { u -> PledgeRow in
            let r = byUnit[u.id!]
            return PledgeRow(owner: .unit(u.id!), ownerName: u.name, ownerCode: u.code, group: u.criteriaGroup,
                             villageName: u.kind == UnitKind.village.rawValue ? u.name : u.villageID.flatMap { villages[$0] },
                             status: r?.workflow, submittedAt: r?.submittedAt, count: r.flatMap { $0.id.flatMap { counts[$0] } } ?? 0)
        }
        let personal = regs.filter { $0.personID != nil }
        if !personal.isEmpty {
            let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ personal.compactMap(\.personID)).all().map { ($0.id!, $0.fullName) })
            rows += personal.map { r in
                PledgeRow(owner: .person(r.personID!), ownerName: people[r.personID!] ?? "?", ownerCode: "", group: CriteriaGroup.individuals.rawValue,
                          villageName: nil, status: r.workflow, submittedAt: r.submittedAt, count: counts[r.id!] ?? 0)
            }
        }
        return rows
    }

    static func revisions(on db: any Database, registrationID: UUID) async throws -> [RegistrationRevision] {
        try await RegistrationRevision.query(on: db).filter(\.$registrationID == registrationID).sort(\.$number).all()
    }
}
