import Foundation
import Vapor

/// A unit as the permission rule sees it.
struct UnitRef: Sendable {
    let id: UUID
    let communeID: UUID
}

/// A person as the permission rule sees it.
struct PersonRef: Sendable {
    let id: UUID
    let unitID: UUID?
    let communeID: UUID
}

/// An initiative as the permission rule sees it.
struct InitiativeRef: Sendable {
    let communeID: UUID
    let createdBy: UUID
    /// People recorded as its authors and co-authors.
    let authorPeople: Set<UUID>
    /// Accounts assigned to review it.
    let reviewers: Set<UUID>
    let status: InitiativeStatus
}

/// A nomination as the permission rule sees it.
struct NominationRef: Sendable {
    let communeID: UUID
    /// The unit whose focal point proposed it (nil: the secretariat).
    let proposedByUnitID: UUID?
    let createdBy: UUID
}

/// An award as the permission rule sees it.
struct AwardRef: Sendable {
    let communeID: UUID
    let personID: UUID?
    let unitID: UUID?
}

/// An inspection visit as the permission rule sees it (issue 15).
struct InspectionVisitRef: Sendable {
    let communeID: UUID
    /// The visited unit.
    let unitID: UUID
    /// The accounts of the visiting team's members (the leader among them).
    let teamUsers: Set<UUID>
    /// Whether the visit's plan is approved: before that the visited unit does not see it (a draft may still change).
    var planApproved = false
}

