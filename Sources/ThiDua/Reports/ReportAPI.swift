import Fluent
import Foundation
import Vapor

/// `/api/v1/reports`: a unit's annual report — read, save (draft), submit (late flag), accept, return — and its
/// evidence (a file sent as it is or as base64 in JSON, or a link), with the same commands and permission rule as the pages.
enum ReportAPI {
    static func register(_ api: any RoutesBuilder, uploadMaxBytes: Int) {
        api.get("reports", ":year", "units", ":id", use: get)
        api.put("reports", ":year", "units", ":id", use: save)
        api.post("reports", ":year", "units", ":id", "submit", use: submit)
        api.post("reports", ":year", "units", ":id", "accept", use: accept)
        api.post("reports", ":year", "units", ":id", "return", use: returnIt)
        // A file is sent as it is (application/octet-stream, its name and title in the query) or as base64 in JSON.
        // Base64 makes a file a third larger; twice the limit is read so that a too-large file gets a clear message.
        // The file as it is streams to disk (``StreamedUpload``); JSON is collected within the cap.
        api.on(.POST, "reports", ":year", "units", ":id", "evidence", upload: .upload(uploadMaxBytes), use: addEvidence).acceptsFile()
        api.get("reports", ":year", "units", ":id", "evidence", ":evidence", use: download)
        api.delete("reports", ":year", "units", ":id", "evidence", ":evidence", use: removeEvidence)
    }

    struct TargetResultBody: Content {
        var targetId: UUID
        var actualValue: Double?
        var note: String?
    }

    struct ProductResultBody: Content {
        var productId: UUID
        var delivered: Bool?
        var note: String?
    }

    /// The body of `PUT`: the whole report; `version` is the one the client read (0 or omitted before the first save).
    struct Body: Content {
        var results: String?
        var lessons: String?
        var proposals: String?
        var initiativesApplied: String?
        var targets: [TargetResultBody]?
        var products: [ProductResultBody]?
        var version: Int?
    }

    /// Evidence: either a file (`filename` and `contentBase64`) or a link (`url`).
    struct EvidenceBody: Content {
        var title: String?
        var filename: String?
        var contentBase64: String?
        var url: String?
    }

    static func target(_ req: Request) async throws -> ReportController.Target { try await ReportController.target(req) }

    static func respond(_ req: Request, _ t: ReportController.Target, status: HTTPResponseStatus = .ok) async throws -> Response {
        try APIJSON.response(try await ReportQueries.dto(on: req.db, communeID: t.unit.communeID, unit: t.unit, year: t.year), status: status)
    }

