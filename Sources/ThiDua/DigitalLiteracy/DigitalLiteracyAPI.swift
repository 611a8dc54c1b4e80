import Fluent
import Foundation
import SQLKit
import Vapor

/// `/api/v1/training-sessions…`: Bình dân học vụ số sessions (list, record, read, change; the teams are
/// ``DigitalTeamAPI``) — ``DigitalLiteracyCommands`` and ``DigitalLiteracyQueries``,
/// with the pages' permission rule (the unit's focal point or the secretariat records; everyone signed in reads).
enum DigitalLiteracyAPI {
    static func register(_ api: any RoutesBuilder) {
        let r = api.grouped("training-sessions")
        r.get(use: sessions)
        r.post(use: create)
        r.get(":id", use: session)
        r.put(":id", use: update)
        DigitalTeamAPI.register(api)
    }

    // MARK: JSON shapes

    struct SessionRowDTO: Content {
        let id: UUID; let heldOn: String; let title: String; let topic: String; let unitName: String; let attendeeCount: Int
        let listed: Int; let photos: Int
    }

    struct PersonDTO: Content { let id: UUID; let name: String; let unitName: String }
    struct PhotoDTO: Content { let id: UUID; let name: String; let size: Int; let uploadedBy: String; let createdAt: Date }

    struct SessionDTO: Content {
        let id: UUID; let heldOn: String; let year: Int; let unitId: UUID; let unitName: String; let topic: String; let title: String
        let platform: String; let place: String; let trainers: [String]; let attendeeCount: Int; let note: String; let createdByName: String
        let createdAt: Date; let updatedAt: Date; let version: Int
        /// The named attendees, for who may see them (``Policy``'s `seeLiteracyPeople`); empty for anyone else, who has
        /// `listedCount`.
        let attendees: [PersonDTO]; let listedCount: Int; let photos: [PhotoDTO]
    }

    static func path(_ id: UUID?) -> String { "/api/v1/training-sessions/\(id?.uuidString.lowercased() ?? "")" }

    static func detail(_ req: Request, _ s: TrainingSession) async throws -> SessionDTO {
        let d = try await DigitalLiteracyQueries.detail(on: req.db, session: s)
        let people = Policy.allows(try req.requireUser(), .seeLiteracyPeople(unitID: s.unitID, communeID: s.communeID))
        return SessionDTO(id: s.id!, heldOn: s.heldOn, year: s.year, unitId: s.unitID, unitName: d.unitName, topic: s.topic, title: s.title,
                          platform: s.platform, place: s.place, trainers: s.trainers.split(whereSeparator: \.isNewline).map(String.init),
                          attendeeCount: s.attendeeCount, note: s.note, createdByName: s.createdByName, createdAt: s.createdAt,
                          updatedAt: s.updatedAt, version: s.version,
                          attendees: people ? d.attendees.map { PersonDTO(id: $0.id, name: $0.name, unitName: $0.unitName) } : [],
                          listedCount: d.attendees.count,
                          photos: d.photos.map { PhotoDTO(id: $0.id, name: $0.name, size: $0.size, uploadedBy: $0.uploadedBy, createdAt: $0.createdAt) })
    }

    struct SessionBody: Content {
        /// yyyy-MM-dd (or dd/MM/yyyy, as the form).
        var heldOn: String?; var unitId: String?; var topic: String?; var title: String?; var platform: String?; var place: String?
        var trainers: [String]?; var attendeeCount: Int?; var attendeeIds: [String]?; var attendeeNames: [String]?; var note: String?
        var version: Int?
    }

    static func input(_ b: SessionBody) -> TrainingSessionInput {
        TrainingSessionInput(heldOn: b.heldOn, unitId: b.unitId, topic: b.topic, title: b.title, platform: b.platform, place: b.place,
                             trainers: b.trainers?.joined(separator: "\n"), attendeeCount: b.attendeeCount.map(String.init) ?? "",
                             attendeeIds: b.attendeeIds ?? [], attendeeNames: b.attendeeNames?.joined(separator: "\n"), note: b.note)
    }

    /// As the pages: only the secretariat or a unit's focal point records sessions.
    static func requireRecorder(_ user: CurrentUser) throws {
        guard user.has(.secretariat) || Policy.ownUnit(user) != nil else { throw AppError.forbidden }
    }

    // MARK: sessions

    /// `?year=&unitId=`: the commune's sessions (at most 500, newest first).
    static func sessions(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        var year: Int?
        if let raw = req.query[String.self, at: "year"] {
            guard let y = Int(raw) else { throw AppError.validation(fields: ["year": CoreText.invalidChoice], message: CoreText.invalidChoice) }
            year = y
        }
        var unitID: UUID?
        if let raw = req.query[String.self, at: "unitId"] {
            guard let id = UUID(uuidString: raw) else { throw AppError.validation(fields: ["unitId": CoreText.invalidChoice], message: CoreText.invalidChoice) }
            unitID = id
        }
        let rows = try await DigitalLiteracyQueries.sessions(on: req.db, communeID: user.communeID, year: year, unitID: unitID)
        return try APIJSON.response(rows.map {
            SessionRowDTO(id: $0.id, heldOn: $0.heldOn.iso, title: $0.title, topic: $0.topic?.rawValue ?? TrainingTopic.other.rawValue,
                          unitName: $0.unitName, attendeeCount: $0.attendeeCount, listed: $0.listed, photos: $0.photos)
        })
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try requireRecorder(user)
        let b = try req.decodeJSON(SessionBody.self)
        let s = try await DigitalLiteracyCommands.recordSession(input(b), by: user, actor: try req.auditActor(), on: req.db)
        return try InspectionAPI.created(try await detail(req, s), location: path(s.id))
    }

    static func load(_ req: Request) async throws -> TrainingSession {
        try await DigitalLiteracyCommands.session(req.parameters.get("id", as: UUID.self), communeID: try req.requireUser().communeID, on: req.db)
    }

    static func session(req: Request) async throws -> Response {
        try req.authorize(.viewIndicators)
        return try APIJSON.response(try await detail(req, try await load(req)))
    }

    /// A change based on `version` (required); fields left out keep their value (the attendees too).
    static func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let s = try await load(req)
        try DigitalLiteracyCommands.requireManage(s.unitID, by: user)
        let b = try req.decodeJSON(SessionBody.self)
        let version = try InspectionAPI.requireVersion(b.version)
        let listed = try await TrainingAttendee.query(on: req.db).filter(\.$sessionID == s.id!).all().map { $0.personID.uuidString.lowercased() }
        let merged = SessionBody(heldOn: b.heldOn ?? s.heldOn, unitId: b.unitId ?? s.unitID.uuidString.lowercased(), topic: b.topic ?? s.topic,
                                 title: b.title ?? s.title, platform: b.platform ?? s.platform, place: b.place ?? s.place,
                                 trainers: b.trainers ?? s.trainers.split(whereSeparator: \.isNewline).map(String.init),
                                 attendeeCount: b.attendeeCount ?? s.attendeeCount,
                                 attendeeIds: b.attendeeIds ?? (b.attendeeNames == nil ? listed : []), attendeeNames: b.attendeeNames,
                                 note: b.note ?? s.note, version: version)
        try await DigitalLiteracyCommands.updateSession(s, input(merged), expectedVersion: version, by: user, actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(try await detail(req, s))
    }
}
