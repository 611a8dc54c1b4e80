import Foundation

/// Every Vietnamese text of the commendation feature (titles catalogue, nominations, council ballot, posting,
/// decisions, certificates, register).
enum CommendationText {
    static let title = "Khen thưởng"
    static let lead = "Quy trình khen thưởng theo Luật Thi đua, khen thưởng 2022: đề nghị → xét điều kiện → họp Hội đồng, bỏ phiếu kín → công khai, tiếp nhận ý kiến → Tờ trình → Quyết định → Giấy khen."
    static let catalogueTitle = "Danh hiệu và hình thức khen thưởng"
    static let catalogueLead = "Danh mục là dữ liệu: người quản trị sửa mức thưởng, điều kiện và căn cứ pháp lý; mọi thay đổi được ghi nhật ký."
    static let settingsTitle = "Thiết lập khen thưởng"
    static let registerTitle = "Sổ khen thưởng"
    /// The award's number in the register of awards of its decision's year (``AwardRegister``).
    static let registerNumber = "Số vào sổ"
    static let nominationNew = "Đề nghị khen thưởng"
    static let nominationsHeading = "1. Đề nghị khen thưởng"
    static let meetingHeading = "2. Họp Hội đồng, bỏ phiếu kín"
    static let postingHeading = "3. Công khai danh sách"
    static let decisionHeading = "4. Tờ trình, Quyết định"
    static let awardsHeading = "5. Khen thưởng đã quyết định"
    static let eligibility = "Điều kiện"
    static let eligible = "Đủ điều kiện"
    static let notEligible = "Chưa đủ điều kiện"
    static let nominee = "Người / tập thể được đề nghị"
    static let titleLabel = "Danh hiệu / hình thức"
    static let proposedBy = "Đơn vị đề nghị"
    static let secretariatProposer = "Phòng Văn hóa - Xã hội"
    static let statusLabel = "Trạng thái"
    static let person = "Cá nhân"
    static let unit = "Tập thể (đơn vị)"
    static let ratingLabel = "Mức hoàn thành nhiệm vụ"
    static let disciplineLabel = "Kỷ luật trong năm"
    static let achievementsLabel = "Báo cáo thành tích"
    static let achievementsHint = "Tóm tắt thành tích, số liệu, sáng kiến; ít nhất 20 ký tự."
    static let choosePersonOrUnit = "Chọn một cá nhân (danh hiệu cá nhân) hoặc một đơn vị (danh hiệu tập thể)."
    static let titleNotForPerson = "Danh hiệu này dành cho tập thể: hãy chọn đơn vị."
    static let titleNotForUnit = "Danh hiệu này dành cho cá nhân hoặc hộ gia đình: hãy chọn cá nhân."
    static let duplicate = "Đã có đề nghị danh hiệu này cho người / tập thể này trong năm."
    static let notYourUnit = "Anh/chị chỉ đề nghị cho đơn vị mình hoặc người của đơn vị mình."
    static let nominated = "Đã ghi đề nghị khen thưởng."
    static let withdrawn = "Đã rút đề nghị."
    static let rulesHeading = "Kiểm tra điều kiện theo danh mục"
    static let met = "Đạt"
    static let notMet = "Chưa đạt"
    static let upwardNote = "Danh hiệu do cấp trên xét: xã chỉ lập hồ sơ đề nghị, không đưa vào Quyết định của xã."

