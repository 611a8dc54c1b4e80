import Fluent
import Foundation
import Vapor

/// `/api/v1/commendations`: the catalogue, nominations with their evaluated eligibility, secret votes and the
/// register of awards — the pages' commands and permission rule.
enum CommendationAPI {
    static func register(_ api: any RoutesBuilder) {
        api.get("commendations", "titles", use: titles)
        api.get("commendations", ":year", "nominations", use: nominations)
        api.post("commendations", ":year", "nominations", use: create)
        api.get("commendations", "nominations", ":id", use: nomination)
        api.post("commendations", "meetings", ":id", "votes", use: vote)
        api.get("commendations", "meetings", ":id", use: meeting)
        api.put("commendations", "meetings", ":id", "minutes", use: saveMinutes)
        api.get("commendations", ":year", "awards", use: awards)
    }

    struct TitleDTO: Content {
        let id: UUID; let code: String; let name: String; let recipient: String; let awardedBy: String
        let rules: [String]; let rewardMultiple: Double; let rewardAmount: Double; let approvalRatio: Double; let legalSource: String; let isActive: Bool
    }

    struct RuleDTO: Content { let rule: String; let label: String; let met: Bool; let reason: String }

    struct NominationDTO: Content {
        let id: UUID; let year: Int; let titleId: UUID; let titleName: String; let personId: UUID?; let unitId: UUID?
        let nomineeName: String; let rating: String; let discipline: String; let achievements: String; let status: String
        let eligible: Bool; let rules: [RuleDTO]
    }

    struct AwardDTO: Content {
        let id: UUID; let year: Int; let recipientName: String; let titleName: String; let personId: UUID?; let unitId: UUID?
        let amount: Double; let decisionNumber: String; let decisionDate: String; let status: String; let revokeReason: String; let recoverReward: Bool
        /// Số vào sổ: the number in the register of awards of the decision's year; absent for an award made before
        /// the register had numbers and not numbered by the migration.
        let registerNumber: Int?
    }

    struct NominationBody: Content {
        var titleId: String?; var personId: String?; var unitId: String?; var rating: String?; var discipline: String?; var achievements: String?
    }

    struct VoteBody: Content { var nominationId: String?; var choice: String? }

    /// A council member as a meeting's minutes name them.
    struct MeetingMemberDTO: Content { let id: UUID; let name: String; let position: String }

    /// A council meeting with what its minutes record (no ballot count before the close, as on the page).
    struct MeetingDTO: Content {
        let id: UUID; let year: Int; let heldOn: String; let status: String; let version: Int
        let minutesNumber: String?; let startsAt: String?; let endsAt: String?; let place: String
        let chairMemberId: UUID?; let secretaryMemberId: UUID?
        let present: [MeetingMemberDTO]; let absent: [MeetingMemberDTO]
        let membersTotal: Int; let quorumNeeded: Int
    }

    struct MinutesBody: Content {
        var startsAt: String?; var endsAt: String?; var place: String?
        var chairMemberId: String?; var secretaryMemberId: String?; var version: Int?
    }

    /// A year of the movement (2026–2030 for the plan); any other is a 404, as for registrations and reports.
    static func year(_ req: Request) async throws -> Int {
        let movement = try await MovementController.currentMovement(req)
        guard let y = req.parameters.get("year", as: Int.self), (movement.startYear...movement.endYear).contains(y) else { throw AppError.notFound }
        return y
    }

