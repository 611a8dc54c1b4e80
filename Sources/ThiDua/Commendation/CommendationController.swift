import Fluent
import Foundation
import Plot
import Vapor

/// The pages of the commendation procedure, one year at a time on `/commendations`.
enum CommendationController {
    /// The reason of a cancelled meeting, a dismissed objection or a revocation: one line (an `<input>` of this
    /// `maxlength` in ``CommendationViews/reasonForm(_:label:reasonLabel:csrf:)`` and `revokeForm`), so a line break is refused.
    static let reasonLimit = 2_000

    static func register(_ r: any RoutesBuilder) {
        r.get(.commendations(), use: overview)
        r.get(.nominationNew, use: newNomination)
        r.post(.nominations, use: createNomination)
        r.get(.nomination(nil), use: showNomination)
        r.post(.nominationWithdraw(nil), use: withdraw)
        r.post(.meetings, use: openMeeting)
        r.post(.meetingAction(nil, .vote), use: vote)
        r.post(.meetingAction(nil, .paper), use: paper)
        r.post(.meetingAction(nil, .close), use: closeMeeting)
        r.post(CommendationPaths.components(CommendationPaths.meetingCancel(nil)), use: cancelMeeting)
        r.get(.meetingMinutes(nil), use: minutes)
        r.post(CommendationPaths.components(CommendationPaths.meetingDetails(nil)), use: saveMinutesDetails)
        r.post(.postings, use: post)
        r.post(.objectionAnswer(nil), use: answer)
        r.post(CommendationPaths.components(CommendationPaths.objectionDismiss(nil)), use: dismiss)
        r.post(.commendationStep(year: nil, .submission), use: submission)
        r.post(.commendationStep(year: nil, .sign), use: sign)
        r.get(.commendationDocument(nil), use: document)
        r.get(.awardCertificate(nil), use: certificate)
        r.get(.awardCertificateDocx(nil), use: certificateDocx)
        r.post(.awardRevoke(nil), use: revoke)
        r.post(.decisionRevoke(nil), use: revokeDecision)
    }

    static func crumbs(_ title: String) -> [Breadcrumb] { [Breadcrumb(title: CommendationText.title, url: .commendations())] + [Breadcrumb(title: title, url: nil)] }

    static func year(_ req: Request) -> Int {
        let y = (try? req.query.get(Int.self, at: "year")) ?? LocalDate(req.now).year
        return (2000...2100).contains(y) ? y : LocalDate(req.now).year
    }

    static func context(_ req: Request, year: Int) async throws -> CommendationDocuments.Context {
        let user = try req.requireUser()
        let c = try await Commune.find(user.communeID, on: req.db)
        return .init(authority: c?.authorityName ?? "", communeName: c?.name ?? "", year: year)
    }

    // MARK: overview

    static func overview(req: Request) async throws -> HTML {
        try await overviewPage(req, minutesForm: nil)
    }

