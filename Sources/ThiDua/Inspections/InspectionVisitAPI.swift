import Fluent
import Foundation
import Vapor

/// `/api/v1/inspections/visits…` and `/follow-ups…`: a visit as its page shows it, what the team records on it and
/// the follow-up items — the visit page's loaders, commands and permission rule (another unit's or commune's visit: 404).
extension InspectionAPI {
    // MARK: JSON shapes

    struct FileDTO: Content { let id: UUID; let name: String }

    struct HistoryDTO: Content {
        let oldDate: String; let oldTime: String; let newDate: String; let newTime: String; let reason: String; let byName: String; let at: Date
    }

    struct ChecklistLineDTO: Content {
        let criterionId: UUID; let position: Int; let title: String; let maxPoints: Double
        let selfPoints: Double?; let teamPoints: Double?; let note: String; let saved: Bool
    }

    struct FindingDTO: Content { let id: UUID; let text: String; let createdBy: String; let createdAt: Date; let files: [FileDTO] }

    struct FollowUpDTO: Content {
        let id: UUID; let visitId: UUID; let text: String; let dueDate: String?; let status: String
        let answer: String; let answeredBy: String; let answeredAt: Date?; let decisionNote: String; let decidedBy: String
        let version: Int; let overdue: Bool; let files: [FileDTO]
    }

    struct MinutesDTO: Content {
        let startsAt: String; let endsAt: String; let place: String; let teamAttendees: String; let unitAttendees: String
        let strengths: String; let weaknesses: String; let recommendations: String
    }

    struct VisitDTO: Content {
        let id: UUID; let planId: UUID; let year: Int; let planStatus: String; let unitId: UUID; let unitName: String; let team: TeamDTO
        let date: String?; let time: String; let place: String; let content: String; let status: String
        let noticeSentAt: Date?; let noticeDays: Int; let hasStarted: Bool
        /// The numbers of the Thông báo kiểm tra, Biên bản and Thông báo kết luận in the per-year register, with their days
        /// of issue; absent until each is issued.
        let noticeNumber: String?; let noticeIssuedOn: String?; let minutesNumber: String?; let minutesIssuedOn: String?
        let conclusionNumber: String?; let conclusionIssuedOn: String?
        let minutes: MinutesDTO; let minutesRecordedAt: Date?; let conclusion: String; let concludedAt: Date?; let version: Int
        let history: [HistoryDTO]; let checklist: [ChecklistLineDTO]; let findings: [FindingDTO]; let followUps: [FollowUpDTO]
    }

    static func file(_ f: InspectionPageQueries.FileRow) -> FileDTO { FileDTO(id: f.id, name: f.name) }

    static func followUp(_ f: InspectionPageQueries.FollowUp, visit: UUID) -> FollowUpDTO {
        FollowUpDTO(id: f.id, visitId: visit, text: f.text, dueDate: f.dueDate?.iso, status: f.status.rawValue, answer: f.answer,
                    answeredBy: f.answeredBy, answeredAt: f.answeredAt, decisionNote: f.decisionNote, decidedBy: f.decidedBy,
                    version: f.version, overdue: f.overdue, files: f.files.map(file))
    }

    /// The visit as its page reads it.
    static func visitData(_ req: Request, _ v: InspectionVisit) async throws -> InspectionPageQueries.Visit {
        try await InspectionPageQueries.visit(on: req.db, visit: v, today: LocalDate(req.now))
    }

