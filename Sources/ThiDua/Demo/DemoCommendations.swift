import Fluent
import Foundation

/// The 2026 commendation of Nghĩa Trung, done: nominations with their eligibility, the council's meeting of 13/11
/// (paper ballots), the list posted 16–20/11 with one objection answered, the Tờ trình of 23/11 and the Quyết định
/// of 24/11 with its awards; and two late nominations waiting for the next meeting.
enum DemoCommendations {
    static func seed(communeID: UUID, on db: any Database) async throws {
        let users = Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$communeID == communeID).all().map { ($0.username, $0) })
        guard let secretariat = users["canbo.thidua"], let leader = users["chutich"] else { return }
        func actor(_ u: User, _ iso: String) -> AuditActor { AuditActor(userID: u.id, name: u.displayName, communeID: communeID, ip: nil, at: DemoPledges.day(iso)) }
        let titles = try await CommendationQueries.titles(on: db, communeID: communeID)
        let settings = try await CommendationQueries.settings(on: db, communeID: communeID)
        func title(_ code: String) -> UUID { titles.first { $0.code == code }!.id! }
        let year = 2026

        // People of units that reported, and the authors of recognised initiatives.
        let reported = Set(try await AnnualReport.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$status ~~ [WorkflowStatus.submitted.rawValue, WorkflowStatus.accepted.rawValue]).all().map(\.unitID))
        let people = try await Person.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$fullName).all()
            .filter { $0.unitID.map(reported.contains) ?? false }
        let recognised = try await Initiative.query(on: db).filter(\.$communeID == communeID).filter(\.$status == InitiativeStatus.recognised.rawValue).all()
        let authors = Set(try await InitiativeAuthor.query(on: db).filter(\.$initiativeID ~~ recognised.compactMap(\.id)).all().compactMap(\.personID))
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$code).all()
            .filter { reported.contains($0.id!) }
        let report = "Hoàn thành tốt các chỉ tiêu đăng ký thi đua năm 2026: hướng dẫn người dân cài đặt VNeID mức 2, nộp hồ sơ trực tuyến toàn trình, thanh toán không dùng tiền mặt."

        var nominations: [(Nomination, approve: Int)] = []
        func add(_ code: String, person: Person? = nil, unit: Unit? = nil, rating: TaskRating = .good, approve: Int, at: String) async throws {
            let input = NominationInput(year: year, titleID: title(code), personID: person?.id, unitID: unit?.id, rating: rating, discipline: .none, achievements: report)
            let n = try await CommendationCommands.nominate(input, nomineeName: person?.fullName ?? unit!.name, proposedByUnitID: person?.unitID ?? unit?.id,
                                                            actor: actor(secretariat, at), on: db)
            nominations.append((n, approve))
        }
        let authorPeople = people.filter { authors.contains($0.id!) }
        let others = people.filter { !authors.contains($0.id!) }
        for (i, p) in (authorPeople.prefix(3) + others.prefix(9)).enumerated() {
            try await add("ldtt", person: p, rating: i % 3 == 0 ? .excellent : .good, approve: 7 + i % 2, at: "2026-11-05")
        }
        for p in authorPeople.prefix(2) { try await add("cstdcs", person: p, rating: .excellent, approve: 7, at: "2026-11-06") }
        // Not eligible (no recognised initiative), and not passed by the council.
        if let p = others.first { try await add("cstdcs", person: p, rating: .good, approve: 3, at: "2026-11-06") }
        for p in others.dropFirst(9).prefix(3) { try await add("gk-cn", person: p, approve: 6, at: "2026-11-07") }
        let villages = units.filter { $0.kind == UnitKind.village.rawValue }
        for u in villages.prefix(2) { try await add("thon-vh", unit: u, approve: 8, at: "2026-11-07") }
        for u in units.filter({ $0.kind == UnitKind.agency.rawValue }).prefix(2) { try await add("gk-tt", unit: u, approve: 6, at: "2026-11-07") }

        // The meeting of 13/11: 8 of the 9 members present; the secretary enters the paper ballots.
        let members = try await CommendationQueries.activeMembers(on: db, communeID: communeID)
        let meeting = try await CommendationCommands.openMeeting(year: year, heldOn: LocalDate(year: 2026, month: 11, day: 13)!, place: "Hội trường UBND xã Nghĩa Trung",
                                                                 present: Set(members.dropLast().compactMap(\.id)), actor: actor(secretariat, "2026-11-13"), on: db)
        for (n, approve) in nominations {
            try await CommendationCommands.paperTally(meeting: meeting, nomination: n, approve: approve, reject: members.count - 1 - approve,
                                                      settings: settings, actor: actor(secretariat, "2026-11-13"), on: db)
        }
        // The minutes: 08:00–10:30, chaired by the council's chair, taken by its secretary (the defaults of the opening).
        try await CommendationCommands.saveMinutesDetails(meeting, MinutesDetailsInput(
            startsAt: "08:00", endsAt: "10:30", place: meeting.place, chairMemberId: meeting.chairMemberID?.uuidString,
            secretaryMemberId: meeting.secretaryMemberID?.uuidString, version: meeting.version), actor: actor(secretariat, "2026-11-13"), on: db)
        try await CommendationCommands.closeMeeting(meeting, settings: settings, actor: actor(secretariat, "2026-11-13"), on: db)

        // Posted Monday 16/11 for 5 working days (to Friday 20/11); one objection, answered.
        let posting = try await CommendationCommands.post(year: year, start: LocalDate(year: 2026, month: 11, day: 16)!, settings: settings,
                                                          actor: actor(secretariat, "2026-11-16"), on: db)
        let o = Objection()
        o.communeID = communeID; o.postingID = posting.id!; o.nominationID = nominations.first?.0.id; o.senderName = "Nguyễn Văn Bảy"
        o.contact = "Thôn Bình Thủy"; o.content = "Đề nghị cho biết cụ thể số hộ đã được hướng dẫn cài đặt VNeID."
        o.answer = ""
        try await o.create(on: db)
        try await CommendationCommands.answer(o, text: "Theo báo cáo có xác nhận của thôn: 126 hộ, danh sách lưu tại Phòng Văn hóa - Xã hội.",
                                              actor: actor(secretariat, "2026-11-18"), on: db)
        // The commune's register already holds this year's other documents (the platform was adopted mid-year).
        for (symbol, last) in [("QĐ-UBND", 186), ("TTr-VHXH", 41)] {
            // The initiatives' recognition decisions have already opened this year's QĐ-UBND register.
            let row = try await DocumentNumber.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
                .filter(\.$symbol == symbol).first() ?? DocumentNumber()
            row.communeID = communeID; row.year = year; row.symbol = symbol; row.lastNumber = last
            try await row.save(on: db)
        }
        _ = try await CommendationCommands.makeSubmission(year: year, today: LocalDate(year: 2026, month: 11, day: 23)!, actor: actor(secretariat, "2026-11-23"), on: db)
        _ = try await CommendationCommands.sign(year: year, today: LocalDate(year: 2026, month: 11, day: 24)!, settings: settings, titles: titles,
                                                actor: actor(leader, "2026-11-24"), on: db)
        // Late proposals for the next meeting.
        for p in others.dropFirst(12).prefix(2) { try await add("gk-cn", person: p, approve: 0, at: "2026-11-25") }
    }
}
