import Fluent
import Foundation
import NIOCore
import Vapor

/// What the schedule form carries, as typed.
struct InspectionVisitInput: Sendable {
    var unitId: String?
    var teamId: String?
    var date: String?
    var time: String?
    var place: String?
    var content: String?
}

/// Visits: scheduling, rescheduling (history kept, the unit told again) and the notices N days before.
///
/// There is no periodic job runner in the application (the report reminders are computed when the home page is
/// read), so the notice of a visit goes out when it is scheduled if its date is already within the notice period, and
/// ``sendDueNotices(on:at:notifier:communeID:)`` sends the others: it runs at start-up and then every hour
/// (``InspectionNoticeSweep``), and tests call it with the injected clock. `notice_sent_at` makes it idempotent.
extension InspectionCommands {
    /// "08:00" → "08:00"; "8:5" is refused, "8:00" → "08:00".
    static func checkTime(_ text: String?, _ field: String, required: Bool, into errors: inout [String: String]) -> String {
        let t = TextFolding.clean(text)
        if t.isEmpty { if required { errors[field] = CoreText.required }; return "" }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), parts[1].count == 2, (1...2).contains(parts[0].count),
              (0...23).contains(h), (0...59).contains(m) else { errors[field] = InspectionText.badTime; return t }
        return String(format: "%02d:%02d", h, m)
    }

    /// Schedules a visit of a team of the plan to one of its units. When the plan is approved and the date is within
    /// the notice period, the notice goes out at once.
    static func scheduleVisit(_ p: InspectionPlan, _ input: InspectionVisitInput, actor: AuditActor, notifier: (any Notifier)?,
                              on db: any Database) async throws -> InspectionVisit {
        var errors: [String: String] = [:]
        let date = Check.date(input.date, "date", required: true, into: &errors).flatMap(LocalDate.init(iso:))
        if let date, date.year != p.year { errors["date"] = InspectionText.outsideYear }
        let time = checkTime(input.time, "time", required: true, into: &errors)
        let place = Check.text(input.place, "place", max: 500, required: true, into: &errors)
        let content = Check.text(input.content, "content", max: TextLimit.long, required: true, into: &errors)
        let unitID = Check.uuid(input.unitId)
        if unitID == nil { errors["unitId"] = CoreText.required }
        else if try await InspectionTarget.query(on: db).filter(\.$planID == p.id!).filter(\.$unitID == unitID!).first() == nil {
            errors["unitId"] = InspectionText.notATarget
        }
        let teamID = Check.uuid(input.teamId)
        if teamID == nil { errors["teamId"] = CoreText.required }
        else if try await InspectionTeam.query(on: db).filter(\.$planID == p.id!).filter(\.$id == teamID!).first() == nil {
            errors["teamId"] = InspectionText.unknownTeam
        }
        guard errors.isEmpty, let date, let unitID, let teamID else { throw invalid(errors) }
        let unitName = try await Unit.find(unitID, on: db)?.name ?? ""
        let config = try await InspectionQueries.settings(on: db, communeID: p.communeID)
        let v = InspectionVisit()
        v.id = UUID(); v.communeID = p.communeID; v.planID = p.id!; v.unitID = unitID; v.teamID = teamID
        v.visitDate = date.iso; v.visitTime = time; v.place = place; v.content = content
        v.status = InspectionVisitStatus.scheduled.rawValue
        v.minutesStartsAt = ""; v.minutesEndsAt = ""; v.minutesPlace = ""; v.teamAttendees = ""; v.unitAttendees = ""
        v.strengths = ""; v.weaknesses = ""; v.recommendations = ""; v.conclusion = ""
        v.createdAt = actor.at; v.version = 1
        var notices: [Notice] = []
        if p.state == .approved, isDue(date, at: actor.at, days: config.noticeDays) {
            notices = try await unitNotices(v, title: InspectionText.visitNotice(date, time, place), at: actor.at, notifier: notifier, on: db)
            v.status = InspectionVisitStatus.notified.rawValue; v.noticeSentAt = actor.at
        }
        let sent = notices
        try await db.writeTransaction { db in
            try await v.create(on: db)
            if v.noticeSentAt != nil { try await InspectionDocumentNumbers.issueNotice(v, at: actor.at, on: db) }
            try await AuditLog.record(on: db, actor, .create, type: "inspection_visit", id: v.id,
                                      label: InspectionText.auditVisit(unitName, date.vietnamese), after: v.snapshot)
            try await notifier?.inbox(sent, on: db)
        }
        try await notifier?.mail(sent, on: db)
        return v
    }

    /// Whether a visit on `date` is within the notice period at `at` (today up to `days` days ahead).
    static func isDue(_ date: LocalDate, at: Date, days: Int) -> Bool {
        let today = LocalDate(at)
        return !(date < today) && !(today.adding(days: days) < date)
    }

    /// The notices to the visited unit's accounts (its focal point and head).
    static func unitNotices(_ v: InspectionVisit, title: String, at: Date, notifier: (any Notifier)?, on db: any Database) async throws -> [Notice] {
        try await notifier?.ownerNotices(.unit(v.unitID), communeID: v.communeID, title: title, link: InspectionPaths.visit(v.id), on: db, at: at) ?? []
    }

    /// Moves a visit to a new date and time with the reason. The old schedule is kept in the history, the unit is
    /// told at once (when the plan is approved), and the notice period starts again for the new date.
    /// What became of the visit's notice after a reschedule: the new one went at once, it goes on `day`, or it waits
    /// for the plan's approval.
    enum RescheduledNotice: Equatable, Sendable { case sent, willGo(LocalDate), afterApproval }

    @discardableResult
    static func reschedule(_ v: InspectionVisit, date dateText: String?, time timeText: String?, reason reasonText: String?, expectedVersion: Int?,
                           actor: AuditActor, notifier: (any Notifier)?, on db: any Database) async throws -> RescheduledNotice {
        guard v.state == .scheduled || v.state == .notified else { throw AppError.conflict(InspectionText.alreadyVisited) }
        let p = try await InspectionQueries.plan(v.planID, communeID: v.communeID, on: db)
        var errors: [String: String] = [:]
        let date = Check.date(dateText, "date", required: true, into: &errors).flatMap(LocalDate.init(iso:))
        if let date, date.year != p.year { errors["date"] = InspectionText.outsideYear }
        let time = checkTime(timeText, "time", required: true, into: &errors)
        let reason = Check.text(reasonText, "reason", max: TextLimit.long, required: true, into: &errors)
        if let date, errors.isEmpty, date.iso == v.visitDate, time == v.visitTime { errors["date"] = InspectionText.sameSchedule }
        guard errors.isEmpty, let date else { throw invalid(errors) }
        let config = try await InspectionQueries.settings(on: db, communeID: v.communeID)
        let approved = p.state == .approved
        let due = approved && isDue(date, at: actor.at, days: config.noticeDays)
        let notices = approved ? try await unitNotices(v, title: InspectionText.rescheduledNotice(date, time), at: actor.at, notifier: notifier, on: db) : []
        let unitName = try await Unit.find(v.unitID, on: db)?.name ?? ""
        try await db.writeTransaction { db in
            let version = expectedVersion ?? v.version
            try await OptimisticLock.bump(InspectionVisit.schema, id: v.id!, from: version, on: db)
            let before = v.snapshot
            let h = InspectionReschedule()
            h.communeID = v.communeID; h.visitID = v.id!; h.oldDate = v.visitDate; h.oldTime = v.visitTime
            h.newDate = date.iso; h.newTime = time; h.reason = reason; h.byUser = actor.userID; h.byName = actor.name; h.at = actor.at
            try await h.create(on: db)
            v.version = version + 1
            v.visitDate = date.iso; v.visitTime = time
            v.status = (due ? InspectionVisitStatus.notified : .scheduled).rawValue
            v.noticeSentAt = due ? actor.at : nil
            try await v.update(on: db)
            try await InspectionDocumentNumbers.reschedule(v, history: h, due: due, at: actor.at, on: db)
            try await AuditLog.record(on: db, actor, .update, type: "inspection_visit", id: v.id,
                                      label: "\(InspectionText.reschedule): \(InspectionText.auditVisit(unitName, date.vietnamese))",
                                      before: before.merging(["reason": ""]) { a, _ in a }, after: v.snapshot.merging(["reason": reason]) { a, _ in a })
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
        guard approved else { return .afterApproval }
        // Not due yet: the sweep sends it `noticeDays` before the date.
        return due ? .sent : .willGo(date.adding(days: -config.noticeDays))
    }

    /// Sends the notice of every visit of an approved plan whose date is within its commune's notice period and whose
    /// notice has not gone yet (all communes, or one). Each visit is claimed by its version in its own transaction, so
    /// two sweeps at once, or a sweep after a restart, send nothing twice. Returns how many notices went.
    @discardableResult
    static func sendDueNotices(on db: any Database, at: Date, notifier: (any Notifier)?, communeID: UUID? = nil) async throws -> Int {
        let today = LocalDate(at)
        let days = try await InspectionQueries.noticeDays(on: db)
        let horizon = today.adding(days: max(days.values.max() ?? 0, InspectionText.defaultNoticeDays))
        let q = InspectionVisit.query(on: db).filter(\.$status == InspectionVisitStatus.scheduled.rawValue).filter(\.$noticeSentAt == nil)
            .filter(\.$visitDate >= today.iso).filter(\.$visitDate <= horizon.iso)
        if let communeID { q.filter(\.$communeID == communeID) }
        let candidates = try await q.sort(\.$visitDate).all()
        guard !candidates.isEmpty else { return 0 }
        let approved = Set(try await InspectionPlan.query(on: db).filter(\.$id ~~ Set(candidates.map(\.planID)))
            .filter(\.$status == InspectionPlanStatus.approved.rawValue).all().compactMap(\.id))
        var sent = 0
        for v in candidates where approved.contains(v.planID) {
            guard let date = v.date, isDue(date, at: at, days: days[v.communeID] ?? InspectionText.defaultNoticeDays) else { continue }
            let notices = try await unitNotices(v, title: InspectionText.visitNotice(date, v.visitTime, v.place), at: at, notifier: notifier, on: db)
            let version = v.version
            do {
                try await db.writeTransaction { db in
                    try await OptimisticLock.bump(InspectionVisit.schema, id: v.id!, from: version, on: db)
                    v.version = version + 1
                    v.status = InspectionVisitStatus.notified.rawValue
                    v.noticeSentAt = at
                    try await v.update(on: db)
                    try await InspectionDocumentNumbers.issueNotice(v, at: at, on: db)
                    try await AuditLog.record(on: db, .system(communeID: v.communeID, at: at), .update, type: "inspection_visit", id: v.id,
                                              label: "\(InspectionText.noticeSent): \(date.vietnamese)",
                                              before: ["status": InspectionVisitStatus.scheduled.rawValue], after: ["status": v.status])
                    try await notifier?.inbox(notices, on: db)
                }
            } catch AppError.conflict {
                continue // changed meanwhile (rescheduled, or another sweep sent it)
            }
            try await notifier?.mail(notices, on: db)
            sent += 1
        }
        return sent
    }
}

/// Runs the due-notices sweep once the application has booted (after the migrations of `serve`), then every hour on
/// an event loop, with the application's clock and notifier. Registered in `configure`.
struct InspectionNoticeSweep: LifecycleHandler {
    static let interval = TimeAmount.hours(1)

    func didBoot(_ app: Application) throws {
        // Tests run the sweep themselves, with their clock (`sendDueNotices`); a sweep of its own would also add
        // statements to the pages' statement counts.
        guard app.environment != .testing else { return }
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: Self.interval) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                guard !app.didShutdown else { return }
                do {
                    try await InspectionCommands.sendDueNotices(on: app.db, at: app.clock.now(), notifier: app.notifier)
                } catch {
                    app.logger.warning("inspection notices not sent: \(String(describing: error))")
                }
            }
        }
        app.storage[TaskKey.self] = TaskBox(task: task)
    }

    func shutdown(_ app: Application) {
        app.storage[TaskKey.self]?.task.cancel()
    }

    final class TaskBox: Sendable {
        let task: RepeatedTask
        init(task: RepeatedTask) { self.task = task }
    }

    struct TaskKey: StorageKey { typealias Value = TaskBox }
}
