import Fluent
import Foundation
import SQLKit

/// The indicator catalogue a commune starts with (issue 16, point 1): a Đồng Nai-style set of 21 indicators in the
/// 8 groups of the provincial commune sets (Hà Nội 5279/QĐ-UBND uses the same groups), named as communes write them,
/// each with its definition, numerator and denominator in words, the document that defines it and the evidence that
/// proves it; and the targets of 2025–2030 at the indicator's level, with where each comes from.
///
/// Sources: /work/shared/docs/field-notes.md §1–2 (provincial plans and commune reports of 2025–2026). Where no
/// Đồng Nai document was found the text says so ("số hiệu do xã cập nhật"), so the secretariat knows what to check;
/// everything here is data the secretariat edits (a new definition version, the targets page), never code.
enum IndicatorDefaults {
    /// A group of the catalogue (nhóm chỉ số) and its place in the list.
    struct Group: Sendable, Equatable {
        let position: Int
        let name: String
    }

    /// The eight groups, in the order of the provincial sets.
    static let groups: [Group] = [
        Group(position: 1, name: "Nhận thức số"),
        Group(position: 2, name: "Thể chế số"),
        Group(position: 3, name: "Hạ tầng số"),
        Group(position: 4, name: "Nhân lực số"),
        Group(position: 5, name: "An toàn thông tin mạng"),
        Group(position: 6, name: "Chính quyền số"),
        Group(position: 7, name: "Kinh tế số"),
        Group(position: 8, name: "Xã hội số"),
    ]

    /// One seeded indicator: its first definition (from ``firstYear``) and its targets.
    struct Default: Sendable {
        let code: String
        let name: String
        let definition: String
        let numerator: String
        let denominator: String
        let measure: String
        let kind: IndicatorKind
        let direction: IndicatorDirection
        let level: IndicatorLevel
        /// ``Group/position``
        let group: Int
        /// The position of the movement's content area it serves (``MovementDefaults/contentAreas``), if any.
        let contentArea: Int?
        let source: String
        let evidence: String
        let isPublic: Bool
        /// The targets of 2025, 2026 … 2030, at ``level``.
        let targets: [Double]
        let targetSource: String

        var groupName: String { IndicatorDefaults.groups.first { $0.position == group }?.name ?? "" }
    }

    /// The first year of the seeded definitions and targets, and the years that have targets.
    static let firstYear = 2025
    static let years = 2025...2030

    /// The indicator a village's Bình dân học vụ số progress is measured by (``IndicatorSettings/literacyIndicatorID``).
    static let literacyCode = "CDS08"
    /// The jump check's default (``IndicatorSettings``): the commune's own rule, not a figure of a higher authority.
    static let jumpPercent: Double = 30
    static let jumpSource = "Quy tắc kiểm tra số liệu của xã (không phải quy định của cấp trên): số liệu chênh lệch quá 30% so với kỳ trước (với chỉ số tỷ lệ: quá 30 điểm phần trăm) phải có ghi chú xác nhận của người nhập. Cán bộ thi đua điều chỉnh khi Ban Chỉ đạo chuyển đổi số của xã thống nhất mức khác."

    /// "người trưởng thành" as the definitions use it.
    static let adults = "người dân từ đủ 15 tuổi trở lên"

    private static let provincialPlan = "Kế hoạch của UBND tỉnh Đồng Nai về chuyển đổi số và phong trào “Bình dân học vụ số” (số hiệu do xã cập nhật)"
    private static let communeTarget = "Mục tiêu do xã đề ra (không có chỉ tiêu của tỉnh trong nguồn đã tra cứu; xã cập nhật khi tỉnh giao)"