    static func get(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.viewPledge(.unit(t.unit.id!), communeID: user.communeID))
        return try await respond(req, t)
    }

    /// Turns the body into the same input the form produces; lines for targets or products of another registration are ignored.
    static func input(_ b: Body) throws -> ReportInput {
        var errors: [String: String] = [:]
        let results = Check.text(b.results, "results", max: TextLimit.long, required: false, into: &errors)
        let lessons = Check.text(b.lessons, "lessons", max: TextLimit.long, required: false, into: &errors)
        let proposals = Check.text(b.proposals, "proposals", max: TextLimit.long, required: false, into: &errors)
        let applied = Check.text(b.initiativesApplied, "initiativesApplied", max: TextLimit.long, required: false, into: &errors)
        var actuals: [UUID: Double?] = [:], notes: [UUID: String] = [:], productNotes: [UUID: String] = [:]
        var delivered = Set<UUID>()
        for (i, line) in (b.targets ?? []).prefix(200).enumerated() {
            Check.number(line.actualValue, "targets.\(i).actualValue", .quantity, into: &errors)
            actuals[line.targetId] = line.actualValue
            notes[line.targetId] = Check.text(line.note, "targets.\(i).note", max: TextLimit.long, required: false, multiline: false, into: &errors)
        }
        for (i, line) in (b.products ?? []).prefix(200).enumerated() {
            if line.delivered == true { delivered.insert(line.productId) }
            productNotes[line.productId] = Check.text(line.note, "products.\(i).note", max: TextLimit.long, required: false, multiline: false, into: &errors)
        }
        if !errors.isEmpty { throw AppError.validation(fields: errors) }
        return ReportInput(results: results, lessons: lessons, proposals: proposals, initiativesApplied: applied,
                           actuals: actuals, notes: notes, delivered: delivered, productNotes: productNotes)
    }

    static func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.editPledge(.unit(t.unit.id!), communeID: user.communeID))
        let body = try req.decodeJSON(Body.self)
        let input = try input(body)
        let saved = try await ReportCommands.save(input, unit: t.unit, year: t.year, expectedVersion: body.version, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(saved.dto, status: saved.created ? .created : .ok)
    }

    static func existing(_ req: Request, _ t: ReportController.Target) async throws -> AnnualReport {
        guard let r = try await ReportQueries.find(on: req.db, communeID: t.unit.communeID, unitID: t.unit.id!, year: t.year) else { throw AppError.notFound }
        return r
    }

    static func submit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.editPledge(.unit(t.unit.id!), communeID: user.communeID))
        let report = try await existing(req, t)
        let deadline = try await ReportCommands.submit(report, unitName: t.unit.name, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await ReportQueries.dto(on: req.db, communeID: user.communeID, unit: t.unit, year: t.year, report: report,
                                                                deadline: deadline))
    }

    static func accept(req: Request) async throws -> Response { try await decide(req, accept: true) }
    static func returnIt(req: Request) async throws -> Response { try await decide(req, accept: false) }

    static func decide(_ req: Request, accept: Bool) async throws -> Response {
        try req.authorize(.reviewPledges)
        let t = try await target(req)
        let r = try await existing(req, t)
        try await ReportCommands.decide(r, accept: accept, reason: accept ? nil : try RegistrationAPI.reason(req), actor: try req.auditActor(),
                                        notifier: req.application.notifier, on: req.db)
        return try await respond(req, t)
    }

    // MARK: evidence

    /// The file's name and the evidence title, in the query when the body is the file itself.
    struct FileQuery: Content {
        var filename: String?
        var title: String?
    }

    static func addEvidence(req: Request) async throws -> Response {
        let t = try await target(req)
        let report = try await ReportController.editableReport(req, t)
        let evidence: Evidence
        if req.isFileUpload {
            // The body is the file: no JSON to scan and no base64 to decode (a third less to send).
            let query = try req.query.decode(FileQuery.self)
            guard let file = try req.upload.file else { throw AppError.validation(fields: ["body": ReportText.fileEmpty], message: ReportText.fileEmpty) }
            evidence = try await addFile(req, report, filename: query.filename, title: query.title, content: .received(file), field: "body")
        } else {
            let body = try req.decodeJSON(EvidenceBody.self)
            if let base64 = body.contentBase64 {
                guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
                    throw AppError.validation(fields: ["contentBase64": ReportText.fileNotBase64], message: ReportText.fileNotBase64)
                }
                evidence = try await addFile(req, report, filename: body.filename, title: body.title, content: .bytes(data), field: "contentBase64")
            } else if body.url != nil {
                var errors: [String: String] = [:]
                let title = Check.text(body.title, "title", max: 200, required: false, into: &errors)
                guard let url = EvidenceCommands.validLink(body.url) else { throw AppError.validation(fields: ["url": ReportText.linkInvalid]) }
                if !errors.isEmpty { throw AppError.validation(fields: errors) }
                evidence = try await EvidenceCommands.addLink(to: report, title: title, url: url, actor: try req.auditActor(), on: req.db)
            } else {
                throw AppError.validation(fields: ["contentBase64": ReportText.fileOrLink], message: ReportText.fileOrLink)
            }
        }
        let dto = EvidenceDTO(id: evidence.id!, kind: evidence.kind, title: evidence.title, contentType: evidence.contentType, size: evidence.size,
                              url: evidence.url, uploadedBy: evidence.uploadedBy, createdAt: evidence.createdAt)
        let response = try APIJSON.response(dto, status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/reports/\(t.year)/units/\(t.unit.id!.uuidString.lowercased())/evidence/\(evidence.id!.uuidString.lowercased())")
        return response
    }

    /// Checks and stores a file; a refusal names `field` (where the bytes were: `body` or `contentBase64`).
    static func addFile(_ req: Request, _ report: EvidenceCommands.Owner, filename: String?, title rawTitle: String?,
                        content: EvidenceCommands.Content, field: String) async throws -> Evidence {
        var errors: [String: String] = [:]
        let title = Check.text(rawTitle, "title", max: 200, required: false, into: &errors)
        let kind: FileKind
        let maxBytes = req.application.settings.uploadMaxBytes
        let checked: Result<FileKind, AppError>
        switch content {
        case .bytes(let data): checked = EvidenceCommands.check(name: filename, data: data, maxBytes: maxBytes)
        case .received(let file):
            checked = try await EvidenceCommands.check(name: filename, file: file, maxBytes: maxBytes, threadPool: req.application.threadPool)
        }
        switch checked {
        case .failure(.validation(let fields, let message)):
            throw AppError.validation(fields: Dictionary(uniqueKeysWithValues: fields.map { ($0.key == "file" ? field : $0.key, $0.value) }), message: message)
        case .failure(let error): throw error
        case .success(let k): kind = k
        }
        if !errors.isEmpty { throw AppError.validation(fields: errors) }
        switch content {
        case .bytes(let data):
            return try await EvidenceCommands.addFile(to: report, title: title, originalName: filename, data: data, kind: kind,
                                                      store: req.application.files, actor: try req.auditActor(), on: req.db)
        case .received(let file):
            return try await EvidenceCommands.addFile(to: report, title: title, originalName: filename, file: file, kind: kind,
                                                      store: req.application.files, actor: try req.auditActor(), on: req.db)
        }
    }

    static func download(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await target(req)
        try req.authorize(.viewPledge(.unit(t.unit.id!), communeID: user.communeID))
        let e = try await ReportController.loadEvidence(req, t)
        guard e.kind == "file" else { throw AppError.notFound }
        return try await ReportController.fileResponse(req, e)
    }

    static func removeEvidence(req: Request) async throws -> Response {
        let t = try await target(req)
        _ = try await ReportController.editableReport(req, t)
        let e = try await ReportController.loadEvidence(req, t)
        try await EvidenceCommands.remove(e, actor: try req.auditActor(), on: req.db)
        return Response(status: .noContent)
    }
}
