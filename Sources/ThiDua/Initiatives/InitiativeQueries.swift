import Fluent
import Foundation
import SQLKit
import Vapor

/// A similar initiative found while writing or reviewing.
struct SimilarInitiative: Sendable, Content {
    let id: UUID
    let title: String
    let year: Int
    let status: String
    /// 0–1.
    let score: Double
}

/// One line of a list or of the showcase.
struct InitiativeRow: Sendable {
    let id: UUID
    let title: String
    let year: Int
    let status: InitiativeStatus
    let authors: String
    let unitName: String?
    let areaName: String?
    let submittedAt: Date?
    let adoptions: Int
}

enum InitiativeQueries {
    static func find(on db: any Database, communeID: UUID, id: UUID) async throws -> Initiative? {
        try await Initiative.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first()
    }

    static func authors(on db: any Database, _ i: Initiative) async throws -> [InitiativeAuthor] {
        try await InitiativeAuthor.query(on: db).filter(\.$initiativeID == i.id!).sort(\.$position).all()
    }

    static func content(on db: any Database, _ i: Initiative) async throws -> InitiativeContent {
        InitiativeContent(
            title: i.title, ownerUnitId: i.ownerUnitID, contentAreaId: i.contentAreaID, firstApplied: i.firstApplied, summary: i.summary,
            conditions: i.conditions, benefits: i.benefits, testers: i.testers, confidential: i.confidential,
            authors: try await authors(on: db, i).map {
                AuthorLine(personId: $0.personID, fullName: $0.fullName, birthDate: $0.birthDate, workplace: $0.workplace,
                           jobTitle: $0.jobTitle, qualification: $0.qualification, share: $0.share)
            })
    }

    /// Initiatives of the commune (every year, withdrawn ones aside) whose title or summary is like `text`, best first —
    /// only those `viewer` may open (another person's draft is private: its title is not shown). Three queries.
    static func similar(on db: any Database, communeID: UUID, title: String, summary: String, excluding: UUID?,
                        visibleTo viewer: CurrentUser, minimum: Double = 0.35, limit: Int = 5) async throws -> [SimilarInitiative] {
        let candidates = try await similar(on: db, communeID: communeID, title: title, summary: summary, excluding: excluding,
                                           minimum: minimum, limit: Int.max)
        guard !candidates.isEmpty else { return [] }
        let ids = candidates.map(\.id)
        let rows = try await Initiative.query(on: db).filter(\.$communeID == communeID).filter(\.$id ~~ ids)
            .field(\.$id).field(\.$createdBy).field(\.$status).all()
        let authors = Dictionary(grouping: try await InitiativeAuthor.query(on: db).filter(\.$initiativeID ~~ ids).all(), by: \.initiativeID)
        let reviewers = Dictionary(grouping: try await InitiativeReview.query(on: db).filter(\.$initiativeID ~~ ids).all(), by: \.initiativeID)
        let visible = Set(rows.filter { r in
            Policy.allows(viewer, .viewInitiative(InitiativeRef(
                communeID: communeID, createdBy: r.createdBy, authorPeople: Set((authors[r.id!] ?? []).compactMap(\.personID)),
                reviewers: Set((reviewers[r.id!] ?? []).map(\.reviewerID)), status: r.state)))
        }.compactMap(\.id))
        return Array(candidates.filter { visible.contains($0.id) }.prefix(limit))
    }

    /// Every similar initiative, whoever may see it (for the checks that need them all; pages use the one above).
    private static func similar(on db: any Database, communeID: UUID, title: String, summary: String, excluding: UUID?,
                                minimum: Double, limit: Int) async throws -> [SimilarInitiative] {
        guard !Similarity.words(title).isEmpty else { return [] }
        let rows = try await Initiative.query(on: db).filter(\.$communeID == communeID).filter(\.$status != InitiativeStatus.withdrawn.rawValue)
            .field(\.$id).field(\.$title).field(\.$summary).field(\.$year).field(\.$status).all()
        let titleGrams = Similarity.trigrams(title)
        let bothGrams = Similarity.trigrams(title + " " + summary.prefix(600))
        return rows.compactMap { r -> SimilarInitiative? in
            guard r.id != excluding else { return nil }
            let byTitle = Similarity.dice(titleGrams, Similarity.trigrams(r.title))
            let byText = summary.isEmpty ? 0 : Similarity.dice(bothGrams, Similarity.trigrams(r.title + " " + r.summary.prefix(600)))
            let score = max(byTitle, byText)
            return score >= minimum ? SimilarInitiative(id: r.id!, title: r.title, year: r.year, status: r.status, score: score) : nil
        }.sorted { $0.score > $1.score }.prefix(limit).map { $0 }
    }

    struct Filter: Sendable {
        var query = ""
        var status: InitiativeStatus?
        var year: Int?
        var areaID: UUID?
        var unitID: UUID?
        /// Only those created by this user.
        var createdBy: UUID?
        /// Leave drafts out (others' drafts are private).
        var hideDraftsOf: UUID?

        /// What the list shows `user`: the commune's (without others' drafts, except to the secretariat, who sees all), or
        /// only their own.
        static func visible(to user: CurrentUser) -> Filter {
            var f = Filter()
            if Policy.allows(user, .viewAllPledges) { f.hideDraftsOf = Policy.allows(user, .manageInitiatives) ? nil : user.id } else { f.createdBy = user.id }
            return f
        }
    }