    // meeting
    static let meetingOpen = "Mở phiên họp"
    static let meetingDate = "Ngày họp"
    static let meetingPlace = "Địa điểm"
    static let attendance = "Thành viên có mặt"
    static let quorum = "Số thành viên dự họp"
    static func quorumLine(present: Int, total: Int, needed: Int, ok: Bool) -> String {
        "Có mặt \(present)/\(total) thành viên; cần ít nhất \(needed) — \(ok ? "đủ" : "KHÔNG đủ") số thành viên dự họp."
    }
    static let quorumMissing = "Phiên họp không đủ số thành viên dự họp theo quy định: không bỏ phiếu được."
    static let meetingOpened = "Đã mở phiên họp."
    static let meetingExists = "Năm này đã có phiên họp đang mở."
    static func meetingDateOutOfRange(_ year: Int) -> String { "Ngày họp phải từ 01/01/\(year) đến 31/12/\(year + 1)." }
    static let meetingNotYetHeld = "Chưa đến ngày họp: chỉ kết thúc phiên họp từ ngày họp trở đi."
    static let approve = "Đồng ý"
    static let reject = "Không đồng ý"
    static let voted = "Đã ghi phiếu của anh/chị. Phiếu là phiếu kín: không ai xem được anh/chị chọn gì."
    static let alreadyVoted = "Anh/chị đã bỏ phiếu cho đề nghị này; mỗi thành viên chỉ bỏ một phiếu."
    static let youVoted = "Anh/chị đã bỏ phiếu"
    static let notPresent = "Anh/chị không có tên trong danh sách có mặt của phiên họp."
    static let notMember = "Tài khoản này không gắn với thành viên Hội đồng nào."
    static let meetingClosed = "Phiên họp đã kết thúc."
    static let notVotable = "Đề nghị này không ở trạng thái chờ bỏ phiếu."
    static let paperTally = "Nhập kết quả phiếu giấy"
    static let paperSaved = "Đã ghi kết quả kiểm phiếu giấy."
    static let paperTooMany = "Tổng số phiếu vượt số thành viên có mặt."
    static let paperAfterElectronic = "Đề nghị này đã có phiếu điện tử: không nhập phiếu giấy."
    static let closeMeeting = "Kết thúc phiên họp, công bố kết quả"
    static let meetingDone = "Đã kết thúc phiên họp và công bố kết quả."
    static func tally(_ approve: Int, _ reject: Int, total: Int) -> String { "\(approve) đồng ý, \(reject) không đồng ý / \(total) thành viên" }
    static func thresholdLine(ratio: Double, total: Int) -> String {
        "trên \(NumberText.format(ratio * 100))% của \(total) thành viên: cần ít nhất \(Int((ratio * Double(total) + 1e-9).rounded(.down)) + 1) phiếu đồng ý"
    }
    static let thresholdNote = "Mỗi đề nghị được thông qua khi số phiếu đồng ý vượt ngưỡng của danh hiệu trong danh mục (mặc định trên 50% tổng số thành viên Hội đồng)."
    static let threshold = "Ngưỡng thông qua"
    static let minutes = "Biên bản họp Hội đồng (.docx)"
    static let votesHidden = "Kết quả được công bố khi kết thúc phiên họp."
    static let paperEntered = "Đã nhập kết quả phiếu giấy; công bố khi kết thúc phiên họp."
    static func ballotCastAudit(_ heldOn: LocalDate?) -> String { "Một thành viên Hội đồng đã bỏ phiếu kín (phiên họp ngày \(heldOn?.vietnamese ?? ""))" }
    static let cancelMeeting = "Hủy phiên họp"
    static let cancelReason = "Lý do hủy phiên họp"
    static let cancelReasonRequired = "Phải ghi lý do hủy phiên họp."
    static let meetingCancelled = "Đã hủy phiên họp; các đề nghị trở lại chờ Hội đồng xét."
    static let meetingHasBallots = "Phiên họp đã có phiếu: không hủy được; hãy kết thúc phiên họp để công bố kết quả."
    static func cancelledLine(_ heldOn: LocalDate?, reason: String) -> String { "Phiên họp ngày \(heldOn?.vietnamese ?? "") đã hủy. Lý do: \(reason)" }

