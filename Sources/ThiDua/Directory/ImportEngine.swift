import Fluent
import Foundation
import NIOPosix
import SQLKit

/// The bulk import of units and people, for the page and for `thidua import`.
///
/// The file is read in pieces (``ImportFile``, ``CSVStreamReader``), never held whole. Every row is checked with the
/// rules and Vietnamese messages of the forms; what a row is compared with (the commune's units, the people already
/// there, the earlier rows of the file) is loaded once into sets and dictionaries, never asked of the database row by
/// row. Good rows are written as they come, many to a statement (``DirectoryImport/rowsPerStatement(columns:on:)``),
/// all inside one transaction with the import's one audit entry: the first bad row rolls everything back, then the
/// file is read once more, outside the transaction, to list its problems (the first ``maxShownProblems`` and a count of
/// the rest). Nothing is written unless every row is good.
///
/// The ids of one import are consecutive (UUIDv7 layout: the time, random bits fixed for the import, then a counter),
/// so the audit entry names all the rows it created by their first and last id.
enum DirectoryImport {
    /// Rows per INSERT statement, unless the database's limit on bound values is lower.
    static let wantedRowsPerStatement = 500
    /// Problems listed on the page; the rest are counted.
    static let maxShownProblems = 200
    /// The audit entry lists each id up to this many rows (above it, the first and the last).
    static let listedIDs = 20

    /// What the audit entry of an import records (`after_json`).
    struct Record: Codable, Sendable, Equatable {
        let file: String
        let sha256: String
        let bytes: Int
        let rows: Int
        let firstId: UUID?
        let lastId: UUID?
        let ids: [UUID]?
    }

    static func people(_ file: ImportFile, communeID: UUID, onlyUnit: UUID?, actor: AuditActor, threadPool: NIOThreadPool,
                       on db: any Database) async throws -> ImportOutcome {
        try await run(file, threadPool: threadPool, on: db) { db in
            try await PeopleRows.load(communeID: communeID, onlyUnit: onlyUnit, actor: actor, on: db)
        }
    }

    static func units(_ file: ImportFile, communeID: UUID, actor: AuditActor, threadPool: NIOThreadPool,
                      on db: any Database) async throws -> ImportOutcome {
        try await run(file, threadPool: threadPool, on: db) { db in
            try await UnitRows.load(communeID: communeID, actor: actor, on: db)
        }
    }

    /// SQLite takes at most 32,766 bound values a statement, PostgreSQL 65,535.
    static func rowsPerStatement(columns: Int, on db: any Database) -> Int {
        let limit = DatabaseSetup.isSQLite(db) ? 32_766 : 65_535
        return max(1, min(wantedRowsPerStatement, limit / max(columns, 1)))
    }

    // MARK: the two passes

    private struct FoundProblem: Error {}

    /// What one pass over the file found.
    private struct Pass {
        var problems: [ImportProblem] = []
        var problemCount = 0
        var extraFieldProblems: [ImportProblem] = []
        var extraFieldCount = 0
        /// Problems of the whole file (encoding, missing columns, size): reported alone.
        var fileProblems: [ImportProblem] = []
        var created = 0
        var sha256 = ""
        var bytes = 0
    }

    private static func run<Rows: ImportRows>(_ file: ImportFile, threadPool: NIOThreadPool, on db: any Database,
                                             load: @escaping @Sendable (any Database) async throws -> Rows) async throws -> ImportOutcome {
        let auditType = Rows.auditType
        do {
            let created = try await SQLiteImportCache.onOneConnection(db) { db in try await db.writeTransaction { tx in
                var rows = try await load(tx)
                let pass = try await SQLiteImportCache.widened(on: tx) {
                    try await Self.pass(file, &rows, threadPool: threadPool, writingTo: tx)
                }
                let ids = rows.createdIDs
                let record = Record(file: file.name, sha256: pass.sha256, bytes: pass.bytes, rows: pass.created, firstId: ids.first,
                                    lastId: ids.last, ids: ids.all)
                try await AuditLog.record(on: tx, rows.actor, .importRows, type: auditType, id: nil,
                                          label: DirectoryText.importAuditLabel(count: pass.created, people: auditType == "person", file: file.name),
                                          after: record)
                return pass.created
            } }
            return .imported(count: created)
        } catch is FoundProblem {
            var rows = try await load(db)
            let pass = try await Self.pass(file, &rows, threadPool: threadPool, writingTo: nil)
            if !pass.fileProblems.isEmpty { return .rejected(pass.fileProblems, total: pass.fileProblems.count) }
            if pass.extraFieldCount > 0 { return .rejected(pass.extraFieldProblems, total: pass.extraFieldCount) }
            return .rejected(pass.problems, total: pass.problemCount)
        }
    }

