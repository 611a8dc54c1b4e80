import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// Bình dân học vụ số: every refusal rule of sessions, teams and visits; the photos' type by bytes over a real socket;
/// the overview's figures against the rows; hostile text escaped.
@Suite("Bình dân học vụ số")
struct DigitalLiteracyTests {
    static func id(_ u: UUID) -> String { u.uuidString.lowercased() }
    static let hostile = #"<script>alert(1)</script>"' data-pwn="1"#

    static func user(_ app: Application, _ username: String) async throws -> CurrentUser {
        let u = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
        let roles = try await UserRole.query(on: app.db).filter(\.$userID == u.id!).all().compactMap { Role(rawValue: $0.role) }
        return CurrentUser(id: u.id!, communeID: u.communeID, communeName: "Nghĩa Trung", username: u.username, displayName: u.displayName,
                           roles: Set(roles), unitID: u.unitID, personID: u.personID, sessionID: UUID(), csrfToken: "", viaAPI: false)
    }

    static func actor(_ app: Application, _ fx: Fixtures) -> AuditActor { .system(communeID: fx.communeA, at: app.clock.now()) }

    static func input(_ fx: Fixtures, heldOn: String = "20/11/2026", unit: UUID? = nil, count: String = "1.500", ids: [UUID] = [],
                      names: String = "") -> TrainingSessionInput {
        TrainingSessionInput(heldOn: heldOn, unitId: id(unit ?? fx.villageA), topic: TrainingTopic.publicServices.rawValue,
                             title: "Hướng dẫn cài đặt VNeID", platform: "binhdanhocvuso.gov.vn", place: "Nhà văn hóa thôn",
                             trainers: "Tổ CNSCĐ thôn\nKỹ sư VNPT", attendeeCount: count, attendeeIds: ids.map(id), attendeeNames: names, note: "")
    }

    static func refused(_ field: String, _ body: () async throws -> Void) async throws -> String? {
        do {
            try await body()
        } catch AppError.validation(let fields, _) {
            return fields[field]
        }
        return nil
    }

