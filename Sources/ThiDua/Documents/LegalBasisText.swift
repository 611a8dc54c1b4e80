/// The Vietnamese text of the legal bases (căn cứ pháp lý) the documents cite.
enum LegalBasisText {
    static let title = "Căn cứ pháp lý của văn bản"
    static let lead = "Các văn bản pháp luật mà Tờ trình, Quyết định của xã trích dẫn ở phần \"Căn cứ …\", theo thứ tự in trên văn bản. "
        + "Chỉ căn cứ đang bật và có ngày ban hành mới được trích dẫn; Kế hoạch của xã và kết quả họp Hội đồng được thêm theo từng năm."
    static let newBasis = "Thêm căn cứ"
    static let editBasis = "Sửa căn cứ"
    static let position = "TT"
    static let name = "Tên văn bản"
    static let nameHint = "Như in sau chữ \"Căn cứ\", ví dụ Nghị định số 152/2025/NĐ-CP hoặc Luật Thi đua, khen thưởng."
    static let issuedOn = "Ngày ban hành"
    static let issuedOnHint = "Ngày/tháng/năm, ví dụ 14/06/2025. Căn cứ chưa có ngày ban hành thì không được trích dẫn."
    static let about = "Trích yếu sau ngày"
    static let aboutHint = "Ví dụ: của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng. Để trống nếu không cần."
    static let note = "Nguồn, ghi chú"
    static let noteHint = "Số hiệu, nơi đối chiếu ngày ban hành… Chỉ hiện trên trang này, không in trên văn bản."
    static let documents = "Văn bản trích dẫn"
    static let active = "Trích dẫn trên văn bản"
    static let cited = "Đang trích dẫn"
    static let notCited = "Không trích dẫn"
    static let noDate = "Chưa có ngày ban hành"
    static let noDateHint = "nhập ngày ban hành rồi bật trích dẫn."
    static let citation = "Câu in trên văn bản"
    static let switchOn = "Bật trích dẫn"
    static let switchOff = "Tắt trích dẫn"
    static let moveUp = "Lên"
    static let moveDown = "Xuống"
    static let saved = "Đã lưu căn cứ pháp lý."
    static let switchedOn = "Đã bật trích dẫn căn cứ."
    static let switchedOff = "Đã tắt trích dẫn căn cứ."
    static let moved = "Đã đổi thứ tự căn cứ."
    static let noBases = "Chưa có căn cứ nào."
    static let signersPage = "Người ký văn bản"
    static let preview = "Văn bản sẽ trích dẫn"
    static let nothingCited = "Chưa có căn cứ nào được trích dẫn."

    // Refusals, beside the field.
    static let cannotCiteUndated = "Căn cứ chưa có ngày ban hành: nhập ngày ban hành trước khi bật trích dẫn."
    static let duplicate = "Đã có căn cứ cùng tên này."
    static let versionMissing = "Thiếu phiên bản (version) của căn cứ đang sửa."
    static let invalidPosition = "Thứ tự phải là một số từ 1 đến số căn cứ của xã."
    static let invalidDirection = "Chỉ lên hoặc xuống."

    // The panel on the signing pages.
    static let panelHeading = "Căn cứ pháp lý sẽ trích dẫn"
    static let panelExtra = "Ngoài các căn cứ trên, văn bản trích dẫn Kế hoạch của Ủy ban nhân dân xã và kết quả họp Hội đồng Thi đua - Khen thưởng của năm."
    static let editLink = "Sửa căn cứ pháp lý"
    static let viewLink = "Xem căn cứ pháp lý"
    static func undated(_ names: [String]) -> String {
        "Không trích dẫn vì chưa có ngày ban hành: \(names.joined(separator: "; "))."
    }

    static func document(_ d: LegalBasisDocument) -> String {
        switch d {
        case .commendationSubmission: "Tờ trình khen thưởng"
        case .commendationDecision: "Quyết định khen thưởng"
        case .inspectionPlan: "Kế hoạch kiểm tra phong trào thi đua"
        }
    }

    static func auditLabel(_ name: String) -> String { "Căn cứ pháp lý: \(name)" }
}
