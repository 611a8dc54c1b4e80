import Fluent
import Foundation
import Plot
import Vapor

// Issue 15, point 3: the team's checklist scores offered to the council's scoring as the council's view of the unit,
// with the link to the visit kept. They are written as ``ScorerKind/inspection`` rows of ``UnitScore`` (one column per
// visit, `inspection_visit_id` the visit), which count in no total: the score sheet shows them beside the council's
// and pre-fills what a member has not scored yet; the member confirms by saving (Scoring/ScoringOffers.swift).
// The council's own scores are never touched.

/// What an offer did.
struct InspectionScoreOffer: Sendable {
    let unitID: UUID
    let year: Int
    /// Criteria offered (the team's scores of the unit's active criteria).
    let offered: Int
    /// Criteria some council member already scored differently (their score is kept).
    let councilDiffers: Int
    /// Whether any offered score changed (a repeat offer of the same scores changes nothing).
    let changed: Bool
}

extension InspectionQueries {
    /// The accounts of a team's leader (``Action/offerInspectionScores(communeID:leaders:)``).
    static func leaders(on db: any Database, teamID: UUID) async throws -> Set<UUID> {
        Set(try await InspectionTeamMember.query(on: db).filter(\.$teamID == teamID).filter(\.$role == InspectionTeamRole.leader.rawValue).all()
            .compactMap(\.userID))
    }
}

extension InspectionCommands {
    /// Offers the team's scores to the council's scoring of the unit for the plan's year (the leader or the secretariat,
    /// ``Action/offerInspectionScores(communeID:leaders:)``; the page and the API check it first). Needs the minutes
    /// (visited or later) and the team's scores on the checklist; refused once the year's scoring has closed. Offering
    /// again replaces this visit's earlier offer. One transaction: the rows, the audit entry, the secretariat's inbox.
    static func offerScores(_ v: InspectionVisit, actor: AuditActor, notifier: (any Notifier)?, on db: any Database) async throws -> InspectionScoreOffer {
        guard [.visited, .concluded, .closed].contains(v.state) else { throw AppError.conflict(ScoringText.offerNeedsChecklist) }
        let p = try await InspectionQueries.plan(v.planID, communeID: v.communeID, on: db)
        guard let unit = try await Unit.query(on: db).filter(\.$communeID == v.communeID).filter(\.$id == v.unitID).first() else { throw AppError.notFound }
        let active = Set(try await ScoringQueries.criteria(on: db, communeID: v.communeID, group: unit.criteriaGroup).compactMap(\.id))
        let lines = try await InspectionChecklistLine.query(on: db).filter(\.$visitID == v.id!).sort(\.$position).all()
            .filter { $0.teamPoints != nil && active.contains($0.criterionID) }
        guard !lines.isEmpty else { throw AppError.conflict(ScoringText.offerNeedsChecklist) }
        let closesOn = try await ScoringQueries.closesOn(on: db, communeID: v.communeID, year: p.year)
        guard !(closesOn < LocalDate(actor.at)) else { throw AppError.conflict(ScoringText.yearClosed) }
        let (visitID, unitID, year) = (v.id!, unit.id!, p.year)
        let key = visitID.uuidString.lowercased()
        let label = ScoringText.auditOffer(unit.name, year, v.date?.vietnamese ?? "")
        let notices = try await (notifier?.reviewerNotices(communeID: v.communeID, title: ScoringText.offeredNotice(unit.name, year),
                                                           link: SiteURL.scoringSheet(unitID, year: year).path, on: db, at: actor.at) ?? [])
        let result = try await db.writeTransaction { db -> InspectionScoreOffer in
            let rows = try await UnitScore.query(on: db).filter(\.$communeID == v.communeID).filter(\.$year == year).filter(\.$unitID == unitID).all()
            let earlier = rows.filter { $0.kind == .inspection && $0.scorerKey == key }
            var before: [String: String] = [:], after: [String: String] = [:]
            for line in lines {
                guard let points = line.teamPoints else { continue }
                let title = "\(line.position). \(line.criterionTitle)"
                let row = earlier.first { $0.criterionID == line.criterionID }
                if let row, row.points == points, row.note == line.note { continue }
                if let row { before[title] = NumberText.format(row.points) }
                let s = row ?? UnitScore()
                s.communeID = v.communeID; s.year = year; s.unitID = unitID; s.criterionID = line.criterionID
                s.scorerKind = ScorerKind.inspection.rawValue; s.memberID = nil; s.scorerKey = key; s.inspectionVisitID = visitID
                s.points = points; s.evidenceID = nil; s.note = line.note; s.updatedAt = actor.at; s.updatedBy = actor.name
                try await s.save(on: db)
                after[title] = NumberText.format(points)
            }
            // A criterion the team no longer scores (or since retired) leaves the offer.
            for row in earlier where !lines.contains(where: { $0.criterionID == row.criterionID }) {
                before[row.criterionID.uuidString.lowercased()] = NumberText.format(row.points)
                try await row.delete(on: db)
            }
            let offered = Dictionary(lines.compactMap { l in l.teamPoints.map { (l.criterionID, $0) } }) { a, _ in a }
            let differs = Set(rows.filter { $0.kind == .council }.filter { c in offered[c.criterionID].map { abs($0 - c.points) > 1e-9 } ?? false }
                .map(\.criterionID)).count
            let changed = !before.isEmpty || !after.isEmpty
            if changed {
                try await AuditLog.record(on: db, actor, .update, type: "unit_score", id: unitID, label: label, before: before,
                                          after: after.merging(["inspectionVisit": key]) { a, _ in a })
                try await notifier?.inbox(notices, on: db)
            }
            return InspectionScoreOffer(unitID: unitID, year: year, offered: lines.count, councilDiffers: differs, changed: changed)
        }
        if result.changed { try await notifier?.mail(notices, on: db) }
        return result
    }
}

