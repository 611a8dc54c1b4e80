import Fluent
import Foundation
import SQLKit

/// A definition as typed in the form (or sent by the API): every field as text, checked by
/// ``IndicatorCatalogueCommands``. `code` is read only when an indicator is created.
struct IndicatorDefinitionInput: Sendable {
    var code: String?
    var fromYear: String?
    var name: String?
    var definition: String?
    var numeratorLabel: String?
    var denominatorLabel: String?
    var measure: String?
    /// ``IndicatorKind`` raw value.
    var kind: String?
    /// ``IndicatorDirection`` raw value.
    var direction: String?
    /// ``IndicatorLevel`` raw value.
    var level: String?
    /// A group of the list (``IndicatorCatalogueQueries/groups(commune:on:)``), or a new one in `newGroup`.
    var groupName: String?
    var newGroup: String?
    var contentAreaId: String?
    var sourceDocument: String?
    var evidenceRequired: String?
    var isPublic: Bool = false
}

/// A definition once checked.
struct CheckedIndicatorDefinition: Sendable, Equatable {
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
}

/// One line of the targets form: the indicator, the target as typed ("1.500", "60,5"; empty: no target for the
/// year), its source, and the version of the target row the form was built from (empty when there was none).
struct IndicatorTargetInput: Sendable {
    var indicatorId: String?
    var target: String?
    var source: String?
    var version: String?
}

/// The settings form.
struct IndicatorSettingsInput: Sendable {
    var jumpPercent: String?
    var jumpSource: String?
    var literacyIndicatorId: String?
}

/// The changes to the catalogue, one function per use case; the pages and the API call the same ones. Each checks who
/// acts (``Action/manageIndicatorCatalogue``), what was sent (one Vietnamese message per field), the version the
/// person saw (409 when someone saved in between), and writes the rows and the audit entry in one transaction.
enum IndicatorCatalogueCommands {
    typealias T = IndicatorText.Catalogue
    static let years = 2020...2100
    static let codeCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")

    static func invalid(_ errors: [String: String]) -> AppError { .validation(fields: errors, message: CoreText.formHasErrors) }

    static func requireManage(_ user: CurrentUser) throws {
        guard Policy.allows(user, .manageIndicatorCatalogue) else { throw AppError.forbidden }
    }

    static func versionRequired() -> AppError {
        .validation(fields: ["version": CoreText.versionRequired], message: CoreText.versionRequired)
    }

