import Fluent
import Foundation

/// The year's award list in Excel: the decided awards (or, before the decision, the nominations the council approved),
/// by title in the catalogue's order then by name in Vietnamese order, amounts as numbers with a totals row, each
/// award's status in the screen's words, and a note when there is nothing to list or nothing decided yet.
enum CommendationListExport {
    typealias T = CommendationListText

    struct Row: Sendable {
        let name: String
        let title: String
        let titlePosition: Int
        let amount: Double
        let status: String
        let inForce: Bool
        /// The person or unit: two awards to one recipient count once.
        let recipient: String
        /// A collective's award (II. Tập thể of the Quyết định's list).
        var isCollective: Bool = false
    }

    static func workbook(on db: any Database, communeID: UUID, year: Int, now: Date) async throws -> Data {
        let titles = try await CommendationQueries.titles(on: db, communeID: communeID)
        let position = Dictionary(titles.enumerated().map { ($1.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let kinds = Dictionary(titles.compactMap { t in t.id.map { ($0, t.recipientKind) } }, uniquingKeysWith: { a, _ in a })
        let awards = try await Award.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all()
        var rows: [Row]
        var note: String?
        var decision: String?
        if !awards.isEmpty {
            rows = awards.map { a in
                Row(name: a.recipientName, title: a.titleName, titlePosition: position[a.titleID] ?? Int.max, amount: a.amount,
                    status: a.status == "revoked" ? T.revoked(a.revokeReason) : T.decided, inForce: a.status != "revoked",
                    recipient: recipientKey(person: a.personID, unit: a.unitID, name: a.recipientName),
                    isCollective: (kinds[a.titleID] ?? (a.personID == nil ? .collective : .individual)) == .collective)
            }
            let decisionIDs = Set(awards.map(\.decisionID))
            decision = try await CommendationQueries.decisions(on: db, communeID: communeID, year: year)
                .first { $0.kind == "decision" && decisionIDs.contains($0.id!) }
                .map { "\($0.numberText) ngày \(LocalDate(iso: $0.issuedOn)?.vietnamese ?? "")" }
        } else {
            let settings = try await CommendationQueries.settings(on: db, communeID: communeID)
            let nominations = try await Nomination.query(on: db).filter(\.$communeID == communeID).filter(\.$year == year).all()
            let byID = Dictionary(titles.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
            rows = nominations.filter { $0.status == NominationStatus.approved.rawValue }.compactMap { n in
                guard let t = byID[n.titleID], t.isCommuneAward else { return nil }
                return Row(name: n.nomineeName, title: t.name, titlePosition: position[t.id!] ?? Int.max,
                           amount: Reward.amount(multiple: t.rewardMultiple, baseSalary: settings.baseSalary, rounding: settings.rewardRounding),
                           status: T.approved, inForce: true, recipient: recipientKey(person: n.personID, unit: n.unitID, name: n.nomineeName),
                           isCollective: t.recipientKind == .collective)
            }
            note = T.notDecided(year, approved: rows.count, nominations: nominations.count)
        }
        rows = sorted(rows)

        var builder = XLSXWorkbookBuilder(title: T.title(year), author: CoreText.appName, created: now)
        try builder.addSheet(name: T.sheet(year), columns: [
            XLSXColumn(title: T.order, width: 5), XLSXColumn(title: awards.isEmpty && !rows.isEmpty ? T.nominated : T.awarded, width: 29),
            XLSXColumn(title: T.titleLabel, width: 30), XLSXColumn(title: T.amount, width: 14), XLSXColumn(title: T.status, width: 16),
        ], heading: T.heading(year, decision: decision))
        for (i, r) in rows.enumerated() {
            try builder.appendRow([.integer(i + 1), .text(r.name), .text(r.title), .number(r.amount), .text(r.status)])
        }
        if !rows.isEmpty {
            let inForce = rows.filter(\.inForce)
            let recipients = Set(inForce.map(\.recipient)).count
            let sum = inForce.reduce(0) { $0 + $1.amount }
            let range = (first: 2, last: rows.count + 1)
            if inForce.count == rows.count {
                try builder.appendTotalRow([.empty, .text(T.total(awards: rows.count, recipients: recipients)), .empty,
                                            .formula("SUM(D\(range.first):D\(range.last))", cached: sum), .empty])
            } else {
                // Revoked awards stay listed, but their rewards are not counted.
                let criterion = T.decided.replacingOccurrences(of: "\"", with: "\"\"")
                try builder.appendTotalRow([.empty, .text(T.totalInForce(awards: inForce.count, recipients: recipients)), .empty,
                                            .formula("SUMIF(E\(range.first):E\(range.last),\"\(criterion)\",D\(range.first):D\(range.last))", cached: sum), .empty])
            }
        }
        if let note { try builder.appendNote(note) }
        return try builder.finish()
    }

    /// The Quyết định's list order (``AwardListOrder``): individuals, then collectives; by title in the catalogue's
    /// order, then by name in Vietnamese order. TT 1…n is the same number as in the decision's attached list.
    static func sorted(_ rows: [Row]) -> [Row] { AwardListOrder.sorted(rows) }

    static func recipientKey(person: UUID?, unit: UUID?, name: String) -> String {
        if let person { return "p:\(person)" }
        if let unit { return "u:\(unit)" }
        return "n:\(TextFolding.fold(name))"
    }
}
