import Fluent
import Foundation

// Issue 16: digital-transformation indicators (chỉ số chuyển đổi số) by village and unit.
//
// There is no national commune-level index: each province writes its own set, and changes its targets every year.
// So the catalogue, its groups, its targets and its weights are rows, per commune (the commune carries its province's
// set), never code. The shape:
// - ``Indicator``: the stable identity of one indicator in a commune's catalogue (its code, its place in the list).
// - ``IndicatorDefinition``: what the indicator means, from a year on (`fromYear`). Changing a definition adds a new
//   version from a year; the definition a year uses is the one with the greatest `fromYear` ≤ that year
//   (``IndicatorDefinitions/effective(_:year:)``). A value also keeps the definition it was entered under
//   (`definitionID`), so a past year's report shows its own wording.
// - ``IndicatorTarget``: the target for a year and a level, set by the province, with its source; edited by the
//   secretariat.
// - ``IndicatorValue``: one figure for a period (a year, or a quarter of it) and a scope (a village or unit, or the
//   commune itself), with numerator and denominator when the indicator is a share, evidence files, a note, and its
//   review state. **Missing is not 0**: a figure nobody entered has no row, or a row whose `value` is nil, and every
//   aggregate skips it (it is counted as "chưa có số liệu", never added as 0).

/// How an indicator's figure is made.
enum IndicatorKind: String, CaseIterable, Codable, Sendable {
    /// A share: numerator ÷ denominator × 100, in per cent. Both are stored; the commune's share is Σ numerators ÷
    /// Σ denominators of the scopes that have both (never an average of shares).
    case share
    /// A count (people, classes, teams …): the commune's figure is the sum of the scopes that have one.
    case count
    /// Any other figure (a score, a rank): not summed; the commune's figure is the commune-level row.
    case number
    var label: String { IndicatorText.kind(self) }
}

/// Whether a higher figure is better.
enum IndicatorDirection: String, CaseIterable, Codable, Sendable {
    case up, down
    var label: String { IndicatorText.direction(self) }
}

/// The level an indicator is reported at: the commune as a whole, each village, each agency or organisation, each
/// business, each school. A value's scope must match it (a village-level value belongs to a village).
enum IndicatorLevel: String, CaseIterable, Codable, Sendable {
    case commune, village, unit, business, school
    var label: String { IndicatorText.level(self) }

    /// The level of values entered for a unit of this kind.
    static func of(_ kind: UnitKind) -> IndicatorLevel {
        switch kind {
        case .village: .village
        case .business: .business
        case .school: .school
        case .agency, .organisation: .unit
        }
    }
}

/// A value's review states: draft → submitted → approved, or returned (the secretariat gives the reason; the focal
/// point corrects and submits again) → … ; approved values are locked when their year is over (or when the
/// secretariat locks the year), and nobody changes a locked value.
enum IndicatorValueStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, returned, approved, locked
    var label: String { IndicatorText.valueStatus(self) }
    /// The focal point (or the secretariat) may still change the figure.
    var isEditable: Bool { self == .draft || self == .returned }
    /// Counted in dashboards and reviews: what the secretariat approved.
    var isApproved: Bool { self == .approved || self == .locked }
}

/// The commune's settings for indicator values: how far a figure may move from the previous period before the person
/// must write a confirming note. A check parameter, not a legal figure, but data with its source like the others.
final class IndicatorSettings: Model, @unchecked Sendable {
    static let schema = "indicator_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    /// A figure that differs from the previous period's by more than this (per cent of the previous figure, or
    /// percentage points for a share) needs a confirming note.
    @Field(key: "jump_percent") var jumpPercent: Double
    @Field(key: "jump_source") var jumpSource: String
    /// The indicator that measures a village's progress in Bình dân học vụ số (the share of adults confirmed on VNeID
    /// as having basic digital skills, in the seeded set): the drive's page shows each village against its target.
    @OptionalField(key: "literacy_indicator_id") var literacyIndicatorID: UUID?
    @Field(key: "version") var version: Int
    init() {}
}

