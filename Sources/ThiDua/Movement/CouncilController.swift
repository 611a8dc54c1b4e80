import Fluent
import Foundation
import Plot
import Vapor

/// The Emulation–Commendation Council: members, their positions and their field/area assignments.
enum CouncilController {
    typealias C = MovementController

    struct MemberForm: Content {
        var personId: String?
        var position: String?
        var userId: String?
        var fields: [String]?
        var areas: [String]?
    }

    struct MemberDTO: Codable, Sendable {
        let personId: UUID
        let position: String
        let userId: UUID?
        let fields: [String]
        let areas: [String]
        let isActive: Bool
    }

    struct Choices: Sendable {
        let people: [Choice]
        let users: [Choice]
        let villages: [Choice]
    }

    static func choices(_ req: Request) async throws -> Choices {
        let user = try req.requireUser()
        let people = try await Person.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$isActive == true)
            .sort(\.$searchText).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: $0.title.isEmpty ? $0.fullName : "\($0.fullName) — \($0.title)") }
        let users = try await User.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$isActive == true).sort(\.$username).all()
            .map { Choice(value: $0.id!.uuidString.lowercased(), label: "\($0.displayName) (\($0.username))") }
        return Choices(people: people, users: users, villages: try await DirectoryQueries.villages(on: req.db, communeID: user.communeID))
    }

    static func fields(_ ch: Choices, selectedFields: Set<String>, selectedAreas: Set<String>, withPerson: Bool) -> [FieldSpec] {
        (withPerson ? [FieldSpec.select("personId", MovementText.memberPerson, choices: ch.people, required: true)] : []) + [
            .select("position", MovementText.memberPosition, choices: CouncilPosition.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, required: true),
            .select("userId", MovementText.memberUser, choices: ch.users, blank: MovementText.noUser),
            .checkboxes("fields", MovementText.fields, choices: CriteriaGroup.allCases.map { Choice(value: $0.rawValue, label: $0.label) }, selected: selectedFields),
            .checkboxes("areas", MovementText.areas, choices: ch.villages, selected: selectedAreas),
        ]
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewMovement)
        let rows = try await MovementQueries.council(on: req.db, communeID: user.communeID)
        return CouncilView.render(.init(frame: req.page(MovementText.council, section: .movement, breadcrumbs: C.crumbs(MovementText.council)),
                                        rows: rows, canEdit: req.can(.editMovement), csrf: user.csrfToken))
    }

    static func newForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        return try await C.formPage(req, title: MovementText.newMember, action: .council, state: FormState(values: ["position": "member"]),
                                    fields: fields(try await choices(req), selectedFields: [], selectedAreas: [], withPerson: true))
    }

    static func validate(_ req: Request, _ form: MemberForm, member: CouncilMember?) async throws -> (MemberDTO?, FormState) {
        let user = try req.requireUser()
        var errors: [String: String] = [:]
        var personID = member?.personID
        if member == nil {
            personID = Check.uuid(form.personId)
            if let id = personID, try await Person.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).count() == 1 {
                if try await CouncilMember.query(on: req.db).filter(\.$personID == id).filter(\.$isActive == true).count() > 0 {
                    errors["personId"] = MovementText.alreadyMember
                }
            } else {
                errors["personId"] = TextFolding.clean(form.personId).isEmpty ? CoreText.required : MovementText.unknownPerson
            }
        }
        let position = TextFolding.clean(form.position)
        if CouncilPosition(rawValue: position) == nil { errors["position"] = CoreText.invalidChoice }
        var userID: UUID?
        if !TextFolding.clean(form.userId).isEmpty {
            userID = Check.uuid(form.userId)
            if let id = userID, try await User.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).count() == 1 {} else {
                errors["userId"] = MovementText.unknownUser
            }
        }
        let groups = Set(form.fields ?? [])
        if groups.contains(where: { CriteriaGroup(rawValue: $0) == nil }) { errors["fields"] = CoreText.invalidChoice }
        let villageChoices = Set(try await DirectoryQueries.villages(on: req.db, communeID: user.communeID).map(\.value))
        let areas = Set((form.areas ?? []).map { $0.lowercased() })
        if !areas.isSubset(of: villageChoices) { errors["areas"] = DirectoryText.unknownVillage }
        let state = FormState(values: ["personId": form.personId ?? "", "position": form.position ?? "", "userId": form.userId ?? ""], errors: errors)
        guard errors.isEmpty, let personID else { return (nil, state) }
        return (MemberDTO(personId: personID, position: position, userId: userID, fields: groups.sorted(), areas: areas.sorted(),
                          isActive: member?.isActive ?? true), state)
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.editMovement)
        let form = try req.content.decode(MemberForm.self)
        let (dto, state) = try await validate(req, form, member: nil)
        guard let dto else {
            return try await C.formPage(req, title: MovementText.newMember, action: .council, state: state, status: .unprocessableEntity,
                                        fields: fields(try await choices(req), selectedFields: Set(form.fields ?? []), selectedAreas: Set(form.areas ?? []), withPerson: true))
        }
        let member = CouncilMember()
        member.communeID = user.communeID; member.personID = dto.personId; member.userID = dto.userId
        member.position = dto.position; member.isActive = true
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await member.create(on: db)
            try await replaceAssignments(member, dto, on: db)
            try await AuditLog.record(on: db, actor, .create, type: "council_member", id: member.id, label: try await label(member, db), after: dto)
        }
        return req.redirect(to: .council, flash: Flash(.success, MovementText.saved))
    }

    static func load(_ req: Request) async throws -> CouncilMember {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let m = try await CouncilMember.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$id == id).first() else { throw AppError.notFound }
        return m
    }

    static func snapshot(_ m: CouncilMember, on db: any Database) async throws -> MemberDTO {
        let a = try await CouncilAssignment.query(on: db).filter(\.$memberID == m.id!).all()
        return MemberDTO(personId: m.personID, position: m.position, userId: m.userID, fields: a.filter { $0.kind == "field" }.map(\.value).sorted(),
                         areas: a.filter { $0.kind == "area" }.map(\.value).sorted(), isActive: m.isActive)
    }

    static func label(_ m: CouncilMember, _ db: any Database) async throws -> String {
        try await Person.find(m.personID, on: db)?.fullName ?? m.personID.uuidString
    }

    static func editForm(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let m = try await load(req)
        let dto = try await snapshot(m, on: req.db)
        let title = "\(MovementText.editMember): \(try await label(m, req.db))"
        return try await C.formPage(req, title: title, action: .councilMember(m.id),
                                    state: FormState(values: ["position": m.position, "userId": m.userID?.uuidString.lowercased() ?? ""]),
                                    fields: fields(try await choices(req), selectedFields: Set(dto.fields), selectedAreas: Set(dto.areas), withPerson: false))
    }

    static func update(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let m = try await load(req)
        let form = try req.content.decode(MemberForm.self)
        let (dto, state) = try await validate(req, form, member: m)
        guard let dto else {
            return try await C.formPage(req, title: MovementText.editMember, action: .councilMember(m.id), state: state, status: .unprocessableEntity,
                                        fields: fields(try await choices(req), selectedFields: Set(form.fields ?? []), selectedAreas: Set(form.areas ?? []), withPerson: false))
        }
        let before = try await snapshot(m, on: req.db)
        m.position = dto.position; m.userID = dto.userId
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await m.update(on: db)
            try await replaceAssignments(m, dto, on: db)
            try await AuditLog.record(on: db, actor, .update, type: "council_member", id: m.id, label: try await label(m, db), before: before, after: dto)
        }
        return req.redirect(to: .council, flash: Flash(.success, MovementText.saved))
    }

    static func remove(req: Request) async throws -> Response {
        try req.authorize(.editMovement)
        let m = try await load(req)
        guard m.isActive else { return req.redirect(to: .council, flash: nil) }
        let before = try await snapshot(m, on: req.db)
        m.isActive = false
        let actor = try req.auditActor()
        try await req.db.writeTransaction { db in
            try await m.update(on: db)
            try await AuditLog.record(on: db, actor, .deactivate, type: "council_member", id: m.id, label: try await label(m, db), before: before,
                                      after: try await snapshot(m, on: db))
        }
        return req.redirect(to: .council, flash: Flash(.success, MovementText.removed))
    }

    static func replaceAssignments(_ m: CouncilMember, _ dto: MemberDTO, on db: any Database) async throws {
        try await CouncilAssignment.query(on: db).filter(\.$memberID == m.id!).delete()
        for (kind, values) in [("field", dto.fields), ("area", dto.areas)] {
            for value in values {
                let a = CouncilAssignment()
                a.communeID = m.communeID; a.memberID = m.id!; a.kind = kind; a.value = value
                try await a.create(on: db)
            }
        }
    }
}