    /// Reads the file once. With a database (`writingTo`), writes the good rows and throws ``FoundProblem`` at the first
    /// problem; without, writes nothing and collects the problems.
    private static func pass<Rows: ImportRows>(_ file: ImportFile, _ rows: inout Rows, threadPool: NIOThreadPool,
                                              writingTo db: (any Database)?) async throws -> Pass {
        var pass = Pass()
        let columns = Rows.columns
        var reader = CSVStreamReader()
        var index: [Int?] = []
        var headerCount = 0
        var line = 0
        let insert = db.map { BatchInsert(table: Rows.table, columns: Rows.sqlColumns, rowsPerStatement: rowsPerStatement(columns: Rows.sqlColumns.count, on: $0)) }
        var fields = [String?](repeating: nil, count: columns.count)

        func fileProblem(_ problem: ImportProblem) throws -> Bool {
            if db != nil { throw FoundProblem() }
            pass.fileProblems = [problem]
            return false
        }
        func readProblem(_ error: CSV.ReadError) -> ImportProblem {
            switch error {
            case .notUTF8: ImportProblem(row: 0, column: "", message: DirectoryText.importNotUTF8)
            case .empty: ImportProblem(row: 0, column: "", message: DirectoryText.importEmpty)
            case .unterminatedQuote(let at): ImportProblem(row: at, column: "", message: String(format: DirectoryText.importUnterminated, at))
            }
        }
        /// Handles the records read so far; false once the file cannot be imported whatever follows.
        func handle(_ records: [[String]]) async throws -> Bool {
            for record in records {
                line += 1
                if line == 1 {
                    let (map, problems) = DirectoryCSV.mapHeader(record, columns: columns)
                    if !problems.isEmpty {
                        if db != nil { throw FoundProblem() }
                        pass.fileProblems = problems  // every missing column, as before
                        return false
                    }
                    index = columns.map { map[$0.key] }
                    headerCount = record.count
                    continue
                }
                if line - 1 > ImportLimits.maxRows {
                    return try fileProblem(ImportProblem(row: 0, column: "", message: DirectoryText.importTooManyRows))
                }
                if record.count > headerCount, record[headerCount...].contains(where: { !ImportCheck.isBlank($0) }) {
                    if db != nil { throw FoundProblem() }
                    pass.extraFieldCount += 1
                    if pass.extraFieldProblems.count < maxShownProblems {
                        pass.extraFieldProblems.append(ImportProblem(row: line, column: "", message: DirectoryText.importExtraFields))
                    }
                }
                for (k, i) in index.enumerated() { fields[k] = i.flatMap { $0 < record.count ? record[$0] : nil } }
                let problems = rows.check(fields, line: line)
                if problems.isEmpty {
                    pass.created += 1
                    if let insert, let db { try await insert.add(rows.lastRowValues(on: db), on: db) }
                } else {
                    if db != nil { throw FoundProblem() }
                    pass.problemCount += problems.count
                    for (key, message) in problems where pass.problems.count < maxShownProblems {
                        pass.problems.append(ImportProblem(row: line, column: DirectoryCSV.header(of: key, in: columns), message: message))
                    }
                }
            }
            return true
        }

        var going = true
        let (sha256, bytes) = try await file.read(threadPool: threadPool) { piece in
            guard going else { return }
            do throws(CSV.ReadError) {
                try reader.feed(piece)
            } catch {
                going = try fileProblem(readProblem(error))
                return
            }
            going = try await handle(reader.takeRecords())
        }
        pass.sha256 = sha256
        pass.bytes = bytes
        if going {
            do {
                try reader.finish()
                going = try await handle(reader.takeRecords())
            } catch let error as CSV.ReadError {
                going = try fileProblem(readProblem(error))
            }
        }
        if going && line == 0 { going = try fileProblem(readProblem(.empty)) }
        if going && line == 1 { going = try fileProblem(ImportProblem(row: 1, column: "", message: DirectoryText.importNoRows)) }
        if going, let insert, let db { try await insert.flush(on: db) }
        return pass
    }
}

