import Fluent
import Foundation

enum CommendationQueries {
    /// The commune's settings, written with the defaults on first use.
    static func settings(on db: any Database, communeID: UUID) async throws -> CommendationSettings {
        if let s = try await CommendationSettings.query(on: db).filter(\.$communeID == communeID).first() { return s }
        return try await db.writeTransaction { db in
            if let s = try await CommendationSettings.query(on: db).filter(\.$communeID == communeID).first() { return s }
            let s = CommendationDefaults.settings(communeID: communeID)
            try await s.create(on: db)
            return s
        }
    }

    /// The catalogue, seeded with the defaults on first use.
    static func titles(on db: any Database, communeID: UUID) async throws -> [AwardTitle] {
        let rows = try await AwardTitle.query(on: db).filter(\.$communeID == communeID).sort(\.$position).all()
        if !rows.isEmpty { return rows }
        return try await db.writeTransaction { db in
            if try await AwardTitle.query(on: db).filter(\.$communeID == communeID).count() == 0 {
                try await CommendationDefaults.seedTitles(communeID: communeID, on: db)
            }
            return try await AwardTitle.query(on: db).filter(\.$communeID == communeID).sort(\.$position).all()
        }
    }

    static func eligibilitySettings(_ s: CommendationSettings) -> Eligibility.Settings {
        .init(cstdcsRequiresInitiative: s.cstdcsRequiresInitiative, cstdcsQuotaPercent: s.cstdcsQuotaPercent)
    }

    static let counting: [String] = [NominationStatus.proposed.rawValue, NominationStatus.approved.rawValue, NominationStatus.decided.rawValue]
    static let holding: [String] = [NominationStatus.approved.rawValue, NominationStatus.decided.rawValue]

