import Fluent
import Foundation

/// What the owner writes in a report (narrative, actual values, delivered products).
struct ReportInput: Sendable, Codable, Equatable {
    var results: String
    var lessons: String
    var proposals: String
    var initiativesApplied: String
    var actuals: [UUID: Double?]
    var notes: [UUID: String]
    var delivered: Set<UUID>
    var productNotes: [UUID: String]
}

enum ReportCommands {
    /// Creates the report on first use (draft).
    static func ensure(communeID: UUID, unitID: UUID, year: Int, on db: any Database) async throws -> AnnualReport {
        if let r = try await ReportQueries.find(on: db, communeID: communeID, unitID: unitID, year: year) { return r }
        return try await db.writeTransaction { db in
            if let r = try await ReportQueries.find(on: db, communeID: communeID, unitID: unitID, year: year) { return r }
            let r = AnnualReport()
            r.communeID = communeID; r.unitID = unitID; r.year = year; r.status = WorkflowStatus.draft.rawValue
            r.results = ""; r.lessons = ""; r.proposals = ""; r.initiativesApplied = ""; r.isLate = false; r.returnReason = ""
            r.revision = 0; r.version = 1
            try await r.create(on: db)
            return r
        }
    }

    static func save(_ input: ReportInput, unit: Unit, year: Int, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws -> AnnualReport {
        try await db.writeTransaction { db in
            let existing = try await ReportQueries.find(on: db, communeID: unit.communeID, unitID: unit.id!, year: year)
            let r = try await ensure(communeID: unit.communeID, unitID: unit.id!, year: year, on: db)
            guard r.workflow.isEditable else { throw AppError.conflict(ReportText.notEditable) }
            if existing != nil, let expectedVersion, expectedVersion != r.version { throw AppError.conflict(CoreText.conflict) }
            // The report as it was (for the audit log); its lines are the targets and products of this unit's registration.
            let dto = try await ReportQueries.dto(on: db, communeID: unit.communeID, unit: unit, year: year)
            let before = existing == nil ? nil : dto
            if existing != nil { try await OptimisticLock.bump(AnnualReport.schema, id: r.id!, from: r.version, on: db); r.version += 1 }
            r.results = input.results; r.lessons = input.lessons; r.proposals = input.proposals; r.initiativesApplied = input.initiativesApplied
            try await r.update(on: db)
            // Only targets and products of this unit's registration are written.
            let targetIDs = Set(dto.targets.map(\.targetId)), productIDs = Set(dto.products.map(\.productId))
            try await ReportTargetResult.query(on: db).filter(\.$reportID == r.id!).delete()
            for id in targetIDs where input.actuals[id] != nil || !(input.notes[id] ?? "").isEmpty {
                let row = ReportTargetResult()
                row.communeID = unit.communeID; row.reportID = r.id!; row.targetID = id
                row.actualValue = input.actuals[id] ?? nil; row.note = input.notes[id] ?? ""
                try await row.create(on: db)
            }
            try await ReportProductResult.query(on: db).filter(\.$reportID == r.id!).delete()
            for id in productIDs where input.delivered.contains(id) || !(input.productNotes[id] ?? "").isEmpty {
                let row = ReportProductResult()
                row.communeID = unit.communeID; row.reportID = r.id!; row.productID = id
                row.delivered = input.delivered.contains(id); row.note = input.productNotes[id] ?? ""
                try await row.create(on: db)
            }
            let after = try await ReportQueries.dto(on: db, communeID: unit.communeID, unit: unit, year: year)
            try await AuditLog.record(on: db, actor, before == nil ? .create : .update, type: "annual_report", id: r.id,
                                      label: "Báo cáo kết quả \(year) — \(unit.name)", before: before.map(AuditSnapshot.init), after: AuditSnapshot(after))
            return r
        }
    }

    /// Submits; after the deadline day (Vietnam time) the report is accepted for review but marked late.
    static func submit(_ r: AnnualReport, unitName: String, actor: AuditActor, on db: any Database) async throws {
        guard r.workflow.isEditable else { throw AppError.conflict(ReportText.notEditable) }
        if TextFolding.clean(r.results).isEmpty { throw AppError.validation(fields: ["results": ReportText.needsResults], message: ReportText.needsResults) }
        let deadline = try await ReportQueries.deadline(on: db, communeID: r.communeID, year: r.year)
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(AnnualReport.schema, id: r.id!, from: r.version, on: db)
            r.version += 1
            r.status = WorkflowStatus.submitted.rawValue
            r.submittedAt = actor.at
            r.isLate = LocalDate(actor.at) > deadline
            r.revision += 1
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "annual_report", id: r.id,
                                      label: "Nộp báo cáo kết quả \(r.year) — \(unitName)\(r.isLate ? " (muộn)" : "")",
                                      before: ["status": WorkflowStatus.draft.rawValue], after: ["status": r.status, "isLate": r.isLate ? "true" : "false"])
        }
    }

    static func decide(_ r: AnnualReport, accept: Bool, reason: String, actor: AuditActor, on db: any Database) async throws {
        guard r.workflow == .submitted else { throw AppError.conflict(RegistrationText.notSubmitted) }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(AnnualReport.schema, id: r.id!, from: r.version, on: db)
            r.version += 1
            r.status = (accept ? WorkflowStatus.accepted : .returned).rawValue
            r.returnReason = accept ? "" : reason
            r.decidedAt = actor.at
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "annual_report", id: r.id,
                                      label: "\(accept ? "Chấp nhận" : "Trả lại") báo cáo kết quả \(r.year)",
                                      before: ["status": WorkflowStatus.submitted.rawValue], after: ["status": r.status, "returnReason": r.returnReason])
        }
    }
}

/// The parts of a report kept in the audit log.
struct AuditSnapshot: Codable, Sendable {
    let results: String
    let lessons: String
    let proposals: String
    let initiativesApplied: String
    let actuals: [String: String]
    let delivered: [String]

    init(_ d: ReportDTO) {
        results = d.results; lessons = d.lessons; proposals = d.proposals; initiativesApplied = d.initiativesApplied
        actuals = Dictionary(d.targets.map { ($0.targetName, $0.actualValue.map { NumberText.format($0) } ?? "") }, uniquingKeysWith: { a, b in "\(a); \(b)" })
        delivered = d.products.filter(\.delivered).map(\.name)
    }
}
