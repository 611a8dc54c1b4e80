import Fluent
import Foundation
import Vapor

/// `/api/v1/indicator-values…`: one scope's figures for a period (as the entry page shows them), saving them, sending
/// them to the secretariat, approving and returning — ``IndicatorValueCommands`` and the entry page's read
/// (``IndicatorValueController/data(_:_:_:_:)``). Numbers are JSON numbers; null is missing (never 0). A focal point
/// reads and writes its own unit only (403 for another unit of the commune; another commune's unit: 404).
enum IndicatorValueAPI {
    typealias T = IndicatorText.Values

    static func register(_ api: any RoutesBuilder) {
        let r = api.grouped("indicator-values")
        r.get(use: values)
        r.put(use: save)
        r.post("submit", use: submit)
        r.post("approve", use: approve)
        r.post("return", use: returnValue)
        r.post("lock", use: lock)
    }

    // MARK: JSON shapes

    struct EvidenceDTO: Content { let id: UUID; let name: String; let contentType: String; let size: Int; let uploadedBy: String; let createdAt: Date }

    /// A stored value; null numbers are missing.
    struct ValueDTO: Content {
        let id: UUID; let indicatorId: UUID; let definitionId: UUID; let unitId: UUID?; let scope: String; let year: Int; let quarter: Int
        let numerator: Double?; let denominator: Double?; let value: Double?; let note: String; let jumpNote: String; let status: String
        let returnReason: String; let source: String; let enteredByName: String; let submittedAt: Date?; let reviewedByName: String
        let reviewedAt: Date?; let updatedAt: Date; let version: Int; let evidence: [EvidenceDTO]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(indicatorId, forKey: .indicatorId); try c.encode(definitionId, forKey: .definitionId)
            try c.encode(unitId, forKey: .unitId); try c.encode(scope, forKey: .scope); try c.encode(year, forKey: .year)
            try c.encode(quarter, forKey: .quarter); try c.encode(numerator, forKey: .numerator); try c.encode(denominator, forKey: .denominator)
            try c.encode(value, forKey: .value); try c.encode(note, forKey: .note); try c.encode(jumpNote, forKey: .jumpNote)
            try c.encode(status, forKey: .status); try c.encode(returnReason, forKey: .returnReason); try c.encode(source, forKey: .source)
            try c.encode(enteredByName, forKey: .enteredByName); try c.encode(submittedAt, forKey: .submittedAt)
            try c.encode(reviewedByName, forKey: .reviewedByName); try c.encode(reviewedAt, forKey: .reviewedAt)
            try c.encode(updatedAt, forKey: .updatedAt); try c.encode(version, forKey: .version); try c.encode(evidence, forKey: .evidence)
        }
    }

    /// One indicator of the scope's level with its definition in force, the year's target at that level, and the
    /// stored value (null: nothing entered).
    struct LineDTO: Content {
        let indicatorId: UUID; let code: String; let name: String; let kind: String; let measure: String; let numeratorLabel: String
        let denominatorLabel: String; let evidenceRequired: String; let target: Double?; let targetSource: String; let value: ValueDTO?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(indicatorId, forKey: .indicatorId); try c.encode(code, forKey: .code); try c.encode(name, forKey: .name)
            try c.encode(kind, forKey: .kind); try c.encode(measure, forKey: .measure); try c.encode(numeratorLabel, forKey: .numeratorLabel)
            try c.encode(denominatorLabel, forKey: .denominatorLabel); try c.encode(evidenceRequired, forKey: .evidenceRequired)
            try c.encode(target, forKey: .target); try c.encode(targetSource, forKey: .targetSource); try c.encode(value, forKey: .value)
        }
    }

    struct ScopeDTO: Content {
        let key: String; let unitId: UUID?; let name: String; let level: String
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key); try c.encode(unitId, forKey: .unitId); try c.encode(name, forKey: .name); try c.encode(level, forKey: .level)
        }
    }

    struct ScopeValuesDTO: Content { let year: Int; let quarter: Int; let scope: ScopeDTO; let canEnter: Bool; let lines: [LineDTO] }

    struct CountDTO: Content { let count: Int }

    static func value(_ v: IndicatorValue, evidence: [IndicatorEvidence]) -> ValueDTO {
        ValueDTO(id: v.id!, indicatorId: v.indicatorID, definitionId: v.definitionID, unitId: v.unitID, scope: v.scopeKey, year: v.year,
                 quarter: v.quarter, numerator: v.numerator, denominator: v.denominator, value: v.value, note: v.note, jumpNote: v.jumpNote,
                 status: v.status, returnReason: v.returnReason, source: v.source, enteredByName: v.enteredByName, submittedAt: v.submittedAt,
                 reviewedByName: v.reviewedByName, reviewedAt: v.reviewedAt, updatedAt: v.updatedAt, version: v.version,
                 evidence: evidence.map { EvidenceDTO(id: $0.id!, name: $0.originalName, contentType: $0.contentType, size: $0.size,
                                                      uploadedBy: $0.uploadedBy, createdAt: $0.createdAt) })
    }

    /// The scope's lines for the period, from the entry page's read.
    static func scopeValues(_ req: Request, _ user: CurrentUser, _ scope: IndicatorScope, _ p: IndicatorValueController.Period) async throws -> ScopeValuesDTO {
        let d = try await IndicatorValueController.data(req, user, scope, p)
        let lines = d.lines.map { indicator, definition -> LineDTO in
            let id = indicator.id!
            let v = d.values[id], t = d.targets[id]
            return LineDTO(indicatorId: id, code: indicator.code, name: definition.name, kind: definition.kind, measure: definition.measure,
                           numeratorLabel: definition.numeratorLabel, denominatorLabel: definition.denominatorLabel,
                           evidenceRequired: definition.evidenceRequired, target: t?.target, targetSource: t?.source ?? "",
                           value: v.map { value($0, evidence: d.evidence[$0.id!] ?? []) })
        }
        return ScopeValuesDTO(year: p.year, quarter: p.quarter,
                              scope: ScopeDTO(key: scope.key, unitId: scope.unitID, name: scope.unitName, level: scope.kind.level.rawValue),
                              canEnter: Policy.allows(user, .enterIndicatorValues(unitID: scope.unitID, communeID: scope.communeID)), lines: lines)
    }

    // MARK: period and scope

    static func invalid(_ field: String, _ message: String) -> AppError { .validation(fields: [field: message], message: message) }

    /// The period: `year` absent → this year; `quarter` absent → the whole year (0); anything else 0–4 → 422.
    static func period(_ req: Request, year: Int?, quarter: Int?) throws -> IndicatorValueController.Period {
        let y = year ?? LocalDate(req.now).year
        guard (1900...2100).contains(y) else { throw invalid("year", IndicatorText.Catalogue.badTargetYear) }
        let q = quarter ?? 0
        guard (0...4).contains(q) else { throw invalid("quarter", T.badQuarter) }
        return IndicatorValueController.Period(year: y, quarter: q)
    }

    /// The scope `unit` names ("commune" or a unit id; absent → the focal point's own unit), seen by the user:
    /// another commune's unit or an unknown id → 404, a unit the user may not see → 403.
    static func scope(_ req: Request, _ user: CurrentUser, _ text: String?) async throws -> IndicatorScope {
        try req.authorize(.viewIndicators)
        let scope: IndicatorScope
        if let s = try await IndicatorScope.find(text, communeID: user.communeID, on: req.db) {
            scope = s
        } else if let unitID = Policy.ownUnit(user), let u = try await Unit.find(unitID, on: req.db) {
            scope = .unit(u)
        } else {
            throw invalid("unit", CoreText.required)
        }
        guard scope.communeID == user.communeID else { throw AppError.notFound }
        guard Policy.allows(user, .viewIndicatorValues(unitID: scope.unitID, communeID: scope.communeID)) else { throw AppError.forbidden }
        return scope
    }

    // MARK: routes

    /// `?year=&quarter=&unit=`.
    static func values(req: Request) async throws -> Response {
        let user = try req.requireUser()
        func int(_ key: String, _ message: String) throws -> Int? {
            guard let raw = req.query[String.self, at: key] else { return nil }
            guard let n = Int(raw) else { throw invalid(key, message) }
            return n
        }
        let p = try period(req, year: try int("year", IndicatorText.Catalogue.badTargetYear), quarter: try int("quarter", T.badQuarter))
        let s = try await scope(req, user, req.query[String.self, at: "unit"])
        return try APIJSON.response(try await scopeValues(req, user, s, p))
    }

    struct LineBody: Content {
        var indicatorId: String?; var numerator: Double?; var denominator: Double?; var value: Double?; var note: String?; var jumpNote: String?
        var version: Int?
    }
    struct SaveBody: Content { var year: Int?; var quarter: Int?; var unit: String?; var values: [LineBody] }
    struct PeriodBody: Content { var year: Int?; var quarter: Int?; var unit: String? }

    /// Saves the figures of the lines given (all or nothing; lines left out are not touched). A stored value's line
    /// carries its `version` (409 when it changed meanwhile); null numbers are missing. A refused line's fields are
    /// named `values.<n>.<field>` (n: the line in the body).
    static func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let b = try req.decodeJSON(SaveBody.self)
        let p = try period(req, year: b.year, quarter: b.quarter)
        let s = try await scope(req, user, b.unit)
        var lines: [IndicatorEntryLine] = []
        var index: [String: Int] = [:]
        for (n, line) in b.values.enumerated() {
            guard let id = Check.uuid(line.indicatorId) else { throw invalid("values.\(n).indicatorId", T.unknownIndicator) }
            if index[id.uuidString.lowercased()] != nil { throw invalid("values.\(n).indicatorId", T.unknownIndicator) }
            index[id.uuidString.lowercased()] = n
            let input = IndicatorValueInput(numerator: IndicatorAPI.typed(line.numerator), denominator: IndicatorAPI.typed(line.denominator),
                                            value: IndicatorAPI.typed(line.value), note: line.note ?? "", jumpNote: line.jumpNote ?? "")
            lines.append(IndicatorEntryLine(indicatorID: id, input: input, version: line.version))
        }
        _ = try await InspectionAPI.naming({ key, _ in
            if key == "scope" { return "unit" }
            let parts = key.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let n = index[String(parts[1])] else { return key }
            return "values.\(n).\(parts[0])"
        }) {
            try await IndicatorValueCommands.save(scope: s, year: p.year, quarter: p.quarter, lines: lines, by: user, actor: try req.auditActor(), on: req.db)
        }
        return try APIJSON.response(try await scopeValues(req, user, s, p))
    }

    /// Sends the scope's draft and returned figures of the period to the secretariat.
    static func submit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let b = try InspectionAPI.optionalJSON(req, PeriodBody.self, empty: PeriodBody())
        let p = try period(req, year: b.year, quarter: b.quarter)
        let s = try await scope(req, user, b.unit)
        try await IndicatorValueCommands.submit(scope: s, year: p.year, quarter: p.quarter, by: user, actor: try req.auditActor(),
                                                notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await scopeValues(req, user, s, p))
    }

    struct ItemBody: Content { var id: String?; var version: Int? }
    struct ApproveBody: Content { var values: [ItemBody] }
    struct ReturnBody: Content { var id: String?; var version: Int?; var reason: String? }
    struct LockBody: Content { var year: Int? }

    /// The values of the user's commune named by `ids` (an unknown one, or another commune's: 404).
    static func rows(_ req: Request, _ user: CurrentUser, _ ids: [String?]) async throws -> [IndicatorValue] {
        let uuids = try ids.map { text -> UUID in
            guard let id = Check.uuid(text) else { throw AppError.notFound }
            return id
        }
        let found = uuids.isEmpty ? [] : try await IndicatorValue.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id ~~ uuids).all()
        let byID = Dictionary(found.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return try uuids.map { id in
            guard let v = byID[id] else { throw AppError.notFound }
            return v
        }
    }

    /// The secretariat approves submitted values, each from the version it read (when given); all or none.
    static func approve(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let b = try req.decodeJSON(ApproveBody.self)
        let values = try await rows(req, user, b.values.map(\.id))
        let n = try await IndicatorValueCommands.approve(Array(zip(values, b.values.map(\.version))).map { (value: $0.0, version: $0.1) }, by: user,
                                                         actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(CountDTO(count: n))
    }

    /// The secretariat returns a submitted value with its reason (required).
    static func returnValue(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let b = try req.decodeJSON(ReturnBody.self)
        guard let v = try await rows(req, user, [b.id]).first else { throw AppError.notFound }
        try await IndicatorValueCommands.returnValue(v, expectedVersion: b.version, reason: b.reason, by: user, actor: try req.auditActor(),
                                                     notifier: req.application.notifier, on: req.db)
        let evidence = try await IndicatorEvidence.query(on: req.db).filter(\.$valueID == v.id!).sort(\.$createdAt).all()
        return try APIJSON.response(value(v, evidence: evidence))
    }

    /// The secretariat locks the commune's approved figures of a year (as the review page's button): nobody changes
    /// them after, and the year takes no new figure.
    static func lock(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let b = try req.decodeJSON(LockBody.self)
        guard let year = b.year, IndicatorAggregates.years.contains(year) else {
            throw AppError.validation(fields: ["year": IndicatorText.Catalogue.badTargetYear], message: IndicatorText.Catalogue.badTargetYear)
        }
        let n = try await IndicatorValueCommands.lockYear(year, communeID: user.communeID, by: user, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(CountDTO(count: n))
    }
}
