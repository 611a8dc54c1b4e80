import Fluent
import Foundation

/// The scoring rules of a commune as pages and commands use them.
struct ScoringConfig: Sendable {
    struct Band: Sendable, Equatable {
        let label: String
        let minPercent: Double
    }

    let rule: ScoringRule
    let gapThreshold: Double
    let source: String
    let version: Int
    /// Highest first.
    let bands: [Band]
}

/// A council member as the score sheet shows them.
struct ScoringMember: Sendable {
    let id: UUID
    let name: String
}

/// Pure arithmetic of scoring: final scores, totals, gap, rank and band. No database.
enum ScoringCalc {
    /// The band of a percent (0–100): the highest band whose minimum it reaches.
    static func band(percent: Double, bands: [ScoringConfig.Band]) -> String? {
        bands.sorted { $0.minPercent > $1.minPercent }.first { percent + 1e-9 >= $0.minPercent }?.label
    }

    /// Flagged when both totals exist and they differ by more than the threshold.
    static func isGapFlagged(selfTotal: Double?, finalTotal: Double?, threshold: Double) -> Bool {
        guard let s = selfTotal, let f = finalTotal else { return false }
        return abs(s - f) > threshold + 1e-9
    }

    /// Competition ranking (1, 1, 3) of the values, highest first; nil values get no rank.
    static func ranks(_ values: [Double?]) -> [Int?] {
        values.map { v in
            guard let v else { return nil }
            return 1 + values.filter { ($0 ?? -.infinity) > v + 1e-9 }.count
        }
    }

    struct Totals: Sendable {
        let selfTotal: Double?
        let finalTotal: Double?
        /// Final score per criterion (criteria some member scored).
        let finals: [UUID: Double]
        let membersScored: Int
    }

    /// Totals of one unit from its score rows, counting only the given criteria.
    static func totals(_ scores: [ScoreValue], criteria: Set<UUID>, rule: ScoringRule) -> Totals {
        let relevant = scores.filter { criteria.contains($0.criterionID) }
        let own = relevant.filter { $0.kind == .selfScore }
        let council = relevant.filter { $0.kind == .council }
        var finals: [UUID: Double] = [:]
        for (criterion, rows) in Dictionary(grouping: council, by: \.criterionID) {
            finals[criterion] = rule.combine(rows.map(\.points))
        }
        return Totals(selfTotal: own.isEmpty ? nil : own.reduce(0) { $0 + $1.points },
                      finalTotal: finals.isEmpty ? nil : finals.values.reduce(0, +),
                      finals: finals, membersScored: Set(council.compactMap(\.memberID)).count)
    }
}

/// One score row as a `Sendable` value.
struct ScoreValue: Sendable {
    let unitID: UUID
    let criterionID: UUID
    let kind: ScorerKind
    let memberID: UUID?
    let points: Double
    let evidenceID: UUID?
    let note: String
    /// The visit whose inspection team offered it (``ScorerKind/inspection``).
    var inspectionVisitID: UUID? = nil

    init(unitID: UUID, criterionID: UUID, kind: ScorerKind, memberID: UUID?, points: Double, evidenceID: UUID?, note: String) {
        self.unitID = unitID
        self.criterionID = criterionID
        self.kind = kind
        self.memberID = memberID
        self.points = points
        self.evidenceID = evidenceID
        self.note = note
    }

    init(_ s: UnitScore) {
        unitID = s.unitID; criterionID = s.criterionID; kind = s.kind; memberID = s.memberID; points = s.points
        evidenceID = s.evidenceID; note = s.note; inspectionVisitID = s.inspectionVisitID
    }
}

/// Reading scores, settings and council assignments.
enum ScoringQueries {
    /// The commune's settings, created with the defaults on first use.
    static func settings(on db: any Database, communeID: UUID) async throws -> ScoringConfig {
        if let config = try await read(on: db, communeID: communeID) { return config }
        do {
            try await createDefaults(on: db, communeID: communeID)
        } catch {
            // Another request created them first (the unique key on the commune refused this one).
            if let config = try await read(on: db, communeID: communeID) { return config }
            throw error
        }
        guard let config = try await read(on: db, communeID: communeID) else { throw AppError.notFound }
        return config
    }

