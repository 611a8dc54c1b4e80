import NIOCore
import Plot

/// What a form shows: the values entered (kept after an error) and one message per field.
struct FormState: Sendable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    /// A message about the whole form (e.g. a conflict), shown in the error summary.
    var formError: String?
    /// The name of each field as the error summary lists it (e.g. "Giá trị thực hiện (dòng 2)"): a field with a label is
    /// named there, linked to the field, and its message is written once, beside the field; a field without one is named
    /// by its label on the page (``FormKit/nameUnlabelledFields(in:)``).
    var labels: [String: String] = [:]
    /// The fields in the order of the page, for the error summary (fields not listed come after them, by name).
    var order: [String] = []

    init(values: [String: String] = [:], errors: [String: String] = [:], formError: String? = nil, labels: [String: String] = [:],
         order: [String] = []) {
        self.values = values
        self.errors = errors
        self.formError = formError
        self.labels = labels
        self.order = order
    }

    subscript(_ name: String) -> String { values[name] ?? "" }
    var hasErrors: Bool { !errors.isEmpty || formError != nil }

    /// The same state with the message of `name` under `key`, for the error summary of a field drawn with another key.
    func keyed(_ name: String, as key: String) -> FormState {
        var s = self
        if let e = s.errors.removeValue(forKey: name) { s.errors[key] = e }
        if let l = s.labels.removeValue(forKey: name) { s.labels[key] = l }
        s.order = s.order.map { $0 == name ? key : $0 }
        return s
    }
}

/// One option of a select or a checkbox list.
struct Choice: Sendable, Hashable {
    let value: String
    let label: String
    /// The heading of the `<optgroup>` the option is listed under in a select (consecutive choices with the same group
    /// share one); nil: no group.
    var group: String? = nil
}

/// Form controls rendered the same way everywhere: a label, the control, a hint, the error beside it.
enum FormKit {
    static func attr<C>(_ name: String, _ value: String) -> Attribute<C> {
        Attribute<C>(name: name, value: HTMLEscape.attribute(value), ignoreIfValueIsEmpty: name != "value")
    }

    static func flag<C>(_ name: String, _ on: Bool) -> Attribute<C> {
        on ? Attribute<C>(name: name, value: nil, ignoreIfValueIsEmpty: false) : .empty
    }

    /// The hidden anti-forgery field every form that changes data carries.
    /// The form's CSRF token, masked anew each time (``CSRFMiddleware/masked(_:)``: compressed pages leak nothing of it).
    static func csrf<C: HTML.BodyContext>(_ token: String) -> Node<C> {
        .selfClosedElement(named: "input", attributes: [attr("type", "hidden"), attr("name", "_csrf"),
                                                        attr("value", token.isEmpty ? "" : CSRFMiddleware.masked(token))])
    }

    static func hidden<C: HTML.BodyContext>(_ name: String, _ value: String) -> Node<C> {
        .selfClosedElement(named: "input", attributes: [attr("type", "hidden"), attr("name", name), attr("value", value)])
    }

    /// The box at the top of a form that did not save: the form's own message (unless it only repeats the title or a
    /// field's message), then each field in error, linked to it and named by its label (its message is beside the
    /// field, so it is said once): the one in `state.labels`, else the field's own label on the page, filled in once
    /// the page is rendered (``nameUnlabelledFields(in:)``); a field not on the page is listed by its message. Fields
    /// come in `state.order`, then by name, rows by number ("x.2" before "x.10").
    /// Labels for the error summary of a table of rows: `targetValue.1` → "Kế hoạch (dòng 2)", for each column named in
    /// `columns`; other keys by `fields`.
    static func rowLabels(_ errors: [String: String], columns: [String: String], fields: [String: String] = [:]) -> [String: String] {
        var labels: [String: String] = [:]
        for key in errors.keys {
            let parts = key.split(separator: ".")
            if parts.count == 2, let column = columns[String(parts[0])], let row = Int(parts[1]) {
                labels[key] = "\(column) (\(CoreText.row) \(row + 1))"
            } else if let label = fields[key] {
                labels[key] = label
            }
        }
        return labels
    }

