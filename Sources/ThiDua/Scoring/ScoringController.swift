import Fluent
import Foundation
import Plot
import Vapor

/// Scoring: the unit self-scores, assigned council members score, the ranking per group, and the settings.
enum ScoringController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.scoring, use: home)
        routes.get(.scoringSettings, use: settingsPage)
        routes.post(.scoringSettings, use: saveSettings)
        routes.get(.scoringYear(nil), use: ranking)
        routes.get(.scoringSheet(nil, year: nil), use: sheet)
        routes.post(.scoringSelf(nil, year: nil), use: saveSelf)
        routes.post(.scoringCouncil(nil, year: nil), use: saveCouncil)
    }

    static func crumbs(_ items: [Breadcrumb]) -> [Breadcrumb] {
        [.init(title: CoreText.home, url: .home), .init(title: ScoringText.title, url: .scoring)] + items
    }

    /// `/scoring`: this year's ranking (the movement's last year once it has ended).
    static func home(req: Request) async throws -> Response {
        let movement = try await MovementController.currentMovement(req)
        let year = min(max(LocalDate(req.now).year, movement.startYear), movement.endYear)
        return req.redirect(to: .scoringYear(year), flash: nil)
    }

    static func year(_ req: Request) async throws -> Int {
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        let movement = try await MovementController.currentMovement(req)
        guard (movement.startYear...movement.endYear).contains(year) else { throw AppError.notFound }
        return year
    }

    // MARK: ranking

    static func ranking(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewScoring)
        let all = Policy.allows(user, .viewRanking)
        let year = try await year(req)
        let movement = try await MovementController.currentMovement(req)
        let config = try await ScoringQueries.settings(on: req.db, communeID: user.communeID)
        var groups = try await ScoringQueries.ranking(on: req.db, communeID: user.communeID, year: year, config: config)
        if !all {
            // A focal point sees only the line of their unit (with its rank in the group).
            groups = groups.compactMap { g in
                let rows = g.rows.filter { $0.unitID == user.unitID }
                return rows.isEmpty ? nil : RankingGroup(group: g.group, maxTotal: g.maxTotal, rows: rows)
            }
        }
        return RankingView.render(.init(
            frame: req.page(ScoringText.rankingTitle(year), section: .scoring, breadcrumbs: crumbs([.init(title: String(year), url: nil)])),
            year: year, years: Array(movement.startYear...movement.endYear), groups: groups, config: config, ownRowOnly: !all,
            ownUnit: all ? nil : user.unitID, canEditSettings: Policy.allows(user, .editScoringSettings)))
    }

    // MARK: sheet

    struct Target {
        let unit: Unit
        let year: Int
        var ref: UnitRef { UnitRef(id: unit.id!, communeID: unit.communeID) }
    }

    static func target(_ req: Request) async throws -> Target {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let unit = try await DirectoryQueries.unit(on: req.db, communeID: user.communeID, id: id) else { throw AppError.notFound }
        return Target(unit: unit, year: try await year(req))
    }

    /// What the signed-in user may do on the sheet.
    struct Access {
        let canSelf: Bool
        /// The user's council member when they may score this unit.
        let member: CouncilMember?
        let showAllMembers: Bool
        let isOpen: Bool
    }

    static func access(_ req: Request, _ t: Target, closesOn: LocalDate) async throws -> Access {
        let user = try req.requireUser()
        try req.authorize(.viewScoreSheet(t.ref))
        let member = try await assignedMember(req, t)
        return Access(canSelf: Policy.allows(user, .selfScore(t.ref)), member: member,
                      showAllMembers: Policy.allows(user, .viewAllCouncilScores), isOpen: LocalDate(req.now) <= closesOn)
    }

    /// The council member the user scores this unit as, if the policy lets them.
    static func assignedMember(_ req: Request, _ t: Target) async throws -> CouncilMember? {
        let user = try req.requireUser()
        guard let m = try await ScoringQueries.member(on: req.db, user: user),
              try await ScoringQueries.isAssigned(on: req.db, memberID: m.id!, unit: t.unit),
              Policy.allows(user, .councilScore(t.ref, assigned: true)) else { return nil }
        return m
    }

    static func sheet(req: Request) async throws -> Response {
        try await render(req, try await target(req), state: FormState())
    }

    static func render(_ req: Request, _ t: Target, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let sheet = try await ScoringQueries.sheet(on: req.db, unit: t.unit, year: t.year)
        let access = try await access(req, t, closesOn: sheet.closesOn)
        var members = access.showAllMembers ? sheet.members : []
        if let m = access.member, !members.contains(where: { $0.id == m.id }) {
            members += try await ScoringQueries.members(on: req.db, ids: [m.id!])
        }
        let title = ScoringText.sheetTitle(t.unit.name, t.year)
        return try await SheetView.render(.init(
            frame: req.page(title, section: .scoring, breadcrumbs: crumbs([.init(title: String(t.year), url: .scoringYear(t.year)),
                                                                           .init(title: t.unit.name, url: nil)])),
            sheet: sheet, columns: members, myMember: access.member?.id, canSelf: access.canSelf && access.isOpen,
            canCouncil: access.member != nil && access.isOpen, isOpen: access.isOpen, state: state, csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    struct SheetForm: Content {
        var points: [String: String]?
        var evidence: [String: String]?
        var note: [String: String]?
    }

    static func readInputs(_ req: Request) throws -> ([UUID: ScoringCommands.Input], [String: String]) {
        let f = try req.content.decode(SheetForm.self)
        var inputs: [UUID: ScoringCommands.Input] = [:]
        var values: [String: String] = [:]
        for (name, dict) in [("points", f.points), ("evidence", f.evidence), ("note", f.note)] {
            for (k, v) in dict ?? [:] {
                guard let id = UUID(uuidString: k) else { continue }
                values["\(name)-\(id.uuidString.lowercased())"] = v
                var input = inputs[id] ?? ScoringCommands.Input()
                switch name {
                case "points": input.points = v
                case "evidence": input.evidence = v
                default: input.note = v
                }
                inputs[id] = input
            }
        }
        return (inputs, values)
    }

    static func saveSelf(req: Request) async throws -> Response {
        let t = try await target(req)
        try req.authorize(.selfScore(t.ref))
        return try await save(req, t, kind: .selfScore, member: nil)
    }

    static func saveCouncil(req: Request) async throws -> Response {
        let t = try await target(req)
        let member = try await assignedMember(req, t)
        try req.authorize(.councilScore(t.ref, assigned: member != nil))
        return try await save(req, t, kind: .council, member: member)
    }

    static func save(_ req: Request, _ t: Target, kind: ScorerKind, member: CouncilMember?) async throws -> Response {
        let sheet = try await ScoringQueries.sheet(on: req.db, unit: t.unit, year: t.year)
        guard LocalDate(req.now) <= sheet.closesOn else { throw AppError.conflict(ScoringText.yearClosed) }
        var (inputs, values) = try readInputs(req)
        if kind == .council { for key in inputs.keys { inputs[key]?.evidence = nil } }
        let evidence = kind == .selfScore ? Set(sheet.evidence.map(\.value)) : []
        let (entries, errors) = ScoringCommands.validate(inputs, lines: sheet.lines, evidence: evidence)
        if !errors.isEmpty {
            return try await render(req, t, state: FormState(values: values.merging(["form": kind.rawValue]) { a, _ in a }, errors: errors,
                                                             formError: CoreText.formHasErrors), status: .unprocessableEntity)
        }
        let memberName = try await member.asyncMap { try await CouncilController.label($0, req.db) }
        let label = memberName.map { ScoringText.auditCouncil(t.unit.name, t.year, $0) } ?? ScoringText.auditSelf(t.unit.name, t.year)
        let changed = try await ScoringCommands.save(entries, kind: kind, member: member?.id, unit: t.unit, year: t.year, lines: sheet.lines,
                                                     label: label, actor: try req.auditActor(), on: req.db)
        let message = !changed ? ScoringText.noChange : kind == .selfScore ? ScoringText.selfSaved : ScoringText.councilSaved
        return req.redirect(to: .scoringSheet(t.unit.id, year: t.year), flash: Flash(.success, message))
    }

    // MARK: settings

    static func settingsPage(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.editScoringSettings)
        let config = try await ScoringQueries.settings(on: req.db, communeID: user.communeID)
        var values = ["rule": config.rule.rawValue, "gapThreshold": NumberText.format(config.gapThreshold), "version": String(config.version)]
        for (i, b) in config.bands.enumerated() {
            values["bandLabel-\(i)"] = b.label
            values["bandMin-\(i)"] = NumberText.format(b.minPercent)
        }
        return SettingsView.render(settingsFrame(req), state: FormState(values: values), rows: config.bands.count + 1, source: config.source, csrf: user.csrfToken)
    }

    static func settingsFrame(_ req: Request) -> PageFrame {
        req.page(ScoringText.settingsTitle, section: .scoring, breadcrumbs: crumbs([.init(title: ScoringText.settingsTitle, url: nil)]))
    }

    struct SettingsForm: Content {
        var rule: String?
        var gapThreshold: String?
        var bandLabel: [String: String]?
        var bandMin: [String: String]?
        var version: Int?
    }

    static func saveSettings(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editScoringSettings)
        let f = try req.content.decode(SettingsForm.self)
        let current = try await ScoringQueries.settings(on: req.db, communeID: user.communeID)
        let indices = Set((f.bandLabel ?? [:]).keys).union((f.bandMin ?? [:]).keys).compactMap { Int($0) }.filter { (0..<50).contains($0) }
        let count = (indices.max() ?? -1) + 1
        let rows = (0..<count).map { (f.bandLabel?[String($0)] ?? "", f.bandMin?[String($0)] ?? "") }
        let (rule, gap, bands, errors) = ScoringCommands.validateSettings(.init(rule: f.rule, gapThreshold: f.gapThreshold, bands: rows, version: f.version))
        if !errors.isEmpty {
            var values = ["rule": f.rule ?? "", "gapThreshold": f.gapThreshold ?? "", "version": f.version.map(String.init) ?? ""]
            for (i, r) in rows.enumerated() { values["bandLabel-\(i)"] = r.0; values["bandMin-\(i)"] = r.1 }
            return try await SettingsView.render(settingsFrame(req), state: FormState(values: values, errors: errors, formError: CoreText.formHasErrors),
                                                 rows: max(count, current.bands.count) + 1, source: current.source, csrf: user.csrfToken)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await ScoringCommands.saveSettings(rule: rule, gap: gap, bands: bands, version: f.version, current: current, communeID: user.communeID,
                                               actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .scoringSettings, flash: Flash(.success, ScoringText.settingsSaved))
    }
}
