import Fluent
import Foundation

/// The movement as the plan (Kế hoạch, UBND xã Nghĩa Trung, 01/2026) sets it up: phases, the yearly calendar,
/// the six content areas (mục II.2) and the criteria of groups 1.1–1.4 (mục III.1). Points are defaults the
/// secretariat can change.
enum MovementDefaults {
    static let name = "Thi đua đổi mới sáng tạo và chuyển đổi số"
    static let summary = "Phát động phong trào thi đua đổi mới sáng tạo và chuyển đổi số trên địa bàn xã giai đoạn 2026–2030, hưởng ứng Phong trào “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” (Quyết định 923/QĐ-TTg) và thực hiện Nghị quyết 57-NQ/TW."

    static let contentAreas: [(String, String)] = [
        ("Nâng cao nhận thức, đổi mới tư duy", "Đột phá về đổi mới tư duy, chuyển đổi số; đổi mới phương thức lãnh đạo, quản lý, điều hành từ “truyền thống” sang không gian số dựa trên dữ liệu số."),
        ("Hạ tầng khoa học, công nghệ và hạ tầng số", "Phát triển hạ tầng cho khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số: hiện đại, đồng bộ, an ninh, an toàn, hiệu quả, tránh lãng phí."),
        ("Chính quyền số và cải cách hành chính", "Ứng dụng số trong cải cách thủ tục hành chính, dịch vụ công trực tuyến toàn trình, kết nối và chia sẻ dữ liệu giữa các cơ quan."),
        ("Kinh tế số và doanh nghiệp công nghệ", "Phát triển kinh tế số, doanh nghiệp công nghệ số, khởi nghiệp sáng tạo; chuyển đổi số trong doanh nghiệp, hợp tác xã, hộ kinh doanh."),
        ("Xã hội số, “Bình dân học vụ số”", "Giáo dục, đào tạo, phong trào “Bình dân học vụ số”, học tập trên nền tảng số, kỹ năng số cho cán bộ và Nhân dân."),
        ("Quốc phòng, an ninh và an toàn không gian mạng", "Bảo đảm quốc phòng, an ninh, an toàn, an ninh mạng trên nền tảng số và không gian mạng."),
    ]

    /// (group, title, description, max points)
    static let criteria: [(CriteriaGroup, String, String, Int)] = [
        (.agencies, "Triển khai phong trào và vai trò người đứng đầu", "Triển khai có hiệu quả Phong trào thi đua do Thủ tướng Chính phủ phát động và Phong trào thi đua của tỉnh; nâng cao vai trò, trách nhiệm của người đứng đầu trong lãnh đạo, chỉ đạo.", 15),
        (.agencies, "Hoàn thành nhiệm vụ theo Nghị quyết 57-NQ/TW", "Hoàn thành có chất lượng, đúng thời hạn các nhiệm vụ, giải pháp được giao tại Nghị quyết 57-NQ/TW, 03/NQ-CP, 71/NQ-CP và kế hoạch của tỉnh; kịp thời tham mưu tháo gỡ điểm nghẽn.", 20),
        (.agencies, "Tuyên truyền điển hình, mô hình hay", "Tăng cường tuyên truyền về các điển hình tiêu biểu, phổ biến mô hình hay, cách làm hiệu quả trong chuyển đổi số và đổi mới sáng tạo.", 15),
        (.agencies, "Khai thác và chia sẻ dữ liệu", "Phát huy hiệu quả dữ liệu quốc gia, của tỉnh, của xã; bảo đảm liên thông, tích hợp, chia sẻ.", 15),
        (.agencies, "Cơ chế, chính sách và nguồn lực", "Tham mưu cơ chế, chính sách hỗ trợ doanh nghiệp phát triển công nghệ số; thu hút, sử dụng hiệu quả nguồn lực cho khoa học, công nghệ, đổi mới sáng tạo.", 15),
        (.agencies, "Tinh gọn bộ máy và dịch vụ công trực tuyến", "Tinh gọn bộ máy; giải quyết thủ tục hành chính một cửa, phi địa giới; tái cấu trúc quy trình để cung cấp dịch vụ công trực tuyến toàn trình.", 20),
        (.organisations, "Tuyên truyền, vận động hội viên và Nhân dân", "Tuyên truyền đến cơ sở Hội, hội viên về phong trào; tổ chức hoạt động cụ thể, thiết thực, huy động sự phối hợp trong phổ biến, vận động.", 50),
        (.organisations, "Sáng kiến vận động; giám sát, phản biện xã hội", "Có sáng kiến, cách làm hay trong hướng dẫn, vận động Nhân dân thực hiện Nghị quyết 57-NQ/TW; phát huy vai trò giám sát, phản biện xã hội.", 50),
        (.businesses, "Đầu tư chuyển đổi số, làm chủ công nghệ", "Đẩy mạnh đầu tư cho chuyển đổi số, nghiên cứu, ứng dụng khoa học, đổi mới công nghệ; sản phẩm theo thương hiệu địa phương; bảo đảm an toàn, an ninh mạng.", 40),
        (.businesses, "Tầm nhìn, chiến lược và văn hóa đổi mới", "Xây dựng tầm nhìn, chiến lược bền vững, văn hóa đổi mới; hợp tác, nghiên cứu, phát triển trong môi trường số.", 30),
        (.businesses, "Mô hình quản lý và sản phẩm đột phá", "Cải cách mô hình quản lý, áp dụng công nghệ mới, số hóa và phát triển sản phẩm, dịch vụ có tính đột phá.", 30),
        (.individuals, "Sáng kiến, giải pháp hữu ích của cán bộ, người lao động", "Cán bộ, công chức, viên chức, người lao động có sáng kiến, giải pháp hữu ích trong thực hiện phong trào, cơ chế, chính sách, thủ tục hành chính phục vụ chuyển đổi số.", 60),
        (.individuals, "Thành tích được công nhận bằng văn bản", "Doanh nhân, trí thức, nhà khoa học, nhà sáng chế có thành tích: bằng sáng chế, giải thưởng khoa học, công trình nghiên cứu được cấp có thẩm quyền công nhận bằng văn bản.", 40),
    ]