    static let all: [Default] = [
        // 1. Nhận thức số
        Default(code: "CDS01", name: "Số lớp “Bình dân học vụ số” đã tổ chức",
                definition: "Số lớp, buổi tập huấn phổ cập kiến thức, kỹ năng số cơ bản cho người dân do thôn, ấp (Tổ công nghệ số cộng đồng) tổ chức trong kỳ, trực tiếp hoặc hướng dẫn học trên nền tảng binhdanhocvuso.gov.vn.",
                numerator: "", denominator: "", measure: "lớp", kind: .count, direction: .up, level: .village, group: 1, contentArea: 5,
                source: "Phong trào “Bình dân học vụ số” do Thủ tướng Chính phủ phát động, triển khai toàn quốc từ 01/4/2025; \(provincialPlan).",
                evidence: "Danh sách lớp (ngày, địa điểm, nội dung, người hướng dẫn) kèm ảnh hoặc biên bản buổi học.",
                isPublic: true, targets: [2, 4, 4, 4, 4, 4],
                targetSource: "\(communeTarget). Đồng Nai năm 2025: hơn 118.000 lượt người được tập huấn (baodongnai.com.vn, 10/2025)."),
        Default(code: "CDS02", name: "Số lượt người học “Bình dân học vụ số”",
                definition: "Số lượt người dân của thôn, ấp tham gia các lớp “Bình dân học vụ số” hoặc hoàn thành khóa học trên nền tảng binhdanhocvuso.gov.vn trong kỳ (một người học hai lớp tính hai lượt).",
                numerator: "", denominator: "", measure: "lượt người", kind: .count, direction: .up, level: .village, group: 1, contentArea: 5,
                source: "Phong trào “Bình dân học vụ số”; nền tảng binhdanhocvuso.gov.vn (Bộ Công an, Đại học Bách khoa Hà Nội) chưa có chức năng xuất số liệu cho xã: số liệu nhập tay theo thôn, ấp. \(provincialPlan).",
                evidence: "Danh sách người học theo lớp, hoặc danh sách trích từ nền tảng binhdanhocvuso.gov.vn.",
                isPublic: true, targets: [150, 250, 300, 300, 300, 300],
                targetSource: "\(communeTarget)."),
        // 2. Thể chế số
        Default(code: "CDS03", name: "Tỷ lệ tiêu chí thực hiện Nghị quyết 57-NQ/TW xã đạt",
                definition: "Số tiêu chí của bộ tiêu chí cấp xã thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị mà xã đạt tại thời điểm đánh giá, trên tổng số tiêu chí của bộ tiêu chí.",
                numerator: "Số tiêu chí xã đạt tại thời điểm đánh giá", denominator: "Tổng số tiêu chí của bộ tiêu chí tỉnh giao cho xã",
                measure: "%", kind: .share, direction: .up, level: .commune, group: 2, contentArea: 1,
                source: "Bộ tiêu chí cấp xã thực hiện Nghị quyết số 57-NQ/TW do tỉnh Đồng Nai hướng dẫn (chưa tìm được văn bản — số hiệu do xã cập nhật).",
                evidence: "Bảng tự đánh giá các tiêu chí có xác nhận của Ban Chỉ đạo chuyển đổi số của xã.",
                isPublic: false, targets: [80, 90, 100, 100, 100, 100],
                targetSource: "Lộ trình do xã đề ra; tham khảo: phường Đồng Xoài đạt 92/92 tiêu chí (dongxoai.dongnai.gov.vn). Xã cập nhật khi tỉnh giao chỉ tiêu."),
        // 3. Hạ tầng số
        Default(code: "CDS04", name: "Tỷ lệ hộ gia đình có Internet cáp quang",
                definition: "Số hộ gia đình của thôn, ấp có đường truyền Internet cáp quang (FTTH) đang sử dụng, trên tổng số hộ gia đình của thôn, ấp.",
                numerator: "Số hộ gia đình có Internet cáp quang đang sử dụng", denominator: "Tổng số hộ gia đình của thôn, ấp",
                measure: "%", kind: .share, direction: .up, level: .village, group: 3, contentArea: 2,
                source: "Kế hoạch phát triển hạ tầng số cấp xã (mẫu: Kế hoạch của xã Xuân Trúc, Hưng Yên, giai đoạn 2023–2025); mục tiêu quốc gia năm 2023 của Ủy ban Quốc gia về chuyển đổi số.",
                evidence: "Số liệu thuê bao cáp quang theo thôn do doanh nghiệp viễn thông cung cấp, hoặc phiếu rà soát hộ của thôn.",
                isPublic: true, targets: [80, 85, 88, 90, 92, 95],
                targetSource: "2025: 80% (kế hoạch xã Xuân Trúc 2023–2025); mục tiêu quốc gia trên 85% (kế hoạch năm 2023 của Ủy ban Quốc gia về chuyển đổi số); 2026–2030 tăng dần do xã đề ra."),
        Default(code: "CDS05", name: "Tỷ lệ người dân trưởng thành có điện thoại thông minh",
                definition: "Số \(adults) của thôn, ấp đang sử dụng điện thoại thông minh, trên tổng số \(adults) của thôn, ấp.",
                numerator: "Số \(adults) đang sử dụng điện thoại thông minh", denominator: "Tổng số \(adults) của thôn, ấp",
                measure: "%", kind: .share, direction: .up, level: .village, group: 3, contentArea: 2,
                source: "Kế hoạch phát triển hạ tầng số cấp xã (mẫu: xã Xuân Trúc, Hưng Yên); mục tiêu quốc gia năm 2025 của Ủy ban Quốc gia về chuyển đổi số.",
                evidence: "Phiếu rà soát theo hộ của thôn, ấp (Tổ công nghệ số cộng đồng thực hiện).",
                isPublic: true, targets: [80, 85, 90, 92, 95, 95],
                targetSource: "2025: 80% (mục tiêu quốc gia); 90% trong kế hoạch xã Xuân Trúc; các năm sau tăng dần do xã đề ra."),
        Default(code: "CDS06", name: "Tỷ lệ thôn, ấp được phủ sóng di động băng rộng và cáp quang",
                definition: "Số thôn, ấp có sóng di động băng rộng (4G trở lên) và hạ tầng cáp quang đến thôn, trên tổng số thôn, ấp của xã.",
                numerator: "Số thôn, ấp có sóng di động băng rộng và cáp quang", denominator: "Tổng số thôn, ấp của xã",
                measure: "%", kind: .share, direction: .up, level: .commune, group: 3, contentArea: 2,
                source: "Kế hoạch phát triển hạ tầng số cấp xã (mẫu: xã Xuân Trúc, Hưng Yên); \(provincialPlan).",
                evidence: "Xác nhận vùng phủ sóng của doanh nghiệp viễn thông theo thôn, ấp.",
                isPublic: true, targets: [100, 100, 100, 100, 100, 100],
                targetSource: "100% thôn, ấp (kế hoạch xã Xuân Trúc); giữ nguyên các năm sau."),
        Default(code: "CDS07", name: "Tỷ lệ cán bộ, công chức xã được trang bị máy tính",
                definition: "Số cán bộ, công chức, người lao động của cơ quan, đơn vị được trang bị máy tính phục vụ công việc, trên tổng số cán bộ, công chức, người lao động của cơ quan, đơn vị.",
                numerator: "Số cán bộ, công chức, người lao động được trang bị máy tính", denominator: "Tổng số cán bộ, công chức, người lao động của cơ quan, đơn vị",
                measure: "%", kind: .share, direction: .up, level: .unit, group: 3, contentArea: 2,
                source: "Mô hình chuyển đổi số cấp xã (mẫu: Phụ lục 1 kế hoạch của xã Gia Phong, Ninh Bình); \(provincialPlan).",
                evidence: "Danh sách tài sản (máy tính) của cơ quan, đơn vị theo người sử dụng.",
                isPublic: false, targets: [100, 100, 100, 100, 100, 100],
                targetSource: "100% (Phụ lục 1 kế hoạch xã Gia Phong, Ninh Bình)."),
        // 4. Nhân lực số
        Default(code: "CDS08", name: "Tỷ lệ người dân trưởng thành được xác nhận đạt phổ cập tri thức chuyển đổi số, kỹ năng số trên VNeID",
                definition: "Số \(adults) thường trú tại thôn, ấp đã được xác nhận trên ứng dụng VNeID là hoàn thành phổ cập tri thức chuyển đổi số, kỹ năng số cơ bản, trên tổng số \(adults) của thôn, ấp.",
                numerator: "Số \(adults) được xác nhận trên VNeID đạt phổ cập tri thức chuyển đổi số, kỹ năng số cơ bản",
                denominator: "Tổng số \(adults) thường trú tại thôn, ấp",
                measure: "%", kind: .share, direction: .up, level: .village, group: 4, contentArea: 5,
                source: "Quyết định số 757/QĐ-BKHCN của Bộ Khoa học và Công nghệ (Phụ lục I: Khung kiến thức, kỹ năng số cơ bản; Phụ lục II: hướng dẫn đánh giá, xác nhận hoàn thành phổ cập); \(provincialPlan).",
                evidence: "Danh sách trích xuất từ VNeID có xác nhận của Công an xã.",
                isPublic: true, targets: [50, 60, 70, 80, 90, 100],
                targetSource: "2025: 50% (Tuyên Quang, Ninh Bình, Hà Giang); 2026: từ 60% (Tây Ninh) đến 90% (Gia Lai, KH 19/KH-UBND) tùy tỉnh — xã chọn 60%; 2027–2030 tăng dần do xã đề ra. Cập nhật theo kế hoạch hằng năm của UBND tỉnh Đồng Nai."),
        Default(code: "CDS09", name: "Tỷ lệ người dân trưởng thành có tri thức cơ bản về chuyển đổi số, kỹ năng số",
                definition: "Số \(adults) của thôn, ấp có tri thức cơ bản về chuyển đổi số, kỹ năng số và sử dụng được thiết bị thông minh (theo nhóm người dân của Khung kiến thức, kỹ năng số cơ bản), trên tổng số \(adults) của thôn, ấp.",
                numerator: "Số \(adults) có tri thức cơ bản về chuyển đổi số, kỹ năng số", denominator: "Tổng số \(adults) của thôn, ấp",
                measure: "%", kind: .share, direction: .up, level: .village, group: 4, contentArea: 5,
                source: "Quyết định số 757/QĐ-BKHCN (Phụ lục I, nhóm người dân); \(provincialPlan).",
                evidence: "Kết quả rà soát, đánh giá của thôn, ấp (Tổ công nghệ số cộng đồng) kèm danh sách.",
                isPublic: true, targets: [80, 90, 95, 100, 100, 100],
                targetSource: "2025: 80% (TP. Hồ Chí Minh, Đồng Tháp, Quảng Ngãi, Ninh Bình); 2026: 100% ở Gia Lai, TP. Hồ Chí Minh — xã chọn lộ trình 90% (2026), 95% (2027), 100% từ 2028."),
        Default(code: "CDS10", name: "Tỷ lệ cán bộ, công chức, viên chức, người lao động khu vực công có kiến thức, kỹ năng số",
                definition: "Số cán bộ, công chức, viên chức, người lao động của cơ quan, đơn vị đã được bồi dưỡng và đạt yêu cầu kiến thức, kỹ năng số (nhóm cán bộ, công chức, viên chức của Khung kiến thức, kỹ năng số cơ bản), trên tổng số của cơ quan, đơn vị.",
                numerator: "Số cán bộ, công chức, viên chức, người lao động đạt yêu cầu kiến thức, kỹ năng số",
                denominator: "Tổng số cán bộ, công chức, viên chức, người lao động của cơ quan, đơn vị",
                measure: "%", kind: .share, direction: .up, level: .unit, group: 4, contentArea: 5,
                source: "Quyết định số 757/QĐ-BKHCN (Phụ lục I, nhóm cán bộ, công chức, viên chức); Báo cáo số 198/BC-UBND ngày 20/6/2025 của UBND tỉnh Đồng Nai (100% cán bộ cấp xã đã được tập huấn).",
                evidence: "Danh sách người đã hoàn thành khóa bồi dưỡng (chứng chỉ trên nền tảng binhdanhocvuso.gov.vn).",
                isPublic: true, targets: [80, 100, 100, 100, 100, 100],
                targetSource: "2025: 80% cán bộ cấp xã (Ninh Bình), 100% (Đồng Tháp); 2026: 100% (Gia Lai); Đồng Nai đã đạt 100% cán bộ xã được tập huấn (BC 198/BC-UBND, 6/2025)."),
        Default(code: "CDS11", name: "Tỷ lệ học sinh (từ tiểu học) được trang bị kỹ năng số",
                definition: "Số học sinh từ tiểu học trở lên của trường được học, trang bị kiến thức, kỹ năng số cơ bản (nhóm học sinh, sinh viên của Khung), trên tổng số học sinh của trường.",
                numerator: "Số học sinh được trang bị kỹ năng số cơ bản", denominator: "Tổng số học sinh của trường",
                measure: "%", kind: .share, direction: .up, level: .school, group: 4, contentArea: 5,
                source: "Quyết định số 757/QĐ-BKHCN (Phụ lục I, nhóm học sinh, sinh viên); kế hoạch của các tỉnh Gia Lai, Tây Ninh, Tuyên Quang (mẫu); \(provincialPlan).",
                evidence: "Báo cáo của nhà trường kèm kế hoạch dạy học kỹ năng số.",
                isPublic: true, targets: [100, 100, 100, 100, 100, 100],
                targetSource: "100% (kế hoạch của Gia Lai, Tây Ninh, Tuyên Quang)."),
        Default(code: "CDS12", name: "Tỷ lệ người lao động trong doanh nghiệp, hợp tác xã có kỹ năng số",
                definition: "Số người lao động của doanh nghiệp, hợp tác xã có kỹ năng số cơ bản (nhóm người lao động trong doanh nghiệp của Khung), trên tổng số người lao động của doanh nghiệp, hợp tác xã.",
                numerator: "Số người lao động có kỹ năng số cơ bản", denominator: "Tổng số người lao động của doanh nghiệp, hợp tác xã",
                measure: "%", kind: .share, direction: .up, level: .business, group: 4, contentArea: 4,
                source: "Quyết định số 757/QĐ-BKHCN (Phụ lục 1.4, nhóm người lao động trong doanh nghiệp; trích Kế hoạch số 01).",
                evidence: "Danh sách người lao động đã hoàn thành khóa học, do doanh nghiệp, hợp tác xã xác nhận.",
                isPublic: true, targets: [80, 100, 100, 100, 100, 100],
                targetSource: "80% năm 2025, 100% năm 2026 (Kế hoạch số 01 như trích dẫn trong 757/QĐ-BKHCN, Phụ lục 1.4); giữ 100% các năm sau."),
        // 5. An toàn thông tin mạng
        Default(code: "CDS13", name: "Tỷ lệ máy tính của cơ quan, đơn vị được cài phần mềm phòng, chống mã độc",
                definition: "Số máy tính dùng cho công việc của cơ quan, đơn vị được cài và cập nhật phần mềm phòng, chống mã độc, trên tổng số máy tính dùng cho công việc của cơ quan, đơn vị.",
                numerator: "Số máy tính được cài và cập nhật phần mềm phòng, chống mã độc", denominator: "Tổng số máy tính dùng cho công việc của cơ quan, đơn vị",
                measure: "%", kind: .share, direction: .up, level: .unit, group: 5, contentArea: 6,
                source: "Nhóm “An toàn thông tin mạng” của Bộ chỉ số DTI cấp tỉnh (Quyết định số 405/QĐ-BKHCN, 2025); chỉ số cấp xã này do xã đề xuất — chưa đối chiếu được văn bản của tỉnh Đồng Nai (xã cập nhật).",
                evidence: "Danh sách máy tính và trạng thái phần mềm phòng, chống mã độc (trích từ hệ thống quản lý tập trung nếu có).",
                isPublic: false, targets: [100, 100, 100, 100, 100, 100],
                targetSource: "\(communeTarget)."),
        // 6. Chính quyền số
        Default(code: "CDS14", name: "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình",
                definition: "Số hồ sơ thủ tục hành chính của xã được tiếp nhận và giải quyết trực tuyến toàn trình trong kỳ, trên tổng số hồ sơ thủ tục hành chính xã tiếp nhận trong kỳ.",
                numerator: "Số hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình trong kỳ", denominator: "Tổng số hồ sơ thủ tục hành chính tiếp nhận trong kỳ",
                measure: "%", kind: .share, direction: .up, level: .commune, group: 6, contentArea: 3,
                source: "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp theo thời gian thực (Quyết định số 766/QĐ-TTg); \(provincialPlan).",
                evidence: "Báo cáo trích xuất từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
                isPublic: true, targets: [60, 65, 70, 75, 78, 80],
                targetSource: "Đồng Nai thực tế 6/2025: 64,6% (Ban Chỉ đạo tỉnh, 31/7/2025); mục tiêu quốc gia năm 2030: từ 80%; các năm giữa tăng dần do xã đề ra."),
        Default(code: "CDS15", name: "Tỷ lệ hồ sơ được tiếp nhận, xử lý, trả kết quả trên hệ thống một cửa điện tử",
                definition: "Số hồ sơ thủ tục hành chính được tiếp nhận, xử lý, trả kết quả và số hóa trên hệ thống một cửa điện tử trong kỳ, trên tổng số hồ sơ xã tiếp nhận trong kỳ.",
                numerator: "Số hồ sơ tiếp nhận, xử lý, trả kết quả trên hệ thống một cửa điện tử", denominator: "Tổng số hồ sơ thủ tục hành chính tiếp nhận trong kỳ",
                measure: "%", kind: .share, direction: .up, level: .commune, group: 6, contentArea: 3,
                source: "Quyết định số 766/QĐ-TTg; kế hoạch của Bộ Nội vụ về cải cách hành chính (số hiệu chưa xác định — xã cập nhật).",
                evidence: "Báo cáo trích xuất từ hệ thống một cửa điện tử.",
                isPublic: true, targets: [100, 100, 100, 100, 100, 100],
                targetSource: "100% (mục tiêu năm 2030 của kế hoạch Bộ Nội vụ; xã Thiệu Hóa, Thanh Hóa đã đạt)."),
        Default(code: "CDS16", name: "Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử mức 2",
                definition: "Số \(adults) của thôn, ấp đã kích hoạt tài khoản định danh điện tử mức 2 (VNeID), trên tổng số \(adults) của thôn, ấp.",
                numerator: "Số \(adults) đã kích hoạt tài khoản định danh điện tử mức 2", denominator: "Tổng số \(adults) của thôn, ấp",
                measure: "%", kind: .share, direction: .up, level: .village, group: 6, contentArea: 3,
                source: "Đề án 06 của Chính phủ về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử; \(provincialPlan).",
                evidence: "Số liệu của Công an xã theo thôn, ấp.",
                isPublic: true, targets: [70, 75, 80, 85, 90, 95],
                targetSource: "\(communeTarget); tham khảo thực tế xã Thiệu Hóa: 25.736/36.845 người = 69,85% (baothanhhoa.vn)."),
        Default(code: "CDS17", name: "Số người được hướng dẫn sử dụng dịch vụ công trực tuyến",
                definition: "Số người dân của thôn, ấp được Tổ công nghệ số cộng đồng hoặc cán bộ hướng dẫn nộp hồ sơ, sử dụng dịch vụ công trực tuyến trong kỳ (mỗi người tính một lần trong kỳ).",
                numerator: "", denominator: "", measure: "người", kind: .count, direction: .up, level: .village, group: 6, contentArea: 3,
                source: "Chỉ tiêu theo dõi của xã theo thôn, ấp (mẫu: hệ thống BaNa SmartLink, mã CT13); \(provincialPlan).",
                evidence: "Sổ theo dõi hướng dẫn của Tổ công nghệ số cộng đồng (họ tên, ngày, dịch vụ đã hướng dẫn).",
                isPublic: true, targets: [100, 150, 150, 150, 150, 150],
                targetSource: "\(communeTarget)."),
        // 7. Kinh tế số
        Default(code: "CDS18", name: "Tỷ lệ hộ kinh doanh sử dụng thanh toán điện tử (không dùng tiền mặt)",
                definition: "Số hộ kinh doanh, cơ sở kinh doanh do doanh nghiệp, hợp tác xã, ban quản lý chợ quản lý hoặc là thành viên có chấp nhận thanh toán điện tử (mã QR, chuyển khoản, ví điện tử), trên tổng số hộ kinh doanh, cơ sở kinh doanh đó.",
                numerator: "Số hộ kinh doanh, cơ sở kinh doanh chấp nhận thanh toán điện tử", denominator: "Tổng số hộ kinh doanh, cơ sở kinh doanh",
                measure: "%", kind: .share, direction: .up, level: .business, group: 7, contentArea: 4,
                source: "Mục tiêu thanh toán không dùng tiền mặt (mẫu: xã Thiệu Hóa, Thanh Hóa); \(provincialPlan).",
                evidence: "Danh sách hộ kinh doanh có mã QR thanh toán hoặc xác nhận của ngân hàng.",
                isPublic: true, targets: [80, 85, 90, 90, 95, 95],
                targetSource: "\(communeTarget); tham khảo thực tế xã Thiệu Hóa: trên 85%."),
        Default(code: "CDS19", name: "Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản thanh toán",
                definition: "Số \(adults) của xã có tài khoản giao dịch thanh toán tại ngân hàng hoặc tài khoản tiền di động, trên tổng số \(adults) của xã.",
                numerator: "Số \(adults) có tài khoản thanh toán", denominator: "Tổng số \(adults) của xã",
                measure: "%", kind: .share, direction: .up, level: .commune, group: 7, contentArea: 4,
                source: "Quyết định số 411/QĐ-TTg của Thủ tướng Chính phủ (Chiến lược quốc gia phát triển kinh tế số và xã hội số).",
                evidence: "Số liệu do các ngân hàng trên địa bàn hoặc Ngân hàng Nhà nước khu vực cung cấp.",
                isPublic: true, targets: [80, 82, 85, 87, 90, 90],
                targetSource: "2025: 80% (411/QĐ-TTg); mục tiêu năm 2023 của Ủy ban Quốc gia về chuyển đổi số: trên 75%; 2026–2030 do xã đề ra."),
        // 8. Xã hội số
        Default(code: "CDS20", name: "Số Tổ công nghệ số cộng đồng hoạt động",
                definition: "Số Tổ công nghệ số cộng đồng của thôn, ấp được thành lập theo quyết định của Chủ tịch UBND xã và có hoạt động trong kỳ (hướng dẫn tại hộ, tham gia lớp “Bình dân học vụ số”).",
                numerator: "", denominator: "", measure: "tổ", kind: .count, direction: .up, level: .village, group: 8, contentArea: 5,
                source: "Văn bản số 793/BTTTT-THH của Bộ Thông tin và Truyền thông (mỗi thôn một Tổ công nghệ số cộng đồng); quyết định thành lập của Chủ tịch UBND xã.",
                evidence: "Quyết định thành lập Tổ và sổ ghi hoạt động trong kỳ.",
                isPublic: true, targets: [1, 1, 1, 1, 1, 1],
                targetSource: "Một Tổ mỗi thôn, ấp (793/BTTTT-THH). Đồng Nai trước sáp nhập: 1.000 Tổ, 6.411 thành viên."),
        Default(code: "CDS21", name: "Số nhóm Zalo, mạng xã hội của thôn để thông tin và tiếp nhận phản ánh của người dân",
                definition: "Số nhóm Zalo hoặc mạng xã hội của thôn, ấp do trưởng thôn hoặc Tổ công nghệ số cộng đồng quản lý, dùng để thông tin cho người dân và tiếp nhận, chuyển phản ánh, kiến nghị.",
                numerator: "", denominator: "", measure: "nhóm", kind: .count, direction: .up, level: .village, group: 8, contentArea: 5,
                source: "Tiêu chí “thôn thông minh” (hướng dẫn của tỉnh Lào Cai, dùng làm mẫu); \(provincialPlan).",
                evidence: "Tên, đường dẫn nhóm và người quản lý; ảnh chụp một phản ánh đã được tiếp nhận.",
                isPublic: true, targets: [1, 1, 1, 1, 1, 1],
                targetSource: "Mỗi thôn, ấp ít nhất một nhóm (thực tế xã Thiệu Hóa: 100% thôn có nhóm)."),
    ]

