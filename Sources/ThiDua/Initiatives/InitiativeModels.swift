import Fluent
import Foundation
import SQLKit

/// An initiative (sáng kiến) applied for recognition, following the Điều lệ sáng kiến (Nghị định 13/2012/NĐ-CP).
final class Initiative: Model, @unchecked Sendable {
    static let schema = "initiatives"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "title") var title: String
    /// The unit that invested in it / owns it.
    @OptionalField(key: "owner_unit_id") var ownerUnitID: UUID?
    @OptionalField(key: "content_area_id") var contentAreaID: UUID?
    /// yyyy-MM-dd: the day it was first applied or trialled.
    @OptionalField(key: "first_applied") var firstApplied: String?
    /// Tóm tắt / mô tả giải pháp.
    @Field(key: "description") var summary: String
    @Field(key: "conditions") var conditions: String
    @Field(key: "benefits") var benefits: String
    @Field(key: "testers") var testers: String
    /// Parts to keep confidential: never shown on the showcase, the public pages or to roles without a need.
    @Field(key: "confidential") var confidential: String
    @Field(key: "status") var status: String
    @Field(key: "return_reason") var returnReason: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_by_name") var createdByName: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Field(key: "council_outcome") var councilOutcome: String
    @OptionalField(key: "council_date") var councilDate: String?
    @Field(key: "council_minutes") var councilMinutes: String
    /// The recognition decision's number, "41/QĐ-UBND": from the register since issue 14, typed before.
    @Field(key: "decision_number") var decisionNumber: String
    @OptionalField(key: "decision_date") var decisionDate: String?
    /// The certificate's own number in its register (``InitiativeCertificate/symbol``) of the decision's year.
    @OptionalField(key: "certificate_number") var certificateNumber: Int?
    @Field(key: "scope") var scope: String
    /// Folded (no diacritics, lower case) title and summary, for search and near-duplicate detection.
    @Field(key: "search_text") var searchText: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
    var state: InitiativeStatus { InitiativeStatus(rawValue: status) ?? .draft }
    var scopeValue: InitiativeScope? { InitiativeScope(rawValue: scope) }
    func refreshSearchText() { searchText = TextFolding.fold(title + " " + summary) }
}

enum InitiativeStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, underReview = "under_review", returned, recognised, notRecognised = "not_recognised", withdrawn
    var label: String {
        switch self {
        case .draft: "Nháp"
        case .submitted: "Đã nộp"
        case .underReview: "Đang xét"
        case .returned: "Trả lại để bổ sung"
        case .recognised: "Được công nhận"
        case .notRecognised: "Không công nhận"
        case .withdrawn: "Đã rút"
        }
    }
    /// The author may still change it.
    var isEditable: Bool { self == .draft || self == .returned }
    /// No decision yet: the author may withdraw.
    var isOpen: Bool { [.draft, .submitted, .underReview, .returned].contains(self) }
}

/// Phạm vi ảnh hưởng.
enum InitiativeScope: String, CaseIterable, Codable, Sendable {
    case commune, province, national
    var label: String {
        switch self {
        case .commune: "Cấp cơ sở (xã)"
        case .province: "Cấp tỉnh"
        case .national: "Toàn quốc"
        }
    }
}

/// An author or co-author with their share of the contribution.
final class InitiativeAuthor: Model, @unchecked Sendable {
    static let schema = "initiative_authors"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "position") var position: Int
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "full_name") var fullName: String
    @OptionalField(key: "birth_date") var birthDate: String?
    @Field(key: "workplace") var workplace: String
    @Field(key: "job_title") var jobTitle: String
    @Field(key: "qualification") var qualification: String
    @Field(key: "share") var share: Double
    init() {}
}

/// A criterion of the review rubric (configurable per commune; default: novelty, applicability, benefit).
final class InitiativeCriterion: Model, @unchecked Sendable {
    static let schema = "initiative_criteria"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "max_points") var maxPoints: Double
    init() {}
}

/// A reviewer assigned to an initiative, with their scores (JSON: criterion id → points) and comment.
final class InitiativeReview: Model, @unchecked Sendable {
    static let schema = "initiative_reviews"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "reviewer_id") var reviewerID: UUID
    @Field(key: "reviewer_name") var reviewerName: String
    @Field(key: "scores_json") var scoresJSON: String
    @OptionalField(key: "total") var total: Double?
    @Field(key: "comment") var comment: String
    @OptionalField(key: "scored_at") var scoredAt: Date?
    @Field(key: "assigned_at") var assignedAt: Date
    init() {}
}

