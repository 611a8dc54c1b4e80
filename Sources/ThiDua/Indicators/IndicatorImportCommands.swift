import Crypto
import Fluent
import Foundation
import SQLKit

/// An uploaded import file, read: its name, its hash and its rows (or why it could not be read).
struct IndicatorImportFile: Sendable {
    let name: String
    let sha256: String
    let bytes: Int
    /// The rows as ``TabularFile`` gives them; nil when the file could not be read (`problem` says why).
    let rows: [[String]]?
    let problem: String?

    /// Reads the bytes of an upload: CSV or .xlsx, told apart by the bytes (``TabularFile``).
    static func read(_ data: Data, name: String, limits: XLSXReader.Limits = IndicatorImportCommands.limits) -> IndicatorImportFile {
        let sha = SHA256.hash(data: data).hexString
        do {
            let rows = try TabularFile.rows(data: data, fileName: name, limits: limits)
            return IndicatorImportFile(name: name, sha256: sha, bytes: data.count, rows: rows, problem: nil)
        } catch {
            return IndicatorImportFile(name: name, sha256: sha, bytes: data.count, rows: nil, problem: error.message)
        }
    }
}

/// What the preview shows: every row of the file with what the import would do with it, or why it cannot.
struct IndicatorImportPreview: Sendable {
    enum Outcome: Sendable, Equatable {
        case create
        case update(IndicatorValueStatus)
        /// The same figures and notes as the stored value: nothing to write.
        case unchanged
        /// No figure in the row (empty cells are missing, never 0): nothing written, nothing erased.
        case skipped
        case error
    }

    struct Row: Sendable {
        /// The row's number in the file (1 = the first row of the sheet or file).
        let line: Int
        let unitCode: String
        /// The unit's name from the directory (or "Toàn xã"), else the name written in the file.
        let unitLabel: String
        let indicatorCode: String
        let indicatorLabel: String
        let numerator: String
        let denominator: String
        let value: String
        let outcome: Outcome
        let errors: [String]
        /// The figure is far from the previous period's and carries its confirming note.
        let isJump: Bool
    }

    let year: Int
    let quarter: Int
    let fileName: String
    let sha256: String
    /// Problems of the whole file or period (unreadable, missing columns, period outside the movement).
    var fileProblems: [String] = []
    var rows: [Row] = []

    var errorCount: Int { rows.filter { $0.outcome == .error }.count }
    var createCount: Int { rows.filter { $0.outcome == .create }.count }
    var updateCount: Int { rows.filter { if case .update = $0.outcome { true } else { false } }.count }
    var skippedCount: Int { rows.filter { $0.outcome == .skipped || $0.outcome == .unchanged }.count }
    var writeCount: Int { createCount + updateCount }
    var hasErrors: Bool { !fileProblems.isEmpty || errorCount > 0 }
    var canImport: Bool { !hasErrors && writeCount > 0 }
    var period: String { IndicatorText.period(year: year, quarter: quarter) }
}

/// The spreadsheet import of indicator values (issue 16, point 3): preview, then import all or nothing.
///
/// Every row is checked with ``IndicatorValueRules`` (the check the entry form uses), after its unit and indicator codes
/// are matched in the commune's directory and catalogue; what the rows are compared with (units, indicators, their
/// definitions for the year, the values of the period and of the previous period) is read in a fixed number of queries,
/// never per row. The import checks everything again inside its one transaction, so a value approved or locked between
/// the preview and the confirmation is not overwritten: any error, and nothing is written.
enum IndicatorImportCommands {
    /// What the reader accepts: a commune's template is 200 units × 20 indicators = 4.000 rows.
    static let limits = XLSXReader.Limits(maxPartBytes: 32 * 1024 * 1024, maxRows: 20_000, maxColumns: 40)
    /// The jump check's limit when the commune has not set one (IndicatorSettings).
    static let fallbackJumpPercent = 50.0
    /// Values created per INSERT (25 columns: far under either database's bound-value limit).
    static let rowsPerInsert = 500
    static let auditType = "indicator_value"

    enum ImportOutcome: Sendable {
        case imported(created: Int, updated: Int)
        case rejected(IndicatorImportPreview)
    }

    /// What the audit entry of an import records.
    struct Record: Codable, Sendable, Equatable {
        let file: String
        let sha256: String
        let bytes: Int
        let year: Int
        let quarter: Int
        let rows: Int
        let created: Int
        let updated: Int
        let skipped: Int
    }

