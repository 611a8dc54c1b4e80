import Fluent
import Foundation

struct PhaseRow: Sendable { let id: UUID; let name: String; let startYear: Int; let endYear: Int; let reviewKind: String; let reviewYear: Int }
struct DeadlineRow: Sendable { let id: UUID; let year: Int; let kind: String; let title: String; let dueDate: String; let note: String }
struct AreaRow: Sendable { let id: UUID; let position: Int; let name: String; let summary: String }
struct CriterionRow: Sendable { let id: UUID; let group: String; let position: Int; let title: String; let summary: String; let maxPoints: Int; let isActive: Bool }
struct CouncilRow: Sendable {
    let id: UUID
    let personID: UUID
    let personName: String
    let personTitle: String
    let position: String
    let username: String?
    let fields: [String]
    let areas: [String]
    let isActive: Bool
}

/// Everything of the movement setup page.
struct MovementOverview: Sendable {
    let id: UUID
    let movement: MovementDTO
    let phases: [PhaseRow]
    let deadlines: [DeadlineRow]
    let areas: [AreaRow]
    let criteria: [CriterionRow]
    let council: [CouncilRow]
}

enum MovementQueries {
    static func movement(on db: any Database, communeID: UUID) async throws -> Movement? {
        try await Movement.query(on: db).filter(\.$communeID == communeID).sort(\.$startYear).first()
    }

    static func overview(on db: any Database, communeID: UUID) async throws -> MovementOverview? {
        guard let m = try await movement(on: db, communeID: communeID), let id = m.id else { return nil }
        let phases = try await Phase.query(on: db).filter(\.$movementID == id).sort(\.$position).all()
            .map { PhaseRow(id: $0.id!, name: $0.name, startYear: $0.startYear, endYear: $0.endYear, reviewKind: $0.reviewKind, reviewYear: $0.reviewYear) }
        let deadlines = try await Deadline.query(on: db).filter(\.$movementID == id).sort(\.$dueDate).all()
            .map { DeadlineRow(id: $0.id!, year: $0.year, kind: $0.kind, title: $0.title, dueDate: $0.dueDate, note: $0.note) }
        let areas = try await ContentArea.query(on: db).filter(\.$movementID == id).sort(\.$position).all()
            .map { AreaRow(id: $0.id!, position: $0.position, name: $0.name, summary: $0.summary) }
        let criteria = try await Criterion.query(on: db).filter(\.$movementID == id).sort(\.$criteriaGroup).sort(\.$position).all()
            .map { CriterionRow(id: $0.id!, group: $0.criteriaGroup, position: $0.position, title: $0.title, summary: $0.summary,
                                maxPoints: $0.maxPoints, isActive: $0.isActive) }
        return MovementOverview(id: id, movement: MovementDTO(m), phases: phases, deadlines: deadlines, areas: areas,
                                criteria: criteria, council: try await council(on: db, communeID: communeID))
    }

    static func council(on db: any Database, communeID: UUID) async throws -> [CouncilRow] {
        let members = try await CouncilMember.query(on: db).filter(\.$communeID == communeID).all()
        guard !members.isEmpty else { return [] }
        let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ Set(members.map(\.personID))).all()
            .map { ($0.id!, $0) })
        let userIDs = Set(members.compactMap(\.userID))
        let users = userIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ userIDs).all().map { ($0.id!, $0.username) })
        let assignments = try await CouncilAssignment.query(on: db).filter(\.$memberID ~~ Set(members.compactMap(\.id))).all()
        let villageIDs = Set(assignments.filter { $0.kind == "area" }.compactMap { UUID(uuidString: $0.value) })
        let villages = try await DirectoryQueries.unitNames(on: db, ids: villageIDs)
        let order = CouncilPosition.allCases.map(\.rawValue)
        return members.map { m in
            let mine = assignments.filter { $0.memberID == m.id }
            return CouncilRow(
                id: m.id!, personID: m.personID, personName: people[m.personID]?.fullName ?? "?", personTitle: people[m.personID]?.title ?? "",
                position: m.position, username: m.userID.flatMap { users[$0] },
                fields: mine.filter { $0.kind == "field" }.map(\.value).sorted(),
                areas: mine.filter { $0.kind == "area" }.compactMap { UUID(uuidString: $0.value).flatMap { villages[$0] } }.sorted(),
                isActive: m.isActive)
        }.sorted { a, b in
            if a.isActive != b.isActive { return a.isActive }
            let ia = order.firstIndex(of: a.position) ?? 99, ib = order.firstIndex(of: b.position) ?? 99
            return ia != ib ? ia < ib : a.personName < b.personName
        }
    }
}
