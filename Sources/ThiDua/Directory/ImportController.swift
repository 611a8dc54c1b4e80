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
            return render(req, target, problems: [])
        }
    }

    struct Upload: Content {
        var file: File?
    }

    static func submit(_ target: Target) -> @Sendable (Request) async throws -> Response {
        { req in
            let user = try req.requireUser()
            try req.authorize(.manageDirectory)
            let upload = try? req.content.decode(Upload.self)
            guard let file = upload?.file, file.data.readableBytes > 0 else {
                return try await render(req, target, problems: [ImportProblem(row: 0, column: "", message: DirectoryText.importNoFile)])
                    .encodeResponse(status: .unprocessableEntity, for: req)
            }
            let data = Data(file.data.readableBytesView)
            let actor = try req.auditActor()
            let outcome = target == .units
                ? try await DirectoryCSV.importUnits(data, communeID: user.communeID, actor: actor, on: req.db)
                : try await DirectoryCSV.importPeople(data, communeID: user.communeID, onlyUnit: nil, actor: actor, on: req.db)
            switch outcome {
            case .imported(let count):
                return req.redirect(to: target.list, flash: Flash(.success, DirectoryText.importDone.replacingOccurrences(of: "%d", with: NumberText.format(Double(count)))))
            case .rejected(let problems):
                return try await render(req, target, problems: problems).encodeResponse(status: .unprocessableEntity, for: req)
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

    static func render(_ req: Request, _ target: Target, problems: [ImportProblem]) -> HTML {
        ImportView.render(.init(
            frame: req.page(target.title, section: target.section, breadcrumbs: [
                .init(title: CoreText.home, url: .home), .init(title: target.listTitle, url: target.list), .init(title: target.title, url: nil),
            ]),
            action: target.url, columns: target.columns, problems: problems, csrf: req.currentUser?.csrfToken ?? ""))
    }
}

enum ImportView {
    struct Model: Sendable {
        let frame: PageFrame
        let action: SiteURL
        let columns: [DirectoryColumns.Column]
        let problems: [ImportProblem]
        let csrf: String
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, lead: DirectoryText.importLead, .group(
            m.problems.isEmpty ? .empty : .div(
                .class("error-summary"), .attr("role", "alert"),
                .h2(.text(String(format: DirectoryText.importFailed, m.problems.count))),
                Components.table(headers: [DirectoryText.importRow, DirectoryText.importColumn, DirectoryText.importProblem],
                                 rows: m.problems.map { [.text($0.row == 0 ? "—" : String($0.row)), .safe($0.column), .safe($0.message)] },
                                 numericColumns: [0])
            ),
            .form(.method(.post), .action(m.action.path), .enctype(.multipartData), .class("stacked"),
                  FormKit.csrf(m.csrf),
                  .div(.class("field"),
                       .label(.for("f-file"), .text(DirectoryText.importFile)),
                       .input(.type(.file), .id("f-file"), .name("file"), .attribute(named: "accept", value: ".csv,text/csv"), .required(true),
                              .attribute(named: "aria-describedby", value: "h-file")),
                       .p(.class("hint"), .id("h-file"), .text(DirectoryText.importLimits))),
                  FormKit.actions(submit: DirectoryText.importSubmit, cancel: nil)),
            .section(.class("card"), .h2(.text(DirectoryText.importColumns)),
                     .ul(.group(m.columns.map { .li(.safe($0.header), $0.required ? .text(" \(DirectoryText.importRequiredMark)") : .empty) })))
        ))
    }
}
