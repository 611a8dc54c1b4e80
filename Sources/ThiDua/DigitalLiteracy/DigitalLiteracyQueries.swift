import Fluent
import Foundation
import SQLKit
import Vapor

/// Paths of the Bình dân học vụ số pages (kept beside the feature).
extension SiteURL {
    static let literacyRoot = "/literacy"
    static func literacyOverview(year: Int? = nil) -> String { literacyRoot + (year.map { "?year=\($0)" } ?? "") }
    static let literacySessions = "/literacy/sessions"
    static func literacySessions(year: Int?, unitID: UUID?) -> String {
        let query = [year.map { "year=\($0)" }, unitID.map { "unitId=\($0.uuidString.lowercased())" }].compactMap { $0 }
        return literacySessions + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
    static let literacySessionNew = "/literacy/sessions/new"
    static func literacySessionNew(unitID: UUID?) -> String {
        literacySessionNew + (unitID.map { "?unitId=\($0.uuidString.lowercased())" } ?? "")
    }
    static func literacySession(_ id: UUID?) -> String { "/literacy/sessions/\(id?.uuidString.lowercased() ?? ":id")" }
    static func literacySessionAction(_ id: UUID?, _ action: String) -> String { literacySession(id) + "/" + action }
    static func literacyPhoto(_ session: UUID?, _ photo: UUID?) -> String {
        literacySession(session) + "/photos/\(photo?.uuidString.lowercased() ?? ":photo")"
    }
    static func literacyTeam(_ village: UUID?) -> String { "/literacy/teams/\(village?.uuidString.lowercased() ?? ":village")" }
    static func literacyTeamAction(_ village: UUID?, _ action: String) -> String { literacyTeam(village) + "/" + action }
    static func literacyVisitDelete(_ village: UUID?, _ visit: UUID?) -> String {
        literacyTeam(village) + "/visits/\(visit?.uuidString.lowercased() ?? ":visit")/delete"
    }
    /// Route components of a path built above.
    static func components(_ path: String) -> [PathComponent] {
        path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }
}

/// One village's line of the drive's overview.
struct LiteracyVillageRow: Sendable, Equatable {
    let id: UUID
    let name: String
    let sessions: Int
    let attendees: Int
    let hasTeam: Bool
    let teamMembers: Int
    let visits: Int
    let households: Int
    let peopleGuided: Int
    /// The approved figure of the literacy indicator for the year (nil: none approved — never 0).
    let numerator: Double?
    let denominator: Double?
    let value: Double?
}

/// The sessions of units that are not villages, one line per unit.
struct LiteracyUnitRow: Sendable, Equatable {
    let id: UUID
    let name: String
    let sessions: Int
    let attendees: Int
}

/// The indicator that measures the drive, as the year defines it.
struct LiteracyIndicator: Sendable, Equatable {
    let code: String
    let name: String
    let measure: String
    let kind: IndicatorKind
    let direction: IndicatorDirection
    /// The village-level target of the year, and where it comes from.
    let target: Double?
    let targetSource: String
}

struct LiteracyOverview: Sendable {
    let year: Int
    let years: ClosedRange<Int>
    let villages: [LiteracyVillageRow]
    let others: [LiteracyUnitRow]
    /// nil: the commune has not chosen the indicator (settings), or it has no definition for the year.
    let indicator: LiteracyIndicator?

