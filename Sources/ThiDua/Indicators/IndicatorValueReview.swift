import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// `/indicators/review?year=`: the secretariat's queue of submitted values, by scope (villages first), with approve,
/// return (with a reason), "approve all of this scope", and locking the year.
enum IndicatorReviewController {
    typealias T = IndicatorText.Values

    static func register(_ r: any RoutesBuilder, path: (String) -> [PathComponent]) {
        r.on(.GET, path(SiteURL.indicatorReviewPath), use: page)
        r.on(.POST, path(SiteURL.indicatorReviewApprove), use: approve)
        r.on(.POST, path(SiteURL.indicatorReviewApproveScope), use: approveScope)
        r.on(.POST, path(SiteURL.indicatorReviewReturn), use: returnValue)
        r.on(.POST, path(SiteURL.indicatorReviewLock), use: lock)
    }

    static func year(_ req: Request, _ given: Int? = nil) -> Int {
        (given ?? req.query[Int.self, at: "year"]).flatMap { (1900...2100).contains($0) ? $0 : nil } ?? LocalDate(req.now).year
    }

    static func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        return try await render(req, user, year: year(req), state: FormState(), status: .ok)
    }

    struct ActionForm: Content { var id: [String]?; var version: [String]?; var year: Int?; var scope: String? }

    static func approve(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let f = try req.content.decode(ActionForm.self)
        let ids = (f.id ?? []).compactMap { Check.uuid($0) }
        let versions = (f.version ?? []).map { Int($0) }
        let rows = ids.isEmpty ? [] : try await IndicatorValue.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id ~~ ids).all()
        let byID = Dictionary(rows.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        var items: [(value: IndicatorValue, version: Int?)] = []
        let y = year(req, f.year)
        // The page sends each figure with the version it showed: a post without them (not from the page) would skip
        // the check that nobody changed the figure since, so it is refused as out of date (the attacker's finding).
        guard versions.count == ids.count, versions.allSatisfy({ $0 != nil }) else {
            return try await render(req, user, year: y, state: FormState(formError: CoreText.conflict), status: .conflict)
        }
        for (n, id) in ids.enumerated() {
            guard let v = byID[id] else { throw AppError.notFound }
            items.append((v, versions[n]))
        }
        do {
            let n = try await IndicatorValueCommands.approve(items, by: user, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
            return req.redirect(to: SiteURL.indicatorReview(year: y), flash: Flash(.success, T.approvedFlash(n)))
        } catch AppError.conflict(let message) {
            return try await render(req, user, year: y, state: FormState(formError: message), status: .conflict)
        } catch AppError.validation(_, let message) {
            return try await render(req, user, year: y, state: FormState(formError: message), status: .unprocessableEntity)
        }
    }

    static func approveScope(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let f = try req.content.decode(ActionForm.self)
        let y = year(req, f.year)
        do {
            let n = try await IndicatorValueCommands.approveScope(scopeKey: TextFolding.clean(f.scope), year: y, by: user, actor: try req.auditActor(),
                                                                  notifier: req.application.notifier, on: req.db)
            return req.redirect(to: SiteURL.indicatorReview(year: y), flash: Flash(.success, T.approvedFlash(n)))
        } catch AppError.validation(_, let message) {
            return try await render(req, user, year: y, state: FormState(formError: message), status: .unprocessableEntity)
        }
    }

    static func returnValue(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let f = try req.content.decode([String: String].self)
        let y = year(req, f["year"].flatMap { Int($0) })
        guard let id = Check.uuid(f["id"]),
              let v = try await IndicatorValue.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else {
            throw AppError.notFound
        }
        let key = "reason.\(id.uuidString.lowercased())"
        let reason = f[key] ?? f["reason"]
        do {
            try await IndicatorValueCommands.returnValue(v, expectedVersion: f["version"].flatMap { Int($0) }, reason: reason, by: user,
                                                         actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
            return req.redirect(to: SiteURL.indicatorReview(year: y), flash: Flash(.success, T.returnedFlash))
        } catch AppError.validation(let fields, let message) {
            var state = FormState(values: [key: reason ?? ""], formError: message)
            for (_, m) in fields { state.errors[key] = m }
            state.labels[key] = T.reason
            return try await render(req, user, year: y, state: state, status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await render(req, user, year: y, state: FormState(formError: message), status: .conflict)
        }
    }

    static func lock(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewIndicatorValues)
        let f = try req.content.decode(ActionForm.self)
        let y = year(req, f.year)
        let n = try await IndicatorValueCommands.lockYear(y, communeID: user.communeID, by: user, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: SiteURL.indicatorReview(year: y), flash: Flash(.success, T.lockedFlash(n, year: y)))
    }

    // MARK: The page

    /// The queue from a fixed number of queries: the submitted values of the year, the units, the definitions, the
    /// indicators, the evidence counts, the approved count.
    static func render(_ req: Request, _ user: CurrentUser, year: Int, state: FormState, status: HTTPResponseStatus) async throws -> Response {
        let db = req.db, communeID = user.communeID
        let submitted = try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$status == IndicatorValueStatus.submitted.rawValue).all()
        let units = Dictionary(try await Unit.query(on: db).filter(\.$communeID == communeID).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let definitions = Dictionary(try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).all().map { ($0.id!, $0) },
                                     uniquingKeysWith: { a, _ in a })
        let indicators = Dictionary(try await Indicator.query(on: db).filter(\.$communeID == communeID).all().map { ($0.id!, $0) },
                                    uniquingKeysWith: { a, _ in a })
        let ids = submitted.compactMap(\.id)
        var evidence: [UUID: [IndicatorEvidence]] = [:]
        if !ids.isEmpty {
            for e in try await IndicatorEvidence.query(on: db).filter(\.$valueID ~~ ids).sort(\.$createdAt).all() { evidence[e.valueID, default: []].append(e) }
        }
        // What the reviewer compares a figure with: the scope's approved figure of the year before (same period) and
        // the year's target of its level.
        // Only the scopes waiting in the queue (none waiting: no read).
        var previous: [String: IndicatorValue] = [:]
        let waitingScopes = Array(Set(submitted.map(\.scopeKey)))
        if !waitingScopes.isEmpty {
            for v in try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year - 1)
                .filter(\.$scopeKey ~~ waitingScopes).filter(\.$status ~~ IndicatorQueries.approvedStatuses).all() {
                previous["\(v.scopeKey)|\(v.indicatorID)|\(v.quarter)"] = v
            }
        }
        let targets = IndicatorTargetBook(try await IndicatorQueries.targetFacts(on: db, communeID: communeID, years: year...year))
        let approved = try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$status == IndicatorValueStatus.approved.rawValue).count()

        let groups = Dictionary(grouping: submitted, by: \.scopeKey)
        func scopeName(_ key: String) -> String { UUID(uuidString: key).flatMap { units[$0]?.name } ?? IndicatorText.commune }
        func rank(_ key: String) -> Int {
            guard let id = UUID(uuidString: key), let u = units[id] else { return 2 }
            return u.unitKind == .village ? 0 : 1
        }
        let keys = groups.keys.sorted { rank($0) != rank($1) ? rank($0) < rank($1) : VietnameseOrder.less(scopeName($0), scopeName($1)) }
        let csrf = user.csrfToken

        let sections: [Node<HTML.BodyContext>] = keys.map { key in
            let rows = (groups[key] ?? []).sorted {
                let a = indicators[$0.indicatorID], b = indicators[$1.indicatorID]
                return ($0.quarter, a?.position ?? 0, a?.code ?? "") < ($1.quarter, b?.position ?? 0, b?.code ?? "")
            }
            let table: [[Node<HTML.BodyContext>]] = rows.map { v in
                let d = definitions[v.definitionID]
                let id = v.id!.uuidString.lowercased()
                let reasonKey = "reason.\(id)"
                let figure = d.map { IndicatorValueController.figureText(v, $0) } ?? IndicatorText.missing
                let before = previous["\(v.scopeKey)|\(v.indicatorID)|\(v.quarter)"]
                let target = d.flatMap { d in targets.target(v.indicatorID, year: year, level: d.levelValue) }
                let compare = [d.map { def in T.previousFigure(IndicatorText.period(year: year - 1, quarter: v.quarter),
                                                               before.map { b in IndicatorValueController.figureText(b, def) }) } ?? "",
                               target.map { t in T.targetFigure(NumberText.format(t) + (d?.kindValue == .share ? "%" : ""), year: year) } ?? ""]
                    .filter { !$0.isEmpty }.joined(separator: " · ")
                let files = evidence[v.id!] ?? []
                let notes = [v.note, v.jumpNote.isEmpty ? "" : "\(T.jumpNote): \(v.jumpNote)"].filter { !$0.isEmpty }.joined(separator: " · ")
                return [
                    .text("\(indicators[v.indicatorID]?.code ?? "") — \(d?.name ?? "")"),
                    .text(IndicatorText.period(year: v.year, quarter: v.quarter)),
                    .group(.text(figure), compare.isEmpty ? .empty : .span(.class("hint block"), .text(compare))),
                    .text(notes),
                    .group(.text(v.enteredByName), .br(),
                           files.isEmpty ? .span(.class("muted"), .text(T.noEvidence))
                                         : .ul(.class("plain-list"), .group(files.map { e in
                                               .li(.a(.href(SiteURL.indicatorEvidence(e.id)), .text(e.originalName)))
                                           }))),
                    .group(
                        .form(.method(.post), .action(SiteURL.indicatorReviewApprove), .class("inline"), FormKit.csrf(csrf),
                              FormKit.hidden("id[]", id), FormKit.hidden("version[]", String(v.version)), FormKit.hidden("year", String(year)),
                              .button(.type(.submit), .class("btn btn-primary"), .text(T.approve))),
                        .form(.method(.post), .action(SiteURL.indicatorReviewReturn), .class("stacked"), FormKit.csrf(csrf),
                              FormKit.hidden("id", id), FormKit.hidden("version", String(v.version)), FormKit.hidden("year", String(year)),
                              FormKit.textArea(reasonKey, label: T.reason, state: state, rows: 2, required: true),
                              .button(.type(.submit), .class("btn btn-secondary"), .text(T.returnAction)))
                    ),
                ]
            }
            return .section(
                .h2(.text(scopeName(key))),
                Components.table(headers: [T.indicator, T.period, T.figure, T.note, T.enteredByEvidence, T.actions], rows: table, stacked: true),
                approveShown(rows, year: year, csrf: csrf, label: T.approveAll)
            )
        }
        // Every figure listed, each at the version shown: one shown after the page was drawn is not approved unseen.
        let all = keys.flatMap { groups[$0] ?? [] }

        let movement = try await MovementQueries.movement(on: db, communeID: communeID).map { ($0.startYear - 1)...max($0.startYear, $0.endYear) }
        let years = IndicatorValueRules.offeredYears(movement: movement, thisYear: LocalDate(req.now).year, shown: year)
        let frame = req.page(T.reviewTitle, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: IndicatorText.feature, url: nil),
                                                          .init(title: T.reviewTitle, url: nil)])
        let html = Layout.render(frame, lead: T.reviewLead, .group(
            .form(.method(.get), .action(SiteURL.indicatorReviewPath), .class("filters"),
                  FormKit.select("year", label: T.year, state: FormState(values: ["year": String(year)]),
                                 choices: years.map { Choice(value: String($0), label: String($0)) }, blank: nil),
                  .button(.type(.submit), .class("btn btn-secondary"), .text(T.show))),
            FormKit.errorSummary(state),
            keys.isEmpty ? .p(.class("muted"), .text(T.queueEmpty)) : .group(
                keys.count > 1 ? .section(.class("card"), .p(.text(T.approveEverythingHint(all.count, scopes: keys.count))),
                                          approveShown(all, year: year, csrf: csrf, label: T.approveEverything(all.count))) : .empty,
                .group(sections)),
            .section(.h2(.text("\(T.lockYear) \(year)")),
                     .p(.class("hint"), .text(T.lockHint(approved))),
                     .form(.method(.post), .action(SiteURL.indicatorReviewLock), .class("inline"), FormKit.csrf(csrf),
                           FormKit.hidden("year", String(year)),
                           .button(.type(.submit), .class("btn btn-danger"), .text("\(T.lockYear) \(year)"))))
        ))
        return try await html.encodeResponse(status: status, for: req)
    }

    /// A form approving exactly these values, each from the version shown (all or none: one changed meanwhile is
    /// refused with the reason, and nothing is approved).
    static func approveShown(_ values: [IndicatorValue], year: Int, csrf: String, label: String) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteURL.indicatorReviewApprove), .class("inline"), FormKit.csrf(csrf),
              .group(values.map { v in
                  .group(FormKit.hidden("id[]", v.id!.uuidString.lowercased()), FormKit.hidden("version[]", String(v.version)))
              }),
              FormKit.hidden("year", String(year)),
              .button(.type(.submit), .class("btn btn-primary"), .text(label)))
    }
}
