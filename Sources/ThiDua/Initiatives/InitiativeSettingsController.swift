import Fluent
import Foundation
import Plot
import Vapor

/// Attachments of an application, and the review rubric (criteria, maximum points, pass threshold) as data that the
/// secretariat or the administrator edits, with its legal source shown.
enum InitiativeSettingsController {
    static func register(_ routes: any RoutesBuilder, uploadMaxBytes: Int) {
        routes.on(.POST, SiteURL.initiativeAttachments(nil).pathComponents, upload: .upload(uploadMaxBytes), use: attach)
        routes.get(.initiativeAttachment(nil, evidence: nil), use: download)
        routes.post(.initiativeAttachmentDelete(nil, evidence: nil), use: remove)
        routes.get(.initiativeRubric, use: rubricPage)
        routes.post(.initiativeRubric, use: saveRubric)
    }

    // MARK: attachments

    static func attach(req: Request) async throws -> Response {
        let (i, ref) = try await InitiativeController.load(req)
        try req.authorize(.editInitiative(ref))
        // The error box names the field; its message is written once, beside it.
        let labels = ["file": InitiativeText.attach]
        guard let file = try req.upload.file else {
            return try await InitiativeController.render(req, i, ref, state: FormState(errors: ["file": ReportText.fileMissing], labels: labels),
                                                         status: .unprocessableEntity)
        }
        switch try await EvidenceCommands.check(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                threadPool: req.application.threadPool) {
        case .failure(let e):
            return try await InitiativeController.render(req, i, ref, state: FormState(errors: e.fields, labels: labels), status: .unprocessableEntity)
        case .success(let kind):
            let actor = try req.auditActor()
            // The file is moved into the store in the write that records it (taken out again if that write fails).
            try await req.application.files.placing([file]) { placement in
                try await req.db.writeTransaction { db in
                    let e = Evidence()
                    e.communeID = i.communeID; e.initiativeID = i.id; e.kind = "file"; e.title = TextFolding.clean(file.filename)
                    e.fileHash = file.sha256; e.contentType = kind.contentType; e.size = file.size; e.originalName = TextFolding.clean(file.filename)
                    e.uploadedBy = actor.name
                    try await e.create(on: db)
                    try await AuditLog.record(on: db, actor, .create, type: "initiative_attachment", id: e.id, label: "Tệp kèm sáng kiến: \(i.title)",
                                              after: ["file": e.title, "sha256": file.sha256])
                    try await placement.place()
                }
            }
            return req.redirect(to: .initiative(i.id), flash: Flash(.success, ReportText.uploaded))
        }
    }

    static func evidence(_ req: Request, _ i: Initiative) async throws -> Evidence {
        guard let id = req.parameters.get("evidence", as: UUID.self),
              let e = try await Evidence.query(on: req.db).filter(\.$id == id).filter(\.$initiativeID == i.id!).first() else { throw AppError.notFound }
        return e
    }

    static func download(req: Request) async throws -> Response {
        let (i, _) = try await InitiativeController.load(req)
        return try await ReportController.fileResponse(req, try await evidence(req, i))
    }

    static func remove(req: Request) async throws -> Response {
        let (i, ref) = try await InitiativeController.load(req)
        try req.authorize(.editInitiative(ref))
        let e = try await evidence(req, i)
        try await EvidenceCommands.remove(e, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .initiative(i.id), flash: Flash(.success, ReportText.removed))
    }

    // MARK: rubric

