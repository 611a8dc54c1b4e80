import Fluent
import Foundation
import Plot
import Vapor

/// The conclusion's follow-up items (the unit answers, the team accepts or reopens) and the visit's files.
extension InspectionController {
    struct AnswerForm: Content { var answer: String?; var version: Int? }

    static func answer(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.answerInspectionFollowUp(ref))
        let item = try await InspectionQueries.followUp(req.parameters.get("item", as: UUID.self), visit: v, on: req.db)
        let received = try req.upload
        let f = try received.decode(AnswerForm.self, req)
        let key = "answer.\(item.id!.uuidString.lowercased())"
        let values = ["answer": f.answer ?? ""]
        let (file, fileErrors) = try await attachment(req, received)
        if !fileErrors.isEmpty {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, errors: fileErrors, formError: CoreText.formHasErrors)],
                                         status: .unprocessableEntity)
        }
        do {
            try await InspectionCommands.answerFollowUp(item, visit: v, answer: f.answer, attachment: file, expectedVersion: f.version,
                                                        store: req.application.files, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, InspectionText.answered))
    }

    struct DecideForm: Content { var decisionNote: String?; var version: Int? }

    static func accept(req: Request) async throws -> Response { try await decide(req, accept: true) }
    static func reopen(req: Request) async throws -> Response { try await decide(req, accept: false) }

    static func decide(_ req: Request, accept: Bool) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.decideInspectionFollowUp(ref))
        let item = try await InspectionQueries.followUp(req.parameters.get("item", as: UUID.self), visit: v, on: req.db)
        let f = try req.content.decode(DecideForm.self)
        let key = "decide.\(item.id!.uuidString.lowercased())"
        let values = ["decisionNote": f.decisionNote ?? ""]
        do {
            let actor = try req.auditActor()
            if accept {
                try await InspectionCommands.acceptFollowUp(item, visit: v, note: f.decisionNote, expectedVersion: f.version, actor: actor,
                                                            notifier: req.application.notifier, on: req.db)
            } else {
                try await InspectionCommands.reopenFollowUp(item, visit: v, note: f.decisionNote, expectedVersion: f.version, actor: actor,
                                                            notifier: req.application.notifier, on: req.db)
            }
        } catch AppError.validation(let fields, let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: [key: FormState(values: values, formError: message)], status: .conflict)
        }
        return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(.success, accept ? InspectionText.accepted : InspectionText.reopened))
    }

    static func download(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, _) = try await loadVisit(req)
        guard let id = req.parameters.get("file", as: UUID.self),
              let file = try await InspectionFile.query(on: req.db).filter(\.$visitID == v.id!).filter(\.$id == id).first() else { throw AppError.notFound }
        return try await req.storedFile(hash: file.fileHash, contentType: file.contentType, filename: "kiem-tra", cache: true)
    }
}

