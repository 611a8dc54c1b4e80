import Fluent
import Foundation

/// The 2026 part of the demo: most Nghĩa Trung units registered, annual reports in every state (draft, submitted
/// on time, late, returned, accepted, missing) with evidence files and links, and some difficulties.
/// Every change goes through the same commands as the pages, dated as it would have happened during the year.
enum DemoPledges {
    /// A target template: name, unit of measure, baseline, target, content area position (1–6).
    typealias TargetTemplate = (String, String, Double, Double, Int)

    static let targets: [UnitKind: [TargetTemplate]] = [
        .village: [("Người trưởng thành có kỹ năng số cơ bản (Bình dân học vụ số)", "%", 45, 80, 2),
                   ("Người dân có tài khoản định danh điện tử VNeID mức 2", "%", 60, 90, 3),
                   ("Hồ sơ dịch vụ công nộp trực tuyến toàn trình", "hồ sơ", 20, 60, 3),
                   ("Hộ gia đình có cáp quang", "%", 55, 75, 4)],
        .agency: [("Hồ sơ công việc xử lý trên môi trường mạng", "%", 70, 95, 3),
                  ("Sáng kiến, giải pháp cải tiến được áp dụng", "sáng kiến", 0, 2, 1),
                  ("Cán bộ, công chức dùng chữ ký số", "%", 60, 100, 3)],
        .organisation: [("Hội viên, đoàn viên cài đặt và kích hoạt VNeID", "%", 50, 85, 2),
                        ("Buổi tuyên truyền, hướng dẫn kỹ năng số tại khu dân cư", "buổi", 2, 8, 2)],
        .school: [("Giáo viên ứng dụng công nghệ số trong giảng dạy", "%", 60, 90, 5),
                  ("Học sinh được hướng dẫn kỹ năng số an toàn", "học sinh", 150, 400, 5)],
        .business: [("Doanh thu bán hàng qua sàn thương mại điện tử", "%", 5, 15, 4),
                     ("Giao dịch thanh toán không dùng tiền mặt", "%", 30, 60, 4)],
    ]

    static let products: [UnitKind: String] = [
        .village: "Tổ công nghệ số cộng đồng của thôn hoạt động thường xuyên",
        .agency: "Quy trình nội bộ số hóa toàn trình",
        .organisation: "Mô hình “Hội viên tiên phong chuyển đổi số”",
        .school: "Kho học liệu số dùng chung của trường",
        .business: "Gian hàng trên sàn thương mại điện tử",
    ]

    /// What the demo's 2026 report of the n-th registered unit looks like.
    enum Fate { case noReport, draft, submittedOnTime, submittedLate, returned, accepted }

    static func fate(_ n: Int) -> Fate {
        switch n % 10 {
        case 0, 5: .accepted
        case 1, 6: .submittedOnTime
        case 2: .submittedLate
        case 3: .returned
        case 4, 8: .draft
        default: .noReport
        }
    }

    static func day(_ iso: String, hour: Int = 9) -> Date {
        ISO8601DateFormatter().date(from: "\(iso)T\(String(format: "%02d", hour - 7)):00:00Z")!
    }