    var totalSessions: Int { villages.map(\.sessions).reduce(0, +) + others.map(\.sessions).reduce(0, +) }
    var totalAttendees: Int { villages.map(\.attendees).reduce(0, +) + others.map(\.attendees).reduce(0, +) }
    var teams: Int { villages.filter(\.hasTeam).count }
    var teamMembers: Int { villages.map(\.teamMembers).reduce(0, +) }
    var visits: Int { villages.map(\.visits).reduce(0, +) }
    var households: Int { villages.map(\.households).reduce(0, +) }
    var peopleGuided: Int { villages.map(\.peopleGuided).reduce(0, +) }
    /// The commune's figure from the villages that have one: Σ numerators ÷ Σ denominators for a share (villages with
    /// both only), the sum for a count; nil when no village has a figure.
    var communeValue: Double? {
        guard let indicator else { return nil }
        switch indicator.kind {
        case .share:
            let known = villages.filter { $0.numerator != nil && ($0.denominator ?? 0) > 0 }
            guard !known.isEmpty else { return nil }
            return IndicatorFigure.value(kind: .share, numerator: known.compactMap(\.numerator).reduce(0, +),
                                         denominator: known.compactMap(\.denominator).reduce(0, +), direct: nil)
        case .count:
            let known = villages.compactMap(\.value)
            return known.isEmpty ? nil : known.reduce(0, +)
        case .number:
            return nil
        }
    }
    var communeNumerator: Double? {
        let known = villages.filter { $0.numerator != nil && ($0.denominator ?? 0) > 0 }
        return known.isEmpty ? nil : known.compactMap(\.numerator).reduce(0, +)
    }
    var communeDenominator: Double? {
        let known = villages.filter { $0.numerator != nil && ($0.denominator ?? 0) > 0 }
        return known.isEmpty ? nil : known.compactMap(\.denominator).reduce(0, +)
    }
}

/// One line of the session list.
struct LiteracySessionRow: Sendable {
    let id: UUID
    let heldOn: LocalDate
    let title: String
    let topic: TrainingTopic?
    let unitName: String
    let attendeeCount: Int
    let listed: Int
    let photos: Int
}

/// Reading the drive's pages: each page in a few statements, whatever the number of villages, sessions or visits.
enum DigitalLiteracyQueries {
    /// The overview of a year: villages (1), sessions by unit (2), active teams with their member counts (3), visits by
    /// village (4), the chosen indicator (5), its definitions (6), its approved values (7) and its village target (8).
    static func overview(on db: any Database, communeID: UUID, year: Int, years: ClosedRange<Int>) async throws -> LiteracyOverview {
        let sql = db.sql
        let villageRows = try await sql.raw("""
            SELECT id, name FROM units WHERE commune_id = \(bind: communeID) AND kind = \(bind: UnitKind.village.rawValue)
            """).all()
        var villages: [(id: UUID, name: String)] = []
        for row in villageRows {
            villages.append((try row.decode(column: "id", as: UUID.self), try row.decode(column: "name", as: String.self)))
        }
        villages.sort { VietnameseOrder.less($0.name, $1.name) }

        struct SessionSum: Decodable { let unit_id: UUID; let name: String; let kind: String; let n: Int; let people: Int? }
        let sessions = try await sql.raw("""
            SELECT s.unit_id, u.name, u.kind, COUNT(*) AS n, CAST(SUM(s.attendee_count) AS BIGINT) AS people
            FROM training_sessions s JOIN units u ON u.id = s.unit_id
            WHERE s.commune_id = \(bind: communeID) AND s.year = \(bind: year)
            GROUP BY s.unit_id, u.name, u.kind
            """).all(decoding: SessionSum.self)
        let sessionsByUnit = Dictionary(sessions.map { ($0.unit_id, $0) }, uniquingKeysWith: { a, _ in a })

        struct TeamRow: Decodable { let village_id: UUID; let members: Int }
        let teams = try await sql.raw("""
            SELECT t.village_id, (SELECT COUNT(*) FROM digital_team_members m WHERE m.team_id = t.id) AS members
            FROM digital_teams t WHERE t.commune_id = \(bind: communeID) AND t.is_active = \(bind: true)
            """).all(decoding: TeamRow.self)
        let teamByVillage = Dictionary(teams.map { ($0.village_id, $0) }, uniquingKeysWith: { a, _ in a })

        struct VisitSum: Decodable { let village_id: UUID; let n: Int; let households: Int?; let guided: Int? }
        let visits = try await sql.raw("""
            SELECT t.village_id, COUNT(*) AS n, CAST(SUM(v.households) AS BIGINT) AS households, CAST(SUM(v.people_guided) AS BIGINT) AS guided
            FROM digital_team_visits v JOIN digital_teams t ON t.id = v.team_id
            WHERE v.commune_id = \(bind: communeID) AND v.year = \(bind: year)
            GROUP BY t.village_id
            """).all(decoding: VisitSum.self)
        let visitsByVillage = Dictionary(visits.map { ($0.village_id, $0) }, uniquingKeysWith: { a, _ in a })

        let (indicator, figures) = try await literacyFigures(on: db, communeID: communeID, year: year)

        let villageIDs = Set(villages.map(\.id))
        let rows = villages.map { v in
            let s = sessionsByUnit[v.id]
            let t = teamByVillage[v.id]
            let visit = visitsByVillage[v.id]
            let f = figures[v.id]
            return LiteracyVillageRow(id: v.id, name: v.name, sessions: s?.n ?? 0, attendees: s?.people ?? 0, hasTeam: t != nil,
                                      teamMembers: t?.members ?? 0, visits: visit?.n ?? 0, households: visit?.households ?? 0,
                                      peopleGuided: visit?.guided ?? 0, numerator: f?.numerator, denominator: f?.denominator, value: f?.value)
        }
        let others = sessions.filter { !villageIDs.contains($0.unit_id) }
            .map { LiteracyUnitRow(id: $0.unit_id, name: $0.name, sessions: $0.n, attendees: $0.people ?? 0) }
            .sorted { VietnameseOrder.less($0.name, $1.name) }
        return LiteracyOverview(year: year, years: years, villages: rows, others: others, indicator: indicator)
    }

