import Fluent
import Foundation
import Plot
import Vapor

/// Initiative pages: the list, the application form (draft, near-duplicate check, submit), the file with its review,
/// the council outcome and decision, the certificate, and "nhân rộng".
enum InitiativeController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.initiatives, use: list)
        routes.get(.initiativeNew, use: newForm)
        routes.post(.initiatives, use: create)
        routes.get(.initiative(nil), use: show)
        routes.get(.initiativeEdit(nil), use: editForm)
        routes.post(.initiativeEdit(nil), use: update)
        routes.post(.initiativeAction(nil, .withdraw), use: withdraw)
        routes.post(.initiativeAction(nil, .assign), use: assign)
        routes.post(.initiativeAction(nil, .return), use: returnIt)
        routes.post(.initiativeAction(nil, .score), use: score)
        routes.post(.initiativeAction(nil, .decide), use: decide)
        routes.post(.initiativeAction(nil, .adopt), use: adopt)
        routes.get(.initiativeCertificate(nil), use: certificate)
        routes.get(.initiativeCertificateDocx(nil), use: certificateDocx)
    }

    static func crumbs(_ last: String? = nil, link: UUID? = nil) -> [Breadcrumb] {
        var c: [Breadcrumb] = [.init(title: CoreText.home, url: .home), .init(title: InitiativeText.title, url: last == nil ? nil : .initiatives)]
        if let last { c.append(.init(title: last, url: link.map { .initiative($0) })) }
        return c
    }

    // MARK: list

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let all = Policy.allows(user, .viewAllPledges)
        var filter = InitiativeQueries.Filter.visible(to: user)
        filter.query = req.query[String.self, at: "q"] ?? ""
        filter.status = req.query[String.self, at: "status"].flatMap(InitiativeStatus.init(rawValue:))
        filter.year = req.query[Int.self, at: "year"]
        let rows = try await InitiativeQueries.list(on: req.db, communeID: user.communeID, filter: filter)
        let commune = try await Commune.find(user.communeID, on: req.db)
        return InitiativeListView.render(.init(
            frame: req.page(all ? InitiativeText.all : InitiativeText.mine, section: .initiatives, breadcrumbs: crumbs()),
            rows: rows, query: filter.query, status: filter.status?.rawValue ?? "", showcaseCode: commune?.code ?? "",
            canEditRubric: Policy.allows(user, .editInitiativeRubric)))
    }

    // MARK: form

    struct Choices: Sendable {
        let units: [Choice]
        let areas: [Choice]
        let people: [Choice]
    }

    static func choices(_ req: Request) async throws -> Choices {
        let user = try req.requireUser()
        let units = try await Unit.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$isActive == true).sort(\.$name).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: $0.name) }
        let areas = try await ContentArea.query(on: req.db).filter(\.$communeID == user.communeID).sort(\.$position).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: "\($0.position). \($0.name)") }
        return Choices(units: units, areas: areas, people: [])
    }

    static func newForm(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.createInitiative)
        // The applicant is the first author by default.
        var first = AuthorLine(personId: user.personID, fullName: user.displayName, birthDate: nil, workplace: "", jobTitle: "", qualification: "", share: 100)
        if let pid = user.personID, let p = try await Person.find(pid, on: req.db) {
            first.fullName = p.fullName; first.birthDate = p.birthDate; first.jobTitle = p.title
            if let u = p.unitID, let unit = try await Unit.find(u, on: req.db) { first.workplace = unit.name }
        }
        let content = InitiativeContent(title: "", ownerUnitId: user.unitID, contentAreaId: nil, firstApplied: nil, summary: "", conditions: "",
                                        benefits: "", testers: "", confidential: "", authors: [first])
        return try await renderForm(req, initiative: nil, content: content, errors: [:], formError: nil, similar: nil)
    }

    static func renderForm(_ req: Request, initiative: Initiative?, content: InitiativeContent, errors: [String: String], formError: String?,
                           similar: [SimilarInitiative]?, raw: InitiativeForm? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let title = initiative == nil ? InitiativeText.new : initiative!.title
        return try await InitiativeFormView.render(.init(
            frame: req.page(title, section: .initiatives, breadcrumbs: crumbs(initiative == nil ? InitiativeText.new : InitiativeText.edit)),
            id: initiative?.id, version: initiative?.version, content: content, raw: raw, choices: try await choices(req),
            errors: errors, formError: formError, similar: similar, returnReason: initiative?.state == .returned ? initiative?.returnReason : nil,
            csrf: user.csrfToken)).encodeResponse(status: status, for: req)
    }

    static func create(req: Request) async throws -> Response {
        try req.authorize(.createInitiative)
        return try await save(req, existing: nil)
    }

    static func load(_ req: Request) async throws -> (Initiative, InitiativeRef) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let i = try await InitiativeQueries.find(on: req.db, communeID: user.communeID, id: id) else { throw AppError.notFound }
        let ref = try await reference(req.db, i)
        try req.authorize(.viewInitiative(ref))
        return (i, ref)
    }

    static func reference(_ db: any Database, _ i: Initiative) async throws -> InitiativeRef {
        let authors = Set(try await InitiativeAuthor.query(on: db).filter(\.$initiativeID == i.id!).all().compactMap(\.personID))
        let reviewers = Set(try await InitiativeReview.query(on: db).filter(\.$initiativeID == i.id!).all().map(\.reviewerID))
        return InitiativeRef(communeID: i.communeID, createdBy: i.createdBy, authorPeople: authors, reviewers: reviewers, status: i.state)
    }

    static func editForm(req: Request) async throws -> Response {
        let (i, ref) = try await load(req)
        try req.authorize(.editInitiative(ref))
        let content = try await InitiativeQueries.content(on: req.db, i)
        let similar = try await InitiativeQueries.similar(on: req.db, communeID: i.communeID, title: i.title, summary: i.summary, excluding: i.id,
                                                          visibleTo: try req.requireUser())
        return try await renderForm(req, initiative: i, content: content, errors: [:], formError: nil, similar: similar)
    }

    static func update(req: Request) async throws -> Response {
        let (i, ref) = try await load(req)
        try req.authorize(.editInitiative(ref))
        return try await save(req, existing: i)
    }

    static func save(_ req: Request, existing: Initiative?) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(InitiativeForm.self)
        let c = try await choices(req)
        let (content, errors) = InitiativeValidation.parse(form, units: Set(c.units.compactMap { UUID(uuidString: $0.value) }),
                                                           areas: Set(c.areas.compactMap { UUID(uuidString: $0.value) }))
        let similar = try await InitiativeQueries.similar(on: req.db, communeID: user.communeID, title: content.title, summary: content.summary,
                                                          excluding: existing?.id, visibleTo: user)
        if !errors.isEmpty {
            return try await renderForm(req, initiative: existing, content: content, errors: errors, formError: CoreText.formHasErrors,
                                        similar: similar, raw: form, status: .unprocessableEntity)
        }
        if form.action == "check" {
            return try await renderForm(req, initiative: existing, content: content, errors: [:], formError: nil, similar: similar, raw: form)
        }
        if form.action == "submit" {
            let ready = InitiativeValidation.readyToSubmit(content)
            if !ready.isEmpty {
                return try await renderForm(req, initiative: existing, content: content, errors: ready, formError: ready.values.sorted().joined(separator: " "),
                                            similar: similar, raw: form, status: .unprocessableEntity)
            }
        }
        let actor = try req.auditActor()
        let saved: Initiative
        do {
            saved = try await InitiativeCommands.save(existing, content: content, expectedVersion: form.version, user: user, actor: actor,
                                                      notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderForm(req, initiative: existing, content: content, errors: fields, formError: message, similar: similar, raw: form,
                                        status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderForm(req, initiative: existing, content: content, errors: [:], formError: message, similar: similar, raw: form, status: .conflict)
        }
        guard form.action == "submit" else {
            return req.redirect(to: .initiativeEdit(saved.id), flash: Flash(.success, InitiativeText.saved))
        }
        try await InitiativeCommands.submit(saved, actor: actor, notifier: req.application.notifier, on: req.db)
        return req.redirect(to: .initiative(saved.id), flash: Flash(.success, InitiativeText.submitted))
    }

    // MARK: the file

    static func show(req: Request) async throws -> Response {
        let (i, ref) = try await load(req)
        return try await render(req, i, ref, state: FormState())
    }

    static func render(_ req: Request, _ i: Initiative, _ ref: InitiativeRef, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let content = try await InitiativeQueries.content(on: req.db, i)
        let rubric = try await InitiativeQueries.rubric(on: req.db, communeID: i.communeID)
        let reviews = try await InitiativeQueries.reviews(on: req.db, i)
        let manage = Policy.allows(user, .manageInitiatives)
        let seesReviews = manage || Policy.allows(user, .viewAllPledges) || ref.reviewers.contains(user.id)
        var reviewerChoices: [Choice] = []
        if manage && [.submitted, .underReview].contains(i.state) {
            let councilIDs = try await UserRole.query(on: req.db).filter(\.$communeID == user.communeID).all().map(\.userID)
            reviewerChoices = try await User.query(on: req.db).filter(\.$id ~~ Array(Set(councilIDs))).filter(\.$isActive == true).sort(\.$displayName).all()
                .filter { $0.id != i.createdBy && !($0.personID.map(ref.authorPeople.contains) ?? false) }
                .map { Choice(value: $0.id!.uuidString.lowercased(), label: $0.displayName) }
        }
        let adoptions = try await InitiativeAdoption.query(on: req.db).filter(\.$initiativeID == i.id!).sort(\.$createdAt).all()
        let names = try await DirectoryQueries.unitNames(on: req.db, ids: Set(adoptions.map(\.unitID) + [i.ownerUnitID].compactMap { $0 }))
        let area = try await i.contentAreaID.asyncMap { try await ContentArea.find($0, on: req.db) } ?? nil
        var adoptUnits: [Choice] = []
        if i.state == .recognised {
            adoptUnits = try await choices(req).units.filter { c in
                UUID(uuidString: c.value).map { Policy.allows(user, .adoptInitiative(unitID: $0, communeID: user.communeID)) } ?? false
            }
        }
        let similar = (manage || ref.reviewers.contains(user.id) || Policy.isApplicant(user, ref)) && i.state != .recognised
            ? try await InitiativeQueries.similar(on: req.db, communeID: i.communeID, title: i.title, summary: i.summary, excluding: i.id,
                                                  visibleTo: try req.requireUser()) : []
        let reviewRows: [ReviewRow] = seesReviews ? reviews.map { r in
            ReviewRow(reviewerID: r.reviewerID, name: r.reviewerName, total: r.total, comment: r.comment, scores: InitiativeQueries.scores(r), scoredAt: r.scoredAt)
        } : []
        let myReview: [UUID: Double]? = reviews.first { $0.reviewerID == user.id && i.state == .underReview }.map { InitiativeQueries.scores($0) }
        let decision: DecisionRow? = i.state == .recognised || i.state == .notRecognised
            ? DecisionRow(number: i.decisionNumber, date: i.decisionDate, scope: i.scopeValue, councilDate: i.councilDate, minutes: i.councilMinutes,
                          certificateNumber: i.certificateNumber.map(InitiativeCertificate.numberText)) : nil
        let criteria = rubric.criteria.map { RubricCriterion(id: $0.id!, name: $0.name, max: $0.maxPoints) }
        let adoptionRows = adoptions.map { AdoptionRow(unitName: names[$0.unitID] ?? "", note: $0.note, at: $0.createdAt) }
        let areaName: String? = area.map { "\($0.position). \($0.name)" }
        let unitName: String? = i.ownerUnitID.flatMap { names[$0] }
        let frame = req.page(i.title, section: .initiatives, breadcrumbs: crumbs(i.title))
        let attachments = try await Evidence.query(on: req.db).filter(\.$initiativeID == i.id!).sort(\.$createdAt).all()
            .map { EvidenceDTO(id: $0.id!, kind: $0.kind, title: $0.title, contentType: $0.contentType, size: $0.size, url: $0.url, uploadedBy: $0.uploadedBy, createdAt: $0.createdAt) }
        let model = InitiativeDetailView.Model(
            frame: frame, id: i.id!, status: i.state, year: i.year, content: content, returnReason: i.returnReason, createdByName: i.createdByName,
            submittedAt: i.submittedAt, unitName: unitName, areaName: areaName,
            showConfidential: Policy.allows(user, .viewInitiativeConfidential(ref)),
            canEdit: Policy.allows(user, .editInitiative(ref)), canWithdraw: Policy.allows(user, .withdrawInitiative(ref)) && i.state.isOpen,
            manage: manage, reviewerChoices: reviewerChoices, criteria: criteria, threshold: rubric.threshold, legalSource: rubric.source,
            reviews: reviewRows, myReview: myReview, myComment: reviews.first { $0.reviewerID == user.id }?.comment ?? "",
            decision: decision, similar: similar, adoptions: adoptionRows, adoptUnits: adoptUnits, attachments: attachments, state: state, csrf: user.csrfToken)
        return try await InitiativeDetailView.render(model).encodeResponse(status: status, for: req)
    }

    /// Runs a use case's command: its field errors show on the file page (422) with what was typed; else back to the file.
    static func perform(_ req: Request, _ i: Initiative, _ ref: InitiativeRef, values: [String: String] = [:], done: String,
                        _ command: () async throws -> Void) async throws -> Response {
        do {
            try await command()
        } catch AppError.validation(let fields, let message) {
            return try await render(req, i, ref, state: FormState(values: values, errors: fields, formError: message), status: .unprocessableEntity)
        }
        return req.redirect(to: .initiative(i.id), flash: Flash(.success, done))
    }

    static func withdraw(req: Request) async throws -> Response {
        let (i, ref) = try await load(req)
        try req.authorize(.withdrawInitiative(ref))
        try await InitiativeCommands.withdraw(i, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .initiative(i.id), flash: Flash(.success, InitiativeText.withdrawn))
    }

    struct AssignForm: Content { var reviewerIds: [String]? }

    static func assign(req: Request) async throws -> Response {
        try req.authorize(.manageInitiatives)
        let (i, ref) = try await load(req)
        let ids = try req.content.decode(AssignForm.self).reviewerIds ?? []
        return try await perform(req, i, ref, done: InitiativeText.assigned) {
            try await InitiativeCommands.assign(i, reviewerIds: ids, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        }
    }

    struct ReturnForm: Content { var reason: String? }

    static func returnIt(req: Request) async throws -> Response {
        try req.authorize(.manageInitiatives)
        let (i, ref) = try await load(req)
        let reason = try req.content.decode(ReturnForm.self).reason
        return try await perform(req, i, ref, values: ["reason": reason ?? ""], done: InitiativeText.returned) {
            try await InitiativeCommands.returnIt(i, reason: reason, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        }
    }

    struct ScoreForm: Content { var criterionId: [String]?; var points: [String]?; var comment: String? }

    static func score(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (i, ref) = try await load(req)
        try req.authorize(.scoreInitiative(ref))
        let form = try req.content.decode(ScoreForm.self)
        // The rows as typed: criterion id → the number read the Vietnamese way; an unreadable one is left out (422 there).
        var points: [UUID: Double] = [:]
        for (n, raw) in (form.criterionId ?? []).enumerated() {
            guard let id = Check.uuid(raw), n < (form.points?.count ?? 0), let v = NumberText.parse(form.points![n]) else { continue }
            points[id] = v
        }
        return try await perform(req, i, ref, done: InitiativeText.scored) {
            try await InitiativeCommands.score(i, reviewerID: user.id, points: points, comment: form.comment, actor: try req.auditActor(), on: req.db)
        }
    }

    /// The decision's number is not on the form: the register gives it when the decision is recorded.
    struct DecideForm: Content {
        var outcome: String?
        var councilDate: String?
        var minutes: String?
        var decisionDate: String?
        var scope: String?
    }

    static func decide(req: Request) async throws -> Response {
        try req.authorize(.manageInitiatives)
        let (i, ref) = try await load(req)
        let f = try req.content.decode(DecideForm.self)
        let recognised: Bool? = switch f.outcome { case "recognised": true; case "not_recognised": false; default: nil }
        let input = InitiativeCommands.DecisionInput(recognised: recognised, councilDate: f.councilDate, minutes: f.minutes,
                                                     decisionDate: f.decisionDate, scope: recognised == true ? f.scope : nil)
        let values = ["outcome": f.outcome ?? "", "councilDate": f.councilDate ?? "", "minutes": f.minutes ?? "",
                      "decisionDate": f.decisionDate ?? "", "scope": f.scope ?? ""]
        return try await perform(req, i, ref, values: values, done: InitiativeText.decided) {
            try await InitiativeCommands.decide(i, input: input, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        }
    }

    struct AdoptForm: Content { var unitId: String?; var note: String? }

    static func adopt(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (i, ref) = try await load(req)
        let f = try req.content.decode(AdoptForm.self)
        // For a unit of another commune or none, the command answers 422 on `unitId`.
        if let unitID = Check.uuid(f.unitId) { try req.authorize(.adoptInitiative(unitID: unitID, communeID: user.communeID)) }
        return try await perform(req, i, ref, values: ["unitId": f.unitId ?? "", "note": f.note ?? ""], done: InitiativeText.adopted) {
            try await InitiativeCommands.adopt(i, unitId: f.unitId, note: f.note, actor: try req.auditActor(), on: req.db)
        }
    }

    // MARK: certificate

    static func certificateModel(_ req: Request) async throws -> InitiativeCertificate.Model {
        let (i, _) = try await load(req)
        guard i.state == .recognised else { throw AppError.notFound }
        let commune = try await Commune.find(i.communeID, on: req.db)
        let authors = try await InitiativeQueries.authors(on: req.db, i)
        let unit = try await i.ownerUnitID.asyncMap { try await Unit.find($0, on: req.db)?.name } ?? nil
        // Signed as the recognition decision is: by the chairperson in office on its date (or a vice-chairperson for them).
        let decided = i.decisionDate.flatMap { LocalDate(iso: $0) }
        let signer = try await decided.asyncMap {
            try await CommendationSigning.candidates(kind: "decision", communeID: i.communeID, on: $0, db: req.db).first
        } ?? nil
        return InitiativeCertificate.Model(authority: commune?.authorityName ?? "", communeName: commune?.name ?? "", title: i.title,
                                           authors: authors.map { AuthorCredit(name: $0.fullName, title: $0.jobTitle, workplace: $0.workplace, share: $0.share) },
                                           unitName: unit, decisionNumber: i.decisionNumber, decisionDate: i.decisionDate.flatMap { LocalDate(iso: $0) },
                                           certificateNumber: i.certificateNumber, scope: i.scopeValue ?? .commune, year: i.year,
                                           signature: SignerBook.decisionBlock(signer))
    }

    static func certificate(req: Request) async throws -> HTML {
        InitiativeCertificate.page(try await certificateModel(req))
    }

    static func certificateDocx(req: Request) async throws -> Response {
        let model = try await certificateModel(req)
        return .download(try InitiativeCertificate.docx(model), contentType: FileKind.docx.contentType, filename: "giay-chung-nhan-sang-kien.docx")
    }
}

struct RubricCriterion: Sendable { let id: UUID; let name: String; let max: Double }
struct ReviewRow: Sendable { let reviewerID: UUID; let name: String; let total: Double?; let comment: String; let scores: [UUID: Double]; let scoredAt: Date? }
struct DecisionRow: Sendable {
    let number: String
    let date: String?
    let scope: InitiativeScope?
    let councilDate: String?
    let minutes: String
    /// "3/GCN-SK", once recognised.
    let certificateNumber: String?
}
struct AdoptionRow: Sendable { let unitName: String; let note: String; let at: Date }
struct AuthorCredit: Sendable { let name: String; let title: String; let workplace: String; let share: Double }
