import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import ThiDua

/// Issue 15: the four inspection documents downloaded from the pages, numbered from the per-year register when each
/// is issued (plan at approval, notice when sent, minutes when first recorded, conclusion at conclude).
@Suite("Inspections: numbered Word documents and their downloads")
struct InspectionDocumentRoutesTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }

    static func doc(_ res: HTTPResult) throws -> InspectionDocxProbe {
        #expect(res.status == .ok)
        #expect(res.headers.first(name: .contentType) == FileKind.docx.contentType)
        return try InspectionDocxProbe(Data(buffer: res.body))
    }

    static func filename(_ res: HTTPResult) -> String { res.headers.contentDisposition?.filename ?? "" }

    /// A second visit of the plan, to the agency (not the focal point's unit), on `date`.
    static func agencyVisit(_ app: Application, _ fx: Fixtures, _ w: InspectionTests.World, date: String) async throws -> UUID {
        let s = try await app.login("thuky")
        let base = "/inspections/plans/\(id(w.plan))"
        #expect(try await app.post(base + "/targets", as: s, ["unitId": id(fx.agencyA), "reason": "Nộp báo cáo muộn."]).status == .seeOther)
        #expect(try await app.post(base + "/visits", as: s, ["unitId": id(fx.agencyA), "teamId": id(w.team), "date": date, "time": "14:00",
                                                             "place": "Trụ sở Phòng", "content": "Kiểm tra hồ sơ."]).status == .seeOther)
        return try #require(try await InspectionVisit.query(on: app.db).filter(\.$unitID == fx.agencyA).first()).id!
    }

    @Test func numbersAreConsecutivePerYearAndSymbolAndKeptOnReDownload() async throws {
        let clock = TestClock(day: "2026-12-05")
        try await withTestApp(clock: clock) { app, fx in
            // The plan is approved on 05/12 (1/KH-HĐTĐKT); its visit of 10/12 is within the 7 days: its notice goes at once.
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026")
            let second = try await Self.agencyVisit(app, fx, w, date: "11/12/2026")
            #expect(try await InspectionDocumentNumbers.plan(w.plan, on: app.db).plan?.number == 1)
            #expect(try await InspectionDocumentNumbers.visit(w.visit, on: app.db).notice?.number == 1)
            #expect(try await InspectionDocumentNumbers.visit(second, on: app.db).notice?.number == 2)
            #expect(try await InspectionDocumentNumbers.visit(second, on: app.db).notice?.date.iso == "2026-12-05")

            // Downloading twice prints the same number and takes none.
            let s = try await app.login("thuky")
            for _ in 0..<2 {
                let res = try await app.get("/inspections/visits/\(Self.id(second))/notice.docx", as: s)
                #expect(Self.filename(res) == "thong-bao-kiem-tra-2026-so-2.docx")
                #expect(try Self.doc(res).paragraph(containing: "Số: 2/TB-HĐTĐKT") != nil)
            }
            #expect(try await InspectionDocumentNumbers.visit(second, on: app.db).notice?.number == 2)

            // A reschedule withdraws the notice (its number stays in the history) and the new notice takes the next one.
            #expect(try await app.post("/inspections/visits/\(Self.id(second))/reschedule", as: s,
                                       ["date": "12/12/2026", "time": "14:00", "reason": "Trùng lịch họp."]).status == .seeOther)
            #expect(try await InspectionDocumentNumbers.visit(second, on: app.db).notice?.number == 3)
            #expect(try await InspectionDocumentNumbers.withdrawnNotices(second, on: app.db).map(\.number) == [2])

            // Minutes when first recorded (saving again keeps the number), then the conclusion from the notices' register.
            clock.advance(by: 5 * 86_400)
            let actor = AuditActor(userID: w.leaderUser, name: "Nguyễn Văn Kiểm", communeID: fx.communeA, ip: nil, at: clock.now())
            let minutes = InspectionMinutesInput(startsAt: "08:00", endsAt: "10:30", place: "Nhà văn hóa thôn", teamAttendees: "Nguyễn Văn Kiểm – Trưởng đoàn",
                                                 unitAttendees: "Trưởng thôn", strengths: "Hồ sơ đầy đủ.", weaknesses: "", recommendations: "")
            for _ in 0..<2 {
                let v = try #require(try await InspectionVisit.find(w.visit, on: app.db))
                try await InspectionCommands.recordMinutes(v, minutes, expectedVersion: nil, actor: actor, on: app.db)
            }
            #expect(try await InspectionDocumentNumbers.visit(w.visit, on: app.db).minutes?.number == 1)
            let v = try #require(try await InspectionVisit.find(w.visit, on: app.db))
            _ = try await InspectionCommands.conclude(v, conclusion: "Đạt yêu cầu.", items: [InspectionFollowUpInput(text: "Bổ sung minh chứng", dueDate: "31/12/2026")],
                                                      expectedVersion: nil, actor: actor, notifier: nil, on: app.db)
            let numbers = try await InspectionDocumentNumbers.visit(w.visit, on: app.db)
            #expect(numbers.conclusion?.number == 4)
            #expect(numbers.notice?.number == 1 && numbers.minutes?.number == 1)
            let later = try await app.login("thuky") // five days on: a new session
            let bb = try await app.get("/inspections/visits/\(Self.id(w.visit))/minutes.docx", as: later)
            #expect(Self.filename(bb) == "bien-ban-kiem-tra-2026-so-1.docx")
            let minutesDoc = try Self.doc(bb)
            #expect(minutesDoc.paragraph(containing: "Số: 1/BB-ĐKT") != nil)
            // Signed by the team leader and the unit's head (from the visit's team and unit).
            #expect(minutesDoc.xml.contains("Nguyễn Văn Kiểm") && minutesDoc.xml.contains("TRƯỞNG ĐOÀN"))
            let kl = try Self.doc(try await app.get("/inspections/visits/\(Self.id(w.visit))/conclusion.docx", as: later))
            #expect(kl.paragraph(containing: "Số: 4/TB-HĐTĐKT") != nil)
            #expect(kl.xml.contains("1/BB-ĐKT"))
            // One counter per year and symbol.
            let counters = try await DocumentNumber.query(on: app.db).filter(\.$communeID == fx.communeA).all()
                .filter { $0.symbol.hasSuffix("ĐKT") }.map { "\($0.year) \($0.symbol) \($0.lastNumber)" }.sorted()
            #expect(counters == ["2026 BB-ĐKT 1", "2026 KH-HĐTĐKT 1", "2026 TB-HĐTĐKT 4"])
        }
    }

    @Test func aUnitGetsOnlyItsOwnVisitsDocuments() async throws {
        try await withTestApp(clock: TestClock(day: "2026-12-05")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026")
            let other = try await Self.agencyVisit(app, fx, w, date: "11/12/2026")
            let focal = try await app.login("daumoi")
            // Its own visit's notice.
            let own = try await app.get("/inspections/visits/\(Self.id(w.visit))/notice.docx", as: focal)
            #expect(try Self.doc(own).paragraph(containing: "Số: 1/TB-HĐTĐKT") != nil)
            // Another unit's visit: as if absent.
            for doc in ["notice", "minutes", "conclusion"] {
                #expect(try await app.get("/inspections/visits/\(Self.id(other))/\(doc).docx", as: focal).status == .notFound)
            }
            // The visit page links its documents.
            let page = try await app.get("/inspections/visits/\(Self.id(w.visit))", as: focal)
            #expect(page.body.string.contains("/inspections/visits/\(Self.id(w.visit))/notice.docx"))
        }
    }

    @Test func theApprovedPlanPrintsItsNumberTheApproverAndItsBases() async throws {
        try await withTestApp(clock: TestClock(day: "2026-12-05")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026")
            let approver = try #require(try await InspectionPlan.find(w.plan, on: app.db)).approvedByName
            #expect(!approver.isEmpty)
            let res = try await app.get("/inspections/plans/\(Self.id(w.plan))/plan.docx", as: try await app.login("thuky"))
            #expect(Self.filename(res) == "ke-hoach-kiem-tra-2026.docx")
            let doc = try Self.doc(res)
            #expect(doc.xml.contains("Số: 1/KH-HĐTĐKT"))
            #expect(doc.paragraph(containing: "ngày 05 tháng 12 năm 2026") != nil)
            // No council chair on record in the Signers book: the chairperson who approved it signs for the council.
            #expect(doc.xml.contains(approver))
            #expect(doc.xml.contains("TM. HỘI ĐỒNG"))
            // The commune's bases meant for the plan, as data.
            #expect(doc.paragraph(containing: "Căn cứ Luật Thi đua, khen thưởng") != nil)
            // Issued to the units it visits: the focal point may download it too; the overview links it.
            #expect(try await app.get("/inspections/plans/\(Self.id(w.plan))/plan.docx", as: try await app.login("daumoi")).status == .ok)
            let overview = try await app.get("/inspections?year=2026", as: try await app.login("thuky"))
            #expect(overview.body.string.contains("/inspections/plans/\(Self.id(w.plan))/plan.docx"))
        }
    }

    static func setNoticeDays(_ app: Application, _ fx: Fixtures, _ days: Int) async throws {
        _ = try await InspectionQueries.settings(on: app.db, communeID: fx.communeA)
        let s = try #require(try await InspectionSettings.query(on: app.db).filter(\.$communeID == fx.communeA).first())
        s.noticeDays = days
        try await s.save(on: app.db)
    }

    @Test func anApprovedPlanKeepsTheNoticeDaysItWasIssuedWith() async throws {
        try await withTestApp(clock: TestClock(day: "2026-12-05")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026")
            let s = try await app.login("thuky")
            let url = "/inspections/plans/\(Self.id(w.plan))/plan.docx"
            #expect(try Self.doc(try await app.get(url, as: s)).text.contains("trước ngày kiểm tra ít nhất 7 ngày"))
            #expect(try await InspectionDocumentNumbers.plan(w.plan, on: app.db).noticeDays == 7)
            // The secretariat changes the setting (7 → 10): the issued plan still reads 7.
            try await Self.setNoticeDays(app, fx, 10)
            let text = try Self.doc(try await app.get(url, as: s)).text
            #expect(text.contains("trước ngày kiểm tra ít nhất 7 ngày") && !text.contains("ít nhất 10 ngày"))
        }
    }

    @Test func aDraftPlanListsItsTargetsWithReasonsAndTheCurrentNoticeDays() async throws {
        try await withTestApp(clock: TestClock(day: "2026-12-05")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026", approve: false)
            let s = try await app.login("thuky")
            // A second target, not scheduled yet.
            #expect(try await app.post("/inspections/plans/\(Self.id(w.plan))/targets", as: s,
                                       ["unitId": Self.id(fx.agencyA), "reason": "Nộp báo cáo muộn."]).status == .seeOther)
            try await Self.setNoticeDays(app, fx, 10)
            let doc = try Self.doc(try await app.get("/inspections/plans/\(Self.id(w.plan))/plan.docx", as: s))
            #expect(doc.text.contains("1. Đối tượng kiểm tra: 2 cơ quan, đơn vị"))
            #expect(doc.text.contains("trước ngày kiểm tra ít nhất 10 ngày"))
            let village = try #require(try await Unit.find(fx.villageA, on: app.db)).name
            let agency = try #require(try await Unit.find(fx.agencyA, on: app.db)).name
            let table = try #require(doc.tables.first { $0.rows.first?.contains("Lý do lựa chọn") == true })
            #expect(table.rows.count == 3)
            #expect(table.rows[1][1] == village && table.rows[1][2] == "Điểm tự chấm thấp, nộp báo cáo muộn."
                    && table.rows[1][3] == "08 giờ 00, ngày 10/12/2026" && table.rows[1][4] == "Nhà văn hóa thôn Bình Thủy")
            #expect(table.rows[2] == ["2", agency, "Nộp báo cáo muộn.", "Chưa xếp lịch", "", "", ""])
        }
    }

    @Test func aDraftPlansDocumentHasNoNumber() async throws {
        try await withTestApp(clock: TestClock(day: "2026-12-05")) { app, fx in
            let w = try await InspectionTests.plan(app, fx, date: "10/12/2026", approve: false)
            let doc = try Self.doc(try await app.get("/inspections/plans/\(Self.id(w.plan))/plan.docx", as: try await app.login("thuky")))
            let line = try #require(doc.paragraph(containing: "/KH-HĐTĐKT")).text
            #expect(line.hasPrefix("Số:") && !line.contains(where: \.isNumber))
            #expect(try await InspectionDocumentNumbers.plan(w.plan, on: app.db).plan == nil)
            // Not issued yet: not for a unit.
            #expect(try await app.get("/inspections/plans/\(Self.id(w.plan))/plan.docx", as: try await app.login("daumoi")).status == .notFound)
        }
    }
}
