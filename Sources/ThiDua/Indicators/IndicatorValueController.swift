import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

extension SiteURL {
    static let indicatorValuesPath = "/indicators/values"
    static let indicatorEvidencePath = "/indicators/values/evidence"
    static let indicatorReviewPath = "/indicators/review"

    /// The entry form of one scope ("commune" or a unit id) and period.
    static func indicatorValues(year: Int?, quarter: Int?, scope: String?) -> String {
        let query = [year.map { "year=\($0)" }, quarter.map { "quarter=\($0)" }, scope.map { "unit=\($0)" }].compactMap { $0 }
        return indicatorValuesPath + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
    static func indicatorEvidenceUpload(year: Int, quarter: Int, scope: String) -> String {
        "\(indicatorEvidencePath)?year=\(year)&quarter=\(quarter)&unit=\(scope)"
    }
    static func indicatorEvidence(_ id: UUID?) -> String { "\(indicatorEvidencePath)/\(id?.uuidString.lowercased() ?? ":id")" }
    static func indicatorEvidenceRemove(_ id: UUID?) -> String { indicatorEvidence(id) + "/delete" }
    static func indicatorReview(year: Int?) -> String { indicatorReviewPath + (year.map { "?year=\($0)" } ?? "") }
    static let indicatorReviewApprove = "/indicators/review/approve"
    static let indicatorReviewApproveScope = "/indicators/review/approve-scope"
    static let indicatorReviewReturn = "/indicators/review/return"
    static let indicatorReviewLock = "/indicators/review/lock"
}

/// `/indicators/values` (the entry form of one scope and period) and its evidence files.
enum IndicatorValueController {
    typealias T = IndicatorText.Values

    static func register(_ r: any RoutesBuilder, uploadMaxBytes: Int) {
        func path(_ p: String) -> [PathComponent] { p.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }
        r.on(.GET, path(SiteURL.indicatorValuesPath), use: page)
        r.on(.POST, path(SiteURL.indicatorValuesPath), use: save)
        r.on(.POST, path(SiteURL.indicatorEvidencePath), upload: .upload(uploadMaxBytes), use: upload)
        r.on(.GET, path(SiteURL.indicatorEvidence(nil)), use: download)
        r.on(.POST, path(SiteURL.indicatorEvidenceRemove(nil)), use: removeEvidence)
        IndicatorReviewController.register(r, path: path)
    }

    struct Period { let year: Int; let quarter: Int }

    static func period(_ req: Request) -> Period {
        let today = LocalDate(req.now)
        let year = req.query[Int.self, at: "year"].flatMap { (1900...2100).contains($0) ? $0 : nil } ?? today.year
        let quarter = req.query[Int.self, at: "quarter"].flatMap { (0...4).contains($0) ? $0 : nil } ?? 0
        return Period(year: year, quarter: quarter)
    }

    /// The scope the page is for: the `unit` parameter, else the focal point's own unit, else the first village.
    static func scope(_ req: Request, _ user: CurrentUser) async throws -> IndicatorScope? {
        if let s = try await IndicatorScope.find(req.query[String.self, at: "unit"], communeID: user.communeID, on: req.db) { return s }
        if let unitID = user.unitID, let u = try await Unit.find(unitID, on: req.db) { return .unit(u) }
        guard Policy.allows(user, .viewAllIndicatorValues) else { return nil }
        let units = try await Unit.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$isActive == true)
            .filter(\.$kind == UnitKind.village.rawValue).all()
        return units.sorted { VietnameseOrder.less($0.name, $1.name) }.first.map(IndicatorScope.unit) ?? .commune(user.communeID)
    }

    static func authorizedScope(_ req: Request) async throws -> (CurrentUser, IndicatorScope) {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        guard let scope = try await scope(req, user) else { throw AppError.forbidden }
        guard Policy.allows(user, .viewIndicatorValues(unitID: scope.unitID, communeID: scope.communeID)) else { throw AppError.forbidden }
        return (user, scope)
    }

