import Fluent
import Foundation

/// The demo's digital-transformation figures (issue 16): the indicator catalogue of each demo commune, values for
/// every village, unit, school, business and the commune itself for 2025 (locked) and 2026 (mostly approved; a few
/// submitted, one returned with its reason, one village missing two figures so "chưa có số liệu" shows), plausibly
/// spread around the targets (field notes §1: VNeID-confirmed skills 50–70 %, level-2 electronic identity about 70 %,
/// dossiers fully online 64,6 % for the commune in 2026); the Bình dân học vụ số sessions of each village (2–4 a
/// year), one community digital-technology team per village with its members and house visits. Phú Sơn gets a
/// smaller set (2026 only). Numerators and denominators follow each village's size (600–2.500 adults).
enum DemoIndicators {
    static let secretariatName = "Trần Thị Thu Hà"
    /// The village whose two 2026 figures are missing (Thôn Bù Lạch).
    static let missingVillageCode = "TH-22"
    /// The focal point's village (Thôn Bình Thủy): its VNeID figure of 2026 was returned.
    static let returnedVillageCode = "TH-11"
    /// Villages whose 2026 figures wait for review.
    static let submittedVillageCodes: Set<String> = ["TH-12", "TH-13"]

    static func seed(on db: any Database, at now: Date) async throws {
        for code in ["nghia-trung", DemoData.otherCommune.code] {
            guard let commune = try await Commune.query(on: db).filter(\.$code == code).first() else { continue }
            try await seed(commune: commune, small: code != "nghia-trung", at: now, on: db)
        }
    }

    // MARK: one commune

    private struct Village {
        let unit: Unit
        let adults: Double
        let households: Double
    }

