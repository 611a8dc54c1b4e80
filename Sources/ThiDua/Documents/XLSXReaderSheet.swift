import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One worksheet's `<sheetData>`, cell by cell, into rows of text.
///
/// Row `i` of the result is the sheet's row `i + 1`: a row with no value in the middle is kept as `[]`, empty rows
/// at the end are dropped. A row runs up to its last cell with a value; cells missing before it are "". Cells with no
/// value (formatted only) are ignored, wherever they are, and do not count against the limits.
final class XLSXSheetParser: XLSXPartParser {
    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let date1904: Bool
    private let limits: XLSXReader.Limits

    private(set) var rows: [[String]] = []
    private var rowNumber = 0  // 1-based, of the open row
    private var column = -1  // 0-based, of the last cell
    private var inSheetData = false
    private var inCell = false
    private var type = "n"
    private var style = 0
    private var value: String?
    private var inline: String?
    private var phonetic = 0

    init(part: String, sharedStrings: [String], dateStyles: [Bool], date1904: Bool, limits: XLSXReader.Limits) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.limits = limits
        super.init(part: part)
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "sheetData": inSheetData = true
        case "row" where inSheetData:
            if let r = attributes["r"].flatMap(Int.init), r >= 1 { rowNumber = r } else { rowNumber += 1 }
            column = -1
        case "c" where inSheetData:
            inCell = true
            if let ref = attributes["r"].flatMap(XLSXReaderValues.cellReference) { column = ref.column } else { column += 1 }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = nil
            inline = nil
            phonetic = 0
        case "v" where inCell: startCollecting()
        case "is" where inCell: inline = ""
        case "rPh" where inline != nil: phonetic += 1
        case "t" where inline != nil && phonetic == 0: startCollecting()
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "sheetData": inSheetData = false
        case "v" where inCell: value = stopCollecting()
        case "t" where inline != nil && phonetic == 0: inline? += stopCollecting()
        case "rPh" where inline != nil: phonetic -= 1
        case "c" where inCell:
            inCell = false
            if let text = cellText(), !text.isEmpty { place(text) }
        default: break
        }
    }

    /// The text of the cell just closed; nil when it has none.
    private func cellText() -> String? {
        switch type {
        case "inlineStr":
            return (inline ?? value).map(XLSXReaderValues.unescape)
        case "s":
            guard let value else { return nil }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), index >= 0, index < sharedStrings.count else {
                fail(.damaged(part: part))
                return nil
            }
            return sharedStrings[index]
        case "b":
            guard let value else { return nil }
            return value.trimmingCharacters(in: .whitespaces) == "1" ? "TRUE" : "FALSE"
        case "e":
            return value
        case "str":
            return value.map(XLSXReaderValues.unescape)
        case "d":
            return value.map(XLSXReaderValues.isoDate)
        default:
            guard let value else { return nil }
            if style >= 0, style < dateStyles.count, dateStyles[style],
               let date = XLSXReaderValues.date(serial: value, date1904: date1904) {
                return date
            }
            return XLSXReaderValues.number(value)
        }
    }

    private func place(_ text: String) {
        guard rowNumber <= limits.maxRows else { return fail(.tooManyRows(limit: limits.maxRows)) }
        guard column < limits.maxColumns else { return fail(.tooManyColumns(limit: limits.maxColumns)) }
        guard rowNumber >= 1, column >= 0 else { return }
        if rows.count < rowNumber {
            rows.append(contentsOf: repeatElement([], count: rowNumber - rows.count))
        }
        let index = rowNumber - 1
        if rows[index].count <= column {
            rows[index].append(contentsOf: repeatElement("", count: column + 1 - rows[index].count))
        }
        rows[index][column] = text
    }
}
