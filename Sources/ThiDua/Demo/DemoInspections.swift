import Fluent
import Foundation

/// The 2026 inspection plan of the demo commune, made through ``InspectionCommands`` so that audit and states are
/// real: approved by the chairperson, two teams (council members and office staff), eight units visited in every
/// state: scheduled, notified, visited (checklist, finding with its file, minutes), concluded with items open, one
/// answered, one closed, and one whose item is overdue (due before the demo's "today", 25/11/2026). The notices go
/// to the inbox as the application sends them: the notified visit's by the due-notices sweep run at the demo's date
/// seven days before it, so the focal point `daumoi` finds it there.
enum DemoInspections {
    /// The demo's notices: inbox rows only (no e-mail from a demo).
    static let notifier = LiveNotifier(mailer: nil)

    static func seed(communeID: UUID, store: any FileStore, on db: any Database) async throws {
        let year = 2026
        func day(_ iso: String, _ hour: Int = 2) -> Date { ISO8601DateFormatter().date(from: "\(iso)T\(String(format: "%02d", hour)):00:00Z")! }
        func actor(_ name: String, _ date: Date) -> AuditActor { AuditActor(userID: nil, name: name, communeID: communeID, ip: nil, at: date) }
        let secretariat = "Trần Thị Thu Hà", chair = "Chủ tịch Hội đồng"
        guard try await InspectionPlan.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).first() == nil else { return }

        let plan = try await InspectionCommands.createPlan(InspectionPlanInput(
            year: String(year),
            purpose: "Nắm tình hình triển khai Phong trào thi đua ở cơ sở; kịp thời phát hiện, biểu dương cách làm hay và chấn chỉnh hạn chế.",
            content: "Việc ban hành kế hoạch, đăng ký thi đua; tổ chức thực hiện các chỉ tiêu; báo cáo, chấm điểm; hồ sơ đề nghị khen thưởng.",
            organisation: "Văn phòng HĐND và UBND xã là cơ quan thường trực, chuẩn bị thông báo, tổng hợp kết quả các đoàn."),
            actor: actor(secretariat, day("2026-02-10")), on: db)

