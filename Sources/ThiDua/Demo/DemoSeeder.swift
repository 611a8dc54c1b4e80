import Fluent
import Foundation
import Vapor

/// Loads the Nghĩa Trung demo (and a small second commune) into an empty database.
enum DemoSeeder {
    /// One printed demo login.
    struct Login: Sendable {
        let role: Role
        let username: String
        let name: String
    }

    struct Summary: Sendable {
        let logins: [Login]
        let otherCommuneAdmin: String
        let units: Int
        let people: Int

        func banner(url: String) -> String {
            var lines = [
                "",
                "Thi Đua Số — đã nạp dữ liệu mẫu xã Nghĩa Trung (\(units) đơn vị, \(people) cá nhân).",
                "Mở \(url) và đăng nhập bằng một trong các tài khoản mẫu (mật khẩu chung: \(DemoData.password)):",
            ]
            let width = logins.map { $0.role.label.count }.max() ?? 20
            for login in logins {
                lines.append("  \(login.role.label.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(login.username)")
            }
            lines.append("  (Xã thứ hai, để thấy dữ liệu tách biệt giữa các xã: \(otherCommuneAdmin))")
            lines.append("")
            return lines.joined(separator: "\n")
        }
    }

    static func isEmpty(_ db: any Database) async throws -> Bool {
        try await Commune.query(on: db).count() == 0
    }

    /// A small deterministic generator so that every demo database is the same.
    struct Generator {
        var state: UInt64 = 20_260_115
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    static func seed(_ app: Application) async throws -> Summary {
        let hash = try await Passwords.hash(DemoData.password, cost: app.settings.bcryptCost, on: app)
        let now = app.clock.now()
        let summary = try await app.db.writeTransaction { db in
            try await seed(on: db, passwordHash: hash, now: now)
        }
        let store = app.files
        try await app.db.writeTransaction { db in
            guard let commune = try await Commune.query(on: db).filter(\.$code == "nghia-trung").first() else { return }
            try await DemoSigners.seed(communeID: commune.requireID(), on: db)
            try await DemoPledges.seed(communeID: commune.requireID(), store: store, on: db)
            try await DemoInitiatives.seed(communeID: commune.requireID(), on: db)
            try await DemoCommendations.seed(communeID: commune.requireID(), on: db)
            try await DemoScoring.seed(communeID: commune.requireID(), on: db)
            try await DemoInspections.seed(communeID: commune.requireID(), store: store, on: db)
            try await DemoIndicators.seed(on: db, at: now)  // issue 16: both communes' indicator values, sessions, teams
        }
        return summary
    }

