import Fluent
import Foundation

/// The team's score and note of one criterion, as typed.
struct InspectionChecklistInput: Sendable {
    var criterionId: String?
    var teamPoints: String?
    var note: String?
}

/// What the minutes form carries, as typed.
struct InspectionMinutesInput: Sendable {
    var startsAt: String?
    var endsAt: String?
    var place: String?
    var teamAttendees: String?
    var unitAttendees: String?
    var strengths: String?
    var weaknesses: String?
    var recommendations: String?
}

/// One recommendation of the conclusion with its due date, as typed.
struct InspectionFollowUpInput: Sendable {
    var text: String?
    var dueDate: String?
}

/// A file already checked by ``EvidenceCommands/check(name:file:maxBytes:threadPool:)``.
struct InspectionAttachment: Sendable {
    let name: String
    let content: EvidenceCommands.Content
    let kind: FileKind
}

/// What the team records on the visit: the checklist, findings, the minutes and the conclusion.
extension InspectionCommands {
    /// The checklist as it stands: one line per active criterion of the unit's criteria group, in order, with the
    /// unit's self-score of the plan's year where it scored (``UnitScore``), and what the team recorded. Lines not
    /// saved yet have no id. Three statements whatever the number of criteria.
    static func checklist(on db: any Database, visit v: InspectionVisit, year: Int) async throws -> [InspectionChecklistRow] {
        guard let unit = try await Unit.query(on: db).filter(\.$communeID == v.communeID).filter(\.$id == v.unitID).first() else { throw AppError.notFound }
        let criteria = try await ScoringQueries.criteria(on: db, communeID: v.communeID, group: unit.criteriaGroup)
        let selfScores = Dictionary(try await UnitScore.query(on: db).filter(\.$communeID == v.communeID).filter(\.$year == year)
            .filter(\.$unitID == v.unitID).filter(\.$scorerKind == ScorerKind.selfScore.rawValue).all().map { ($0.criterionID, $0.points) }) { a, _ in a }
        let lines = Dictionary(try await InspectionChecklistLine.query(on: db).filter(\.$visitID == v.id!).all().map { ($0.criterionID, $0) }) { a, _ in a }
        var rows = criteria.map { c in
            let line = lines[c.id!]
            return InspectionChecklistRow(criterionID: c.id!, position: c.position, title: line?.criterionTitle ?? c.title,
                                          maxPoints: line?.maxPoints ?? Double(c.maxPoints), selfPoints: line?.selfPoints ?? selfScores[c.id!],
                                          teamPoints: line?.teamPoints, note: line?.note ?? "", saved: line != nil)
        }
        // Lines kept for a criterion since retired stay on the minutes.
        for line in lines.values where !criteria.contains(where: { $0.id == line.criterionID }) {
            rows.append(InspectionChecklistRow(criterionID: line.criterionID, position: line.position, title: line.criterionTitle, maxPoints: line.maxPoints,
                                               selfPoints: line.selfPoints, teamPoints: line.teamPoints, note: line.note, saved: true))
        }
        return rows.sorted { $0.position < $1.position }
    }

    /// The team can record from the day of the visit, until it is concluded.
    static func checkRecordable(_ v: InspectionVisit, at: Date) throws {
        guard v.state != .concluded && v.state != .closed else { throw AppError.conflict(InspectionText.alreadyConcluded) }
        if let date = v.date, LocalDate(at) < date { throw AppError.conflict(InspectionText.notYetVisitable) }
    }

