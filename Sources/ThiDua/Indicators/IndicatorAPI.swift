import Fluent
import Foundation
import Vapor

/// `/api/v1/indicators…`, `/api/v1/indicator-targets…`: the catalogue (each indicator with the definition a year uses,
/// every version of one, a new version from a year), the targets of a year, and the dashboard's figures — the pages'
/// commands (``IndicatorCatalogueCommands``), reads (``IndicatorCatalogueQueries``, ``IndicatorQueries``) and
/// permission rule (``Policy``). Nothing here checks or writes on its own: a body becomes the same input the form
/// produces, and the command's field messages come back as a 422 named by the body's keys.
///
/// This file: routes, catalogue, targets, dashboard. Values: IndicatorValueAPI.swift.
enum IndicatorAPI {
    static func register(_ api: any RoutesBuilder) {
        let r = api.grouped("indicators")
        r.get(use: catalogue)
        r.post(use: create)
        r.get("dashboard", use: dashboard)
        r.get(":id", use: indicator)
        r.post(":id", "definitions", use: addDefinition)
        api.get("indicator-targets", use: targets)
        api.put("indicator-targets", ":year", use: saveTargets)
        IndicatorValueAPI.register(api)
    }

    // MARK: JSON shapes

    struct DefinitionDTO: Content {
        let id: UUID; let fromYear: Int; let name: String; let definition: String; let numeratorLabel: String; let denominatorLabel: String
        let measure: String; let kind: String; let direction: String; let level: String; let groupName: String; let groupPosition: Int
        let contentAreaId: UUID?; let sourceDocument: String; let evidenceRequired: String; let isPublic: Bool; let createdAt: Date
        let createdByName: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(fromYear, forKey: .fromYear); try c.encode(name, forKey: .name)
            try c.encode(definition, forKey: .definition); try c.encode(numeratorLabel, forKey: .numeratorLabel)
            try c.encode(denominatorLabel, forKey: .denominatorLabel); try c.encode(measure, forKey: .measure); try c.encode(kind, forKey: .kind)
            try c.encode(direction, forKey: .direction); try c.encode(level, forKey: .level); try c.encode(groupName, forKey: .groupName)
            try c.encode(groupPosition, forKey: .groupPosition); try c.encode(contentAreaId, forKey: .contentAreaId)
            try c.encode(sourceDocument, forKey: .sourceDocument); try c.encode(evidenceRequired, forKey: .evidenceRequired)
            try c.encode(isPublic, forKey: .isPublic); try c.encode(createdAt, forKey: .createdAt); try c.encode(createdByName, forKey: .createdByName)
        }
    }

    struct TargetDTO: Content {
        let id: UUID; let indicatorId: UUID; let year: Int; let level: String; let target: Double; let source: String
        let updatedAt: Date; let updatedByName: String; let version: Int
    }

    /// An indicator: `definition` is the one the year asked uses (null before its first version); `definitions` and
    /// `targets` (every version, every year) only when one indicator is read.
    struct IndicatorDTO: Content {
        let id: UUID; let code: String; let position: Int; let isActive: Bool; let version: Int; let definition: DefinitionDTO?
        var definitions: [DefinitionDTO]? = nil
        var targets: [TargetDTO]? = nil

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(code, forKey: .code); try c.encode(position, forKey: .position)
            try c.encode(isActive, forKey: .isActive); try c.encode(version, forKey: .version); try c.encode(definition, forKey: .definition)
            try c.encodeIfPresent(definitions, forKey: .definitions); try c.encodeIfPresent(targets, forKey: .targets)
        }
    }

    struct CatalogueDTO: Content { let year: Int; let indicators: [IndicatorDTO]; let targets: [TargetDTO] }

    static func definition(_ d: IndicatorDefinitionRow) -> DefinitionDTO {
        DefinitionDTO(id: d.id, fromYear: d.fromYear, name: d.name, definition: d.definition, numeratorLabel: d.numeratorLabel,
                      denominatorLabel: d.denominatorLabel, measure: d.measure, kind: d.kind.rawValue, direction: d.direction.rawValue,
                      level: d.level.rawValue, groupName: d.groupName, groupPosition: d.groupPosition, contentAreaId: d.contentAreaID,
                      sourceDocument: d.sourceDocument, evidenceRequired: d.evidenceRequired, isPublic: d.isPublic, createdAt: d.createdAt,
                      createdByName: d.createdByName)
    }

    static func target(_ t: IndicatorTargetRow) -> TargetDTO {
        TargetDTO(id: t.id, indicatorId: t.indicatorID, year: t.year, level: t.level.rawValue, target: t.target, source: t.source,
                  updatedAt: t.updatedAt, updatedByName: t.updatedByName, version: t.version)
    }

    static func entry(_ e: IndicatorEntry) -> IndicatorDTO {
        IndicatorDTO(id: e.indicatorID, code: e.code, position: e.position, isActive: e.isActive, version: e.version,
                     definition: e.definition.map(definition))
    }

    static func path(_ id: UUID?) -> String { "/api/v1/indicators/\(id?.uuidString.lowercased() ?? "")" }

    // MARK: helpers

    /// `?year=` (or a path's year): absent → this year held to the movement's years (as the pages); not a whole number
    /// of 2020–2100 → 422.
    static func year(_ req: Request, _ raw: String? = nil) throws -> Int {
        guard let raw = raw ?? req.query[String.self, at: "year"] else { return IndicatorCatalogueController.year(req) }
        guard let year = Int(raw), IndicatorCatalogueCommands.years.contains(year) else {
            throw AppError.validation(fields: ["year": IndicatorText.Catalogue.badTargetYear], message: IndicatorText.Catalogue.badTargetYear)
        }
        return year
    }

    /// A number as the form carries it ("2,5"; nil → left empty), for the command to read by the same rules.
    static func typed(_ value: Double?) -> String { InspectionAPI.typed(value) }

    /// The indicator of the path, of the user's commune (another's: 404).
    static func load(_ req: Request) async throws -> Indicator {
        let user = try req.requireUser()
        guard let i = try await IndicatorCatalogueQueries.indicator(req.parameters.get("id", as: UUID.self), commune: user.communeID, on: req.db) else {
            throw AppError.notFound
        }
        return i
    }

    static func detail(_ req: Request, _ i: Indicator) async throws -> IndicatorDTO {
        let user = try req.requireUser()
        let id = try i.requireID()
        let versions = try await IndicatorCatalogueQueries.versions(indicatorID: id, commune: user.communeID, on: req.db)
        let targets = try await IndicatorCatalogueQueries.targets(indicatorID: id, commune: user.communeID, on: req.db)
        let y = try year(req)
        return IndicatorDTO(id: id, code: i.code, position: i.position, isActive: i.isActive, version: i.version,
                            definition: IndicatorDefinitions.effectiveRow(versions, year: y).map(definition),
                            definitions: versions.map(definition), targets: targets.map(target))
    }

    struct DefinitionBody: Content {
        var code: String?; var fromYear: Int?; var name: String?; var definition: String?; var numeratorLabel: String?
        var denominatorLabel: String?; var measure: String?; var kind: String?; var direction: String?; var level: String?
        var groupName: String?; var newGroup: String?; var contentAreaId: String?; var sourceDocument: String?; var evidenceRequired: String?
        var isPublic: Bool?; var version: Int?

        var input: IndicatorDefinitionInput {
            IndicatorDefinitionInput(code: code, fromYear: fromYear.map(String.init), name: name, definition: definition, numeratorLabel: numeratorLabel,
                                     denominatorLabel: denominatorLabel, measure: measure, kind: kind, direction: direction, level: level,
                                     groupName: groupName, newGroup: newGroup, contentAreaId: contentAreaId, sourceDocument: sourceDocument,
                                     evidenceRequired: evidenceRequired, isPublic: isPublic ?? false)
        }
    }

    // MARK: catalogue

    static func catalogue(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        let y = try year(req)
        let entries = try await IndicatorCatalogueQueries.definitions(year: y, commune: user.communeID, on: req.db)
        let targets = try await IndicatorCatalogueQueries.targets(year: y, commune: user.communeID, on: req.db)
        return try APIJSON.response(CatalogueDTO(year: y, indicators: entries.map(entry),
                                                 targets: targets.sorted { ($0.indicatorID.uuidString, $0.level.rawValue) < ($1.indicatorID.uuidString, $1.level.rawValue) }
                                                     .map(target)))
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        let b = try req.decodeJSON(DefinitionBody.self)
        let i = try await IndicatorCatalogueCommands.createIndicator(b.input, by: user, actor: try req.auditActor(), on: req.db)
        return try InspectionAPI.created(try await detail(req, i), location: path(i.id))
    }

    static func indicator(req: Request) async throws -> Response {
        try req.authorize(.viewIndicators)
        return try APIJSON.response(try await detail(req, try await load(req)))
    }

    /// A definition "áp dụng từ năm" `fromYear`, based on the indicator's `version` (required): a new version, or that
    /// year's version changed in place when nothing approved used it (the command's rule). 201 for a new version.
    static func addDefinition(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        let i = try await load(req)
        let b = try req.decodeJSON(DefinitionBody.self)
        let version = try InspectionAPI.requireVersion(b.version)
        var input = b.input
        input.code = nil
        let outcome = try await IndicatorCatalogueCommands.saveDefinition(indicatorID: i.id, input, expectedVersion: version, by: user,
                                                                          actor: try req.auditActor(), on: req.db)
        guard let fresh = try await IndicatorCatalogueQueries.indicator(i.id, commune: user.communeID, on: req.db) else { throw AppError.notFound }
        let dto = try await detail(req, fresh)
        if case .created = outcome { return try InspectionAPI.created(dto, location: path(i.id)) }
        return try APIJSON.response(dto)
    }

    // MARK: targets

    /// One indicator's target line of a year: its effective definition's level, and the target (null: none set).
    struct TargetLineDTO: Content {
        let indicatorId: UUID; let code: String; let name: String; let kind: String; let level: String; let measure: String
        let target: Double?; let source: String; let version: Int?; let updatedAt: Date?; let updatedByName: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(indicatorId, forKey: .indicatorId); try c.encode(code, forKey: .code); try c.encode(name, forKey: .name)
            try c.encode(kind, forKey: .kind); try c.encode(level, forKey: .level); try c.encode(measure, forKey: .measure)
            try c.encode(target, forKey: .target); try c.encode(source, forKey: .source); try c.encode(version, forKey: .version)
            try c.encode(updatedAt, forKey: .updatedAt); try c.encode(updatedByName, forKey: .updatedByName)
        }
    }

    struct TargetsDTO: Content { let year: Int; let targets: [TargetLineDTO] }

    static func targetLines(_ req: Request, year: Int) async throws -> TargetsDTO {
        let user = try req.requireUser()
        let entries = try await IndicatorCatalogueQueries.definitions(year: year, commune: user.communeID, on: req.db)
        var byKey: [String: IndicatorTargetRow] = [:]
        for t in try await IndicatorCatalogueQueries.targets(year: year, commune: user.communeID, on: req.db) { byKey["\(t.indicatorID)|\(t.level.rawValue)"] = t }
        let lines = entries.compactMap { e -> TargetLineDTO? in
            guard let d = e.definition else { return nil }
            let t = byKey["\(e.indicatorID)|\(d.level.rawValue)"]
            return TargetLineDTO(indicatorId: e.indicatorID, code: e.code, name: d.name, kind: d.kind.rawValue, level: d.level.rawValue,
                                 measure: d.measure, target: t?.target, source: t?.source ?? "", version: t?.version, updatedAt: t?.updatedAt,
                                 updatedByName: t?.updatedByName ?? "")
        }
        return TargetsDTO(year: year, targets: lines)
    }

    static func targets(req: Request) async throws -> Response {
        try req.authorize(.viewIndicators)
        return try APIJSON.response(try await targetLines(req, year: try year(req)))
    }

    struct TargetBody: Content { var indicatorId: String?; var target: Double?; var source: String?; var version: Int? }
    struct TargetsBody: Content { var targets: [TargetBody] }

    /// The year's targets, one line per indicator named (others are left as they are): `target` null removes the
    /// year's target; each line's `version` is the target row's (null when there is none; a stale one → 409).
    static func saveTargets(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        guard let raw = req.parameters.get("year"), let y = Int(raw), IndicatorCatalogueCommands.years.contains(y) else { throw AppError.notFound }
        let b = try req.decodeJSON(TargetsBody.self)
        let lines = b.targets.map {
            IndicatorTargetInput(indicatorId: $0.indicatorId, target: typed($0.target), source: $0.source, version: $0.version.map(String.init))
        }
        _ = try await InspectionAPI.naming({ key, _ in
            InspectionAPI.nested(key, "target", to: "targets", "target") ?? InspectionAPI.nested(key, "source", to: "targets", "source") ?? key
        }) {
            try await IndicatorCatalogueCommands.saveTargets(year: String(y), lines, by: user, actor: try req.auditActor(), on: req.db)
        }
        return try APIJSON.response(try await targetLines(req, year: y))
    }

    // MARK: dashboard

    struct CommuneFigureDTO: Content {
        let value: Double?; let reported: Int; let expected: Int; let target: Double?; let attainment: Double?; let band: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(value, forKey: .value); try c.encode(reported, forKey: .reported); try c.encode(expected, forKey: .expected)
            try c.encode(target, forKey: .target); try c.encode(attainment, forKey: .attainment); try c.encode(band, forKey: .band)
        }
    }

    struct ScopeFigureDTO: Content {
        let unitId: UUID; let name: String; let level: String; let numerator: Double?; let denominator: Double?; let value: Double?
        let target: Double?; let attainment: Double?; let band: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(unitId, forKey: .unitId); try c.encode(name, forKey: .name); try c.encode(level, forKey: .level)
            try c.encode(numerator, forKey: .numerator); try c.encode(denominator, forKey: .denominator); try c.encode(value, forKey: .value)
            try c.encode(target, forKey: .target); try c.encode(attainment, forKey: .attainment); try c.encode(band, forKey: .band)
        }
    }

    struct ResultDTO: Content {
        let indicatorId: UUID; let code: String; let name: String; let measure: String; let unit: String; let kind: String; let direction: String
        let level: String; let groupName: String; let isPublic: Bool; let commune: CommuneFigureDTO; let scopes: [ScopeFigureDTO]
    }

    struct DashboardDTO: Content { let year: Int; let quarter: Int; let groups: [String]; let indicators: [ResultDTO] }

    /// JSON has no infinity: a ratio that is not finite is left out (null).
    static func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }

    static func result(_ r: IndicatorResult) -> ResultDTO {
        let c = r.commune
        return ResultDTO(indicatorId: r.spec.indicatorID, code: r.spec.code, name: r.spec.name, measure: r.spec.measure, unit: r.spec.unit,
                         kind: r.spec.kind.rawValue, direction: r.spec.direction.rawValue, level: r.spec.level.rawValue, groupName: r.spec.groupName,
                         isPublic: r.spec.isPublic,
                         commune: CommuneFigureDTO(value: finite(c.value), reported: c.reported, expected: c.expected, target: finite(c.target),
                                                   attainment: finite(c.attainment), band: c.band.rawValue),
                         scopes: r.scopes.map { s in
                             ScopeFigureDTO(unitId: s.scope.unitID, name: s.scope.name, level: s.scope.level.rawValue, numerator: finite(s.numerator),
                                            denominator: finite(s.denominator), value: finite(s.value), target: finite(s.target),
                                            attainment: finite(s.attainment), band: s.band.rawValue)
                         })
    }

    /// The dashboard's figures (approved values only; missing stays null), for everyone signed in, as the page:
    /// `?year=` (2025–2030; absent → this year held to them), `quarter` (0 the whole year, the default; 1–4), `group`,
    /// `area` (a content area id).
    static func dashboard(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        var filter = IndicatorDashboardController.Filter(req)
        if let raw = req.query[String.self, at: "year"] {
            guard let y = Int(raw), IndicatorAggregates.years.contains(y) else {
                throw AppError.validation(fields: ["year": IndicatorText.Catalogue.badTargetYear], message: IndicatorText.Catalogue.badTargetYear)
            }
            filter.year = y
        }
        if let raw = req.query[String.self, at: "quarter"] {
            guard let q = Int(raw), (0...4).contains(q) else {
                throw AppError.validation(fields: ["quarter": IndicatorText.Values.badQuarter], message: IndicatorText.Values.badQuarter)
            }
            filter.quarter = q
        }
        if let raw = req.query[String.self, at: "area"], UUID(uuidString: raw) == nil {
            throw AppError.validation(fields: ["area": CoreText.invalidChoice], message: CoreText.invalidChoice)
        }
        let data = try await IndicatorQueries.dashboard(communeID: user.communeID, year: filter.year, quarter: filter.quarter, group: filter.group,
                                                        contentArea: filter.area, on: req.db)
        return try APIJSON.response(DashboardDTO(year: data.year, quarter: data.quarter, groups: data.groups, indicators: data.results.map(result)))
    }
}
