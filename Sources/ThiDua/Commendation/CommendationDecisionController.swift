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
        let reason = Check.text(try req.content.decode(ReasonForm.self).reason, "reason", max: TextLimit.long, required: true, into: &errors)
        if !errors.isEmpty { return back(req, p.year, .validation(fields: errors, message: CommendationText.dismissReasonRequired)) }
        do { try await CommendationCommands.dismiss(o, reason: reason, actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, p.year, e) }
        return req.redirect(to: .commendations(year: p.year), flash: Flash(.success, CommendationText.dismissed))
    }

    static func submission(req: Request) async throws -> Response {
        try req.authorize(.manageCommendations)
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        do { _ = try await CommendationCommands.makeSubmission(year: year, today: LocalDate(req.now), actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, year, e) }
        return req.redirect(to: .commendations(year: year), flash: Flash(.success, CommendationText.submissionMade))
    }

    static func sign(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.signCommendations)
        guard let year = req.parameters.get("year", as: Int.self) else { throw AppError.notFound }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        do { _ = try await CommendationCommands.sign(year: year, today: LocalDate(req.now), settings: settings, titles: titles, actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, year, e) }
        return req.redirect(to: .commendations(year: year), flash: Flash(.success, CommendationText.signed))
    }

    /// The lines of a year's list: the awards once decided, before that the approved commune-level nominations.
    static func lines(_ req: Request, year: Int) async throws -> [CommendationDocuments.Line] {
        let user = try req.requireUser()
        let awards = try await Award.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$year == year).all()
        if !awards.isEmpty { return awards.map { .init(name: $0.recipientName, title: $0.titleName, amount: $0.amount) } }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        return try await Nomination.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$year == year)
            .filter(\.$status == NominationStatus.approved.rawValue).all().compactMap { n in
                guard let t = titles.first(where: { $0.id == n.titleID }), t.isCommuneAward else { return nil }
                return .init(name: n.nomineeName, title: t.name, amount: Reward.amount(multiple: t.rewardMultiple, baseSalary: settings.baseSalary, rounding: settings.rewardRounding))
            }
    }

    static func document(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewCommendations)
        guard let id = req.parameters.get("id", as: UUID.self),
              let d = try await CommendationDecision.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first() else { throw AppError.notFound }
        let ctx = try await context(req, year: d.year)
        let lines = try await lines(req, year: d.year)
        if d.kind == "submission" {
            let p = try await CommendationQueries.posting(on: req.db, communeID: user.communeID, year: d.year)
            let objections = try await p.asyncMap { try await Objection.query(on: req.db).filter(\.$postingID == $0.id!).filter(\.$dismissedAt == nil).count() } ?? 0
            let span = p.map { "từ \(LocalDate(iso: $0.startsOn)?.vietnamese ?? "") đến \(LocalDate(iso: $0.endsOn)?.vietnamese ?? "")" } ?? ""
            return docx(try CommendationDocuments.submission(ctx, number: d.numberText, date: LocalDate(iso: d.issuedOn), lines: lines, posting: span, objections: objections),
                        filename: "to-trinh-khen-thuong-\(d.year)-so-\(d.number).docx")
        }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let submission = try await CommendationQueries.decisions(on: req.db, communeID: user.communeID, year: d.year).first { $0.kind == "submission" }
        return docx(try CommendationDocuments.decision(ctx, number: d.numberText, date: LocalDate(iso: d.issuedOn), lines: lines,
                                                       submission: submission.map { "\($0.numberText) ngày \(LocalDate(iso: $0.issuedOn)?.vietnamese ?? "")" } ?? "",
                                                       baseSalary: settings.baseSalary),
                    filename: "quyet-dinh-khen-thuong-\(d.year)-so-\(d.number).docx")
    }

    static func loadAward(_ req: Request) async throws -> (Award, CommendationDocuments.Certificate) {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let a = try await Award.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first(),
              let d = try await CommendationDecision.find(a.decisionID, on: req.db) else { throw AppError.notFound }
        try req.authorize(.viewAward(AwardRef(communeID: a.communeID, personID: a.personID, unitID: a.unitID)))
        let code = try await AwardTitle.find(a.titleID, on: req.db)?.code ?? ""
        return (a, .init(context: try await context(req, year: a.year), recipient: a.recipientName, titleName: a.titleName, isGiayKhen: code.hasPrefix("gk"),
                         decisionNumber: d.numberText, decisionDate: LocalDate(iso: d.issuedOn)))
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
        let reason = Check.text(f.reason, "reason", max: TextLimit.long, required: true, into: &errors)
        if !errors.isEmpty { return back(req, d.year, .validation(fields: errors, message: T.reasonRequired)) }
        do { try await CommendationCommands.revokeDecision(d, reason: reason, recover: f.recover == "1", actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, d.year, e) }
        return req.redirect(to: .commendations(year: d.year), flash: Flash(.success, T.revoked))
    }

    static func revoke(req: Request) async throws -> Response {
        try req.authorize(.signCommendations)
        let (a, _) = try await loadAward(req)
        let f = try req.content.decode(RevokeForm.self)
        var errors: [String: String] = [:]
        let reason = Check.text(f.reason, "reason", max: TextLimit.long, required: true, into: &errors)
        if !errors.isEmpty { return back(req, a.year, .validation(fields: errors, message: CommendationText.reasonRequired)) }
        do { try await CommendationCommands.revoke(a, reason: reason, recover: f.recover == "1", actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, a.year, e) }
        return req.redirect(to: .commendations(year: a.year), flash: Flash(.success, CommendationText.revoked))
    }
}