/// Everything a user may try to do. Pages and the API ask ``Policy`` with these same actions.
enum Action: Sendable {
    /// See the whole directory of units and people of the commune.
    case viewDirectory
    /// List units through the API: the whole directory, or a focal point's own unit.
    case listUnits
    /// List people through the API: the whole directory, or a focal point's unit, or one's own record.
    case listPeople
    /// Create units, import lists.
    case manageDirectory
    case exportDirectory
    case viewUnit(UnitRef)
    /// Edit a unit's contact details (head, phone, e-mail, address).
    case editUnitContacts(UnitRef)
    /// Edit a unit's name, code, kind, criteria group, village.
    case editUnitClassification(UnitRef)
    case deactivateUnit(UnitRef)
    case viewPerson(PersonRef)
    /// See a person's phone, e-mail and birth date: the secretariat and the administrator, the commune's leaders, the
    /// focal point of the person's unit and the person; any other reader of the directory sees the name, title and unit.
    case seePersonContacts(PersonRef)
    /// Search the directory by phone and e-mail: who sees every listed person's contacts (the directory's managers, the
    /// leaders, a focal point, whose list is its own unit).
    case searchPeopleByContact
    /// Add a person; `unitID` is the unit the person will belong to.
    case createPerson(unitID: UUID?, communeID: UUID)
    case editPerson(PersonRef)
    case deactivatePerson(PersonRef)
    case viewMovement
    case editMovement
    case viewAudit
    case manageUsers
    /// See every registration and annual report of the commune (lists, board).
    case viewAllPledges
    /// See one owner's registration or report.
    case viewPledge(PledgeOwner, communeID: UUID)
    /// Write one owner's registration or report (draft, submit, evidence).
    case editPledge(PledgeOwner, communeID: UUID)
    /// Accept or return registrations and reports (the secretariat).
    case reviewPledges
    /// Open the registrations: the list (who sees all), or one's own unit's or person's registration.
    case viewRegistrations
    /// Open the reports: the board (who sees all), or one's own unit's report.
    case viewReports
    /// See a difficulty raised by `raisedBy` (for `unitID`).
    case viewDifficulty(raisedBy: UUID, unitID: UUID?, communeID: UUID)
    /// Forward, answer and close difficulties (the secretariat).
    case handleDifficulties
    /// Apply for recognition of an initiative (anyone signed in).
    case createInitiative
    case viewInitiative(InitiativeRef)
    /// Change the application (its applicant, or the secretariat), while it is a draft or returned.
    case editInitiative(InitiativeRef)
    /// Withdraw an application: only its applicant.
    case withdrawInitiative(InitiativeRef)
    /// Open a declared achievement (group 1.4): who declared it, and those who see every pledge.
    case viewAchievement(createdBy: UUID, communeID: UUID)
    /// See the parts the authors asked to keep confidential.
    case viewInitiativeConfidential(InitiativeRef)
    /// Assign reviewers, return, record the council's outcome and the decision (the secretariat).
    case manageInitiatives
    /// Edit the review rubric and threshold (the secretariat or the administrator).
    case editInitiativeRubric
    /// Score it: only an assigned reviewer.
    case scoreInitiative(InitiativeRef)
    /// Record that a unit applied a recognised initiative: the secretariat, or the unit's focal point.
    case adoptInitiative(unitID: UUID, communeID: UUID)
    /// See the commendation process of the commune (nominations, meeting result, posting, decisions, register).
    case viewCommendations
    /// See the nominations of a year: all of them (who sees the process), or those one's own unit proposed.
    case viewNominations
    case viewNomination(NominationRef)
    /// Withdraw a proposed nomination: whoever proposed it, or the secretariat.
    case withdrawNomination(NominationRef)
    /// An award's certificate: who sees the process, or the awarded person or unit.
    case viewAward(AwardRef)
    /// Propose titles at all: the secretariat, or a focal point (for their unit, see ``nominate(unitID:)``).
    case startNomination
    /// Propose a title for a person or unit of `unitID` (nil: someone outside any unit).
    case nominate(unitID: UUID?)
    /// Run the process: open and close meetings, paper tallies, posting, answers, Tờ trình (the secretariat).
    case manageCommendations
    /// Vote in the council's secret ballot (the role; see ``castBallot(memberID:present:)``).
    case voteCommendation
    /// Cast a ballot as the active council member `memberID` (nil: the account acts for no member). `present` is the
    /// meeting's attendance when the caller knows it; the vote command checks it again in its transaction.
    case castBallot(memberID: UUID?, present: Set<UUID>?)
    /// Approve and issue the decision, revoke an award (the chairperson).
    case signCommendations
    /// Edit the catalogue of titles and the commendation settings (the administrator).
    case editAwardCatalogue
    /// Enter a unit's self-scores: its focal point or the secretariat.
    case selfScore(UnitRef)
    /// Score a unit as a council member: `assigned` says that the account acts for an active member assigned to the
    /// unit's field or area (the scoring controller reads it from the data).
    case councilScore(UnitRef, assigned: Bool)
    /// See every unit's scores and the ranking per criteria group.
    case viewRanking
    /// Open the scoring pages: the whole ranking, or a focal point's own unit's line.
    case viewScoring
    /// Open one unit's score sheet: who sees the ranking, or whoever enters its self-scores.
    case viewScoreSheet(UnitRef)
    /// See every council member's column on a score sheet (not only one's own).
    case viewAllCouncilScores
    /// Edit the final rule, gap threshold and bands (the secretariat or the administrator).
    case editScoringSettings
    /// Edit how many days before a visit its notice goes (the secretariat or the administrator).
    case editInspectionSettings
    /// See the signers of the commune's documents (the administrator and the secretariat).
    case viewSigners
    /// Add, edit and end the term of signers (the administrator).
    case manageSigners
    /// See the legal bases ("Căn cứ …") the commune's documents cite (the administrator and the secretariat).
    case viewLegalBases
    /// Add, edit, reorder and switch on or off the legal bases (the administrator).
    case manageLegalBases
    /// Open the inspection pages (issue 15): everyone signed in; what they list is narrowed by ``viewAllInspections``.
    case viewInspections
    /// See every plan and visit of the commune (the secretariat, the council, the leaders, the supervisor).
    case viewAllInspections
    /// Draft the yearly plan, its units, teams and schedule: the secretariat, or a standing member of the council
    /// (`standingMember`: the account acts for an active council member of the standing board; read from the data).
    case manageInspections(standingMember: Bool)
    /// Approve the yearly plan (the chairperson).
    case approveInspectionPlan
    /// See one visit: the team, those who see every inspection, and the visited unit's own accounts — never another unit.
    case viewInspectionVisit(InspectionVisitRef)
    /// Record the checklist, findings, minutes and conclusion: the visit's team members only.
    case recordInspection(InspectionVisitRef)
    /// Answer a follow-up item: the visited unit's focal point or head (its accounts).
    case answerInspectionFollowUp(InspectionVisitRef)
    /// Accept or reopen an answered follow-up item: the visit's team.
    case decideInspectionFollowUp(InspectionVisitRef)
    /// Offer the team's checklist scores to the council's scoring (issue 15): the visit's team leader (`leaders`: the
    /// accounts of the team's leader, read from the data) or the secretariat.
    case offerInspectionScores(communeID: UUID, leaders: Set<UUID>)
    /// Open the indicator pages and dashboards (issue 16): everyone signed in; what they list is narrowed by
    /// ``viewAllIndicatorValues``.
    case viewIndicators
    /// See every scope's values, drafts included once submitted (the secretariat, leaders, council, supervisor,
    /// administrator). Others see the approved figures on dashboards and their own unit's values.
    case viewAllIndicatorValues
    /// See one scope's values, drafts included: who sees all, or the scope's own focal point (`unitID` nil: the
    /// commune-level values, seen by who sees all).
    case viewIndicatorValues(unitID: UUID?, communeID: UUID)
    /// Edit the catalogue: indicators, their definitions (new versions) and targets, the jump setting (the secretariat
    /// or the administrator).
    case manageIndicatorCatalogue
    /// Enter and submit values for a scope: its focal point, or the secretariat (`unitID` nil: commune-level values,
    /// the secretariat only).
    case enterIndicatorValues(unitID: UUID?, communeID: UUID)
    /// Approve, return and lock values; import a spreadsheet of values (the secretariat).
    case reviewIndicatorValues
    /// Record Bình dân học vụ số sessions and a village's digital-technology team and its visits: the village's or
    /// unit's focal point, or the secretariat.
    case manageDigitalLiteracy(unitID: UUID, communeID: UUID)
    /// See the people of a unit's literacy records (a session's named attendees, a team's members' phone numbers):
    /// the secretariat, the commune's leaders and the unit's focal point; everyone else sees the counts.
    case seeLiteracyPeople(unitID: UUID, communeID: UUID)
}