    /// Everything the rules need to judge each of `nominations` (of one commune), by nomination id, in at most seven
    /// statements whatever their number: the year's sets (reported units, holders and counting nominations of each
    /// title, registrations, people, recognised initiatives of the nominees, members of the nominated units) are
    /// read once and each nomination's facts are assembled from them in memory.
    static func facts(on db: any Database, for nominations: [Nomination], titles: [AwardTitle]) async throws -> [UUID: EligibilityFacts] {
        guard let first = nominations.first else { return [:] }
        let communeID = first.communeID
        let years = Set(nominations.map(\.year))
        let titleByID = Dictionary(titles.compactMap { t in t.id.map { ($0, t) } }, uniquingKeysWith: { a, _ in a })
        let rulesOf: (Nomination) -> Set<EligibilityRule> = { Set(titleByID[$0.titleID]?.ruleList ?? []) }
        let personal = nominations.filter { $0.personID != nil && titleByID[$0.titleID] != nil }
        let collective = nominations.filter { $0.personID == nil && $0.unitID != nil && titleByID[$0.titleID] != nil }
        let personIDs = Array(Set(personal.compactMap(\.personID)))
        let sql = db.sql
        let yearList = Array(years)

        // The people nominated: their unit, and whether they registered in the year.
        var unitOfPerson: [UUID: UUID] = [:]
        var registered: Set<PersonYear> = []
        if !personIDs.isEmpty {
            for row in try await sql.raw("SELECT id, unit_id FROM people WHERE id IN (\(binds: personIDs))").all() {
                if let unit = try row.decode(column: "unit_id", as: UUID?.self) { unitOfPerson[try row.decode(column: "id", as: UUID.self)] = unit }
            }
            for row in try await sql.raw("""
                SELECT DISTINCT person_id, year FROM registrations
                WHERE commune_id = \(bind: communeID) AND year IN (\(binds: yearList)) AND person_id IN (\(binds: personIDs))
                """).all() {
                registered.insert(PersonYear(id: try row.decode(column: "person_id", as: UUID.self), year: try row.decode(column: "year", as: Int.self)))
            }
        }
        // Units that reported (submitted or accepted) in the year.
        let reportStates = [WorkflowStatus.submitted.rawValue, WorkflowStatus.accepted.rawValue]
        var reported: Set<PersonYear> = []
        for row in try await sql.raw("""
            SELECT DISTINCT unit_id, year FROM annual_reports
            WHERE commune_id = \(bind: communeID) AND year IN (\(binds: yearList)) AND status IN (\(binds: reportStates))
            """).all() {
            reported.insert(PersonYear(id: try row.decode(column: "unit_id", as: UUID.self), year: try row.decode(column: "year", as: Int.self)))
        }
        // The year's nominations that count (oldest first) and those holding their title, by title.
        let needsNominations = !collective.isEmpty || personal.contains { !rulesOf($0).isDisjoint(with: [.ldttSameYear, .cstdcsQuota]) }
        var countingByTitle: [TitleYear: [UUID]] = [:]
        var holdersByTitle: [TitleYear: Set<UUID>] = [:]
        if needsNominations {
            var rows: [(id: UUID, key: TitleYear, person: UUID?, status: String, createdAt: Date?)] = []
            for row in try await sql.raw("""
                SELECT id, title_id, year, person_id, status, created_at FROM nominations
                WHERE commune_id = \(bind: communeID) AND year IN (\(binds: yearList)) AND status IN (\(binds: counting))
                """).all() {
                rows.append((try row.decode(column: "id", as: UUID.self),
                             TitleYear(title: try row.decode(column: "title_id", as: UUID.self), year: try row.decode(column: "year", as: Int.self)),
                             try row.decode(column: "person_id", as: UUID?.self), try row.decode(column: "status", as: String.self),
                             try row.decode(column: "created_at", as: Date?.self)))
            }
            rows.sort { ($0.createdAt ?? .distantPast, $0.id.uuidString) < ($1.createdAt ?? .distantPast, $1.id.uuidString) }
            for r in rows {
                countingByTitle[r.key, default: []].append(r.id)
                if holding.contains(r.status), let person = r.person { holdersByTitle[r.key, default: []].insert(person) }
            }
        }
        func key(_ code: String, _ year: Int) -> TitleYear? { titles.first { $0.code == code }?.id.map { TitleYear(title: $0, year: year) } }
        func holders(_ code: String, _ year: Int) -> Set<UUID> { key(code, year).flatMap { holdersByTitle[$0] } ?? [] }

        // Recognised initiatives of the nominees who need them: titles by author, with the year of their decision.
        var initiativesOf: [UUID: [(title: String, year: Int)]] = [:]
        let authors = Array(Set(personal.filter { rulesOf($0).contains(.recognisedInitiative) }.compactMap(\.personID)))
        if !authors.isEmpty {
            for row in try await sql.raw("""
                SELECT DISTINCT a.person_id, i.id, i.title, i.decision_date, i.year, i.created_at FROM initiative_authors a JOIN initiatives i ON i.id = a.initiative_id
                WHERE a.commune_id = \(bind: communeID) AND a.person_id IN (\(binds: authors))
                  AND i.status = \(bind: InitiativeStatus.recognised.rawValue)
                ORDER BY i.created_at, i.id
                """).all() {
                let year = try row.decode(column: "decision_date", as: String?.self).flatMap { LocalDate(iso: $0)?.year }
                    ?? (try row.decode(column: "year", as: Int.self))
                initiativesOf[try row.decode(column: "person_id", as: UUID.self), default: []].append((try row.decode(column: "title", as: String.self), year))
            }
        }
        // Active members of the nominated collectives.
        var membersOf: [UUID: [UUID]] = [:]
        let units = Array(Set(collective.compactMap(\.unitID)))
        if !units.isEmpty {
            for row in try await sql.raw("""
                SELECT id, unit_id FROM people WHERE commune_id = \(bind: communeID) AND is_active = \(bind: true) AND unit_id IN (\(binds: units))
                """).all() {
                membersOf[try row.decode(column: "unit_id", as: UUID.self), default: []].append(try row.decode(column: "id", as: UUID.self))
            }
        }

        var result: [UUID: EligibilityFacts] = [:]
        for n in nominations {
            guard let id = n.id, let title = titleByID[n.titleID] else { continue }
            var f = EligibilityFacts(rating: TaskRating(rawValue: n.rating) ?? .done, discipline: DisciplineLevel(rawValue: n.discipline) ?? .none,
                                     achievements: n.achievements, activeInMovement: false, hasLdtt: false, recognisedInitiatives: [])
            let rules = Set(title.ruleList)
            if let personID = n.personID {
                let unitReported = unitOfPerson[personID].map { reported.contains(PersonYear(id: $0, year: n.year)) } ?? false
                f.activeInMovement = registered.contains(PersonYear(id: personID, year: n.year)) || unitReported
                if rules.contains(.ldttSameYear) { f.hasLdtt = holders("ldtt", n.year).contains(personID) }
                if rules.contains(.recognisedInitiative) {
                    f.recognisedInitiatives = (initiativesOf[personID] ?? []).filter { $0.year == n.year }.map(\.title)
                }
                if rules.contains(.cstdcsQuota) {
                    f.communeLdtt = key("ldtt", n.year).flatMap { countingByTitle[$0]?.count } ?? 0
                    let cstdcs = key(title.code, n.year).flatMap { countingByTitle[$0] } ?? []
                    f.cstdcsRank = (cstdcs.firstIndex(of: id) ?? cstdcs.count) + 1
                }
            } else if let unitID = n.unitID {
                f.activeInMovement = reported.contains(PersonYear(id: unitID, year: n.year))
                let members = membersOf[unitID] ?? []
                f.members = members.count
                let ldtt = holders("ldtt", n.year)
                let cstdcs = holders("cstdcs", n.year)
                f.membersLdtt = members.filter(ldtt.contains).count
                f.membersCstdcs = members.filter(cstdcs.contains).count
            }
            result[id] = f
        }
        return result
    }

