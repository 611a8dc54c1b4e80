#!/usr/bin/env python3
"""Check an .xlsx file with a real reader (openpyxl), for CI.

Usage: check_xlsx.py FILE [--sheet NAME] [--min-rows N] [--header "Col A,Col B"]

  --sheet NAME     the sheet to check (default: the first sheet); it must exist
  --min-rows N     the sheet must have at least N data rows (rows below the header row 1)
  --header "A,B"   row 1 of the sheet must be exactly these titles, comma-separated
                   (compared after NFC normalisation; empty trailing header cells are ignored)

Prints "xlsx: OK <file> sheets=[...] rows=N" (N = data rows of the checked sheet) and exits 0;
otherwise prints "xlsx: FAIL <file>: <reason>" to stderr and exits 1 (2 for bad usage, 3 when
openpyxl is not installed).
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

    print(f"xlsx: OK {path} sheets={sheets} rows={rows}")


if __name__ == "__main__":
    main()
