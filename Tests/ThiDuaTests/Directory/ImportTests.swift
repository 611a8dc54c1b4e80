import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("CSV import and export")
struct ImportTests {
    /// POST a file to an import page as multipart/form-data.
    static func upload(_ app: Application, _ path: String, as s: WebSession, file: Data, name: String = "ds.csv") async throws -> HTTPResult {
        let boundary = "----thidua\(UUID().uuidString)"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(s.csrf)\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(file)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = s.headers
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await app.send(.POST, path, headers: headers, body: ByteBuffer(data: body))
    }

    static let bom = Data([0xEF, 0xBB, 0xBF])

    @Test(arguments: [true, false])
    func importsUnitsWithOrWithoutBOM(withBOM: Bool) async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let csv = """
            Mã đơn vị,Tên đơn vị,Loại đơn vị,Nhóm tiêu chí,Mã thôn,Người đứng đầu,Chức vụ người đứng đầu,Điện thoại,Email,Địa chỉ
            TH-02,Thôn Bình Hà,Thôn,,,Lê Văn Hà,Trưởng thôn,0912 111 222,,
            DN-001,"Công ty TNHH Điều, Hạt Nghĩa Trung",Doanh nghiệp,1.3,TH-02,Phạm Thị Điều,Giám đốc,,dieu@vd.vn,"Thôn Bình Hà"
            """
            let file = (withBOM ? Self.bom : Data()) + Data(csv.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            let res = try await Self.upload(app, "/units/import", as: s, file: file)
            #expect(res.status == .seeOther, "\(res.body.string.prefix(2000))")
            let business = try #require(try await Unit.query(on: app.db).filter(\.$code == "DN-001").first())
            #expect(business.name == "Công ty TNHH Điều, Hạt Nghĩa Trung")
            let village = try #require(try await Unit.query(on: app.db).filter(\.$code == "TH-02").first())
            #expect(business.villageID == village.id, "a row may point at a village created by the same file")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectID == business.id!).count() == 1)
        }
    }

    @Test func aFileWithAnyBadRowImportsNothingAndListsEveryProblem() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            let before = try await Person.query(on: app.db).count()
            let csv = """
            Họ và tên;Chức vụ;Mã đơn vị;Điện thoại;Email;Ngày sinh
            Nguyễn Văn An;Công chức;VHXH;0912 000 001;;01/02/1980
            ;Không tên;VHXH;;;
            Trần Văn Bình;;KHONG-CO;;;
            Lê Thị Cúc;;VHXH;;;31/02/1990
            Nguyễn Văn An;Công chức;VHXH;;;01/02/1980
            Phạm Văn Dũng;;;abc;sai@;
            """
            let res = try await Self.upload(app, "/people/import", as: s, file: Data(csv.utf8))
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("Chưa nhập dòng nào"))
            // row numbers count the header as row 1
            for expected in ["<td class=\"num\">3</td>", "<td class=\"num\">4</td>", "<td class=\"num\">5</td>", "<td class=\"num\">6</td>", "<td class=\"num\">7</td>"] {
                #expect(html.contains(expected), "missing \(expected)")
            }
            #expect(html.contains("Không tìm thấy đơn vị này trong xã."))
            #expect(html.contains("Ngày không hợp lệ"))
            #expect(html.contains("Trùng với dòng 2 trong tệp."))
            #expect(html.contains("Địa chỉ email không hợp lệ."))
            #expect(try await Person.query(on: app.db).count() == before, "nothing imported")
        }
    }

    @Test func badEncodingMissingColumnAndEmptyFileAreExplained() async throws {
        try await withTestApp { app, _ in
            let s = try await app.login("thuky")
            // "Thôn" in Windows-1258 is not valid UTF-8.
            let latin = Data("Mã đơn vị,Tên đơn vị,Loại đơn vị\nTH-09,Th".utf8) + Data([0xF4, 0x6E]) + Data(",Thôn\n".utf8)
            let enc = try await Self.upload(app, "/units/import", as: s, file: latin)
            #expect(enc.status == .unprocessableEntity)
            #expect(enc.body.string.contains("Tệp không phải mã UTF-8"))
            let missing = try await Self.upload(app, "/units/import", as: s, file: Data("Mã đơn vị,Tên đơn vị\nTH-09,Thôn 9\n".utf8))
            #expect(missing.body.string.contains("Thiếu cột bắt buộc “Loại đơn vị”."))
            let empty = try await Self.upload(app, "/units/import", as: s, file: Data())
            #expect(empty.status == .unprocessableEntity)
            let duplicate = try await Self.upload(app, "/units/import", as: s, file: Data("Mã đơn vị,Tên đơn vị,Loại đơn vị\nTH-01,Trùng,Thôn\n".utf8))
            #expect(duplicate.body.string.contains("Mã đơn vị đã có trong xã."))
            #expect(try await Unit.query(on: app.db).filter(\.$code == "TH-09").count() == 0)
        }
    }

    @Test func exportHasBOMAndRoundTrips() async throws {
        try await withTestApp { app, fx in
            let s = try await app.login("thuky")
            let res = try await app.get("/units/export.csv", as: s)
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.subType == "csv")
            let bytes = Array(res.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let rows = try CSV.parse(Data(bytes))
            #expect(rows[0] == DirectoryColumns.units.map(\.header))
            #expect(rows.contains { $0.first == "VHXH" && $0[1] == "Phòng Văn hóa - Xã hội" })
            #expect(!rows.contains { $0.first == "TH-01" && $0[1] == "Thôn Phú Lâm" }, "nothing from the other commune")
            _ = fx
        }
    }
}
