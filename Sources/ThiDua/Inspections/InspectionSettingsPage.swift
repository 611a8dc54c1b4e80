import Fluent
import Foundation
import Plot
import Vapor

/// The inspection settings' Vietnamese text (one place for this page).
enum InspectionSettingsText {
    static let title = "Cài đặt kiểm tra"
    static let lead = "Số ngày gửi Thông báo kiểm tra trước buổi kiểm tra và căn cứ của con số đó. Thông báo đã gửi không đổi; các buổi kiểm tra chưa gửi thông báo theo số ngày mới."
    static let noticeDays = "Gửi thông báo trước (ngày)"
    static let noticeDaysHint = "Từ 1 đến 60 ngày. Mặc định 7 ngày."
    static let source = "Căn cứ, ghi chú"
    static let sourceHint = "Hiển thị cho người dùng bên cạnh số ngày (văn bản, quy chế của Hội đồng…)."
    static let daysRange = "Nhập số ngày từ 1 đến 60."
    static let saved = "Đã lưu cài đặt kiểm tra."
    static func saved(sent: Int) -> String { sent == 0 ? saved : "Đã lưu cài đặt kiểm tra. Đã gửi \(sent) thông báo kiểm tra đến hạn theo số ngày mới." }
    static let link = "Cài đặt số ngày gửi thông báo"
}

/// What the settings form sends (typed text, read by the command).
struct InspectionSettingsInput: Sendable {
    var noticeDays: String?
    var source: String?
    static let daysRange = 1...60
}

extension InspectionCommands {
    /// Saves the notice days and their source (version required; another save in between: 409), with one audit entry;
    /// then sends the notices the new number of days makes due (idempotent, as the hourly sweep). Returns how many went.
    @discardableResult
    static func saveSettings(communeID: UUID, _ input: InspectionSettingsInput, expectedVersion: Int?, actor: AuditActor,
                             notifier: (any Notifier)?, on db: any Database) async throws -> Int {
        var errors: [String: String] = [:]
        let days = Check.number(input.noticeDays, "noticeDays", .count, required: true, into: &errors)
        if let days, !InspectionSettingsInput.daysRange.contains(Int(days)) { errors["noticeDays"] = InspectionSettingsText.daysRange }
        let source = Check.text(input.source, "source", max: TextLimit.long, required: true, multiline: true, into: &errors)
        guard errors.isEmpty, let days else { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        guard let version = expectedVersion else {
            throw AppError.validation(fields: ["version": CoreText.versionRequired], message: CoreText.versionRequired)
        }
        _ = try await InspectionQueries.settings(on: db, communeID: communeID)
        try await db.writeTransaction { db in
            guard let s = try await InspectionSettings.query(on: db).filter(\.$communeID == communeID).first() else { throw AppError.notFound }
            try await OptimisticLock.bump(InspectionSettings.schema, id: try s.requireID(), from: version, on: db)
            let before = ["noticeDays": String(s.noticeDays), "source": s.legalSource]
            s.noticeDays = Int(days); s.legalSource = source; s.version = version + 1
            try await s.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "inspection_settings", id: s.id, label: InspectionSettingsText.title,
                                      before: before, after: ["noticeDays": String(s.noticeDays), "source": s.legalSource])
        }
        return try await sendDueNotices(on: db, at: actor.at, notifier: notifier, communeID: communeID)
    }
}

/// `/inspections/settings`: the secretariat's and administrator's page of the notice days.
enum InspectionSettingsController {
    static let path = "/inspections/settings"
    typealias T = InspectionSettingsText

    static func register(_ r: any RoutesBuilder) {
        r.on(.GET, InspectionPaths.components(path), use: page)
        r.on(.POST, InspectionPaths.components(path), use: save)
    }

    struct Form: Content { var noticeDays: String?; var source: String?; var version: Int? }

    static func page(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.editInspectionSettings)
        let (version, config) = try await current(req, user.communeID)
        return render(req, FormState(values: ["noticeDays": String(config.noticeDays), "source": config.source, "version": String(version)]), csrf: user.csrfToken)
    }

    static func current(_ req: Request, _ communeID: UUID) async throws -> (Int, InspectionConfig) {
        let config = try await InspectionQueries.settings(on: req.db, communeID: communeID)
        return (config.version, config)
    }

    static func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editInspectionSettings)
        let f = try req.content.decode(Form.self)
        let values = ["noticeDays": f.noticeDays ?? "", "source": f.source ?? "", "version": f.version.map(String.init) ?? ""]
        var state = FormState(values: values)
        state.labels = ["noticeDays": T.noticeDays, "source": T.source]
        state.order = ["noticeDays", "source"]
        do {
            let sent = try await InspectionCommands.saveSettings(communeID: user.communeID, .init(noticeDays: f.noticeDays, source: f.source),
                                                                 expectedVersion: f.version, actor: try req.auditActor(),
                                                                 notifier: req.application.notifier, on: req.db)
            return req.redirect(to: path, flash: Flash(.success, T.saved(sent: sent)))
        } catch AppError.validation(let fields, let message) {
            state.errors = fields; state.formError = message
            return try await render(req, state, csrf: user.csrfToken).encodeResponse(status: .unprocessableEntity, for: req)
        } catch AppError.conflict(let message) {
            state.formError = message
            return try await render(req, state, csrf: user.csrfToken).encodeResponse(status: .conflict, for: req)
        }
    }

    static func render(_ req: Request, _ state: FormState, csrf: String) -> HTML {
        let frame = req.page(T.title, section: .inspections,
                             breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: InspectionText.title, url: nil), .init(title: T.title, url: nil)])
        return Layout.render(frame, lead: T.lead, .group(
            FormKit.errorSummary(state),
            .form(.method(.post), .action(path), .class("stacked"),
                  FormKit.csrf(csrf),
                  FormKit.hidden("version", state["version"]),
                  FormKit.text("noticeDays", label: T.noticeDays, state: state, required: true, hint: T.noticeDaysHint, maxLength: 3),
                  FormKit.textArea("source", label: T.source, state: state, rows: 4, required: true, hint: T.sourceHint),
                  FormKit.actions(submit: CoreText.save, cancel: .inspections))
        ))
    }
}
