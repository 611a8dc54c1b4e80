import Fluent
import Foundation

/// The layout of an indicator import file (issue 16, point 3): one row per scope × indicator, the period chosen on the
/// page. The header names are matched folded (no case, no diacritics: "MA DON VI" = "Mã đơn vị"), in any order; the
/// reading-only columns (unit and indicator names, measure) may be left out.
enum IndicatorImportLayout {
    enum Column: String, CaseIterable, Sendable {
        case unitCode, unitName, indicatorCode, indicatorName, measure, numerator, denominator, value, note, jumpNote

        var header: String {
            typealias T = IndicatorText.Import
            switch self {
            case .unitCode: return T.colUnitCode
            case .unitName: return T.colUnitName
            case .indicatorCode: return T.colIndicatorCode
            case .indicatorName: return T.colIndicatorName
            case .measure: return T.colMeasure
            case .numerator: return T.colNumerator
            case .denominator: return T.colDenominator
            case .value: return T.colValue
            case .note: return T.colNote
            case .jumpNote: return T.colJumpNote
            }
        }

        /// Columns the file must have.
        var isRequired: Bool { [.unitCode, .indicatorCode, .numerator, .denominator, .value].contains(self) }
        /// Columns only for the person filling the file; their content is not read.
        var isForReading: Bool { [.unitName, .indicatorName, .measure].contains(self) }

        var describe: String {
            typealias T = IndicatorText.Import
            switch self {
            case .unitCode: return T.describeUnitCode
            case .indicatorCode: return T.describeIndicatorCode
            case .numerator, .denominator: return T.describeShare
            case .value: return T.describeValue
            case .note, .jumpNote: return T.describeNotes
            case .unitName, .indicatorName, .measure: return T.forReading
            }
        }
    }

    /// The columns of the template, in its order.
    static let templateColumns: [Column] = [.unitCode, .unitName, .indicatorCode, .indicatorName, .measure, .numerator, .denominator,
                                            .value, .note, .jumpNote]

    /// Header names folded, with the few other spellings people use.
    static let aliases: [String: Column] = {
        var map: [String: Column] = [:]
        for c in Column.allCases { map[TextFolding.fold(c.header)] = c }
        map["ma thon"] = .unitCode; map["ma thon, ap"] = .unitCode; map["ma don vi/thon"] = .unitCode
        map["ten thon"] = .unitName; map["ten thon, ap"] = .unitName
        map["ma chi tieu"] = .indicatorCode; map["ten chi tieu"] = .indicatorName
        map["don vi do"] = .measure
        map["so lieu"] = .value; map["gia tri (so luong)"] = .value
        map["giai trinh chenh lech"] = .jumpNote; map["ghi chu xac nhan"] = .jumpNote
        return map
    }()

    /// Where each column is in a header row, or why the row cannot be the header.
    struct Header: Sendable, Equatable {
        var index: [Column: Int]
        var width: Int
    }

    static func fold(_ cell: String) -> String {
        TextFolding.fold(TextFolding.clean(cell)).trimmingCharacters(in: CharacterSet(charactersIn: " *:"))
    }

    /// Whether a row looks like the header: it names the indicator code column.
    static func isHeader(_ row: [String]) -> Bool {
        row.contains { aliases[fold($0)] == .indicatorCode }
    }

    struct HeaderProblems: Error, Sendable { let messages: [String] }

    static func header(_ row: [String]) -> Result<Header, HeaderProblems> {
        var index: [Column: Int] = [:]
        var problems: [String] = []
        var width = 0
        for (i, cell) in row.enumerated() {
            let folded = fold(cell)
            if folded.isEmpty { continue }
            width = i + 1
            guard let column = aliases[folded] else {
                problems.append(IndicatorText.Import.unknownColumn(TextFolding.clean(cell)))
                continue
            }
            if index[column] != nil { problems.append(IndicatorText.Import.duplicateColumn(column.header)); continue }
            index[column] = i
        }
        let missing = Column.allCases.filter { $0.isRequired && index[$0] == nil }
        if !missing.isEmpty { problems.insert(IndicatorText.Import.missingColumns(missing.map(\.header)), at: 0) }
        return problems.isEmpty ? .success(Header(index: index, width: width)) : .failure(HeaderProblems(messages: problems))
    }

    // MARK: the template

    /// One line of the template: a scope and an indicator of the chosen year's catalogue.
    struct TemplateLine: Sendable {
        let unitCode: String
        let unitName: String
        let indicatorCode: String
        let indicatorName: String
        let measure: String
    }

    /// Every scope × indicator of the catalogue for `year`: commune-level indicators once ("XA"), the others for each
    /// active unit of their level; by scope (the commune first, then units by code), then by the indicator's place.
    static func templateLines(communeID: UUID, year: Int, on db: any Database) async throws -> [TemplateLine] {
        let indicators = try await Indicator.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true)
            .sort(\.$position).all()
        let definitions = IndicatorDefinitions.effectiveByIndicator(
            try await IndicatorDefinition.query(on: db).filter(\.$communeID == communeID).filter(\.$fromYear <= year).all(), year: year)
        let units = try await Unit.query(on: db).filter(\.$communeID == communeID).filter(\.$isActive == true).all()
            .sorted { VietnameseOrder.less($0.code, $1.code) }
        let listed: [(Indicator, IndicatorDefinition)] = indicators.compactMap { i in definitions[i.id!].map { (i, $0) } }
        var lines: [TemplateLine] = []
        for (indicator, d) in listed where d.levelValue == .commune {
            lines.append(TemplateLine(unitCode: IndicatorText.Import.communeCode, unitName: IndicatorText.commune,
                                      indicatorCode: indicator.code, indicatorName: d.name, measure: d.measure))
        }
        for unit in units {
            let level = IndicatorLevel.of(unit.unitKind)
            for (indicator, d) in listed where d.levelValue == level {
                lines.append(TemplateLine(unitCode: unit.code, unitName: unit.name, indicatorCode: indicator.code,
                                          indicatorName: d.name, measure: d.measure))
            }
        }
        return lines
    }

    static func templateXLSX(_ lines: [TemplateLine], year: Int, quarter: Int, communeName: String, created: Date) throws -> Data {
        let period = IndicatorText.period(year: year, quarter: quarter)
        var sheet = XLSXSheet(name: period, columns: templateColumns.map { XLSXColumn(title: $0.header) },
                              rows: lines.map { l in
                                  [.text(l.unitCode), .text(l.unitName), .text(l.indicatorCode), .text(l.indicatorName), .text(l.measure),
                                   .empty, .empty, .empty, .empty, .empty]
                              })
        sheet.heading = "\(IndicatorText.feature) – \(communeName) – \(period)"
        return try XLSXWriter.write([sheet], title: "\(IndicatorText.Import.title) – \(period)", author: communeName, created: created)
    }

    /// The same template as CSV (UTF-8 with BOM, `;`, as a Vietnamese Excel opens it).
    static func templateCSV(_ lines: [TemplateLine]) -> Data {
        var text = "\u{FEFF}" + templateColumns.map { CSV.quote($0.header) }.joined(separator: ";") + "\r\n"
        for l in lines {
            text += [l.unitCode, l.unitName, l.indicatorCode, l.indicatorName, l.measure, "", "", "", "", ""].map(CSV.quote)
                .joined(separator: ";") + "\r\n"
        }
        return Data(text.utf8)
    }
}