final class Indicator: Model, @unchecked Sendable {
    static let schema = "indicators"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    /// Short code, unique in the commune ("CDS01"); the import matches rows by it.
    @Field(key: "code") var code: String
    @Field(key: "position") var position: Int
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int
    init() {}
}

/// One version of an indicator's definition, valid from `fromYear` until the next version's year.
final class IndicatorDefinition: Model, @unchecked Sendable {
    static let schema = "indicator_definitions"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "indicator_id") var indicatorID: UUID
    @Field(key: "from_year") var fromYear: Int
    @Field(key: "name") var name: String
    /// Giải thích chỉ tiêu: how it is counted, in words.
    @Field(key: "definition") var definition: String
    /// The numerator and denominator in words ("Số người từ 15 tuổi trở lên được xác nhận …"); empty unless a share.
    @Field(key: "numerator_label") var numeratorLabel: String
    @Field(key: "denominator_label") var denominatorLabel: String
    /// Đơn vị tính: "%", "người", "lớp", "tổ" …
    @Field(key: "measure") var measure: String
    /// ``IndicatorKind``
    @Field(key: "kind") var kind: String
    /// ``IndicatorDirection``
    @Field(key: "direction") var direction: String
    /// ``IndicatorLevel``
    @Field(key: "level") var level: String
    /// The group (nhóm chỉ số: "Nhân lực số", "Xã hội số" …) and its place in the list.
    @Field(key: "group_name") var groupName: String
    @Field(key: "group_position") var groupPosition: Int
    /// The movement's content area it serves (issue 2's content areas), if any.
    @OptionalField(key: "content_area_id") var contentAreaID: UUID?
    /// The document that defines it ("Kế hoạch số …/KH-UBND tỉnh Đồng Nai …").
    @Field(key: "source_document") var sourceDocument: String
    /// What proves the figure ("Danh sách trích xuất từ VNeID có xác nhận của Công an xã").
    @Field(key: "evidence_required") var evidenceRequired: String
    /// Shown on the public portal (issue 18) and the public dashboard.
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by_name") var createdByName: String
    init() {}
}

/// The target of an indicator for a year and a level ("≥ 60 %"), with where it comes from.
final class IndicatorTarget: Model, @unchecked Sendable {
    static let schema = "indicator_targets"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "indicator_id") var indicatorID: UUID
    @Field(key: "year") var year: Int
    /// ``IndicatorLevel``
    @Field(key: "level") var level: String
    @Field(key: "target") var target: Double
    /// "Kế hoạch số 19/KH-UBND ngày … của UBND tỉnh …"
    @Field(key: "source") var source: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by_name") var updatedByName: String
    @Field(key: "version") var version: Int
    init() {}
}

/// One figure of one indicator, for one period and one scope.
final class IndicatorValue: Model, @unchecked Sendable {
    static let schema = "indicator_values"
    /// The scope key of a commune-level value (a unit's is its id).
    static let communeScope = "commune"

    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "indicator_id") var indicatorID: UUID
    /// The definition the figure was entered under.
    @Field(key: "definition_id") var definitionID: UUID
    /// The village or unit; nil for a commune-level value.
    @OptionalField(key: "unit_id") var unitID: UUID?
    /// `unitID` as text, or ``communeScope``: one value per indicator, scope and period (a unique index).
    @Field(key: "scope_key") var scopeKey: String
    @Field(key: "year") var year: Int
    /// 1–4 for a quarter, 0 for the whole year.
    @Field(key: "quarter") var quarter: Int
    @OptionalField(key: "numerator") var numerator: Double?
    @OptionalField(key: "denominator") var denominator: Double?
    /// The figure: numerator ÷ denominator × 100 for a share, the count or number otherwise; nil while missing.
    @OptionalField(key: "value") var value: Double?
    @Field(key: "note") var note: String
    /// Why a figure far from the previous period's is right (required then).
    @Field(key: "jump_note") var jumpNote: String
    /// ``IndicatorValueStatus``
    @Field(key: "status") var status: String
    /// The secretariat's reason when it returned the value.
    @Field(key: "return_reason") var returnReason: String
    /// "form", "import", "demo", "scale".
    @Field(key: "source") var source: String
    @OptionalField(key: "entered_by") var enteredBy: UUID?
    @Field(key: "entered_by_name") var enteredByName: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "reviewed_by") var reviewedBy: UUID?
    @Field(key: "reviewed_by_name") var reviewedByName: String
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "version") var version: Int
    init() {}
}

