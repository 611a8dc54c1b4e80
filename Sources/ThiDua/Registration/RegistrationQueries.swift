import Fluent
import Foundation
import SQLKit

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

    /// Every active unit of the commune with its registration state for `year`, plus personal pledges: two
    /// statements (units with their registration, pledges with their person), each with its count of targets.
    static func list(on db: any Database, communeID: UUID, year: Int) async throws -> [PledgeRow] {
        struct Line {
            let id: UUID
            let name: String
            let code: String
            let kind: String
            let group: String
            let villageID: UUID?
            let status: WorkflowStatus?
            let submittedAt: Date?
            let count: Int
        }
        let units = try await db.sql.raw("""
            SELECT u.id, u.name, u.code, u.kind, u.criteria_group, u.village_id, g.status, g.submitted_at,
                   (SELECT COUNT(*) FROM registration_targets t WHERE t.registration_id = g.id) AS targets
            FROM units u
            LEFT JOIN registrations g ON g.commune_id = u.commune_id AND g.year = \(bind: year) AND g.unit_id = u.id
            WHERE u.commune_id = \(bind: communeID) AND u.is_active = \(bind: true)
            ORDER BY u.kind, u.code
            """).all().map { row in
            Line(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                 code: try row.decode(column: "code", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                 group: try row.decode(column: "criteria_group", as: String.self), villageID: try row.decode(column: "village_id", as: UUID?.self),
                 status: try row.decode(column: "status", as: String?.self).map { WorkflowStatus(rawValue: $0) ?? .draft },
                 submittedAt: try row.decode(column: "submitted_at", as: Date?.self), count: try row.decode(column: "targets", as: Int.self))
        }
        let villages = Dictionary(units.filter { $0.kind == UnitKind.village.rawValue }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows = units.map { u in
            PledgeRow(owner: .unit(u.id), ownerName: u.name, ownerCode: u.code, group: u.group,
                      villageName: u.kind == UnitKind.village.rawValue ? u.name : u.villageID.flatMap { villages[$0] },
                      status: u.status, submittedAt: u.submittedAt, count: u.count)
        }
        rows += try await db.sql.raw("""
            SELECT g.person_id, p.full_name, g.status, g.submitted_at,
                   (SELECT COUNT(*) FROM registration_targets t WHERE t.registration_id = g.id) AS targets
            FROM registrations g LEFT JOIN people p ON p.id = g.person_id
            WHERE g.commune_id = \(bind: communeID) AND g.year = \(bind: year) AND g.person_id IS NOT NULL
            """).all().map { row in
            PledgeRow(owner: .person(try row.decode(column: "person_id", as: UUID.self)), ownerName: try row.decode(column: "full_name", as: String?.self) ?? "?",
                      ownerCode: "", group: CriteriaGroup.individuals.rawValue, villageName: nil,
                      status: WorkflowStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
                      submittedAt: try row.decode(column: "submitted_at", as: Date?.self), count: try row.decode(column: "targets", as: Int.self))
        }
        return rows
    }

    static func revisions(on db: any Database, registrationID: UUID) async throws -> [RegistrationRevision] {
        try await RegistrationRevision.query(on: db).filter(\.$registrationID == registrationID).sort(\.$number).all()
    }
}