    /// A person (or unit) in a year, and a title in a year: keys of the sets ``facts(on:for:titles:)`` reads.
    private struct PersonYear: Hashable { let id: UUID; let year: Int }
    private struct TitleYear: Hashable { let title: UUID; let year: Int }

    /// The rules of a nomination, evaluated now.
    static func evaluate(on db: any Database, _ n: Nomination, titles: [AwardTitle], settings: CommendationSettings) async throws -> [RuleResult] {
        try await evaluate(on: db, [n], titles: titles, settings: settings)[try n.requireID()] ?? []
    }

    /// The rules of each nomination, evaluated now, by nomination id: the facts of all of them are read together
    /// (``facts(on:for:titles:)``), so a list costs the same few statements as one nomination.
    static func evaluate(on db: any Database, _ nominations: [Nomination], titles: [AwardTitle],
                         settings: CommendationSettings) async throws -> [UUID: [RuleResult]] {
        let facts = try await facts(on: db, for: nominations, titles: titles)
        var results: [UUID: [RuleResult]] = [:]
        for n in nominations {
            guard let id = n.id, let title = titles.first(where: { $0.id == n.titleID }) else { continue }
            guard let f = facts[id] else { continue }
            results[id] = Eligibility.evaluate(rules: title.ruleList, facts: f, settings: eligibilitySettings(settings))
        }
        return results
    }

    /// The year's latest meeting, open or closed (a cancelled one is not a meeting any more).
    static func openMeeting(on db: any Database, communeID: UUID, year: Int) async throws -> CouncilMeeting? {
        try await CouncilMeeting.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).filter(\.$status != "cancelled")
            .sort(\.$heldOn, .descending).first()
    }

    static func cancelledMeetings(on db: any Database, communeID: UUID, year: Int) async throws -> [CouncilMeeting] {
        try await CouncilMeeting.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).filter(\.$status == "cancelled")
            .sort(\.$heldOn).all()
    }

    static func posting(on db: any Database, communeID: UUID, year: Int) async throws -> Posting? {
        try await Posting.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).first()
    }

    static func decisions(on db: any Database, communeID: UUID, year: Int) async throws -> [CommendationDecision] {
        try await CommendationDecision.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).sort(\.$createdAt).all()
    }

    /// The council member an account acts for.
    static func member(on db: any Database, communeID: UUID, userID: UUID) async throws -> CouncilMember? {
        try await CouncilMember.query(on: db).filter(\.$communeID == communeID).filter(\.$userID == userID).filter(\.$isActive == true).first()
    }

    /// The active members with their names, in one statement (in the order ``activeMembers`` gives).
    static func activeMemberNames(on db: any Database, communeID: UUID) async throws -> [(UUID, String)] {
        try await db.sql.raw("""
            SELECT m.id, p.full_name FROM council_members m LEFT JOIN people p ON p.id = m.person_id
            WHERE m.commune_id = \(bind: communeID) AND m.is_active = \(bind: true)
            """).all().map { row in
            (try row.decode(column: "id", as: UUID.self), try row.decode(column: "full_name", as: String?.self) ?? "")
        }
    }

    static func activeMembers(on db: any Database, communeID: UUID) async throws -> [CouncilMember] {
        try await CouncilMember.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
    }
}
