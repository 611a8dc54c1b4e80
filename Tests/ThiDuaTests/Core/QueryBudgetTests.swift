import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// Every signed-in page builds its data from a small, fixed number of SQL statements, whatever the number of rows it
/// shows (docs/architecture.md, "A page's data in a fixed number of queries"): the demo is measured, grown by
/// more units, people, registrations, reports, scores, nominations, initiatives and council members, and measured again.
@Suite("Query budget")
struct QueryBudgetTests {
    /// The pages of bench/pages.sh, as the secretariat sees them.
    static let pages = ["/", "/units", "/people", "/initiatives", "/achievements", "/board", "/inbox", "/registrations",
                        "/scoring/2026", "/commendations?year=2026", "/commendations/register", "/commendations/titles",
                        "/difficulties", "/movement", "/movement/council", "/audit"]
    /// Statements a page may run, the session's own included.
    static let budget = 12
    /// The commendation overview shows a year's whole procedure (nominations with their eligibility, the meeting and its
    /// ballots, the council, the posting and its objections, the documents, the awards): one statement per section.
    static let budgets = ["/commendations?year=2026": 24]

    @Test("every page runs the same few statements at two data sizes")
    func pagesStayWithinBudget() async throws {
        try await withStatementLog { app, log in
            // setup
            let s = try await app.login("canbo.thidua", password: DemoData.password)
            func measure() async throws -> [String: [String]] {
                var counts: [String: [String]] = [:]
                for page in Self.pages {
                    counts[page] = try await log.during {
                        let res = try await app.get(page, as: s)
                        #expect(res.status == .ok, "\(page): \(res.status)")
                    }
                }
                return counts
            }
            // act
            _ = try await measure()  // first visits create settings and catalogues on demand
            let small = try await measure()
            try await Self.grow(app, by: 24)
            let large = try await measure()
            // check
            var table = ["page | demo | grown"]
            for page in Self.pages {
                let a = small[page] ?? [], b = large[page] ?? []
                table.append("\(page) | \(a.count) | \(b.count)")
                #expect(a.count > 0, "\(page): no statement logged (the statement log is not wired)")
                #expect(b.count == a.count, "\(page): \(a.count) statements on the demo, \(b.count) with more rows:\n\(Self.summary(b))")
                let budget = Self.budgets[page] ?? Self.budget
                #expect(b.count <= budget, "\(page): \(b.count) statements, over the budget of \(budget):\n\(Self.summary(b))")
            }
            print(table.joined(separator: "\n"))
        }
    }

    /// The statements, the most repeated first, for a failure message.
    static func summary(_ statements: [String]) -> String {
        Dictionary(grouping: statements, by: { String($0.prefix(160)) }).map { ($0.value.count, $0.key) }
            .sorted { $0.0 > $1.0 }.prefix(8).map { "  \($0.0)× \($0.1)" }.joined(separator: "\n")
    }

