import Foundation
import Vapor

extension Response {
    /// A generated file (Excel, Word, CSV) as a download: its type, a safe name, and never cached (it holds the
    /// commune's data and is made fresh each time).
    static func download(_ data: Data, contentType: String, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.contentDisposition = .init(.attachment, filename: filename)
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
