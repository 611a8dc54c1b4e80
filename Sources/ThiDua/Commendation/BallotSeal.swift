import Foundation
import Vapor

/// A random secret of this installation, kept in `$THIDUA_DATA_DIR/installation.secret` (64 hex digits, mode 0600) and
/// never in the database: a copy of the database alone can neither open a sealed ballot count nor test an address
/// against the sender hashes of the public forms. Created on first use; never rewritten (a sealed count of an open
/// meeting can only be opened with the secret it was sealed with). Back it up with the data directory.
///
/// Candidate for `Core/`: nothing in it is about commendation.
enum InstallationSecret {
    static let fileName = "installation.secret"

    struct Unreadable: Error, CustomStringConvertible {
        let path: String
        var description: String { "installation secret \(path) is not 64 hexadecimal digits" }
    }

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var keys: [String: SymmetricKey] = [:]
        func get(_ path: String) -> SymmetricKey? { lock.withLock { keys[path] } }
        func set(_ path: String, _ key: SymmetricKey) { lock.withLock { keys[path] = key } }
    }
    private static let cache = Cache()

    /// The secret of the installation whose data directory is `dataDirectory`, created the first time.
    static func secret(dataDirectory: String) throws -> SymmetricKey {
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if let key = cache.get(path) { return key }
        let key = try loadOrCreate(path: path, directory: dataDirectory)
        cache.set(path, key)
        return key
    }

    /// A key for one purpose only (e.g. `"ballot:<meeting id>"`), derived from the secret.
    static func derive(_ secret: SymmetricKey, purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Data("thidua:\(purpose)".utf8), outputByteCount: 32)
    }

    private static func loadOrCreate(path: String, directory: String) throws -> SymmetricKey {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) { return try read(path) }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        // Written aside, then linked into place: the link fails when another process was first, and then its secret wins.
        let tmp = path + ".\(UUID().uuidString).tmp"
        guard fm.createFile(atPath: tmp, contents: Data((bytes.hexString + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Unreadable(path: tmp)
        }
        defer { try? fm.removeItem(atPath: tmp) }
        do { try fm.linkItem(atPath: tmp, toPath: path) } catch { if !fm.fileExists(atPath: path) { throw error } }
        return try read(path)
    }

    private static func read(_ path: String) throws -> SymmetricKey {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = Array(text.utf8)
        guard digits.count == 64 else { throw Unreadable(path: path) }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else { throw Unreadable(path: path) }
            bytes.append(byte)
        }
        return SymmetricKey(data: bytes)
    }
}

extension Request {
    /// The installation secret (``InstallationSecret``) of this server's data directory.
    func installationSecret() throws -> SymmetricKey {
        try InstallationSecret.secret(dataDirectory: application.settings.dataDirectory)
    }

    /// The seal of the council's ballot counts.
    func ballotSeal() throws -> BallotSeal { BallotSeal(secret: try installationSecret()) }
}

/// Seals a nomination's ballot counts while the meeting is open: AES-GCM with a key per meeting derived from the
/// installation secret, the meeting and nomination bound in as associated data (a sealed count cannot be moved to
/// another row), always the same length whatever the counts. The database then holds no count to read, and the
/// receipts and audit rows have none to be matched with.
struct BallotSeal: Sendable {
    let secret: SymmetricKey

    struct Broken: Error, CustomStringConvertible {
        var description: String { "a sealed ballot count could not be opened (installation secret changed?)" }
    }

    func key(meeting: UUID) -> SymmetricKey { InstallationSecret.derive(secret, purpose: "ballot:\(meeting.uuidString.lowercased())") }

    private static func context(_ meeting: UUID, _ nomination: UUID) -> Data {
        Data("\(meeting.uuidString.lowercased()):\(nomination.uuidString.lowercased())".utf8)
    }

    func seal(approve: Int, reject: Int, meeting: UUID, nomination: UUID) throws -> String {
        var plain = Data()
        for n in [approve, reject] { withUnsafeBytes(of: UInt32(clamping: n).bigEndian) { plain.append(contentsOf: $0) } }
        let box = try AES.GCM.seal(plain, using: key(meeting: meeting), authenticating: Self.context(meeting, nomination))
        guard let combined = box.combined else { throw Broken() }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String, meeting: UUID, nomination: UUID) throws -> (approve: Int, reject: Int) {
        guard let data = Data(base64Encoded: sealed) else { throw Broken() }
        let plain: Data
        do {
            plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key(meeting: meeting), authenticating: Self.context(meeting, nomination))
        } catch { throw Broken() }
        let bytes = Array(plain)
        guard bytes.count == 8 else { throw Broken() }
        func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (int(0), int(4))
    }
}
