import Fluent
import Foundation

// The contract every document uses to name its signer (issue 14, item 1). The signers themselves are data per
// commune, with their dates of office, kept by the administrator on the "Người ký văn bản" page.

/// The offices whose holders sign the movement's documents.
enum SignerOffice: String, Codable, CaseIterable, Sendable {
    /// Chủ tịch Ủy ban nhân dân xã: Quyết định khen thưởng, Giấy khen, plans.
    case chairperson = "chairperson"
    /// Phó Chủ tịch Ủy ban nhân dân xã: signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" when the chairperson delegates.
    case viceChairperson = "vice_chairperson"
    /// Trưởng phòng Văn hóa - Xã hội: the Tờ trình.
    case cultureOfficeHead = "culture_office_head"
    /// Chủ tịch Hội đồng Thi đua - Khen thưởng: the council's minutes, "TM. HỘI ĐỒNG".
    case councilChair = "council_chair"
    /// Thư ký Hội đồng Thi đua - Khen thưởng: the council's minutes.
    case councilSecretary = "council_secretary"
}

/// One holder of one office, from `startsOn` to `endsOn` (nil: still in office).
struct Signer: Sendable, Equatable, Identifiable {
    let id: UUID
    let office: SignerOffice
    /// Full name as it is printed under the signature, e.g. "Nguyễn Văn An".
    let name: String
    /// The title as printed, e.g. "Chủ tịch", "Phó Chủ tịch", "Trưởng phòng".
    let title: String
    let startsOn: LocalDate
    let endsOn: LocalDate?

    func inOffice(on date: LocalDate) -> Bool { startsOn <= date && (endsOn.map { date <= $0 } ?? true) }
}

/// What stands under the date of a document: the authority and position lines (bold, upper-case), 4–5 blank
/// lines for signature and seal, then the signer's name (bold).
struct SignatureBlock: Sendable, Equatable {
    /// e.g. ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["TRƯỞNG PHÒNG"].
    var lines: [String]
    /// Empty only when no signer is on record for that office on that date (the screen says so before download).
    var name: String
}

/// On whose behalf a document is signed, which decides the authority line above the position (Nghị định
/// 30/2020/NĐ-CP, Điều 13 — thẩm quyền ký văn bản; the layout of the block: Phụ lục I, mục II.8).
enum SignatureAuthority: String, Sendable, CaseIterable {
    /// The Chủ tịch's own act (Quyết định khen thưởng, Giấy khen: Luật Thi đua, khen thưởng 2022, Điều 80):
    /// "CHỦ TỊCH"; a Phó Chủ tịch signs "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" (Điều 13 khoản 1: cấp phó ký thay).
    case chairperson
    /// The People's Committee as a collective (chế độ tập thể, Điều 13 khoản 2): "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH";
    /// a Phó Chủ tịch: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH".
    case committee
    /// An office's own document (Tờ trình of the Phòng Văn hóa - Xã hội): its head, "TRƯỞNG PHÒNG".
    case office
    /// The council (a collective): its chair "TM. HỘI ĐỒNG / CHỦ TỊCH"; its secretary "THƯ KÝ".
    case council
}

/// The signers of a commune as documents need them: who holds which office on a date, and the block each
/// signs with. Every document asks here; none writes a name or an authority line of its own.
enum SignerBook {
    /// Everyone in office on `date` in the commune, in one query, ordered by office then name.
    static func inOffice(communeID: UUID, on date: LocalDate, db: any Database) async throws -> [Signer] {
        let rows = try await SignerRecord.query(on: db).filter(\.$communeID == communeID)
            .filter(\.$startsOn <= date.iso)
            .group(.or) { $0.filter(\.$endsOn == nil).filter(\.$endsOn >= date.iso) }
            .all()
        return sorted(rows.compactMap(\.signer))
    }

