import Fluent
import Foundation

/// 2026 scores of the demo commune: most units with an accepted report have self-scored (linking their report's
/// evidence), the council members have scored the units of their fields and villages, and a few units scored
/// themselves far above the council, so the ranking shows gaps.
enum DemoScoring {
    static func seed(communeID: UUID, on db: any Database) async throws {
        let year = 2026
        let at = ISO8601DateFormatter().date(from: "2026-11-20T03:00:00Z")!
        let reports = try await AnnualReport.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$status == WorkflowStatus.accepted.rawValue).all()
        let units = Dictionary(uniqueKeysWithValues: try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all().map { ($0.id!, $0) })
        let criteria = Dictionary(grouping: try await Criterion.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true)
            .sort(\.$position).all(), by: \.criteriaGroup)
        var members = try await CouncilMember.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
        let names = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ Set(members.map(\.personID))).all().map { ($0.id!, $0.fullName) })
        let secretariat = "Trần Thị Thu Hà"
        var state: UInt64 = 20_261_120
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        // Points on a half-point grid, between `low` and `high` of the maximum.
        func points(_ max: Int, _ low: Int, _ high: Int) -> Double {
            let share = Double(low + next(high - low + 1)) / 100
            return (Double(max) * share * 2).rounded() / 2
        }
        func score(_ unit: Unit, _ c: Criterion, _ kind: ScorerKind, _ member: UUID?, _ value: Double, evidence: UUID?, by: String) async throws {
            let s = UnitScore()
            s.communeID = communeID; s.year = year; s.unitID = unit.id!; s.criterionID = c.id!; s.scorerKind = kind.rawValue
            s.memberID = member; s.scorerKey = member?.uuidString.lowercased() ?? ""; s.points = min(value, Double(c.maxPoints))
            s.evidenceID = evidence; s.note = ""; s.updatedAt = at; s.updatedBy = by
            try await s.create(on: db)
        }

        // Members without a field or area follow the group of the units they would meet most: 1.1.
        var assignments = try await CouncilAssignment.query(on: db).filter(\.$communeID == communeID).all()
        for m in members where !assignments.contains(where: { $0.memberID == m.id }) {
            let a = CouncilAssignment()
            a.communeID = communeID; a.memberID = m.id!; a.kind = "field"; a.value = CriteriaGroup.agencies.rawValue
            try await a.create(on: db)
            assignments.append(a)
        }
        members.sort { $0.position < $1.position }

        var selfScored: [(Unit, [Double], Bool)] = []
        // In unit-code order, so that the same demo comes out every time (ids are random).
        for (i, report) in reports.sorted(by: { (units[$0.unitID]?.code ?? "") < (units[$1.unitID]?.code ?? "") }).enumerated() {
            guard let unit = units[report.unitID], let list = criteria[unit.criteriaGroup], !list.isEmpty, i % 8 != 5 else { continue }
            let evidence = try await Evidence.query(on: db).filter(\.$reportID == report.id!).sort(\.$createdAt).all().map(\.id)
            // One unit in five is generous with itself.
            let generous = i % 5 == 1
            // One in seven is exemplary: high marks the council agrees with ("Xuất sắc").
            let exemplary = i % 7 == 0
            var values: [Double] = []
            for (n, c) in list.enumerated() {
                let v = points(c.maxPoints, generous || exemplary ? 95 : 72, 100)
                try await score(unit, c, .selfScore, nil, v, evidence: n < evidence.count ? evidence[n] : nil, by: "Đầu mối \(unit.name)")
                values.append(v)
            }
            selfScored.append((unit, generous ? values.map { -$0 } : values, exemplary))
        }

        var council = 0
        for m in members {
            let mine = assignments.filter { $0.memberID == m.id }
            for (unit, signed, exemplary) in selfScored {
                let villages = Set([unit.villageID, UnitKind(rawValue: unit.kind) == .village ? unit.id : nil].compactMap { $0?.uuidString.lowercased() })
                guard mine.contains(where: { ($0.kind == "field" && $0.value == unit.criteriaGroup) || ($0.kind == "area" && villages.contains($0.value.lowercased())) })
                else { continue }
                let generous = signed.contains { $0 < 0 }
                for (c, v) in zip(criteria[unit.criteriaGroup] ?? [], signed.map(abs)) {
                    // The council takes a little off an honest sheet, and much more off a generous one.
                    let cut = generous ? Double(c.maxPoints) * Double(25 + next(15)) / 100 : exemplary ? 0 : Double(next(3)) / 2
                    try await score(unit, c, .council, m.id!, max(0, ((v - cut) * 2).rounded() / 2), evidence: nil,
                                    by: names[m.personID] ?? secretariat)
                    council += 1
                }
            }
        }
        try await AuditLog.record(on: db, AuditActor(userID: nil, name: secretariat, communeID: communeID, ip: nil, at: at), .importRows,
                                  type: "unit_score", id: nil, label: "Nạp dữ liệu mẫu: điểm tự chấm của \(selfScored.count) đơn vị, \(council) điểm chấm của Hội đồng năm \(year)")
    }
}