/// The one place that decides "may this user do this to this object".
enum Policy {
    static func allows(_ user: CurrentUser, _ action: Action) -> Bool {
        let directoryReaders: Set<Role> = [.administrator, .secretariat, .leader, .councilMember, .supervisor, .editor]
        let directoryManagers: Set<Role> = [.administrator, .secretariat]
        let readsAll = !user.roles.isDisjoint(with: directoryReaders)
        let manages = !user.roles.isDisjoint(with: directoryManagers)
        let ownUnit = ownUnit(user)
        func ownsUnit(_ unitID: UUID?) -> Bool {
            ownUnit != nil && ownUnit == unitID
        }

        switch action {
        case .viewDirectory:
            return readsAll
        case .listUnits:
            return readsAll || ownUnit != nil
        case .listPeople:
            return readsAll || ownUnit != nil || user.personID != nil
        case .manageDirectory:
            return manages
        case .exportDirectory:
            return manages || user.has(.leader)
        case .viewUnit(let unit):
            guard unit.communeID == user.communeID else { return false }
            return readsAll || ownsUnit(unit.id)
        case .editUnitContacts(let unit):
            guard unit.communeID == user.communeID else { return false }
            return manages || ownsUnit(unit.id)
        case .editUnitClassification(let unit), .deactivateUnit(let unit):
            guard unit.communeID == user.communeID else { return false }
            return manages
        case .viewPerson(let person):
            guard person.communeID == user.communeID else { return false }
            return readsAll || ownsUnit(person.unitID) || user.personID == person.id
        case .createPerson(let unitID, let communeID):
            guard communeID == user.communeID else { return false }
            return manages || ownsUnit(unitID)
        case .searchPeopleByContact:
            return manages || user.has(.leader) || (!readsAll && ownUnit != nil)
        case .seePersonContacts(let person):
            guard person.communeID == user.communeID else { return false }
            return manages || user.has(.leader) || ownsUnit(person.unitID) || (user.personID != nil && user.personID == person.id)
        case .editPerson(let person), .deactivatePerson(let person):
            guard person.communeID == user.communeID else { return false }
            return manages || ownsUnit(person.unitID)
        case .viewMovement:
            return !user.roles.isEmpty
        case .editMovement:
            return user.has(.secretariat)
        case .viewAudit:
            return manages
        case .manageUsers:
            return user.has(.administrator)
        case .viewAllPledges:
            return user.hasAny(.secretariat, .leader, .councilMember, .supervisor, .administrator)
        case .viewPledge(let owner, let communeID):
            guard communeID == user.communeID else { return false }
            return allows(user, .viewAllPledges) || allows(user, .editPledge(owner, communeID: communeID))
        case .editPledge(let owner, let communeID):
            guard communeID == user.communeID else { return false }
            if user.has(.secretariat) { return true }
            switch owner {
            case .unit(let unitID): return ownsUnit(unitID)
            case .person(let personID): return user.has(.individual) && user.personID == personID
            }
        case .reviewPledges, .handleDifficulties:
            return user.has(.secretariat)
        case .viewRegistrations:
            return allows(user, .viewAllPledges) || ownUnit != nil || pledgePerson(user) != nil
        case .viewReports:
            return allows(user, .viewAllPledges) || ownUnit != nil
        case .viewDifficulty(let raisedBy, let unitID, let communeID):
            guard communeID == user.communeID else { return false }
            return allows(user, .viewAllPledges) || raisedBy == user.id || ownsUnit(unitID)
        case .createInitiative:
            return !user.roles.isEmpty
        case .viewInitiative(let i):
            guard i.communeID == user.communeID else { return false }
            if isApplicant(user, i) || i.reviewers.contains(user.id) || user.has(.secretariat) { return true }
            if i.status == .recognised { return !user.roles.isEmpty }
            return i.status != .draft && allows(user, .viewAllPledges)
        case .withdrawInitiative(let i):
            return i.communeID == user.communeID && i.createdBy == user.id
        case .viewAchievement(let createdBy, let communeID):
            return communeID == user.communeID && (createdBy == user.id || allows(user, .viewAllPledges))
        case .editInitiative(let i):
            guard i.communeID == user.communeID, i.status.isEditable else { return false }
            return i.createdBy == user.id || user.has(.secretariat)
        case .viewInitiativeConfidential(let i):
            guard i.communeID == user.communeID else { return false }
            return isApplicant(user, i) || i.reviewers.contains(user.id) || user.hasAny(.secretariat, .leader)
        case .manageInitiatives:
            return user.has(.secretariat)
        case .editInitiativeRubric:
            return user.hasAny(.secretariat, .administrator)
        case .scoreInitiative(let i):
            return i.communeID == user.communeID && i.reviewers.contains(user.id)
        case .adoptInitiative(let unitID, let communeID):
            guard communeID == user.communeID else { return false }
            return user.has(.secretariat) || ownsUnit(unitID)
        case .viewCommendations:
            return user.hasAny(.secretariat, .leader, .councilMember, .supervisor, .administrator)
        case .viewNominations:
            return allows(user, .viewCommendations) || ownUnit != nil
        case .viewNomination(let n):
            guard n.communeID == user.communeID else { return false }
            return allows(user, .viewCommendations) || (ownUnit != nil && n.proposedByUnitID == ownUnit)
        case .withdrawNomination(let n):
            guard n.communeID == user.communeID else { return false }
            return user.has(.secretariat) || n.createdBy == user.id
        case .viewAward(let a):
            guard a.communeID == user.communeID else { return false }
            let mine = user.personID != nil && a.personID == user.personID || user.unitID != nil && a.unitID == user.unitID
            return allows(user, .viewCommendations) || mine
        case .startNomination:
            return user.has(.secretariat) || ownUnit != nil
        case .nominate(let unitID):
            return user.has(.secretariat) || ownsUnit(unitID)
        case .manageCommendations:
            return user.has(.secretariat)
        case .voteCommendation:
            return user.has(.councilMember)
        case .castBallot(let memberID, let present):
            guard user.has(.councilMember), let memberID else { return false }
            return present?.contains(memberID) ?? true
        case .signCommendations:
            return user.has(.leader)
        case .editAwardCatalogue:
            return user.has(.administrator)
        case .selfScore(let unit):
            guard unit.communeID == user.communeID else { return false }
            return user.has(.secretariat) || ownsUnit(unit.id)
        case .councilScore(let unit, let assigned):
            return unit.communeID == user.communeID && user.has(.councilMember) && assigned
        case .viewRanking:
            return user.hasAny(.secretariat, .leader, .councilMember, .supervisor, .administrator)
        case .viewScoring:
            return allows(user, .viewRanking) || ownUnit != nil
        case .viewScoreSheet(let unit):
            return allows(user, .viewRanking) || allows(user, .selfScore(unit))
        case .viewAllCouncilScores:
            return user.hasAny(.secretariat, .leader, .administrator, .supervisor)
        case .editScoringSettings, .editInspectionSettings:
            return user.hasAny(.secretariat, .administrator)
        case .viewSigners:
            return user.hasAny(.administrator, .secretariat)
        case .manageSigners:
            return user.has(.administrator)
        case .viewLegalBases:
            return user.hasAny(.administrator, .secretariat)
        case .manageLegalBases:
            return user.has(.administrator)
        case .viewInspections:
            return !user.roles.isEmpty
        case .viewAllInspections:
            return user.hasAny(.secretariat, .leader, .councilMember, .supervisor, .administrator)
        case .manageInspections(let standingMember):
            return user.has(.secretariat) || (user.has(.councilMember) && standingMember)
        case .approveInspectionPlan:
            return user.has(.leader)
        case .viewInspectionVisit(let v):
            guard v.communeID == user.communeID else { return false }
            return allows(user, .viewAllInspections) || v.teamUsers.contains(user.id) || (v.planApproved && user.unitID == v.unitID)
        case .recordInspection(let v), .decideInspectionFollowUp(let v):
            return v.communeID == user.communeID && v.teamUsers.contains(user.id)
        case .answerInspectionFollowUp(let v):
            return v.communeID == user.communeID && v.planApproved && user.unitID == v.unitID
        case .offerInspectionScores(let communeID, let leaders):
            return communeID == user.communeID && (user.has(.secretariat) || leaders.contains(user.id))
        case .viewIndicators:
            return !user.roles.isEmpty
        case .viewAllIndicatorValues:
            return user.hasAny(.secretariat, .leader, .councilMember, .supervisor, .administrator)
        case .viewIndicatorValues(let unitID, let communeID):
            guard communeID == user.communeID else { return false }
            return allows(user, .viewAllIndicatorValues) || (unitID != nil && ownsUnit(unitID))
        case .manageIndicatorCatalogue:
            return user.hasAny(.secretariat, .administrator)
        case .enterIndicatorValues(let unitID, let communeID):
            guard communeID == user.communeID else { return false }
            return user.has(.secretariat) || (unitID != nil && ownsUnit(unitID))
        case .reviewIndicatorValues:
            return user.has(.secretariat)
        case .manageDigitalLiteracy(let unitID, let communeID):
            guard communeID == user.communeID else { return false }
            return user.has(.secretariat) || ownsUnit(unitID)
        case .seeLiteracyPeople(let unitID, let communeID):
            guard communeID == user.communeID else { return false }
            return user.hasAny(.secretariat, .leader) || ownsUnit(unitID)
        }
    }