    /// A small real PDF naming its unit (so that every file, and so its hash, differs).
    static func pdf(_ title: String) -> Data {
        let text = TextFolding.fold(title).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }
        let stream = "BT /F1 14 Tf 72 760 Td (\(text)) Tj ET"
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        let objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                       "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n" + offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    static func seed(communeID: UUID, store: any FileStore, on db: any Database) async throws {
        let year = 2026
        func actor(_ name: String, _ date: Date) -> AuditActor { AuditActor(userID: nil, name: name, communeID: communeID, ip: nil, at: date) }
        let areas = try await ContentArea.query(on: db).filter(\.$communeID == communeID).sort(\.$position).all()
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$code).all()
        let secretariat = "Trần Thị Thu Hà"
        var registered = 0
        for (i, unit) in units.enumerated() {
            let kind = UnitKind(rawValue: unit.kind) ?? .agency
            // About one unit in nine has not registered yet (the list shows them); the focal point's village has.
            let isFocalVillage = unit.code == "TH-11"
            if i % 9 == 4 && !isFocalVillage { continue }
            let templates = targets[kind] ?? targets[.agency]!
            let picked = (0..<min(templates.count, 2 + i % 2)).map { templates[($0 + i) % templates.count] }
            let content = RegistrationContent(
                focus: "Đẩy mạnh chuyển đổi số và phong trào “Bình dân học vụ số” tại \(unit.name); mỗi thành viên một việc làm cụ thể.",
                plannedInitiatives: i % 4 == 0 ? "Giải pháp hướng dẫn người dân nộp hồ sơ trực tuyến tại nhà" : "",
                targets: picked.map { t in
                    TargetLine(id: nil, name: t.0, unitOfMeasure: t.1, baseline: t.2, targetValue: t.3,
                               contentAreaId: areas.first { $0.position == t.4 }?.id, dueDate: "2026-11-15")
                },
                products: [ProductLine(id: nil, name: products[kind] ?? "Sản phẩm chuyển đổi số", description: "Hoàn thành và đưa vào sử dụng trong năm 2026.",
                                       expectedDate: "2026-10-31")])
            let owner = "Đầu mối \(unit.name)"
            let registeredOn = day(String(format: "2026-02-%02d", 2 + i % 20))
            let r = try await RegistrationCommands.save(owner: .unit(unit.id!), year: year, content: content, expectedVersion: nil,
                                                        communeID: communeID, actor: actor(owner, registeredOn), on: db)
            if i % 13 == 7 && !isFocalVillage { continue }  // still a draft registration
            try await RegistrationCommands.submit(r, ownerName: "", actor: actor(owner, registeredOn.addingTimeInterval(3600)), on: db)
            if i % 17 == 9 && !isFocalVillage { continue }  // waiting for the secretariat
            try await RegistrationCommands.decide(r, accept: true, reason: "", actor: actor(secretariat, registeredOn.addingTimeInterval(3 * 86400)), on: db)
            registered += 1

            // The focal point's village has a returned report to fix; the others follow the pattern.
            let fate = isFocalVillage ? .returned : fate(registered)
            if fate == .noReport { continue }
            let reportDay = String(format: "2026-11-%02d", fate == .submittedLate ? 18 + i % 6 : 3 + i % 11)
            let at = day(reportDay)
            let lines = try await RegistrationTarget.query(on: db).filter(\.$registrationID == r.id!).sort(\.$position).all()
            let productLines = try await RegistrationProduct.query(on: db).filter(\.$registrationID == r.id!).all()
            var actuals: [UUID: Double?] = [:]
            for (k, t) in lines.enumerated() {
                // Between 70 % and 115 % of the target, rounded.
                let share = 0.7 + Double((i * 7 + k * 11) % 46) / 100
                actuals[t.id!] = (t.targetValue * share).rounded()
            }
            let input = ReportInput(
                results: "Năm 2026, \(unit.name) triển khai đầy đủ các nội dung đã đăng ký; \(lines.count) chỉ tiêu, phần lớn đạt và vượt kế hoạch.",
                lessons: "Cần sự vào cuộc của người đứng đầu; tổ công nghệ số cộng đồng hướng dẫn trực tiếp tại nhà hiệu quả hơn tập huấn tập trung.",
                proposals: i % 3 == 0 ? "Đề nghị xã hỗ trợ thêm thiết bị và đường truyền cho điểm hướng dẫn dịch vụ công." : "",
                initiativesApplied: i % 4 == 0 ? "Giải pháp hướng dẫn người dân nộp hồ sơ trực tuyến tại nhà" : "",
                actuals: actuals, notes: [:], delivered: Set(productLines.compactMap(\.id).prefix(i % 3 == 0 ? 0 : 1)), productNotes: [:])
            let report = try await ReportCommands.save(input, unit: unit, year: year, expectedVersion: nil, actor: actor(owner, at.addingTimeInterval(-86400)), on: db).report
            let evidence = pdf("Bao cao ket qua 2026 \(unit.code) \(unit.name)")
            _ = try await EvidenceCommands.addFile(to: .init(communeID: unit.communeID, unitID: unit.id!, year: year), title: "Báo cáo kết quả có chữ ký, đóng dấu", originalName: "bao-cao-2026-\(unit.code.lowercased()).pdf",
                                                   data: evidence, kind: .pdf, store: store, actor: actor(owner, at.addingTimeInterval(-3600)), on: db)
            if i % 2 == 0 {
                _ = try await EvidenceCommands.addLink(to: .init(communeID: unit.communeID, unitID: unit.id!, year: year), title: "Tin bài trên Trang thông tin điện tử xã",
                                                       url: "https://nghiatrung.dongnai.gov.vn/tin-tuc/chuyen-doi-so-\(unit.code.lowercased())",
                                                       actor: actor(owner, at.addingTimeInterval(-3000)), on: db)
            }
            if fate == .draft { continue }
            try await ReportCommands.submit(report, unitName: unit.name, actor: actor(owner, at), on: db)
            switch fate {
            case .accepted:
                try await ReportCommands.decide(report, accept: true, reason: "", actor: actor(secretariat, at.addingTimeInterval(2 * 86400)), on: db)
            case .returned:
                try await ReportCommands.decide(report, accept: false, reason: "Thiếu số liệu minh chứng tỷ lệ người dân có kỹ năng số; đề nghị bổ sung danh sách theo hộ.",
                                                actor: actor(secretariat, at.addingTimeInterval(86400)), on: db)
            default: break
            }
        }

