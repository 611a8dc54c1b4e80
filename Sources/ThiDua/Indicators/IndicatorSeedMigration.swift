import Fluent
import Foundation
import SQLKit

/// Issue 16: the seeded indicator catalogue (``IndicatorDefaults``) for every commune already there (a commune
/// created later gets it where it is created: `create-commune`, the demo, `seed-scale`).
struct SeedIndicatorCatalogue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let communes = try await database.sql.raw("SELECT id FROM communes").all().map { try $0.decode(column: "id", as: UUID.self) }
        for commune in communes { try await IndicatorDefaults.seed(communeID: commune, at: Date(), on: database) }
    }

    /// The seeded rows stay: people may have entered values under them; `CreateIndicators`' revert drops the tables.
    func revert(on database: any Database) async throws {}
}
