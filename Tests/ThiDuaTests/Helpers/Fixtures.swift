import Fluent
import Foundation
import Vapor
@testable import ThiDua

/// A small world for tests: commune A (Nghĩa Trung) with two units, two people and one account per role,
/// and commune B (Phú Sơn) with one unit, one person and an administrator.
struct Fixtures: Sendable {
    static let password = "Matkhau123"

    let communeA: UUID
    let communeB: UUID
    /// Thôn Bình Thủy (village), the focal point's unit.
    let villageA: UUID
    /// Phòng Văn hóa - Xã hội (agency).
    let agencyA: UUID
    let unitB: UUID
    /// A person of the village.
    let villager: UUID
    /// A person of the agency.
    let official: UUID
    let personB: UUID

    /// Usernames in commune A by role; "admin.b" is commune B's administrator.
    static func username(_ role: Role) -> String {
        switch role {
        case .administrator: "admin"
        case .secretariat: "thuky"
        case .leader: "lanhdao"
        case .councilMember: "hoidong"
        case .unitFocalPoint: "daumoi"
        case .individual: "canhan"
        case .editor: "bientap"
        case .supervisor: "giamsat"
        }
    }

    static func create(_ app: Application) async throws -> Fixtures {
        let db = app.db
        let hash = try Bcrypt.hash(password, cost: 4)
        let a = Commune(code: "nghia-trung", name: "Nghĩa Trung", province: "Đồng Nai", authorityName: "ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG")
        let b = Commune(code: "phu-son", name: "Phú Sơn", province: "Đồng Nai", authorityName: "ỦY BAN NHÂN DÂN XÃ PHÚ SƠN")
        try await a.create(on: db)
        try await b.create(on: db)
        let now = app.clock.now()
        try await MovementDefaults.install(communeID: a.id!, actor: .system(communeID: a.id!, at: now), on: db)
        try await MovementDefaults.install(communeID: b.id!, actor: .system(communeID: b.id!, at: now), on: db)

        func unit(_ commune: UUID, _ code: String, _ name: String, _ kind: UnitKind) async throws -> UUID {
            let values = UnitValues(code: code, name: name, kind: kind, criteriaGroup: kind.defaultGroup, villageID: nil, headName: "Nguyễn Văn Trưởng",
                                    headTitle: "Trưởng", phone: "0912 345 678", email: "", address: "")
            return try await DirectoryCommands.createUnit(values, communeID: commune, actor: .system(communeID: commune, at: now), on: db).id!
        }
        func person(_ commune: UUID, _ name: String, _ unit: UUID?) async throws -> UUID {
            let values = PersonValues(fullName: name, title: "Công chức", unitID: unit, phone: "", email: "", birthDate: "1985-04-30")
            return try await DirectoryCommands.createPerson(values, communeID: commune, actor: .system(communeID: commune, at: now), on: db).id!
        }
        let village = try await unit(a.id!, "TH-01", "Thôn Bình Thủy", .village)
        let agency = try await unit(a.id!, "VHXH", "Phòng Văn hóa - Xã hội", .agency)
        let unitB = try await unit(b.id!, "TH-01", "Thôn Phú Lâm", .village)
        let villager = try await person(a.id!, "Điểu Thị Hồng", village)
        let official = try await person(a.id!, "Trần Thị Thu Hà", agency)
        let personB = try await person(b.id!, "Lê Văn Sơn", unitB)

        for role in Role.allCases {
            let user = User(communeID: a.id!, username: username(role), displayName: "Người dùng \(role.label)", passwordHash: hash,
                            unitID: role == .unitFocalPoint ? village : nil, personID: role == .individual ? official : nil)
            try await user.create(on: db)
            try await UserRole(userID: user.id!, communeID: a.id!, role: role).create(on: db)
        }
        let adminB = User(communeID: b.id!, username: "admin.b", displayName: "Quản trị Phú Sơn", passwordHash: hash)
        try await adminB.create(on: db)
        for role in [Role.administrator, .secretariat] { try await UserRole(userID: adminB.id!, communeID: b.id!, role: role).create(on: db) }
        return Fixtures(communeA: a.id!, communeB: b.id!, villageA: village, agencyA: agency, unitB: unitB, villager: villager,
                        official: official, personB: personB)
    }
}