    static func seed(on db: any Database, passwordHash: String, now: Date) async throws -> Summary {
        var gen = Generator()
        let commune = Commune(code: "nghia-trung", name: "Nghĩa Trung", province: "Đồng Nai", authorityName: "ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG")
        try await commune.create(on: db)
        let communeID = try commune.requireID()
        let system = AuditActor.system(communeID: communeID, at: now)
        let movement = try await MovementDefaults.install(communeID: communeID, actor: system, on: db)
        try await LegalBasisDefaults.seed(communeID: communeID, at: now, on: db)
        try await IndicatorDefaults.seed(communeID: communeID, at: now, on: db)
        movement.planNumber = "05/KH-UBND"
        movement.planDate = "2026-01-15"
        try await movement.update(on: db)

        var units: [String: Unit] = [:]
        var unitOrder: [Unit] = []
        func addUnit(_ code: String, _ name: String, _ kind: UnitKind, headTitle: String, village: Unit? = nil) async throws -> Unit {
            let u = Unit()
            u.communeID = communeID; u.code = code; u.name = name; u.kind = kind.rawValue; u.criteriaGroup = kind.defaultGroup.rawValue
            u.villageID = village?.id; u.headName = ""; u.headTitle = headTitle
            u.phone = String(format: "0271 38%02d %03d", gen.next(100), gen.next(1000))
            u.email = kind == .village ? "" : "\(code.lowercased().replacingOccurrences(of: "-", with: "."))@nghiatrung.dongnai.gov.vn"
            u.address = village.map { "\($0.name), xã Nghĩa Trung" } ?? "Trung tâm xã Nghĩa Trung, tỉnh Đồng Nai"
            u.isActive = true; u.version = 1
            u.refreshSearchText()
            try await u.create(on: db)
            units[code] = u
            unitOrder.append(u)
            return u
        }
        var villages: [Unit] = []
        for (i, name) in DemoData.villages.enumerated() {
            villages.append(try await addUnit(String(format: "TH-%02d", i + 1), name, .village, headTitle: "Trưởng thôn"))
        }
        for a in DemoData.agencies { _ = try await addUnit(a.0, a.1, .agency, headTitle: a.2) }
        for o in DemoData.organisations { _ = try await addUnit(o.0, o.1, .organisation, headTitle: o.2) }
        for s in DemoData.schools { _ = try await addUnit(s.0, s.1, .school, headTitle: s.2, village: gen.pick(villages)) }
        var businessIndex = 0
        for name in DemoData.businessNames {
            for (p, prefix) in DemoData.businessPrefixes.enumerated() {
                businessIndex += 1
                let full = prefix == "Hộ kinh doanh" ? "\(prefix) \(gen.pick(DemoData.familyNames)) \(gen.pick(DemoData.givenNames)) (\(name))" : "\(prefix) \(name)"
                let u = try await addUnit(String(format: "DN-%03d", businessIndex), full, .business, headTitle: DemoData.businessHeadTitles[p],
                                          village: gen.pick(villages))
                u.email = businessIndex % 3 == 0 ? "" : String(format: "lienhe.dn%03d@gmail.com", businessIndex)
                u.phone = String(format: "09%02d %03d %03d", gen.next(100), gen.next(1000), gen.next(1000))
                try await u.update(on: db)
            }
        }

        var people: [Person] = []
        var usedNames = Set<String>()
        func personName(female: Bool? = nil) -> String {
            while true {
                let family = gen.pick(DemoData.familyNames.filter { $0 != "Thị" })
                var middle = gen.pick(DemoData.middleNames)
                if female == true { middle = "Thị" }
                let name = "\(family) \(middle) \(gen.pick(DemoData.givenNames))"
                if usedNames.insert(name).inserted { return name }
            }
        }
        func addPerson(_ name: String, title: String, unit: Unit?) async throws -> Person {
            let p = Person()
            p.communeID = communeID; p.fullName = name; p.title = title; p.unitID = unit?.id
            p.salutation = DemoData.salutation(forName: name).rawValue
            p.phone = String(format: "09%02d %03d %03d", gen.next(100), gen.next(1000), gen.next(1000))
            p.email = ""
            p.birthDate = LocalDate(year: 1965 + gen.next(40), month: 1 + gen.next(12), day: 1 + gen.next(28))!.iso
            p.isActive = true; p.version = 1
            p.refreshSearchText()
            try await p.create(on: db)
            people.append(p)
            return p
        }
        // Named officials first: the plan is signed by Lường Đình Hải, Phó Chủ tịch UBND xã.
        let chair = try await addPerson("Nguyễn Văn Thành", title: "Chủ tịch UBND xã", unit: units["VP"])
        let viceChair = try await addPerson("Lường Đình Hải", title: "Phó Chủ tịch UBND xã", unit: units["VP"])
        let secretary = try await addPerson("Trần Thị Thu Hà", title: "Công chức Văn hóa - Xã hội (cán bộ thi đua)", unit: units["VHXH"])
        let adminPerson = try await addPerson("Phạm Quốc Huy", title: "Chuyên viên công nghệ thông tin", unit: units["VP"])
        let editorPerson = try await addPerson("Võ Ngọc Lan", title: "Viên chức Trung tâm Dịch vụ tổng hợp", unit: units["TTDV"])
        let teacher = try await addPerson("Đặng Minh Khôi", title: "Giáo viên", unit: units["THCS-NT"])

        for unit in unitOrder {
            let kind = unit.unitKind
            let staff: Int
            switch kind {
            case .village: staff = 2
            case .business: staff = 0
            case .agency, .organisation, .school: staff = 3 + gen.next(3)
            }
            let head = try await addPerson(personName(), title: kind == .village ? "Trưởng thôn" : unit.headTitle, unit: unit)
            unit.headName = head.fullName
            unit.refreshSearchText()
            try await unit.update(on: db)
            for i in 0..<staff {
                let title = kind == .village ? DemoData.villageTitles[1 + (i % (DemoData.villageTitles.count - 1))]
                                             : "\(gen.pick(DemoData.staffTitles)) \(unit.name.replacingOccurrences(of: " xã", with: ""))"
                _ = try await addPerson(personName(), title: title, unit: unit)
            }
        }

        // Accounts: one per role.
        func addUser(_ username: String, _ person: Person?, _ display: String, _ roles: [Role], unit: Unit? = nil) async throws -> User {
            let user = User(communeID: communeID, username: username, displayName: display, passwordHash: passwordHash, unitID: unit?.id, personID: person?.id)
            try await user.create(on: db)
            for role in roles { try await UserRole(userID: user.id!, communeID: communeID, role: role).create(on: db) }
            return user
        }
        let focalUnit = units["TH-11"]!  // Thôn Bình Thủy
        let focalPerson = try await addPerson("Điểu Thị Hồng", title: "Thư ký thôn (đầu mối phong trào)", unit: focalUnit)
        let mttqHead = try await Person.query(on: db).filter(\.$unitID == units["MTTQ"]!.id!).first()!
        let economyHead = try await Person.query(on: db).filter(\.$unitID == units["KT"]!.id!).first()!
        _ = try await addUser("admin", adminPerson, adminPerson.fullName, [.administrator])
        _ = try await addUser("canbo.thidua", secretary, secretary.fullName, [.secretariat])
        let leaderUser = try await addUser("chutich", viceChair, viceChair.fullName, [.leader])
        let councilUser = try await addUser("hoidong", economyHead, economyHead.fullName, [.councilMember])
        _ = try await addUser("daumoi", focalPerson, focalPerson.fullName, [.unitFocalPoint], unit: focalUnit)
        _ = try await addUser("canhan", teacher, teacher.fullName, [.individual])
        _ = try await addUser("bientap", editorPerson, editorPerson.fullName, [.editor])
        _ = try await addUser("giamsat", mttqHead, mttqHead.fullName, [.supervisor])

        // The council, each member with a field (criteria group) and an area (villages).
        let vhxhHead = try await Person.query(on: db).filter(\.$unitID == units["VHXH"]!.id!).filter(\.$title == "Trưởng phòng").first()!
        let caHead = try await Person.query(on: db).filter(\.$unitID == units["CA"]!.id!).first()!
        let dtnHead = try await Person.query(on: db).filter(\.$unitID == units["DTN"]!.id!).first()!
        let hndHead = try await Person.query(on: db).filter(\.$unitID == units["HND"]!.id!).first()!
        let members: [(Person, CouncilPosition, UUID?, [String], ClosedRange<Int>)] = [
            (chair, .chair, nil, ["1.1"], 0...1),
            (viceChair, .viceChair, leaderUser.id, ["1.1", "1.4"], 2...4),
            (vhxhHead, .standing, nil, ["1.2"], 5...7),
            (secretary, .secretary, nil, ["1.4"], 8...9),
            (economyHead, .member, councilUser.id, ["1.3"], 10...13),
            (mttqHead, .member, nil, ["1.2"], 14...15),
            (caHead, .member, nil, ["1.1"], 16...17),
            (dtnHead, .member, nil, ["1.2", "1.4"], 18...19),
            (hndHead, .member, nil, ["1.3"], 20...21),
        ]
        for (person, position, userID, fields, areas) in members {
            let m = CouncilMember()
            m.communeID = communeID; m.personID = person.id!; m.userID = userID; m.position = position.rawValue; m.isActive = true
            try await m.create(on: db)
            let dto = CouncilController.MemberDTO(personId: person.id!, position: position.rawValue, userId: userID, fields: fields,
                                                  areas: areas.map { villages[$0].id!.uuidString.lowercased() }, isActive: true)
            try await CouncilController.replaceAssignments(m, dto, on: db)
        }
        try await AuditLog.record(on: db, system, .importRows, type: "movement", id: movement.id,
                                  label: "Nạp dữ liệu mẫu: \(unitOrder.count) đơn vị, \(people.count) cá nhân, 8 tài khoản")

        // A second, smaller commune.
        let other = DemoData.otherCommune
        let phuSon = Commune(code: other.code, name: other.name, province: "Đồng Nai", authorityName: "ỦY BAN NHÂN DÂN XÃ PHÚ SƠN")
        try await phuSon.create(on: db)
        let otherActor = AuditActor.system(communeID: phuSon.id!, at: now)
        try await MovementDefaults.install(communeID: phuSon.id!, actor: otherActor, on: db)
        try await LegalBasisDefaults.seed(communeID: phuSon.id!, at: now, on: db)
        try await IndicatorDefaults.seed(communeID: phuSon.id!, at: now, on: db)
        var otherUnits: [Unit] = []
        for (i, name) in other.villages.enumerated() {
            let values = UnitValues(code: String(format: "TH-%02d", i + 1), name: name, kind: .village, criteriaGroup: .agencies, villageID: nil,
                                    headName: "", headTitle: "Trưởng thôn", phone: "", email: "", address: "")
            otherUnits.append(try await DirectoryCommands.createUnit(values, communeID: phuSon.id!, actor: otherActor, on: db))
        }
        for a in other.agencies {
            let values = UnitValues(code: a.0, name: a.1, kind: .agency, criteriaGroup: .agencies, villageID: nil, headName: "", headTitle: a.2,
                                    phone: "", email: "", address: "")
            otherUnits.append(try await DirectoryCommands.createUnit(values, communeID: phuSon.id!, actor: otherActor, on: db))
        }
        for unit in otherUnits {
            let name = personName()
            let values = PersonValues(fullName: name, title: unit.headTitle, unitID: unit.id, phone: "", email: "", birthDate: nil,
                                      salutation: DemoData.salutation(forName: name))
            _ = try await DirectoryCommands.createPerson(values, communeID: phuSon.id!, actor: otherActor, on: db)
        }
        let otherAdmin = User(communeID: phuSon.id!, username: "admin.phuson", displayName: "Quản trị xã Phú Sơn", passwordHash: passwordHash)
        try await otherAdmin.create(on: db)
        for role in [Role.administrator, .secretariat] { try await UserRole(userID: otherAdmin.id!, communeID: phuSon.id!, role: role).create(on: db) }

        return Summary(logins: [
            Login(role: .administrator, username: "admin", name: adminPerson.fullName),
            Login(role: .secretariat, username: "canbo.thidua", name: secretary.fullName),
            Login(role: .leader, username: "chutich", name: viceChair.fullName),
            Login(role: .councilMember, username: "hoidong", name: economyHead.fullName),
            Login(role: .unitFocalPoint, username: "daumoi", name: focalPerson.fullName),
            Login(role: .individual, username: "canhan", name: teacher.fullName),
            Login(role: .editor, username: "bientap", name: editorPerson.fullName),
            Login(role: .supervisor, username: "giamsat", name: mttqHead.fullName),
        ], otherCommuneAdmin: "admin.phuson", units: unitOrder.count, people: people.count)
    }
}
