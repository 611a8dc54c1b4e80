import Fluent
import Foundation
import Vapor

/// A difficulty or recommendation (vướng mắc, kiến nghị) sent to the UBND through the Culture–Social Office.
final class Difficulty: Model, @unchecked Sendable {
    static let schema = "difficulties"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "raised_by") var raisedBy: UUID
    @Field(key: "raised_by_name") var raisedByName: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "content") var content: String
    @OptionalField(key: "content_area_id") var contentAreaID: UUID?
    @Field(key: "status") var status: String
    /// The office it was sent on to.
    @OptionalField(key: "forwarded_to") var forwardedTo: UUID?
    @Field(key: "forward_note") var forwardNote: String
    @Field(key: "answer") var answer: String
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int
    init() {}
    var state: DifficultyStatus { DifficultyStatus(rawValue: status) ?? .received }
}

enum DifficultyStatus: String, CaseIterable, Codable, Sendable {
    case received, forwarded, answered, closed
    var label: String {
        switch self {
        case .received: "Đã tiếp nhận"
        case .forwarded: "Đã chuyển xử lý"
        case .answered: "Đã trả lời"
        case .closed: "Đã đóng"
        }
    }
}

struct CreateDifficulties: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Difficulty.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("raised_by", .uuid, .required, .references(User.schema, .id))
            .field("raised_by_name", .string, .required)
            .field("unit_id", .uuid, .references(Unit.schema, .id))
            .field("title", .string, .required).field("content", .string, .required)
            .field("content_area_id", .uuid, .references(ContentArea.schema, .id))
            .field("status", .string, .required)
            .field("forwarded_to", .uuid, .references(Unit.schema, .id)).field("forward_note", .string, .required)
            .field("answer", .string, .required).field("answered_at", .datetime).field("closed_at", .datetime)
            .field("created_at", .datetime, .required).field("version", .int, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema(Difficulty.schema).delete() }
}

/// A difficulty at the API edge.
struct DifficultyDTO: Content, Sendable {
    let id: UUID
    let title: String
    let content: String
    let contentAreaId: UUID?
    let unitId: UUID?
    let raisedBy: String
    let status: String
    let forwardedTo: UUID?
    let forwardNote: String
    let answer: String
    let createdAt: Date
    let answeredAt: Date?
    let closedAt: Date?
    let attachments: [EvidenceDTO]
}

enum DifficultyText {
    static let notAnOffice = "Chỉ chuyển được tới một cơ quan, trường học đang hoạt động của xã."
    static let title = "Vướng mắc, kiến nghị"
    static let lead = "Khó khăn, vướng mắc trong triển khai phong trào gửi về UBND xã qua Phòng Văn hóa - Xã hội để tổng hợp, xử lý và báo cáo cấp trên (Kế hoạch, phần cuối)."
    static let new = "Nêu vướng mắc, kiến nghị"
    static let fieldTitle = "Tiêu đề"
    static let fieldContent = "Nội dung"
    static let fieldArea = "Nội dung thi đua liên quan"
    static let attachment = "Tệp đính kèm (không bắt buộc)"
    static let raisedBy = "Người gửi"
    static let unit = "Đơn vị"
    static let status = "Trạng thái"
    static let createdAt = "Ngày gửi"
    static let forwardTo = "Chuyển cho cơ quan"
    static let forwardNote = "Ghi chú khi chuyển"
    static let forward = "Chuyển xử lý"
    static let answer = "Trả lời"
    static let answerText = "Nội dung trả lời"
    static let close = "Đóng vướng mắc"
    static let confirmClose = "Đóng vướng mắc này? Người gửi vẫn xem được nội dung và câu trả lời."
    static let created = "Đã gửi vướng mắc, kiến nghị. Phòng Văn hóa - Xã hội sẽ tiếp nhận và trả lời."
    static let forwarded = "Đã chuyển xử lý."
    static let answered = "Đã trả lời."
    static let closed = "Đã đóng."
    static let alreadyClosed = "Vướng mắc đã đóng nên không thay đổi được."
    static let byArea = "Số vướng mắc theo nội dung thi đua"
    static let noArea = "Chưa phân loại"
    static let mine = "Vướng mắc tôi đã gửi"
    static let history = "Quá trình xử lý"
    static func newNotice(_ title: String) -> String { "Vướng mắc mới: \(title)" }
    static func answeredNotice(_ title: String) -> String { "Vướng mắc \(Quoting.quoted(title)) đã được trả lời" }
    static func forwardedNotice(_ title: String) -> String { "Vướng mắc được chuyển đến đơn vị để xử lý: \(title)" }
    static func forwardedToNotice(_ title: String, _ office: String) -> String { "Vướng mắc \(Quoting.quoted(title)) đã được chuyển cho \(office) xử lý" }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension Difficulty: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $raisedBy, $raisedByName, $unitID, $title, $content, $contentAreaID, $status, $forwardedTo, $forwardNote, $answer, $answeredAt, $closedAt, $createdAt, $version] }
}
