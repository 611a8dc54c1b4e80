#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// A streaming `multipart/form-data` parser that finds each delimiter with `memmem` over whole chunks (multipart-kit's
/// parser reads its input a byte at a time: about 1 MB/s, so three uploads at once held both cores). Calls
/// `onHeader` for each part header, `onBody` with the part's bytes as they come (a part may arrive in many calls) and
/// `onPartComplete` at each part's end. The preamble and the epilogue are ignored.
final class MultipartStream {
    enum Failure: Error { case malformed }

    private enum State { case preamble, afterDelimiter, headers, body, done }

    var onHeader: (String, String) -> Void = { _, _ in }
    var onBody: (inout ByteBuffer) -> Void = { _ in }
    var onPartComplete: () -> Void = {}

    /// CRLF "--" boundary: the body starts with "--" boundary, so the stream is read as if a CRLF came first.
    private let delimiter: [UInt8]
    private var state = State.preamble
    private var pending: [UInt8] = [13, 10]
    /// Part headers larger than this are refused (a browser sends a few hundred bytes).
    static let maxHeaderBytes = 16 * 1024

    init(boundary: String) {
        delimiter = [13, 10, 45, 45] + Array(boundary.utf8)
    }

    func execute(_ chunk: ByteBuffer) throws {
        pending.append(contentsOf: chunk.readableBytesView)
        try advance()
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard pending.count - start >= needle.count else { return nil }
        return pending.withUnsafeBytes { hay in
            needle.withUnsafeBytes { n in
                // memchr to the next candidate first byte, then memcmp (memmem is not exported by Glibc here).
                let base = hay.baseAddress!, last = hay.count - n.count
                var i = start
                while i <= last {
                    guard let p = memchr(base + i, Int32(n[0]), last - i + 1) else { return nil }
                    let j = base.distance(to: UnsafeRawPointer(p))
                    if memcmp(base + j, n.baseAddress!, n.count) == 0 { return j }
                    i = j + 1
                }
                return nil
            }
        }
    }

    private func emit(_ count: Int) {
        guard count > 0 else { return }
        var buffer = ByteBuffer(bytes: pending[0..<count])
        onBody(&buffer)
    }

    private func advance() throws {
        while true {
            switch state {
            case .preamble:
                if let i = find(delimiter, from: 0) {
                    pending.removeFirst(i + delimiter.count)
                    state = .afterDelimiter
                } else {
                    if pending.count >= delimiter.count { pending.removeFirst(pending.count - delimiter.count + 1) }
                    return
                }
            case .afterDelimiter:
                guard pending.count >= 2 else { return }
                if pending[0] == 45 && pending[1] == 45 {  // "--": the closing delimiter
                    state = .done
                    pending = []
                    return
                }
                // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
                var i = 0
                while i < pending.count && (pending[i] == 32 || pending[i] == 9) { i += 1 }
                guard pending.count >= i + 2 else { return }
                guard pending[i] == 13 && pending[i + 1] == 10 else { throw Failure.malformed }
                pending.removeFirst(i + 2)
                state = .headers
            case .headers:
                // An empty header block: the part's body starts at once.
                if pending.count >= 2 && pending[0] == 13 && pending[1] == 10 {
                    pending.removeFirst(2)
                    state = .body
                    continue
                }
                guard let end = find([13, 10, 13, 10], from: 0) else {
                    if pending.count > Self.maxHeaderBytes { throw Failure.malformed }
                    return
                }
                guard end <= Self.maxHeaderBytes else { throw Failure.malformed }
                let block = String(decoding: pending[0..<end], as: UTF8.self)
                for line in block.components(separatedBy: "\r\n") where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed }
                    onHeader(line[..<colon].trimmingCharacters(in: .whitespaces), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                pending.removeFirst(end + 4)
                state = .body
            case .body:
                if let i = find(delimiter, from: 0) {
                    emit(i)
                    onPartComplete()
                    pending.removeFirst(i + delimiter.count)
                    state = .afterDelimiter
                } else {
                    // Everything but what could be the start of a delimiter split across chunks.
                    let safe = pending.count - (delimiter.count - 1)
                    if safe > 0 {
                        emit(safe)
                        pending.removeFirst(safe)
                    }
                    return
                }
            case .done:
                pending = []
                return
            }
        }
    }
}
