import Foundation
import Vapor

/// Every path of the web pages, in one typed place. Views build links with it and `routes.swift`
/// registers handlers with it, so a renamed path cannot leave a dead link.
/// A case with an optional id builds the route pattern (`:id`) when the id is nil.
enum SiteURL {
    case home
    case login(next: String? = nil)
    case logout
    case changePassword
    case stylesheet
    case healthz

    case units
    case unitNew
    case unit(UUID?)
    case unitEdit(UUID?)
    case unitDeactivate(UUID?)
    case unitReactivate(UUID?)
    case unitsImport
    case unitsExport

    case people
    case personNew
    case person(UUID?)
    case personEdit(UUID?)
    case personDeactivate(UUID?)
    case personReactivate(UUID?)
    case peopleImport
    case peopleExport

    case movement
    case movementEdit
    case phases
    case phase(UUID?)
    case deadlines
    case deadline(UUID?)
    case deadlineDelete(UUID?)
    case contentAreas
    case contentArea(UUID?)
    case criteria
    case criterion(UUID?)
    case council
    case councilNew
    case councilMember(UUID?)
    case councilMemberRemove(UUID?)

    case audit
    case auditEntry(UUID?)

    case board
    case reports
    case boardExport
    case inbox
    case report(UUID?, year: Int?)
    case reportAction(UUID?, year: Int?, PledgeAction)
    case reportEvidence(UUID?, year: Int?)
    case reportEvidenceLink(UUID?, year: Int?)
    case reportEvidenceFile(UUID?, year: Int?, evidence: UUID?)
    case reportEvidenceDelete(UUID?, year: Int?, evidence: UUID?)

    case difficulties
    case difficultyNew
    case difficulty(UUID?)
    case difficultyAction(UUID?, DifficultyAction)
    case difficultyFile(UUID?, evidence: UUID?)

    case initiatives
    case initiativeNew
    case initiative(UUID?)
    case initiativeEdit(UUID?)
    case initiativeAction(UUID?, InitiativeAction)
    case initiativeAttachments(UUID?)
    case initiativeAttachment(UUID?, evidence: UUID?)
    case initiativeAttachmentDelete(UUID?, evidence: UUID?)
    case initiativeRubric
    case initiativeCertificate(UUID?)
    case initiativeCertificateDocx(UUID?)
    case achievements
    case achievementNew
    case achievement(UUID?)
    case achievementVerify(UUID?)
    case achievementScan(UUID?)
    /// The public showcase of a commune (by its code).
    case showcase(String?)
    case showcaseItem(String?, UUID?)

    case commendations(year: Int? = nil)
    case nominationNew
    case nominations
    case nomination(UUID?)
    case nominationWithdraw(UUID?)
    case meetings
    case meetingAction(UUID?, MeetingAction)
    case meetingMinutes(UUID?)
    case postings
    case objectionAnswer(UUID?)
    case commendationStep(year: Int?, CommendationStep)
    case commendationDocument(UUID?)
    case commendationList(year: Int?)
    case awardCertificate(UUID?)
    case awardCertificateDocx(UUID?)
    case awardRevoke(UUID?)
    case decisionRevoke(UUID?)
    case awardRegister
    case awardTitles
    case awardTitle(UUID?)
    case commendationSettings
    /// The public posting of a commune's proposed list, and its objection form.
    case publicCommendations(String?)
    case scoring
    /// Issue 15: the inspections overview (the other inspection paths are `InspectionPaths`).
    case inspections
    /// Issue 16: Bình dân học vụ số (the other paths are in DigitalLiteracy/DigitalLiteracyQueries.swift).
    case literacy
    /// Issue 16: the indicator dashboard (its filtered paths are `SiteURL.indicatorDashboard(…)`).
    case indicators
    /// The signers of documents (Signers/); the page links to the legal bases.
    case signers
    case scoringYear(Int?)
    case scoringSheet(UUID?, year: Int?)
    case scoringSelf(UUID?, year: Int?)
    case scoringCouncil(UUID?, year: Int?)
    case scoringSettings

    case registrations
    case registration(OwnerKind, UUID?, year: Int?)
    case registrationAction(OwnerKind, UUID?, year: Int?, PledgeAction)

    case users
    case userNew
    case user(UUID?)
    case userResetPassword(UUID?)
    case userDeactivate(UUID?)
    case userReactivate(UUID?)

