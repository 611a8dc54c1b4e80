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

    /// What a save wrote: the report row, the report as pages and the API show it, and whether it was created.
    struct Saved: Sendable {
        let report: AnnualReport
        let dto: ReportDTO
        let created: Bool
    }

    /// Saves the owner's part of a report (a draft or a returned report).
    ///
    /// The report and the lines of its registration are read before the write lock is taken; the write then moves the
    /// version on from the one read, so nothing changed in between (or, for a client that sent no version, the save is
    /// read and tried again). The lock is held only for the few statements that write.
    static func save(_ input: ReportInput, unit: Unit, year: Int, expectedVersion: Int?, actor: AuditActor, on db: any Database) async throws -> Saved {
        var attempt = 0
        while true {
            attempt += 1
            let existing = try await ReportQueries.find(on: db, communeID: unit.communeID, unitID: unit.id!, year: year)
            if let existing {
                guard existing.workflow.isEditable else { throw AppError.conflict(ReportText.notEditable) }
                if let expectedVersion, expectedVersion != existing.version { throw AppError.conflict(CoreText.conflict) }
            }
            let before = try await ReportQueries.dto(on: db, communeID: unit.communeID, unit: unit, year: year, report: existing)
            do {
                return try await write(input, unit: unit, year: year, existing: existing, before: before, actor: actor, on: db)
            } catch AppError.conflict(let message) where expectedVersion == nil && attempt < 5 {
                _ = message // another save came first: read again and apply this one on top
            }
        }
    }

    private static func write(_ input: ReportInput, unit: Unit, year: Int, existing: AnnualReport?, before: ReportDTO,
                              actor: AuditActor, on db: any Database) async throws -> Saved {
        // Result rows exist only for lines with a value or a note: when the report had none, there is nothing to delete.
        let hadTargetRows = before.targets.contains { $0.actualValue != nil || !$0.note.isEmpty }
        let hadProductRows = before.products.contains { $0.delivered || !$0.note.isEmpty }
        return try await db.writeTransaction(writesFirst: existing != nil) { db in
            let r: AnnualReport
            if let existing {
                try await OptimisticLock.bump(AnnualReport.schema, id: existing.id!, from: existing.version, on: db)
                r = existing
                r.version += 1
            } else {
                // Created meanwhile by another request (e.g. its first evidence): read again.
                if try await ReportQueries.find(on: db, communeID: unit.communeID, unitID: unit.id!, year: year) != nil {
                    throw AppError.conflict(CoreText.conflict)
                }
                r = AnnualReport()
                r.communeID = unit.communeID; r.unitID = unit.id!; r.year = year; r.status = WorkflowStatus.draft.rawValue
                r.isLate = false; r.returnReason = ""; r.revision = 0; r.version = 1
            }
            r.results = input.results; r.lessons = input.lessons; r.proposals = input.proposals; r.initiativesApplied = input.initiativesApplied
            if existing == nil { try await r.create(on: db) } else { try await r.update(on: db) }
            // Only targets and products of this unit's registration are written.
            if hadTargetRows { try await ReportTargetResult.query(on: db).filter(\.$reportID == r.id!).delete() }
            var targets = before.targets
            for i in targets.indices {
                let id = targets[i].targetId
                targets[i].actualValue = input.actuals[id] ?? nil
                targets[i].note = input.notes[id] ?? ""
                guard input.actuals[id] != nil || !(input.notes[id] ?? "").isEmpty else { continue }
                let row = ReportTargetResult()
                row.communeID = unit.communeID; row.reportID = r.id!; row.targetID = id
                row.actualValue = targets[i].actualValue; row.note = targets[i].note
                try await row.create(on: db)
            }
            if hadProductRows { try await ReportProductResult.query(on: db).filter(\.$reportID == r.id!).delete() }
            var products = before.products
            for i in products.indices {
                let id = products[i].productId
                products[i].delivered = input.delivered.contains(id)
                products[i].note = input.productNotes[id] ?? ""
                guard products[i].delivered || !products[i].note.isEmpty else { continue }
                let row = ReportProductResult()
                row.communeID = unit.communeID; row.reportID = r.id!; row.productID = id
                row.delivered = products[i].delivered; row.note = products[i].note
                try await row.create(on: db)
            }
            let after = ReportDTO(
                id: r.id, year: year, unitId: unit.id!, unitName: unit.name, status: r.status, isLate: r.isLate, submittedAt: r.submittedAt,
                returnReason: r.returnReason, version: r.version, deadline: before.deadline, results: r.results, lessons: r.lessons,
                proposals: r.proposals, initiativesApplied: r.initiativesApplied, targets: targets, products: products, evidence: before.evidence)
            try await AuditLog.record(on: db, actor, existing == nil ? .create : .update, type: "annual_report", id: r.id,
                                      label: "Báo cáo kết quả \(year) — \(unit.name)",
                                      before: existing == nil ? nil : AuditSnapshot(before), after: AuditSnapshot(after))
            return Saved(report: r, dto: after, created: existing == nil)
        }
    }

    /// Submits; after the deadline day (Vietnam time) the report is accepted for review but marked late.
    /// The secretariat is told in the same write (inbox) and, once saved, by e-mail when configured.
    static func submit(_ r: AnnualReport, unitName: String, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws {
        guard r.workflow.isEditable else { throw AppError.conflict(ReportText.notEditable) }
        if TextFolding.clean(r.results).isEmpty { throw AppError.validation(fields: ["results": ReportText.needsResults], message: ReportText.needsResults) }
        let deadline = try await ReportQueries.deadline(on: db, communeID: r.communeID, year: r.year)
        let late = LocalDate(actor.at) > deadline
        let notices = try await notifier?.reviewerNotices(communeID: r.communeID, title: ReportText.submittedNotice(unitName, r.year, late: late),
                                                          link: SiteURL.report(r.unitID, year: r.year).path, on: db, at: actor.at) ?? []
        try await db.writeTransaction(writesFirst: true) { db in
            try await OptimisticLock.bump(AnnualReport.schema, id: r.id!, from: r.version, on: db)
            try await notifier?.inbox(notices, on: db)
            r.version += 1
            r.status = WorkflowStatus.submitted.rawValue
            r.submittedAt = actor.at
            r.isLate = late
            r.revision += 1
            try await r.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "annual_report", id: r.id,
                                      label: "Nộp báo cáo kết quả \(r.year) — \(unitName)\(r.isLate ? " (muộn)" : "")",
                                      before: ["status": WorkflowStatus.draft.rawValue], after: ["status": r.status, "isLate": r.isLate ? "true" : "false"])
        }
        try await notifier?.mail(notices, on: db)
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
