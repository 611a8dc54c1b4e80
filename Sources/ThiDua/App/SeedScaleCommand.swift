import Fluent
import Foundation
import SQLiteKit
import SQLKit
import Vapor

/// `thidua seed-scale --communes 100 [--units 200] [--years 5] [--seed 42] [--append]`: generates a province into the
/// configured database (issue 16, point 6) to measure the dashboards on a province's data: N communes (codes
/// `scale-001` …), each with its units (villages, agencies, organisations, schools, businesses), the indicator
/// catalogue (``IndicatorDefaults``), one secretariat account and approved values for every scope × indicator at the
/// indicator's level, for each year from 2025 and each quarter of it. Deterministic from `--seed`.
struct SeedScaleCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "communes", help: "Số xã tạo ra (mặc định 100) / Number of communes")
        var communes: Int?
        @Option(name: "units", help: "Số đơn vị mỗi xã (mặc định 200) / Units per commune")
        var units: Int?
        @Option(name: "years", help: "Số năm từ 2025 (mặc định 5) / Years from 2025")
        var years: Int?
        @Option(name: "seed", help: "Hạt giống sinh số (mặc định 42) / Random seed")
        var seed: Int?
        @Flag(name: "append", help: "Thêm vào các xã mô phỏng đã có / Add to the scale communes already there")
        var append: Bool
        @Flag(name: "no-quarters", help: "Chỉ số liệu cả năm, không theo quý / Whole-year values only")
        var noQuarters: Bool
    }

    var help: String { "Tạo dữ liệu mô phỏng cấp tỉnh để đo hiệu năng / Generate a province of test data (bench)." }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let options = ScaleSeeder.Options(communes: signature.communes ?? 100, units: signature.units ?? 200,
                                          years: signature.years ?? 5, seed: UInt64(max(0, signature.seed ?? 42)),
                                          append: signature.append, quarters: !signature.noQuarters)
        guard (1...999).contains(options.communes), (5...2000).contains(options.units), (1...6).contains(options.years) else {
            throw Failure(description: "Cần 1–999 xã, 5–2000 đơn vị mỗi xã, 1–6 năm. / Need 1–999 communes, 5–2000 units, 1–6 years.")
        }
        try await app.autoMigrate()
        let console = context.console
        let summary = try await ScaleSeeder.seed(app, options: options) { line in console.print(line) }
        console.print(summary.line)
    }
}

/// The generator behind `thidua seed-scale`, callable from tests.
enum ScaleSeeder {
    static let codePrefix = "scale-"
    static let firstYear = 2025
    /// The secretariat accounts' password (the demo's).
    static var password: String { DemoData.password }

    struct Options: Sendable {
        var communes: Int
        var units = 200
        var years = 5
        var seed: UInt64 = 42
        var append = false
        /// Year-to-date figures for each quarter too (five periods a year), besides the whole year's.
        var quarters = true
    }

