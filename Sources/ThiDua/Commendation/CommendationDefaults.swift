import Fluent
import Foundation

/// The defaults of domain §5, written for a commune the first time its catalogue or settings are read.
enum CommendationDefaults {
    static let law = "Luật Thi đua, khen thưởng 2022 (06/2022/QH15)"
    static let decree152 = "Nghị định 152/2025/NĐ-CP"

    /// (code, name, recipient, awarded by, rules, reward × base salary, legal source)
    static let titles: [(String, String, RecipientKind, String, [EligibilityRule], Double, String)] = [
        ("ldtt", "Lao động tiên tiến", .individual, "commune", [.ratingGood, .activeInMovement, .noDiscipline, .achievementReport], 0.3,
         "\(law), Điều 26; \(decree152) (mức thưởng 0,3 lần lương cơ sở)"),
        ("cstdcs", "Chiến sĩ thi đua cơ sở", .individual, "commune", [.ldttSameYear, .recognisedInitiative, .cstdcsQuota, .noDiscipline, .achievementReport], 1.0,
         "\(law), Điều 23; \(decree152) (mức thưởng 1,0 lần lương cơ sở)"),
        ("ttldtt", "Tập thể lao động tiên tiến", .collective, "commune", [.ratingGood, .membersLdttMajority, .noWarningInCollective, .achievementReport], 0.8,
         "\(law), Điều 28; \(decree152) (0,8 lần lương cơ sở) — điều kiện theo quy định cũ, cần đối chiếu quy định của tỉnh"),
        ("gk-cn", "Giấy khen của Chủ tịch UBND xã (cá nhân)", .individual, "commune", [.ratingGood, .noDiscipline, .achievementReport], 0.3,
         "\(law), Điều 74; Nghị định 129/2025/NĐ-CP; \(decree152) (0,3 lần lương cơ sở)"),
        ("gk-hgd", "Giấy khen của Chủ tịch UBND xã (hộ gia đình)", .household, "commune", [.activeInMovement, .achievementReport], 0.45,
         "\(law), Điều 74; \(decree152) (gấp 1,5 lần mức của cá nhân)"),
        ("gk-tt", "Giấy khen của Chủ tịch UBND xã (tập thể)", .collective, "commune", [.ratingGood, .noWarningInCollective, .achievementReport], 0.6,
         "\(law), Điều 74; \(decree152) (0,6 lần lương cơ sở, theo quy định cũ)"),
        ("thon-vh", "Thôn, tổ dân phố văn hóa", .collective, "commune", [.activeInMovement, .achievementReport], 1.5,
         "\(law), Điều 29; \(decree152) (1,5 lần lương cơ sở)"),
        ("ttldxs", "Tập thể lao động xuất sắc (đề nghị cấp trên)", .collective, "upward", [.ratingExcellent, .membersLdtt70, .hasCstdcsMember, .noWarningInCollective, .achievementReport], 1.5,
         "\(law), Điều 27; \(decree152) (1,5 lần lương cơ sở)"),
    ]

    static func seedTitles(communeID: UUID, on db: any Database) async throws {
        for (i, t) in titles.enumerated() {
            let row = AwardTitle()
            row.communeID = communeID; row.code = t.0; row.position = i + 1; row.name = t.1; row.recipient = t.2.rawValue
            row.awardedBy = t.3; row.rules = t.4.map(\.rawValue).joined(separator: ","); row.rewardMultiple = t.5
            row.approvalRatio = 0.5
            row.legalSource = t.6; row.isActive = true; row.version = 1
            try await row.create(on: db)
        }
    }

    static func settings(communeID: UUID) -> CommendationSettings {
        let s = CommendationSettings()
        s.communeID = communeID
        s.baseSalary = 2_340_000
        s.baseSalarySource = "Nghị định 73/2024/NĐ-CP (lương cơ sở 2.340.000 đồng từ 01/7/2024)"
        s.rewardRounding = 1000
        s.quorumRatio = 2.0 / 3.0
        s.ballotSource = "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng (do tỉnh, xã quy định): mặc định ít nhất 2/3 thành viên có mặt; ngưỡng thông qua của từng danh hiệu trong danh mục, mặc định trên 50% tổng số thành viên đồng ý"
        s.postingDays = 5
        s.postingSource = "\(law), Điều 5 (công khai, minh bạch); số ngày công khai do tỉnh quy định, mặc định 5 ngày làm việc"
        s.holidays = ["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-27", "2026-04-30",
                      "2026-05-01", "2026-09-01", "2026-09-02", "2027-01-01"].joined(separator: ",")
        s.cstdcsRequiresInitiative = true
        s.cstdcsQuotaPercent = nil
        s.version = 1
        return s
    }
}
