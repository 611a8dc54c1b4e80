import Foundation

/// The Vietnamese text of inspections (kiểm tra phong trào thi đua).
enum InspectionText {
    static let title = "Kiểm tra phong trào"
    /// The menu's entry.
    static let navTitle = "Kiểm tra"
    /// The pages' lead: one short sentence (a phone shows it above the fold).
    static let lead = "Các đoàn của Hội đồng Thi đua - Khen thưởng xã kiểm tra việc triển khai phong trào ở một số đơn vị (Kế hoạch, mục IV.4)."
    /// What a council member, or a member of a team, does on the overview.
    static let teamIntro = "Ông/bà là thành viên đoàn kiểm tra: mục III là lịch các buổi kiểm tra của đoàn. Đến ngày kiểm tra, mở buổi kiểm tra để chấm bảng điểm theo tiêu chí (điểm tự chấm của đơn vị có sẵn bên cạnh), ghi phát hiện kèm minh chứng, lập biên bản; sau đó ban hành kết luận với các kiến nghị có hạn và xem xét trả lời của đơn vị đến khi đóng."
    /// What a council member who is not on a team sees.
    static let councilIntro = "Ông/bà theo dõi kế hoạch kiểm tra của Hội đồng: mục đích, nội dung, lịch từng buổi (mục III), thành phần các đoàn (mục IV) và kết quả, kiến nghị sau kiểm tra. Khi được cử vào đoàn, các buổi kiểm tra của đoàn hiện ở mục III để ông/bà chấm điểm, ghi biên bản và kết luận."
    /// The visit page, for the team.
    static let recordIntro = "Đoàn ghi kết quả buổi kiểm tra theo thứ tự: bảng điểm, phát hiện, biên bản; sau khi lưu biên bản, Trưởng đoàn ban hành kết luận."
    /// The plan form: where III and IV are entered.
    static let laterSections = "Mục III (đơn vị, thời gian, địa điểm) và mục IV (thành phần đoàn) nhập ở trang kế hoạch sau khi lưu."
    static func planTitle(_ year: Int) -> String { "Kế hoạch kiểm tra năm \(year)" }
    static let noPlan = "Chưa có kế hoạch kiểm tra của năm này."
    static let newPlan = "Lập kế hoạch kiểm tra"
    static let editPlan = "Sửa kế hoạch"
    static let year = "Năm"
    static let purpose = "I. Mục đích, yêu cầu"
    static let content = "II. Nội dung kiểm tra"
    static let organisation = "V. Tổ chức thực hiện"
    static let sectionIII = "III. Đối tượng, thời gian, địa điểm"
    static let sectionIV = "IV. Thành phần đoàn"
    static let status = "Trạng thái"
    static let approvedBy = "Người phê duyệt"
    static let submit = "Trình phê duyệt"
    static let approve = "Phê duyệt kế hoạch"
    static let saved = "Đã lưu kế hoạch kiểm tra."
    static let submitted = "Đã trình kế hoạch để Chủ tịch phê duyệt."
    static let approved = "Đã phê duyệt kế hoạch kiểm tra."
    static let planExists = "Năm này đã có kế hoạch kiểm tra."
    static let notDraft = "Kế hoạch đã trình hoặc đã phê duyệt nên không sửa được."
    static let notSubmitted = "Chỉ phê duyệt được kế hoạch đã trình."
    static let badYear = "Năm phải từ 2020 đến 2100."

    // Targets.
    static let targets = "Đơn vị được kiểm tra"
    static let unit = "Đơn vị"
    static let reason = "Lý do chọn"
    static let reasonHint = "Ví dụ: điểm tự chấm thấp, nộp báo cáo muộn, mô hình cần nhân rộng."
    static let addTarget = "Thêm đơn vị"
    static let targetAdded = "Đã thêm đơn vị vào kế hoạch."
    static let unknownUnit = "Đơn vị không có trong danh bạ của xã hoặc đã ngừng hoạt động."
    static let alreadyTarget = "Đơn vị này đã có trong kế hoạch."

