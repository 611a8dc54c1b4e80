import Fluent
import Foundation
import SQLKit

/// The rows of one kind (units or people): their columns, their checks, their INSERT values.
protocol ImportRows: SendableMetatype {
    static var columns: [DirectoryColumns.Column] { get }
    static var table: String { get }
    static var sqlColumns: [String] { get }
    static var auditType: String { get }
    var actor: AuditActor { get }
    var createdIDs: SequentialIDs { get }
    /// Checks one row (values in the order of ``columns``, nil when absent): its problems as (column key, message) in
    /// the order they are listed, or none, and then the row is the next one to write.
    mutating func check(_ fields: [String?], line: Int) -> [(String, String)]
    /// Room for about this many rows in what the rows of the file are compared with (no growing by doubling).
    mutating func reserve(rows: Int)
    /// Appends the values of the row just checked, in the order of ``sqlColumns``.
    func appendLastRow(to values: inout [ImportValue])
}

extension ImportValue {
    static func optionalID(_ id: UUID?) -> ImportValue { id.map { .id($0) } ?? .null }
    static func optionalText(_ text: String?) -> ImportValue { text.map { .text($0) } ?? .null }
}

// MARK: people

struct PeopleRows: ImportRows {
    static let columns = DirectoryColumns.people
    static let table = Person.schema
    static let sqlColumns = ["id", "commune_id", "full_name", "title", "unit_id", "phone", "email", "birth_date", "salutation",
                             "is_active", "search_text", "name_search", "version", "created_at", "updated_at"]
    static let auditType = "person"

    struct Key: Hashable {
        let name: String
        let birth: String?
        let unit: UUID?
    }

    let communeID: UUID
    let onlyUnit: UUID?
    let actor: AuditActor
    let unitByCode: [String: UUID]
    let existing: Set<Key>
    var seen: [Key: Int] = [:]
    /// The salutations read so far, by their text as written (nil: not one).
    var salutations: [String: Salutation?] = [:]
    var createdIDs: SequentialIDs
    private var last: (id: UUID, values: PersonValues, search: String)?

    static func load(communeID: UUID, onlyUnit: UUID?, actor: AuditActor, on db: any Database) async throws -> PeopleRows {
        let units = try await db.sql.raw("SELECT id, code FROM units WHERE commune_id = \(bind: communeID)").all()
        var unitByCode: [String: UUID] = [:]
        for row in units {
            let code = try row.decode(column: "code", as: String.self)
            if unitByCode[code] == nil { unitByCode[code] = try row.decode(column: "id", as: UUID.self) }
        }
        var existing = Set<Key>()
        let people = try await db.sql.raw("SELECT full_name, birth_date, unit_id FROM people WHERE commune_id = \(bind: communeID)").all()
        existing.reserveCapacity(people.count)
        for row in people {
            existing.insert(Key(name: ImportCheck.fold(try row.decode(column: "full_name", as: String.self)),
                                birth: try row.decode(column: "birth_date", as: String?.self),
                                unit: try row.decode(column: "unit_id", as: UUID?.self)))
        }
        return PeopleRows(communeID: communeID, onlyUnit: onlyUnit, actor: actor, unitByCode: unitByCode, existing: existing,
                          createdIDs: SequentialIDs(at: actor.at))
    }

    mutating func reserve(rows: Int) { seen.reserveCapacity(rows) }

