/// The roles of domain.md §2, held per commune. A person may hold several.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    /// quản trị hệ thống
    case administrator
    /// cán bộ thi đua (Phòng Văn hóa - Xã hội), the movement's secretariat
    case secretariat
    /// Chủ tịch / Phó Chủ tịch UBND
    case leader
    /// thành viên Hội đồng Thi đua - Khen thưởng
    case councilMember = "council_member"
    /// đầu mối đơn vị — bound to one unit
    case unitFocalPoint = "unit_focal_point"
    /// cá nhân
    case individual
    /// biên tập viên
    case editor
    /// giám sát (MTTQ)
    case supervisor

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The Vietnamese name shown to users.
    public var label: String {
        switch self {
        case .administrator: "Quản trị hệ thống"
        case .secretariat: "Cán bộ thi đua"
        case .leader: "Lãnh đạo UBND"
        case .councilMember: "Thành viên Hội đồng TĐKT"
        case .unitFocalPoint: "Đầu mối đơn vị"
        case .individual: "Cá nhân"
        case .editor: "Biên tập viên"
        case .supervisor: "Giám sát (MTTQ)"
        }
    }
}
