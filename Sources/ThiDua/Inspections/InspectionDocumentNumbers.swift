import Fluent
import Foundation
import SQLKit

/// The numbers and dates of issue of the four inspection documents, taken from the per-year register
/// (``DocumentRegister``, the year of the day of issue) inside the transaction of the command that issues each:
///
/// - Kế hoạch kiểm tra (``InspectionDocuments/planSymbol``): when the chairperson approves the plan
///   (``InspectionCommands/approve(_:expectedVersion:actor:notifier:on:)``), with the legal bases it cites kept.
/// - Thông báo kiểm tra (``InspectionDocuments/noticeSymbol``): when the visit's notice is first sent (at scheduling,
///   by the due-notices sweep). A reschedule of a notified visit withdraws that notice: its number and date stay on the
///   ``InspectionReschedule`` row (the history), and the new notice, sent at once or by the sweep, takes a new number,
///   as an office issues a new Thông báo for a changed date.
/// - Biên bản kiểm tra (``InspectionDocuments/minutesSymbol``): when the minutes are first recorded (saving them
///   again keeps the number).
/// - Thông báo kết luận kiểm tra (``InspectionDocuments/conclusionSymbol``): at the conclusion.
///
/// The columns (added by ``AddInspectionDocumentNumbers``) are not fields of the models: they are written here once
/// and read by the document downloads, so the models' updates never touch them.
enum InspectionDocumentNumbers {
    struct Issued: Sendable, Equatable {
        let number: Int
        let date: LocalDate
    }

    struct PlanNumbers: Sendable {
        let plan: Issued?
        /// What the plan cited at its issue (nil: not issued, or nothing kept).
        let cited: [DocxTemplates.LegalBasis]?
        /// The notice days the plan printed at its issue (``AddInspectionPlanNoticeDays``; nil: not issued, or issued
        /// before the column): an issued plan keeps them when /inspections/settings changes.
        var noticeDays: Int? = nil
    }

    struct VisitNumbers: Sendable, Equatable {
        let notice: Issued?
        let minutes: Issued?
        let conclusion: Issued?
    }

    static func issued(_ row: any SQLRow, _ number: String, _ date: String) throws -> Issued? {
        guard let n = try row.decode(column: number, as: Int?.self),
              let d = try row.decode(column: date, as: String?.self).flatMap(LocalDate.init(iso:)) else { return nil }
        return Issued(number: n, date: d)
    }

    // MARK: reading

    static func plan(_ id: UUID, on db: any Database) async throws -> PlanNumbers {
        guard let row = try await db.sql.raw("""
            SELECT plan_number, plan_issued_on, plan_cited_bases, plan_notice_days FROM inspection_plans WHERE id = \(bind: id)
            """).first() else { return PlanNumbers(plan: nil, cited: nil) }
        let kept = try row.decode(column: "plan_cited_bases", as: String?.self)
            .flatMap { try? JSONDecoder().decode([Kept].self, from: Data($0.utf8)) }
        return PlanNumbers(plan: try issued(row, "plan_number", "plan_issued_on"),
                           cited: kept?.map { .init(name: $0.name, date: $0.date.flatMap(LocalDate.init(iso:)), about: $0.about) },
                           noticeDays: try row.decode(column: "plan_notice_days", as: Int?.self))
    }

    static func visit(_ id: UUID, on db: any Database) async throws -> VisitNumbers {
        guard let row = try await db.sql.raw("""
            SELECT notice_number, notice_issued_on, minutes_number, minutes_issued_on, conclusion_number, conclusion_issued_on
            FROM inspection_visits WHERE id = \(bind: id)
            """).first() else { return VisitNumbers(notice: nil, minutes: nil, conclusion: nil) }
        return VisitNumbers(notice: try issued(row, "notice_number", "notice_issued_on"),
                            minutes: try issued(row, "minutes_number", "minutes_issued_on"),
                            conclusion: try issued(row, "conclusion_number", "conclusion_issued_on"))
    }

    // MARK: issuing (inside the caller's transaction)

    private struct Kept: Codable {
        var name: String
        var date: String?
        var about: String
    }

    /// The plan's number, once, at its approval; the bases it cites and the notice days it prints on that day are kept with it.
    static func issuePlan(_ p: InspectionPlan, at: Date, on db: any Database) async throws {
        guard try await plan(p.id!, on: db).plan == nil else { return }
        let today = LocalDate(at)
        let number = try await DocumentRegister.next(communeID: p.communeID, year: today.year, symbol: InspectionDocuments.planSymbol, on: db)
        let bases = LegalBasisBook.citations(try await LegalBasisBook.all(communeID: p.communeID, db: db), by: .inspectionPlan, on: today)
        let json = String(decoding: try JSONEncoder().encode(bases.map { Kept(name: $0.name, date: $0.date?.iso, about: $0.about) }), as: UTF8.self)
        let days = try await InspectionSettings.query(on: db).filter(\.$communeID == p.communeID).first()?.noticeDays
            ?? InspectionText.defaultNoticeDays
        try await db.sql.raw("""
            UPDATE inspection_plans SET plan_number = \(bind: number), plan_issued_on = \(bind: today.iso), plan_cited_bases = \(bind: json),
                plan_notice_days = \(bind: days)
            WHERE id = \(bind: p.id!)
            """).run()
    }