    struct Summary: Sendable {
        var communes = 0
        var units = 0
        var values = 0
        var users = 0
        var seconds = 0.0
        var line: String {
            "Đã tạo \(communes) xã, \(units) đơn vị, \(values) giá trị chỉ số, \(users) tài khoản trong "
                + String(format: "%.1f", seconds) + " s. / Created \(communes) communes, \(units) units, \(values) values, \(users) users in "
                + String(format: "%.1f", seconds) + " s."
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The username of a scale commune's secretariat account ("scale-001.thidua").
    static func secretariatUsername(_ number: Int) -> String { String(format: "\(codePrefix)%03d.thidua", number) }

    static func seed(_ app: Application, options: Options, progress: @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        let hash = try await Passwords.hash(password, cost: app.settings.bcryptCost, on: app)
        return try await seed(on: app.db, passwordHash: hash, now: app.clock.now(), options: options, progress: progress)
    }

    static func seed(on db: any Database, passwordHash: String, now: Date, options: Options,
                     progress: @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        let started = Date()
        let existing = try await Commune.query(on: db).filter(\.$code >= codePrefix).filter(\.$code < "scale.").all()
            .compactMap { Int($0.code.dropFirst(codePrefix.count)) }
        if !existing.isEmpty && !options.append {
            throw Failure(description: "Cơ sở dữ liệu đã có \(existing.count) xã mô phỏng (\(codePrefix)…): thêm --append để tạo thêm. "
                          + "/ The database already has \(existing.count) scale communes: add --append to add more.")
        }
        let first = (existing.max() ?? 0) + 1
        var summary = Summary()
        for number in first..<(first + options.communes) {
            let t = Date()
            let made = try await SQLiteImportCache.onOneConnection(db) { conn in
                try await conn.writeTransaction { tx in
                    try await SQLiteImportCache.widened(on: tx) {
                        try await seedCommune(number, on: tx, passwordHash: passwordHash, now: now, options: options)
                    }
                }
            }
            summary.communes += 1
            summary.units += made.units
            summary.values += made.values
            summary.users += 1
            let code = String(format: "%03d", number)
            progress("\(codePrefix)\(code): \(made.units) đơn vị, \(made.values) giá trị ("
                     + String(format: "%.2f", Date().timeIntervalSince(t)) + " s)")
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    // MARK: one commune

    private struct Made: Sendable { let units: Int; let values: Int }

    private struct Scope {
        let unitID: UUID?
        let level: IndicatorLevel
        /// Adults (village), staff (agency, organisation), workers (business), pupils (school); the commune's adults.
        let people: Double
        let secondary: Double
    }

    private static func seedCommune(_ number: Int, on db: any Database, passwordHash: String, now: Date, options: Options) async throws -> Made {
        var gen = ScaleRandom(seed: options.seed &* 1_000_003 &+ UInt64(number))
        let code = String(format: "\(codePrefix)%03d", number)
        let name = communeName(number)
        let commune = Commune(code: code, name: name, province: "Đồng Nai", authorityName: "ỦY BAN NHÂN DÂN XÃ \(name.uppercased())")
        try await commune.create(on: db)
        let communeID = try commune.requireID()
        let system = AuditActor.system(communeID: communeID, at: now)
        try await MovementDefaults.install(communeID: communeID, actor: system, on: db)
        try await LegalBasisDefaults.seed(communeID: communeID, at: now, on: db)
        try await IndicatorDefaults.seed(communeID: communeID, at: now, on: db)

        // Units: ≈ 1/8 villages, 7 % each agencies, organisations and schools, the rest businesses.
        let total = options.units
        let villages = max(1, Int((Double(total) * 25 / 200).rounded()))
        let agencies = max(1, total * 14 / 200), organisations = max(1, total * 14 / 200), schools = max(1, total * 14 / 200)
        let businesses = max(0, total - villages - agencies - organisations - schools)
        var units: [Unit] = []
        var scopes: [Scope] = []
        func add(_ code: String, _ name: String, _ kind: UnitKind, head: String, village: UUID?) {
            let u = Unit()
            u.id = gen.uuid()
            u.communeID = communeID; u.code = code; u.name = name; u.kind = kind.rawValue
            u.criteriaGroup = kind.defaultGroup.rawValue; u.villageID = village
            u.headName = ""; u.headTitle = head; u.phone = ""; u.email = ""; u.address = ""
            u.isActive = true; u.version = 1
            u.refreshSearchText()
            units.append(u)
            let people: Double, secondary: Double
            switch kind {
            case .village:
                people = Double(600 + gen.next(1901))
                secondary = (people / Double(2.4 + Double(gen.next(8)) / 10)).rounded()  // households
            case .agency: people = Double(8 + gen.next(33)); secondary = 0
            case .organisation: people = Double(5 + gen.next(16)); secondary = 0
            case .school: people = Double(150 + gen.next(1051)); secondary = Double(15 + gen.next(46))  // pupils, staff
            case .business: people = Double(3 + gen.next(148)); secondary = 0
            }
            scopes.append(Scope(unitID: u.id, level: .of(kind), people: people, secondary: secondary))
        }
        for i in 0..<villages {
            add(String(format: "TH-%02d", i + 1), i < 10 ? "Thôn \(i + 1)" : "Thôn \(placeNames[i % placeNames.count]) \(i / placeNames.count + 1)",
                .village, head: "Trưởng thôn", village: nil)
        }
        let villageIDs = units.compactMap(\.id)
        for i in 0..<agencies {
            let a = DemoData.agencies[i % DemoData.agencies.count]
            add(i < DemoData.agencies.count ? a.0 : "\(a.0)-\(i / DemoData.agencies.count + 1)", a.1, .agency, head: a.2, village: nil)
        }
        for i in 0..<organisations {
            let o = DemoData.organisations[i % DemoData.organisations.count]
            add(i < DemoData.organisations.count ? o.0 : "\(o.0)-\(i / DemoData.organisations.count + 1)", o.1, .organisation, head: o.2, village: nil)
        }
        for i in 0..<schools {
            let s = DemoData.schools[i % DemoData.schools.count]
            add(i < DemoData.schools.count ? s.0 : "\(s.0)-\(i / DemoData.schools.count + 1)", s.1, .school, head: s.2,
                village: villageIDs[i % villageIDs.count])
        }
        for i in 0..<businesses {
            let p = DemoData.businessPrefixes[i % DemoData.businessPrefixes.count]
            let n = DemoData.businessNames[(i / DemoData.businessPrefixes.count) % DemoData.businessNames.count]
            add(String(format: "DN-%03d", i + 1), "\(p) \(n) \(i + 1)", .business, head: DemoData.businessHeadTitles[i % 4],
                village: villageIDs[i % villageIDs.count])
        }
        for chunk in stride(from: 0, to: units.count, by: 400) {
            try await Array(units[chunk..<min(units.count, chunk + 400)]).create(on: db)
        }
        let adults = scopes.filter { $0.level == .village }.reduce(0) { $0 + $1.people }
        scopes.append(Scope(unitID: nil, level: .commune, people: adults, secondary: Double(villages)))

        let user = User(communeID: communeID, username: secretariatUsername(number), displayName: "Cán bộ thi đua xã \(name)",
                        passwordHash: passwordHash)
        try await user.create(on: db)
        try await UserRole(userID: user.requireID(), communeID: communeID, role: .secretariat).create(on: db)

        let values = try await seedValues(communeID: communeID, scopes: scopes, dossiers: Double(1500 + gen.next(7501)),
                                          gen: &gen, now: now, options: options, on: db)
        return Made(units: units.count, values: values)
    }

    /// The columns of ``IndicatorValue`` a statement binds once (the same for the whole commune-year) and per row.
    static let sharedValueColumns = ["commune_id", "year", "status", "note", "jump_note", "return_reason", "source", "entered_by_name",
                                     "submitted_at", "reviewed_by_name", "reviewed_at", "created_at", "updated_at", "version"]
    static let rowValueColumns = ["id", "indicator_id", "definition_id", "unit_id", "scope_key", "quarter", "numerator", "denominator", "value"]

    private static func seedValues(communeID: UUID, scopes: [Scope], dossiers: Double, gen: inout ScaleRandom, now: Date,
                                   options: Options, on db: any Database) async throws -> Int {
        let definitions = try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).all()
        let indicators = try await Indicator.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true)
            .sort(\.$position).all()
        let targets = try await IndicatorTarget.query(on: db).filter(\.$communeID == communeID).all()
        var targetBy: [String: Double] = [:]
        for t in targets { targetBy["\(t.indicatorID)|\(t.year)|\(t.level)"] = t.target }
        func target(_ indicator: UUID, _ year: Int, _ level: IndicatorLevel) -> Double? {
            targetBy["\(indicator)|\(year)|\(level.rawValue)"]
                ?? IndicatorLevel.allCases.lazy.compactMap { targetBy["\(indicator)|\(year)|\($0.rawValue)"] }.first
        }
        let years = Array(firstYear..<(firstYear + options.years))
        let lastYear = years.last ?? firstYear
        let periods = options.quarters ? [0, 1, 2, 3, 4] : [0]
        // Every (scope, indicator) has a level of its own against its target, drawn once, and a pace over the years;
        // a few figures are missing (no row, or a row without a figure).
        var writer = ScaleInsert(table: IndicatorValue.schema, sharedColumns: sharedValueColumns, rowColumns: rowValueColumns, on: db)
        var written = 0
        struct Plan { let factor: Double; let pace: Double }
        var plans: [String: Plan] = [:]
        for year in years {
            let status: IndicatorValueStatus = year < lastYear ? .locked : .approved
            let submitted = date(year, 12, 10), reviewed = date(year, 12, 20)
            writer.shared = [.id(communeID), .int(year), .text(status.rawValue), .text(""), .text(""), .text(""), .text("scale"),
                             .text("Đầu mối đơn vị"), .time(submitted), .text("Cán bộ thi đua xã"), .time(reviewed),
                             .time(submitted), .time(reviewed), .int(1)]
            let effective = IndicatorDefinitions.effectiveByIndicator(definitions, year: year)
            for indicator in indicators {
                guard let indicatorID = indicator.id, let def = effective[indicatorID], let defID = def.id else { continue }
                let level = def.levelValue, kind = def.kindValue
                let denominatorOf = denominatorChooser(def)
                for (s, scope) in scopes.enumerated() where scope.level == level {
                    let key = "\(s)|\(indicatorID)"
                    let plan: Plan
                    if let known = plans[key] { plan = known } else {
                        plan = Plan(factor: 0.78 + Double(gen.next(35)) / 100, pace: 0.6 + Double(gen.next(81)) / 100)
                        plans[key] = plan
                    }
                    // About 2 % of the figures have no row and 1 % a row without a figure (missing is not 0).
                    let roll = gen.next(1000)
                    if roll < 20 { continue }
                    let missingFigure = roll < 30
                    let scopeKey = scope.unitID?.uuidString.lowercased() ?? IndicatorValue.communeScope
                    let unitValue: ScaleInsert.Value = scope.unitID.map { .id($0) } ?? .null
                    let denominator = denominatorOf(scope, dossiers) * (1 + 0.01 * Double(year - firstYear))
                    for quarter in periods {
                        // A quarter's figure is the year's so far: the previous year's moving toward this year's.
                        let t = Double(year - firstYear) - (quarter == 0 ? 0 : Double(4 - quarter) / 4)
                        var numerator: ScaleInsert.Value = .double(nil), denominatorValue: ScaleInsert.Value = .double(nil)
                        var figure: Double?
                        if !missingFigure {
                            switch kind {
                            case .share:
                                let base = target(indicatorID, firstYear, level) ?? 50
                                let end = target(indicatorID, lastYear, level) ?? min(100, base + 20)
                                let slope = max(1.5, (end - base) / Double(max(1, years.count - 1))) * plan.pace
                                var share = base * plan.factor + slope * t
                                if def.directionValue == .down { share = base * plan.factor - slope * t * 0.5 }
                                share = min(100, max(2, share))
                                let den = max(1, denominator.rounded())
                                let num = min(den, (den * share / 100).rounded())
                                numerator = .double(num); denominatorValue = .double(den)
                                figure = IndicatorFigure.value(kind: .share, numerator: num, denominator: den, direct: nil)
                            case .count:
                                let base = target(indicatorID, year, level) ?? countBase(def, scope)
                                let yearly = max(0, (base * plan.factor * (1 + 0.08 * plan.pace * Double(year - firstYear))).rounded())
                                figure = quarter == 0 ? yearly : (yearly * Double(quarter) / 4).rounded()
                            case .number:
                                let base = target(indicatorID, year, level) ?? 70
                                figure = min(100, (base * plan.factor + 2 * plan.pace * t) * 10).rounded() / 10
                            }
                        }
                        writer.add([.id(gen.uuid()), .id(indicatorID), .id(defID), unitValue, .text(scopeKey), .int(quarter),
                                    numerator, denominatorValue, .double(figure)])
                        written += 1
                        try await writer.flushIfFull()
                    }
                }
            }
            try await writer.flush()  // the shared values change with the year
        }
        return written
    }

    /// The denominator of a share for a scope, read from the definition's words ("hộ gia đình", "hồ sơ", "thôn" …).
    private static func denominatorChooser(_ def: IndicatorDefinition) -> (Scope, Double) -> Double {
        let words = TextFolding.fold(def.denominatorLabel + " " + def.name)
        return { scope, dossiers in
            switch scope.level {
            case .commune:
                if words.contains("tieu chi") { return 30 }  // the province's criteria set
                if words.contains("ho so") || words.contains("thu tuc") { return dossiers }
                if words.contains("thon") && !words.contains("nguoi") { return scope.secondary }
                if words.contains("ho gia dinh") { return (scope.people / 2.6).rounded() }
                return scope.people
            case .village:
                if words.contains("ho kinh doanh") { return max(5, (scope.people / 30).rounded()) }
                if words.contains("ho gia dinh") || words.contains(" ho ") { return scope.secondary }
                return scope.people
            case .school:
                if words.contains("giao vien") || words.contains("can bo") || words.contains("vien chuc") { return scope.secondary }
                return scope.people
            case .unit, .business:
                return scope.people
            }
        }
    }

    /// A count's yearly size when the catalogue sets no target: classes, teams, people guided, …
    private static func countBase(_ def: IndicatorDefinition, _ scope: Scope) -> Double {
        let words = TextFolding.fold(def.measure + " " + def.name)
        if words.contains("to cong nghe") || words.hasPrefix("to ") { return scope.level == .commune ? scope.secondary : 1 }
        if words.contains("lop") { return scope.level == .commune ? scope.secondary * 3 : 3 }
        if words.contains("thanh vien") { return scope.level == .commune ? scope.secondary * 6 : 6 }
        if words.contains("luot") || words.contains("nguoi") { return (scope.people * (scope.level == .village ? 0.12 : 0.5)).rounded() }
        return scope.level == .commune ? 40 : 10
    }

    private static func date(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var c = DateComponents()
        c.year = year; c.month = month; c.day = day; c.hour = 2
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: c)!
    }