    static func rubricPage(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.editInitiativeRubric)
        let r = try await InitiativeQueries.rubric(on: req.db, communeID: user.communeID)
        return RubricView.render(req.page(InitiativeText.rubricTitle, section: .initiatives, breadcrumbs: InitiativeController.crumbs(InitiativeText.rubricTitle)),
                                 rows: r.criteria.map { [$0.name, NumberText.format($0.maxPoints)] }, threshold: NumberText.format(r.threshold), source: r.source,
                                 errors: [:], csrf: user.csrfToken)
    }

    struct RubricForm: Content { var name: [String]?; var maxPoints: [String]?; var threshold: String? }

    static func saveRubric(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editInitiativeRubric)
        let f = try req.content.decode(RubricForm.self)
        let current = try await InitiativeQueries.rubric(on: req.db, communeID: user.communeID)
        var errors: [String: String] = [:]
        var rows: [(String, Double)] = []
        let names = f.name ?? [], maxima = f.maxPoints ?? []
        for i in 0..<max(names.count, maxima.count) {
            let nameText = i < names.count ? names[i] : "", maxText = i < maxima.count ? maxima[i] : ""
            if TextFolding.clean(nameText).isEmpty && TextFolding.clean(maxText).isEmpty { continue }
            let name = Check.text(nameText, "name.\(i)", max: 120, required: true, into: &errors)
            let value = NumberText.parse(maxText)
            if value == nil || value! <= 0 || value! > 100 { errors["maxPoints.\(i)"] = InitiativeText.maxPointsInvalid }
            rows.append((name, value ?? 0))
        }
        if rows.isEmpty { errors["name.0"] = CoreText.required }
        let total = rows.reduce(0) { $0 + $1.1 }
        let threshold = NumberText.parse(f.threshold)
        if threshold == nil || threshold! < 0 || threshold! > total { errors["threshold"] = InitiativeText.thresholdInvalid(NumberText.format(total)) }
        let scored = try await InitiativeReview.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$scoredAt != nil).count() > 0
        if scored && rows.count != current.criteria.count { errors["name.0"] = InitiativeText.rubricInUse }
        if !errors.isEmpty {
            return try await RubricView.render(req.page(InitiativeText.rubricTitle, section: .initiatives, breadcrumbs: InitiativeController.crumbs(InitiativeText.rubricTitle)),
                                               rows: zip(names, maxima).map { [$0, $1] }, threshold: f.threshold ?? "", source: current.source, errors: errors, csrf: user.csrfToken)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let actor = try req.auditActor()
        let (finalRows, finalThreshold) = (rows, threshold ?? 0)
        let before = current.criteria.map { "\($0.name): \(NumberText.format($0.maxPoints))" } + ["Ngưỡng: \(NumberText.format(current.threshold))"]
        try await req.db.writeTransaction { db in
            let existing = try await InitiativeCriterion.query(on: db).filter(\.$communeID == user.communeID).sort(\.$position).all()
            for (n, row) in finalRows.enumerated() {
                let c = n < existing.count ? existing[n] : InitiativeCriterion()
                c.communeID = user.communeID; c.position = n + 1; c.name = row.0; c.maxPoints = row.1
                try await c.save(on: db)
            }
            for c in existing.dropFirst(finalRows.count) { try await c.delete(on: db) }
            if let s = try await InitiativeSettings.query(on: db).filter(\.$communeID == user.communeID).first() {
                s.passThreshold = finalThreshold
                try await s.update(on: db)
            }
            try await AuditLog.record(on: db, actor, .update, type: "initiative_rubric", id: nil, label: InitiativeText.rubricTitle, before: before,
                                      after: finalRows.map { "\($0.0): \(NumberText.format($0.1))" } + ["Ngưỡng: \(NumberText.format(finalThreshold))"])
        }
        return req.redirect(to: .initiativeRubric, flash: Flash(.success, InitiativeText.rubricSaved))
    }
}

enum RubricView {
    static func render(_ frame: PageFrame, rows: [[String]], threshold: String, source: String, errors: [String: String], csrf: String) -> HTML {
        var all = rows
        all.append(["", ""])
        let state = FormState(values: ["threshold": threshold], errors: errors, formError: errors.isEmpty ? nil : CoreText.formHasErrors)
        return Layout.render(frame, lead: "\(InitiativeText.rubricLead) \(source).", .group(
            FormKit.errorSummary(state),
            .form(.method(.post), .action(SiteURL.initiativeRubric.path), .class("stacked"),
                  FormKit.csrf(csrf),
                  Components.table(headers: ["#", InitiativeText.criterionName, InitiativeText.criterionMax],
                                   rows: all.enumerated().map { i, r in
                                       [.text(String(i + 1)),
                                        PledgeViews.cell("name", r[0], error: errors["name.\(i)"], label: InitiativeText.criterionName, width: "w-wide"),
                                        PledgeViews.cell("maxPoints", r[1], error: errors["maxPoints.\(i)"], label: InitiativeText.criterionMax)]
                                   }),
                  FormKit.text("threshold", label: InitiativeText.thresholdLabel, state: state, required: true, maxLength: 10),
                  FormKit.actions(submit: CoreText.save, cancel: .initiatives))
        ))
    }
}