    /// What a new definition version (or a new indicator) says, checked.
    static func check(_ input: IndicatorDefinitionInput, communeID: UUID, on db: any Database,
                      into errors: inout [String: String]) async throws -> CheckedIndicatorDefinition? {
        let yearText = TextFolding.clean(input.fromYear)
        let year = Int(yearText)
        if yearText.isEmpty { errors["fromYear"] = CoreText.required } else if year == nil || !years.contains(year!) { errors["fromYear"] = T.badYear }
        let name = Check.text(input.name, "name", max: 300, required: true, into: &errors)
        let definition = Check.text(input.definition, "definition", max: TextLimit.long, required: true, into: &errors)
        let kind = IndicatorKind(rawValue: TextFolding.clean(input.kind))
        if kind == nil { errors["kind"] = TextFolding.clean(input.kind).isEmpty ? CoreText.required : CoreText.invalidChoice }
        let direction = IndicatorDirection(rawValue: TextFolding.clean(input.direction))
        if direction == nil { errors["direction"] = TextFolding.clean(input.direction).isEmpty ? CoreText.required : CoreText.invalidChoice }
        let level = IndicatorLevel(rawValue: TextFolding.clean(input.level))
        if level == nil { errors["level"] = TextFolding.clean(input.level).isEmpty ? CoreText.required : CoreText.invalidChoice }
        let isShare = kind == .share
        var numerator = Check.text(input.numeratorLabel, "numeratorLabel", max: 1000, required: false, multiline: false, into: &errors)
        var denominator = Check.text(input.denominatorLabel, "denominatorLabel", max: 1000, required: false, multiline: false, into: &errors)
        if isShare && numerator.isEmpty && errors["numeratorLabel"] == nil { errors["numeratorLabel"] = T.numeratorRequired }
        if isShare && denominator.isEmpty && errors["denominatorLabel"] == nil { errors["denominatorLabel"] = T.denominatorRequired }
        if kind != nil && !isShare { numerator = ""; denominator = "" }
        var measure = Check.text(input.measure, "measure", max: 50, required: !isShare, into: &errors)
        if isShare && measure.isEmpty { measure = "%" }
        let source = Check.text(input.sourceDocument, "sourceDocument", max: TextLimit.long, required: true, into: &errors)
        let evidence = Check.text(input.evidenceRequired, "evidenceRequired", max: TextLimit.long, required: true, into: &errors)

        let newGroup = Check.text(input.newGroup, "newGroup", max: 200, required: false, into: &errors)
        let chosenGroup = Check.text(input.groupName, "groupName", max: 200, required: false, into: &errors)
        let groups = try await IndicatorCatalogueQueries.groups(commune: communeID, on: db)
        var groupName = "", groupPosition = 0
        if !newGroup.isEmpty {
            groupName = newGroup
            groupPosition = groups.first { $0.name == newGroup }?.position ?? ((groups.map(\.position).max() ?? 0) + 1)
        } else if let g = groups.first(where: { $0.name == chosenGroup }) {
            groupName = g.name
            groupPosition = g.position
        } else if errors["groupName"] == nil && errors["newGroup"] == nil {
            errors["groupName"] = chosenGroup.isEmpty ? T.groupRequired : CoreText.invalidChoice
        }

        var area: UUID?
        if !TextFolding.clean(input.contentAreaId).isEmpty {
            let id = Check.uuid(input.contentAreaId)
            if let id, try await ContentArea.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first() != nil {
                area = id
            } else {
                errors["contentAreaId"] = T.unknownArea
            }
        }
        guard errors.isEmpty, let year, let kind, let direction, let level else { return nil }
        return CheckedIndicatorDefinition(fromYear: year, name: name, definition: definition, numeratorLabel: numerator,
                                          denominatorLabel: denominator, measure: measure, kind: kind, direction: direction, level: level,
                                          groupName: groupName, groupPosition: groupPosition, contentAreaID: area, sourceDocument: source,
                                          evidenceRequired: evidence, isPublic: input.isPublic)
    }

    static func apply(_ c: CheckedIndicatorDefinition, to d: IndicatorDefinition) {
        d.fromYear = c.fromYear
        d.name = c.name
        d.definition = c.definition
        d.numeratorLabel = c.numeratorLabel
        d.denominatorLabel = c.denominatorLabel
        d.measure = c.measure
        d.kind = c.kind.rawValue
        d.direction = c.direction.rawValue
        d.level = c.level.rawValue
        d.groupName = c.groupName
        d.groupPosition = c.groupPosition
        d.contentAreaID = c.contentAreaID
        d.sourceDocument = c.sourceDocument
        d.evidenceRequired = c.evidenceRequired
        d.isPublic = c.isPublic
    }

    static func snapshot(_ d: IndicatorDefinition) -> [String: String] {
        ["fromYear": String(d.fromYear), "name": d.name, "definition": d.definition, "numerator": d.numeratorLabel,
         "denominator": d.denominatorLabel, "measure": d.measure, "kind": d.kind, "direction": d.direction, "level": d.level,
         "group": d.groupName, "contentArea": d.contentAreaID?.uuidString ?? "", "source": d.sourceDocument,
         "evidence": d.evidenceRequired, "public": d.isPublic ? CoreText.yes : CoreText.no]
    }

    // MARK: - Indicators