    /// A row that passed, ready to write.
    struct Planned: Sendable {
        let indicatorID: UUID
        let definitionID: UUID
        let unitID: UUID?
        let scopeKey: String
        let figure: IndicatorCleanFigure
        let existing: IndicatorValue?
    }

    // MARK: preview

    static func preview(_ file: IndicatorImportFile, year: Int, quarter: Int, communeID: UUID, today: LocalDate,
                        on db: any Database) async throws -> IndicatorImportPreview {
        try await check(file, year: year, quarter: quarter, communeID: communeID, today: today, on: db).preview
    }

    // MARK: import

    private struct Rejected: Error { let preview: IndicatorImportPreview }

    /// Imports the file's rows: secretariat only. Everything is checked again in the transaction; one error and
    /// nothing is written. Values land as submitted, source "import", for the secretariat to approve in the review queue.
    static func importRows(_ file: IndicatorImportFile, year: Int, quarter: Int, by user: CurrentUser, actor: AuditActor,
                           on db: any Database) async throws -> ImportOutcome {
        guard Policy.allows(user, .reviewIndicatorValues) else { throw AppError.forbidden }
        let communeID = user.communeID
        let today = LocalDate(actor.at)
        do {
            let (created, updated) = try await db.writeTransaction { tx -> (Int, Int) in
                let (preview, planned) = try await check(file, year: year, quarter: quarter, communeID: communeID, today: today, on: tx)
                guard preview.canImport else { throw Rejected(preview: preview) }
                let counts = try await write(planned, year: year, quarter: quarter, communeID: communeID, actor: actor, on: tx)
                let record = Record(file: file.name, sha256: file.sha256, bytes: file.bytes, year: year, quarter: quarter,
                                    rows: preview.rows.count, created: counts.0, updated: counts.1, skipped: preview.skippedCount)
                try await AuditLog.record(on: tx, actor, .importRows, type: auditType, id: nil,
                                          label: IndicatorText.Import.auditLabel(count: counts.0 + counts.1, period: preview.period, file: file.name),
                                          after: record)
                return counts
            }
            return .imported(created: created, updated: updated)
        } catch let rejected as Rejected {
            return .rejected(rejected.preview)
        }
    }

    private static func write(_ planned: [Planned], year: Int, quarter: Int, communeID: UUID, actor: AuditActor,
                              on db: any Database) async throws -> (Int, Int) {
        var created: [IndicatorValue] = []
        var updated = 0
        for p in planned {
            if let existing = p.existing, let id = existing.id {
                try await OptimisticLock.update(IndicatorValue.schema, id: id, from: existing.version, set: """
                    definition_id = \(bind: p.definitionID), numerator = \(bind: p.figure.numerator), \
                    denominator = \(bind: p.figure.denominator), value = \(bind: p.figure.value), note = \(bind: p.figure.note), \
                    jump_note = \(bind: p.figure.jumpNote), status = \(bind: IndicatorValueStatus.submitted.rawValue), \
                    return_reason = \(bind: ""), source = \(bind: "import"), entered_by = \(bind: actor.userID), \
                    entered_by_name = \(bind: actor.name), submitted_at = \(bind: actor.at), reviewed_by = \(bind: UUID?.none), \
                    reviewed_by_name = \(bind: ""), reviewed_at = \(bind: Date?.none), updated_at = \(bind: actor.at)
                    """, on: db)
                updated += 1
                continue
            }
            let v = IndicatorValue()
            v.id = UUID()
            v.communeID = communeID; v.indicatorID = p.indicatorID; v.definitionID = p.definitionID
            v.unitID = p.unitID; v.scopeKey = p.scopeKey; v.year = year; v.quarter = quarter
            v.numerator = p.figure.numerator; v.denominator = p.figure.denominator; v.value = p.figure.value
            v.note = p.figure.note; v.jumpNote = p.figure.jumpNote
            v.status = IndicatorValueStatus.submitted.rawValue; v.returnReason = ""; v.source = "import"
            v.enteredBy = actor.userID; v.enteredByName = actor.name; v.submittedAt = actor.at
            v.reviewedBy = nil; v.reviewedByName = ""; v.reviewedAt = nil
            v.createdAt = actor.at; v.updatedAt = actor.at; v.version = 1
            created.append(v)
        }
        var start = 0
        while start < created.count {
            let end = min(start + rowsPerInsert, created.count)
            try await Array(created[start..<end]).create(on: db)
            start = end
        }
        return (created.count, updated)
    }

    // MARK: the check

    private struct Key: Hashable { let indicatorID: UUID; let scopeKey: String }

