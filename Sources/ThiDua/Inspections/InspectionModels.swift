import Fluent
import Foundation
import SQLKit

// Issue 15: inspections of the movement (kiểm tra phong trào thi đua). The council's yearly plan (Kế hoạch kiểm tra),
// the units it visits with the reason, the teams (Thành phần đoàn, each member's task), the visits with their schedule
// history, the checklist drawn from the unit's criteria group (max points, the unit's self-score, the team's score),
// findings with files, the minutes (Biên bản kiểm tra) and the conclusion's follow-up items until closed.
//
// For the next helper (Word documents, API, public schedule, demo): every change goes through ``InspectionCommands``
// (one function per use case, validation + write + audit + notices), every read through ``InspectionQueries``; the
// documents read the rows below as they are:
// - Kế hoạch kiểm tra: ``InspectionPlan`` (purpose = I, content = II, visits = III, ``InspectionTeam`` + members = IV,
//   organisation = V), the approver in `approvedByName` / `approvedAt`.
// - Thông báo kiểm tra: one ``InspectionVisit`` (unit, date, time, place, content) with its team's members and tasks;
//   number it from ``DocumentRegister`` (Commendation/DocumentRegister.swift) when it is first issued.
// - Biên bản kiểm tra: the visit's minutes fields (`minutes*`), ``InspectionChecklistLine`` rows (max, self, team).
// - Thông báo kết luận kiểm tra: `conclusion` and the ``InspectionFollowUp`` rows with their due dates.

/// The plan's states: drafted by the secretariat, submitted, approved by the chairperson.
enum InspectionPlanStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, approved
    var label: String { InspectionText.planStatus(self) }
}

/// A visit's states, in order: scheduled → notified (the notice was sent) → visited (minutes recorded) → concluded
/// (conclusion and follow-ups issued) → closed (every follow-up closed).
enum InspectionVisitStatus: String, CaseIterable, Codable, Sendable {
    case scheduled, notified, visited, concluded, closed
    var label: String { InspectionText.visitStatus(self) }
}

/// A follow-up item's states: open → answered (by the unit) → closed (accepted by the team), or reopened (the team
/// asks for more; the unit answers again).
enum InspectionFollowUpStatus: String, CaseIterable, Codable, Sendable {
    case open, answered, closed, reopened
    var label: String { InspectionText.followUpStatus(self) }
    /// The unit can (still) answer it.
    var isAnswerable: Bool { self == .open || self == .reopened }
    /// The states in which the unit owes an answer, as stored (for SQL).
    static let answerableValues = allCases.filter(\.isAnswerable).map(\.rawValue)
    /// Overdue, everywhere it is shown or counted: the unit still owes the answer and the due date has passed. An item
    /// answered late waits for the team, not the unit, and is not overdue.
    func isOverdue(due: LocalDate?, today: LocalDate) -> Bool { isAnswerable && due.map { $0 < today } == true }
}

/// A member's part in a team.
enum InspectionTeamRole: String, CaseIterable, Codable, Sendable {
    case leader, deputy, member, secretary
    var label: String { InspectionText.teamRole(self) }
}

/// The commune's inspection settings: how many days before a visit its notice goes out, and where that comes from.
/// Created with the defaults on first use (``InspectionQueries/settings(on:communeID:)``).
final class InspectionSettings: Model, @unchecked Sendable {
    static let schema = "inspection_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "notice_days") var noticeDays: Int
    @Field(key: "legal_source") var legalSource: String
    @Field(key: "version") var version: Int
    init() {}
}

/// The council's yearly inspection plan (Kế hoạch kiểm tra), one per commune and year.
final class InspectionPlan: Model, @unchecked Sendable {
    static let schema = "inspection_plans"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    /// I. Mục đích, yêu cầu.
    @Field(key: "purpose") var purpose: String
    /// II. Nội dung kiểm tra.
    @Field(key: "content") var content: String
    /// V. Tổ chức thực hiện.
    @Field(key: "organisation") var organisation: String
    @Field(key: "status") var status: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @Field(key: "approved_by_name") var approvedByName: String
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int
    init() {}
    var state: InspectionPlanStatus { InspectionPlanStatus(rawValue: status) ?? .draft }
    var snapshot: [String: String] {
        ["year": String(year), "purpose": purpose, "content": content, "organisation": organisation, "status": status]
    }
}