    static let placeNames = ["Phú", "Tân", "Bình", "An", "Long", "Thạnh", "Hòa", "Xuân", "Đức", "Hưng", "Lợi", "Thuận", "Phước", "Vĩnh",
                             "Trung", "Sơn", "Lộc", "Minh", "Thành", "Hiệp", "Nghĩa", "Quang", "Thiện", "Tiến", "Lập"]

    /// "Tân Phú", "Bình Long 2" …: two place words, numbered again after every pair was used.
    static func communeName(_ number: Int) -> String {
        let n = placeNames.count
        let i = (number - 1) % (n * (n - 1))
        let a = placeNames[i / (n - 1)]
        var b = placeNames[i % (n - 1)]
        if b == a { b = placeNames[n - 1] }
        let round = (number - 1) / (n * (n - 1))
        return round == 0 ? "\(a) \(b)" : "\(a) \(b) \(round + 1)"
    }
}

/// A small deterministic generator (a splitmix64): the same `--seed` gives the same province, ids included.
struct ScaleRandom {
    private var state: UInt64
    private var counter: UInt64 = 0
    private let prefix: UInt64

    init(seed: UInt64) {
        state = seed
        prefix = seed &* 0x9E37_79B9_7F4A_7C15
    }

    mutating func nextRaw() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n.
    mutating func next(_ n: Int) -> Int { Int(nextRaw() % UInt64(max(1, n))) }