extension InspectionController {
    /// `POST /inspections/visits/:id/offer-scores`: the team's scores to the council's score sheet.
    static func offerScores(req: Request) async throws -> Response {
        try req.authorize(.viewInspections)
        let (v, ref) = try await loadVisit(req)
        try req.authorize(.offerInspectionScores(communeID: v.communeID, leaders: try await InspectionQueries.leaders(on: req.db, teamID: v.teamID)))
        do {
            let r = try await InspectionCommands.offerScores(v, actor: try req.auditActor(), notifier: req.application.notifier, on: req.db)
            let message = r.changed ? ScoringText.offered(r.offered) + (r.councilDiffers > 0 ? " " + ScoringText.offeredKept(r.councilDiffers) : "")
                                    : ScoringText.offerUnchanged
            // Said plainly when the council scored some criterion differently: its score stays.
            return req.redirect(to: InspectionPaths.visit(v.id), flash: Flash(r.councilDiffers > 0 ? .warning : .success, message))
        } catch AppError.conflict(let message) {
            return try await renderVisit(req, v, ref: ref, states: ["offer": FormState(formError: message)], status: .conflict)
        }
    }
}

extension InspectionViews {
    /// The visit page's button that offers the team's scores to the council (the leader and the secretariat, once the
    /// minutes and the team's scores are recorded).
    static func offerScoresSection(_ m: VisitModel) -> Node<HTML.BodyContext> {
        let v = m.data
        guard let user = m.frame.user,
              Policy.allows(user, .offerInspectionScores(communeID: user.communeID,
                                                         leaders: Set(v.team.members.filter { $0.role == .leader }.compactMap(\.userID)))) else { return .empty }
        let ready = [.visited, .concluded, .closed].contains(v.status) && v.checklist.contains(where: { $0.teamPoints != nil })
        // A refused offer comes back with its reason even when the button is not offered yet.
        guard ready || m.states["offer"] != nil else { return .empty }
        let s = m.states["offer"] ?? FormState()
        return .section(.class("card"), .id("offer-scores"), .h2(.text(ScoringText.offerSection)),
                        FormKit.errorSummary(s),
                        .p(.class("hint"), .text(ScoringText.offerLead)),
                        ready ? .form(.method(.post), .action(InspectionPaths.visitAction(v.id, "offer-scores")), .class("stacked"),
                                      FormKit.csrf(m.csrf), FormKit.actions(submit: ScoringText.offerButton)) : .empty)
    }
}