    private static func seed(commune: Commune, small: Bool, at now: Date, on db: any Database) async throws {
        let communeID = try commune.requireID()
        guard try await IndicatorValue.query(on: db).filter(\.$communeID == communeID).count() == 0 else { return }
        if try await Indicator.query(on: db).filter(\.$communeID == communeID).count() == 0 {
            try await IndicatorDefaults.seed(communeID: communeID, at: now, on: db)
        }
        var gen = DemoSeeder.Generator(state: small ? 20_260_716 : 20_251_010)
        let indicators = try await Indicator.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true)
            .sort(\.$position).all()
        let definitions = try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).all()
        let targets = try await IndicatorTarget.query(on: db).filter(\.$communeID == communeID).all()
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$code).all()
        let people = try await Person.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
        let focal = try await User.query(on: db).filter(\.$communeID == communeID).filter(\.$username == "daumoi").first()
        let secretariatUser = try await User.query(on: db).filter(\.$communeID == communeID)
            .filter(\.$username ~~ ["canbo.thidua", "admin.phuson"]).first()

        var villages: [Village] = []
        for u in units where u.unitKind == .village {
            let adults = Double(600 + gen.next(1901))
            villages.append(Village(unit: u, adults: adults, households: (adults / (2.5 + Double(gen.next(7)) / 10)).rounded()))
        }
        let adultsOf = Dictionary(villages.map { ($0.unit.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let years = small ? [2026] : [2025, 2026]
        func target(_ indicator: UUID, _ year: Int, _ level: IndicatorLevel) -> Double? {
            targets.first { $0.indicatorID == indicator && $0.year == year && $0.level == level.rawValue }?.target
                ?? targets.first { $0.indicatorID == indicator && $0.year == year }?.target
        }

        // How many Bình dân học vụ số sessions each village held (the sessions below, and its figure of classes).
        var sessionCounts: [String: Int] = [:]
        for village in villages { for year in years { sessionCounts["\(village.unit.code)|\(year)"] = small ? 1 : 2 + gen.next(3) } }

        // Values.
        var values: [IndicatorValue] = []
        var factors: [String: Double] = [:]
        for year in years {
            let effective = IndicatorDefinitions.effectiveByIndicator(definitions, year: year)
            var missingLeft = 2
            for indicator in indicators {
                guard let indicatorID = indicator.id, let def = effective[indicatorID], let defID = def.id else { continue }
                let level = def.levelValue, kind = def.kindValue
                let words = TextFolding.fold(def.name + " " + def.denominatorLabel + " " + def.measure)
                let scopes: [Unit?] = level == .commune ? [nil] : units.filter { IndicatorLevel.of($0.unitKind) == level }
                for unit in scopes {
                    let code = unit?.code ?? "commune"
                    if year == 2026, code == missingVillageCode, missingLeft > 0, level == .village {
                        missingLeft -= 1  // chưa có số liệu: no row at all
                        continue
                    }
                    let key = "\(code)|\(indicator.code)"
                    let factor: Double
                    if let known = factors[key] { factor = known } else {
                        factor = 0.86 + Double(gen.next(29)) / 100
                        factors[key] = factor
                    }
                    var numerator: Double?, denominator: Double?, figure: Double?
                    switch kind {
                    case .share:
                        let den = denominatorFor(unit: unit, words: words, villages: villages, adultsOf: adultsOf, gen: &gen)
                        var share: Double
                        if level == .commune && (words.contains("truc tuyen") || words.contains("toan trinh")) {
                            share = year == 2026 ? 64.6 : 58.3  // Đồng Nai's figure of 6/2025, and the year before
                        } else if words.contains("dinh danh") {
                            share = (year == 2026 ? 70 : 62) * factor  // level-2 eID: about 70 % (Thiệu Hóa 69,85 %)
                        } else {
                            let t = target(indicatorID, year, level) ?? (year == 2026 ? 60 : 50)
                            share = t * factor * (year == 2026 ? 1.0 : 0.96)
                        }
                        share = min(100, max(3, share))
                        let n = min(den, (den * share / 100).rounded())
                        numerator = n
                        denominator = den
                        figure = IndicatorFigure.value(kind: .share, numerator: n, denominator: den, direct: nil)
                    case .count:
                        if let unit, words.contains("lop"), let n = sessionCounts["\(unit.code)|\(year)"] {
                            figure = Double(n)
                            break
                        }
                        figure = countFor(unit: unit, words: words, year: year, target: target(indicatorID, year, level),
                                          villages: villages.count, factor: factor, gen: &gen)
                    case .number:
                        figure = ((target(indicatorID, year, level) ?? 75) * factor * 10).rounded() / 10
                    }
                    let v = IndicatorValue()
                    v.communeID = communeID; v.indicatorID = indicatorID; v.definitionID = defID
                    v.unitID = unit?.id; v.scopeKey = unit?.id?.uuidString.lowercased() ?? IndicatorValue.communeScope
                    v.year = year; v.quarter = 0
                    v.numerator = numerator; v.denominator = denominator; v.value = figure
                    v.note = ""; v.jumpNote = ""; v.returnReason = ""; v.source = "demo"
                    v.enteredBy = nil
                    v.enteredByName = unit.map { $0.headName.isEmpty ? "Đầu mối \($0.name)" : $0.headName } ?? secretariatName
                    v.reviewedBy = nil; v.reviewedByName = ""; v.reviewedAt = nil
                    let submitted = day(year == 2025 ? "2025-12-05" : "2026-11-1\(gen.next(9))")
                    v.submittedAt = submitted
                    v.createdAt = submitted.addingTimeInterval(-86_400 * 2); v.updatedAt = submitted
                    v.version = 1
                    var status: IndicatorValueStatus = year == 2025 ? .locked : .approved
                    if year == 2026, let unit {
                        if unit.code == returnedVillageCode && words.contains("vneid") && !values.contains(where: { $0.statusValue == .returned }) {
                            status = .returned
                            v.returnReason = "Số người trưởng thành (mẫu số) chưa khớp danh sách trích xuất VNeID của Công an xã ngày 15/11/2026; "
                                + "đề nghị thôn đối chiếu và nộp lại kèm danh sách."
                            v.enteredBy = focal?.id
                            v.enteredByName = focal?.displayName ?? v.enteredByName
                        } else if submittedVillageCodes.contains(unit.code) {
                            status = .submitted
                        }
                    }
                    v.status = status.rawValue
                    if status == .returned || status.isApproved {
                        v.reviewedBy = secretariatUser?.id
                        v.reviewedByName = secretariatName
                        v.reviewedAt = submitted.addingTimeInterval(86_400 * 3)
                        v.updatedAt = submitted.addingTimeInterval(86_400 * 3)
                    }
                    if kind == .share, words.contains("vneid") {
                        v.note = "Theo danh sách trích xuất từ VNeID có xác nhận của Công an xã."
                    }
                    values.append(v)
                }
            }
        }
        for chunk in stride(from: 0, to: values.count, by: 200) {
            try await Array(values[chunk..<min(values.count, chunk + 200)]).create(on: db)
        }

        // Bình dân học vụ số: sessions per village, one team per village with members and house visits.
        let peopleByUnit = Dictionary(grouping: people, by: { $0.unitID })
        var sessions: [TrainingSession] = []
        var attendees: [TrainingAttendee] = []
        var teams: [DigitalTeam] = []
        var members: [DigitalTeamMember] = []
        var visits: [DigitalTeamVisit] = []
        let topics = TrainingTopic.allCases.filter { $0 != .other }
        for (i, village) in villages.enumerated() {
            let v = village.unit
            let villageWord = v.name.replacingOccurrences(of: "Thôn ", with: "thôn ")
            for year in years {
                let count = sessionCounts["\(v.code)|\(year)"] ?? 2
                for n in 0..<count {
                    let topic = topics[(i + n + year) % topics.count]
                    let month = 3 + (n * 8 / max(1, count)) + gen.next(2)
                    let held = String(format: "%04d-%02d-%02d", year, min(11, month), 5 + gen.next(20))
                    let s = TrainingSession()
                    s.id = UUID()
                    s.communeID = communeID; s.unitID = v.id!; s.heldOn = held; s.year = year; s.topic = topic.rawValue
                    s.title = sessionTitles[topic] ?? topic.label
                    let online = (i + n) % 3 == 0
                    s.platform = online ? "binhdanhocvuso.gov.vn" : "Trực tiếp tại nhà văn hóa thôn"
                    s.place = "Nhà văn hóa \(villageWord)"
                    s.trainers = "Tổ công nghệ số cộng đồng \(villageWord)\nKỹ sư VNPT" + (topic == .publicServices ? "\nCông an xã" : "")
                    s.attendeeCount = 25 + gen.next(56)
                    s.note = online ? "Người dân học trên nền tảng, tổ hướng dẫn tại chỗ; cấp chứng nhận hoàn thành trên VNeID." : ""
                    s.createdBy = nil; s.createdByName = v.headName.isEmpty ? secretariatName : v.headName
                    s.createdAt = day(held).addingTimeInterval(86_400); s.updatedAt = s.createdAt; s.version = 1
                    sessions.append(s)
                    if n == 0 {
                        for p in (peopleByUnit[v.id] ?? []).prefix(3) {
                            let a = TrainingAttendee()
                            a.communeID = communeID; a.sessionID = s.id!; a.personID = p.id!
                            attendees.append(a)
                        }
                    }
                }
            }
            let team = DigitalTeam()
            team.id = UUID()
            team.communeID = communeID; team.villageID = v.id!
            team.name = "Tổ công nghệ số cộng đồng \(villageWord)"
            team.decisionNumber = "\((small ? 40 : 112) + i)/QĐ-UBND"
            team.decisionDate = String(format: "2025-03-%02d", 10 + i % 15)
            team.note = ""; team.isActive = true; team.createdAt = day(team.decisionDate!); team.version = 1
            teams.append(team)
            // Members: the village's people (the team leader by title first), then residents not in the directory.
            let own = (peopleByUnit[v.id] ?? []).sorted { a, _ in a.title.contains("công nghệ số") }
            var lines: [(UUID?, String, String)] = own.prefix(3).map { ($0.id, $0.fullName, $0.phone) }
            let extra = small ? 1 : 2 + gen.next(2)
            for _ in 0..<extra {
                let name = "\(gen.pick(DemoData.familyNames.filter { $0 != "Thị" })) \(gen.pick(DemoData.middleNames)) \(gen.pick(DemoData.givenNames))"
                lines.append((nil, name, String(format: "09%02d %03d %03d", gen.next(100), gen.next(1000), gen.next(1000))))
            }
            for (k, line) in lines.enumerated() {
                let m = DigitalTeamMember()
                m.communeID = communeID; m.teamID = team.id!; m.personID = line.0; m.fullName = line.1; m.phone = line.2
                m.role = (k == 0 ? DigitalTeamRole.leader : k == 1 ? .deputy : .member).label
                m.position = k + 1
                members.append(m)
            }
            for year in years {
                for n in 0..<(small ? 1 : year == 2025 ? 2 : 3) {
                    let on = String(format: "%04d-%02d-%02d", year, 4 + n * 3 + gen.next(2), 3 + gen.next(24))
                    let visit = DigitalTeamVisit()
                    visit.communeID = communeID; visit.teamID = team.id!; visit.visitedOn = on; visit.year = year
                    visit.households = 8 + gen.next(23)
                    visit.peopleGuided = visit.households + gen.next(30)
                    visit.note = visitNotes[(i + n) % visitNotes.count]
                    visit.createdByName = lines.first?.1 ?? secretariatName
                    visit.createdAt = day(on)
                    visits.append(visit)
                }
            }
        }
        for c in sessions.chunks(100) { try await c.create(on: db) }
        for c in attendees.chunks(200) { try await c.create(on: db) }
        for c in teams.chunks(100) { try await c.create(on: db) }
        for c in members.chunks(200) { try await c.create(on: db) }
        for c in visits.chunks(200) { try await c.create(on: db) }
    }

    private static func denominatorFor(unit: Unit?, words: String, villages: [Village], adultsOf: [UUID: Village],
                                       gen: inout DemoSeeder.Generator) -> Double {
        guard let unit else {
            if words.contains("tieu chi") { return 32 }  // the province's criteria set
            if words.contains("ho so") || words.contains("thu tuc") { return Double(4_200 + gen.next(1_500)) }
            if words.contains("thon") && !words.contains("nguoi") { return Double(villages.count) }
            let adults = villages.reduce(0) { $0 + $1.adults }
            return words.contains("ho gia dinh") ? villages.reduce(0) { $0 + $1.households } : adults
        }
        switch unit.unitKind {
        case .village:
            let v = adultsOf[unit.id!]
            if words.contains("ho kinh doanh") { return max(6, ((v?.adults ?? 1000) / 30).rounded()) }
            if words.contains("ho gia dinh") || words.contains(" ho ") { return v?.households ?? 400 }
            return v?.adults ?? 1000
        case .school:
            if words.contains("giao vien") || words.contains("can bo") || words.contains("vien chuc") { return Double(18 + gen.next(40)) }
            return Double(180 + gen.next(900))
        case .business: return Double(3 + gen.next(80))
        case .agency, .organisation: return Double(6 + gen.next(30))
        }
    }

    private static func countFor(unit: Unit?, words: String, year: Int, target: Double?, villages: Int, factor: Double,
                                 gen: inout DemoSeeder.Generator) -> Double {
        let grow = year == 2026 ? 1.0 : 0.8
        if words.contains("to cong nghe") || words.hasPrefix("so to ") { return unit == nil ? Double(villages) : 1 }
        if words.contains("thanh vien") { return unit == nil ? Double(villages * 5) : Double(4 + gen.next(3)) }
        if words.contains("lop") { return unit == nil ? Double(villages * 3) : Double(2 + gen.next(3)) }
        if let target, target > 0 { return max(0, (target * factor * grow).rounded()) }
        if words.contains("luot") || words.contains("nguoi") { return (Double(60 + gen.next(240)) * grow).rounded() }
        return Double(1 + gen.next(20))
    }

    private static func day(_ iso: String) -> Date { ISO8601DateFormatter().date(from: "\(iso)T02:00:00Z") ?? Date(timeIntervalSince1970: 0) }

    static let sessionTitles: [TrainingTopic: String] = [
        .devices: "Sử dụng điện thoại thông minh: cài đặt, cập nhật ứng dụng an toàn",
        .information: "Tìm kiếm, đánh giá thông tin trên mạng; nhận biết tin giả",
        .communication: "Dùng Zalo nhóm thôn để nhận thông báo và gửi phản ánh",
        .publicServices: "Kích hoạt định danh điện tử mức 2, nộp hồ sơ dịch vụ công trên VNeID",
        .safety: "Phòng tránh lừa đảo qua mạng, bảo vệ tài khoản và dữ liệu cá nhân",
        .economy: "Thanh toán không dùng tiền mặt bằng mã QR cho hộ kinh doanh",
        .ai: "Hỏi đáp với trợ lý trí tuệ nhân tạo: dùng đúng cách, kiểm tra lại thông tin",
    ]

    static let visitNotes = [
        "Hướng dẫn kích hoạt VNeID mức 2 cho người cao tuổi",
        "Hướng dẫn đăng ký học trên binhdanhocvuso.gov.vn",
        "Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến toàn trình",
        "Hướng dẫn cài mã QR thanh toán cho hộ kinh doanh",
    ]
}

private extension Array {
    func chunks(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
