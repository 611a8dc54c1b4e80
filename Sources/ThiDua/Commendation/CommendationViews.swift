import Foundation
import Plot

enum CommendationViews {
    typealias T = CommendationText

    struct NominationRow: Sendable {
        let n: Nomination
        let title: String
        let eligible: Bool
        let unmet: Int
        let approvalRatio: Double
    }

    struct MeetingModel: Sendable {
        let m: CouncilMeeting
        let present: Int
        let needed: Int
        /// Counts, only once the meeting is closed (secret ballot: no count before, to anyone).
        let tallies: [UUID: (Int, Int)]
        /// Nominations whose paper count has been entered (the count itself waits for the close).
        let paperEntered: Set<UUID>
        /// How many members voted on each nomination (never how).
        let receipts: [UUID: Int]
        let votedByMe: Set<UUID>
        let canVote: Bool
        /// Open and without any ballot: the secretariat may cancel it.
        let cancellable: Bool
        let minutes: MinutesPart
    }

    /// What the meeting's minutes will say, and the form that edits it while the meeting is open.
    struct MinutesPart: Sendable {
        let meetingID: UUID
        /// "1/BB-HĐTĐKT" once the meeting is closed.
        let number: String?
        let startsAt: String?
        let endsAt: String?
        let place: String
        /// "Name, position".
        let chair: String?
        let secretary: String?
        let present: [String]
        let absent: [String]
        /// What the minutes still lack.
        let missing: [String]
        /// The members present, for the chair and secretary.
        let choices: [Choice]
        let editable: Bool
        let form: FormState
    }

    static func minutesPart(_ p: MinutesPart, csrf: String) -> Node<HTML.BodyContext> {
        let none = "—"
        let details = Components.details([
            (T.minutesNumber, p.number ?? T.minutesNumberLater),
            (T.minutesStartsAt, p.startsAt ?? none), (T.minutesEndsAt, p.endsAt ?? none), (T.meetingPlace, p.place.isEmpty ? none : p.place),
            (T.minutesChair, p.chair ?? none), (T.minutesSecretary, p.secretary ?? none),
            ("\(T.presentList) (\(p.present.count))", p.present.isEmpty ? T.nobody : p.present.joined(separator: "; ")),
            ("\(T.absentList) (\(p.absent.count))", p.absent.isEmpty ? T.nobody : p.absent.joined(separator: "; ")),
        ])
        let missing: Node<HTML.BodyContext> = p.missing.isEmpty || !p.editable ? .empty : .p(.class("muted"), .text(T.minutesMissing(p.missing)))
        let state = p.form
        guard p.editable else { return .group(.h3(.text(T.minutesHeading)), FormKit.errorSummary(state), details) }
        return .group(
            .h3(.text(T.minutesHeading)), details, missing,
            FormKit.errorSummary(state),
            .form(.method(.post), .action(CommendationPaths.meetingDetails(p.meetingID)), .class("stacked"), .attr("id", "minutes-form"),
                  FormKit.csrf(csrf), FormKit.hidden("version", state["version"]),
                  FormKit.text("startsAt", label: T.minutesStartsAt, state: state, hint: T.timeHint, placeholder: "08:00", maxLength: 20),
                  FormKit.text("endsAt", label: T.minutesEndsAt, state: state, hint: T.timeHint, placeholder: "10:30", maxLength: 20),
                  FormKit.text("place", label: T.meetingPlace, state: state, required: true),
                  FormKit.select("chairMemberId", label: T.minutesChair, state: state, choices: p.choices, required: true),
                  FormKit.select("secretaryMemberId", label: T.minutesSecretary, state: state, choices: p.choices, required: true),
                  FormKit.actions(submit: T.minutesSave)))
    }

    struct OverviewModel: Sendable {
        let frame: PageFrame
        let user: CurrentUser
        let year: Int
        let rows: [NominationRow]
        let meeting: MeetingModel?
        let members: [(UUID, String)]
        let cancelledMeetings: [CouncilMeeting]
        let posting: Posting?
        let postingDays: Int
        let objections: [Objection]
        let documents: [CommendationDecision]
        let awards: [Award]
        let communeCode: String
        let today: LocalDate
        /// The open-meeting form as it was sent, with its messages (nil: a fresh form).
        var meetingForm: MeetingOpenForm? = nil
    }

