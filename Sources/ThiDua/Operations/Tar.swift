import Foundation
import Vapor

/// A POSIX tar (ustar) archive written and read entry by entry, in 1 MB pieces: a backup of any size is made and
/// restored in bounded memory, and an operator can list or unpack it with `tar` when the program is not at hand.
/// Only what a backup needs: regular files with short names. Sizes past the 11 octal digits of ustar (8 GiB) use the
/// base-256 form that GNU tar and bsdtar read.
struct TarWriter {
    static let block = 512
    static let chunk = 1 << 20

    private let handle: FileHandle
    private(set) var bytesWritten = 0

    /// Creates (or truncates) the archive at `path`, readable by its owner only (it holds the installation secret).
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw OperationFailure(OperationsText.cannotWrite(path))
        }
        self.handle = handle
    }

    /// Adds an entry from bytes in memory (the manifest, the secret).
    mutating func add(name: String, data: Data, modified: Date = Date()) throws {
        try writeHeader(name: name, size: data.count, modified: modified)
        try write(data)
        try pad(data.count)
    }

    /// Adds the file at `source` as `name`, streaming it, and returns the SHA-256 of the bytes written. The file must
    /// have `size` bytes (what the header says), else the archive would be unreadable from there on.
    @discardableResult
    mutating func add(name: String, file source: String, size: Int, modified: Date = Date()) throws -> String {
        guard let input = FileHandle(forReadingAtPath: source) else { throw OperationFailure(OperationsText.cannotRead(source)) }
        defer { try? input.close() }
        try writeHeader(name: name, size: size, modified: modified)
        var hasher = SHA256()
        var copied = 0
        while let piece = try input.read(upToCount: Self.chunk), !piece.isEmpty {
            copied += piece.count
            guard copied <= size else { break }
            hasher.update(data: piece)
            try write(piece)
        }
        guard copied == size else { throw OperationFailure(OperationsText.changedWhileCopied(source)) }
        try pad(size)
        return hasher.finalize().hexString
    }

    /// Ends the archive (two empty blocks) and flushes it to the disk.
    mutating func finish() throws {
        try write(Data(count: 2 * Self.block))
        try handle.synchronize()
        try handle.close()
    }

    func abandon() { try? handle.close() }

    private mutating func write(_ data: Data) throws {
        try handle.write(contentsOf: data)
        bytesWritten += data.count
    }

    private mutating func pad(_ size: Int) throws {
        let rest = size % Self.block
        if rest != 0 { try write(Data(count: Self.block - rest)) }
    }

    private mutating func writeHeader(name: String, size: Int, modified: Date) throws {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.count <= 100 else { throw OperationFailure(OperationsText.unexpectedEntry(name)) }
        var h = [UInt8](repeating: 0, count: Self.block)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { h[offset + i] = b } }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(0o600, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        if size < 0o77777777777 {
            put(octal(size, width: 12), at: 124)
        } else {
            var field = [UInt8](repeating: 0, count: 12)
            var v = UInt64(size)
            for i in stride(from: 11, through: 1, by: -1) { field[i] = UInt8(v & 0xff); v >>= 8 }
            field[0] = 0x80
            put(field, at: 124)
        }
        put(octal(max(0, Int(modified.timeIntervalSince1970)), width: 12), at: 136)
        put(Array(repeating: 0x20, count: 8), at: 148)
        h[156] = UInt8(ascii: "0")
        put(Array("ustar\0".utf8), at: 257)
        put(Array("00".utf8), at: 263)
        put(Array("thidua".utf8), at: 265)
        put(Array("thidua".utf8), at: 297)
        let sum = h.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + [0x20], at: 148)
        try write(Data(h))
    }
}

/// Reads a tar archive entry by entry (see ``TarWriter``). Directory entries and pax headers, which `tar` adds when an
/// operator repacks an archive, are skipped; links and devices are refused.
struct TarReader {
    struct Entry: Sendable {
        let name: String
        let size: Int
    }

    private let handle: FileHandle
    private var remaining = 0   // bytes of the current entry not read yet
    private var padding = 0

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw OperationFailure(OperationsText.cannotRead(path)) }
        self.handle = handle
    }

    func close() { try? handle.close() }

    /// The next regular file, or nil at the end of the archive. Skips what is left of the previous entry.
    mutating func next() throws -> Entry? {
        try skipRest()
        while true {
            guard let header = try handle.read(upToCount: TarWriter.block), header.count == TarWriter.block else { return nil }
            let h = [UInt8](header)
            if h.allSatisfy({ $0 == 0 }) { return nil }
            let stored = Int(octalValue(h[148..<156]))
            let sum = h.enumerated().reduce(0) { $0 + ((148..<156).contains($1.offset) ? 0x20 : Int($1.element)) }
            guard stored == sum else { throw OperationFailure(OperationsText.notABackup) }
            let size = sizeValue(h[124..<136])
            var name = text(h[0..<100])
            let prefix = text(h[345..<500])
            if Array(h[257..<262]) == Array("ustar".utf8), !prefix.isEmpty { name = prefix + "/" + name }
            remaining = size
            padding = (TarWriter.block - size % TarWriter.block) % TarWriter.block
            switch h[156] {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
                return Entry(name: name.hasPrefix("./") ? String(name.dropFirst(2)) : name, size: size)
            case UInt8(ascii: "5"), UInt8(ascii: "x"), UInt8(ascii: "g"):
                try skipRest()
            default:
                throw OperationFailure(OperationsText.unexpectedEntry(name))
            }
        }
    }

    /// Reads the current entry's bytes in pieces.
    mutating func read(_ body: (Data) throws -> Void) throws {
        while remaining > 0 {
            guard let piece = try handle.read(upToCount: min(remaining, TarWriter.chunk)), !piece.isEmpty else {
                throw OperationFailure(OperationsText.truncated)
            }
            remaining -= piece.count
            try body(piece)
        }
    }

    /// The current entry's bytes, for the small ones (the manifest, the secret).
    mutating func readAll(limit: Int = 16 << 20) throws -> Data {
        guard remaining <= limit else { throw OperationFailure(OperationsText.notABackup) }
        var data = Data()
        try read { data.append($0) }
        return data
    }

    private mutating func skipRest() throws {
        let skip = UInt64(remaining + padding)
        remaining = 0
        padding = 0
        if skip > 0 { try handle.seek(toOffset: try handle.offset() + skip) }
    }

    private func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private func octalValue(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var v: UInt64 = 0
        for b in bytes where b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") { v = v * 8 + UInt64(b - UInt8(ascii: "0")) }
        return v
    }

    private func sizeValue(_ bytes: ArraySlice<UInt8>) -> Int {
        guard let first = bytes.first, first & 0x80 != 0 else { return Int(octalValue(bytes)) }
        var v: UInt64 = UInt64(first & 0x7f)
        for b in bytes.dropFirst() { v = (v << 8) | UInt64(b) }
        return Int(v)
    }
}
