import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// The annual report of a unit: the form (draft), submission (late flag), review, evidence files and links.
enum ReportController {
    static func register(_ routes: any RoutesBuilder, uploadMaxBytes: Int) {
        routes.get(.reports, use: mine)
        routes.get(.report(nil, year: nil), use: show)
        // The report form carries its evidence (files) too, so it takes an upload's body (streamed to disk).
        routes.on(.POST, SiteURL.reportAction(nil, year: nil, .save).pathComponents, upload: .upload(uploadMaxBytes), use: save)
        routes.post(.reportAction(nil, year: nil, .accept), use: accept)
        routes.post(.reportAction(nil, year: nil, .return), use: returnIt)
        // Twice the limit is read so that a too-large file gets a clear message rather than a bare 413.
        routes.on(.POST, SiteURL.reportEvidence(nil, year: nil).pathComponents, upload: .upload(uploadMaxBytes), use: upload)
        routes.post(.reportEvidenceLink(nil, year: nil), use: addLink)
        routes.get(.reportEvidenceFile(nil, year: nil, evidence: nil), use: download)
        routes.post(.reportEvidenceDelete(nil, year: nil, evidence: nil), use: removeEvidence)
    }

    struct Target: Sendable {
        let unit: Unit
        let year: Int
    }

    /// The unit and year of the path, in one statement (every report call starts here): a unit of the user's commune
    /// and a year of its movement, or 404.
    static func target(_ req: Request) async throws -> Target {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self), let year = req.parameters.get("year", as: Int.self),
              let row = try await req.db.sql.raw("""
                SELECT u.* FROM units u
                JOIN movements m ON m.id = (SELECT id FROM movements WHERE commune_id = u.commune_id ORDER BY start_year LIMIT 1)
                WHERE u.id = \(bind: id) AND u.commune_id = \(bind: user.communeID) AND \(bind: year) BETWEEN m.start_year AND m.end_year
                """).first()
        else { throw AppError.notFound }
        return Target(unit: try row.model(Unit.self), year: year)
    }

    /// `/reports`: a focal point goes to this year's report of their unit, the secretariat to the board.
    static func mine(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewReports)
        guard let unit = Policy.ownUnit(user), !Policy.allows(user, .viewAllPledges) else { return req.redirect(to: SiteURL.board.path) }
        let movement = try await MovementController.currentMovement(req)
        return req.redirect(to: SiteURL.report(unit, year: RegistrationController.defaultYear(req, movement: movement)).path)
    }

    static func show(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.viewPledge(.unit(t.unit.id!), communeID: user.communeID))
        return try await render(req, t, state: FormState(), raw: nil)
    }

    static func render(_ req: Request, _ t: Target, state: FormState, raw: ReportForm?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let dto = try await ReportQueries.dto(on: req.db, communeID: user.communeID, unit: t.unit, year: t.year)
        let workflow = WorkflowStatus(rawValue: dto.status) ?? .draft
        let hasRegistration = try await RegistrationQueries.find(on: req.db, communeID: user.communeID, owner: .unit(t.unit.id!), year: t.year) != nil
        return try await ReportPageView.render(.init(
            frame: req.page(ReportText.pageTitle(t.unit.name, t.year), section: .reports, breadcrumbs: [
                .init(title: CoreText.home, url: .home), .init(title: BoardText.title, url: req.can(.viewAllPledges) ? .board : nil),
                .init(title: t.unit.name, url: nil)]),
            report: dto, workflow: workflow, hasRegistration: hasRegistration,
            canEdit: Policy.allows(user, .editPledge(.unit(t.unit.id!), communeID: user.communeID)) && workflow.isEditable,
            canReview: Policy.allows(user, .reviewPledges) && workflow == .submitted && dto.id != nil,
            state: state, raw: raw, maxMB: req.application.settings.uploadMaxBytes / 1024 / 1024, csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    struct ReportForm: Content, Sendable {
        var results: String?
        var lessons: String?
        var proposals: String?
        var initiativesApplied: String?
        var resultTargetId: [String]?
        var resultActual: [String]?
        var resultNote: [String]?
        var productId: [String]?
        var productNote: [String]?
        var delivered: [String]?
        var version: Int?
        var action: String?
        /// The evidence part of the same form: the title of a file to add, a link to add, evidence to remove.
        var evidenceTitle: String?
        var linkTitle: String?
        var url: String?
        var removeEvidence: String?
    }

    static func parse(_ f: ReportForm) -> (ReportInput, [String: String]) {
        var errors: [String: String] = [:]
        let results = Check.text(f.results, "results", max: TextLimit.long, required: false, into: &errors)
        let lessons = Check.text(f.lessons, "lessons", max: TextLimit.long, required: false, into: &errors)
        let proposals = Check.text(f.proposals, "proposals", max: TextLimit.long, required: false, into: &errors)
        let applied = Check.text(f.initiativesApplied, "initiativesApplied", max: TextLimit.long, required: false, into: &errors)
        var actuals: [UUID: Double?] = [:], notes: [UUID: String] = [:]
        for (i, idText) in (f.resultTargetId ?? []).enumerated() {
            guard let id = UUID(uuidString: idText) else { continue }
            let text = i < (f.resultActual?.count ?? 0) ? f.resultActual![i] : ""
            let value = Check.number(text, "resultActual.\(i)", .quantity, into: &errors)
            if errors["resultActual.\(i)"] == nil { actuals[id] = .some(value) }
            notes[id] = Check.text(i < (f.resultNote?.count ?? 0) ? f.resultNote![i] : "", "resultNote.\(i)", max: TextLimit.long, required: false, multiline: false, into: &errors)
        }
        var productNotes: [UUID: String] = [:]
        for (i, idText) in (f.productId ?? []).enumerated() {
            guard let id = UUID(uuidString: idText) else { continue }
            productNotes[id] = Check.text(i < (f.productNote?.count ?? 0) ? f.productNote![i] : "", "productNote.\(i)", max: TextLimit.long, required: false, multiline: false, into: &errors)
        }
        let delivered = Set((f.delivered ?? []).compactMap(UUID.init(uuidString:)))
        return (ReportInput(results: results, lessons: lessons, proposals: proposals, initiativesApplied: applied,
                            actuals: actuals.mapValues { $0 }, notes: notes, delivered: delivered, productNotes: productNotes), errors)
    }

    /// What a button of the report form asks for. Every button saves what is typed on the page (the report and any file
    /// chosen or link typed), so that adding or removing evidence never loses the rest of the page.
    enum PageAction: Equatable, Sendable {
        case draft, submit, addFile, addLink
        case remove(UUID)

        init(_ f: ReportForm) {
            if let id = f.removeEvidence.flatMap(UUID.init(uuidString:)) { self = .remove(id); return }
            switch f.action {
            case "submit": self = .submit
            case "addEvidence", "addFile": self = .addFile
            case "addLink": self = .addLink
            default: self = .draft
            }
        }
    }

    /// Reads the evidence part of the form: a chosen file is checked (name, size, type by its bytes), a typed link too.
    /// A title typed without its file or link, or an add button pressed without one, is an error beside that field.
    /// The file arrived on disk with the form (``StreamedUpload``); the page never holds its bytes.
    static func evidenceChanges(_ req: Request, _ f: ReportForm, action: PageAction,
                                into errors: inout [String: String]) async throws -> (ReportCommands.EvidenceChanges, chosenName: String?) {
        var changes = ReportCommands.EvidenceChanges()
        let file = try req.upload.file
        let fileTitle = Check.text(f.evidenceTitle, "evidenceTitle", max: 200, required: false, into: &errors)
        if let file {
            switch try await EvidenceCommands.check(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                    threadPool: req.application.threadPool) {
            case .failure(.validation(let fields, let message)): errors["file"] = fields["file"] ?? message
            case .failure: errors["file"] = ReportText.fileBadType
            case .success(let kind): changes.files.append(.init(title: fileTitle, originalName: file.filename, content: .received(file), kind: kind))
            }
        } else if action == .addFile {
            errors["file"] = ReportText.fileMissing
        }
        let linkTitle = Check.text(f.linkTitle, "linkTitle", max: 200, required: false, into: &errors)
        if !TextFolding.clean(f.url).isEmpty {
            if let url = EvidenceCommands.validLink(f.url) { changes.links.append(.init(title: linkTitle, url: url)) }
            else { errors["url"] = ReportText.linkInvalid }
        } else if action == .addLink {
            errors["url"] = ReportText.linkMissing
        }
        if case .remove(let id) = action { changes.remove.append(id) }
        return (changes, changes.files.isEmpty ? nil : file?.filename)
    }

    /// The report form: saves the draft with the evidence added or removed on the page (one write), then submits when
    /// asked. Any error shows the page again with everything typed (a file must be chosen again: browsers never refill
    /// a file input).
    static func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.editPledge(.unit(t.unit.id!), communeID: user.communeID))
        let form = try req.upload.decode(ReportForm.self, req)
        let action = PageAction(form)
        let (input, parsedErrors) = parse(form)
        var errors = parsedErrors
        let (changes, chosenName) = try await evidenceChanges(req, form, action: action, into: &errors)
        // A submission that cannot go through saves nothing either: the page says so and keeps what was typed.
        if action == .submit { errors.merge(ReportCommands.submitProblems(results: input.results)) { a, _ in a } }
        // A file that was fine but not saved (the page had another error) must be chosen again: say so beside the field.
        let fileNote: [String: String] = chosenName.map { ["fileNote": ReportText.chooseAgain($0)] } ?? [:]
        if !errors.isEmpty {
            return try await render(req, t, state: FormState(values: fileNote, errors: errors), raw: form, status: .unprocessableEntity)
        }
        let actor = try req.auditActor()
        let report: AnnualReport
        do {
            report = try await ReportCommands.save(input, unit: t.unit, year: t.year, expectedVersion: form.version, evidence: changes,
                                                   store: req.application.files, actor: actor, on: req.db).report
        } catch AppError.conflict(let message) {
            return try await render(req, t, state: FormState(values: fileNote, formError: message), raw: form, status: .conflict)
        }
        let page = SiteURL.report(t.unit.id, year: t.year).path
        switch action {
        case .submit: break
        case .draft: return req.redirect(to: page, flash: Flash(.success, changes.isEmpty ? ReportText.saved : ReportText.savedWithEvidence))
        case .addFile, .addLink: return req.redirect(to: page + "#minh-chung", flash: Flash(.success, ReportText.uploaded))
        case .remove: return req.redirect(to: page + "#minh-chung", flash: Flash(.success, ReportText.removed))
        }
        do {
            try await ReportCommands.submit(report, unitName: t.unit.name, actor: actor, notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await render(req, t, state: FormState(errors: fields, formError: message), raw: nil, status: .unprocessableEntity)
        }
        return req.redirect(to: page, flash: Flash(report.isLate ? .warning : .success, report.isLate ? ReportText.submittedLate : ReportText.submitted))
    }

    static func accept(req: Request) async throws -> Response { try await decide(req, accept: true) }
    static func returnIt(req: Request) async throws -> Response { try await decide(req, accept: false) }

    static func decide(_ req: Request, accept: Bool) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewPledges)
        let t = try await target(req)
        guard let r = try await ReportQueries.find(on: req.db, communeID: user.communeID, unitID: t.unit.id!, year: t.year) else { throw AppError.notFound }
        do {
            try await ReportCommands.decide(r, accept: accept, reason: try req.content.decode(RegistrationController.DecisionForm.self).reason,
                                            actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, _) {
            return try await render(req, t, state: FormState(errors: fields), raw: nil, status: .unprocessableEntity)
        }
        let page = SiteURL.report(t.unit.id, year: t.year).path
        return req.redirect(to: page, flash: Flash(.success, accept ? ReportText.accepted : ReportText.returned))
    }

    // MARK: evidence

    /// The evidence-only forms of earlier pages (the report page now sends its evidence with the report form, to
    /// ``save(req:)``): a file with its title, or a link with its title.
    struct UploadForm: Content {
        var title: String?
        var evidenceTitle: String?
        var file: File?
    }

    /// Checks that the user may edit the unit's report and that it can be edited (a report not yet written can);
    /// the evidence commands check it again in the write that adds the evidence.
    static func editableReport(_ req: Request, _ t: Target) async throws -> EvidenceCommands.Owner {
        let user = try req.requireUser()
        try req.authorize(.editPledge(.unit(t.unit.id!), communeID: user.communeID))
        if let report = try await ReportQueries.find(on: req.db, communeID: user.communeID, unitID: t.unit.id!, year: t.year),
           !report.workflow.isEditable { throw AppError.conflict(ReportText.notEditable) }
        return EvidenceCommands.Owner(communeID: user.communeID, unitID: t.unit.id!, year: t.year)
    }

    static func upload(req: Request) async throws -> Response {
        let t = try await target(req)
        let report = try await editableReport(req, t)
        let received = try req.upload
        let form = try? received.decode(UploadForm.self, req)
        guard let file = received.file else {
            return try await render(req, t, state: FormState(errors: ["file": ReportText.fileMissing]), raw: nil, status: .unprocessableEntity)
        }
        switch try await EvidenceCommands.check(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                threadPool: req.application.threadPool) {
        case .failure(let error):
            return try await render(req, t, state: FormState(errors: error.fields, formError: error.message), raw: nil, status: .unprocessableEntity)
        case .success(let kind):
            var errors: [String: String] = [:]
            let title = Check.text(form?.evidenceTitle ?? form?.title, "evidenceTitle", max: 200, required: false, into: &errors)
            if !errors.isEmpty { return try await render(req, t, state: FormState(errors: errors), raw: nil, status: .unprocessableEntity) }
            _ = try await EvidenceCommands.addFile(to: report, title: title, originalName: file.filename, file: file, kind: kind,
                                                   store: req.application.files, actor: try req.auditActor(), on: req.db)
            return req.redirect(to: SiteURL.report(t.unit.id, year: t.year).path + "#minh-chung", flash: Flash(.success, ReportText.uploaded))
        }
    }

    /// The link form names its title `linkTitle` (`title` is the file's); both are read.
    struct LinkForm: Content { var linkTitle: String?; var title: String?; var url: String? }

    static func addLink(req: Request) async throws -> Response {
        let t = try await target(req)
        let report = try await editableReport(req, t)
        let form = try req.content.decode(LinkForm.self)
        var errors: [String: String] = [:]
        let rawTitle = form.linkTitle ?? form.title
        let title = Check.text(rawTitle, "linkTitle", max: 200, required: false, into: &errors)
        let url = EvidenceCommands.validLink(form.url)
        if url == nil { errors["url"] = TextFolding.clean(form.url).isEmpty ? ReportText.linkMissing : ReportText.linkInvalid }
        guard errors.isEmpty, let url else {
            return try await render(req, t, state: FormState(values: ["url": form.url ?? "", "linkTitle": rawTitle ?? ""], errors: errors),
                                    raw: nil, status: .unprocessableEntity)
        }
        _ = try await EvidenceCommands.addLink(to: report, title: title, url: url, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: SiteURL.report(t.unit.id, year: t.year).path + "#minh-chung", flash: Flash(.success, ReportText.uploaded))
    }

    static func loadEvidence(_ req: Request, _ t: Target) async throws -> Evidence {
        let user = try req.requireUser()
        guard let id = req.parameters.get("evidence", as: UUID.self),
              let report = try await ReportQueries.find(on: req.db, communeID: user.communeID, unitID: t.unit.id!, year: t.year),
              let e = try await Evidence.query(on: req.db).filter(\.$id == id).filter(\.$reportID == report.id!).first() else { throw AppError.notFound }
        return e
    }

    static func download(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.viewPledge(.unit(t.unit.id!), communeID: user.communeID))
        let e = try await loadEvidence(req, t)
        if e.kind == "link", let url = e.url { return try await externalLink(req, title: e.title, url: url, back: SiteURL.report(t.unit.id, year: t.year)) }
        return try await fileResponse(req, e)
    }

    /// A link evidence opens through a page that shows the whole address and says it leaves the site, never by a
    /// redirect: the platform's own address must not carry a person to a site someone typed in.
    static func externalLink(_ req: Request, title: String, url: String, back: SiteURL) async throws -> Response {
        let html = Layout.render(req.page(ReportText.externalTitle, section: .reports, breadcrumbs: [
            .init(title: CoreText.home, url: .home), .init(title: ReportText.title, url: back), .init(title: ReportText.externalTitle, url: nil),
        ]), lead: ReportText.externalLead, .group(
            .p(.strong(.safe(title))),
            .p(.element(named: "code", nodes: [.class("url"), .safe(url)])),
            .p(.element(named: "a", nodes: [.attr("href", url), .attr("rel", "noopener noreferrer nofollow"), .class("btn btn-primary"),
                                             .text(ReportText.externalOpen)]),
               .text(" "), .link(back, CoreText.cancel, class: "btn btn-secondary"))
        ))
        let response = try await html.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// The stored bytes of a file, with its checked type and a safe name (never the uploader's).
    static func fileResponse(_ req: Request, _ e: Evidence) async throws -> Response {
        let slug = TextFolding.fold(e.title).map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(60)
        return try await req.storedFile(hash: e.fileHash, contentType: e.contentType, filename: "minh-chung-\(String(slug))")
    }

    static func removeEvidence(req: Request) async throws -> Response {
        let t = try await target(req)
        _ = try await editableReport(req, t)
        let e = try await loadEvidence(req, t)
        try await EvidenceCommands.remove(e, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .report(t.unit.id, year: t.year), flash: Flash(.success, ReportText.removed))
    }
}
