import Fluent
import Foundation
import SQLKit
import Vapor

/// A training session as typed in the form (or sent by the API): every field as text, checked by
/// ``DigitalLiteracyCommands``.
struct TrainingSessionInput: Sendable {
    var heldOn: String?
    var unitId: String?
    var topic: String?
    var title: String?
    var platform: String?
    var place: String?
    /// One trainer per line.
    var trainers: String?
    /// "1.500" reads as 1500 (``NumberText``); a whole number, not negative.
    var attendeeCount: String?
    /// People picked from the session unit's list (ids).
    var attendeeIds: [String] = []
    /// Other people of the commune, one name per line, matched to the directory.
    var attendeeNames: String?
    var note: String?
}

/// A training session once checked.
struct CheckedTrainingSession: Sendable, Equatable {
    let heldOn: LocalDate
    let unitID: UUID
    let topic: TrainingTopic
    let title: String
    let platform: String
    let place: String
    let trainers: String
    let attendeeCount: Int
    let attendees: [UUID]
    let note: String
}

/// One line of a team's member table: a person of the directory, or a name and a phone.
struct DigitalTeamMemberInput: Sendable {
    var personId: String?
    var fullName: String?
    /// ``DigitalTeamRole`` raw value.
    var role: String?
    var phone: String?
}

/// A village's team as typed in the form.
struct DigitalTeamInput: Sendable {
    var name: String?
    var decisionNumber: String?
    var decisionDate: String?
    var note: String?
    var members: [DigitalTeamMemberInput] = []
}

/// A house visit as typed in the form.
struct DigitalTeamVisitInput: Sendable {
    var visitedOn: String?
    /// Households visited and people guided: whole numbers, "1.500" = 1500.
    var households: String?
    var peopleGuided: String?
    var note: String?
}

/// A member's role in a Tổ công nghệ số cộng đồng. The stored text is the Vietnamese label (as the decision writes it).
enum DigitalTeamRole: String, CaseIterable, Sendable {
    case leader, deputy, member
    var label: String {
        switch self {
        case .leader: "Tổ trưởng"
        case .deputy: "Tổ phó"
        case .member: "Thành viên"
        }
    }

    /// The role a member row stores: its Vietnamese label (as the commands write it), or its raw value.
    static func of(label: String) -> DigitalTeamRole? { allCases.first { $0.label == label || $0.rawValue == label } }
}

/// A checked photo file (type read from its bytes), on its way into the store.
struct TrainingPhotoUpload: Sendable {
    let name: String
    let content: EvidenceCommands.Content
    let kind: FileKind

    /// The kinds a photo may be.
    static let imageKinds: Set<FileKind> = [.jpeg, .png, .gif, .webp]
}

/// Bình dân học vụ số changes: sessions (with attendees and photos), a village's team (members) and its house visits.
/// Each checks the permission (``Action/manageDigitalLiteracy(unitID:communeID:)``: the unit's focal point, or the
/// secretariat), the fields (one Vietnamese message per field), the version of what it changes, and writes the change
/// with its audit row in one transaction. Pages and the API only call these.
enum DigitalLiteracyCommands {
    typealias T = DigitalLiteracyText

    static func invalid(_ errors: [String: String]) -> AppError { .validation(fields: errors, message: CoreText.formHasErrors) }

    /// The years a session or visit may fall in: the movement's, from the year before it starts — the baseline year,
    /// as for the indicator values (IndicatorValueRules) — or this year alone when no movement is set up.
    static func movementYears(communeID: UUID, today: LocalDate, on db: any Database) async throws -> ClosedRange<Int> {
        guard let m = try await MovementQueries.movement(on: db, communeID: communeID) else { return today.year...today.year }
        return (m.startYear - 1)...max(m.startYear, m.endYear)
    }