/// SQLite settings of the connection for the length of an import. The default page cache (2 MB) is far smaller than
/// what 100,000 rows touch in the table's indexes, whose rows arrive in no order: pages would be written out to the WAL
/// and read back again and again. The statement journal of each multi-row INSERT is kept in memory, not in a temporary
/// file. Both are set back afterwards (the cache's pages are freed then).
enum SQLiteImportCache {
    static let importCacheKB = 96 * 1024
    static let normalCacheKB = 2000

    /// Runs `body` on one connection, in memory for its temporary files (set before the transaction begins: SQLite
    /// decides where a transaction's statement journals go when it begins).
    static func onOneConnection<T: Sendable>(_ db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard DatabaseSetup.isSQLite(db), !db.inTransaction else { return try await body(db) }
        return try await db.withConnection { conn in
            try await conn.sql.raw("PRAGMA temp_store = MEMORY").run()
            return try await body(conn)
        }
    }

    static func widened<T>(on db: any Database, _ body: () async throws -> T) async throws -> T {
        guard DatabaseSetup.isSQLite(db) else { return try await body() }
        try await db.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(importCacheKB))").run()
        do {
            let result = try await body()
            try await db.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(normalCacheKB))").run()
            return result
        } catch {
            try? await db.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(normalCacheKB))").run()
            throw error
        }
    }
}

/// One multi-row INSERT at a time. On SQLite it is `INSERT OR ROLLBACK` with foreign keys checked at the commit:
/// a failing row would undo the whole import anyway, so no statement needs its own journal (SQLite otherwise copies
/// every page a multi-row statement touches to a statement journal first).
final class BatchInsert {
    let table: String
    let columns: [String]
    let rowsPerStatement: Int
    private var rows: [[any SQLExpression]] = []
    private var prepared = false

    init(table: String, columns: [String], rowsPerStatement: Int) {
        self.table = table
        self.columns = columns
        self.rowsPerStatement = rowsPerStatement
        rows.reserveCapacity(rowsPerStatement)
    }

    func add(_ row: [any SQLExpression], on db: any Database) async throws {
        rows.append(row)
        if rows.count >= rowsPerStatement { try await flush(on: db) }
    }

    func flush(on db: any Database) async throws {
        guard !rows.isEmpty else { return }
        let sqlite = DatabaseSetup.isSQLite(db)
        if sqlite && !prepared {
            try await db.sql.raw("PRAGMA defer_foreign_keys = ON").run()
            prepared = true
        }
        try await db.sql.execute(sql: Statement(sqlite: sqlite, table: table, columns: columns, rows: rows)) { _ in }
        rows.removeAll(keepingCapacity: true)
    }

    private struct Statement: SQLExpression {
        let sqlite: Bool
        let table: String
        let columns: [String]
        let rows: [[any SQLExpression]]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(sqlite ? "INSERT OR ROLLBACK INTO " : "INSERT INTO ")
            SQLIdentifier(table).serialize(to: &serializer)
            serializer.write(" (")
            for (k, column) in columns.enumerated() {
                if k > 0 { serializer.write(", ") }
                SQLIdentifier(column).serialize(to: &serializer)
            }
            serializer.write(") VALUES ")
            for (r, row) in rows.enumerated() {
                serializer.write(r == 0 ? "(" : ", (")
                for (k, value) in row.enumerated() {
                    if k > 0 { serializer.write(", ") }
                    value.serialize(to: &serializer)
                }
                serializer.write(")")
            }
        }
    }
}

/// Ids of one import: UUIDv7 layout (48-bit milliseconds, version 7, random bits chosen once), the last 32 bits
/// counting up, so the rows of an import are exactly those between its first and last id.
struct SequentialIDs {
    private var bytes: [UInt8]
    private var counter: UInt32 = 0
    private(set) var first: UUID?
    private(set) var last: UUID?
    private(set) var listed: [UUID] = []

