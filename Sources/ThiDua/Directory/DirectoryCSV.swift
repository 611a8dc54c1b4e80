import Fluent
import Foundation
import Vapor

/// The columns of the directory's CSV files. Import and export use the same headers, so an exported file
/// can be edited in Excel and imported again.
enum DirectoryColumns {
    struct Column: Sendable {
        let key: String
        let header: String
        let required: Bool
    }

    static let units: [Column] = [
        .init(key: "code", header: "Mã đơn vị", required: true),
        .init(key: "name", header: "Tên đơn vị", required: true),
        .init(key: "kind", header: "Loại đơn vị", required: true),
        .init(key: "criteriaGroup", header: "Nhóm tiêu chí", required: false),
        .init(key: "villageCode", header: "Mã thôn", required: false),
        .init(key: "headName", header: "Người đứng đầu", required: false),
        .init(key: "headTitle", header: "Chức vụ người đứng đầu", required: false),
        .init(key: "phone", header: "Điện thoại", required: false),
        .init(key: "email", header: "Email", required: false),
        .init(key: "address", header: "Địa chỉ", required: false),
    ]

    static let people: [Column] = [
        .init(key: "fullName", header: "Họ và tên", required: true),
        .init(key: "title", header: "Chức vụ", required: false),
        .init(key: "unitCode", header: "Mã đơn vị", required: false),
        .init(key: "phone", header: "Điện thoại", required: false),
        .init(key: "email", header: "Email", required: false),
        .init(key: "birthDate", header: "Ngày sinh", required: false),
    ]
}

/// The result of checking a file: either rows ready to insert, or the problems (and nothing is written).
enum ImportOutcome: Sendable {
    case imported(count: Int)
    case rejected([ImportProblem])
}

/// What one CSV import takes: rows, and the bytes of the file (a row of the people's columns filled to their limits is
/// under 1.5 KB, so the largest file of `maxRows` rows fits).
enum ImportLimits {
    static let maxRows = 5000
    static let maxFileMB = 8
    /// The file and the form's other fields.
    static let maxBodyBytes = maxFileMB * 1024 * 1024 + 64 * 1024
}

/// CSV import and export of units and people.
enum DirectoryCSV {
    static let maxRows = ImportLimits.maxRows

    /// Reads the header and maps each known column to its index; reports missing required columns.
    static func mapHeader(_ header: [String], columns: [DirectoryColumns.Column]) -> ([String: Int], [ImportProblem]) {
        var index: [String: Int] = [:]
        let folded = header.map { TextFolding.fold($0) }
        for column in columns {
            if let i = folded.firstIndex(of: TextFolding.fold(column.header)) { index[column.key] = i }
        }
        let problems = columns.filter { $0.required && index[$0.key] == nil }
            .map { ImportProblem(row: 1, column: $0.header, message: String(format: DirectoryText.importMissingColumn, $0.header)) }
        return (index, problems)
    }

    static func rows(of data: Data, columns: [DirectoryColumns.Column]) -> (rows: [[String: String]], problems: [ImportProblem]) {
        let table: [[String]]
        do {
            table = try CSV.parse(data)
        } catch .notUTF8 {
            return ([], [ImportProblem(row: 0, column: "", message: DirectoryText.importNotUTF8)])
        } catch .empty {
            return ([], [ImportProblem(row: 0, column: "", message: DirectoryText.importEmpty)])
        } catch {
            guard case .unterminatedQuote(let line) = error else { return ([], []) }
            return ([], [ImportProblem(row: line, column: "", message: String(format: DirectoryText.importUnterminated, line))])
        }
        let (index, headerProblems) = mapHeader(table[0], columns: columns)
        if !headerProblems.isEmpty { return ([], headerProblems) }
        if table.count == 1 { return ([], [ImportProblem(row: 1, column: "", message: DirectoryText.importNoRows)]) }
        if table.count - 1 > maxRows { return ([], [ImportProblem(row: 0, column: "", message: DirectoryText.importTooManyRows)]) }
        var problems: [ImportProblem] = []
        let rows = table.dropFirst().enumerated().map { offset, fields -> [String: String] in
            if fields.count > table[0].count, fields[table[0].count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                problems.append(ImportProblem(row: offset + 2, column: "", message: DirectoryText.importExtraFields))
            }
            var row: [String: String] = [:]
            for (key, i) in index where i < fields.count { row[key] = fields[i] }
            return row
        }
        return (rows, problems)
    }

