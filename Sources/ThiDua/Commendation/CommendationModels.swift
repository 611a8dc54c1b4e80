import Fluent
import Foundation

/// An emulation title or a commendation form of the catalogue (danh hiệu thi đua, hình thức khen thưởng), as data:
/// who receives it, who awards it, its prerequisites (rule codes of ``EligibilityRule``), optional quota, reward
/// and legal source. Seeded with the defaults of Luật Thi đua, khen thưởng 2022 and Nghị định 152/2025/NĐ-CP.
final class AwardTitle: Model, @unchecked Sendable {
    static let schema = "award_titles"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "code") var code: String
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    /// individual | collective | household
    @Field(key: "recipient") var recipient: String
    /// commune (Chủ tịch UBND xã awards it) | upward (the commune only proposes it)
    @Field(key: "awarded_by") var awardedBy: String
    /// Comma-separated rule codes (``EligibilityRule``).
    @Field(key: "rules") var rules: String
    /// Reward as a multiple of the base salary (lương cơ sở).
    @Field(key: "reward_multiple") var rewardMultiple: Double
    /// The council passes a nomination for this title with strictly more than this share of all members approving.
    @Field(key: "approval_ratio") var approvalRatio: Double
    @Field(key: "legal_source") var legalSource: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "version") var version: Int
    init() {}
    var recipientKind: RecipientKind { RecipientKind(rawValue: recipient) ?? .individual }
    var ruleList: [EligibilityRule] { rules.split(separator: ",").compactMap { EligibilityRule(rawValue: String($0)) } }
    var isCommuneAward: Bool { awardedBy == "commune" }
}

enum RecipientKind: String, CaseIterable, Sendable, Codable {
    case individual, collective, household
    var label: String { CommendationText.recipient(self) }
}

/// The commune's commendation settings: figures the province or the law sets, each with its source.
final class CommendationSettings: Model, @unchecked Sendable {
    static let schema = "commendation_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "base_salary") var baseSalary: Double
    @Field(key: "base_salary_source") var baseSalarySource: String
    /// Rewards are rounded to this many đồng (e.g. 1000).
    @Field(key: "reward_rounding") var rewardRounding: Int
    /// Share of all council members who must be present (default 2/3).
    @Field(key: "quorum_ratio") var quorumRatio: Double
    @Field(key: "ballot_source") var ballotSource: String
    @Field(key: "posting_days") var postingDays: Int
    @Field(key: "posting_source") var postingSource: String
    /// Public holidays (yyyy-MM-dd, comma-separated) skipped when counting working days.
    @Field(key: "holidays") var holidays: String
    @Field(key: "cstdcs_requires_initiative") var cstdcsRequiresInitiative: Bool
    /// Optional cap of CSTĐCS as a percentage of LĐTT (nil: no cap, the default).
    @OptionalField(key: "cstdcs_quota_percent") var cstdcsQuotaPercent: Double?
    @Field(key: "version") var version: Int
    init() {}
    var holidayDates: Set<LocalDate> { Set(holidays.split(separator: ",").compactMap { LocalDate(iso: String($0).trimmingCharacters(in: .whitespaces)) }) }
}

/// A proposal to award a title to a person or a unit for a year.
final class Nomination: Model, @unchecked Sendable {
    static let schema = "nominations"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "title_id") var titleID: UUID
    @OptionalField(key: "person_id") var personID: UUID?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "nominee_name") var nomineeName: String
    /// The unit that proposed it (nil: the secretariat).
    @OptionalField(key: "proposed_by_unit_id") var proposedByUnitID: UUID?
    /// Mức hoàn thành nhiệm vụ: htxs | htt | ht | kht
    @Field(key: "rating") var rating: String
    /// Disciplined at "khiển trách" (reprimand) or above this year.
    @Field(key: "discipline") var discipline: String
    /// Báo cáo thành tích.
    @Field(key: "achievements") var achievements: String
    /// proposed | approved | rejected | decided | revoked | withdrawn
    @Field(key: "status") var status: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_by_name") var createdByName: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    var state: NominationStatus { NominationStatus(rawValue: status) ?? .proposed }
}

enum NominationStatus: String, CaseIterable, Sendable, Codable {
    case proposed, approved, rejected, decided, revoked, withdrawn
    var label: String { CommendationText.status(self) }
}

enum TaskRating: String, CaseIterable, Sendable {
    case excellent = "htxs", good = "htt", done = "ht", notDone = "kht"
    var label: String { CommendationText.rating(self) }
}

