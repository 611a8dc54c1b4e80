#!/usr/bin/env python3
"""Check an .xlsx file with a real reader (openpyxl), for CI.

Usage: check_xlsx.py FILE [--sheet NAME] [--min-rows N] [--header "Col A,Col B"] [--desk]
                          [--number-column TITLE ...] [--total-row] [--note TEXT] [--contains TEXT ...]
                          [--column-never "TITLE=VALUE" ...]

  --sheet NAME     the sheet to check (default: the first sheet); it must exist
  --min-rows N     the sheet must have at least N data rows (rows below the header row 1)
  --header "A,B"   row 1 of the sheet must be exactly these titles, comma-separated
                   (compared after NFC normalisation; empty trailing header cells are ignored)
  --desk           fit for a desk, on every sheet: Times New Roman in every cell used, a bold header row, text
                   cells that wrap, the header row frozen (pane at A2) and repeated on printed pages (the
                   defined name _xlnm.Print_Titles = $1:$1), A4, fitted to one page wide (fitToWidth=1,
                   fitToHeight=0) and landscape when the columns are wider than a portrait page
  --number-column TITLE  every data value of the column titled TITLE is a number (not text) shown with
                   thousands separators (a format with "#,##0"); repeatable
  --total-row      under the data, a row labelled "Tổng cộng" with a SUM formula (and a cached value)
  --note TEXT      a row holds a cell starting with TEXT (e.g. why the list is empty)
  --contains TEXT  some cell of the checked sheet holds TEXT; repeatable
  --column-never "TITLE=VALUE"  no data cell of the column titled TITLE (on any sheet) is VALUE; repeatable

Prints "xlsx: OK <file> sheets=[...] rows=N" (N = data rows of the checked sheet) and exits 0;
otherwise prints "xlsx: FAIL <file>: <reason>" to stderr (one line per failed check) and exits 1 (2 for
bad usage, 3 when openpyxl is not installed).
"""
import argparse
import sys
import unicodedata
import zipfile


def fail(path, reason):
    print(f"xlsx: FAIL {path}: {reason}", file=sys.stderr)
    sys.exit(1)


def nfc(value):
    return unicodedata.normalize("NFC", "" if value is None else str(value))


def main():
    parser = argparse.ArgumentParser(description="Check an .xlsx file with openpyxl.")
    parser.add_argument("file")
    parser.add_argument("--sheet", help="sheet name (default: first sheet)")
    parser.add_argument("--min-rows", type=int, default=0, help="least number of data rows below the header")
    parser.add_argument("--header", help='expected header titles, comma-separated: "Col A,Col B"')
    parser.add_argument("--desk", action="store_true", help="fonts, wrapping, frozen and printed header, A4 fit to width")
    parser.add_argument("--number-column", action="append", default=[], metavar="TITLE")
    parser.add_argument("--total-row", action="store_true")
    parser.add_argument("--note", metavar="TEXT")
    parser.add_argument("--contains", action="append", default=[], metavar="TEXT")
    parser.add_argument("--column-never", action="append", default=[], metavar="TITLE=VALUE")
    args = parser.parse_args()
    path = args.file

    try:
        import openpyxl
    except ImportError:
        print("xlsx: openpyxl is not installed (pip install openpyxl)", file=sys.stderr)
        sys.exit(3)

    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            if bad is not None:
                fail(path, f"corrupt ZIP entry {bad}")
            names = archive.namelist()
            for part in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"):
                if part not in names:
                    fail(path, f"missing part {part}")
    except FileNotFoundError:
        fail(path, "no such file")
    except zipfile.BadZipFile as error:
        fail(path, f"not a ZIP/xlsx file ({error})")

    try:
        workbook = openpyxl.load_workbook(path)
    except Exception as error:  # any reader error means Excel would likely complain too
        fail(path, f"does not open: {type(error).__name__}: {error}")

    sheets = workbook.sheetnames
    if not sheets:
        fail(path, "no sheets")
    if args.sheet is not None:
        wanted = nfc(args.sheet)
        match = [name for name in sheets if nfc(name) == wanted]
        if not match:
            fail(path, f"sheet {args.sheet!r} missing; sheets={sheets}")
        sheet = workbook[match[0]]
    else:
        sheet = workbook[sheets[0]]

    header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    if args.header is not None:
        expected = [nfc(title.strip()) for title in args.header.split(",")]
        actual = [nfc(value) for value in header_row]
        while actual and actual[-1] == "":
            actual.pop()
        if actual != expected:
            fail(path, f"header of sheet {sheet.title!r} differs: expected {expected}, got {actual}")

    rows = 0
    for values in sheet.iter_rows(min_row=2, values_only=True):
        if any(value is not None and value != "" for value in values):
            rows += 1
    if rows < args.min_rows:
        fail(path, f"sheet {sheet.title!r} has {rows} data rows, fewer than {args.min_rows}")

    problems = desk_checks(path, workbook, sheet, args)
    if problems:
        for problem in problems:
            print(f"xlsx: FAIL {path}: {problem}", file=sys.stderr)
        sys.exit(1)
    print(f"xlsx: OK {path} sheets={sheets} rows={rows}")


def sheet_xml(path, workbook, sheet):
    """The raw XML of a sheet's part (what openpyxl does not expose: pageSetup's fit, the pane)."""
    import re

    index = workbook.sheetnames.index(sheet.title)
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        book = archive.read("xl/workbook.xml").decode("utf-8")
        rid = re.findall(r'<sheet\b[^>]*\br:id="([^"]+)"', book)[index]
        target = re.search(r'<Relationship\b[^>]*Id="%s"[^>]*Target="([^"]+)"' % re.escape(rid), rels)
        if target is None:
            target = re.search(r'<Relationship\b[^>]*Target="([^"]+)"[^>]*Id="%s"' % re.escape(rid), rels)
        name = target.group(1).lstrip("/")
        return archive.read(name if name.startswith("xl/") else "xl/" + name).decode("utf-8")


