#!/usr/bin/env python3
"""Check a .docx file with a real reader (python-docx), for CI.

Usage: check_docx.py FILE [--orientation portrait|landscape] [--margins-mm T,B,L,R]
                          [--contains TEXT ...] [--font NAME]

  --orientation O     every section must be A4 in this orientation (default: portrait);
                      A4 is 210 x 297 mm (297 x 210 landscape), within 1 mm
  --margins-mm T,B,L,R  top, bottom, left, right margins in mm of every section, within 0.5 mm
                      (e.g. the Nghị định 30/2020 margins: 20,20,30,15)
  --contains TEXT     TEXT must appear in a paragraph or table cell (also in nested tables, headers
                      excluded); compared after NFC normalisation; may be given several times
  --font NAME         the default font (style Normal, else the document defaults) must be NAME

Prints "docx: OK <file> pages=A4 orientation=<o> paragraphs=N tables=M" (N and M count the body's
top-level paragraphs and tables) and exits 0; otherwise prints "docx: FAIL <file>: <reason>" to stderr
and exits 1 (2 for bad usage, 3 when python-docx is not installed).
"""
import argparse
import sys
import unicodedata
import zipfile

A4_MM = (210.0, 297.0)
EMU_PER_MM = 36000


def fail(path, reason):
    print(f"docx: FAIL {path}: {reason}", file=sys.stderr)
    sys.exit(1)


def nfc(value):
    return unicodedata.normalize("NFC", "" if value is None else str(value))


def mm(length):
    return None if length is None else length / EMU_PER_MM


def table_texts(table):
    """Text of every paragraph of every cell, nested tables included."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                yield paragraph.text
            for inner in cell.tables:
                yield from table_texts(inner)


def default_font(document):
    """The ascii font of style Normal, else of the document defaults (w:docDefaults), else None."""
    from docx.oxml.ns import qn

    try:
        name = document.styles["Normal"].font.name
    except KeyError:
        name = None
    if name:
        return name
    styles = document.styles.element
    fonts = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:ascii"))


def main():
    parser = argparse.ArgumentParser(description="Check a .docx file with python-docx.")
    parser.add_argument("file")
    parser.add_argument("--orientation", choices=("portrait", "landscape"), default="portrait")
    parser.add_argument("--margins-mm", help="top,bottom,left,right in mm, e.g. 20,20,30,15")
    parser.add_argument("--contains", action="append", default=[], metavar="TEXT",
                        help="text that must appear in a paragraph or table cell (repeatable)")
    parser.add_argument("--font", help='expected default font, e.g. "Times New Roman"')
    args = parser.parse_args()
    path = args.file

    margins = None
    if args.margins_mm is not None:
        try:
            margins = [float(part) for part in args.margins_mm.split(",")]
        except ValueError:
            margins = []
        if len(margins) != 4:
            parser.error("--margins-mm takes four numbers: top,bottom,left,right")

    try:
        import docx
        from docx.enum.section import WD_ORIENT
    except ImportError:
        print("docx: python-docx is not installed (pip install python-docx)", file=sys.stderr)
        sys.exit(3)

    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            if bad is not None:
                fail(path, f"corrupt ZIP entry {bad}")
            names = archive.namelist()
            for part in ("[Content_Types].xml", "_rels/.rels", "word/document.xml"):
                if part not in names:
                    fail(path, f"missing part {part}")
    except FileNotFoundError:
        fail(path, "no such file")
    except zipfile.BadZipFile as error:
        fail(path, f"not a ZIP/docx file ({error})")

    try:
        document = docx.Document(path)
    except Exception as error:  # any reader error means Word would likely complain too
        fail(path, f"does not open: {type(error).__name__}: {error}")

    sections = list(document.sections)
    if not sections:
        fail(path, "no section properties (w:sectPr)")
    want_width, want_height = A4_MM if args.orientation == "portrait" else tuple(reversed(A4_MM))
    want_orient = WD_ORIENT.PORTRAIT if args.orientation == "portrait" else WD_ORIENT.LANDSCAPE
    for number, section in enumerate(sections, start=1):
        width, height = mm(section.page_width), mm(section.page_height)
        if width is None or height is None:
            fail(path, f"section {number}: no page size (w:pgSz)")
        if abs(width - want_width) > 1 or abs(height - want_height) > 1:
            fail(path, f"section {number}: page is {width:.1f} x {height:.1f} mm, "
                       f"expected A4 {args.orientation} {want_width:.0f} x {want_height:.0f} mm")
        if section.orientation != want_orient:
            fail(path, f"section {number}: orientation is {section.orientation}, expected {args.orientation}")
        if margins is not None:
            actual = [mm(section.top_margin), mm(section.bottom_margin),
                      mm(section.left_margin), mm(section.right_margin)]
            for side, got, want in zip(("top", "bottom", "left", "right"), actual, margins):
                if got is None or abs(got - want) > 0.5:
                    shown = "missing" if got is None else f"{got:.2f} mm"
                    fail(path, f"section {number}: {side} margin is {shown}, expected {want:g} mm")

    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts.extend(table_texts(table))
    texts = [nfc(text) for text in texts]
    for wanted in args.contains:
        needle = nfc(wanted)
        if not any(needle in text for text in texts):
            fail(path, f"text {wanted!r} not found in paragraphs or table cells")

    if args.font is not None:
        font = default_font(document)
        if nfc(font) != nfc(args.font):
            fail(path, f"default font is {font!r}, expected {args.font!r}")

    print(f"docx: OK {path} pages=A4 orientation={args.orientation} "
          f"paragraphs={len(document.paragraphs)} tables={len(document.tables)}")


if __name__ == "__main__":
    main()