/// A file that proves a value (a list exported from VNeID, a report, a photo), kept in the FileStore by its hash.
final class IndicatorEvidence: Model, @unchecked Sendable {
    static let schema = "indicator_evidence"
    @ID(key: .id) var id: UUID?
    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "value_id") var valueID: UUID
    @Field(key: "file_hash") var fileHash: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "original_name") var originalName: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension IndicatorSettings: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $jumpPercent, $jumpSource, $literacyIndicatorID, $version] }
}

extension Indicator: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $code, $position, $isActive, $createdAt, $version] }
}

extension IndicatorDefinition: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $indicatorID, $fromYear, $name, $definition, $numeratorLabel, $denominatorLabel, $measure, $kind,
         $direction, $level, $groupName, $groupPosition, $contentAreaID, $sourceDocument, $evidenceRequired, $isPublic,
         $createdAt, $createdByName]
    }
}

extension IndicatorTarget: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $indicatorID, $year, $level, $target, $source, $updatedAt, $updatedByName, $version]
    }
}

extension IndicatorValue: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $indicatorID, $definitionID, $unitID, $scopeKey, $year, $quarter, $numerator, $denominator, $value,
         $note, $jumpNote, $status, $returnReason, $source, $enteredBy, $enteredByName, $submittedAt, $reviewedBy,
         $reviewedByName, $reviewedAt, $createdAt, $updatedAt, $version]
    }
}

extension IndicatorEvidence: ListedFields {
    var listedFields: [any AnyDatabaseProperty] {
        [$id, $communeID, $valueID, $fileHash, $contentType, $size, $originalName, $uploadedBy, $createdAt]
    }
}

extension IndicatorDefinition {
    var kindValue: IndicatorKind { IndicatorKind(rawValue: kind) ?? .number }
    var directionValue: IndicatorDirection { IndicatorDirection(rawValue: direction) ?? .up }
    var levelValue: IndicatorLevel { IndicatorLevel(rawValue: level) ?? .commune }
}

extension IndicatorValue {
    var statusValue: IndicatorValueStatus { IndicatorValueStatus(rawValue: status) ?? .draft }
}

/// The definition a year uses: the version with the greatest `fromYear` ≤ the year (nil before the first version).
enum IndicatorDefinitions {
    static func effective(_ versions: [IndicatorDefinition], year: Int) -> IndicatorDefinition? {
        versions.filter { $0.fromYear <= year }.max { $0.fromYear < $1.fromYear }
    }

    /// For each indicator, the version `year` uses, from every version of the commune (one query's rows).
    static func effectiveByIndicator(_ versions: [IndicatorDefinition], year: Int) -> [UUID: IndicatorDefinition] {
        var result: [UUID: IndicatorDefinition] = [:]
        for v in versions where v.fromYear <= year {
            if let current = result[v.indicatorID], current.fromYear >= v.fromYear { continue }
            result[v.indicatorID] = v
        }
        return result
    }
}

/// The figure of a value from what was entered: nil while anything it needs is missing (never 0 for missing).
enum IndicatorFigure {
    static func value(kind: IndicatorKind, numerator: Double?, denominator: Double?, direct: Double?) -> Double? {
        switch kind {
        case .share:
            guard let numerator, let denominator, denominator > 0 else { return nil }
            return numerator / denominator * 100
        case .count, .number:
            return direct
        }
    }

    /// How far `value` is toward `target`, as a ratio (1 = met): for "higher is better" value ÷ target, for "lower is
    /// better" target ÷ value; nil when either is missing.
    static func attainment(value: Double?, target: Double?, direction: IndicatorDirection) -> Double? {
        guard let value, let target else { return nil }
        switch direction {
        case .up:
            guard target > 0 else { return value >= target ? 1 : nil }
            return value / target
        case .down:
            guard value > 0 else { return 1 }
            return target / value
        }
    }
}