enum DisciplineLevel: String, CaseIterable, Sendable {
    case none, reprimand, warning, higher
    var label: String { CommendationText.discipline(self) }
}

/// A council meeting (phiên họp Hội đồng Thi đua - Khen thưởng) of a year.
final class CouncilMeeting: Model, @unchecked Sendable {
    static let schema = "council_meetings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    /// yyyy-MM-dd
    @Field(key: "held_on") var heldOn: String
    @Field(key: "place") var place: String
    /// Active members when the meeting opened (the base of quorum and threshold).
    @Field(key: "members_total") var membersTotal: Int
    /// open | closed | cancelled
    @Field(key: "status") var status: String
    @Field(key: "notes") var notes: String
    /// Why the secretariat cancelled it (a meeting opened without quorum can never close; cancelling frees the year).
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @Field(key: "version") var version: Int
    // The minutes (biên bản): times, who chaired it and who took the minutes, and the minutes' registered number.
    /// HH:mm, when the meeting started and ended.
    @OptionalField(key: "starts_at") var startsAt: String?
    @OptionalField(key: "ends_at") var endsAt: String?
    /// The council member who chaired the meeting (chủ trì) and the one who took the minutes (thư ký).
    @OptionalField(key: "chair_member_id") var chairMemberID: UUID?
    @OptionalField(key: "secretary_member_id") var secretaryMemberID: UUID?
    /// The minutes' number in the per-year register (``CouncilMeeting/minutesSymbol``), taken once at the close.
    @OptionalField(key: "minutes_number") var minutesNumber: Int?
    @OptionalField(key: "minutes_year") var minutesYear: Int?
    init() {}

    /// The symbol of the council's minutes in the register of documents.
    static let minutesSymbol = "BB-HĐTĐKT"
    var state: MeetingStatus { MeetingStatus(rawValue: status) ?? .open }
    var minutesNumberText: String? { minutesNumber.map { "\($0)/\(Self.minutesSymbol)" } }
}

enum MeetingStatus: String, Sendable, Codable {
    case open, closed, cancelled
}

/// Who attended a meeting.
final class MeetingAttendance: Model, @unchecked Sendable {
    static let schema = "meeting_attendance"
    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "member_id") var memberID: UUID
    init() {}
}

/// The secret ballot's result for one nomination: counts only, one row updated in place, no time. No row anywhere
/// says how a member voted. While the meeting is open the counts exist only in `sealed` (``BallotSeal``: encrypted with
/// a key derived from the installation secret in the data directory, never in the database) and `approve`/`reject`
/// stay 0; closing the meeting opens the seal and writes the totals.
final class BallotTally: Model, @unchecked Sendable {
    static let schema = "ballot_tallies"
    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "nomination_id") var nominationID: UUID
    @Field(key: "approve") var approve: Int
    @Field(key: "reject") var reject: Int
    /// True when the secretary entered the count of paper ballots.
    @Field(key: "paper") var paper: Bool
    /// The counts while the meeting is open, sealed (fixed length, whatever the counts); nil once closed.
    @OptionalField(key: "sealed") var sealed: String?
    init() {}
}

/// That a member has voted on a nomination (never how): one per member and nomination, no time kept.
final class BallotReceipt: Model, @unchecked Sendable {
    static let schema = "ballot_receipts"
    @ID(key: .id) var id: UUID?
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "nomination_id") var nominationID: UUID
    @Field(key: "member_id") var memberID: UUID
    init() {}
}

/// The public posting of the proposed list (công khai), for a number of working days.
final class Posting: Model, @unchecked Sendable {
    static let schema = "postings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    /// open | submitted
    @Field(key: "status") var status: String
    init() {}
}

/// An objection to the posted list, from anyone; the secretariat must answer each one.
final class Objection: Model, @unchecked Sendable {
    static let schema = "objections"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "posting_id") var postingID: UUID
    @OptionalField(key: "nomination_id") var nominationID: UUID?
    @Field(key: "sender_name") var senderName: String
    @Field(key: "contact") var contact: String
    @Field(key: "content") var content: String
    @Field(key: "answer") var answer: String
    @OptionalField(key: "answered_by") var answeredBy: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Salted hash of the sender's address (``PublicFormGuard``), never the address itself.
    @OptionalField(key: "sender_hash") var senderHash: String?
    /// Dismissed as spam by the secretariat, with the reason: it no longer blocks the Tờ trình and is never published.
    @OptionalField(key: "dismiss_reason") var dismissReason: String?
    @OptionalField(key: "dismissed_by") var dismissedBy: String?
    @OptionalField(key: "dismissed_at") var dismissedAt: Date?
    init() {}
    var isDismissed: Bool { dismissedAt != nil }
    /// Still waiting for the secretariat: neither answered nor dismissed.
    var isOpen: Bool { answeredAt == nil && dismissedAt == nil }
}

