import Foundation

/// A calendar date without time (birth dates, deadlines), stored as `yyyy-MM-dd` and shown as `dd/MM/yyyy`.
struct LocalDate: Sendable, Hashable, Comparable, Codable {
    let year: Int
    let month: Int
    let day: Int

    init?(year: Int, month: Int, day: Int) {
        guard (1900...2100).contains(year), (1...12).contains(month), day >= 1,
              day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses what a person types: `dd/MM/yyyy` (also `d/M/yyyy`, `dd-MM-yyyy`, `dd.MM.yyyy`).
    init?(vietnamese text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { "/-.".contains($0) })
        guard parts.count == 3, parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2,
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses the stored / API form `yyyy-MM-dd`.
    init?(iso text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }

    static func < (a: LocalDate, b: LocalDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// The date in Vietnam of an instant.
    init(_ instant: Date) {
        let c = VietnamTime.calendar.dateComponents([.year, .month, .day], from: instant)
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    /// Midnight at the start of this day in Vietnam.
    var startOfDay: Date {
        VietnamTime.calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected yyyy-MM-dd")
        }
        self = date
    }
}

/// Vietnam's time zone (UTC+7, no daylight saving) and the formats users read.
enum VietnamTime {
    static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }()

    /// "25/11/2026 14:05"
    static func dateTime(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
    }

    /// "25/11/2026"
    static func date(_ date: Date) -> String { LocalDate(date).vietnamese }
}

extension LocalDate {
    /// 1 = Sunday … 7 = Saturday.
    var weekday: Int { VietnamTime.calendar.component(.weekday, from: startOfDay) }

    func adding(days: Int) -> LocalDate {
        LocalDate(VietnamTime.calendar.date(byAdding: .day, value: days, to: startOfDay)!)
    }
}