    /// The open-meeting form as sent: the typed date and place, the ticked members, the messages beside the fields.
    struct MeetingOpenForm: Sendable {
        let state: FormState
        let present: Set<String>
    }

    static func overview(_ m: OverviewModel) -> HTML {
        let manage = Policy.allows(m.user, .manageCommendations)
        let csrf = m.user.csrfToken
        let nominationTable = Components.table(
            headers: [T.nominee, T.titleLabel, T.eligibility, T.statusLabel],
            rows: m.rows.map { r in
                [.link(.nomination(r.n.id), r.n.nomineeName), .text(r.title),
                 .span(.class(r.eligible ? "badge badge-ok" : "badge badge-warn"), .text(r.eligible ? T.eligible : "\(T.notEligible) (\(r.unmet))")),
                 .text(r.n.state.label)]
            })
        var meetingPart: Node<HTML.BodyContext> = .empty
        if let mm = m.meeting {
            let proposed = m.rows.filter { $0.n.state == .proposed || mm.tallies[$0.n.id!] != nil }
            meetingPart = .group(
                .p(.text("\(T.meetingDate): \(LocalDate(iso: mm.m.heldOn)?.vietnamese ?? "") — \(mm.m.place)")),
                .p(.text(T.quorumLine(present: mm.present, total: mm.m.membersTotal, needed: mm.needed, ok: mm.present >= mm.needed))),
                .p(.class("muted"), .text(T.thresholdNote)),
                Components.table(headers: [T.nominee, T.titleLabel, T.threshold, "Đã bỏ phiếu", "Kết quả", ""], rows: proposed.map { r in
                    let id = r.n.id!
                    let result: String = mm.tallies[id].map { T.tally($0.0, $0.1, total: mm.m.membersTotal) }
                        ?? (mm.m.status == "open" ? (mm.paperEntered.contains(id) ? T.paperEntered : T.votesHidden) : "")
                    var action: Node<HTML.BodyContext> = .empty
                    if mm.m.status == "open", r.n.state == .proposed {
                        if mm.votedByMe.contains(id) {
                            action = .text(T.youVoted)
                        } else if mm.canVote {
                            action = .form(.method(.post), .action(SiteURL.meetingAction(mm.m.id, .vote).path), .class("inline"),
                                           FormKit.csrf(csrf), FormKit.hidden("nomination", id.uuidString),
                                           .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "choice"), .attr("value", "approve"), .class("btn btn-primary"), .text(T.approve)]),
                                           .element(named: "button", nodes: [.attr("type", "submit"), .attr("name", "choice"), .attr("value", "reject"), .class("btn btn-secondary"), .text(T.reject)]))
                        } else if manage {
                            action = .form(.method(.post), .action(SiteURL.meetingAction(mm.m.id, .paper).path), .class("inline"),
                                           FormKit.csrf(csrf), FormKit.hidden("nomination", id.uuidString),
                                           .element(named: "input", nodes: [.attr("name", "approve"), .attr("size", "3"), .attr("aria-label", T.approve), .attr("inputmode", "numeric")]),
                                           .element(named: "input", nodes: [.attr("name", "reject"), .attr("size", "3"), .attr("aria-label", T.reject), .attr("inputmode", "numeric")]),
                                           .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-secondary"), .text(T.paperTally)]))
                        }
                    }
                    return [.text(r.n.nomineeName), .text(r.title), .text(T.thresholdLine(ratio: r.approvalRatio, total: mm.m.membersTotal)),
                            .text(String(mm.receipts[id] ?? 0)), .text(result), action]
                }),
                mm.m.status == "open" && manage ? FormKit.postButton(.meetingAction(mm.m.id, .close), label: T.closeMeeting, csrf: csrf, style: "btn btn-primary") : .empty,
                mm.cancellable && manage ? reasonForm(CommendationPaths.meetingCancel(mm.m.id), label: T.cancelMeeting, reasonLabel: T.cancelReason, csrf: csrf) : .empty,
                minutesPart(mm.minutes, csrf: csrf),
                .p(.a(.href(SiteURL.meetingMinutes(mm.m.id).path), .text(T.minutes)))
            )
        } else if manage {
            let form = m.meetingForm?.state ?? FormState(values: ["heldOn": m.today.vietnamese, "place": "Hội trường UBND xã"])
            meetingPart = .group(
                FormKit.errorSummary(form),
                .form(.method(.post), .action(SiteURL.meetings.path), .class("stacked"),
                      FormKit.csrf(csrf), FormKit.hidden("year", String(m.year)),
                      FormKit.date("heldOn", label: T.meetingDate, state: form, required: true),
                      FormKit.text("place", label: T.meetingPlace, state: form),
                      FormKit.checkboxes("present", label: T.attendance, choices: m.members.map { Choice(value: $0.0.uuidString, label: $0.1) },
                                         selected: m.meetingForm?.present ?? Set(m.members.map { $0.0.uuidString }), state: form),
                      FormKit.actions(submit: T.meetingOpen)))
        }
        let cancelledPart: Node<HTML.BodyContext> = .forEach(m.cancelledMeetings) { c in
            .p(.class("muted"), .text(T.cancelledLine(LocalDate(iso: c.heldOn), reason: c.cancelReason ?? "")))
        }
        var postingPart: Node<HTML.BodyContext> = .empty
        if let p = m.posting, let start = LocalDate(iso: p.startsOn), let end = LocalDate(iso: p.endsOn) {
            postingPart = .group(
                .p(.text(T.postingLine(start: start, end: end, days: m.postingDays)), .text(" "), .a(.href(SiteURL.publicCommendations(m.communeCode).path), .text(T.publicLink))),
                .h3(.text(T.objections)),
                m.objections.isEmpty ? .p(.class("muted"), .text(T.noObjections)) : Components.table(headers: [T.senderName, T.senderTag, T.objectionContent, T.answer], rows: m.objections.map { o in
                    [.text(o.senderName), .span(.attr("title", T.senderTagHint), .text(o.senderHash.map { String($0.prefix(8)) } ?? "—")), .text(o.content),
                     o.isDismissed ? .span(.class("badge badge-warn"), .text(T.dismissedBadge(o.dismissReason ?? ""))) :
                     o.answeredAt != nil || !manage ? .text(o.answer) :
                        .group(
                            .form(.method(.post), .action(SiteURL.objectionAnswer(o.id).path), FormKit.csrf(csrf),
                                  .element(named: "textarea", nodes: [.attr("name", "answer"), .attr("rows", "2"), .attr("aria-label", T.answer)]),
                                  .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-secondary"), .text(T.answer)])),
                            reasonForm(CommendationPaths.objectionDismiss(o.id), label: T.dismissSpam, reasonLabel: T.dismissReason, csrf: csrf))]
                }))
        } else if manage {
            postingPart = .form(.method(.post), .action(SiteURL.postings.path), .class("stacked"), FormKit.csrf(csrf), FormKit.hidden("year", String(m.year)),
                                FormKit.date("startsOn", label: T.postStart, state: FormState(values: ["startsOn": m.today.vietnamese]), required: true),
                                FormKit.actions(submit: T.post))
        }
        let hasSubmission = m.documents.contains { $0.kind == "submission" }
        let hasDecision = m.documents.contains { $0.kind == "decision" }
        let decisionPart: Node<HTML.BodyContext> = .group(
            .ul(.forEach(m.documents) { d in
                .li(.text("\(d.kind == "submission" ? "Tờ trình" : "Quyết định") số \(d.numberText) ngày \(LocalDate(iso: d.issuedOn)?.vietnamese ?? "") — "),
                    .a(.href(SiteURL.commendationDocument(d.id).path), .text(d.kind == "submission" ? T.submissionDocx : T.decisionDocx)),
                    .text(" · "), .a(.href(DocumentPaths.page(d.id)), .text(CommendationDocumentText.documentPage)),
                    d.status == "revoked" ? .span(.class("badge badge-warn"), .text(" \(T.revokedBadge): \(d.revokeReason)")) : .empty,
                    d.kind == "decision" && d.status == "signed" && Policy.allows(m.user, .signCommendations) ? revokeForm(.decisionRevoke(d.id), label: T.revokeDecision, csrf: csrf) : .empty)
            }),
            manage && m.posting != nil && !hasSubmission ? Node<HTML.BodyContext>.p(.a(.href(SiteURL.commendationStep(year: m.year, .submission).path), .class("btn btn-primary"), .text(T.makeSubmission))) : .empty,
            Policy.allows(m.user, .signCommendations) && hasSubmission && !hasDecision ? Node<HTML.BodyContext>.p(.a(.href(SiteURL.commendationStep(year: m.year, .sign).path), .class("btn btn-primary"), .text(T.sign))) : .empty
        )
        let awardsPart: Node<HTML.BodyContext> = Components.table(headers: [T.nominee, T.titleLabel, T.amount, T.certificate, ""], rows: m.awards.map { a in
            [.text(a.recipientName), .text(a.titleName), .text(MoneyText.format(a.amount)),
             // Only the links the person may open (a focal point sees the year's awards, not every certificate).
             Policy.allows(m.user, .viewAward(AwardRef(communeID: a.communeID, personID: a.personID, unitID: a.unitID)))
                ? .group(.a(.href(SiteURL.awardCertificate(a.id).path), .text(T.certificate)), .text(" · "), .a(.href(SiteURL.awardCertificateDocx(a.id).path), .text(".docx")))
                : .empty,
             a.status == "revoked" ? .span(.class("badge badge-warn"), .text("\(T.revokedBadge): \(a.revokeReason)")) :
                Policy.allows(m.user, .signCommendations) ? revokeForm(.awardRevoke(a.id), label: T.revoke, csrf: csrf) : .empty]
        }, numericColumns: [2])
        return Layout.render(m.frame, lead: T.lead, .group(
            .form(.method(.get), .action("/commendations"), .class("inline"),
                  .element(named: "label", nodes: [.attr("for", "f-year"), .text("Năm ")]),
                  .element(named: "input", nodes: [.attr("id", "f-year"), .attr("name", "year"), .attr("value", String(m.year)), .attr("size", "5"), .attr("inputmode", "numeric")]),
                  .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-secondary"), .text("Xem")])),
            .p(.class("actions"), .group([
                Policy.allows(m.user, .viewCommendations) ? Node<HTML.BodyContext>.a(.href(SiteURL.awardTitles.path), .text(T.catalogueTitle)) : .empty,
                Policy.allows(m.user, .viewSigners) ? Node<HTML.BodyContext>.group(.text(" · "), .a(.href(SignerPaths.list), .text(SignerText.title))) : .empty,
                Policy.allows(m.user, .viewLegalBases) ? Node<HTML.BodyContext>.group(.text(" · "), .a(.href(LegalBasisPaths.list), .text(LegalBasisText.title))) : .empty,
                .text(" · "), .a(.href(SiteURL.awardRegister.path), .text(T.registerTitle)),
                Policy.allows(m.user, .viewCommendations) ? .group(.text(" · "), .a(.href(SiteURL.commendationList(year: m.year).path), .text(T.listXlsx))) : .empty,
                .text(" · "), .a(.href(SiteURL.publicCommendations(m.communeCode).path), .text(T.publicLink)),
            ])),
            .h2(.text(T.nominationsHeading)),
            .p(.a(.href(SiteURL.nominationNew.path + "?year=\(m.year)"), .class("btn btn-primary"), .text(T.nominationNew))),
            nominationTable,
            .h2(.text(T.meetingHeading)), cancelledPart, meetingPart,
            .h2(.text(T.postingHeading)), postingPart,
            .h2(.text(T.decisionHeading)), decisionPart,
            .h2(.text(T.awardsHeading)), m.awards.isEmpty ? .p(.class("muted"), .text(T.notDecided)) : awardsPart
        ))
    }

    /// An action that needs a reason (cancel a meeting, dismiss an objection as spam), folded away until opened.
    static func reasonForm(_ path: String, label: String, reasonLabel: String, csrf: String) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .element(named: "summary", nodes: [.text(label)]),
            .form(.method(.post), .action(path), FormKit.csrf(csrf),
                  .element(named: "input", nodes: [.attr("name", "reason"), .attr("required", "required"), .attr("maxlength", String(CommendationController.reasonLimit)),
                                                  .attr("aria-label", reasonLabel), .attr("placeholder", reasonLabel)]),
                  .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-danger"), .text(label)]))])
    }

    /// Revocation, folded away until opened (no JavaScript): a reason (required) and whether the reward is recovered.
    static func revokeForm(_ url: SiteURL, label: String, csrf: String) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .element(named: "summary", nodes: [.text(label)]),
            .form(.method(.post), .action(url.path), FormKit.csrf(csrf),
                  .element(named: "fieldset", nodes: [
                      .class("plain"),
                      .element(named: "legend", nodes: [.class("visually-hidden"), .text(label)]),
                      .element(named: "input", nodes: [.attr("name", "reason"), .attr("required", "required"), .attr("maxlength", String(CommendationController.reasonLimit)),
                                                      .attr("aria-label", T.revokeReason), .attr("placeholder", T.revokeReason)]),
                      // A choice, not a checkbox: the page holds one such form per award, and same-named checkboxes
                      // across forms read as one group to assistive technology.
                      .element(named: "select", nodes: [.attr("name", "recover"), .attr("aria-label", T.recoverReward),
                                                        .element(named: "option", nodes: [.attr("value", ""), .text(T.keepReward)]),
                                                        .element(named: "option", nodes: [.attr("value", "1"), .text(T.recoverReward)])]),
                      .element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-danger"), .text(label)]),
                  ]))])
    }

    struct NominationFormModel: Sendable {
        let frame: PageFrame
        let csrf: String
        let state: FormState
        let titles: [Choice]
        let people: [Choice]
        let units: [Choice]
        let year: Int
    }

    static func nominationForm(_ m: NominationFormModel) -> HTML {
        Layout.render(m.frame, lead: T.choosePersonOrUnit, .group(
            FormKit.errorSummary(m.state),
            .form(.method(.post), .action(SiteURL.nominations.path), .class("stacked"), FormKit.csrf(m.csrf),
                  FormKit.text("year", label: "Năm", state: m.state, required: true, maxLength: 4),
                  FormKit.select("titleId", label: T.titleLabel, state: m.state, choices: m.titles, required: true),
                  FormKit.select("personId", label: T.person, state: m.state, choices: m.people),
                  FormKit.select("unitId", label: T.unit, state: m.state, choices: m.units),
                  FormKit.select("rating", label: T.ratingLabel, state: m.state, choices: TaskRating.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
                  FormKit.select("discipline", label: T.disciplineLabel, state: m.state, choices: DisciplineLevel.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
                  FormKit.textArea("achievements", label: T.achievementsLabel, state: m.state, rows: 6, required: true, hint: T.achievementsHint),
                  FormKit.actions(submit: T.nominationNew, cancel: .commendations()))
        ))
    }

    struct NominationModel: Sendable {
        let frame: PageFrame
        let n: Nomination
        let title: AwardTitle?
        let results: [RuleResult]
        let csrf: String
        let canWithdraw: Bool
    }

    static func nomination(_ m: NominationModel) -> HTML {
        let ok = m.results.allSatisfy(\.met)
        return Layout.render(m.frame, lead: nil, .group(
            Components.details([(T.titleLabel, m.title?.name ?? ""), (T.statusLabel, m.n.state.label), ("Năm", String(m.n.year)),
                                (T.ratingLabel, TaskRating(rawValue: m.n.rating)?.label ?? ""), (T.disciplineLabel, DisciplineLevel(rawValue: m.n.discipline)?.label ?? ""),
                                (T.sourceLabel, m.title?.legalSource ?? "")]),
            m.title?.isCommuneAward == false ? .p(.class("muted"), .text(T.upwardNote)) : .empty,
            .h2(.text(T.rulesHeading)),
            .p(.span(.class(ok ? "badge badge-ok" : "badge badge-warn"), .text(ok ? T.eligible : T.notEligible))),
            Components.table(headers: [T.rulesLabel, "Kết quả", "Lý do"], rows: m.results.map { r in
                [.text(r.rule.label), .span(.class(r.met ? "badge badge-ok" : "badge badge-warn"), .text(r.met ? T.met : T.notMet)), .text(r.reason)]
            }),
            .h2(.text(T.achievementsLabel)), .p(.text(m.n.achievements)),
            m.canWithdraw ? FormKit.postButton(.nominationWithdraw(m.n.id), label: "Rút đề nghị", csrf: m.csrf) : .empty
        ))
    }
}
