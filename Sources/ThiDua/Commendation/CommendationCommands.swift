import Fluent
import Foundation

/// What a nomination form or API call carries, checked.
struct NominationInput: Sendable {
    var year: Int
    var titleID: UUID
    var personID: UUID?
    var unitID: UUID?
    var rating: TaskRating
    var discipline: DisciplineLevel
    var achievements: String
}

/// The steps of the commendation procedure. Each one checks its preconditions, writes in one transaction and is
/// audited. Ballots: only counts and "has voted" receipts are stored, never a member's choice.
enum CommendationCommands {
    static func fail(_ field: String, _ message: String) -> AppError { .validation(fields: [field: message], message: message) }

    // MARK: nominations

    static func nominate(_ input: NominationInput, nomineeName: String, proposedByUnitID: UUID?, actor: AuditActor, on db: any Database) async throws -> Nomination {
        try await db.writeTransaction { db in
            let same = Nomination.query(on: db).filter(\.$communeID == actor.communeID).filter(\.$year == input.year)
                .filter(\.$titleID == input.titleID).filter(\.$status != NominationStatus.withdrawn.rawValue)
                .filter(\.$status != NominationStatus.rejected.rawValue)
            if let p = input.personID { same.filter(\.$personID == p) } else if let u = input.unitID { same.filter(\.$unitID == u) }
            if try await same.count() > 0 { throw AppError.conflict(CommendationText.duplicate) }
            let n = Nomination()
            n.communeID = actor.communeID; n.year = input.year; n.titleID = input.titleID; n.personID = input.personID; n.unitID = input.unitID
            n.nomineeName = nomineeName; n.proposedByUnitID = proposedByUnitID; n.rating = input.rating.rawValue
            n.discipline = input.discipline.rawValue; n.achievements = input.achievements; n.status = NominationStatus.proposed.rawValue
            n.createdBy = actor.userID ?? UUID(); n.createdByName = actor.name; n.version = 1
            try await n.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "nomination", id: n.id, label: "Đề nghị khen thưởng: \(nomineeName)",
                                      after: ["year": String(input.year), "title": input.titleID.uuidString, "rating": n.rating, "discipline": n.discipline])
            return n
        }
    }

    static func withdraw(_ n: Nomination, actor: AuditActor, on db: any Database) async throws {
        guard n.state == .proposed else { throw AppError.conflict(CommendationText.notVotable) }
        try await setStatus(n, .withdrawn, actor: actor, on: db)
    }

    static func setStatus(_ n: Nomination, _ status: NominationStatus, actor: AuditActor, on db: any Database) async throws {
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(Nomination.schema, id: n.id!, from: n.version, on: db)
            let before = n.status
            n.version += 1; n.status = status.rawValue
            try await n.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "nomination", id: n.id, label: "Đề nghị khen thưởng: \(n.nomineeName)",
                                      before: ["status": before], after: ["status": n.status])
        }
    }

    // MARK: meeting and secret ballot

    static func quorumNeeded(total: Int, ratio: Double) -> Int { Int((Double(total) * ratio - 1e-9).rounded(.up)) }

    /// Passes with strictly more than `ratio` of all members approving.
    static func passes(approve: Int, total: Int, ratio: Double) -> Bool { Double(approve) > Double(total) * ratio + 1e-9 }

    static func openMeeting(year: Int, heldOn: LocalDate, place: String, present: Set<UUID>, actor: AuditActor, on db: any Database) async throws -> CouncilMeeting {
        try await db.writeTransaction { db in
            if try await CouncilMeeting.query(on: db).filter(\.$communeID == actor.communeID).filter(\.$year == year).filter(\.$status == "open").count() > 0 {
                throw AppError.conflict(CommendationText.meetingExists)
            }
            let members = try await CommendationQueries.activeMembers(on: db, communeID: actor.communeID)
            let m = CouncilMeeting()
            m.communeID = actor.communeID; m.year = year; m.heldOn = heldOn.iso; m.place = place; m.membersTotal = members.count
            m.status = "open"; m.notes = ""; m.version = 1
            try await m.create(on: db)
            let presentMembers = members.filter { present.contains($0.id!) }
            for member in presentMembers {
                let a = MeetingAttendance(); a.meetingID = m.id!; a.memberID = member.id!
                try await a.create(on: db)
            }
            // The minutes' chair and secretary default to the council's own, when present.
            let presentIDs = Set(presentMembers.compactMap(\.id))
            let named = try await MeetingMinutes.members(on: db, communeID: actor.communeID).filter { presentIDs.contains($0.id) }
            m.chairMemberID = MeetingMinutes.defaultChair(named)?.id
            m.secretaryMemberID = MeetingMinutes.defaultSecretary(named)?.id
            if m.chairMemberID != nil || m.secretaryMemberID != nil { try await m.update(on: db) }
            try await AuditLog.record(on: db, actor, .create, type: "council_meeting", id: m.id, label: "Phiên họp Hội đồng \(heldOn.vietnamese)",
                                      after: ["present": String(presentMembers.count), "total": String(members.count), "place": place])
            return m
        }
    }

    static func present(on db: any Database, meeting: CouncilMeeting) async throws -> Set<UUID> {
        Set(try await MeetingAttendance.query(on: db).filter(\.$meetingID == meeting.id!).all().map(\.memberID))
    }

    static func checkVotable(_ m: CouncilMeeting, _ n: Nomination, settings: CommendationSettings, present: Int) throws {
        guard m.status == "open" else { throw AppError.conflict(CommendationText.meetingClosed) }
        guard n.state == .proposed, n.year == m.year, n.communeID == m.communeID else { throw AppError.conflict(CommendationText.notVotable) }
        guard present >= quorumNeeded(total: m.membersTotal, ratio: settings.quorumRatio) else { throw AppError.conflict(CommendationText.quorumMissing) }
    }

    /// One secret vote: a receipt that the member voted (unique per member and nomination, no time, no choice) and the
    /// nomination's sealed count moved on in place (``BallotSeal``). The audit row says that a member cast a ballot in
    /// the meeting — neither the nomination nor the choice; the counts are audited once, at the close.
    static func vote(meeting m: CouncilMeeting, nomination n: Nomination, memberID: UUID, approve: Bool, settings: CommendationSettings,
                     seal: BallotSeal, actor: AuditActor, on db: any Database) async throws {
        try await db.writeTransaction { db in
            let present = try await present(on: db, meeting: m)
            try checkVotable(m, n, settings: settings, present: present.count)
            guard present.contains(memberID) else { throw AppError.forbidden }
            let sql = db.sql
            if let t = try await BallotTally.query(on: db).filter(\.$meetingID == m.id!).filter(\.$nominationID == n.id!).first(), t.paper {
                throw AppError.conflict(CommendationText.paperAfterElectronic)
            }
            // The receipt, once: a second vote of the member finds it (also when two arrive at once).
            let receipt = try await sql.raw("""
                INSERT INTO ballot_receipts (id, meeting_id, nomination_id, member_id) VALUES (\(bind: UUID()), \(bind: m.id!), \(bind: n.id!), \(bind: memberID))
                ON CONFLICT (meeting_id, nomination_id, member_id) DO NOTHING RETURNING id
                """).first()
            guard receipt != nil else { throw AppError.conflict(CommendationText.alreadyVoted) }
            try await sql.raw("""
                INSERT INTO ballot_tallies (id, meeting_id, nomination_id, approve, reject, paper, sealed)
                VALUES (\(bind: UUID()), \(bind: m.id!), \(bind: n.id!), 0, 0, \(bind: false), \(bind: try seal.seal(approve: 0, reject: 0, meeting: m.id!, nomination: n.id!)))
                ON CONFLICT (meeting_id, nomination_id) DO NOTHING
                """).run()
            // Read, add, write back only if nobody changed it meanwhile (PostgreSQL runs votes side by side).
            while true {
                guard let t = try await BallotTally.query(on: db).filter(\.$meetingID == m.id!).filter(\.$nominationID == n.id!).first() else { throw AppError.notFound }
                if t.paper { throw AppError.conflict(CommendationText.paperAfterElectronic) }
                // A count from before the seal existed (a meeting open during the upgrade) is folded into it.
                var counts = (approve: t.approve, reject: t.reject)
                if let sealed = t.sealed {
                    let opened = try seal.open(sealed, meeting: m.id!, nomination: n.id!)
                    counts.approve += opened.approve; counts.reject += opened.reject
                }
                if approve { counts.approve += 1 } else { counts.reject += 1 }
                let sealed = try seal.seal(approve: counts.approve, reject: counts.reject, meeting: m.id!, nomination: n.id!)
                let done = try await sql.raw("""
                    UPDATE ballot_tallies SET sealed = \(bind: sealed), approve = 0, reject = 0
                    WHERE id = \(bind: t.id!) AND COALESCE(sealed, '') = \(bind: t.sealed ?? "") AND approve = \(bind: t.approve) AND reject = \(bind: t.reject)
                    RETURNING id
                    """).first()
                if done != nil { break }
            }
            try await AuditLog.record(on: db, actor, .create, type: "council_meeting", id: m.id, label: CommendationText.ballotCastAudit(LocalDate(iso: m.heldOn)))
        }
    }

    /// The count of paper ballots, entered by the secretary instead of electronic votes. Sealed like the electronic
    /// counts when a seal is given (every page and API call); the audit row has the number of ballots, not the split.
    static func paperTally(meeting m: CouncilMeeting, nomination n: Nomination, approve: Int, reject: Int, settings: CommendationSettings,
                           seal: BallotSeal? = nil, actor: AuditActor, on db: any Database) async throws {
        try await db.writeTransaction { db in
            let present = try await present(on: db, meeting: m)
            try checkVotable(m, n, settings: settings, present: present.count)
            guard approve >= 0, reject >= 0, approve + reject <= present.count else { throw fail("approve", CommendationText.paperTooMany) }
            if try await BallotReceipt.query(on: db).filter(\.$meetingID == m.id!).filter(\.$nominationID == n.id!).count() > 0 {
                throw AppError.conflict(CommendationText.paperAfterElectronic)
            }
            let t = try await BallotTally.query(on: db).filter(\.$meetingID == m.id!).filter(\.$nominationID == n.id!).first() ?? BallotTally()
            t.meetingID = m.id!; t.nominationID = n.id!; t.paper = true
            if let seal {
                t.approve = 0; t.reject = 0; t.sealed = try seal.seal(approve: approve, reject: reject, meeting: m.id!, nomination: n.id!)
            } else {
                t.approve = approve; t.reject = reject; t.sealed = nil
            }
            try await t.save(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "ballot_tally", id: t.id, label: "Kết quả phiếu giấy: \(n.nomineeName)",
                                      after: ["ballots": String(approve + reject)])
        }
    }

    /// Ends the meeting: the sealed counts are opened and written, and each nomination with ballots is approved (above
    /// the threshold of all members) or rejected. One audit row holds the whole result. `seal` may be nil only when
    /// nothing was sealed (the demo's paper ballots).
    static func closeMeeting(_ m: CouncilMeeting, settings: CommendationSettings, seal: BallotSeal? = nil, actor: AuditActor, on db: any Database) async throws {
        try await db.writeTransaction { db in
            guard m.status == "open" else { throw AppError.conflict(CommendationText.meetingClosed) }
            let present = try await present(on: db, meeting: m)
            guard present.count >= quorumNeeded(total: m.membersTotal, ratio: settings.quorumRatio) else { throw AppError.conflict(CommendationText.quorumMissing) }
            try await OptimisticLock.bump(CouncilMeeting.schema, id: m.id!, from: m.version, on: db)
            m.version += 1; m.status = "closed"
            try await takeMinutesNumber(m, on: db)
            try await m.update(on: db)
            var results: [String: String] = [:]
            if let number = m.minutesNumberText { results["Biên bản"] = "Số \(number)" }
            for t in try await BallotTally.query(on: db).filter(\.$meetingID == m.id!).all() {
                if let sealed = t.sealed {
                    guard let seal else { throw BallotSeal.Broken() }
                    let counts = try seal.open(sealed, meeting: m.id!, nomination: t.nominationID)
                    t.approve += counts.approve; t.reject += counts.reject; t.sealed = nil
                    try await t.update(on: db)
                }
                guard let n = try await Nomination.find(t.nominationID, on: db), n.state == .proposed,
                      let title = try await AwardTitle.find(n.titleID, on: db) else { continue }
                let ok = passes(approve: t.approve, total: m.membersTotal, ratio: title.approvalRatio)
                n.status = (ok ? NominationStatus.approved : .rejected).rawValue; n.version += 1
                try await n.update(on: db)
                results[n.nomineeName] = "\(t.approve)/\(m.membersTotal) — \(n.state.label)"
            }
            try await AuditLog.record(on: db, actor, .update, type: "council_meeting", id: m.id, label: "Kết thúc phiên họp Hội đồng", after: results)
        }
    }

    /// The minutes' number from the per-year register (of the year the meeting was held), once: a meeting that has
    /// one keeps it. Call it inside the transaction that saves the meeting.
    static func takeMinutesNumber(_ m: CouncilMeeting, on db: any Database) async throws {
        guard m.minutesNumber == nil else { return }
        let year = LocalDate(iso: m.heldOn)?.year ?? m.year
        m.minutesNumber = try await DocumentRegister.next(communeID: m.communeID, year: year, symbol: CouncilMeeting.minutesSymbol, on: db)
        m.minutesYear = year
    }

    /// The minutes of a meeting closed before minutes had numbers get theirs when first issued (downloaded).
    static func numberMinutes(_ m: CouncilMeeting, actor: AuditActor, on db: any Database) async throws {
        guard m.state == .closed, m.minutesNumber == nil else { return }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(CouncilMeeting.schema, id: m.requireID(), from: m.version, on: db)
            m.version += 1
            try await takeMinutesNumber(m, on: db)
            try await m.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "council_meeting", id: m.id, label: "Vào sổ biên bản họp Hội đồng",
                                      after: ["minutesNumber": m.minutesNumberText ?? ""])
        }
    }

    /// The minutes' details of an open meeting — start and end time (HH:mm, the end after the start), place, the chair
    /// and the secretary (council members present, two different people) — checked, written and audited. The page and
    /// the API both call it; a bad field throws `AppError.validation` with the message for that field.
    static func saveMinutesDetails(_ m: CouncilMeeting, _ input: MinutesDetailsInput, actor: AuditActor, on db: any Database) async throws {
        guard m.state == .open else { throw AppError.conflict(CommendationText.minutesLocked) }
        var errors: [String: String] = [:]
        func time(_ text: String?, _ field: String) -> MeetingTime? {
            let t = TextFolding.clean(text)
            if t.isEmpty { return nil }
            guard let time = MeetingTime(t) else { errors[field] = CommendationText.timeInvalid; return nil }
            return time
        }
        let starts = time(input.startsAt, "startsAt")
        let ends = time(input.endsAt, "endsAt")
        if let starts, let ends, ends <= starts { errors["endsAt"] = CommendationText.endNotAfterStart }
        if ends != nil, starts == nil, errors["startsAt"] == nil { errors["startsAt"] = CommendationText.endWithoutStart }
        let place = Check.text(input.place, "place", max: 200, required: true, into: &errors)
        if errors["place"] == CoreText.required { errors["place"] = CommendationText.placeRequired }
        let present = try await present(on: db, meeting: m)
        let active = Set(try await CommendationQueries.activeMembers(on: db, communeID: m.communeID).compactMap(\.id))
        func member(_ text: String?, _ field: String, required: String) -> UUID? {
            let t = TextFolding.clean(text)
            guard !t.isEmpty else { errors[field] = required; return nil }
            guard let id = UUID(uuidString: t), active.contains(id) else { errors[field] = CoreText.invalidChoice; return nil }
            guard present.contains(id) else { errors[field] = CommendationText.notPresentMember; return nil }
            return id
        }
        let chair = member(input.chairMemberId, "chairMemberId", required: CommendationText.chairRequired)
        let secretary = member(input.secretaryMemberId, "secretaryMemberId", required: CommendationText.secretaryRequired)
        if let chair, chair == secretary { errors["secretaryMemberId"] = CommendationText.sameChairSecretary }
        guard errors.isEmpty else { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(CouncilMeeting.schema, id: m.requireID(), from: input.version ?? m.version, on: db)
            let before = ["startsAt": m.startsAt ?? "", "endsAt": m.endsAt ?? "", "place": m.place,
                          "chair": m.chairMemberID?.uuidString ?? "", "secretary": m.secretaryMemberID?.uuidString ?? ""]
            m.version = (input.version ?? m.version) + 1
            m.startsAt = starts?.text
            m.endsAt = ends?.text
            m.place = place
            m.chairMemberID = chair
            m.secretaryMemberID = secretary
            try await m.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "council_meeting", id: m.id,
                                      label: "Thông tin biên bản phiên họp \(LocalDate(iso: m.heldOn)?.vietnamese ?? m.heldOn)", before: before,
                                      after: ["startsAt": m.startsAt ?? "", "endsAt": m.endsAt ?? "", "place": m.place,
                                              "chair": chair?.uuidString ?? "", "secretary": secretary?.uuidString ?? ""])
        }
    }

    /// Cancels an open meeting that has no ballot (e.g. opened with nobody or too few present: it can never close).
    /// Its nominations stay waiting for a meeting; the year is free for a new one. The reason is kept and audited.
    static func cancelMeeting(_ m: CouncilMeeting, reason: String, actor: AuditActor, on db: any Database) async throws {
        try await db.writeTransaction { db in
            guard m.status == "open" else { throw AppError.conflict(CommendationText.meetingClosed) }
            let receipts = try await BallotReceipt.query(on: db).filter(\.$meetingID == m.id!).count()
            let tallies = try await BallotTally.query(on: db).filter(\.$meetingID == m.id!).count()
            guard receipts == 0, tallies == 0 else { throw AppError.conflict(CommendationText.meetingHasBallots) }
            try await OptimisticLock.bump(CouncilMeeting.schema, id: m.id!, from: m.version, on: db)
            m.version += 1; m.status = "cancelled"; m.cancelReason = reason
            try await m.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "council_meeting", id: m.id,
                                      label: "Hủy phiên họp Hội đồng \(LocalDate(iso: m.heldOn)?.vietnamese ?? m.heldOn)",
                                      before: ["status": "open"], after: ["status": "cancelled", "reason": reason])
        }
    }

    // MARK: posting and objections

    static func post(year: Int, start: LocalDate, settings: CommendationSettings, actor: AuditActor, on db: any Database) async throws -> Posting {
        try await db.writeTransaction { db in
            if try await CommendationQueries.posting(on: db, communeID: actor.communeID, year: year) != nil { throw AppError.conflict(CommendationText.alreadyPosted) }
            let approved = try await Nomination.query(on: db).filter(\.$communeID == actor.communeID).filter(\.$year == year)
                .filter(\.$status == NominationStatus.approved.rawValue).count()
            guard approved > 0 else { throw AppError.conflict(CommendationText.nothingToPost) }
            let p = Posting()
            p.communeID = actor.communeID; p.year = year; p.startsOn = start.iso
            p.endsOn = WorkingDays.end(start: start, days: settings.postingDays, holidays: settings.holidayDates).iso; p.status = "open"
            try await p.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "posting", id: p.id, label: "Công khai danh sách khen thưởng \(year)",
                                      after: ["from": p.startsOn, "to": p.endsOn, "nominations": String(approved)])
            return p
        }
    }

    /// An objection from the public. `guardedBy` counts it against the sender's address (``PublicFormGuard``) in the same
    /// transaction: past the limit nothing is stored and `AppError.tooManyRequests` is thrown. Only the salted hash of
    /// the address is kept.
    static func object(posting p: Posting, nominationID: UUID?, name: String, contact: String, content: String, today: LocalDate,
                       senderHash: String? = nil, guardedBy formGuard: PublicFormGuard? = nil, at: Date = Date(), on db: any Database) async throws {
        guard let start = LocalDate(iso: p.startsOn), let end = LocalDate(iso: p.endsOn), today >= start, today <= end else {
            throw AppError.conflict(CommendationText.postingOver)
        }
        try await db.writeTransaction { db in
            if let formGuard, let senderHash { try await formGuard.admit(communeID: p.communeID, addressHash: senderHash, at: at, on: db) }
            let o = Objection()
            o.communeID = p.communeID; o.postingID = p.id!; o.nominationID = nominationID; o.senderName = name; o.contact = contact
            o.content = content; o.answer = ""; o.senderHash = senderHash
            try await o.create(on: db)
            try await AuditLog.record(on: db, AuditActor(userID: nil, name: "Người dân: \(name)", communeID: p.communeID, ip: nil, at: at),
                                      .create, type: "objection", id: o.id, label: "Ý kiến về danh sách khen thưởng", after: ["content": content])
        }
    }

    /// Dismisses an unanswered objection as spam, with the reason: it stops blocking the Tờ trình, stays listed for the
    /// secretariat as dismissed, and is never published.
    static func dismiss(_ o: Objection, reason: String, actor: AuditActor, on db: any Database) async throws {
        guard o.isOpen else { throw AppError.conflict(CommendationText.objectionNotOpen) }
        try await db.writeTransaction { db in
            o.dismissReason = reason; o.dismissedBy = actor.name; o.dismissedAt = actor.at
            try await o.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "objection", id: o.id, label: "Loại ý kiến (thư rác) của \(o.senderName)",
                                      before: ["status": "open"], after: ["status": "dismissed", "reason": reason])
        }
    }

    static func answer(_ o: Objection, text: String, actor: AuditActor, on db: any Database) async throws {
        guard !o.isDismissed else { throw AppError.conflict(CommendationText.objectionNotOpen) }
        try await db.writeTransaction { db in
            let before = o.answer
            o.answer = text; o.answeredBy = actor.name; o.answeredAt = actor.at
            try await o.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "objection", id: o.id, label: "Trả lời ý kiến của \(o.senderName)",
                                      before: ["answer": before], after: ["answer": text])
        }
    }

    // MARK: Tờ trình, Quyết định, awards

    static let submissionSymbol = "TTr-VHXH"
    static let decisionSymbol = "QĐ-UBND"

    /// The Tờ trình, once the posting is over and every objection is answered (or dismissed as spam).
    /// `signerID`: the Trưởng phòng Văn hóa - Xã hội who signs it (in office on `today`); nil takes the one in office.
    static func makeSubmission(year: Int, today: LocalDate, signerID: UUID? = nil, actor: AuditActor, on db: any Database) async throws -> CommendationDecision {
        try await db.writeTransaction { db in
            guard let p = try await CommendationQueries.posting(on: db, communeID: actor.communeID, year: year) else { throw AppError.conflict(CommendationText.notPosted) }
            guard let end = LocalDate(iso: p.endsOn), today > end else { throw AppError.conflict(CommendationText.postingNotOver) }
            let docs = try await CommendationQueries.decisions(on: db, communeID: actor.communeID, year: year)
            if let made = docs.first(where: { $0.kind == "submission" && $0.status != "revoked" }) {
                throw AppError.conflict(CommendationText.alreadySubmitted(made.numberText))
            }
            if try await Objection.query(on: db).filter(\.$postingID == p.id!).filter(\.$answeredAt == nil).filter(\.$dismissedAt == nil).count() > 0 {
                throw AppError.conflict(CommendationText.objectionsOpen)
            }
            let signer = try await CommendationSigning.choose(kind: "submission", requested: signerID, communeID: actor.communeID, on: today, db: db)
            let d = try await issue(kind: "submission", year: year, symbol: submissionSymbol, today: today, signerTitle: signer?.title ?? "Trưởng phòng Văn hóa - Xã hội",
                                    signer: signer, actor: actor, on: db)
            p.status = "submitted"
            try await p.update(on: db)
            return d
        }
    }

    static func issue(kind: String, year: Int, symbol: String, today: LocalDate, signerTitle: String, signer: Signer? = nil, actor: AuditActor,
                      on db: any Database) async throws -> CommendationDecision {
        let number = try await DocumentRegister.next(communeID: actor.communeID, year: today.year, symbol: symbol, on: db)
        let d = CommendationDecision()
        d.communeID = actor.communeID; d.year = year; d.kind = kind; d.number = number; d.symbol = symbol; d.issuedOn = today.iso
        d.status = "issued"; d.signerTitle = signerTitle; d.revokeReason = ""; d.version = 1
        try await d.create(on: db)
        try await CommendationSigning.store(d, signer: signer, on: db)
        try await AuditLog.record(on: db, actor, .create, type: "commendation_document", id: d.id, label: "Số \(d.numberText) ngày \(today.vietnamese)",
                                  after: ["kind": kind, "number": d.numberText, "signer": CommendationSigning.auditText(signer)])
        return d
    }

    /// The chairperson approves: the Quyết định gets its number, each approved commune-level nomination becomes an award
    /// with its reward computed from the base salary.
    /// `signerID`: the Chủ tịch, or a Phó Chủ tịch signing for them (KT. CHỦ TỊCH), in office on `today`; nil takes the
    /// chairperson in office.
    static func sign(year: Int, today: LocalDate, settings: CommendationSettings, titles: [AwardTitle], signerID: UUID? = nil, actor: AuditActor,
                     on db: any Database) async throws -> CommendationDecision {
        try await db.writeTransaction { db in
            let docs = try await CommendationQueries.decisions(on: db, communeID: actor.communeID, year: year)
            guard docs.contains(where: { $0.kind == "submission" }) else { throw AppError.conflict(CommendationText.noSubmission) }
            if docs.contains(where: { $0.kind == "decision" && $0.status != "revoked" }) { throw AppError.conflict(CommendationText.alreadyDecided) }
            let signer = try await CommendationSigning.choose(kind: "decision", requested: signerID, communeID: actor.communeID, on: today, db: db)
            let d = try await issue(kind: "decision", year: year, symbol: decisionSymbol, today: today, signerTitle: signer?.title ?? "Chủ tịch",
                                    signer: signer, actor: actor, on: db)
            d.status = "signed"; d.signedBy = actor.name
            try await d.update(on: db)
            let approved = try await Nomination.query(on: db).filter(\.$communeID == actor.communeID).filter(\.$year == year)
                .filter(\.$status == NominationStatus.approved.rawValue).all()
            for n in approved {
                guard let title = titles.first(where: { $0.id == n.titleID }), title.isCommuneAward else { continue }
                let a = Award()
                a.communeID = actor.communeID; a.year = year; a.decisionID = d.id!; a.nominationID = n.id!; a.titleID = title.id!
                a.titleName = title.name; a.personID = n.personID; a.unitID = n.unitID; a.recipientName = n.nomineeName
                a.amount = Reward.amount(multiple: title.rewardMultiple, baseSalary: settings.baseSalary, rounding: settings.rewardRounding)
                a.status = "valid"; a.revokeReason = ""; a.recoverReward = false
                a.registerNumber = try await AwardRegister.next(communeID: actor.communeID, year: today.year, on: db)
                try await a.create(on: db)
                n.status = NominationStatus.decided.rawValue; n.version += 1
                try await n.update(on: db)
            }
            return d
        }
    }

    /// Revokes a whole decision: the decision and each of its awards keep their data, marked revoked with the reason.
    static func revokeDecision(_ d: CommendationDecision, reason: String, recover: Bool, actor: AuditActor, on db: any Database) async throws {
        guard d.kind == "decision", d.status == "signed" else { throw AppError.conflict(CommendationText.revokedBadge) }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(CommendationDecision.schema, id: d.id!, from: d.version, on: db)
            d.version += 1; d.status = "revoked"; d.revokeReason = reason
            try await d.update(on: db)
            for a in try await Award.query(on: db).filter(\.$decisionID == d.id!).filter(\.$status == "valid").all() {
                try await revoke(a, reason: reason, recover: recover, actor: actor, on: db)
            }
            try await AuditLog.record(on: db, actor, .update, type: "commendation_document", id: d.id, label: "Hủy Quyết định số \(d.numberText)",
                                      before: ["status": "signed"], after: ["status": "revoked", "reason": reason, "recover": recover ? "true" : "false"])
        }
    }

    /// Revokes one award (nothing is deleted or overwritten: the award keeps its data with the reason).
    static func revoke(_ a: Award, reason: String, recover: Bool, actor: AuditActor, on db: any Database) async throws {
        guard a.status == "valid" else { throw AppError.conflict(CommendationText.revokedBadge) }
        try await db.writeTransaction { db in
            a.status = "revoked"; a.revokeReason = reason; a.recoverReward = recover
            try await a.update(on: db)
            if let n = try await Nomination.find(a.nominationID, on: db) {
                n.status = NominationStatus.revoked.rawValue; n.version += 1
                try await n.update(on: db)
            }
            try await AuditLog.record(on: db, actor, .update, type: "award", id: a.id, label: "Hủy khen thưởng: \(a.recipientName) — \(a.titleName)",
                                      before: ["status": "valid"], after: ["status": "revoked", "reason": reason, "recover": recover ? "true" : "false"])
        }
    }
}
