import Fluent
import Foundation
import Vapor

/// `/api/v1/units` and `/api/v1/people`: list, read, create, update, with the same permission rule as the pages.
enum DirectoryAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("units", use: listUnits)
        api.post("units", use: createUnit)
        api.get("units", ":id", use: getUnit)
        api.patch("units", ":id", use: updateUnit)
        api.get("people", use: listPeople)
        api.post("people", use: createPerson)
        api.get("people", ":id", use: getPerson)
        api.patch("people", ":id", use: updatePerson)
    }

    struct UnitBody: Content {
        var code: String?
        var name: String?
        var kind: String?
        var criteriaGroup: String?
        var villageId: String?
        var headName: String?
        var headTitle: String?
        var phone: String?
        var email: String?
        var address: String?
        var isActive: Bool?
        var version: Int?
    }

    struct PersonBody: Content {
        var fullName: String?
        var title: String?
        var unitId: String?
        var phone: String?
        var email: String?
        var birthDate: String?
        /// "ong", "ba" (or "Ông", "Bà"); "" = not given.
        var salutation: String?
        var isActive: Bool?
        var version: Int?
    }

    struct Paging {
        let page: Int
        let perPage: Int

        init(_ req: Request) throws {
            var fields: [String: String] = [:]
            let page = try Self.int(req, "page", default: 1, range: 1...100_000, into: &fields)
            let perPage = try Self.int(req, "perPage", default: 50, range: 1...200, into: &fields)
            if !fields.isEmpty { throw AppError.validation(fields: fields) }
            self.page = page
            self.perPage = perPage
        }

        static func int(_ req: Request, _ name: String, default value: Int, range: ClosedRange<Int>,
                        into fields: inout [String: String]) throws -> Int {
            guard let raw = req.query[String.self, at: name] else { return value }
            guard let number = Int(raw), range.contains(number) else {
                fields[name] = "Phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound)."
                return value
            }
            return number
        }
    }

    static func bool(_ req: Request, _ name: String) throws -> Bool {
        guard let raw = req.query[String.self, at: name] else { return false }
        switch raw.lowercased() {
        case "true", "1": return true
        case "false", "0", "": return false
        default: throw AppError.validation(fields: [name: ErrorText.wrongType(Bool.self)])
        }
    }

    // MARK: units

    static func listUnits(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let paging = try Paging(req)
        var filter = UnitFilter(query: req.query[String.self, at: "q"] ?? "", includeInactive: try bool(req, "includeInactive"))
        if let kind = req.query[String.self, at: "kind"] {
            guard let value = UnitKind(rawValue: kind) else { throw AppError.validation(fields: ["kind": CoreText.invalidChoice]) }
            filter.kind = value
        }
        if let group = req.query[String.self, at: "criteriaGroup"] {
            guard let value = CriteriaGroup(rawValue: group) else { throw AppError.validation(fields: ["criteriaGroup": CoreText.invalidChoice]) }
            filter.group = value
        }
        try req.authorize(.listUnits)
        if !Policy.allows(user, .viewDirectory) { filter.onlyUnit = Policy.ownUnit(user) }
        let result = try await DirectoryQueries.units(on: req.db, communeID: user.communeID, filter: filter, page: paging.page, perPage: paging.perPage)
        return try APIJSON.response(ListEnvelope(items: result.items.map(\.unit), page: result.page, perPage: result.perPage, total: result.total))
    }

    static func getUnit(req: Request) async throws -> Response {
        let unit = try await UnitsController.load(req)
        try req.authorize(.viewUnit(UnitRef(id: unit.id!, communeID: unit.communeID)))
        return try APIJSON.response(unit.toDTO())
    }

    static func createUnit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageDirectory)
        let body = try req.decodeJSON(UnitBody.self)
        let input = UnitInput(code: body.code, name: body.name, kind: body.kind, criteriaGroup: body.criteriaGroup, villageId: body.villageId,
                              headName: body.headName, headTitle: body.headTitle, phone: body.phone, email: body.email, address: body.address)
        let (values, errors) = try await DirectoryValidation.unit(input, communeID: user.communeID, existing: nil, on: req.db)
        guard let values else { throw AppError.validation(fields: errors) }
        let unit = try await DirectoryCommands.createUnit(values, communeID: user.communeID, actor: try req.auditActor(), on: req.db)
        let response = try APIJSON.response(unit.toDTO(), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/units/\(unit.id!.uuidString.lowercased())")
        return response
    }

    static func updateUnit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let unit = try await UnitsController.load(req)
        let ref = UnitRef(id: unit.id!, communeID: unit.communeID)
        try req.authorize(.editUnitContacts(ref))
        let body = try req.decodeJSON(UnitBody.self)
        let contactsOnly = !Policy.allows(user, .editUnitClassification(ref))
        if contactsOnly {
            var changes: [Bool] = []
            changes.append(body.code.map { TextFolding.clean($0).uppercased() != unit.code } ?? false)
            changes.append(body.name.map { TextFolding.clean($0) != unit.name } ?? false)
            changes.append(body.kind.map { (UnitKind(rawValue: TextFolding.clean($0)) ?? UnitKind(loose: $0))?.rawValue != unit.kind } ?? false)
            changes.append(body.criteriaGroup.map { TextFolding.clean($0) != unit.criteriaGroup } ?? false)
            changes.append(body.villageId.map { UUID(uuidString: TextFolding.clean($0)) != unit.villageID } ?? false)
            if changes.contains(true) { try req.authorize(.editUnitClassification(ref)) }
        }
        if let active = body.isActive, active != unit.isActive {
            try req.authorize(.deactivateUnit(ref))
        }
        let input = UnitInput(code: body.code ?? unit.code, name: body.name ?? unit.name, kind: body.kind ?? unit.kind,
                              criteriaGroup: body.criteriaGroup ?? unit.criteriaGroup,
                              villageId: body.villageId ?? unit.villageID?.uuidString, headName: body.headName ?? unit.headName,
                              headTitle: body.headTitle ?? unit.headTitle, phone: body.phone ?? unit.phone,
                              email: body.email ?? unit.email, address: body.address ?? unit.address)
        let (values, errors) = try await DirectoryValidation.unit(input, communeID: user.communeID, existing: unit, on: req.db)
        guard let values else { throw AppError.validation(fields: errors) }
        let actor = try req.auditActor()
        try await DirectoryCommands.updateUnit(unit, values, expectedVersion: body.version, contactsOnly: contactsOnly, actor: actor, on: req.db)
        if let active = body.isActive {
            try await DirectoryCommands.setUnitActive(unit, active, actor: actor, on: req.db)
        }
        return try APIJSON.response(unit.toDTO())
    }

    // MARK: people

    static func listPeople(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let paging = try Paging(req)
        var filter = PersonFilter(query: req.query[String.self, at: "q"] ?? "", includeInactive: try bool(req, "includeInactive"))
        if let unit = req.query[String.self, at: "unitId"] {
            guard let id = UUID(uuidString: unit) else { throw AppError.validation(fields: ["unitId": DirectoryText.unknownUnit]) }
            filter.unitID = id
        }
        try req.authorize(.listPeople)
        filter.searchContacts = Policy.allows(user, .searchPeopleByContact)
        if !Policy.allows(user, .viewDirectory) {
            filter.onlyUnit = Policy.ownUnit(user)
            filter.onlyPerson = user.personID
        }
        let result = try await DirectoryQueries.people(on: req.db, communeID: user.communeID, filter: filter, page: paging.page, perPage: paging.perPage)
        return try APIJSON.response(ListEnvelope(items: result.items.map { $0.person.shown(to: user) }, page: result.page, perPage: result.perPage, total: result.total))
    }

    static func getPerson(req: Request) async throws -> Response {
        let person = try await PeopleController.load(req)
        try req.authorize(.viewPerson(PersonRef(id: person.id!, unitID: person.unitID, communeID: person.communeID)))
        return try APIJSON.response(person.toDTO().shown(to: try req.requireUser()))
    }

    static func createPerson(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let body = try req.decodeJSON(PersonBody.self)
        try req.authorize(.createPerson(unitID: body.unitId.flatMap(UUID.init(uuidString:)), communeID: user.communeID))
        let input = PersonInput(fullName: body.fullName, title: body.title, unitId: body.unitId, phone: body.phone, email: body.email,
                                birthDate: body.birthDate, salutation: body.salutation)
        let (values, errors) = try await DirectoryValidation.person(input, communeID: user.communeID, on: req.db)
        guard let values else { throw AppError.validation(fields: errors) }
        let person = try await DirectoryCommands.createPerson(values, communeID: user.communeID, actor: try req.auditActor(), on: req.db)
        let response = try APIJSON.response(person.toDTO(), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/people/\(person.id!.uuidString.lowercased())")
        return response
    }

    static func updatePerson(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let person = try await PeopleController.load(req)
        let ref = PersonRef(id: person.id!, unitID: person.unitID, communeID: person.communeID)
        try req.authorize(.editPerson(ref))
        let body = try req.decodeJSON(PersonBody.self)
        let newUnit = body.unitId ?? person.unitID?.uuidString
        try req.authorize(.createPerson(unitID: newUnit.flatMap(UUID.init(uuidString:)), communeID: user.communeID))
        if let active = body.isActive, active != person.isActive { try req.authorize(.deactivatePerson(ref)) }
        let input = PersonInput(fullName: body.fullName ?? person.fullName, title: body.title ?? person.title, unitId: newUnit,
                                phone: body.phone ?? person.phone, email: body.email ?? person.email,
                                birthDate: body.birthDate ?? person.birthDate, salutation: body.salutation ?? person.salutation)
        let (values, errors) = try await DirectoryValidation.person(input, communeID: user.communeID, on: req.db)
        guard let values else { throw AppError.validation(fields: errors) }
        let actor = try req.auditActor()
        try await DirectoryCommands.updatePerson(person, values, expectedVersion: body.version, actor: actor, on: req.db)
        if let active = body.isActive {
            try await DirectoryCommands.setPersonActive(person, active, actor: actor, on: req.db)
        }
        return try APIJSON.response(person.toDTO())
    }
}