/// A unit the plan visits, with the reason it was chosen (low scores, late reports…).
final class InspectionTarget: Model, @unchecked Sendable {
    static let schema = "inspection_targets"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// An inspection team (đoàn kiểm tra) of a plan; its members are ``InspectionTeamMember`` rows (the leader among them).
final class InspectionTeam: Model, @unchecked Sendable {
    static let schema = "inspection_teams"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "name") var name: String
    /// The field or area the team follows, as text (e.g. "Nhóm 1.1 – cơ quan", "Các thôn phía Bắc").
    @Field(key: "assignment") var assignment: String
    @Field(key: "leader_person_id") var leaderPersonID: UUID
    /// The leader's account, when the person has one.
    @OptionalField(key: "leader_user_id") var leaderUserID: UUID?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// A member of a team with their task. `userID` is the person's account when there is one: team rights
/// (``Policy``: scoring, minutes, deciding follow-ups) go by account.
final class InspectionTeamMember: Model, @unchecked Sendable {
    static let schema = "inspection_team_members"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "user_id") var userID: UUID?
    /// ``InspectionTeamRole`` raw value.
    @Field(key: "role") var role: String
    @Field(key: "task") var task: String
    @Field(key: "position") var position: Int
    init() {}
}

/// One visit of a team to a unit: schedule, notice, minutes and conclusion.
final class InspectionVisit: Model, @unchecked Sendable {
    static let schema = "inspection_visits"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "plan_id") var planID: UUID
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "team_id") var teamID: UUID
    /// yyyy-MM-dd
    @Field(key: "visit_date") var visitDate: String
    /// HH:mm
    @Field(key: "visit_time") var visitTime: String
    @Field(key: "place") var place: String
    @Field(key: "content") var content: String
    @Field(key: "status") var status: String
    /// When the notice (Thông báo kiểm tra) went to the unit; nil until then, and again after a reschedule until the
    /// new notice goes. The due-notices sweep sends each notice once (``InspectionCommands/sendDueNotices(on:at:notifier:)``).
    @OptionalField(key: "notice_sent_at") var noticeSentAt: Date?
    // The minutes (Biên bản kiểm tra).
    @Field(key: "minutes_starts_at") var minutesStartsAt: String
    @Field(key: "minutes_ends_at") var minutesEndsAt: String
    @Field(key: "minutes_place") var minutesPlace: String
    /// Who attended for the team, one per line.
    @Field(key: "team_attendees") var teamAttendees: String
    /// Who attended for the unit, one per line.
    @Field(key: "unit_attendees") var unitAttendees: String
    @Field(key: "strengths") var strengths: String
    @Field(key: "weaknesses") var weaknesses: String
    @Field(key: "recommendations") var recommendations: String
    @OptionalField(key: "minutes_recorded_at") var minutesRecordedAt: Date?
    // The conclusion (Thông báo kết luận kiểm tra).
    @Field(key: "conclusion") var conclusion: String
    @OptionalField(key: "concluded_at") var concludedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int
    init() {}
    var state: InspectionVisitStatus { InspectionVisitStatus(rawValue: status) ?? .scheduled }
    var date: LocalDate? { LocalDate(iso: visitDate) }
    var snapshot: [String: String] {
        ["date": visitDate, "time": visitTime, "place": place, "content": content, "status": status]
    }
}

/// One reschedule of a visit, kept for good: the old and new date and time, why, by whom and when.
final class InspectionReschedule: Model, @unchecked Sendable {
    static let schema = "inspection_reschedules"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "visit_id") var visitID: UUID
    @Field(key: "old_date") var oldDate: String
    @Field(key: "old_time") var oldTime: String
    @Field(key: "new_date") var newDate: String
    @Field(key: "new_time") var newTime: String
    @Field(key: "reason") var reason: String
    @OptionalField(key: "by_user") var byUser: UUID?
    @Field(key: "by_name") var byName: String
    @Field(key: "at") var at: Date
    init() {}
}

