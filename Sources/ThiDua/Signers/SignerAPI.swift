import Fluent
import Foundation
import Vapor

/// `/api/v1/signers`: the same commands and permission rule as the page.
enum SignerAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("signers", use: list)
        api.post("signers", use: create)
        api.patch("signers", ":id", use: update)
        api.post("signers", ":id", "end", use: end)
    }

    struct SignerDTO: Content {
        let id: UUID; let office: String; let officeLabel: String; let name: String; let title: String
        let startsOn: String; let endsOn: String?; let inOffice: Bool; let signatureLines: [String]; let version: Int
    }

    struct SignerBody: Content { var office: String?; var name: String?; var title: String?; var startsOn: String?; var endsOn: String?; var version: Int? }
    struct EndBody: Content { var endsOn: String?; var version: Int? }

    static func dto(_ r: SignerRecord, today: LocalDate) -> SignerDTO? {
        guard let s = r.signer else { return nil }
        return SignerDTO(id: s.id, office: s.office.rawValue, officeLabel: s.office.label, name: s.name, title: s.title, startsOn: s.startsOn.iso,
                         endsOn: s.endsOn?.iso, inOffice: s.inOffice(on: today), signatureLines: SignerViews.usualBlock(s).lines, version: r.version)
    }

    static func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewSigners)
        let rows = try await SignerRecord.query(on: req.db).filter(\.$communeID == user.communeID).all()
        let order = Dictionary(uniqueKeysWithValues: SignerBook.sorted(rows.compactMap(\.signer)).enumerated().map { ($1.id, $0) })
        let today = LocalDate(req.now)
        return try APIJSON.response(rows.compactMap { dto($0, today: today) }.sorted { (order[$0.id] ?? 0) < (order[$1.id] ?? 0) })
    }

    static func create(req: Request) async throws -> Response {
        try req.authorize(.manageSigners)
        let b = try req.decodeJSON(SignerBody.self)
        let r = try await SignerCommands.create(SignerInput(office: b.office, name: b.name, title: b.title, startsOn: b.startsOn, endsOn: b.endsOn),
                                                actor: try req.auditActor(), on: req.db)
        let response = try APIJSON.response(dto(r, today: LocalDate(req.now)), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/signers/\(r.id!.uuidString.lowercased())")
        return response
    }

    /// A partial change: fields left out keep their value.
    static func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageSigners)
        let r = try await SignerCommands.find(req.parameters.get("id", as: UUID.self), communeID: user.communeID, on: req.db)
        let b = try req.decodeJSON(SignerBody.self)
        let input = SignerInput(office: b.office ?? r.office, name: b.name ?? r.name, title: b.title ?? r.title, startsOn: b.startsOn ?? r.startsOn,
                                endsOn: b.endsOn ?? r.endsOn)
        try await SignerCommands.update(r, input, expectedVersion: b.version, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(dto(r, today: LocalDate(req.now)))
    }

    static func end(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageSigners)
        let r = try await SignerCommands.find(req.parameters.get("id", as: UUID.self), communeID: user.communeID, on: req.db)
        let b = try req.decodeJSON(EndBody.self)
        try await SignerCommands.endTerm(r, endsOn: b.endsOn, expectedVersion: b.version, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(dto(r, today: LocalDate(req.now)))
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