    static func visitDTO(_ req: Request, _ v: InspectionVisit) async throws -> VisitDTO {
        let d = try await visitData(req, v)
        let m = d.minutes
        let n = try await InspectionDocumentNumbers.visit(v.id!, on: req.db)
        func number(_ issued: InspectionDocumentNumbers.Issued?, _ symbol: String) -> String? {
            issued.map { InspectionDocumentNumbers.text($0, symbol) }
        }
        return VisitDTO(
            id: d.id, planId: v.planID, year: d.planYear, planStatus: d.planStatus.rawValue, unitId: v.unitID, unitName: d.unitName, team: team(d.team),
            date: d.date?.iso, time: d.time, place: d.place, content: d.content, status: d.status.rawValue,
            noticeSentAt: d.noticeSentAt, noticeDays: d.noticeDays, hasStarted: d.hasStarted,
            noticeNumber: number(n.notice, InspectionDocuments.noticeSymbol), noticeIssuedOn: n.notice?.date.iso,
            minutesNumber: number(n.minutes, InspectionDocuments.minutesSymbol), minutesIssuedOn: n.minutes?.date.iso,
            conclusionNumber: number(n.conclusion, InspectionDocuments.conclusionSymbol), conclusionIssuedOn: n.conclusion?.date.iso,
            minutes: MinutesDTO(startsAt: m["startsAt"] ?? "", endsAt: m["endsAt"] ?? "", place: m["place"] ?? "", teamAttendees: m["teamAttendees"] ?? "",
                                unitAttendees: m["unitAttendees"] ?? "", strengths: m["strengths"] ?? "", weaknesses: m["weaknesses"] ?? "",
                                recommendations: m["recommendations"] ?? ""),
            minutesRecordedAt: d.minutesRecordedAt, conclusion: d.conclusion, concludedAt: d.concludedAt, version: d.version,
            history: d.history.map { HistoryDTO(oldDate: $0.oldDate, oldTime: $0.oldTime, newDate: $0.newDate, newTime: $0.newTime, reason: $0.reason,
                                                byName: $0.byName, at: $0.at) },
            checklist: d.checklist.map { ChecklistLineDTO(criterionId: $0.criterionID, position: $0.position, title: $0.title, maxPoints: $0.maxPoints,
                                                          selfPoints: $0.selfPoints, teamPoints: $0.teamPoints, note: $0.note, saved: $0.saved) },
            findings: d.findings.map { FindingDTO(id: $0.id, text: $0.text, createdBy: $0.createdBy, createdAt: $0.createdAt, files: $0.files.map(file)) },
            followUps: d.followUps.map { followUp($0, visit: d.id) })
    }

    /// The visit of the path that the user may see and, when `action` is given, may do it to (403 otherwise).
    static func loadVisit(_ req: Request, _ action: ((InspectionVisitRef) -> Action)? = nil) async throws -> InspectionVisit {
        try req.authorize(.viewInspections)
        let (v, ref) = try await InspectionController.loadVisit(req)
        if let action { try req.authorize(action(ref)) }
        return v
    }

    /// The follow-up item of the path, its visit seen by the user as the visit page sees it (another unit's: 404),
    /// and the user allowed `action` on it.
    static func loadFollowUp(_ req: Request, _ action: (InspectionVisitRef) -> Action) async throws -> (InspectionFollowUp, InspectionVisit) {
        let user = try req.requireUser()
        try req.authorize(.viewInspections)
        guard let id = req.parameters.get("id", as: UUID.self),
              let item = try await InspectionFollowUp.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first()
        else { throw AppError.notFound }
        let v = try await InspectionQueries.visit(item.visitID, communeID: user.communeID, on: req.db)
        let ref = try await InspectionQueries.ref(on: req.db, v)
        guard Policy.allows(user, .viewInspectionVisit(ref)) else { throw AppError.notFound }
        try req.authorize(action(ref))
        return (item, v)
    }

    /// The item as the visit page shows it.
    static func followUpDTO(_ req: Request, _ item: InspectionFollowUp, _ v: InspectionVisit) async throws -> FollowUpDTO {
        guard let f = try await visitData(req, v).followUps.first(where: { $0.id == item.id }) else { throw AppError.notFound }
        return followUp(f, visit: v.id!)
    }

    /// A number as the form would carry it ("2,5"; nil → left empty), for the command to read by the same rules.
    static func typed(_ value: Double?) -> String {
        guard let value else { return "" }
        var text = String(format: "%.10f", value)
        while text.contains("."), text.hasSuffix("0") || text.hasSuffix(".") { text.removeLast() }
        return text.replacingOccurrences(of: ".", with: ",")
    }

    /// A file sent as base64 in JSON, checked by its bytes (a refusal names `field`).
    static func base64File(_ req: Request, filename: String?, content: String?, field: String) throws -> InspectionAttachment? {
        guard let content else { return nil }
        guard let data = Data(base64Encoded: content, options: .ignoreUnknownCharacters) else {
            throw AppError.validation(fields: [field: ReportText.fileNotBase64], message: ReportText.fileNotBase64)
        }
        switch EvidenceCommands.check(name: filename, data: data, maxBytes: req.application.settings.uploadMaxBytes) {
        case .success(let kind): return InspectionAttachment(name: filename ?? "", content: .bytes(data), kind: kind)
        case .failure(let e): throw AppError.validation(fields: [field: e.fields["file"] ?? e.message], message: CoreText.formHasErrors)
        }
    }