    static func titles(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewCommendations)
        let s = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        return try APIJSON.response(try await CommendationQueries.titles(on: req.db, communeID: user.communeID).map { t in
            TitleDTO(id: t.id!, code: t.code, name: t.name, recipient: t.recipient, awardedBy: t.awardedBy, rules: t.ruleList.map(\.rawValue),
                     rewardMultiple: t.rewardMultiple, rewardAmount: Reward.amount(multiple: t.rewardMultiple, baseSalary: s.baseSalary, rounding: s.rewardRounding), approvalRatio: t.approvalRatio,
                     legalSource: t.legalSource, isActive: t.isActive)
        })
    }

    static func dto(_ req: Request, _ n: Nomination) async throws -> NominationDTO {
        let titles = try await CommendationQueries.titles(on: req.db, communeID: n.communeID)
        let settings = try await CommendationQueries.settings(on: req.db, communeID: n.communeID)
        let results = try await CommendationQueries.evaluate(on: req.db, n, titles: titles, settings: settings)
        return dto(n, titles: titles, results: results)
    }

    static func dto(_ n: Nomination, titles: [AwardTitle], results: [RuleResult]) -> NominationDTO {
        NominationDTO(id: n.id!, year: n.year, titleId: n.titleID, titleName: titles.first { $0.id == n.titleID }?.name ?? "", personId: n.personID,
                             unitId: n.unitID, nomineeName: n.nomineeName, rating: n.rating, discipline: n.discipline, achievements: n.achievements,
                             status: n.status, eligible: results.allSatisfy(\.met),
                             rules: results.map { RuleDTO(rule: $0.rule.rawValue, label: $0.rule.label, met: $0.met, reason: $0.reason) })
    }

    static func nominations(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let year = try await year(req)
        try req.authorize(.viewNominations)
        let all = Policy.allows(user, .viewCommendations)
        var q = Nomination.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$year == year).sort(\.$createdAt)
        if !all { q = q.filter(\.$proposedByUnitID == Policy.ownUnit(user)!) }
        let list = try await q.all()
        let titles = try await CommendationQueries.titles(on: req.db, communeID: user.communeID)
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        let evaluated = try await CommendationQueries.evaluate(on: req.db, list, titles: titles, settings: settings)
        return try APIJSON.response(list.map { n in dto(n, titles: titles, results: n.id.flatMap { evaluated[$0] } ?? []) })
    }

    static func create(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.startNomination)
        let year = try await year(req)
        let b = try req.decodeJSON(NominationBody.self)
        let checked = try await CommendationController.check(req, .init(year: String(year), titleId: b.titleId, personId: b.personId, unitId: b.unitId,
                                                                          rating: b.rating, discipline: b.discipline, achievements: b.achievements))
        // The pages send "" for "none"; the API leaves the field out, so "" or anything not a UUID is refused.
        var errors = checked.errors
        for (field, value) in [("personId", b.personId), ("unitId", b.unitId)] where value != nil && UUID(uuidString: value!) == nil {
            errors[field] = CoreText.invalidChoice
        }
        guard let input = checked.input, errors.isEmpty else { throw AppError.validation(fields: errors) }
        let n = try await CommendationCommands.nominate(input, nomineeName: checked.nomineeName, proposedByUnitID: Policy.nominatingUnit(user),
                                                        actor: try req.auditActor(), on: req.db)
        let response = try APIJSON.response(try await dto(req, n), status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/commendations/nominations/\(n.id!.uuidString.lowercased())")
        return response
    }

    static func nomination(req: Request) async throws -> Response {
        try APIJSON.response(try await dto(req, try await CommendationController.loadNomination(req)))
    }

    /// One secret vote; the answer says only that it was recorded.
    static func vote(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.voteCommendation)
        let m = try await CommendationController.loadMeeting(req)
        let member = try await CommendationQueries.member(on: req.db, communeID: user.communeID, userID: user.id)
        try req.authorize(.castBallot(memberID: member?.id, present: nil))
        let b = try req.decodeJSON(VoteBody.self)
        guard b.choice == "approve" || b.choice == "reject" else { throw AppError.validation(fields: ["choice": CoreText.invalidChoice]) }
        guard let id = b.nominationId.flatMap(UUID.init(uuidString:)),
              let n = try await Nomination.query(on: req.db).filter(\.$id == id).filter(\.$communeID == m.communeID).first() else {
            throw AppError.validation(fields: ["nominationId": CoreText.invalidChoice])
        }
        let settings = try await CommendationQueries.settings(on: req.db, communeID: user.communeID)
        try await CommendationCommands.vote(meeting: m, nomination: n, memberID: member!.id!, approve: b.choice == "approve", settings: settings,
                                            seal: try req.ballotSeal(), actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(["voted": true], status: .created)
    }

    static func meetingDTO(_ req: Request, _ m: CouncilMeeting) async throws -> MeetingDTO {
        let settings = try await CommendationQueries.settings(on: req.db, communeID: m.communeID)
        let who = MeetingMinutes.people(m, members: try await MeetingMinutes.members(on: req.db, communeID: m.communeID),
                                        present: try await CommendationCommands.present(on: req.db, meeting: m))
        func dto(_ x: MeetingMinutes.Member) -> MeetingMemberDTO { MeetingMemberDTO(id: x.id, name: x.name, position: x.position.rawValue) }
        return MeetingDTO(id: try m.requireID(), year: m.year, heldOn: m.heldOn, status: m.status, version: m.version,
                          minutesNumber: m.minutesNumberText, startsAt: m.startsAt, endsAt: m.endsAt, place: m.place,
                          chairMemberId: who.chair?.id, secretaryMemberId: who.secretary?.id,
                          present: who.present.map(dto), absent: who.absent.map(dto), membersTotal: m.membersTotal,
                          quorumNeeded: CommendationCommands.quorumNeeded(total: m.membersTotal, ratio: settings.quorumRatio))
    }

    /// A meeting with its minutes' details; another commune's id is a 404.
    static func meeting(req: Request) async throws -> Response {
        try req.authorize(.viewCommendations)
        return try APIJSON.response(try await meetingDTO(req, try await CommendationController.loadMeeting(req)))
    }

    /// The minutes' details of an open meeting, through the meeting screen's command.
    static func saveMinutes(req: Request) async throws -> Response {
        try req.authorize(.manageCommendations)
        let m = try await CommendationController.loadMeeting(req)
        let b = try req.decodeJSON(MinutesBody.self)
        try await CommendationCommands.saveMinutesDetails(m, MinutesDetailsInput(startsAt: b.startsAt, endsAt: b.endsAt, place: b.place,
                                                                                 chairMemberId: b.chairMemberId, secretaryMemberId: b.secretaryMemberId,
                                                                                 version: b.version),
                                                         actor: try req.auditActor(), on: req.db)
        return try APIJSON.response(try await meetingDTO(req, m))
    }

    static func awards(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try req.authorize(.viewCommendations)
        let year = try await year(req)
        var numbers: [UUID: CommendationDecision] = [:]
        for d in try await CommendationQueries.decisions(on: req.db, communeID: user.communeID, year: year) { numbers[d.id!] = d }
        let awards = try await Award.query(on: req.db).filter(\.$communeID == user.communeID).filter(\.$year == year).sort(\.$recipientName).all()
        return try APIJSON.response(awards.map { a in
            AwardDTO(id: a.id!, year: a.year, recipientName: a.recipientName, titleName: a.titleName, personId: a.personID, unitId: a.unitID, amount: a.amount,
                     decisionNumber: numbers[a.decisionID]?.numberText ?? "", decisionDate: numbers[a.decisionID]?.issuedOn ?? "", status: a.status,
                     revokeReason: a.revokeReason, recoverReward: a.recoverReward, registerNumber: a.registerNumber)
        })
    }
}