    // Teams.
    static let teams = sectionIV
    static let teamName = "Tên đoàn"
    static let assignment = "Lĩnh vực, địa bàn phụ trách"
    static let leader = "Trưởng đoàn"
    static let members = "Thành viên đoàn"
    static let membersHint = "Mỗi dòng một người; dòng để trống không được lưu."
    static let memberName = "Họ và tên"
    static let memberRole = "Vai trò trong đoàn"
    static let task = "Nhiệm vụ"
    static func memberLine(_ n: Int) -> String { "Thành viên thứ \(n)" }
    static let councilPeople = "Thành viên Hội đồng Thi đua - Khen thưởng"
    static let noUnit = "Không thuộc đơn vị nào"
    static let otherUnits = "Đơn vị khác"
    static let createTeam = "Thành lập đoàn"
    static let teamCreated = "Đã thành lập đoàn kiểm tra."
    static let unknownPerson = "Người này không có trong danh bạ của xã."
    static let duplicateMember = "Một người chỉ ghi một lần trong đoàn."
    static let memberIsLeader = "Người này đã là Trưởng đoàn: chọn người khác hoặc để trống dòng này."
    static let amendAfterApproval = "Kế hoạch đã được phê duyệt: đơn vị, đoàn và lịch thêm sau đây được ghi vào nhật ký thay đổi; hãy báo Chủ tịch Hội đồng nếu cần phê duyệt lại."
    static let settingsLink = "Cài đặt số ngày gửi thông báo"

    // Visits.
    static let visits = sectionIII
    static let visit = "Lịch kiểm tra"
    static let team = "Đoàn kiểm tra"
    static let date = "Ngày kiểm tra"
    static let time = "Giờ"
    static let timeHint = "Giờ:phút, ví dụ 08:00"
    static let place = "Địa điểm"
    static let visitContent = "Nội dung kiểm tra tại đơn vị"
    static let scheduleVisit = "Lên lịch kiểm tra"
    static let scheduled = "Đã lên lịch kiểm tra."
    static let reschedule = "Đổi lịch"
    static let rescheduleReason = "Lý do đổi lịch"
    static let rescheduled = "Đã đổi lịch; đơn vị được thông báo lại."
    static func rescheduledNoticeOn(_ day: LocalDate) -> String { "Đã đổi lịch; thông báo kiểm tra sẽ gửi ngày \(day.vietnamese)." }
    static let rescheduledAfterApproval = "Đã đổi lịch; thông báo kiểm tra sẽ gửi khi kế hoạch được phê duyệt."
    static let history = "Lịch sử đổi lịch"
    static let oldSchedule = "Lịch cũ"
    static let newSchedule = "Lịch mới"
    static let by = "Người đổi"
    static let at = "Thời điểm"
    static let badTime = "Giờ không hợp lệ: nhập theo dạng giờ:phút, ví dụ 08:00."
    static let unknownTeam = "Đoàn không thuộc kế hoạch này."
    static let notATarget = "Đơn vị chưa có trong danh sách đơn vị được kiểm tra của kế hoạch."
    static let outsideYear = "Ngày kiểm tra phải trong năm của kế hoạch."
    static let sameSchedule = "Lịch mới trùng lịch cũ."
    static let noticeSent = "Đã gửi thông báo"
    static let noticePending = "Chưa gửi thông báo"
    static let notice = "Thông báo kiểm tra"
    static func noticeSentOn(_ day: LocalDate) -> String { "Đã gửi thông báo ngày \(day.vietnamese)" }
    static func noticeWillGo(_ day: LocalDate, days: Int) -> String { "Thông báo sẽ gửi ngày \(day.vietnamese) (\(days) ngày trước buổi kiểm tra)" }
    static func noticeAfterApproval(_ day: LocalDate, days: Int) -> String {
        "Thông báo gửi sau khi kế hoạch được phê duyệt, sớm nhất ngày \(day.vietnamese) (\(days) ngày trước buổi kiểm tra)"
    }
    static let noticeNotSent = "Không gửi thông báo (lịch đã qua)"
    static func noticeSentShort(_ day: LocalDate) -> String { "Đã gửi ngày \(day.vietnamese)" }
    static func noticeWillGoShort(_ day: LocalDate) -> String { "Sẽ gửi ngày \(day.vietnamese)" }
    static let noticeAfterApprovalShort = "Gửi sau khi kế hoạch được phê duyệt"
    static let alreadyVisited = "Đã kiểm tra nên không đổi lịch được."
    static let noVisits = "Chưa có lịch kiểm tra."
    static let myVisits = "Lịch kiểm tra của đơn vị"

