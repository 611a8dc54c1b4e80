import Foundation
import Testing
@testable import ThiDua

/// The four inspection documents (issue 15) as pure builders: each one, from a realistic input whose every text holds
/// markup, ampersands, quotes and a control character, opens as XML and meets the NĐ 30 points an office checks.
@Suite("Inspection documents: plan, notice, minutes, conclusion")
struct InspectionDocumentsTests {
    typealias D = InspectionDocuments

    /// What a careless paste brings: tags, an ampersand, straight and curly quotes, a vertical tab (forbidden in XML 1.0).
    static let noise = " <b>đậm</b> & \"ngoặc\" “kép” 'đơn'\u{0B}"
    static let context = D.Context(authority: "ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG", communeName: "Nghĩa Trung")
    static let unit = "Trường THCS \"Lê Quý Đôn\" & <Nghĩa Trung>"
    static let chair = SignatureBlock(lines: ["TM. HỘI ĐỒNG", "CHỦ TỊCH"], name: "Nguyễn Văn Thành")
    static let plan = D.Reference(number: "2/KH-HĐTĐKT", date: LocalDate(year: 2026, month: 1, day: 20))

    static let members = [
        D.Member(name: "Trần Thị Thu Hà", position: "Công chức Văn hóa - Xã hội", role: .secretary, task: "Ghi biên bản, tổng hợp điểm" + noise),
        D.Member(name: "Lê Hoàng Phúc", position: "Phó Chủ tịch UBND xã", role: .leader, task: "Chủ trì, kết luận"),
        D.Member(name: "Đặng Thị Ngọc Ánh", position: "Chủ tịch Hội Liên hiệp Phụ nữ xã", role: .member, task: "Kiểm tra hồ sơ, minh chứng"),
    ]

    static func planInput(number: Int? = 2, date: LocalDate? = LocalDate(year: 2026, month: 1, day: 20)) -> D.PlanInput {
        D.PlanInput(
            context: context, year: 2026, number: number, date: date,
            legalBases: [DocxTemplates.LegalBasis(name: "Luật Thi đua, khen thưởng", date: LocalDate(year: 2022, month: 6, day: 15))],
            movementPlan: D.Reference(number: "05/KH-UBND", date: LocalDate(year: 2026, month: 1, day: 15)),
            purpose: "Đánh giá thực tế việc triển khai phong trào." + noise + "\n\nPhát hiện, nhân rộng điển hình tiên tiến.",
            content: "Kết quả thực hiện chỉ tiêu “Bình dân học vụ số”." + noise,
            visits: [
                D.PlanVisit(unit: unit, date: LocalDate(year: 2026, month: 4, day: 14), time: "08:00", place: "Phòng họp nhà trường" + noise,
                            content: "Chuyển đổi số trong dạy học" + noise, team: "Đoàn số 1"),
                D.PlanVisit(unit: "Thôn Đức Thọ", date: LocalDate(year: 2026, month: 4, day: 21), time: "14:00", place: "Nhà văn hóa thôn",
                            content: "Tổ công nghệ số cộng đồng", team: "Đoàn số 2"),
            ],
            noticeDays: 7,
            teams: [D.Team(name: "Đoàn kiểm tra số 1", assignment: "Nhóm 1.1 – cơ quan, trường học" + noise, members: members),
                    D.Team(name: "Đoàn kiểm tra số 2", assignment: "Các thôn", members: [
                        D.Member(name: "Phạm Quốc Việt", position: "Chủ tịch Ủy ban MTTQ Việt Nam xã", role: .leader, task: "Chủ trì"),
                    ])],
            organisation: "Phòng Văn hóa - Xã hội thông báo lịch kiểm tra." + noise,
            signature: chair)
    }

    static func noticeInput() -> D.NoticeInput {
        D.NoticeInput(context: context, year: 2026, number: 11, date: LocalDate(year: 2026, month: 4, day: 7), plan: plan, unit: unit,
                      criteriaGroup: "Nhóm 1.1", team: "Đoàn kiểm tra số 1", content: "Chuyển đổi số trong dạy học" + noise,
                      visitDate: LocalDate(year: 2026, month: 4, day: 14), visitTime: "08:00", place: "Phòng họp nhà trường", members: members,
                      contact: "Bà Trần Thị Thu Hà, 0912 345 678", signature: chair)
    }