    /// A day of the movement, not after today: `field`'s message otherwise.
    static func checkDay(_ text: String?, _ field: String, years: ClosedRange<Int>, today: LocalDate, required: Bool = true,
                         into errors: inout [String: String]) -> LocalDate? {
        guard let iso = Check.date(text, field, required: required, into: &errors), let day = LocalDate(iso: iso) else { return nil }
        if !years.contains(day.year) {
            errors[field] = T.outsideMovement(years)
            return nil
        }
        if today < day {
            errors[field] = T.inFuture(today)
            return nil
        }
        return day
    }

    /// A whole count, not negative ("1.500" = 1500; "1,5" and "-3" refused beside the field).
    static func checkCount(_ text: String?, _ field: String, into errors: inout [String: String]) -> Int? {
        guard let v = Check.number(text, field, .count, required: true, into: &errors) else { return nil }
        return Int(v)
    }

    // MARK: - Sessions

    /// Checks a session: the day within the movement and not in the future, a unit of the commune that the user may
    /// record for (403 otherwise), a topic of the framework, the texts, the count (whole, ≥ 0, ≥ the people listed),
    /// the attendees (people of this commune only; typed names matched to the directory).
    static func check(_ input: TrainingSessionInput, by user: CurrentUser, today: LocalDate, listed: [UUID] = [],
                      on db: any Database) async throws -> CheckedTrainingSession {
        var errors: [String: String] = [:]
        let years = try await movementYears(communeID: user.communeID, today: today, on: db)
        let day = checkDay(input.heldOn, "heldOn", years: years, today: today, into: &errors)
        var unitID: UUID?
        var unit: Unit?
        if let id = Check.uuid(input.unitId) {
            unit = try await Unit.query(on: db).filter(\.$communeID == user.communeID).filter(\.$id == id).first()
            if unit == nil { errors["unitId"] = T.unknownUnit } else { unitID = id }
        } else {
            errors["unitId"] = TextFolding.clean(input.unitId).isEmpty ? CoreText.required : T.unknownUnit
        }
        if let unitID, !Policy.allows(user, .manageDigitalLiteracy(unitID: unitID, communeID: user.communeID)) { throw AppError.forbidden }
        let topic = TrainingTopic(rawValue: TextFolding.clean(input.topic))
        if topic == nil { errors["topic"] = TextFolding.clean(input.topic).isEmpty ? CoreText.required : CoreText.invalidChoice }
        let title = Check.text(input.title, "title", max: 200, required: true, into: &errors)
        let platform = Check.text(input.platform, "platform", max: 200, required: false, into: &errors)
        let place = Check.text(input.place, "place", max: 300, required: false, into: &errors)
        let trainers = Check.text(input.trainers, "trainers", max: TextLimit.long, required: false, multiline: true, into: &errors)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
        let note = Check.text(input.note, "note", max: TextLimit.long, required: false, into: &errors)
        let count = checkCount(input.attendeeCount, "attendeeCount", into: &errors)
        var attendees: [UUID] = []
        if let unit {
            attendees = try await checkAttendees(ids: input.attendeeIds, names: input.attendeeNames, unit: unit, listed: listed, on: db, into: &errors)
        }
        if let count, count < attendees.count, errors["attendeeIds"] == nil, errors["attendeeNames"] == nil {
            errors["attendeeCount"] = T.countBelowListed(attendees.count)
        }
        guard errors.isEmpty, let day, let unitID, let topic, let count else { throw invalid(errors) }
        return CheckedTrainingSession(heldOn: day, unitID: unitID, topic: topic, title: title, platform: platform, place: place,
                                      trainers: trainers, attendeeCount: count, attendees: attendees, note: note)
    }

