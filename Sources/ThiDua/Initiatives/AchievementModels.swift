import Fluent
import Foundation

/// Another achievement of group 1.4 (Kế hoạch, nhóm 1.4): a patent or useful solution, a science award, or research
/// recognised in writing — with its issuing body, date and a scan, verified by the secretariat.
final class Achievement: Model, @unchecked Sendable {
    static let schema = "achievements"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "holder_name") var holderName: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "issuing_body") var issuingBody: String
    /// yyyy-MM-dd
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "document_number") var documentNumber: String
    @Field(key: "file_hash") var fileHash: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "file_size") var fileSize: Int
    @Field(key: "status") var status: String
    @Field(key: "review_note") var reviewNote: String
    @OptionalField(key: "reviewed_by") var reviewedBy: String?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_by_name") var createdByName: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int
    init() {}
    var kindValue: AchievementKind { AchievementKind(rawValue: kind) ?? .research }
    var state: AchievementStatus { AchievementStatus(rawValue: status) ?? .pending }
}

enum AchievementKind: String, CaseIterable, Codable, Sendable {
    case patent, award, research
    var label: String {
        switch self {
        case .patent: "Bằng độc quyền sáng chế, giải pháp hữu ích"
        case .award: "Giải thưởng khoa học, công nghệ"
        case .research: "Đề tài, công trình nghiên cứu được nghiệm thu, công nhận"
        }
    }
}

enum AchievementStatus: String, CaseIterable, Codable, Sendable {
    case pending, verified, rejected
    var label: String {
        switch self {
        case .pending: "Chờ xác minh"
        case .verified: "Đã xác minh"
        case .rejected: "Không xác minh được"
        }
    }
}

struct CreateAchievements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Achievement.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("kind", .string, .required).field("title", .string, .required).field("holder_name", .string, .required)
            .field("unit_id", .uuid, .references(Unit.schema, .id))
            .field("issuing_body", .string, .required).field("issued_on", .string, .required).field("document_number", .string, .required)
            .field("file_hash", .string, .required).field("content_type", .string, .required).field("file_size", .int, .required)
            .field("status", .string, .required).field("review_note", .string, .required)
            .field("reviewed_by", .string).field("reviewed_at", .datetime)
            .field("created_by", .uuid, .required, .references(User.schema, .id)).field("created_by_name", .string, .required)
            .field("created_at", .datetime, .required).field("version", .int, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Achievement.schema).delete() }
}

enum AchievementText {
    static let title = "Thành tích khoa học, công nghệ (nhóm 1.4)"
    static let lead = "Cá nhân có bằng sáng chế, giải pháp hữu ích, giải thưởng khoa học hoặc công trình nghiên cứu được công nhận bằng văn bản (Kế hoạch, nhóm tiêu chí 1.4) khai báo kèm bản chụp văn bản; Phòng Văn hóa - Xã hội xác minh."
    static let new = "Khai báo thành tích"
    static let kind = "Loại thành tích"
    static let name = "Tên sáng chế, giải thưởng, công trình"
    static let holder = "Cá nhân, tập thể đạt được"
    static let unit = "Đơn vị"
    static let issuingBody = "Cơ quan cấp, công nhận"
    static let issuedOn = "Ngày cấp, công nhận"
    static let documentNumber = "Số văn bằng, quyết định"
    static let scan = "Bản chụp văn bằng, quyết định (PDF hoặc ảnh)"
    static let scanMissing = "Chưa chọn tệp. Cần bản chụp văn bằng hoặc quyết định làm minh chứng."
    static let status = "Trạng thái"
    static let verify = "Xác minh"
    static let verifyLead = "Đối chiếu bản chụp với văn bằng, quyết định gốc."
    static let outcome = "Kết quả xác minh"
    static let note = "Ghi chú"
    static let created = "Đã khai báo thành tích. Phòng Văn hóa - Xã hội sẽ xác minh."
    static let reviewed = "Đã ghi nhận kết quả xác minh."
    static let alreadyReviewed = "Thành tích đã được xác minh."
    static func newNotice(_ title: String) -> String { "Thành tích mới cần xác minh: \(title)" }
    static func reviewedNotice(_ title: String, verified: Bool) -> String {
        verified ? "Thành tích \(Quoting.quoted(title)) đã được xác minh" : "Thành tích \(Quoting.quoted(title)) không được xác minh — xem lý do"
    }
    static let download = "Xem bản chụp"
    static let reviewedBy = "Người xác minh"
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension Achievement: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $kind, $title, $holderName, $unitID, $issuingBody, $issuedOn, $documentNumber, $fileHash, $contentType, $fileSize, $status, $reviewNote, $reviewedBy, $reviewedAt, $createdBy, $createdByName, $createdAt, $version] }
}