    /// The path with ids filled in (or `:id` placeholders when nil).
    var path: String {
        switch self {
        case .home: "/"
        case .login(let next):
            if let next, !next.isEmpty, next != "/" { "/login?next=\(next.urlQueryEncoded)" } else { "/login" }
        case .logout: "/logout"
        case .changePassword: "/account/password"
        case .stylesheet: "/app.css"
        case .healthz: "/healthz"

        case .units: "/units"
        case .unitNew: "/units/new"
        case .unit(let id): "/units/\(Self.id(id))"
        case .unitEdit(let id): "/units/\(Self.id(id))/edit"
        case .unitDeactivate(let id): "/units/\(Self.id(id))/deactivate"
        case .unitReactivate(let id): "/units/\(Self.id(id))/reactivate"
        case .unitsImport: "/units/import"
        case .unitsExport: "/units/export.csv"

        case .people: "/people"
        case .personNew: "/people/new"
        case .person(let id): "/people/\(Self.id(id))"
        case .personEdit(let id): "/people/\(Self.id(id))/edit"
        case .personDeactivate(let id): "/people/\(Self.id(id))/deactivate"
        case .personReactivate(let id): "/people/\(Self.id(id))/reactivate"
        case .peopleImport: "/people/import"
        case .peopleExport: "/people/export.csv"

        case .movement: "/movement"
        case .movementEdit: "/movement/edit"
        case .phases: "/movement/phases"
        case .phase(let id): "/movement/phases/\(Self.id(id))"
        case .deadlines: "/movement/deadlines"
        case .deadline(let id): "/movement/deadlines/\(Self.id(id))"
        case .deadlineDelete(let id): "/movement/deadlines/\(Self.id(id))/delete"
        case .contentAreas: "/movement/content-areas"
        case .contentArea(let id): "/movement/content-areas/\(Self.id(id))"
        case .criteria: "/movement/criteria"
        case .criterion(let id): "/movement/criteria/\(Self.id(id))"
        case .council: "/movement/council"
        case .councilNew: "/movement/council/new"
        case .councilMember(let id): "/movement/council/\(Self.id(id))"
        case .councilMemberRemove(let id): "/movement/council/\(Self.id(id))/remove"

        case .board: "/board"
        case .reports: "/reports"
        case .boardExport: "/board/export.xlsx"
        case .inbox: "/inbox"
        case .report(let id, let year): "/reports/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))"
        case .reportAction(let id, let year, let action): "/reports/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))/\(action.rawValue)"
        case .reportEvidence(let id, let year): "/reports/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))/evidence"
        case .reportEvidenceLink(let id, let year): "/reports/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))/evidence-link"
        case .reportEvidenceFile(let id, let year, let e):
            "/reports/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))/evidence/\(e?.uuidString.lowercased() ?? ":evidence")"
        case .reportEvidenceDelete(let id, let year, let e):
            "/reports/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))/evidence/\(e?.uuidString.lowercased() ?? ":evidence")/delete"
        case .difficulties: "/difficulties"
        case .difficultyNew: "/difficulties/new"
        case .difficulty(let id): "/difficulties/\(Self.id(id))"
        case .difficultyAction(let id, let action): "/difficulties/\(Self.id(id))/\(action.rawValue)"
        case .difficultyFile(let id, let e): "/difficulties/\(Self.id(id))/files/\(e?.uuidString.lowercased() ?? ":evidence")"
        case .initiatives: "/initiatives"
        case .initiativeNew: "/initiatives/new"
        case .initiative(let id): "/initiatives/\(Self.id(id))"
        case .initiativeEdit(let id): "/initiatives/\(Self.id(id))/edit"
        case .initiativeAction(let id, let action): "/initiatives/\(Self.id(id))/\(action.rawValue)"
        case .initiativeAttachments(let id): "/initiatives/\(Self.id(id))/attachments"
        case .initiativeAttachment(let id, let e): "/initiatives/\(Self.id(id))/attachments/\(e?.uuidString.lowercased() ?? ":evidence")"
        case .initiativeAttachmentDelete(let id, let e): "/initiatives/\(Self.id(id))/attachments/\(e?.uuidString.lowercased() ?? ":evidence")/delete"
        case .initiativeRubric: "/initiatives/rubric"
        case .initiativeCertificate(let id): "/initiatives/\(Self.id(id))/certificate"
        case .initiativeCertificateDocx(let id): "/initiatives/\(Self.id(id))/certificate.docx"
        case .achievements: "/achievements"
        case .achievementNew: "/achievements/new"
        case .achievement(let id): "/achievements/\(Self.id(id))"
        case .achievementVerify(let id): "/achievements/\(Self.id(id))/verify"
        case .achievementScan(let id): "/achievements/\(Self.id(id))/scan"
        case .showcase(let code): "/showcase/\(code ?? ":commune")"
        case .showcaseItem(let code, let id): "/showcase/\(code ?? ":commune")/\(Self.id(id))"
        case .commendations(let year): year.map { "/commendations?year=\($0)" } ?? "/commendations"
        case .nominationNew: "/commendations/nominations/new"
        case .nominations: "/commendations/nominations"
        case .nomination(let id): "/commendations/nominations/\(Self.id(id))"
        case .nominationWithdraw(let id): "/commendations/nominations/\(Self.id(id))/withdraw"
        case .meetings: "/commendations/meetings"
        case .meetingAction(let id, let action): "/commendations/meetings/\(Self.id(id))/\(action.rawValue)"
        case .meetingMinutes(let id): "/commendations/meetings/\(Self.id(id))/minutes.docx"
        case .postings: "/commendations/postings"
        case .objectionAnswer(let id): "/commendations/objections/\(Self.id(id))/answer"
        case .commendationStep(let year, let step): "/commendations/\(year.map(String.init) ?? ":year")/\(step.rawValue)"
        case .commendationDocument(let id): "/commendations/documents/\(Self.id(id))/document.docx"
        case .commendationList(let year): "/commendations/\(year.map(String.init) ?? ":year")/list.xlsx"
        case .awardCertificate(let id): "/commendations/awards/\(Self.id(id))/certificate"
        case .awardCertificateDocx(let id): "/commendations/awards/\(Self.id(id))/certificate.docx"
        case .awardRevoke(let id): "/commendations/awards/\(Self.id(id))/revoke"
        case .decisionRevoke(let id): "/commendations/documents/\(Self.id(id))/revoke"
        case .awardRegister: "/commendations/register"
        case .awardTitles: "/commendations/titles"
        case .awardTitle(let id): "/commendations/titles/\(Self.id(id))"
        case .commendationSettings: "/commendations/settings"
        case .publicCommendations(let code): "/showcase/\(code ?? ":commune")/commendations"
        case .scoring: "/scoring"
        case .inspections: "/inspections"
        case .literacy: "/literacy"
        case .indicators: "/indicators"
        case .signers: "/settings/signers"
        case .scoringYear(let year): "/scoring/\(year.map(String.init) ?? ":year")"
        case .scoringSheet(let id, let year): "/scoring/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))"
        case .scoringSelf(let id, let year): "/scoring/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))/self"
        case .scoringCouncil(let id, let year): "/scoring/\(year.map(String.init) ?? ":year")/units/\(Self.id(id))/council"
        case .scoringSettings: "/scoring/settings"
        case .registrations: "/registrations"
        case .registration(let kind, let id, let year): "/registrations/\(year.map(String.init) ?? ":year")/\(kind.rawValue)/\(Self.id(id))"
        case .registrationAction(let kind, let id, let year, let action):
            "/registrations/\(year.map(String.init) ?? ":year")/\(kind.rawValue)/\(Self.id(id))/\(action.rawValue)"

        case .audit: "/audit"
        case .auditEntry(let id): "/audit/\(Self.id(id))"

        case .users: "/users"
        case .userNew: "/users/new"
        case .user(let id): "/users/\(Self.id(id))"
        case .userResetPassword(let id): "/users/\(Self.id(id))/reset-password"
        case .userDeactivate(let id): "/users/\(Self.id(id))/deactivate"
        case .userReactivate(let id): "/users/\(Self.id(id))/reactivate"
        }
    }

