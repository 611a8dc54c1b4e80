import Fluent
import Foundation
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

    static func list(on db: any Database, communeID: UUID, filter f: Filter, limit: Int = 500) async throws -> [InitiativeRow] {
        let q = Initiative.query(on: db).filter(\.$communeID == communeID)
        if let s = f.status { q.filter(\.$status == s.rawValue) }
        if let y = f.year { q.filter(\.$year == y) }
        if let a = f.areaID { q.filter(\.$contentAreaID == a) }
        if let u = f.unitID { q.filter(\.$ownerUnitID == u) }
        if let c = f.createdBy { q.filter(\.$createdBy == c) }
        if let me = f.hideDraftsOf {
            q.group(.or) { $0.filter(\.$status != InitiativeStatus.draft.rawValue).filter(\.$createdBy == me) }
        }
        let folded = TextFolding.fold(f.query)
        if !folded.isEmpty { q.filter(\.$searchText ~~ folded) }
        let items = try await q.sort(\.$year, .descending).sort(\.$title).limit(limit).all()
        let ids = items.compactMap(\.id)
        var authors: [UUID: [String]] = [:]
        var adoptions: [UUID: Int] = [:]
        if !ids.isEmpty {
            for a in try await InitiativeAuthor.query(on: db).filter(\.$initiativeID ~~ ids).sort(\.$position).all() { authors[a.initiativeID, default: []].append(a.fullName) }
            for a in try await InitiativeAdoption.query(on: db).filter(\.$initiativeID ~~ ids).all() { adoptions[a.initiativeID, default: 0] += 1 }
        }
        let units = try await DirectoryQueries.unitNames(on: db, ids: Set(items.compactMap(\.ownerUnitID)))
        let areas = Dictionary(uniqueKeysWithValues: try await ContentArea.query(on: db).filter(\.$communeID == communeID).all().map { ($0.id!, "\($0.position). \($0.name)") })
        return items.map { i in
            InitiativeRow(id: i.id!, title: i.title, year: i.year, status: i.state, authors: (authors[i.id!] ?? []).joined(separator: ", "),
                          unitName: i.ownerUnitID.flatMap { units[$0] }, areaName: i.contentAreaID.flatMap { areas[$0] },
                          submittedAt: i.submittedAt, adoptions: adoptions[i.id!] ?? 0)
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
