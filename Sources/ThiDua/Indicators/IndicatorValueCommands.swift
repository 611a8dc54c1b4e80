import Fluent
import Foundation
import NIOCore
import SQLKit
import Vapor

/// The scope values are entered for: one unit (village, agency, business, school) or the commune ("Toàn xã").
struct IndicatorScope: Sendable {
    let communeID: UUID
    /// nil: the commune-level values.
    let unitID: UUID?
    let unitName: String
    let kind: IndicatorScopeKind

    var key: String { unitID.map(IndicatorScope.key(of:)) ?? IndicatorValue.communeScope }
    static func key(of unitID: UUID) -> String { unitID.uuidString.lowercased() }

    static func commune(_ communeID: UUID) -> IndicatorScope {
        IndicatorScope(communeID: communeID, unitID: nil, unitName: IndicatorText.commune, kind: .commune)
    }

    static func unit(_ u: Unit) -> IndicatorScope {
        IndicatorScope(communeID: u.communeID, unitID: u.id, unitName: u.name, kind: .unit(u.unitKind))
    }

    /// The scope a `unit` query parameter names: "commune", a unit id of any commune (the policy refuses another
    /// commune's), nil when the text names nothing; 404 for an unknown id.
    static func find(_ text: String?, communeID: UUID, on db: any Database) async throws -> IndicatorScope? {
        let t = TextFolding.clean(text)
        if t.isEmpty { return nil }
        if t == IndicatorValue.communeScope { return .commune(communeID) }
        guard let id = UUID(uuidString: t), let u = try await Unit.find(id, on: db) else { throw AppError.notFound }
        return .unit(u)
    }
}

/// One indicator's line of the entry form: what was typed, and the version of the stored value the form was opened at
/// (nil when there was none).
struct IndicatorEntryLine: Sendable {
    var indicatorID: UUID
    var input: IndicatorValueInput
    var version: Int?
}

/// The changes to indicator values, one function per use case (the pages and the API call the same ones). Each checks
/// the right (``Policy``), what was sent (``IndicatorValueRules``, one Vietnamese message per field), the version
/// (409 when the value changed since the form was opened), writes the rows and an audit entry in one transaction and
/// tells whoever must know (inbox in the transaction, e-mail after it). A locked value refuses every change.
///
/// API for other helpers:
/// - `save(scope:year:quarter:lines:by:actor:on:)` → the saved values (all-or-nothing; errors keyed "field.<indicator id>")
/// - `submit(scope:year:quarter:by:actor:notifier:on:)` → how many went to the secretariat
/// - `returnValue(_:expectedVersion:reason:by:actor:notifier:on:)`, `approve(_:by:actor:notifier:on:)`,
///   `approveScope(scopeKey:year:by:actor:notifier:on:)`, `lockYear(_:communeID:by:actor:on:)`, `lockPastYears(on:at:)`
/// - evidence: `addEvidence(…)`, `removeEvidence(…)` (IndicatorValueEvidence.swift)
enum IndicatorValueCommands {
    typealias T = IndicatorText.Values

    /// The refusal of a form: the period's own error (a locked year, a year outside the movement) is the form's message,
    /// since it is no one line's; else the usual "please correct".
    static func invalid(_ errors: [String: String]) -> AppError {
        .validation(fields: errors, message: errors["year"] ?? errors["quarter"] ?? CoreText.formHasErrors)
    }

    /// The error key of a field of one indicator's line: "numerator.<id>".
    static func key(_ field: IndicatorValueRules.Field, _ indicatorID: UUID) -> String { key(field.rawValue, indicatorID) }
    static func key(_ field: String, _ indicatorID: UUID) -> String { "\(field).\(indicatorID.uuidString.lowercased())" }

    static func requireEnter(_ scope: IndicatorScope, by user: CurrentUser) throws {
        guard Policy.allows(user, .enterIndicatorValues(unitID: scope.unitID, communeID: scope.communeID)) else { throw AppError.forbidden }
    }

    /// What a check of one period needs, read once: the movement's years, the jump setting, the definitions in force.
    struct Frame: Sendable {
        let startYear: Int
        let endYear: Int
        let jumpPercent: Double
        let definitions: [UUID: IndicatorDefinition]
        let indicators: [UUID: Indicator]
        /// ``yearLocked(communeID:year:on:)``
        var yearLocked = false
    }

