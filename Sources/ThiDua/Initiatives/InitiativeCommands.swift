import Fluent
import Foundation
import Vapor

/// One author line as the form, the API and the audit log see it.
struct AuthorLine: Content, Sendable, Equatable {
    var personId: UUID?
    var fullName: String
    var birthDate: String?
    var workplace: String
    var jobTitle: String
    var qualification: String
    var share: Double
}

/// What the applicant writes.
struct InitiativeContent: Content, Sendable, Equatable {
    var title: String
    var ownerUnitId: UUID?
    var contentAreaId: UUID?
    /// yyyy-MM-dd
    var firstApplied: String?
    var summary: String
    var conditions: String
    var benefits: String
    var testers: String
    var confidential: String
    var authors: [AuthorLine]
}

/// The raw form (parallel author rows).
struct InitiativeForm: Content, Sendable {
    var title: String?
    var ownerUnitId: String?
    var contentAreaId: String?
    var firstApplied: String?
    var summary: String?
    var conditions: String?
    var benefits: String?
    var testers: String?
    var confidential: String?
    var authorPersonId: [String]?
    var authorName: [String]?
    var authorBirth: [String]?
    var authorWorkplace: [String]?
    var authorTitle: [String]?
    var authorQualification: [String]?
    var authorShare: [String]?
    var version: Int?
    var action: String?
}

enum InitiativeValidation {
    /// Reads the form; blank author rows are dropped, a half-filled one is an error beside its cells.
    static func parse(_ f: InitiativeForm, units: Set<UUID>, areas: Set<UUID>) -> (InitiativeContent, [String: String]) {
        var errors: [String: String] = [:]
        func at(_ a: [String]?, _ i: Int) -> String { i < (a?.count ?? 0) ? a![i] : "" }
        let title = Check.text(f.title, "title", max: 300, required: true, into: &errors)
        let unit = Check.uuid(f.ownerUnitId)
        if !TextFolding.clean(f.ownerUnitId).isEmpty && (unit == nil || !units.contains(unit!)) { errors["ownerUnitId"] = DirectoryText.unknownUnit }
        let area = Check.uuid(f.contentAreaId)
        if !TextFolding.clean(f.contentAreaId).isEmpty && (area == nil || !areas.contains(area!)) { errors["contentAreaId"] = RegistrationText.unknownArea }
        let firstApplied = Check.date(f.firstApplied, "firstApplied", into: &errors)
        let summary = Check.text(f.summary, "summary", max: TextLimit.long, required: false, into: &errors)
        let conditions = Check.text(f.conditions, "conditions", max: TextLimit.long, required: false, into: &errors)
        let benefits = Check.text(f.benefits, "benefits", max: TextLimit.long, required: false, into: &errors)
        let testers = Check.text(f.testers, "testers", max: TextLimit.long, required: false, into: &errors)
        let confidential = Check.text(f.confidential, "confidential", max: TextLimit.long, required: false, into: &errors)
        var authors: [AuthorLine] = []
        for i in 0..<(f.authorName?.count ?? 0) {
            let cells = [at(f.authorName, i), at(f.authorBirth, i), at(f.authorWorkplace, i), at(f.authorTitle, i), at(f.authorQualification, i), at(f.authorShare, i)]
            if cells.allSatisfy({ TextFolding.clean($0).isEmpty }) { continue }
            let name = Check.text(at(f.authorName, i), "authorName.\(i)", max: 120, required: true, into: &errors)
            let birth = Check.date(at(f.authorBirth, i), "authorBirth.\(i)", into: &errors)
            let workplace = Check.text(at(f.authorWorkplace, i), "authorWorkplace.\(i)", max: 200, required: false, into: &errors)
            let jobTitle = Check.text(at(f.authorTitle, i), "authorTitle.\(i)", max: 120, required: false, into: &errors)
            let qualification = Check.text(at(f.authorQualification, i), "authorQualification.\(i)", max: 120, required: false, into: &errors)
            let share = NumberText.parse(at(f.authorShare, i), .percent)
            let personText = TextFolding.clean(at(f.authorPersonId, i))
            if !personText.isEmpty && UUID(uuidString: personText) == nil { errors["authorPersonId.\(i)"] = InitiativeText.unknownAuthorPerson }
            if share == nil || !(0...100).contains(share!) { errors["authorShare.\(i)"] = InitiativeText.shareInvalid }
            authors.append(AuthorLine(personId: Check.uuid(at(f.authorPersonId, i)), fullName: name, birthDate: birth, workplace: workplace,
                                      jobTitle: jobTitle, qualification: qualification, share: share ?? 0))
        }
        return (InitiativeContent(title: title, ownerUnitId: unit, contentAreaId: area, firstApplied: firstApplied, summary: summary,
                                  conditions: conditions, benefits: benefits, testers: testers, confidential: confidential, authors: authors), errors)
    }

