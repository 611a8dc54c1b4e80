import Fluent
import Foundation
import SQLKit

/// The kind of a participating unit (đơn vị tham gia).
enum UnitKind: String, CaseIterable, Codable, Sendable {
    /// Cơ quan trực thuộc UBND xã
    case agency
    /// Thôn
    case village
    /// Doanh nghiệp, hợp tác xã, hộ kinh doanh
    case business
    /// Mặt trận Tổ quốc và các tổ chức chính trị - xã hội, xã hội - nghề nghiệp, xã hội
    case organisation
    /// Trường học, đơn vị sự nghiệp
    case school

    var label: String { DirectoryText.kindLabel(self) }

    /// The criteria group a unit of this kind is scored under unless set otherwise.
    var defaultGroup: CriteriaGroup {
        switch self {
        case .agency, .school, .village: .agencies
        case .organisation: .organisations
        case .business: .businesses
        }
    }

    /// Accepts the code or the Vietnamese label, with or without diacritics.
    init?(loose text: String) {
        let folded = TextFolding.fold(text)
        if let exact = UnitKind(rawValue: folded) { self = exact; return }
        guard let match = UnitKind.allCases.first(where: { kind in
            TextFolding.fold(kind.label) == folded || DirectoryText.kindSynonyms(kind).contains(folded)
        }) else { return nil }
        self = match
    }
}

/// The plan's criteria groups (tiêu chí thi đua, mục III.1).
enum CriteriaGroup: String, CaseIterable, Codable, Sendable {
    case agencies = "1.1"
    case organisations = "1.2"
    case businesses = "1.3"
    case individuals = "1.4"

    var label: String { DirectoryText.groupLabel(self) }
    var short: String { "Nhóm \(rawValue)" }
}

/// A participating unit: an agency, village, business, organisation or school of the commune.
final class Unit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?

    @Field(key: "commune_id") var communeID: UUID
    /// Short code, unique in the commune (used by CSV import), e.g. "TH-05", "DN-012".
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "criteria_group") var criteriaGroup: String
    /// The village a business or school is in, when known.
    @OptionalField(key: "village_id") var villageID: UUID?
    @Field(key: "head_name") var headName: String
    @Field(key: "head_title") var headTitle: String
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "is_active") var isActive: Bool
    /// Folded name and code, for diacritic-insensitive search.
    @Field(key: "search_text") var searchText: String
    /// Incremented on every change; a save based on an older version is refused (optimistic locking).
    @Field(key: "version") var version: Int

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var unitKind: UnitKind { UnitKind(rawValue: kind) ?? .agency }

    func refreshSearchText() {
        searchText = TextFolding.fold("\(code) \(name) \(headName)")
    }
}

/// A person of the commune: an official, a worker, a villager, an entrepreneur.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    @ID(key: .id) var id: UUID?

    @Field(key: "commune_id") var communeID: UUID
    @Field(key: "full_name") var fullName: String
    /// Chức vụ, e.g. "Công chức Văn hóa - Xã hội".
    @Field(key: "title") var title: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    /// `yyyy-MM-dd`, when known (the initiative form asks for it).
    @OptionalField(key: "birth_date") var birthDate: String?
    /// Danh xưng, "ong" or "ba" (``Salutation``), when given.
    @OptionalField(key: "salutation") var salutation: String?
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "search_text") var searchText: String
    /// The name and title folded: what a reader who may not see people's contacts searches (``PersonFilter``).
    @OptionalField(key: "name_search") var nameSearch: String?
    @Field(key: "version") var version: Int

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    func refreshSearchText() {
        searchText = TextFolding.fold("\(fullName) \(title) \(phone) \(email)")
        nameSearch = TextFolding.fold("\(fullName) \(title)")
    }
}

struct CreateDirectory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Unit.schema)
            .id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("criteria_group", .string, .required)
            .field("village_id", .uuid, .references(Unit.schema, .id))
            .field("head_name", .string, .required)
            .field("head_title", .string, .required)
            .field("phone", .string, .required)
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("is_active", .bool, .required)
            .field("search_text", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "commune_id", "code")
            .create()
        try await database.schema(Person.schema)
            .id()
            .field("commune_id", .uuid, .required, .references(Commune.schema, .id))
            .field("full_name", .string, .required)
            .field("title", .string, .required)
            .field("unit_id", .uuid, .references(Unit.schema, .id))
            .field("phone", .string, .required)
            .field("email", .string, .required)
            .field("birth_date", .string)
            .field("is_active", .bool, .required)
            .field("search_text", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE INDEX units_commune_kind ON units (commune_id, kind)").run()
            try await sql.raw("CREATE INDEX people_commune_unit ON people (commune_id, unit_id)").run()
            try await sql.raw("CREATE INDEX login_attempts_username_at ON login_attempts (username, attempted_at)").run()
            try await sql.raw("CREATE INDEX user_roles_user ON user_roles (user_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Person.schema).delete()
        try await database.schema(Unit.schema).delete()
    }
}

// The fields each model reads and writes, without reflection (Core/Database/ListedFields.swift).
extension Unit: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $code, $name, $kind, $criteriaGroup, $villageID, $headName, $headTitle, $phone, $email, $address, $isActive, $searchText, $version, $createdAt, $updatedAt] }
}

extension Person: ListedFields {
    var listedFields: [any AnyDatabaseProperty] { [$id, $communeID, $fullName, $title, $unitID, $phone, $email, $birthDate, $salutation, $isActive, $searchText, $nameSearch, $version, $createdAt, $updatedAt] }
}
