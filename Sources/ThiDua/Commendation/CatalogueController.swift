import Fluent
import Foundation
import Plot
import Vapor

/// The titles catalogue and the commendation settings (legal figures with their sources, edited by the
/// administrator; every change is in the audit log, which is the history shown), and the register of awards.
enum CatalogueController {
    static func register(_ r: any RoutesBuilder) {
        r.get(.awardTitles, use: titles)
        r.get(.awardTitle(nil), use: editTitle)
        r.post(.awardTitle(nil), use: saveTitle)
        r.get(.commendationSettings, use: settingsPage)
        r.post(.commendationSettings, use: saveSettings)
        r.get(.awardRegister, use: registerPage)
        r.get(.commendationList(year: nil), use: listXLSX)
    }

    typealias T = CommendationText

    static func titles(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewCommendations)
        let rows = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        let s = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let edit = Policy.allows(user, .editAwardCatalogue)
        let history = try await RecordHistory.latest(on: req.db, communeID: user.communeID, objectTypes: ["award_title", "commendation_settings"])
        return Layout.render(req.page(T.catalogueTitle, section: .commendations, breadcrumbs: CommendationController.crumbs(T.catalogueTitle)), lead: T.catalogueLead, .group(
            Components.table(headers: [T.titleLabel, T.recipientLabel, T.awardedByLabel, T.rewardLabel, "Tiền thưởng (đồng)", T.threshold, T.rulesLabel, T.sourceLabel, ""],
                             rows: rows.map { t in
                                 [.text(t.name + (t.isActive ? "" : " (ngừng dùng)")), .text(t.recipientKind.label), .text(t.isCommuneAward ? T.awardedByCommune : T.awardedByUpward),
                                  .text(NumberText.format(t.rewardMultiple)),
                                  .text(MoneyText.format(Reward.amount(multiple: t.rewardMultiple, baseSalary: s.baseSalary, rounding: s.rewardRounding))),
                                  .text("> " + NumberText.format(t.approvalRatio * 100) + "%"),
                                  .text(t.ruleList.map(\.label).joined(separator: "; ")), .text(t.legalSource),
                                  edit ? .link(.awardTitle(t.id), CoreText.edit) : .empty]
                             }),
            .p(.text("\(T.baseSalary): \(MoneyText.format(s.baseSalary)) — \(s.baseSalarySource). "), .a(.href(SiteURL.commendationSettings.path), .text(T.settingsTitle))),
            RecordHistory.section(history, heading: T.historyLink)
        ))
    }

    static func loadTitle(_ req: Request) async throws -> AwardTitle {
        let user = try req.requireUser()
        try req.authorize(.editAwardCatalogue)
        guard let id = req.parameters.get("id", as: UUID.self),
              let t = try await AwardTitle.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first() else { throw AppError.notFound }
        return t
    }

    static func titleFields(_ t: AwardTitle) -> [FieldSpec] {
        [.text("name", T.titleLabel, required: true),
         .text("rewardMultiple", T.rewardLabel, required: true, maxLength: 10),
         .text("approvalPercent", T.approvalRatio, required: true, maxLength: 6),
         .checkboxes("rules", T.rulesLabel, choices: EligibilityRule.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, selected: Set(t.ruleList.map(\.rawValue))),
         .textArea("legalSource", T.sourceLabel, rows: 3, required: true),
         .checkbox("isActive", T.activeLabel, checked: t.isActive),
         .hidden("version", String(t.version))]
    }

    static func titleForm(_ req: Request, _ t: AwardTitle, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        return try await FormPageView.render(.init(frame: req.page(t.name, section: .commendations, breadcrumbs: CommendationController.crumbs(t.name)),
                                                   action: .awardTitle(t.id), cancel: .awardTitles, state: state, csrf: user.csrfToken, fields: titleFields(t),
                                                   delete: nil, deleteLabel: "", deleteConfirm: "")).encodeResponse(status: status, for: req)
    }

    static func editTitle(req: Request) async throws -> Response {
        let t = try await loadTitle(req)
        return try await titleForm(req, t, state: FormState(values: ["name": t.name, "rewardMultiple": NumberText.format(t.rewardMultiple),
                                                                     "approvalPercent": NumberText.format(t.approvalRatio * 100), "legalSource": t.legalSource]))
    }

    struct TitleForm: Content {
        var name: String?; var rewardMultiple: String?; var approvalPercent: String?; var rules: [String]?; var legalSource: String?; var isActive: String?; var version: Int?
    }

    static func saveTitle(req: Request) async throws -> Response {
        let t = try await loadTitle(req)
        let f = try req.content.decode(TitleForm.self)
        var errors: [String: String] = [:]
        let name = Check.text(f.name, "name", max: 200, required: true, into: &errors)
        let source = Check.text(f.legalSource, "legalSource", max: TextLimit.long, required: true, into: &errors)
        let multiple = NumberText.parse(f.rewardMultiple)
        if multiple == nil || multiple! < 0 || multiple! > 20 { errors["rewardMultiple"] = T.invalidMultiple }
        let approval = NumberText.parse(f.approvalPercent)
        if approval == nil || approval! < 0 || approval! >= 100 { errors["approvalPercent"] = T.invalidApproval }
        let rules = (f.rules ?? []).compactMap(EligibilityRule.init(rawValue:))
        if rules.count != (f.rules ?? []).count { errors["rules"] = CoreText.invalidChoice }
        let values = ["name": f.name ?? "", "rewardMultiple": f.rewardMultiple ?? "", "approvalPercent": f.approvalPercent ?? "", "legalSource": f.legalSource ?? ""]
        if !errors.isEmpty { return try await titleForm(req, t, state: FormState(values: values, errors: errors, formError: CoreText.formHasErrors), status: .unprocessableEntity) }
        let actor = try req.auditActor()
        let before = ["name": t.name, "reward": NumberText.format(t.rewardMultiple), "threshold": NumberText.format(t.approvalRatio * 100) + "%", "rules": t.rules, "source": t.legalSource, "active": t.isActive ? "có" : "không"]
        do {
            try await req.db.writeTransaction { db in
                try await OptimisticLock.bump(AwardTitle.schema, id: t.id!, from: f.version ?? t.version, on: db)
                t.version = (f.version ?? t.version) + 1
                t.name = name; t.rewardMultiple = multiple!; t.approvalRatio = approval! / 100; t.rules = rules.map(\.rawValue).joined(separator: ","); t.legalSource = source; t.isActive = f.isActive == "1"
                try await t.update(on: db)
                try await AuditLog.record(on: db, actor, .update, type: "award_title", id: t.id, label: "Danh hiệu: \(name)", before: before,
                                          after: ["name": name, "reward": NumberText.format(multiple!), "threshold": NumberText.format(t.approvalRatio * 100) + "%", "rules": t.rules, "source": source, "active": t.isActive ? "có" : "không"])
            }
        } catch AppError.conflict(let message) {
            return try await titleForm(req, t, state: FormState(values: values, formError: message), status: .conflict)
        }
        return req.redirect(to: .awardTitles, flash: Flash(.success, T.saved))
    }

    // MARK: settings

    static func settingsValues(_ s: CommendationSettings) -> [String: String] {
        ["baseSalary": MoneyText.format(s.baseSalary), "baseSalarySource": s.baseSalarySource, "rewardRounding": String(s.rewardRounding),
         "quorumPercent": NumberText.format(s.quorumRatio * 100), "ballotSource": s.ballotSource,
         "postingDays": String(s.postingDays), "postingSource": s.postingSource,
         "holidays": s.holidayDates.sorted().map(\.vietnamese).joined(separator: "\n"),
         "quotaPercent": s.cstdcsQuotaPercent.map { NumberText.format($0) } ?? ""]
    }

    static func settingsFields(_ s: CommendationSettings, requires: Bool) -> [FieldSpec] {
        [.text("baseSalary", T.baseSalary, required: true, maxLength: 15), .text("baseSalarySource", T.sourceLabel, required: true),
         .text("rewardRounding", T.rounding, required: true, maxLength: 10),
         .text("quorumPercent", T.quorumRatio, required: true, maxLength: 6),
         .textArea("ballotSource", T.sourceLabel, rows: 2, required: true),
         .text("postingDays", T.postingDays, required: true, maxLength: 2), .textArea("postingSource", T.sourceLabel, rows: 2, required: true),
         .textArea("holidays", T.holidays, rows: 6),
         .checkbox("requiresInitiative", T.requiresInitiative, checked: requires),
         .text("quotaPercent", T.quotaPercent, hint: T.quotaRoundingNote, maxLength: 6),
         .hidden("version", String(s.version))]
    }

    static func settingsForm(_ req: Request, _ s: CommendationSettings, state: FormState, requires: Bool, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        return try await FormPageView.render(.init(frame: req.page(T.settingsTitle, section: .commendations, breadcrumbs: CommendationController.crumbs(T.settingsTitle)),
                                                   action: .commendationSettings, cancel: .awardTitles, state: state, csrf: user.csrfToken,
                                                   fields: settingsFields(s, requires: requires), delete: nil, deleteLabel: "", deleteConfirm: ""))
            .encodeResponse(status: status, for: req)
    }

    static func settingsPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editAwardCatalogue)
        let s = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        return try await settingsForm(req, s, state: FormState(values: settingsValues(s)), requires: s.cstdcsRequiresInitiative)
    }

    struct SettingsForm: Content {
        var baseSalary: String?; var baseSalarySource: String?; var rewardRounding: String?; var quorumPercent: String?
        var ballotSource: String?; var postingDays: String?; var postingSource: String?; var holidays: String?; var requiresInitiative: String?
        var quotaPercent: String?; var version: Int?
    }

    /// The holidays as typed in their textarea: one date (dd/mm/yyyy) a line, CRLF or LF, blank lines skipped, a date
    /// typed twice kept once. Line breaks are its separators; a control or invisible character, more than
    /// ``TextLimit/long`` characters, or a line that is not one date is refused beside the field, naming the line.
    static func holidayDates(_ text: String?, into errors: inout [String: String]) -> [LocalDate] {
        let typed = (text ?? "").precomposedStringWithCanonicalMapping
        if TextFolding.hasControlCharacters(typed) {
            errors["holidays"] = CoreText.controlCharacters
            return []
        }
        if TextFolding.clean(typed).count > TextLimit.long {
            errors["holidays"] = CoreText.tooLong.replacingOccurrences(of: "%d", with: NumberText.format(Double(TextLimit.long)))
            return []
        }
        var dates = Set<LocalDate>()
        for (n, line) in typed.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let day = line.trimmingCharacters(in: .whitespaces)
            if day.isEmpty { continue }
            guard let date = LocalDate(vietnamese: day) else {
                errors["holidays"] = T.invalidHolidayLine(n + 1, day)
                return []
            }
            dates.insert(date)
        }
        return dates.sorted()
    }

    static func saveSettings(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editAwardCatalogue)
        let s = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let f = try req.content.decode(SettingsForm.self)
        var errors: [String: String] = [:]
        func percent(_ text: String?, _ field: String) -> Double? {
            guard let v = NumberText.parse(text), v > 0, v <= 100 else { errors[field] = T.invalidPercent; return nil }
            return v
        }
        let salary = MoneyText.parse(f.baseSalary)
        if salary == nil || salary! <= 0 || salary! > 1_000_000_000 { errors["baseSalary"] = T.invalidMoney }
        let rounding = Int(f.rewardRounding ?? "")
        if rounding == nil || rounding! < 1 || rounding! > 1_000_000 { errors["rewardRounding"] = T.invalidMoney }
        let quorum = percent(f.quorumPercent, "quorumPercent")
        let days = Int(f.postingDays ?? "")
        if days == nil || days! < 1 || days! > 30 { errors["postingDays"] = T.invalidDays }
        let holidays = holidayDates(f.holidays, into: &errors)
        var quota: Double? = nil
        if !TextFolding.clean(f.quotaPercent).isEmpty { quota = percent(f.quotaPercent, "quotaPercent") }
        let salarySource = Check.text(f.baseSalarySource, "baseSalarySource", max: 500, required: true, into: &errors)
        let ballotSource = Check.text(f.ballotSource, "ballotSource", max: TextLimit.long, required: true, into: &errors)
        let postingSource = Check.text(f.postingSource, "postingSource", max: TextLimit.long, required: true, into: &errors)
        if !errors.isEmpty {
            let values = ["baseSalary": f.baseSalary ?? "", "baseSalarySource": f.baseSalarySource ?? "", "rewardRounding": f.rewardRounding ?? "",
                          "quorumPercent": f.quorumPercent ?? "", "ballotSource": f.ballotSource ?? "",
                          "postingDays": f.postingDays ?? "", "postingSource": f.postingSource ?? "", "holidays": f.holidays ?? "", "quotaPercent": f.quotaPercent ?? ""]
            return try await settingsForm(req, s, state: FormState(values: values, errors: errors, formError: CoreText.formHasErrors),
                                          requires: f.requiresInitiative == "1", status: .unprocessableEntity)
        }
        let before = settingsValues(s)
        let actor = try req.auditActor()
        let (finalHolidays, finalQuota) = (holidays, quota)
        do {
            try await req.db.writeTransaction { db in
                try await OptimisticLock.bump(CommendationSettings.schema, id: s.id!, from: f.version ?? s.version, on: db)
                s.version = (f.version ?? s.version) + 1
                s.baseSalary = salary!; s.baseSalarySource = salarySource; s.rewardRounding = rounding!; s.quorumRatio = quorum! / 100
                s.ballotSource = ballotSource; s.postingDays = days!; s.postingSource = postingSource
                s.holidays = finalHolidays.sorted().map(\.iso).joined(separator: ","); s.cstdcsRequiresInitiative = f.requiresInitiative == "1"
                s.cstdcsQuotaPercent = finalQuota
                try await s.update(on: db)
                try await AuditLog.record(on: db, actor, .update, type: "commendation_settings", id: s.id, label: T.settingsTitle,
                                          before: before, after: settingsValues(s))
            }
        } catch AppError.conflict(let message) {
            return try await settingsForm(req, s, state: FormState(values: settingsValues(s), formError: message), requires: s.cstdcsRequiresInitiative, status: .conflict)
        }
        return req.redirect(to: .awardTitles, flash: Flash(.success, T.saved))
    }

    // MARK: register

    static func registerPage(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        var q = Award.query(on: req.db).filter(\.$communeID == user.communeID).sort(\.$year, .descending).sort(\.$recipientName)
        if !Policy.allows(user, .viewCommendations) {
            // Anyone else sees their own history: their person's awards and their unit's.
            q = q.group(.or) { g in
                if let p = user.personID { g.filter(\.$personID == p) } else { g.filter(\.$personID == UUID()) }
                if let u = Policy.ownUnit(user) { g.filter(\.$unitID == u) }
            }
        }
        if let p = req.query[String.self, at: "person"].flatMap(UUID.init(uuidString:)) { q = q.filter(\.$personID == p) }
        if let u = req.query[String.self, at: "unit"].flatMap(UUID.init(uuidString:)) { q = q.filter(\.$unitID == u) }
        // Within a year, in the register's order (Số vào sổ); awards without a number after, by name.
        let awards = try await q.limit(2000).all().enumerated().sorted { a, b in
            if a.element.year != b.element.year { return a.element.year > b.element.year }
            switch (a.element.registerNumber, b.element.registerNumber) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
        var decisions: [UUID: String] = [:]
        for d in try await CommendationDecision.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$kind == "decision").all() {
            decisions[d.id!] = "\(d.numberText) ngày \(LocalDate(iso: d.issuedOn)?.vietnamese ?? "")"
        }
        return Layout.render(req.page(T.registerTitle, section: .commendations, breadcrumbs: CommendationController.crumbs(T.registerTitle)), lead: nil,
            Components.table(headers: ["Năm", T.registerNumber, T.nominee, T.titleLabel, "Quyết định", T.amount, T.statusLabel], rows: awards.map { a in
                [.text(String(a.year)), .text(a.registerNumber.map(String.init) ?? ""), .text(a.recipientName), .text(a.titleName), .text(decisions[a.decisionID] ?? ""), .text(MoneyText.format(a.amount)),
                 .text(a.status == "revoked" ? "\(T.revokedBadge): \(a.revokeReason)\(a.recoverReward ? " — \(T.recoverReward.lowercased())" : "")" : "Còn hiệu lực")]
            }, numericColumns: [1, 5]))
    }

    static func listXLSX(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewCommendations)
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        let data = try await CommendationListExport.workbook(on: req.db, communeID: user.communeID, year: year, now: req.now)
        return .download(data, contentType: FileKind.xlsx.contentType, filename: "danh-sach-khen-thuong-\(year).xlsx")
    }
}
