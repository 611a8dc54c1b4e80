import Fluent
import Foundation
import Plot
import Vapor

/// CSV import and export pages of the directory.
enum ImportController {
    enum Target: Sendable {
        case units, people
        var title: String { self == .units ? DirectoryText.importUnitsTitle : DirectoryText.importPeopleTitle }
        var url: SiteURL { self == .units ? .unitsImport : .peopleImport }
        var list: SiteURL { self == .units ? .units : .people }
        var section: NavSection { self == .units ? .units : .people }
        var columns: [DirectoryColumns.Column] { self == .units ? DirectoryColumns.units : DirectoryColumns.people }
        var listTitle: String { self == .units ? DirectoryText.unitsTitle : DirectoryText.peopleTitle }
    }

    static func form(_ target: Target) -> @Sendable (Request) async throws -> HTML {
        { req in
            try req.authorize(.manageDirectory)
            return render(req, target, problems: [], total: 0)
        }
    }

    /// The upload of an import page: the file streamed to a temporary file (``StreamedUpload``), within the
    /// installation's cap (`THIDUA_IMPORT_MAX_MB`).
    static func limits(_ maxBytes: Int) -> UploadLimits {
        UploadLimits(fileField: "file", fileBytes: maxBytes, bodyBytes: maxBytes + 2 * 1024 * 1024 + 65_536)
    }

    static func submit(_ target: Target) -> @Sendable (Request) async throws -> Response {
        { req in
            let user = try req.requireUser()
            try req.authorize(.manageDirectory)
            let maxMB = req.application.settings.importMaxBytes / (1024 * 1024)
            guard let file = try req.upload.file, file.size > 0 else {
                return try await render(req, target, problems: [ImportProblem(row: 0, column: "", message: DirectoryText.importNoFile)], total: 1)
                    .encodeResponse(status: .unprocessableEntity, for: req)
            }
            if file.isOverCap {
                return try await render(req, target, problems: [ImportProblem(row: 0, column: "", message: DirectoryText.importFileTooLarge(maxMB: maxMB))], total: 1)
                    .encodeResponse(status: .unprocessableEntity, for: req)
            }
            let source = ImportFile(path: file.path, name: file.filename.isEmpty ? "tệp CSV" : file.filename)
            let actor = try req.auditActor()
            let pool = req.application.threadPool
            let outcome = target == .units
                ? try await DirectoryImport.units(source, communeID: user.communeID, actor: actor, threadPool: pool, on: req.db)
                : try await DirectoryImport.people(source, communeID: user.communeID, onlyUnit: nil, actor: actor, threadPool: pool, on: req.db)
            switch outcome {
            case .imported(let count):
                return req.redirect(to: target.list, flash: Flash(.success, DirectoryText.importDoneCount(count)))
            case .rejected(let problems, let total):
                return try await render(req, target, problems: problems, total: total).encodeResponse(status: .unprocessableEntity, for: req)
            }
        }
    }

    static func export(_ target: Target) -> @Sendable (Request) async throws -> Response {
        { req in
            let user = try req.requireUser()
            try req.authorize(.exportDirectory)
            let data = target == .units
                ? try await DirectoryCSV.exportUnits(communeID: user.communeID, on: req.db)
                : try await DirectoryCSV.exportPeople(communeID: user.communeID, onlyUnit: nil, on: req.db)
            let name = "\(target == .units ? "don-vi" : "ca-nhan")-\(LocalDate(req.now).iso).csv"
            return .download(data, contentType: "text/csv; charset=utf-8", filename: name)
        }
    }

    static func render(_ req: Request, _ target: Target, problems: [ImportProblem], total: Int) -> HTML {
        ImportView.render(.init(
            frame: req.page(target.title, section: target.section, breadcrumbs: [
                .init(title: CoreText.home, url: .home), .init(title: target.listTitle, url: target.list), .init(title: target.title, url: nil),
            ]),
            action: target.url, columns: target.columns, problems: problems, total: total,
            hint: DirectoryText.importLimitsHint(maxMB: req.application.settings.importMaxBytes / (1024 * 1024)),
            csrf: req.currentUser?.csrfToken ?? ""))
    }
}

enum ImportView {
    struct Model: Sendable {
        let frame: PageFrame
        let action: SiteURL
        let columns: [DirectoryColumns.Column]
        /// The first problems (at most ``DirectoryImport/maxShownProblems``) of `total`.
        let problems: [ImportProblem]
        let total: Int
        let hint: String
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, lead: DirectoryText.importLead, .group(
            m.problems.isEmpty ? .empty : .div(
                .class("error-summary"), .attr("role", "alert"),
                .h2(.text(DirectoryText.importFailedCount(max(m.total, m.problems.count)))),
                Components.table(headers: [DirectoryText.importRow, DirectoryText.importColumn, DirectoryText.importProblem],
                                 rows: m.problems.map { [.text($0.row == 0 ? "—" : String($0.row)), .safe($0.column), .safe($0.message)] },
                                 numericColumns: [0]),
                m.total > m.problems.count
                    ? .p(.text(DirectoryText.importMoreProblems(shown: m.problems.count, rest: m.total - m.problems.count))) : .empty
            ),
            .form(.method(.post), .action(m.action.path), .enctype(.multipartData), .class("stacked"),
                  FormKit.csrf(m.csrf),
                  .div(.class("field"),
                       .label(.for("f-file"), .text(DirectoryText.importFile)),
                       .input(.type(.file), .id("f-file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"), .required(true),
                              .attribute(named: "aria-describedby", value: "h-file")),
                       .p(.class("hint"), .id("h-file"), .text(m.hint))),
                  FormKit.actions(submit: DirectoryText.importSubmit, cancel: nil)),
            .section(.class("card"), .h2(.text(DirectoryText.importColumns)),
                     .ul(.group(m.columns.map { .li(.safe($0.header), $0.required ? .text(" \(DirectoryText.importRequiredMark)") : .empty) })))
        ))
    }
}
