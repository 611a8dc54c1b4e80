import Fluent
import Foundation
import SQLKit

/// One version of an indicator's definition, as the pages and other parts of issue 16 read it.
struct IndicatorDefinitionRow: Sendable, Equatable {
    let id: UUID
    let indicatorID: UUID
    let fromYear: Int
    let name: String
    let definition: String
    let numeratorLabel: String
    let denominatorLabel: String
    let measure: String
    let kind: IndicatorKind
    let direction: IndicatorDirection
    let level: IndicatorLevel
    let groupName: String
    let groupPosition: Int
    let contentAreaID: UUID?
    let sourceDocument: String
    let evidenceRequired: String
    let isPublic: Bool
    let createdAt: Date
    let createdByName: String

    init(_ d: IndicatorDefinition) {
        id = d.id ?? UUID()
        indicatorID = d.indicatorID
        fromYear = d.fromYear
        name = d.name
        definition = d.definition
        numeratorLabel = d.numeratorLabel
        denominatorLabel = d.denominatorLabel
        measure = d.measure
        kind = d.kindValue
        direction = d.directionValue
        level = d.levelValue
        groupName = d.groupName
        groupPosition = d.groupPosition
        contentAreaID = d.contentAreaID
        sourceDocument = d.sourceDocument
        evidenceRequired = d.evidenceRequired
        isPublic = d.isPublic
        createdAt = d.createdAt
        createdByName = d.createdByName
    }
}

/// An indicator of the commune's catalogue with the definition a year uses (nil before its first version).
struct IndicatorEntry: Sendable, Equatable {
    let indicatorID: UUID
    let code: String
    let position: Int
    let isActive: Bool
    /// The indicator row's version: every change of the indicator or of its definitions moves it.
    let version: Int
    let definition: IndicatorDefinitionRow?
}

/// A target of an indicator for a year and a level, with its source.
struct IndicatorTargetRow: Sendable, Equatable {
    let id: UUID
    let indicatorID: UUID
    let year: Int
    let level: IndicatorLevel
    let target: Double
    let source: String
    let updatedAt: Date
    let updatedByName: String
    let version: Int
}

/// The commune's indicator settings (``IndicatorSettings``).
struct IndicatorSettingsRow: Sendable, Equatable {
    let jumpPercent: Double
    let jumpSource: String
    let literacyIndicatorID: UUID?
    let version: Int
}

