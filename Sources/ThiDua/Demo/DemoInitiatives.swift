import Fluent
import Foundation

/// The demo's initiatives of 2026: 32 applications in every state (draft, submitted, under review with scores,
/// returned, recognised with a decision, not recognised, withdrawn), a few near-duplicates, and units applying
/// recognised ones. Every change goes through ``InitiativeCommands``, dated during the year.
enum DemoInitiatives {
    static let titles: [(String, Int, String)] = [
        ("Hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến tại nhà văn hóa thôn", 3, "Giảm 40% thời gian chờ tại bộ phận một cửa; 1.250 hồ sơ nộp trực tuyến."),
        ("Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến ngay tại nhà văn hoá thôn", 3, "Người dân không phải lên xã; 300 hồ sơ trong 6 tháng."),
        ("Sổ tay điện tử cho Tổ công nghệ số cộng đồng", 2, "35 tổ viên dùng chung một bộ hướng dẫn, cập nhật hằng tuần."),
        ("Mô hình “Mỗi hộ một tài khoản VNeID mức 2”", 2, "Tỷ lệ người trưởng thành có VNeID mức 2 tăng từ 58% lên 86%."),
        ("Bản đồ số các điểm phát Wi-Fi miễn phí của xã", 1, "18 điểm Wi-Fi công cộng được công bố trên bản đồ số."),
        ("Ứng dụng Zalo OA tiếp nhận phản ánh của người dân", 3, "420 phản ánh được tiếp nhận và trả lời trung bình trong 3 ngày."),
        ("Tiếp nhận phản ánh của người dân qua Zalo OA của UBND xã", 3, "Rút ngắn thời gian trả lời phản ánh còn 3 ngày."),
        ("Số hóa sổ hộ tịch giai đoạn 1995–2015", 3, "12.600 trang sổ hộ tịch được số hóa, tra cứu trong 1 phút."),
        ("Số hoá sổ hộ tịch lưu trữ tại xã", 3, "Tra cứu nhanh, giảm hư hỏng sổ giấy."),
        ("Thanh toán không dùng tiền mặt tại chợ Nghĩa Trung", 4, "65% tiểu thương nhận thanh toán bằng mã QR."),
        ("Gian hàng trực tuyến cho sản phẩm OCOP của xã", 4, "Doanh thu trực tuyến của 6 sản phẩm OCOP tăng 30%."),
        ("Lớp “Bình dân học vụ số” buổi tối cho người lao động", 5, "860 người được hướng dẫn kỹ năng số cơ bản."),
        ("Trò chơi học an toàn trên mạng cho học sinh tiểu học", 5, "1.100 học sinh tham gia; phụ huynh đánh giá tốt."),
        ("Ngân hàng câu hỏi trực tuyến ôn thi học sinh giỏi", 5, "Tỷ lệ học sinh giỏi cấp tỉnh tăng 12%."),
        ("Quy trình ký số văn bản đi tại UBND xã", 3, "100% văn bản đi được ký số; tiết kiệm 45 triệu đồng giấy in mỗi năm."),
        ("Nhắc lịch tiêm chủng qua tin nhắn cho các hộ gia đình", 5, "Tỷ lệ tiêm chủng đúng lịch đạt 98%."),
        ("Camera giám sát an ninh kết nối Công an xã", 6, "Giảm 25% vụ trộm cắp tài sản."),
        ("Ứng dụng nhật ký điện tử canh tác cà phê", 4, "40 hộ ghi nhật ký, được doanh nghiệp bao tiêu."),
        ("Bảng tính theo dõi chỉ tiêu chuyển đổi số của thôn", 1, "22 thôn cập nhật số liệu hằng tháng."),
        ("Thư viện sách điện tử dùng chung của các trường", 5, "3 trường dùng chung 2.000 đầu sách."),
        ("Tổ tình nguyện “Gõ cửa từng nhà” hướng dẫn kỹ năng số", 2, "2.300 hộ được hướng dẫn cài đặt ứng dụng."),
        ("Phần mềm quản lý hội viên Hội Nông dân", 6, "1.800 hội viên được quản lý trên phần mềm."),
        ("Mã QR tra cứu thủ tục hành chính tại bộ phận một cửa", 3, "Người dân tự tra cứu 120 thủ tục."),
        ("Hệ thống loa truyền thanh thông minh", 1, "Phủ sóng 22/22 thôn; phát tin theo lịch tự động."),
        ("Nhóm Zalo hỗ trợ doanh nghiệp mới thành lập", 4, "28 doanh nghiệp được hỗ trợ thủ tục trực tuyến."),
        ("Bản đồ số vùng trồng sầu riêng", 4, "Cấp 6 mã số vùng trồng."),
        ("Chương trình “Chợ 4.0” cho tiểu thương", 4, "Tiểu thương bán hàng qua mạng xã hội tăng gấp đôi."),
        ("Họp trực tuyến giữa UBND xã và các thôn", 3, "Tiết kiệm 60 giờ đi lại mỗi tháng."),
        ("Số hóa hồ sơ chính sách người có công", 6, "540 hồ sơ được số hóa."),
        ("Kho dữ liệu ảnh di tích, lễ hội của xã", 6, "300 ảnh tư liệu được số hóa và công bố."),
        ("Hướng dẫn sử dụng sổ sức khỏe điện tử", 5, "3.000 người kích hoạt sổ sức khỏe điện tử."),
        ("Quy trình tiếp nhận hồ sơ đất đai qua mạng", 3, "Giảm 30% thời gian giải quyết hồ sơ."),
    ]

