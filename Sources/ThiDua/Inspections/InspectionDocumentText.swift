import Foundation

/// The Vietnamese text of the four inspection documents (``InspectionDocuments``): Kế hoạch kiểm tra, Thông báo kiểm
/// tra, Biên bản kiểm tra, Thông báo kết luận kiểm tra. The exact wording of each sentence lives here.
enum InspectionDocumentText {
    /// The movement as the documents name it (the same words as the commendation documents).
    static let movement = "phong trào thi đua đổi mới sáng tạo và chuyển đổi số"
    /// The council in running text.
    static let council = "Hội đồng Thi đua - Khen thưởng xã"
    /// A blank to be filled in by hand, where the record has nothing yet.
    static let blank = "....."
    static let total = "Tổng cộng"

    // MARK: shared

    /// I, II, … X for the sections of a document.
    static func roman(_ n: Int) -> String {
        let numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        return (1...numerals.count).contains(n) ? numerals[n - 1] : String(n)
    }

    static func councilOf(_ commune: String) -> String { "\(council) \(commune)" }

    /// "Kế hoạch số 2/KH-HĐTĐKT ngày 20 tháng 01 năm 2026 của Hội đồng Thi đua - Khen thưởng xã Nghĩa Trung".
    static func planReference(_ number: String, date: LocalDate?, commune: String) -> String {
        "Kế hoạch số \(number.isEmpty ? blank : number)" + (date.map { " \(DocxTemplates.spokenDate($0))" } ?? "")
            + " của \(councilOf(commune))"
    }

    /// "thứ Ba, ngày 14 tháng 4 năm 2026" (a visit's day; the weekday helps a unit read the date right).
    static func dayText(_ d: LocalDate?) -> String {
        guard let d else { return "ngày \(blank) tháng \(blank) năm \(blank)" }
        return (weekday(d).map { "\($0), " } ?? "") + DocxTemplates.spokenDate(d)
    }

