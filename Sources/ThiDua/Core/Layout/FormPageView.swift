import Foundation
import Plot

/// A plain page holding one form described by ``FieldSpec``s (used by setup screens).
enum FormPageView {
    struct Model: Sendable {
        let frame: PageFrame
        let action: SiteURL
        let cancel: SiteURL
        let state: FormState
        let csrf: String
        let fields: [FieldSpec]
        /// A separate delete form under the main one, when the object may be deleted.
        var delete: SiteURL? = nil
        var deleteLabel: String = "Xóa"
        var deleteConfirm: String = ""
    }

    static func render(_ m: Model) -> HTML {
        Layout.render(m.frame, .group(
            FormKit.errorSummary(m.state),
            .form(.method(.post), .action(m.action.path), .class("stacked"), .attribute(named: "novalidate"),
                  FormKit.csrf(m.csrf),
                  FormKit.fields(m.fields, state: m.state),
                  FormKit.actions(submit: CoreText.save, cancel: m.cancel)),
            m.delete.map { FormKit.postButton($0, label: m.deleteLabel, csrf: m.csrf, style: "btn btn-danger", confirm: m.deleteConfirm) } ?? .empty
        ))
    }
}