    /// Codes are compared without case: the import matches "cds01" to CDS01.
    static func codeTaken(_ code: String, communeID: UUID, on db: any Database) async throws -> Bool {
        let row = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM indicators WHERE commune_id = \(bind: communeID) AND LOWER(code) = \(bind: code.lowercased())
            """).first()
        return try (row?.decode(column: "n", as: Int.self) ?? 0) > 0
    }

    /// Adds an indicator with its first definition (from the year typed), at the end of the list.
    static func createIndicator(_ input: IndicatorDefinitionInput, by user: CurrentUser, actor: AuditActor,
                                on db: any Database) async throws -> Indicator {
        try requireManage(user)
        var errors: [String: String] = [:]
        let code = Check.text(input.code, "code", max: 20, required: true, into: &errors)
        if errors["code"] == nil && !code.allSatisfy({ codeCharacters.contains($0) }) { errors["code"] = T.badCode }
        if errors["code"] == nil, try await codeTaken(code, communeID: user.communeID, on: db) { errors["code"] = T.codeTaken(code) }
        let checked = try await check(input, communeID: user.communeID, on: db, into: &errors)
        guard errors.isEmpty, let checked else { throw invalid(errors) }
        return try await db.writeTransaction { db in
            if try await codeTaken(code, communeID: user.communeID, on: db) { throw invalid(["code": T.codeTaken(code)]) }
            let existing = try await Indicator.query(on: db).filter(\.$communeID == user.communeID).all()
            let i = Indicator()
            i.id = UUID()
            i.communeID = user.communeID
            i.code = code
            i.position = (existing.map(\.position).max() ?? 0) + 1
            i.isActive = true
            i.createdAt = actor.at
            i.version = 1
            try await i.create(on: db)
            let d = IndicatorDefinition()
            d.id = UUID()
            d.communeID = user.communeID
            d.indicatorID = try i.requireID()
            apply(checked, to: d)
            d.createdAt = actor.at
            d.createdByName = actor.name
            try await d.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "indicator", id: i.id, label: T.auditIndicator(code),
                                      after: ["code": code] .merging(snapshot(d)) { a, _ in a })
            return i
        }
    }

    /// What saving a definition did.
    enum DefinitionOutcome: Sendable, Equatable {
        /// A new version from its year: earlier years keep theirs.
        case created(year: Int)
        /// The version of that year was changed in place (nothing approved used it).
        case updated(year: Int)
    }

    /// Saves a definition "áp dụng từ năm Y": a new version for Y; or, when Y already has a version, that version
    /// changed in place, only when no approved or locked value of Y or later was entered under it (else refused:
    /// choose a later year). Values keep the definition they were entered under either way.
    @discardableResult
    static func saveDefinition(indicatorID: UUID?, _ input: IndicatorDefinitionInput, expectedVersion: Int?, by user: CurrentUser,
                               actor: AuditActor, on db: any Database) async throws -> DefinitionOutcome {
        try requireManage(user)
        guard let indicator = try await IndicatorCatalogueQueries.indicator(indicatorID, commune: user.communeID, on: db) else {
            throw AppError.notFound
        }
        var errors: [String: String] = [:]
        let checked = try await check(input, communeID: user.communeID, on: db, into: &errors)
        guard errors.isEmpty, let checked else { throw invalid(errors) }
        guard let version = expectedVersion else { throw versionRequired() }
        let id = try indicator.requireID()
        return try await db.writeTransaction { db in
            try await OptimisticLock.bump(Indicator.schema, id: id, from: version, on: db)
            let label = T.auditDefinition(indicator.code, checked.fromYear)
            if let same = try await IndicatorDefinition.query(on: db).filter(\.$indicatorID == id)
                .filter(\.$fromYear == checked.fromYear).first() {
                let use = try await IndicatorCatalogueQueries.approvedUse(definitionID: try same.requireID(), fromYear: checked.fromYear, on: db)
                if use.count > 0 {
                    let next = max(checked.fromYear, use.lastYear ?? checked.fromYear) + 1
                    throw invalid(["fromYear": T.versionInUse(year: checked.fromYear, count: use.count, nextYear: next)])
                }
                let before = snapshot(same)
                apply(checked, to: same)
                try await same.update(on: db)
                try await AuditLog.record(on: db, actor, .update, type: "indicator_definition", id: same.id, label: label,
                                          before: before, after: snapshot(same))
                return .updated(year: checked.fromYear)
            }
            let d = IndicatorDefinition()
            d.id = UUID()
            d.communeID = user.communeID
            d.indicatorID = id
            apply(checked, to: d)
            d.createdAt = actor.at
            d.createdByName = actor.name
            try await d.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "indicator_definition", id: d.id, label: label, after: snapshot(d))
            return .created(year: checked.fromYear)
        }
    }

    /// Switches an indicator on or off (off: no new values are asked for; what was entered stays).
    static func setActive(indicatorID: UUID?, _ active: Bool, expectedVersion: Int?, by user: CurrentUser, actor: AuditActor,
                          on db: any Database) async throws {
        try requireManage(user)
        guard let indicator = try await IndicatorCatalogueQueries.indicator(indicatorID, commune: user.communeID, on: db) else {
            throw AppError.notFound
        }
        guard let version = expectedVersion else { throw versionRequired() }
        let id = try indicator.requireID()
        try await db.writeTransaction { db in
            try await OptimisticLock.update(Indicator.schema, id: id, from: version, set: "is_active = \(bind: active)", on: db)
            try await AuditLog.record(on: db, actor, active ? .reactivate : .deactivate, type: "indicator", id: id,
                                      label: T.auditIndicator(indicator.code),
                                      before: ["active": indicator.isActive ? CoreText.yes : CoreText.no],
                                      after: ["active": active ? CoreText.yes : CoreText.no])
        }
    }

    // MARK: - Targets

    /// Sets the targets of a year, one line per indicator, at the level of the definition the year uses. A share's
    /// target is 0–100; every target is ≥ 0 and needs its source; an empty target removes the year's target of that
    /// indicator. Each line's version must be the row's (409 otherwise). Returns how many targets changed.
    @discardableResult
    static func saveTargets(year yearText: String?, _ lines: [IndicatorTargetInput], by user: CurrentUser, actor: AuditActor,
                            on db: any Database) async throws -> Int {
        try requireManage(user)
        guard let year = Int(TextFolding.clean(yearText)), years.contains(year) else { throw invalid(["year": T.badTargetYear]) }
        let entries = try await IndicatorCatalogueQueries.definitions(year: year, commune: user.communeID, on: db)
        let byID = Dictionary(entries.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        struct Line: Sendable { let entry: IndicatorEntry; let level: IndicatorLevel; let target: Double?; let source: String; let version: Int? }
        var errors: [String: String] = [:]
        var checked: [Line] = []
        var seen: Set<UUID> = []
        for (n, line) in lines.enumerated() {
            guard let id = Check.uuid(line.indicatorId), let entry = byID[id], !seen.contains(id) else {
                errors["target.\(n)"] = T.unknownIndicator
                continue
            }
            seen.insert(id)
            guard let definition = entry.definition else {
                if !TextFolding.clean(line.target).isEmpty { errors["target.\(n)"] = T.noDefinitionForYear }
                continue
            }
            let target = Check.number(line.target, "target.\(n)", .quantity, into: &errors)
            if let target, definition.kind == .share, target > 100 { errors["target.\(n)"] = T.shareTooHigh }
            let source = Check.text(line.source, "source.\(n)", max: TextLimit.long, required: false, multiline: false, into: &errors)
            if target != nil && source.isEmpty && errors["source.\(n)"] == nil { errors["source.\(n)"] = T.targetSourceRequired }
            let versionText = TextFolding.clean(line.version)
            checked.append(Line(entry: entry, level: definition.level, target: target, source: source,
                                version: versionText.isEmpty ? nil : Int(versionText)))
        }
        guard errors.isEmpty else { throw invalid(errors) }
        let toSave = checked
        return try await db.writeTransaction { db in
            let current = try await IndicatorTarget.query(on: db).filter(\.$communeID == user.communeID).filter(\.$year == year).all()
            var byKey: [String: IndicatorTarget] = [:]
            for t in current { byKey["\(t.indicatorID)|\(t.level)"] = t }
            var changed = 0
            for line in toSave {
                let label = T.auditTarget(line.entry.code, year)
                let existing = byKey["\(line.entry.indicatorID)|\(line.level.rawValue)"]
                switch (existing, line.target) {
                case (nil, nil):
                    continue
                case (nil, let target?):
                    if line.version != nil { throw AppError.conflict(CoreText.conflict) }
                    let t = IndicatorTarget()
                    t.id = UUID()
                    t.communeID = user.communeID
                    t.indicatorID = line.entry.indicatorID
                    t.year = year
                    t.level = line.level.rawValue
                    t.target = target
                    t.source = line.source
                    t.updatedAt = actor.at
                    t.updatedByName = actor.name
                    t.version = 1
                    try await t.create(on: db)
                    try await AuditLog.record(on: db, actor, .create, type: "indicator_target", id: t.id, label: label,
                                              after: ["level": line.level.rawValue, "target": NumberText.format(target), "source": line.source])
                case (let t?, nil):
                    guard let version = line.version else { throw AppError.conflict(CoreText.conflict) }
                    try await OptimisticLock.bump(IndicatorTarget.schema, id: try t.requireID(), from: version, on: db)
                    try await t.delete(on: db)
                    try await AuditLog.record(on: db, actor, .delete, type: "indicator_target", id: t.id, label: label,
                                              before: ["level": t.level, "target": NumberText.format(t.target), "source": t.source])
                case (let t?, let target?):
                    guard let version = line.version else { throw AppError.conflict(CoreText.conflict) }
                    if t.target == target && t.source == line.source {
                        if t.version != version { throw AppError.conflict(CoreText.conflict) }
                        continue
                    }
                    let before = ["level": t.level, "target": NumberText.format(t.target), "source": t.source]
                    try await OptimisticLock.bump(IndicatorTarget.schema, id: try t.requireID(), from: version, on: db)
                    t.version = version + 1
                    t.target = target
                    t.source = line.source
                    t.updatedAt = actor.at
                    t.updatedByName = actor.name
                    try await t.update(on: db)
                    try await AuditLog.record(on: db, actor, .update, type: "indicator_target", id: t.id, label: label, before: before,
                                              after: ["level": t.level, "target": NumberText.format(target), "source": line.source])
                }
                changed += 1
            }
            return changed
        }
    }

    // MARK: - Settings

    static let jumpRule = NumberRule.range(1, 500)

    /// Saves the jump percent with its source and the literacy indicator (a share of the catalogue, or none).
    static func saveSettings(_ input: IndicatorSettingsInput, expectedVersion: Int?, by user: CurrentUser, actor: AuditActor,
                             on db: any Database) async throws {
        try requireManage(user)
        var errors: [String: String] = [:]
        var jump: Double?
        switch NumberText.read(input.jumpPercent, .quantity) {
        case .success(let v):
            if let v, jumpRule.problem(v) == nil { jump = v } else { errors["jumpPercent"] = v == nil ? CoreText.required : T.jumpRange }
        case .failure(let problem):
            errors["jumpPercent"] = problem == .negative ? T.jumpRange : problem.message
        }
        let source = Check.text(input.jumpSource, "jumpSource", max: TextLimit.long, required: true, into: &errors)
        var literacy: UUID?
        if !TextFolding.clean(input.literacyIndicatorId).isEmpty {
            let id = Check.uuid(input.literacyIndicatorId)
            let known = try await IndicatorCatalogueQueries.indicator(id, commune: user.communeID, on: db)
            var latest: IndicatorDefinitionRow?
            if let known {
                latest = try await IndicatorCatalogueQueries.versions(indicatorID: try known.requireID(), commune: user.communeID, on: db).last
            }
            if let id, latest?.kind == .share {
                literacy = id
            } else {
                errors["literacyIndicatorId"] = T.literacyMustBeShare
            }
        }
        guard errors.isEmpty, let jump else { throw invalid(errors) }
        guard let version = expectedVersion else { throw versionRequired() }
        let literacyID = literacy
        _ = try await IndicatorCatalogueQueries.settings(commune: user.communeID, on: db)
        try await db.writeTransaction { db in
            guard let s = try await IndicatorSettings.query(on: db).filter(\.$communeID == user.communeID).first() else { throw AppError.notFound }
            try await OptimisticLock.bump(IndicatorSettings.schema, id: try s.requireID(), from: version, on: db)
            let before = ["jumpPercent": NumberText.format(s.jumpPercent), "jumpSource": s.jumpSource,
                          "literacyIndicator": s.literacyIndicatorID?.uuidString ?? ""]
            s.version = version + 1
            s.jumpPercent = jump
            s.jumpSource = source
            s.literacyIndicatorID = literacyID
            try await s.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "indicator_settings", id: s.id, label: T.settingsTitle, before: before,
                                      after: ["jumpPercent": NumberText.format(jump), "jumpSource": source,
                                              "literacyIndicator": literacyID?.uuidString ?? ""])
        }
    }
}
