import Fluent
import Foundation
import Vapor

/// `/api/v1/registrations`: the year's list, one owner's registration, save (draft), submit, accept, return —
/// the same commands and permission rule as the pages.
enum RegistrationAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("registrations", use: list)
        api.get("registrations", ":year", ":kind", ":id", use: get)
        api.put("registrations", ":year", ":kind", ":id", use: save)
        api.post("registrations", ":year", ":kind", ":id", "submit", use: submit)
        api.post("registrations", ":year", ":kind", ":id", "accept", use: accept)
        api.post("registrations", ":year", ":kind", ":id", "return", use: returnIt)
    }

    /// The body of `PUT`: the whole content of the registration; `version` is the one the client read (omit on first save).
    struct Body: Content {
        var focus: String?
        var plannedInitiatives: String?
        var targets: [TargetLine]?
        var products: [ProductLine]?
        var version: Int?
    }

    struct DecisionBody: Content { var reason: String? }

    /// One row of the year's list.
    struct Row: Content, Sendable {
        let ownerKind: String
        let ownerId: UUID
        let ownerName: String
        let criteriaGroup: String
        let status: String?
        let submittedAt: Date?
        let targetCount: Int
    }

    struct Target {
        let owner: PledgeOwner
        let year: Int
        let ownerName: String
        let movement: Movement
    }

    /// The year of a `?year=` query, inside the movement; 422 otherwise.
    static func year(_ req: Request, movement: Movement) throws -> Int {
        guard let raw = req.query[String.self, at: "year"] else { return RegistrationController.defaultYear(req, movement: movement) }
        guard let year = Int(raw), (movement.startYear...movement.endYear).contains(year) else {
            throw AppError.validation(fields: ["year": RegistrationText.yearOutside])
        }
        return year
    }

    static func target(_ req: Request) async throws -> Target {
        let user = try req.requireUser()
        guard let kind = req.parameters.get("kind").flatMap(OwnerKind.init(rawValue:)),
              let id = req.parameters.get("id", as: UUID.self), let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        let owner: PledgeOwner = kind == .unit ? .unit(id) : .person(id)
        guard let name = try await RegistrationQueries.ownerName(on: req.db, communeID: user.communeID, owner: owner) else { throw AppError.notFound }
        let movement = try await MovementController.currentMovement(req)
        guard (movement.startYear...movement.endYear).contains(year) else { throw AppError.notFound }
        return Target(owner: owner, year: year, ownerName: name, movement: movement)
    }

    static func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewAllPledges)
        let movement = try await MovementController.currentMovement(req)
        let rows = try await RegistrationQueries.list(on: req.db, communeID: user.communeID, year: try year(req, movement: movement))
        return try APIJSON.response(rows.map { r in
            Row(ownerKind: r.owner.kind.rawValue, ownerId: r.owner.id, ownerName: r.ownerName, criteriaGroup: r.group,
                status: r.status?.rawValue, submittedAt: r.submittedAt, targetCount: r.count)
        })
    }

    static func existing(_ req: Request, _ t: Target) async throws -> Registration {
        guard let r = try await RegistrationQueries.find(on: req.db, communeID: try req.requireUser().communeID, owner: t.owner, year: t.year) else {
            throw AppError.notFound
        }
        return r
    }

    static func respond(_ req: Request, _ r: Registration, _ t: Target, status: HTTPResponseStatus = .ok) async throws -> Response {
        try APIJSON.response(try await RegistrationQueries.dto(on: req.db, r, ownerName: t.ownerName), status: status)
    }

    static func get(req: Request) async throws -> Response {
        let t = try await target(req)
        try req.authorize(.viewPledge(t.owner, communeID: try req.requireUser().communeID))
        return try await respond(req, try await existing(req, t), t)
    }

    static func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.editPledge(t.owner, communeID: user.communeID))
        let body = try req.decodeJSON(Body.self)
        // Checked as sent (control characters, NUL included, are refused), stored cleaned.
        let content = RegistrationContent(focus: body.focus ?? "", plannedInitiatives: body.plannedInitiatives ?? "",
                                          targets: body.targets ?? [], products: body.products ?? [])
        let areas = Set(try await RegistrationController.areas(req, movement: t.movement).compactMap { UUID(uuidString: $0.value) })
        let errors = RegistrationValidation.check(content, areas: areas)
        if !errors.isEmpty { throw AppError.validation(fields: errors) }
        let existed = try await RegistrationQueries.find(on: req.db, communeID: user.communeID, owner: t.owner, year: t.year) != nil
        let saved = try await RegistrationCommands.save(owner: t.owner, year: t.year, content: RegistrationValidation.cleaned(content),
                                                        expectedVersion: body.version, communeID: user.communeID, actor: try req.auditActor(), on: req.db)
        return try await respond(req, saved, t, status: existed ? .ok : .created)
    }

    static func submit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.editPledge(t.owner, communeID: user.communeID))
        let r = try await existing(req, t)
        try await RegistrationCommands.submit(r, ownerName: t.ownerName, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try await respond(req, r, t)
    }

    static func accept(req: Request) async throws -> Response { try await decide(req, accept: true) }
    static func returnIt(req: Request) async throws -> Response { try await decide(req, accept: false) }

    static func decide(_ req: Request, accept: Bool) async throws -> Response {
        try req.authorize(.reviewPledges)
        let t = try await target(req)
        let r = try await existing(req, t)
        try await RegistrationCommands.decide(r, accept: accept, reason: accept ? nil : try Self.reason(req), actor: try req.auditActor(),
                                              notifier: req.application.notifier, on: req.db)
        return try await respond(req, r, t)
    }

    /// The reason of a return, as sent (checked by the command).
    static func reason(_ req: Request) throws -> String? { try req.decodeJSON(DecisionBody.self).reason }
}