    static func page(req: Request) async throws -> Response {
        let (user, scope) = try await authorizedScope(req)
        return try await render(req, user, scope, period(req), state: nil, status: .ok)
    }

    static func save(req: Request) async throws -> Response {
        let (user, scope) = try await authorizedScope(req)
        let p = period(req)
        let fields = try req.content.decode([String: String].self)
        var lines: [UUID: IndicatorEntryLine] = [:]
        for (name, value) in fields {
            let parts = name.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let id = UUID(uuidString: String(parts[1])) else { continue }
            var line = lines[id] ?? IndicatorEntryLine(indicatorID: id, input: IndicatorValueInput(), version: nil)
            switch parts[0] {
            case "numerator": line.input.numerator = value
            case "denominator": line.input.denominator = value
            case "value": line.input.value = value
            case "note": line.input.note = value
            case "jumpNote": line.input.jumpNote = value
            case "version": line.version = Int(value)
            default: continue
            }
            lines[id] = line
        }
        let sorted = lines.values.sorted { $0.indicatorID.uuidString < $1.indicatorID.uuidString }
        let actor = try req.auditActor()
        do {
            try await IndicatorValueCommands.save(scope: scope, year: p.year, quarter: p.quarter, lines: sorted, by: user, actor: actor, on: req.db)
            let back = SiteURL.indicatorValues(year: p.year, quarter: p.quarter, scope: scope.key)
            if fields["action"] == "submit" {
                do {
                    let n = try await IndicatorValueCommands.submit(scope: scope, year: p.year, quarter: p.quarter, by: user, actor: actor,
                                                                    notifier: req.application.notifier, on: req.db)
                    return req.redirect(to: back, flash: Flash(.success, T.submittedFlash(n)))
                } catch AppError.validation(_, let message) {
                    return req.redirect(to: back, flash: Flash(.error, message))
                }
            }
            return req.redirect(to: back, flash: Flash(.success, T.saved))
        } catch AppError.validation(var errors, var message) {
            // The period's refusal (a locked year, outside the movement) belongs to no box of the form: it is the
            // form's message.
            for k in ["year", "quarter"] { if let m = errors.removeValue(forKey: k) { message = m } }
            return try await render(req, user, scope, p, state: FormState(values: fields, errors: errors, formError: message), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await render(req, user, scope, p, state: FormState(values: fields, formError: message), status: .conflict)
        }
    }

    struct UploadForm: Content { var indicatorId: String? }

    static func upload(req: Request) async throws -> Response {
        let (user, scope) = try await authorizedScope(req)
        let p = period(req)
        try IndicatorValueCommands.requireEnter(scope, by: user)
        let received = try req.upload
        let form = try? received.decode(UploadForm.self, req)
        func refuse(_ errors: [String: String], _ message: String?, _ status: HTTPResponseStatus) async throws -> Response {
            try await render(req, user, scope, p, state: FormState(values: ["indicatorId": form?.indicatorId ?? ""], errors: errors, formError: message), status: status)
        }
        guard let indicatorID = Check.uuid(form?.indicatorId) else { return try await refuse(["indicatorId": CoreText.required], nil, .unprocessableEntity) }
        guard let file = received.file else { return try await refuse(["file": ReportText.fileMissing], nil, .unprocessableEntity) }
        switch try await EvidenceCommands.check(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                threadPool: req.application.threadPool) {
        case .failure(let error):
            return try await refuse(error.fields, error.message, .unprocessableEntity)
        case .success(let kind):
            do {
                try await IndicatorValueCommands.addEvidence(scope: scope, year: p.year, quarter: p.quarter, indicatorID: indicatorID,
                                                             originalName: file.filename, file: file, kind: kind, store: req.application.files,
                                                             by: user, actor: try req.auditActor(), on: req.db)
            } catch AppError.validation(let errors, let message) {
                return try await refuse(errors, message, .unprocessableEntity)
            } catch AppError.conflict(let message) {
                return try await refuse([:], message, .conflict)
            }
            return req.redirect(to: SiteURL.indicatorValues(year: p.year, quarter: p.quarter, scope: scope.key) + "#minh-chung",
                                flash: Flash(.success, T.uploaded))
        }
    }

    static func evidence(_ req: Request) async throws -> (CurrentUser, IndicatorEvidence, IndicatorValue, IndicatorScope) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self), let e = try await IndicatorEvidence.find(id, on: req.db),
              let v = try await IndicatorValue.find(e.valueID, on: req.db) else { throw AppError.notFound }
        let scope = try await IndicatorValueCommands.scope(of: v, on: req.db)
        guard Policy.allows(user, .viewIndicatorValues(unitID: scope.unitID, communeID: v.communeID)) else { throw AppError.forbidden }
        return (user, e, v, scope)
    }

    static func download(req: Request) async throws -> Response {
        let (_, e, _, _) = try await evidence(req)
        return try await req.storedFile(hash: e.fileHash, contentType: e.contentType, filename: Request.downloadStem(e.originalName, fallback: "minh-chung"))
    }

    static func removeEvidence(req: Request) async throws -> Response {
        let (user, e, v, scope) = try await evidence(req)
        let back = SiteURL.indicatorValues(year: v.year, quarter: v.quarter, scope: scope.key)
        do {
            try await IndicatorValueCommands.removeEvidence(e, by: user, actor: try req.auditActor(), on: req.db)
        } catch AppError.conflict(let message) {
            return try await render(req, user, scope, Period(year: v.year, quarter: v.quarter), state: FormState(formError: message), status: .conflict)
        }
        return req.redirect(to: back + "#minh-chung", flash: Flash(.success, T.removed))
    }

    // MARK: The page

    /// Everything the page shows, from a fixed number of queries (units, movement, settings, definitions, indicators,
    /// targets, this period's values, the previous period's, the evidence).
    struct Data {
        var units: [Unit] = []
        var lines: [(indicator: Indicator, definition: IndicatorDefinition)] = []
        var values: [UUID: IndicatorValue] = [:]
        var previous: [UUID: IndicatorValue] = [:]
        var targets: [UUID: IndicatorTarget] = [:]
        var evidence: [UUID: [IndicatorEvidence]] = [:]
        /// The movement's years (from the year before it starts); nil when the commune has set up no movement.
        var movementYears: ClosedRange<Int>? = nil
        var hasMovement: Bool { movementYears != nil }
        /// This year (the chooser offers no later one).
        var thisYear = 0
    }

    static func data(_ req: Request, _ user: CurrentUser, _ scope: IndicatorScope, _ p: Period) async throws -> Data {
        var d = Data()
        let db = req.db
        if Policy.allows(user, .viewAllIndicatorValues) || Policy.allows(user, .reviewIndicatorValues) {
            d.units = try await Unit.query(on: db).filter(\.$communeID == user.communeID).filter(\.$isActive == true).all()
                .sorted { a, b in
                    let (ra, rb) = (a.unitKind == .village ? 0 : 1, b.unitKind == .village ? 0 : 1)
                    return ra != rb ? ra < rb : VietnameseOrder.less(a.name, b.name)   // Thôn 2 before Thôn 10, Đ after D
                }
        }
        d.movementYears = try await MovementQueries.movement(on: db, communeID: scope.communeID).map { ($0.startYear - 1)...max($0.startYear, $0.endYear) }
        d.thisYear = LocalDate(req.now).year
        let definitions = IndicatorDefinitions.effectiveByIndicator(
            try await IndicatorDefinition.query(on: db).filter(\.$communeID == scope.communeID).filter(\.$fromYear <= p.year).all(), year: p.year)
        let indicators = try await Indicator.query(on: db).filter(\.$communeID == scope.communeID).filter(\.$isActive == true).all()
        d.lines = indicators.compactMap { i in definitions[i.id!].map { (i, $0) } }
            .filter { $0.definition.levelValue == scope.kind.level }
            .sorted { ($0.definition.groupPosition, $0.indicator.position, $0.indicator.code) < ($1.definition.groupPosition, $1.indicator.position, $1.indicator.code) }
        let targets = try await IndicatorTarget.query(on: db).filter(\.$communeID == scope.communeID).filter(\.$year == p.year)
            .filter(\.$level == scope.kind.level.rawValue).all()
        d.targets = Dictionary(targets.map { ($0.indicatorID, $0) }, uniquingKeysWith: { a, _ in a })
        d.values = try await IndicatorValueCommands.values(scopeKey: scope.key, communeID: scope.communeID, year: p.year, quarter: p.quarter, on: db)
        let before = IndicatorValueRules.previousPeriod(year: p.year, quarter: p.quarter)
        d.previous = try await IndicatorValueCommands.values(scopeKey: scope.key, communeID: scope.communeID, year: before.year, quarter: before.quarter, on: db)
        let ids = d.values.values.compactMap(\.id)
        let files = ids.isEmpty ? [] : try await IndicatorEvidence.query(on: db).filter(\.$valueID ~~ ids).sort(\.$createdAt).all()
        d.evidence = Dictionary(grouping: files, by: \.valueID)
        return d
    }

    static func render(_ req: Request, _ user: CurrentUser, _ scope: IndicatorScope, _ p: Period, state given: FormState?,
                       status: HTTPResponseStatus) async throws -> Response {
        let d = try await data(req, user, scope, p)
        let canEnter = Policy.allows(user, .enterIndicatorValues(unitID: scope.unitID, communeID: scope.communeID))
        var state = given ?? FormState()
        if given == nil || given?.values["_csrf"] == nil {
            // Opened fresh (or after an upload): the stored figures, as the edit boxes show them.
            for (indicator, definition) in d.lines {
                let id = indicator.id!, v = d.values[id]
                let kind = definition.kindValue
                let k = { (f: String) in IndicatorValueCommands.key(f, id) }
                state.values[k("numerator")] = IndicatorValueRules.partText(v?.numerator)
                state.values[k("denominator")] = IndicatorValueRules.partText(v?.denominator)
                state.values[k("value")] = kind == .share ? "" : IndicatorValueRules.text(v?.value, kind: kind)
                state.values[k("note")] = v?.note ?? ""
                state.values[k("jumpNote")] = v?.jumpNote ?? ""
                state.values[k("version")] = v.map { String($0.version) } ?? ""
            }
        }
        var labels: [String: String] = [:]
        var order: [String] = ["year", "quarter", "scope"]
        for (indicator, _) in d.lines {
            let id = indicator.id!
            for (field, name) in [("numerator", T.numerator), ("denominator", T.denominator),
                                  ("value", T.value), ("note", T.note), ("jumpNote", T.jumpNote)] {
                let key = IndicatorValueCommands.key(field, id)
                labels[key] = "\(indicator.code) — \(name)"
                order.append(key)
            }
        }
        labels["year"] = T.year; labels["quarter"] = T.quarter; labels["scope"] = T.scope
        state.labels.merge(labels) { a, _ in a }
        state.order = order

        let frame = req.page(T.entryTitle, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: IndicatorText.feature, url: nil),
                                                         .init(title: T.entryTitle, url: nil)])
        let html = Layout.render(frame, lead: T.entryLead, .group(
            chooser(d, scope, p),
            .h2(.text("\(scope.unitName) — \(IndicatorText.period(year: p.year, quarter: p.quarter))")),
            d.hasMovement ? .empty : .p(.class("notice"), .text(T.noMovement)),
            FormKit.errorSummary(state),
            d.lines.isEmpty ? .p(.class("muted"), .text(T.noIndicators)) : entryForm(d, scope, p, state: state, canEnter: canEnter, csrf: user.csrfToken),
            evidenceSection(d, scope, p, state: state, canEnter: canEnter, csrf: user.csrfToken)
        ))
        return try await html.encodeResponse(status: status, for: req)
    }

    /// The period and scope choice (a GET form).
    static func chooser(_ d: Data, _ scope: IndicatorScope, _ p: Period) -> Node<HTML.BodyContext> {
        let years = IndicatorValueRules.offeredYears(movement: d.movementYears, thisYear: d.thisYear, shown: p.year)
        var choice = FormState(values: ["year": String(p.year), "quarter": String(p.quarter), "unit": scope.key])
        choice.labels = [:]
        let scopes: [Choice] = d.units.map { Choice(value: IndicatorScope.key(of: $0.id!), label: "\($0.name) (\($0.unitKind.label))") }
            + [Choice(value: IndicatorValue.communeScope, label: IndicatorText.commune)]
        return .form(.method(.get), .action(SiteURL.indicatorValuesPath), .class("filters"),
                     FormKit.select("year", label: T.year, state: choice, choices: years.map { Choice(value: String($0), label: String($0)) }, blank: nil),
                     FormKit.select("quarter", label: T.quarter, state: choice,
                                    choices: [Choice(value: "0", label: T.wholeYear)] + (1...4).map { Choice(value: String($0), label: T.quarterLabel($0)) }, blank: nil),
                     d.units.isEmpty ? FormKit.hidden("unit", scope.key)
                         : FormKit.select("unit", label: T.scope, state: choice, choices: scopes, blank: nil),
                     .button(.type(.submit), .class("btn btn-secondary"), .text(T.show)))
    }

    static func figureText(_ v: IndicatorValue?, _ definition: IndicatorDefinition) -> String {
        guard let v, let value = v.value else { return IndicatorText.missing }
        if definition.kindValue == .share, let n = v.numerator, let dd = v.denominator {
            return "\(NumberText.format(value))% (\(NumberText.format(n, maxFractionDigits: 0))/\(NumberText.format(dd, maxFractionDigits: 0)))"
        }
        return NumberText.format(value) + (definition.measure.isEmpty ? "" : " \(definition.measure)")
    }

    static func entryForm(_ d: Data, _ scope: IndicatorScope, _ p: Period, state: FormState, canEnter: Bool, csrf: String) -> Node<HTML.BodyContext> {
        guard canEnter else { return .form(.class("stacked read-only"), .group(blocks(d, state: state, canEnter: false))) }
        return .form(.method(.post), .action(SiteURL.indicatorValues(year: p.year, quarter: p.quarter, scope: scope.key)), .class("stacked"),
                     FormKit.csrf(csrf),
                     .group(blocks(d, state: state, canEnter: true)),
                     .div(.class("form-actions"),
                          .button(.type(.submit), .name("action"), .value("save"), .class("btn btn-primary"), .text(T.save)),
                          .button(.type(.submit), .name("action"), .value("submit"), .class("btn btn-secondary"), .text(T.submit))),
                     .p(.class("hint"), .text(T.submitHint)))
    }

    /// One fieldset per indicator: its definition, status, previous figure, target, and the boxes (or the figure).
    static func blocks(_ d: Data, state: FormState, canEnter: Bool) -> [Node<HTML.FormContext>] {
        d.lines.map { indicator, definition in
            let id = indicator.id!, v = d.values[id], kind = definition.kindValue
            let key = { (f: String) in IndicatorValueCommands.key(f, id) }
            let editable = canEnter && (v?.statusValue.isEditable ?? true)
            let previous = d.previous[id]
            let target = d.targets[id].map { "\(NumberText.format($0.target)) \(definition.measure)" + ($0.source.isEmpty ? "" : " (\($0.source))") }
            // Shown when needed: the figure was refused for want of it, or it holds a note already.
            let jumpShown = !state[key("jumpNote")].isEmpty || state.errors[key("jumpNote")] != nil
            let facts: [(String, String)] = [
                (T.status, v?.statusValue.label ?? IndicatorText.missing),
                (T.previous, figureText(previous, definition)),
                (T.target, target ?? IndicatorText.missing),
                (T.evidenceRequired, definition.evidenceRequired),
            ] + ((v?.returnReason.isEmpty ?? true) ? [] : [(T.returnReason, v!.returnReason)])
            let inputs: Node<HTML.FormContext>
            if editable {
                inputs = .group(
                    kind == .share
                        ? .group(FormKit.text(key("numerator"), label: "\(T.numerator): \(definition.numeratorLabel)", state: state, maxLength: 40),
                                 FormKit.text(key("denominator"), label: "\(T.denominator): \(definition.denominatorLabel)", state: state, maxLength: 40))
                        : FormKit.text(key("value"), label: "\(T.value) (\(definition.measure))", state: state, maxLength: 40),
                    FormKit.textArea(key("note"), label: T.note, state: state, rows: 2),
                    jumpShown ? FormKit.textArea(key("jumpNote"), label: T.jumpNote, state: state, rows: 2) : FormKit.hidden(key("jumpNote"), state[key("jumpNote")]),
                    FormKit.hidden(key("version"), state[key("version")])
                )
            } else {
                // A form sent while the value was approved or locked meanwhile: the refusal shows here, beside the figure.
                let refusal = state.errors[key(kind == .share ? "numerator" : "value")]
                inputs = .group(.p(.strong(.text(figureText(v, definition))), .text(" — "), .em(.text(T.readOnly)),
                                   v.map { .p(.class("muted"), .text($0.note)) } ?? .empty),
                                refusal.map { .p(.class("field-error"), .attr("id", "e-\(key(kind == .share ? "numerator" : "value"))"), .safe($0)) } ?? .empty)
            }
            return .element(named: "fieldset", nodes: [
                .class("indicator-line"), .attr("id", "cs-\(id.uuidString.lowercased())"),
                .element(named: "legend", nodes: [.text("\(indicator.code) — \(definition.name)")]),
                .p(.class("hint"), .text(definition.definition)),
                Components.details(facts) as Node<HTML.FormContext>,
                inputs,
            ])
        }
    }

    static func evidenceSection(_ d: Data, _ scope: IndicatorScope, _ p: Period, state: FormState, canEnter: Bool, csrf: String) -> Node<HTML.BodyContext> {
        var rows: [[Node<HTML.BodyContext>]] = []
        for (indicator, definition) in d.lines {
            guard let v = d.values[indicator.id!] else { continue }
            for e in d.evidence[v.id!] ?? [] {
                let remove: Node<HTML.BodyContext> = canEnter && v.statusValue.isEditable
                    ? .form(.method(.post), .action(SiteURL.indicatorEvidenceRemove(e.id)), .class("inline"), FormKit.csrf(csrf),
                            .button(.type(.submit), .class("btn btn-secondary"), .text(T.remove)))
                    : .empty
                rows.append([.text("\(indicator.code) — \(definition.name)"),
                             .a(.href(SiteURL.indicatorEvidence(e.id)), .text(e.originalName)),
                             .text("\(e.uploadedBy), \(LocalDate(e.createdAt).vietnamese)"), remove])
            }
        }
        let editable = d.lines.filter { canEnter && (d.values[$0.indicator.id!]?.statusValue.isEditable ?? true) }
        var uploadState = state
        if uploadState.values["indicatorId"] == nil { uploadState.values["indicatorId"] = "" }
        return .section(.id("minh-chung"),
            .h2(.text(T.evidence)),
            rows.isEmpty ? .p(.class("muted"), .text(T.noEvidence))
                : Components.table(headers: [T.indicator, T.evidence, T.enteredBy, T.actions], rows: rows),
            editable.isEmpty || !d.hasMovement ? .empty : .form(
                .method(.post), .action(SiteURL.indicatorEvidenceUpload(year: p.year, quarter: p.quarter, scope: scope.key)),
                .enctype(.multipartData), .class("stacked"),
                FormKit.csrf(csrf),
                FormKit.select("indicatorId", label: T.indicator, state: uploadState,
                               choices: editable.map { Choice(value: $0.indicator.id!.uuidString.lowercased(), label: "\($0.indicator.code) — \($0.definition.name)") },
                               required: true),
                .div(.class(state.errors["file"] == nil ? "field" : "field has-error"),
                     .label(.for("f-file"), .text(T.file)),
                     .input(.type(.file), .id("f-file"), .name("file")),
                     state.errors["file"].map { .p(.class("field-error"), .id("e-file"), .text($0)) } ?? .empty),
                .button(.type(.submit), .class("btn btn-secondary"), .text(T.upload))))
    }
}
