import Fluent
import Foundation
import Vapor

/// `/api/v1/legal-bases`: the same commands and permission rule as the page.
enum LegalBasisAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("legal-bases", use: list)
        api.post("legal-bases", use: create)
        api.put("legal-bases", ":id", use: update)
    }

    struct LegalBasisDTO: Content {
        let id: UUID
        let name: String
        /// yyyy-MM-dd; left out while the date is not known.
        let issuedOn: String?
        let about: String
        let note: String
        let documents: [String]
        let position: Int
        let active: Bool
        /// Switched on and dated: the documents listed print it.
        let cited: Bool
        /// "Căn cứ …;" as printed.
        let citation: String
        let version: Int
    }

    struct BasisBody: Content {
        var name: String?
        var issuedOn: String?
        var about: String?
        var note: String?
        var documents: [String]?
        var position: Int?
        var active: Bool?
        var version: Int?
    }

    static func dto(_ b: LegalBasis) -> LegalBasisDTO {
        LegalBasisDTO(id: b.id, name: b.name, issuedOn: b.issuedOn?.iso, about: b.about, note: b.note, documents: b.documents.map(\.rawValue),
                      position: b.position, active: b.isActive, cited: b.isActive && b.issuedOn != nil, citation: b.citation.sentence,
                      version: b.version)
    }

    static func dto(_ r: LegalBasisRecord) throws -> LegalBasisDTO {
        guard let b = r.basis else { throw AppError.notFound }
        return dto(b)
    }

    static func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewLegalBases)
        return try APIJSON.response(try await LegalBasisBook.all(communeID: user.communeID, db: req.db).map { dto($0) })
    }

    static func create(req: Request) async throws -> Response {
        try req.authorize(.manageLegalBases)
        let b = try req.decodeJSON(BasisBody.self)
        let input = LegalBasisInput(name: b.name, issuedOn: b.issuedOn, about: b.about, note: b.note, documents: b.documents, active: b.active ?? false)
        let actor = try req.auditActor()
        let r = try await req.db.writeTransaction { db in
            let r = try await LegalBasisCommands.create(input, actor: actor, on: db)
            if let position = b.position { try await LegalBasisCommands.reorder(r, to: position, expectedVersion: r.version, actor: actor, on: db) }
            return r
        }
        let response = try APIJSON.response(try dto(r), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/legal-bases/\(try r.requireID().uuidString.lowercased())")
        return response
    }

    /// A change based on `version` (required): fields left out keep their value; `issuedOn: ""` clears the date;
    /// `position` moves it in the list.
    static func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageLegalBases)
        let r = try await LegalBasisCommands.find(req.parameters.get("id", as: UUID.self), communeID: user.communeID, on: req.db)
        let b = try req.decodeJSON(BasisBody.self)
        let version = try LegalBasisCommands.requireVersion(b.version)
        let input = LegalBasisInput(name: b.name ?? r.name, issuedOn: b.issuedOn ?? r.issuedOn ?? "", about: b.about ?? r.about,
                                    note: b.note ?? r.note, documents: b.documents ?? r.documentList.map(\.rawValue),
                                    active: b.active ?? r.isActive)
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await LegalBasisCommands.update(r, input, expectedVersion: version, actor: actor, on: db)
            if let position = b.position, position != r.position {
                try await LegalBasisCommands.reorder(r, to: position, expectedVersion: r.version, actor: actor, on: db)
            }
        }
        return try APIJSON.response(try dto(r))
    }
}
