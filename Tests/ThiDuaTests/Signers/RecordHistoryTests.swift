import Fluent
import Foundation
import Testing
import Vapor
@testable import ThiDua

/// The "Lịch sử thay đổi" table shared by the signers, legal bases and titles pages (Core/Layout/RecordHistory.swift):
/// the latest changes of the page's records only, of the user's commune, newest first, each a link to its audit entry.
@Suite("Signer and LegalBasis pages: one history table")
struct SignerLegalBasisHistoryTests {
    @Test func eachPageListsItsOwnChangesWithALinkToTheEntry() async throws {
        try await withTestApp { app, fx in
            // setup: a signer and a legal basis saved
            let admin = try await app.login("admin")
            var res = try await app.post("/settings/signers", as: admin, ["office": "chairperson", "name": "Nguyễn Văn Thành", "title": "", "startsOn": "01/01/2026"])
            #expect(res.status == .seeOther)
            res = try await app.post("/settings/legal-bases", as: admin, ["name": "Nghị quyết thử nghiệm", "issuedOn": "01/02/2026", "about": "", "note": ""])
            #expect(res.status == .seeOther)
            let signerEntry = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectType == "signer").first())
            let basisEntry = try #require(try await AuditEntry.query(on: app.db).filter(\.$objectType == "legal_basis").sort(\.$at, .descending).first())
            // act
            let signers = try await app.get("/settings/signers", as: admin).body.string
            let bases = try await app.get("/settings/legal-bases", as: admin).body.string
            // check: the same table, each page its own rows
            let header = #"<th scope="col">Thời điểm</th><th scope="col">Người sửa</th><th scope="col">Nội dung</th>"#
            #expect(signers.contains(header) && bases.contains(header))
            let signerLink = #"href="/audit/\#(signerEntry.id!.uuidString.lowercased())""#
            let basisLink = #"href="/audit/\#(basisEntry.id!.uuidString.lowercased())""#
            #expect(signers.contains(signerLink) && !signers.contains(basisLink))
            #expect(bases.contains(basisLink) && !bases.contains(signerLink))
            #expect(signers.contains("<td>\(VietnamTime.dateTime(signerEntry.at))</td><td>\(HTMLEscape.text(signerEntry.actorName))</td>"))
            // the query: newest first, the commune's only, capped
            let rows = try await RecordHistory.latest(on: app.db, communeID: fx.communeA, objectTypes: ["signer", "legal_basis"], limit: 1)
            #expect(rows.map(\.id) == [basisEntry.id!])
            #expect(try await RecordHistory.latest(on: app.db, communeID: fx.communeB, objectTypes: ["signer"]).isEmpty)
        }
    }
}
