import Foundation

/// Every text of the scoring pages (chấm điểm thi đua).
enum ScoringText {
    static let title = "Chấm điểm thi đua"
    static func rankingTitle(_ year: Int) -> String { "Kết quả chấm điểm năm \(year)" }
    static let rankingLead = "Đơn vị tự chấm theo tiêu chí của nhóm, thành viên Hội đồng Thi đua - Khen thưởng chấm các đơn vị thuộc lĩnh vực, địa bàn được phân công; điểm Hội đồng là điểm cuối cùng để xếp hạng, xếp loại."
    static let ownRowOnly = "Bạn chỉ xem được kết quả của đơn vị mình."
    static func sheetTitle(_ unit: String, _ year: Int) -> String { "Phiếu chấm điểm: \(unit) — năm \(year)" }
    static let settingsTitle = "Cài đặt chấm điểm"
    static let settingsLead = "Cách tính điểm Hội đồng, ngưỡng chênh lệch và các mức xếp loại. Căn cứ:"
    static let navSettings = "Cài đặt chấm điểm"

    // Ranking
    static let unit = "Đơn vị"
    static let rank = "Hạng"
    static let selfTotal = "Tự chấm"
    static let councilTotal = "Điểm Hội đồng"
    static let percent = "Tỷ lệ so với điểm tối đa"
    static let band = "Xếp loại"
    static let gap = "Chênh lệch"
    static let membersScored = "Số thành viên đã chấm"
    static let maxTotal = "Điểm tối đa"
    static let noUnits = "Chưa có đơn vị nào được chấm điểm trong nhóm này."
    static let notRanked = "Chưa xếp hạng"
    static func gapFlag(_ points: String) -> String { "Lệch \(points) điểm" }
    static let gapFlagTitle = "Điểm tự chấm lệch so với điểm Hội đồng quá ngưỡng"
    static let openSheet = "Xem phiếu"
    static func gapRule(_ threshold: String, _ rule: String) -> String {
        "Điểm Hội đồng: \(rule). Đánh dấu chênh lệch khi điểm tự chấm khác điểm Hội đồng quá \(threshold) điểm."
    }
    static let chooseYear = "Năm"
    static let show = "Xem"

    // Sheet
    static let criterion = "Tiêu chí"
    static let maxPoints = "Điểm tối đa"
    static let selfScore = "Điểm tự chấm"
    static let evidence = "Minh chứng"
    static let note = "Ghi chú"
    static let finalScore = "Điểm Hội đồng (cuối cùng)"
    static let total = "Tổng cộng"
    static let noEvidence = "— Không gắn minh chứng —"
    static let noCriteria = "Nhóm tiêu chí của đơn vị chưa có tiêu chí nào đang áp dụng."
    static let saveSelf = "Lưu điểm tự chấm"
    static let saveCouncil = "Lưu điểm chấm của tôi"
    static let selfSection = "Đơn vị tự chấm"
    static let councilSection = "Điểm chấm của tôi (thành viên Hội đồng)"
    static let overview = "Tổng hợp điểm"
    static let myColumn = "Điểm của tôi"
    static let blankMeansUnscored = "Để trống nếu chưa chấm tiêu chí đó; xóa số đã nhập để bỏ điểm."
    static func openUntil(_ date: String) -> String { "Được chấm, sửa điểm đến hết ngày họp Hội đồng: \(date)." }
    static func closedSince(_ date: String) -> String { "Đã hết hạn chấm điểm (ngày họp Hội đồng \(date)); phiếu chỉ còn để xem." }
    static let yearClosed = "Đã hết hạn chấm điểm của năm này nên không sửa được điểm."
    static func pointsRange(_ max: String) -> String { "Điểm phải là một số từ 0 đến \(max) (có thể dùng dấu phẩy, ví dụ 12,5)." }
    static let unknownEvidence = "Minh chứng không thuộc báo cáo năm nay của đơn vị."
    static let selfSaved = "Đã lưu điểm tự chấm."
    static let councilSaved = "Đã lưu điểm chấm của bạn."
    static let noChange = "Không có thay đổi nào."
    static func auditSelf(_ unit: String, _ year: Int) -> String { "Tự chấm điểm: \(unit) năm \(year)" }
    static func auditEvidence(_ id: String) -> String { "minh chứng \(id)" }
    static func auditCouncil(_ unit: String, _ year: Int, _ member: String) -> String { "Hội đồng chấm điểm (\(member)): \(unit) năm \(year)" }

