import Crypto
import Fluent
import Foundation
import Plot
import Vapor

/// The paths of the indicator import (their own, beside ``SiteURL``'s cases).
extension SiteURL {
    static let indicatorImport = "/indicators/import"
    static let indicatorImportConfirm = "/indicators/import/confirm"
    static let indicatorImportTemplateXLSX = "/indicators/import/template.xlsx"
    static let indicatorImportTemplateCSV = "/indicators/import/template.csv"
    /// The secretariat's review queue of submitted values (helper "values").
    static let indicatorReviewQueue = "/indicators/review"

    static func indicatorImportTemplate(_ ext: String, year: Int, quarter: Int) -> String {
        "/indicators/import/template.\(ext)?year=\(year)&quarter=\(quarter)"
    }
}

/// Upload → preview → confirm. The preview keeps the uploaded file under the data directory, named by the commune and the
/// file's hash and period (`<data>/indicator-imports/<commune>-<year>-<quarter>-<sha256>`); the confirmation names it by that hash, reads it again,
/// checks that its bytes still have that hash, and checks every row again before writing (``IndicatorImportCommands``).
/// Kept files older than a day are removed at each preview.
enum IndicatorImportController {
    static let maxBytes = 5 * 1024 * 1024
    static let keepSeconds: TimeInterval = 24 * 3600

