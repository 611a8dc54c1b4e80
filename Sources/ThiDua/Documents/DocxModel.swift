import Foundation

// The document model of `DocxWriter`: runs, paragraphs, cells, tables, blocks, margins, the document.

// MARK: - Model

/// A piece of text with one formatting. "\n" in `text` becomes a line break, "\t" a tab.
struct DocxRun: Sendable, Equatable {
    var text: String
    var bold = false
    var italic = false
    var underline = false
    /// Font size in points; nil means the document's `fontSize`.
    var size: Double?
}

extension DocxRun {
    /// `DocxRun("Điều 1.", bold: true)`; the memberwise `DocxRun(text:bold:italic:underline:size:)` works too.
    init(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false, size: Double? = nil) {
        self.init(text: text, bold: bold, italic: italic, underline: underline, size: size)
    }
}

struct DocxParagraph: Sendable, Equatable {
    /// Raw values are the `w:jc` values.
    enum Alignment: String, Sendable { case left, center, right, justify = "both" }

    var runs: [DocxRun]
    var alignment: Alignment = .left
    /// Space above and below the paragraph, in points.
    var spacingBefore: Double = 0
    var spacingAfter: Double = 6
    /// Indents in millimetres (first line; whole paragraph from the left and right edges).
    var firstLineIndent: Double = 0
    var indentLeft: Double = 0
    var indentRight: Double = 0
    /// A thin line under the paragraph, as wide as the paragraph (narrow it with `indentLeft`/`indentRight`).
    var bottomBorder = false
    /// Keep on the same page as the next paragraph (titles, signature blocks).
    var keepWithNext = false
    /// Start a new page with this paragraph (`w:pageBreakBefore`: an attached list's heading).
    var pageBreakBefore = false

    // The memberwise init `DocxParagraph(runs:alignment:spacingBefore:…:keepWithNext:)` takes every field.

    /// A paragraph of one run.
    static func text(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false,
                      size: Double? = nil, alignment: Alignment = .left, spacingBefore: Double = 0,
                      spacingAfter: Double = 6, firstLineIndent: Double = 0,
                      keepWithNext: Bool = false) -> DocxParagraph {
        DocxParagraph(runs: [DocxRun(text, bold: bold, italic: italic, underline: underline, size: size)],
                      alignment: alignment, spacingBefore: spacingBefore, spacingAfter: spacingAfter,
                      firstLineIndent: firstLineIndent, keepWithNext: keepWithNext)
    }
}

struct DocxCell: Sendable, Equatable {
    /// A cell with no paragraphs is written with one empty paragraph (Word requires one).
    var paragraphs: [DocxParagraph]
    /// Light grey background (e.g. header cells).
    var shaded = false
    /// Number of grid columns the cell covers (≥ 1).
    var gridSpan = 1
}

extension DocxCell {
    init(_ paragraphs: [DocxParagraph], shaded: Bool = false, gridSpan: Int = 1) {
        self.init(paragraphs: paragraphs, shaded: shaded, gridSpan: gridSpan)
    }

    /// A cell of one paragraph with no space after it.
    static func text(_ text: String, bold: Bool = false, italic: Bool = false, size: Double? = nil,
                     alignment: DocxParagraph.Alignment = .left, shaded: Bool = false,
                     gridSpan: Int = 1) -> DocxCell {
        DocxCell([.text(text, bold: bold, italic: italic, size: size, alignment: alignment, spacingAfter: 0)],
                 shaded: shaded, gridSpan: gridSpan)
    }
}

struct DocxTable: Sendable, Equatable {
    /// Widths of the grid columns in millimetres.
    var columnWidths: [Double]
    var rows: [[DocxCell]]
    /// Thin single borders around and between all cells; false for a layout table with no lines.
    var borders = true
    /// The first rows repeat at the top of each page (they are not made bold by this).
    var headerRowCount = 0
    /// Space between a cell's edge and its text, left and right, in millimetres (Word's default is 1.9).
    var cellPadding = 1.9
    /// No row breaks across a page (`w:cantSplit` on every row).
    var cantSplit = false
}

enum DocxBlock: Sendable, Equatable {
    case paragraph(DocxParagraph)
    case table(DocxTable)
    case pageBreak
}

/// Page margins in millimetres.
struct DocxMargins: Sendable, Equatable {
    var top: Double, bottom: Double, left: Double, right: Double
    /// Nghị định 30/2020: top 20, bottom 20, left 30, right 15 mm.
    static let nd30 = DocxMargins(top: 20, bottom: 20, left: 30, right: 15)
}

struct DocxDocument: Sendable, Equatable {
    enum Orientation: Sendable { case portrait, landscape }

    var title: String
    var author: String
    var orientation: Orientation = .portrait
    var marginsMM: DocxMargins = .nd30
    var fontName = "Times New Roman"
    /// Default font size in points.
    var fontSize: Double = 14
    /// A PAGE field centred in the header, on every page but the first.
    var pageNumbers = true
    /// A frame round every page (certificates); nil for none.
    var pageBorder: DocxPageBorder? = nil
    var blocks: [DocxBlock]
}

/// The frame of a certificate: the same line on the four sides, `distance` points in from the edge of the page
/// (`w:pgBorders w:offsetFrom="page"`).
struct DocxPageBorder: Sendable, Equatable {
    /// Raw values are the `w:val` values of a border.
    enum Style: String, Sendable {
        case single, double
        /// A thick line outside, a thin one inside.
        case thickThin = "thickThinMediumGap"
        case thinThick = "thinThickMediumGap"
    }

    var style: Style = .thickThin
    /// Width of the whole border in points (Word allows 0.25…12).
    var width: Double = 3
    /// Distance from the edge of the page in points (Word allows 0…31).
    var distance: Double = 28
    /// RGB hex such as "8A1C1C", or "auto" (black).
    var color = "auto"
}

enum DocxError: Error, Sendable, CustomStringConvertible {
    case archive(String)
    var description: String { switch self { case .archive(let message): "docx: ZIP archive: \(message)" } }
}