    /// Creates the movement with its defaults for a commune that has none.
    @discardableResult
    static func install(communeID: UUID, actor: AuditActor, on db: any Database) async throws -> Movement {
        let movement = Movement()
        movement.communeID = communeID
        movement.name = name
        movement.planNumber = ""
        movement.startYear = 2026
        movement.endYear = 2030
        movement.summary = summary
        movement.version = 1
        try await movement.create(on: db)
        let movementID = try movement.requireID()

        let phases: [(String, Int, Int, String, Int)] = [
            ("Giai đoạn 1 (2026 - 2027)", 2026, 2027, "mid_term", 2027),
            ("Giai đoạn 2 (2027 - 2030)", 2027, 2030, "final", 2030),
        ]
        for (i, p) in phases.enumerated() {
            let phase = Phase()
            phase.communeID = communeID; phase.movementID = movementID; phase.position = i + 1
            phase.name = p.0; phase.startYear = p.1; phase.endYear = p.2; phase.reviewKind = p.3; phase.reviewYear = p.4
            try await phase.create(on: db)
        }
        for year in 2026...2030 {
            let dates: [(DeadlineKind, String, Int, Int, String)] = [
                (.registration, "Hạn đăng ký thi đua năm \(year)", 3, 31, "Đơn vị, cá nhân đăng ký chỉ tiêu, sản phẩm cụ thể của năm."),
                (.report, "Hạn báo cáo kết quả năm \(year)", 11, 15, "Báo cáo về UBND xã (qua Phòng Văn hóa - Xã hội) trước ngày 15/11 (Kế hoạch, mục V.2.4)."),
                (.council, "Họp Hội đồng Thi đua - Khen thưởng năm \(year)", 12, 5, "Xét, bỏ phiếu đề nghị khen thưởng."),
                (.ceremony, year == 2027 ? "Hội nghị sơ kết giai đoạn 1" : year == 2030 ? "Hội nghị tổng kết phong trào" : "Tổng kết, khen thưởng năm \(year)", 12, 20, ""),
            ]
            for d in dates {
                let deadline = Deadline()
                deadline.communeID = communeID; deadline.movementID = movementID; deadline.year = year
                deadline.kind = d.0.rawValue; deadline.title = d.1
                deadline.dueDate = LocalDate(year: year, month: d.2, day: d.3)!.iso; deadline.note = d.4
                try await deadline.create(on: db)
            }
        }
        for (i, area) in contentAreas.enumerated() {
            let model = ContentArea()
            model.communeID = communeID; model.movementID = movementID; model.position = i + 1
            model.name = area.0; model.summary = area.1
            try await model.create(on: db)
        }
        var positions: [CriteriaGroup: Int] = [:]
        for c in criteria {
            positions[c.0, default: 0] += 1
            let model = Criterion()
            model.communeID = communeID; model.movementID = movementID; model.criteriaGroup = c.0.rawValue
            model.position = positions[c.0]!; model.title = c.1; model.summary = c.2; model.maxPoints = c.3; model.isActive = true
            try await model.create(on: db)
        }
        try await AuditLog.record(on: db, actor, .create, type: "movement", id: movementID, label: movement.name,
                                  after: MovementDTO(movement))
        return movement
    }
}

/// The movement's own fields at the API edge and in the audit log.
struct MovementDTO: Codable, Sendable, Equatable {
    let name: String
    let planNumber: String
    let planDate: String?
    let startYear: Int
    let endYear: Int
    let summary: String

    init(_ m: Movement) {
        name = m.name; planNumber = m.planNumber; planDate = m.planDate; startYear = m.startYear; endYear = m.endYear; summary = m.summary
    }
}
