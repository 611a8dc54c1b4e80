import Foundation
import Logging

/// The application's settings, read once at start-up from the environment.
///
/// A wrong value stops start-up with one line naming the setting and what is expected,
/// in Vietnamese and English, so that an operator can fix it without reading code.
public struct Settings: Sendable {
    /// Where the SQLite file (and later the uploaded evidence) lives. `THIDUA_DATA_DIR`, default `data/`.
    public var dataDirectory: String
    /// Which database to use: the embedded SQLite file, a PostgreSQL URL, or an in-memory SQLite (tests).
    public var database: DatabaseChoice
    /// The TCP port. `PORT`, default 8080.
    public var port: Int
    /// The host name the server binds to.
    public var hostname: String
    /// `LOG_LEVEL`, default `info`.
    public var logLevel: Logger.Level
    /// Work factor for bcrypt. Tests lower it so that they stay fast; production keeps 12.
    public var bcryptCost: Int
    /// Sessions last this long without being refreshed.
    public var sessionLifetime: TimeInterval
    /// Send the session cookie only over HTTPS (`THIDUA_SECURE_COOKIES=1` behind a TLS proxy).
    public var secureCookies: Bool
    /// Load the Nghĩa Trung demo when `serve` finds an empty database (`THIDUA_DEMO`, default 1). A production
    /// installation sets 0: its first accounts come from `thidua create-admin`, never from the demo's published password.
    public var loadDemo: Bool = true
    /// Largest evidence file accepted, in bytes. `THIDUA_UPLOAD_MAX_MB`, default 20.
    public var uploadMaxBytes: Int = 20 * 1024 * 1024
    /// Largest CSV file a directory import accepts, in bytes. `THIDUA_IMPORT_MAX_MB`, default 30 (100,000 people fit).
    public var importMaxBytes: Int = 30 * 1024 * 1024
    /// SMTP relay for e-mailed notifications (`THIDUA_SMTP_HOST`, `THIDUA_SMTP_PORT` default 25, `THIDUA_SMTP_FROM`).
    /// Without a host, notifications go to the in-app inbox only.
    public var smtp: SMTP?
    /// The address people open the site at, used in links inside e-mails (`THIDUA_PUBLIC_URL`).
    public var publicURL = "http://127.0.0.1:8080"
    /// Believe the last address of `X-Forwarded-For` as the client's (`THIDUA_TRUST_PROXY=1`): only behind a reverse
    /// proxy that sets it. Otherwise the socket's peer address counts, and the header is ignored.
    public var trustProxy = false
    /// The bearer token a Prometheus scraper sends to read `GET /metrics` (`THIDUA_METRICS_TOKEN`, at least 16
    /// characters). Unset: there is no `/metrics` (404).
    public var metricsToken: String?
    /// How log lines are written: `text` (one readable line, the default) or `json` (one JSON object a line, for a log
    /// collector). `THIDUA_LOG_FORMAT`.
    public var logFormat: LogFormat = .text

    public enum LogFormat: String, Sendable, CaseIterable {
        case text, json
    }

