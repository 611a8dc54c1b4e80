import Fluent
import Foundation

/// The signers of Nghĩa Trung's documents from 01/01/2026, still in office: the Chủ tịch and Phó Chủ tịch UBND xã,
/// the head of the Phòng Văn hóa - Xã hội (the demo's own, whoever the generator made), and the council's chair and
/// secretary. Phú Sơn has none, so that a commune without signers can be seen (documents with a blank name and a
/// warning before download).
enum DemoSigners {
    static func seed(communeID: UUID, on db: any Database) async throws {
        let actor = AuditActor.system(communeID: communeID, at: DemoPledges.day("2026-01-02"))
        let office = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$code == "VHXH").first()
        let head = try await office.asyncMap { u in
            try await Person.query(on: db).filter(\.$unitID == u.id!).filter(\.$title == "Trưởng phòng").sort(\.$fullName).first()
        } ?? nil
        let signers: [(SignerOffice, String, String)] = [
            (.chairperson, "Nguyễn Văn Thành", "Chủ tịch"),
            (.viceChairperson, "Lường Đình Hải", "Phó Chủ tịch"),
            (.cultureOfficeHead, head?.fullName ?? "", "Trưởng phòng Văn hóa - Xã hội"),
            (.councilChair, "Nguyễn Văn Thành", "Chủ tịch Hội đồng Thi đua - Khen thưởng"),
            (.councilSecretary, "Trần Thị Thu Hà", "Thư ký Hội đồng Thi đua - Khen thưởng"),
        ]
        for (office, name, title) in signers where !name.isEmpty {
            _ = try await SignerCommands.create(SignerInput(office: office.rawValue, name: name, title: title, startsOn: "01/01/2026", endsOn: nil),
                                                actor: actor, on: db)
        }
    }
}
