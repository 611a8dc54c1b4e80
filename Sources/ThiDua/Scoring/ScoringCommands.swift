import Fluent
import Foundation

/// Changes to scores and scoring settings, each with its audit row in one transaction.
enum ScoringCommands {
    /// What was typed for one criterion.
    struct Input: Sendable {
        var points: String?
        var evidence: String?
        var note: String?
    }

    /// A checked score: nil points removes the score.
    struct Entry: Sendable, Equatable {
        let points: Double?
        let evidenceID: UUID?
        let note: String
    }

    /// Checks every line sent: points 0…max (decimal comma accepted), evidence one of the unit's report of the year.
    /// Field keys: `points-<criterion>`, `evidence-<criterion>`, `note-<criterion>`.
    static func validate(_ inputs: [UUID: Input], lines: [SheetLine], evidence: Set<String>) -> ([UUID: Entry], [String: String]) {
        var errors: [String: String] = [:]
        var entries: [UUID: Entry] = [:]
        for line in lines {
            // A criterion the form did not send keeps its score.
            guard let input = inputs[line.criterionID] else { continue }
            let key = line.criterionID.uuidString.lowercased()
            let note = Check.text(input.note, "note-\(key)", max: 500, required: false, into: &errors)
            let pointsText = TextFolding.clean(input.points)
            var points: Double?
            if !pointsText.isEmpty {
                points = NumberText.parse(pointsText, .range(0, line.maxPoints))
                if points == nil {
                    errors["points-\(key)"] = ScoringText.pointsRange(NumberText.format(line.maxPoints))
                }
            }
            var evidenceID: UUID?
            let evidenceText = TextFolding.clean(input.evidence).lowercased()
            if !evidenceText.isEmpty {
                if evidence.contains(evidenceText), let id = UUID(uuidString: evidenceText) { evidenceID = id }
                else { errors["evidence-\(key)"] = ScoringText.unknownEvidence }
            }
            entries[line.criterionID] = Entry(points: points, evidenceID: points == nil ? nil : evidenceID, note: points == nil ? "" : note)
        }
        return (entries, errors)
    }

