import Fluent
import Foundation
import Plot

// Issue 15: the scores an inspection team offers the council (``ScorerKind/inspection`` rows, written by
// ``InspectionCommands/offerScores(_:actor:notifier:on:)``). They count in no total: the sheet shows them beside the
// council's, with the link to the visit's minutes, and pre-fills the criteria a council member has not scored yet; the
// member confirms them by saving their own scores. A score the council already entered is never replaced.

/// The scores one inspection visit's team offered for a unit and year.
struct ScoringOffer: Sendable {
    let visitID: UUID
    /// The day of the visit (the minutes' day).
    let visitDate: LocalDate?
    /// Points per criterion.
    let points: [UUID: Double]

    var link: String { InspectionPaths.visit(visitID) }
    var linkText: String { ScoringText.offerLink(visitDate?.vietnamese ?? "") }
}

extension ScoringQueries {
    /// The offers among a sheet's score rows, newest visit first; one statement (the visits' days), none without offers.
    static func offers(on db: any Database, communeID: UUID, scores: [ScoreValue]) async throws -> [ScoringOffer] {
        var byVisit: [UUID: [UUID: Double]] = [:]
        for s in scores where s.kind == .inspection {
            guard let visit = s.inspectionVisitID else { continue }
            byVisit[visit, default: [:]][s.criterionID] = s.points
        }
        guard !byVisit.isEmpty else { return [] }
        let days = Dictionary(try await InspectionVisit.query(on: db).filter(\.$communeID == communeID).filter(\.$id ~~ Set(byVisit.keys)).all()
            .map { ($0.id!, $0.visitDate) }) { a, _ in a }
        return byVisit.map { ScoringOffer(visitID: $0.key, visitDate: days[$0.key].flatMap { LocalDate(iso: $0) }, points: $0.value) }
            .sorted { (days[$0.visitID] ?? "", $0.visitID.uuidString) > (days[$1.visitID] ?? "", $1.visitID.uuidString) }
    }
}

extension SheetView {
    /// The card of the offered scores: one column per visit, headed by the link to its minutes, beside the final score.
    static func offersCard(_ m: Model) -> Node<HTML.BodyContext> {
        let s = m.sheet
        guard !s.offers.isEmpty, !s.lines.isEmpty else { return .empty }
        let headers = ["#", ScoringText.criterion, ScoringText.maxPoints] + s.offers.map { ScoringText.offerColumn($0.visitDate?.vietnamese ?? "") }
            + (m.myMember == nil ? [] : [ScoringText.myColumn]) + [ScoringText.finalScore]
        let rows: [[Node<HTML.BodyContext>]] = s.lines.map { l in
            var row: [Node<HTML.BodyContext>] = [.text(String(l.position)), .safe(l.title), .text(NumberText.format(l.maxPoints))]
            for o in s.offers { row.append(.text(RankingView.points(o.points[l.criterionID]))) }
            if let me = m.myMember { row.append(.text(RankingView.points(l.council[me]))) }
            row.append(.text(RankingView.points(l.final)))
            return row
        }
        let numeric = Set(2..<(headers.count))
        return .section(.class("card"), .id("inspection-offers"), .h2(.text(ScoringText.offeredTitle)),
                        .p(.class("hint"), .text(ScoringText.offeredLead)),
                        .ul(.group(s.offers.map { o in .li(.link(href: o.link, o.linkText)) })),
                        Components.table(headers: headers, rows: rows, numericColumns: numeric))
    }

    /// The newest offered score of a line, as the council form pre-fills it (a member's own score always wins).
    static func offered(_ m: Model, _ l: SheetLine) -> Double? {
        m.sheet.offers.lazy.compactMap { $0.points[l.criterionID] }.first
    }

    static func offeredValue(_ m: Model, _ l: SheetLine) -> String {
        offered(m, l).map { NumberText.format($0) } ?? ""
    }

    /// The mark beside a pre-filled input of the council form.
    static func offerMark(_ m: Model, _ l: SheetLine, member: UUID) -> Node<HTML.BodyContext> {
        guard l.council[member] == nil, offered(m, l) != nil, m.state.values["form"] != ScorerKind.council.rawValue else { return .empty }
        return .span(.class("badge"), .attribute(named: "title", value: ScoringText.offeredTitle), .text(ScoringText.offeredMark))
    }

    /// The council form's note on what was pre-filled, with the links to the minutes.
    static func offerHint<C: HTML.BodyContext>(_ m: Model) -> Node<C> {
        guard let me = m.myMember, m.sheet.lines.contains(where: { $0.council[me] == nil && offered(m, $0) != nil }) else { return .empty }
        let links: [Node<HTML.BodyContext>] = m.sheet.offers.enumerated().map { i, o in .group(i == 0 ? .empty : .text(" · "), .link(href: o.link, o.linkText)) }
        return .p(.class("hint"), .id("offer-prefilled"), .text(ScoringText.offeredPrefilled + " "), .group(links))
    }
}
