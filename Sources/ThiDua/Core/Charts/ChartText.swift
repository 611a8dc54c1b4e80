/// Vietnamese text of the server-drawn charts (``ChartKit``): legends, the missing-value words, the data tables.
enum ChartText {
    /// A value nobody has entered: never drawn or counted as 0.
    static let noData = "chưa có số liệu"
    static let noDataTitle = "Chưa có số liệu"
    static let showTable = "Xem bảng số liệu"
    static let target = "Mục tiêu"
    static let value = "Giá trị"
    static let period = "Kỳ"
    static let indicator = "Chỉ tiêu"
    static let attainment = "Tỷ lệ đạt mục tiêu"
    static let legend = "Chú giải"
    /// The legend's note under a line chart with a gap.
    static let gapNote = "Chỗ đứt trên đường: kỳ chưa có số liệu"
    /// Ends every chart's `<desc>`: the numbers themselves are in the table beside it.
    static let seeTable = "Số liệu chi tiết ở bảng kèm theo."

    static let bandMet = "Đạt"
    static let bandNear = "Gần đạt"
    static let bandNotMet = "Chưa đạt"
    static let bandNoTarget = "Chưa có mục tiêu"

    /// "từ 100% mục tiêu"
    static func metRule() -> String { "từ 100% mục tiêu" }
    /// "từ 80% đến dưới 100% mục tiêu"
    static func nearRule(_ threshold: String) -> String { "từ \(threshold) đến dưới 100% mục tiêu" }
    /// "dưới 80% mục tiêu"
    static func notMetRule(_ threshold: String) -> String { "dưới \(threshold) mục tiêu" }

    /// "Mục tiêu: 90%"
    static func targetIs(_ target: String) -> String { "Mục tiêu: \(target)" }
    /// "mục tiêu 90%", inside a sentence.
    static func targetOf(_ target: String) -> String { "mục tiêu \(target)" }
    /// "đạt 75% mục tiêu"
    static func attained(_ share: String) -> String { "đạt \(share) mục tiêu" }
    /// The tooltip of one bar or point: "Thôn Bình Thủy: 87,5% (mục tiêu 90%)".
    static func tooltip(_ label: String, _ value: String, target: String?) -> String {
        target.map { "\(label): \(value) (\(targetOf($0)))" } ?? "\(label): \(value)"
    }
}
