import Fluent
import Foundation
import Vapor

/// `/api/v1/initiatives`: apply, read, change a draft, submit, withdraw, assign reviewers, return, score, decide, adopt —
/// the pages' commands (``InitiativeCommands``: validation, write, audit and notices) and permission rule — and `/api/v1/showcase/{commune}`, the public list of recognised initiatives.
enum InitiativeAPI {
    static func register(public api: any RoutesBuilder, signedIn: any RoutesBuilder) {
        api.get("showcase", ":commune", use: showcase)
        signedIn.get("initiatives", use: list)
        signedIn.post("initiatives", use: create)
        signedIn.get("initiatives", ":id", use: get)
        signedIn.put("initiatives", ":id", use: update)
        signedIn.post("initiatives", ":id", "submit", use: submit)
        signedIn.post("initiatives", ":id", "withdraw", use: withdraw)
        signedIn.post("initiatives", ":id", "reviewers", use: assign)
        signedIn.post("initiatives", ":id", "scores", use: score)
        signedIn.post("initiatives", ":id", "decision", use: decide)
        signedIn.post("initiatives", ":id", "return", use: returnIt)
        signedIn.post("initiatives", ":id", "adopt", use: adopt)
    }

    struct AuthorBody: Content {
        var personId: String?
        var fullName: String?
        var birthDate: String?
        var workplace: String?
        var jobTitle: String?
        var qualification: String?
        var share: Double?
    }

    struct Body: Content {
        var title: String?
        var ownerUnitId: String?
        var contentAreaId: String?
        var firstApplied: String?
        var summary: String?
        var conditions: String?
        var benefits: String?
        var testers: String?
        var confidential: String?
        var authors: [AuthorBody]?
        var version: Int?
    }

    /// An initiative at the API edge; `confidential` only for those who may see it.
    struct DTO: Content, Sendable {
        let id: UUID
        let year: Int
        let status: String
        let title: String
        let ownerUnitId: UUID?
        let contentAreaId: UUID?
        let firstApplied: String?
        let summary: String
        let conditions: String
        let benefits: String
        let testers: String
        let confidential: String?
        let authors: [AuthorLine]
        let returnReason: String
        let submittedAt: Date?
        let decisionNumber: String
        /// "3/GCN-SK": the certificate's own number, once recognised.
        let certificateNumber: String?
        let decisionDate: String?
        let scope: String?
        let adoptions: Int
        let version: Int
    }

    struct Summary: Content, Sendable {
        let id: UUID
        let title: String
        let year: Int
        let status: String
        let authors: String
        let unitName: String?
        let areaName: String?
        let adoptions: Int
    }

    /// The JSON body as the form's rows, so that both go through one validation; what JSON can say but a form cannot
    /// (an empty id, an author without a name) is refused here.
    static func form(_ b: Body) throws -> InitiativeForm {
        var errors: [String: String] = [:]
        for (key, value) in [("ownerUnitId", b.ownerUnitId), ("contentAreaId", b.contentAreaId)] where value != nil && UUID(uuidString: value!) == nil {
            errors[key] = CoreText.invalidChoice
        }
        if let d = b.firstApplied, LocalDate(iso: d) == nil { errors["firstApplied"] = CoreText.invalidDate }
        let authors = b.authors ?? []
        for (i, a) in authors.enumerated() {
            if a.fullName == nil { errors["authors.\(i).fullName"] = CoreText.required }
            if a.share == nil { errors["authors.\(i).share"] = CoreText.required }
            if let d = a.birthDate, LocalDate(iso: d) == nil { errors["authors.\(i).birthDate"] = CoreText.invalidDate }
            if let p = a.personId, UUID(uuidString: p) == nil { errors["authors.\(i).personId"] = CoreText.invalidChoice }
        }
        if authors.count > 20 { errors["authors"] = "Tối đa 20 tác giả." }
        if !errors.isEmpty { throw AppError.validation(fields: errors) }
        return InitiativeForm(title: b.title, ownerUnitId: b.ownerUnitId, contentAreaId: b.contentAreaId, firstApplied: b.firstApplied,
                              summary: b.summary, conditions: b.conditions, benefits: b.benefits, testers: b.testers, confidential: b.confidential,
                              authorPersonId: authors.map { $0.personId ?? "" }, authorName: authors.map { $0.fullName ?? "" },
                              authorBirth: authors.map { $0.birthDate ?? "" }, authorWorkplace: authors.map { $0.workplace ?? "" },
                              authorTitle: authors.map { $0.jobTitle ?? "" }, authorQualification: authors.map { $0.qualification ?? "" },
                              authorShare: authors.map { $0.share.map { NumberText.format($0, maxFractionDigits: 6) } ?? "" }, version: b.version, action: nil)
    }