    /// The rules that must hold to submit: at least one author, shares totalling exactly 100 %, the core fields filled.
    static func readyToSubmit(_ c: InitiativeContent) -> [String: String] {
        var errors: [String: String] = [:]
        if c.authors.isEmpty { errors["authors"] = InitiativeText.needsAuthor }
        else if let message = sharesError(c.authors) { errors["authors"] = message }
        if c.summary.isEmpty { errors["summary"] = CoreText.required }
        if c.benefits.isEmpty { errors["benefits"] = CoreText.required }
        if c.firstApplied == nil { errors["firstApplied"] = CoreText.required }
        return errors
    }

    /// nil when the shares total 100 % (to a hundredth of a percent).
    static func sharesError(_ authors: [AuthorLine]) -> String? {
        let total = authors.reduce(0) { $0 + $1.share }
        return abs(total - 100) < 0.005 ? nil : InitiativeText.sharesTotal(NumberText.format(total))
    }
}

/// Changes to initiatives, each with its audit row in one transaction.
enum InitiativeCommands {
    /// Saves the application. An author chosen from the directory must be a person of the commune (else 422 on
    /// `authorPersonId.<row>`); a person newly named as an author is told in their inbox (when they have an account) and
    /// the naming is audited, so nobody gains access to a file without knowing it.
    static func save(_ existing: Initiative?, content c: InitiativeContent, expectedVersion: Int?, user: CurrentUser, actor: AuditActor,
                     notifier: (any Notifier)? = nil, on db: any Database) async throws -> Initiative {
        let named = Set(c.authors.compactMap(\.personId))
        if !named.isEmpty {
            let known = Set(try await Person.query(on: db).filter(\.$communeID == user.communeID).filter(\.$id ~~ Array(named)).all().compactMap(\.id))
            var errors: [String: String] = [:]
            for (i, a) in c.authors.enumerated() where a.personId != nil && !known.contains(a.personId!) {
                errors["authorPersonId.\(i)"] = InitiativeText.unknownAuthorPerson
            }
            if !errors.isEmpty { throw AppError.validation(fields: errors, message: InitiativeText.unknownAuthorPerson) }
        }
        let (saved, notices): (Initiative, [Notice]) = try await db.writeTransaction { db in
            let before = try await existing.asyncMap { try await InitiativeQueries.content(on: db, $0) }
            let i: Initiative
            if let existing {
                guard existing.state.isEditable else { throw AppError.conflict(InitiativeText.notEditable) }
                if let expectedVersion, expectedVersion != existing.version { throw AppError.conflict(CoreText.conflict) }
                try await OptimisticLock.bump(Initiative.schema, id: existing.id!, from: existing.version, on: db)
                existing.version += 1
                i = existing
            } else {
                i = Initiative()
                i.communeID = user.communeID; i.status = InitiativeStatus.draft.rawValue; i.returnReason = ""
                i.createdBy = user.id; i.createdByName = user.displayName; i.councilOutcome = ""; i.councilMinutes = ""
                i.decisionNumber = ""; i.scope = ""; i.version = 1
            }
            i.title = c.title; i.ownerUnitID = c.ownerUnitId; i.contentAreaID = c.contentAreaId; i.firstApplied = c.firstApplied
            i.year = c.firstApplied.flatMap { LocalDate(iso: $0)?.year } ?? LocalDate(actor.at).year
            i.summary = c.summary; i.conditions = c.conditions; i.benefits = c.benefits; i.testers = c.testers; i.confidential = c.confidential
            i.refreshSearchText()
            try await i.save(on: db)
            try await InitiativeAuthor.query(on: db).filter(\.$initiativeID == i.id!).delete()
            for (n, a) in c.authors.enumerated() {
                let row = InitiativeAuthor()
                row.communeID = i.communeID; row.initiativeID = i.id!; row.position = n + 1; row.personID = a.personId; row.fullName = a.fullName
                row.birthDate = a.birthDate; row.workplace = a.workplace; row.jobTitle = a.jobTitle; row.qualification = a.qualification; row.share = a.share
                try await row.create(on: db)
            }
            try await AuditLog.record(on: db, actor, existing == nil ? .create : .update, type: "initiative", id: i.id, label: "Sáng kiến: \(i.title)",
                                      before: before, after: c)
            // Newly named authors: audited one by one, and told.
            let earlier = Set((before?.authors ?? []).compactMap(\.personId))
            let added = c.authors.filter { $0.personId != nil && !earlier.contains($0.personId!) }
            if !added.isEmpty {
                let accounts = try await User.query(on: db).filter(\.$communeID == i.communeID).filter(\.$personID ~~ added.compactMap(\.personId))
                    .filter(\.$isActive == true).all()
                for a in added {
                    try await AuditLog.record(on: db, actor, .update, type: "initiative_author", id: i.id,
                                              label: InitiativeText.authorNamedAudit(a.fullName, i.title), after: ["person": a.fullName, "share": NumberText.format(a.share)])
                }
                let notices = accounts.filter { $0.id != user.id }.compactMap { u in
                    u.id.map { Notice(communeID: i.communeID, userID: $0, title: InitiativeText.authorNamedNotice(i.title), link: SiteURL.initiative(i.id).path, at: actor.at) }
                }
                if let notifier { try await notifier.inbox(notices, on: db) }
                return (i, notices)
            }
            return (i, [])
        }
        if let notifier, !notices.isEmpty { try await notifier.mail(notices, on: db) }
        return saved
    }

