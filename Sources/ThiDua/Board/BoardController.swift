import Fluent
import Foundation
import Plot
import Vapor

/// The secretariat's board: who has registered and reported, by criteria group and by village, who is late,
/// and the Excel export of every unit's targets and results.
enum BoardController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.board, use: show)
        routes.get(.boardExport, use: export)
        routes.get(.inbox, use: inbox)
    }

    static func year(_ req: Request) async throws -> (Int, Movement) {
        let movement = try await MovementController.currentMovement(req)
        let year = req.query[Int.self, at: "year"].flatMap { (movement.startYear...movement.endYear).contains($0) ? $0 : nil }
            ?? RegistrationController.defaultYear(req, movement: movement)
        return (year, movement)
    }

    static func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewAllPledges)
        let (year, movement) = try await year(req)
        let data = try await BoardQueries.load(on: req.db, communeID: user.communeID, year: year, today: LocalDate(req.now))
        return BoardView.render(.init(frame: req.page(BoardText.pageTitle(year), section: .board, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: BoardText.title, url: nil)]),
                                      data: data, years: Array(movement.startYear...movement.endYear)))
    }

    static func export(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewAllPledges)
        let (year, _) = try await year(req)
        let data = try await BoardExport.workbook(on: req.db, communeID: user.communeID, communeName: user.communeName, year: year, now: req.now)
        return .download(data, contentType: FileKind.xlsx.contentType, filename: "chi-tieu-ket-qua-\(year).xlsx")
    }

    static func inbox(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let messages = try await InboxMessage.query(on: req.db).filter(\.$userID == user.id).sort(\.$createdAt, .descending).limit(100).all()
        let rows = messages.map { InboxRow(title: $0.title, link: $0.link, at: $0.createdAt, unread: $0.readAt == nil) }
        try await InboxMessage.query(on: req.db).filter(\.$userID == user.id).filter(\.$readAt == nil).set(\.$readAt, to: req.now).update()
        return InboxView.render(.init(frame: req.page(BoardText.inbox, section: .inbox, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: BoardText.inbox, url: nil)]),
                                      rows: rows))
    }
}

struct InboxRow: Sendable {
    let title: String
    let link: String
    let at: Date
    let unread: Bool
}

/// The .xlsx of a year's targets and results: one row per target, and a summary row per unit. Rows in the order a
/// desk reads them: by kind of unit, then by name in Vietnamese order (then each unit's targets in their order);
/// statuses in the board's words ("Chưa nộp" for a report not started, not the registration's "Chưa đăng ký").
enum BoardExport {
    /// The report column's word for a unit: the report's status, or the board's "Chưa nộp" when there is none.
    static func reportStatus(_ report: AnnualReport?) -> String {
        report.map { $0.workflow.label } ?? BoardText.colMissing
    }

    /// The registration column's word for a unit.
    static func registrationStatus(_ registration: Registration?) -> String {
        registration.map { $0.workflow.label } ?? RegistrationText.notStarted
    }

    /// Kind of unit (in the order of ``UnitKind``), then name in Vietnamese order, then code.
    static func sorted(_ units: [Unit]) -> [Unit] {
        let rank = Dictionary(uniqueKeysWithValues: UnitKind.allCases.enumerated().map { ($1.rawValue, $0) })
        return units.map { (unit: $0, kind: rank[$0.kind] ?? UnitKind.allCases.count, key: VietnameseOrder.key($0.name)) }
            .sorted { a, b in
                if a.kind != b.kind { return a.kind < b.kind }
                if a.key != b.key { return a.key.lexicographicallyPrecedes(b.key) }
                return a.unit.code < b.unit.code
            }
            .map(\.unit)
    }