    // the council's minutes (issue 14)
    static let minutesHeading = "Biên bản phiên họp"
    static let minutesStartsAt = "Giờ bắt đầu"
    static let minutesEndsAt = "Giờ kết thúc"
    static let minutesChair = "Người chủ trì"
    static let minutesSecretary = "Thư ký phiên họp"
    static let minutesNumber = "Số biên bản"
    static let minutesNumberLater = "Lấy số trong sổ văn bản khi kết thúc phiên họp."
    static let timeHint = "Giờ:phút, ví dụ 08:00 hoặc 14:30."
    static let minutesSave = "Lưu thông tin biên bản"
    static let minutesSaved = "Đã lưu thông tin biên bản."
    static let minutesLocked = "Phiên họp đã kết thúc: thông tin biên bản không sửa được nữa."
    static let timeInvalid = "Giờ không hợp lệ: nhập giờ:phút, ví dụ 08:00, 8h30 hoặc 14:30."
    static let endNotAfterStart = "Giờ kết thúc phải sau giờ bắt đầu."
    static let endWithoutStart = "Nhập giờ bắt đầu trước giờ kết thúc."
    static let placeRequired = "Phải ghi địa điểm họp."
    static let chairRequired = "Chọn người chủ trì phiên họp trong số thành viên Hội đồng có mặt."
    static let secretaryRequired = "Chọn thư ký phiên họp trong số thành viên Hội đồng có mặt."
    static let notPresentMember = "Người này không có tên trong danh sách thành viên có mặt."
    static let sameChairSecretary = "Thư ký phải là người khác với người chủ trì."
    static let presentList = "Có mặt"
    static let absentList = "Vắng mặt"
    static let nobody = "Không có"
    static func minutesMissing(_ items: [String]) -> String { "Biên bản còn thiếu: \(items.joined(separator: ", ")). Hãy bổ sung trước khi kết thúc phiên họp." }
    static func minutesSummary(_ year: Int) -> String {
        "Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year)"
    }
    static func minutesOpening(time: String, date: String, place: String, commune: String, year: Int) -> String {
        "Vào lúc \(time), \(date), tại \(place), Hội đồng Thi đua - Khen thưởng xã \(commune) họp xét khen thưởng phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year)."
    }
    static func minutesQuorum(present: Int, total: Int, share: String, ratio: String, needed: Int, ok: Bool) -> String {
        "Số thành viên có mặt: \(present)/\(total)\(share); theo quy chế, phiên họp cần ít nhất \(ratio) tổng số thành viên, tức \(needed) thành viên: "
            + (ok ? "phiên họp đủ điều kiện tiến hành." : "phiên họp KHÔNG đủ điều kiện biểu quyết.")
    }
    static func minutesBallot(count: Int, year: Int) -> String {
        "Hội đồng đã xem xét hồ sơ \(count) đề nghị khen thưởng năm \(year), thảo luận và bỏ phiếu kín; Ban kiểm phiếu công bố kết quả như sau."
    }
    static func minutesTotals(passed: Int, failed: Int) -> String {
        "Tổng hợp: \(passed) đề nghị được thông qua; \(failed) đề nghị không được thông qua."
    }
    static let minutesNotCounted = "Phiên họp chưa kết thúc: kết quả bỏ phiếu kín được ghi vào biên bản khi kết thúc phiên họp."
    static func minutesClosing(time: String) -> String {
        "Phiên họp kết thúc vào lúc \(time) cùng ngày. Biên bản đã được đọc lại cho các thành viên dự họp cùng nghe và nhất trí thông qua./."
    }