    // Checklist.
    static let checklist = "Bảng điểm kiểm tra"
    static let criterion = "Tiêu chí"
    static let maxPoints = "Điểm tối đa"
    static let selfPoints = "Điểm tự chấm"
    static let teamPoints = "Điểm đoàn chấm"
    static let note = "Ghi chú"
    static let saveChecklist = "Lưu bảng điểm"
    static let checklistSaved = "Đã lưu bảng điểm kiểm tra."
    static let overMax = "Không được vượt điểm tối đa của tiêu chí."
    static let noCriteria = "Nhóm tiêu chí của đơn vị chưa có tiêu chí nào."
    static let notYetVisitable = "Chưa đến ngày kiểm tra."

    // Findings.
    static let findings = "Phát hiện qua kiểm tra"
    static let finding = "Nội dung phát hiện"
    static let findingFile = "Tệp minh chứng (ảnh, tài liệu; không bắt buộc)"
    static let addFinding = "Ghi phát hiện"
    static let findingAdded = "Đã ghi phát hiện."

    // Minutes.
    static let minutes = "Biên bản kiểm tra"
    static let startsAt = "Bắt đầu lúc"
    static let endsAt = "Kết thúc lúc"
    static let minutesPlace = "Địa điểm làm việc"
    static let teamAttendees = "Thành phần đoàn kiểm tra (mỗi dòng một người)"
    static let unitAttendees = "Thành phần đơn vị được kiểm tra (mỗi dòng một người)"
    static let strengths = "Ưu điểm"
    static let weaknesses = "Hạn chế"
    static let recommendations = "Đề xuất, kiến nghị"
    static let saveMinutes = "Lưu biên bản"
    static let minutesSaved = "Đã lưu biên bản kiểm tra."
    static let endsBeforeStart = "Giờ kết thúc phải sau giờ bắt đầu."

    // Conclusion and follow-ups.
    static let conclusion = "Kết luận kiểm tra"
    static let conclusionText = "Nội dung kết luận"
    static let followUps = "Kiến nghị cần thực hiện"
    static let followUpText = "Nội dung kiến nghị"
    static let dueDate = "Hạn thực hiện"
    static let conclude = "Ban hành kết luận"
    static let concluded = "Đã ban hành kết luận kiểm tra; đơn vị được thông báo."
    static let needMinutes = "Cần lưu biên bản kiểm tra trước khi kết luận."
    static let needFollowUp = "Cần ít nhất một kiến nghị có hạn thực hiện."
    static let dueBeforeVisit = "Hạn thực hiện phải sau ngày kiểm tra."
    static let alreadyConcluded = "Đã ban hành kết luận."
    static let answer = "Trả lời của đơn vị"
    static let answerFile = "Tệp minh chứng (không bắt buộc)"
    static let sendAnswer = "Gửi trả lời"
    static let answered = "Đã gửi trả lời; đoàn kiểm tra sẽ xem xét."
    static let accept = "Chấp nhận, đóng kiến nghị"
    static let reopen = "Yêu cầu thực hiện tiếp"
    static let decisionNote = "Nhận xét của đoàn"
    static let accepted = "Đã đóng kiến nghị."
    static let reopened = "Đã mở lại kiến nghị; đơn vị được thông báo."
    static let followUpClosed = "Kiến nghị đã đóng nên không trả lời được nữa."
    static let notAnswered = "Chỉ quyết định được kiến nghị đơn vị đã trả lời."
    static let awaitingTeam = "Kiến nghị đang chờ Đoàn kiểm tra xem xét câu trả lời."
    static let decidedClosed = "Kiến nghị đã đóng nên không quyết định lại được."
    static let overdue = "Quá hạn"

