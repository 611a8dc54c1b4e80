import Fluent
import Foundation
import Plot
import Vapor

/// The pages of participating units: list, detail, create, edit, deactivate, reactivate.
enum UnitsController {
    static let perPage = 50

    struct ListQuery: Content {
        var q: String?
        var kind: String?
        var group: String?
        var inactive: String?
        var page: Int?
    }

    static func filter(from q: ListQuery) -> UnitFilter {
        UnitFilter(query: q.q ?? "", kind: q.kind.flatMap(UnitKind.init(rawValue:)),
                   group: q.group.flatMap(CriteriaGroup.init(rawValue:)), includeInactive: q.inactive == "1")
    }

    static func list(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        try req.authorize(.viewDirectory)
        let query = try req.query.decode(ListQuery.self)
        let result = try await DirectoryQueries.units(on: req.db, communeID: user.communeID, filter: filter(from: query),
                                                      page: query.page ?? 1, perPage: perPage)
        return UnitListView.render(.init(
            frame: req.page(DirectoryText.unitsTitle, section: .units, breadcrumbs: [.init(title: CoreText.home, url: .home), .init(title: DirectoryText.unitsTitle, url: nil)]),
            result: result, query: query, canManage: req.can(.manageDirectory), canExport: req.can(.exportDirectory)))
    }

    static func show(req: Request) async throws -> HTML {
        let user = try req.requireUser()
        let unit = try await load(req)
        let ref = UnitRef(id: unit.id!, communeID: unit.communeID)
        try req.authorize(.viewUnit(ref))
        let people = try await DirectoryQueries.people(on: req.db, communeID: user.communeID,
                                                       filter: PersonFilter(unitID: unit.id, includeInactive: true), page: 1, perPage: 500)
        let village = try await unit.villageID.asyncMap { try await DirectoryQueries.unit(on: req.db, communeID: user.communeID, id: $0)?.name }
        let history = req.can(.viewAudit) ? try await AuditQueries.forObject(on: req.db, communeID: user.communeID, id: unit.id!, limit: 20) : []
        return UnitDetailView.render(.init(
            frame: req.page(unit.name, section: .units, breadcrumbs: crumbs(req, unit: nil) + [.init(title: unit.name, url: nil)]),
            unit: unit.toDTO(), villageName: village ?? nil, people: people.items.map { $0.shown(to: user) },
            contactsHidden: people.items.contains { $0.person.shown(to: user) != $0.person },
            canEdit: req.can(.editUnitContacts(ref)), canDeactivate: req.can(.deactivateUnit(ref)),
            canAddPerson: req.can(.createPerson(unitID: unit.id, communeID: user.communeID)),
            history: history, csrf: user.csrfToken))
    }

    static func newForm(req: Request) async throws -> HTML {
        try req.authorize(.manageDirectory)
        return try await renderForm(req, unit: nil, state: FormState(values: ["kind": UnitKind.agency.rawValue]), contactsOnly: false)
    }

    struct UnitForm: Content {
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
        var version: Int?

        var input: UnitInput {
            UnitInput(code: code, name: name, kind: kind, criteriaGroup: criteriaGroup, villageId: villageId, headName: headName,
                      headTitle: headTitle, phone: phone, email: email, address: address)
        }
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.manageDirectory)
        let form = try req.content.decode(UnitForm.self)
        let (values, errors) = try await DirectoryValidation.unit(form.input, communeID: user.communeID, existing: nil, on: req.db)
        guard let values else {
            return try await renderForm(req, unit: nil, state: FormState(values: form.input.formValues, errors: errors), contactsOnly: false)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let unit = try await DirectoryCommands.createUnit(values, communeID: user.communeID, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .unit(unit.id), flash: Flash(.success, String(format: DirectoryText.created, unit.name)))
    }

