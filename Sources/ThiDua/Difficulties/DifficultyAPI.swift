import Fluent
import Foundation
import Vapor

/// `/api/v1/difficulties`: raise, list, read, forward, answer, close — the pages' commands and permission rule.
enum DifficultyAPI {
    static func register(_ api: any RoutesBuilder, uploadMaxBytes: Int) {
        api.get("difficulties", use: list)
        api.on(.POST, "difficulties", maxBody: BodyLimit.upload(uploadMaxBytes), use: create)
        api.get("difficulties", ":id", use: get)
        api.post("difficulties", ":id", "forward", use: forward)
        api.post("difficulties", ":id", "answer", use: answer)
        api.post("difficulties", ":id", "close", use: close)
    }

    struct AttachmentBody: Content {
        var filename: String?
        var contentBase64: String?
    }

    struct Body: Content {
        var title: String?
        var content: String?
        var contentAreaId: String?
        var attachment: AttachmentBody?
    }

    struct ForwardBody: Content { var forwardTo: String?; var note: String? }
    struct AnswerBody: Content { var answer: String? }

    static func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        var status: DifficultyStatus?
        if let raw = req.query[String.self, at: "status"] {
            guard let value = DifficultyStatus(rawValue: raw) else { throw AppError.validation(fields: ["status": CoreText.invalidChoice]) }
            status = value
        }
        var items: [DifficultyDTO] = []
        for d in try await DifficultyQueries.visible(on: req.db, user: user, status: status) {
            items.append(try await DifficultyQueries.dto(on: req.db, d))
        }
        return try APIJSON.response(items)
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let body = try req.decodeJSON(Body.self)
        let (title, content, area, fieldErrors) = DifficultyCommands.validate(title: body.title, content: body.content, areaText: body.contentAreaId,
                                                                              areas: try await DifficultyController.areas(req))
        var errors = fieldErrors
        // The pages send "" for "no area"; the API says so by leaving the field out.
        if let raw = body.contentAreaId, UUID(uuidString: raw) == nil { errors["contentAreaId"] = RegistrationText.unknownArea }
        var attachment: DifficultyCommands.Attachment?
        if let file = body.attachment {
            if let data = file.contentBase64.flatMap({ Data(base64Encoded: $0, options: .ignoreUnknownCharacters) }) {
                switch EvidenceCommands.check(name: file.filename, data: data, maxBytes: req.application.settings.uploadMaxBytes) {
                case .success(let kind): attachment = .init(name: file.filename ?? "", data: data, kind: kind)
                case .failure(let e): errors["attachment"] = e.fields["file"] ?? e.message
                }
            } else {
                errors["attachment"] = ReportText.fileNotBase64
            }
        }
        if !errors.isEmpty { throw AppError.validation(fields: errors) }
        let d = try await DifficultyCommands.create(title: title, content: content, area: area, attachment: attachment, user: user,
                                                    store: req.application.files, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        let response = try APIJSON.response(try await DifficultyQueries.dto(on: req.db, d), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/difficulties/\(d.id!.uuidString.lowercased())")
        return response
    }

    static func get(req: Request) async throws -> Response {
        try APIJSON.response(try await DifficultyQueries.dto(on: req.db, try await DifficultyController.load(req)))
    }

    static func forward(req: Request) async throws -> Response {
        try req.authorize(.handleDifficulties)
        let d = try await DifficultyController.load(req)
        let body = try req.decodeJSON(ForwardBody.self)
        try await DifficultyCommands.forward(d, to: body.forwardTo, note: body.note, actor: try req.auditActor(),
                                            notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await DifficultyQueries.dto(on: req.db, d))
    }

    static func answer(req: Request) async throws -> Response {
        try req.authorize(.handleDifficulties)
        let d = try await DifficultyController.load(req)
        let body = try req.decodeJSON(AnswerBody.self)
        try await DifficultyCommands.answer(d, text: body.answer, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        return try APIJSON.response(try await DifficultyQueries.dto(on: req.db, d))
    }

    static func close(req: Request) async throws -> Response {
        try req.authorize(.handleDifficulties)
        let d = try await DifficultyController.load(req)
        try await DifficultyCommands.close(d, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(try await DifficultyQueries.dto(on: req.db, d))
    }
}