    /// Records the team's scores and notes (the team only, ``Action/recordInspection(_:)``). Every criterion of the
    /// unit's group gets its line, with the maximum and the unit's self-score as they are today; a score above the
    /// maximum is refused beside its line (`teamPoints.<n>`).
    static func recordChecklist(_ v: InspectionVisit, lines input: [InspectionChecklistInput], actor: AuditActor, on db: any Database) async throws {
        try checkRecordable(v, at: actor.at)
        let p = try await InspectionQueries.plan(v.planID, communeID: v.communeID, on: db)
        let rows = try await checklist(on: db, visit: v, year: p.year)
        guard !rows.isEmpty else { throw AppError.conflict(InspectionText.noCriteria) }
        let byID = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($0.element.criterionID, ($0.offset, $0.element)) })
        var errors: [String: String] = [:]
        var values: [UUID: (Double?, String)] = [:]
        for line in input {
            guard let id = Check.uuid(line.criterionId), let (n, row) = byID[id] else { continue }
            let points = Check.number(line.teamPoints, "teamPoints.\(n)", .range(0, row.maxPoints), into: &errors)
            let note = Check.text(line.note, "note.\(n)", max: 2000, required: false, into: &errors)
            values[id] = (points, note)
        }
        guard errors.isEmpty else { throw invalid(errors) }
        let unitName = try await Unit.find(v.unitID, on: db)?.name ?? ""
        let written = values
        try await db.writeTransaction { db in
            let existing = Dictionary(try await InspectionChecklistLine.query(on: db).filter(\.$visitID == v.id!).all().map { ($0.criterionID, $0) }) { a, _ in a }
            var before: [String: String] = [:]
            var after: [String: String] = [:]
            for row in rows {
                let line = existing[row.criterionID] ?? InspectionChecklistLine()
                let (points, note) = written[row.criterionID] ?? (line.id == nil ? nil : line.teamPoints, line.id == nil ? "" : line.note)
                if line.id != nil { before[row.title] = line.teamPoints.map { NumberText.format($0) } ?? "" }
                line.communeID = v.communeID; line.visitID = v.id!; line.criterionID = row.criterionID; line.position = row.position
                line.criterionTitle = row.title; line.maxPoints = row.maxPoints; line.selfPoints = row.selfPoints
                line.teamPoints = points; line.note = note; line.updatedAt = actor.at; line.updatedBy = actor.name
                try await line.save(on: db)
                after[row.title] = points.map { NumberText.format($0) } ?? ""
            }
            try await AuditLog.record(on: db, actor, .update, type: "inspection_visit", id: v.id,
                                      label: "\(InspectionText.checklist): \(InspectionText.auditVisit(unitName, LocalDate(iso: v.visitDate)?.vietnamese ?? ""))",
                                      before: before, after: after)
        }
    }

    /// Records a finding, with a file when one was sent (moved into the store by the write that records it).
    static func addFinding(_ v: InspectionVisit, text textInput: String?, attachment: InspectionAttachment?, store: any FileStore,
                           actor: AuditActor, on db: any Database) async throws -> InspectionFinding {
        try checkRecordable(v, at: actor.at)
        var errors: [String: String] = [:]
        let text = Check.text(textInput, "finding", max: TextLimit.long, required: true, into: &errors)
        guard errors.isEmpty else { throw invalid(errors) }
        let f = InspectionFinding()
        f.id = UUID(); f.communeID = v.communeID; f.visitID = v.id!; f.text = text; f.createdBy = actor.name; f.createdAt = actor.at
        try await attach(attachment, store: store, visit: v, finding: f.id, followUp: nil, actor: actor, on: db) { db in
            try await f.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "inspection_finding", id: f.id, label: InspectionText.findings,
                                      after: ["text": text, "file": attachment?.name ?? ""])
        }
        return f
    }

    /// Runs `write` with the file's row in one transaction, the received file moved into the store inside it.
    static func attach(_ attachment: InspectionAttachment?, store: any FileStore, visit v: InspectionVisit, finding: UUID?, followUp: UUID?,
                       actor: AuditActor, on db: any Database, _ write: @escaping @Sendable (any Database) async throws -> Void) async throws {
        let stored: StoredFile?
        switch attachment?.content {
        case .bytes(let data): stored = try await store.put(data)
        case .received(let file): stored = StoredFile(hash: file.sha256, size: file.size)
        case nil: stored = nil
        }
        let placement = FilePlacement(store: store, files: attachment?.content.received.map { [$0] } ?? [])
        try await placement.run {
            try await db.writeTransaction { db in
                try await write(db)
                if let stored, let attachment {
                    let file = InspectionFile()
                    file.communeID = v.communeID; file.visitID = v.id!; file.findingID = finding; file.followUpID = followUp
                    file.fileHash = stored.hash; file.contentType = attachment.kind.contentType; file.size = stored.size
                    file.originalName = TextFolding.clean(attachment.name); file.uploadedBy = actor.name; file.createdAt = actor.at
                    try await file.create(on: db)
                }
                try await placement.place()
            }
        }
    }

    /// Records the minutes (Biên bản kiểm tra); the visit is then "visited". Saving again changes them until the
    /// conclusion.
    static func recordMinutes(_ v: InspectionVisit, _ input: InspectionMinutesInput, expectedVersion: Int?, actor: AuditActor,
                              on db: any Database) async throws {
        try checkRecordable(v, at: actor.at)
        var errors: [String: String] = [:]
        let starts = checkTime(input.startsAt, "startsAt", required: true, into: &errors)
        let ends = checkTime(input.endsAt, "endsAt", required: false, into: &errors)
        if errors.isEmpty, !ends.isEmpty, ends <= starts { errors["endsAt"] = InspectionText.endsBeforeStart }
        let place = Check.text(input.place, "place", max: 500, required: true, into: &errors)
        let team = Check.text(input.teamAttendees, "teamAttendees", max: TextLimit.long, required: true, multiline: true, into: &errors)
        let unit = Check.text(input.unitAttendees, "unitAttendees", max: TextLimit.long, required: true, multiline: true, into: &errors)
        let strengths = Check.text(input.strengths, "strengths", max: TextLimit.long, required: true, into: &errors)
        let weaknesses = Check.text(input.weaknesses, "weaknesses", max: TextLimit.long, required: false, into: &errors)
        let recommendations = Check.text(input.recommendations, "recommendations", max: TextLimit.long, required: false, into: &errors)
        guard errors.isEmpty else { throw invalid(errors) }
        let unitName = try await Unit.find(v.unitID, on: db)?.name ?? ""
        try await db.writeTransaction { db in
            let version = expectedVersion ?? v.version
            try await OptimisticLock.bump(InspectionVisit.schema, id: v.id!, from: version, on: db)
            let before = minutesSnapshot(v)
            v.version = version + 1
            v.minutesStartsAt = starts; v.minutesEndsAt = ends; v.minutesPlace = place; v.teamAttendees = team; v.unitAttendees = unit
            v.strengths = strengths; v.weaknesses = weaknesses; v.recommendations = recommendations; v.minutesRecordedAt = actor.at
            v.status = InspectionVisitStatus.visited.rawValue
            try await v.update(on: db)
            try await InspectionDocumentNumbers.issueMinutes(v, at: actor.at, on: db)
            try await AuditLog.record(on: db, actor, .update, type: "inspection_visit", id: v.id,
                                      label: "\(InspectionText.minutes): \(InspectionText.auditVisit(unitName, LocalDate(iso: v.visitDate)?.vietnamese ?? ""))",
                                      before: before, after: minutesSnapshot(v))
        }
    }

    static func minutesSnapshot(_ v: InspectionVisit) -> [String: String] {
        ["status": v.status, "startsAt": v.minutesStartsAt, "endsAt": v.minutesEndsAt, "place": v.minutesPlace, "teamAttendees": v.teamAttendees,
         "unitAttendees": v.unitAttendees, "strengths": v.strengths, "weaknesses": v.weaknesses, "recommendations": v.recommendations]
    }

    /// Issues the conclusion (Thông báo kết luận kiểm tra) with its follow-up items and their due dates (after the
    /// visit); the unit is told. Needs the minutes. Items are checked as `followUps.<n>` / `dueDate.<n>`.
    static func conclude(_ v: InspectionVisit, conclusion conclusionText: String?, items: [InspectionFollowUpInput], expectedVersion: Int?,
                         actor: AuditActor, notifier: (any Notifier)?, on db: any Database) async throws -> [InspectionFollowUp] {
        guard v.state != .concluded && v.state != .closed else { throw AppError.conflict(InspectionText.alreadyConcluded) }
        guard v.state == .visited else { throw AppError.conflict(InspectionText.needMinutes) }
        var errors: [String: String] = [:]
        let conclusion = Check.text(conclusionText, "conclusion", max: TextLimit.long, required: true, into: &errors)
        var lines: [(String, String)] = []
        for (n, item) in items.enumerated() {
            let typedText = TextFolding.clean(item.text), typedDue = TextFolding.clean(item.dueDate)
            if typedText.isEmpty && typedDue.isEmpty { continue }
            let text = Check.text(item.text, "followUps.\(n)", max: 5000, required: true, into: &errors)
            let due = Check.date(item.dueDate, "dueDate.\(n)", required: true, into: &errors)
            if let due, let d = LocalDate(iso: due), let visitDate = v.date, !(visitDate < d) { errors["dueDate.\(n)"] = InspectionText.dueBeforeVisit }
            if let due { lines.append((text, due)) }
        }
        if lines.isEmpty && errors.isEmpty { errors["followUps.0"] = InspectionText.needFollowUp }
        guard errors.isEmpty else { throw invalid(errors) }
        let notices = try await unitNotices(v, title: InspectionText.concludedNotice(lines.count), at: actor.at, notifier: notifier, on: db)
        let unitName = try await Unit.find(v.unitID, on: db)?.name ?? ""
        let rows = lines.enumerated().map { n, line in
            let f = InspectionFollowUp()
            f.id = UUID(); f.communeID = v.communeID; f.visitID = v.id!; f.position = n + 1; f.text = line.0; f.dueDate = line.1
            f.status = InspectionFollowUpStatus.open.rawValue; f.answer = ""; f.answeredBy = ""; f.decisionNote = ""; f.decidedBy = ""
            f.createdAt = actor.at; f.version = 1
            return f
        }
        try await db.writeTransaction { db in
            let version = expectedVersion ?? v.version
            try await OptimisticLock.bump(InspectionVisit.schema, id: v.id!, from: version, on: db)
            v.version = version + 1
            v.conclusion = conclusion; v.concludedAt = actor.at; v.status = InspectionVisitStatus.concluded.rawValue
            try await v.update(on: db)
            try await InspectionDocumentNumbers.issueConclusion(v, at: actor.at, on: db)
            for f in rows { try await f.create(on: db) }
            try await AuditLog.record(on: db, actor, .update, type: "inspection_visit", id: v.id,
                                      label: "\(InspectionText.conclusion): \(InspectionText.auditVisit(unitName, LocalDate(iso: v.visitDate)?.vietnamese ?? ""))",
                                      before: ["status": InspectionVisitStatus.visited.rawValue],
                                      after: ["status": v.status, "conclusion": conclusion, "followUps": rows.map { "\($0.text) (\($0.dueDate))" }.joined(separator: "; ")])
            try await notifier?.inbox(notices, on: db)
        }
        try await notifier?.mail(notices, on: db)
        return rows
    }
}

/// One line of a visit's checklist as pages (and the minutes document) show it.
struct InspectionChecklistRow: Sendable {
    let criterionID: UUID
    let position: Int
    let title: String
    let maxPoints: Double
    let selfPoints: Double?
    let teamPoints: Double?
    let note: String
    /// Whether the team saved this line already.
    let saved: Bool
}
