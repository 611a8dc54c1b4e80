import Fluent
import Foundation
import SQLKit
import Vapor

struct ReportResultLine: Content, Sendable, Equatable {
    let targetId: UUID
    let targetName: String
    let unitOfMeasure: String
    let targetValue: Double
    var actualValue: Double?
    var note: String
    /// actual ÷ target, when both are known and the target is not zero.
    var share: Double? {
        guard let actualValue, targetValue != 0 else { return nil }
        return actualValue / targetValue
    }
}

struct ReportProductLine: Content, Sendable, Equatable {
    let productId: UUID
    let name: String
    var delivered: Bool
    var note: String
}

struct EvidenceDTO: Content, Sendable, Equatable {
    let id: UUID
    let kind: String
    let title: String
    let contentType: String?
    let size: Int?
    let url: String?
    let uploadedBy: String
    let createdAt: Date?
}

/// A report as pages and the API see it.
struct ReportDTO: Content, Sendable {
    let id: UUID?
    let year: Int
    let unitId: UUID
    let unitName: String
    let status: String
    let isLate: Bool
    let submittedAt: Date?
    let returnReason: String
    let version: Int
    /// yyyy-MM-dd
    let deadline: String
    let results: String
    let lessons: String
    let proposals: String
    let initiativesApplied: String
    let targets: [ReportResultLine]
    let products: [ReportProductLine]
    let evidence: [EvidenceDTO]
}

/// Reads of reports, in plain SQL: the page, the API and every save read a report, so these are a handful of statements
/// rather than a Fluent query per table.
enum ReportQueries {
    /// The report deadline of a year: the calendar's report date (15/11 by default).
    static func deadline(on db: any Database, communeID: UUID, year: Int) async throws -> LocalDate {
        let row = try await db.sql.raw("""
            SELECT due_date FROM deadlines WHERE commune_id = \(bind: communeID) AND year = \(bind: year)
              AND kind = \(bind: DeadlineKind.report.rawValue) ORDER BY due_date LIMIT 1
            """).first()
        return try row.flatMap { LocalDate(iso: try $0.decode(column: "due_date", as: String.self)) } ?? LocalDate(year: year, month: 11, day: 15)!
    }

    static func find(on db: any Database, communeID: UUID, unitID: UUID, year: Int) async throws -> AnnualReport? {
        try await db.sql.raw("""
            SELECT * FROM annual_reports WHERE commune_id = \(bind: communeID) AND unit_id = \(bind: unitID) AND year = \(bind: year)
            """).first()?.model(AnnualReport.self)
    }

    static func evidence(on db: any Database, reportID: UUID) async throws -> [EvidenceDTO] {
        try await db.sql.raw("""
            SELECT id, kind, title, content_type, size, url, uploaded_by, created_at FROM evidence
            WHERE report_id = \(bind: reportID) ORDER BY created_at
            """).all().map { row in
            EvidenceDTO(id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
                        title: try row.decode(column: "title", as: String.self), contentType: try row.decode(column: "content_type", as: String?.self),
                        size: try row.decode(column: "size", as: Int?.self), url: try row.decode(column: "url", as: String?.self),
                        uploadedBy: try row.decode(column: "uploaded_by", as: String.self), createdAt: try row.decode(column: "created_at", as: Date?.self))
        }
    }

    /// The whole report of a unit and year, with the registered targets and products (even before a report exists).
    static func dto(on db: any Database, communeID: UUID, unit: Unit, year: Int) async throws -> ReportDTO {
        try await dto(on: db, communeID: communeID, unit: unit, year: year, report: try await find(on: db, communeID: communeID, unitID: unit.id!, year: year))
    }

    /// The same, for a report already read (nil: none yet): the registration's targets and products, each with this
    /// report's line (one statement each), the evidence and the deadline (read unless the caller has it).
    static func dto(on db: any Database, communeID: UUID, unit: Unit, year: Int, report: AnnualReport?,
                    deadline known: LocalDate? = nil) async throws -> ReportDTO {
        let sql = db.sql
        let reportID = report?.id
        let targets = try await sql.raw("""
            SELECT t.id, t.name, t.unit_of_measure, t.target_value, r.actual_value, r.note
            FROM registrations g JOIN registration_targets t ON t.registration_id = g.id
            LEFT JOIN report_target_results r ON r.target_id = t.id AND r.report_id = \(bind: reportID)
            WHERE g.commune_id = \(bind: communeID) AND g.unit_id = \(bind: unit.id!) AND g.year = \(bind: year)
            ORDER BY t.position
            """).all().map { row in
            ReportResultLine(targetId: try row.decode(column: "id", as: UUID.self), targetName: try row.decode(column: "name", as: String.self),
                             unitOfMeasure: try row.decode(column: "unit_of_measure", as: String.self),
                             targetValue: try row.decode(column: "target_value", as: Double.self),
                             actualValue: try row.decode(column: "actual_value", as: Double?.self),
                             note: try row.decode(column: "note", as: String?.self) ?? "")
        }
        let products = try await sql.raw("""
            SELECT p.id, p.name, r.delivered, r.note
            FROM registrations g JOIN registration_products p ON p.registration_id = g.id
            LEFT JOIN report_product_results r ON r.product_id = p.id AND r.report_id = \(bind: reportID)
            WHERE g.commune_id = \(bind: communeID) AND g.unit_id = \(bind: unit.id!) AND g.year = \(bind: year)
            ORDER BY p.position
            """).all().map { row in
            ReportProductLine(productId: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                              delivered: try row.decode(column: "delivered", as: Bool?.self) ?? false,
                              note: try row.decode(column: "note", as: String?.self) ?? "")
        }
        let deadline: LocalDate
        if let known { deadline = known } else { deadline = try await self.deadline(on: db, communeID: communeID, year: year) }
        return ReportDTO(
            id: report?.id, year: year, unitId: unit.id!, unitName: unit.name, status: report?.status ?? WorkflowStatus.draft.rawValue,
            isLate: report?.isLate ?? false, submittedAt: report?.submittedAt, returnReason: report?.returnReason ?? "",
            version: report?.version ?? 0, deadline: deadline.iso,
            results: report?.results ?? "", lessons: report?.lessons ?? "", proposals: report?.proposals ?? "",
            initiativesApplied: report?.initiativesApplied ?? "",
            targets: targets, products: products,
            evidence: try await reportID.asyncMap { try await evidence(on: db, reportID: $0) } ?? [])
    }
}
