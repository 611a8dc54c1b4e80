import Fluent
import Foundation
import Plot
import Vapor

/// The public posting (công khai) of the proposed list: no sign-in; anyone may send an objection while it is open.
enum PublicPostingController {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(.publicCommendations(nil), use: show)
        routes.post(.publicCommendations(nil), use: object)
    }

    struct Model: Sendable {
        let frame: PageFrame
        let communeName: String
        let code: String
        let posting: Posting?
        let lines: [(id: UUID, name: String, title: String)]
        let awards: [Award]
        let open: Bool
        let csrf: String
        let state: FormState
        let answered: [Objection]
    }

    static func model(_ req: Request, state: FormState, csrf: String) async throws -> Model {
        let c = try await ShowcaseController.commune(req)
        let posting = try await Posting.query(on: req.db).filter(\.$communeID == c.id!).sort(\.$startsOn, .descending).first()
        var lines: [(UUID, String, String)] = []
        var answered: [Objection] = []
        var open = false
        if let p = posting {
            let titles = try await CommendationQueries.titles(on: req.db, communeID: c.id!)
            let shown = [NominationStatus.approved.rawValue, NominationStatus.decided.rawValue]
            lines = try await Nomination.query(on: req.db).filter(\.$communeID == c.id!).filter(\.$year == p.year).filter(\.$status ~~ shown)
                .sort(\.$nomineeName).all().map { n in (n.id!, n.nomineeName, titles.first { $0.id == n.titleID }?.name ?? "") }
            let today = LocalDate(req.now)
            open = LocalDate(iso: p.startsOn).map { today >= $0 } == true && LocalDate(iso: p.endsOn).map { today <= $0 } == true
            answered = try await Objection.query(on: req.db).filter(\.$postingID == p.id!).filter(\.$answeredAt != nil).sort(\.$createdAt).all()
        }
        let awards = try await Award.query(on: req.db).filter(\.$communeID == c.id!).filter(\.$status == "valid").sort(\.$year, .descending).limit(500).all()
        return Model(frame: req.page("\(CommendationText.publicTitle) — xã \(c.name)", section: .showcase), communeName: c.name, code: c.code,
                     posting: posting, lines: lines.map { (id: $0.0, name: $0.1, title: $0.2) }, awards: awards, open: open, csrf: csrf, state: state, answered: answered)
    }

    static func show(req: Request) async throws -> Response {
        let token = req.currentUser?.csrfToken ?? req.cookies[CSRFMiddleware.cookieName]?.string ?? TokenDigest.newToken()
        let response = try await render(try await model(req, state: FormState(), csrf: token)).encodeResponse(for: req)
        if req.currentUser == nil { response.cookies[CSRFMiddleware.cookieName] = LoginController.cookie(token, req) }
        return response
    }

    struct Form: Content { var name: String?; var contact: String?; var content: String?; var nomination: String?; var website: String? }

    /// The objection form's guard: 5 accepted objections per address, commune and hour.
    static let formGuard = PublicFormGuard(form: "objection", limit: 5, window: 3600)

    static func object(req: Request) async throws -> Response {
        let token = req.currentUser?.csrfToken ?? req.cookies[CSRFMiddleware.cookieName]?.string ?? ""
        let f = try req.content.decode(Form.self)
        let verdict = try PublicFormGuard.screen(req, honeypot: f.website)
        var errors: [String: String] = [:]
        let name = Check.text(f.name, "name", max: 120, required: true, into: &errors)
        let contact = Check.text(f.contact, "contact", max: 200, required: true, into: &errors)
        let content = Check.text(f.content, "content", max: TextLimit.long, required: true, into: &errors)
        var m = try await model(req, state: FormState(), csrf: token)
        let nominationID = f.nomination.flatMap(UUID.init(uuidString:))
        if let nominationID, !m.lines.contains(where: { $0.id == nominationID }) { errors["nomination"] = CoreText.invalidChoice }
        guard let posting = m.posting else { throw AppError.notFound }
        let values = ["name": f.name ?? "", "contact": f.contact ?? "", "content": f.content ?? "", "nomination": f.nomination ?? ""]
        if !m.open { errors["content"] = CommendationText.postingOver }
        if !errors.isEmpty {
            m = try await model(req, state: FormState(values: values, errors: errors, formError: errors["content"] == CommendationText.postingOver ? CommendationText.postingOver : CoreText.formHasErrors), csrf: token)
            return try await render(m).encodeResponse(status: .unprocessableEntity, for: req)
        }
        // A robot filled the hidden box: the same answer as an accepted objection, and nothing stored.
        guard case .sender(let addressHash) = verdict else { return req.redirect(to: .publicCommendations(m.code), flash: Flash(.success, CommendationText.objectionSent)) }
        do {
            try await CommendationCommands.object(posting: posting, nominationID: nominationID, name: name, contact: contact, content: content, today: LocalDate(req.now),
                                                  senderHash: addressHash, guardedBy: formGuard, at: req.now, on: req.db)
        } catch AppError.tooManyRequests(let message) {
            m = try await model(req, state: FormState(values: values, formError: message), csrf: token)
            let response = try await render(m).encodeResponse(status: .tooManyRequests, for: req)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(formGuard.window))
            return response
        }
        return req.redirect(to: .publicCommendations(m.code), flash: Flash(.success, CommendationText.objectionSent))
    }

    static func render(_ m: Model) -> HTML {
        typealias T = CommendationText
        var body: [Node<HTML.BodyContext>] = []
        if let p = m.posting, let start = LocalDate(iso: p.startsOn), let end = LocalDate(iso: p.endsOn) {
            body.append(.h2(.text("Năm \(p.year)")))
            body.append(.p(.text("Công khai từ \(start.vietnamese) đến hết \(end.vietnamese) (ngày làm việc).")))
            body.append(Components.table(headers: ["TT", T.nominee, T.titleLabel], rows: m.lines.enumerated().map { i, l in [.text(String(i + 1)), .text(l.name), .text(l.title)] }))
            if m.open {
                body.append(.h2(.text(T.objectionForm)))
                body.append(FormKit.errorSummary(m.state))
                body.append(.form(.method(.post), .action(SiteURL.publicCommendations(m.code).path), .class("stacked"), FormKit.csrf(m.csrf),
                                  FormKit.select("nomination", label: T.objectionAbout, state: m.state, choices: m.lines.map { Choice(value: $0.id.uuidString, label: "\($0.name) — \($0.title)") },
                                                 blank: T.objectionGeneral),
                                  FormKit.text("name", label: T.senderName, state: m.state, required: true, maxLength: 120),
                                  FormKit.text("contact", label: T.contact, state: m.state, required: true),
                                  FormKit.textArea("content", label: T.objectionContent, state: m.state, rows: 5, required: true),
                                  PublicFormGuard.honeypotControl(),
                                  FormKit.actions(submit: T.objectionForm)))
            } else {
                body.append(FormKit.errorSummary(m.state))
                body.append(.p(.class("muted"), .text(T.postingOver)))
            }
            if !m.answered.isEmpty {
                body.append(.h2(.text(T.objections)))
                body.append(Components.table(headers: [T.objectionContent, T.answer], rows: m.answered.map { [.text($0.content), .text($0.answer)] }))
            }
        } else {
            body.append(.p(.class("muted"), .text(T.nothingPosted)))
        }
        if !m.awards.isEmpty {
            body.append(.h2(.text("Khen thưởng đã quyết định")))
            body.append(Components.table(headers: ["Năm", T.nominee, T.titleLabel], rows: m.awards.map { [.text(String($0.year)), .text($0.recipientName), .text($0.titleName)] }))
        }
        return Layout.render(m.frame, lead: T.publicLead, .group(body))
    }
}