    static func minutesInput() -> D.MinutesInput {
        D.MinutesInput(
            context: context, year: 2026, number: 3, plan: plan, notice: D.Reference(number: "11/TB-HĐTĐKT", date: LocalDate(year: 2026, month: 4, day: 7)),
            unit: unit, team: "Đoàn kiểm tra số 1", date: LocalDate(year: 2026, month: 4, day: 14), startsAt: "08:00", endsAt: "10:30",
            place: "Phòng họp nhà trường" + noise,
            teamAttendees: ["Lê Hoàng Phúc, Phó Chủ tịch UBND xã, Trưởng đoàn", "Trần Thị Thu Hà, Thư ký đoàn" + noise],
            unitAttendees: ["Võ Minh Khôi, Hiệu trưởng\nNguyễn Thị Lan, Phó Hiệu trưởng"],
            checklist: [
                D.ChecklistLine(criterion: "Xây dựng kế hoạch, đăng ký thi đua" + noise, maxPoints: 20, selfPoints: 20, teamPoints: 18.5),
                D.ChecklistLine(criterion: "Tỷ lệ hồ sơ trực tuyến toàn trình", maxPoints: 30, selfPoints: 28, teamPoints: 25),
                D.ChecklistLine(criterion: "Sáng kiến, mô hình chuyển đổi số", maxPoints: 1250, selfPoints: nil, teamPoints: 1000),
            ],
            strengths: "Ứng dụng sổ điểm điện tử." + noise, weaknesses: "Minh chứng chưa đầy đủ." + noise,
            findings: [D.Finding(text: "Biên bản họp chi bộ thiếu chữ ký" + noise, evidence: ["anh-1.jpg", "bien_ban & ky.pdf"])],
            recommendations: "Bổ sung minh chứng trước 30/6/2026." + noise,
            teamLeader: D.teamLeaderBlock(name: "Lê Hoàng Phúc"), unitHead: D.unitHeadBlock(name: "Võ Minh Khôi", title: "Hiệu trưởng"))
    }

    static func conclusionInput(scored: Bool = true) -> D.ConclusionInput {
        D.ConclusionInput(
            context: context, year: 2026, number: 15, date: LocalDate(year: 2026, month: 4, day: 24), plan: plan,
            minutes: D.Reference(number: "3/BB-ĐKT", date: LocalDate(year: 2026, month: 4, day: 14)), unit: unit, team: "Đoàn kiểm tra số 1",
            visitDate: LocalDate(year: 2026, month: 4, day: 14), maxPoints: scored ? 1300 : nil, selfPoints: scored ? 48 : nil,
            teamPoints: scored ? 1043.5 : nil,
            conclusion: "Đơn vị triển khai nghiêm túc." + noise + "\nCòn chậm cập nhật minh chứng.",
            followUps: [D.FollowUp(text: "Bổ sung minh chứng" + noise, dueDate: LocalDate(year: 2026, month: 6, day: 30), responsible: ""),
                        D.FollowUp(text: "Cập nhật Tổ công nghệ số", dueDate: LocalDate(year: 2026, month: 7, day: 15), responsible: "Thôn Đức Thọ")],
            signature: chair)
    }

    /// The NĐ 30 points every council document meets: the parent body regular, the council bold on two lines (never
    /// "THI ĐUA - KHEN / THƯỞNG"), the Số line with the register symbol, the place-date line, the trích yếu in bold.
    static func expectHeading(_ doc: InspectionDocxProbe, number: String, date: String, kind: String, summary: String) throws {
        let parent = try #require(doc.paragraph(containing: "ỦY BAN NHÂN DÂN"))
        #expect(!parent.bold && parent.table == 0)
        for line in ["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"] {
            let p = try #require(doc.paragraph(containing: line))
            #expect(p.bold && p.table == 0 && p.alignment == "center", "\(line) bold in the heading")
        }
        #expect(doc.paragraph(containing: "Số: \(number)")?.table == 0)
        #expect(doc.paragraph(containing: date)?.table == 0)
        #expect(doc.paragraph(containing: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")?.bold == true)
        let title = try #require(doc.paragraphs.first { $0.text == kind && $0.table == nil })
        #expect(title.bold && title.alignment == "center")
        let summaryLine = try #require(doc.paragraphs.first { $0.table == nil && $0.text.contains(summary) })
        #expect(summaryLine.bold)
        // The short line under the trích yếu: an empty paragraph with a bottom border right after it.
        #expect(doc.xml.contains("<w:pBdr><w:bottom w:val=\"single\""))
    }