    /// An id whose first half counts up (so the primary-key index is written in order), the rest drawn.
    mutating func uuid() -> UUID {
        counter += 1
        let hi = (prefix & 0xFFFF_FFFF_0000_0000) | (counter & 0xFFFF_FFFF)
        let lo = nextRaw()
        func b(_ v: UInt64, _ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: v >> (56 - 8 * i)) }
        return UUID(uuid: (b(hi, 0), b(hi, 1), b(hi, 2), b(hi, 3), b(hi, 4), b(hi, 5), (b(hi, 6) & 0x0F) | 0x40, b(hi, 7),
                           (b(lo, 0) & 0x3F) | 0x80, b(lo, 1), b(lo, 2), b(lo, 3), b(lo, 4), b(lo, 5), b(lo, 6), b(lo, 7)))
    }
}

/// Many rows to one INSERT, with the values every row of the statement shares bound once and referred to by number
/// (`?1` on SQLite, `$1` on PostgreSQL): a statement of 400 rows binds 14 + 400 × 9 values, within SQLite's 32,766
/// and PostgreSQL's 65,535. On SQLite the statement goes straight to SQLiteNIO, on PostgreSQL through SQLKit.
struct ScaleInsert {
    enum Value: Sendable {
        case id(UUID), text(String), int(Int), double(Double?), time(Date), null
    }