    struct Figure: Sendable, Equatable {
        let numerator: Double?
        let denominator: Double?
        let value: Double?
    }

    /// The literacy indicator of the commune as `year` defines it, with its village target, and its approved
    /// whole-year figures by unit. Missing stays missing: a unit without an approved value has no entry.
    static func literacyFigures(on db: any Database, communeID: UUID, year: Int) async throws -> (LiteracyIndicator?, [UUID: Figure]) {
        let sql = db.sql
        struct SettingsRow: Decodable { let literacy_indicator_id: UUID?; let code: String? }
        guard let settings = try await sql.raw("""
            SELECT s.literacy_indicator_id, i.code FROM indicator_settings s LEFT JOIN indicators i ON i.id = s.literacy_indicator_id
            WHERE s.commune_id = \(bind: communeID)
            """).first(decoding: SettingsRow.self), let indicatorID = settings.literacy_indicator_id else { return (nil, [:]) }
        let versions = try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).filter(\.$indicatorID == indicatorID).all()
        guard let definition = IndicatorDefinitions.effective(versions, year: year) else { return (nil, [:]) }

        struct ValueRow: Decodable { let unit_id: UUID; let numerator: Double?; let denominator: Double?; let value: Double? }
        let approved = [IndicatorValueStatus.approved.rawValue, IndicatorValueStatus.locked.rawValue]
        let values = try await sql.raw("""
            SELECT unit_id, numerator, denominator, value FROM indicator_values
            WHERE commune_id = \(bind: communeID) AND year = \(bind: year) AND quarter = 0 AND indicator_id = \(bind: indicatorID)
              AND unit_id IS NOT NULL AND status IN (\(binds: approved))
            """).all(decoding: ValueRow.self)
        struct TargetRow: Decodable { let target: Double; let source: String }
        let target = try await sql.raw("""
            SELECT target, source FROM indicator_targets
            WHERE commune_id = \(bind: communeID) AND indicator_id = \(bind: indicatorID) AND year = \(bind: year)
              AND level = \(bind: IndicatorLevel.village.rawValue)
            """).first(decoding: TargetRow.self)
        let kind = definition.kindValue
        var figures: [UUID: Figure] = [:]
        for v in values {
            let value = v.value ?? IndicatorFigure.value(kind: kind, numerator: v.numerator, denominator: v.denominator, direct: nil)
            figures[v.unit_id] = Figure(numerator: v.numerator, denominator: v.denominator, value: value)
        }
        let indicator = LiteracyIndicator(code: settings.code ?? "", name: definition.name, measure: definition.measure, kind: kind,
                                          direction: definition.directionValue, target: target?.target, targetSource: target?.source ?? "")
        return (indicator, figures)
    }

