import Foundation
import Plot

/// Paths of a Tờ trình's or Quyết định's own page and its signer (beside the feature; they can move into `SiteURL`).
enum DocumentPaths {
    static func page(_ id: UUID?) -> String { "/commendations/documents/\(id?.uuidString.lowercased() ?? ":id")" }
    static func signer(_ id: UUID?) -> String { page(id) + "/signer" }
}

/// The screens where the signer of a Tờ trình or Quyết định is chosen and seen before download.
enum CommendationSigningViews {
    typealias T = CommendationDocumentText

    static func choices(_ candidates: [Signer]) -> [Choice] {
        candidates.map { s in
            Choice(value: s.id.uuidString, label: "\(s.name) — \(s.office.label) (\(SignerViews.blockText(SignatureBlock(lines: blockLines(s), name: ""))))")
        }
    }

    static func blockLines(_ s: Signer) -> [String] {
        s.office == .cultureOfficeHead ? SignerBook.submissionBlock(s).lines : SignerBook.decisionBlock(s).lines
    }

    /// The block as it will stand on the paper: lines, room to sign, name.
    static func preview(_ b: SignatureBlock) -> Node<HTML.BodyContext> {
        .div(.class("signature-preview"), .attr("aria-label", T.preview),
             .group(b.lines.map { .p(.strong(.safe($0))) }),
             .p(.class("muted"), .text("(chữ ký, đóng dấu)")),
             .p(.strong(.safe(b.name.isEmpty ? T.noName : b.name))))
    }

    struct PrepareModel: Sendable {
        let frame: PageFrame
        let kind: String
        let year: Int
        let date: LocalDate
        let candidates: [Signer]
        let state: FormState
        let csrf: String
        let action: String
        /// The legal bases the document will cite, with the way to the settings page.
        let bases: LegalBasisViews.Panel
        /// The year's document of this kind that is already made (not revoked): the page names it instead of the form.
        var made: Made? = nil
    }

    /// A Tờ trình or Quyết định already made for the year.
    struct Made: Sendable {
        let id: UUID
        let number: String
        let date: LocalDate
    }

    static func prepare(_ m: PrepareModel) -> HTML {
        if let made = m.made { return alreadyMade(m, made) }
        let office = CommendationSigning.expectedOffice(kind: m.kind)
        let chosen = m.candidates.first { $0.id.uuidString == m.state["signerId"] } ?? m.candidates.first
        let block = m.kind == "submission" ? SignerBook.submissionBlock(chosen) : SignerBook.decisionBlock(chosen)
        return Layout.render(m.frame, .group(
            m.candidates.isEmpty ? SignerViews.missingWarning(office, on: m.date) : .empty,
            .h2(.text(T.preview)), preview(block),
            LegalBasisViews.panelSection(m.bases),
            FormKit.errorSummary(m.state),
            .form(.method(.post), .action(m.action), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  m.candidates.isEmpty ? .empty
                    : FormKit.select("signerId", label: T.signerField, state: m.state, choices: choices(m.candidates), required: true, blank: nil,
                                     hint: m.kind == "submission" ? T.signerHintSubmission : T.signerHintDecision),
                  FormKit.actions(submit: m.kind == "submission" ? CommendationText.makeSubmission : CommendationText.sign, cancel: .commendations(year: m.year))),
            .p(.link(href: SignerPaths.list, T.signersPage))
        ))
    }

    /// The year's document is made: its number and date, the download and its page; no button that would be refused.
    static func alreadyMade(_ m: PrepareModel, _ made: Made) -> HTML {
        Layout.render(m.frame, .group(
            .div(.class("flash flash-info already-made"), .attr("role", "status"),
                 .p(.strong(.text(T.alreadyMade(kind: m.kind, number: made.number, date: made.date)))),
                 .p(.text(T.alreadyMadeHint))),
            .p(.a(.href(SiteURL.commendationDocument(made.id).path), .class("btn btn-primary"), .text(T.download)),
               .text(" "), .link(href: DocumentPaths.page(made.id), T.documentPage, class: "btn btn-secondary")),
            .p(.link(href: SignerPaths.list, T.signersPage), .text(" · "), .link(.commendations(year: m.year), CommendationText.title))
        ))
    }

    struct DocumentModel: Sendable {
        let frame: PageFrame
        let document: CommendationDecision
        let date: LocalDate
        let block: SignatureBlock
        /// The office nobody held when the document was made (its name is blank).
        let missing: SignerOffice?
        let candidates: [Signer]
        let canChange: Bool
        let state: FormState
        let csrf: String
        /// The legal bases the document cites, with the way to the settings page.
        let bases: LegalBasisViews.Panel
    }

    static func document(_ m: DocumentModel) -> HTML {
        let d = m.document
        return Layout.render(m.frame, .group(
            m.missing.map { SignerViews.missingWarning($0, on: m.date) } ?? .empty,
            Components.details([(T.number, d.numberText), (T.date, m.date.vietnamese), (T.signedBy, SignerViews.blockText(m.block))]),
            .h2(.text(T.preview)), preview(m.block),
            LegalBasisViews.panelSection(m.bases),
            .p(.a(.href(SiteURL.commendationDocument(d.id).path), .class("btn btn-primary"), .text(T.download))),
            m.canChange && !m.candidates.isEmpty ? .group(
                .h2(.text(T.changeSigner)),
                FormKit.errorSummary(m.state),
                .form(.method(.post), .action(DocumentPaths.signer(d.id)), .class("stacked"), .attribute(named: "novalidate"),
                      FormKit.csrf(m.csrf),
                      FormKit.select("signerId", label: T.signerField, state: m.state, choices: choices(m.candidates), required: true,
                                     hint: d.kind == "submission" ? T.signerHintSubmission : T.signerHintDecision),
                      FormKit.actions(submit: T.changeSigner, cancel: .commendations(year: d.year)))
            ) : .group(FormKit.errorSummary(m.state),
                       m.missing == nil && d.status != "revoked" ? .p(.class("muted"), .text(CommendationDocumentText.signerFinal)) : .empty),
            .p(.link(href: SignerPaths.list, T.signersPage), .text(" · "), .link(.commendations(year: d.year), CommendationText.title))
        ))
    }
}