    /// Adds `n` units to the demo commune, each with three people, a submitted registration (half of them accepted), a
    /// submitted report, self and council scores, a personal pledge, nominations (persons and the unit), an
    /// initiative submitted by one of its people; and a council member for every fourth unit.
    static func grow(_ app: Application, by n: Int) async throws {
        let db = app.db
        let commune = try #require(try await Commune.query(on: db).filter(\.$code == "nghia-trung").first())
        let communeID = try commune.requireID()
        let actor = AuditActor.system(communeID: communeID, at: app.clock.now())
        let titles = try await CommendationQueries.titles(on: db, communeID: communeID)
        let titleIDs = Dictionary(titles.compactMap { t in t.id.map { (t.code, $0) } }, uniquingKeysWith: { a, _ in a })
        func title(_ code: String) throws -> UUID {
            guard let id = titleIDs[code] else { throw AppError.notFound }
            return id
        }
        let criteria = Dictionary(grouping: try await Criterion.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all(),
                                  by: \.criteriaGroup)
        let members = try await CouncilMember.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
        let villages = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$kind == UnitKind.village.rawValue).all()
        let areas = try await ContentArea.query(on: db).filter(\.$communeID == communeID).all()
        let secretariat = try #require(try await User.query(on: db).filter(\.$username == "canbo.thidua").first())
        let kinds: [UnitKind] = [.agency, .business, .organisation, .school]
        for i in 0..<n {
            let kind = kinds[i % kinds.count]
            let unit = try await DirectoryCommands.createUnit(
                UnitValues(code: "QB-\(i)", name: "Đơn vị đo tải số \(i)", kind: kind, criteriaGroup: kind.defaultGroup,
                           villageID: villages[i % villages.count].id, headName: "Nguyễn Văn Trưởng", headTitle: "Trưởng",
                           phone: "0912 345 678", email: "", address: ""),
                communeID: communeID, actor: actor, on: db)
            var people: [Person] = []
            for k in 0..<3 {
                people.append(try await DirectoryCommands.createPerson(
                    PersonValues(fullName: "Người đo tải \(i)-\(k)", title: "Công chức", unitID: unit.id, phone: "", email: "", birthDate: "1985-04-30"),
                    communeID: communeID, actor: actor, on: db))
            }
            let content = RegistrationContent(
                focus: "Chuyển đổi số tại \(unit.name)", plannedInitiatives: "",
                targets: [TargetLine(id: nil, name: "Hồ sơ xử lý trên môi trường mạng", unitOfMeasure: "%", baseline: 50, targetValue: 90,
                                     contentAreaId: areas.first?.id, dueDate: "2026-11-15"),
                          TargetLine(id: nil, name: "Cán bộ dùng chữ ký số", unitOfMeasure: "%", baseline: 40, targetValue: 100,
                                     contentAreaId: nil, dueDate: nil)],
                products: [ProductLine(id: nil, name: "Quy trình số hóa", description: "", expectedDate: nil)])
            let registration = try await RegistrationCommands.save(owner: .unit(unit.id!), year: 2026, content: content, expectedVersion: nil,
                                                                   communeID: communeID, actor: actor, on: db)
            try await RegistrationCommands.submit(registration, ownerName: unit.name, actor: actor, on: db)
            if i % 2 == 0 { try await RegistrationCommands.decide(registration, accept: true, reason: "", actor: actor, on: db) }
            let pledge = try await RegistrationCommands.save(owner: .person(people[1].id!), year: 2026,
                                                             content: RegistrationContent(focus: "Học kỹ năng số", plannedInitiatives: "", targets: [
                                                                 TargetLine(id: nil, name: "Hồ sơ nộp trực tuyến", unitOfMeasure: "hồ sơ", baseline: 0,
                                                                            targetValue: 5, contentAreaId: nil, dueDate: nil)], products: []),
                                                             expectedVersion: nil, communeID: communeID, actor: actor, on: db)
            try await RegistrationCommands.submit(pledge, ownerName: people[1].fullName, actor: actor, on: db)

            let report = try await ReportCommands.save(
                ReportInput(results: "Hoàn thành các chỉ tiêu đã đăng ký năm 2026 tại \(unit.name).", lessons: "", proposals: "", initiativesApplied: "",
                            actuals: [:], notes: [:], delivered: [], productNotes: [:]),
                unit: unit, year: 2026, expectedVersion: nil, actor: actor, on: db).report
            try await ReportCommands.submit(report, unitName: unit.name, actor: actor, on: db)

            for c in criteria[unit.criteriaGroup] ?? [] {
                for member in [nil] + members.prefix(3).map(Optional.some) {
                    let s = UnitScore()
                    s.communeID = communeID; s.year = 2026; s.unitID = unit.id!; s.criterionID = c.id!
                    s.scorerKind = member == nil ? ScorerKind.selfScore.rawValue : ScorerKind.council.rawValue
                    s.memberID = member?.id; s.scorerKey = member?.id?.uuidString.lowercased() ?? ""
                    s.points = Double(c.maxPoints) * 0.8; s.note = ""; s.updatedAt = app.clock.now(); s.updatedBy = "Đo tải"
                    try await s.create(on: db)
                }
            }

            func nominate(_ code: String, person: Person? = nil, unit target: ThiDua.Unit? = nil) async throws {
                let input = NominationInput(year: 2026, titleID: try title(code), personID: person?.id, unitID: target?.id, rating: .excellent,
                                            discipline: .none, achievements: "Hoàn thành xuất sắc nhiệm vụ, nhiều giải pháp chuyển đổi số.")
                _ = try await CommendationCommands.nominate(input, nomineeName: person?.fullName ?? target?.name ?? "", proposedByUnitID: unit.id,
                                                            actor: actor, on: db)
            }
            try await nominate("ldtt", person: people[0])
            try await nominate("ldtt", person: people[1])
            try await nominate("cstdcs", person: people[0])
            try await nominate("gk-cn", person: people[2])
            try await nominate("gk-tt", unit: unit)

            let applicant = CurrentUser(id: secretariat.id!, communeID: communeID, communeName: "", username: secretariat.username,
                                        displayName: secretariat.displayName, roles: [.secretariat], unitID: nil, personID: nil,
                                        sessionID: UUID(), csrfToken: "", viaAPI: false)
            let initiative = try await InitiativeCommands.save(nil, content: InitiativeContent(
                title: "Giải pháp đo tải số \(i) cho \(unit.name)", ownerUnitId: unit.id, contentAreaId: areas.first?.id, firstApplied: "2026-05-10",
                summary: "Giải pháp số hóa quy trình tại \(unit.name), áp dụng thử từ tháng 5/2026.", conditions: "Máy tính có Internet.",
                benefits: "Giảm 30% thời gian xử lý hồ sơ.", testers: "Cán bộ \(unit.name)", confidential: "",
                authors: [AuthorLine(personId: people[0].id, fullName: people[0].fullName, birthDate: nil, workplace: unit.name, jobTitle: "Công chức",
                                     qualification: "Đại học", share: 100)]),
                expectedVersion: nil, user: applicant, actor: actor, on: db)
            try await InitiativeCommands.submit(initiative, actor: actor, on: db)

            if i % 4 == 0 {
                let m = CouncilMember()
                m.communeID = communeID; m.personID = people[2].id!; m.position = CouncilPosition.member.rawValue; m.isActive = true
                try await m.create(on: db)
            }
        }
    }
}
