import Fluent
import Foundation

/// What the yearly review (issue 17) says of the year's inspections: how many units were planned and visited, how many
/// conclusions went out, and where their follow-up items stand on a given day. Two queries whatever the number of rows.
struct InspectionYearCounts: Sendable, Equatable {
    var planStatus: InspectionPlanStatus?
    /// Visits of the plan, by state.
    var visits: [InspectionVisitStatus: Int] = [:]
    /// Follow-up items of the year's conclusions, by state.
    var followUps: [InspectionFollowUpStatus: Int] = [:]
    /// Items the unit still owes past their due date on the day asked about (``InspectionFollowUpStatus/isOverdue(due:today:)``).
    var overdue = 0

    var visitsPlanned: Int { visits.values.reduce(0, +) }
    /// Visits held: the minutes are recorded (visited, concluded or closed).
    var visitsHeld: Int { [.visited, .concluded, .closed].reduce(0) { $0 + (visits[$1] ?? 0) } }
    var conclusions: Int { (visits[.concluded] ?? 0) + (visits[.closed] ?? 0) }
    var followUpsTotal: Int { followUps.values.reduce(0, +) }
    var followUpsClosed: Int { followUps[.closed] ?? 0 }
}

extension InspectionQueries {
    /// The counts of the commune's `year` as of `today`. An unapproved plan's visits are counted as planned (the review
    /// says the plan's state beside them).
    static func yearCounts(on db: any Database, communeID: UUID, year: Int, today: LocalDate) async throws -> InspectionYearCounts {
        var counts = InspectionYearCounts()
        guard let plan = try await InspectionPlan.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).first() else {
            return counts
        }
        counts.planStatus = plan.state
        let visits = try await InspectionVisit.query(on: db).filter(\.$communeID == communeID).filter(\.$planID == plan.id!)
            .field(\.$id).field(\.$status).all()
        for v in visits { counts.visits[v.state, default: 0] += 1 }
        guard !visits.isEmpty else { return counts }
        let items = try await InspectionFollowUp.query(on: db).filter(\.$communeID == communeID).filter(\.$visitID ~~ visits.map { $0.id! })
            .field(\.$status).field(\.$dueDate).all()
        for f in items {
            counts.followUps[f.state, default: 0] += 1
            if f.state.isOverdue(due: LocalDate(iso: f.dueDate), today: today) { counts.overdue += 1 }
        }
        return counts
    }
}