/// A unit that applied a recognised initiative ("nhân rộng").
final class InitiativeAdoption: Model, @unchecked Sendable {
    static let schema = "initiative_adoptions"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "initiative_id") var initiativeID: UUID
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "note") var note: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// The pass threshold of the rubric (average total, out of the sum of the maxima), per commune.
final class InitiativeSettings: Model, @unchecked Sendable {
    static let schema = "initiative_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "pass_threshold") var passThreshold: Double
    @Field(key: "legal_source") var legalSource: String
    init() {}
}

struct CreateInitiatives: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Initiative.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required).field("title", .string, .required)
            .field("owner_unit_id", .uuid, .references(Unit.schema, .id))
            .field("content_area_id", .uuid, .references(ContentArea.schema, .id))
            .field("first_applied", .string).field("description", .string, .required)
            .field("conditions", .string, .required).field("benefits", .string, .required)
            .field("testers", .string, .required).field("confidential", .string, .required)
            .field("status", .string, .required).field("return_reason", .string, .required)
            .field("created_by", .uuid, .required, .references(User.schema, .id)).field("created_by_name", .string, .required)
            .field("submitted_at", .datetime)
            .field("council_outcome", .string, .required).field("council_date", .string).field("council_minutes", .string, .required)
            .field("decision_number", .string, .required).field("decision_date", .string).field("scope", .string, .required)
            .field("search_text", .string, .required).field("version", .int, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .create()
        try await database.schema(InitiativeAuthor.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("initiative_id", .uuid, .required, .references(Initiative.schema, .id))
            .field("position", .int, .required).field("person_id", .uuid, .references(Person.schema, .id))
            .field("full_name", .string, .required).field("birth_date", .string).field("workplace", .string, .required)
            .field("job_title", .string, .required).field("qualification", .string, .required).field("share", .double, .required)
            .create()
        try await database.schema(InitiativeCriterion.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("position", .int, .required).field("name", .string, .required).field("max_points", .double, .required)
            .create()
        try await database.schema(InitiativeReview.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("initiative_id", .uuid, .required, .references(Initiative.schema, .id))
            .field("reviewer_id", .uuid, .required, .references(User.schema, .id)).field("reviewer_name", .string, .required)
            .field("scores_json", .string, .required).field("total", .double).field("comment", .string, .required)
            .field("scored_at", .datetime).field("assigned_at", .datetime, .required)
            .unique(on: "initiative_id", "reviewer_id")
            .create()
        try await database.schema(InitiativeAdoption.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("initiative_id", .uuid, .required, .references(Initiative.schema, .id))
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id))
            .field("note", .string, .required).field("recorded_by", .string, .required).field("created_at", .datetime, .required)
            .unique(on: "initiative_id", "unit_id")
            .create()
        try await database.schema(InitiativeSettings.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("pass_threshold", .double, .required).field("legal_source", .string, .required)
            .unique(on: "commune_id")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX initiatives_commune_status ON initiatives (commune_id, status)").run()
            try await sql.raw("CREATE INDEX initiative_authors_initiative ON initiative_authors (initiative_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [InitiativeSettings.schema, InitiativeAdoption.schema, InitiativeReview.schema, InitiativeCriterion.schema,
                       InitiativeAuthor.schema, Initiative.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// Attachments of initiative applications: evidence rows that point at an initiative.
struct AddInitiativeAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Evidence.schema).field("initiative_id", .uuid).update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX evidence_initiative ON evidence (initiative_id)").run()
        }
    }
    func revert(on database: any Database) async throws { try await database.schema(Evidence.schema).deleteField("initiative_id").update() }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension Initiative: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $title, $ownerUnitID, $contentAreaID, $firstApplied, $summary, $conditions, $benefits, $testers, $confidential, $status, $returnReason, $createdBy, $createdByName, $submittedAt, $councilOutcome, $councilDate, $councilMinutes, $decisionNumber, $decisionDate, $certificateNumber, $scope, $searchText, $version, $createdAt, $updatedAt] }
}

extension InitiativeAuthor: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $initiativeID, $position, $personID, $fullName, $birthDate, $workplace, $jobTitle, $qualification, $share] }
}

extension InitiativeCriterion: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $position, $name, $maxPoints] }
}

extension InitiativeReview: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $initiativeID, $reviewerID, $reviewerName, $scoresJSON, $total, $comment, $scoredAt, $assignedAt] }
}

extension InitiativeAdoption: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $initiativeID, $unitID, $note, $recordedBy, $createdAt] }
}

extension InitiativeSettings: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $passThreshold, $legalSource] }
}
