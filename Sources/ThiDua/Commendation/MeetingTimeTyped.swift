import Foundation

extension MeetingTime {
    /// (A static function, not an init: `MeetingTime.init` stays unambiguous where it is passed as a function.)
    /// A time as people type it on the minutes: "08:30", "8:30", "8.30", "8h", "8h30", "8g30", "8 giờ 30",
    /// "8 giờ 30 phút". Hours 1–2 digits (0–23), minutes none (after "h"/"giờ") or 2 digits (00–59); nothing else.
    static func typed(_ text: String) -> MeetingTime? {
        var t = text.precomposedStringWithCanonicalMapping.lowercased().trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("phút") { t = String(t.dropLast(4)).trimmingCharacters(in: .whitespaces) }
        t = t.replacingOccurrences(of: "giờ", with: "h").filter { $0 != " " }
        guard let sep = t.firstIndex(where: { $0 == ":" || $0 == "h" || $0 == "g" || $0 == "." }) else { return nil }
        let h = t[..<sep]
        let m = t[t.index(after: sep)...]
        let letter = t[sep] == "h" || t[sep] == "g"
        guard (1...2).contains(h.count), h.allSatisfy({ $0.isASCII && $0.isNumber }), let hour = Int(h) else { return nil }
        if m.isEmpty {
            guard letter, !text.lowercased().contains("phút") else { return nil }
            return MeetingTime(hour: hour, minute: 0)
        }
        guard m.count == 2, m.allSatisfy({ $0.isASCII && $0.isNumber }), let minute = Int(m) else { return nil }
        return MeetingTime(hour: hour, minute: minute)
    }
}
