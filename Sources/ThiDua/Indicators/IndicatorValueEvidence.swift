import Fluent
import Foundation
import SQLKit
import Vapor

extension IndicatorValueCommands {
    /// Attaches a received file (``StreamedUpload``, its kind already judged by its bytes with
    /// ``EvidenceCommands/check(name:file:maxBytes:threadPool:)``) to the value of an indicator for a scope and period.
    /// A value not entered yet gets an empty draft row (its figure stays missing). The value must still be editable;
    /// the file is moved into the store in the same write, and taken out again if the write fails.
    @discardableResult
    static func addEvidence(scope: IndicatorScope, year: Int, quarter: Int, indicatorID: UUID, originalName: String?, file: TempFile,
                            kind: FileKind, store: any FileStore, by user: CurrentUser, actor: AuditActor,
                            on db: any Database) async throws -> IndicatorEvidence {
        try requireEnter(scope, by: user)
        let frame = try await frame(communeID: scope.communeID, year: year, on: db)
        guard let indicator = frame.indicators[indicatorID], indicator.isActive, let definition = frame.definitions[indicatorID] else {
            throw invalid(["indicatorId": T.unknownIndicator])
        }
        if definition.levelValue != scope.kind.level { throw invalid(["indicatorId": T.wrongScope(level: definition.levelValue, scope: scope.kind.level)]) }
        // The period's own rules (within the movement, not in the future, the year not locked), as for a figure.
        let period = IndicatorValueRules.periodRefusal(IndicatorValueContext(
            kind: definition.kindValue, level: definition.levelValue, scope: scope.kind, year: year, quarter: quarter,
            movementStartYear: frame.startYear, movementEndYear: frame.endYear, today: LocalDate(actor.at), previous: nil,
            jumpPercent: frame.jumpPercent, yearLocked: frame.yearLocked))
        if let message = period.values.first { throw invalid(["file": message]) }
        let e = IndicatorEvidence()
        e.id = UUID(); e.communeID = scope.communeID; e.fileHash = file.sha256; e.contentType = kind.contentType; e.size = file.size
        let name = TextFolding.clean(originalName)
        e.originalName = name.isEmpty ? kind.rawValue.uppercased() : name
        e.uploadedBy = actor.name; e.createdAt = actor.at
        return try await store.placing([file]) { placement in
            try await db.writeTransaction(writesFirst: true) { db in
                let v: IndicatorValue
                if let row = try await values(scopeKey: scope.key, communeID: scope.communeID, year: year, quarter: quarter, on: db)[indicatorID] {
                    guard row.statusValue.isEditable else { throw AppError.conflict(T.notEditable(row.statusValue)) }
                    v = row
                } else {
                    v = IndicatorValue()
                    v.id = UUID(); v.communeID = scope.communeID; v.indicatorID = indicatorID; v.definitionID = definition.id!
                    v.unitID = scope.unitID; v.scopeKey = scope.key; v.year = year; v.quarter = quarter
                    v.note = ""; v.jumpNote = ""; v.status = IndicatorValueStatus.draft.rawValue; v.returnReason = ""; v.source = "form"
                    v.enteredBy = user.id; v.enteredByName = actor.name; v.reviewedByName = ""; v.createdAt = actor.at; v.updatedAt = actor.at
                    v.version = 1
                    try await v.create(on: db)
                }
                e.valueID = v.id!
                try await e.create(on: db)
                try await placement.place()
                try await AuditLog.record(on: db, actor, .create, type: "indicator_evidence", id: e.id,
                                          label: "\(T.evidenceAudit): \(e.originalName) — \(label(definition, scope: scope, year: year, quarter: quarter))",
                                          after: ["name": e.originalName, "type": e.contentType, "size": String(e.size), "sha256": e.fileHash])
                return e
            }
        }
    }

    /// Removes a file from a value that can still be edited (the stored bytes stay: other rows may share them).
    static func removeEvidence(_ e: IndicatorEvidence, by user: CurrentUser, actor: AuditActor, on db: any Database) async throws {
        guard let v = try await IndicatorValue.find(e.valueID, on: db) else { throw AppError.notFound }
        try requireEnter(try await scope(of: v, on: db), by: user)
        guard v.statusValue.isEditable else { throw AppError.conflict(T.notEditable(v.statusValue)) }
        try await db.writeTransaction { db in
            try await e.delete(on: db)
            try await AuditLog.record(on: db, actor, .delete, type: "indicator_evidence", id: e.id, label: "\(T.evidenceAudit): \(e.originalName)",
                                      before: ["name": e.originalName, "sha256": e.fileHash])
        }
    }
}