    /// Whether the commune's year is locked: some value of it is locked (the lock is per year: the sweep and the
    /// secretariat lock every approved value of the year at once).
    static func yearLocked(communeID: UUID, year: Int, on db: any Database) async throws -> Bool {
        try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$status == IndicatorValueStatus.locked.rawValue).first() != nil
    }

    static func frame(communeID: UUID, year: Int, on db: any Database) async throws -> Frame {
        guard let movement = try await MovementQueries.movement(on: db, communeID: communeID) else {
            throw AppError.validation(fields: ["year": T.noMovement], message: T.noMovement)
        }
        let settings = try await IndicatorSettings.query(on: db).filter(\.$communeID == communeID).first()
        let definitions = IndicatorDefinitions.effectiveByIndicator(
            try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).filter(\.$fromYear <= year).all(), year: year)
        let indicators = try await Indicator.query(on: db).filter(\.$communeID == communeID).all()
        return Frame(startYear: movement.startYear, endYear: movement.endYear,
                     jumpPercent: settings?.jumpPercent ?? IndicatorValueRules.defaultJumpPercent, definitions: definitions,
                     indicators: Dictionary(indicators.compactMap { i in i.id.map { ($0, i) } }, uniquingKeysWith: { a, _ in a }),
                     yearLocked: try await yearLocked(communeID: communeID, year: year, on: db))
    }

    /// The values of one scope and period, by indicator.
    static func values(scopeKey: String, communeID: UUID, year: Int, quarter: Int, on db: any Database) async throws -> [UUID: IndicatorValue] {
        let rows = try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$quarter == quarter).filter(\.$scopeKey == scopeKey).all()
        return Dictionary(rows.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Save

    /// Saves a scope's figures for one period from one form: every line is checked first; one refusal refuses the
    /// whole form (nothing is written, the page keeps what was typed). A line left empty where nothing was stored
    /// writes nothing (missing stays missing); a stored value emptied keeps its row with no figure. A value that is
    /// no longer editable (submitted, approved, locked) refuses a changed line; an unchanged one is left alone.
    @discardableResult
    static func save(scope: IndicatorScope, year: Int, quarter: Int, lines: [IndicatorEntryLine], by user: CurrentUser,
                     actor: AuditActor, on db: any Database) async throws -> [IndicatorValue] {
        try requireEnter(scope, by: user)
        let frame = try await frame(communeID: scope.communeID, year: year, on: db)
        let existing = try await values(scopeKey: scope.key, communeID: scope.communeID, year: year, quarter: quarter, on: db)
        let before = IndicatorValueRules.previousPeriod(year: year, quarter: quarter)
        let previous = try await values(scopeKey: scope.key, communeID: scope.communeID, year: before.year, quarter: before.quarter, on: db)
        let today = LocalDate(actor.at)

        var errors: [String: String] = [:]
        var planned: [(line: IndicatorEntryLine, definition: IndicatorDefinition, figure: IndicatorCleanFigure, row: IndicatorValue?)] = []
        for line in lines {
            guard let indicator = frame.indicators[line.indicatorID], indicator.isActive, let definition = frame.definitions[line.indicatorID] else {
                errors[key(.value, line.indicatorID)] = T.unknownIndicator
                continue
            }
            let context = IndicatorValueContext(kind: definition.kindValue, level: definition.levelValue, scope: scope.kind, year: year,
                                                quarter: quarter, movementStartYear: frame.startYear, movementEndYear: frame.endYear,
                                                today: today, previous: previous[line.indicatorID]?.value ?? nil, jumpPercent: frame.jumpPercent,
                                                yearLocked: frame.yearLocked)
            switch IndicatorValueRules.check(line.input, context) {
            case .failure(let refusal):
                for (field, message) in refusal.fields {
                    // The period and scope are the form's, not a line's: said once.
                    if ["year", "quarter", "scope"].contains(field) { errors[field] = message } else { errors[key(field, line.indicatorID)] = message }
                }
            case .success(let figure):
                let row = existing[line.indicatorID]
                if let row {
                    if same(row, figure) { continue }
                    if !row.statusValue.isEditable {
                        errors[key(definition.kindValue == .share ? .numerator : .value, line.indicatorID)] = T.notEditable(row.statusValue)
                        continue
                    }
                } else if figure.isMissing && figure.note.isEmpty && figure.jumpNote.isEmpty {
                    continue
                }
                planned.append((line, definition, figure, row))
            }
        }
        guard errors.isEmpty else { throw invalid(errors) }
        let plannedRows = planned

        return try await db.writeTransaction { db in
            var saved: [IndicatorValue] = []
            for p in plannedRows {
                if let row = p.row {
                    guard let version = p.line.version else { throw AppError.conflict(CoreText.conflict) }
                    let old = snapshot(row)
                    try await OptimisticLock.update(IndicatorValue.schema, id: row.id!, from: version, set: """
                        numerator = \(bind: p.figure.numerator), denominator = \(bind: p.figure.denominator), value = \(bind: p.figure.value), \
                        note = \(bind: p.figure.note), jump_note = \(bind: p.figure.jumpNote), definition_id = \(bind: p.definition.id!), \
                        source = \(bind: "form"), entered_by = \(bind: user.id), entered_by_name = \(bind: actor.name), updated_at = \(bind: actor.at)
                        """, on: db)
                    row.numerator = p.figure.numerator; row.denominator = p.figure.denominator; row.value = p.figure.value
                    row.note = p.figure.note; row.jumpNote = p.figure.jumpNote; row.definitionID = p.definition.id!; row.source = "form"
                    row.enteredBy = user.id; row.enteredByName = actor.name; row.updatedAt = actor.at; row.version = version + 1
                    try await AuditLog.record(on: db, actor, .update, type: "indicator_value", id: row.id,
                                              label: label(p.definition, scope: scope, year: year, quarter: quarter), before: old, after: snapshot(row))
                    saved.append(row)
                } else {
                    if p.line.version != nil { throw AppError.conflict(CoreText.conflict) }
                    let v = IndicatorValue()
                    v.id = UUID(); v.communeID = scope.communeID; v.indicatorID = p.line.indicatorID; v.definitionID = p.definition.id!
                    v.unitID = scope.unitID; v.scopeKey = scope.key; v.year = year; v.quarter = quarter
                    v.numerator = p.figure.numerator; v.denominator = p.figure.denominator; v.value = p.figure.value
                    v.note = p.figure.note; v.jumpNote = p.figure.jumpNote; v.status = IndicatorValueStatus.draft.rawValue
                    v.returnReason = ""; v.source = "form"; v.enteredBy = user.id; v.enteredByName = actor.name; v.reviewedByName = ""
                    v.createdAt = actor.at; v.updatedAt = actor.at; v.version = 1
                    do { try await v.create(on: db) } catch { throw AppError.conflict(CoreText.conflict) } // created meanwhile (unique index)
                    try await AuditLog.record(on: db, actor, .create, type: "indicator_value", id: v.id,
                                              label: label(p.definition, scope: scope, year: year, quarter: quarter), after: snapshot(v))
                    saved.append(v)
                }
            }
            return saved
        }
    }

    static func same(_ row: IndicatorValue, _ f: IndicatorCleanFigure) -> Bool {
        row.numerator == f.numerator && row.denominator == f.denominator && row.value == f.value && row.note == f.note && row.jumpNote == f.jumpNote
    }

    static func label(_ d: IndicatorDefinition, scope: IndicatorScope, year: Int, quarter: Int) -> String {
        "\(d.name) — \(scope.unitName), \(IndicatorText.period(year: year, quarter: quarter))"
    }

    static func snapshot(_ v: IndicatorValue) -> [String: String] {
        ["numerator": v.numerator.map { NumberText.format($0, maxFractionDigits: 0) } ?? "",
         "denominator": v.denominator.map { NumberText.format($0, maxFractionDigits: 0) } ?? "",
         "value": v.value.map { NumberText.format($0) } ?? "", "note": v.note, "jumpNote": v.jumpNote, "status": v.status,
         "returnReason": v.returnReason]
    }

    // MARK: Workflow

    /// Sends the scope's draft and returned values of a period that have a figure to the secretariat (its accounts are
    /// told in their inbox). Returns how many went; none: 422.
    @discardableResult
    static func submit(scope: IndicatorScope, year: Int, quarter: Int, by user: CurrentUser, actor: AuditActor,
                       notifier: (any Notifier)?, on db: any Database) async throws -> Int {
        try requireEnter(scope, by: user)
        let rows = try await values(scopeKey: scope.key, communeID: scope.communeID, year: year, quarter: quarter, on: db).values
            .filter { $0.statusValue.isEditable && $0.value != nil }
        guard !rows.isEmpty else { throw AppError.validation(fields: [:], message: T.nothingToSubmit) }
        let notices = try await notifier?.reviewerNotices(communeID: scope.communeID, title: T.submittedNotice(scope.unitName, year: year, quarter: quarter),
                                                          link: SiteURL.indicatorReview(year: year), on: db, at: actor.at) ?? []
        try await db.writeTransaction { db in
            for v in rows.sorted(by: { $0.indicatorID.uuidString < $1.indicatorID.uuidString }) {
                try await change(v, to: .submitted, actor: actor, on: db) { $0.submittedAt = actor.at }
            }
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
        return rows.count
    }

    /// Moves one value to `status` from the version it has (the caller checked the state), with its audit entry.
    static func change(_ v: IndicatorValue, to status: IndicatorValueStatus, from version: Int? = nil, actor: AuditActor, on db: any Database,
                       apply: (IndicatorValue) -> Void = { _ in }) async throws {
        let version = version ?? v.version
        let old = snapshot(v)
        v.status = status.rawValue
        apply(v)
        try await OptimisticLock.update(IndicatorValue.schema, id: v.id!, from: version, set: """
            status = \(bind: v.status), return_reason = \(bind: v.returnReason), submitted_at = \(bind: v.submittedAt), \
            reviewed_by = \(bind: v.reviewedBy), reviewed_by_name = \(bind: v.reviewedByName), reviewed_at = \(bind: v.reviewedAt), \
            updated_at = \(bind: actor.at)
            """, on: db)
        v.version = version + 1
        try await AuditLog.record(on: db, actor, .update, type: "indicator_value", id: v.id, label: T.auditStatus(status),
                                  before: old, after: snapshot(v))
    }

    static func scope(of v: IndicatorValue, on db: any Database) async throws -> IndicatorScope {
        guard let unitID = v.unitID else { return .commune(v.communeID) }
        guard let u = try await Unit.find(unitID, on: db) else { throw AppError.notFound }
        return .unit(u)
    }

    /// The secretariat returns a submitted value with its reason; the unit's focal points are told.
    static func returnValue(_ v: IndicatorValue, expectedVersion: Int?, reason text: String?, by user: CurrentUser, actor: AuditActor,
                            notifier: (any Notifier)?, on db: any Database) async throws {
        guard Policy.allows(user, .reviewIndicatorValues), v.communeID == user.communeID else { throw AppError.forbidden }
        var errors: [String: String] = [:]
        let reason = Check.text(text, "reason", max: IndicatorValueRules.noteLimit, required: true, multiline: true, into: &errors)
        guard errors.isEmpty else { throw invalid(errors) }
        guard v.statusValue == .submitted else { throw AppError.conflict(T.notSubmitted(v.statusValue)) }
        let scope = try await scope(of: v, on: db)
        var notices: [Notice] = []
        if let unitID = scope.unitID, let notifier {
            notices = try await notifier.ownerNotices(.unit(unitID), communeID: v.communeID, title: T.returnedNotice(scope.unitName, year: v.year),
                                                      link: SiteURL.indicatorValues(year: v.year, quarter: v.quarter, scope: scope.key), on: db, at: actor.at)
        }
        let told = notices
        try await db.writeTransaction { db in
            try await change(v, to: .returned, from: expectedVersion, actor: actor, on: db) {
                $0.returnReason = reason; $0.reviewedBy = user.id; $0.reviewedByName = actor.name; $0.reviewedAt = actor.at
            }
            try await notifier?.inbox(told, on: db)
        }
        try await notifier?.mail(told, on: db)
    }

    /// The secretariat approves submitted values (each from the version it was shown at, when given); all or none.
    /// The focal points of the scopes are told.
    @discardableResult
    static func approve(_ items: [(value: IndicatorValue, version: Int?)], by user: CurrentUser, actor: AuditActor,
                        notifier: (any Notifier)?, on db: any Database) async throws -> Int {
        guard Policy.allows(user, .reviewIndicatorValues) else { throw AppError.forbidden }
        for item in items {
            guard item.value.communeID == user.communeID else { throw AppError.forbidden }
            guard item.value.statusValue == .submitted else { throw AppError.conflict(T.notSubmitted(item.value.statusValue)) }
        }
        guard !items.isEmpty else { throw AppError.validation(fields: [:], message: T.nothingToApprove) }
        // A figure named twice would be approved (and audited) twice: refused, nothing approved.
        guard Set(items.compactMap(\.value.id)).count == items.count else {
            throw AppError.validation(fields: [:], message: T.approvedTwice)
        }
        var notices: [Notice] = []
        for unitID in Set(items.compactMap(\.value.unitID)) {
            let year = items.first { $0.value.unitID == unitID }!.value.year
            notices += try await notifier?.ownerNotices(.unit(unitID), communeID: user.communeID, title: T.approvedNotice(year: year),
                                                        link: SiteURL.indicatorValues(year: year, quarter: 0, scope: IndicatorScope.key(of: unitID)),
                                                        on: db, at: actor.at) ?? []
        }
        let told = notices
        try await db.writeTransaction { db in
            for item in items {
                try await change(item.value, to: .approved, from: item.version, actor: actor, on: db) {
                    $0.returnReason = ""; $0.reviewedBy = user.id; $0.reviewedByName = actor.name; $0.reviewedAt = actor.at
                }
            }
            try await notifier?.inbox(told, on: db)
        }
        try await notifier?.mail(told, on: db)
        return items.count
    }

    /// Approves every submitted value of one scope in a year (every period).
    @discardableResult
    static func approveScope(scopeKey: String, year: Int, by user: CurrentUser, actor: AuditActor, notifier: (any Notifier)?,
                             on db: any Database) async throws -> Int {
        guard Policy.allows(user, .reviewIndicatorValues) else { throw AppError.forbidden }
        let rows = try await IndicatorValue.query(on: db).filter(\.$communeID == user.communeID).filter(\.$year == year)
            .filter(\.$scopeKey == scopeKey).filter(\.$status == IndicatorValueStatus.submitted.rawValue).all()
        return try await approve(rows.map { ($0, nil) }, by: user, actor: actor, notifier: notifier, on: db)
    }

    /// Locks a commune's approved values of a year (nobody changes them after): one statement, one audit entry.
    /// Returns how many were locked.
    @discardableResult
    static func lockYear(_ year: Int, communeID: UUID, by user: CurrentUser?, actor: AuditActor, on db: any Database) async throws -> Int {
        if let user { guard Policy.allows(user, .reviewIndicatorValues), user.communeID == communeID else { throw AppError.forbidden } }
        return try await db.writeTransaction { db in
            let count = try await db.sql.raw("""
                SELECT COUNT(*) AS n FROM indicator_values WHERE commune_id = \(bind: communeID) AND year = \(bind: year) \
                AND status = \(bind: IndicatorValueStatus.approved.rawValue)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard count > 0 else { return 0 }
            try await db.sql.raw("""
                UPDATE indicator_values SET status = \(bind: IndicatorValueStatus.locked.rawValue), version = version + 1, \
                updated_at = \(bind: actor.at) \
                WHERE commune_id = \(bind: communeID) AND year = \(bind: year) AND status = \(bind: IndicatorValueStatus.approved.rawValue)
                """).run()
            try await AuditLog.record(on: db, actor, .update, type: "indicator_values", id: nil, label: T.auditLocked(year: year),
                                      after: ["year": String(year), "locked": String(count)])
            return count
        }
    }

    /// The sweep's work: in every commune, locks the approved values of the years before the current one (in Vietnam).
    /// Idempotent. Returns how many were locked.
    @discardableResult
    static func lockPastYears(on db: any Database, at now: Date) async throws -> Int {
        let currentYear = LocalDate(now).year
        let due = try await db.sql.raw("""
            SELECT DISTINCT commune_id, year FROM indicator_values \
            WHERE year < \(bind: currentYear) AND status = \(bind: IndicatorValueStatus.approved.rawValue) ORDER BY commune_id, year
            """).all()
        var locked = 0
        for row in due {
            let communeID = try row.decode(column: "commune_id", as: UUID.self), year = try row.decode(column: "year", as: Int.self)
            locked += try await lockYear(year, communeID: communeID, by: nil, actor: .system(communeID: communeID, at: now), on: db)
        }
        return locked
    }
}

/// Locks the approved values of past years once the application has booted, then every hour (like
/// ``InspectionNoticeSweep``). Registered in `configure`.
struct IndicatorLockSweep: LifecycleHandler {
    static let interval = TimeAmount.hours(1)

    func didBoot(_ app: Application) throws {
        // Tests run the sweep themselves (`lockPastYears`), with their clock.
        guard app.environment != .testing else { return }
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(7), delay: Self.interval) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                guard !app.didShutdown else { return }
                do {
                    try await IndicatorValueCommands.lockPastYears(on: app.db, at: app.clock.now())
                } catch {
                    app.logger.warning("indicator values not locked: \(String(describing: error))")
                }
            }
        }
        app.storage[TaskKey.self] = InspectionNoticeSweep.TaskBox(task: task)
    }

    func shutdown(_ app: Application) {
        app.storage[TaskKey.self]?.task.cancel()
    }

    struct TaskKey: StorageKey { typealias Value = InspectionNoticeSweep.TaskBox }
}
