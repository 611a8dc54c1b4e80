import Foundation

/// Substring search on the UTF-8 bytes of a string (`memchr` for the first byte, then `memcmp`), for scans of whole
/// rendered pages: Foundation's `String.contains(_:)`/`range(of:)` go through `NSString` and UTF-16 on Linux.
enum ByteSearch {
    /// Whether `needle` occurs in `text` (byte for byte: both as they are, no normalisation).
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text, needle = needle
        return text.withUTF8 { h in
            needle.withUTF8 { n in
                guard let first = n.first else { return true }
                guard n.count <= h.count, let base = h.baseAddress, let nBase = n.baseAddress else { return false }
                var at = 0
                let last = h.count - n.count
                while at <= last {
                    guard let hit = memchr(base + at, Int32(first), last - at + 1) else { return false }
                    let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, nBase, n.count) == 0 { return true }
                    at = offset + 1
                }
                return false
            }
        }
    }

    /// The offset of the first `needle` in `bytes` at or after `from`, or nil (`memchr` for the first byte, then `memcmp`).
    static func firstOffset(of needle: [UInt8], in bytes: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard let first = needle.first, let base = bytes.baseAddress, needle.count <= bytes.count else { return needle.isEmpty ? from : nil }
        var at = max(0, from)
        let last = bytes.count - needle.count
        return needle.withUnsafeBytes { n -> Int? in
            while at <= last {
                guard let hit = memchr(base + at, Int32(first), last - at + 1) else { return nil }
                let offset = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + offset, n.baseAddress!, n.count) == 0 { return offset }
                at = offset + 1
            }
            return nil
        }
    }
}

