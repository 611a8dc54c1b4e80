import Fluent
import Foundation

/// The emulation movement (phong trào thi đua) a commune runs, e.g. 2026–2030.
final class Movement: Model, @unchecked Sendable {
    static let schema = "movements"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "name") var name: String
    /// Số kế hoạch, e.g. "05/KH-UBND".
    @Field(key: "plan_number") var planNumber: String
    /// yyyy-MM-dd of the plan, when known.
    @OptionalField(key: "plan_date") var planDate: String?
    @Field(key: "start_year") var startYear: Int
    @Field(key: "end_year") var endYear: Int
    @Field(key: "description") var summary: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

/// A phase (giai đoạn) ending with a review: sơ kết (mid-term) or tổng kết (final).
final class Phase: Model, @unchecked Sendable {
    static let schema = "phases"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "movement_id") var movementID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "start_year") var startYear: Int
    @Field(key: "end_year") var endYear: Int
    /// "mid_term" (sơ kết) or "final" (tổng kết).
    @Field(key: "review_kind") var reviewKind: String
    @Field(key: "review_year") var reviewYear: Int
    init() {}
}

/// One date of the movement's calendar (registration deadline, 15/11 report deadline, council meeting, ceremony…).
final class Deadline: Model, @unchecked Sendable {
    static let schema = "deadlines"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "movement_id") var movementID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    /// yyyy-MM-dd
    @Field(key: "due_date") var dueDate: String
    @Field(key: "note") var note: String
    init() {}
}

enum DeadlineKind: String, CaseIterable, Sendable {
    case registration, report, inspection, council, ceremony, other
    var label: String { MovementText.deadlineKind(self) }
}

/// One of the six content areas (nội dung thi đua) every target, initiative and report is tagged with.
final class ContentArea: Model, @unchecked Sendable {
    static let schema = "content_areas"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "movement_id") var movementID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "description") var summary: String
    init() {}
}

/// A criterion (tiêu chí) of a criteria group with its maximum points.
final class Criterion: Model, @unchecked Sendable {
    static let schema = "criteria"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "movement_id") var movementID: UUID
    @Field(key: "criteria_group") var criteriaGroup: String
    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @Field(key: "description") var summary: String
    @Field(key: "max_points") var maxPoints: Int
    @Field(key: "is_active") var isActive: Bool
    init() {}
}

/// A member of the Emulation–Commendation Council (Hội đồng Thi đua - Khen thưởng xã).
final class CouncilMember: Model, @unchecked Sendable {
    static let schema = "council_members"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "person_id") var personID: UUID
    /// The account that acts for this member (scoring, voting), when there is one.
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "position") var position: String
    @Field(key: "is_active") var isActive: Bool
    init() {}
}

enum CouncilPosition: String, CaseIterable, Sendable {
    case chair, viceChair = "vice_chair", standing, secretary, member
    var label: String { MovementText.position(self) }
}

/// A field (criteria group) or an area (village) a council member is assigned to follow.
final class CouncilAssignment: Model, @unchecked Sendable {
    static let schema = "council_assignments"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "member_id") var memberID: UUID
    /// "field" (value: a criteria group such as "1.1") or "area" (value: a village unit id).
    @Field(key: "kind") var kind: String
    @Field(key: "value") var value: String
    init() {}
}

struct CreateMovement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Movement.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("name", .string, .required).field("plan_number", .string, .required).field("plan_date", .string)
            .field("start_year", .int, .required).field("end_year", .int, .required)
            .field("description", .string, .required).field("version", .int, .required).field("updated_at", .datetime)
            .create()
        try await database.schema(Phase.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("movement_id", .uuid, .required, .references(Movement.schema, .id))
            .field("position", .int, .required).field("name", .string, .required)
            .field("start_year", .int, .required).field("end_year", .int, .required)
            .field("review_kind", .string, .required).field("review_year", .int, .required)
            .create()
        try await database.schema(Deadline.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("movement_id", .uuid, .required, .references(Movement.schema, .id))
            .field("year", .int, .required).field("kind", .string, .required).field("title", .string, .required)
            .field("due_date", .string, .required).field("note", .string, .required)
            .create()
        try await database.schema(ContentArea.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("movement_id", .uuid, .required, .references(Movement.schema, .id))
            .field("position", .int, .required).field("name", .string, .required).field("description", .string, .required)
            .create()
        try await database.schema(Criterion.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("movement_id", .uuid, .required, .references(Movement.schema, .id))
            .field("criteria_group", .string, .required).field("position", .int, .required)
            .field("title", .string, .required).field("description", .string, .required)
            .field("max_points", .int, .required).field("is_active", .bool, .required)
            .create()
        try await database.schema(CouncilMember.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("user_id", .uuid, .references(User.schema, .id))
            .field("position", .string, .required).field("is_active", .bool, .required)
            .create()
        try await database.schema(CouncilAssignment.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("member_id", .uuid, .required, .references(CouncilMember.schema, .id))
            .field("kind", .string, .required).field("value", .string, .required)
            .unique(on: "member_id", "kind", "value")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [CouncilAssignment.schema, CouncilMember.schema, Criterion.schema, ContentArea.schema, Deadline.schema,
                       Phase.schema, Movement.schema] {
            try await database.schema(schema).delete()
        }
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension Movement: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $name, $planNumber, $planDate, $startYear, $endYear, $summary, $version, $updatedAt] }
}

extension Phase: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $movementID, $position, $name, $startYear, $endYear, $reviewKind, $reviewYear] }
}

extension Deadline: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $movementID, $year, $kind, $title, $dueDate, $note] }
}

extension ContentArea: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $movementID, $position, $name, $summary] }
}

extension Criterion: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $movementID, $criteriaGroup, $position, $title, $summary, $maxPoints, $isActive] }
}

extension CouncilMember: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $personID, $userID, $position, $isActive] }
}

extension CouncilAssignment: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $memberID, $kind, $value] }
}