/// One line of a visit's checklist: a criterion of the unit's criteria group with its maximum points (copied when the
/// line is written, so the minutes keep what was checked), the unit's self-score (from its scoring, when it had one)
/// and the team's score.
final class InspectionChecklistLine: Model, @unchecked Sendable {
    static let schema = "inspection_checklist_lines"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "visit_id") var visitID: UUID
    @Field(key: "criterion_id") var criterionID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "criterion_title") var criterionTitle: String
    @Field(key: "max_points") var maxPoints: Double
    @OptionalField(key: "self_points") var selfPoints: Double?
    @OptionalField(key: "team_points") var teamPoints: Double?
    @Field(key: "note") var note: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: String
    init() {}
}

/// Something the team found on the visit; its files are ``InspectionFile`` rows.
final class InspectionFinding: Model, @unchecked Sendable {
    static let schema = "inspection_findings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "visit_id") var visitID: UUID
    @Field(key: "text") var text: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// A recommendation of the conclusion with its due date, answered by the unit and closed (or reopened) by the team.
final class InspectionFollowUp: Model, @unchecked Sendable {
    static let schema = "inspection_follow_ups"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "visit_id") var visitID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "text") var text: String
    /// yyyy-MM-dd
    @Field(key: "due_date") var dueDate: String
    @Field(key: "status") var status: String
    @Field(key: "answer") var answer: String
    @Field(key: "answered_by") var answeredBy: String
    @OptionalField(key: "answered_at") var answeredAt: Date?
    /// The team's note when it accepts or reopens.
    @Field(key: "decision_note") var decisionNote: String
    @Field(key: "decided_by") var decidedBy: String
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int
    init() {}
    var state: InspectionFollowUpStatus { InspectionFollowUpStatus(rawValue: status) ?? .open }
    var snapshot: [String: String] { ["status": status, "answer": answer, "decisionNote": decisionNote, "dueDate": dueDate] }
}

/// A file of a finding (the team's evidence) or of a follow-up's answer (the unit's evidence), stored by hash in the
/// file store like every upload.
final class InspectionFile: Model, @unchecked Sendable {
    static let schema = "inspection_files"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "visit_id") var visitID: UUID
    @OptionalField(key: "finding_id") var findingID: UUID?
    @OptionalField(key: "follow_up_id") var followUpID: UUID?
    @Field(key: "file_hash") var fileHash: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "original_name") var originalName: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension InspectionSettings: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $noticeDays, $legalSource, $version] }
}

extension InspectionPlan: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $year, $purpose, $content, $organisation, $status, $submittedAt, $approvedBy, $approvedByName, $approvedAt, $createdAt, $version]
    }
}

extension InspectionTarget: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $planID, $unitID, $reason, $createdAt] }
}

extension InspectionTeam: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $planID, $name, $assignment, $leaderPersonID, $leaderUserID, $createdAt] }
}

extension InspectionTeamMember: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $teamID, $personID, $userID, $role, $task, $position] }
}

extension InspectionVisit: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $planID, $unitID, $teamID, $visitDate, $visitTime, $place, $content, $status, $noticeSentAt,
         $minutesStartsAt, $minutesEndsAt, $minutesPlace, $teamAttendees, $unitAttendees, $strengths, $weaknesses, $recommendations,
         $minutesRecordedAt, $conclusion, $concludedAt, $closedAt, $createdAt, $version]
    }
}

extension InspectionReschedule: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $visitID, $oldDate, $oldTime, $newDate, $newTime, $reason, $byUser, $byName, $at] }
}

extension InspectionChecklistLine: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $visitID, $criterionID, $position, $criterionTitle, $maxPoints, $selfPoints, $teamPoints, $note, $updatedAt, $updatedBy]
    }
}

extension InspectionFinding: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $visitID, $text, $createdBy, $createdAt] }
}

extension InspectionFollowUp: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $visitID, $position, $text, $dueDate, $status, $answer, $answeredBy, $answeredAt, $decisionNote, $decidedBy, $decidedAt, $createdAt, $version]
    }
}

extension InspectionFile: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $visitID, $findingID, $followUpID, $fileHash, $contentType, $size, $originalName, $uploadedBy, $createdAt]
    }
}