    /// The unit the user answers for as its focal point; nil for anyone else. Pages and queries narrow what such a
    /// user sees to this unit.
    static func ownUnit(_ user: CurrentUser) -> UUID? {
        user.has(.unitFocalPoint) ? user.unitID : nil
    }

    /// The person whose own registration the user writes (an individual's record); nil for anyone else.
    static func pledgePerson(_ user: CurrentUser) -> UUID? {
        user.has(.individual) ? user.personID : nil
    }

    /// The unit a nomination by this user is proposed for: nil for the secretariat (anyone of the commune), else the
    /// user's unit (``Action/nominate(unitID:)`` then allows only its focal point).
    static func nominatingUnit(_ user: CurrentUser) -> UUID? {
        user.has(.secretariat) ? nil : user.unitID
    }

    /// The applicant, or one of the authors.
    static func isApplicant(_ user: CurrentUser, _ i: InitiativeRef) -> Bool {
        i.createdBy == user.id || (user.personID.map(i.authorPeople.contains) ?? false)
    }
}

extension Request {
    /// Throws 403 unless the signed-in user may perform `action`.
    func authorize(_ action: Action) throws {
        let user = try requireUser()
        guard Policy.allows(user, action) else { throw AppError.forbidden }
    }

    func can(_ action: Action) -> Bool {
        guard let user = currentUser else { return false }
        return Policy.allows(user, action)
    }
}