    init(at instant: Date) {
        var generator = SystemRandomNumberGenerator()
        bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let ms = UInt64(max(0, instant.timeIntervalSince1970 * 1000))
        for k in 0..<6 { bytes[k] = UInt8(truncatingIfNeeded: ms >> (8 * (5 - UInt64(k)))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
    }

    mutating func next() -> UUID {
        bytes[12] = UInt8(truncatingIfNeeded: counter >> 24)
        bytes[13] = UInt8(truncatingIfNeeded: counter >> 16)
        bytes[14] = UInt8(truncatingIfNeeded: counter >> 8)
        bytes[15] = UInt8(truncatingIfNeeded: counter)
        counter &+= 1
        let b = bytes
        let id = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        if first == nil { first = id }
        last = id
        if listed.count <= DirectoryImport.listedIDs { listed.append(id) }
        return id
    }

    /// Every id, when there are few.
    var all: [UUID]? { listed.count <= DirectoryImport.listedIDs ? listed : nil }
}

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
    /// The values of the row just checked, for the INSERT.
    func lastRowValues(on db: any Database) -> [any SQLExpression]
}

extension ImportRows {
    /// How an id is stored: Fluent keeps UUIDs as text on SQLite and as `uuid` on PostgreSQL.
    static func bindID(_ id: UUID?, sqlite: Bool) -> any SQLExpression {
        guard let id else { return SQLLiteral.null }
        return sqlite ? SQLBind(id.uuidString) : SQLBind(id)
    }

    static func bindText(_ text: String?) -> any SQLExpression {
        guard let text else { return SQLLiteral.null }
        return SQLBind(text)
    }
}

// MARK: people

struct PeopleRows: ImportRows {
    static let columns = DirectoryColumns.people
    static let table = Person.schema
    static let sqlColumns = ["id", "commune_id", "full_name", "title", "unit_id", "phone", "email", "birth_date", "is_active",
                             "search_text", "version", "created_at", "updated_at"]
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
        if let titleError { errors.append(("title", titleError)) }
        if let unitError { errors.append(("unitCode", unitError)) }
        if errors.isEmpty {
            let values = PersonValues(fullName: fullName, title: title, unitID: unitID, phone: phone, email: email, birthDate: birthDate)
            last = (createdIDs.next(), values, ImportCheck.fold("\(fullName) \(title) \(phone) \(email)"))
        }
        return errors
    }

    func lastRowValues(on db: any Database) -> [any SQLExpression] {
        guard let last else { return [] }
        let sqlite = DatabaseSetup.isSQLite(db)
        let v = last.values
        return [Self.bindID(last.id, sqlite: sqlite), Self.bindID(communeID, sqlite: sqlite), SQLBind(v.fullName), SQLBind(v.title),
                Self.bindID(v.unitID, sqlite: sqlite), SQLBind(v.phone), SQLBind(v.email), Self.bindText(v.birthDate),
                SQLLiteral.boolean(true), SQLBind(last.search), SQLLiteral.numeric("1"), SQLBind(actor.at), SQLBind(actor.at)]
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
            last = (id, values, ImportCheck.fold("\(code) \(name) \(headName)"))
        }
        return errors
    }

    func lastRowValues(on db: any Database) -> [any SQLExpression] {
        guard let last else { return [] }
        let sqlite = DatabaseSetup.isSQLite(db)
        let v = last.values
        return [Self.bindID(last.id, sqlite: sqlite), Self.bindID(communeID, sqlite: sqlite), SQLBind(v.code), SQLBind(v.name),
                SQLBind(v.kind.rawValue), SQLBind(v.criteriaGroup.rawValue), Self.bindID(v.villageID, sqlite: sqlite), SQLBind(v.headName),
                SQLBind(v.headTitle), SQLBind(v.phone), SQLBind(v.email), SQLBind(v.address), SQLLiteral.boolean(true),
                SQLBind(last.search), SQLLiteral.numeric("1"), SQLBind(actor.at), SQLBind(actor.at)]
    }
}
