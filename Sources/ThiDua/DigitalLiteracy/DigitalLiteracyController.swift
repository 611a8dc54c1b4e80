import Fluent
import Foundation
import Plot
import Vapor

/// The Bình dân học vụ số pages. Thin: read the form, call ``DigitalLiteracyCommands`` (which asks ``Policy``),
/// answer (the page again with the messages beside the fields, or a redirect with a flash).
enum DigitalLiteracyController {
    typealias T = DigitalLiteracyText
    typealias P = SiteURL

    static func register(_ r: any RoutesBuilder, uploadMaxBytes: Int) {
        r.on(.GET, P.components(P.literacyRoot), use: overview)
        r.on(.GET, P.components(P.literacySessions), use: sessions)
        r.on(.GET, P.components(P.literacySessionNew), use: newSession)
        r.on(.POST, P.components(P.literacySessions), use: createSession)
        r.on(.GET, P.components(P.literacySession(nil)), use: session)
        r.on(.POST, P.components(P.literacySession(nil)), use: updateSession)
        r.on(.POST, P.components(P.literacySessionAction(nil, "delete")), use: deleteSession)
        r.on(.POST, P.components(P.literacySessionAction(nil, "photos")), upload: .upload(uploadMaxBytes), use: addPhoto)
        r.on(.GET, P.components(P.literacyPhoto(nil, nil)), use: photo)
        r.on(.POST, P.components(P.literacyPhoto(nil, nil) + "/delete"), use: deletePhoto)
        r.on(.GET, P.components(P.literacyTeam(nil)), use: team)
        r.on(.POST, P.components(P.literacyTeam(nil)), use: saveTeam)
        r.on(.POST, P.components(P.literacyTeamAction(nil, "dissolve")), use: dissolveTeam)
        r.on(.POST, P.components(P.literacyTeamAction(nil, "visits")), use: addVisit)
        r.on(.POST, P.components(P.literacyVisitDelete(nil, nil)), use: deleteVisit)
    }

    static func crumbs(_ title: String? = nil) -> [Breadcrumb] {
        [.init(title: CoreText.home, url: .home), .init(title: T.navTitle, url: title == nil ? nil : .literacy)]
            + (title.map { [Breadcrumb(title: $0, url: nil)] } ?? [])
    }

    /// The year a page is about: `?year=` when it is one of the movement's years, else this year held to them.
    static func years(_ req: Request) async throws -> (year: Int, years: ClosedRange<Int>) {
        let today = LocalDate(req.now)
        let years = try await DigitalLiteracyCommands.movementYears(communeID: try req.requireUser().communeID, today: today, on: req.db)
        if let y = req.query[Int.self, at: "year"], years.contains(y) { return (y, years) }
        return (min(max(today.year, years.lowerBound), years.upperBound), years)
    }

    // MARK: - Overview

    static func overview(req: Request) async throws -> HTML {
        try req.authorize(.viewIndicators)
        let user = try req.requireUser()
        let (year, years) = try await years(req)
        let data = try await DigitalLiteracyQueries.overview(on: req.db, communeID: user.communeID, year: year, years: years)
        return DigitalLiteracyViews.overview(.init(frame: req.page(T.overviewTitle(year), section: .literacy, breadcrumbs: crumbs()),
                                                   data: data, canRecord: user.has(.secretariat) || Policy.ownUnit(user) != nil,
                                                   ownUnit: Policy.ownUnit(user), isSecretariat: user.has(.secretariat),
                                                   thisYear: LocalDate(req.now).year))
    }

    // MARK: - Sessions

    static func sessions(req: Request) async throws -> HTML {
        try req.authorize(.viewIndicators)
        let user = try req.requireUser()
        let (_, years) = try await years(req)
        let year = req.query[Int.self, at: "year"].flatMap { years.contains($0) ? $0 : nil }
        let unitID = Check.uuid(req.query[String.self, at: "unitId"])
        let rows = try await DigitalLiteracyQueries.sessions(on: req.db, communeID: user.communeID, year: year, unitID: unitID)
        let units = try await DirectoryQueries.unitChoices(on: req.db, communeID: user.communeID)
        return DigitalLiteracyViews.sessions(.init(frame: req.page(T.sessionsTitle, section: .literacy, breadcrumbs: crumbs(T.sessions)),
                                                   rows: rows, years: Array(years).filter { $0 <= LocalDate(req.now).year || $0 == year }.reversed(), year: year, units: units, unitID: unitID,
                                                   canRecord: user.has(.secretariat) || Policy.ownUnit(user) != nil))
    }