    /// The AppError a call throws, as text ("notFound", "conflict(\"…\")"); nil when it succeeds.
    static func thrown(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
        } catch let e as AppError {
            return String(describing: e)
        } catch {
            return "other: \(error)"
        }
        return nil
    }

    // MARK: - Sessions

    /// A second person of the fixtures' village (Thôn Bình Thủy): Nguyễn Văn Tâm.
    static func neighbour(_ app: Application, _ fx: Fixtures) async throws -> UUID {
        let values = PersonValues(fullName: "Nguyễn Văn Tâm", title: "Trưởng thôn", unitID: fx.villageA, phone: "0912 345 678", email: "", birthDate: "")
        return try await DirectoryCommands.createPerson(values, communeID: fx.communeA, actor: .system(communeID: fx.communeA, at: Date()), on: app.db).id!
    }

    /// The attacker's finding (issue 16): a focal point could list any person of the commune as an attendee, or a team
    /// member, and so learn who lives where and, for a member, their phone. Only the village's people can be picked or
    /// matched by name now; the people already listed stay listable when the record is changed.
    @Test func onlyTheUnitsPeopleCanBeListedOrMadeMembers() async throws {
        try await withTestApp { app, fx in
            let focal = try await Self.user(app, "daumoi")
            let village = "Thôn Bình Thủy"
            let picked = try await Self.refused("attendeeIds") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, ids: [fx.official]), by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(picked == DigitalLiteracyText.attendeeNotInUnit(village))
            // By name, the official of the commune's office is not found in the village: nothing says she exists.
            let typed = try await Self.refused("attendeeNames") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, names: "Trần Thị Thu Hà"), by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(typed == DigitalLiteracyText.nameNotFound("Trần Thị Thu Hà", village))
            let member = try await Self.refused("memberPerson.1") {
                _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput([
                    DigitalTeamMemberInput(personId: Self.id(fx.official), fullName: nil, role: "member", phone: nil)]),
                    by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(member == DigitalLiteracyText.memberNotInVillage(village))
            // A list longer than any session's (an API body of thousands of ids) is refused before any work.
            let long = try await Self.refused("attendeeIds") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, ids: (0...DigitalLiteracyText.maxListedAttendees).map { _ in UUID() }),
                                                                    by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(long == DigitalLiteracyText.tooManyListed)
            #expect(try await TrainingSession.query(on: app.db).count() == 0)
            #expect(try await DigitalTeam.query(on: app.db).count() == 0)
            // Through the page too: refused beside the field, nothing saved.
            let web = try await app.login("daumoi")
            let page = try await app.post("/literacy/sessions", as: web, ["heldOn": "20/11/2026", "unitId": Self.id(fx.villageA), "topic": "devices",
                                                                          "title": "Lớp học", "attendeeCount": "10", "attendeeIds[]": Self.id(fx.official)])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains(HTMLEscape.text(DigitalLiteracyText.attendeeNotInUnit(village))))
            #expect(try await TrainingSession.query(on: app.db).count() == 0)
            // A person listed before they moved to another unit stays listed when the session is changed.
            let s = try await DigitalLiteracyCommands.recordSession(Self.input(fx, ids: [fx.villager]), by: focal, actor: Self.actor(app, fx), on: app.db)
            let moved = try #require(try await Person.find(fx.villager, on: app.db))
            moved.unitID = fx.agencyA
            try await moved.save(on: app.db)
            try await DigitalLiteracyCommands.updateSession(s, Self.input(fx, count: "12", ids: [fx.villager]), expectedVersion: s.version, by: focal,
                                                           actor: Self.actor(app, fx), on: app.db)
            #expect(try await TrainingAttendee.query(on: app.db).filter(\.$sessionID == s.id!).all().map(\.personID) == [fx.villager])
        }
    }

    @Test func sessionRecordedWithGroupedCountAndAttendees() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let neighbour = try await Self.neighbour(app, fx)
            let s = try await DigitalLiteracyCommands.recordSession(Self.input(fx, ids: [fx.villager], names: "nguyễn văn tâm"), by: secretariat,
                                                                    actor: Self.actor(app, fx), on: app.db)
            #expect(s.attendeeCount == 1500)
            #expect(s.year == 2026)
            #expect(s.heldOn == "2026-11-20")
            let listed = try await TrainingAttendee.query(on: app.db).filter(\.$sessionID == s.id!).all().map(\.personID)
            #expect(Set(listed) == [fx.villager, neighbour])
            // The edit box shows what reads back as the same number.
            let page = try await app.get("/literacy/sessions/\(Self.id(s.id!))", as: try await app.login("thuky"))
            #expect(page.body.string.contains(#"value="1.500""#))
            #expect(NumberText.parse("1.500") == 1500)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$objectType == "training_session").count()
            #expect(audit == 1)
        }
    }

    /// The attacker's finding F5: every signed-in role read the attendees' names and the team members' phones.
    @Test func peopleShownOnlyToWhoMaySeeThem() async throws {
        try await withTestApp { app, fx in
            // setup: a session in villageA naming the villager; villageA's team with a member's phone
            let secretariat = try await Self.user(app, "thuky")
            let s = try await DigitalLiteracyCommands.recordSession(Self.input(fx, ids: [fx.villager]), by: secretariat,
                                                                    actor: Self.actor(app, fx), on: app.db)
            _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput([
                DigitalTeamMemberInput(personId: nil, fullName: "Lê Văn Tổ Viên", role: "member", phone: "0912 345 678")]),
                by: secretariat, actor: Self.actor(app, fx), on: app.db)
            let name = try #require(try await Person.find(fx.villager, on: app.db)).fullName
            let session = "/literacy/sessions/\(Self.id(s.id!))"
            // act + check: the secretariat and the village's focal point see both; the council sees the counts only
            for (user, sees) in [("thuky", true), ("daumoi", true), ("lanhdao", true), ("hoidong", false), ("canhan", false)] {
                let web = try await app.login(user)
                let page = try await app.get(session, as: web).body.string
                let team = try await app.get(SiteURL.literacyTeam(fx.villageA), as: web).body.string
                #expect(page.contains(name) == sees, "\(user): attendee's name")
                #expect(page.contains(DigitalLiteracyText.attendeesHidden(1)) == !sees, "\(user): the count instead")
                #expect(team.contains("Lê Văn Tổ Viên"), "\(user): the member's name")
                #expect(team.contains("0912") == sees, "\(user): the member's phone")
                let token = try await app.apiToken(user)
                let api = try await app.api(.GET, "/api/v1/training-sessions/\(Self.id(s.id!))", token: token).body.string
                #expect(api.contains(name) == sees, "\(user): the API's attendees")
                #expect(api.contains(#""listedCount":1"#), "\(user): the API's count")
                let teams = try await app.api(.GET, "/api/v1/digital-teams", token: token).body.string
                #expect(teams.contains("0912") == sees, "\(user): the API's phone")
            }
        }
    }

    @Test func sessionDayInFutureOrOutsideMovementRefused() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let future = try await Self.refused("heldOn") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, heldOn: "26/11/2026"), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(future?.contains("chưa đến") == true)
            let before = try await Self.refused("heldOn") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, heldOn: "15/03/2024"), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(before?.contains("thời gian phong trào") == true)
            let impossible = try await Self.refused("heldOn") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, heldOn: "31/02/2026"), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(impossible == CoreText.invalidDate)
            #expect(try await TrainingSession.query(on: app.db).count() == 0)
        }
    }

    @Test func focalPointRecordsOnlyForOwnUnit() async throws {
        try await withTestApp { app, fx in
            let session = try await app.login("daumoi")
            var fields = ["heldOn": "20/11/2026", "unitId": Self.id(fx.agencyA), "topic": "devices", "title": "Lớp học", "attendeeCount": "10"]
            let other = try await app.post("/literacy/sessions", as: session, fields)
            #expect(other.status == .forbidden)
            fields["unitId"] = Self.id(fx.villageA)
            let own = try await app.post("/literacy/sessions", as: session, fields)
            #expect(own.status == .seeOther)
            // Another commune's unit is not one of the commune's.
            fields["unitId"] = Self.id(fx.unitB)
            let foreign = try await app.post("/literacy/sessions", as: session, fields)
            #expect(foreign.status == .unprocessableEntity)
            #expect(try await TrainingSession.query(on: app.db).count() == 1)
        }
    }

    @Test func attendeeOfAnotherCommuneRefused() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let message = try await Self.refused("attendeeIds") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, ids: [fx.personB]), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(message == DigitalLiteracyText.attendeeNotInUnit("Thôn Bình Thủy"))
            // Typed, the other commune's name is not found either.
            let typed = try await Self.refused("attendeeNames") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, names: "Lê Văn Sơn"), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(typed?.contains("Không tìm thấy") == true)
        }
    }

    @Test func countBelowListedAttendeesOrNotWholeRefused() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let neighbour = try await Self.neighbour(app, fx)
            let below = try await Self.refused("attendeeCount") {
                _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, count: "1", ids: [fx.villager, neighbour]), by: secretariat,
                                                                    actor: Self.actor(app, fx), on: app.db)
            }
            #expect(below == DigitalLiteracyText.countBelowListed(2))
            for (text, problem) in [("-3", NumberProblem.negative), ("1,5", .tooManyDecimals(0))] {
                let m = try await Self.refused("attendeeCount") {
                    _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, count: text), by: secretariat, actor: Self.actor(app, fx), on: app.db)
                }
                #expect(m == problem.message)
            }
        }
    }

    @Test func staleVersionRefused() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let s = try await DigitalLiteracyCommands.recordSession(Self.input(fx), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            try await DigitalLiteracyCommands.updateSession(s, Self.input(fx, count: "20"), expectedVersion: 1, by: secretariat, actor: Self.actor(app, fx), on: app.db)
            let old = try #require(try await TrainingSession.find(s.id, on: app.db))
            await #expect(throws: AppError.self) {
                try await DigitalLiteracyCommands.updateSession(old, Self.input(fx, count: "30"), expectedVersion: 1, by: secretariat,
                                                                actor: Self.actor(app, fx), on: app.db)
            }
            #expect(try await TrainingSession.find(s.id, on: app.db)?.attendeeCount == 20)
        }
    }

    // MARK: - Photos

    @Test func photoCheckedByItsBytesOverTheSocket() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let s = try await DigitalLiteracyCommands.recordSession(Self.input(fx), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            let web = try await app.login("daumoi")
            let path = "/literacy/sessions/\(Self.id(s.id!))/photos"
            // A PDF named .jpg is not a photo.
            let wrong = try await uploadForm(app, path, as: web, fields: [:], filename: "anh.jpg", file: pdfBytes, contentType: "image/jpeg")
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains(DigitalLiteracyText.photoNotImage))
            var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            png.append(Data(repeating: 0x42, count: 5_000))
            let right = try await uploadForm(app, path, as: web, fields: [:], filename: "anh.png", file: png, contentType: "image/png")
            #expect(right.status == .seeOther)
            let photos = try await TrainingPhoto.query(on: app.db).filter(\.$sessionID == s.id!).all()
            #expect(photos.count == 1)
            #expect(photos.first?.contentType == "image/png")
            let served = try await app.get("\(path)/\(Self.id(photos[0].id!))", as: web)
            #expect(served.status == .ok)
            #expect(served.body.readableBytes == png.count)
            // The agency's session is not the focal point's to add photos to.
            let agency = try await DigitalLiteracyCommands.recordSession(Self.input(fx, unit: fx.agencyA), by: secretariat, actor: Self.actor(app, fx), on: app.db)
            let refused = try await uploadForm(app, "/literacy/sessions/\(Self.id(agency.id!))/photos", as: web, fields: [:], filename: "anh.png", file: png)
            #expect(refused.status == .forbidden)
        }
    }

    // MARK: - Teams and visits

    static func teamInput(_ members: [DigitalTeamMemberInput] = []) -> DigitalTeamInput {
        DigitalTeamInput(name: "", decisionNumber: "125/QĐ-UBND", decisionDate: "15/04/2026", note: "", members: members)
    }

    @Test func secondActiveTeamInAVillageRefused() async throws {
        try await withTestApp { app, fx in
            let focal = try await Self.user(app, "daumoi")
            let members = [DigitalTeamMemberInput(personId: Self.id(fx.villager), fullName: nil, role: "leader", phone: nil),
                           DigitalTeamMemberInput(personId: nil, fullName: "Nguyễn Văn Bình", role: "member", phone: "0912 111 222")]
            let t = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput(members), by: focal, actor: Self.actor(app, fx), on: app.db)
            #expect(t.name == "Tổ công nghệ số cộng đồng Thôn Bình Thủy")
            let second = await Self.thrown {
                _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput(), by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(second == "conflict(\"\(DigitalLiteracyText.teamExists)\")")
            // Through the page: the same refusal.
            let web = try await app.login("daumoi")
            let again = try await app.post("/literacy/teams/\(Self.id(fx.villageA))", as: web, ["decisionNumber": "200/QĐ-UBND"])
            #expect(again.status == .conflict)
            #expect(try await DigitalTeam.query(on: app.db).count() == 1)
            // Dissolved, the village may set up another.
            try await DigitalLiteracyCommands.dissolveTeam(t, expectedVersion: 1, by: focal, actor: Self.actor(app, fx), on: app.db)
            _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput(), by: focal, actor: Self.actor(app, fx), on: app.db)
            #expect(try await DigitalTeam.query(on: app.db).filter(\.$isActive == true).count() == 1)
        }
    }

    @Test func teamMemberRulesAndOtherVillageRefused() async throws {
        try await withTestApp { app, fx in
            let focal = try await Self.user(app, "daumoi")
            let foreign = try await Self.refused("memberPerson.1") {
                _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput([
                    DigitalTeamMemberInput(personId: Self.id(fx.personB), fullName: nil, role: "member", phone: nil)]),
                    by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(foreign == DigitalLiteracyText.memberNotInVillage("Thôn Bình Thủy"))
            let noPhone = try await Self.refused("memberPhone.1") {
                _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput([
                    DigitalTeamMemberInput(personId: nil, fullName: "Người ngoài danh bạ", role: "member", phone: "")]),
                    by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(noPhone == DigitalLiteracyText.phoneRequired)
            let twoLeaders = try await Self.refused("members") {
                _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput([
                    DigitalTeamMemberInput(personId: nil, fullName: "A", role: "leader", phone: "0912 111 222"),
                    DigitalTeamMemberInput(personId: nil, fullName: "B", role: "leader", phone: "0912 111 333")]),
                    by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(twoLeaders == DigitalLiteracyText.oneLeader)
            // An agency is no village: not found.
            let agency = await Self.thrown {
                _ = try await DigitalLiteracyCommands.createTeam(villageID: fx.agencyA, Self.teamInput(), by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(agency == "notFound")
        }
    }

    @Test func visitCountsWholeAndNotNegative() async throws {
        try await withTestApp { app, fx in
            let focal = try await Self.user(app, "daumoi")
            let t = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput(), by: focal, actor: Self.actor(app, fx), on: app.db)
            func visit(_ households: String, _ guided: String, on day: String = "20/11/2026") -> DigitalTeamVisitInput {
                DigitalTeamVisitInput(visitedOn: day, households: households, peopleGuided: guided, note: "")
            }
            let negative = try await Self.refused("households") {
                _ = try await DigitalLiteracyCommands.addVisit(t, visit("-1", "3"), by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(negative == NumberProblem.negative.message)
            let fraction = try await Self.refused("peopleGuided") {
                _ = try await DigitalLiteracyCommands.addVisit(t, visit("2", "2,5"), by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(fraction == NumberProblem.tooManyDecimals(0).message)
            let future = try await Self.refused("visitedOn") {
                _ = try await DigitalLiteracyCommands.addVisit(t, visit("2", "3", on: "01/12/2026"), by: focal, actor: Self.actor(app, fx), on: app.db)
            }
            #expect(future != nil)
            let v = try await DigitalLiteracyCommands.addVisit(t, visit("1.200", "0"), by: focal, actor: Self.actor(app, fx), on: app.db)
            #expect(v.households == 1200)
            #expect(v.peopleGuided == 0)
            #expect(try await DigitalTeamVisit.query(on: app.db).count() == 1)
        }
    }

    // MARK: - Overview

    @Test func overviewFiguresEqualTheRowsAndMissingIsNotZero() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let a = Self.actor(app, fx)
            // A second village without anything.
            let values = UnitValues(code: "TH-02", name: "Thôn Đông", kind: .village, criteriaGroup: UnitKind.village.defaultGroup, villageID: nil,
                                    headName: "", headTitle: "", phone: "", email: "", address: "")
            let east = try await DirectoryCommands.createUnit(values, communeID: fx.communeA, actor: a, on: app.db).id!
            _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, count: "40"), by: secretariat, actor: a, on: app.db)
            _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, count: "25"), by: secretariat, actor: a, on: app.db)
            _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, unit: fx.agencyA, count: "12"), by: secretariat, actor: a, on: app.db)
            _ = try await DigitalLiteracyCommands.recordSession(Self.input(fx, heldOn: "20/11/2025", count: "99"), by: secretariat, actor: a, on: app.db)
            let t = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, Self.teamInput([
                DigitalTeamMemberInput(personId: Self.id(fx.villager), fullName: nil, role: "leader", phone: nil)]), by: secretariat, actor: a, on: app.db)
            for (h, g) in [("12", "30"), ("8", "15")] {
                _ = try await DigitalLiteracyCommands.addVisit(t, DigitalTeamVisitInput(visitedOn: "10/11/2026", households: h, peopleGuided: g, note: ""),
                                                              by: secretariat, actor: a, on: app.db)
            }
            // No indicator chosen: said so, and no share shown as 0.
            var o = try await DigitalLiteracyQueries.overview(on: app.db, communeID: fx.communeA, year: 2026, years: 2026...2030)
            #expect(o.indicator == nil)
            let binh = try #require(o.villages.first { $0.id == fx.villageA })
            #expect(binh.sessions == 2)
            #expect(binh.attendees == 65)
            #expect(binh.hasTeam && binh.teamMembers == 1)
            #expect(binh.visits == 2 && binh.households == 20 && binh.peopleGuided == 45)
            #expect(o.totalSessions == 3)
            #expect(o.totalAttendees == 77)
            #expect(o.others.map(\.sessions) == [1])
            // The rows themselves, counted apart.
            let rows = try await TrainingSession.query(on: app.db).filter(\.$year == 2026).all()
            #expect(o.totalSessions == rows.count)
            #expect(o.totalAttendees == rows.map(\.attendeeCount).reduce(0, +))
            let visitRows = try await DigitalTeamVisit.query(on: app.db).filter(\.$year == 2026).all()
            #expect(o.visits == visitRows.count)
            #expect(o.households == visitRows.map(\.households).reduce(0, +))
            let web = try await app.login("thuky")
            let page = try await app.get("/literacy?year=2026", as: web)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(DigitalLiteracyText.noIndicator))
            // Only the years up to this one are offered (the test clock is in 2026).
            #expect(page.body.string.contains("href=\"/literacy?year=2025\""))
            #expect(!page.body.string.contains("/literacy?year=2027"))

            // The indicator chosen, one village approved, the other missing; a draft is not counted.
            let indicator = Indicator()
            indicator.communeID = fx.communeA; indicator.code = "CDS01"; indicator.position = 1; indicator.isActive = true
            indicator.createdAt = a.at; indicator.version = 1
            try await indicator.create(on: app.db)
            let def = IndicatorDefinition()
            def.communeID = fx.communeA; def.indicatorID = indicator.id!; def.fromYear = 2025; def.name = "Tỷ lệ người trưởng thành có kỹ năng số cơ bản"
            def.definition = ""; def.numeratorLabel = ""; def.denominatorLabel = ""; def.measure = "%"; def.kind = "share"; def.direction = "up"
            def.level = "village"; def.groupName = "Nhân lực số"; def.groupPosition = 1; def.sourceDocument = ""; def.evidenceRequired = ""
            def.isPublic = true; def.createdAt = a.at; def.createdByName = ""
            try await def.create(on: app.db)
            let settings = IndicatorSettings()
            settings.communeID = fx.communeA; settings.jumpPercent = 30; settings.jumpSource = ""; settings.literacyIndicatorID = indicator.id
            settings.version = 1
            try await settings.create(on: app.db)
            let target = IndicatorTarget()
            target.communeID = fx.communeA; target.indicatorID = indicator.id!; target.year = 2026; target.level = "village"; target.target = 60
            target.source = "Kế hoạch số 19/KH-UBND"; target.updatedAt = a.at; target.updatedByName = ""; target.version = 1
            try await target.create(on: app.db)
            for (unit, status, num) in [(fx.villageA, "approved", 300.0), (east, "draft", 50.0)] {
                let v = IndicatorValue()
                v.communeID = fx.communeA; v.indicatorID = indicator.id!; v.definitionID = def.id!; v.unitID = unit; v.scopeKey = Self.id(unit)
                v.year = 2026; v.quarter = 0; v.numerator = num; v.denominator = 400; v.value = num / 400 * 100; v.note = ""; v.jumpNote = ""
                v.status = status; v.returnReason = ""; v.source = "form"; v.enteredByName = ""; v.reviewedByName = ""
                v.createdAt = a.at; v.updatedAt = a.at; v.version = 1
                try await v.create(on: app.db)
            }
            o = try await DigitalLiteracyQueries.overview(on: app.db, communeID: fx.communeA, year: 2026, years: 2026...2030)
            #expect(o.indicator?.target == 60)
            #expect(o.villages.first { $0.id == fx.villageA }?.value == 75)
            #expect(o.villages.first { $0.id == east }?.value == nil)
            #expect(o.communeValue == 75)
            let shown = try await app.get("/literacy?year=2026", as: web).body.string
            #expect(shown.contains("75%"))
            #expect(shown.contains(DigitalLiteracyText.noData))
        }
    }

    // MARK: - Hostile text

    @Test func hostileTextEscapedOnEveryPage() async throws {
        try await withTestApp { app, fx in
            let secretariat = try await Self.user(app, "thuky")
            let a = Self.actor(app, fx)
            let h = Self.hostile
            var input = Self.input(fx, ids: [fx.villager])
            input.title = h + "tiêu đề"
            input.platform = h + "nền tảng"
            input.place = h + "địa điểm"
            input.trainers = h + "người dạy"
            input.note = h + "ghi chú"
            let s = try await DigitalLiteracyCommands.recordSession(input, by: secretariat, actor: a, on: app.db)
            let t = try await DigitalLiteracyCommands.createTeam(villageID: fx.villageA, DigitalTeamInput(
                name: h + "tổ", decisionNumber: h, decisionDate: nil, note: h + "ghi chú",
                members: [DigitalTeamMemberInput(personId: nil, fullName: h + "thành viên", role: "member", phone: "0912 111 222")]),
                by: secretariat, actor: a, on: app.db)
            _ = try await DigitalLiteracyCommands.addVisit(t, DigitalTeamVisitInput(visitedOn: "10/11/2026", households: "1", peopleGuided: "2",
                                                                                    note: h + "ghi chú"), by: secretariat, actor: a, on: app.db)
            let web = try await app.login("thuky")
            for path in ["/literacy", "/literacy/sessions", "/literacy/sessions/\(Self.id(s.id!))", "/literacy/teams/\(Self.id(fx.villageA))",
                         "/literacy/sessions/new?unitId=\(Self.id(fx.villageA))"] {
                let page = try await app.get(path, as: web)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.string.contains("<script>alert"), "\(path)")
                #expect(!page.body.string.contains(#"data-pwn="1""#), "\(path)")
            }
            // A form sent back with the hostile text keeps it, escaped.
            let back = try await app.post("/literacy/sessions", as: web, ["title": h, "unitId": Self.id(fx.villageA), "attendeeNames": h])
            #expect(back.status == .unprocessableEntity)
            #expect(!back.body.string.contains("<script>alert"))
        }
    }
}