    /// The session list (at most 500, newest first): one statement.
    static func sessions(on db: any Database, communeID: UUID, year: Int?, unitID: UUID?, limit: Int = 500) async throws -> [LiteracySessionRow] {
        let yearFilter: SQLQueryString = year.map { "AND s.year = \(bind: $0)" } ?? ""
        let unitFilter: SQLQueryString = unitID.map { "AND s.unit_id = \(bind: $0)" } ?? ""
        struct Row: Decodable {
            let id: UUID; let held_on: String; let title: String; let topic: String; let name: String; let attendee_count: Int
            let listed: Int; let photos: Int
        }
        let rows = try await db.sql.raw("""
            SELECT s.id, s.held_on, s.title, s.topic, u.name, s.attendee_count,
                   (SELECT COUNT(*) FROM training_attendees a WHERE a.session_id = s.id) AS listed,
                   (SELECT COUNT(*) FROM training_photos p WHERE p.session_id = s.id) AS photos
            FROM training_sessions s JOIN units u ON u.id = s.unit_id
            WHERE s.commune_id = \(bind: communeID) \(yearFilter) \(unitFilter)
            ORDER BY s.held_on DESC, s.created_at DESC LIMIT \(bind: limit)
            """).all(decoding: Row.self)
        return rows.map {
            LiteracySessionRow(id: $0.id, heldOn: LocalDate(iso: $0.held_on) ?? LocalDate(Date(timeIntervalSince1970: 0)), title: $0.title,
                               topic: TrainingTopic(rawValue: $0.topic), unitName: $0.name, attendeeCount: $0.attendee_count,
                               listed: $0.listed, photos: $0.photos)
        }
    }

    /// A person as a session or team form lists them.
    struct PersonChoice: Sendable, Equatable {
        let id: UUID
        let name: String
        let unitName: String
    }

    /// The people of a unit (the attendee or member checklist), with `also` (the session's attendees from other
    /// units): one statement.
    static func people(on db: any Database, communeID: UUID, unitID: UUID?, also: [UUID] = []) async throws -> [PersonChoice] {
        guard unitID != nil || !also.isEmpty else { return [] }
        let unitPart: SQLQueryString = unitID.map { "(p.unit_id = \(bind: $0) AND p.is_active = \(bind: true))" } ?? "1 = 0"
        let alsoPart: SQLQueryString = also.isEmpty ? "" : " OR p.id IN (\(binds: also))"
        struct Row: Decodable { let id: UUID; let full_name: String; let unit_name: String? }
        let rows = try await db.sql.raw("""
            SELECT p.id, p.full_name, u.name AS unit_name FROM people p LEFT JOIN units u ON u.id = p.unit_id
            WHERE p.commune_id = \(bind: communeID) AND (\(unitPart)\(alsoPart))
            """).all(decoding: Row.self)
        return rows.map { PersonChoice(id: $0.id, name: $0.full_name, unitName: $0.unit_name ?? "") }
            .sorted { VietnameseOrder.less($0.name, $1.name) }
    }

    /// The choices of the unit select: the focal point's own unit, or every active unit grouped by kind (villages
    /// first). One statement.
    static func unitChoices(on db: any Database, user: CurrentUser) async throws -> [Choice] {
        let only: SQLQueryString = user.has(.secretariat) ? "" : "AND id = \(bind: Policy.ownUnit(user) ?? UUID())"
        struct Row: Decodable { let id: UUID; let name: String; let kind: String }
        let rows = try await db.sql.raw("""
            SELECT id, name, kind FROM units WHERE commune_id = \(bind: user.communeID) AND is_active = \(bind: true) \(only)
            """).all(decoding: Row.self)
        let order: [UnitKind] = [.village, .agency, .organisation, .school, .business]
        return rows.sorted { a, b in
            let ka = order.firstIndex(of: UnitKind(rawValue: a.kind) ?? .business) ?? 9
            let kb = order.firstIndex(of: UnitKind(rawValue: b.kind) ?? .business) ?? 9
            return ka != kb ? ka < kb : VietnameseOrder.less(a.name, b.name)
        }.map { Choice(value: $0.id.uuidString.lowercased(), label: $0.name, group: (UnitKind(rawValue: $0.kind) ?? .business).label) }
    }

