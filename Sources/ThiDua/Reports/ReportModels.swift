import Fluent
import Foundation
import SQLKit

/// A unit's annual report (báo cáo kết quả hằng năm), due before the report deadline (15/11 by default).
final class AnnualReport: Model, @unchecked Sendable {
    static let schema = "annual_reports"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "status") var status: String
    /// Kết quả đạt được.
    @Field(key: "results") var results: String
    /// Bài học kinh nghiệm.
    @Field(key: "lessons") var lessons: String
    /// Đề xuất, kiến nghị.
    @Field(key: "proposals") var proposals: String
    /// Sáng kiến đã áp dụng.
    @Field(key: "initiatives_applied") var initiativesApplied: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    /// Submitted after the deadline: accepted, but marked late with its date.
    @Field(key: "is_late") var isLate: Bool
    @Field(key: "return_reason") var returnReason: String
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "revision") var revision: Int
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
    var workflow: WorkflowStatus { WorkflowStatus(rawValue: status) ?? .draft }
}

/// The actual value reached for one registered target.
final class ReportTargetResult: Model, @unchecked Sendable {
    static let schema = "report_target_results"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "report_id") var reportID: UUID
    @Field(key: "target_id") var targetID: UUID
    @OptionalField(key: "actual_value") var actualValue: Double?
    @Field(key: "note") var note: String
    init() {}
}

/// Whether a promised product was delivered.
final class ReportProductResult: Model, @unchecked Sendable {
    static let schema = "report_product_results"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "report_id") var reportID: UUID
    @Field(key: "product_id") var productID: UUID
    @Field(key: "delivered") var delivered: Bool
    @Field(key: "note") var note: String
    init() {}
}

/// Evidence (minh chứng): an uploaded file kept by content hash, or a link.
final class Evidence: Model, @unchecked Sendable {
    static let schema = "evidence"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @OptionalField(key: "report_id") var reportID: UUID?
    @OptionalField(key: "difficulty_id") var difficultyID: UUID?
    /// An attachment of an initiative application (added by ``AddInitiativeAttachments``).
    @OptionalField(key: "initiative_id") var initiativeID: UUID?
    /// "file" or "link".
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @OptionalField(key: "file_hash") var fileHash: String?
    @OptionalField(key: "content_type") var contentType: String?
    @OptionalField(key: "size") var size: Int?
    /// The name the file had on the uploader's computer: shown, never used as a path.
    @OptionalField(key: "original_name") var originalName: String?
    @OptionalField(key: "url") var url: String?
    @Field(key: "uploaded_by") var uploadedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

struct CreateAnnualReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AnnualReport.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required)
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id))
            .field("status", .string, .required)
            .field("results", .string, .required).field("lessons", .string, .required)
            .field("proposals", .string, .required).field("initiatives_applied", .string, .required)
            .field("submitted_at", .datetime).field("is_late", .bool, .required)
            .field("return_reason", .string, .required).field("decided_at", .datetime)
            .field("revision", .int, .required).field("version", .int, .required)
            .field("created_at", .datetime).field("updated_at", .datetime)
            .unique(on: "commune_id", "year", "unit_id")
            .create()
        try await database.schema(ReportTargetResult.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("report_id", .uuid, .required, .references(AnnualReport.schema, .id))
            .field("target_id", .uuid, .required, .references(RegistrationTarget.schema, .id))
            .field("actual_value", .double).field("note", .string, .required)
            .unique(on: "report_id", "target_id")
            .create()
        try await database.schema(ReportProductResult.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("report_id", .uuid, .required, .references(AnnualReport.schema, .id))
            .field("product_id", .uuid, .required, .references(RegistrationProduct.schema, .id))
            .field("delivered", .bool, .required).field("note", .string, .required)
            .unique(on: "report_id", "product_id")
            .create()
        try await database.schema(Evidence.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("report_id", .uuid, .references(AnnualReport.schema, .id))
            .field("difficulty_id", .uuid)
            .field("kind", .string, .required).field("title", .string, .required)
            .field("file_hash", .string).field("content_type", .string).field("size", .int)
            .field("original_name", .string).field("url", .string)
            .field("uploaded_by", .string, .required).field("created_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX evidence_report ON evidence (report_id)").run()
            try await sql.raw("CREATE INDEX annual_reports_commune_year ON annual_reports (commune_id, year)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [Evidence.schema, ReportProductResult.schema, ReportTargetResult.schema, AnnualReport.schema] {
            try await database.schema(schema).delete()
        }
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension AnnualReport: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $unitID, $status, $results, $lessons, $proposals, $initiativesApplied, $submittedAt, $isLate, $returnReason, $decidedAt, $revision, $version, $createdAt, $updatedAt] }
}

extension ReportTargetResult: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $reportID, $targetID, $actualValue, $note] }
}

extension ReportProductResult: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $reportID, $productID, $delivered, $note] }
}

extension Evidence: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $reportID, $difficultyID, $initiativeID, $kind, $title, $fileHash, $contentType, $size, $originalName, $url, $uploadedBy, $createdAt] }
}
