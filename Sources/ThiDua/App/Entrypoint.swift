import Fluent
import Foundation
import Vapor

/// Runs the `thidua` command: `serve` by default, also `migrate`, `seed-demo`, `create-admin`.
public enum Entrypoint {
    public static func main() async {
        let settings: Settings
        do {
            settings = try Settings.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            exit(1)
        }
        var env: Environment
        do {
            env = try Environment.detect()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
        // `swift run thidua` with no command serves.
        if env.arguments.count <= 1 { env.arguments.append("serve") }
        let isServe = env.arguments.dropFirst().first == "serve"

        LoggingSystem.bootstrap { label in LogOutput.handler(label: label, settings: settings) }
        let app: Application
        do {
            // With SQLite each event loop has one connection, and a write transaction holds its loop's connection:
            // more loops than cores let reads on other connections go on meanwhile (bench/report_submissions.sh).
            app = try await Application.make(env, .shared(MultiThreadedEventLoopGroup(numberOfThreads: max(8, System.coreCount))))
        } catch {
            FileHandle.standardError.write(Data("Không khởi động được / Could not start: \(error)\n".utf8))
            exit(1)
        }
        do {
            try await configure(app, settings: settings)
            if isServe {
                try await app.autoMigrate()
                if settings.loadDemo, try await DemoSeeder.isEmpty(app.db) {
                    let summary = try await DemoSeeder.seed(app)
                    let url = "http://\(settings.hostname == "0.0.0.0" ? "127.0.0.1" : settings.hostname):\(portFromArguments(env.arguments) ?? settings.port)"
                    // Written straight to the file descriptor so that it shows at once, also when stdout is a pipe.
                    FileHandle.standardOutput.write(Data((summary.banner(url: url) + "\n").utf8))
                }
            }
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            FileHandle.standardError.write(Data("Lỗi / Error: \(error)\n".utf8))
            exit(1)
        }
        try? await app.asyncShutdown()
    }

    private static func portFromArguments(_ args: [String]) -> Int? {
        guard let i = args.firstIndex(where: { $0 == "--port" || $0 == "-p" }), i + 1 < args.count else { return nil }
        return Int(args[i + 1])
    }
}
