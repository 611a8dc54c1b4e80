import Fluent
import Foundation
import SQLKit

/// Issue 15: every inspection table, with the indexes its pages read by.
struct CreateInspections: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(InspectionSettings.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("notice_days", .int, .required).field("legal_source", .string, .required).field("version", .int, .required)
            .unique(on: "commune_id")
            .create()
        try await database.schema(InspectionPlan.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required)
            .field("purpose", .string, .required).field("content", .string, .required).field("organisation", .string, .required)
            .field("status", .string, .required).field("submitted_at", .datetime)
            .field("approved_by", .uuid, .references(User.schema, .id)).field("approved_by_name", .string, .required)
            .field("approved_at", .datetime)
            .field("created_at", .datetime, .required).field("version", .int, .required)
            .unique(on: "commune_id", "year")
            .create()
        try await database.schema(InspectionTarget.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("plan_id", .uuid, .required, .references(InspectionPlan.schema, .id))
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id))
            .field("reason", .string, .required).field("created_at", .datetime, .required)
            .unique(on: "plan_id", "unit_id")
            .create()
        try await database.schema(InspectionTeam.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("plan_id", .uuid, .required, .references(InspectionPlan.schema, .id))
            .field("name", .string, .required).field("assignment", .string, .required)
            .field("leader_person_id", .uuid, .required, .references(Person.schema, .id))
            .field("leader_user_id", .uuid, .references(User.schema, .id))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(InspectionTeamMember.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("team_id", .uuid, .required, .references(InspectionTeam.schema, .id))
            .field("person_id", .uuid, .required, .references(Person.schema, .id))
            .field("user_id", .uuid, .references(User.schema, .id))
            .field("role", .string, .required).field("task", .string, .required).field("position", .int, .required)
            .unique(on: "team_id", "person_id")
            .create()
        try await database.schema(InspectionVisit.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("plan_id", .uuid, .required, .references(InspectionPlan.schema, .id))
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id))
            .field("team_id", .uuid, .required, .references(InspectionTeam.schema, .id))
            .field("visit_date", .string, .required).field("visit_time", .string, .required)
            .field("place", .string, .required).field("content", .string, .required)
            .field("status", .string, .required).field("notice_sent_at", .datetime)
            .field("minutes_starts_at", .string, .required).field("minutes_ends_at", .string, .required)
            .field("minutes_place", .string, .required)
            .field("team_attendees", .string, .required).field("unit_attendees", .string, .required)
            .field("strengths", .string, .required).field("weaknesses", .string, .required)
            .field("recommendations", .string, .required).field("minutes_recorded_at", .datetime)
            .field("conclusion", .string, .required).field("concluded_at", .datetime).field("closed_at", .datetime)
            .field("created_at", .datetime, .required).field("version", .int, .required)
            .create()
        try await database.schema(InspectionReschedule.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("visit_id", .uuid, .required, .references(InspectionVisit.schema, .id))
            .field("old_date", .string, .required).field("old_time", .string, .required)
            .field("new_date", .string, .required).field("new_time", .string, .required)
            .field("reason", .string, .required)
            .field("by_user", .uuid, .references(User.schema, .id)).field("by_name", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(InspectionChecklistLine.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("visit_id", .uuid, .required, .references(InspectionVisit.schema, .id))
            .field("criterion_id", .uuid, .required, .references(Criterion.schema, .id))
            .field("position", .int, .required).field("criterion_title", .string, .required)
            .field("max_points", .double, .required).field("self_points", .double).field("team_points", .double)
            .field("note", .string, .required)
            .field("updated_at", .datetime, .required).field("updated_by", .string, .required)
            .unique(on: "visit_id", "criterion_id")
            .create()
        try await database.schema(InspectionFinding.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("visit_id", .uuid, .required, .references(InspectionVisit.schema, .id))
            .field("text", .string, .required).field("created_by", .string, .required).field("created_at", .datetime, .required)
            .create()
        try await database.schema(InspectionFollowUp.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("visit_id", .uuid, .required, .references(InspectionVisit.schema, .id))
            .field("position", .int, .required).field("text", .string, .required).field("due_date", .string, .required)
            .field("status", .string, .required)
            .field("answer", .string, .required).field("answered_by", .string, .required).field("answered_at", .datetime)
            .field("decision_note", .string, .required).field("decided_by", .string, .required).field("decided_at", .datetime)
            .field("created_at", .datetime, .required).field("version", .int, .required)
            .create()
        try await database.schema(InspectionFile.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("visit_id", .uuid, .required, .references(InspectionVisit.schema, .id))
            .field("finding_id", .uuid, .references(InspectionFinding.schema, .id))
            .field("follow_up_id", .uuid, .references(InspectionFollowUp.schema, .id))
            .field("file_hash", .string, .required).field("content_type", .string, .required).field("size", .int, .required)
            .field("original_name", .string, .required).field("uploaded_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        for statement in Self.indexes { try await database.sql.raw(SQLQueryString(statement)).run() }
    }

    static let indexes = [
        "CREATE INDEX inspection_visits_commune_plan ON inspection_visits (commune_id, plan_id)",
        "CREATE INDEX inspection_visits_due_notice ON inspection_visits (status, visit_date)",
        "CREATE INDEX inspection_targets_plan ON inspection_targets (plan_id)",
        "CREATE INDEX inspection_team_members_team ON inspection_team_members (team_id)",
        "CREATE INDEX inspection_checklist_visit ON inspection_checklist_lines (visit_id)",
        "CREATE INDEX inspection_follow_ups_visit ON inspection_follow_ups (visit_id)",
        "CREATE INDEX inspection_reschedules_visit ON inspection_reschedules (visit_id)",
        "CREATE INDEX inspection_findings_visit ON inspection_findings (visit_id)",
        "CREATE INDEX inspection_files_visit ON inspection_files (visit_id)",
    ]

    func revert(on database: any Database) async throws {
        for schema in [InspectionFile.schema, InspectionFollowUp.schema, InspectionFinding.schema, InspectionChecklistLine.schema,
                       InspectionReschedule.schema, InspectionVisit.schema, InspectionTeamMember.schema, InspectionTeam.schema,
                       InspectionTarget.schema, InspectionPlan.schema, InspectionSettings.schema] {
            try await database.schema(schema).delete()
        }
    }
}