    static let rowsPerStatement = 400
    let table: String
    let sharedColumns: [String]
    let rowColumns: [String]
    let db: any Database
    var shared: [Value] = []
    private var rows: [[Value]] = []
    private var fullSQLite: String?

    init(table: String, sharedColumns: [String], rowColumns: [String], on db: any Database) {
        self.table = table
        self.sharedColumns = sharedColumns
        self.rowColumns = rowColumns
        self.db = db
        rows.reserveCapacity(Self.rowsPerStatement)
    }

    mutating func add(_ row: [Value]) { rows.append(row) }

    mutating func flushIfFull() async throws {
        if rows.count >= Self.rowsPerStatement { try await flush() }
    }

    mutating func flush() async throws {
        guard !rows.isEmpty else { return }
        let batch = rows
        rows.removeAll(keepingCapacity: true)
        if DatabaseSetup.isSQLite(db), let sqlite = db as? any SQLiteDatabase {
            let sql: String
            if batch.count == Self.rowsPerStatement, let full = fullSQLite { sql = full } else {
                sql = sqliteStatement(rows: batch.count)
                if batch.count == Self.rowsPerStatement { fullSQLite = sql }
            }
            var binds: [SQLiteData] = []
            binds.reserveCapacity(shared.count + batch.count * rowColumns.count)
            for v in shared { binds.append(Self.sqlite(v)) }
            for row in batch { for v in row { binds.append(Self.sqlite(v)) } }
            try await sqlite.query(sql, binds, logger: db.logger) { _ in }.get()
        } else {
            try await db.sql.execute(sql: PostgresStatement(table: table, sharedColumns: sharedColumns, rowColumns: rowColumns,
                                                            shared: shared, rows: batch)) { _ in }
        }
    }