    /// Every bordered table repeats its header row and nothing else.
    static func expectRepeatedHeaders(_ doc: InspectionDocxProbe) {
        let data = doc.tables.filter(\.bordered)
        #expect(!data.isEmpty)
        for t in data { #expect(t.header.first == true && !t.header.dropFirst().contains(true)) }
    }

    /// The markup came through as text, and the vertical tab did not reach the XML.
    static func expectNoiseIsText(_ doc: InspectionDocxProbe) {
        #expect(doc.text.contains("<b>đậm</b> & \"ngoặc\" “kép” 'đơn'"))
        #expect(!doc.xml.contains("\u{0B}"))
        #expect(doc.xml.contains("&lt;b&gt;đậm&lt;/b&gt; &amp;"))
    }

    @Test func thePlanHasItsFiveSectionsTheScheduleAndTheTeams() throws {
        // act
        let doc = try InspectionDocxProbe(try D.plan(Self.planInput()))
        // check: heading, trích yếu, legal basis with its date, the movement's plan
        try Self.expectHeading(doc, number: "2/KH-HĐTĐKT", date: "Nghĩa Trung, ngày 20 tháng 01 năm 2026", kind: "KẾ HOẠCH",
                               summary: "Kiểm tra phong trào thi đua")
        #expect(doc.paragraph(containing: "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")?.italic == true)
        #expect(doc.text.contains("Thực hiện Kế hoạch số 05/KH-UBND ngày 15 tháng 01 năm 2026 của Ủy ban nhân dân xã Nghĩa Trung"))
        // the five sections, bold, in order
        let sections = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG KIỂM TRA", "III. ĐỐI TƯỢNG, THỜI GIAN, ĐỊA ĐIỂM",
                        "IV. THÀNH PHẦN ĐOÀN KIỂM TRA", "V. TỔ CHỨC THỰC HIỆN"]
        let at = try sections.map { s in try #require(doc.paragraphs.firstIndex { $0.text == s && $0.bold }, "\(s)") }
        #expect(at == at.sorted())
        // a paragraph per typed line, empty lines dropped
        #expect(doc.paragraph(containing: "Phát hiện, nhân rộng điển hình tiên tiến.") != nil)
        #expect(doc.text.contains("1. Đối tượng kiểm tra: 2 cơ quan, đơn vị"))
        #expect(doc.text.contains("trước ngày kiểm tra ít nhất 7 ngày"))
        // the schedule: TT, unit, time, place, content, team
        let schedule = try #require(doc.tables.first { $0.rows.first?.first == "TT" && $0.rows.first?.contains("Đoàn") == true })
        #expect(schedule.rows[0] == ["TT", "Đơn vị được kiểm tra", "Lý do lựa chọn", "Thời gian", "Địa điểm", "Nội dung", "Đoàn"])
        #expect(schedule.rows[1][1] == Self.unit && schedule.rows[1][3] == "08 giờ 00, ngày 14/04/2026" && schedule.rows[2][6] == "Đoàn số 2")
        // the teams: leader first, then members, the secretary last, each with a task
        let team = try #require(doc.tables.first { $0.rows.first?.contains("Phân công") == true })
        #expect(team.rows.dropFirst().map { $0[1] } == ["Lê Hoàng Phúc", "Đặng Thị Ngọc Ánh", "Trần Thị Thu Hà"])
        #expect(team.rows[1][3] == "Trưởng đoàn" && team.rows[1][4] == "Chủ trì, kết luận" && team.rows[3][3] == "Thư ký đoàn")
        #expect(doc.text.contains("Phụ trách: Nhóm 1.1 – cơ quan, trường học"))
        Self.expectRepeatedHeaders(doc)
        Self.expectNoiseIsText(doc)
        // the signature (last table): authority, position, the name in bold, Nơi nhận beside it
        let last = doc.tables.count - 1
        let signer = doc.cell(table: last, row: 0, cell: 1)
        #expect(signer.map(\.text).prefix(2) == ["TM. HỘI ĐỒNG", "CHỦ TỊCH"])
        #expect(signer.filter { $0.text.isEmpty }.count >= DocxTemplates.signatureSpace)
        #expect(signer.last?.text == "Nguyễn Văn Thành" && signer.last?.bold == true)
        let recipients = doc.cell(table: last, row: 0, cell: 0)
        #expect(recipients.first?.text == "Nơi nhận:" && recipients.first?.bold == true && recipients.first?.italic == true)
        #expect(recipients.last?.text == "- Lưu: VT, VHXH.")
    }

    @Test func thePlanListsEveryTargetWithItsReasonScheduledOrNot() throws {
        // setup: three units chosen, two of them scheduled
        var input = Self.planInput()
        input.targets = [D.PlanTarget(unit: "Thôn Đức Thọ", reason: "Điểm tự chấm thấp năm trước."),
                         D.PlanTarget(unit: "Công an xã", reason: "Nộp báo cáo muộn."),
                         D.PlanTarget(unit: Self.unit, reason: "Đơn vị mới thành lập.")]
        input.visits[0].time = "8:30"
        input.visits[0].date = LocalDate(year: 2027, month: 3, day: 15)
        // act
        let doc = try InspectionDocxProbe(try D.plan(input))
        // check: the count is of the targets; each row has its reason; the unscheduled one last, "Chưa xếp lịch"
        #expect(doc.text.contains("1. Đối tượng kiểm tra: 3 cơ quan, đơn vị"))
        let schedule = try #require(doc.tables.first { $0.rows.first?.contains("Lý do lựa chọn") == true })
        #expect(schedule.rows.count == 4)
        #expect(schedule.rows[1][0...2] == ["1", Self.unit, "Đơn vị mới thành lập."] && schedule.rows[1][6] == "Đoàn số 1")
        #expect(schedule.rows[1][3] == "08 giờ 30, ngày 15/03/2027")
        #expect(schedule.rows[2][1] == "Thôn Đức Thọ" && schedule.rows[2][2] == "Điểm tự chấm thấp năm trước.")
        #expect(schedule.rows[3] == ["3", "Công an xã", "Nộp báo cáo muộn.", "Chưa xếp lịch", "", "", ""])
        // nothing scheduled at all: the targets are still listed
        input.visits = []
        let none = try InspectionDocxProbe(try D.plan(input))
        #expect(none.text.contains("1. Đối tượng kiểm tra: 3 cơ quan, đơn vị"))
        #expect(none.tables.first { $0.rows.first?.contains("Lý do lựa chọn") == true }?.rows.count == 4)
    }

    @Test func theScheduleCellJoinsTheHourAndTheDay() {
        let T = InspectionDocumentText.self
        #expect(T.scheduleCell(date: LocalDate(year: 2027, month: 3, day: 15), time: "08:30") == "08 giờ 30, ngày 15/03/2027")
        #expect(T.scheduleCell(date: LocalDate(year: 2027, month: 3, day: 15), time: "") == "ngày 15/03/2027")
    }

    @Test func theMinutesNoteColumnIsWideEnoughForAShortNote() throws {
        let line = D.ChecklistLine(criterion: "Tiêu chí 1", maxPoints: 10, selfPoints: 9, teamPoints: 8.5, note: "Thiếu hồ sơ minh chứng")
        guard case .table(let table) = D.checklistTable([line]) else { Issue.record("not a table"); return }
        let widths = table.columnWidths
        #expect(widths.count == 6)
        // The text width of A4 with NĐ 30 margins (30 + 15 mm): 165 mm, the note about a third of the criterion's.
        #expect(abs(widths.reduce(0, +) - 165) < 0.01)
        #expect(widths[5] >= 35 && widths[5] >= widths[1] / 2)
    }

    @Test func aDraftPlanLeavesTheNumberAndTheDateToFillIn() throws {
        // act
        let doc = try InspectionDocxProbe(try D.plan(Self.planInput(number: nil, date: nil)))
        // check: the symbol stays, the number and the date are blanks
        let number = try #require(doc.paragraph(containing: "/KH-HĐTĐKT")).text
        #expect(number.hasPrefix("Số: ") && number.hasSuffix(" /KH-HĐTĐKT") && !number.contains { $0.isNumber })
        #expect(doc.paragraph(containing: "Nghĩa Trung, ngày ..... tháng ..... năm 2026") != nil)
    }

    @Test func theNoticeTellsTheUnitWhenWhereWhoAndWhatToPrepare() throws {
        // act
        let doc = try InspectionDocxProbe(try D.notice(Self.noticeInput()))
        // check
        try Self.expectHeading(doc, number: "11/TB-HĐTĐKT", date: "Nghĩa Trung, ngày 07 tháng 4 năm 2026", kind: "THÔNG BÁO",
                               summary: "Về việc kiểm tra phong trào thi đua")
        #expect(doc.text.contains("Thực hiện Kế hoạch số 2/KH-HĐTĐKT ngày 20 tháng 01 năm 2026 của Hội đồng Thi đua - Khen thưởng xã Nghĩa Trung"))
        #expect(doc.text.contains("1. Nội dung kiểm tra: Chuyển đổi số trong dạy học"))
        // 14/04/2026 is a Tuesday
        #expect(doc.text.contains("2. Thời gian: 08 giờ 00 phút, thứ Ba, ngày 14 tháng 4 năm 2026."))
        #expect(doc.text.contains("3. Địa điểm: Phòng họp nhà trường."))
        let team = try #require(doc.tables.first { $0.bordered })
        #expect(team.rows.dropFirst().map { $0[4] }.contains { $0.hasPrefix("Ghi biên bản, tổng hợp điểm") })
        #expect(doc.text.contains("Bảng tự chấm điểm theo bộ tiêu chí thi đua Nhóm 1.1"))
        #expect(doc.text.contains("Đầu mối liên hệ: Bà Trần Thị Thu Hà, 0912 345 678."))
        let recipients = doc.cell(table: doc.tables.count - 1, row: 0, cell: 0).map(\.text)
        #expect(recipients.contains("- \(Self.unit) (để thực hiện);"))
        #expect(doc.cell(table: doc.tables.count - 1, row: 0, cell: 1).last?.text == "Nguyễn Văn Thành")
        Self.expectRepeatedHeaders(doc)
        Self.expectNoiseIsText(doc)
    }

    @Test func theMinutesScoreEachCriterionRightAlignedAndCarryBothSignatures() throws {
        // act
        let doc = try InspectionDocxProbe(try D.minutes(Self.minutesInput()))
        // check: heading and the meeting's facts
        try Self.expectHeading(doc, number: "3/BB-ĐKT", date: "Nghĩa Trung, ngày 14 tháng 4 năm 2026", kind: "BIÊN BẢN",
                               summary: "Kiểm tra phong trào thi đua")
        #expect(doc.text.contains("Hôm nay, vào lúc 08 giờ 00 phút, thứ Ba, ngày 14 tháng 4 năm 2026, tại Phòng họp nhà trường"))
        #expect(doc.text.contains("Biên bản kết thúc vào lúc 10 giờ 30 phút cùng ngày"))
        #expect(doc.text.contains("Thông báo số 11/TB-HĐTĐKT ngày 07 tháng 4 năm 2026"))
        // who attended on each side, one line each (two typed on one field split), the last with a full stop
        #expect(doc.text.contains("- Lê Hoàng Phúc, Phó Chủ tịch UBND xã, Trưởng đoàn;"))
        #expect(doc.text.contains("- Võ Minh Khôi, Hiệu trưởng;\n- Nguyễn Thị Lan, Phó Hiệu trưởng."))
        // the checklist: header repeated, points right-aligned with the Vietnamese decimal comma and thousands dot, totals
        let index = try #require(doc.tables.firstIndex { $0.rows.first?.contains("Đoàn chấm") == true })
        let table = doc.tables[index]
        #expect(table.rows[0] == ["TT", "Tiêu chí", "Điểm tối đa", "Đơn vị tự chấm", "Đoàn chấm"])
        #expect(table.header.first == true && table.header.dropFirst().allSatisfy { !$0 })
        #expect(table.rows[1].suffix(3) == ["20", "20", "18,5"])
        #expect(table.rows[3].suffix(3) == ["1.250", "", "1.000"])
        #expect(table.rows[4] == ["", "Tổng cộng", "1.300", "48", "1.043,5"])
        for row in 1..<table.rows.count {
            for col in 2...4 {
                for p in doc.cell(table: index, row: row, cell: col) where !p.text.isEmpty {
                    #expect(p.alignment == "right", "row \(row) col \(col) \(p.text)")
                }
            }
        }
        #expect(doc.cell(table: index, row: 4, cell: 4).first?.bold == true)
        // strengths, weaknesses, findings with evidence, recommendations
        #expect(doc.paragraphs.firstIndex { $0.text == "2. Ưu điểm" }! < doc.paragraphs.firstIndex { $0.text == "3. Tồn tại, hạn chế" }!)
        #expect(doc.text.contains("(minh chứng: anh-1.jpg, bien_ban & ky.pdf);"))
        #expect(doc.paragraph(containing: "III. KIẾN NGHỊ")?.bold == true)
        // the signatures side by side in the last table: the unit's head on the left, the team leader on the right,
        // room to sign, both names bold and on the same line
        let last = doc.tables.count - 1
        let left = doc.cell(table: last, row: 0, cell: 0), right = doc.cell(table: last, row: 0, cell: 1)
        #expect(left.map(\.text).prefix(2) == ["ĐẠI DIỆN ĐƠN VỊ", "HIỆU TRƯỞNG"])
        #expect(right.map(\.text).prefix(2) == ["ĐẠI DIỆN ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN"])
        #expect(left.last?.text == "Võ Minh Khôi" && left.last?.bold == true)
        #expect(right.last?.text == "Lê Hoàng Phúc" && right.last?.bold == true)
        #expect(left.count == right.count && right.filter { $0.text.isEmpty }.count >= DocxTemplates.signatureSpace)
        #expect(doc.xml.contains("<w:cantSplit/>"))
        Self.expectRepeatedHeaders(doc)
        Self.expectNoiseIsText(doc)
    }

    @Test func aNoteAddsAColumnAndUnscoredMinutesLeaveBlanks() throws {
        // setup: a note on one line, nothing scored by the unit, no times yet
        var input = Self.minutesInput()
        input.checklist = [D.ChecklistLine(criterion: "Tiêu chí 1", maxPoints: 10, selfPoints: nil, teamPoints: nil, note: "Thiếu hồ sơ")]
        input.startsAt = ""
        input.findings = []
        // act
        let doc = try InspectionDocxProbe(try D.minutes(input))
        // check
        let table = try #require(doc.tables.first { $0.rows.first?.contains("Ghi chú") == true })
        #expect(table.rows[1] == ["1", "Tiêu chí 1", "10", "", "", "Thiếu hồ sơ"])
        #expect(table.rows[2] == ["", "Tổng cộng", "10", "", "", ""])
        #expect(doc.text.contains("vào lúc ..... giờ ..... phút"))
        #expect(doc.text.contains("4. Những nội dung phát hiện qua kiểm tra\nKhông có."))
    }

    @Test func theConclusionListsEachRecommendationWithItsDeadline() throws {
        // act
        let doc = try InspectionDocxProbe(try D.conclusion(Self.conclusionInput()))
        // check
        try Self.expectHeading(doc, number: "15/TB-HĐTĐKT", date: "Nghĩa Trung, ngày 24 tháng 4 năm 2026", kind: "THÔNG BÁO",
                               summary: "Kết luận kiểm tra phong trào thi đua")
        #expect(doc.text.contains("Hội đồng Thi đua - Khen thưởng xã Nghĩa Trung, ngày 14 tháng 4 năm 2026, Đoàn kiểm tra số 1 đã kiểm tra tại \(Self.unit) (Biên bản kiểm tra số 3/BB-ĐKT)"))
        #expect(doc.text.contains("Tổng điểm Đoàn kiểm tra chấm: 1.043,5/1.300 điểm (đơn vị tự chấm: 48 điểm)."))
        let sections = ["I. KẾT QUẢ KIỂM TRA", "II. KẾT LUẬN", "III. KIẾN NGHỊ VÀ THỜI HẠN THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"]
        let at = try sections.map { s in try #require(doc.paragraphs.firstIndex { $0.text == s && $0.bold }, "\(s)") }
        #expect(at == at.sorted())
        #expect(doc.paragraph(containing: "Còn chậm cập nhật minh chứng.") != nil)
        let table = try #require(doc.tables.first { $0.rows.first?.contains("Thời hạn") == true })
        #expect(table.rows[0] == ["TT", "Nội dung kiến nghị", "Thời hạn", "Đơn vị thực hiện"])
        #expect(table.rows[1][2] == "30/06/2026" && table.rows[1][3] == Self.unit)
        #expect(table.rows[2][2] == "15/07/2026" && table.rows[2][3] == "Thôn Đức Thọ")
        let last = doc.tables.count - 1
        #expect(doc.cell(table: last, row: 0, cell: 0).first?.text == "Nơi nhận:")
        #expect(doc.cell(table: last, row: 0, cell: 0).map(\.text).contains("- \(Self.unit) (để thực hiện);"))
        #expect(doc.cell(table: last, row: 0, cell: 1).last?.text == "Nguyễn Văn Thành")
        Self.expectRepeatedHeaders(doc)
        Self.expectNoiseIsText(doc)
    }

    @Test func anUnscoredConclusionNumbersItsSectionsFromOne() throws {
        // setup: no plan cited either
        var input = Self.conclusionInput(scored: false)
        input.plan = nil
        // act
        let doc = try InspectionDocxProbe(try D.conclusion(input))
        // check
        #expect(doc.text.contains("Ngày 14 tháng 4 năm 2026, Đoàn kiểm tra số 1 đã kiểm tra"))
        #expect(doc.paragraph(containing: "KẾT QUẢ KIỂM TRA") == nil)
        #expect(doc.paragraphs.contains { $0.text == "I. KẾT LUẬN" } && doc.paragraphs.contains { $0.text == "III. TỔ CHỨC THỰC HIỆN" })
    }

    // MARK: a real reader

    /// The repository's root, from this file's path (Tests/ThiDuaTests/Inspections/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var python: URL? {
        let venv = ProcessInfo.processInfo.environment["CI_VENV"].map { URL(fileURLWithPath: $0, relativeTo: root) }
            ?? root.appendingPathComponent(".ci/.venv")
        let bin = venv.appendingPathComponent("bin/python")
        return FileManager.default.isExecutableFile(atPath: bin.path) ? bin : nil
    }

    /// The four documents written to `folder` (for check_docx.py and LibreOffice); their names and check_docx flags.
    static func writeAll(to folder: URL) throws -> [(file: URL, flags: [String])] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let common = ["--orientation", "portrait", "--margins-mm", "20,20,30,15", "--font", "Times New Roman",
                      "--bold", "HỘI ĐỒNG THI ĐUA -", "--bold", "KHEN THƯỞNG", "--not-contains", "HỘI ĐỒNG THI ĐUA - KHEN",
                      "--contains", "Độc lập - Tự do - Hạnh phúc", "--repeat-header", "--right-aligned-numbers"]
        // A commune-sized plan: 40 visits, so the schedule runs over pages and its header must repeat there.
        var big = planInput()
        big.visits = (1...40).map { i in
            D.PlanVisit(unit: i % 2 == 0 ? "Thôn \(i) – Khu dân cư “Bàu Trâm” & <Suối Cát>" : "Trường Mầm non Hoa Sen số \(i)",
                        date: LocalDate(year: 2026, month: 4 + i / 10, day: 1 + i % 28), time: i % 2 == 0 ? "14:00" : "08:00",
                        place: "Nhà văn hóa, hội trường hoặc phòng họp của đơn vị", content: "Chuyển đổi số, Bình dân học vụ số, sáng kiến",
                        team: "Đoàn số \(1 + i % 2)")
        }
        // A usual notice: a team of four, one line of content (for LibreOffice's page count: one page).
        var usual = noticeInput()
        usual.content = "Chuyển đổi số trong dạy học"
        usual.members = [
            D.Member(name: "Lê Hoàng Phúc", position: "Phó Chủ tịch UBND xã", role: .leader, task: "Chủ trì, kết luận"),
            D.Member(name: "Đặng Thị Ngọc Ánh", position: "Chủ tịch Hội Liên hiệp Phụ nữ xã", role: .member, task: "Kiểm tra hồ sơ, minh chứng"),
            D.Member(name: "Phạm Quốc Việt", position: "Chủ tịch Ủy ban MTTQ Việt Nam xã", role: .member, task: "Kiểm tra mô hình"),
            D.Member(name: "Trần Thị Thu Hà", position: "Công chức Văn hóa - Xã hội", role: .secretary, task: "Ghi biên bản, tổng hợp điểm"),
        ]
        let docs: [(String, Data, [String])] = [
            ("thong-bao-kiem-tra-4-thanh-vien.docx", try D.notice(usual), ["--contains", "Số: 11/TB-HĐTĐKT", "--signer", "Nguyễn Văn Thành"]),
            ("ke-hoach-kiem-tra-40-don-vi.docx", try D.plan(big),
             ["--contains", "Số: 2/KH-HĐTĐKT", "--signer", "Nguyễn Văn Thành", "--contains", "Thôn 40 – Khu dân cư “Bàu Trâm” & <Suối Cát>"]),
            ("ke-hoach-kiem-tra.docx", try D.plan(planInput()),
             ["--contains", "Số: 2/KH-HĐTĐKT", "--contains", "V. TỔ CHỨC THỰC HIỆN", "--signer", "Nguyễn Văn Thành", "--contains", "Nơi nhận:"]),
            ("thong-bao-kiem-tra.docx", try D.notice(noticeInput()),
             ["--contains", "Số: 11/TB-HĐTĐKT", "--signer", "Nguyễn Văn Thành", "--contains", "Nơi nhận:"]),
            ("bien-ban-kiem-tra.docx", try D.minutes(minutesInput()),
             ["--contains", "Số: 3/BB-ĐKT", "--contains", "08 giờ 00 phút", "--contains", "10 giờ 30 phút",
              "--signer", "Lê Hoàng Phúc", "--signer", "Võ Minh Khôi", "--bold", "TRƯỞNG ĐOÀN"]),
            ("ket-luan-kiem-tra.docx", try D.conclusion(conclusionInput()),
             ["--contains", "Số: 15/TB-HĐTĐKT", "--contains", "30/06/2026", "--signer", "Nguyễn Văn Thành", "--contains", "Nơi nhận:"]),
        ]
        return try docs.map { name, data, flags in
            let file = folder.appendingPathComponent(name)
            try data.write(to: file)
            return (file, common + flags)
        }
    }

    /// check_docx.py (python-docx, as CI runs it) passes all four documents. Runs where CI's virtual environment is
    /// (`.ci/.venv` or `$CI_VENV`); with INSPECTION_DOCX_OUT set, the files stay there for LibreOffice.
    @Test(.enabled(if: python != nil)) func checkDocxPassesAllFour() throws {
        // setup
        let keep = ProcessInfo.processInfo.environment["INSPECTION_DOCX_OUT"]
        let folder = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("inspection-docx-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        let python = try #require(Self.python)
        for (file, flags) in try Self.writeAll(to: folder) {
            // act
            let process = Process()
            process.executableURL = python
            process.arguments = [Self.root.appendingPathComponent(".ci/check_docx.py").path, file.path] + flags
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // check
            #expect(process.terminationStatus == 0, "\(file.lastPathComponent): \(stderr)")
            #expect(stdout.hasPrefix("docx: OK"))
        }
    }
}