    /// Submits the application: the 100 % rule and the core fields (422), then the status, its audit entry and a notice to
    /// every secretariat account in one transaction; e-mails after the commit.
    static func submit(_ i: Initiative, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws {
        guard i.state.isEditable else { throw AppError.conflict(InitiativeText.notEditable) }
        let content = try await InitiativeQueries.content(on: db, i)
        let errors = InitiativeValidation.readyToSubmit(content)
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: errors.values.sorted().joined(separator: " ")) }
        try await transition(i, to: .submitted, label: "Nộp hồ sơ sáng kiến", actor: actor, notifier: notifier, on: db, apply: { $0.submittedAt = actor.at; $0.returnReason = "" },
                             notices: { i, notifier, db in
            try await notifier.reviewerNotices(communeID: i.communeID, title: InitiativeText.newNotice(i.title), link: SiteURL.initiative(i.id).path, on: db, at: actor.at)
        })
    }

    /// Withdraws it (the handler checks that the actor is its applicant). No notice.
    static func withdraw(_ i: Initiative, actor: AuditActor, on db: any Database) async throws {
        guard i.state.isOpen else { throw AppError.conflict(InitiativeText.notOpen) }
        try await transition(i, to: .withdrawn, label: "Rút hồ sơ sáng kiến", actor: actor, on: db) { _ in }
    }

    /// Returns it to the applicant for more: a reason is required (422 on `reason`); the applicant is told.
    static func returnIt(_ i: Initiative, reason raw: String?, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws {
        var errors: [String: String] = [:]
        let reason = Check.text(raw, "reason", max: TextLimit.long, required: true, into: &errors)
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        guard [.submitted, .underReview].contains(i.state) else { throw AppError.conflict(InitiativeText.notOpen) }
        try await transition(i, to: .returned, label: "Trả lại hồ sơ sáng kiến", actor: actor, notifier: notifier, on: db, apply: { $0.returnReason = reason },
                             notices: { i, _, _ in
            [Notice(communeID: i.communeID, userID: i.createdBy, title: InitiativeText.returnedNotice(i.title, reason), link: SiteURL.initiative(i.id).path, at: actor.at)]
        })
    }

    /// Assigns reviewers from the ids sent (blank entries ignored): each must be an active account of the commune (422 on
    /// `reviewerIds`), never an author, co-author or the applicant; each reviewer is told.
    static func assign(_ i: Initiative, reviewerIds raw: [String], actor: AuditActor, notifier: (any Notifier)?, on db: any Database) async throws {
        let texts = raw.map { TextFolding.clean($0) }.filter { !$0.isEmpty }
        let ids = texts.compactMap { UUID(uuidString: $0) }
        let users = ids.isEmpty || ids.count != texts.count ? []
            : try await User.query(on: db).filter(\.$communeID == i.communeID).filter(\.$id ~~ ids).filter(\.$isActive == true).all()
        if users.isEmpty || users.count != Set(ids).count {
            throw AppError.validation(fields: ["reviewerIds": InitiativeText.reviewerUnknown], message: InitiativeText.reviewerUnknown)
        }
        try await assign(i, reviewers: users, actor: actor, notifier: notifier, on: db)
    }

    /// Assigns reviewers (replacing the unscored ones); an author, co-author or the applicant is refused.
    static func assign(_ i: Initiative, reviewers: [User], actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database) async throws {
        guard [.submitted, .underReview].contains(i.state) else { throw AppError.conflict(InitiativeText.notOpen) }
        let authorPeople = Set(try await InitiativeAuthor.query(on: db).filter(\.$initiativeID == i.id!).all().compactMap(\.personID))
        for r in reviewers where r.id == i.createdBy || (r.personID.map(authorPeople.contains) ?? false) {
            throw AppError.validation(fields: ["reviewerIds": InitiativeText.selfReview], message: InitiativeText.selfReview)
        }
        let reviewerIDs = reviewers.compactMap(\.id)
        let notices = try await db.writeTransaction { db in
            let existing = try await InitiativeReview.query(on: db).filter(\.$initiativeID == i.id!).all()
            let wanted = Set(reviewerIDs)
            for r in existing where !wanted.contains(r.reviewerID) && r.scoredAt == nil { try await r.delete(on: db) }
            for u in reviewers where !existing.contains(where: { $0.reviewerID == u.id }) {
                let r = InitiativeReview()
                r.communeID = i.communeID; r.initiativeID = i.id!; r.reviewerID = u.id!; r.reviewerName = u.displayName
                r.scoresJSON = "{}"; r.comment = ""; r.assignedAt = actor.at
                try await r.create(on: db)
            }
            try await transitionRow(i, to: .underReview, label: "Phân công chấm sáng kiến", actor: actor, on: db,
                                    after: ["reviewers": reviewers.map(\.displayName).joined(separator: ", ")]) { _ in }
            let notices = reviewerIDs.map { Notice(communeID: i.communeID, userID: $0, title: InitiativeText.assignedNotice(i.title), link: SiteURL.initiative(i.id).path, at: actor.at) }
            if let notifier { try await notifier.inbox(notices, on: db) }
            return notices
        }
        if let notifier { try await notifier.mail(notices, on: db) }
    }

    /// A reviewer's scores as sent: one per criterion of the rubric, each between 0 and its maximum (422 on
    /// `points.<criterion>`), and the comment. Only an assigned reviewer has a review to score (else 403). No notice.
    static func score(_ i: Initiative, reviewerID: UUID, points sent: [UUID: Double], comment raw: String?, actor: AuditActor, on db: any Database) async throws {
        guard let review = try await InitiativeReview.query(on: db).filter(\.$initiativeID == i.id!).filter(\.$reviewerID == reviewerID).first() else {
            throw AppError.forbidden
        }
        let criteria = try await InitiativeQueries.rubric(on: db, communeID: i.communeID).criteria
        var errors: [String: String] = [:]
        var points: [UUID: Double] = [:]
        for c in criteria {
            if let v = sent[c.id!], v.isFinite, (0...c.maxPoints).contains(v) { points[c.id!] = v }
            else { errors["points.\(c.id!.uuidString.lowercased())"] = InitiativeText.pointsInvalid(NumberText.format(c.maxPoints)) }
        }
        let comment = Check.text(raw, "comment", max: TextLimit.long, required: false, into: &errors)
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        try await score(i, review: review, points: points, comment: comment, criteria: criteria, actor: actor, on: db)
    }

    /// A reviewer's scores: one per criterion, each between 0 and its maximum.
    static func score(_ i: Initiative, review: InitiativeReview, points: [UUID: Double], comment: String, criteria: [InitiativeCriterion],
                      actor: AuditActor, on db: any Database) async throws {
        guard i.state == .underReview else { throw AppError.conflict(InitiativeText.notUnderReview) }
        try await db.writeTransaction { db in
            review.scoresJSON = try AuditLog.encode(Dictionary(uniqueKeysWithValues: points.map { ($0.key.uuidString, $0.value) }))
            review.total = criteria.reduce(0) { $0 + (points[$1.id!] ?? 0) }
            review.comment = comment
            review.scoredAt = actor.at
            try await review.update(on: db)
            try await AuditLog.record(on: db, actor, .update, type: "initiative_review", id: review.id, label: "Chấm sáng kiến: \(i.title)",
                                      after: ["total": NumberText.format(review.total ?? 0), "comment": comment])
        }
    }

    /// Records that a unit applies a recognised initiative, from what was sent: the unit must be one of the commune
    /// (422 on `unitId`; the handler has checked that the actor may record for it), the note at most 2000 characters,
    /// once per unit (422). No notice.
    static func adopt(_ i: Initiative, unitId raw: String?, note rawNote: String?, actor: AuditActor, on db: any Database) async throws {
        guard let unitID = Check.uuid(raw), let unit = try await DirectoryQueries.unit(on: db, communeID: i.communeID, id: unitID) else {
            throw AppError.validation(fields: ["unitId": DirectoryText.unknownUnit], message: DirectoryText.unknownUnit)
        }
        var errors: [String: String] = [:]
        let note = Check.text(rawNote, "note", max: TextLimit.long, required: false, into: &errors)
        if !errors.isEmpty { throw AppError.validation(fields: errors, message: CoreText.formHasErrors) }
        try await adopt(i, unit: unit, note: note, actor: actor, on: db)
    }

    static func adopt(_ i: Initiative, unit: Unit, note: String, actor: AuditActor, on db: any Database) async throws {
        guard i.state == .recognised else { throw AppError.conflict(InitiativeText.notRecognised) }
        let (initiativeID, unitID, unitName) = (i.id!, unit.id!, unit.name)
        try await db.writeTransaction { db in
            // Inside the write: two requests at once take turns, and the second is told it is already recorded.
            if try await InitiativeAdoption.query(on: db).filter(\.$initiativeID == initiativeID).filter(\.$unitID == unitID).first() != nil {
                throw AppError.validation(fields: ["unitId": InitiativeText.alreadyAdopted], message: InitiativeText.alreadyAdopted)
            }
            let a = InitiativeAdoption()
            a.communeID = i.communeID; a.initiativeID = initiativeID; a.unitID = unitID; a.note = note; a.recordedBy = actor.name; a.createdAt = actor.at
            try await a.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "initiative_adoption", id: a.id, label: "Nhân rộng sáng kiến: \(i.title) — \(unitName)",
                                      after: ["unit": unitName, "note": note])
        }
    }

    /// A change of status with its audit entry and its notices, in one transaction; the notices' e-mails after the commit.
    static func transition(_ i: Initiative, to status: InitiativeStatus, label: String, actor: AuditActor, notifier: (any Notifier)? = nil, on db: any Database,
                           after extra: [String: String] = [:], apply: @escaping @Sendable (Initiative) -> Void,
                           notices: (@Sendable (Initiative, any Notifier, any Database) async throws -> [Notice])? = nil) async throws {
        let sent = try await db.writeTransaction { db in
            try await transitionRow(i, to: status, label: label, actor: actor, on: db, after: extra, apply: apply)
            guard let notifier, let notices else { return [Notice]() }
            let list = try await notices(i, notifier, db)
            try await notifier.inbox(list, on: db)
            return list
        }
        if let notifier, !sent.isEmpty { try await notifier.mail(sent, on: db) }
    }

    /// The status change and its audit entry, on the caller's transaction.
    static func transitionRow(_ i: Initiative, to status: InitiativeStatus, label: String, actor: AuditActor, on db: any Database,
                                      after extra: [String: String] = [:], apply: @Sendable (Initiative) -> Void) async throws {
        let before = i.status
        try await OptimisticLock.bump(Initiative.schema, id: i.id!, from: i.version, on: db)
        i.version += 1
        i.status = status.rawValue
        apply(i)
        try await i.update(on: db)
        try await AuditLog.record(on: db, actor, .update, type: "initiative", id: i.id, label: "\(label): \(i.title)",
                                  before: ["status": before], after: extra.merging(["status": i.status]) { a, _ in a })
    }
}