        // The units: the focal point's own unit first (so the demo's "daumoi" sees a visit), then others in code order.
        let focalUnit = try await User.query(on: db).filter(\.$communeID == communeID).filter(\.$username == "daumoi").first()?.unitID
        var units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$code).all()
            .filter { $0.kind != UnitKind.business.rawValue }
        if let focalUnit, let i = units.firstIndex(where: { $0.id == focalUnit }) { units.insert(units.remove(at: i), at: 0) }
        units = Array(units.prefix(8))
        let reasons = ["Điểm tự chấm năm trước thấp", "Nộp báo cáo chậm hạn", "Đơn vị mới thành lập", "Theo đề nghị của khối thi đua"]
        for (i, u) in units.enumerated() {
            _ = try await InspectionCommands.addTarget(plan, unitId: u.id!.uuidString, reason: reasons[i % reasons.count],
                                                       actor: actor(secretariat, day("2026-02-11")), on: db)
        }

        // Teams: council members lead; office staff are members.
        let council = try await CouncilMember.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).sort(\.$position).all()
        let councilPeople = council.map(\.personID)
        let staff = try await Person.query(on: db).filter(\.$communeID == communeID).sort(\.$fullName).limit(40).all()
            .compactMap(\.id).filter { !councilPeople.contains($0) }
        let hoidong = try await User.query(on: db).filter(\.$communeID == communeID).filter(\.$username == "hoidong").first()?.personID
        var leaders = councilPeople
        if let hoidong { leaders.removeAll { $0 == hoidong }; leaders.insert(hoidong, at: 0) }
        guard leaders.count >= 4, staff.count >= 2 else { return }
        var teams: [InspectionTeam] = []
        for n in 0..<2 {
            teams.append(try await InspectionCommands.createTeam(plan, InspectionTeamInput(
                name: "Đoàn kiểm tra số \(n + 1)", assignment: n == 0 ? "Khối cơ quan, đoàn thể" : "Khối thôn, trường học",
                leaderPersonId: leaders[n].uuidString, leaderTask: "Chủ trì buổi kiểm tra, kết luận",
                members: [InspectionMemberInput(personId: leaders[n + 2].uuidString, role: InspectionTeamRole.deputy.rawValue, task: "Kiểm tra hồ sơ chấm điểm"),
                          InspectionMemberInput(personId: staff[n].uuidString, role: InspectionTeamRole.secretary.rawValue, task: "Ghi biên bản, tổng hợp kết quả")]),
                actor: actor(secretariat, day("2026-02-12")), on: db))
        }
        try await InspectionCommands.submit(plan, expectedVersion: nil, actor: actor(secretariat, day("2026-02-13")), notifier: nil, on: db)
        try await InspectionCommands.approve(plan, expectedVersion: nil, actor: actor(chair, day("2026-02-16")), notifier: nil, on: db)

        // Eight visits: (date, what happens to it).
        enum Fate { case scheduled, notified, visited, concluded, answered, closed, overdue }
        let schedule: [(String, Fate)] = [("2026-11-27", .notified), ("2026-12-15", .scheduled), ("2026-12-17", .scheduled),
                                          ("2026-11-18", .visited), ("2026-10-20", .concluded), ("2026-10-08", .answered),
                                          ("2026-09-22", .closed), ("2026-09-10", .overdue)]
        for (i, (date, fate)) in schedule.enumerated() where i < units.count {
            let unit = units[i], team = teams[i % 2]
            let leader = team.leaderPersonID
            let leaderName = try await Person.find(leader, on: db)?.fullName ?? chair
            let visitDay = LocalDate(iso: date)!
            // The notified visit is scheduled before its notice period; the sweep below sends its notice.
            let scheduledAt = fate == .notified ? day("2026-11-12") : fate == .scheduled ? day("2026-11-20") : day(date).addingTimeInterval(-6 * 86400)
            let v = try await InspectionCommands.scheduleVisit(plan, InspectionVisitInput(
                unitId: unit.id!.uuidString, teamId: team.id!.uuidString, date: visitDay.vietnamese, time: i % 2 == 0 ? "08:00" : "14:00",
                place: "Trụ sở \(unit.name)", content: "Kiểm tra việc triển khai Phong trào thi đua năm \(year) và hồ sơ tự chấm điểm"),
                actor: actor(secretariat, scheduledAt), notifier: notifier, on: db)
            if i == 2 {
                // Moved once, at the unit's request: the old date stays in the history.
                try await InspectionCommands.reschedule(v, date: "18/12/2026", time: "08:30", reason: "Đơn vị đề nghị lùi lịch do trùng hội nghị tổng kết",
                                                        expectedVersion: nil, actor: actor(secretariat, day("2026-11-21")), notifier: notifier, on: db)
            }
            if fate == .notified {
                // Seven days before the visit (the default setting), the hourly sweep sends the notice: run it at that date.
                try await InspectionCommands.sendDueNotices(on: db, at: visitDay.adding(days: -InspectionText.defaultNoticeDays).startOfDay
                                                                .addingTimeInterval(8 * 3600), notifier: notifier, communeID: communeID)
            }
            guard fate != .scheduled && fate != .notified else { continue }

            let at = day(date, 3)
            let rows = try await InspectionCommands.checklist(on: db, visit: v, year: year)
            try await InspectionCommands.recordChecklist(v, lines: rows.enumerated().map { n, row in
                InspectionChecklistInput(criterionId: row.criterionID.uuidString,
                                         teamPoints: String(format: "%.1f", row.maxPoints * (n % 3 == 0 ? 0.7 : 0.85)),
                                         note: n % 3 == 0 ? "Hồ sơ minh chứng chưa đầy đủ" : "")
            }, actor: actor(leaderName, at), on: db)
            _ = try await InspectionCommands.addFinding(v, text: "Sổ theo dõi phong trào chưa cập nhật kết quả quý III",
                                                        attachment: InspectionAttachment(name: "Ảnh sổ theo dõi phong trào.pdf",
                                                                                         content: .bytes(DemoPledges.pdf("So theo doi \(unit.code)")), kind: .pdf),
                                                        store: store, actor: actor(leaderName, at), on: db)
            try await InspectionCommands.recordMinutes(v, InspectionMinutesInput(
                startsAt: "08:00", endsAt: "10:30", place: "Trụ sở \(unit.name)",
                teamAttendees: "\(leaderName) – Trưởng đoàn; các thành viên Đoàn kiểm tra số \(i % 2 + 1)",
                unitAttendees: "\(unit.headName.isEmpty ? "Thủ trưởng đơn vị" : unit.headName) – \(unit.headTitle); đầu mối thi đua của đơn vị",
                strengths: "Ban hành kế hoạch thi đua kịp thời; phát động có chủ đề, có chỉ tiêu cụ thể.",
                weaknesses: "Việc lưu giữ minh chứng chưa đầy đủ; sơ kết chưa đúng hạn.",
                recommendations: "Bổ sung minh chứng, hoàn thiện sổ theo dõi trước khi chấm điểm cuối năm."),
                expectedVersion: nil, actor: actor(leaderName, at.addingTimeInterval(3 * 3600)), on: db)
            guard fate != .visited else { continue }

            let concludedAt = day(date).addingTimeInterval(3 * 86400)
            let due = fate == .overdue ? "15/11/2026" : fate == .concluded ? "31/12/2026" : "20/11/2026"
            let items = try await InspectionCommands.conclude(v, conclusion: "Đơn vị triển khai phong trào nghiêm túc; cần khắc phục hạn chế về hồ sơ, minh chứng.",
                                                              items: [InspectionFollowUpInput(text: "Bổ sung minh chứng các tiêu chí còn thiếu", dueDate: due)],
                                                              expectedVersion: nil, actor: actor(leaderName, concludedAt), notifier: nil, on: db)
            guard fate == .answered || fate == .closed, let item = items.first else { continue }
            let answeredAt = concludedAt.addingTimeInterval(10 * 86400)
            try await InspectionCommands.answerFollowUp(item, visit: v, answer: "Đơn vị đã bổ sung đủ minh chứng và cập nhật sổ theo dõi.", attachment: nil,
                                                        expectedVersion: nil, store: store, actor: actor("Đầu mối \(unit.name)", answeredAt), notifier: nil, on: db)
            guard fate == .closed else { continue }
            try await InspectionCommands.acceptFollowUp(item, visit: v, note: "Đạt yêu cầu", expectedVersion: nil,
                                                        actor: actor(leaderName, answeredAt.addingTimeInterval(2 * 86400)), notifier: nil, on: db)
        }
    }
}