    /// The attendees: the ids picked, and each typed name matched to one person of the session's unit (two statements
    /// at most, whatever the number of people). Only the unit's people can be listed, as the form offers them, and the
    /// ones the session already lists (`listed`): anyone else is counted in the number of attendees, so that nobody
    /// learns from this form who lives in another village (the attacker's finding, issue 16).
    static func checkAttendees(ids: [String], names: String?, unit: Unit, listed: [UUID], on db: any Database,
                               into errors: inout [String: String]) async throws -> [UUID] {
        let communeID = unit.communeID, unitID = unit.id!
        // At most this many people listed by id (a longer list, as an API may send, is refused before any work).
        guard ids.count <= T.maxListedAttendees else { errors["attendeeIds"] = T.tooManyListed; return [] }
        var picked: [UUID] = []
        var seen = Set<UUID>()
        let listed = Set(listed)
        for text in ids where !TextFolding.clean(text).isEmpty {
            guard let id = Check.uuid(text) else { errors["attendeeIds"] = T.attendeeNotInUnit(unit.name); return [] }
            if seen.insert(id).inserted { picked.append(id) }
        }
        if !picked.isEmpty {
            let found = try await Person.query(on: db).filter(\.$communeID == communeID).filter(\.$id ~~ picked).all()
                .filter { $0.unitID == unitID || listed.contains($0.id!) }.compactMap(\.id)
            if Set(found) != Set(picked) { errors["attendeeIds"] = T.attendeeNotInUnit(unit.name); return [] }
        }
        let typed = Check.text(names, "attendeeNames", max: 20_000, required: false, multiline: true, into: &errors)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !typed.isEmpty, errors["attendeeNames"] == nil else { return picked }
        struct Row: Decodable { let id: UUID; let full_name: String }
        let people = try await db.sql.raw("""
            SELECT id, full_name FROM people WHERE commune_id = \(bind: communeID) AND unit_id = \(bind: unitID) AND is_active = \(bind: true)
            """).all(decoding: Row.self)
        var exact: [String: [UUID]] = [:]
        var folded: [String: [UUID]] = [:]
        for p in people {
            exact[TextFolding.clean(p.full_name).lowercased(), default: []].append(p.id)
            folded[TextFolding.fold(p.full_name), default: []].append(p.id)
        }
        var problems: [String] = []
        var result = picked
        guard typed.count <= T.maxListedAttendees else { errors["attendeeNames"] = T.tooManyListed; return picked }
        for name in typed {
            let matches = exact[name.lowercased()] ?? folded[TextFolding.fold(name)] ?? []
            if matches.count == 1 {
                if seen.insert(matches[0]).inserted { result.append(matches[0]) }
            } else {
                problems.append(matches.isEmpty ? T.nameNotFound(name, unit.name) : T.nameAmbiguous(name, matches.count))
            }
        }
        if !problems.isEmpty { errors["attendeeNames"] = problems.prefix(5).joined(separator: " ") }
        return result
    }

    static func snapshot(_ s: TrainingSession, attendees: Int) -> [String: String] {
        ["heldOn": s.heldOn, "unitId": s.unitID.uuidString.lowercased(), "topic": s.topic, "title": s.title, "platform": s.platform,
         "place": s.place, "trainers": s.trainers, "attendeeCount": String(s.attendeeCount), "attendeesListed": String(attendees), "note": s.note]
    }

    static func apply(_ c: CheckedTrainingSession, to s: TrainingSession) {
        s.unitID = c.unitID
        s.heldOn = c.heldOn.iso
        s.year = c.heldOn.year
        s.topic = c.topic.rawValue
        s.title = c.title
        s.platform = c.platform
        s.place = c.place
        s.trainers = c.trainers
        s.attendeeCount = c.attendeeCount
        s.note = c.note
    }

    static func insertAttendees(_ ids: [UUID], session: UUID, communeID: UUID, on db: any Database) async throws {
        try await db.sql.insertRows(into: TrainingAttendee.schema, columns: ["id", "commune_id", "session_id", "person_id"],
                                    ids.map { "(\(bind: UUID()), \(bind: communeID), \(bind: session), \(bind: $0))" })
    }