    static func seed(communeID: UUID, on db: any Database) async throws {
        func day(_ iso: String) -> Date { DemoPledges.day(iso) }
        func actor(_ u: User, _ iso: String) -> AuditActor { AuditActor(userID: u.id, name: u.displayName, communeID: communeID, ip: nil, at: day(iso)) }
        let users = Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$communeID == communeID).all().map { ($0.username, $0) })
        guard let secretariat = users["canbo.thidua"], let council = users["hoidong"], let leader = users["chutich"] else { return }
        let applicants = ["canhan", "daumoi", "giamsat", "bientap", "admin"].compactMap { users[$0] }
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$code).all()
        let areas = try await ContentArea.query(on: db).filter(\.$communeID == communeID).all()
        let criteria = try await InitiativeQueries.rubric(on: db, communeID: communeID).criteria
        // States in turn: recognised ×10, under review ×6, submitted ×5, draft ×4, returned ×3, not recognised ×2, withdrawn ×2.
        let plan: [InitiativeStatus] = [.recognised, .underReview, .submitted, .recognised, .draft, .recognised, .returned, .underReview, .recognised,
                                        .notRecognised, .recognised, .submitted, .underReview, .recognised, .draft, .withdrawn, .recognised, .underReview,
                                        .returned, .submitted, .recognised, .draft, .underReview, .recognised, .submitted, .notRecognised, .underReview,
                                        .returned, .draft, .withdrawn, .submitted, .recognised]
        // The register of decisions already holds this year's first 40 (the platform was adopted mid-year).
        let register = DocumentNumber()
        register.communeID = communeID
        register.year = 2026
        register.symbol = CommendationCommands.decisionSymbol
        register.lastNumber = 40
        try await register.create(on: db)
        for (n, item) in titles.enumerated() {
            let applicant = applicants[n % applicants.count]
            let person = try await applicant.personID.asyncMap { try await Person.find($0, on: db) } ?? nil
            let unit = units[(n * 7) % units.count]
            let month = 1 + n % 9
            let coAuthor = n % 3 == 0
            let authors = [AuthorLine(personId: person?.id, fullName: person?.fullName ?? applicant.displayName, birthDate: person?.birthDate,
                                      workplace: unit.name, jobTitle: person?.title ?? "", qualification: n % 2 == 0 ? "Đại học" : "Cao đẳng",
                                      share: coAuthor ? 70 : 100)]
                + (coAuthor ? [AuthorLine(personId: nil, fullName: ["Lê Thị Mai", "Phạm Văn Đức", "K'Brơi", "Nguyễn Thị Hoa"][n % 4], birthDate: nil,
                                          workplace: unit.name, jobTitle: "Tổ viên Tổ công nghệ số", qualification: "Trung cấp", share: 30)] : [])
            let content = InitiativeContent(
                title: item.0, ownerUnitId: unit.id, contentAreaId: areas.first { $0.position == item.1 }?.id,
                firstApplied: String(format: "2026-%02d-%02d", month, 5 + n % 20),
                summary: "\(item.0): giải pháp được \(unit.name) xây dựng và áp dụng thử từ tháng \(month)/2026, phù hợp điều kiện của xã.",
                conditions: "Máy tính hoặc điện thoại thông minh có kết nối Internet; cán bộ được hướng dẫn 1 buổi.", benefits: item.2,
                testers: "Cán bộ và người dân \(unit.name)", confidential: n % 4 == 0 ? "Danh sách số điện thoại người dân tham gia thử nghiệm." : "", authors: authors)
            let status = plan[n % plan.count]
            let created = String(format: "2026-%02d-%02d", min(month + 1, 10), 10)
            let i = try await InitiativeCommands.save(nil, content: content, expectedVersion: nil,
                                                      user: CurrentUser(id: applicant.id!, communeID: communeID, communeName: "", username: applicant.username,
                                                                        displayName: applicant.displayName, roles: [], unitID: applicant.unitID,
                                                                        personID: applicant.personID, sessionID: UUID(), csrfToken: "", viaAPI: false),
                                                      actor: actor(applicant, created), on: db)
            if status == .draft { continue }
            try await InitiativeCommands.submit(i, actor: actor(applicant, created), on: db)
            if status == .withdrawn { try await InitiativeCommands.withdraw(i, actor: actor(applicant, String(format: "2026-%02d-20", min(month + 1, 10))), on: db); continue }
            if status == .submitted { continue }
            let reviewDay = String(format: "2026-%02d-25", min(month + 1, 10))
            if status == .returned {
                try await InitiativeCommands.returnIt(i, reason: "Đề nghị bổ sung số liệu minh chứng lợi ích và xác nhận của đơn vị áp dụng thử.",
                                                      actor: actor(secretariat, reviewDay), on: db)
                continue
            }
            try await InitiativeCommands.assign(i, reviewers: [council, leader], actor: actor(secretariat, reviewDay), on: db)
            let reviews = try await InitiativeQueries.reviews(on: db, i)
            for (k, review) in reviews.enumerated() where status != .underReview || (n + k) % 2 == 0 {
                let strong = status != .notRecognised
                let points = Dictionary(uniqueKeysWithValues: criteria.map { c in
                    (c.id!, (c.maxPoints * (strong ? 0.7 + Double((n + k) % 4) * 0.07 : 0.35)).rounded())
                })
                let reviewer = review.reviewerID == council.id ? council : leader
                try await InitiativeCommands.score(i, review: review, points: points, comment: strong ? "Giải pháp thiết thực, áp dụng được rộng rãi." : "Chưa thể hiện rõ tính mới.",
                                                   criteria: criteria, actor: actor(reviewer, String(format: "2026-%02d-02", min(month + 2, 11))), on: db)
            }
            if status == .underReview { continue }
            let decided = String(format: "2026-%02d-15", min(month + 2, 11))
            try await InitiativeCommands.decide(i, .init(recognised: status == .recognised, councilDate: String(format: "2026-%02d-10", min(month + 2, 11)),
                                                         minutes: "Hội đồng họp, 7/9 thành viên có mặt; \(status == .recognised ? "nhất trí đề nghị công nhận" : "không đề nghị công nhận").",
                                                         decisionDate: status == .recognised ? decided : nil,
                                                         scope: status == .recognised ? (n == 0 ? .province : .commune) : nil),
                                                actor: actor(secretariat, decided), on: db)
            if status == .recognised && n % 2 == 0 {
                for adopter in [units[(n * 7 + 3) % units.count], units[(n * 7 + 11) % units.count]] where adopter.id != unit.id {
                    try await InitiativeCommands.adopt(i, unit: adopter, note: "Áp dụng tại đơn vị từ tháng 11/2026, kết quả tốt.", actor: actor(secretariat, "2026-11-20"), on: db)
                }
            }
        }
    }
}