        // Difficulties raised during the year, in every state.
        let users = try await User.query(on: db).filter(\.$communeID == communeID).all()
        let focal = users.first { $0.username == "daumoi" }
        let individual = users.first { $0.username == "canhan" }
        let offices = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
        let items: [(User?, String, String, Int, DifficultyStatus, String?)] = [
            (focal, "Sóng di động yếu ở cuối thôn", "Khu vực cuối thôn Bình Thủy sóng 4G yếu, người dân khó cài đặt và xác thực VNeID; đề nghị xã làm việc với nhà mạng.", 4, .forwarded, "VHXH"),
            (focal, "Thiếu máy tính cho điểm hướng dẫn dịch vụ công", "Nhà văn hóa thôn chưa có máy tính để tổ công nghệ số hướng dẫn người dân nộp hồ sơ trực tuyến.", 3, .answered, "VP"),
            (individual, "Tài liệu Bình dân học vụ số cho người cao tuổi", "Đề nghị có tài liệu chữ to, hình ảnh minh họa cho người cao tuổi khi học kỹ năng số.", 2, .received, nil),
            (focal, "Hướng dẫn kê khai số liệu chỉ tiêu cáp quang", "Chưa rõ cách tính tỷ lệ hộ có cáp quang: theo hộ thường trú hay hộ thực tế sinh sống?", 4, .closed, "VHXH"),
            (individual, "Chữ ký số cho giáo viên", "Giáo viên chưa được cấp chữ ký số cá nhân để ký học bạ điện tử.", 5, .received, nil),
        ]
        for (k, item) in items.enumerated() {
            guard let user = item.0 else { continue }
            let raisedOn = day(String(format: "2026-%02d-%02d", 5 + k, 10 + k))
            let d = Difficulty()
            d.communeID = communeID; d.raisedBy = user.id!; d.raisedByName = user.displayName
            d.unitID = user.username == "daumoi" ? user.unitID : nil
            d.title = item.1; d.content = item.2; d.contentAreaID = areas.first { $0.position == item.3 }?.id
            d.status = DifficultyStatus.received.rawValue; d.forwardNote = ""; d.answer = ""; d.createdAt = raisedOn; d.version = 1
            try await d.create(on: db)
            try await AuditLog.record(on: db, actor(user.displayName, raisedOn), .create, type: "difficulty", id: d.id, label: d.title, after: ["title": d.title])
            let handler = actor(secretariat, raisedOn.addingTimeInterval(2 * 86400))
            if item.4 != .received, let office = item.5.flatMap({ offices[$0]?.id }) {
                try await DifficultyCommands.forward(d, to: office.uuidString, note: "Đề nghị xem xét, trả lời trong 10 ngày làm việc.", actor: handler, on: db)
            }
            if item.4 == .answered || item.4 == .closed {
                try await DifficultyCommands.answer(d, text: "UBND xã đã ghi nhận; Phòng Văn hóa - Xã hội phối hợp đơn vị liên quan giải quyết trong quý IV/2026.",
                                                    actor: actor(secretariat, raisedOn.addingTimeInterval(7 * 86400)), on: db)
            }
            if item.4 == .closed {
                try await DifficultyCommands.close(d, actor: actor(secretariat, raisedOn.addingTimeInterval(9 * 86400)), on: db)
            }
        }
    }
}