    /// Every seeded code, in the order of the list.
    static var codes: [String] { all.map(\.code) }

    static func find(_ code: String) -> Default? { all.first { $0.code == code } }

    /// Writes the catalogue, its targets and the settings for `communeID` when the commune has no indicator yet (a
    /// rerun, or a commune whose secretariat already built its own catalogue, adds nothing); the settings row is added
    /// when missing in either case. Four statements for the catalogue whatever its size.
    static func seed(communeID: UUID, at now: Date, on db: any Database) async throws {
        let sql = db.sql
        let existing = try await sql.raw("SELECT COUNT(*) AS n FROM indicators WHERE commune_id = \(bind: communeID)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        var literacyID: UUID?
        if existing == 0 {
            literacyID = try await insertCatalogue(communeID: communeID, at: now, on: db)
        } else {
            literacyID = try await sql.raw("""
                SELECT id FROM indicators WHERE commune_id = \(bind: communeID) AND code = \(bind: literacyCode)
                """).first()?.decode(column: "id", as: UUID.self)
        }
        try await sql.insert(into: "indicator_settings")
            .columns("id", "commune_id", "jump_percent", "jump_source", "literacy_indicator_id", "version")
            .values(SQLBind(UUID()), SQLBind(communeID), SQLBind(jumpPercent), SQLBind(jumpSource), SQLBind(literacyID), SQLBind(1))
            .ignoringConflicts(with: ["commune_id"])
            .run()
    }

    /// Returns the id of the literacy indicator.
    private static func insertCatalogue(communeID: UUID, at now: Date, on db: any Database) async throws -> UUID? {
        let sql = db.sql
        let areaRows = try await sql.raw("""
            SELECT id, position FROM content_areas WHERE commune_id = \(bind: communeID) ORDER BY position
            """).all()
        var areas: [Int: UUID] = [:]
        for row in areaRows {
            let position = try row.decode(column: "position", as: Int.self)
            if areas[position] == nil { areas[position] = try row.decode(column: "id", as: UUID.self) }
        }
        let ids = all.map { _ in UUID() }
        let indicators = sql.insert(into: "indicators")
            .columns("id", "commune_id", "code", "position", "is_active", "created_at", "version")
        for (i, d) in all.enumerated() {
            indicators.values(SQLBind(ids[i]), SQLBind(communeID), SQLBind(d.code), SQLBind(i + 1), SQLBind(true), SQLBind(now), SQLBind(1))
        }
        try await indicators.run()
        let definitions = sql.insert(into: "indicator_definitions")
            .columns("id", "commune_id", "indicator_id", "from_year", "name", "definition", "numerator_label", "denominator_label",
                     "measure", "kind", "direction", "level", "group_name", "group_position", "content_area_id", "source_document",
                     "evidence_required", "is_public", "created_at", "created_by_name")
        for (i, d) in all.enumerated() {
            let area: UUID? = d.contentArea.flatMap { areas[$0] }
            definitions.values(SQLBind(UUID()), SQLBind(communeID), SQLBind(ids[i]), SQLBind(firstYear), SQLBind(d.name),
                               SQLBind(d.definition), SQLBind(d.numerator), SQLBind(d.denominator), SQLBind(d.measure),
                               SQLBind(d.kind.rawValue), SQLBind(d.direction.rawValue), SQLBind(d.level.rawValue), SQLBind(d.groupName),
                               SQLBind(d.group), SQLBind(area), SQLBind(d.source), SQLBind(d.evidence), SQLBind(d.isPublic),
                               SQLBind(now), SQLBind(AuditText.system))
        }
        try await definitions.run()
        let targets = sql.insert(into: "indicator_targets")
            .columns("id", "commune_id", "indicator_id", "year", "level", "target", "source", "updated_at", "updated_by_name", "version")
        for (i, d) in all.enumerated() {
            for (year, target) in zip(years, d.targets) {
                targets.values(SQLBind(UUID()), SQLBind(communeID), SQLBind(ids[i]), SQLBind(year), SQLBind(d.level.rawValue),
                               SQLBind(target), SQLBind(d.targetSource), SQLBind(now), SQLBind(AuditText.system), SQLBind(1))
            }
        }
        try await targets.run()
        return all.firstIndex { $0.code == literacyCode }.map { ids[$0] }
    }
}