    static func errorSummary<C: HTML.BodyContext>(_ state: FormState, title: String = CoreText.formHasErrors) -> Node<C> {
        guard state.hasErrors else { return .empty }
        let position = Dictionary(state.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func parts(_ key: String) -> [(String, Int?)] {
            key.split(separator: ".", omittingEmptySubsequences: false).map { (String($0), Int($0)) }
        }
        func before(_ a: String, _ b: String) -> Bool {
            switch (position[a], position[b]) {
            case let (i?, j?): return i < j
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): break
            }
            for (x, y) in zip(parts(a), parts(b)) where x.0 != y.0 {
                if let i = x.1, let j = y.1 { return i < j }
                return x.0 < y.0
            }
            return parts(a).count < parts(b).count
        }
        var items: [Node<HTML.ListContext>] = []
        if let formError = state.formError, formError != title, !state.errors.values.contains(formError) {
            items.append(.li(.safe(formError)))
        }
        for (field, message) in state.errors.sorted(by: { before($0.key, $1.key) }) {
            if let label = state.labels[field] {
                items.append(.li(.element(named: "a", nodes: [.attr("href", "#f-\(field)"), .safe(label)])))
            } else {
                // Named from the page once it is rendered (``nameUnlabelledFields(in:)``): the field's own label.
                items.append(.li(.element(named: "a", nodes: [.attr("href", "#f-\(field)"),
                                                              .attribute(named: unlabelledMarker, value: nil, ignoreIfValueIsEmpty: false), .safe(message)])))
            }
        }
        return .div(.class("error-summary"), .attr("role", "alert"), .h2(.safe(title)), items.isEmpty ? .empty : .ul(.group(items)))
    }

    /// The attribute of a summary link whose field has no entry in `state.labels`.
    static let unlabelledMarker = "data-unlabelled"

