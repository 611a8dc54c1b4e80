import Foundation
import NIOCore
import Vapor

/// Reads a `multipart/form-data` body chunk by chunk with ``MultipartStream``: text parts into memory
/// (``UploadLimits/fieldBytes``), the file part to an ``IncomingFile``, any other file part skipped.
final class MultipartReceiver {
    private enum Part {
        case text(name: String, disposition: String, bytes: [UInt8])
        case file(IncomingFile)
        case skip
    }

    private let req: Request
    private let boundary: String
    private let limits: UploadLimits
    private let csrf: String?
    private let parser: MultipartStream
    private var csrfChecked = false
    private var headers: [(String, String)] = []
    private var part: Part?
    private var pairs: [ReceivedUpload.Field] = []
    private var fieldBytes = 0
    private var writer: IncomingFile?
    private var fileDone = false
    private var failure: (any Error)?
    /// The last bytes of the body, to see its closing delimiter (a cut connection ends the body without one).
    private var tail: [UInt8] = []

    init(_ req: Request, boundary: String, limits: UploadLimits, csrf: String?) {
        self.req = req
        self.boundary = boundary
        self.limits = limits
        self.csrf = csrf
        parser = MultipartStream(boundary: boundary)
        parser.onHeader = { [unowned self] name, value in headers.append((name, value)) }
        parser.onBody = { [unowned self] buffer in body(&buffer) }
        parser.onPartComplete = { [unowned self] in complete() }
    }

    func run() async throws -> ReceivedUpload {
        var body = req.body.makeAsyncIterator()
        var total = 0
        do {
            while let chunk = try await body.next() {
                total += chunk.readableBytes
                req.countUploadBytes(chunk.readableBytes)
                if total > limits.bodyBytes { throw AppError.payloadTooLarge }
                keepTail(chunk)
                do { try parser.execute(chunk) } catch { throw AppError.badRequest(CoreText.errorBadRequest) }
                if let failure { throw failure }
                if let writer, writer.pendingBytes >= StreamedUpload.writeChunk { try await writer.flush() }
            }
            let closing = Array("--\(boundary)--".utf8)
            guard tail.count >= closing.count, (0...(tail.count - closing.count)).contains(where: { Array(tail[$0..<$0 + closing.count]) == closing })
            else { throw AppError.badRequest(CoreText.errorBadRequest) }
            if csrf != nil && !csrfChecked { throw AppError.csrf }
            var file: TempFile?
            if let writer {
                let received = try await writer.finish()
                // An empty part with no name is a file input left empty: no file chosen.
                if received.size == 0 && received.filename.isEmpty { received.remove() } else { file = received }
            }
            return ReceivedUpload(pairs: pairs, file: file, boundary: boundary)
        } catch {
            writer?.discard()
            await StreamedUpload.drainRest(req, &body, total: total, limits: limits, after: error)
            throw error
        }
    }

    private func keepTail(_ chunk: ByteBuffer) {
        tail.append(contentsOf: chunk.readableBytesView.suffix(boundary.count + 256))
        if tail.count > boundary.count + 256 { tail.removeFirst(tail.count - boundary.count - 256) }
    }

    private func classify() -> Part {
        var h = HTTPHeaders()
        for (name, value) in headers { h.add(name: name, value: value) }
        let disposition = h.first(name: .contentDisposition) ?? ""
        let parsed = h.contentDisposition
        let name = parsed?.name ?? ""
        guard let filename = parsed?.filename else { return .text(name: name, disposition: disposition, bytes: []) }
        // A file: the token must have come first, so that a forged upload costs no disk.
        if csrf != nil && !csrfChecked {
            failure = AppError.csrf
            return .skip
        }
        guard name == limits.fileField, writer == nil, let file = try? IncomingFile(req, limits: limits, filename: filename,
                                                                                   contentType: h.first(name: .contentType)) else { return .skip }
        writer = file
        return .file(file)
    }

    private func body(_ buffer: inout ByteBuffer) {
        guard failure == nil else { return }
        if part == nil { part = classify() }
        switch part {
        case .text(let name, let disposition, var bytes):
            fieldBytes += buffer.readableBytes
            if fieldBytes > limits.fieldBytes {
                failure = AppError.payloadTooLarge
                return
            }
            part = nil // not holding a second reference while appending
            bytes.append(contentsOf: buffer.readableBytesView)
            part = .text(name: name, disposition: disposition, bytes: bytes)
        case .file(let file):
            file.take(&buffer)
        case .skip, .none:
            break
        }
    }

    private func complete() {
        guard failure == nil else { return }
        if part == nil { part = classify() }
        if case .text(let name, let disposition, let bytes) = part {
            let value = String(decoding: bytes, as: UTF8.self)
            if name == CSRFMiddleware.field, let csrf, !csrfChecked {
                guard CSRFMiddleware.tokenMatches(value, csrf) else {
                    failure = AppError.csrf
                    return
                }
                csrfChecked = true
            }
            pairs.append(.init(name: name, value: value, disposition: disposition))
        }
        headers = []
        part = nil
    }
}
