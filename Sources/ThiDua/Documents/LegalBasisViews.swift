import Foundation
import Plot

/// The legal bases' pages, and the panel every document screen shows of what it will cite.
enum LegalBasisViews {
    typealias T = LegalBasisText

    struct ListModel: Sendable {
        let frame: PageFrame
        let bases: [LegalBasis]
        let canEdit: Bool
        let csrf: String
        let history: [RecordHistory.Row]
    }

    static func dateText(_ b: LegalBasis) -> Node<HTML.BodyContext> {
        b.issuedOn.map { .text($0.vietnamese) } ?? .span(.class("badge badge-warn"), .text(T.noDate))
    }

    static func status(_ b: LegalBasis) -> Node<HTML.BodyContext> {
        let cited = b.isActive && b.issuedOn != nil
        return .group(.span(.class(cited ? "badge badge-ok" : "badge badge-muted"), .text(cited ? T.cited : T.notCited)),
                      b.issuedOn == nil ? .p(.class("hint"), .text(T.noDate + ": " + T.noDateHint)) : .empty)
    }

    /// A one-button form posting `fields` to `action`.
    static func button(_ action: String, _ label: String, fields: [(String, String)], csrf: String) -> Node<HTML.BodyContext> {
        .element(named: "form", nodes: [.attr("method", "post"), .attr("action", action), .class("inline"), FormKit.csrf(csrf)]
            + fields.map { FormKit.hidden($0.0, $0.1) }
            + [.element(named: "button", nodes: [.attr("type", "submit"), .class("btn btn-secondary btn-small"), .safe(label)])])
    }

    static func actions(_ b: LegalBasis, first: Bool, last: Bool, csrf: String) -> Node<HTML.BodyContext> {
        let version = ("version", String(b.version))
        return .group(
            .link(href: LegalBasisPaths.basis(b.id), CoreText.edit),
            first ? .empty : button(LegalBasisPaths.move(b.id), T.moveUp, fields: [("direction", "up"), version], csrf: csrf),
            last ? .empty : button(LegalBasisPaths.move(b.id), T.moveDown, fields: [("direction", "down"), version], csrf: csrf),
            button(LegalBasisPaths.active(b.id), b.isActive ? T.switchOff : T.switchOn, fields: [("active", b.isActive ? "0" : "1"), version], csrf: csrf)
        )
    }

    static func list(_ m: ListModel) -> HTML {
        let rows: [[Node<HTML.BodyContext>]] = m.bases.enumerated().map { i, b in
            [.text(String(i + 1)),
             .group(.strong(.safe(b.name)), b.about.isEmpty ? .empty : .group(.text(" "), .safe(b.about))),
             dateText(b),
             .text(b.documents.map(\.label).joined(separator: ", ")),
             status(b),
             .text(b.note),
             m.canEdit ? actions(b, first: i == 0, last: i == m.bases.count - 1, csrf: m.csrf) : .empty]
        }
        return Layout.render(m.frame, lead: T.lead, .group(
            m.canEdit ? .p(.link(href: LegalBasisPaths.new, T.newBasis, class: "btn btn-primary")) : .empty,
            m.bases.isEmpty ? .p(.class("muted"), .text(T.noBases))
                : Components.table(headers: [T.position, T.name, T.issuedOn, T.documents, T.active, T.note, ""], rows: rows),
            .h2(.text(T.preview)),
            .group(LegalBasisDocument.allCases.map { d in
                panelBody(Panel(document: d, cited: LegalBasisBook.citations(m.bases, by: d, on: nil).map(\.sentence),
                                undated: LegalBasisBook.undated(m.bases, for: d).map(\.name), link: nil))
            }),
            .p(.link(href: SignerPaths.list, T.signersPage)),
            RecordHistory.section(m.history)
        ))
    }

    struct FormModel: Sendable {
        let frame: PageFrame
        let action: String
        let state: FormState
        let csrf: String
        /// The sentence as printed now (an existing basis), or nil.
        let citation: String?
    }

    static func form(_ m: FormModel) -> HTML {
        let documents = LegalBasisDocument.allCases.map { Choice(value: $0.rawValue, label: $0.label) }
        let selected = Set(m.state["documents"].split(separator: ",").map(String.init))
        return Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            m.citation.map { Components.details([(T.citation, $0)]) } ?? .empty,
            .form(.method(.post), .action(m.action), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  FormKit.text("name", label: T.name, state: m.state, required: true, hint: T.nameHint, maxLength: 200),
                  FormKit.date("issuedOn", label: T.issuedOn, state: m.state, hint: T.issuedOnHint),
                  FormKit.text("about", label: T.about, state: m.state, hint: T.aboutHint, maxLength: 500),
                  FormKit.checkboxes("documents", label: T.documents, choices: documents, selected: selected, state: m.state),
                  FormKit.checkbox("active", label: T.active, checked: m.state["active"] == "1"),
                  FormKit.textArea("note", label: T.note, state: m.state, rows: 2, hint: T.noteHint),
                  m.state["version"].isEmpty ? .empty : FormKit.hidden("version", m.state["version"]),
                  FormKit.actions(submit: CoreText.save, cancel: nil)),
            .p(.link(href: LegalBasisPaths.list, CoreText.cancel, class: "btn btn-secondary"))
        ))
    }

    // MARK: the panel of a document screen

    /// What a document will cite, as a screen shows it before the document is made or downloaded.
    struct Panel: Sendable {
        let document: LegalBasisDocument
        /// "Căn cứ …;" in order.
        let cited: [String]
        /// Bases meant for the document but not cited for want of a date.
        let undated: [String]
        /// The settings page, with its label ("Sửa …" for the administrator, "Xem …" for the secretariat); nil: no link.
        let link: (href: String, label: String)?
    }

    /// The panel for `document` dated `date`, from the commune's bases; `canEdit`/`canView` decide the link.
    static func panel(_ bases: [LegalBasis], for document: LegalBasisDocument, on date: LocalDate?, canEdit: Bool, canView: Bool) -> Panel {
        Panel(document: document, cited: LegalBasisBook.citations(bases, by: document, on: date).map(\.sentence),
              undated: LegalBasisBook.undated(bases, for: document).map(\.name),
              link: canEdit ? (LegalBasisPaths.list, T.editLink) : canView ? (LegalBasisPaths.list, T.viewLink) : nil)
    }

    static func panelBody(_ p: Panel) -> Node<HTML.BodyContext> {
        .div(.class("legal-bases"), .attr("aria-label", "\(T.panelHeading): \(p.document.label)"),
             .h3(.text(p.document.label)),
             p.cited.isEmpty ? .p(.class("muted"), .text(T.nothingCited)) : .ul(.group(p.cited.map { .li(.element(named: "em", nodes: [.safe($0)])) })),
             p.undated.isEmpty ? .empty : .p(.class("hint"), .text(T.undated(p.undated))),
             p.link.map { .p(.link(href: $0.href, $0.label)) } ?? .empty)
    }

    /// The panel under its heading, as the signing and document pages show it.
    static func panelSection(_ p: Panel) -> Node<HTML.BodyContext> {
        .group(.h2(.text(T.panelHeading)), panelBody(p), .p(.class("muted"), .text(T.panelExtra)))
    }
}