    private func sqliteStatement(rows count: Int) -> String {
        var sql = "INSERT INTO \"\(table)\" ("
        sql += (sharedColumns + rowColumns).map { "\"\($0)\"" }.joined(separator: ", ")
        sql += ") VALUES "
        let sharedPart = (1...sharedColumns.count).map { "?\($0)" }.joined(separator: ", ")
        var n = sharedColumns.count
        for r in 0..<count {
            if r > 0 { sql += ", " }
            sql += "(" + sharedPart
            for _ in rowColumns {
                n += 1
                sql += ", ?\(n)"
            }
            sql += ")"
        }
        return sql
    }

    static func sqlite(_ v: Value) -> SQLiteData {
        switch v {
        case .id(let id): .text(id.uuidString)
        case .text(let s): .text(s)
        case .int(let i): .integer(i)
        case .double(let d): d.map { .float($0) } ?? .null
        case .time(let t): .float(t.timeIntervalSince1970)
        case .null: .null
        }
    }

    private struct PostgresStatement: SQLExpression {
        let table: String
        let sharedColumns: [String]
        let rowColumns: [String]
        let shared: [Value]
        let rows: [[Value]]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write("INSERT INTO ")
            SQLIdentifier(table).serialize(to: &serializer)
            serializer.write(" (")
            for (k, column) in (sharedColumns + rowColumns).enumerated() {
                if k > 0 { serializer.write(", ") }
                SQLIdentifier(column).serialize(to: &serializer)
            }
            serializer.write(") VALUES ")
            // The shared values are bound in the first row and referred to by their numbers in the others.
            var numbers: [Int?] = []
            for (r, row) in rows.enumerated() {
                serializer.write(r == 0 ? "(" : ", (")
                for (k, v) in shared.enumerated() {
                    if k > 0 { serializer.write(", ") }
                    if r == 0 {
                        let before = serializer.binds.count
                        write(v, to: &serializer)
                        numbers.append(serializer.binds.count > before ? serializer.binds.count : nil)
                    } else if let n = numbers[k] {
                        serializer.write("$\(n)")
                    } else {
                        write(v, to: &serializer)
                    }
                }
                for v in row {
                    serializer.write(", ")
                    write(v, to: &serializer)
                }
                serializer.write(")")
            }
        }

        private func write(_ v: Value, to serializer: inout SQLSerializer) {
            switch v {
            case .id(let id): serializer.write(bind: id)
            case .text(let s): serializer.write(bind: s)
            case .int(let i): serializer.write(bind: i)
            case .double(let d):
                if let d { serializer.write(bind: d) } else { serializer.write("NULL") }
            case .time(let t): serializer.write(bind: t)
            case .null: serializer.write("NULL")
            }
        }
    }
}