    /// Path components for route registration.
    var pathComponents: [PathComponent] {
        let path = self.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        return path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    private static func id(_ id: UUID?) -> String { id?.uuidString.lowercased() ?? ":id" }
}

/// What can be done to an initiative besides viewing and editing it.
enum InitiativeAction: String, Sendable, CaseIterable {
    case withdraw, assign, `return`, score, decide, adopt
}

/// What happens in a council meeting.
enum MeetingAction: String, Sendable, CaseIterable {
    case vote, paper, close
}

/// The steps of a year's commendation after the posting.
enum CommendationStep: String, Sendable, CaseIterable {
    case submission, sign
}

/// What the secretariat does with a difficulty.
enum DifficultyAction: String, Sendable, CaseIterable {
    case forward, answer, close
}

/// What can be done to a registration or a report besides viewing it.
enum PledgeAction: String, Sendable, CaseIterable {
    case save, accept, `return`, compare
}

extension String {
    /// Percent-encodes a value for use inside a query string.
    var urlQueryEncoded: String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? self
    }
}

extension RoutesBuilder {
    @discardableResult
    func get(_ url: SiteURL, use closure: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.GET, url.pathComponents, use: closure)
    }

    @discardableResult
    func post(_ url: SiteURL, use closure: @escaping @Sendable (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.POST, url.pathComponents, use: closure)
    }
}
