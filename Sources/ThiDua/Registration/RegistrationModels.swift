import Fluent
import Foundation
import SQLKit

/// The states shared by registrations and annual reports: draft → submitted → (returned → submitted)* → accepted.
enum WorkflowStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, returned, accepted
    var label: String {
        switch self {
        case .draft: "Nháp"
        case .submitted: "Đã nộp"
        case .returned: "Trả lại để sửa"
        case .accepted: "Đã chấp nhận"
        }
    }
    /// The owner may still change it.
    var isEditable: Bool { self == .draft || self == .returned }
}

/// Whose registration: a unit's, or one person's pledge.
enum PledgeOwner: Sendable, Hashable {
    case unit(UUID)
    case person(UUID)

    var kind: OwnerKind {
        switch self { case .unit: .unit; case .person: .person }
    }
    var id: UUID {
        switch self { case .unit(let id), .person(let id): id }
    }
}

enum OwnerKind: String, Sendable, CaseIterable {
    case unit = "units"
    case person = "people"
}

/// A yearly registration (đăng ký thi đua) of a unit or a person: focus, targets, products, planned initiatives.
final class Registration: Model, @unchecked Sendable {
    static let schema = "registrations"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "person_id") var personID: UUID?
    /// Nội dung trọng tâm.
    @Field(key: "focus") var focus: String
    /// Sáng kiến dự kiến.
    @Field(key: "planned_initiatives") var plannedInitiatives: String
    @Field(key: "status") var status: String
    @Field(key: "return_reason") var returnReason: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// How many times it was submitted; each submission is kept as a ``RegistrationRevision``.
    @Field(key: "revision") var revision: Int
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var owner: PledgeOwner? {
        if let unitID { return .unit(unitID) }
        if let personID { return .person(personID) }
        return nil
    }
    var workflow: WorkflowStatus { WorkflowStatus(rawValue: status) ?? .draft }
}

/// A target (chỉ tiêu) of a registration.
final class RegistrationTarget: Model, @unchecked Sendable {
    static let schema = "registration_targets"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "registration_id") var registrationID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    /// Đơn vị tính, e.g. "%", "hồ sơ", "người".
    @Field(key: "unit_of_measure") var unitOfMeasure: String
    @OptionalField(key: "baseline") var baseline: Double?
    @Field(key: "target_value") var targetValue: Double
    @OptionalField(key: "content_area_id") var contentAreaID: UUID?
    @OptionalField(key: "due_date") var dueDate: String?
    init() {}
}

/// A concrete product (sản phẩm cụ thể) a registration promises.
final class RegistrationProduct: Model, @unchecked Sendable {
    static let schema = "registration_products"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "registration_id") var registrationID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "description") var summary: String
    @OptionalField(key: "expected_date") var expectedDate: String?
    init() {}
}

/// A submitted version of a registration, kept whole so that versions can be compared.
final class RegistrationRevision: Model, @unchecked Sendable {
    static let schema = "registration_revisions"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "registration_id") var registrationID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "submitted_by") var submittedBy: String
    @Field(key: "snapshot_json") var snapshotJSON: String
    init() {}
}

struct CreateRegistrations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Registration.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required)
            .field("unit_id", .uuid, .references(Unit.schema, .id))
            .field("person_id", .uuid, .references(Person.schema, .id))
            .field("focus", .string, .required).field("planned_initiatives", .string, .required)
            .field("status", .string, .required).field("return_reason", .string, .required)
            .field("submitted_at", .datetime).field("decided_at", .datetime)
            .field("revision", .int, .required).field("version", .int, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()
        try await database.schema(RegistrationTarget.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("registration_id", .uuid, .required, .references(Registration.schema, .id))
            .field("position", .int, .required).field("name", .string, .required).field("unit_of_measure", .string, .required)
            .field("baseline", .double).field("target_value", .double, .required)
            .field("content_area_id", .uuid, .references(ContentArea.schema, .id)).field("due_date", .string)
            .create()
        try await database.schema(RegistrationProduct.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("registration_id", .uuid, .required, .references(Registration.schema, .id))
            .field("position", .int, .required).field("name", .string, .required).field("description", .string, .required)
            .field("expected_date", .string)
            .create()
        try await database.schema(RegistrationRevision.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("registration_id", .uuid, .required, .references(Registration.schema, .id))
            .field("number", .int, .required).field("submitted_at", .datetime, .required)
            .field("submitted_by", .string, .required).field("snapshot_json", .string, .required)
            .unique(on: "registration_id", "number")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE UNIQUE INDEX registrations_unit_year ON registrations (commune_id, year, unit_id) WHERE unit_id IS NOT NULL").run()
            try await sql.raw("CREATE UNIQUE INDEX registrations_person_year ON registrations (commune_id, year, person_id) WHERE person_id IS NOT NULL").run()
            try await sql.raw("CREATE INDEX registration_targets_registration ON registration_targets (registration_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [RegistrationRevision.schema, RegistrationProduct.schema, RegistrationTarget.schema, Registration.schema] {
            try await database.schema(schema).delete()
        }
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension Registration: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $unitID, $personID, $focus, $plannedInitiatives, $status, $returnReason, $submittedAt, $decidedAt, $revision, $version, $createdAt, $updatedAt] }
}

extension RegistrationTarget: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $registrationID, $position, $name, $unitOfMeasure, $baseline, $targetValue, $contentAreaID, $dueDate] }
}

extension RegistrationProduct: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $registrationID, $position, $name, $summary, $expectedDate] }
}

extension RegistrationRevision: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $registrationID, $number, $submittedAt, $submittedBy, $snapshotJSON] }
}