    /// Every signer of the commune (past and present), in one query: the settings page.
    static func all(communeID: UUID, db: any Database) async throws -> [Signer] {
        sorted(try await SignerRecord.query(on: db).filter(\.$communeID == communeID).all().compactMap(\.signer))
    }

    static func sorted(_ signers: [Signer]) -> [Signer] {
        let order = Dictionary(uniqueKeysWithValues: SignerOffice.allCases.enumerated().map { ($1, $0) })
        return signers.sorted { a, b in
            if a.office != b.office { return order[a.office]! < order[b.office]! }
            if a.startsOn != b.startsOn { return a.startsOn > b.startsOn }
            return a.name < b.name
        }
    }

    /// The first holder of `office` among `signers` (already narrowed to a date by ``inOffice(communeID:on:db:)``).
    static func holder(_ office: SignerOffice, in signers: [Signer]) -> Signer? {
        signers.first { $0.office == office }
    }

    /// The block of a document signed by `signer` (holding `office`) on behalf of `authority`. With no signer on
    /// record the lines are the same and the name is empty: the document is still produced, and the screen warns
    /// before download (``SignerViews/missingWarning(_:on:)``).
    ///
    /// Nghị định 30/2020/NĐ-CP, Điều 13 (thẩm quyền ký): the head signs for a collective with "TM." (thay mặt), a
    /// deputy signs for the head with "KT." (ký thay); Phụ lục I, mục II.8: the authority line and the position in
    /// upper-case bold, the full name in bold under the signature and seal.
    static func block(office: SignerOffice, signer: Signer?, authority: SignatureAuthority) -> SignatureBlock {
        SignatureBlock(lines: lines(office: office, authority: authority), name: signer?.name ?? "")
    }

    /// The authority and position lines alone (upper-case).
    static func lines(office: SignerOffice, authority: SignatureAuthority) -> [String] {
        switch (authority, office) {
        case (.chairperson, .viceChairperson): ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        case (.chairperson, _): ["CHỦ TỊCH"]
        case (.committee, .viceChairperson): ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        case (.committee, _): ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        case (.office, _): ["TRƯỞNG PHÒNG"]
        case (.council, .councilSecretary): ["THƯ KÝ"]
        case (.council, _): ["TM. HỘI ĐỒNG", "CHỦ TỊCH"]
        }
    }

    /// The Quyết định khen thưởng (issued by the Chủ tịch UBND xã): the chairperson, or a vice-chairperson
    /// signing for them.
    static func decisionBlock(_ signer: Signer?) -> SignatureBlock {
        block(office: signer?.office == .viceChairperson ? .viceChairperson : .chairperson, signer: signer, authority: .chairperson)
    }

    /// The Tờ trình of the Phòng Văn hóa - Xã hội: its head.
    static func submissionBlock(_ signer: Signer?) -> SignatureBlock {
        block(office: .cultureOfficeHead, signer: signer, authority: .office)
    }

    /// The council's documents (minutes): the chair for the council, and the secretary.
    static func councilBlocks(_ signers: [Signer]) -> (chair: SignatureBlock, secretary: SignatureBlock) {
        (block(office: .councilChair, signer: holder(.councilChair, in: signers), authority: .council),
         block(office: .councilSecretary, signer: holder(.councilSecretary, in: signers), authority: .council))
    }

    /// The offices that may sign a document signed on behalf of `authority`, the preferred first.
    static func offices(for authority: SignatureAuthority) -> [SignerOffice] {
        switch authority {
        case .chairperson, .committee: [.chairperson, .viceChairperson]
        case .office: [.cultureOfficeHead]
        case .council: [.councilChair, .councilSecretary]
        }
    }
}

extension SignerOffice {
    /// "Chủ tịch UBND xã", … (SignerText).
    var label: String { SignerText.office(self) }
    /// The title printed when none is typed.
    var defaultTitle: String { SignerText.defaultTitle(self) }
    /// One person at a time holds it (a commune may have several vice-chairpersons).
    var isSingle: Bool { self != .viceChairperson }
}
