import Fluent
import Foundation

// Issue 16: "Bình dân học vụ số" (the people's digital-learning drive) and the community digital-technology teams
// (Tổ công nghệ số cộng đồng, one per village, set up by the chairperson's decision).
//
// - ``TrainingSession``: one class or guidance session: the day, the village or unit that held it, the topic (a group
//   of the national basic-skills framework, ``TrainingTopic``), the platform, the trainers, how many attended and,
//   optionally, who (``TrainingAttendee``, people of the directory), with photos (``TrainingPhoto``).
// - ``DigitalTeam``: a village's team with its decision, members (``DigitalTeamMember``) and house visits
//   (``DigitalTeamVisit``: households visited, people guided).
// A village's progress toward its target share of adults is read from the indicator values (Indicators/): the
// sessions and teams are what the village did; the share is what the figures say.

final class TrainingSession: Model, @unchecked Sendable {
    static let schema = "training_sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    /// The village or unit that held it.
    @Field(key: "unit_id") var unitID: UUID
    /// yyyy-MM-dd (shown dd/MM/yyyy).
    @Field(key: "held_on") var heldOn: String
    @Field(key: "year") var year: Int
    /// ``TrainingTopic`` raw value.
    @Field(key: "topic") var topic: String
    @Field(key: "title") var title: String
    /// "binhdanhocvuso.gov.vn", "Trực tiếp tại nhà văn hóa" …
    @Field(key: "platform") var platform: String
    @Field(key: "place") var place: String
    /// Who taught ("Tổ CNSCĐ thôn 3 và kỹ sư VNPT"), one per line.
    @Field(key: "trainers") var trainers: String
    /// How many attended (may exceed the people listed: not everyone is in the directory).
    @Field(key: "attendee_count") var attendeeCount: Int
    @Field(key: "note") var note: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_by_name") var createdByName: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "version") var version: Int
    init() {}
}

final class TrainingAttendee: Model, @unchecked Sendable {
    static let schema = "training_attendees"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "person_id") var personID: UUID
    init() {}
}

final class TrainingPhoto: Model, @unchecked Sendable {
    static let schema = "training_photos"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "file_hash") var fileHash: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "original_name") var originalName: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class DigitalTeam: Model, @unchecked Sendable {
    static let schema = "digital_teams"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    /// The village (a unit of kind village).
    @Field(key: "village_id") var villageID: UUID
    @Field(key: "name") var name: String
    /// The chairperson's decision that set it up ("125/QĐ-UBND"), and its date (yyyy-MM-dd).
    @Field(key: "decision_number") var decisionNumber: String
    @OptionalField(key: "decision_date") var decisionDate: String?
    @Field(key: "note") var note: String
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int
    init() {}
}

final class DigitalTeamMember: Model, @unchecked Sendable {
    static let schema = "digital_team_members"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "team_id") var teamID: UUID
    /// The person in the directory, when there is one.
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "full_name") var fullName: String
    /// "Tổ trưởng", "Tổ phó", "Thành viên".
    @Field(key: "role") var role: String
    @Field(key: "phone") var phone: String
    @Field(key: "position") var position: Int
    init() {}
}

final class DigitalTeamVisit: Model, @unchecked Sendable {
    static let schema = "digital_team_visits"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "team_id") var teamID: UUID
    /// yyyy-MM-dd.
    @Field(key: "visited_on") var visitedOn: String
    @Field(key: "year") var year: Int
    @Field(key: "households") var households: Int
    @Field(key: "people_guided") var peopleGuided: Int
    @Field(key: "note") var note: String
    @Field(key: "created_by_name") var createdByName: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// The groups of the national basic-skills framework (Khung kiến thức, kỹ năng số cơ bản v1.0, Phụ lục I,
/// Quyết định 757/QĐ-BKHCN) a session teaches, plus the platform's own guidance.
enum TrainingTopic: String, CaseIterable, Codable, Sendable {
    case devices, information, communication, publicServices, safety, economy, ai, other
    var label: String { DigitalLiteracyText.topic(self) }
}

extension TrainingSession: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $unitID, $heldOn, $year, $topic, $title, $platform, $place, $trainers, $attendeeCount, $note,
         $createdBy, $createdByName, $createdAt, $updatedAt, $version]
    }
}

extension TrainingAttendee: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $sessionID, $personID] }
}

extension TrainingPhoto: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $sessionID, $fileHash, $contentType, $size, $originalName, $uploadedBy, $createdAt]
    }
}

extension DigitalTeam: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $villageID, $name, $decisionNumber, $decisionDate, $note, $isActive, $createdAt, $version]
    }
}

extension DigitalTeamMember: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $teamID, $personID, $fullName, $role, $phone, $position] }
}

extension DigitalTeamVisit: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $teamID, $visitedOn, $year, $households, $peopleGuided, $note, $createdByName, $createdAt]
    }
}