    // Column keys in the order of the old per-row dictionary sorted by key, so problems are listed as before.
    mutating func check(_ f: [String?], line: Int) -> [(String, String)] {
        var errors: [(String, String)] = []
        let (fullName, nameError) = ImportCheck.text(f[0], max: 120, required: true)
        let (title, titleError) = ImportCheck.text(f[1], max: 160, required: false)
        let unitCode = ImportCheck.clean(f[2]).value.uppercased()
        var unitID: UUID?
        var unitError: String?
        if !unitCode.isEmpty {
            unitID = unitByCode[unitCode]
            if unitID == nil { unitError = DirectoryText.unknownUnit }
        }
        if let onlyUnit, unitID != onlyUnit, unitError == nil { unitError = DirectoryText.unitMustBeOwn }
        let (phone, phoneError) = ImportCheck.phone(f[3])
        let (email, emailError) = ImportCheck.email(f[4])
        let birthText = ImportCheck.clean(f[5]).value
        var birthDate: String?
        var birthError: String?
        if !birthText.isEmpty {
            if let iso = ImportCheck.vietnameseDateISO(birthText) { birthDate = iso } else { birthError = CoreText.invalidDate }
        }
        // Most files leave it out or empty: nothing to read then. A word is read once and remembered (a file repeats it).
        let salutationText = ImportCheck.clean(f[6]).value
        var salutation: Salutation?
        var salutationError: String?
        if !salutationText.isEmpty {
            if let known = salutations[salutationText] { salutation = known } else {
                salutation = Salutation(loose: salutationText)
                if salutations.count < 100 { salutations[salutationText] = salutation }
            }
            if salutation == nil { salutationError = DirectoryText.importUnknownSalutation }
        }
        var duplicateError: String?
        if nameError == nil, titleError == nil, unitError == nil, phoneError == nil, emailError == nil, birthError == nil {
            let key = Key(name: ImportCheck.fold(fullName), birth: birthDate, unit: unitID)
            if let first = seen[key] { duplicateError = String(format: DirectoryText.importDuplicateInFile, first) }
            else if existing.contains(key) { duplicateError = DirectoryText.duplicatePerson }
            else { seen[key] = line }
        }
        if let birthError { errors.append(("birthDate", birthError)) }
        if let emailError { errors.append(("email", emailError)) }
        if let message = nameError ?? duplicateError { errors.append(("fullName", message)) }
        if let phoneError { errors.append(("phone", phoneError)) }
        if let salutationError { errors.append(("salutation", salutationError)) }
        if let titleError { errors.append(("title", titleError)) }
        if let unitError { errors.append(("unitCode", unitError)) }
        if errors.isEmpty {
            let values = PersonValues(fullName: fullName, title: title, unitID: unitID, phone: phone, email: email, birthDate: birthDate,
                                      salutation: salutation)
            last = (createdIDs.next(), values, ImportCheck.fold(joining: fullName, title, phone, email))
        }
        return errors
    }

    func appendLastRow(to values: inout [ImportValue]) {
        guard let last else { return }
        let v = last.values
        // One append each: no array a row.
        values.append(.id(last.id)); values.append(.id(communeID)); values.append(.text(v.fullName)); values.append(.text(v.title))
        values.append(.optionalID(v.unitID)); values.append(.text(v.phone)); values.append(.text(v.email))
        values.append(.optionalText(v.birthDate)); values.append(.optionalText(v.salutation?.rawValue)); values.append(.bool(true)); values.append(.text(last.search))
        values.append(.text(ImportCheck.fold(joining: v.fullName, v.title))); values.append(.int(1))
        values.append(.time(actor.at)); values.append(.time(actor.at))
    }
}

// MARK: units

struct UnitRows: ImportRows {
    static let columns = DirectoryColumns.units
    static let table = Unit.schema
    static let sqlColumns = ["id", "commune_id", "code", "name", "kind", "criteria_group", "village_id", "head_name", "head_title",
                             "phone", "email", "address", "is_active", "search_text", "version", "created_at", "updated_at"]
    static let auditType = "unit"

    let communeID: UUID
    let actor: AuditActor
    let existingCodes: Set<String>
    /// Villages of the commune, and those of the file so far (a row may name a village of an earlier row).
    var villageByCode: [String: UUID]
    var seenCodes: [String: Int] = [:]
    var kinds: [String: UnitKind?] = [:]
    var createdIDs: SequentialIDs
    private var last: (id: UUID, values: UnitValues, search: String)?

    static func load(communeID: UUID, actor: AuditActor, on db: any Database) async throws -> UnitRows {
        let units = try await db.sql.raw("SELECT id, code, kind FROM units WHERE commune_id = \(bind: communeID)").all()
        var codes = Set<String>(), villages: [String: UUID] = [:]
        for row in units {
            let code = try row.decode(column: "code", as: String.self)
            codes.insert(code)
            if try row.decode(column: "kind", as: String.self) == UnitKind.village.rawValue, villages[code] == nil {
                villages[code] = try row.decode(column: "id", as: UUID.self)
            }
        }
        return UnitRows(communeID: communeID, actor: actor, existingCodes: codes, villageByCode: villages, createdIDs: SequentialIDs(at: actor.at))
    }