    /// Records a session with its attendees.
    static func recordSession(_ input: TrainingSessionInput, by user: CurrentUser, actor: AuditActor, on db: any Database) async throws -> TrainingSession {
        let c = try await check(input, by: user, today: LocalDate(actor.at), on: db)
        let s = TrainingSession()
        s.id = UUID()
        s.communeID = user.communeID
        apply(c, to: s)
        s.createdBy = user.id
        s.createdByName = user.displayName
        s.createdAt = actor.at
        s.updatedAt = actor.at
        s.version = 1
        try await db.writeTransaction { db in
            try await s.create(on: db)
            try await insertAttendees(c.attendees, session: s.id!, communeID: s.communeID, on: db)
            try await AuditLog.record(on: db, actor, .create, type: "training_session", id: s.id, label: s.title,
                                      after: snapshot(s, attendees: c.attendees.count))
        }
        return s
    }

    /// Loads a session of the user's commune (404 otherwise).
    static func session(_ id: UUID?, communeID: UUID, on db: any Database) async throws -> TrainingSession {
        guard let id, let s = try await TrainingSession.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id).first() else {
            throw AppError.notFound
        }
        return s
    }

    static func requireManage(_ unitID: UUID, by user: CurrentUser) throws {
        guard Policy.allows(user, .manageDigitalLiteracy(unitID: unitID, communeID: user.communeID)) else { throw AppError.forbidden }
    }

    /// Changes a session, from the version the form was opened at; its attendees become the ones given. Moving it to
    /// another unit needs the right to both.
    static func updateSession(_ s: TrainingSession, _ input: TrainingSessionInput, expectedVersion: Int?, by user: CurrentUser,
                              actor: AuditActor, on db: any Database) async throws {
        try requireManage(s.unitID, by: user)
        let listed = try await TrainingAttendee.query(on: db).filter(\.$sessionID == s.id!).all().map(\.personID)
        let c = try await check(input, by: user, today: LocalDate(actor.at), listed: listed, on: db)
        guard let expectedVersion else { throw AppError.conflict(CoreText.conflict) }
        let before = snapshot(s, attendees: try await TrainingAttendee.query(on: db).filter(\.$sessionID == s.id!).count())
        apply(c, to: s)
        s.updatedAt = actor.at
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(TrainingSession.schema, id: s.id!, from: expectedVersion, on: db)
            s.version = expectedVersion + 1
            try await s.update(on: db)
            try await TrainingAttendee.query(on: db).filter(\.$sessionID == s.id!).delete()
            try await insertAttendees(c.attendees, session: s.id!, communeID: s.communeID, on: db)
            try await AuditLog.record(on: db, actor, .update, type: "training_session", id: s.id, label: s.title, before: before,
                                      after: snapshot(s, attendees: c.attendees.count))
        }
    }

    /// Deletes a session with its attendees and photo rows (the photo files stay in the store: other rows may name
    /// the same bytes).
    static func deleteSession(_ s: TrainingSession, expectedVersion: Int?, by user: CurrentUser, actor: AuditActor, on db: any Database) async throws {
        try requireManage(s.unitID, by: user)
        guard let expectedVersion else { throw AppError.conflict(CoreText.conflict) }
        let before = snapshot(s, attendees: try await TrainingAttendee.query(on: db).filter(\.$sessionID == s.id!).count())
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(TrainingSession.schema, id: s.id!, from: expectedVersion, on: db)
            try await TrainingAttendee.query(on: db).filter(\.$sessionID == s.id!).delete()
            try await TrainingPhoto.query(on: db).filter(\.$sessionID == s.id!).delete()
            try await TrainingSession.query(on: db).filter(\.$id == s.id!).delete()
            try await AuditLog.record(on: db, actor, .delete, type: "training_session", id: s.id, label: s.title, before: before)
        }
    }

    // MARK: - Photos

    /// Checks an uploaded photo: the evidence rules (name, size), then an image by its bytes.
    static func checkPhoto(name: String?, file: TempFile, maxBytes: Int, threadPool: NIOThreadPool) async throws -> Result<TrainingPhotoUpload, AppError> {
        switch try await EvidenceCommands.check(name: name, file: file, maxBytes: maxBytes, threadPool: threadPool) {
        case .success(let kind):
            guard TrainingPhotoUpload.imageKinds.contains(kind) else { return .failure(invalid(["file": T.photoNotImage])) }
            return .success(TrainingPhotoUpload(name: name ?? "", content: .received(file), kind: kind))
        case .failure(let e):
            if case .validation(let fields, _) = e, fields["file"] == ReportText.fileBadType { return .failure(invalid(["file": T.photoNotImage])) }
            return .failure(e)
        }
    }

    /// The same check for bytes in memory (the API, tests).
    static func checkPhoto(name: String?, data: Data, maxBytes: Int) -> Result<TrainingPhotoUpload, AppError> {
        switch EvidenceCommands.check(name: name, data: data, maxBytes: maxBytes) {
        case .success(let kind):
            guard TrainingPhotoUpload.imageKinds.contains(kind) else { return .failure(invalid(["file": T.photoNotImage])) }
            return .success(TrainingPhotoUpload(name: name ?? "", content: .bytes(data), kind: kind))
        case .failure(let e):
            if case .validation(let fields, _) = e, fields["file"] == ReportText.fileBadType { return .failure(invalid(["file": T.photoNotImage])) }
            return .failure(e)
        }
    }

    /// Adds a checked photo to a session; a received file is moved into the store by the write that records it.
    static func addPhoto(_ s: TrainingSession, _ photo: TrainingPhotoUpload, by user: CurrentUser, store: any FileStore,
                         actor: AuditActor, on db: any Database) async throws -> TrainingPhoto {
        try requireManage(s.unitID, by: user)
        let stored: StoredFile
        switch photo.content {
        case .bytes(let data): stored = try await store.put(data)
        case .received(let file): stored = StoredFile(hash: file.sha256, size: file.size)
        }
        let p = TrainingPhoto()
        p.id = UUID()
        p.communeID = s.communeID
        p.sessionID = s.id!
        p.fileHash = stored.hash
        p.contentType = photo.kind.contentType
        p.size = stored.size
        p.originalName = TextFolding.clean(photo.name)
        p.uploadedBy = actor.name
        p.createdAt = actor.at
        let files = photo.content.received.map { [$0] } ?? []
        try await store.placing(files) { placement in
            try await db.writeTransaction { db in
                try await p.create(on: db)
                try await AuditLog.record(on: db, actor, .create, type: "training_photo", id: p.id, label: "\(T.photos): \(s.title)",
                                          after: ["session": s.id!.uuidString.lowercased(), "file": p.originalName, "size": String(p.size)])
                try await placement.place()
            }
        }
        return p
    }

    static func deletePhoto(_ s: TrainingSession, photoID: UUID?, by user: CurrentUser, actor: AuditActor, on db: any Database) async throws {
        try requireManage(s.unitID, by: user)
        guard let photoID, let p = try await TrainingPhoto.query(on: db).filter(\.$sessionID == s.id!).filter(\.$id == photoID).first() else {
            throw AppError.notFound
        }
        try await db.writeTransaction { db in
            try await p.delete(on: db)
            try await AuditLog.record(on: db, actor, .delete, type: "training_photo", id: p.id, label: "\(T.photos): \(s.title)",
                                      before: ["session": s.id!.uuidString.lowercased(), "file": p.originalName])
        }
    }

    // MARK: - Teams

    /// A village of the commune (404 for anything else: another commune's, an agency).
    static func village(_ id: UUID?, communeID: UUID, on db: any Database) async throws -> Unit {
        guard let id, let u = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$id == id)
            .filter(\.$kind == UnitKind.village.rawValue).first() else { throw AppError.notFound }
        return u
    }

    /// The village's active team, if any.
    static func activeTeam(villageID: UUID, communeID: UUID, on db: any Database) async throws -> DigitalTeam? {
        try await DigitalTeam.query(on: db).filter(\.$communeID == communeID).filter(\.$villageID == villageID)
            .filter(\.$isActive == true).first()
    }

    struct CheckedMember: Sendable, Equatable {
        let personID: UUID?
        let fullName: String
        let role: DigitalTeamRole
        let phone: String
    }

    struct CheckedTeam: Sendable {
        let name: String
        let decisionNumber: String
        let decisionDate: String?
        let note: String
        let members: [CheckedMember]
    }

    /// Checks a team: the decision's number (and its date, not in the future), the members (each a person of the
    /// commune, or a name with a phone; a known role; one Tổ trưởng at most; nobody twice). Blank lines are skipped.
    static func check(_ input: DigitalTeamInput, village: Unit, today: LocalDate, members current: [UUID] = [],
                      on db: any Database) async throws -> CheckedTeam {
        var errors: [String: String] = [:]
        var name = Check.text(input.name, "name", max: 200, required: false, into: &errors)
        if name.isEmpty { name = T.defaultTeamName(village.name) }
        let number = Check.text(input.decisionNumber, "decisionNumber", max: 60, required: true, into: &errors)
        var date = Check.date(input.decisionDate, "decisionDate", into: &errors)
        if let d = date.flatMap(LocalDate.init(iso:)), today < d { errors["decisionDate"] = T.inFuture(today); date = nil }
        let note = Check.text(input.note, "note", max: TextLimit.long, required: false, into: &errors)
        let lines = input.members.enumerated().filter { _, m in
            ![m.personId, m.fullName, m.phone].allSatisfy { TextFolding.clean($0).isEmpty }
        }
        let ids = lines.compactMap { Check.uuid($0.element.personId) }
        let people = ids.isEmpty ? [] : try await Person.query(on: db).filter(\.$communeID == village.communeID).filter(\.$id ~~ ids).all()
        // Only the village's people can be picked, as the form offers them, and the team's members already (who may
        // have moved since): anyone else is written by name and phone, so nobody's phone is learnt by picking them.
        let byID = Dictionary(people.filter { $0.unitID == village.id || current.contains($0.id!) }.compactMap { p in p.id.map { ($0, p) } },
                              uniquingKeysWith: { a, _ in a })
        var members: [CheckedMember] = []
        for (index, m) in lines {
            let row = index + 1
            let role = DigitalTeamRole(rawValue: TextFolding.clean(m.role)) ?? (TextFolding.clean(m.role).isEmpty ? .member : nil)
            if role == nil { errors["memberRole.\(row)"] = CoreText.invalidChoice }
            var fullName = Check.text(m.fullName, "memberName.\(row)", max: 120, required: false, into: &errors)
            var phone = Check.phone(m.phone, "memberPhone.\(row)", into: &errors)
            var personID: UUID?
            if !TextFolding.clean(m.personId).isEmpty {
                guard let id = Check.uuid(m.personId), let p = byID[id] else {
                    errors["memberPerson.\(row)"] = T.memberNotInVillage(village.name)
                    continue
                }
                personID = id
                if fullName.isEmpty { fullName = p.fullName }
                // Only a person of the village lends the directory's phone: one kept from before who has moved keeps
                // the phone given here (nobody learns another village's phone by re-saving the team).
                if phone.isEmpty, p.unitID == village.id { phone = p.phone }
            } else {
                if fullName.isEmpty, errors["memberName.\(row)"] == nil { errors["memberName.\(row)"] = CoreText.required }
                if phone.isEmpty, errors["memberPhone.\(row)"] == nil { errors["memberPhone.\(row)"] = T.phoneRequired }
            }
            if let role { members.append(CheckedMember(personID: personID, fullName: fullName, role: role, phone: phone)) }
        }
        if members.filter({ $0.role == .leader }).count > 1 { errors["members"] = T.oneLeader }
        let keys = members.map { $0.personID?.uuidString ?? TextFolding.fold($0.fullName) + "|" + $0.phone }
        if Set(keys).count != keys.count { errors["members"] = T.memberTwice }
        guard errors.isEmpty else { throw invalid(errors) }
        return CheckedTeam(name: name, decisionNumber: number, decisionDate: date, note: note, members: members)
    }

    static func insertMembers(_ members: [CheckedMember], team: UUID, communeID: UUID, on db: any Database) async throws {
        try await db.sql.insertRows(into: DigitalTeamMember.schema,
                                    columns: ["id", "commune_id", "team_id", "person_id", "full_name", "role", "phone", "position"],
                                    members.enumerated().map { i, m in
                                        "(\(bind: UUID()), \(bind: communeID), \(bind: team), \(bind: m.personID), \(bind: m.fullName), \(bind: m.role.label), \(bind: m.phone), \(bind: i + 1))"
                                    })
    }

    static func snapshot(_ t: DigitalTeam, members: [CheckedMember]) -> [String: String] {
        ["name": t.name, "decisionNumber": t.decisionNumber, "decisionDate": t.decisionDate ?? "", "note": t.note,
         "active": t.isActive ? "1" : "0", "members": members.map { "\($0.role.label): \($0.fullName) \($0.phone)" }.joined(separator: "; ")]
    }

    /// Sets up the village's team. A village has one active team: a second is refused (the first is changed, or
    /// dissolved first).
    static func createTeam(villageID: UUID?, _ input: DigitalTeamInput, by user: CurrentUser, actor: AuditActor, on db: any Database) async throws -> DigitalTeam {
        let v = try await village(villageID, communeID: user.communeID, on: db)
        try requireManage(v.id!, by: user)
        let c = try await check(input, village: v, today: LocalDate(actor.at), on: db)
        let t = DigitalTeam()
        t.id = UUID()
        t.communeID = user.communeID
        t.villageID = v.id!
        t.name = c.name
        t.decisionNumber = c.decisionNumber
        t.decisionDate = c.decisionDate
        t.note = c.note
        t.isActive = true
        t.createdAt = actor.at
        t.version = 1
        try await db.writeTransaction(writesFirst: true) { db in
            // Checked inside the write, so two saves at once cannot both make a team.
            if try await activeTeam(villageID: v.id!, communeID: v.communeID, on: db) != nil { throw AppError.conflict(T.teamExists) }
            try await t.create(on: db)
            try await insertMembers(c.members, team: t.id!, communeID: t.communeID, on: db)
            try await AuditLog.record(on: db, actor, .create, type: "digital_team", id: t.id, label: t.name, after: snapshot(t, members: c.members))
        }
        return t
    }

    static func currentMembers(_ t: DigitalTeam, on db: any Database) async throws -> [CheckedMember] {
        try await DigitalTeamMember.query(on: db).filter(\.$teamID == t.id!).sort(\.$position).all().map {
            CheckedMember(personID: $0.personID, fullName: $0.fullName, role: DigitalTeamRole.of(label: $0.role) ?? .member, phone: $0.phone)
        }
    }

    /// Changes the team (its decision, note and members), from the version the form was opened at.
    static func updateTeam(_ t: DigitalTeam, _ input: DigitalTeamInput, expectedVersion: Int?, by user: CurrentUser, actor: AuditActor,
                           on db: any Database) async throws {
        try requireManage(t.villageID, by: user)
        guard t.isActive else { throw AppError.conflict(T.teamDissolved) }
        let v = try await village(t.villageID, communeID: t.communeID, on: db)
        let current = try await currentMembers(t, on: db)
        let c = try await check(input, village: v, today: LocalDate(actor.at), members: current.compactMap(\.personID), on: db)
        guard let expectedVersion else { throw AppError.conflict(CoreText.conflict) }
        let before = snapshot(t, members: current)
        t.name = c.name
        t.decisionNumber = c.decisionNumber
        t.decisionDate = c.decisionDate
        t.note = c.note
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(DigitalTeam.schema, id: t.id!, from: expectedVersion, on: db)
            t.version = expectedVersion + 1
            try await t.update(on: db)
            try await DigitalTeamMember.query(on: db).filter(\.$teamID == t.id!).delete()
            try await insertMembers(c.members, team: t.id!, communeID: t.communeID, on: db)
            try await AuditLog.record(on: db, actor, .update, type: "digital_team", id: t.id, label: t.name, before: before,
                                      after: snapshot(t, members: c.members))
        }
    }

    /// Ends the team (a new decision replaces it): it stays on record with its visits; the village may set up another.
    static func dissolveTeam(_ t: DigitalTeam, expectedVersion: Int?, by user: CurrentUser, actor: AuditActor, on db: any Database) async throws {
        try requireManage(t.villageID, by: user)
        guard t.isActive else { return }
        guard let expectedVersion else { throw AppError.conflict(CoreText.conflict) }
        try await db.writeTransaction { db in
            try await OptimisticLock.bump(DigitalTeam.schema, id: t.id!, from: expectedVersion, on: db)
            t.version = expectedVersion + 1
            t.isActive = false
            try await t.update(on: db)
            try await AuditLog.record(on: db, actor, .deactivate, type: "digital_team", id: t.id, label: t.name,
                                      before: ["active": "1"], after: ["active": "0"])
        }
    }

    // MARK: - Visits

    /// Records a house visit of the team: the day within the movement and not in the future, households and people
    /// guided as whole numbers ≥ 0.
    static func addVisit(_ t: DigitalTeam, _ input: DigitalTeamVisitInput, by user: CurrentUser, actor: AuditActor,
                         on db: any Database) async throws -> DigitalTeamVisit {
        try requireManage(t.villageID, by: user)
        guard t.isActive else { throw AppError.conflict(T.teamDissolved) }
        var errors: [String: String] = [:]
        let today = LocalDate(actor.at)
        let years = try await movementYears(communeID: t.communeID, today: today, on: db)
        let day = checkDay(input.visitedOn, "visitedOn", years: years, today: today, into: &errors)
        let households = checkCount(input.households, "households", into: &errors)
        let guided = checkCount(input.peopleGuided, "peopleGuided", into: &errors)
        let note = Check.text(input.note, "visitNote", max: TextLimit.long, required: false, multiline: true, into: &errors)
        guard errors.isEmpty, let day, let households, let guided else { throw invalid(errors) }
        let v = DigitalTeamVisit()
        v.id = UUID()
        v.communeID = t.communeID
        v.teamID = t.id!
        v.visitedOn = day.iso
        v.year = day.year
        v.households = households
        v.peopleGuided = guided
        v.note = note
        v.createdByName = user.displayName
        v.createdAt = actor.at
        try await db.writeTransaction { db in
            try await v.create(on: db)
            try await AuditLog.record(on: db, actor, .create, type: "digital_team_visit", id: v.id, label: "\(T.visits): \(t.name)",
                                      after: ["visitedOn": v.visitedOn, "households": String(households), "peopleGuided": String(guided), "note": note])
        }
        return v
    }

    static func deleteVisit(_ t: DigitalTeam, visitID: UUID?, by user: CurrentUser, actor: AuditActor, on db: any Database) async throws {
        try requireManage(t.villageID, by: user)
        guard let visitID, let v = try await DigitalTeamVisit.query(on: db).filter(\.$teamID == t.id!).filter(\.$id == visitID).first() else {
            throw AppError.notFound
        }
        try await db.writeTransaction { db in
            try await v.delete(on: db)
            try await AuditLog.record(on: db, actor, .delete, type: "digital_team_visit", id: v.id, label: "\(T.visits): \(t.name)",
                                      before: ["visitedOn": v.visitedOn, "households": String(v.households), "peopleGuided": String(v.peopleGuided)])
        }
    }
}
