import Fluent
import Foundation
import SQLKit

/// One score (điểm) of one criterion for one unit and year: the unit's self-score (tự chấm) or one council
/// member's score (hội đồng chấm).
final class UnitScore: Model, @unchecked Sendable {
    static let schema = "unit_scores"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "criterion_id") var criterionID: UUID
    /// "self" or "council".
    @Field(key: "scorer_kind") var scorerKind: String
    /// The council member, for a council score.
    @OptionalField(key: "member_id") var memberID: UUID?
    /// "" for a self-score, the member id for a council score: SQL treats NULLs as distinct, so the unique key
    /// cannot use `member_id` alone.
    @Field(key: "scorer_key") var scorerKey: String
    @Field(key: "points") var points: Double
    /// Evidence of the unit's report of the same year (self-scores only).
    @OptionalField(key: "evidence_id") var evidenceID: UUID?
    @Field(key: "note") var note: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: String
    /// The inspection visit whose team offered this score (``ScorerKind/inspection`` rows; issue 15).
    @OptionalField(key: "inspection_visit_id") var inspectionVisitID: UUID?
    init() {}

    var kind: ScorerKind { ScorerKind(rawValue: scorerKind) ?? .selfScore }
}

enum ScorerKind: String, Sendable, CaseIterable {
    case selfScore = "self", council
    /// The score an inspection team offered the council (issue 15), one column per visit (`scorer_key` is the visit's
    /// id). It counts in no total: a council member confirms it by saving it as their own score.
    case inspection
}

/// How the council members' scores of a criterion combine into the final score.
enum ScoringRule: String, Sendable, CaseIterable {
    case councilAverage = "council_average", councilMedian = "council_median"
    /// As a sentence part: "trung bình cộng …".
    var label: String { ScoringText.rule(self) }
    /// As a choice: "Trung bình cộng …".
    var choice: String { ScoringText.ruleChoice(self) }

    /// The combined value of the members' scores; nil when nobody scored.
    func combine(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        switch self {
        case .councilAverage:
            return values.reduce(0, +) / Double(values.count)
        case .councilMedian:
            let sorted = values.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }
}

/// The commune's scoring rules: final rule, gap threshold and the plan they come from. Created with the defaults
/// on first use (``ScoringQueries/settings(on:communeID:)``), so new communes get them too.
final class ScoringSettings: Model, @unchecked Sendable {
    static let schema = "scoring_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "final_rule") var finalRule: String
    /// A unit whose self total and final total differ by more than this many points is flagged.
    @Field(key: "gap_threshold") var gapThreshold: Double
    @Field(key: "legal_source") var legalSource: String
    @Field(key: "version") var version: Int
    init() {}
    var rule: ScoringRule { ScoringRule(rawValue: finalRule) ?? .councilAverage }
}

/// One classification band (xếp loại): a label and the lowest percent of the maximum that reaches it.
final class ScoringBand: Model, @unchecked Sendable {
    static let schema = "scoring_bands"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "label") var label: String
    @Field(key: "min_percent") var minPercent: Double
    init() {}
}

struct CreateScoring: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitScore.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("year", .int, .required)
            .field("unit_id", .uuid, .required, .references(Unit.schema, .id))
            .field("criterion_id", .uuid, .required, .references(Criterion.schema, .id))
            .field("scorer_kind", .string, .required)
            .field("member_id", .uuid, .references(CouncilMember.schema, .id))
            .field("scorer_key", .string, .required)
            .field("points", .double, .required)
            // Removing the evidence from the report unlinks it from the score.
            .field("evidence_id", .uuid, .references(Evidence.schema, .id, onDelete: .setNull))
            .field("note", .string, .required)
            .field("updated_at", .datetime, .required).field("updated_by", .string, .required)
            .unique(on: "year", "unit_id", "criterion_id", "scorer_kind", "scorer_key")
            .create()
        try await database.schema(ScoringSettings.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("final_rule", .string, .required).field("gap_threshold", .double, .required)
            .field("legal_source", .string, .required).field("version", .int, .required)
            .unique(on: "commune_id")
            .create()
        try await database.schema(ScoringBand.schema).id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("position", .int, .required).field("label", .string, .required).field("min_percent", .double, .required)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX unit_scores_commune_year ON unit_scores (commune_id, year)").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [ScoringBand.schema, ScoringSettings.schema, UnitScore.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// Issue 15: the inspection visit whose team offered a score (`scorer_kind` "inspection").
struct AddUnitScoreInspectionVisit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UnitScore.schema).field("inspection_visit_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UnitScore.schema).deleteField("inspection_visit_id").update()
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension UnitScore: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $year, $unitID, $criterionID, $scorerKind, $memberID, $scorerKey, $points, $evidenceID, $note, $updatedAt, $updatedBy, $inspectionVisitID] }
}

extension ScoringSettings: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $finalRule, $gapThreshold, $legalSource, $version] }
}

extension ScoringBand: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $position, $label, $minPercent] }
}
