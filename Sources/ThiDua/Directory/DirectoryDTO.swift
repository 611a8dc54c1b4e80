import Foundation
import Vapor

/// A unit at the API edge and in the audit log.
struct UnitDTO: Content, Sendable, Equatable {
    let id: UUID
    let code: String
    let name: String
    let kind: String
    let criteriaGroup: String
    let villageId: UUID?
    let headName: String
    let headTitle: String
    let phone: String
    let email: String
    let address: String
    let isActive: Bool
    let version: Int
}

/// A person at the API edge and in the audit log.
struct PersonDTO: Content, Sendable, Equatable {
    let id: UUID
    let fullName: String
    let title: String
    let unitId: UUID?
    let phone: String
    let email: String
    /// yyyy-MM-dd
    let birthDate: String?
    /// "ong" / "ba"; absent when not given.
    var salutation: String? = nil
    let isActive: Bool
    let version: Int
}

extension Unit {
    func toDTO() -> UnitDTO {
        UnitDTO(id: id ?? UUID(), code: code, name: name, kind: kind, criteriaGroup: criteriaGroup, villageId: villageID,
                headName: headName, headTitle: headTitle, phone: phone, email: email, address: address,
                isActive: isActive, version: version)
    }
}

extension Person {
    func toDTO() -> PersonDTO {
        PersonDTO(id: id ?? UUID(), fullName: fullName, title: title, unitId: unitID, phone: phone, email: email,
                  birthDate: birthDate, salutation: salutation, isActive: isActive, version: version)
    }
}

/// One page of a list.
struct PageResult<T: Sendable>: Sendable {
    var items: [T]
    let page: Int
    let perPage: Int
    let total: Int
    var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
}

struct ListEnvelope<T: Content>: Content {
    let items: [T]
    let page: Int
    let perPage: Int
    let total: Int
}

extension PersonDTO {
    /// The person as `user` may see them: without phone, e-mail and birth date unless ``Policy`` allows
    /// `seePersonContacts` (the attacker's finding, issue 16: every reader of the directory read every phone).
    func shown(to user: CurrentUser) -> PersonDTO {
        guard !Policy.allows(user, .seePersonContacts(PersonRef(id: id, unitID: unitId, communeID: user.communeID))) else { return self }
        return PersonDTO(id: id, fullName: fullName, title: title, unitId: unitId, phone: "", email: "", birthDate: nil,
                         salutation: salutation, isActive: isActive, version: version)
    }
}

extension PersonRow {
    func shown(to user: CurrentUser) -> PersonRow { PersonRow(person: person.shown(to: user), unitName: unitName) }
}