    // Settings.
    static let defaultNoticeDays = 7
    static let defaultNoticeSource = "Thông báo kiểm tra gửi đơn vị trước ngày kiểm tra 7 ngày (thực tiễn gửi kèm kế hoạch 7–10 ngày trước khi kiểm tra; Kế hoạch của UBND xã, mục IV.4: “thời gian, địa điểm, nội dung, thành phần các đoàn sẽ có thông báo cụ thể”)."
    static func noticeDaysLine(_ days: Int) -> String { "Mỗi đơn vị nhận thông báo kiểm tra \(days) ngày trước buổi kiểm tra." }
    static let noticeSource = "Căn cứ"

    // Notices.
    static func submittedNotice(_ year: Int) -> String { "Kế hoạch kiểm tra năm \(year) trình phê duyệt" }
    static func approvedNotice(_ year: Int) -> String { "Kế hoạch kiểm tra năm \(year) đã được phê duyệt" }
    static func visitNotice(_ date: LocalDate, _ time: String, _ place: String) -> String {
        "Thông báo kiểm tra phong trào thi đua: ngày \(date.vietnamese) lúc \(time) tại \(place)"
    }
    static func rescheduledNotice(_ date: LocalDate, _ time: String) -> String {
        "Lịch kiểm tra phong trào thi đua đã đổi sang ngày \(date.vietnamese) lúc \(time)"
    }
    static func concludedNotice(_ count: Int) -> String { "Thông báo kết luận kiểm tra: \(count) kiến nghị cần thực hiện" }
    static func answeredNotice(_ unit: String, item: String) -> String { "\(unit) đã trả lời kiến nghị sau kiểm tra \(item)" }
    static func reopenedNotice(_ item: String) -> String { "Kiến nghị sau kiểm tra \(item) được yêu cầu thực hiện tiếp" }
    static func acceptedNotice(_ item: String) -> String { "Kiến nghị sau kiểm tra \(item) đã được đoàn chấp nhận" }
    /// Which item of which visit a notice is about: "số 2 “Bổ sung minh chứng…” (Thôn Đông, buổi kiểm tra ngày 10/12/2026)";
    /// the item's text cut on a word after about 80 characters.
    static func followUpRef(position: Int, text: String, unit: String, date: LocalDate?) -> String {
        let visit = date.map { "\(unit), buổi kiểm tra ngày \($0.vietnamese)" } ?? unit
        return "số \(position) \(Quoting.quoted(clipped(text, 80))) (\(visit))"
    }
    /// `text` whole when it has at most `limit` characters, else cut at the last space before it, with "…".
    static func clipped(_ text: String, _ limit: Int) -> String {
        let t = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard t.count > limit else { return t }
        let head = t.prefix(limit)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }

    static func planStatus(_ s: InspectionPlanStatus) -> String {
        switch s {
        case .draft: "Dự thảo"
        case .submitted: "Đã trình"
        case .approved: "Đã phê duyệt"
        }
    }

    static func visitStatus(_ s: InspectionVisitStatus) -> String {
        switch s {
        case .scheduled: "Đã lên lịch"
        case .notified: "Đã thông báo"
        case .visited: "Đã kiểm tra"
        case .concluded: "Đã kết luận"
        case .closed: "Đã hoàn thành"
        }
    }

    static func followUpStatus(_ s: InspectionFollowUpStatus) -> String {
        switch s {
        case .open: "Chưa thực hiện"
        case .answered: "Đơn vị đã trả lời"
        case .closed: "Đã đóng"
        case .reopened: "Yêu cầu thực hiện tiếp"
        }
    }

    static func teamRole(_ r: InspectionTeamRole) -> String {
        switch r {
        case .leader: "Trưởng đoàn"
        case .deputy: "Phó Trưởng đoàn"
        case .member: "Thành viên"
        case .secretary: "Thư ký đoàn"
        }
    }

    static func auditPlan(_ year: Int) -> String { "Kế hoạch kiểm tra năm \(year)" }
    static func auditVisit(_ unit: String, _ date: String) -> String { "Kiểm tra \(unit) ngày \(date)" }
}
