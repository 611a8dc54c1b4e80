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
        // A row of an import file takes 60 bytes or more.
        if let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int {
            rows.reserve(rows: min(size / 60, ImportLimits.maxRows) + 1)
        }

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
        func handle(_ records: CSVRecords) async throws -> Bool {
            for r in 0..<records.count {
                let record = records[r]
                line += 1
                if line == 1 {
                    let (map, problems) = DirectoryCSV.mapHeader(record.all, columns: columns)
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
                if record.count > headerCount, record.hasContent(from: headerCount) {
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
                    if let insert, let db {
                        rows.appendLastRow(to: &insert.values)
                        try await insert.rowAdded(on: db)
                    }
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

        // A statement may be in flight when a problem (or an error) ends the pass: wait for it before the transaction
        // is rolled back.
        do {
            var going = true
            let (sha256, bytes) = try await file.read(threadPool: threadPool) { piece in
                guard going else { return }
                do throws(CSV.ReadError) {
                    try reader.feed(piece)
                } catch {
                    going = try fileProblem(readProblem(error))
                    return
                }
                going = try await handle(reader.takeBatch())
            }
            pass.sha256 = sha256
            pass.bytes = bytes
            if going {
                do {
                    try reader.finish()
                    going = try await handle(reader.takeBatch())
                } catch let error as CSV.ReadError {
                    going = try fileProblem(readProblem(error))
                }
            }
            if going && line == 0 { going = try fileProblem(readProblem(.empty)) }
            if going && line == 1 { going = try fileProblem(ImportProblem(row: 1, column: "", message: DirectoryText.importNoRows)) }
            if going, let insert, let db { try await insert.finish(on: db) }
        } catch {
            await insert?.drain()
            throw error
        }
        return pass
    }
}
