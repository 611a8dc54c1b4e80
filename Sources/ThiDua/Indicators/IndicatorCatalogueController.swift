import Fluent
import Foundation
import Plot
import Vapor

/// The paths of the catalogue, targets and settings pages (their own, beside ``SiteURL``'s cases).
extension SiteURL {
    static let indicatorCatalogue = "/indicators/catalogue"
    static func indicatorCatalogue(year: Int?) -> String { indicatorCatalogue + (year.map { "?year=\($0)" } ?? "") }
    static let indicatorCatalogueNew = "/indicators/catalogue/new"
    static func indicatorCatalogueItem(_ id: UUID?, year: Int? = nil) -> String {
        "/indicators/catalogue/\(id?.uuidString.lowercased() ?? ":id")" + (year.map { "?year=\($0)" } ?? "")
    }
    static func indicatorCatalogueActive(_ id: UUID?) -> String { indicatorCatalogueItem(id) + "/active" }
    static let indicatorTargets = "/indicators/targets"
    static func indicatorTargets(year: Int?) -> String { indicatorTargets + (year.map { "?year=\($0)" } ?? "") }
    static let indicatorSettings = "/indicators/settings"
}

/// `/indicators/catalogue…`, `/indicators/targets`, `/indicators/settings`: read by everyone with
/// ``Action/viewIndicators``, changed by who may ``Action/manageIndicatorCatalogue`` (the commands check it again).
enum IndicatorCatalogueController {
    typealias T = IndicatorText.Catalogue
    typealias V = IndicatorCatalogueViews

    static func register(_ r: any RoutesBuilder) {
        r.on(.GET, components(SiteURL.indicatorCatalogue), use: list)
        r.on(.GET, components(SiteURL.indicatorCatalogueNew), use: newPage)
        r.on(.POST, components(SiteURL.indicatorCatalogueNew), use: create)
        r.on(.GET, components(SiteURL.indicatorCatalogueItem(nil)), use: item)
        r.on(.POST, components(SiteURL.indicatorCatalogueItem(nil)), use: saveDefinition)
        r.on(.POST, components(SiteURL.indicatorCatalogueActive(nil)), use: setActive)
        r.on(.GET, components(SiteURL.indicatorTargets), use: targetsPage)
        r.on(.POST, components(SiteURL.indicatorTargets), use: saveTargets)
        r.on(.GET, components(SiteURL.indicatorSettings), use: settingsPage)
        r.on(.POST, components(SiteURL.indicatorSettings), use: saveSettings)
    }

