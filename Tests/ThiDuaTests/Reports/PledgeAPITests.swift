import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

@Suite("Registrations, reports and evidence through the API")
struct PledgeAPITests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    struct Registration: Decodable { let id: UUID; let status: String; let version: Int; let revision: Int; let targets: [Line]; let returnReason: String
        struct Line: Decodable { let id: UUID?; let name: String } }
    struct Report: Decodable { let status: String; let version: Int; let isLate: Bool; let returnReason: String; let targets: [Line]; let evidence: [Item]
        struct Line: Decodable { let targetId: UUID; let actualValue: Double? }
        struct Item: Decodable { let id: UUID; let kind: String; let contentType: String? } }

    @Test func aFocalPointRegistersReportsWithEvidenceAndTheSecretariatReturnsThenAccepts() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let unit = try await app.apiToken("daumoi")
            let secretariat = try await app.apiToken("thuky")
            let reg = "/api/v1/registrations/2026/units/\(Self.id(fx.villageA))"
            #expect(try await app.api(.GET, reg, token: unit).status == .notFound)
            let body = #"{"focus":"Chuyển đổi số trong thôn","targets":[{"name":"Hộ dùng VNeID mức 2","unitOfMeasure":"%","baseline":40,"targetValue":80,"dueDate":"2026-10-30"}],"products":[{"name":"Tổ công nghệ số","description":"10 thành viên"}]}"#
            let created = try await app.api(.PUT, reg, token: unit, json: body)
            #expect(created.status == .created, "\(created.body.string)")
            var r = try decode(Registration.self, created)
            #expect(r.status == "draft")
            #expect(try await app.api(.POST, reg + "/submit", token: unit).status == .ok)
            // Returned with a reason, resubmitted with the same target line, accepted.
            let noReason = try await app.api(.POST, reg + "/return", token: secretariat, json: #"{"reason":"  "}"#)
            #expect(noReason.status == .unprocessableEntity)
            #expect(try decode(APIError.self, noReason).error.fields["reason"] != nil)
            r = try decode(Registration.self, try await app.api(.POST, reg + "/return", token: secretariat, json: #"{"reason":"Chỉ tiêu cần cao hơn"}"#))
            #expect(r.status == "returned")
            #expect(r.returnReason == "Chỉ tiêu cần cao hơn")
            let targetID = try #require(r.targets.first?.id)
            let fixed = #"{"focus":"Chuyển đổi số","targets":[{"id":"\#(Self.id(targetID))","name":"Hộ dùng VNeID mức 2","unitOfMeasure":"%","targetValue":95}],"products":[],"version":\#(r.version)}"#
            #expect(try await app.api(.PUT, reg, token: unit, json: fixed).status == .ok)
            #expect(try await app.api(.POST, reg + "/submit", token: unit).status == .ok)
            r = try decode(Registration.self, try await app.api(.POST, reg + "/accept", token: secretariat))
            #expect(r.status == "accepted")
            #expect(r.revision == 2)
            #expect(r.targets.map(\.id) == [targetID])

            // The report: evidence (a PDF as base64 and a link), results, submit.
            let rep = "/api/v1/reports/2026/units/\(Self.id(fx.villageA))"
            let upload = try await app.api(.POST, rep + "/evidence", token: unit,
                                           json: #"{"title":"Biên bản họp thôn","filename":"bien-ban.pdf","contentBase64":"\#(pdfBytes.base64EncodedString())"}"#)
            #expect(upload.status == .created, "\(upload.body.string)")
            let location = try #require(upload.headers.first(name: .location))
            #expect(try await app.api(.POST, rep + "/evidence", token: unit, json: #"{"url":"https://nghiatrung.dongnai.gov.vn/tin/1"}"#).status == .created)
            var report = try decode(Report.self, try await app.api(.GET, rep, token: unit))
            #expect(report.evidence.count == 2)
            let save = try await app.api(.PUT, rep, token: unit, json: #"{"results":"Đạt phần lớn chỉ tiêu","targets":[{"targetId":"\#(Self.id(targetID))","actualValue":72}],"version":\#(report.version)}"#)
            #expect(save.status == .ok, "\(save.body.string)")
            report = try decode(Report.self, try await app.api(.POST, rep + "/submit", token: unit))
            #expect(report.status == "submitted")
            #expect(report.isLate == false)
            #expect(report.targets.first?.actualValue == 72)
            // Downloads for those who may see the report, with the type read from the bytes.
            let file = try await app.api(.GET, location, token: secretariat)
            #expect(file.status == .ok)
            #expect(file.headers.first(name: .contentType) == "application/pdf")
            #expect(Data(file.body.readableBytesView) == pdfBytes)
            #expect(try await app.api(.GET, location, token: try await app.apiToken("canhan")).status == .forbidden)
            // Returned, fixed, accepted.
            report = try decode(Report.self, try await app.api(.POST, rep + "/return", token: secretariat, json: #"{"reason":"Thiếu minh chứng số liệu"}"#))
            #expect(report.status == "returned")
            #expect(try await app.api(.PUT, rep, token: unit, json: #"{"results":"Đã bổ sung","targets":[{"targetId":"\#(Self.id(targetID))","actualValue":81.5}],"version":\#(report.version)}"#).status == .ok)
            #expect(try await app.api(.POST, rep + "/submit", token: unit).status == .ok)
            report = try decode(Report.self, try await app.api(.POST, rep + "/accept", token: secretariat))
            #expect(report.status == "accepted")
            #expect(report.targets.first?.actualValue == 81.5)
            // Once accepted, nothing changes any more.
            #expect(try await app.api(.PUT, rep, token: unit, json: #"{"results":"x"}"#).status == .conflict)
            #expect(try await app.api(.DELETE, location, token: unit).status == .conflict)
            // Every step is in the audit log.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "annual_report").count() >= 5)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "evidence").count() == 2)
        }
    }

    @Test func lateConflictAndTheReportOfAnotherUnit() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-16")) { app, fx in
            let (target, _) = try await acceptedRegistration(app, fx)
            let unit = try await app.apiToken("daumoi")
            let rep = "/api/v1/reports/2026/units/\(Self.id(fx.villageA))"
            let first = try decode(Report.self, try await app.api(.PUT, rep, token: unit, json: #"{"results":"Bản đầu","targets":[{"targetId":"\#(Self.id(target))","actualValue":10}]}"#))
            #expect(try await app.api(.PUT, rep, token: unit, json: #"{"results":"Bản hai","version":\#(first.version)}"#).status == .ok)
            let stale = try await app.api(.PUT, rep, token: try await app.apiToken("thuky"), json: #"{"results":"Bản cũ","version":\#(first.version)}"#)
            #expect(stale.status == .conflict)
            #expect(try decode(APIError.self, stale).error.code == "conflict")
            #expect(try await AnnualReport.query(on: app.db).first()?.results == "Bản hai")
            let submitted = try decode(Report.self, try await app.api(.POST, rep + "/submit", token: unit))
            #expect(submitted.isLate)
            // Another unit's report, the council, the public, another commune.
            let other = "/api/v1/reports/2026/units/\(Self.id(fx.agencyA))"
            #expect(try await app.api(.GET, other, token: unit).status == .forbidden)
            #expect(try await app.api(.PUT, other, token: unit, json: #"{"results":"x"}"#).status == .forbidden)
            let council = try await app.apiToken("hoidong")
            #expect(try await app.api(.GET, rep, token: council).status == .ok)
            #expect(try await app.api(.PUT, rep, token: council, json: #"{"results":"x"}"#).status == .forbidden)
            #expect(try await app.api(.POST, rep + "/accept", token: council).status == .forbidden)
            #expect(try await app.api(.GET, rep, token: nil).status == .unauthorized)
            #expect(try await app.api(.GET, rep, token: try await app.apiToken("admin.b")).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/reports/2031/units/\(Self.id(fx.villageA))", token: unit).status == .notFound)
        }
    }

    @Test func savesSentAtTheSameMomentOnTheSameVersionOneWinsTheOthersAreRefused() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let (target, _) = try await acceptedRegistration(app, fx)
            let unit = try await app.apiToken("daumoi")
            let rep = "/api/v1/reports/2026/units/\(Self.id(fx.villageA))"
            let first = try decode(Report.self, try await app.api(.PUT, rep, token: unit, json: #"{"results":"Bản đầu"}"#))
            // Eight saves read the same version before any of them writes; the version check inside the write lets one through.
            let statuses = try await withThrowingTaskGroup(of: (Int, HTTPStatus).self) { group in
                for i in 1...8 {
                    group.addTask {
                        let body = #"{"results":"Bản \#(i)","targets":[{"targetId":"\#(Self.id(target))","actualValue":\#(i)}],"version":\#(first.version)}"#
                        return (i, try await app.api(.PUT, rep, token: unit, json: body).status)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let winners = statuses.filter { $0.value == .ok }.map(\.key)
            #expect(winners.count == 1, "\(statuses)")
            #expect(statuses.values.filter { $0 == .conflict }.count == 7, "\(statuses)")
            let saved = try decode(Report.self, try await app.api(.GET, rep, token: unit))
            #expect(saved.version == first.version + 1)
            #expect(try await AnnualReport.query(on: app.db).first()?.results == "Bản \(winners.first ?? 0)")
            #expect(saved.targets.first?.actualValue == Double(winners.first ?? 0))
            #expect(try await ReportTargetResult.query(on: app.db).count() == 1)
        }
    }

    @Test(arguments: [
        ("setup.pdf", Data("MZ\u{90}\u{0}".utf8) + Data(repeating: 0, count: 64), "Loại tệp không được chấp nhận"),
        ("rong.pdf", Data(), "Tệp rỗng"),
        ("../../etc/passwd.pdf", pdfBytes, "Tên tệp không hợp lệ"),
        ("lon.pdf", pdfBytes + Data(repeating: 0x20, count: 1024 * 1024 + 10), "Tệp quá lớn: tối đa 1 MB."),
    ], [false, true])
    func badUploadsThroughTheAPIAreRefusedAndLeaveNothing(_ upload: (name: String, data: Data, message: String), asFile: Bool) async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10"), settings: { $0.uploadMaxBytes = 1024 * 1024 }) { app, fx in
            let unit = try await app.apiToken("daumoi")
            let path = "/api/v1/reports/2026/units/\(Self.id(fx.villageA))/evidence"
            let res = asFile
                ? try await app.api(.POST, path + "?filename=\(upload.name.addingPercentEncoding(withAllowedCharacters: .urlQueryValue)!)", token: unit, bytes: upload.data)
                : try await app.api(.POST, path, token: unit, json: #"{"filename":"\#(upload.name)","contentBase64":"\#(upload.data.base64EncodedString())"}"#)
            #expect(res.status == .unprocessableEntity, "\(upload.name)")
            let error = try decode(APIError.self, res).error
            #expect(error.fields[asFile ? "body" : "contentBase64"]?.hasPrefix(upload.message) == true, "\(upload.name): \(error)")
            #expect(try await Evidence.query(on: app.db).count() == 0)
            #expect(try await AnnualReport.query(on: app.db).count() == 0)
            let filesDir = (app.settings.dataDirectory as NSString).appendingPathComponent("files")
            let stored = (try? FileManager.default.subpathsOfDirectory(atPath: filesDir))?.filter { $0.count > 10 } ?? []
            #expect(stored.isEmpty, "nothing written: \(stored)")
        }
    }

    @Test func aFileCanBeSentAsItIsWithItsNameAndTitleInTheQuery() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            let unit = try await app.apiToken("daumoi")
            let path = "/api/v1/reports/2026/units/\(Self.id(fx.villageA))/evidence"
            let title = "Biên bản nghiệm thu".addingPercentEncoding(withAllowedCharacters: .urlQueryValue)!
            let res = try await app.api(.POST, path + "?filename=nghiem-thu.pdf&title=\(title)", token: unit, bytes: pdfBytes)
            #expect(res.status == .created, "\(res.body.string)")
            struct Added: Decodable { let title: String; let contentType: String?; let size: Int? }
            let added = try decode(Added.self, res)
            #expect(added.title == "Biên bản nghiệm thu")
            #expect(added.contentType == "application/pdf")
            #expect(added.size == pdfBytes.count)
            let location = try #require(res.headers.first(name: .location))
            let file = try await app.api(.GET, location, token: try await app.apiToken("thuky"))
            #expect(Data(file.body.readableBytesView) == pdfBytes)
            // Only JSON or, on this route alone, application/octet-stream.
            #expect(try await app.api(.POST, path, token: unit, bytes: pdfBytes, contentType: "application/pdf").status == .unsupportedMediaType)
            #expect(try await app.api(.PUT, "/api/v1/reports/2026/units/\(Self.id(fx.villageA))", token: unit, bytes: Data("{}".utf8)).status == .unsupportedMediaType)
            // The same refusals as JSON: another unit's report, the public.
            #expect(try await app.api(.POST, "/api/v1/reports/2026/units/\(Self.id(fx.agencyA))/evidence", token: unit, bytes: pdfBytes).status == .forbidden)
            #expect(try await app.api(.POST, path, token: nil, bytes: pdfBytes).status == .unauthorized)
            #expect(try await Evidence.query(on: app.db).count() == 1)
        }
    }

    @Test func theSecretariatListsTheYear() async throws {
        try await withTestApp(clock: TestClock(day: "2026-11-10")) { app, fx in
            try await acceptedRegistration(app, fx)
            struct Row: Decodable { let ownerId: UUID; let status: String?; let targetCount: Int }
            let rows = try decode([Row].self, try await app.api(.GET, "/api/v1/registrations?year=2026", token: try await app.apiToken("thuky")))
            #expect(rows.first { $0.ownerId == fx.villageA }?.status == "accepted")
            #expect(rows.first { $0.ownerId == fx.villageA }?.targetCount == 1)
            #expect(rows.first { $0.ownerId == fx.agencyA }?.status == nil)
            #expect(!rows.contains { $0.ownerId == fx.unitB })
            #expect(try await app.api(.GET, "/api/v1/registrations?year=1999", token: try await app.apiToken("thuky")).status == .unprocessableEntity)
        }
    }
}

extension CharacterSet {
    /// The characters a query value keeps as they are (everything else percent-encoded, UTF-8).
    static let urlQueryValue = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}
