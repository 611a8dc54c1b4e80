import Fluent
import Foundation
import SQLKit

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
    /// What stops a report from being submitted (checked before anything is saved, and again by ``submit``).
    static func submitProblems(results: String) -> [String: String] {
        TextFolding.clean(results).isEmpty ? ["results": ReportText.needsResults] : [:]
    }

    /// Finds the report of a unit and year, creating it (draft) on first use; call it inside a write transaction.
    /// The insert does nothing when the report exists (its key is commune, year and unit), so it is a write either way
    /// and takes SQLite's write lock first.
    static func ensure(communeID: UUID, unitID: UUID, year: Int, on db: any Database) async throws -> AnnualReport {
        try await insert(id: UUID(), communeID: communeID, unitID: unitID, year: year, input: nil, on: db)
        guard let r = try await ReportQueries.find(on: db, communeID: communeID, unitID: unitID, year: year) else { throw AppError.notFound }
        return r
    }

    /// Inserts a draft report unless the unit already has one for the year; true when this one was inserted.
    @discardableResult
    private static func insert(id: UUID, communeID: UUID, unitID: UUID, year: Int, input: ReportInput?, at: Date = Date(),
                               on db: any Database) async throws -> Bool {
        try await !db.sql.raw("""
            INSERT INTO annual_reports (id, commune_id, year, unit_id, status, results, lessons, proposals, initiatives_applied,
                                        is_late, return_reason, revision, version, created_at, updated_at)
            VALUES (\(bind: id), \(bind: communeID), \(bind: year), \(bind: unitID), \(bind: WorkflowStatus.draft.rawValue),
                    \(bind: input?.results ?? ""), \(bind: input?.lessons ?? ""), \(bind: input?.proposals ?? ""),
                    \(bind: input?.initiativesApplied ?? ""), \(bind: false), \(bind: ""), \(bind: 0), \(bind: 1), \(bind: at), \(bind: at))
            ON CONFLICT (commune_id, year, unit_id) DO NOTHING RETURNING id
            """).all().isEmpty
    }

    /// What a save wrote: the report row, the report as pages and the API show it, and whether it was created.
    struct Saved: Sendable {
        let report: AnnualReport
        let dto: ReportDTO
        let created: Bool
    }

    /// Evidence added or removed with a save of the report page, so that nothing typed on the page is lost: files and
    /// links already checked, and evidence of the report to remove.
    struct EvidenceChanges: Sendable {
        var files: [EvidenceCommands.NewFile] = []
        var links: [EvidenceCommands.NewLink] = []
        var remove: [UUID] = []
        var isEmpty: Bool { files.isEmpty && links.isEmpty && remove.isEmpty }
    }

    /// Saves the owner's part of a report (a draft or a returned report), with the evidence added or removed on the
    /// same page in the same write (`store` keeps the files' bytes; it is needed only when files are added).
    ///
    /// The report and the lines of its registration are read before the write lock is taken; the write then moves the
    /// version on from the one read, so nothing changed in between (or, for a client that sent no version, the save is
    /// read and tried again). The lock is held only for the few statements that write.
    static func save(_ input: ReportInput, unit: Unit, year: Int, expectedVersion: Int?, evidence changes: EvidenceChanges = .init(),
                     store: (any FileStore)? = nil, actor: AuditActor, on db: any Database) async throws -> Saved {
        // The bytes go to the store first (by hash: a file stored twice is kept once); the rows are written with the report.
        var files: [Evidence] = []
        for f in changes.files {
            guard let store else { throw AppError.badRequest("files added to a report need the file store") }
            files.append(try await EvidenceCommands.storedFile(f, communeID: unit.communeID, store: store, actor: actor))
        }
        let added = files + changes.links.map { EvidenceCommands.link($0, communeID: unit.communeID, actor: actor) }
        // Received files are moved into the store in the write that inserts their rows (taken out again if it fails).
        let received = changes.files.compactMap(\.content.received)
        guard let store, !received.isEmpty else {
            return try await save(input, unit: unit, year: year, expectedVersion: expectedVersion, adding: added, removing: changes.remove,
                                  placement: nil, actor: actor, on: db)
        }
        return try await store.placing(received) { placement in
            try await save(input, unit: unit, year: year, expectedVersion: expectedVersion, adding: added, removing: changes.remove,
                           placement: placement, actor: actor, on: db)
        }
    }

    private static func save(_ input: ReportInput, unit: Unit, year: Int, expectedVersion: Int?, adding added: [Evidence], removing: [UUID],
                             placement: FilePlacement?, actor: AuditActor, on db: any Database) async throws -> Saved {
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
                return try await write(input, unit: unit, year: year, existing: existing, before: before, adding: added,
                                       removing: removing, placement: placement, actor: actor, on: db)
            } catch AppError.conflict(let message) where expectedVersion == nil && attempt < 5 {
                _ = message // another save came first: read again and apply this one on top
            }
        }
    }

    private static func write(_ input: ReportInput, unit: Unit, year: Int, existing: AnnualReport?, before: ReportDTO,
                              adding: [Evidence], removing: [UUID], placement: FilePlacement?, actor: AuditActor,
                              on db: any Database) async throws -> Saved {
        // Result rows exist only for lines with a value or a note: when the report had none, there is nothing to delete.
        let hadTargetRows = before.targets.contains { $0.actualValue != nil || !$0.note.isEmpty }
        let hadProductRows = before.products.contains { $0.delivered || !$0.note.isEmpty }
        return try await db.writeTransaction(writesFirst: true) { db in
            let sql = db.sql
            let r: AnnualReport
            if let existing {
                // The version check and the new text in one statement.
                try await OptimisticLock.update(AnnualReport.schema, id: existing.id!, from: existing.version, set: """
                    results = \(bind: input.results), lessons = \(bind: input.lessons), proposals = \(bind: input.proposals),
                    initiatives_applied = \(bind: input.initiativesApplied), updated_at = \(bind: Date())
                    """, on: db)
                r = existing
                r.version += 1
            } else {
                // Created meanwhile by another request (e.g. its first evidence): the insert does nothing; read again.
                let id = UUID()
                guard try await insert(id: id, communeID: unit.communeID, unitID: unit.id!, year: year, input: input, on: db) else {
                    throw AppError.conflict(CoreText.conflict)
                }
                r = AnnualReport()
                r.id = id; r.communeID = unit.communeID; r.unitID = unit.id!; r.year = year; r.status = WorkflowStatus.draft.rawValue
                r.isLate = false; r.returnReason = ""; r.revision = 0; r.version = 1
                r._$idExists = true // inserted above, so later changes to it are updates
            }
            r.results = input.results; r.lessons = input.lessons; r.proposals = input.proposals; r.initiativesApplied = input.initiativesApplied
            // Only targets and products of this unit's registration are written, each kind in one statement.
            if hadTargetRows { try await sql.raw("DELETE FROM report_target_results WHERE report_id = \(bind: r.id!)").run() }
            var targets = before.targets, rows: [SQLQueryString] = []
            for i in targets.indices {
                let id = targets[i].targetId
                targets[i].actualValue = input.actuals[id] ?? nil
                targets[i].note = input.notes[id] ?? ""
                guard input.actuals[id] != nil || !(input.notes[id] ?? "").isEmpty else { continue }
                rows.append("(\(bind: UUID()), \(bind: unit.communeID), \(bind: r.id!), \(bind: id), \(bind: targets[i].actualValue), \(bind: targets[i].note))")
            }
            try await sql.insertRows(into: ReportTargetResult.schema, columns: ["id", "commune_id", "report_id", "target_id", "actual_value", "note"], rows)
            if hadProductRows { try await sql.raw("DELETE FROM report_product_results WHERE report_id = \(bind: r.id!)").run() }
            var products = before.products
            rows = []
            for i in products.indices {
                let id = products[i].productId
                products[i].delivered = input.delivered.contains(id)
                products[i].note = input.productNotes[id] ?? ""
                guard products[i].delivered || !products[i].note.isEmpty else { continue }
                rows.append("(\(bind: UUID()), \(bind: unit.communeID), \(bind: r.id!), \(bind: id), \(bind: products[i].delivered), \(bind: products[i].note))")
            }
            try await sql.insertRows(into: ReportProductResult.schema, columns: ["id", "commune_id", "report_id", "product_id", "delivered", "note"], rows)
            // The evidence of the same page, after the report is written (a first save creates it).
            var evidence = before.evidence
            for id in removing {
                if try await EvidenceCommands.delete(id, from: r.id!, actor: actor, on: db) { evidence.removeAll { $0.id == id } }
            }
            for e in adding {
                try await EvidenceCommands.insert(e, into: r.id!, actor: actor, on: db)
                evidence.append(EvidenceDTO(id: e.id!, kind: e.kind, title: e.title, contentType: e.contentType, size: e.size, url: e.url,
                                            uploadedBy: e.uploadedBy, createdAt: e.createdAt))
            }
            try await placement?.place()
            let after = ReportDTO(
                id: r.id, year: year, unitId: unit.id!, unitName: unit.name, status: r.status, isLate: r.isLate, submittedAt: r.submittedAt,
                returnReason: r.returnReason, version: r.version, deadline: before.deadline, results: r.results, lessons: r.lessons,
                proposals: r.proposals, initiativesApplied: r.initiativesApplied, targets: targets, products: products, evidence: evidence)
            try await AuditLog.record(on: db, actor, existing == nil ? .create : .update, type: "annual_report", id: r.id,
                                      label: "Báo cáo kết quả \(year) — \(unit.name)",
                                      before: existing == nil ? nil : AuditSnapshot(before), after: AuditSnapshot(after))
            return Saved(report: r, dto: after, created: existing == nil)
        }
    }

    /// Submits; after the deadline day (Vietnam time) the report is accepted for review but marked late (a resubmission
    /// after a return keeps the first submission's mark).
    /// The secretariat is told in the same write (inbox) and, once saved, by e-mail when configured.
    /// Returns the deadline it was judged against.
    @discardableResult
    static func submit(_ r: AnnualReport, unitName: String, actor: AuditActor, notifier: (any Notifier)? = nil,
                       on db: any Database) async throws -> LocalDate {
        guard r.workflow.isEditable else { throw AppError.conflict(ReportText.notEditable) }
        let problems = submitProblems(results: r.results)
        if !problems.isEmpty { throw AppError.validation(fields: problems, message: ReportText.needsResults) }
        let deadline = try await ReportQueries.deadline(on: db, communeID: r.communeID, year: r.year)
        // A report the secretariat returned for fixes keeps the lateness of its first submission: a unit that reported
        // on time is not marked late because the fixes were asked for after the deadline.
        let late = r.workflow == .returned && r.revision > 0 ? r.isLate : LocalDate(actor.at) > deadline
        let notices = try await notifier?.reviewerNotices(communeID: r.communeID, title: ReportText.submittedNotice(unitName, r.year, late: late),
                                                          link: SiteURL.report(r.unitID, year: r.year).path, on: db, at: actor.at) ?? []
        try await db.writeTransaction(writesFirst: true) { db in
            // The version check and the new state in one statement.
            try await OptimisticLock.update(AnnualReport.schema, id: r.id!, from: r.version, set: """
                status = \(bind: WorkflowStatus.submitted.rawValue), submitted_at = \(bind: actor.at), is_late = \(bind: late),
                revision = \(bind: r.revision + 1), updated_at = \(bind: Date())
                """, on: db)
            try await notifier?.inbox(notices, on: db)
            r.version += 1
            r.status = WorkflowStatus.submitted.rawValue
            r.submittedAt = actor.at
            r.isLate = late
            r.revision += 1
            try await AuditLog.record(on: db, actor, .update, type: "annual_report", id: r.id,
                                      label: "Nộp báo cáo kết quả \(r.year) — \(unitName)\(r.isLate ? " (muộn)" : "")",
                                      before: ["status": WorkflowStatus.draft.rawValue], after: ["status": r.status, "isLate": r.isLate ? "true" : "false"])
        }
        try await notifier?.mail(notices, on: db)
        return deadline
    }

    /// Accepts, or returns with a reason (required); the unit's focal points are told in the same write.
    /// The page and the API both call this.
    static func decide(_ r: AnnualReport, accept: Bool, reason rawReason: String?, actor: AuditActor, notifier: (any Notifier)? = nil,
                       on db: any Database) async throws {
        guard r.workflow == .submitted else { throw AppError.conflict(RegistrationText.notSubmitted) }
        let reason = accept ? "" : try RegistrationCommands.returnReason(rawReason)
        let notices = try await notifier?.ownerNotices(.unit(r.unitID), communeID: r.communeID, title: ReportText.decidedNotice(r.year, accepted: accept, reason: reason),
                                                       link: SiteURL.report(r.unitID, year: r.year).path, on: db, at: actor.at) ?? []
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
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
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
