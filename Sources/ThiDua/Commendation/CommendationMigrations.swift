import Fluent
import Foundation

struct CreateCommendation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AwardTitle.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("code", .string, .required).field("position", .int, .required).field("name", .string, .required)
            .field("recipient", .string, .required).field("awarded_by", .string, .required).field("rules", .string, .required)
            .field("reward_multiple", .double, .required).field("approval_ratio", .double, .required).field("legal_source", .string, .required)
            .field("is_active", .bool, .required).field("version", .int, .required)
            .unique(on: "commune_id", "code").create()
        try await database.schema(CommendationSettings.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("base_salary", .double, .required).field("base_salary_source", .string, .required)
            .field("reward_rounding", .int, .required).field("quorum_ratio", .double, .required)
            .field("ballot_source", .string, .required)
            .field("posting_days", .int, .required).field("posting_source", .string, .required)
            .field("holidays", .string, .required).field("cstdcs_requires_initiative", .bool, .required)
            .field("cstdcs_quota_percent", .double).field("version", .int, .required)
            .unique(on: "commune_id").create()
        try await database.schema(Nomination.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required).field("title_id", .uuid, .required, .references(AwardTitle.schema, .id))
            .field("person_id", .uuid, .references(Person.schema, .id)).field("unit_id", .uuid, .references(Unit.schema, .id))
            .field("nominee_name", .string, .required).field("proposed_by_unit_id", .uuid, .references(Unit.schema, .id))
            .field("rating", .string, .required).field("discipline", .string, .required).field("achievements", .string, .required)
            .field("status", .string, .required).field("created_by", .uuid, .required).field("created_by_name", .string, .required)
            .field("version", .int, .required).field("created_at", .datetime).create()
        try await database.schema(CouncilMeeting.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required).field("held_on", .string, .required).field("place", .string, .required)
            .field("members_total", .int, .required).field("status", .string, .required).field("notes", .string, .required)
            .field("version", .int, .required).create()
        try await database.schema(MeetingAttendance.schema).id()
            .field("meeting_id", .uuid, .required, .references(CouncilMeeting.schema, .id))
            .field("member_id", .uuid, .required, .references(CouncilMember.schema, .id))
            .unique(on: "meeting_id", "member_id").create()
        try await database.schema(BallotTally.schema).id()
            .field("meeting_id", .uuid, .required, .references(CouncilMeeting.schema, .id))
            .field("nomination_id", .uuid, .required, .references(Nomination.schema, .id))
            .field("approve", .int, .required).field("reject", .int, .required).field("paper", .bool, .required)
            .unique(on: "meeting_id", "nomination_id").create()
        try await database.schema(BallotReceipt.schema).id()
            .field("meeting_id", .uuid, .required, .references(CouncilMeeting.schema, .id))
            .field("nomination_id", .uuid, .required, .references(Nomination.schema, .id))
            .field("member_id", .uuid, .required, .references(CouncilMember.schema, .id))
            .unique(on: "meeting_id", "nomination_id", "member_id").create()
        try await database.schema(Posting.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required).field("starts_on", .string, .required).field("ends_on", .string, .required)
            .field("status", .string, .required).unique(on: "commune_id", "year").create()
        try await database.schema(Objection.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("posting_id", .uuid, .required, .references(Posting.schema, .id))
            .field("nomination_id", .uuid, .references(Nomination.schema, .id))
            .field("sender_name", .string, .required).field("contact", .string, .required).field("content", .string, .required)
            .field("answer", .string, .required).field("answered_by", .string).field("answered_at", .datetime)
            .field("created_at", .datetime).create()
        try await database.schema(DocumentNumber.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required).field("symbol", .string, .required).field("last_number", .int, .required)
            .unique(on: "commune_id", "year", "symbol").create()
        try await database.schema(CommendationDecision.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required).field("kind", .string, .required).field("number", .int, .required)
            .field("symbol", .string, .required).field("issued_on", .string, .required).field("status", .string, .required)
            .field("signed_by", .string).field("signer_title", .string, .required).field("revoke_reason", .string, .required)
            .field("version", .int, .required).field("created_at", .datetime)
            .unique(on: "commune_id", "year", "symbol", "number").create()
        try await database.schema(Award.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required).field("decision_id", .uuid, .required, .references(CommendationDecision.schema, .id))
            .field("nomination_id", .uuid, .required, .references(Nomination.schema, .id))
            .field("title_id", .uuid, .required, .references(AwardTitle.schema, .id)).field("title_name", .string, .required)
            .field("person_id", .uuid, .references(Person.schema, .id)).field("unit_id", .uuid, .references(Unit.schema, .id))
            .field("recipient_name", .string, .required).field("amount", .double, .required).field("status", .string, .required)
            .field("revoke_reason", .string, .required).field("recover_reward", .bool, .required).create()
    }

    func revert(on database: any Database) async throws {
        for schema in [Award.schema, CommendationDecision.schema, DocumentNumber.schema, Objection.schema, Posting.schema,
                       BallotReceipt.schema, BallotTally.schema, MeetingAttendance.schema, CouncilMeeting.schema, Nomination.schema,
                       CommendationSettings.schema, AwardTitle.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// Issue 12: the sealed ballot counts, cancelled meetings, and the public objection form's guard (sender hash, spam
/// dismissal, the per-address counter of ``PublicFormGuard``). Adds columns and a table; drops nothing.
struct SecureCommendation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(BallotTally.schema).field("sealed", .string).update()
        try await database.schema(CouncilMeeting.schema).field("cancel_reason", .string).update()
        for field in ["sender_hash", "dismiss_reason", "dismissed_by"] {
            try await database.schema(Objection.schema).field(.string(field), .string).update()
        }
        try await database.schema(Objection.schema).field("dismissed_at", .datetime).update()
        try await database.schema(PublicFormGuard.counterTable).id()
            .field("form", .string, .required)
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("address_hash", .string, .required)
            .field("window_start", .int64, .required)
            .field("hits", .int, .required)
            .unique(on: "form", "commune_id", "address_hash", "window_start").create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PublicFormGuard.counterTable).delete()
        for field in ["dismissed_at", "dismissed_by", "dismiss_reason", "sender_hash"] {
            try await database.schema(Objection.schema).deleteField(.string(field)).update()
        }
        try await database.schema(CouncilMeeting.schema).deleteField("cancel_reason").update()
        try await database.schema(BallotTally.schema).deleteField("sealed").update()
    }
}

/// Issue 14: what the council's minutes record — start and end time, the meeting's chair and secretary, and the
/// minutes' number from the register. Adds nullable columns; drops nothing.
struct AddMeetingMinutes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema("council_meetings").field("starts_at", .string).update()
        try await database.schema("council_meetings").field("ends_at", .string).update()
        try await database.schema("council_meetings").field("chair_member_id", .uuid).update()
        try await database.schema("council_meetings").field("secretary_member_id", .uuid).update()
        try await database.schema("council_meetings").field("minutes_number", .int).update()
        try await database.schema("council_meetings").field("minutes_year", .int).update()
    }

    func revert(on database: any Database) async throws {
        for field in ["minutes_year", "minutes_number", "secretary_member_id", "chair_member_id", "ends_at", "starts_at"] {
            try await database.schema("council_meetings").deleteField(.string(field)).update()
        }
    }
}
