import Fluent
import Foundation

/// The council's meeting, its secret ballot and its minutes.
extension CommendationCommands {
    // MARK: meeting and secret ballot

    static func quorumNeeded(total: Int, ratio: Double) -> Int { Int((Double(total) * ratio - 1e-9).rounded(.up)) }

    /// Passes with strictly more than `ratio` of all members approving.
    static func passes(approve: Int, total: Int, ratio: Double) -> Bool { Double(approve) > Double(total) * ratio + 1e-9 }

    static func openMeeting(year: Int, heldOn: LocalDate, place: String, present: Set<UUID>, actor: AuditActor, on db: any Database) async throws -> CouncilMeeting {
        guard (year...(year + 1)).contains(heldOn.year) else { throw fail("heldOn", CommendationText.meetingDateOutOfRange(year)) }
        return try await db.writeTransaction { db in
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
            if let held = LocalDate(iso: m.heldOn), held > LocalDate(actor.at) { throw AppError.conflict(CommendationText.meetingNotYetHeld) }
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
            guard let time = MeetingTime.typed(t) else { errors[field] = CommendationText.timeInvalid; return nil }
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
        if input.version == nil { errors["version"] = CoreText.versionRequired }
        guard errors.isEmpty, let version = input.version else {
            throw AppError.validation(fields: errors, message: errors.keys.elementsEqual(["version"]) ? CoreText.versionRequired : CoreText.formHasErrors)
        }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(CouncilMeeting.schema, id: m.requireID(), from: version, on: db)
            let before = ["startsAt": m.startsAt ?? "", "endsAt": m.endsAt ?? "", "place": m.place,
                          "chair": m.chairMemberID?.uuidString ?? "", "secretary": m.secretaryMemberID?.uuidString ?? ""]
            m.version = version + 1
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
}
