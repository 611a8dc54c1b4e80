import Foundation

/// A prerequisite of a title (Luật Thi đua, khen thưởng 2022; Nghị định 152/2025/NĐ-CP), as a code stored in the
/// catalogue. Each rule is evaluated to "met" or "not met" with its reason in Vietnamese.
enum EligibilityRule: String, CaseIterable, Sendable, Codable {
    /// Rated "hoàn thành tốt nhiệm vụ" or better.
    case ratingGood = "rating_good"
    /// Rated "hoàn thành xuất sắc nhiệm vụ" (100% of tasks).
    case ratingExcellent = "rating_excellent"
    /// Registered for the movement, or belongs to a unit that reported this year.
    case activeInMovement = "active"
    /// Holds (or is approved for) "Lao động tiên tiến" the same year.
    case ldttSameYear = "ldtt_same_year"
    /// Author of an initiative recognised the same year (required or not by a setting).
    case recognisedInitiative = "initiative"
    /// The optional cap of CSTĐCS as a share of LĐTT.
    case cstdcsQuota = "cstdcs_quota"
    /// Not disciplined at "khiển trách" or above (individuals).
    case noDiscipline = "no_discipline"
    /// Nobody in the collective disciplined at "cảnh cáo" or above.
    case noWarningInCollective = "no_warning"
    /// More than 50% of the collective's members are LĐTT.
    case membersLdttMajority = "members_ldtt_50"
    /// At least 70% of the collective's members are LĐTT.
    case membersLdtt70 = "members_ldtt_70"
    /// At least one member is CSTĐCS.
    case hasCstdcsMember = "has_cstdcs"
    /// An achievement report (báo cáo thành tích) is attached.
    case achievementReport = "report"

    var label: String { CommendationText.ruleLabel(self) }
}

/// The facts the rules look at, gathered from the data of the year (``CommendationQueries/facts``).
struct EligibilityFacts: Sendable {
    var rating: TaskRating
    var discipline: DisciplineLevel
    var achievements: String
    var activeInMovement: Bool
    var hasLdtt: Bool
    var recognisedInitiatives: [String]
    /// For a collective: active members, and how many are LĐTT / CSTĐCS this year.
    var members: Int = 0
    var membersLdtt: Int = 0
    var membersCstdcs: Int = 0
    /// For the quota: LĐTT of the commune this year, and this nomination's place among the CSTĐCS nominations.
    var communeLdtt: Int = 0
    var cstdcsRank: Int = 1
}

struct RuleResult: Sendable, Equatable {
    let rule: EligibilityRule
    let met: Bool
    let reason: String
}

/// The eligibility engine: a pure function of the title's rules, the settings and the facts.
enum Eligibility {
    struct Settings: Sendable {
        var cstdcsRequiresInitiative: Bool
        var cstdcsQuotaPercent: Double?
    }

    static func evaluate(rules: [EligibilityRule], facts f: EligibilityFacts, settings s: Settings) -> [RuleResult] {
        rules.map { rule in
            let T = CommendationText.self
            switch rule {
            case .ratingGood:
                let ok = f.rating == .excellent || f.rating == .good
                return RuleResult(rule: rule, met: ok, reason: T.ratingReason(f.rating, needed: TaskRating.good))
            case .ratingExcellent:
                return RuleResult(rule: rule, met: f.rating == .excellent, reason: T.ratingReason(f.rating, needed: TaskRating.excellent))
            case .activeInMovement:
                return RuleResult(rule: rule, met: f.activeInMovement, reason: f.activeInMovement ? T.activeYes : T.activeNo)
            case .ldttSameYear:
                return RuleResult(rule: rule, met: f.hasLdtt, reason: f.hasLdtt ? T.ldttYes : T.ldttNo)
            case .recognisedInitiative:
                if !f.recognisedInitiatives.isEmpty {
                    return RuleResult(rule: rule, met: true, reason: T.initiativeYes(f.recognisedInitiatives))
                }
                return RuleResult(rule: rule, met: !s.cstdcsRequiresInitiative,
                                  reason: s.cstdcsRequiresInitiative ? T.initiativeMissing : T.initiativeOptional)
            case .cstdcsQuota:
                guard let percent = s.cstdcsQuotaPercent else { return RuleResult(rule: rule, met: true, reason: T.quotaOff) }
                let allowed = quota(percent: percent, of: f.communeLdtt)
                return RuleResult(rule: rule, met: f.cstdcsRank <= allowed,
                                  reason: T.quotaReason(percent: percent, ldtt: f.communeLdtt, allowed: allowed, rank: f.cstdcsRank))
            case .noDiscipline:
                return RuleResult(rule: rule, met: f.discipline == .none, reason: T.disciplineReason(f.discipline))
            case .noWarningInCollective:
                let ok = f.discipline == .none || f.discipline == .reprimand
                return RuleResult(rule: rule, met: ok, reason: T.collectiveDisciplineReason(f.discipline))
            case .membersLdttMajority:
                // "Trên 50%": strictly more than half.
                let ok = f.members > 0 && f.membersLdtt * 2 > f.members
                return RuleResult(rule: rule, met: ok, reason: T.membersReason(f.membersLdtt, of: f.members, needed: T.moreThanHalf))
            case .membersLdtt70:
                let ok = f.members > 0 && f.membersLdtt * 10 >= f.members * 7
                return RuleResult(rule: rule, met: ok, reason: T.membersReason(f.membersLdtt, of: f.members, needed: "70%"))
            case .hasCstdcsMember:
                return RuleResult(rule: rule, met: f.membersCstdcs >= 1, reason: T.cstdcsMembersReason(f.membersCstdcs))
            case .achievementReport:
                let ok = TextFolding.clean(f.achievements).count >= 20
                return RuleResult(rule: rule, met: ok, reason: ok ? T.reportYes : T.reportNo)
            }
        }
    }

    /// The quota: `percent`% of the LĐTT count, rounded down (a cap is never exceeded), and at least 1 when there
    /// is any LĐTT (the rounding is stated on the settings page).
    static func quota(percent: Double, of ldtt: Int) -> Int {
        guard ldtt > 0, percent > 0 else { return 0 }
        return max(1, Int((Double(ldtt) * percent / 100 + 1e-9).rounded(.down)))
    }
}

/// Counting working days for the public posting: weekends and the commune's holidays are skipped.
enum WorkingDays {
    /// The last day of a posting of `days` working days starting on `start` (counted when it is a working day).
    static func end(start: LocalDate, days: Int, holidays: Set<LocalDate>) -> LocalDate {
        var day = start
        var counted = 0
        while true {
            if isWorkingDay(day, holidays: holidays) {
                counted += 1
                if counted >= max(1, days) { return day }
            }
            day = day.adding(days: 1)
        }
    }

    static func isWorkingDay(_ d: LocalDate, holidays: Set<LocalDate>) -> Bool {
        let weekday = d.weekday
        return weekday != 1 && weekday != 7 && !holidays.contains(d)
    }
}

/// Rewards: a multiple of the base salary, rounded to the setting's step (in đồng).
enum Reward {
    static func amount(multiple: Double, baseSalary: Double, rounding: Int) -> Double {
        let raw = multiple * baseSalary
        let step = Double(max(1, rounding))
        return (raw / step).rounded() * step
    }
}
