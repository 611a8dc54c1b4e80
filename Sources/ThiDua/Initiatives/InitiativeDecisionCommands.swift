import Fluent
import Foundation
import Vapor

/// The council's outcome and the recognition decision, numbered from the per-year register.
extension InitiativeCommands {
    /// The council's outcome and the decision's date and scope. The decision's number is not typed: it is taken from
    /// the register when the decision is recorded (``decide(_:_:actor:notifier:on:)``).
    struct Decision: Sendable {
        var recognised: Bool
        var councilDate: String?
        var minutes: String
        var decisionDate: String?
        var scope: InitiativeScope?
    }

    /// The council's outcome and the decision as sent by the page or the API: dates as dd/MM/yyyy or yyyy-MM-dd.
    struct DecisionInput: Sendable {
        /// nil: not given or not a known outcome (422 on `outcome`).
        var recognised: Bool?
        var councilDate: String?
        var minutes: String?
        var decisionDate: String?
        var scope: String?
    }

    /// Reads a decision: the outcome and council date always, the date and scope when recognised (422 on the field).
    static func decision(_ d: DecisionInput) throws -> Decision {
        var errors: [String: String] = [:]
        if d.recognised == nil { errors["outcome"] = CoreText.invalidChoice }
        let recognised = d.recognised ?? false
        let councilDate = Check.date(d.councilDate, "councilDate", required: true, into: &errors)
        let minutes = Check.text(d.minutes, "minutes", max: TextLimit.long, required: false, into: &errors)
        let decisionDate = Check.date(d.decisionDate, "decisionDate", required: recognised, into: &errors)
        let scopeText = TextFolding.clean(d.scope)
        let scope = InitiativeScope(rawValue: scopeText)
        if recognised && scope == nil || !scopeText.isEmpty && scope == nil { errors["scope"] = CoreText.invalidChoice }
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        return Decision(recognised: recognised, councilDate: councilDate, minutes: minutes, decisionDate: decisionDate,
                        scope: recognised ? scope : nil)
    }

    /// The council met on a day already past; the decision comes on or after the council's day and not after today. A decision dated outside that span would take a number of another year's
    /// register, or one that sits before the decisions already issued (422 beside the date).
    static func datesInOrder(_ i: Initiative, _ d: Decision, today: LocalDate) throws {
        var errors: [String: String] = [:]
        if let council = d.councilDate.flatMap({ LocalDate(iso: $0) }), today < council { errors["councilDate"] = InitiativeText.dateInFuture }
        if let decided = d.decisionDate.flatMap({ LocalDate(iso: $0) }) {
            if let council = d.councilDate.flatMap({ LocalDate(iso: $0) }), decided < council { errors["decisionDate"] = InitiativeText.decisionBeforeCouncil }
            if today < decided { errors["decisionDate"] = InitiativeText.dateInFuture }
        }
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
    }

    /// Records the outcome and the decision from what was sent; the applicant is told.
    static func decide(_ i: Initiative, input: DecisionInput, actor: AuditActor, notifier: (any Notifier)?, on db: any Database) async throws {
        try await decide(i, try decision(input), actor: actor, notifier: notifier, on: db)
    }

    /// A recognition takes, in the same transaction, the decision's number from the commune's register of decisions of
    /// the decision's year (the sequence of ``CommendationCommands/decisionSymbol`` that the commendation decisions use)
    /// and the certificate's own number from the register of certificates (``InitiativeCertificate/symbol``). A write
    /// that fails gives both numbers back.
    static func decide(_ i: Initiative, _ d: Decision, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws {
        guard [.submitted, .underReview].contains(i.state) else { throw AppError.conflict(InitiativeText.notOpen) }
        try datesInOrder(i, d, today: LocalDate(actor.at))
        let label = d.recognised ? "Công nhận sáng kiến" : "Không công nhận sáng kiến"
        let sent = try await db.writeTransaction { db in
            var decisionNumber = ""
            var certificateNumber: Int?
            if d.recognised, let year = d.decisionDate.flatMap({ LocalDate(iso: $0) })?.year {
                let number = try await DocumentRegister.next(communeID: i.communeID, year: year, symbol: CommendationCommands.decisionSymbol, on: db)
                decisionNumber = "\(number)/\(CommendationCommands.decisionSymbol)"
                certificateNumber = try await DocumentRegister.next(communeID: i.communeID, year: year, symbol: InitiativeCertificate.symbol, on: db)
            }
            let numbers = (decision: decisionNumber, certificate: certificateNumber)
            let after = ["decisionNumber": numbers.decision, "certificateNumber": numbers.certificate.map { InitiativeCertificate.numberText($0) } ?? "",
                         "decisionDate": d.decisionDate ?? "", "scope": d.scope?.rawValue ?? ""]
            try await transitionRow(i, to: d.recognised ? .recognised : .notRecognised, label: label, actor: actor, on: db, after: after) {
                $0.councilOutcome = d.recognised ? "recognised" : "not_recognised"
                $0.councilDate = d.councilDate
                $0.councilMinutes = d.minutes
                $0.decisionNumber = numbers.decision
                $0.certificateNumber = numbers.certificate
                $0.decisionDate = d.decisionDate
                $0.scope = d.scope?.rawValue ?? ""
            }
            guard let notifier else { return [Notice]() }
            let list = [Notice(communeID: i.communeID, userID: i.createdBy, title: InitiativeText.decidedNotice(i.title, recognised: d.recognised),
                               link: SiteURL.initiative(i.id).path, at: actor.at)]
            try await notifier.inbox(list, on: db)
            return list
        }
        if let notifier, !sent.isEmpty { try await notifier.mail(sent, on: db) }
    }
}
