/// The Nghĩa Trung demo: the offices named in the plan, villages, agencies and organisations, schools,
/// businesses and people. Plausible, not real people.
enum DemoData {
    static let password = "ThiDua@2026"

    static let villages: [String] = [
        "Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn 6", "Thôn 7", "Thôn 8", "Thôn 9", "Thôn 10",
        "Thôn Bình Thủy", "Thôn Bình Hà", "Thôn Bình Tiến", "Thôn Bình Minh", "Thôn Bình Lợi", "Thôn Bình Giai",
        "Thôn Đức Lập", "Thôn Đức Hòa", "Thôn Đức Lợi", "Thôn Sơn Hòa", "Thôn Sơn Lập", "Thôn Bù Lạch",
    ]

    /// (code, name, head title)
    static let agencies: [(String, String, String)] = [
        ("VP", "Văn phòng HĐND và UBND xã", "Chánh Văn phòng"),
        ("VHXH", "Phòng Văn hóa - Xã hội", "Trưởng phòng"),
        ("KT", "Phòng Kinh tế", "Trưởng phòng"),
        ("TTDV", "Trung tâm Dịch vụ tổng hợp", "Giám đốc"),
        ("HCC", "Trung tâm Phục vụ hành chính công", "Giám đốc"),
        ("CA", "Công an xã", "Trưởng Công an xã"),
        ("QS", "Ban Chỉ huy Quân sự xã", "Chỉ huy trưởng"),
        ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng xã", "Trưởng ban"),
        ("VPDU", "Văn phòng Đảng ủy xã", "Chánh Văn phòng"),
        ("UBKT", "Ủy ban Kiểm tra Đảng ủy xã", "Chủ nhiệm"),
        ("BXDD", "Ban Xây dựng Đảng xã", "Trưởng ban"),
        ("TTCT", "Trung tâm Chính trị xã", "Giám đốc"),
        ("DTT", "Đài Truyền thanh xã", "Trưởng đài"),
        ("TNMT", "Tổ Địa chính - Môi trường", "Tổ trưởng"),
    ]

    static let organisations: [(String, String, String)] = [
        ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Chủ tịch"),
        ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Bí thư"),
        ("HPN", "Hội Liên hiệp Phụ nữ xã", "Chủ tịch"),
        ("HND", "Hội Nông dân xã", "Chủ tịch"),
        ("CCB", "Hội Cựu chiến binh xã", "Chủ tịch"),
        ("CDCS", "Công đoàn cơ sở xã", "Chủ tịch"),
        ("NCT", "Hội Người cao tuổi xã", "Chủ tịch"),
        ("CTD", "Hội Chữ thập đỏ xã", "Chủ tịch"),
        ("KH", "Hội Khuyến học xã", "Chủ tịch"),
        ("TNXP", "Hội Cựu Thanh niên xung phong xã", "Chủ tịch"),
        ("DY", "Hội Đông y xã", "Chủ tịch"),
        ("NNCDDC", "Hội Nạn nhân chất độc da cam/dioxin xã", "Chủ tịch"),
        ("LG", "Chi hội Luật gia xã", "Chi hội trưởng"),
        ("SVC", "Hội Sinh vật cảnh xã", "Chủ tịch"),
    ]

    static let schools: [(String, String, String)] = [
        ("MN-HS", "Trường Mầm non Hoa Sen", "Hiệu trưởng"),
        ("MN-HM", "Trường Mầm non Họa Mi", "Hiệu trưởng"),
        ("MN-SC", "Trường Mầm non Sơn Ca", "Hiệu trưởng"),
        ("TH-NT", "Trường Tiểu học Nghĩa Trung", "Hiệu trưởng"),
        ("TH-KD", "Trường Tiểu học Kim Đồng", "Hiệu trưởng"),
        ("TH-LVT", "Trường Tiểu học Lê Văn Tám", "Hiệu trưởng"),
        ("TH-VTS", "Trường Tiểu học Võ Thị Sáu", "Hiệu trưởng"),
        ("THCS-NT", "Trường THCS Nghĩa Trung", "Hiệu trưởng"),
        ("THCS-NTR", "Trường THCS Nguyễn Trãi", "Hiệu trưởng"),
        ("THCS-LQD", "Trường THCS Lê Quý Đôn", "Hiệu trưởng"),
        ("TYT", "Trạm Y tế xã", "Trưởng trạm"),
        ("TTHTCD", "Trung tâm Học tập cộng đồng xã", "Giám đốc"),
        ("TTVH", "Trung tâm Văn hóa - Thể thao xã", "Giám đốc"),
        ("NVH", "Nhà Văn hóa xã", "Phụ trách"),
    ]

