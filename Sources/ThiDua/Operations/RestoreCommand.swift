import Foundation
import Vapor

/// `thidua restore FILE`: loads a backup into the empty data directory and database of this environment
/// (`THIDUA_DATA_DIR`, `DATABASE_URL`), refusing one that holds any row or file (``Restore``).
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: OperationsText.fileArgument)
        var file: String
    }

    var help: String { OperationsText.restoreHelp }

    func run(using context: CommandContext, signature: Signature) async throws {
        let manifest = try await Restore.run(context.application, from: signature.file)
        context.console.print(OperationsText.restored(manifest))
    }
}
