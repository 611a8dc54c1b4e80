import Fluent
import Foundation
import SQLKit

/// The legal bases every commune starts with (issue 14, item 2). Only dates the sources give: the Luật Thi đua, khen
/// thưởng (số 06/2022/QH15) of 15/6/2022, the Luật Tổ chức chính quyền địa phương of 16/6/2025, and the Nghị định
/// 152/2025/NĐ-CP of 14/6/2025 (the date later official texts cite it with, e.g. Thông tư 15/2025/TT-BNV). The date of
/// Nghị định 129/2025/NĐ-CP is not in the sources: it is seeded without one and switched off, so nothing prints it
/// undated; the administrator enters the date and switches it on.
enum LegalBasisDefaults {
    struct Default: Sendable {
        let name: String
        let issuedOn: LocalDate?
        let about: String
        let note: String
        let documents: [LegalBasisDocument]
        let isActive: Bool
    }

    /// In the order the Quyết định cites them (authority first, then the law and its decrees).
    static let all: [Default] = [
        Default(name: "Luật Tổ chức chính quyền địa phương", issuedOn: LocalDate(year: 2025, month: 6, day: 16), about: "",
                note: "Luật Tổ chức chính quyền địa phương ngày 16/6/2025: thẩm quyền ban hành Quyết định của Chủ tịch Ủy ban nhân dân xã.",
                documents: [.commendationDecision], isActive: true),
        Default(name: "Luật Thi đua, khen thưởng", issuedOn: LocalDate(year: 2022, month: 6, day: 15), about: "",
                note: "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022 (có hiệu lực từ 01/01/2024).",
                documents: [.commendationSubmission, .commendationDecision, .inspectionPlan], isActive: true),
        Default(name: "Nghị định số 129/2025/NĐ-CP", issuedOn: nil,
                about: "của Chính phủ quy định việc phân định thẩm quyền của chính quyền địa phương 02 cấp",
                note: "Chưa có ngày ban hành trong nguồn của hệ thống: đối chiếu bản gốc, nhập ngày ban hành rồi bật trích dẫn.",
                documents: [.commendationDecision], isActive: false),
        Default(name: "Nghị định số 152/2025/NĐ-CP", issuedOn: LocalDate(year: 2025, month: 6, day: 14),
                about: "của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng",
                note: "Ngày ban hành 14/6/2025, như các văn bản ban hành sau trích dẫn (ví dụ Thông tư số 15/2025/TT-BNV).",
                documents: [.commendationSubmission, .commendationDecision, .inspectionPlan], isActive: true),
    ]

    /// Writes the defaults for `communeID`; a basis of the same name already there is left as it is (data entered by
    /// people is never replaced), so two first reads at once, or a rerun, add nothing twice.
    static func seed(communeID: UUID, at now: Date, on db: any Database) async throws {
        let sql = db.sql
        for (i, d) in all.enumerated() {
            try await sql.insert(into: "legal_bases")
                .columns("id", "commune_id", "name", "issued_on", "about", "note", "documents", "position", "is_active", "version",
                         "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(communeID), SQLBind(d.name), SQLBind(d.issuedOn?.iso), SQLBind(d.about), SQLBind(d.note),
                        SQLBind(LegalBasisRecord.stored(d.documents)), SQLBind(i + 1), SQLBind(d.isActive), SQLBind(1),
                        SQLBind(now), SQLBind(now))
                .ignoringConflicts(with: ["commune_id", "name"])
                .run()
        }
    }
}
