import Foundation
import Logging
import NIOConcurrencyHelpers

/// The process's log handler: one readable line per entry (swift-log's stream handler), or with
/// `THIDUA_LOG_FORMAT=json` one JSON object per line for a log collector (``JSONLogHandler``).
enum LogOutput {
    static func handler(label: String, settings: Settings) -> any LogHandler {
        var handler: any LogHandler
        switch settings.logFormat {
        case .text: handler = StreamLogHandler.standardOutput(label: label)
        case .json: handler = JSONLogHandler(label: label)
        }
        handler.logLevel = settings.logLevel
        return handler
    }
}

/// Writes each log entry as one line of JSON:
/// `{"timestamp":"2026-11-15T02:03:04.567Z","level":"error","label":"codes.vapor.request","message":"…","request-id":"…",…}`.
///
/// The metadata (the request id, the SQL of a failed statement…) is put beside the fixed keys; a metadata key that
/// would overwrite one of them is written as `metadata.<key>`. Lines are written whole, one at a time.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    /// Where the lines go; standard output by default, a closure in tests.
    var write: @Sendable (String) -> Void = { JSONLogHandler.writeToStandardOutput($0) }

    init(label: String, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    static let reserved: Set<String> = ["timestamp", "level", "label", "message", "source", "file", "function", "line"]

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        if let error = event.error { all["error"] = .string(String(describing: error)) }
        write(Self.line(timestamp: Date(), level: event.level, label: label, message: event.message.description,
                        metadata: all, source: event.source, file: event.file, line: event.line))
    }

    /// One entry as a JSON object, without the newline.
    static func line(timestamp: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
                     source: String, file: String, line: UInt) -> String {
        var out = "{"
        var first = true
        func field(_ key: String, _ value: String) {
            if !first { out += "," }
            first = false
            out += quoted(key) + ":" + value
        }
        field("timestamp", quoted(timestamp.formatted(timestampStyle)))
        field("level", quoted(level.rawValue))
        field("label", quoted(label))
        field("message", quoted(message))
        for key in metadata.keys.sorted() {
            field(reserved.contains(key) ? "metadata.\(key)" : key, json(metadata[key]!))
        }
        field("source", quoted(source))
        field("file", quoted(file))
        field("line", String(line))
        return out + "}"
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): quoted(s)
        case .stringConvertible(let c): quoted(c.description)
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let dict): "{" + dict.keys.sorted().map { quoted($0) + ":" + json(dict[$0]!) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (so a message can never break the line).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static let lock = NIOLock()

    private static func writeToStandardOutput(_ line: String) {
        let data = Data((line + "\n").utf8)
        lock.withLock { FileHandle.standardOutput.write(data) }
    }
}