    static let businessPrefixes = ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Hộ kinh doanh"]
    static let businessNames = [
        "Điều Nghĩa Trung", "Cà phê Bù Đăng", "Hồ tiêu Sơn Lập", "Cao su Bình Thủy", "Chăn nuôi Đức Hòa", "Nông sản sạch Bình Minh",
        "Vật tư nông nghiệp Thành Công", "Xây dựng Phú Cường", "Vận tải Hưng Thịnh", "Thương mại Minh Phát", "Chế biến gỗ An Khang",
        "Sầu riêng Bình Tiến", "Mật ong Bù Lạch", "Dịch vụ số Nghĩa Trung", "Phần mềm Đồng Xanh", "Điện máy Tâm Đức",
    ]
    static let businessHeadTitles = ["Giám đốc", "Giám đốc", "Giám đốc HTX", "Chủ hộ kinh doanh"]

    static let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Điểu", "Thị"]
    static let middleNames = ["Văn", "Thị", "Đình", "Minh", "Thanh", "Hữu", "Quốc", "Ngọc", "Thu", "Hoàng", "Anh", "Kim", "Xuân", "Đức"]
    static let givenNames = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan",
                             "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phong", "Phúc", "Quân", "Quyên", "Sơn", "Tâm", "Thảo",
                             "Thắng", "Trang", "Trung", "Tuấn", "Uyên", "Vân", "Việt", "Yến", "Lộc", "Đạt", "Hằng", "Phương", "Oanh"]
    /// Given names of the demo that are a woman's (the others are read as a man's).
    static let femaleGivenNames: Set<String> = ["Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung", "Quyên", "Thảo",
                                                "Trang", "Uyên", "Vân", "Yến", "Hằng", "Phương", "Oanh", "Hồng"]

    /// The salutation of a demo person, from the name: the middle name "Thị" → Bà, "Văn" (and Đình, Hữu, Quốc, Đức) →
    /// Ông, otherwise (Minh, Thanh, Ngọc, Anh…) by the given name; "Thu" and "Kim" → Bà.
    static func salutation(forName name: String) -> Salutation {
        let parts = name.split(separator: " ").map(String.init)
        let middle = parts.dropFirst().dropLast()
        if parts.first == "Thị" || middle.contains("Thị") || middle.contains("Thu") || middle.contains("Kim") { return .ba }
        if !middle.filter({ ["Văn", "Đình", "Hữu", "Quốc", "Đức"].contains($0) }).isEmpty { return .ong }
        return femaleGivenNames.contains(parts.last ?? "") ? .ba : .ong
    }

    static let staffTitles = ["Công chức", "Chuyên viên", "Viên chức", "Nhân viên", "Phó trưởng"]
    static let villageTitles = ["Trưởng thôn", "Bí thư chi bộ", "Trưởng ban công tác Mặt trận", "Chi hội trưởng Phụ nữ", "Tổ trưởng Tổ công nghệ số cộng đồng"]

    /// The second, smaller commune that makes tenant isolation visible.
    static let otherCommune = (code: "phu-son", name: "Phú Sơn", villages: ["Thôn Phú Lâm", "Thôn Phú Sơn", "Thôn Phú Thịnh"],
                               agencies: [("VP", "Văn phòng HĐND và UBND xã Phú Sơn", "Chánh Văn phòng"), ("VHXH", "Phòng Văn hóa - Xã hội xã Phú Sơn", "Trưởng phòng")])
}
