import Fluent
import Foundation

/// Follow-up items of a conclusion: the unit answers (with a file, optionally), the team accepts (closes) or reopens.
extension InspectionCommands {
    /// The unit's answer (its focal point or head, ``Action/answerInspectionFollowUp(_:)``); refused once the item is
    /// closed, or while the team has not decided on the last answer. The team is told.
    static func answerFollowUp(_ f: InspectionFollowUp, visit v: InspectionVisit, answer answerText: String?, attachment: InspectionAttachment?,
                               expectedVersion: Int?, store: any FileStore, actor: AuditActor, notifier: (any Notifier)?,
                               on db: any Database) async throws {
        guard f.state != .closed else { throw AppError.conflict(InspectionText.followUpClosed) }
        guard f.state.isAnswerable else { throw AppError.conflict(InspectionText.awaitingTeam) }
        var errors: [String: String] = [:]
        let answer = Check.text(answerText, "answer", max: TextLimit.long, required: true, into: &errors)
        guard errors.isEmpty else { throw invalid(errors) }
        let unitName = try await Unit.find(v.unitID, on: db)?.name ?? ""
        let item = followUpRef(f, visit: v, unitName: unitName)
        let notices = InspectionQueries.notices(to: try await InspectionQueries.teamUsers(on: db, teamID: v.teamID), communeID: v.communeID,
                                                title: InspectionText.answeredNotice(unitName, item: item), link: InspectionPaths.visit(v.id), at: actor.at)
        let before = f.snapshot
        let version = expectedVersion ?? f.version
        try await attach(attachment, store: store, visit: v, finding: nil, followUp: f.id, actor: actor, on: db) { db in
            try await OptimisticLock.bump(InspectionFollowUp.schema, id: f.id!, from: version, on: db)
            f.version = version + 1
            f.answer = answer; f.answeredBy = actor.name; f.answeredAt = actor.at; f.status = InspectionFollowUpStatus.answered.rawValue
            try await f.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "inspection_follow_up", id: f.id, label: "\(InspectionText.answer): \(f.text)",
                                      before: before, after: f.snapshot.merging(["file": attachment?.name ?? ""]) { a, _ in a })
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
    }

    /// The team accepts the answer and closes the item; when it was the visit's last open item, the visit is closed.
    static func acceptFollowUp(_ f: InspectionFollowUp, visit v: InspectionVisit, note: String?, expectedVersion: Int?, actor: AuditActor,
                               notifier: (any Notifier)?, on db: any Database) async throws {
        try await decide(f, visit: v, to: .closed, note: note, noteRequired: false, expectedVersion: expectedVersion, actor: actor, notifier: notifier,
                         title: InspectionText.acceptedNotice(try await followUpRef(f, visit: v, on: db)), on: db)
    }

    /// The team asks for more (a note is required); the unit answers again.
    static func reopenFollowUp(_ f: InspectionFollowUp, visit v: InspectionVisit, note: String?, expectedVersion: Int?, actor: AuditActor,
                               notifier: (any Notifier)?, on db: any Database) async throws {
        try await decide(f, visit: v, to: .reopened, note: note, noteRequired: true, expectedVersion: expectedVersion, actor: actor, notifier: notifier,
                         title: InspectionText.reopenedNotice(try await followUpRef(f, visit: v, on: db)), on: db)
    }

    /// The item and its visit as a notice names them (``InspectionText/followUpRef(position:text:unit:date:)``).
    static func followUpRef(_ f: InspectionFollowUp, visit v: InspectionVisit, unitName: String) -> String {
        InspectionText.followUpRef(position: f.position, text: f.text, unit: unitName, date: v.date)
    }

    static func followUpRef(_ f: InspectionFollowUp, visit v: InspectionVisit, on db: any Database) async throws -> String {
        followUpRef(f, visit: v, unitName: try await Unit.find(v.unitID, on: db)?.name ?? "")
    }

    static func decide(_ f: InspectionFollowUp, visit v: InspectionVisit, to status: InspectionFollowUpStatus, note noteText: String?, noteRequired: Bool,
                       expectedVersion: Int?, actor: AuditActor, notifier: (any Notifier)?, title: String, on db: any Database) async throws {
        guard f.state != .closed else { throw AppError.conflict(InspectionText.decidedClosed) }
        guard f.state == .answered else { throw AppError.conflict(InspectionText.notAnswered) }
        var errors: [String: String] = [:]
        let note = Check.text(noteText, "decisionNote", max: TextLimit.long, required: noteRequired, into: &errors)
        guard errors.isEmpty else { throw invalid(errors) }
        let notices = try await unitNotices(v, title: title, at: actor.at, notifier: notifier, on: db)
        let before = f.snapshot
        let version = expectedVersion ?? f.version
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(InspectionFollowUp.schema, id: f.id!, from: version, on: db)
            f.version = version + 1
            f.status = status.rawValue; f.decisionNote = note; f.decidedBy = actor.name; f.decidedAt = actor.at
            try await f.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "inspection_follow_up", id: f.id, label: "\(status.label): \(f.text)",
                                      before: before, after: f.snapshot)
            if status == .closed {
                let open = try await InspectionFollowUp.query(on: db).filter(\.$visitID == v.id!)
                    .filter(\.$status != InspectionFollowUpStatus.closed.rawValue).count()
                if open == 0 {
                    try await OptimisticLock.bump(InspectionVisit.schema, id: v.id!, from: v.version, on: db)
                    v.version += 1
                    v.status = InspectionVisitStatus.closed.rawValue; v.closedAt = actor.at
                    try await v.update(on: db)
                    try await AuditLog.record(on: db, actor, .update, type: "inspection_visit", id: v.id, label: InspectionText.visitStatus(.closed),
                                              before: ["status": InspectionVisitStatus.concluded.rawValue], after: ["status": v.status])
                }
            }
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
    }
}