    /// The visit's notice number, when its notice goes and it has none (a withdrawn notice's number is on its
    /// reschedule row, see ``withdrawNotice(_:history:on:)``).
    static func issueNotice(_ v: InspectionVisit, at: Date, on db: any Database) async throws {
        try await issue(v, column: "notice", symbol: InspectionDocuments.noticeSymbol, at: at, on: db)
    }

    static func issueMinutes(_ v: InspectionVisit, at: Date, on db: any Database) async throws {
        try await issue(v, column: "minutes", symbol: InspectionDocuments.minutesSymbol, at: at, on: db)
    }

    static func issueConclusion(_ v: InspectionVisit, at: Date, on db: any Database) async throws {
        try await issue(v, column: "conclusion", symbol: InspectionDocuments.conclusionSymbol, at: at, on: db)
    }

    private static func issue(_ v: InspectionVisit, column: String, symbol: String, at: Date, on db: any Database) async throws {
        let numbers = try await visit(v.id!, on: db)
        let current = column == "notice" ? numbers.notice : column == "minutes" ? numbers.minutes : numbers.conclusion
        guard current == nil else { return }
        let today = LocalDate(at)
        let number = try await DocumentRegister.next(communeID: v.communeID, year: today.year, symbol: symbol, on: db)
        try await db.sql.raw("""
            UPDATE inspection_visits SET \(unsafeRaw: column)_number = \(bind: number), \(unsafeRaw: column)_issued_on = \(bind: today.iso)
            WHERE id = \(bind: v.id!)
            """).run()
    }

    /// A reschedule withdraws the notice sent for the old date: its number and date move to the history row `h`;
    /// when the new date is already within the notice period (`due`), the new notice takes its number now.
    static func reschedule(_ v: InspectionVisit, history h: InspectionReschedule, due: Bool, at: Date, on db: any Database) async throws {
        if let old = try await visit(v.id!, on: db).notice {
            try await db.sql.raw("""
                UPDATE inspection_reschedules SET old_notice_number = \(bind: old.number), old_notice_issued_on = \(bind: old.date.iso)
                WHERE id = \(bind: h.id!)
                """).run()
            try await db.sql.raw("""
                UPDATE inspection_visits SET notice_number = NULL, notice_issued_on = NULL WHERE id = \(bind: v.id!)
                """).run()
        }
        if due { try await issueNotice(v, at: at, on: db) }
    }

    /// The withdrawn notices of a visit (number and date), oldest first.
    static func withdrawnNotices(_ visitID: UUID, on db: any Database) async throws -> [Issued] {
        try await db.sql.raw("""
            SELECT old_notice_number, old_notice_issued_on FROM inspection_reschedules
            WHERE visit_id = \(bind: visitID) AND old_notice_number IS NOT NULL ORDER BY at
            """).all().compactMap { try issued($0, "old_notice_number", "old_notice_issued_on") }
    }

    /// "3/KH-HĐTĐKT".
    static func text(_ issued: Issued, _ symbol: String) -> String { "\(issued.number)/\(symbol)" }
}

/// 2026-12 issue 15: the numbers and dates of issue of the inspection documents, the bases the plan cited, the number
/// of a notice withdrawn by a reschedule; and the commune's bases of the law and its decree cited by the plan.
struct AddInspectionDocumentNumbers: AsyncMigration {
    static let columns: [(table: String, field: String, type: DatabaseSchema.DataType)] = [
        ("inspection_plans", "plan_number", .int), ("inspection_plans", "plan_issued_on", .string), ("inspection_plans", "plan_cited_bases", .string),
        ("inspection_visits", "notice_number", .int), ("inspection_visits", "notice_issued_on", .string),
        ("inspection_visits", "minutes_number", .int), ("inspection_visits", "minutes_issued_on", .string),
        ("inspection_visits", "conclusion_number", .int), ("inspection_visits", "conclusion_issued_on", .string),
        ("inspection_reschedules", "old_notice_number", .int), ("inspection_reschedules", "old_notice_issued_on", .string),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        for c in Self.columns { try await database.schema(c.table).field(.string(c.field), c.type).update() }
        // The communes seeded before the plan could cite: the law and its decree, where they are still as seeded.
        let plan = LegalBasisDocument.inspectionPlan.rawValue
        for name in LegalBasisDefaults.all.filter({ $0.documents.contains(.inspectionPlan) }).map(\.name) {
            try await database.sql.raw("""
                UPDATE legal_bases SET documents = documents || \(bind: "," + plan)
                WHERE name = \(bind: name) AND documents NOT LIKE \(bind: "%" + plan + "%")
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        for c in Self.columns.reversed() { try await database.schema(c.table).deleteField(.string(c.field)).update() }
    }
}

/// 2026-12 issue 15 (review): the notice days an approved plan printed ("ít nhất 7 ngày"), kept with its number so a
/// later change of /inspections/settings does not rewrite an issued plan.
struct AddInspectionPlanNoticeDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("inspection_plans").field("plan_notice_days", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inspection_plans").deleteField("plan_notice_days").update()
    }
}
