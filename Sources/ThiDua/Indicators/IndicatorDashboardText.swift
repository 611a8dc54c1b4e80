import Foundation

extension IndicatorText {
    /// The words of the indicator dashboards (`/indicators`, `/showcase/{commune}/indicators`).
    enum Dashboard {
        static let publicLink = "Chỉ số chuyển đổi số của xã (công khai)"
        static let actionsLabel = "Các trang của chỉ số chuyển đổi số"
        static let enterValues = "Nhập số liệu"
        static let seeValues = "Số liệu từng thôn, đơn vị"
        static let reviewValues = "Duyệt số liệu"
        static let importValues = "Nhập từ tệp Excel, CSV"
        static let catalogue = "Danh mục chỉ số"
        static let targets = "Mục tiêu theo năm"
        static let literacy = "Bình dân học vụ số"
        static let nav = "Chỉ số CĐS"
        static let title = "Bảng chỉ số chuyển đổi số"
        static let publicTitle = "Chỉ số chuyển đổi số công khai"
        /// "năm 2026", "quý 3 năm 2026": the period a page shows, inside a sentence.
        static func period(_ year: Int, _ quarter: Int) -> String { quarter == 0 ? "năm \(year)" : "quý \(quarter) năm \(year)" }
        static let periodLabel = "Kỳ"
        static let wholeYear = "Cả năm"
        static func quarterChoice(_ q: Int) -> String { "Quý \(q)" }
        static func lead(_ period: String) -> String {
            "Số liệu đã duyệt \(period) theo thôn, đơn vị và toàn xã. Ô trống là chưa có số liệu, không phải 0. "
                + "Tỷ lệ toàn xã = tổng tử số ÷ tổng mẫu số của các nơi có đủ cả hai."
        }
        static func publicLead(_ commune: String, _ period: String) -> String {
            "Các chỉ số chuyển đổi số được công khai của xã \(commune), số liệu đã duyệt \(period)."
        }
        static let year = "Năm"
        static let group = "Nhóm chỉ số"
        static let allGroups = "Tất cả các nhóm"
        static let area = "Lĩnh vực"
        static let allAreas = "Tất cả các lĩnh vực"
        static let indicator = "Chỉ số xem biểu đồ"
        static let noIndicator = "— Không chọn —"
        static let show = "Xem"
        static let summaryTitle = "Toàn xã"
        static func summaryCaption(_ period: String) -> String { "Kết quả toàn xã \(period)" }
        static let code = "Mã"
        static let name = "Chỉ số"
        static let figure = "Kết quả"
        static let coverage = "Số liệu"
        static let target = "Mục tiêu"
        static let attainment = "Mức đạt"
        static let charts = "Biểu đồ"
        static let seeCharts = "Xem biểu đồ"
        static let noIndicators = "Chưa có chỉ số nào cho năm và bộ lọc đã chọn."
        static let noTarget = "—"

        static func band(_ band: IndicatorBand) -> String {
            switch band {
            case .met: "Đạt"
            case .near: "Gần đạt"
            case .notMet: "Chưa đạt"
            case .noTarget: "Chưa có mục tiêu"
            case .noData: "Chưa có số liệu"
            }
        }

        /// "thôn", "cơ quan, tổ chức" … as counted ("18/23 thôn").
        static func scopes(_ level: IndicatorLevel) -> String {
            switch level {
            case .commune: "xã"
            case .village: "thôn"
            case .unit: "cơ quan, tổ chức"
            case .business: "doanh nghiệp"
            case .school: "trường, đơn vị sự nghiệp"
            }
        }

        /// The heat table's row header.
        static func scopeHeader(_ level: IndicatorLevel) -> String {
            switch level {
            case .commune: "Xã"
            case .village: "Thôn"
            case .unit: "Cơ quan, tổ chức"
            case .business: "Doanh nghiệp"
            case .school: "Trường, đơn vị sự nghiệp"
            }
        }

        /// "18/23 thôn có số liệu"
        static func coverage(_ reported: Int, _ expected: Int, _ level: IndicatorLevel) -> String {
            level == .commune ? (reported > 0 ? "Có số liệu" : "Chưa có số liệu") : "\(reported)/\(expected) \(scopes(level)) có số liệu"
        }