    static func components(_ path: String) -> [PathComponent] {
        path.split(separator: "?").first.map { $0.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } } ?? []
    }

    static var years: [Int] { Array(IndicatorDefaults.years) }

    /// The year asked for, or this year (kept within the movement's years).
    static func year(_ req: Request) -> Int {
        if let y = req.query[Int.self, at: "year"], IndicatorCatalogueCommands.years.contains(y) { return y }
        let now = LocalDate(req.now).year
        return min(max(now, IndicatorDefaults.years.lowerBound), IndicatorDefaults.years.upperBound)
    }

    static func crumbs(_ title: String) -> [Breadcrumb] {
        [.init(title: CoreText.home, url: .home), .init(title: IndicatorText.feature, url: nil), .init(title: title, url: nil)]
    }

    // MARK: - The list

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        let year = year(req)
        let entries = try await IndicatorCatalogueQueries.definitions(year: year, commune: user.communeID, on: req.db)
        let targets = try await IndicatorCatalogueQueries.targets(year: year, commune: user.communeID, on: req.db)
        let settings = try await IndicatorCatalogueQueries.settings(commune: user.communeID, on: req.db)
        let groups = listGroups(entries, targets: targets)
        return V.list(.init(frame: req.page(T.title, breadcrumbs: crumbs(T.title)), year: year, years: years,
                            canManage: req.can(.manageIndicatorCatalogue), groups: groups, settings: settings))
    }

    /// The indicators by group (in the groups' order, then the list's), each with its target at its level.
    static func listGroups(_ entries: [IndicatorEntry], targets: [IndicatorTargetRow]) -> [V.ListGroup] {
        var targetOf: [String: IndicatorTargetRow] = [:]
        for t in targets { targetOf["\(t.indicatorID)|\(t.level.rawValue)"] = t }
        var order: [(position: Int, name: String)] = []
        var rows: [String: [V.ListRow]] = [:]
        for e in entries {
            let name = e.definition?.groupName ?? T.noDefinition
            let position = e.definition?.groupPosition ?? Int.max
            if rows[name] == nil { order.append((position, name)) }
            let target = e.definition.flatMap { targetOf["\(e.indicatorID)|\($0.level.rawValue)"] }
            rows[name, default: []].append(V.ListRow(id: e.indicatorID, code: e.code, isActive: e.isActive, definition: e.definition, target: target))
        }
        return order.sorted { ($0.position, $0.name) < ($1.position, $1.name) }.map { V.ListGroup(name: $0.name, rows: rows[$0.name] ?? []) }
    }

    // MARK: - Definition form

    struct DefinitionFormData: Content {
        var code: String?
        var fromYear: String?
        var name: String?
        var definition: String?
        var numeratorLabel: String?
        var denominatorLabel: String?
        var measure: String?
        var kind: String?
        var direction: String?
        var level: String?
        var groupName: String?
        var newGroup: String?
        var contentAreaId: String?
        var sourceDocument: String?
        var evidenceRequired: String?
        var isPublic: String?
        var version: String?

        var input: IndicatorDefinitionInput {
            IndicatorDefinitionInput(code: code, fromYear: fromYear, name: name, definition: definition, numeratorLabel: numeratorLabel,
                                     denominatorLabel: denominatorLabel, measure: measure, kind: kind, direction: direction, level: level,
                                     groupName: groupName, newGroup: newGroup, contentAreaId: contentAreaId, sourceDocument: sourceDocument,
                                     evidenceRequired: evidenceRequired, isPublic: isPublic == "1")
        }

        var values: [String: String] {
            ["code": code ?? "", "fromYear": fromYear ?? "", "name": name ?? "", "definition": definition ?? "",
             "numeratorLabel": numeratorLabel ?? "", "denominatorLabel": denominatorLabel ?? "", "measure": measure ?? "",
             "kind": kind ?? "", "direction": direction ?? "", "level": level ?? "", "groupName": groupName ?? "",
             "newGroup": newGroup ?? "", "contentAreaId": contentAreaId ?? "", "sourceDocument": sourceDocument ?? "",
             "evidenceRequired": evidenceRequired ?? "", "isPublic": isPublic == "1" ? "1" : "", "version": version ?? ""]
        }
    }

    static let fieldOrder = ["code", "fromYear", "name", "definition", "kind", "numeratorLabel", "denominatorLabel", "measure", "direction",
                             "level", "groupName", "newGroup", "contentAreaId", "sourceDocument", "evidenceRequired"]

    static func values(_ d: IndicatorDefinitionRow, fromYear: Int, version: Int) -> [String: String] {
        ["fromYear": String(fromYear), "name": d.name, "definition": d.definition, "numeratorLabel": d.numeratorLabel,
         "denominatorLabel": d.denominatorLabel, "measure": d.measure, "kind": d.kind.rawValue, "direction": d.direction.rawValue,
         "level": d.level.rawValue, "groupName": d.groupName, "contentAreaId": d.contentAreaID?.uuidString.lowercased() ?? "",
         "sourceDocument": d.sourceDocument, "evidenceRequired": d.evidenceRequired, "isPublic": d.isPublic ? "1" : "",
         "version": String(version)]
    }

    static func form(_ req: Request, state: FormState, action: String, cancel: String, withCode: Bool) async throws -> V.DefinitionForm {
        let user = try req.requireUser()
        let groups = try await IndicatorCatalogueQueries.groups(commune: user.communeID, on: req.db)
        let areas = try await IndicatorCatalogueQueries.contentAreas(commune: user.communeID, on: req.db)
        var s = state
        s.order = fieldOrder
        return V.DefinitionForm(state: s, groups: groups.map { Choice(value: $0.name, label: "\($0.position). \($0.name)") }, areas: areas,
                                csrf: user.csrfToken, action: action, cancel: cancel, withCode: withCode)
    }

    static func newPage(req: Request) async throws -> Response {
        try req.authorize(.manageIndicatorCatalogue)
        let state = FormState(values: ["fromYear": String(year(req)), "kind": IndicatorKind.share.rawValue, "direction": IndicatorDirection.up.rawValue,
                                       "measure": "%"])
        return try await renderNew(req, state, status: .ok)
    }

    static func renderNew(_ req: Request, _ state: FormState, status: HTTPResponseStatus) async throws -> Response {
        let f = try await form(req, state: state, action: SiteURL.indicatorCatalogueNew, cancel: SiteURL.indicatorCatalogue, withCode: true)
        return try await V.new(.init(frame: req.page(T.newTitle, breadcrumbs: crumbs(T.newTitle)), form: f)).encodeResponse(status: status, for: req)
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        let f = try req.content.decode(DefinitionFormData.self)
        do {
            let i = try await IndicatorCatalogueCommands.createIndicator(f.input, by: user, actor: try req.auditActor(), on: req.db)
            return req.redirect(to: SiteURL.indicatorCatalogueItem(i.id), flash: Flash(.success, T.created))
        } catch AppError.validation(let fields, let message) {
            return try await renderNew(req, FormState(values: f.values, errors: fields, formError: message), status: .unprocessableEntity)
        }
    }

    // MARK: - One indicator

    static func item(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        guard let i = try await IndicatorCatalogueQueries.indicator(req.parameters.get("id", as: UUID.self), commune: user.communeID, on: req.db) else {
            throw AppError.notFound
        }
        let versions = try await IndicatorCatalogueQueries.versions(indicatorID: try i.requireID(), commune: user.communeID, on: req.db)
        let y = year(req)
        var state = FormState()
        if let shown = IndicatorDefinitions.effectiveRow(versions, year: y) ?? versions.last {
            state = FormState(values: values(shown, fromYear: max(y, shown.fromYear), version: i.version))
        } else {
            state = FormState(values: ["fromYear": String(y), "version": String(i.version)])
        }
        return try await renderItem(req, i, versions: versions, state: state, status: .ok)
    }

    static func renderItem(_ req: Request, _ i: Indicator, versions: [IndicatorDefinitionRow], state: FormState,
                           status: HTTPResponseStatus) async throws -> Response {
        let user = try req.requireUser()
        let id = try i.requireID()
        let y = year(req)
        let canManage = req.can(.manageIndicatorCatalogue)
        let targets = try await IndicatorCatalogueQueries.targets(indicatorID: id, commune: user.communeID, on: req.db)
        let areas = try await IndicatorCatalogueQueries.contentAreas(commune: user.communeID, on: req.db)
        var areaNames: [UUID: String] = [:]
        for a in areas { if let id = UUID(uuidString: a.value) { areaNames[id] = a.label } }
        let title = "\(i.code) — \((IndicatorDefinitions.effectiveRow(versions, year: y) ?? versions.last)?.name ?? T.title)"
        let f = canManage ? try await form(req, state: state, action: SiteURL.indicatorCatalogueItem(id, year: y),
                                           cancel: SiteURL.indicatorCatalogue(year: y), withCode: false) : nil
        let model = V.ItemModel(frame: req.page(title, breadcrumbs: crumbs(i.code)), id: id, code: i.code, isActive: i.isActive, version: i.version,
                                year: y, versions: versions, areaNames: areaNames, targets: targets, canManage: canManage,
                                form: f)
        return try await V.item(model).encodeResponse(status: status, for: req)
    }

    static func saveDefinition(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        guard let i = try await IndicatorCatalogueQueries.indicator(req.parameters.get("id", as: UUID.self), commune: user.communeID, on: req.db) else {
            throw AppError.notFound
        }
        let f = try req.content.decode(DefinitionFormData.self)
        do {
            let outcome = try await IndicatorCatalogueCommands.saveDefinition(indicatorID: i.id, f.input, expectedVersion: f.version.flatMap { Int($0) },
                                                                              by: user, actor: try req.auditActor(), on: req.db)
            let message: String
            let shownYear: Int
            switch outcome {
            case .created(let y):
                message = T.versionCreated(y)
                shownYear = y
            case .updated(let y):
                message = T.versionUpdated(y)
                shownYear = y
            }
            return req.redirect(to: SiteURL.indicatorCatalogueItem(i.id, year: shownYear), flash: Flash(.success, message))
        } catch AppError.validation(let fields, let message) {
            let versions = try await IndicatorCatalogueQueries.versions(indicatorID: try i.requireID(), commune: user.communeID, on: req.db)
            return try await renderItem(req, i, versions: versions, state: FormState(values: f.values, errors: fields, formError: message),
                                        status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            let versions = try await IndicatorCatalogueQueries.versions(indicatorID: try i.requireID(), commune: user.communeID, on: req.db)
            return try await renderItem(req, i, versions: versions, state: FormState(values: f.values, formError: message), status: .conflict)
        }
    }

    struct ActiveForm: Content {
        var active: String?
        var version: Int?
    }

    static func setActive(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        let id = req.parameters.get("id", as: UUID.self)
        let f = try req.content.decode(ActiveForm.self)
        let on = f.active == "1"
        do {
            try await IndicatorCatalogueCommands.setActive(indicatorID: id, on, expectedVersion: f.version, by: user, actor: try req.auditActor(), on: req.db)
        } catch AppError.conflict(let message) {
            return req.redirect(to: SiteURL.indicatorCatalogueItem(id), flash: Flash(.error, message))
        } catch AppError.validation(_, let message) {
            return req.redirect(to: SiteURL.indicatorCatalogueItem(id), flash: Flash(.error, message))
        }
        return req.redirect(to: SiteURL.indicatorCatalogueItem(id), flash: Flash(.success, on ? T.switchedOn : T.switchedOff))
    }

    // MARK: - Targets

    static func targetsPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        let y = year(req)
        let (lines, state) = try await targetLines(req, year: y, communeID: user.communeID)
        return try await renderTargets(req, year: y, lines: lines, state: state, status: .ok)
    }

    /// The indicators that have a definition for the year (on ones, and off ones that already have a target), with the
    /// year's target at the definition's level.
    static func targetLines(_ req: Request, year: Int, communeID: UUID) async throws -> ([V.TargetLine], FormState) {
        let entries = try await IndicatorCatalogueQueries.definitions(year: year, commune: communeID, on: req.db)
        let targets = try await IndicatorCatalogueQueries.targets(year: year, commune: communeID, on: req.db)
        var targetOf: [String: IndicatorTargetRow] = [:]
        for t in targets { targetOf["\(t.indicatorID)|\(t.level.rawValue)"] = t }
        var lines: [V.TargetLine] = []
        var values: [String: String] = [:]
        let sorted = entries.sorted { a, b in
            ((a.definition?.groupPosition ?? .max), a.position) < ((b.definition?.groupPosition ?? .max), b.position)
        }
        for e in sorted {
            guard let d = e.definition else { continue }
            let target = targetOf["\(e.indicatorID)|\(d.level.rawValue)"]
            if !e.isActive && target == nil { continue }
            let n = lines.count
            lines.append(V.TargetLine(indicatorID: e.indicatorID, code: e.code, name: d.name, level: d.level, measure: d.measure, kind: d.kind,
                                      sourceDocument: d.sourceDocument))
            values["target.\(n)"] = target.map { NumberText.format($0.target) } ?? ""
            values["source.\(n)"] = target?.source ?? ""
            values["version.\(n)"] = target.map { String($0.version) } ?? ""
        }
        return (lines, FormState(values: values))
    }

    static func renderTargets(_ req: Request, year: Int, lines: [V.TargetLine], state: FormState, status: HTTPResponseStatus) async throws -> Response {
        let user = try req.requireUser()
        var s = state
        s.labels = FormKit.rowLabels(s.errors, columns: ["target": T.target, "source": T.targetSource])
        for (key, _) in s.errors {
            let parts = key.split(separator: ".")
            if parts.count == 2, let n = Int(parts[1]), n < lines.count {
                s.labels[key] = "\(parts[0] == "target" ? T.target : T.targetSource) \(lines[n].code)"
            }
        }
        let title = "\(T.targetsTitle) \(year)"
        return try await V.targets(.init(frame: req.page(title, breadcrumbs: crumbs(title)), year: year, years: years, lines: lines, state: s,
                                         canManage: req.can(.manageIndicatorCatalogue), csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    struct TargetsForm: Content {
        var year: String?
        var indicatorId: [String]?
        var target: [String]?
        var source: [String]?
        var version: [String]?
    }

    static func saveTargets(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        let f = try req.content.decode(TargetsForm.self)
        let ids = f.indicatorId ?? []
        func at(_ list: [String]?, _ i: Int) -> String { i < (list?.count ?? 0) ? list![i] : "" }
        let inputs = ids.indices.map { i in
            IndicatorTargetInput(indicatorId: ids[i], target: at(f.target, i), source: at(f.source, i), version: at(f.version, i))
        }
        let y = Int(TextFolding.clean(f.year)).flatMap { IndicatorCatalogueCommands.years.contains($0) ? $0 : nil } ?? year(req)
        do {
            let changed = try await IndicatorCatalogueCommands.saveTargets(year: f.year, inputs, by: user, actor: try req.auditActor(), on: req.db)
            return req.redirect(to: SiteURL.indicatorTargets(year: y), flash: Flash(.success, T.targetsSaved(y, changed: changed)))
        } catch let error as AppError {
            let status: HTTPResponseStatus
            var state: FormState
            let (lines, fresh) = try await targetLines(req, year: y, communeID: user.communeID)
            // What was typed, on the lines of the page (matched by indicator, the page may have changed meanwhile).
            var values = fresh.values
            for (n, line) in lines.enumerated() {
                guard let i = ids.firstIndex(of: line.indicatorID.uuidString.lowercased()) else { continue }
                values["target.\(n)"] = at(f.target, i)
                values["source.\(n)"] = at(f.source, i)
                if case .validation = error { values["version.\(n)"] = at(f.version, i) }
            }
            switch error {
            case .validation(let fields, let message):
                status = .unprocessableEntity
                var remapped: [String: String] = [:]
                for (key, text) in fields {
                    let parts = key.split(separator: ".")
                    if parts.count == 2, let i = Int(parts[1]), i < ids.count,
                       let n = lines.firstIndex(where: { $0.indicatorID.uuidString.lowercased() == ids[i].lowercased() }) {
                        remapped["\(parts[0]).\(n)"] = text
                    } else {
                        remapped[key] = text
                    }
                }
                state = FormState(values: values, errors: remapped, formError: message)
            case .conflict(let message):
                status = .conflict
                state = FormState(values: values, formError: message)
            default:
                throw error
            }
            return try await renderTargets(req, year: y, lines: lines, state: state, status: status)
        }
    }

    // MARK: - Settings

    static func settingsPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        let s = try await IndicatorCatalogueQueries.settings(commune: user.communeID, on: req.db)
        let state = FormState(values: ["jumpPercent": NumberText.format(s.jumpPercent), "jumpSource": s.jumpSource,
                                       "literacyIndicatorId": s.literacyIndicatorID?.uuidString.lowercased() ?? "", "version": String(s.version)])
        return try await renderSettings(req, state, status: .ok)
    }

    static func renderSettings(_ req: Request, _ state: FormState, status: HTTPResponseStatus) async throws -> Response {
        let user = try req.requireUser()
        let entries = try await IndicatorCatalogueQueries.definitions(year: year(req), commune: user.communeID, on: req.db)
        let shares = entries.filter { $0.definition?.kind == .share }
        let choices = shares.map { Choice(value: $0.indicatorID.uuidString.lowercased(), label: "\($0.code) — \($0.definition?.name ?? "")") }
        let chosen = choices.first { $0.value == state["literacyIndicatorId"] }?.label ?? T.noLiteracy
        var s = state
        s.labels = ["jumpPercent": T.jumpPercent, "jumpSource": T.jumpSource, "literacyIndicatorId": T.literacy]
        s.order = ["jumpPercent", "jumpSource", "literacyIndicatorId"]
        return try await V.settings(.init(frame: req.page(T.settingsTitle, breadcrumbs: crumbs(T.settingsTitle)), state: s, literacyChoices: choices,
                                          canManage: req.can(.manageIndicatorCatalogue), literacyName: chosen, csrf: user.csrfToken))
            .encodeResponse(status: status, for: req)
    }

    struct SettingsForm: Content {
        var jumpPercent: String?
        var jumpSource: String?
        var literacyIndicatorId: String?
        var version: String?
    }

    static func saveSettings(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageIndicatorCatalogue)
        let f = try req.content.decode(SettingsForm.self)
        let values = ["jumpPercent": f.jumpPercent ?? "", "jumpSource": f.jumpSource ?? "", "literacyIndicatorId": f.literacyIndicatorId ?? "",
                      "version": f.version ?? ""]
        do {
            try await IndicatorCatalogueCommands.saveSettings(.init(jumpPercent: f.jumpPercent, jumpSource: f.jumpSource,
                                                                    literacyIndicatorId: f.literacyIndicatorId),
                                                              expectedVersion: f.version.flatMap { Int($0) }, by: user, actor: try req.auditActor(),
                                                              on: req.db)
            return req.redirect(to: SiteURL.indicatorSettings, flash: Flash(.success, T.settingsSaved))
        } catch AppError.validation(let fields, let message) {
            return try await renderSettings(req, FormState(values: values, errors: fields, formError: message), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderSettings(req, FormState(values: values, formError: message), status: .conflict)
        }
    }
}