/// Reading the catalogue. Every function takes the commune: another commune's indicator is not found. Each reads a
/// fixed number of statements (the catalogue page: indicators, definitions, the year's targets).
enum IndicatorCatalogueQueries {
    /// Every indicator of the commune (on and off) in its order, with the definition `year` uses.
    static func definitions(year: Int, commune communeID: UUID, on db: any Database) async throws -> [IndicatorEntry] {
        let indicators = try await Indicator.query(on: db).filter(\.$communeID == communeID).sort(\.$position).sort(\.$code).all()
        let versions = try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).all()
        let effective = IndicatorDefinitions.effectiveByIndicator(versions, year: year)
        return try indicators.map { i in
            let id = try i.requireID()
            return IndicatorEntry(indicatorID: id, code: i.code, position: i.position, isActive: i.isActive, version: i.version,
                                  definition: effective[id].map(IndicatorDefinitionRow.init))
        }
    }

    /// One indicator of the commune, or nil.
    static func indicator(_ id: UUID?, commune communeID: UUID, on db: any Database) async throws -> Indicator? {
        guard let id else { return nil }
        return try await Indicator.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first()
    }

    /// Every version of one indicator's definition, oldest first.
    static func versions(indicatorID: UUID, commune communeID: UUID, on db: any Database) async throws -> [IndicatorDefinitionRow] {
        try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).filter(\.$indicatorID == indicatorID)
            .sort(\.$fromYear).all().map(IndicatorDefinitionRow.init)
    }

    /// The targets of a year (every indicator, every level).
    static func targets(year: Int, commune communeID: UUID, on db: any Database) async throws -> [IndicatorTargetRow] {
        try await IndicatorTarget.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all().map(row)
    }

    /// Every target of one indicator, by year.
    static func targets(indicatorID: UUID, commune communeID: UUID, on db: any Database) async throws -> [IndicatorTargetRow] {
        try await IndicatorTarget.query(on: db).filter(\.$communeID == communeID).filter(\.$indicatorID == indicatorID)
            .sort(\.$year).all().map(row)
    }

    static func row(_ t: IndicatorTarget) throws -> IndicatorTargetRow {
        IndicatorTargetRow(id: try t.requireID(), indicatorID: t.indicatorID, year: t.year, level: IndicatorLevel(rawValue: t.level) ?? .commune,
                           target: t.target, source: t.source, updatedAt: t.updatedAt, updatedByName: t.updatedByName, version: t.version)
    }

    /// The commune's settings; a commune without a row gets the defaults (``IndicatorDefaults``) written first.
    static func settings(commune communeID: UUID, on db: any Database) async throws -> IndicatorSettingsRow {
        if let s = try await IndicatorSettings.query(on: db).filter(\.$communeID == communeID).first() {
            return IndicatorSettingsRow(jumpPercent: s.jumpPercent, jumpSource: s.jumpSource, literacyIndicatorID: s.literacyIndicatorID,
                                        version: s.version)
        }
        try await db.writeTransaction { db in
            let literacy = try await Indicator.query(on: db).filter(\.$communeID == communeID)
                .filter(\.$code == IndicatorDefaults.literacyCode).first()?.id
            try await db.sql.insert(into: IndicatorSettings.schema)
                .columns("id", "commune_id", "jump_percent", "jump_source", "literacy_indicator_id", "version")
                .values(SQLBind(UUID()), SQLBind(communeID), SQLBind(IndicatorDefaults.jumpPercent), SQLBind(IndicatorDefaults.jumpSource),
                        SQLBind(literacy), SQLBind(1))
                .ignoringConflicts(with: ["commune_id"])
                .run()
        }
        guard let s = try await IndicatorSettings.query(on: db).filter(\.$communeID == communeID).first() else { throw AppError.notFound }
        return IndicatorSettingsRow(jumpPercent: s.jumpPercent, jumpSource: s.jumpSource, literacyIndicatorID: s.literacyIndicatorID, version: s.version)
    }

    /// The groups a definition may be put in: the commune's own (from its definitions) and the eight of the seeded
    /// set, by position.
    static func groups(commune communeID: UUID, on db: any Database) async throws -> [IndicatorDefaults.Group] {
        let rows = try await db.sql.raw("""
            SELECT group_name, MIN(group_position) AS position FROM indicator_definitions
            WHERE commune_id = \(bind: communeID) GROUP BY group_name
            """).all()
        var byName: [String: Int] = [:]
        for g in IndicatorDefaults.groups { byName[g.name] = g.position }
        for row in rows {
            byName[try row.decode(column: "group_name", as: String.self)] = try row.decode(column: "position", as: Int.self)
        }
        return byName.map { IndicatorDefaults.Group(position: $0.value, name: $0.key) }
            .sorted { ($0.position, $0.name) < ($1.position, $1.name) }
    }

    /// The movement content areas of the commune (choices of a definition), in order.
    static func contentAreas(commune communeID: UUID, on db: any Database) async throws -> [Choice] {
        try await ContentArea.query(on: db).filter(\.$communeID == communeID).sort(\.$position).all()
            .map { Choice(value: $0.id?.uuidString.lowercased() ?? "", label: "\($0.position). \($0.name)") }
    }

    /// How many approved or locked values of `year` or later were entered under `definitionID`, and the latest year.
    static func approvedUse(definitionID: UUID, fromYear year: Int, on db: any Database) async throws -> (count: Int, lastYear: Int?) {
        let statuses = IndicatorValueStatus.allCases.filter(\.isApproved).map(\.rawValue)
        let row = try await db.sql.raw("""
            SELECT COUNT(*) AS n, MAX(year) AS last FROM indicator_values
            WHERE definition_id = \(bind: definitionID) AND year >= \(bind: year) AND status IN (\(binds: statuses))
            """).first()
        return (try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "last", as: Int?.self))
    }
}