    static func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, path(SiteURL.indicatorImport), use: form)
        routes.on(.POST, path(SiteURL.indicatorImport), upload: ImportController.limits(maxBytes), use: upload)
        routes.on(.POST, path(SiteURL.indicatorImportConfirm), use: confirm)
        routes.on(.GET, path(SiteURL.indicatorImportTemplateXLSX), use: template(xlsx: true))
        routes.on(.GET, path(SiteURL.indicatorImportTemplateCSV), use: template(xlsx: false))
    }

    private static func path(_ p: String) -> [PathComponent] { p.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }

    // MARK: the period

    struct Period: Sendable {
        let years: [Int]
        let today: LocalDate
    }

    static func period(_ req: Request, communeID: UUID) async throws -> Period {
        let today = LocalDate(req.now)
        guard let movement = try await MovementQueries.movement(on: req.db, communeID: communeID) else { return Period(years: [], today: today) }
        let last = min(movement.endYear, today.year)
        let first = movement.startYear - 1
        return Period(years: first <= last ? Array((first...last).reversed()) : [], today: today)
    }

    /// The year and quarter of a form or query, or the messages beside the fields.
    static func readPeriod(year: String?, quarter: String?, _ period: Period) -> (year: Int, quarter: Int, errors: [String: String]) {
        var errors: [String: String] = [:]
        let y = year.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let q = quarter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if y == nil || !period.years.contains(y!) { errors["year"] = period.years.isEmpty ? IndicatorText.Import.noMovement : IndicatorText.Import.badYear }
        if q == nil || !(0...4).contains(q!) { errors["quarter"] = IndicatorText.Import.badQuarter }
        return (y ?? period.years.first ?? period.today.year, q ?? 0, errors)
    }

    // MARK: pages

    static func form(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let period = try await period(req, communeID: user.communeID)
        let y = req.query[Int.self, at: "year"].flatMap { period.years.contains($0) ? $0 : nil } ?? period.years.first ?? period.today.year
        let q = req.query[Int.self, at: "quarter"].flatMap { (0...4).contains($0) ? $0 : nil } ?? 0
        let state = FormState(values: ["year": String(y), "quarter": String(q)])
        return IndicatorImportViews.form(frame(req, IndicatorText.Import.title), state: state, years: period.years, csrf: user.csrfToken)
    }

    static func upload(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let received = try req.upload
        let fields = received.fields
        let period = try await period(req, communeID: user.communeID)
        let (year, quarter, periodErrors) = readPeriod(year: fields["year"], quarter: fields["quarter"], period)
        var state = FormState(values: ["year": fields["year"] ?? "", "quarter": fields["quarter"] ?? ""], errors: periodErrors)
        let file = received.file
        if file == nil || file!.size == 0 { state.errors["file"] = IndicatorText.Import.noFile }
        else if file!.isOverCap { state.errors["file"] = IndicatorText.Import.fileTooLarge(maxMB: maxBytes / (1024 * 1024)) }
        guard !state.hasErrors, let file else {
            return try await IndicatorImportViews.form(frame(req, IndicatorText.Import.title), state: state, years: period.years, csrf: user.csrfToken)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let name = fileName(file.filename)
        let staged = try stage(file, communeID: user.communeID, year: year, quarter: quarter, dataDirectory: req.application.settings.dataDirectory)
        let read = try await readStaged(staged, name: name, threadPool: req.application.threadPool)
        let preview = try await IndicatorImportCommands.preview(read, year: year, quarter: quarter, communeID: user.communeID,
                                                                today: period.today, on: req.db)
        return try await IndicatorImportViews.preview(frame(req, IndicatorText.Import.previewTitle), preview, csrf: user.csrfToken)
            .encodeResponse(status: preview.hasErrors ? .unprocessableEntity : .ok, for: req)
    }

    struct ConfirmForm: Content {
        var year: String?
        var quarter: String?
        var sha256: String?
        var name: String?
    }

    static func confirm(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let form = try req.content.decode(ConfirmForm.self)
        let period = try await period(req, communeID: user.communeID)
        let (year, quarter, periodErrors) = readPeriod(year: form.year, quarter: form.quarter, period)
        let sha = (form.sha256 ?? "").lowercased()
        let dataDirectory = req.application.settings.dataDirectory
        guard periodErrors.isEmpty, sha.count == 64, sha.allSatisfy({ $0.isHexDigit }),
              let path = stagedPath(communeID: user.communeID, year: year, quarter: quarter, sha256: sha, dataDirectory: dataDirectory),
              FileManager.default.fileExists(atPath: path)
        else {
            return req.redirect(to: SiteURL.indicatorImport, flash: Flash(.error, IndicatorText.Import.expired))
        }
        let read = try await readStaged(path, name: fileName(form.name ?? ""), threadPool: req.application.threadPool)
        guard read.sha256 == sha else {
            return req.redirect(to: SiteURL.indicatorImport, flash: Flash(.error, IndicatorText.Import.expired))
        }
        switch try await IndicatorImportCommands.importRows(read, year: year, quarter: quarter, by: user, actor: try req.auditActor(), on: req.db) {
        case .imported(let created, let updated):
            unlink(path)
            let done = IndicatorText.Import.done(count: created + updated, period: IndicatorText.period(year: year, quarter: quarter))
            return req.redirect(to: "\(SiteURL.indicatorImport)?year=\(year)&quarter=\(quarter)", flash: Flash(.success, done))
        case .rejected(let preview):
            return try await IndicatorImportViews.preview(frame(req, IndicatorText.Import.previewTitle), preview, csrf: user.csrfToken)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    static func template(xlsx: Bool) -> @Sendable (Request) async throws -> Response {
        { req in
            let user = try req.requireUser()
            try req.authorize(.reviewIndicatorValues)
            let period = try await period(req, communeID: user.communeID)
            let (year, quarter, _) = readPeriod(year: req.query[String.self, at: "year"], quarter: req.query[String.self, at: "quarter"], period)
            let lines = try await IndicatorImportLayout.templateLines(communeID: user.communeID, year: year, on: req.db)
            let stem = "mau-nhap-chi-so-\(year)\(quarter == 0 ? "" : "-q\(quarter)")"
            if xlsx {
                let data = try IndicatorImportLayout.templateXLSX(lines, year: year, quarter: quarter, communeName: user.communeName, created: req.now)
                return .download(data, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename: "\(stem).xlsx")
            }
            return .download(IndicatorImportLayout.templateCSV(lines), contentType: "text/csv; charset=utf-8", filename: "\(stem).csv")
        }
    }

    private static func frame(_ req: Request, _ title: String) -> PageFrame {
        req.page(title, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: IndicatorText.feature, url: nil),
                                      .init(title: title, url: nil)])
    }

    /// The name the person gave the file, for the page and the audit entry only (never a path).
    static func fileName(_ given: String) -> String {
        let cleaned = TextFolding.clean((given as NSString).lastPathComponent)
        let name = TextFolding.hasControlCharacters(cleaned, singleLine: true) ? "" : String(cleaned.prefix(200))
        return name.isEmpty ? "tệp số liệu" : name
    }

    // MARK: the kept file

    static func stagingDirectory(_ dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("indicator-imports")
    }

    /// The staged file of a preview: named by the commune, the period previewed and the file's hash, so a confirmation
    /// can only import the file into the period it was previewed for.
    static func stagedPath(communeID: UUID, year: Int, quarter: Int, sha256: String, dataDirectory: String) -> String? {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit }) else { return nil }
        return "\(stagingDirectory(dataDirectory))/\(communeID.uuidString.lowercased())-\(year)-\(quarter)-\(sha256.lowercased())"
    }

    /// Moves the received file to where the confirmation finds it, and removes kept files older than a day.
    static func stage(_ file: TempFile, communeID: UUID, year: Int, quarter: Int, dataDirectory: String) throws -> String {
        let fm = FileManager.default
        let folder = stagingDirectory(dataDirectory)
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cutoff = Date().addingTimeInterval(-keepSeconds)
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] {
            let p = "\(folder)/\(name)"
            if let modified = (try? fm.attributesOfItem(atPath: p))?[.modificationDate] as? Date, modified < cutoff { try? fm.removeItem(atPath: p) }
        }
        let sha = file.sha256.isEmpty ? SHA256.hash(data: (try? Data(contentsOf: URL(fileURLWithPath: file.path))) ?? Data()).hexString : file.sha256
        guard let target = stagedPath(communeID: communeID, year: year, quarter: quarter, sha256: sha, dataDirectory: dataDirectory) else {
            throw AppError.badRequest("bad hash")
        }
        if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
        try fm.moveItem(atPath: file.path, toPath: target)
        return target
    }

    static func readStaged(_ path: String, name: String, threadPool: NIOThreadPool) async throws -> IndicatorImportFile {
        try await threadPool.runIfActive {
            guard let data = FileManager.default.contents(atPath: path) else {
                return IndicatorImportFile(name: name, sha256: "", bytes: 0, rows: nil, problem: IndicatorText.Import.unreadable)
            }
            return IndicatorImportFile.read(data, name: name)
        }
    }
}