    /// The list: two statements whatever the number of initiatives (the initiatives with their unit, area and
    /// adoptions; their authors).
    static func list(on db: any Database, communeID: UUID, filter f: Filter, limit: Int = 500) async throws -> [InitiativeRow] {
        var conditions: [SQLQueryString] = ["i.commune_id = \(bind: communeID)"]
        if let s = f.status { conditions.append("i.status = \(bind: s.rawValue)") }
        if let y = f.year { conditions.append("i.year = \(bind: y)") }
        if let a = f.areaID { conditions.append("i.content_area_id = \(bind: a)") }
        if let u = f.unitID { conditions.append("i.owner_unit_id = \(bind: u)") }
        if let c = f.createdBy { conditions.append("i.created_by = \(bind: c)") }
        if let me = f.hideDraftsOf { conditions.append("(i.status <> \(bind: InitiativeStatus.draft.rawValue) OR i.created_by = \(bind: me))") }
        let folded = TextFolding.fold(f.query)
        if !folded.isEmpty { conditions.append("i.search_text LIKE \(bind: "%\(folded)%")") }
        struct Line { let id: UUID; let title: String; let year: Int; let status: String; let unit: String?; let area: String?; let at: Date?; let adoptions: Int }
        let lines = try await db.sql.raw("""
            SELECT i.id, i.title, i.year, i.status, i.submitted_at, u.name AS unit_name, a.position AS area_position, a.name AS area_name,
                   (SELECT COUNT(*) FROM initiative_adoptions d WHERE d.initiative_id = i.id) AS adoptions
            FROM initiatives i
            LEFT JOIN units u ON u.id = i.owner_unit_id
            LEFT JOIN content_areas a ON a.id = i.content_area_id AND a.commune_id = i.commune_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY i.year DESC, i.title LIMIT \(literal: limit)
            """).all().map { row in
            let position = try row.decode(column: "area_position", as: Int?.self)
            let area = try row.decode(column: "area_name", as: String?.self)
            return Line(id: try row.decode(column: "id", as: UUID.self), title: try row.decode(column: "title", as: String.self),
                        year: try row.decode(column: "year", as: Int.self), status: try row.decode(column: "status", as: String.self),
                        unit: try row.decode(column: "unit_name", as: String?.self), area: area.map { "\(position ?? 0). \($0)" },
                        at: try row.decode(column: "submitted_at", as: Date?.self), adoptions: try row.decode(column: "adoptions", as: Int.self))
        }
        var authors: [UUID: [String]] = [:]
        if !lines.isEmpty {
            for row in try await db.sql.raw("""
                SELECT initiative_id, full_name FROM initiative_authors WHERE initiative_id IN (\(binds: lines.map(\.id))) ORDER BY position
                """).all() {
                authors[try row.decode(column: "initiative_id", as: UUID.self), default: []].append(try row.decode(column: "full_name", as: String.self))
            }
        }
        return lines.map { i in
            InitiativeRow(id: i.id, title: i.title, year: i.year, status: InitiativeStatus(rawValue: i.status) ?? .draft,
                          authors: (authors[i.id] ?? []).joined(separator: ", "), unitName: i.unit, areaName: i.area,
                          submittedAt: i.at, adoptions: i.adoptions)
        }
    }

    /// The commune's rubric, created with the defaults on first use.
    static func rubric(on db: any Database, communeID: UUID) async throws -> (criteria: [InitiativeCriterion], threshold: Double, source: String) {
        var criteria = try await InitiativeCriterion.query(on: db).filter(\.$communeID == communeID).sort(\.$position).all()
        var settings = try await InitiativeSettings.query(on: db).filter(\.$communeID == communeID).first()
        if criteria.isEmpty || settings == nil {
            let (needsCriteria, needsSettings) = (criteria.isEmpty, settings == nil)
            try await db.writeTransaction { db in
                if needsCriteria {
                    for (n, c) in InitiativeText.defaultCriteria.enumerated() {
                        let row = InitiativeCriterion()
                        row.communeID = communeID; row.position = n + 1; row.name = c.0; row.maxPoints = c.1
                        try await row.create(on: db)
                    }
                }
                if needsSettings {
                    let s = InitiativeSettings()
                    s.communeID = communeID; s.passThreshold = InitiativeText.defaultThreshold; s.legalSource = InitiativeText.legalSource
                    try await s.create(on: db)
                }
            }
            criteria = try await InitiativeCriterion.query(on: db).filter(\.$communeID == communeID).sort(\.$position).all()
            settings = try await InitiativeSettings.query(on: db).filter(\.$communeID == communeID).first()
        }
        return (criteria, settings?.passThreshold ?? InitiativeText.defaultThreshold, settings?.legalSource ?? InitiativeText.legalSource)
    }

    static func reviews(on db: any Database, _ i: Initiative) async throws -> [InitiativeReview] {
        try await InitiativeReview.query(on: db).filter(\.$initiativeID == i.id!).sort(\.$assignedAt).all()
    }

    static func scores(_ r: InitiativeReview) -> [UUID: Double] {
        let raw = (try? JSONDecoder().decode([String: Double].self, from: Data(r.scoresJSON.utf8))) ?? [:]
        return Dictionary(uniqueKeysWithValues: raw.compactMap { k, v in UUID(uuidString: k).map { ($0, v) } })
    }
}
