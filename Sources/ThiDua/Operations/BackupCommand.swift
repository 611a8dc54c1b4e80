import Foundation
import Vapor

/// `thidua backup FILE`: one archive of the database and every stored file, made while the server keeps serving
/// (``Backup``). Exits non-zero when the archive could not be written, or was written without some file the database
/// names (listed in its manifest).
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: OperationsText.fileArgument)
        var file: String
    }

    var help: String { OperationsText.backupHelp }

    func run(using context: CommandContext, signature: Signature) async throws {
        let (manifest, bytes) = try await Backup.run(context.application, to: signature.file)
        context.console.print(OperationsText.backedUp(manifest, path: signature.file, bytes: bytes))
        if !manifest.missingFiles.isEmpty {
            throw OperationFailure(OperationsText.missingFiles(manifest.missingFiles.count, archive: signature.file))
        }
    }
}