/// The per-year register of document numbers by symbol (e.g. "QĐ-UBND"): numbers never repeat and never skip.
final class DocumentNumber: Model, @unchecked Sendable {
    static let schema = "document_numbers"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "symbol") var symbol: String
    @Field(key: "last_number") var lastNumber: Int
    init() {}
}

/// A Tờ trình (submission to the chairperson) or a Quyết định (decision), with its registered number.
final class CommendationDecision: Model, @unchecked Sendable {
    static let schema = "commendation_decisions"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    /// submission (Tờ trình) | decision (Quyết định)
    @Field(key: "kind") var kind: String
    @Field(key: "number") var number: Int
    @Field(key: "symbol") var symbol: String
    /// yyyy-MM-dd
    @Field(key: "issued_on") var issuedOn: String
    /// issued (Tờ trình sent / Quyết định awaiting signature) | signed | revoked
    @Field(key: "status") var status: String
    @OptionalField(key: "signed_by") var signedBy: String?
    @Field(key: "signer_title") var signerTitle: String
    @Field(key: "revoke_reason") var revokeReason: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    var numberText: String { "\(number)/\(symbol)" }
}

/// One award of a signed decision: the register of awards and each person's and unit's history.
final class Award: Model, @unchecked Sendable {
    static let schema = "awards"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "decision_id") var decisionID: UUID
    @Field(key: "nomination_id") var nominationID: UUID
    @Field(key: "title_id") var titleID: UUID
    @Field(key: "title_name") var titleName: String
    @OptionalField(key: "person_id") var personID: UUID?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "recipient_name") var recipientName: String
    @Field(key: "amount") var amount: Double
    /// valid | revoked
    @Field(key: "status") var status: String
    @Field(key: "revoke_reason") var revokeReason: String
    /// The reward must be paid back (revoked for fraud or false evidence).
    @Field(key: "recover_reward") var recoverReward: Bool
    /// Số vào sổ: the number in the register of awards of the decision's year (``AwardRegister``).
    @OptionalField(key: "register_number") var registerNumber: Int?
    init() {}
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension AwardTitle: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $code, $position, $name, $recipient, $awardedBy, $rules, $rewardMultiple, $approvalRatio, $legalSource, $isActive, $version] }
}

extension CommendationSettings: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $baseSalary, $baseSalarySource, $rewardRounding, $quorumRatio, $ballotSource, $postingDays, $postingSource, $holidays, $cstdcsRequiresInitiative, $cstdcsQuotaPercent, $version] }
}

extension Nomination: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $titleID, $personID, $unitID, $nomineeName, $proposedByUnitID, $rating, $discipline, $achievements, $status, $createdBy, $createdByName, $version, $createdAt] }
}

extension CouncilMeeting: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $heldOn, $place, $membersTotal, $status, $notes, $cancelReason, $version, $startsAt, $endsAt, $chairMemberID, $secretaryMemberID, $minutesNumber, $minutesYear] }
}

extension MeetingAttendance: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $meetingID, $memberID] }
}

extension BallotTally: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $meetingID, $nominationID, $approve, $reject, $paper, $sealed] }
}

extension BallotReceipt: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $meetingID, $nominationID, $memberID] }
}

extension Posting: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $startsOn, $endsOn, $status] }
}

extension Objection: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $postingID, $nominationID, $senderName, $contact, $content, $answer, $answeredBy, $answeredAt, $createdAt, $senderHash, $dismissReason, $dismissedBy, $dismissedAt] }
}

extension DocumentNumber: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $symbol, $lastNumber] }
}

extension CommendationDecision: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $kind, $number, $symbol, $issuedOn, $status, $signedBy, $signerTitle, $revokeReason, $version, $createdAt] }
}

extension Award: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $decisionID, $nominationID, $titleID, $titleName, $personID, $unitID, $recipientName, $amount, $status, $revokeReason, $recoverReward, $registerNumber] }
}