    /// "thứ Hai" … "Chủ nhật" for a date of the Gregorian calendar.
    static func weekday(_ d: LocalDate) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day)) else { return nil }
        let names = ["Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"]
        return names[(calendar.component(.weekday, from: date) - 1) % 7]
    }

    /// "08 giờ 00 phút" from "08:00" (as the visit and the minutes store it); dots when nothing is recorded; the text as
    /// typed when it is not a time.
    static func spokenTime(_ hhmm: String) -> String {
        let t = hhmm.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return "\(blank) giờ \(blank) phút" }
        return MeetingTime(t)?.spoken ?? t
    }

    /// "08 giờ 30, ngày 15/03/2027", for a table cell ("ngày 15/03/2027" with no time).
    static func scheduleCell(date: LocalDate?, time: String) -> String {
        let t = time.trimmingCharacters(in: .whitespaces)
        let hour = MeetingTime(t).map { String(format: "%02d giờ %02d", $0.hour, $0.minute) } ?? t
        let day = "ngày " + (date?.vietnamese ?? blank)
        return hour.isEmpty ? day : "\(hour), \(day)"
    }

    // MARK: Kế hoạch kiểm tra

    static func planSummary(_ year: Int, movement: String) -> String { "Kiểm tra \(movement) năm \(year)" }
    static func planOpening(movementPlan: String?, commune: String, year: Int, movement: String) -> String {
        (movementPlan.map { "Thực hiện \($0), " } ?? "")
            + "\(councilOf(commune)) ban hành Kế hoạch kiểm tra \(movement) năm \(year) như sau:"
    }
    /// "Kế hoạch số 05/KH-UBND ngày 15 tháng 01 năm 2026 của Ủy ban nhân dân xã Nghĩa Trung về …": the movement's plan.
    static func movementPlanReference(_ number: String, date: LocalDate?, commune: String, movement: String) -> String {
        "Kế hoạch số \(number)" + (date.map { " \(DocxTemplates.spokenDate($0))" } ?? "") + " của Ủy ban nhân dân xã \(commune) về \(movement)"
    }
    static let planPurpose = "I. MỤC ĐÍCH, YÊU CẦU"
    static let planContent = "II. NỘI DUNG KIỂM TRA"
    static let planSchedule = "III. ĐỐI TƯỢNG, THỜI GIAN, ĐỊA ĐIỂM"
    static let planTeams = "IV. THÀNH PHẦN ĐOÀN KIỂM TRA"
    static let planOrganisation = "V. TỔ CHỨC THỰC HIỆN"
    static func planTargets(_ count: Int) -> String {
        count == 0 ? "1. Đối tượng kiểm tra: chưa chọn đơn vị." : "1. Đối tượng kiểm tra: \(count) cơ quan, đơn vị (danh sách, lý do lựa chọn và lịch kiểm tra tại bảng dưới đây)."
    }
    static func planTiming(noticeDays: Int) -> String {
        "2. Thời gian, địa điểm: theo lịch dưới đây. Thời gian, địa điểm, nội dung và thành phần đoàn cụ thể được thông báo"
            + " đến đơn vị được kiểm tra trước ngày kiểm tra ít nhất \(noticeDays) ngày."
    }
    static let noVisits = "(Chưa có lịch kiểm tra.)"
    static func teamHeading(_ index: Int, _ name: String) -> String { "\(index). \(name)" }
    static func teamAssignment(_ text: String) -> String { "Phụ trách: \(text)." }
    static let noTeams = "(Chưa thành lập đoàn kiểm tra.)"
    static let planRecipients = ["Thường trực Đảng ủy, HĐND xã (b/c);", "Chủ tịch, các Phó Chủ tịch UBND xã;",
                                 "Thành viên Hội đồng TĐKT xã;", "Các cơ quan, đơn vị được kiểm tra;", "Lưu: VT, VHXH."]
    static let planClosing = "Trên đây là Kế hoạch kiểm tra \(movement); đề nghị các thành viên Hội đồng, các đoàn kiểm tra và các cơ quan, đơn vị được kiểm tra nghiêm túc thực hiện./."

    /// Wording a form may offer for the plan's sections (the model's `purpose`, `content`, `organisation`), from the
    /// shapes of inspection plans (field-notes §3b); never put in a document the secretariat did not write.
    static let suggestedPurpose = [
        "1. Mục đích: đánh giá thực tế tình hình triển khai, kết quả thực hiện phong trào thi đua tại các cơ quan, đơn vị; phát hiện, nhân rộng điển hình tiên tiến, mô hình hay, cách làm hiệu quả; kịp thời chấn chỉnh những tồn tại, hạn chế.",
        "2. Yêu cầu: kiểm tra đúng nội dung, thời gian; đánh giá trung thực, khách quan, công khai; không gây phiền hà cho đơn vị.",
    ]
    static let suggestedContent = [
        "1. Việc xây dựng kế hoạch, đăng ký thi đua, chỉ tiêu và sản phẩm cụ thể của đơn vị.",
        "2. Kết quả thực hiện các chỉ tiêu, sáng kiến, mô hình chuyển đổi số; minh chứng kèm theo.",
        "3. Kết quả tự chấm điểm theo bộ tiêu chí thi đua của nhóm; việc báo cáo kết quả đúng hạn.",
    ]
    static let suggestedOrganisation = [
        "1. Phòng Văn hóa - Xã hội (cơ quan thường trực Hội đồng) tham mưu thông báo lịch kiểm tra, chuẩn bị tài liệu, tổng hợp kết quả, báo cáo Hội đồng.",
        "2. Các đoàn kiểm tra thực hiện theo lịch, lập biên bản và đề xuất kết luận kiểm tra.",
        "3. Các cơ quan, đơn vị được kiểm tra chuẩn bị báo cáo, bảng tự chấm điểm, hồ sơ minh chứng và bố trí làm việc với đoàn.",
    ]

    // Columns
    static let tt = "TT"
    static let unitColumn = "Đơn vị được kiểm tra"
    static let timeColumn = "Thời gian"
    static let placeColumn = "Địa điểm"
    static let contentColumn = "Nội dung"
    static let teamColumn = "Đoàn"
    static let reasonColumn = "Lý do lựa chọn"
    /// The time cell of a target with no visit yet.
    static let notScheduled = "Chưa xếp lịch"
    static let nameColumn = "Họ và tên"
    static let positionColumn = "Chức vụ, đơn vị"
    static let roleColumn = "Nhiệm vụ trong đoàn"
    static let taskColumn = "Phân công"
    static let criterionColumn = "Tiêu chí"
    static let maxColumn = "Điểm tối đa"
    static let selfColumn = "Đơn vị tự chấm"
    static let teamScoreColumn = "Đoàn chấm"
    static let noteColumn = "Ghi chú"
    static let followUpColumn = "Nội dung kiến nghị"
    static let dueColumn = "Thời hạn"
    static let responsibleColumn = "Đơn vị thực hiện"

    // MARK: Thông báo kiểm tra

    static func noticeSummary(_ unit: String, year: Int, movement: String) -> String {
        "Về việc kiểm tra \(movement) năm \(year) tại \(unit)"
    }
    static func noticeOpening(plan: String?, commune: String, unit: String) -> String {
        (plan.map { "Thực hiện \($0), " } ?? "") + "\(councilOf(commune)) thông báo lịch kiểm tra tại \(unit) như sau:"
    }
    static func noticeContent(_ text: String) -> String { "1. Nội dung kiểm tra: \(text)" }
    static func noticeTime(time: String, day: String) -> String { "2. Thời gian: \(time), \(day)." }
    static func noticePlace(_ place: String) -> String { "3. Địa điểm: \(place)." }
    static func noticeTeam(_ team: String) -> String { "4. Thành phần \(team.isEmpty ? "đoàn kiểm tra" : team):" }
    static let noticePrepare = "5. Đề nghị đơn vị chuẩn bị:"
    /// What the unit prepares (field-notes §3b, the visit: the head reports and gives the self-assessment score; the
    /// team checks the records it asks for).
    static func defaultPreparations(year: Int, criteriaGroup: String) -> [String] {
        ["Báo cáo kết quả thực hiện phong trào thi đua năm \(year) của đơn vị;",
         "Bảng tự chấm điểm theo bộ tiêu chí thi đua" + (criteriaGroup.isEmpty ? "" : " \(criteriaGroup)") + ", có điểm tự chấm từng tiêu chí;",
         "Hồ sơ, minh chứng: kế hoạch, đăng ký thi đua, báo cáo, sáng kiến, hình ảnh hoạt động và các tài liệu liên quan;",
         "Bố trí Thủ trưởng đơn vị và cán bộ đầu mối làm việc với Đoàn."]
    }
    static func noticeContact(_ text: String) -> String { "Đầu mối liên hệ: \(text)." }
    static func noticeClosing(commune: String, unit: String) -> String {
        "\(councilOf(commune)) thông báo để \(unit) biết, chuẩn bị và phối hợp thực hiện./."
    }
    static func noticeRecipients(unit: String, team: String) -> [String] {
        ["\(unit) (để thực hiện);", "Thành viên \(team.isEmpty ? "Đoàn kiểm tra" : team);", "Lưu: VT, VHXH."]
    }

    // MARK: Biên bản kiểm tra

    static func minutesSummary(_ unit: String, year: Int, movement: String) -> String { "Kiểm tra \(movement) năm \(year) tại \(unit)" }
    static func minutesBases(plan: String?, notice: String?) -> String? {
        let parts = [plan, notice].compactMap { $0 }
        return parts.isEmpty ? nil : "Thực hiện " + parts.joined(separator: "; ") + "."
    }
    static func noticeReference(_ number: String, date: LocalDate?, commune: String) -> String {
        "Thông báo số \(number)" + (date.map { " \(DocxTemplates.spokenDate($0))" } ?? "") + " của \(councilOf(commune))"
    }
    static func minutesOpening(time: String, day: String, place: String, team: String, commune: String, unit: String, year: Int,
                               movement: String) -> String {
        "Hôm nay, vào lúc \(time), \(day), tại \(place), \(team.isEmpty ? "Đoàn kiểm tra" : team) của \(councilOf(commune))"
            + " tiến hành kiểm tra \(movement) năm \(year) tại \(unit)."
    }
    static let minutesPeople = "I. THÀNH PHẦN"
    static func minutesTeamSide(_ team: String) -> String { "1. \(team.isEmpty ? "Đoàn kiểm tra" : team):" }
    static func minutesUnitSide(_ unit: String) -> String { "2. Đơn vị được kiểm tra (\(unit)):" }
    static let minutesWork = "II. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA"
    static let minutesProgramme = "Trưởng đoàn công bố kế hoạch, thành phần đoàn và nội dung kiểm tra; Thủ trưởng đơn vị báo cáo kết quả thực hiện phong trào thi đua và kết quả tự chấm điểm; Đoàn kiểm tra hồ sơ, minh chứng và chấm điểm theo từng tiêu chí."
    static let minutesScores = "1. Kết quả chấm điểm theo tiêu chí"
    static let minutesNoCriteria = "(Chưa có tiêu chí chấm điểm.)"
    static let minutesStrengths = "2. Ưu điểm"
    static let minutesWeaknesses = "3. Tồn tại, hạn chế"
    static let minutesFindings = "4. Những nội dung phát hiện qua kiểm tra"
    static let minutesNoFindings = "Không có."
    static func evidence(_ files: [String]) -> String { files.isEmpty ? "" : " (minh chứng: \(files.joined(separator: ", ")))" }
    static let minutesRecommendations = "III. KIẾN NGHỊ"
    static let minutesUnitOpinion = "IV. Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA"
    static func minutesClosing(time: String, copies: Int) -> String {
        "Biên bản kết thúc vào lúc \(time) cùng ngày, đã được đọc lại cho các thành phần tham dự cùng nghe và thống nhất ký tên."
            + " Biên bản được lập thành \(String(format: "%02d", copies)) bản có giá trị như nhau, Đoàn kiểm tra giữ 01 bản, đơn vị được kiểm tra giữ"
            + " \(String(format: "%02d", max(1, copies - 1))) bản./."
    }
    static let teamLeaderLines = ["ĐẠI DIỆN ĐOÀN KIỂM TRA", "TRƯỞNG ĐOÀN"]
    static let unitHeadLines = ["ĐẠI DIỆN ĐƠN VỊ", "THỦ TRƯỞNG ĐƠN VỊ"]

    // MARK: Thông báo kết luận kiểm tra

    static func conclusionSummary(_ unit: String, year: Int, movement: String) -> String {
        "Kết luận kiểm tra \(movement) năm \(year) tại \(unit)"
    }
    /// "Thực hiện Kế hoạch …, ngày 14 tháng 4 năm 2026, Đoàn kiểm tra số 1 đã kiểm tra tại …" ("Ngày …" when no plan is cited).
    static func conclusionOpening(plan: String?, visitDate: LocalDate?, team: String, unit: String, minutes: String?, commune: String) -> String {
        let day = visitDate.map(DocxTemplates.spokenDate) ?? "ngày \(blank) tháng \(blank) năm \(blank)"
        let start = plan.map { "Thực hiện \($0), \(day)" } ?? ("Ngày" + day.dropFirst("ngày".count))
        return start + ", \(team.isEmpty ? "Đoàn kiểm tra" : team) đã kiểm tra tại \(unit)"
            + (minutes.map { " (Biên bản kiểm tra số \($0))" } ?? "")
            + ". Căn cứ kết quả kiểm tra, \(councilOf(commune)) thông báo kết luận như sau:"
    }
    static let conclusionResults = "KẾT QUẢ KIỂM TRA"
    static func conclusionScore(team: String, max: String, selfScore: String?) -> String {
        "Tổng điểm Đoàn kiểm tra chấm: \(team)/\(max) điểm" + (selfScore.map { " (đơn vị tự chấm: \($0) điểm)" } ?? "") + "."
    }
    static let conclusionText = "KẾT LUẬN"
    static let conclusionFollowUps = "KIẾN NGHỊ VÀ THỜI HẠN THỰC HIỆN"
    static let noFollowUps = "Không có kiến nghị phải thực hiện."
    static let conclusionOrganisation = "TỔ CHỨC THỰC HIỆN"
    static func conclusionAsk(unit: String, team: String) -> String {
        "Đề nghị \(unit) thực hiện các kiến nghị trên đúng thời hạn, báo cáo kết quả từng nội dung kèm minh chứng qua Phòng Văn hóa - Xã hội"
            + " (cơ quan thường trực Hội đồng) trên Hệ thống Thi Đua Số; \(team.isEmpty ? "Đoàn kiểm tra" : team) theo dõi, xác nhận kết quả thực hiện./."
    }
    static func conclusionRecipients(unit: String, team: String) -> [String] {
        ["\(unit) (để thực hiện);", "Chủ tịch, các Phó Chủ tịch UBND xã;", "Thành viên \(team.isEmpty ? "Đoàn kiểm tra" : team);",
         "Lưu: VT, VHXH."]
    }

    // MARK: Download links on the pages

    static let downloads = "Văn bản (Word)"
    static let planLink = "Kế hoạch kiểm tra"
    static let noticeLink = "Thông báo kiểm tra"
    static let minutesLink = "Biên bản kiểm tra"
    static let conclusionLink = "Thông báo kết luận kiểm tra"
}