    // posting
    static let postStart = "Ngày bắt đầu công khai"
    static let post = "Công khai danh sách"
    static let posted = "Đã công khai danh sách đề nghị khen thưởng."
    static let nothingToPost = "Chưa có đề nghị nào được Hội đồng thông qua để công khai."
    static let alreadyPosted = "Danh sách năm này đã được công khai."
    static func postingLine(start: LocalDate, end: LocalDate, days: Int) -> String {
        "Công khai từ \(start.vietnamese) đến hết \(end.vietnamese) (\(days) ngày làm việc, không tính thứ Bảy, Chủ nhật và ngày lễ)."
    }
    static let publicLink = "Trang công khai"
    static let publicTitle = "Công khai danh sách đề nghị khen thưởng"
    static let publicLead = "Theo nguyên tắc công khai, minh bạch của Luật Thi đua, khen thưởng 2022, danh sách dưới đây được công khai để Nhân dân góp ý trước khi Chủ tịch UBND xã quyết định."
    static let objectionForm = "Gửi ý kiến, phản ánh"
    static let senderName = "Họ và tên"
    static let contact = "Số điện thoại hoặc địa chỉ"
    static let objectionContent = "Nội dung ý kiến"
    static let objectionAbout = "Về đề nghị"
    static let objectionGeneral = "Cả danh sách"
    static let objectionSent = "Đã nhận ý kiến của anh/chị. Phòng Văn hóa - Xã hội sẽ xem xét và trả lời."
    static let postingOver = "Thời gian công khai đã hết: không nhận thêm ý kiến."
    static let objections = "Ý kiến nhận được"
    static let answer = "Trả lời"
    static let answered = "Đã trả lời ý kiến."
    static let noObjections = "Chưa có ý kiến nào."
    static let nothingPosted = "Chưa có danh sách nào đang công khai."
    static let honeypotLabel = "Để trống ô này (chống thư rác, người gửi không cần điền)"
    static func tooManyPosts(limit: Int, minutes: Int) -> String {
        "Anh/chị đã gửi \(limit) ý kiến trong vòng \(minutes) phút từ cùng một địa chỉ mạng, là số tối đa cho phép. Vui lòng gửi lại sau; nội dung vừa nhập vẫn được giữ dưới đây."
    }
    static let dismissSpam = "Loại (thư rác)"
    static let dismissReason = "Lý do loại ý kiến"
    static let dismissReasonRequired = "Phải ghi lý do loại ý kiến."
    static let dismissed = "Đã loại ý kiến (thư rác); ý kiến không còn chặn việc lập Tờ trình."
    static func dismissedBadge(_ reason: String) -> String { "Đã loại (thư rác): \(reason)" }
    static let objectionNotOpen = "Ý kiến này đã được trả lời hoặc đã bị loại."
    static let senderTag = "Mã người gửi"
    static let senderTagHint = "Mã rút gọn từ địa chỉ mạng (đã băm), để nhận ra các ý kiến gửi từ cùng một nơi; hệ thống không lưu địa chỉ."

    // decisions
    static let makeSubmission = "Lập Tờ trình đề nghị Chủ tịch UBND xã khen thưởng"
    static let submissionMade = "Đã lập Tờ trình."
    static let postingNotOver = "Chưa hết thời gian công khai: chưa lập Tờ trình được."
    static let objectionsOpen = "Còn ý kiến chưa trả lời: phải trả lời mọi ý kiến trước khi lập Tờ trình."
    static let notPosted = "Danh sách chưa được công khai."
    static let sign = "Phê duyệt và ban hành Quyết định"
    static let signed = "Đã ban hành Quyết định khen thưởng."
    static let noSubmission = "Chưa có Tờ trình."
    static let alreadyDecided = "Năm này đã có Quyết định khen thưởng."
    static func alreadySubmitted(_ number: String) -> String { "Năm này đã có Tờ trình số \(number): không lập Tờ trình thứ hai." }
    static let submissionDocx = "Tờ trình (.docx)"
    static let decisionDocx = "Quyết định (.docx)"
    static let listXlsx = "Danh sách khen thưởng (.xlsx)"
    static let certificate = "Giấy khen"
    static let certificateDocx = "Giấy khen (.docx)"
    static let amount = "Tiền thưởng (đồng)"
    static let revoke = "Hủy khen thưởng"
    static let revokeDecision = "Hủy Quyết định"
    static let revokeReason = "Lý do hủy (gian dối, minh chứng không đúng sự thật…)"
    static let recoverReward = "Thu hồi tiền thưởng"
    static let keepReward = "Không thu hồi tiền thưởng"
    static let revoked = "Đã hủy khen thưởng; hồ sơ được giữ nguyên."
    static let revokedBadge = "Đã hủy"
    static let reasonRequired = "Phải ghi lý do hủy."
    static let notDecided = "Chưa có khen thưởng nào được quyết định."

