import Fluent
import Foundation

/// Unit fields as submitted by a form, the API or a CSV row, before validation. Nil means "not given".
struct UnitInput: Sendable {
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

    /// The form's values, for redisplay.
    var formValues: [String: String] {
        ["code": code ?? "", "name": name ?? "", "kind": kind ?? "", "criteriaGroup": criteriaGroup ?? "",
         "villageId": villageId ?? "", "headName": headName ?? "", "headTitle": headTitle ?? "",
         "phone": phone ?? "", "email": email ?? "", "address": address ?? ""]
    }
}

/// Person fields as submitted, before validation.
struct PersonInput: Sendable {
    var fullName: String?
    var title: String?
    var unitId: String?
    var phone: String?
    var email: String?
    /// dd/MM/yyyy from a form or CSV, yyyy-MM-dd from the API.
    var birthDate: String?
    /// "ong" / "ba" (or the word, ``Salutation/init(loose:)``); empty or nil = not given.
    var salutation: String?

    var formValues: [String: String] {
        ["fullName": fullName ?? "", "title": title ?? "", "unitId": unitId ?? "", "phone": phone ?? "",
         "email": email ?? "", "birthDate": birthDate ?? "", "salutation": salutation ?? ""]
    }
}

/// Validated unit values, ready to apply.
struct UnitValues: Sendable {
    var code: String
    var name: String
    var kind: UnitKind
    var criteriaGroup: CriteriaGroup
    var villageID: UUID?
    var headName: String
    var headTitle: String
    var phone: String
    var email: String
    var address: String
}

struct PersonValues: Sendable {
    var fullName: String
    var title: String
    var unitID: UUID?
    var phone: String
    var email: String
    var birthDate: String?
    var salutation: Salutation? = nil
}

enum DirectoryValidation {
    /// Validates a unit. `existing` is the unit being edited (its own code is not a clash).
    static func unit(_ input: UnitInput, communeID: UUID, existing: Unit?, on db: any Database) async throws
        -> (UnitValues?, [String: String]) {
        var errors: [String: String] = [:]
        let code = Check.text(input.code?.uppercased(), "code", max: 20, required: true, into: &errors)
        if errors["code"] == nil, !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            errors["code"] = DirectoryText.codeFormat
        }
        let name = Check.text(input.name, "name", max: 200, required: true, into: &errors)
        let kindText = TextFolding.clean(input.kind)
        let kind = UnitKind(rawValue: kindText) ?? UnitKind(loose: kindText)
        if kind == nil { errors["kind"] = kindText.isEmpty ? CoreText.required : CoreText.invalidChoice }
        let groupText = TextFolding.clean(input.criteriaGroup)
        var group = CriteriaGroup(rawValue: groupText)
        if group == nil {
            if groupText.isEmpty { group = kind?.defaultGroup } else { errors["criteriaGroup"] = DirectoryText.importUnknownGroup }
        }
        if group == .individuals { errors["criteriaGroup"] = DirectoryText.importUnknownGroup }
        var villageID: UUID?
        let villageText = TextFolding.clean(input.villageId)
        if !villageText.isEmpty {
            if let id = UUID(uuidString: villageText),
               let village = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id)
                   .filter(\.$kind == UnitKind.village.rawValue).first(), village.id != existing?.id {
                villageID = id
            } else {
                errors["villageId"] = DirectoryText.unknownVillage
            }
        }
        let headName = Check.text(input.headName, "headName", max: 120, required: false, into: &errors)
        let headTitle = Check.text(input.headTitle, "headTitle", max: 120, required: false, into: &errors)
        let phone = Check.phone(input.phone, "phone", into: &errors)
        let email = Check.email(input.email, "email", into: &errors)
        let address = Check.text(input.address, "address", max: 300, required: false, into: &errors)
        if errors["code"] == nil {
            var clash = Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$code == code)
            if let id = existing?.id { clash = clash.filter(\.$id != id) }
            if try await clash.count() > 0 { errors["code"] = DirectoryText.codeTaken }
        }
        guard errors.isEmpty, let kind, let group else { return (nil, errors) }
        return (UnitValues(code: code, name: name, kind: kind, criteriaGroup: group, villageID: villageID, headName: headName,
                           headTitle: headTitle, phone: phone, email: email, address: address), errors)
    }

    static func person(_ input: PersonInput, communeID: UUID, on db: any Database) async throws -> (PersonValues?, [String: String]) {
        var errors: [String: String] = [:]
        let fullName = Check.text(input.fullName, "fullName", max: 120, required: true, into: &errors)
        let title = Check.text(input.title, "title", max: 160, required: false, into: &errors)
        var unitID: UUID?
        let unitText = TextFolding.clean(input.unitId)
        if !unitText.isEmpty {
            if let id = UUID(uuidString: unitText),
               try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).count() == 1 {
                unitID = id
            } else {
                errors["unitId"] = DirectoryText.unknownUnit
            }
        }
        let phone = Check.phone(input.phone, "phone", into: &errors)
        let email = Check.email(input.email, "email", into: &errors)
        let birthDate = Check.date(input.birthDate, "birthDate", into: &errors)
        let salutationText = TextFolding.clean(input.salutation)
        let salutation = salutationText.isEmpty ? nil : Salutation(loose: salutationText)
        if !salutationText.isEmpty, salutation == nil { errors["salutation"] = CoreText.invalidChoice }
        guard errors.isEmpty else { return (nil, errors) }
        return (PersonValues(fullName: fullName, title: title, unitID: unitID, phone: phone, email: email, birthDate: birthDate,
                             salutation: salutation), errors)
    }
}

extension Unit {
    func apply(_ v: UnitValues, contactsOnly: Bool) {
        if !contactsOnly {
            code = v.code
            name = v.name
            kind = v.kind.rawValue
            criteriaGroup = v.criteriaGroup.rawValue
            villageID = v.villageID
        }
        headName = v.headName
        headTitle = v.headTitle
        phone = v.phone
        email = v.email
        address = v.address
        refreshSearchText()
    }
}

extension Person {
    func apply(_ v: PersonValues) {
        fullName = v.fullName
        title = v.title
        unitID = v.unitID
        phone = v.phone
        email = v.email
        birthDate = v.birthDate
        salutation = v.salutation?.rawValue
        refreshSearchText()
    }
}