    static func check(_ file: IndicatorImportFile, year: Int, quarter: Int, communeID: UUID, today: LocalDate,
                      on db: any Database) async throws -> (preview: IndicatorImportPreview, planned: [Planned]) {
        typealias T = IndicatorText.Import
        typealias Column = IndicatorImportLayout.Column
        var preview = IndicatorImportPreview(year: year, quarter: quarter, fileName: file.name, sha256: file.sha256)
        guard let rows = file.rows else {
            preview.fileProblems = [file.problem ?? T.unreadable]
            return (preview, [])
        }
        guard let movement = try await MovementQueries.movement(on: db, communeID: communeID) else {
            preview.fileProblems = [T.noMovement]
            return (preview, [])
        }
        guard let headerAt = rows.prefix(10).firstIndex(where: IndicatorImportLayout.isHeader) else {
            preview.fileProblems = [T.noHeader]
            return (preview, [])
        }
        let header: IndicatorImportLayout.Header
        switch IndicatorImportLayout.header(rows[headerAt]) {
        case .success(let h): header = h
        case .failure(let problems):
            preview.fileProblems = problems.messages
            return (preview, [])
        }

        // What the rows are compared with: a fixed number of queries.
        let indicators = try await Indicator.query(on: db).filter(\.$communeID == communeID).all()
        let definitions = IndicatorDefinitions.effectiveByIndicator(
            try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).filter(\.$fromYear <= year).all(), year: year)
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).all()
        let existing = try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$quarter == quarter).all()
        let before = IndicatorValueRules.previousPeriod(year: year, quarter: quarter)
        let previous = try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).filter(\.$year == before.year)
            .filter(\.$quarter == before.quarter).all()
        let settings = try await IndicatorSettings.query(on: db).filter(\.$communeID == communeID).first()
        let yearLocked = try await IndicatorValueCommands.yearLocked(communeID: communeID, year: year, on: db)

        let indicatorByCode = Dictionary(indicators.map { (IndicatorImportLayout.fold($0.code), $0) }, uniquingKeysWith: { a, _ in a })
        let unitByCode = Dictionary(units.map { (IndicatorImportLayout.fold($0.code), $0) }, uniquingKeysWith: { a, b in a.isActive ? a : b })
        let existingByKey = Dictionary(existing.map { (Key(indicatorID: $0.indicatorID, scopeKey: $0.scopeKey), $0) }, uniquingKeysWith: { a, _ in a })
        let previousByKey = Dictionary(previous.map { (Key(indicatorID: $0.indicatorID, scopeKey: $0.scopeKey), $0.value) }, uniquingKeysWith: { a, _ in a })
        let communeCode = IndicatorImportLayout.fold(T.communeCode)

        var planned: [Planned] = []
        var seen: [Key: Int] = [:]
        var periodProblems: [String] = []
        for r in rows.index(after: headerAt)..<rows.endIndex {
            let cells = rows[r]
            let line = r + 1
            func cell(_ c: Column) -> String {
                guard let i = header.index[c], i < cells.count else { return "" }
                return TextFolding.clean(cells[i])
            }
            if cells.allSatisfy({ TextFolding.clean($0).isEmpty }) { continue }
            var errors: [String] = []
            if cells.count > header.width, cells[header.width...].contains(where: { !TextFolding.clean($0).isEmpty }) {
                errors.append(T.extraCells)
            }
            let unitCode = cell(.unitCode), indicatorCode = cell(.indicatorCode)
            let input = IndicatorValueInput(numerator: cell(.numerator), denominator: cell(.denominator), value: cell(.value),
                                            note: cell(.note), jumpNote: cell(.jumpNote))
            let hasFigure = !(input.numerator.isEmpty && input.denominator.isEmpty && input.value.isEmpty)

            // The scope.
            var unit: Unit?
            var scopeOK = true
            let foldedUnit = IndicatorImportLayout.fold(unitCode)
            if !foldedUnit.isEmpty, foldedUnit != communeCode {
                if let u = unitByCode[foldedUnit] {
                    if u.isActive { unit = u } else { errors.append(T.inactiveUnit(unitCode)); scopeOK = false }
                } else {
                    errors.append(T.unknownUnit(unitCode)); scopeOK = false
                }
            }
            let unitLabel = unit?.name ?? (scopeOK ? IndicatorText.commune : cell(.unitName))

            // The indicator and its definition for the year.
            var indicator: Indicator?, definition: IndicatorDefinition?
            if indicatorCode.isEmpty {
                errors.append(T.missingIndicatorCode)
            } else if let i = indicatorByCode[IndicatorImportLayout.fold(indicatorCode)] {
                if !i.isActive { errors.append(T.inactiveIndicator(indicatorCode)) }
                else if let d = definitions[i.id!] { indicator = i; definition = d }
                else { errors.append(T.noDefinition(indicatorCode, year: year)) }
            } else {
                errors.append(T.unknownIndicator(indicatorCode))
            }
            let indicatorLabel = definition?.name ?? cell(.indicatorName)

            func row(_ outcome: IndicatorImportPreview.Outcome, jump: Bool = false) -> IndicatorImportPreview.Row {
                IndicatorImportPreview.Row(line: line, unitCode: unitCode, unitLabel: unitLabel, indicatorCode: indicatorCode,
                                           indicatorLabel: indicatorLabel, numerator: input.numerator, denominator: input.denominator,
                                           value: input.value, outcome: errors.isEmpty ? outcome : .error, errors: errors, isJump: jump)
            }

            guard let indicator, let definition, scopeOK else { preview.rows.append(row(.error)); continue }
            let key = Key(indicatorID: indicator.id!, scopeKey: unit?.id.map { $0.uuidString.lowercased() } ?? IndicatorValue.communeScope)
            guard hasFigure else { preview.rows.append(row(.skipped)); continue }
            if let first = seen[key] { errors.append(T.duplicate(of: first)) } else { seen[key] = line }

            let kind = definition.kindValue
            if kind == .share, !input.value.isEmpty { errors.append(T.shareTakesParts) }
            if kind != .share, !(input.numerator.isEmpty && input.denominator.isEmpty) { errors.append(T.countTakesValue) }

            let context = IndicatorValueContext(
                kind: kind, level: definition.levelValue, scope: unit.map { .unit($0.unitKind) } ?? .commune,
                year: year, quarter: quarter, movementStartYear: movement.startYear, movementEndYear: movement.endYear,
                today: today, previous: previousByKey[key] ?? nil, jumpPercent: settings?.jumpPercent ?? fallbackJumpPercent,
                yearLocked: yearLocked)
            var figure: IndicatorCleanFigure?
            switch IndicatorValueRules.check(input, context) {
            case .success(let f): figure = f
            case .failure(let refusal):
                for field in IndicatorValueRules.Field.allCases {
                    guard let message = refusal.fields[field.rawValue] else { continue }
                    switch field {
                    case .year, .quarter:
                        if !periodProblems.contains(message) { periodProblems.append(message) }
                    case .scope: errors.append(message)
                    case .numerator: errors.append("\(T.colNumerator): \(message)")
                    case .denominator: errors.append("\(T.colDenominator): \(message)")
                    case .value: errors.append("\(T.colValue): \(message)")
                    case .note: errors.append("\(T.colNote): \(message)")
                    case .jumpNote: errors.append("\(T.colJumpNote): \(message)")
                    }
                }
            }
            guard errors.isEmpty, let figure else {
                preview.rows.append(row(.error))
                continue
            }
            let stored = existingByKey[key]
            if let stored, same(stored, figure) {
                preview.rows.append(row(.unchanged))
                continue
            }
            if let stored, !(stored.statusValue.isEditable || stored.statusValue == .submitted) {
                errors.append(T.notOverwritable(stored.statusValue))
                preview.rows.append(row(.error))
                continue
            }
            planned.append(Planned(indicatorID: indicator.id!, definitionID: definition.id!, unitID: unit?.id, scopeKey: key.scopeKey,
                                   figure: figure, existing: stored))
            preview.rows.append(row(stored.map { .update($0.statusValue) } ?? .create, jump: figure.isJump))
        }
        preview.fileProblems += periodProblems
        if preview.fileProblems.isEmpty, preview.rows.isEmpty { preview.fileProblems = [T.noRows] }
        else if preview.fileProblems.isEmpty, preview.errorCount == 0, preview.writeCount == 0 { preview.fileProblems = [T.nothingToImport] }
        return (preview, planned)
    }

    /// The stored value already holds these figures and notes.
    private static func same(_ v: IndicatorValue, _ f: IndicatorCleanFigure) -> Bool {
        func eq(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case (let x?, let y?): abs(x - y) < 1e-9
            default: false
            }
        }
        return eq(v.numerator, f.numerator) && eq(v.denominator, f.denominator) && eq(v.value, f.value)
            && v.note == f.note && v.jumpNote == f.jumpNote
    }
}
