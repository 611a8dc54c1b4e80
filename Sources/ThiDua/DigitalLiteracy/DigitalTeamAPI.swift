import Fluent
import Foundation
import Vapor

/// `/api/v1/digital-teams…`: the villages' community digital-technology teams (Tổ công nghệ số cộng đồng) — read by
/// everyone signed in; set up, changed, dissolved and their house visits recorded by the village's focal point or the
/// secretariat, through the same ``DigitalLiteracyCommands`` as the team page (same checks, audit entries, 403/409).
enum DigitalTeamAPI {
    static func register(_ api: any RoutesBuilder) {
        let r = api.grouped("digital-teams")
        r.get(use: teams)
        r.get(":village", use: team)
        r.post(":village", use: create)
        r.put(":village", use: update)
        r.post(":village", "dissolve", use: dissolve)
        r.post(":village", "visits", use: addVisit)
    }

    // MARK: JSON shapes

    struct MemberDTO: Content {
        /// `personId` and `phone` are nil for who may not see the team's people (``Policy``'s `seeLiteracyPeople`).
        let personId: UUID?; let fullName: String; let role: String; let phone: String?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(personId, forKey: .personId); try c.encode(fullName, forKey: .fullName); try c.encode(role, forKey: .role)
            try c.encode(phone, forKey: .phone)
        }
    }

    struct VisitDTO: Content { let id: UUID; let visitedOn: String; let households: Int; let peopleGuided: Int; let note: String; let createdByName: String }

    struct TeamDTO: Content {
        let id: UUID; let name: String; let decisionNumber: String; let decisionDate: String?; let note: String; let version: Int
        let members: [MemberDTO]; let visits: [VisitDTO]
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(decisionNumber, forKey: .decisionNumber)
            try c.encode(decisionDate, forKey: .decisionDate); try c.encode(note, forKey: .note); try c.encode(version, forKey: .version)
            try c.encode(members, forKey: .members); try c.encode(visits, forKey: .visits)
        }
    }

    struct VillageTeamDTO: Content {
        let villageId: UUID; let villageName: String; let team: TeamDTO?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(villageId, forKey: .villageId); try c.encode(villageName, forKey: .villageName); try c.encode(team, forKey: .team)
        }
    }

    struct MemberBody: Content { var personId: String?; var fullName: String?; var role: String?; var phone: String? }
    struct TeamBody: Content {
        var name: String?; var decisionNumber: String?; var decisionDate: String?; var note: String?; var members: [MemberBody]?
        var version: Int?
    }
    struct VisitBody: Content { var visitedOn: String?; var households: Int?; var peopleGuided: Int?; var note: String? }

    static func path(_ villageID: UUID) -> String { "/api/v1/digital-teams/\(villageID.uuidString.lowercased())" }

    /// The command's field names as the body's: "memberPhone.2" → "members.1.phone", "visitNote" → "note".
    static func bodyName(_ key: String, _: String) -> String {
        for (prefix, suffix) in [("memberPerson", "personId"), ("memberName", "fullName"), ("memberRole", "role"), ("memberPhone", "phone")] {
            if key.hasPrefix(prefix + "."), let row = Int(key.dropFirst(prefix.count + 1)) { return "members.\(row - 1).\(suffix)" }
        }
        return key == "visitNote" ? "note" : key
    }

    // MARK: reads

    /// The villages' teams as the API shows them: four statements whatever the number of villages.
    static func villageTeams(_ req: Request, _ user: CurrentUser, villages: [Unit], year: Int?) async throws -> [VillageTeamDTO] {
        let villageIDs = villages.compactMap(\.id)
        let teams = villageIDs.isEmpty ? [] : try await DigitalTeam.query(on: req.db).filter(\.$communeID == user.communeID)
            .filter(\.$villageID ~~ villageIDs).filter(\.$isActive == true).all()
        let ids = teams.compactMap(\.id)
        let members = ids.isEmpty ? [] : try await DigitalTeamMember.query(on: req.db).filter(\.$teamID ~~ ids).sort(\.$position).all()
        let visitQuery = DigitalTeamVisit.query(on: req.db).filter(\.$communeID == user.communeID)
        if let year { visitQuery.filter(\.$year == year) }
        let visits = ids.isEmpty ? [] : try await visitQuery.filter(\.$teamID ~~ ids).sort(\.$visitedOn, .descending).all()
        let membersByTeam = Dictionary(grouping: members, by: \.teamID)
        let visitsByTeam = Dictionary(grouping: visits, by: \.teamID)
        let teamByVillage = Dictionary(teams.map { ($0.villageID, $0) }, uniquingKeysWith: { a, _ in a })
        return villages.map { v in
            let people = Policy.allows(user, .seeLiteracyPeople(unitID: v.id!, communeID: user.communeID))
            return VillageTeamDTO(villageId: v.id!, villageName: v.name, team: teamByVillage[v.id!].map { t in
                TeamDTO(id: t.id!, name: t.name, decisionNumber: t.decisionNumber, decisionDate: t.decisionDate, note: t.note, version: t.version,
                        members: (membersByTeam[t.id!] ?? []).map {
                            MemberDTO(personId: people ? $0.personID : nil, fullName: $0.fullName, role: $0.role, phone: people ? $0.phone : nil)
                        },
                        visits: (visitsByTeam[t.id!] ?? []).map {
                            VisitDTO(id: $0.id!, visitedOn: $0.visitedOn, households: $0.households, peopleGuided: $0.peopleGuided, note: $0.note,
                                     createdByName: $0.createdByName)
                        })
            })
        }
    }

    /// `?year=` (whole number, else 422).
    static func year(_ req: Request) throws -> Int? {
        guard let raw = req.query[String.self, at: "year"] else { return nil }
        guard let y = Int(raw) else { throw AppError.validation(fields: ["year": CoreText.invalidChoice], message: CoreText.invalidChoice) }
        return y
    }

    /// Every village of the commune with its active team (null: none set up), its members and its house visits
    /// (`?year=`: that year's visits only).
    static func teams(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewIndicators)
        let year = try year(req)
        let villages = try await Unit.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$kind == UnitKind.village.rawValue)
            .filter(\.$isActive == true).all().sorted { VietnameseOrder.less($0.name, $1.name) }
        return try APIJSON.response(try await villageTeams(req, user, villages: villages, year: year))
    }

    static func village(_ req: Request) async throws -> Unit {
        try await DigitalLiteracyCommands.village(req.parameters.get("village", as: UUID.self), communeID: try req.requireUser().communeID, on: req.db)
    }

    static func one(_ req: Request, _ v: Unit, status: HTTPResponseStatus = .ok) async throws -> Response {
        let dto = try await villageTeams(req, try req.requireUser(), villages: [v], year: nil)[0]
        return status == .created ? try InspectionAPI.created(dto, location: path(v.id!)) : try APIJSON.response(dto)
    }

    /// One village with its active team.
    static func team(req: Request) async throws -> Response {
        try req.authorize(.viewIndicators)
        return try await one(req, try await village(req))
    }

    // MARK: writes

    static func input(_ b: TeamBody) -> DigitalTeamInput {
        DigitalTeamInput(name: b.name, decisionNumber: b.decisionNumber, decisionDate: b.decisionDate, note: b.note,
                         members: (b.members ?? []).map { DigitalTeamMemberInput(personId: $0.personId, fullName: $0.fullName, role: $0.role, phone: $0.phone) })
    }

    /// Sets up the village's team (409 while it has an active one).
    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let v = try await village(req)
        let b = try req.decodeJSON(TeamBody.self)
        _ = try await InspectionAPI.naming(bodyName) {
            try await DigitalLiteracyCommands.createTeam(villageID: v.id, input(b), by: user, actor: try req.auditActor(), on: req.db)
        }
        return try await one(req, v, status: .created)
    }

    static func activeTeam(_ req: Request, _ v: Unit) async throws -> DigitalTeam {
        guard let t = try await DigitalLiteracyCommands.activeTeam(villageID: v.id!, communeID: v.communeID, on: req.db) else { throw AppError.notFound }
        return t
    }

    /// Changes the active team from `version` (required); fields left out keep their value, the members too.
    static func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let v = try await village(req)
        let t = try await activeTeam(req, v)
        try DigitalLiteracyCommands.requireManage(t.villageID, by: user)
        let b = try req.decodeJSON(TeamBody.self)
        let version = try InspectionAPI.requireVersion(b.version)
        let current = try await DigitalLiteracyCommands.currentMembers(t, on: req.db).map {
            MemberBody(personId: $0.personID?.uuidString.lowercased(), fullName: $0.fullName, role: $0.role.rawValue, phone: $0.phone)
        }
        let merged = TeamBody(name: b.name ?? t.name, decisionNumber: b.decisionNumber ?? t.decisionNumber, decisionDate: b.decisionDate ?? t.decisionDate,
                              note: b.note ?? t.note, members: b.members ?? current, version: version)
        try await InspectionAPI.naming(bodyName) {
            try await DigitalLiteracyCommands.updateTeam(t, input(merged), expectedVersion: version, by: user, actor: try req.auditActor(), on: req.db)
        }
        return try await one(req, v)
    }

    /// Dissolves the active team (`version` required); the village may then set up another.
    static func dissolve(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let v = try await village(req)
        let t = try await activeTeam(req, v)
        try DigitalLiteracyCommands.requireManage(t.villageID, by: user)
        let b = try req.decodeJSON(InspectionAPI.VersionBody.self)
        try await DigitalLiteracyCommands.dissolveTeam(t, expectedVersion: try InspectionAPI.requireVersion(b.version), by: user,
                                                       actor: try req.auditActor(), on: req.db)
        return try await one(req, v)
    }

    /// Records a house visit of the active team.
    static func addVisit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let v = try await village(req)
        let t = try await activeTeam(req, v)
        let b = try req.decodeJSON(VisitBody.self)
        let visit = DigitalTeamVisitInput(visitedOn: b.visitedOn, households: b.households.map(String.init), peopleGuided: b.peopleGuided.map(String.init),
                                          note: b.note)
        _ = try await InspectionAPI.naming(bodyName) {
            try await DigitalLiteracyCommands.addVisit(t, visit, by: user, actor: try req.auditActor(), on: req.db)
        }
        return try await one(req, v, status: .created)
    }
}
