import Fluent
import Foundation
import SQLKit

/// The register of awards (sổ theo dõi khen thưởng): every award of a signed decision gets the next number of its
/// decision's year, printed on the certificate as "Số vào sổ: n". Giấy khen and titles share one register.
///
/// The number comes from the gapless ``DocumentRegister`` and is taken in the transaction that creates the award, so
/// a decision whose write fails leaves no hole and two decisions signed at once never share a number.
enum AwardRegister {
    static let symbol = "SỔ-KT"

    /// The next number of the register of `year`; call it inside the transaction that creates the award.
    static func next(communeID: UUID, year: Int, on db: any Database) async throws -> Int {
        try await DocumentRegister.next(communeID: communeID, year: year, symbol: symbol, on: db)
    }
}

/// Issue 14: the award's number in the register of awards. Awards made before it are numbered in the order of their
/// decisions (date, then number), and within a decision in the order of their nominations; the register's counter
/// ends at the last of them, so the next award continues the sequence.
struct AddAwardRegisterNumbers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("awards").field("register_number", .int).update()
        try await database.transaction { try await Self.numberUnnumbered(on: $0) }
    }

    /// Numbers every award that has no register number yet, in the order of its decision.
    static func numberUnnumbered(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let rows = try await sql.raw("""
            SELECT a.id, a.commune_id, d.issued_on FROM awards a
            JOIN commendation_decisions d ON d.id = a.decision_id
            JOIN nominations n ON n.id = a.nomination_id
            WHERE a.register_number IS NULL
            ORDER BY d.issued_on, d.number, n.created_at, a.id
            """).all()
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let commune = try row.decode(column: "commune_id", as: UUID.self)
            let issuedOn = try row.decode(column: "issued_on", as: String.self)
            guard let year = LocalDate(iso: issuedOn)?.year else { continue }
            let number = try await AwardRegister.next(communeID: commune, year: year, on: db)
            try await sql.raw("UPDATE awards SET register_number = \(bind: number) WHERE id = \(bind: id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("awards").deleteField("register_number").update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DELETE FROM document_numbers WHERE symbol = \(bind: AwardRegister.symbol)").run()
        }
    }
}
