import Foundation
import Vapor

/// One target line as pages, the API, revisions and the audit log see it.
struct TargetLine: Content, Sendable, Equatable {
    var id: UUID?
    var name: String
    var unitOfMeasure: String
    var baseline: Double?
    var targetValue: Double
    var contentAreaId: UUID?
    /// yyyy-MM-dd
    var dueDate: String?
}

struct ProductLine: Content, Sendable, Equatable {
    var id: UUID?
    var name: String
    var description: String
    /// yyyy-MM-dd
    var expectedDate: String?
}

/// What an owner writes in a registration; kept whole in each revision.
struct RegistrationContent: Content, Sendable, Equatable {
    var focus: String
    var plannedInitiatives: String
    var targets: [TargetLine]
    var products: [ProductLine]

    static let empty = RegistrationContent(focus: "", plannedInitiatives: "", targets: [], products: [])
}

/// A registration at the API edge.
struct RegistrationDTO: Content, Sendable {
    let id: UUID?
    let year: Int
    let unitId: UUID?
    let personId: UUID?
    let ownerName: String
    let status: String
    let returnReason: String
    let submittedAt: Date?
    let revision: Int
    let version: Int
    let focus: String
    let plannedInitiatives: String
    let targets: [TargetLine]
    let products: [ProductLine]

    var content: RegistrationContent {
        RegistrationContent(focus: focus, plannedInitiatives: plannedInitiatives, targets: targets, products: products)
    }
}