    static func workbook(on db: any Database, communeID: UUID, communeName: String, year: Int, now: Date) async throws -> Data {
        let units = sorted(try await Unit.query(on: db).filter(\.$communeID == communeID).sort(\.$code).all())
        let unitByID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
        let regs = try await Registration.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all().filter { $0.unitID != nil }
        let reports = Dictionary(try await AnnualReport.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all().map { ($0.unitID, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let regIDs = regs.compactMap(\.id)
        let targets = regIDs.isEmpty ? [] : try await RegistrationTarget.query(on: db).filter(\.$registrationID ~~ regIDs).sort(\.$position).all()
        let reportIDs = reports.values.compactMap(\.id)
        let results = reportIDs.isEmpty ? [:] : Dictionary(try await ReportTargetResult.query(on: db).filter(\.$reportID ~~ reportIDs).all().map { ($0.targetID, $0) },
                                                           uniquingKeysWith: { a, _ in a })
        let areas = Dictionary(uniqueKeysWithValues: try await ContentArea.query(on: db).filter(\.$communeID == communeID).all().map { ($0.id!, $0.name) })
        func cellDate(_ iso: String?) -> XLSXCell { iso.flatMap(LocalDate.init(iso:)).map { .date(XLSXDate(year: $0.year, month: $0.month, day: $0.day)) } ?? .empty }
        func cellDate(_ d: Date?) -> XLSXCell { d.map { let l = LocalDate($0); return .date(XLSXDate(year: l.year, month: l.month, day: l.day)) } ?? .empty }

        let title = BoardText.exportTitle(year, commune: communeName)
        var builder = XLSXWorkbookBuilder(title: title, author: CoreText.appName, created: now)
        try builder.addSheet(name: "Chỉ tiêu và kết quả \(year)", columns: BoardText.exportColumns.map { XLSXColumn(title: $0.0, width: $0.1) })
        let regsByUnit = Dictionary(grouping: regs, by: { $0.unitID! })
        let regByUnit = regsByUnit.mapValues { $0[0] }
        let targetsByRegistration = Dictionary(grouping: targets, by: \.registrationID)
        for unit in units {
            let report = reports[unit.id!]
            let village = unit.kind == UnitKind.village.rawValue ? unit.name : unit.villageID.flatMap { unitByID[$0]?.name } ?? ""
            for reg in regsByUnit[unit.id!] ?? [] {
                for t in targetsByRegistration[reg.id!] ?? [] {
                    let actual = results[t.id!]?.actualValue
                    try builder.appendRow([
                        .text(unit.code), .text(unit.name), .text(unit.criteriaGroup), .text(village), .text(t.name), .text(t.unitOfMeasure),
                        t.baseline.map { .number($0) } ?? .empty, .number(t.targetValue), actual.map { .number($0) } ?? .empty,
                        actual.flatMap { t.targetValue != 0 ? .percent($0 / t.targetValue) : nil } ?? .empty,
                        .text(t.contentAreaID.flatMap { areas[$0] } ?? ""), cellDate(t.dueDate),
                        .text(registrationStatus(reg)), .text(reportStatus(report)),
                        cellDate(report?.submittedAt), .text(report?.isLate == true ? CoreText.yes : ""),
                    ])
                }
            }
        }
        try builder.addSheet(name: "Tình hình nộp \(year)", columns: BoardText.summaryColumns.map { XLSXColumn(title: $0.0, width: $0.1) },
                             heading: BoardText.summaryHeading(year, commune: communeName))
        for unit in units where unit.isActive {
            let reg = regByUnit[unit.id!], report = reports[unit.id!]
            try builder.appendRow([
                .text(unit.code), .text(unit.name), .text(unit.unitKind.label), .text(unit.criteriaGroup),
                .text(registrationStatus(reg)), .integer(reg.flatMap { targetsByRegistration[$0.id!]?.count } ?? 0),
                .text(reportStatus(report)), cellDate(report?.submittedAt),
                .text(report?.isLate == true ? CoreText.yes : ""),
            ])
        }
        return try builder.finish()
    }
}
