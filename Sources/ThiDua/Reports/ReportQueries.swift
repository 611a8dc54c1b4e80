import Fluent
import Foundation
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

enum ReportQueries {
    /// The report deadline of a year: the calendar's report date (15/11 by default).
    static func deadline(on db: any Database, communeID: UUID, year: Int) async throws -> LocalDate {
        let d = try await Deadline.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$kind == DeadlineKind.report.rawValue).sort(\.$dueDate).first()
        return d.flatMap { LocalDate(iso: $0.dueDate) } ?? LocalDate(year: year, month: 11, day: 15)!
    }

    static func find(on db: any Database, communeID: UUID, unitID: UUID, year: Int) async throws -> AnnualReport? {
        try await AnnualReport.query(on: db).filter(\.$communeID == communeID).filter(\.$unitID == unitID).filter(\.$year == year).first()
    }

    static func evidence(on db: any Database, reportID: UUID) async throws -> [EvidenceDTO] {
        try await Evidence.query(on: db).filter(\.$reportID == reportID).sort(\.$createdAt).all().map {
            EvidenceDTO(id: $0.id!, kind: $0.kind, title: $0.title, contentType: $0.contentType, size: $0.size, url: $0.url,
                        uploadedBy: $0.uploadedBy, createdAt: $0.createdAt)
        }
    }

    /// The whole report of a unit and year, with the registered targets and products (even before a report exists).
    static func dto(on db: any Database, communeID: UUID, unit: Unit, year: Int) async throws -> ReportDTO {
        try await dto(on: db, communeID: communeID, unit: unit, year: year, report: try await find(on: db, communeID: communeID, unitID: unit.id!, year: year))
    }

    /// The same, for a report already read (nil: none yet).
    static func dto(on db: any Database, communeID: UUID, unit: Unit, year: Int, report: AnnualReport?) async throws -> ReportDTO {
        let registration = try await RegistrationQueries.find(on: db, communeID: communeID, owner: .unit(unit.id!), year: year)
        let targets = try await registration.asyncMap {
            try await RegistrationTarget.query(on: db).filter(\.$registrationID == $0.id!).sort(\.$position).all()
        } ?? []
        let products = try await registration.asyncMap {
            try await RegistrationProduct.query(on: db).filter(\.$registrationID == $0.id!).sort(\.$position).all()
        } ?? []
        var results: [UUID: ReportTargetResult] = [:]
        var delivered: [UUID: ReportProductResult] = [:]
        if let reportID = report?.id {
            for r in try await ReportTargetResult.query(on: db).filter(\.$reportID == reportID).all() { results[r.targetID] = r }
            for p in try await ReportProductResult.query(on: db).filter(\.$reportID == reportID).all() { delivered[p.productID] = p }
        }
        let deadline = try await deadline(on: db, communeID: communeID, year: year)
        return ReportDTO(
            id: report?.id, year: year, unitId: unit.id!, unitName: unit.name, status: report?.status ?? WorkflowStatus.draft.rawValue,
            isLate: report?.isLate ?? false, submittedAt: report?.submittedAt, returnReason: report?.returnReason ?? "",
            version: report?.version ?? 0, deadline: deadline.iso,
            results: report?.results ?? "", lessons: report?.lessons ?? "", proposals: report?.proposals ?? "",
            initiativesApplied: report?.initiativesApplied ?? "",
            targets: targets.map { t in
                ReportResultLine(targetId: t.id!, targetName: t.name, unitOfMeasure: t.unitOfMeasure, targetValue: t.targetValue,
                                 actualValue: results[t.id!]?.actualValue, note: results[t.id!]?.note ?? "")
            },
            products: products.map { p in
                ReportProductLine(productId: p.id!, name: p.name, delivered: delivered[p.id!]?.delivered ?? false, note: delivered[p.id!]?.note ?? "")
            },
            evidence: try await report.asyncMap { try await evidence(on: db, reportID: $0.id!) } ?? [])
    }
}