    public struct SMTP: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var from: String
    }

    public enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    public init(
        dataDirectory: String = "data",
        database: DatabaseChoice? = nil,
        port: Int = 8080,
        hostname: String = "127.0.0.1",
        logLevel: Logger.Level = .info,
        bcryptCost: Int = 12,
        sessionLifetime: TimeInterval = 8 * 3600,
        secureCookies: Bool = false
    ) {
        self.dataDirectory = dataDirectory
        self.database = database ?? .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("thidua.sqlite"))
        self.port = port
        self.hostname = hostname
        self.logLevel = logLevel
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
    }

    /// A setting that cannot be used, with the bilingual line shown to the operator.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let name: String
        public let vietnamese: String
        public let english: String
        public var description: String {
            "Cấu hình sai: \(name) \(vietnamese) / Invalid setting: \(name) \(english)"
        }
    }

    /// Reads the settings from an environment dictionary (normally `ProcessInfo.processInfo.environment`).
    public static func fromEnvironment(_ env: [String: String]) throws(Invalid) -> Settings {
        var settings = Settings()
        if let dir = env["THIDUA_DATA_DIR"] {
            let trimmed = dir.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                throw Invalid(name: "THIDUA_DATA_DIR", vietnamese: "không được để trống (đường dẫn thư mục dữ liệu).",
                              english: "must not be empty (a directory path).")
            }
            settings = Settings(dataDirectory: trimmed)
        }
        if let url = env["DATABASE_URL"], !url.isEmpty {
            let lower = url.lowercased()
            guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://"),
                  let parsed = URL(string: url), parsed.host != nil else {
                throw Invalid(name: "DATABASE_URL",
                              vietnamese: "phải có dạng postgres://người_dùng:mật_khẩu@máy:cổng/tên_csdl (nhận được \"\(redacted(url))\").",
                              english: "must look like postgres://user:password@host:port/dbname (got \"\(redacted(url))\").")
            }
            settings.database = .postgres(url: url)
        }
        if let port = env["PORT"] {
            guard let value = Int(port.trimmingCharacters(in: .whitespaces)), (1...65535).contains(value) else {
                throw Invalid(name: "PORT", vietnamese: "phải là số nguyên từ 1 đến 65535 (nhận được \"\(port)\").",
                              english: "must be an integer from 1 to 65535 (got \"\(port)\").")
            }
            settings.port = value
        }
        if let level = env["LOG_LEVEL"] {
            guard let value = Logger.Level(rawValue: level.lowercased().trimmingCharacters(in: .whitespaces)) else {
                let allowed = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw Invalid(name: "LOG_LEVEL", vietnamese: "phải là một trong: \(allowed) (nhận được \"\(level)\").",
                              english: "must be one of: \(allowed) (got \"\(level)\").")
            }
            settings.logLevel = value
        }
        if let secure = env["THIDUA_SECURE_COOKIES"] {
            switch secure.lowercased() {
            case "1", "true", "yes": settings.secureCookies = true
            case "0", "false", "no", "": settings.secureCookies = false
            default:
                throw Invalid(name: "THIDUA_SECURE_COOKIES", vietnamese: "phải là 1 hoặc 0 (nhận được \"\(secure)\").",
                              english: "must be 1 or 0 (got \"\(secure)\").")
            }
        }
        if let demo = env["THIDUA_DEMO"] {
            switch demo.lowercased().trimmingCharacters(in: .whitespaces) {
            case "1", "true", "yes", "": settings.loadDemo = true
            case "0", "false", "no": settings.loadDemo = false
            default:
                throw Invalid(name: "THIDUA_DEMO", vietnamese: "phải là 1 hoặc 0 (nhận được \"\(demo)\").",
                              english: "must be 1 or 0 (got \"\(demo)\").")
            }
        }
        if let trust = env["THIDUA_TRUST_PROXY"] {
            switch trust.lowercased().trimmingCharacters(in: .whitespaces) {
            case "1", "true", "yes": settings.trustProxy = true
            case "0", "false", "no", "": settings.trustProxy = false
            default:
                throw Invalid(name: "THIDUA_TRUST_PROXY", vietnamese: "phải là 1 hoặc 0 (nhận được \"\(trust)\").",
                              english: "must be 1 or 0 (got \"\(trust)\").")
            }
        }
        if let maxMB = env["THIDUA_UPLOAD_MAX_MB"] {
            guard let value = Int(maxMB.trimmingCharacters(in: .whitespaces)), (1...500).contains(value) else {
                throw Invalid(name: "THIDUA_UPLOAD_MAX_MB", vietnamese: "phải là số nguyên từ 1 đến 500 (nhận được \"\(maxMB)\").",
                              english: "must be an integer from 1 to 500 (got \"\(maxMB)\").")
            }
            settings.uploadMaxBytes = value * 1024 * 1024
        }
        if let maxMB = env["THIDUA_IMPORT_MAX_MB"] {
            guard let value = Int(maxMB.trimmingCharacters(in: .whitespaces)), (1...500).contains(value) else {
                throw Invalid(name: "THIDUA_IMPORT_MAX_MB", vietnamese: "phải là số nguyên từ 1 đến 500 (nhận được \"\(maxMB)\").",
                              english: "must be an integer from 1 to 500 (got \"\(maxMB)\").")
            }
            settings.importMaxBytes = value * 1024 * 1024
        }
        if let host = env["THIDUA_SMTP_HOST"]?.trimmingCharacters(in: .whitespaces), !host.isEmpty {
            var port = 25
            if let raw = env["THIDUA_SMTP_PORT"] {
                guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), (1...65535).contains(value) else {
                    throw Invalid(name: "THIDUA_SMTP_PORT", vietnamese: "phải là số nguyên từ 1 đến 65535 (nhận được \"\(raw)\").",
                                  english: "must be an integer from 1 to 65535 (got \"\(raw)\").")
                }
                port = value
            }
            let from = env["THIDUA_SMTP_FROM"]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard from.contains("@"), !from.contains(" "), !from.contains(">"), !from.contains("<") else {
                throw Invalid(name: "THIDUA_SMTP_FROM", vietnamese: "phải là một địa chỉ thư, ví dụ thidua@nghiatrung.gov.vn (nhận được \"\(from)\").",
                              english: "must be an e-mail address, e.g. thidua@nghiatrung.gov.vn (got \"\(from)\").")
            }
            settings.smtp = SMTP(host: host, port: port, from: from)
        }
        if let url = env["THIDUA_PUBLIC_URL"]?.trimmingCharacters(in: .whitespaces), !url.isEmpty {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
                throw Invalid(name: "THIDUA_PUBLIC_URL", vietnamese: "phải là địa chỉ http(s), ví dụ https://thidua.nghiatrung.gov.vn (nhận được \"\(url)\").",
                              english: "must be an http(s) address, e.g. https://thidua.nghiatrung.gov.vn (got \"\(url)\").")
            }
            settings.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let token = env["THIDUA_METRICS_TOKEN"]?.trimmingCharacters(in: .whitespaces), !token.isEmpty {
            guard token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
                throw Invalid(name: "THIDUA_METRICS_TOKEN", vietnamese: "phải dài ít nhất 16 ký tự ASCII, không có khoảng trắng (ví dụ: openssl rand -hex 32).",
                              english: "must be at least 16 ASCII characters without spaces (e.g. openssl rand -hex 32).")
            }
            settings.metricsToken = token
        }
        if let format = env["THIDUA_LOG_FORMAT"]?.trimmingCharacters(in: .whitespaces), !format.isEmpty {
            guard let value = LogFormat(rawValue: format.lowercased()) else {
                throw Invalid(name: "THIDUA_LOG_FORMAT", vietnamese: "phải là text hoặc json (nhận được \"\(format)\").",
                              english: "must be text or json (got \"\(format)\").")
            }
            settings.logFormat = value
        }
        return settings
    }

    /// Hides the password of a database URL before it is printed.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
