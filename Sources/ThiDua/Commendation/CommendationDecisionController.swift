import Fluent
import Foundation
import Plot
import Vapor

/// Posting, objections, Tờ trình, Quyết định, Giấy khen and revocation.
extension CommendationController {
    typealias T = CommendationText

    struct PostForm: Content { var year: String?; var startsOn: String? }

    static func post(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageCommendations)
        let f = try req.content.decode(PostForm.self)
        let year = Int(f.year ?? "") ?? LocalDate(req.now).year
        guard let start = LocalDate(vietnamese: f.startsOn ?? "") else { return back(req, year, .validation(fields: [:], message: CoreText.dateHint)) }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        do { _ = try await CommendationCommands.post(year: year, start: start, settings: settings, actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, year, e) }
        return req.redirect(to: .commendations(year: year), flash: Flash(.success, CommendationText.posted))
    }

    struct AnswerForm: Content { var answer: String? }

    static func answer(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageCommendations)
        guard let id = req.parameters.get("id", as: UUID.self),
              let o = try await Objection.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first(),
              let p = try await Posting.find(o.postingID, on: req.db) else { throw AppError.notFound }
        var errors: [String: String] = [:]
        let text = Check.text(try req.content.decode(AnswerForm.self).answer, "answer", max: TextLimit.long, required: true, into: &errors)
        if !errors.isEmpty { return back(req, p.year, .validation(fields: errors, message: CoreText.required)) }
        do { try await CommendationCommands.answer(o, text: text, actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, p.year, e) }
        return req.redirect(to: .commendations(year: p.year), flash: Flash(.success, CommendationText.answered))
    }

    /// Dismisses an unanswered objection as spam, with a required reason.
    static func dismiss(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageCommendations)
        guard let id = req.parameters.get("id", as: UUID.self),
              let o = try await Objection.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first(),
              let p = try await Posting.find(o.postingID, on: req.db) else { throw AppError.notFound }
        var errors: [String: String] = [:]
        let reason = Check.text(try req.content.decode(ReasonForm.self).reason, "reason", max: reasonLimit, required: true, into: &errors)
        if !errors.isEmpty { return back(req, p.year, .validation(fields: errors, message: CommendationText.dismissReasonRequired)) }
        do { try await CommendationCommands.dismiss(o, reason: reason, actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, p.year, e) }
        return req.redirect(to: .commendations(year: p.year), flash: Flash(.success, CommendationText.dismissed))
    }

    struct SignerForm: Content { var signerId: String? }

    /// The signer the form asks for: nil for none (the command then takes the one in office), else the id — or a
    /// validation error beside the field when it is not an id at all.
    static func requestedSigner(_ req: Request) throws -> UUID? {
        let text = TextFolding.clean(try req.content.decode(SignerForm.self).signerId)
        guard !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw AppError.validation(fields: ["signerId": SignerText.unknownSigner], message: SignerText.unknownSigner) }
        return id
    }

    static func submission(req: Request) async throws -> Response {
        try req.authorize(.manageCommendations)
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        do {
            let signer = try requestedSigner(req)
            _ = try await CommendationCommands.makeSubmission(year: year, today: LocalDate(req.now), signerID: signer, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await preparePage(req, kind: "submission", year: year, state: FormState(values: ["signerId": (try? req.content.decode(SignerForm.self).signerId) ?? ""],
                                                                                                 errors: fields, formError: message), status: .unprocessableEntity)
        } catch let e as AppError { return back(req, year, e) }
        return req.redirect(to: .commendations(year: year), flash: Flash(.success, CommendationText.submissionMade))
    }

    static func sign(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.signCommendations)
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        do {
            let signer = try requestedSigner(req)
            _ = try await CommendationCommands.sign(year: year, today: LocalDate(req.now), settings: settings, titles: titles, signerID: signer,
                                                    actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await preparePage(req, kind: "decision", year: year, state: FormState(values: ["signerId": (try? req.content.decode(SignerForm.self).signerId) ?? ""],
                                                                                               errors: fields, formError: message), status: .unprocessableEntity)
        } catch let e as AppError { return back(req, year, e) }
        return req.redirect(to: .commendations(year: year), flash: Flash(.success, CommendationText.signed))
    }

    /// The lines of a year's list: the awards once decided, before that the approved commune-level nominations; each
    /// individual with "Chức vụ, đơn vị" from the person and their unit. A fixed number of statements: the awards (or
    /// the nominations with the settings and titles), the people, the units.
    static func lines(_ req: Request, year: Int) async throws -> [CommendationDocuments.Line] {
        let user = try req.requireUser()
        return try await lines(on: req.db, communeID: user.communeID, year: year)
    }

    static func lines(on db: any Database, communeID: UUID, year: Int) async throws -> [CommendationDocuments.Line] {
        struct Raw { let name: String; let title: String; let amount: Double; let personID: UUID?; let unitID: UUID?; let kind: RecipientKind
                     var titleID: UUID? = nil }
        var raw: [Raw] = []
        let titles = try await CommendationQueries.titles(on: db, communeID: communeID)
        let titlePosition = Dictionary(titles.enumerated().compactMap { i, t in t.id.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        let kinds = Dictionary(titles.compactMap { t in t.id.map { ($0, t.recipientKind) } }, uniquingKeysWith: { a, _ in a })
        let awards = try await Award.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).sort(\.$recipientName).all()
        if !awards.isEmpty {
            raw = awards.map { Raw(name: $0.recipientName, title: $0.titleName, amount: $0.amount, personID: $0.personID, unitID: $0.unitID,
                                   kind: kinds[$0.titleID] ?? ($0.personID == nil ? .collective : .individual), titleID: $0.titleID) }
        } else {
            let settings = try await CommendationQueries.settings(on: db, communeID: communeID)
            raw = try await Nomination.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
                .filter(\.$status == NominationStatus.approved.rawValue).sort(\.$nomineeName).all().compactMap { n in
                    guard let t = titles.first(where: { $0.id == n.titleID }), t.isCommuneAward else { return nil }
                    return Raw(name: n.nomineeName, title: t.name,
                               amount: Reward.amount(multiple: t.rewardMultiple, baseSalary: settings.baseSalary, rounding: settings.rewardRounding),
                               personID: n.personID, unitID: n.unitID, kind: t.recipientKind, titleID: t.id)
                }
        }
        let personIDs = Array(Set(raw.compactMap(\.personID)))
        let people = personIDs.isEmpty ? [] : try await Person.query(on: db).filter(\.$communeID == communeID).filter(\.$id ~~ personIDs).all()
        let unitIDs = Array(Set(people.compactMap(\.unitID)))
        let units = unitIDs.isEmpty ? [] : try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$id ~~ unitIDs).all()
        let personByID = Dictionary(people.compactMap { p in p.id.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        let unitName = Dictionary(units.compactMap { u in u.id.map { ($0, u.name) } }, uniquingKeysWith: { a, _ in a })
        // The list's order (AwardListOrder): individuals, then collectives; by title, then by name. The Excel list too.
        return AwardListOrder.sorted(raw.map { r in
            var position = ""
            if let p = r.personID.flatMap({ personByID[$0] }) {
                position = AwardListOrder.positionText(title: p.title, unit: p.unitID.flatMap { unitName[$0] })
            }
            let key = r.personID.map { "p:\($0.uuidString)" } ?? r.unitID.map { "u:\($0.uuidString)" } ?? ""
            return .init(name: r.name, title: r.title, amount: r.amount, position: position, recipientKey: key, kind: r.kind,
                         titlePosition: r.titleID.flatMap { titlePosition[$0] } ?? Int.max)
        })
    }

    /// What the Tờ trình and the Quyết định cite besides the laws: the plan, the council's meeting, the posting.
    static func sources(on db: any Database, communeID: UUID, year: Int) async throws -> CommendationDocuments.Sources {
        var s = CommendationDocuments.Sources()
        if let movement = try await MovementQueries.movement(on: db, communeID: communeID) {
            s.plan = (movement.planNumber, movement.planDate.flatMap(LocalDate.init(iso:)))
        }
        if let m = try await CouncilMeeting.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).filter(\.$status == "closed")
            .sort(\.$heldOn, .descending).first(), let held = LocalDate(iso: m.heldOn) {
            s.meeting = (held, m.minutesNumberText)
        }
        if let p = try await CommendationQueries.posting(on: db, communeID: communeID, year: year) {
            s.posting = "từ ngày \(LocalDate(iso: p.startsOn)?.vietnamese ?? "") đến ngày \(LocalDate(iso: p.endsOn)?.vietnamese ?? "")"
            s.objections = try await Objection.query(on: db).filter(\.$postingID == p.id!).filter(\.$dismissedAt == nil).count()
        }
        let settings = try await CommendationQueries.settings(on: db, communeID: communeID)
        s.baseSalary = settings.baseSalary
        s.baseSalarySource = settings.baseSalarySource
        s.bases = try await LegalBasisBook.all(communeID: communeID, db: db)
        return s
    }

    /// The Tờ trình or Quyết định as Word, with its kept signer. A fixed number of statements, whatever the list's size.
    static func documentData(on db: any Database, _ d: CommendationDecision, context ctx: CommendationDocuments.Context) async throws -> Data {
        let lines = try await lines(on: db, communeID: d.communeID, year: d.year)
        var sources = try await sources(on: db, communeID: d.communeID, year: d.year)
        sources.cited = try await CommendationCitedBases.kept(d, on: db)
        let kept = try await CommendationSigning.kept(on: db, ids: [d.id!])[d.id!]
        let signature = CommendationSigning.block(kind: d.kind, kept: kept)
        let date = LocalDate(iso: d.issuedOn)
        if d.kind == "submission" {
            return try CommendationDocuments.submission(ctx, number: d.numberText, date: date, lines: lines, sources: sources, signature: signature)
        }
        let submission = try await CommendationDecision.query(on: db).filter(\.$communeID == d.communeID).filter(\.$year == d.year)
            .filter(\.$kind == "submission").sort(\.$createdAt, .descending).first()
        return try CommendationDocuments.decision(ctx, number: d.numberText, date: date, lines: lines,
                                                  submission: submission.map { ($0.numberText, LocalDate(iso: $0.issuedOn)) },
                                                  sources: sources, signature: signature)
    }

    static func loadDocument(_ req: Request) async throws -> CommendationDecision {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let d = try await CommendationDecision.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first() else { throw AppError.notFound }
        return d
    }

    static func document(req: Request) async throws -> Response {
        try req.authorize(.viewCommendations)
        let d = try await loadDocument(req)
        let data = try await documentData(on: req.db, d, context: try await context(req, year: d.year))
        return docx(data, filename: d.kind == "submission" ? "to-trinh-khen-thuong-\(d.year)-so-\(d.number).docx" : "quyet-dinh-khen-thuong-\(d.year)-so-\(d.number).docx")
    }

    // MARK: signers of the documents

    /// The signer pages of the Tờ trình and Quyết định: choose before making it, see and change it before download.
    static func registerSigning(_ r: any RoutesBuilder) {
        r.get(.commendationStep(year: nil, .submission), use: prepareSubmission)
        r.get(.commendationStep(year: nil, .sign), use: prepareDecision)
        r.on(.GET, CommendationPaths.components(DocumentPaths.page(nil)), use: documentPage)
        r.on(.POST, CommendationPaths.components(DocumentPaths.signer(nil)), use: changeSigner)
    }

    /// The rule for changing a document's signer: the secretariat for the Tờ trình, the chairperson's role for the decision.
    static func signerAction(kind: String) -> Action { kind == "submission" ? .manageCommendations : .signCommendations }

    static func prepareSubmission(req: Request) async throws -> Response {
        try req.authorize(.manageCommendations)
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        return try await preparePage(req, kind: "submission", year: year, state: FormState())
    }

    static func prepareDecision(req: Request) async throws -> Response {
        try req.authorize(.signCommendations)
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        return try await preparePage(req, kind: "decision", year: year, state: FormState())
    }

    /// Choose the signer before the document is made: who may sign it today, the block that will be printed, and a
    /// warning (with the way to the signers page) when nobody holds the office.
    static func preparePage(_ req: Request, kind: String, year: Int, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let today = LocalDate(req.now)
        let candidates = try await CommendationSigning.candidates(kind: kind, communeID: user.communeID, on: today, db: req.db)
        let T = CommendationDocumentText.self
        let title = kind == "submission" ? T.prepareSubmission : T.prepareDecision
        var state = state
        if state["signerId"].isEmpty, let first = candidates.first { state.values["signerId"] = first.id.uuidString }
        let made = try await CommendationQueries.decisions(on: req.db, communeID: user.communeID, year: year)
            .last { $0.kind == kind && $0.status != "revoked" }
            .map { CommendationSigningViews.Made(id: try $0.requireID(), number: $0.numberText, date: LocalDate(iso: $0.issuedOn) ?? today) }
        return try await CommendationSigningViews.prepare(.init(
            frame: req.page(title, section: .commendations, breadcrumbs: crumbs(title)), kind: kind, year: year, date: today,
            candidates: candidates, state: state, csrf: user.csrfToken,
            action: SiteURL.commendationStep(year: year, kind == "submission" ? .submission : .sign).path,
            bases: try await legalBasesPanel(req, kind: kind, on: today), made: made
        )).encodeResponse(status: status, for: req)
    }

    /// A document's page: its number and date, the signer and block that will be printed (a warning when no name),
    /// the form to change the signer, and the download.
    static func documentPage(req: Request) async throws -> Response {
        try await documentPage(req, state: nil)
    }

    static func documentPage(_ req: Request, state: FormState?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewCommendations)
        let d = try await loadDocument(req)
        let date = LocalDate(iso: d.issuedOn) ?? LocalDate(req.now)
        let kept = try await CommendationSigning.kept(on: req.db, ids: [d.id!])[d.id!]
        let canChange = d.status != "revoked" && kept?.signer == nil && Policy.allows(user, signerAction(kind: d.kind))
        let candidates = canChange ? try await CommendationSigning.candidates(kind: d.kind, communeID: user.communeID, on: date, db: req.db) : []
        let T = CommendationDocumentText.self
        let title = "\(d.kind == "submission" ? "Tờ trình" : "Quyết định") số \(d.numberText)"
        return try await CommendationSigningViews.document(.init(
            frame: req.page(title, section: .commendations, breadcrumbs: crumbs(T.documentTitle)), document: d, date: date,
            block: CommendationSigning.block(kind: d.kind, kept: kept), missing: kept?.signer == nil ? CommendationSigning.expectedOffice(kind: d.kind) : nil,
            candidates: candidates, canChange: canChange,
            state: state ?? FormState(values: ["signerId": kept?.signerID?.uuidString ?? ""]), csrf: user.csrfToken,
            bases: try await legalBasesPanel(req, kind: d.kind, on: date)
        )).encodeResponse(status: status, for: req)
    }

    /// What the Tờ trình (`kind` "submission") or the Quyết định dated `date` cites, read in one statement, with a
    /// link to the settings page for those who may see it (to edit it: the administrator).
    static func legalBasesPanel(_ req: Request, kind: String, on date: LocalDate) async throws -> LegalBasisViews.Panel {
        let user = try req.requireUser()
        let bases = try await LegalBasisBook.all(communeID: user.communeID, db: req.db)
        return LegalBasisViews.panel(bases, for: kind == "submission" ? .commendationSubmission : .commendationDecision, on: date,
                                     canEdit: Policy.allows(user, .manageLegalBases), canView: Policy.allows(user, .viewLegalBases))
    }

    static func changeSigner(req: Request) async throws -> Response {
        try req.authorize(.viewCommendations)
        let d = try await loadDocument(req)
        try req.authorize(signerAction(kind: d.kind))
        let sent = (try? req.content.decode(SignerForm.self).signerId) ?? ""
        do {
            _ = try await CommendationSigning.change(d, signerID: try requestedSigner(req), actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await documentPage(req, state: FormState(values: ["signerId": sent], errors: fields, formError: message), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await documentPage(req, state: FormState(values: ["signerId": sent], formError: message), status: .conflict)
        }
        return req.redirect(to: DocumentPaths.page(d.id), flash: Flash(.success, CommendationDocumentText.signerChanged))
    }

    static func loadAward(_ req: Request) async throws -> (Award, CommendationDocuments.Certificate) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let a = try await Award.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first(),
              let d = try await CommendationDecision.find(a.decisionID, on: req.db) else { throw AppError.notFound }
        try req.authorize(.viewAward(AwardRef(communeID: a.communeID, personID: a.personID, unitID: a.unitID)))
        // The Giấy khen is signed by whoever signed its decision (the chairperson, or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH").
        let signature = CommendationSigning.block(kind: "decision", kept: try await CommendationSigning.kept(on: req.db, ids: [d.id!])[d.id!])
        return (a, try await CommendationDocuments.certificate(award: a, decision: d, context: try await context(req, year: a.year),
                                                               signature: signature, on: req.db))
    }

    static func certificate(req: Request) async throws -> HTML {
        CommendationDocuments.certificatePage(try await loadAward(req).1)
    }

    static func certificateDocx(req: Request) async throws -> Response {
        let (a, m) = try await loadAward(req)
        return docx(try CommendationDocuments.certificateDocx(m), filename: "giay-khen-\(a.year)-\(a.id!.uuidString.prefix(8).lowercased()).docx")
    }

    struct RevokeForm: Content { var reason: String?; var recover: String? }

    static func revokeDecision(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.signCommendations)
        guard let id = req.parameters.get("id", as: UUID.self),
              let d = try await CommendationDecision.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first() else { throw AppError.notFound }
        let f = try req.content.decode(RevokeForm.self)
        var errors: [String: String] = [:]
        let reason = Check.text(f.reason, "reason", max: reasonLimit, required: true, into: &errors)
        if !errors.isEmpty { return back(req, d.year, .validation(fields: errors, message: T.reasonRequired)) }
        do { try await CommendationCommands.revokeDecision(d, reason: reason, recover: f.recover == "1", actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, d.year, e) }
        return req.redirect(to: .commendations(year: d.year), flash: Flash(.success, T.revoked))
    }

    static func revoke(req: Request) async throws -> Response {
        try req.authorize(.signCommendations)
        let (a, _) = try await loadAward(req)
        let f = try req.content.decode(RevokeForm.self)
        var errors: [String: String] = [:]
        let reason = Check.text(f.reason, "reason", max: reasonLimit, required: true, into: &errors)
        if !errors.isEmpty { return back(req, a.year, .validation(fields: errors, message: CommendationText.reasonRequired)) }
        do { try await CommendationCommands.revoke(a, reason: reason, recover: f.recover == "1", actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, a.year, e) }
        return req.redirect(to: .commendations(year: a.year), flash: Flash(.success, CommendationText.revoked))
    }
}
