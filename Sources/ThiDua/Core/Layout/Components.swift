import Foundation
import Plot

/// Small pieces of page shared by every feature: tables, pagination, detail lists, status badges.
enum Components {
    /// A data table inside a horizontally scrolling wrapper (phones).
    /// `stacked`: on a phone (under 640 px) each row becomes a block of its cells, each under its column's name, so a
    /// row's last cells (its buttons) are on screen without scrolling sideways.
    static func table<C: HTML.BodyContext>(headers: [String], rows: [[Node<HTML.BodyContext>]], numericColumns: Set<Int> = [],
                                           rowClasses: [String?] = [], caption: String? = nil, stacked: Bool = false) -> Node<C> {
        guard !rows.isEmpty else { return .p(.class("muted"), .text(CoreText.noRows)) }
        return .div(.class(stacked ? "table-wrap stack" : "table-wrap"), .element(named: "table", nodes: [
            .class(stacked ? "data stack" : "data"),
            caption.map { .element(named: "caption", nodes: [.safe($0)]) } ?? .empty,
            .element(named: "thead", nodes: [.element(named: "tr", nodes: headers.enumerated().map { i, h in
                .element(named: "th", nodes: [.attr("scope", "col"), numericColumns.contains(i) ? .class("num") : .empty, .safe(h)])
            })]),
            .element(named: "tbody", nodes: rows.enumerated().map { r, cells in
                let rowClass = r < rowClasses.count ? rowClasses[r] : nil
                return .element(named: "tr", nodes: [rowClass.map { .class($0) } ?? .empty] + cells.enumerated().map { i, cell in
                    // The cell's own node goes in as a node of its context: wrapping it in a Component made Plot
                    // reflect on it and render it into a renderer of its own, for every cell (23% of /board's CPU).
                    let nodes: [Node<HTML.BodyContext>] = [numericColumns.contains(i) ? .class("num") : .empty,
                                                           stacked && i < headers.count && !headers[i].isEmpty ? .attr("data-label", headers[i]) : .empty, cell]
                    return .element(named: "td", nodes: nodes)
                })
            }),
        ]))
    }

    /// Previous / next links that keep the current filters.
    static func pagination<C: HTML.BodyContext>(page: Int, pageCount: Int, base: String, query: [String: String]) -> Node<C> {
        guard pageCount > 1 else { return .empty }
        func href(_ p: Int) -> String {
            var items = query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.urlQueryEncoded)" }
            items.append("page=\(p)")
            return base + "?" + items.joined(separator: "&")
        }
        return .nav(.class("pagination"), .ariaLabel("Phân trang"),
                    page > 1 ? .link(href: href(page - 1), CoreText.previous) : .empty,
                    .span(.class("current"), .text(String(format: CoreText.pageOf, page, pageCount))),
                    page < pageCount ? .link(href: href(page + 1), CoreText.next) : .empty)
    }

    /// A definition list of label → value pairs.
    static func details<C: HTML.BodyContext>(_ pairs: [(String, String)]) -> Node<C> {
        .element(named: "dl", nodes: [.class("details")] + pairs.flatMap { label, value -> [Node<C>] in
            [.element(named: "dt", nodes: [.safe(label)]), .element(named: "dd", nodes: [.safe(value.isEmpty ? "—" : value)])]
        })
    }

    static func activeBadge<C: HTML.BodyContext>(_ active: Bool) -> Node<C> {
        .span(.class(active ? "badge badge-ok" : "badge badge-muted"), .text(active ? CoreText.active : CoreText.inactive))
    }
}

