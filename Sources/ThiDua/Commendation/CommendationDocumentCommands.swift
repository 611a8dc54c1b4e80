import Fluent
import Foundation

/// The Tờ trình, the Quyết định and the awards they make.
extension CommendationCommands {
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
        try await CommendationCitedBases.store(d, on: db)
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