    struct RescheduleBody: Content { var date: String?; var time: String?; var reason: String?; var version: Int? }
    struct LineBody: Content { var criterionId: String?; var teamPoints: Double?; var note: String? }
    struct ChecklistBody: Content { var lines: [LineBody] }
    struct FindingBody: Content { var text: String?; var filename: String?; var contentBase64: String? }
    struct FindingQuery: Content { var text: String?; var filename: String? }
    struct MinutesBody: Content {
        var startsAt: String?; var endsAt: String?; var place: String?; var teamAttendees: String?; var unitAttendees: String?
        var strengths: String?; var weaknesses: String?; var recommendations: String?; var version: Int?
    }
    struct FollowUpBody: Content { var text: String?; var dueDate: String? }
    struct ConclusionBody: Content { var conclusion: String?; var followUps: [FollowUpBody]?; var version: Int? }
    struct AnswerBody: Content { var answer: String?; var filename: String?; var contentBase64: String?; var version: Int? }
    struct DecideBody: Content { var decisionNote: String?; var version: Int? }

    // MARK: visits

    /// The year's visits the user sees on the overview page (a unit's focal point: its own unit's; a team member: also
    /// the team's).
    static func visits(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let year = try year(req) ?? LocalDate(req.now).year
        let o = try await InspectionPageQueries.overview(on: req.db, user: try req.requireUser(), year: year, today: LocalDate(req.now))
        return try APIJSON.response(o.visits.map(row))
    }

    static func visit(req: Request) async throws -> Response {
        try APIJSON.response(try await visitDTO(req, try await loadVisit(req)))
    }

    static func reschedule(req: Request) async throws -> Response {
        try await InspectionController.requireManage(req)
        let v = try await loadVisit(req)
        let b = try req.decodeJSON(RescheduleBody.self)
        try await InspectionCommands.reschedule(v, date: b.date, time: b.time, reason: b.reason, expectedVersion: b.version, actor: try req.auditActor(),
                                                notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await visitDTO(req, v))
    }