    /// The year's page; `minutesForm` is the meeting's minutes form as it was sent, with its messages.
    static func overviewPage(_ req: Request, minutesForm: FormState?, year explicitYear: Int? = nil,
                             meetingForm: CommendationViews.MeetingOpenForm? = nil) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewNominations)
        let ownUnitOnly = !Policy.allows(user, .viewCommendations)
        let year = explicitYear ?? year(req)
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        var query = Nomination.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$year == year).sort(\.$createdAt)
        if ownUnitOnly { query = query.filter(\.$proposedByUnitID == Policy.ownUnit(user)!) }
        let nominations = try await query.all()
        // Every nomination's rules from the same few statements (never one lookup per nomination).
        let evaluated = try await CommendationQueries.evaluate(on: req.db, nominations, titles: titles, settings: settings)
        var rows: [CommendationViews.NominationRow] = []
        for n in nominations {
            let results = n.id.flatMap { evaluated[$0] } ?? []
            let title = titles.first { $0.id == n.titleID }
            rows.append(.init(n: n, title: title?.name ?? "", eligible: results.allSatisfy(\.met),
                              unmet: results.filter { !$0.met }.count, approvalRatio: title?.approvalRatio ?? 0.5))
        }
        let meeting = try await CommendationQueries.openMeeting(on: req.db, communeID: user.communeID, year: year)
        var meetingModel: CommendationViews.MeetingModel?
        if let m = meeting {
            let present = try await CommendationCommands.present(on: req.db, meeting: m)
            let tallies = try await BallotTally.query(on: req.db).filter(\.$meetingID == m.id!).all()
            let receipts = try await BallotReceipt.query(on: req.db).filter(\.$meetingID == m.id!).all()
            let memberID = try await CommendationQueries.member(on: req.db, communeID: user.communeID, userID: user.id)?.id
            let votedBy = Set(receipts.filter { $0.memberID == memberID }.map(\.nominationID))
            // Secret ballot: no count reaches any page before the close, whoever asks (the secretariat included).
            meetingModel = .init(m: m, present: present.count, needed: CommendationCommands.quorumNeeded(total: m.membersTotal, ratio: settings.quorumRatio),
                                 tallies: m.status == "closed"
                                    ? Dictionary(tallies.map { ($0.nominationID, ($0.approve, $0.reject)) }, uniquingKeysWith: { a, _ in a }) : [:],
                                 paperEntered: Set(tallies.filter(\.paper).map(\.nominationID)),
                                 receipts: Dictionary(grouping: receipts, by: \.nominationID).mapValues(\.count),
                                 votedByMe: votedBy, canVote: Policy.allows(user, .castBallot(memberID: memberID, present: present)),
                                 cancellable: m.status == "open" && receipts.isEmpty && tallies.isEmpty,
                                 minutes: try await minutesPart(req, meeting: m, present: present, form: minutesForm))
        }
        let cancelled = try await CommendationQueries.cancelledMeetings(on: req.db, communeID: user.communeID, year: year)
        let memberNames = try await CommendationQueries.activeMemberNames(on: req.db, communeID: user.communeID)
        let posting = try await CommendationQueries.posting(on: req.db, communeID: user.communeID, year: year)
        let objections = try await posting.asyncMap { try await Objection.query(on: req.db).filter(\.$postingID == $0.id!).sort(\.$createdAt).all() } ?? []
        let docs = try await CommendationQueries.decisions(on: req.db, communeID: user.communeID, year: year)
        let awards = try await Award.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$year == year).all()
        let commune = try await Commune.find(user.communeID, on: req.db)
        return CommendationViews.overview(.init(
            frame: req.page(CommendationText.title, section: .commendations), user: user, year: year, rows: rows, meeting: meetingModel,
            members: memberNames, cancelledMeetings: cancelled, posting: posting, postingDays: settings.postingDays, objections: objections, documents: docs, awards: awards,
            communeCode: commune?.code ?? "", today: LocalDate(req.now), meetingForm: meetingForm))
    }

    // MARK: nominations

    struct NominationForm: Content {
        var year: String?; var titleId: String?; var personId: String?; var unitId: String?
        var rating: String?; var discipline: String?; var achievements: String?
    }

    static func formModel(_ req: Request, state: FormState) async throws -> CommendationViews.NominationFormModel {
        let user = try req.requireUser()
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID).filter(\.isActive)
        var people = Person.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$isActive == true).sort(\.$fullName)
        var units = Unit.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$isActive == true).sort(\.$name)
        if let unitID = Policy.nominatingUnit(user) {
            people = people.filter(\.$unitID == unitID)
            units = units.filter(\.$id == unitID)
        }
        return .init(frame: req.page(CommendationText.nominationNew, section: .commendations, breadcrumbs: crumbs(CommendationText.nominationNew)),
                     csrf: user.csrfToken, state: state, titles: titles.map { Choice(value: $0.id!.uuidString, label: "\($0.name) — \($0.recipientKind.label)") },
                     people: try await people.limit(2000).all().map { Choice(value: $0.id!.uuidString, label: $0.fullName) },
                     units: try await units.all().map { Choice(value: $0.id!.uuidString, label: $0.name) }, year: year(req))
    }

    static func newNomination(req: Request) async throws -> HTML {
        try req.authorize(.startNomination)
        return CommendationViews.nominationForm(try await formModel(req, state: FormState(values: ["year": String(year(req))])))
    }

    /// A checked nomination, or the Vietnamese message of each bad field (the pages and the API share it).
    struct CheckedNomination: Sendable {
        var input: NominationInput?
        var nomineeName = ""
        var errors: [String: String] = [:]
    }

    static func check(_ req: Request, _ f: NominationForm) async throws -> CheckedNomination {
        let user = try req.requireUser()
        var errors: [String: String] = [:]
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        let title = f.titleId.flatMap(UUID.init(uuidString:)).flatMap { id in titles.first { $0.id == id && $0.isActive } }
        if title == nil { errors["titleId"] = CoreText.invalidChoice }
        let year = Int(f.year ?? "") ?? 0
        if !(2000...2100).contains(year) { errors["year"] = CoreText.invalidChoice }
        let person = try await f.personId.flatMap(UUID.init(uuidString:)).asyncMap { try await DirectoryQueries.person(on: req.db, communeID: user.communeID, id: $0) } ?? nil
        let unit = try await f.unitId.flatMap(UUID.init(uuidString:)).asyncMap { try await DirectoryQueries.unit(on: req.db, communeID: user.communeID, id: $0) } ?? nil
        if (person == nil) == (unit == nil) { errors["personId"] = CommendationText.choosePersonOrUnit }
        if let title, person != nil, title.recipientKind == .collective { errors["personId"] = CommendationText.titleNotForPerson }
        if let title, unit != nil, title.recipientKind != .collective { errors["unitId"] = CommendationText.titleNotForUnit }
        let rating = TaskRating(rawValue: f.rating ?? "")
        if rating == nil { errors["rating"] = CoreText.invalidChoice }
        let discipline = DisciplineLevel(rawValue: f.discipline ?? "")
        if discipline == nil { errors["discipline"] = CoreText.invalidChoice }
        let achievements = Check.text(f.achievements, "achievements", max: TextLimit.long, required: true, into: &errors)
        if errors.isEmpty, !Policy.allows(user, .nominate(unitID: person?.unitID ?? unit?.id)) { errors["personId"] = CommendationText.notYourUnit }
        guard errors.isEmpty, let title, let rating, let discipline else { return CheckedNomination(errors: errors) }
        return CheckedNomination(input: NominationInput(year: year, titleID: title.id!, personID: person?.id, unitID: unit?.id, rating: rating,
                                                        discipline: discipline, achievements: achievements),
                                 nomineeName: person?.fullName ?? unit?.name ?? "")
    }

    static func createNomination(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.startNomination)
        let f = try req.content.decode(NominationForm.self)
        let checked = try await check(req, f)
        let values = ["year": f.year ?? "", "titleId": f.titleId ?? "", "personId": f.personId ?? "", "unitId": f.unitId ?? "",
                      "rating": f.rating ?? "", "discipline": f.discipline ?? "", "achievements": f.achievements ?? ""]
        guard let input = checked.input else {
            return try await CommendationViews.nominationForm(try await formModel(req, state: FormState(values: values, errors: checked.errors, formError: CoreText.formHasErrors)))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            let n = try await CommendationCommands.nominate(input, nomineeName: checked.nomineeName,
                                                            proposedByUnitID: Policy.nominatingUnit(user), actor: try req.auditActor(), on: req.db)
            return req.redirect(to: .nomination(n.id), flash: Flash(.success, CommendationText.nominated))
        } catch AppError.conflict(let message) {
            return try await CommendationViews.nominationForm(try await formModel(req, state: FormState(values: values, formError: message)))
                .encodeResponse(status: .conflict, for: req)
        }
    }

    static func loadNomination(_ req: Request) async throws -> Nomination {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let n = try await Nomination.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first() else { throw AppError.notFound }
        try req.authorize(.viewNomination(ref(n)))
        return n
    }

    static func ref(_ n: Nomination) -> NominationRef {
        NominationRef(communeID: n.communeID, proposedByUnitID: n.proposedByUnitID, createdBy: n.createdBy)
    }

    static func showNomination(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let n = try await loadNomination(req)
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let results = try await CommendationQueries.evaluate(on: req.db, n, titles: titles, settings: settings)
        let title = titles.first { $0.id == n.titleID }
        return CommendationViews.nomination(.init(frame: req.page(n.nomineeName, section: .commendations, breadcrumbs: crumbs(n.nomineeName)),
                                                  n: n, title: title, results: results, csrf: user.csrfToken,
                                                  canWithdraw: n.state == .proposed && Policy.allows(user, .withdrawNomination(ref(n)))))
    }

    static func withdraw(req: Request) async throws -> Response {
        let n = try await loadNomination(req)
        try req.authorize(.withdrawNomination(ref(n)))
        try await CommendationCommands.withdraw(n, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .commendations(year: n.year), flash: Flash(.success, CommendationText.withdrawn))
    }

    // MARK: meeting

    struct MeetingForm: Content { var year: String?; var heldOn: String?; var place: String?; var present: [String]? }

    static func back(_ req: Request, _ year: Int, _ error: AppError) -> Response {
        let message: String
        switch error {
        case .conflict(let m): message = m
        case .validation(_, let m): message = m
        default: message = CoreText.formHasErrors
        }
        return req.redirect(to: .commendations(year: year), flash: Flash(.error, message))
    }

    static func openMeeting(req: Request) async throws -> Response {
        try req.authorize(.manageCommendations)
        let f = try req.content.decode(MeetingForm.self)
        let year = Int(f.year ?? "") ?? LocalDate(req.now).year
        // A refused form comes back as typed (date, place, ticked members) with the messages beside the fields (422).
        func refuse(_ fields: [String: String]) async throws -> Response {
            let state = FormState(values: ["heldOn": f.heldOn ?? "", "place": f.place ?? ""], errors: fields, formError: CoreText.formHasErrors)
            return try await overviewPage(req, minutesForm: nil, year: year, meetingForm: .init(state: state, present: Set(f.present ?? [])))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        var errors: [String: String] = [:]
        let heldOn = TextFolding.clean(f.heldOn)
        let date = LocalDate(vietnamese: heldOn)
        if date == nil { errors["heldOn"] = heldOn.isEmpty ? CoreText.required : CoreText.dateHint }
        let place = Check.text(f.place, "place", max: 200, required: false, into: &errors)
        guard errors.isEmpty, let date else { return try await refuse(errors) }
        do {
            _ = try await CommendationCommands.openMeeting(year: year, heldOn: date, place: place, present: Set((f.present ?? []).compactMap(UUID.init(uuidString:))),
                                                           actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await refuse(fields.isEmpty ? ["heldOn": message] : fields)
        } catch let e as AppError { return back(req, year, e) }
        return req.redirect(to: .commendations(year: year), flash: Flash(.success, CommendationText.meetingOpened))
    }

    static func loadMeeting(_ req: Request) async throws -> CouncilMeeting {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let m = try await CouncilMeeting.query(on: req.db).filter(\.$id == id).filter(\.$communeID == user.communeID).first() else { throw AppError.notFound }
        return m
    }

    struct VoteForm: Content { var nomination: String?; var choice: String?; var approve: String?; var reject: String? }

    static func nominationOf(_ req: Request, _ f: VoteForm, meeting m: CouncilMeeting) async throws -> Nomination {
        guard let id = f.nomination.flatMap(UUID.init(uuidString:)),
              let n = try await Nomination.query(on: req.db).filter(\.$id == id).filter(\.$communeID == m.communeID).first() else { throw AppError.notFound }
        return n
    }

    static func vote(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.voteCommendation)
        let m = try await loadMeeting(req)
        let member = try await CommendationQueries.member(on: req.db, communeID: user.communeID, userID: user.id)
        try req.authorize(.castBallot(memberID: member?.id, present: nil))
        let f = try req.content.decode(VoteForm.self)
        let n = try await nominationOf(req, f, meeting: m)
        guard f.choice == "approve" || f.choice == "reject" else { return back(req, m.year, .validation(fields: [:], message: CoreText.invalidChoice)) }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        do {
            try await CommendationCommands.vote(meeting: m, nomination: n, memberID: member!.id!, approve: f.choice == "approve", settings: settings,
                                                seal: try req.ballotSeal(), actor: try req.auditActor(), on: req.db)
        } catch let e as AppError where e.isConflict { return back(req, m.year, e) }
        return req.redirect(to: .commendations(year: m.year), flash: Flash(.success, CommendationText.voted))
    }

    static func paper(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageCommendations)
        let m = try await loadMeeting(req)
        let f = try req.content.decode(VoteForm.self)
        let n = try await nominationOf(req, f, meeting: m)
        guard let a = Int(f.approve ?? ""), let r = Int(f.reject ?? "") else { return back(req, m.year, .validation(fields: [:], message: CommendationText.paperTooMany)) }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        do {
            try await CommendationCommands.paperTally(meeting: m, nomination: n, approve: a, reject: r, settings: settings, seal: try req.ballotSeal(),
                                                      actor: try req.auditActor(), on: req.db)
        } catch let e as AppError { return back(req, m.year, e) }
        return req.redirect(to: .commendations(year: m.year), flash: Flash(.success, CommendationText.paperSaved))
    }

    static func closeMeeting(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageCommendations)
        let m = try await loadMeeting(req)
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        do {
            try await CommendationCommands.closeMeeting(m, settings: settings, seal: try req.ballotSeal(), actor: try req.auditActor(), on: req.db)
        } catch let e as AppError { return back(req, m.year, e) }
        return req.redirect(to: .commendations(year: m.year), flash: Flash(.success, CommendationText.meetingDone))
    }

    struct ReasonForm: Content { var reason: String? }

    /// Cancels an open meeting without ballots (one opened with too few present can never close), with a reason.
    static func cancelMeeting(req: Request) async throws -> Response {
        try req.authorize(.manageCommendations)
        let m = try await loadMeeting(req)
        var errors: [String: String] = [:]
        let reason = Check.text(try req.content.decode(ReasonForm.self).reason, "reason", max: reasonLimit, required: true, into: &errors)
        if !errors.isEmpty { return back(req, m.year, .validation(fields: errors, message: CommendationText.cancelReasonRequired)) }
        do { try await CommendationCommands.cancelMeeting(m, reason: reason, actor: try req.auditActor(), on: req.db) } catch let e as AppError { return back(req, m.year, e) }
        return req.redirect(to: .commendations(year: m.year), flash: Flash(.success, CommendationText.meetingCancelled))
    }

    /// The minutes (.docx). A meeting closed before minutes had numbers takes its number now, once.
    static func minutes(req: Request) async throws -> Response {
        try req.authorize(.viewCommendations)
        let m = try await loadMeeting(req)
        if m.state == .closed, m.minutesNumber == nil {
            try await CommendationCommands.numberMinutes(m, actor: try req.auditActor(), on: req.db)
        }
        let model = try await MeetingMinutes.model(on: req.db, meeting: m, context: try await context(req, year: m.year))
        return docx(try CommendationDocuments.minutes(model), filename: "bien-ban-hop-hoi-dong-\(m.year).docx")
    }

    /// The meeting screen's minutes part: what the minutes will say, and the form that edits it while the meeting is open.
    /// One statement (the council with its names); `present` is the meeting's attendance the page already read.
    static func minutesPart(_ req: Request, meeting m: CouncilMeeting, present: Set<UUID>, form: FormState?) async throws -> CommendationViews.MinutesPart {
        let user = try req.requireUser()
        let who = MeetingMinutes.people(m, members: try await MeetingMinutes.members(on: req.db, communeID: m.communeID), present: present)
        let values = ["startsAt": m.startsAt ?? "", "endsAt": m.endsAt ?? "", "place": m.place,
                      "chairMemberId": who.chair?.id.uuidString ?? "", "secretaryMemberId": who.secretary?.id.uuidString ?? "",
                      "version": String(m.version)]
        return .init(meetingID: try m.requireID(), number: m.minutesNumberText, startsAt: m.startsAt, endsAt: m.endsAt, place: m.place,
                     chair: who.chair?.line, secretary: who.secretary?.line, present: who.present.map(\.line), absent: who.absent.map(\.line),
                     missing: MeetingMinutes.missing(m, who), choices: who.present.map { Choice(value: $0.id.uuidString, label: $0.line) },
                     editable: m.state == .open && Policy.allows(user, .manageCommendations),
                     form: form ?? FormState(values: values))
    }

    struct MinutesForm: Content {
        var startsAt: String?; var endsAt: String?; var place: String?
        var chairMemberId: String?; var secretaryMemberId: String?; var version: String?
    }

    /// Saves the minutes' details from the meeting screen; a bad field re-renders the page with the message beside it
    /// and everything typed kept (422), a stale version the same with the conflict (409).
    static func saveMinutesDetails(req: Request) async throws -> Response {
        try req.authorize(.manageCommendations)
        let m = try await loadMeeting(req)
        let f = try req.content.decode(MinutesForm.self)
        let input = MinutesDetailsInput(startsAt: f.startsAt, endsAt: f.endsAt, place: f.place, chairMemberId: f.chairMemberId,
                                        secretaryMemberId: f.secretaryMemberId, version: f.version.flatMap { Int($0) })
        do {
            try await CommendationCommands.saveMinutesDetails(m, input, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await overviewPage(req, minutesForm: FormState(values: input.values, errors: fields, formError: message), year: m.year)
                .encodeResponse(status: .unprocessableEntity, for: req)
        } catch AppError.conflict(let message) {
            return try await overviewPage(req, minutesForm: FormState(values: input.values, formError: message), year: m.year)
                .encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: .commendations(year: m.year), flash: Flash(.success, CommendationText.minutesSaved))
    }

    static func docx(_ data: Data, filename: String) -> Response {
        .download(data, contentType: FileKind.docx.contentType, filename: filename)
    }
}

extension AppError {
    var isConflict: Bool { if case .conflict = self { true } else { false } }
}

/// Paths of issue 12's two actions, kept here rather than in `SiteURL` (a shared file); they can move there as
/// `MeetingAction.cancel` and `SiteURL.objectionDismiss`.
enum CommendationPaths {
    /// The minutes' details of a meeting (times, place, chair, secretary), saved from the meeting screen.
    static func meetingDetails(_ id: UUID?) -> String { "/commendations/meetings/\(id?.uuidString.lowercased() ?? ":id")/minutes" }
    static func meetingCancel(_ id: UUID?) -> String { "/commendations/meetings/\(id?.uuidString.lowercased() ?? ":id")/cancel" }
    static func objectionDismiss(_ id: UUID?) -> String { "/commendations/objections/\(id?.uuidString.lowercased() ?? ":id")/dismiss" }
    /// Path components for route registration.
    static func components(_ path: String) -> [PathComponent] { path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }
}