    private static func createDefaults(on db: any Database, communeID: UUID) async throws {
        try await db.writeTransaction { db in
            guard try await ScoringSettings.query(on: db).filter(\.$communeID == communeID).first() == nil else { return }
            let s = ScoringSettings()
            s.communeID = communeID; s.finalRule = ScoringRule.councilAverage.rawValue; s.gapThreshold = ScoringText.defaultGap
            s.legalSource = ScoringText.defaultSource; s.version = 1
            try await s.create(on: db)
            if try await ScoringBand.query(on: db).filter(\.$communeID == communeID).count() == 0 {
                for (n, b) in ScoringText.defaultBands.enumerated() {
                    let band = ScoringBand()
                    band.communeID = communeID; band.position = n + 1; band.label = b.0; band.minPercent = b.1
                    try await band.create(on: db)
                }
            }
        }
    }

    private static func read(on db: any Database, communeID: UUID) async throws -> ScoringConfig? {
        guard let s = try await ScoringSettings.query(on: db).filter(\.$communeID == communeID).first() else { return nil }
        let bands = try await ScoringBand.query(on: db).filter(\.$communeID == communeID).sort(\.$position).all()
        return ScoringConfig(rule: s.rule, gapThreshold: s.gapThreshold, source: s.legalSource, version: s.version,
                             bands: bands.map { ScoringConfig.Band(label: $0.label, minPercent: $0.minPercent) }.sorted { $0.minPercent > $1.minPercent })
    }

    /// The last day scores of a year may change: the day of the council meeting in the calendar (05/12 by default).
    static func closesOn(on db: any Database, communeID: UUID, year: Int) async throws -> LocalDate {
        let d = try await Deadline.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
            .filter(\.$kind == DeadlineKind.council.rawValue).sort(\.$dueDate).first()
        return d.flatMap { LocalDate(iso: $0.dueDate) } ?? LocalDate(year: year, month: 12, day: 5)!
    }

    /// The active council member an account acts for (whether the account may score as such is ``Policy``'s).
    static func member(on db: any Database, user: CurrentUser) async throws -> CouncilMember? {
        return try await CouncilMember.query(on: db).filter(\.$communeID == user.communeID).filter(\.$userID == user.id)
            .filter(\.$isActive == true).first()
    }

    /// Whether the member follows the unit: its criteria group is one of the member's fields, or the unit is (in)
    /// one of the member's villages.
    static func isAssigned(on db: any Database, memberID: UUID, unit: Unit) async throws -> Bool {
        let assignments = try await CouncilAssignment.query(on: db).filter(\.$memberID == memberID).all()
        let villages = Set([unit.villageID, UnitKind(rawValue: unit.kind) == .village ? unit.id : nil].compactMap { $0?.uuidString.lowercased() })
        return assignments.contains { a in
            (a.kind == "field" && a.value == unit.criteriaGroup) || (a.kind == "area" && villages.contains(a.value.lowercased()))
        }
    }

    /// The active criteria of a group, in order.
    static func criteria(on db: any Database, communeID: UUID, group: String) async throws -> [Criterion] {
        try await Criterion.query(on: db).filter(\.$communeID == communeID).filter(\.$criteriaGroup == group)
            .filter(\.$isActive == true).sort(\.$position).all()
    }

    static func scores(on db: any Database, communeID: UUID, year: Int, unitID: UUID? = nil) async throws -> [ScoreValue] {
        let q = UnitScore.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year)
        if let unitID { q.filter(\.$unitID == unitID) }
        return try await q.all().map(ScoreValue.init)
    }

    /// Names of council members.
    static func members(on db: any Database, ids: Set<UUID>) async throws -> [ScoringMember] {
        guard !ids.isEmpty else { return [] }
        let members = try await CouncilMember.query(on: db).filter(\.$id ~~ ids).all()
        let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ Set(members.map(\.personID))).all().map { ($0.id!, $0.fullName) })
        return members.map { ScoringMember(id: $0.id!, name: people[$0.personID] ?? "") }.sorted { $0.name < $1.name }
    }
}
