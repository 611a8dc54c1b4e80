import Foundation

/// Vietnamese text of the year's award list in Excel (Danh sách khen thưởng).
enum CommendationListText {
    static func title(_ year: Int) -> String { "Danh sách khen thưởng năm \(year)" }
    static func sheet(_ year: Int) -> String { "Khen thưởng \(year)" }
    /// The printed heading: the title and the decision it lists.
    static func heading(_ year: Int, decision: String?) -> String {
        decision.map { "\(title(year)) (kèm theo Quyết định số \($0))" } ?? title(year)
    }
    static let order = "TT"
    static let awarded = "Người / tập thể được khen thưởng"
    static let nominated = CommendationText.nominee
    static let titleLabel = CommendationText.titleLabel
    static let amount = CommendationText.amount
    static let status = CommendationText.statusLabel
    /// A decided award in force: the screen's word.
    static let decided = NominationStatus.decided.label
    static func revoked(_ reason: String) -> String { reason.isEmpty ? CommendationText.revokedBadge : "\(CommendationText.revokedBadge): \(reason)" }
    static let approved = NominationStatus.approved.label
    static func total(awards: Int, recipients: Int) -> String {
        awards == recipients ? "Tổng cộng (\(awards) khen thưởng)" : "Tổng cộng (\(awards) khen thưởng, \(recipients) người / tập thể)"
    }
    static func totalInForce(awards: Int, recipients: Int) -> String {
        "Tổng cộng khen thưởng còn hiệu lực (\(awards) khen thưởng, \(recipients) người / tập thể)"
    }
    /// Why the list holds no award.
    static func notDecided(_ year: Int, approved: Int, nominations: Int) -> String {
        if approved > 0 {
            return "Năm \(year) chưa có quyết định khen thưởng: danh sách gồm \(approved) đề nghị đã được Hội đồng Thi đua - Khen thưởng thông qua, chờ Chủ tịch UBND xã quyết định."
        }
        if nominations > 0 { return "Năm \(year) chưa có quyết định khen thưởng; chưa có đề nghị nào được Hội đồng Thi đua - Khen thưởng thông qua." }
        return "Năm \(year) chưa có quyết định khen thưởng và chưa có đề nghị khen thưởng nào."
    }
}
