import Foundation
import Plot

/// The signers' pages, and the warning every document screen shows when an office has nobody on record.
enum SignerViews {
    typealias T = SignerText

    struct ListModel: Sendable {
        let frame: PageFrame
        let signers: [Signer]
        let today: LocalDate
        let canEdit: Bool
        let csrf: String
        let history: [RecordHistory.Row]
    }

    static func status(_ s: Signer, today: LocalDate) -> String {
        if s.inOffice(on: today) { return T.inOffice }
        return today < s.startsOn ? T.notYet : T.ended
    }

    /// The block as printed, lines joined with " / ", e.g. "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — Lường Đình Hải".
    static func blockText(_ b: SignatureBlock) -> String {
        b.lines.joined(separator: " / ") + (b.name.isEmpty ? "" : " — \(b.name)")
    }

    /// The usual block of each office: the Chủ tịch's own decisions, the office's Tờ trình, the council's documents.
    static func usualBlock(_ s: Signer) -> SignatureBlock {
        switch s.office {
        case .chairperson, .viceChairperson: SignerBook.decisionBlock(s)
        case .cultureOfficeHead: SignerBook.submissionBlock(s)
        case .councilChair, .councilSecretary: SignerBook.block(office: s.office, signer: s, authority: .council)
        }
    }

    static func list(_ m: ListModel) -> HTML {
        let rows: [[Node<HTML.BodyContext>]] = m.signers.map { s in
            [.text(s.office.label), .text(s.name), .text(s.title),
             .text(s.startsOn.vietnamese + (s.endsOn.map { " – \($0.vietnamese)" } ?? " – …")),
             .span(.class(s.inOffice(on: m.today) ? "badge badge-ok" : "badge badge-muted"), .text(status(s, today: m.today))),
             .text(blockText(usualBlock(s))),
             m.canEdit ? .link(href: SignerPaths.signer(s.id), CoreText.edit) : .empty]
        }
        return Layout.render(m.frame, lead: T.lead, .group(
            m.canEdit ? .p(.link(href: SignerPaths.new, T.newSigner, class: "btn btn-primary")) : .empty,
            .p(.link(href: LegalBasisPaths.list, LegalBasisText.title)),
            m.signers.isEmpty ? .p(.class("muted"), .text(T.noSigners))
                : Components.table(headers: [T.office, T.name, T.signerTitle, "\(T.startsOn) – \(T.endsOn.lowercased())", "Trạng thái", T.block, ""], rows: rows),
            .h2(.text(T.rulesHeading)),
            .element(named: "dl", nodes: [.class("details")] + T.rules.flatMap { line, why -> [Node<HTML.BodyContext>] in
                [.element(named: "dt", nodes: [.safe(line)]), .element(named: "dd", nodes: [.safe(why)])]
            }),
            RecordHistory.section(m.history)
        ))
    }

    struct FormModel: Sendable {
        let frame: PageFrame
        let action: String
        let state: FormState
        let csrf: String
        /// The end-of-term form, for a signer still in office.
        let endAction: String?
        let endState: FormState
        let version: Int
    }

    static func form(_ m: FormModel) -> HTML {
        let offices = SignerOffice.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        return Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            .form(.method(.post), .action(m.action), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  FormKit.select("office", label: T.office, state: m.state, choices: offices, required: true),
                  FormKit.text("name", label: T.name, state: m.state, required: true, hint: T.nameHint, maxLength: 100),
                  FormKit.text("title", label: T.signerTitle, state: m.state, hint: T.titleHint, maxLength: 100),
                  FormKit.date("startsOn", label: T.startsOn, state: m.state, required: true),
                  FormKit.text("endsOn", label: T.endsOn, state: m.state, hint: T.endsOnHint, placeholder: "dd/mm/yyyy", maxLength: 10),
                  m.state["version"].isEmpty ? .empty : FormKit.hidden("version", m.state["version"]),
                  FormKit.actions(submit: CoreText.save, cancel: nil)),
            .p(.link(href: SignerPaths.list, CoreText.cancel, class: "btn btn-secondary")),
            m.endAction.map { action in
                .group(
                    .h2(.text(T.endTerm)),
                    FormKit.errorSummary(m.endState),
                    .form(.method(.post), .action(action), .class("stacked"), .attribute(named: "novalidate"),
                          FormKit.csrf(m.csrf),
                          FormKit.date("termEndsOn", label: T.endsOn, state: m.endState, required: true),
                          FormKit.hidden("version", String(m.version)),
                          FormKit.actions(submit: T.endTerm, danger: true)))
            } ?? .empty
        ))
    }

    /// The warning before a download when nobody holds `office` on `date`: what is missing, and a link to the page.
    static func missingWarning(_ office: SignerOffice, on date: LocalDate) -> Node<HTML.BodyContext> {
        .div(.class("flash flash-warning signer-missing"), .attr("role", "alert"),
             .safe(T.missing(office, on: date)), .link(href: SignerPaths.list, T.missingLink))
    }
}
