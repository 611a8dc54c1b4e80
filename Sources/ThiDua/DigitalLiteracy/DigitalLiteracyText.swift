import Foundation

/// The Vietnamese words of the Bình dân học vụ số pages (issue 16).
enum DigitalLiteracyText {
    static let feature = "Bình dân học vụ số"
    static let topicSource = "Khung kiến thức, kỹ năng số cơ bản v1.0 (Phụ lục I, Quyết định số 757/QĐ-BKHCN)"

    static func topic(_ topic: TrainingTopic) -> String {
        switch topic {
        case .devices: "Sử dụng thiết bị và phần mềm"
        case .information: "Khai thác thông tin và dữ liệu"
        case .communication: "Giao tiếp và hợp tác trên môi trường số"
        case .publicServices: "Dịch vụ công trực tuyến, VNeID"
        case .safety: "An toàn, an ninh trên môi trường số"
        case .economy: "Thương mại điện tử, thanh toán không dùng tiền mặt"
        case .ai: "Ứng dụng trí tuệ nhân tạo"
        case .other: "Nội dung khác"
        }
    }
}
