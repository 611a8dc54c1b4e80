import Fluent
import Foundation
import Plot
import Vapor

/// The pages of people: list, detail, create, edit, deactivate, reactivate.
enum PeopleController {
    static let perPage = 50

    struct ListQuery: Content {
        var q: String?
        var unit: String?
        var inactive: String?
        var page: Int?
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewDirectory)
        let query = try req.query.decode(ListQuery.self)
        var filter = PersonFilter(query: query.q ?? "", unitID: Check.uuid(query.unit), includeInactive: query.inactive == "1")
        filter.searchContacts = Policy.allows(user, .searchPeopleByContact)
        var result = try await DirectoryQueries.people(on: req.db, communeID: user.communeID, filter: filter,
                                                       page: query.page ?? 1, perPage: perPage)
        let hidden = result.items.contains { $0.person.shown(to: user) != $0.person }
        result.items = result.items.map { $0.shown(to: user) }
        return PersonListView.render(.init(
            frame: req.page(DirectoryText.peopleTitle, section: .people, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: DirectoryText.peopleTitle, url: nil)]),
            result: result, query: query, units: try await DirectoryQueries.unitChoices(on: req.db, communeID: user.communeID),
            canCreate: req.can(.manageDirectory), canExport: req.can(.exportDirectory), contactsHidden: hidden))
    }

    static func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let person = try await load(req)
        let ref = PersonRef(id: person.id!, unitID: person.unitID, communeID: person.communeID)
        try req.authorize(.viewPerson(ref))
        let unitName = try await person.unitID.asyncMap { try await DirectoryQueries.unit(on: req.db, communeID: user.communeID, id: $0)?.name } ?? nil
        let history = req.can(.viewAudit) ? try await AuditQueries.forObject(on: req.db, communeID: user.communeID, id: person.id!, limit: 20) : []
        return PersonDetailView.render(.init(
            frame: req.page(person.fullName, section: .people, breadcrumbs: crumbs(req) + [.init(title: person.fullName, url: nil)]),
            person: person.toDTO().shown(to: user), contactsHidden: person.toDTO().shown(to: user) != person.toDTO(), unitName: unitName, canEdit: req.can(.editPerson(ref)),
            canDeactivate: req.can(.deactivatePerson(ref)), history: history, csrf: user.csrfToken))
    }

    static func newForm(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let unit = Check.uuid(req.query[String.self, at: "unit"]) ?? Policy.ownUnit(user)
        try req.authorize(.createPerson(unitID: unit, communeID: user.communeID))
        return try await renderForm(req, person: nil, state: FormState(values: ["unitId": unit?.uuidString.lowercased() ?? ""]))
    }

    struct PersonForm: Content {
        var fullName: String?
        var title: String?
        var unitId: String?
        var phone: String?
        var email: String?
        var birthDate: String?
        var salutation: String?
        var version: Int?

        var input: PersonInput {
            PersonInput(fullName: fullName, title: title, unitId: unitId, phone: phone, email: email, birthDate: birthDate,
                        salutation: salutation)
        }
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PersonForm.self)
        try req.authorize(.createPerson(unitID: Check.uuid(form.unitId), communeID: user.communeID))
        let (values, errors) = try await DirectoryValidation.person(form.input, communeID: user.communeID, on: req.db)
        guard let values else {
            return try await renderForm(req, person: nil, state: FormState(values: form.input.formValues, errors: errors))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let person = try await DirectoryCommands.createPerson(values, communeID: user.communeID, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .person(person.id), flash: Flash(.success, String(format: DirectoryText.created, person.fullName)))
    }

    static func editForm(req: Request) async throws -> HTML {
        let person = try await load(req)
        try req.authorize(.editPerson(PersonRef(id: person.id!, unitID: person.unitID, communeID: person.communeID)))
        return try await renderForm(req, person: person, state: FormState(values: formValues(person)))
    }

    static func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let person = try await load(req)
        try req.authorize(.editPerson(PersonRef(id: person.id!, unitID: person.unitID, communeID: person.communeID)))
        let form = try req.content.decode(PersonForm.self)
        // Moving a person to another unit needs the right to add people there too.
        try req.authorize(.createPerson(unitID: Check.uuid(form.unitId), communeID: user.communeID))
        let (values, errors) = try await DirectoryValidation.person(form.input, communeID: user.communeID, on: req.db)
        guard let values else {
            var state = FormState(values: form.input.formValues, errors: errors)
            state.values["version"] = String(form.version ?? person.version)
            return try await renderForm(req, person: person, state: state).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await DirectoryCommands.updatePerson(person, values, expectedVersion: form.version, actor: try req.auditActor(), on: req.db)
        } catch AppError.conflict {
            let fresh = try await load(req)
            var state = FormState(values: form.input.formValues, formError: DirectoryText.conflict)
            state.values["version"] = String(fresh.version)
            return try await renderForm(req, person: fresh, state: state).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: .person(person.id), flash: Flash(.success, String(format: DirectoryText.updated, person.fullName)))
    }

    static func deactivate(req: Request) async throws -> Response { try await setActive(req, false) }
    static func reactivate(req: Request) async throws -> Response { try await setActive(req, true) }

    private static func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let person = try await load(req)
        try req.authorize(.deactivatePerson(PersonRef(id: person.id!, unitID: person.unitID, communeID: person.communeID)))
        try await DirectoryCommands.setPersonActive(person, active, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .person(person.id), flash: Flash(.success, String(format: active ? DirectoryText.reactivated : DirectoryText.deactivated, person.fullName)))
    }

    static func load(_ req: Request) async throws -> Person {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let person = try await DirectoryQueries.person(on: req.db, communeID: user.communeID, id: id) else { throw AppError.notFound }
        return person
    }

    static func crumbs(_ req: Request) -> [Breadcrumb] {
        var list = [Breadcrumb(title: CoreText.home, url: .home)]
        if req.can(.viewDirectory) { list.append(.init(title: DirectoryText.peopleTitle, url: .people)) }
        else if let unit = req.currentUser.flatMap(Policy.ownUnit) {
            list.append(.init(title: LayoutText.navMyUnit, url: .unit(unit)))
        }
        return list
    }

    static func formValues(_ p: Person) -> [String: String] {
        ["fullName": p.fullName, "title": p.title, "unitId": p.unitID?.uuidString.lowercased() ?? "", "phone": p.phone,
         "email": p.email, "birthDate": p.birthDate.flatMap(LocalDate.init(iso:))?.vietnamese ?? "",
         "salutation": p.salutation ?? "", "version": String(p.version)]
    }

    static func renderForm(_ req: Request, person: Person?, state: FormState) async throws -> HTML {
        let user = try req.requireUser()
        let title = person == nil ? DirectoryText.newPerson : DirectoryText.editPerson
        let onlyOwn = !req.can(.manageDirectory)
        let units = try await DirectoryQueries.unitChoices(on: req.db, communeID: user.communeID, onlyUnit: onlyOwn ? user.unitID : nil)
        return PersonFormView.render(.init(
            frame: req.page(title, section: .people, breadcrumbs: crumbs(req) + [.init(title: title, url: nil)]),
            personID: person?.id, state: state, units: units, allowNoUnit: !onlyOwn, csrf: user.csrfToken))
    }
}