    mutating func reserve(rows: Int) { seenCodes.reserveCapacity(rows) }

    mutating func check(_ f: [String?], line: Int) -> [(String, String)] {
        let (code, textError) = ImportCheck.text(f[0]?.uppercased(), max: 20, required: true)
        var codeError = textError
        if codeError == nil, !code.utf8.allSatisfy({ b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E
        }) {
            codeError = DirectoryText.codeFormat
        }
        if codeError == nil {
            if let first = seenCodes[code] { codeError = String(format: DirectoryText.importDuplicateInFile, first) }
            else if existingCodes.contains(code) { codeError = DirectoryText.importDuplicateCode }
            else { seenCodes[code] = line }
        }
        let (name, nameError) = ImportCheck.text(f[1], max: 200, required: true)
        let kindText = ImportCheck.clean(f[2]).value
        let kind: UnitKind?
        if let known = kinds[kindText] { kind = known } else {
            kind = UnitKind(loose: kindText)
            if kinds.count < 1000 { kinds[kindText] = kind }
        }
        var kindError: String?
        if kind == nil { kindError = kindText.isEmpty ? CoreText.required : DirectoryText.importUnknownKind }
        let groupText = ImportCheck.clean(f[3]).value
        let group = groupText.isEmpty ? kind?.defaultGroup : CriteriaGroup(rawValue: groupText)
        var groupError: String?
        if !groupText.isEmpty && (group == nil || group == .individuals) { groupError = DirectoryText.importUnknownGroup }
        let villageCode = ImportCheck.clean(f[4]).value.uppercased()
        var villageError: String?
        if !villageCode.isEmpty, villageByCode[villageCode] == nil { villageError = DirectoryText.unknownVillage }
        let (headName, headNameError) = ImportCheck.text(f[5], max: 120, required: false)
        let (headTitle, headTitleError) = ImportCheck.text(f[6], max: 120, required: false)
        let (phone, phoneError) = ImportCheck.phone(f[7])
        let (email, emailError) = ImportCheck.email(f[8])
        let (address, addressError) = ImportCheck.text(f[9], max: 300, required: false)
        // Listed by column key, as before: address, code, criteriaGroup, email, headName, headTitle, kind, name, phone,
        // villageCode.
        var errors: [(String, String)] = []
        for (key, message) in [("address", addressError), ("code", codeError), ("criteriaGroup", groupError), ("email", emailError),
                               ("headName", headNameError), ("headTitle", headTitleError), ("kind", kindError), ("name", nameError),
                               ("phone", phoneError), ("villageCode", villageError)] {
            if let message { errors.append((key, message)) }
        }
        if errors.isEmpty, let kind, let group {
            let id = createdIDs.next()
            let values = UnitValues(code: code, name: name, kind: kind, criteriaGroup: group,
                                    villageID: villageCode.isEmpty ? nil : villageByCode[villageCode], headName: headName,
                                    headTitle: headTitle, phone: phone, email: email, address: address)
            if kind == .village { villageByCode[code] = id }
            last = (id, values, ImportCheck.fold(joining: code, name, headName))
        }
        return errors
    }

    func appendLastRow(to values: inout [ImportValue]) {
        guard let last else { return }
        let v = last.values
        values.append(.id(last.id)); values.append(.id(communeID)); values.append(.text(v.code)); values.append(.text(v.name))
        values.append(.text(v.kind.rawValue)); values.append(.text(v.criteriaGroup.rawValue)); values.append(.optionalID(v.villageID))
        values.append(.text(v.headName)); values.append(.text(v.headTitle)); values.append(.text(v.phone)); values.append(.text(v.email))
        values.append(.text(v.address)); values.append(.bool(true)); values.append(.text(last.search)); values.append(.int(1))
        values.append(.time(actor.at)); values.append(.time(actor.at))
    }
}
