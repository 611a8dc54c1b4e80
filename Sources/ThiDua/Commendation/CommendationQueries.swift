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

    /// People holding (or approved for) the title with `code` in the year.
    static func holders(on db: any Database, communeID: UUID, year: Int, code: String, titles: [AwardTitle]) async throws -> Set<UUID> {
        guard let title = titles.first(where: { $0.code == code }) else { return [] }
        let rows = try await Nomination.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$titleID == title.id!).filter(\.$status ~~ holding).all()
        return Set(rows.compactMap(\.personID))
    }

    /// Everything the rules of `title` need to judge `n`.
    static func facts(on db: any Database, for n: Nomination, title: AwardTitle, titles: [AwardTitle]) async throws -> EligibilityFacts {
        var f = EligibilityFacts(rating: TaskRating(rawValue: n.rating) ?? .done, discipline: DisciplineLevel(rawValue: n.discipline) ?? .none,
                                 achievements: n.achievements, activeInMovement: false, hasLdtt: false, recognisedInitiatives: [])
        let rules = Set(title.ruleList)
        let reportStates = [WorkflowStatus.submitted.rawValue, WorkflowStatus.accepted.rawValue]
        if let personID = n.personID {
            let person = try await Person.find(personID, on: db)
            let registered = try await Registration.query(on: db).filter(\.$communeID == n.communeID).filter(\.$year == n.year)
                .filter(\.$personID == personID).count() > 0
            var unitReported = false
            if let unitID = person?.unitID {
                unitReported = try await AnnualReport.query(on: db).filter(\.$communeID == n.communeID).filter(\.$year == n.year)
                    .filter(\.$unitID == unitID).filter(\.$status ~~ reportStates).count() > 0
            }
            f.activeInMovement = registered || unitReported
            if rules.contains(.ldttSameYear) {
                f.hasLdtt = try await holders(on: db, communeID: n.communeID, year: n.year, code: "ldtt", titles: titles).contains(personID)
            }
            if rules.contains(.recognisedInitiative) {
                let authored = try await InitiativeAuthor.query(on: db).filter(\.$communeID == n.communeID).filter(\.$personID == personID).all()
                let ids = authored.map(\.initiativeID)
                if !ids.isEmpty {
                    f.recognisedInitiatives = try await Initiative.query(on: db).filter(\.$id ~~ ids)
                        .filter(\.$status == InitiativeStatus.recognised.rawValue).all()
                        .filter { ($0.decisionDate.flatMap { LocalDate(iso: $0)?.year } ?? $0.year) == n.year }.map(\.title)
                }
            }
            if rules.contains(.cstdcsQuota) {
                f.communeLdtt = try await countingNominations(on: db, communeID: n.communeID, year: n.year, code: "ldtt", titles: titles).count
                let cstdcs = try await countingNominations(on: db, communeID: n.communeID, year: n.year, code: title.code, titles: titles)
                f.cstdcsRank = (cstdcs.firstIndex { $0.id == n.id } ?? cstdcs.count) + 1
            }
        } else if let unitID = n.unitID {
            f.activeInMovement = try await AnnualReport.query(on: db).filter(\.$communeID == n.communeID).filter(\.$year == n.year)
                .filter(\.$unitID == unitID).filter(\.$status ~~ reportStates).count() > 0
            let members = try await Person.query(on: db).filter(\.$communeID == n.communeID).filter(\.$unitID == unitID)
                .filter(\.$isActive == true).all().compactMap(\.id)
            f.members = members.count
            let ldtt = try await holders(on: db, communeID: n.communeID, year: n.year, code: "ldtt", titles: titles)
            let cstdcs = try await holders(on: db, communeID: n.communeID, year: n.year, code: "cstdcs", titles: titles)
            f.membersLdtt = members.filter(ldtt.contains).count
            f.membersCstdcs = members.filter(cstdcs.contains).count
        }
        return f
    }

    /// Nominations of a title in a year that still count (not rejected, withdrawn or revoked), oldest first.
    static func countingNominations(on db: any Database, communeID: UUID, year: Int, code: String, titles: [AwardTitle]) async throws -> [Nomination] {
        guard let title = titles.first(where: { $0.code == code }) else { return [] }
        return try await Nomination.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).filter(\.$titleID == title.id!)
            .filter(\.$status ~~ counting).all()
            .sorted { ($0.createdAt ?? .distantPast, $0.id!.uuidString) < ($1.createdAt ?? .distantPast, $1.id!.uuidString) }
    }

    /// The rules of a nomination, evaluated now.
    static func evaluate(on db: any Database, _ n: Nomination, titles: [AwardTitle], settings: CommendationSettings) async throws -> [RuleResult] {
        guard let title = titles.first(where: { $0.id == n.titleID }) else { return [] }
        let f = try await facts(on: db, for: n, title: title, titles: titles)
        return Eligibility.evaluate(rules: title.ruleList, facts: f, settings: eligibilitySettings(settings))
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

    static func activeMembers(on db: any Database, communeID: UUID) async throws -> [CouncilMember] {
        try await CouncilMember.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
    }
}