    // Settings
    static let ruleLabel = "Cách tính điểm Hội đồng"
    static let gapLabel = "Ngưỡng chênh lệch (điểm)"
    static let gapHint = "Đánh dấu đơn vị có tổng điểm tự chấm lệch so với điểm Hội đồng lớn hơn số điểm này."
    static let bandsLabel = "Các mức xếp loại"
    static let bandLabel = "Tên mức xếp loại"
    static let bandMin = "Từ (% điểm tối đa)"
    static let bandsHint = "Mỗi đơn vị nhận mức cao nhất mà tỷ lệ điểm Hội đồng đạt tới; cần một mức từ 0%. Để trống dòng để bỏ."
    static let gapInvalid = "Ngưỡng phải là một số từ 0 đến 1.000."
    static let bandMinInvalid = "Tỷ lệ phải là một số từ 0 đến 100."
    static let bandDuplicate = "Hai mức xếp loại không được có cùng tỷ lệ."
    static let bandZeroMissing = "Cần một mức xếp loại từ 0% để mọi đơn vị đều được xếp loại."
    static let settingsSaved = "Đã lưu cài đặt chấm điểm."

    static func rule(_ r: ScoringRule) -> String {
        switch r {
        case .councilAverage: "trung bình cộng điểm các thành viên Hội đồng đã chấm"
        case .councilMedian: "trung vị điểm các thành viên Hội đồng đã chấm"
        }
    }

    static func ruleChoice(_ r: ScoringRule) -> String {
        switch r {
        case .councilAverage: "Trung bình cộng điểm các thành viên Hội đồng đã chấm (mặc định)"
        case .councilMedian: "Trung vị điểm các thành viên Hội đồng đã chấm"
        }
    }

    // Issue 15: the scores an inspection team offers the council
    static let offeredTitle = "Điểm do Đoàn kiểm tra đề xuất"
    static let offeredMark = "Đoàn kiểm tra đề xuất"
    static func offerLink(_ date: String) -> String { "Theo Biên bản kiểm tra ngày \(date)" }
    static func offerColumn(_ date: String) -> String { "Đoàn kiểm tra (\(date))" }
    static let offeredLead = "Điểm Đoàn kiểm tra đề xuất chưa được tính vào điểm Hội đồng: thành viên Hội đồng được phân công xem lại và lưu điểm của mình để xác nhận."
    static let offeredPrefilled = "Các tiêu chí bạn chưa chấm đã được điền sẵn điểm do Đoàn kiểm tra đề xuất; kiểm tra, sửa nếu cần rồi bấm “Lưu điểm chấm của tôi” để xác nhận."
    static let offerSection = "Chuyển điểm sang Hội đồng"
    static let offerButton = "Chuyển điểm sang chấm điểm của Hội đồng"
    static let offerLead = "Điểm Đoàn đã ghi ở bảng kiểm tra được chuyển sang phiếu chấm điểm của đơn vị thành điểm đề xuất, kèm liên kết tới biên bản này; Hội đồng xem lại và xác nhận. Điểm thành viên Hội đồng đã chấm được giữ nguyên."
    static let offerNeedsChecklist = "Chỉ chuyển được điểm sau khi Đoàn đã ghi điểm ở bảng kiểm tra và lập biên bản kiểm tra."
    static func offered(_ count: Int) -> String { "Đã chuyển điểm \(count) tiêu chí sang phiếu chấm điểm của Hội đồng (điểm đề xuất, chờ Hội đồng xác nhận)." }
    static func offeredKept(_ count: Int) -> String { "Có \(count) tiêu chí thành viên Hội đồng đã chấm khác điểm đề xuất: điểm của Hội đồng được giữ nguyên, hai điểm cùng hiện trên phiếu." }
    static let offerUnchanged = "Điểm đề xuất đã có trên phiếu chấm điểm, không có thay đổi."
    static func offeredNotice(_ unit: String, _ year: Int) -> String { "Đoàn kiểm tra đề xuất điểm chấm cho \(unit) năm \(year), chờ Hội đồng xác nhận" }
    static func auditOffer(_ unit: String, _ year: Int, _ date: String) -> String { "Điểm do Đoàn kiểm tra đề xuất: \(unit) năm \(year) (biên bản ngày \(date))" }

    static let defaultSource = "Kế hoạch thi đua của UBND xã, mục III.1 (tiêu chí và thang điểm)"
    static let defaultGap = 10.0
    static let defaultBands: [(String, Double)] = [("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Trung bình", 0)]
}