    /// Saves one column of a sheet (the unit's self-scores, or one member's scores); returns whether anything changed.
    @discardableResult
    static func save(_ entries: [UUID: Entry], kind: ScorerKind, member: UUID?, unit: Unit, year: Int, lines: [SheetLine],
                     label: String, actor: AuditActor, on db: any Database) async throws -> Bool {
        let (communeID, unitID) = (unit.communeID, unit.id!)
        let key = member?.uuidString.lowercased() ?? ""
        let titles = Dictionary(uniqueKeysWithValues: lines.map { ($0.criterionID, "\($0.position). \($0.title)") })
        return try await db.writeTransaction { db in
            let existing = try await UnitScore.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).filter(\.$unitID == unitID)
                .filter(\.$scorerKind == kind.rawValue).filter(\.$scorerKey == key).all()
            var before: [String: String] = [:], after: [String: String] = [:]
            for (criterionID, entry) in entries {
                let title = titles[criterionID] ?? criterionID.uuidString
                let row = existing.first { $0.criterionID == criterionID }
                let old = row.map { Entry(points: $0.points, evidenceID: $0.evidenceID, note: $0.note) }
                guard old != (entry.points == nil ? nil : entry) else { continue }
                if let old { before[title] = describe(old) }
                if let points = entry.points {
                    let s = row ?? UnitScore()
                    s.communeID = communeID; s.year = year; s.unitID = unitID; s.criterionID = criterionID
                    s.scorerKind = kind.rawValue; s.memberID = member; s.scorerKey = key
                    s.points = points; s.evidenceID = entry.evidenceID; s.note = entry.note
                    s.updatedAt = actor.at; s.updatedBy = actor.name
                    try await s.save(on: db)
                    after[title] = describe(entry)
                } else if let row {
                    try await row.delete(on: db)
                }
            }
            guard !before.isEmpty || !after.isEmpty else { return false }
            try await AuditLog.record(on: db, actor, .update, type: "unit_score", id: unitID, label: label, before: before, after: after)
            return true
        }
    }

    static func describe(_ e: Entry) -> String {
        var parts = [e.points.map { NumberText.format($0) } ?? ""]
        if let evidence = e.evidenceID { parts.append(ScoringText.auditEvidence(evidence.uuidString.lowercased())) }
        if !e.note.isEmpty { parts.append(e.note) }
        return parts.joined(separator: "; ")
    }

    // MARK: settings

    struct SettingsInput: Sendable {
        var rule: String?
        var gapThreshold: String?
        /// Label and minimum percent, by row index.
        var bands: [(String, String)]
        var version: Int?
    }

    static func validateSettings(_ input: SettingsInput) -> (ScoringRule, Double, [ScoringConfig.Band], [String: String]) {
        var errors: [String: String] = [:]
        let rule = ScoringRule(rawValue: input.rule ?? "")
        if rule == nil { errors["rule"] = CoreText.invalidChoice }
        let gap = NumberText.parse(input.gapThreshold, .range(0, 1000))
        if gap == nil { errors["gapThreshold"] = ScoringText.gapInvalid }
        var bands: [ScoringConfig.Band] = []
        for (i, row) in input.bands.enumerated() {
            if TextFolding.clean(row.0).isEmpty && TextFolding.clean(row.1).isEmpty { continue }
            let label = Check.text(row.0, "bandLabel-\(i)", max: 60, required: true, into: &errors)
            let min = NumberText.parse(row.1, .percent)
            if min == nil { errors["bandMin-\(i)"] = ScoringText.bandMinInvalid }
            else if bands.contains(where: { $0.minPercent == min! }) { errors["bandMin-\(i)"] = ScoringText.bandDuplicate }
            bands.append(.init(label: label, minPercent: min ?? -1))
        }
        if errors.isEmpty && !bands.contains(where: { $0.minPercent == 0 }) { errors["bandMin-0"] = ScoringText.bandZeroMissing }
        return (rule ?? .councilAverage, gap ?? 0, bands.sorted { $0.minPercent > $1.minPercent }, errors)
    }

    static func describe(_ rule: ScoringRule, _ gap: Double, _ bands: [ScoringConfig.Band]) -> [String: String] {
        ["rule": rule.rawValue, "gapThreshold": NumberText.format(gap),
         "bands": bands.map { "\($0.label) ≥ \(NumberText.format($0.minPercent))%" }.joined(separator: "; ")]
    }

    static func saveSettings(rule: ScoringRule, gap: Double, bands: [ScoringConfig.Band], version: Int?, current: ScoringConfig,
                             communeID: UUID, actor: AuditActor, on db: any Database) async throws {
        let before = describe(current.rule, current.gapThreshold, current.bands)
        try await db.writeTransaction { db in
            guard let s = try await ScoringSettings.query(on: db).filter(\.$communeID == communeID).first() else { throw AppError.notFound }
            let from = version ?? s.version
            try await OptimisticLock.bump(ScoringSettings.schema, id: s.id!, from: from, on: db)
            s.version = from + 1
            s.finalRule = rule.rawValue; s.gapThreshold = gap
            try await s.update(on: db)
            try await ScoringBand.query(on: db).filter(\.$communeID == communeID).delete()
            for (n, b) in bands.enumerated() {
                let band = ScoringBand()
                band.communeID = communeID; band.position = n + 1; band.label = b.label; band.minPercent = b.minPercent
                try await band.create(on: db)
            }
            try await AuditLog.record(on: db, actor, .update, type: "scoring_settings", id: s.id, label: ScoringText.settingsTitle,
                                      before: before, after: describe(rule, gap, bands))
        }
    }
}