    /// Names every field of the error summaries of a rendered page that came without a label in `state.labels`: the
    /// link `<a href="#f-key" data-unlabelled>message</a>` becomes `<a href="#f-key">Label</a>`, the label being the
    /// field's own on the page (`<label for="f-key">`, the `<label>` around the control, its `aria-label`, or the
    /// `<legend>` of a fieldset `id="f-key"`); the message stays beside the field. A field not found on the page keeps
    /// its message. One place, so every form's summary says which field is wrong (``Response/html(_:status:)``).
    static func nameUnlabelledFields(in page: String) -> String {
        let marker = "\" \(unlabelledMarker)>"
        // Every page passes here and few have a summary: a byte search (Foundation's `contains` on a 66 KB page was
        // half the cost of drawing the indicator dashboard).
        guard ByteSearch.contains(page, marker) else { return page }
        var out = ""
        var rest = page[...]
        while let hit = rest.range(of: marker) {
            // `<a href="#f-KEY` ends just before the hit.
            guard let open = rest[..<hit.lowerBound].range(of: "<a href=\"#f-", options: .backwards),
                  let close = rest[hit.upperBound...].range(of: "</a>") else { break }
            let key = String(rest[open.upperBound..<hit.lowerBound])
            out += rest[..<open.lowerBound]
            if let label = fieldLabel(key, in: page) {
                out += "<a href=\"#f-\(key)\">\(label)</a>"
            } else {
                out += "<a href=\"#f-\(key)\">" + rest[hit.upperBound..<close.lowerBound] + "</a>"
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The visible name of the field `id="f-<key>"` in a rendered page (already escaped), or nil.
    static func fieldLabel(_ key: String, in page: String) -> String? {
        func text(after start: String.Index) -> String? {
            let t = page[start...].prefix { $0 != "<" }.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        if let r = page.range(of: "<label for=\"f-\(key)\">"), let t = text(after: r.upperBound) { return t }
        guard let id = page.range(of: " id=\"f-\(key)\"") else { return nil }
        let tagStart = page[..<id.lowerBound].range(of: "<", options: .backwards)?.lowerBound ?? id.lowerBound
        let tagEnd = page[id.upperBound...].firstIndex(of: ">") ?? page.endIndex
        let tag = page[tagStart..<tagEnd]
        if let a = tag.range(of: " aria-label=\""), let t = Optional(tag[a.upperBound...].prefix { $0 != "\"" }), !t.isEmpty { return String(t) }
        if tag.hasPrefix("<fieldset"), let legend = page[tagEnd...].range(of: "<legend>"), let t = text(after: legend.upperBound) { return t }
        // A control inside its `<label>` (a row of fields): the label's text before it.
        if let label = page[..<tagStart].range(of: "<label>", options: .backwards),
           page[label.upperBound..<tagStart].range(of: "</label>") == nil, let t = text(after: label.upperBound) { return t }
        return nil
    }

    /// The fields a rendered form page refuses, read back from its markup: every field of ``errorSummary(_:title:)`` is a
    /// link `href="#f-<key>"`, and every message beside a field has `id="e-<key>"` (``wrap``, and the tables of rows that
    /// draw their own cells). Keys are names made by the code (`targetName.2`), written without escapes. For the log line
    /// of a refused form (``AppErrorMiddleware``): keys only, never values.
    static func refusedFields(inPage page: ByteBuffer) -> [String] {
        var keys = Set<String>()
        page.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for marker in [Array(##"href="#f-"##.utf8), Array(#" id="e-"#.utf8)] {
                var i = 0
                while let start = find(marker, in: bytes, from: i) {
                    var end = start + marker.count
                    while end < bytes.count && bytes[end] != UInt8(ascii: "\"") && end - start < 200 { end += 1 }
                    if end > start + marker.count {
                        keys.insert(String(decoding: bytes[(start + marker.count)..<end], as: UTF8.self))
                    }
                    i = end
                }
            }
        }
        return keys.sorted()
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == first {
                var k = 1
                while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// A field's label, control, hint and message. `key` names the ids (`f-`, `h-`, `e-`; the field's name unless two
    /// forms of one page share a field name: see ``select(_:key:label:state:choices:required:blank:hint:)``).
    private static func wrap<C: HTML.BodyContext>(_ name: String, key: String? = nil, label: String, required: Bool, hint: String?,
                                                    state: FormState, control: Node<C>) -> Node<C> {
        let error = state.errors[name]
        let name = key ?? name
        return .div(
            .class(error == nil ? "field" : "field has-error"),
            .element(named: "label", nodes: [
                .attr("for", "f-\(name)"), .safe(label),
                required ? .element(named: "span", nodes: [.class("required"), .attr("aria-hidden", "true"), .text(" *")]) : .empty,
            ]),
            control,
            hint.map { .p(.class("hint"), .attr("id", "h-\(name)"), .safe($0)) } ?? .empty,
            error.map { .p(.class("field-error"), .attr("id", "e-\(name)"), .safe($0)) } ?? .empty
        )
    }

    private static func describedBy(_ name: String, hint: String?, state: FormState) -> String {
        [hint == nil ? nil : "h-\(name)", state.errors[name] == nil ? nil : "e-\(name)"].compactMap { $0 }.joined(separator: " ")
    }

    static func text<C: HTML.BodyContext>(_ name: String, label: String, state: FormState, type: String = "text",
                                          required: Bool = false, hint: String? = nil, autocomplete: String? = nil,
                                          placeholder: String? = nil, maxLength: Int? = 200) -> Node<C> {
        let described = describedBy(name, hint: hint, state: state)
        var attributes: [Attribute<C>] = [
            attr("type", type), attr("id", "f-\(name)"), attr("name", name),
            attr("value", type == "password" ? "" : state[name]),
            flag("required", required),
            state.errors[name] != nil ? attr("aria-invalid", "true") : .empty,
        ]
        if !described.isEmpty { attributes.append(attr("aria-describedby", described)) }
        if let autocomplete { attributes.append(attr("autocomplete", autocomplete)) }
        if let placeholder { attributes.append(attr("placeholder", placeholder)) }
        if let maxLength { attributes.append(attr("maxlength", String(maxLength))) }
        return wrap(name, label: label, required: required, hint: hint, state: state,
                    control: .selfClosedElement(named: "input", attributes: attributes))
    }

    /// A date typed as dd/MM/yyyy (a plain text box: it works the same in every browser and on phones).
    static func date<C: HTML.BodyContext>(_ name: String, label: String, state: FormState, required: Bool = false,
                                          hint: String = CoreText.dateHint) -> Node<C> {
        text(name, label: label, state: state, required: required, hint: hint, placeholder: "dd/mm/yyyy", maxLength: 10)
    }

    static func textArea<C: HTML.BodyContext>(_ name: String, label: String, state: FormState, rows: Int = 4,
                                              required: Bool = false, hint: String? = nil) -> Node<C> {
        let described = describedBy(name, hint: hint, state: state)
        // No `maxlength`: a browser cuts a longer paste silently; the server refuses it beside the field
        // (``TextLimit/long``) and gives the whole text back to shorten.
        let control: Node<C> = .element(named: "textarea", nodes: [
            .attr("id", "f-\(name)"), .attr("name", name), .attr("rows", String(rows)),
            required ? .attribute(named: "required", value: nil, ignoreIfValueIsEmpty: false) : .empty,
            state.errors[name] != nil ? .attr("aria-invalid", "true") : .empty,
            described.isEmpty ? .empty : .attr("aria-describedby", described),
            .safe(state[name]),
        ])
        return wrap(name, label: label, required: required, hint: hint, state: state, control: control)
    }

    /// A select. `key` (default: the name) names its ids, for a page with two forms that send the same field (the
    /// inspection plan's "add a unit" and "schedule a visit" both send `unitId`); that form's summary then needs
    /// ``FormState/keyed(_:as:)`` so its link reaches this control.
    static func select<C: HTML.BodyContext>(_ name: String, key: String? = nil, label: String, state: FormState, choices: [Choice],
                                            required: Bool = false, blank: String? = CoreText.chooseOne,
                                            hint: String? = nil) -> Node<C> {
        let current = state[name]
        var options: [Node<C>] = []
        if let blank { options.append(.element(named: "option", nodes: [.attr("value", ""), .safe(blank)])) }
        options += optionNodes(choices, current: current)
        let control: Node<C> = .element(named: "select", nodes: [
            .attr("id", "f-\(key ?? name)"), .attr("name", name),
            required ? .attribute(named: "required", value: nil, ignoreIfValueIsEmpty: false) : .empty,
            .group(options),
        ])
        return wrap(name, key: key, label: label, required: required, hint: hint, state: state, control: control)
    }

    /// The options of a select, under an `<optgroup>` for each run of choices with the same ``Choice/group``.
    static func optionNodes<C: HTML.BodyContext>(_ choices: [Choice], current: String) -> [Node<C>] {
        func option(_ choice: Choice) -> Node<C> {
            .element(named: "option", nodes: [
                .attr("value", choice.value),
                choice.value == current ? .attribute(named: "selected", value: nil, ignoreIfValueIsEmpty: false) : .empty,
                .safe(choice.label),
            ])
        }
        var nodes: [Node<C>] = []
        var i = choices.startIndex
        while i < choices.endIndex {
            guard let group = choices[i].group else { nodes.append(option(choices[i])); i += 1; continue }
            var j = i
            while j < choices.endIndex && choices[j].group == group { j += 1 }
            nodes.append(.element(named: "optgroup", nodes: [.attr("label", group)] + choices[i..<j].map(option)))
            i = j
        }
        return nodes
    }

    /// Several checkboxes sharing one name (`name[]`); `selected` holds the checked values.
    static func checkboxes<C: HTML.BodyContext>(_ name: String, label: String, choices: [Choice], selected: Set<String>,
                                                state: FormState, hint: String? = nil) -> Node<C> {
        let error = state.errors[name]
        return .element(named: "fieldset", nodes: [
            .class(error == nil ? "field" : "field has-error"),
            .attr("id", "f-\(name)"),
            .element(named: "legend", nodes: [.safe(label)]),
            hint.map { .p(.class("hint"), .safe($0)) } ?? .empty,
            .div(.class("checkbox-list"), .group(choices.map { choice in
                .element(named: "label", nodes: [
                    .class("checkbox"),
                    .selfClosedElement(named: "input", attributes: [
                        attr("type", "checkbox"), attr("name", "\(name)[]"), attr("value", choice.value),
                        flag("checked", selected.contains(choice.value)),
                    ]),
                    .text(" "), .safe(choice.label),
                ])
            })),
            error.map { .p(.class("field-error"), .safe($0)) } ?? .empty,
        ])
    }

    static func checkbox<C: HTML.BodyContext>(_ name: String, label: String, checked: Bool) -> Node<C> {
        .div(.class("field"), .element(named: "label", nodes: [
            .class("checkbox"),
            .selfClosedElement(named: "input", attributes: [attr("type", "checkbox"), attr("name", name), attr("value", "1"),
                                                             flag("checked", checked)]),
            .text(" "), .safe(label),
        ]))
    }

    static func actions<C: HTML.BodyContext>(submit: String, cancel: SiteURL? = nil, danger: Bool = false) -> Node<C> {
        .div(.class("form-actions"),
             .element(named: "button", nodes: [.attr("type", "submit"), .class(danger ? "btn btn-danger" : "btn btn-primary"), .safe(submit)]),
             cancel.map { .link($0, CoreText.cancel, class: "btn btn-secondary") } ?? .empty)
    }

    /// A one-button form that posts to `url` (deactivate, reactivate, logout…).
    static func postButton<C: HTML.BodyContext>(_ url: SiteURL, label: String, csrf token: String,
                                                style: String = "btn btn-secondary", confirm: String? = nil) -> Node<C> {
        .element(named: "form", nodes: [
            .attr("method", "post"), .attr("action", url.path), .class("inline"),
            confirm.map { .attr("data-confirm", $0) } ?? .empty,
            FormKit.csrf(token),
            .element(named: "button", nodes: [.attr("type", "submit"), .class(style), .safe(label)]),
        ])
    }
}

/// A form field described as data, so that a generic form page stays a pure function of a `Sendable` model.
enum FieldSpec: Sendable {
    case text(_ name: String, _ label: String, required: Bool = false, type: String = "text", hint: String? = nil, maxLength: Int? = 200)
    case date(_ name: String, _ label: String, required: Bool = false)
    case textArea(_ name: String, _ label: String, rows: Int = 4, required: Bool = false, hint: String? = nil)
    case select(_ name: String, _ label: String, choices: [Choice], required: Bool = false, blank: String? = CoreText.chooseOne, hint: String? = nil)
    case checkboxes(_ name: String, _ label: String, choices: [Choice], selected: Set<String>, hint: String? = nil)
    case checkbox(_ name: String, _ label: String, checked: Bool)
    case hidden(_ name: String, _ value: String)
    case note(String)
}

extension FormKit {
    static func fields<C: HTML.BodyContext>(_ specs: [FieldSpec], state: FormState) -> Node<C> {
        .group(specs.map { spec -> Node<C> in
            switch spec {
            case let .text(name, label, required, type, hint, maxLength):
                return text(name, label: label, state: state, type: type, required: required, hint: hint, maxLength: maxLength)
            case let .date(name, label, required):
                return date(name, label: label, state: state, required: required)
            case let .textArea(name, label, rows, required, hint):
                return textArea(name, label: label, state: state, rows: rows, required: required, hint: hint)
            case let .select(name, label, choices, required, blank, hint):
                return select(name, label: label, state: state, choices: choices, required: required, blank: blank, hint: hint)
            case let .checkboxes(name, label, choices, selected, hint):
                return checkboxes(name, label: label, choices: choices, selected: selected, state: state, hint: hint)
            case let .checkbox(name, label, checked):
                return checkbox(name, label: label, checked: checked)
            case let .hidden(name, value):
                return hidden(name, value)
            case let .note(text):
                return .p(.class("hint"), .safe(text))
            }
        })
    }
}