def header_of(sheet):
    return [nfc(v) for v in next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())]


def desk_checks(path, workbook, checked, args):
    import re

    problems = []
    if args.desk:
        for sheet in workbook.worksheets:
            name = sheet.title
            fonts = set()
            unwrapped = []
            header_bold = True
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is None:
                        continue
                    fonts.add(cell.font.name)
                    if cell.row == 1 and not cell.font.b:
                        header_bold = False
                    if cell.row > 1 and cell.data_type == "s" and not cell.alignment.wrap_text and len(unwrapped) < 3:
                        unwrapped.append(cell.coordinate)
            if fonts - {"Times New Roman"}:
                problems.append(f"sheet {name!r}: fonts {sorted(map(str, fonts))}, expected only Times New Roman")
            if not header_bold:
                problems.append(f"sheet {name!r}: the header row is not bold")
            if unwrapped:
                problems.append(f"sheet {name!r}: text cells that do not wrap: {unwrapped}")
            if sheet.freeze_panes != "A2":
                problems.append(f"sheet {name!r}: frozen pane at {sheet.freeze_panes!r}, expected A2 (the header row)")
            titles = sheet.print_title_rows
            if titles not in ("1:1", "$1:$1"):
                problems.append(f"sheet {name!r}: print titles (_xlnm.Print_Titles) are {titles!r}, expected $1:$1")
            xml = sheet_xml(path, workbook, sheet)
            setup = re.search(r"<pageSetup\b[^>]*>", xml)
            setup = setup.group(0) if setup else ""
            if 'paperSize="9"' not in setup:
                problems.append(f"sheet {name!r}: paper is not A4 ({setup or 'no pageSetup'})")
            if 'fitToWidth="1"' not in setup or 'fitToHeight="0"' not in setup or 'fitToPage="1"' not in xml:
                problems.append(f"sheet {name!r}: not fitted to one page wide (fitToPage, fitToWidth=1, fitToHeight=0): {setup}")
            widths = []
            for col in re.findall(r"<col\b[^>]*>", xml):
                m, lo, hi = re.search(r'width="([\d.]+)"', col), re.search(r'min="(\d+)"', col), re.search(r'max="(\d+)"', col)
                if m and lo and hi:
                    widths.extend([float(m.group(1))] * (int(hi.group(1)) - int(lo.group(1)) + 1))
            if sum(widths) > 100 and 'orientation="landscape"' not in setup:
                problems.append(f"sheet {name!r}: {sum(widths):.0f} characters wide but printed portrait")
    header = header_of(checked)
    for title in args.number_column:
        want = nfc(title)
        if want not in header:
            problems.append(f"--number-column: no column {title!r} in {header}")
            continue
        col = header.index(want) + 1
        bad = []
        values = 0
        for row in checked.iter_rows(min_row=2, min_col=col, max_col=col):
            cell = row[0]
            if cell.value is None or (isinstance(cell.value, str) and cell.value.startswith("=")):
                continue
            label = nfc(str(checked.cell(row=cell.row, column=2).value or ""))
            if label.startswith("Tổng cộng"):
                continue
            values += 1
            if not isinstance(cell.value, (int, float)) or "#,##0" not in (cell.number_format or ""):
                bad.append(f"{cell.coordinate}={cell.value!r} ({cell.number_format})")
        if bad:
            problems.append(f"--number-column {title!r}: not a number shown with #,##0: {bad[:3]}")
        elif values == 0:
            problems.append(f"--number-column {title!r}: no values")
    if args.total_row:
        found = None
        for row in checked.iter_rows(min_row=2):
            texts = [nfc(str(c.value)) for c in row if isinstance(c.value, str)]
            if any(t.startswith("Tổng cộng") for t in texts):
                found = [c for c in row if isinstance(c.value, str) and c.value.startswith("=SUM")]
                if not found:
                    problems.append(f"--total-row: row {row[0].row} is labelled Tổng cộng but holds no SUM formula")
                break
        if found is None:
            problems.append("--total-row: no row labelled Tổng cộng")
        elif found:
            xml = sheet_xml(path, workbook, checked)
            ref = found[0].coordinate
            if not re.search(r'<c r="%s"[^>]*><f>[^<]*</f><v>([^<]+)</v>' % ref, xml):
                problems.append(f"--total-row: {ref} has no cached value for its formula")
    texts = [nfc(str(c.value)) for row in checked.iter_rows() for c in row if c.value is not None]
    if args.note is not None and not any(t.startswith(nfc(args.note)) for t in texts):
        problems.append(f"--note: no cell starts with {args.note!r}")
    for wanted in args.contains:
        if not any(nfc(wanted) in t for t in texts):
            problems.append(f"--contains: {wanted!r} in no cell")
    for rule in args.column_never:
        title, _, value = rule.partition("=")
        for sheet in workbook.worksheets:
            head = header_of(sheet)
            if nfc(title) not in head:
                continue
            col = head.index(nfc(title)) + 1
            hits = [c.coordinate for row in sheet.iter_rows(min_row=2, min_col=col, max_col=col) for c in row
                    if nfc(str(c.value or "")) == nfc(value)]
            if hits:
                problems.append(f"--column-never: sheet {sheet.title!r} column {title!r} says {value!r} in {len(hits)} "
                                f"cell(s), e.g. {hits[:3]}")
    return problems


if __name__ == "__main__":
    main()
