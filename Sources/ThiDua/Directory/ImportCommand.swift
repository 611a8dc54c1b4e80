import Fluent
import Foundation
import Vapor

/// `thidua import people FILE --commune CODE` and `thidua import units FILE --commune CODE`: the directory import of
/// the page, from the command line (same checks and messages, all or nothing, one audit entry by the system). Prints
/// the rows created, or the problems and exits with a failure.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "people (cá nhân) hoặc units (đơn vị)")
        var what: String
        @Argument(name: "file", help: "Tệp CSV mã UTF-8, cột như trang Nhập từ CSV / UTF-8 CSV file, columns as on the import page")
        var file: String
        @Option(name: "commune", help: "Mã xã, ví dụ nghia-trung / Commune code")
        var commune: String?
    }

    var help: String { "Nhập đơn vị hoặc cá nhân từ tệp CSV / Import units or people from a CSV file." }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let what = signature.what.lowercased()
        guard what == "people" || what == "units" else {
            throw Failure(description: "Dùng: thidua import people|units TỆP --commune MÃ / Usage: thidua import people|units FILE --commune CODE")
        }
        guard let code = signature.commune?.trimmingCharacters(in: .whitespaces).lowercased(), !code.isEmpty else {
            throw Failure(description: "Cần --commune. / --commune is required.")
        }
        guard FileManager.default.isReadableFile(atPath: signature.file) else {
            throw Failure(description: "Không đọc được tệp \(signature.file). / Cannot read \(signature.file).")
        }
        try await app.autoMigrate()
        guard let commune = try await Commune.query(on: app.db).filter(\.$code == code).first(), let communeID = commune.id else {
            throw Failure(description: "Không có xã mã \"\(code)\". / No commune \"\(code)\".")
        }
        let file = ImportFile(path: signature.file, name: (signature.file as NSString).lastPathComponent)
        let actor = AuditActor.system(communeID: communeID, at: app.clock.now())
        let started = Date()
        let outcome = what == "people"
            ? try await DirectoryImport.people(file, communeID: communeID, onlyUnit: nil, actor: actor, threadPool: app.threadPool, on: app.db)
            : try await DirectoryImport.units(file, communeID: communeID, actor: actor, threadPool: app.threadPool, on: app.db)
        switch outcome {
        case .imported(let count):
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            context.console.print("\(DirectoryText.importDoneCount(count)) (\(commune.displayName), \(seconds) s) / Imported \(count) rows.")
        case .rejected(let problems, let total):
            context.console.print(DirectoryText.importFailedCount(total))
            for p in problems {
                context.console.print("\(DirectoryText.importRow) \(p.row == 0 ? "—" : String(p.row))\(p.column.isEmpty ? "" : " · \(p.column)"): \(p.message)")
            }
            if total > problems.count {
                context.console.print(DirectoryText.importMoreProblems(shown: problems.count, rest: total - problems.count))
            }
            throw Failure(description: "Không nhập dòng nào. / Nothing imported (\(total) problems).")
        }
    }
}
