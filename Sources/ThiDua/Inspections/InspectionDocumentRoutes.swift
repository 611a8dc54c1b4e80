import Fluent
import Foundation
import Plot
import Vapor

extension InspectionPaths {
    /// The plan's Kế hoạch kiểm tra (.docx).
    static func planDocument(_ id: UUID?) -> String { planAction(id, "plan.docx") }
    /// A visit's Thông báo kiểm tra, Biên bản kiểm tra, Thông báo kết luận kiểm tra (.docx).
    static func noticeDocument(_ id: UUID?) -> String { visitAction(id, "notice.docx") }
    static func minutesDocument(_ id: UUID?) -> String { visitAction(id, "minutes.docx") }
    static func conclusionDocument(_ id: UUID?) -> String { visitAction(id, "conclusion.docx") }
}

/// The four inspection documents as Word downloads, built from the rows as they are (``InspectionDocumentInputs``).
/// The visit's documents follow the visit page's policy: a unit gets only its own visit's, another's is 404. The plan
/// goes to whoever sees the whole plan, and, once approved (issued to the units it visits), to everyone who may see
/// inspections; before that it is 404 for them. Before a document is issued its number is blank ("Số:      /…").
enum InspectionDocumentRoutes {
    static func register(_ r: any RoutesBuilder) {
        typealias P = InspectionPaths
        r.on(.GET, P.components(P.planDocument(nil)), use: plan)
        r.on(.GET, P.components(P.noticeDocument(nil)), use: notice)
        r.on(.GET, P.components(P.minutesDocument(nil)), use: minutes)
        r.on(.GET, P.components(P.conclusionDocument(nil)), use: conclusion)
    }

    static func docx(_ data: Data, _ filename: String) -> Response {
        .download(data, contentType: FileKind.docx.contentType, filename: filename)
    }

    /// "so-3" once numbered, else the visit's short id ("du-thao-1a2b3c4d").
    static func suffix(_ number: Int?, _ id: UUID?) -> String {
        number.map { "so-\($0)" } ?? "du-thao-" + (id?.uuidString.prefix(8).lowercased() ?? "")
    }

    static func plan(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let user = try req.requireUser()
        let p = try await InspectionController.loadPlan(req)
        guard Policy.allows(user, .viewAllInspections) || p.state == .approved else { throw AppError.notFound }
        let input = try await InspectionDocumentInputs.plan(p, today: LocalDate(req.now), on: req.db)
        return docx(try InspectionDocuments.plan(input, created: req.now), "ke-hoach-kiem-tra-\(p.year).docx")
    }

    static func notice(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, _) = try await InspectionController.loadVisit(req)
        let input = try await InspectionDocumentInputs.notice(v, today: LocalDate(req.now), on: req.db)
        return docx(try InspectionDocuments.notice(input, created: req.now), "thong-bao-kiem-tra-\(input.year)-\(suffix(input.number, v.id)).docx")
    }

    static func minutes(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, _) = try await InspectionController.loadVisit(req)
        let input = try await InspectionDocumentInputs.minutes(v, on: req.db)
        return docx(try InspectionDocuments.minutes(input, created: req.now), "bien-ban-kiem-tra-\(input.year)-\(suffix(input.number, v.id)).docx")
    }

    static func conclusion(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, _) = try await InspectionController.loadVisit(req)
        let input = try await InspectionDocumentInputs.conclusion(v, today: LocalDate(req.now), on: req.db)
        return docx(try InspectionDocuments.conclusion(input, created: req.now), "ket-luan-kiem-tra-\(input.year)-\(suffix(input.number, v.id)).docx")
    }
}

/// The download links on the pages (one call each on the overview's plan and on the visit).
extension InspectionViews {
    static func documentLinks(_ links: [(label: String, href: String)]) -> Node<HTML.BodyContext> {
        guard !links.isEmpty else { return .empty }
        return .p(.class("document-links"), .text(InspectionDocumentText.downloads + ": "),
                  .group(links.enumerated().map { i, l in
                      .group(i == 0 ? .empty : .text(" · "), .a(.href(l.href), .text(l.label)))
                  }))
    }

    /// The plan's Kế hoạch kiểm tra.
    static func planDocumentLinks(_ p: InspectionPageQueries.PlanRow) -> Node<HTML.BodyContext> {
        documentLinks([(InspectionDocumentText.planLink, InspectionPaths.planDocument(p.id))])
    }

    /// The visit's notice, and its minutes and conclusion once recorded.
    static func visitDocumentLinks(_ v: InspectionPageQueries.Visit) -> Node<HTML.BodyContext> {
        let T = InspectionDocumentText.self
        var links = [(label: T.noticeLink, href: InspectionPaths.noticeDocument(v.id))]
        if v.minutesRecordedAt != nil { links.append((T.minutesLink, InspectionPaths.minutesDocument(v.id))) }
        if v.concludedAt != nil { links.append((T.conclusionLink, InspectionPaths.conclusionDocument(v.id))) }
        return documentLinks(links)
    }
}
