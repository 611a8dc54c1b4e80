import Foundation
import Plot

/// The pages of the indicator import: the form (period, file, template, the file's layout) and the preview.
enum IndicatorImportViews {
    typealias T = IndicatorText.Import
    /// Rows listed in the preview; the rest are counted.
    static let maxShownRows = 1_000

    static func quarterChoices() -> [Choice] {
        [Choice(value: "0", label: T.wholeYear)] + (1...4).map { Choice(value: String($0), label: T.quarterChoice($0)) }
    }

    static func form(_ frame: PageFrame, state: FormState, years: [Int], csrf: String) -> HTML {
        let year = Int(state["year"]) ?? years.first ?? 0
        let quarter = Int(state["quarter"]) ?? 0
        return Layout.render(frame, lead: T.lead, .group(
            FormKit.errorSummary(state),
            .form(.method(.post), .action(SiteURL.indicatorImport), .enctype(.multipartData), .class("stacked"),
                  FormKit.csrf(csrf),
                  FormKit.select("year", label: T.year, state: state, choices: years.map { Choice(value: String($0), label: String($0)) },
                                 required: true, blank: nil),
                  FormKit.select("quarter", label: T.quarter, state: state, choices: quarterChoices(), required: true, blank: nil),
                  fileField(state),
                  FormKit.actions(submit: T.submit, cancel: nil)),
            .p(.text(T.afterImport), .text(" "), .a(.href(SiteURL.indicatorReviewQueue), .text(T.reviewQueue))),
            .section(.class("card"),
                     .h2(.text(T.template)),
                     .p(.text(T.templateHint)),
                     .ul(.li(.a(.href(SiteURL.indicatorImportTemplate("xlsx", year: year, quarter: quarter)), .text(T.templateXLSX))),
                         .li(.a(.href(SiteURL.indicatorImportTemplate("csv", year: year, quarter: quarter)), .text(T.templateCSV))))),
            layout()
        ))
    }

    private static func fileField<C: HTML.BodyContext>(_ state: FormState) -> Node<C> {
        let error = state.errors["file"]
        return .div(.class(error == nil ? "field" : "field has-error"),
                    .label(.for("f-file"), .text(T.file), .span(.class("required"), .attribute(named: "aria-hidden", value: "true"), .text(" *"))),
                    .input(.type(.file), .id("f-file"), .name("file"), .required(true),
                           .attribute(named: "accept", value: ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                           .attribute(named: "aria-describedby", value: error == nil ? "h-file" : "h-file e-file")),
                    .p(.class("hint"), .id("h-file"), .text(T.fileHint(maxMB: IndicatorImportController.maxBytes / (1024 * 1024)))),
                    error.map { .p(.class("field-error"), .id("e-file"), .text($0)) } ?? .empty)
    }

    private static func layout() -> Node<HTML.BodyContext> {
        .section(.class("card"),
                 .h2(.text(T.layoutTitle)),
                 .p(.text(T.layoutLead)),
                 .ul(.group(IndicatorImportLayout.templateColumns.map { c in
                     .li(.strong(.text(c.header)), .text(c.isRequired ? " \(T.required)" : ""), .text(": \(c.describe)"))
                 })),
                 .p(.text(T.describeEmpty)))
    }

    static func preview(_ frame: PageFrame, _ p: IndicatorImportPreview, csrf: String) -> HTML {
        let listed: [IndicatorImportPreview.Row]
        var note: String?
        if p.errorCount > 0 {
            let bad = p.rows.filter { $0.outcome == .error }
            listed = Array(bad.prefix(maxShownRows))
            if p.rows.count > listed.count { note = T.onlyErrorsShown(listed.count, others: p.rows.count - bad.count) }
        } else {
            // The rows that change something; the template's empty rows (skipped) are only counted, so the figures
            // typed are not buried under hundreds of "nothing to import" lines.
            let kept = p.rows.filter { $0.outcome != .skipped }
            listed = Array(kept.prefix(maxShownRows))
            let hidden = p.rows.count - kept.count
            if kept.count > listed.count { note = T.moreRows(shown: listed.count, rest: kept.count - listed.count) }
            if hidden > 0 { note = [note, T.skippedHidden(hidden)].compactMap { $0 }.joined(separator: " ") }
        }
        let tableRows: [[Node<HTML.BodyContext>]] = listed.map { r in
            [.text(String(r.line)),
             .group(.text(r.unitCode.isEmpty ? T.communeCode : r.unitCode), .br(), .span(.class("muted"), .text(r.unitLabel))),
             .group(.text(r.indicatorCode), .br(), .span(.class("muted"), .text(r.indicatorLabel))),
             .text(figures(r)),
             status(r)]
        }
        return Layout.render(frame, lead: T.fileLine(name: p.fileName, period: p.period), .group(
            p.hasErrors ? .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                               .h2(.text(p.errorCount > 0 ? T.hasErrors(p.errorCount) : T.fileRejected)),
                               .ul(.group(p.fileProblems.map { .li(.text($0)) }))) : .empty,
            p.rows.isEmpty ? .empty : .p(.text(T.summary(rows: p.rows.count, create: p.createCount, update: p.updateCount,
                                                        skipped: p.skippedCount, errors: p.errorCount))),
            p.rows.isEmpty ? .empty : Components.table(headers: [T.row, T.unit, T.indicator, T.figures, T.status], rows: tableRows,
                                                       numericColumns: [0], rowClasses: listed.map { $0.outcome == .error ? "has-error" : nil },
                                                       caption: T.previewTitle),
            note.map { .p(.class("muted"), .text($0)) } ?? .empty,
            .p(.text(T.afterImport)),
            p.canImport
                ? .form(.method(.post), .action(SiteURL.indicatorImportConfirm), .class("stacked"),
                        FormKit.csrf(csrf),
                        FormKit.hidden("year", String(p.year)), FormKit.hidden("quarter", String(p.quarter)),
                        FormKit.hidden("sha256", p.sha256), FormKit.hidden("name", p.fileName),
                        FormKit.actions(submit: T.confirm(p.writeCount), cancel: nil))
                : .empty,
            .p(.a(.href("\(SiteURL.indicatorImport)?year=\(p.year)&quarter=\(p.quarter)"), .text(T.uploadAgain)))
        ))
    }

    private static func figures(_ r: IndicatorImportPreview.Row) -> String {
        if !r.numerator.isEmpty || !r.denominator.isEmpty {
            return "\(r.numerator.isEmpty ? "—" : r.numerator) / \(r.denominator.isEmpty ? "—" : r.denominator)"
        }
        return r.value.isEmpty ? IndicatorText.missing : r.value
    }

    private static func status(_ r: IndicatorImportPreview.Row) -> Node<HTML.BodyContext> {
        switch r.outcome {
        case .error: return .ul(.class("field-error"), .group(r.errors.map { .li(.text($0)) }))
        case .create: return .text(T.willCreate + (r.isJump ? " (\(T.jumpConfirmed))" : ""))
        case .update(let s): return .text(T.willUpdate(s) + (r.isJump ? " (\(T.jumpConfirmed))" : ""))
        case .unchanged: return .text(T.unchanged)
        case .skipped: return .span(.class("muted"), .text(T.skipped))
        }
    }
}