    static func header(of key: String, in columns: [DirectoryColumns.Column]) -> String {
        columns.first { $0.key == key }?.header ?? key
    }

    // MARK: units

    static func importUnits(_ data: Data, communeID: UUID, actor: AuditActor, on db: any Database) async throws -> ImportOutcome {
        let columns = DirectoryColumns.units
        let (rows, parseProblems) = rows(of: data, columns: columns)
        if rows.isEmpty || !parseProblems.isEmpty { return .rejected(parseProblems) }
        let existing = try await Unit.query(on: db).filter(\.$communeID == communeID).all()
        let existingCodes = Set(existing.map(\.code))
        let villageByCode = Dictionary(existing.filter { $0.kind == UnitKind.village.rawValue }.map { ($0.code, $0.id!) }, uniquingKeysWith: { a, _ in a })
        var problems: [ImportProblem] = []
        var seenCodes: [String: Int] = [:]
        var pending: [(values: UnitValues, villageCode: String?)] = []
        for (offset, row) in rows.enumerated() {
            let line = offset + 2
            var errors: [String: String] = [:]
            let code = Check.text(row["code"]?.uppercased(), "code", max: 20, required: true, into: &errors)
            if errors["code"] == nil, !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
                errors["code"] = DirectoryText.codeFormat
            }
            if errors["code"] == nil {
                if let first = seenCodes[code] { errors["code"] = String(format: DirectoryText.importDuplicateInFile, first) }
                else if existingCodes.contains(code) { errors["code"] = DirectoryText.importDuplicateCode }
                else { seenCodes[code] = line }
            }
            let name = Check.text(row["name"], "name", max: 200, required: true, into: &errors)
            let kindText = TextFolding.clean(row["kind"])
            let kind = UnitKind(loose: kindText)
            if kind == nil { errors["kind"] = kindText.isEmpty ? CoreText.required : DirectoryText.importUnknownKind }
            let groupText = TextFolding.clean(row["criteriaGroup"])
            let group = groupText.isEmpty ? kind?.defaultGroup : CriteriaGroup(rawValue: groupText)
            if !groupText.isEmpty && (group == nil || group == .individuals) { errors["criteriaGroup"] = DirectoryText.importUnknownGroup }
            let villageCode = TextFolding.clean(row["villageCode"]).uppercased()
            if !villageCode.isEmpty, villageByCode[villageCode] == nil,
               !(pending.contains { $0.values.kind == .village && $0.values.code == villageCode }) {
                errors["villageCode"] = DirectoryText.unknownVillage
            }
            let headName = Check.text(row["headName"], "headName", max: 120, required: false, into: &errors)
            let headTitle = Check.text(row["headTitle"], "headTitle", max: 120, required: false, into: &errors)
            let phone = Check.phone(row["phone"], "phone", into: &errors)
            let email = Check.email(row["email"], "email", into: &errors)
            let address = Check.text(row["address"], "address", max: 300, required: false, into: &errors)
            for (key, message) in errors.sorted(by: { $0.key < $1.key }) {
                problems.append(ImportProblem(row: line, column: header(of: key, in: columns), message: message))
            }
            if errors.isEmpty, let kind, let group {
                pending.append((UnitValues(code: code, name: name, kind: kind, criteriaGroup: group, villageID: nil, headName: headName,
                                           headTitle: headTitle, phone: phone, email: email, address: address),
                                villageCode.isEmpty ? nil : villageCode))
            }
        }
        if !problems.isEmpty { return .rejected(problems) }
        let toCreate = pending
        let knownVillages = villageByCode
        try await db.writeTransaction { db in
            var villageByCode = knownVillages
            // Villages first, so that other rows can point at a village created by the same file.
            for item in toCreate.sorted(by: { ($0.values.kind == .village ? 0 : 1) < ($1.values.kind == .village ? 0 : 1) }) {
                var values = item.values
                values.villageID = item.villageCode.flatMap { villageByCode[$0] }
                let unit = try await DirectoryCommands.createUnit(values, communeID: communeID, actor: actor, on: db)
                if unit.kind == UnitKind.village.rawValue { villageByCode[unit.code] = unit.id }
            }
        }
        return .imported(count: pending.count)
    }

    static func exportUnits(communeID: UUID, on db: any Database) async throws -> Data {
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).sort(\.$kind).sort(\.$code).all()
        let codes = Dictionary(units.map { ($0.id!, $0.code) }, uniquingKeysWith: { a, _ in a })
        let rows = units.map { u in
            [u.code, u.name, u.unitKind.label, u.criteriaGroup, u.villageID.flatMap { codes[$0] } ?? "", u.headName, u.headTitle,
             u.phone, u.email, u.address]
        }
        return CSV.write(header: DirectoryColumns.units.map(\.header) + [], rows: rows)
    }

    // MARK: people

    static func importPeople(_ data: Data, communeID: UUID, onlyUnit: UUID?, actor: AuditActor, on db: any Database) async throws -> ImportOutcome {
        let columns = DirectoryColumns.people
        let (rows, parseProblems) = rows(of: data, columns: columns)
        if rows.isEmpty || !parseProblems.isEmpty { return .rejected(parseProblems) }
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).all()
        let unitByCode = Dictionary(units.map { ($0.code, $0.id!) }, uniquingKeysWith: { a, _ in a })
        let existing = try await Person.query(on: db).filter(\.$communeID == communeID).all()
        func key(_ name: String, _ birth: String?, _ unit: UUID?) -> String {
            "\(TextFolding.fold(name))|\(birth ?? "")|\(unit?.uuidString ?? "")"
        }
        let existingKeys = Set(existing.map { key($0.fullName, $0.birthDate, $0.unitID) })
        var seen: [String: Int] = [:]
        var problems: [ImportProblem] = []
        var pending: [PersonValues] = []
        for (offset, row) in rows.enumerated() {
            let line = offset + 2
            var errors: [String: String] = [:]
            let fullName = Check.text(row["fullName"], "fullName", max: 120, required: true, into: &errors)
            let title = Check.text(row["title"], "title", max: 160, required: false, into: &errors)
            let unitCode = TextFolding.clean(row["unitCode"]).uppercased()
            var unitID: UUID?
            if !unitCode.isEmpty {
                unitID = unitByCode[unitCode]
                if unitID == nil { errors["unitCode"] = DirectoryText.unknownUnit }
            }
            if let onlyUnit, unitID != onlyUnit, errors["unitCode"] == nil { errors["unitCode"] = DirectoryText.unitMustBeOwn }
            let phone = Check.phone(row["phone"], "phone", into: &errors)
            let email = Check.email(row["email"], "email", into: &errors)
            let birthText = TextFolding.clean(row["birthDate"])
            var birthDate: String?
            if !birthText.isEmpty {
                // The file is for people: only dd/MM/yyyy, as shown in the column list.
                if let date = LocalDate(vietnamese: birthText) { birthDate = date.iso } else { errors["birthDate"] = CoreText.invalidDate }
            }
            if errors.isEmpty {
                let k = key(fullName, birthDate, unitID)
                if let first = seen[k] { errors["fullName"] = String(format: DirectoryText.importDuplicateInFile, first) }
                else if existingKeys.contains(k) { errors["fullName"] = DirectoryText.duplicatePerson }
                else { seen[k] = line }
            }
            for (k, message) in errors.sorted(by: { $0.key < $1.key }) {
                problems.append(ImportProblem(row: line, column: header(of: k, in: columns), message: message))
            }
            if errors.isEmpty {
                pending.append(PersonValues(fullName: fullName, title: title, unitID: unitID, phone: phone, email: email, birthDate: birthDate))
            }
        }
        if !problems.isEmpty { return .rejected(problems) }
        let toCreate = pending
        try await db.writeTransaction { db in
            for values in toCreate {
                _ = try await DirectoryCommands.createPerson(values, communeID: communeID, actor: actor, on: db)
            }
        }
        return .imported(count: pending.count)
    }

    static func exportPeople(communeID: UUID, onlyUnit: UUID?, on db: any Database) async throws -> Data {
        let query = Person.query(on: db).filter(\.$communeID == communeID)
        if let onlyUnit { query.filter(\.$unitID == onlyUnit) }
        let people = try await query.sort(\.$searchText).all()
        let codes = Dictionary(try await Unit.query(on: db).filter(\.$communeID == communeID).all().map { ($0.id!, $0.code) },
                               uniquingKeysWith: { a, _ in a })
        let rows = people.map { p in
            [p.fullName, p.title, p.unitID.flatMap { codes[$0] } ?? "", p.phone, p.email,
             p.birthDate.flatMap(LocalDate.init(iso:))?.vietnamese ?? ""]
        }
        return CSV.write(header: DirectoryColumns.people.map(\.header), rows: rows)
    }
}