        static let heatLevels = "Bảng theo thôn hoặc theo loại đơn vị"
        static let heatLevelsLabel = "Xem bảng theo:"
        static func heatTitle(_ level: IndicatorLevel, _ period: String) -> String { "\(scopeHeader(level)) × chỉ số, \(period)" }
        static func heatReading(cells: Int, met: Int, near: Int, notMet: Int, missing: Int) -> String {
            guard cells > 0 else { return "Chưa có ô nào." }
            return "Trong \(cells) ô: \(met) đạt, \(near) gần đạt, \(notMet) chưa đạt mục tiêu, \(missing) chưa có số liệu."
        }

        static func barsTitle(_ name: String, _ level: IndicatorLevel, _ period: String) -> String { "\(name) — theo \(scopes(level)), \(period)" }
        /// `quartersOf`: the line is over the quarters of that year; nil: over the movement's years.
        static func lineTitle(_ name: String, quartersOf year: Int? = nil) -> String {
            year.map { "\(name) — toàn xã theo quý năm \($0)" } ?? "\(name) — toàn xã qua các năm"
        }
        static func progressTitle(_ name: String, _ year: Int, quarter: Int = 0) -> String {
            "\(name) — toàn xã\(quarter == 0 ? "" : " quý \(quarter)") so với mục tiêu năm \(year)"
        }
        /// A point of the line, inside a sentence: "năm 2025", "quý 2".
        static func linePoint(year: Int, quarter: Int) -> String { quarter == 0 ? "năm \(year)" : "quý \(quarter)" }

        /// "12 trong 23 thôn đạt mục tiêu; thấp nhất: Thôn 5 (41,2%); 3 thôn chưa có số liệu."
        static func barsReading(met: Int, withTarget: Int, total: Int, worst: (name: String, value: String)?, lowest: Bool,
                                best: (name: String, value: String)?, missing: Int, level: IndicatorLevel) -> String {
            let noun = scopes(level)
            guard total > missing else { return "Chưa \(noun) nào có số liệu đã duyệt." }
            var parts: [String] = []
            if withTarget > 0 {
                parts.append("\(met) trong \(withTarget) \(noun) đạt mục tiêu")
            } else if let best {
                parts.append("\(lowest ? "Cao" : "Thấp") nhất: \(best.name) (\(best.value))")
            }
            if let worst { parts.append("\(lowest ? "thấp" : "cao") nhất: \(worst.name) (\(worst.value))") }
            if missing > 0 { parts.append("\(missing) \(noun) chưa có số liệu") }
            let sentence = parts.joined(separator: "; ")
            return sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
        }

        static func lineReading(points: [(label: String, value: String)], change: String?) -> String {
            guard let first = points.first, let last = points.last else { return "Chưa có số liệu đã duyệt kỳ nào." }
            guard points.count > 1 else { return "Mới có số liệu \(first.label): \(first.value)." }
            return "Từ \(first.value) \(first.label) đến \(last.value) \(last.label)" + (change.map { " (\($0))" } ?? "") + "."
        }

        static func change(_ delta: Double, unit: String) -> String {
            if abs(delta) < 1e-9 { return "không đổi" }
            let amount = NumberText.format(abs(delta), maxFractionDigits: 1) + (unit == "%" ? " điểm %" : unit.isEmpty ? "" : " \(unit)")
            return (delta > 0 ? "tăng " : "giảm ") + amount
        }

        static func progressReading(value: String?, target: String?, attainment: String?, band: IndicatorBand, year: Int, quarter: Int = 0) -> String {
            guard let value else { return "Toàn xã chưa có số liệu đã duyệt \(period(year, quarter))." }
            guard let target, let attainment else { return "Toàn xã: \(value); chưa có mục tiêu năm \(year)." }
            return "Toàn xã: \(value), bằng \(attainment) mục tiêu \(target) — \(IndicatorText.Dashboard.band(band).lowercased())."
        }
    }
}