    /// A command's field errors under the JSON's names.
    static func apiNames<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch AppError.validation(let fields, let message) {
            throw AppError.validation(fields: apiFields(fields), message: message)
        }
    }

    /// Renames the form's row keys (`authorName.0`) to the JSON's (`authors.0.fullName`).
    static func apiFields(_ errors: [String: String]) -> [String: String] {
        let names = ["authorName": "fullName", "authorBirth": "birthDate", "authorWorkplace": "workplace", "authorTitle": "jobTitle",
                     "authorQualification": "qualification", "authorShare": "share", "authorPersonId": "personId"]
        return Dictionary(errors.map { key, value in
            let parts = key.split(separator: ".")
            if parts.count == 2, let name = names[String(parts[0])] { return ("authors.\(parts[1]).\(name)", value) }
            return (key, value)
        }, uniquingKeysWith: { a, _ in a })
    }

    static func content(_ req: Request, _ b: Body) async throws -> InitiativeContent {
        let c = try await InitiativeController.choices(req)
        let (content, errors) = InitiativeValidation.parse(try form(b), units: Set(c.units.compactMap { UUID(uuidString: $0.value) }),
                                                           areas: Set(c.areas.compactMap { UUID(uuidString: $0.value) }))
        if !errors.isEmpty { throw AppError.validation(fields: apiFields(errors)) }
        return content
    }

    static func dto(_ req: Request, _ i: Initiative, _ ref: InitiativeRef) async throws -> DTO {
        let user = try req.requireUser()
        let c = try await InitiativeQueries.content(on: req.db, i)
        let adoptions = try await InitiativeAdoption.query(on: req.db).filter(\.$initiativeID == i.id!).count()
        return DTO(id: i.id!, year: i.year, status: i.status, title: i.title, ownerUnitId: i.ownerUnitID, contentAreaId: i.contentAreaID,
                   firstApplied: i.firstApplied, summary: i.summary, conditions: i.conditions, benefits: i.benefits, testers: i.testers,
                   confidential: Policy.allows(user, .viewInitiativeConfidential(ref)) ? i.confidential : nil, authors: c.authors,
                   returnReason: i.returnReason, submittedAt: i.submittedAt, decisionNumber: i.decisionNumber,
                   certificateNumber: i.certificateNumber.map(InitiativeCertificate.numberText), decisionDate: i.decisionDate,
                   scope: i.scope.isEmpty ? nil : i.scope, adoptions: adoptions, version: i.version)
    }

    static func respond(_ req: Request, _ i: Initiative, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = try APIJSON.response(try await dto(req, i, try await InitiativeController.reference(req.db, i)), status: status)
        if status == .created { response.headers.replaceOrAdd(name: .location, value: "/api/v1/initiatives/\(i.id!.uuidString.lowercased())") }
        return response
    }

    static func summaries(_ rows: [InitiativeRow]) -> [Summary] {
        rows.map { Summary(id: $0.id, title: $0.title, year: $0.year, status: $0.status.rawValue, authors: $0.authors, unitName: $0.unitName,
                           areaName: $0.areaName, adoptions: $0.adoptions) }
    }

    static func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        var filter = InitiativeQueries.Filter.visible(to: user)
        if let raw = req.query[String.self, at: "status"] {
            guard let s = InitiativeStatus(rawValue: raw) else { throw AppError.validation(fields: ["status": CoreText.invalidChoice]) }
            filter.status = s
        }
        return try APIJSON.response(summaries(try await InitiativeQueries.list(on: req.db, communeID: user.communeID, filter: filter)))
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.createInitiative)
        let body = try req.decodeJSON(Body.self)
        let i = try await apiNames { try await InitiativeCommands.save(nil, content: try await content(req, body), expectedVersion: nil, user: user, actor: try req.auditActor(),
                                                  notifier: req.application.notifier, on: req.db) }
        return try await respond(req, i, status: .created)
    }

    static func get(req: Request) async throws -> Response {
        let (i, _) = try await InitiativeController.load(req)
        return try await respond(req, i)
    }

    static func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (i, ref) = try await InitiativeController.load(req)
        try req.authorize(.editInitiative(ref))
        let body = try req.decodeJSON(Body.self)
        let saved = try await apiNames { try await InitiativeCommands.save(i, content: try await content(req, body), expectedVersion: body.version, user: user,
                                                      actor: try req.auditActor(), notifier: req.application.notifier, on: req.db) }
        return try await respond(req, saved)
    }

    static func submit(req: Request) async throws -> Response {
        let (i, ref) = try await InitiativeController.load(req)
        try req.authorize(.editInitiative(ref))
        try await InitiativeCommands.submit(i, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try await respond(req, i)
    }

    static func withdraw(req: Request) async throws -> Response {
        let (i, ref) = try await InitiativeController.load(req)
        try req.authorize(.withdrawInitiative(ref))
        try await InitiativeCommands.withdraw(i, actor: try req.auditActor(), on: req.db)
        return try await respond(req, i)
    }

    struct AssignBody: Content { var reviewerIds: [UUID]? }

    static func assign(req: Request) async throws -> Response {
        try req.authorize(.manageInitiatives)
        let (i, _) = try await InitiativeController.load(req)
        let ids = try req.decodeJSON(AssignBody.self).reviewerIds ?? []
        try await InitiativeCommands.assign(i, reviewerIds: ids.map(\.uuidString), actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try await respond(req, i)
    }

    struct ReturnBody: Content { var reason: String? }

    static func returnIt(req: Request) async throws -> Response {
        try req.authorize(.manageInitiatives)
        let (i, _) = try await InitiativeController.load(req)
        let body = try req.decodeJSON(ReturnBody.self)
        try await InitiativeCommands.returnIt(i, reason: body.reason, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try await respond(req, i)
    }

    struct ScoreBody: Content { var points: [String: Double]?; var comment: String? }

    static func score(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (i, ref) = try await InitiativeController.load(req)
        try req.authorize(.scoreInitiative(ref))
        let body = try req.decodeJSON(ScoreBody.self)
        let sent = Dictionary((body.points ?? [:]).compactMap { k, v in UUID(uuidString: k).map { ($0, v) } }, uniquingKeysWith: { a, _ in a })
        try await InitiativeCommands.score(i, reviewerID: user.id, points: sent, comment: body.comment, actor: try req.auditActor(), on: req.db)
        return try await respond(req, i)
    }

    struct DecisionBody: Content {
        var recognised: Bool?
        var councilDate: String?
        var minutes: String?
        var decisionDate: String?
        var scope: String?
    }

    static func decide(req: Request) async throws -> Response {
        try req.authorize(.manageInitiatives)
        let (i, _) = try await InitiativeController.load(req)
        let b = try req.decodeJSON(DecisionBody.self)
        let input = InitiativeCommands.DecisionInput(recognised: b.recognised, councilDate: b.councilDate, minutes: b.minutes,
                                                     decisionDate: b.decisionDate, scope: b.scope)
        do {
            try await InitiativeCommands.decide(i, input: input, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(var fields, let message) {
            // The page's `outcome` is the JSON's `recognised`.
            if let m = fields.removeValue(forKey: "outcome") { fields["recognised"] = m }
            throw AppError.validation(fields: fields, message: message)
        }
        return try await respond(req, i)
    }

    struct AdoptBody: Content { var unitId: String?; var note: String? }

    static func adopt(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let body = try req.decodeJSON(AdoptBody.self)
        // As on the page: the secretariat for any unit, a focal point for their own; an unknown unit is 422 on `unitId`.
        if let unitID = Check.uuid(body.unitId) { try req.authorize(.adoptInitiative(unitID: unitID, communeID: user.communeID)) }
        let (i, _) = try await InitiativeController.load(req)
        try await InitiativeCommands.adopt(i, unitId: body.unitId, note: body.note, actor: try req.auditActor(), on: req.db)
        return try await respond(req, i)
    }

    static func showcase(req: Request) async throws -> Response {
        let c = try await ShowcaseController.commune(req)
        let rows = try await InitiativeQueries.list(on: req.db, communeID: c.id!, filter: .init(status: .recognised))
        return try APIJSON.response(summaries(rows))
    }
}