    /// What the session page shows besides the session: its unit's name, its attendees (with their units), its photos.
    struct SessionDetail: Sendable {
        let unitName: String
        let attendees: [PersonChoice]
        let photos: [PhotoRow]
    }

    struct PhotoRow: Sendable, Equatable {
        let id: UUID
        let name: String
        let size: Int
        let uploadedBy: String
        let createdAt: Date
    }

    /// Three statements.
    static func detail(on db: any Database, session s: TrainingSession) async throws -> SessionDetail {
        let unitName = try await Unit.query(on: db).filter(\.$id == s.unitID).first()?.name ?? ""
        struct Row: Decodable { let id: UUID; let full_name: String; let unit_name: String? }
        let attendees = try await db.sql.raw("""
            SELECT p.id, p.full_name, u.name AS unit_name FROM training_attendees a JOIN people p ON p.id = a.person_id
            LEFT JOIN units u ON u.id = p.unit_id WHERE a.session_id = \(bind: s.id!)
            """).all(decoding: Row.self)
            .map { PersonChoice(id: $0.id, name: $0.full_name, unitName: $0.unit_name ?? "") }
            .sorted { VietnameseOrder.less($0.name, $1.name) }
        let photos = try await TrainingPhoto.query(on: db).filter(\.$sessionID == s.id!).sort(\.$createdAt).all().map {
            PhotoRow(id: $0.id!, name: $0.originalName, size: $0.size, uploadedBy: $0.uploadedBy, createdAt: $0.createdAt)
        }
        return SessionDetail(unitName: unitName, attendees: attendees, photos: photos)
    }

    /// A team's page: the village's teams (active first), the active team's members and its visits. Three statements.
    struct TeamPage: Sendable {
        let active: TeamRow?
        let past: [TeamRow]
        let members: [MemberRow]
        let visits: [VisitRow]
    }

    struct TeamRow: Sendable, Equatable {
        let id: UUID
        let name: String
        let decisionNumber: String
        let decisionDate: LocalDate?
        let note: String
        let version: Int
    }

    struct MemberRow: Sendable, Equatable {
        let personID: UUID?
        let fullName: String
        let role: String
        let phone: String
    }

    struct VisitRow: Sendable, Equatable {
        let id: UUID
        let visitedOn: LocalDate
        let households: Int
        let peopleGuided: Int
        let note: String
        let createdBy: String
    }

    static func team(on db: any Database, communeID: UUID, villageID: UUID) async throws -> TeamPage {
        let teams = try await DigitalTeam.query(on: db).filter(\.$communeID == communeID).filter(\.$villageID == villageID)
            .sort(\.$createdAt, .descending).all()
        func row(_ t: DigitalTeam) -> TeamRow {
            TeamRow(id: t.id!, name: t.name, decisionNumber: t.decisionNumber, decisionDate: t.decisionDate.flatMap(LocalDate.init(iso:)),
                    note: t.note, version: t.version)
        }
        let active = teams.first(where: \.isActive)
        guard let active, let id = active.id else {
            return TeamPage(active: nil, past: teams.map(row), members: [], visits: [])
        }
        let members = try await DigitalTeamMember.query(on: db).filter(\.$teamID == id).sort(\.$position).all()
            .map { MemberRow(personID: $0.personID, fullName: $0.fullName, role: $0.role, phone: $0.phone) }
        let visits = try await DigitalTeamVisit.query(on: db).filter(\.$teamID == id).sort(\.$visitedOn, .descending).all().map {
            VisitRow(id: $0.id!, visitedOn: LocalDate(iso: $0.visitedOn) ?? LocalDate(Date(timeIntervalSince1970: 0)), households: $0.households,
                     peopleGuided: $0.peopleGuided, note: $0.note, createdBy: $0.createdByName)
        }
        return TeamPage(active: row(active), past: teams.filter { !$0.isActive }.map(row), members: members, visits: visits)
    }
}