    // catalogue and settings
    static let recipientLabel = "Đối tượng"
    static let awardedByLabel = "Thẩm quyền"
    static let awardedByCommune = "Chủ tịch UBND xã"
    static let awardedByUpward = "Đề nghị cấp trên"
    static let rewardLabel = "Mức thưởng (× lương cơ sở)"
    static let rulesLabel = "Điều kiện"
    static let sourceLabel = "Căn cứ pháp lý"
    static let activeLabel = "Đang dùng"
    static let historyLink = "Lịch sử sửa đổi"
    static let saved = "Đã lưu."
    static let invalidMultiple = "Mức thưởng phải là số từ 0 đến 20."
    static let invalidApproval = "Ngưỡng phải là số từ 0 đến dưới 100 (%)."
    static let baseSalary = "Lương cơ sở (đồng)"
    static let rounding = "Làm tròn tiền thưởng đến (đồng)"
    static let quorumRatio = "Tỷ lệ thành viên phải có mặt (%)"
    static let approvalRatio = "Ngưỡng: thông qua khi số phiếu đồng ý trên (% tổng số thành viên Hội đồng)"
    static let postingDays = "Số ngày làm việc công khai"
    static let holidays = "Ngày lễ, Tết (dd/mm/yyyy, mỗi dòng một ngày)"
    static let requiresInitiative = "CSTĐCS bắt buộc có sáng kiến được công nhận"
    static let quotaPercent = "Tỷ lệ CSTĐCS tối đa so với LĐTT (%) — để trống: không giới hạn"
    static let quotaRoundingNote = "Số tối đa = tỷ lệ × số LĐTT, làm tròn xuống (ít nhất 1 khi có LĐTT)."
    static let invalidPercent = "Phải là số từ 0 đến 100."
    static let invalidMoney = "Phải là số tiền dương."
    static let invalidDays = "Phải là số ngày từ 1 đến 30."
    /// A line of the holidays' textarea that is not one date.
    static func invalidHolidayLine(_ line: Int, _ text: String) -> String {
        "Ngày không hợp lệ ở dòng \(line): “\(text.count > 40 ? String(text.prefix(40)) + "…" : text)” (dd/mm/yyyy, mỗi dòng một ngày)."
    }

