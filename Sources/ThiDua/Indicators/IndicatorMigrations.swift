import Fluent
import Foundation
import SQLKit

/// Issue 16: the indicator catalogue (indicators, their versioned definitions, targets), values with evidence, and
/// the Bình dân học vụ số tables (sessions, attendees, photos, community digital-technology teams, members, visits).
struct CreateIndicators: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(IndicatorSettings.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("jump_percent", .double, .required).field("jump_source", .string, .required)
            .field("literacy_indicator_id", .uuid)
            .field("version", .int, .required)
            .unique(on: "commune_id")
            .create()
        try await database.schema(Indicator.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("code", .string, .required).field("position", .int, .required).field("is_active", .bool, .required)
            .field("created_at", .datetime, .required).field("version", .int, .required)
            .unique(on: "commune_id", "code")
            .create()
        try await database.schema(IndicatorDefinition.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("indicator_id", .uuid, .required, .references(Indicator.schema, .id))
            .field("from_year", .int, .required)
            .field("name", .string, .required).field("definition", .string, .required)
            .field("numerator_label", .string, .required).field("denominator_label", .string, .required)
            .field("measure", .string, .required).field("kind", .string, .required).field("direction", .string, .required)
            .field("level", .string, .required).field("group_name", .string, .required).field("group_position", .int, .required)
            .field("content_area_id", .uuid, .references(ContentArea.schema, .id))
            .field("source_document", .string, .required).field("evidence_required", .string, .required)
            .field("is_public", .bool, .required)
            .field("created_at", .datetime, .required).field("created_by_name", .string, .required)
            .unique(on: "indicator_id", "from_year")
            .create()
        try await database.schema(IndicatorTarget.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("indicator_id", .uuid, .required, .references(Indicator.schema, .id))
            .field("year", .int, .required).field("level", .string, .required).field("target", .double, .required)
            .field("source", .string, .required)
            .field("updated_at", .datetime, .required).field("updated_by_name", .string, .required)
            .field("version", .int, .required)
            .unique(on: "indicator_id", "year", "level")
            .create()
        try await database.schema(IndicatorValue.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("indicator_id", .uuid, .required, .references(Indicator.schema, .id))
            .field("definition_id", .uuid, .required, .references(IndicatorDefinition.schema, .id))
            .field("unit_id", .uuid, .references(Unit.schema, .id))
            .field("scope_key", .string, .required)
            .field("year", .int, .required).field("quarter", .int, .required)
            .field("numerator", .double).field("denominator", .double).field("value", .double)
            .field("note", .string, .required).field("jump_note", .string, .required)
            .field("status", .string, .required).field("return_reason", .string, .required)
            .field("source", .string, .required)
            .field("entered_by", .uuid, .references(User.schema, .id)).field("entered_by_name", .string, .required)
            .field("submitted_at", .datetime)
            .field("reviewed_by", .uuid, .references(User.schema, .id)).field("reviewed_by_name", .string, .required)
            .field("reviewed_at", .datetime)
            .field("created_at", .datetime, .required).field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "indicator_id", "scope_key", "year", "quarter")
            .create()
        try await database.schema(IndicatorEvidence.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("value_id", .uuid, .required, .references(IndicatorValue.schema, .id))
            .field("file_hash", .string, .required).field("content_type", .string, .required).field("size", .int, .required)
            .field("original_name", .string, .required).field("uploaded_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()

        try await database.schema(TrainingSession.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id))
            .field("held_on", .string, .required).field("year", .int, .required)
            .field("topic", .string, .required).field("title", .string, .required)
            .field("platform", .string, .required).field("place", .string, .required)
            .field("trainers", .string, .required).field("attendee_count", .int, .required)
            .field("note", .string, .required)
            .field("created_by", .uuid, .references(User.schema, .id)).field("created_by_name", .string, .required)
            .field("created_at", .datetime, .required).field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(TrainingAttendee.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("session_id", .uuid, .required, .references(TrainingSession.schema, .id))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .unique(on: "session_id", "person_id")
            .create()
        try await database.schema(TrainingPhoto.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("session_id", .uuid, .required, .references(TrainingSession.schema, .id))
            .field("file_hash", .string, .required).field("content_type", .string, .required).field("size", .int, .required)
            .field("original_name", .string, .required).field("uploaded_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(DigitalTeam.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("village_id", .uuid, .required, .references(Unit.schema, .id))
            .field("name", .string, .required)
            .field("decision_number", .string, .required).field("decision_date", .string)
            .field("note", .string, .required).field("is_active", .bool, .required)
            .field("created_at", .datetime, .required).field("version", .int, .required)
            .create()
        try await database.schema(DigitalTeamMember.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("team_id", .uuid, .required, .references(DigitalTeam.schema, .id))
            .field("person_id", .uuid, .references(Person.schema, .id))
            .field("full_name", .string, .required).field("role", .string, .required).field("phone", .string, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema(DigitalTeamVisit.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("team_id", .uuid, .required, .references(DigitalTeam.schema, .id))
            .field("visited_on", .string, .required).field("year", .int, .required)
            .field("households", .int, .required).field("people_guided", .int, .required)
            .field("note", .string, .required).field("created_by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        for statement in Self.indexes { try await database.sql.raw(SQLQueryString(statement)).run() }
    }

    static let indexes = [
        "CREATE INDEX indicator_values_commune_year ON indicator_values (commune_id, year, quarter)",
        "CREATE INDEX indicator_values_year_indicator ON indicator_values (year, indicator_id)",
        "CREATE INDEX indicator_values_unit ON indicator_values (unit_id, year)",
        "CREATE INDEX indicator_definitions_commune ON indicator_definitions (commune_id, indicator_id)",
        "CREATE INDEX indicator_targets_commune_year ON indicator_targets (commune_id, year)",
        "CREATE INDEX indicator_evidence_value ON indicator_evidence (value_id)",
        "CREATE INDEX training_sessions_commune_year ON training_sessions (commune_id, year, unit_id)",
        "CREATE INDEX training_attendees_session ON training_attendees (session_id)",
        "CREATE INDEX training_photos_session ON training_photos (session_id)",
        "CREATE INDEX digital_teams_commune ON digital_teams (commune_id, village_id)",
        "CREATE INDEX digital_team_members_team ON digital_team_members (team_id)",
        "CREATE INDEX digital_team_visits_team ON digital_team_visits (team_id, year)",
    ]

    func revert(on database: any Database) async throws {
        for schema in [DigitalTeamVisit.schema, DigitalTeamMember.schema, DigitalTeam.schema, TrainingPhoto.schema,
                       TrainingAttendee.schema, TrainingSession.schema, IndicatorEvidence.schema, IndicatorValue.schema,
                       IndicatorTarget.schema, IndicatorDefinition.schema, Indicator.schema, IndicatorSettings.schema] {
            try await database.schema(schema).delete()
        }
    }
}