    struct SessionForm: Content {
        var heldOn: String?
        var unitId: String?
        var topic: String?
        var title: String?
        var platform: String?
        var place: String?
        var trainers: String?
        var attendeeCount: String?
        var attendeeIds: [String]?
        var attendeeNames: String?
        var note: String?
        var version: Int?

        var input: TrainingSessionInput {
            TrainingSessionInput(heldOn: heldOn, unitId: unitId, topic: topic, title: title, platform: platform, place: place, trainers: trainers,
                                 attendeeCount: attendeeCount, attendeeIds: attendeeIds ?? [], attendeeNames: attendeeNames, note: note)
        }
        var values: [String: String] {
            ["heldOn": heldOn ?? "", "unitId": unitId ?? "", "topic": topic ?? "", "title": title ?? "", "platform": platform ?? "",
             "place": place ?? "", "trainers": trainers ?? "", "attendeeCount": attendeeCount ?? "", "attendeeNames": attendeeNames ?? "",
             "note": note ?? "", "version": version.map(String.init) ?? ""]
        }
    }

    /// The session form: new (`session` nil) or the edit part of the session page. The people offered are the unit's
    /// and the ones the session lists (`listed`), never the ids a refused form sent (they would name anyone).
    static func sessionForm(_ req: Request, session s: TrainingSession?, state: FormState, selected: [UUID], listed: [UUID]? = nil,
                            photoState: FormState = FormState(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let unitID = Check.uuid(state["unitId"]) ?? s?.unitID
        let units = try await DigitalLiteracyQueries.unitChoices(on: req.db, user: user)
        var also = listed ?? []
        if listed == nil, let id = s?.id {
            also = try await TrainingAttendee.query(on: req.db).filter(\.$sessionID == id).all().map(\.personID)
        }
        let people = try await DigitalLiteracyQueries.people(on: req.db, communeID: user.communeID,
                                                            unitID: unitID.flatMap { id in units.contains { $0.value == id.uuidString.lowercased() } ? id : nil },
                                                            also: also)
        let form = DigitalLiteracyViews.SessionFormModel(action: s.map { P.literacySession($0.id) } ?? P.literacySessions, state: state,
                                                         units: units, people: people, selected: Set(selected), csrf: user.csrfToken,
                                                         isNew: s == nil)
        if let s {
            let detail = try await DigitalLiteracyQueries.detail(on: req.db, session: s)
            return try await DigitalLiteracyViews.session(.init(
                frame: req.page(s.title, section: .literacy, breadcrumbs: crumbs(s.title)), session: sessionRow(s, detail: detail),
                detail: detail, form: Policy.allows(user, .manageDigitalLiteracy(unitID: s.unitID, communeID: s.communeID)) ? form : nil,
                photoState: photoState, csrf: user.csrfToken,
                showsPeople: Policy.allows(user, .seeLiteracyPeople(unitID: s.unitID, communeID: s.communeID)))).encodeResponse(status: status, for: req)
        }
        return try await DigitalLiteracyViews.newSession(.init(frame: req.page(T.newSession, section: .literacy, breadcrumbs: crumbs(T.newSession)),
                                                               form: form)).encodeResponse(status: status, for: req)
    }

    static func sessionRow(_ s: TrainingSession, detail: DigitalLiteracyQueries.SessionDetail) -> DigitalLiteracyViews.SessionData {
        DigitalLiteracyViews.SessionData(id: s.id!, heldOn: LocalDate(iso: s.heldOn), unitID: s.unitID, unitName: detail.unitName,
                                         topic: TrainingTopic(rawValue: s.topic), title: s.title, platform: s.platform, place: s.place,
                                         trainers: s.trainers, attendeeCount: s.attendeeCount, note: s.note, createdBy: s.createdByName,
                                         version: s.version)
    }

    static func newSession(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.has(.secretariat) || Policy.ownUnit(user) != nil else { throw AppError.forbidden }
        let unit = Check.uuid(req.query[String.self, at: "unitId"]) ?? Policy.ownUnit(user)
        return try await sessionForm(req, session: nil, state: FormState(values: ["unitId": unit?.uuidString.lowercased() ?? ""]), selected: [])
    }

    static func createSession(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.has(.secretariat) || Policy.ownUnit(user) != nil else { throw AppError.forbidden }
        let f = try req.content.decode(SessionForm.self)
        do {
            let s = try await DigitalLiteracyCommands.recordSession(f.input, by: user, actor: try req.auditActor(), on: req.db)
            return req.redirect(to: P.literacySession(s.id), flash: Flash(.success, T.sessionSaved))
        } catch AppError.validation(let fields, let message) {
            return try await sessionForm(req, session: nil, state: FormState(values: f.values, errors: fields, formError: message),
                                         selected: (f.attendeeIds ?? []).compactMap(Check.uuid), status: .unprocessableEntity)
        }
    }

    static func load(_ req: Request) async throws -> TrainingSession {
        try await DigitalLiteracyCommands.session(req.parameters.get("id", as: UUID.self), communeID: try req.requireUser().communeID, on: req.db)
    }

    static func session(req: Request) async throws -> Response {
        try req.authorize(.viewIndicators)
        let s = try await load(req)
        return try await savedSessionPage(req, s)
    }

    /// The session page as saved (the edit form filled from the row), with `photoState` on the photo form.
    static func savedSessionPage(_ req: Request, _ s: TrainingSession, photoState: FormState = FormState(),
                                 status: HTTPResponseStatus = .ok) async throws -> Response {
        let attendees = try await TrainingAttendee.query(on: req.db).filter(\.$sessionID == s.id!).all().map(\.personID)
        let state = FormState(values: [
            "heldOn": LocalDate(iso: s.heldOn)?.vietnamese ?? s.heldOn, "unitId": s.unitID.uuidString.lowercased(), "topic": s.topic,
            "title": s.title, "platform": s.platform, "place": s.place, "trainers": s.trainers,
            "attendeeCount": NumberText.format(Double(s.attendeeCount)), "note": s.note, "version": String(s.version),
        ])
        return try await sessionForm(req, session: s, state: state, selected: attendees, listed: attendees, photoState: photoState, status: status)
    }

    static func updateSession(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let s = try await load(req)
        let f = try req.content.decode(SessionForm.self)
        let selected = (f.attendeeIds ?? []).compactMap(Check.uuid)
        do {
            try await DigitalLiteracyCommands.updateSession(s, f.input, expectedVersion: f.version, by: user, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await sessionForm(req, session: s, state: FormState(values: f.values, errors: fields, formError: message), selected: selected,
                                         status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await sessionForm(req, session: s, state: FormState(values: f.values, formError: message), selected: selected, status: .conflict)
        }
        return req.redirect(to: P.literacySession(s.id), flash: Flash(.success, T.sessionSaved))
    }

    struct VersionForm: Content { var version: Int? }

    static func deleteSession(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let s = try await load(req)
        let f = try req.content.decode(VersionForm.self)
        try await DigitalLiteracyCommands.deleteSession(s, expectedVersion: f.version, by: user, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: P.literacySessions, flash: Flash(.success, T.sessionDeleted))
    }

    // MARK: - Photos

    static func addPhoto(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let s = try await load(req)
        try DigitalLiteracyCommands.requireManage(s.unitID, by: user)
        let received = try req.upload
        var errors: [String: String] = [:]
        var upload: TrainingPhotoUpload?
        if let file = received.file {
            switch try await DigitalLiteracyCommands.checkPhoto(name: file.filename, file: file, maxBytes: req.application.settings.uploadMaxBytes,
                                                                threadPool: req.application.threadPool) {
            case .success(let u): upload = u
            case .failure(let e):
                if case .validation(let fields, _) = e { errors = fields } else { throw e }
            }
        } else {
            errors["file"] = ReportText.fileEmpty
        }
        guard let upload, errors.isEmpty else {
            // The page as saved, the refusal beside the photo field (a browser cannot keep a chosen file: the hint says
            // to choose it again).
            return try await savedSessionPage(req, s, photoState: FormState(errors: errors, formError: CoreText.formHasErrors),
                                              status: .unprocessableEntity)
        }
        _ = try await DigitalLiteracyCommands.addPhoto(s, upload, by: user, store: req.application.files, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: P.literacySession(s.id), flash: Flash(.success, T.photoAdded))
    }

    static func photo(req: Request) async throws -> Response {
        try req.authorize(.viewIndicators)
        let s = try await load(req)
        guard let id = req.parameters.get("photo", as: UUID.self),
              let p = try await TrainingPhoto.query(on: req.db).filter(\.$sessionID == s.id!).filter(\.$id == id).first() else { throw AppError.notFound }
        return try await req.storedFile(hash: p.fileHash, contentType: p.contentType, filename: "anh-lop-hoc", inline: true, cache: true)
    }

    static func deletePhoto(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let s = try await load(req)
        try await DigitalLiteracyCommands.deletePhoto(s, photoID: req.parameters.get("photo", as: UUID.self), by: user,
                                                      actor: try req.auditActor(), on: req.db)
        return req.redirect(to: P.literacySession(s.id), flash: Flash(.success, T.photoDeleted))
    }

    // MARK: - Teams

    static func team(req: Request) async throws -> Response {
        try req.authorize(.viewIndicators)
        return try await renderTeam(req, states: [:])
    }

    /// The team page; `states` holds the forms that came back with messages: "team", "visit".
    static func renderTeam(_ req: Request, states: [String: FormState], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let village = try await DigitalLiteracyCommands.village(req.parameters.get("village", as: UUID.self), communeID: user.communeID, on: req.db)
        let page = try await DigitalLiteracyQueries.team(on: req.db, communeID: user.communeID, villageID: village.id!)
        let people = try await DigitalLiteracyQueries.people(on: req.db, communeID: user.communeID, unitID: village.id,
                                                            also: page.members.compactMap(\.personID))
        return try await DigitalLiteracyViews.team(.init(
            frame: req.page("\(T.team) — \(village.name)", section: .literacy, breadcrumbs: crumbs(village.name)),
            villageID: village.id!, villageName: village.name, page: page, people: people,
            canManage: Policy.allows(user, .manageDigitalLiteracy(unitID: village.id!, communeID: user.communeID)),
            states: states, csrf: user.csrfToken,
            showsPhones: Policy.allows(user, .seeLiteracyPeople(unitID: village.id!, communeID: user.communeID)))).encodeResponse(status: status, for: req)
    }

    struct TeamForm: Content {
        var name: String?
        var decisionNumber: String?
        var decisionDate: String?
        var note: String?
        var memberPersonId: [String]?
        var memberName: [String]?
        var memberRole: [String]?
        var memberPhone: [String]?
        var version: Int?

        var input: DigitalTeamInput {
            let n = max(memberPersonId?.count ?? 0, memberName?.count ?? 0, memberRole?.count ?? 0, memberPhone?.count ?? 0)
            func at(_ list: [String]?, _ i: Int) -> String? { list.flatMap { i < $0.count ? $0[i] : nil } }
            return DigitalTeamInput(name: name, decisionNumber: decisionNumber, decisionDate: decisionDate, note: note,
                                    members: (0..<n).map { i in
                                        DigitalTeamMemberInput(personId: at(memberPersonId, i), fullName: at(memberName, i),
                                                               role: at(memberRole, i), phone: at(memberPhone, i))
                                    })
        }
        var values: [String: String] {
            var v = ["name": name ?? "", "decisionNumber": decisionNumber ?? "", "decisionDate": decisionDate ?? "", "note": note ?? "",
                     "version": version.map(String.init) ?? ""]
            for (i, m) in input.members.enumerated() {
                v["memberPerson.\(i + 1)"] = m.personId ?? ""
                v["memberName.\(i + 1)"] = m.fullName ?? ""
                v["memberRole.\(i + 1)"] = m.role ?? ""
                v["memberPhone.\(i + 1)"] = m.phone ?? ""
            }
            v["memberRows"] = String(input.members.count)
            return v
        }
    }

    /// Sets up the village's team, or changes the active one (the form carries its version).
    static func saveTeam(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let village = try await DigitalLiteracyCommands.village(req.parameters.get("village", as: UUID.self), communeID: user.communeID, on: req.db)
        let f = try req.content.decode(TeamForm.self)
        do {
            if let active = try await DigitalLiteracyCommands.activeTeam(villageID: village.id!, communeID: user.communeID, on: req.db), f.version != nil {
                try await DigitalLiteracyCommands.updateTeam(active, f.input, expectedVersion: f.version, by: user, actor: try req.auditActor(), on: req.db)
            } else {
                _ = try await DigitalLiteracyCommands.createTeam(villageID: village.id, f.input, by: user, actor: try req.auditActor(), on: req.db)
            }
        } catch AppError.validation(let fields, let message) {
            return try await renderTeam(req, states: ["team": FormState(values: f.values, errors: fields, formError: message)], status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await renderTeam(req, states: ["team": FormState(values: f.values, formError: message)], status: .conflict)
        }
        return req.redirect(to: P.literacyTeam(village.id), flash: Flash(.success, T.teamSaved))
    }

    static func activeTeam(_ req: Request) async throws -> DigitalTeam {
        let user = try req.requireUser()
        let village = try await DigitalLiteracyCommands.village(req.parameters.get("village", as: UUID.self), communeID: user.communeID, on: req.db)
        guard let t = try await DigitalLiteracyCommands.activeTeam(villageID: village.id!, communeID: user.communeID, on: req.db) else {
            throw AppError.notFound
        }
        return t
    }

    static func dissolveTeam(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await activeTeam(req)
        try DigitalLiteracyCommands.requireManage(t.villageID, by: user)
        let f = try req.content.decode(VersionForm.self)
        try await DigitalLiteracyCommands.dissolveTeam(t, expectedVersion: f.version, by: user, actor: try req.auditActor(), on: req.db)
        return req.redirect(to: P.literacyTeam(t.villageID), flash: Flash(.success, T.dissolved))
    }

    struct VisitForm: Content {
        var visitedOn: String?
        var households: String?
        var peopleGuided: String?
        var visitNote: String?
        var input: DigitalTeamVisitInput { DigitalTeamVisitInput(visitedOn: visitedOn, households: households, peopleGuided: peopleGuided, note: visitNote) }
        var values: [String: String] {
            ["visitedOn": visitedOn ?? "", "households": households ?? "", "peopleGuided": peopleGuided ?? "", "visitNote": visitNote ?? ""]
        }
    }

    static func addVisit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await activeTeam(req)
        try DigitalLiteracyCommands.requireManage(t.villageID, by: user)
        let f = try req.content.decode(VisitForm.self)
        do {
            _ = try await DigitalLiteracyCommands.addVisit(t, f.input, by: user, actor: try req.auditActor(), on: req.db)
        } catch AppError.validation(let fields, let message) {
            return try await renderTeam(req, states: ["visit": FormState(values: f.values, errors: fields, formError: message)], status: .unprocessableEntity)
        }
        return req.redirect(to: P.literacyTeam(t.villageID), flash: Flash(.success, T.visitAdded))
    }

    static func deleteVisit(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = try await activeTeam(req)
        try await DigitalLiteracyCommands.deleteVisit(t, visitID: req.parameters.get("visit", as: UUID.self), by: user,
                                                      actor: try req.auditActor(), on: req.db)
        return req.redirect(to: P.literacyTeam(t.villageID), flash: Flash(.success, T.visitDeleted))
    }
}