    static func recipient(_ k: RecipientKind) -> String {
        switch k { case .individual: "Cá nhân"; case .collective: "Tập thể"; case .household: "Hộ gia đình" }
    }
    static func status(_ s: NominationStatus) -> String {
        switch s {
        case .proposed: "Chờ Hội đồng xét"
        case .approved: "Hội đồng thông qua"
        case .rejected: "Hội đồng không thông qua"
        case .decided: "Đã có Quyết định"
        case .revoked: "Đã hủy khen thưởng"
        case .withdrawn: "Đã rút"
        }
    }
    static func rating(_ r: TaskRating) -> String {
        switch r {
        case .excellent: "Hoàn thành xuất sắc nhiệm vụ"
        case .good: "Hoàn thành tốt nhiệm vụ"
        case .done: "Hoàn thành nhiệm vụ"
        case .notDone: "Không hoàn thành nhiệm vụ"
        }
    }
    static func discipline(_ d: DisciplineLevel) -> String {
        switch d {
        case .none: "Không bị kỷ luật"
        case .reprimand: "Khiển trách"
        case .warning: "Cảnh cáo"
        case .higher: "Từ hạ bậc lương trở lên"
        }
    }
    static func ruleLabel(_ r: EligibilityRule) -> String {
        switch r {
        case .ratingGood: "Hoàn thành tốt nhiệm vụ trở lên"
        case .ratingExcellent: "Hoàn thành xuất sắc nhiệm vụ"
        case .activeInMovement: "Tham gia phong trào thi đua"
        case .ldttSameYear: "Đạt danh hiệu Lao động tiên tiến cùng năm"
        case .recognisedInitiative: "Có sáng kiến được công nhận"
        case .cstdcsQuota: "Trong tỷ lệ CSTĐCS so với LĐTT"
        case .noDiscipline: "Không bị kỷ luật từ khiển trách trở lên"
        case .noWarningInCollective: "Không có cá nhân bị kỷ luật từ cảnh cáo trở lên"
        case .membersLdttMajority: "Trên 50% cá nhân đạt LĐTT"
        case .membersLdtt70: "Từ 70% cá nhân đạt LĐTT"
        case .hasCstdcsMember: "Có cá nhân đạt CSTĐCS"
        case .achievementReport: "Có báo cáo thành tích"
        }
    }
    static func ratingReason(_ r: TaskRating, needed: TaskRating) -> String { "Được đánh giá: \(r.label.lowercased()); cần: \(needed.label.lowercased()) trở lên." }
    static let activeYes = "Có đăng ký thi đua hoặc đơn vị đã báo cáo kết quả năm nay."
    static let activeNo = "Chưa có đăng ký thi đua, đơn vị cũng chưa nộp báo cáo kết quả năm nay."
    static let ldttYes = "Đã có danh hiệu Lao động tiên tiến năm nay (hoặc đã được Hội đồng thông qua)."
    static let ldttNo = "Chưa có danh hiệu Lao động tiên tiến năm nay: cần đề nghị và được thông qua LĐTT trước."
    static func initiativeYes(_ titles: [String]) -> String { "Sáng kiến được công nhận: " + titles.map(Quoting.quoted).joined(separator: "; ") + "." }
    static let initiativeMissing = "Chưa có sáng kiến được công nhận trong năm (thiết lập hiện hành: bắt buộc)."
    static let initiativeOptional = "Không có sáng kiến; thiết lập hiện hành: không bắt buộc."
    static let quotaOff = "Không áp dụng tỷ lệ (thiết lập hiện hành)."
    static func quotaReason(percent: Double, ldtt: Int, allowed: Int, rank: Int) -> String {
        "Tối đa \(NumberText.format(percent))% × \(ldtt) LĐTT = \(NumberText.format(percent * Double(ldtt) / 100)), làm tròn xuống: \(allowed); đề nghị này là thứ \(rank)."
    }
    static func disciplineReason(_ d: DisciplineLevel) -> String { "Kỷ luật trong năm: \(d.label.lowercased())." }
    static func collectiveDisciplineReason(_ d: DisciplineLevel) -> String { "Mức kỷ luật cao nhất trong tập thể: \(d.label.lowercased())." }
    static let moreThanHalf = "trên 50%"
    static func membersReason(_ n: Int, of total: Int, needed: String) -> String {
        total == 0 ? "Đơn vị chưa có danh sách cá nhân." : "\(n)/\(total) cá nhân đạt LĐTT (\(NumberText.percent(Double(n) / Double(total)))); cần \(needed)."
    }
    static func cstdcsMembersReason(_ n: Int) -> String { "\(n) cá nhân đạt CSTĐCS năm nay." }
    static let reportYes = "Có báo cáo thành tích."
    static let reportNo = "Chưa có báo cáo thành tích (ít nhất 20 ký tự)."

    // documents
    static func submissionTitle(_ year: Int) -> String { "TỜ TRÌNH\nVề việc đề nghị khen thưởng phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year)" }
    static func decisionTitle(_ year: Int) -> String { "QUYẾT ĐỊNH\nVề việc khen thưởng phong trào thi đua đổi mới sáng tạo và chuyển đổi số năm \(year)" }
    static let minutesTitle = "BIÊN BẢN\nHọp Hội đồng Thi đua - Khen thưởng xã"
}
