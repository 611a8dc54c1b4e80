import Fluent
import Foundation
import Plot
import Vapor

/// Registration pages: the year's list, one owner's registration (form or read-only), review, comparison.
enum RegistrationController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.registrations, use: list)
        for kind in OwnerKind.allCases {
            routes.get(.registration(kind, nil, year: nil), use: show)
            routes.post(.registrationAction(kind, nil, year: nil, .save), use: save)
            routes.post(.registrationAction(kind, nil, year: nil, .accept), use: accept)
            routes.post(.registrationAction(kind, nil, year: nil, .return), use: returnIt)
            routes.get(.registrationAction(kind, nil, year: nil, .compare), use: compare)
        }
    }

    /// The movement year a list opens on: this year, kept inside the movement.
    static func defaultYear(_ req: Request, movement: Movement) -> Int {
        min(max(LocalDate(req.now).year, movement.startYear), movement.endYear)
    }

    static func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let movement = try await MovementController.currentMovement(req)
        let year = req.query[Int.self, at: "year"].flatMap { (movement.startYear...movement.endYear).contains($0) ? $0 : nil }
            ?? defaultYear(req, movement: movement)
        try req.authorize(.viewRegistrations)
        guard Policy.allows(user, .viewAllPledges) else {
            if let unit = Policy.ownUnit(user) { return req.redirect(to: SiteURL.registration(.unit, unit, year: year).path) }
            return req.redirect(to: SiteURL.registration(.person, Policy.pledgePerson(user)!, year: year).path)
        }
        let rows = try await RegistrationQueries.list(on: req.db, communeID: user.communeID, year: year)
        let status = req.query[String.self, at: "status"] ?? ""
        let filtered = rows.filter { row in
            switch status {
            case "": true
            case "none": row.status == nil
            default: row.status?.rawValue == status
            }
        }
        return try await RegistrationListView.render(.init(
            frame: req.page(RegistrationText.listTitle(year), section: .registrations, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: RegistrationText.title, url: nil)]),
            year: year, years: Array(movement.startYear...movement.endYear), status: status, rows: filtered, total: rows.count,
            myPerson: Policy.pledgePerson(user))).encodeResponse(for: req)
    }

    struct Target: Sendable {
        let owner: PledgeOwner
        let year: Int
        let ownerName: String
        let movement: Movement
    }

    /// Reads kind, id and year from the path and checks that the owner is in the user's commune.
    static func target(_ req: Request) async throws -> Target {
        let user = try req.requireUser()
        let segments = req.url.path.split(separator: "/")
        guard segments.count >= 4, let kind = OwnerKind(rawValue: String(segments[2])),
              let id = req.parameters.get("id", as: UUID.self), let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        let owner: PledgeOwner = kind == .unit ? .unit(id) : .person(id)
        guard let name = try await RegistrationQueries.ownerName(on: req.db, communeID: user.communeID, owner: owner) else { throw AppError.notFound }
        let movement = try await MovementController.currentMovement(req)
        guard (movement.startYear...movement.endYear).contains(year) else { throw AppError.notFound }
        return Target(owner: owner, year: year, ownerName: name, movement: movement)
    }

    static func areas(_ req: Request, movement: Movement) async throws -> [Choice] {
        try await ContentArea.query(on: req.db).filter(\.$movementID == movement.id!).sort(\.$position).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: "\($0.position). \($0.name)") }
    }

    static func show(req: Request) async throws -> Response {
        let t = try await target(req)
        try req.authorize(.viewPledge(t.owner, communeID: try req.requireUser().communeID))
        let registration = try await RegistrationQueries.find(on: req.db, communeID: try req.requireUser().communeID, owner: t.owner, year: t.year)
        let content = try await registration.asyncMap { try await RegistrationQueries.content(on: req.db, registrationID: $0.id!) } ?? nil
        let extra = min(max(req.query[Int.self, at: "rows"] ?? 0, 0), 20)
        return try await render(req, t, registration: registration, content: content ?? .empty, errors: [:], extraRows: extra, formError: nil)
    }

    static func render(_ req: Request, _ t: Target, registration: Registration?, content: RegistrationContent, errors: [String: String],
                       extraRows: Int, formError: String?, status: HTTPResponseStatus = .ok, raw: RegistrationForm? = nil) async throws -> Response {
        let user = try req.requireUser()
        let canEdit = Policy.allows(user, .editPledge(t.owner, communeID: user.communeID)) && (registration?.workflow.isEditable ?? true)
        let revisions = try await registration.asyncMap { try await RegistrationQueries.revisions(on: req.db, registrationID: $0.id!) } ?? []
        let crumbs: [Breadcrumb] = [.init(title: CoreText.home, url: .home), .init(title: RegistrationText.title, url: .registrations),
                                    .init(title: t.ownerName, url: nil)]
        return try await RegistrationPageView.render(.init(
            frame: req.page(RegistrationText.pageTitle(t.ownerName, t.year), section: .registrations, breadcrumbs: crumbs),
            kind: t.owner.kind, ownerID: t.owner.id, year: t.year, status: registration?.workflow, returnReason: registration?.returnReason ?? "",
            submittedAt: registration?.submittedAt, version: registration?.version, content: content,
            areas: try await areas(req, movement: t.movement), errors: errors, formError: formError, canEdit: canEdit,
            canReview: Policy.allows(user, .reviewPledges) && registration?.workflow == .submitted,
            extraRows: extraRows, revisions: revisions.map { RevisionRow(number: $0.number, submittedAt: $0.submittedAt, submittedBy: $0.submittedBy) },
            csrf: user.csrfToken, raw: raw, years: Array(t.movement.startYear...t.movement.endYear))).encodeResponse(status: status, for: req)
    }

    static func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.editPledge(t.owner, communeID: user.communeID))
        let form = try req.content.decode(RegistrationForm.self)
        let areaIDs = Set(try await areas(req, movement: t.movement).compactMap { UUID(uuidString: $0.value) })
        let (content, errors) = RegistrationValidation.parse(form, areas: areaIDs)
        let existing = try await RegistrationQueries.find(on: req.db, communeID: user.communeID, owner: t.owner, year: t.year)
        if !errors.isEmpty {
            return try await render(req, t, registration: existing, content: content, errors: errors, extraRows: 0,
                                    formError: CoreText.formHasErrors, status: .unprocessableEntity, raw: form)
        }
        let actor = try req.auditActor()
        let saved: Registration
        do {
            saved = try await RegistrationCommands.save(owner: t.owner, year: t.year, content: content, expectedVersion: form.version,
                                                        communeID: user.communeID, actor: actor, on: req.db)
        } catch AppError.conflict(let message) {
            return try await render(req, t, registration: existing, content: content, errors: [:], extraRows: 0, formError: message, status: .conflict)
        }
        let page = SiteURL.registration(t.owner.kind, t.owner.id, year: t.year).path
        switch form.action {
        case "rows":
            return req.redirect(to: page + "?rows=3", flash: Flash(.success, RegistrationText.saved))
        case "submit":
            do {
                try await RegistrationCommands.submit(saved, ownerName: t.ownerName, actor: actor, notifier: req.application.notifier, on: req.db)
            } catch AppError.validation(let fields, _) {
                return try await render(req, t, registration: saved, content: content, errors: fields, extraRows: 0,
                                        formError: fields.values.sorted().joined(separator: " "), status: .unprocessableEntity)
            }
            return req.redirect(to: page, flash: Flash(.success, RegistrationText.submitted))
        default:
            return req.redirect(to: page, flash: Flash(.success, RegistrationText.saved))
        }
    }

    struct DecisionForm: Content { var reason: String? }

    static func accept(req: Request) async throws -> Response { try await decide(req, accept: true) }
    static func returnIt(req: Request) async throws -> Response { try await decide(req, accept: false) }

    static func decide(_ req: Request, accept: Bool) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.reviewPledges)
        let t = try await target(req)
        guard let r = try await RegistrationQueries.find(on: req.db, communeID: user.communeID, owner: t.owner, year: t.year) else { throw AppError.notFound }
        let page = SiteURL.registration(t.owner.kind, t.owner.id, year: t.year).path
        do {
            try await RegistrationCommands.decide(r, accept: accept, reason: try req.content.decode(DecisionForm.self).reason,
                                                  actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            let content = try await RegistrationQueries.content(on: req.db, registrationID: r.id!) ?? .empty
            return try await render(req, t, registration: r, content: content, errors: fields, extraRows: 0,
                                    formError: message, status: .unprocessableEntity)
        }
        return req.redirect(to: page, flash: Flash(.success, accept ? RegistrationText.accepted : RegistrationText.returned))
    }

    static func compare(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.viewPledge(t.owner, communeID: user.communeID))
        guard let r = try await RegistrationQueries.find(on: req.db, communeID: user.communeID, owner: t.owner, year: t.year) else { throw AppError.notFound }
        let revisions = try await RegistrationQueries.revisions(on: req.db, registrationID: r.id!)
        let b = req.query[Int.self, at: "b"] ?? revisions.last?.number ?? 0
        let a = req.query[Int.self, at: "a"] ?? (b - 1)
        guard let right = revisions.first(where: { $0.number == b }) else { throw AppError.notFound }
        let left = revisions.first { $0.number == a }
        func decode(_ r: RegistrationRevision?) throws -> RegistrationContent? {
            try r.map { try JSONDecoder().decode(RegistrationContent.self, from: Data($0.snapshotJSON.utf8)) }
        }
        let areaNames = Dictionary(uniqueKeysWithValues: try await areas(req, movement: t.movement).compactMap { c in UUID(uuidString: c.value).map { ($0, c.label) } })
        return try await RegistrationCompareView.render(.init(
            frame: req.page(RegistrationText.compareTitle, section: .registrations, breadcrumbs: [
                .init(title: CoreText.home, url: .home), .init(title: RegistrationText.title, url: .registrations),
                .init(title: t.ownerName, url: .registration(t.owner.kind, t.owner.id, year: t.year)), .init(title: RegistrationText.compareTitle, url: nil)]),
            leftNumber: left?.number, rightNumber: right.number, left: try decode(left), right: try decode(right) ?? .empty,
            areaNames: areaNames)).encodeResponse(for: req)
    }
}

struct RevisionRow: Sendable {
    let number: Int
    let submittedAt: Date
    let submittedBy: String
}