    static func editForm(req: Request) async throws -> HTML {
        let unit = try await load(req)
        let ref = UnitRef(id: unit.id!, communeID: unit.communeID)
        try req.authorize(.editUnitContacts(ref))
        return try await renderForm(req, unit: unit, state: FormState(values: formValues(unit)),
                                    contactsOnly: !req.can(.editUnitClassification(ref)))
    }

    static func update(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let unit = try await load(req)
        let ref = UnitRef(id: unit.id!, communeID: unit.communeID)
        try req.authorize(.editUnitContacts(ref))
        let contactsOnly = !req.can(.editUnitClassification(ref))
        let form = try req.content.decode(UnitForm.self)
        var input = form.input
        if contactsOnly {
            // A focal point edits contacts only: the other fields keep their stored values whatever is posted.
            input.code = unit.code; input.name = unit.name; input.kind = unit.kind
            input.criteriaGroup = unit.criteriaGroup; input.villageId = unit.villageID?.uuidString
        }
        let (values, errors) = try await DirectoryValidation.unit(input, communeID: user.communeID, existing: unit, on: req.db)
        guard let values else {
            var state = FormState(values: input.formValues, errors: errors)
            state.values["version"] = String(form.version ?? unit.version)
            return try await renderForm(req, unit: unit, state: state, contactsOnly: contactsOnly)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await DirectoryCommands.updateUnit(unit, values, expectedVersion: form.version, contactsOnly: contactsOnly,
                                                   actor: try req.auditActor(), on: req.db)
        } catch AppError.conflict {
            var state = FormState(values: input.formValues, formError: DirectoryText.conflict)
            let fresh = try await load(req)
            state.values["version"] = String(fresh.version)
            return try await renderForm(req, unit: fresh, state: state, contactsOnly: contactsOnly)
                .encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: .unit(unit.id), flash: Flash(.success, String(format: DirectoryText.updated, unit.name)))
    }

    static func deactivate(req: Request) async throws -> Response {
        try await setActive(req, false)
    }

    static func reactivate(req: Request) async throws -> Response {
        try await setActive(req, true)
    }

    private static func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let unit = try await load(req)
        try req.authorize(.deactivateUnit(UnitRef(id: unit.id!, communeID: unit.communeID)))
        try await DirectoryCommands.setUnitActive(unit, active, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: .unit(unit.id), flash: Flash(.success, String(format: active ? DirectoryText.reactivated : DirectoryText.deactivated, unit.name)))
    }

    // MARK: helpers

    static func load(_ req: Request) async throws -> Unit {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: UUID.self),
              let unit = try await DirectoryQueries.unit(on: req.db, communeID: user.communeID, id: id) else { throw AppError.notFound }
        return unit
    }

    static func crumbs(_ req: Request, unit: Unit?) -> [Breadcrumb] {
        var list = [Breadcrumb(title: CoreText.home, url: .home)]
        if req.can(.viewDirectory) { list.append(.init(title: DirectoryText.unitsTitle, url: .units)) }
        if let unit { list.append(.init(title: unit.name, url: .unit(unit.id))) }
        return list
    }

    static func formValues(_ unit: Unit) -> [String: String] {
        ["code": unit.code, "name": unit.name, "kind": unit.kind, "criteriaGroup": unit.criteriaGroup,
         "villageId": unit.villageID?.uuidString.lowercased() ?? "", "headName": unit.headName, "headTitle": unit.headTitle,
         "phone": unit.phone, "email": unit.email, "address": unit.address, "version": String(unit.version)]
    }

    static func renderForm(_ req: Request, unit: Unit?, state: FormState, contactsOnly: Bool) async throws -> HTML {
        let user = try req.requireUser()
        let title = unit == nil ? DirectoryText.newUnit : DirectoryText.editUnit
        return UnitFormView.render(.init(
            frame: req.page(title, section: .units, breadcrumbs: crumbs(req, unit: unit) + [.init(title: title, url: nil)]),
            unitID: unit?.id, state: state, villages: try await DirectoryQueries.villages(on: req.db, communeID: user.communeID),
            contactsOnly: contactsOnly, csrf: user.csrfToken))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
