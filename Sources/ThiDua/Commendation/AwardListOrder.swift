import Foundation

/// One line of a year's award list, as the Quyết định's attached list and the Excel award list both order it.
protocol AwardListEntry {
    var listName: String { get }
    var listTitle: String { get }
    /// The title's place in the catalogue (``CommendationQueries/titles(on:communeID:)``); `Int.max` when unknown.
    var listTitlePosition: Int { get }
    var listIsCollective: Bool { get }
}

/// The one order of a year's award list (danh sách khen thưởng): I. Cá nhân, then II. Tập thể; in each, by title in
/// the catalogue's order, then by name in Vietnamese order (``VietnameseOrder``). The Quyết định's attached list and
/// the Excel list number their rows TT 1…n in this order, so both say the same number for the same award.
enum AwardListOrder {
    static func sorted<E: AwardListEntry>(_ entries: [E]) -> [E] {
        entries.enumerated()
            .map { (index: $0.offset, entry: $0.element, name: VietnameseOrder.key($0.element.listName)) }
            .sorted { a, b in
                if a.entry.listIsCollective != b.entry.listIsCollective { return !a.entry.listIsCollective }
                if a.entry.listTitlePosition != b.entry.listTitlePosition { return a.entry.listTitlePosition < b.entry.listTitlePosition }
                if a.entry.listTitle != b.entry.listTitle { return VietnameseOrder.less(a.entry.listTitle, b.entry.listTitle) }
                if a.name != b.name { return a.name.lexicographicallyPrecedes(b.name) }
                return a.index < b.index
            }
            .map(\.entry)
    }

    /// An individual's position (chức vụ) and unit (đơn vị), each when known, the unit left out when the position
    /// already names it — "Viên chức Trung tâm Dịch vụ tổng hợp" is not followed by "Trung tâm Dịch vụ tổng hợp xã"
    /// again. Compared folded (case and diacritics ignored), also without a trailing "xã …" of the unit's name.
    static func positionAndUnit(title: String, unit: String?) -> (position: String?, unit: String?) {
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let u = (unit ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let position = t.isEmpty ? nil : t
        guard !u.isEmpty else { return (position, nil) }
        guard position != nil else { return (nil, u) }
        let ft = TextFolding.fold(t)
        let fu = TextFolding.fold(u)
        var names = [fu]
        // "Trung tâm Dịch vụ tổng hợp xã", "Phòng Văn hóa - Xã hội xã Phú Sơn": also the name before a last "xã" that
        // ends it or is followed by the commune's name (one to three words; "xã hội" is part of a name, not the commune).
        if let range = fu.range(of: " xa", options: .backwards),
           range.upperBound == fu.endIndex || fu[range.upperBound] == " " {
            let rest = fu[range.upperBound...].split(separator: " ")
            let stem = String(fu[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            if rest.count <= 3, rest.first != "hoi", stem.count >= 4 { names.append(stem) }
        }
        return names.contains(where: { ft.contains($0) }) ? (position, nil) : (position, u)
    }

    /// "Chuyên viên, Phòng Kinh tế": the Quyết định's "Chức vụ, đơn vị" column.
    static func positionText(title: String, unit: String?) -> String {
        let p = positionAndUnit(title: title, unit: unit)
        return [p.position, p.unit].compactMap { $0 }.joined(separator: ", ")
    }
}

extension CommendationDocuments.Line: AwardListEntry {
    var listName: String { name }
    var listTitle: String { title }
    var listTitlePosition: Int { titlePosition }
    var listIsCollective: Bool { kind == .collective }
}

extension CommendationListExport.Row: AwardListEntry {
    var listName: String { name }
    var listTitle: String { title }
    var listTitlePosition: Int { titlePosition }
    var listIsCollective: Bool { isCollective }
}