    /// The team's scores: `lines` name criteria of the visit's checklist (others are ignored); a line left out keeps
    /// what was saved. A refused score is named `lines.<n>.teamPoints` (n: the line in the body).
    static func checklist(req: Request) async throws -> Response {
        let v = try await loadVisit(req) { .recordInspection($0) }
        let b = try req.decodeJSON(ChecklistBody.self)
        let lines = b.lines.map { InspectionChecklistInput(criterionId: $0.criterionId, teamPoints: typed($0.teamPoints), note: $0.note) }
        do {
            try await InspectionCommands.recordChecklist(v, lines: lines, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            // The command names the line of the checklist ("teamPoints.<row>"); the body's line is found by its criterion.
            let p = try await InspectionQueries.plan(v.planID, communeID: v.communeID, on: req.db)
            let rows = try await InspectionCommands.checklist(on: req.db, visit: v, year: p.year)
            var renamed: [String: String] = [:]
            for (key, value) in fields {
                let parts = key.split(separator: ".")
                if parts.count == 2, let row = Int(parts[1]), rows.indices.contains(row),
                   let n = b.lines.firstIndex(where: { Check.uuid($0.criterionId) == rows[row].criterionID }) {
                    renamed["lines.\(n).\(parts[0])"] = value
                } else {
                    renamed[key] = value
                }
            }
            throw AppError.validation(fields: renamed, message: message)
        }
        return try APIJSON.response(try await visitDTO(req, v))
    }

    /// A finding: JSON (`text`, and a file as base64 if any), or the file itself (`application/octet-stream`, streamed to
    /// disk) with `text` and `filename` in the query.
    static func addFinding(req: Request) async throws -> Response {
        let v = try await loadVisit(req) { .recordInspection($0) }
        let text: String?
        let attachment: InspectionAttachment?
        if req.isFileUpload {
            let q = try req.query.decode(FindingQuery.self)
            guard let received = try req.upload.file else { throw AppError.validation(fields: ["body": ReportText.fileEmpty], message: ReportText.fileEmpty) }
            switch try await EvidenceCommands.check(name: q.filename, file: received, maxBytes: req.application.settings.uploadMaxBytes,
                                                    threadPool: req.application.threadPool) {
            case .success(let kind): attachment = InspectionAttachment(name: q.filename ?? "", content: .received(received), kind: kind)
            case .failure(let e): throw AppError.validation(fields: ["body": e.fields["file"] ?? e.message], message: CoreText.formHasErrors)
            }
            text = q.text
        } else {
            let b = try req.decodeJSON(FindingBody.self)
            attachment = try base64File(req, filename: b.filename, content: b.contentBase64, field: "contentBase64")
            text = b.text
        }
        let f = try await naming({ key, _ in key == "finding" ? "text" : key }) {
            try await InspectionCommands.addFinding(v, text: text, attachment: attachment, store: req.application.files, actor: try req.auditActor(), on: req.db)
        }
        guard let shown = try await visitData(req, v).findings.first(where: { $0.id == f.id }) else { throw AppError.notFound }
        return try created(FindingDTO(id: shown.id, text: shown.text, createdBy: shown.createdBy, createdAt: shown.createdAt, files: shown.files.map(file)))
    }

    static func minutes(req: Request) async throws -> Response {
        let v = try await loadVisit(req) { .recordInspection($0) }
        let b = try req.decodeJSON(MinutesBody.self)
        let version = try requireVersion(b.version)
        let input = InspectionMinutesInput(startsAt: b.startsAt, endsAt: b.endsAt, place: b.place, teamAttendees: b.teamAttendees,
                                           unitAttendees: b.unitAttendees, strengths: b.strengths, weaknesses: b.weaknesses,
                                           recommendations: b.recommendations)
        try await InspectionCommands.recordMinutes(v, input, expectedVersion: version, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(try await visitDTO(req, v))
    }

    /// The conclusion with its follow-up items; a refused item is named `followUps.<n>.text` / `followUps.<n>.dueDate`.
    static func conclude(req: Request) async throws -> Response {
        let v = try await loadVisit(req) { .recordInspection($0) }
        let b = try req.decodeJSON(ConclusionBody.self)
        let items = (b.followUps ?? []).map { InspectionFollowUpInput(text: $0.text, dueDate: $0.dueDate) }
        _ = try await naming({ key, message in
            if message == InspectionText.needFollowUp { return "followUps" }
            return nested(key, "followUps", to: "followUps", "text") ?? nested(key, "dueDate", to: "followUps", "dueDate") ?? key
        }) {
            try await InspectionCommands.conclude(v, conclusion: b.conclusion, items: items, expectedVersion: b.version, actor: try req.auditActor(),
                                                  notifier: req.application.notifier, on: req.db)
        }
        return try APIJSON.response(try await visitDTO(req, v))
    }

    static func followUps(req: Request) async throws -> Response {
        let v = try await loadVisit(req)
        return try APIJSON.response(try await visitData(req, v).followUps.map { followUp($0, visit: v.id!) })
    }

    // MARK: follow-ups

    /// The unit's answer, with a file as base64 if any.
    static func answer(req: Request) async throws -> Response {
        let (item, v) = try await loadFollowUp(req) { .answerInspectionFollowUp($0) }
        let b = try req.decodeJSON(AnswerBody.self)
        let attachment = try base64File(req, filename: b.filename, content: b.contentBase64, field: "contentBase64")
        try await InspectionCommands.answerFollowUp(item, visit: v, answer: b.answer, attachment: attachment, expectedVersion: b.version,
                                                    store: req.application.files, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await followUpDTO(req, item, v))
    }

    static func accept(req: Request) async throws -> Response { try await decide(req, accept: true) }
    static func reopen(req: Request) async throws -> Response { try await decide(req, accept: false) }

    static func decide(_ req: Request, accept: Bool) async throws -> Response {
        let (item, v) = try await loadFollowUp(req) { .decideInspectionFollowUp($0) }
        let b = try optionalJSON(req, DecideBody.self, empty: DecideBody())
        let actor = try req.auditActor()
        if accept {
            try await InspectionCommands.acceptFollowUp(item, visit: v, note: b.decisionNote, expectedVersion: b.version, actor: actor,
                                                        notifier: req.application.notifier, on: req.db)
        } else {
            try await InspectionCommands.reopenFollowUp(item, visit: v, note: b.decisionNote, expectedVersion: b.version, actor: actor,
                                                        notifier: req.application.notifier, on: req.db)
        }
        return try APIJSON.response(try await followUpDTO(req, item, v))
    }
}
