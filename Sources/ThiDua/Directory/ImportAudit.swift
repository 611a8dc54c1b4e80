import Foundation

// The audit side of an import: what its one entry records, and the ids that let it name every row it created.

extension DirectoryImport {
    /// What the audit entry of an import records (`after_json`).
    struct Record: Codable, Sendable, Equatable {
        let file: String
        let sha256: String
        let bytes: Int
        let rows: Int
        let firstId: UUID?
        let lastId: UUID?
        let ids: [UUID]?
    }
}

/// Ids of one import: UUIDv7 layout (48-bit milliseconds, version 7, random bits chosen once), the last 32 bits
/// counting up, so the rows of an import are exactly those between its first and last id.
struct SequentialIDs {
    private var bytes: [UInt8]
    private var counter: UInt32 = 0
    private(set) var first: UUID?
    private(set) var last: UUID?
    private(set) var listed: [UUID] = []

    init(at instant: Date) {
        var generator = SystemRandomNumberGenerator()
        bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let ms = UInt64(max(0, instant.timeIntervalSince1970 * 1000))
        for k in 0..<6 { bytes[k] = UInt8(truncatingIfNeeded: ms >> (8 * (5 - UInt64(k)))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
    }

    mutating func next() -> UUID {
        bytes[12] = UInt8(truncatingIfNeeded: counter >> 24)
        bytes[13] = UInt8(truncatingIfNeeded: counter >> 16)
        bytes[14] = UInt8(truncatingIfNeeded: counter >> 8)
        bytes[15] = UInt8(truncatingIfNeeded: counter)
        counter &+= 1
        let b = bytes
        let id = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        if first == nil { first = id }
        last = id
        if listed.count <= DirectoryImport.listedIDs { listed.append(id) }
        return id
    }

    /// Every id, when there are few.
    var all: [UUID]? { listed.count <= DirectoryImport.listedIDs ? listed : nil }
}
