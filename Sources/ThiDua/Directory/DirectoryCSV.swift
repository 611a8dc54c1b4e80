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
        .init(key: "salutation", header: "Danh xưng", required: false),
    ]
}

/// The result of an import: the rows created, or the problems (the first ``DirectoryImport/maxShownProblems`` of
/// `total`) and nothing written.
enum ImportOutcome: Sendable {
    case imported(count: Int)
    case rejected([ImportProblem], total: Int)
}

/// What one CSV import takes: at most `maxRows` rows, in a file of at most `THIDUA_IMPORT_MAX_MB` (``Settings/importMaxBytes``,
/// default `maxFileMB`). 100,000 people of ordinary length are about 12 MB.
enum ImportLimits {
    static let maxRows = 200_000
    static let maxFileMB = 30
}

/// CSV import and export of units and people.
enum DirectoryCSV {
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

    static func header(of key: String, in columns: [DirectoryColumns.Column]) -> String {
        columns.first { $0.key == key }?.header ?? key
    }

    // MARK: units

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

    static func exportPeople(communeID: UUID, onlyUnit: UUID?, on db: any Database) async throws -> Data {
        let query = Person.query(on: db).filter(\.$communeID == communeID)
        if let onlyUnit { query.filter(\.$unitID == onlyUnit) }
        let people = try await query.sort(\.$searchText).all()
        let codes = Dictionary(try await Unit.query(on: db).filter(\.$communeID == communeID).all().map { ($0.id!, $0.code) },
                               uniquingKeysWith: { a, _ in a })
        let rows = people.map { p in
            [p.fullName, p.title, p.unitID.flatMap { codes[$0] } ?? "", p.phone, p.email,
             p.birthDate.flatMap(LocalDate.init(iso:))?.vietnamese ?? "",
             p.salutation.flatMap(Salutation.init(rawValue:))?.label ?? ""]
        }
        return CSV.write(header: DirectoryColumns.people.map(\.header), rows: rows)
    }
}
