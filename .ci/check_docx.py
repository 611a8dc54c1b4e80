#!/usr/bin/env python3
"""Check a .docx file with a real reader (python-docx), for CI.

Usage: check_docx.py FILE [--orientation portrait|landscape] [--margins-mm T,B,L,R]
                          [--contains TEXT ...] [--not-contains TEXT ...] [--font NAME]
                          [--bold TEXT ...] [--signer NAME ...] [--repeat-header] [--page-border]
                          [--page-break-before TEXT ...] [--right-aligned-numbers]

  --orientation O     every section must be A4 in this orientation (default: portrait);
                      A4 is 210 x 297 mm (297 x 210 landscape), within 1 mm
  --margins-mm T,B,L,R  top, bottom, left, right margins in mm of every section, within 0.5 mm
                      (e.g. the Nghị định 30/2020 margins: 20,20,30,15)
  --contains TEXT     TEXT must appear in a paragraph or table cell (also in nested tables, headers
                      excluded); compared after NFC normalisation; may be given several times
  --not-contains TEXT TEXT must not appear in any paragraph or table cell (repeatable)
  --font NAME         the default font (style Normal, else the document defaults) must be NAME
  --bold TEXT         the first paragraph (in document order, table cells included) holding TEXT has every
                      letter of it in bold runs (w:b on the run, its character style, or the paragraph's
                      style chain); repeatable
  --signer NAME       the signer's name: NAME in bold, in the body's last table or after the last paragraph
                      holding "Nơi nhận" (the recipients' block sits beside or above the signature); with neither,
                      in the last 12 paragraphs of the body. Repeatable; "A|B" accepts either name
  --repeat-header     every table with borders and more than one row repeats its first row on each page
                      (w:tblHeader in the first row's w:trPr)
  --page-border       every section has a page border (w:pgBorders with a visible side)
  --page-break-before TEXT  the paragraph holding TEXT starts a new page: w:pageBreakBefore on it or its style,
                      a w:br w:type="page" before TEXT (in it, or in the paragraphs before it with no text
                      between), or a section break just before it; repeatable
  --right-aligned-numbers  every table cell whose whole text is a number (12, 702.000, 1.234.567,5, optionally
                      followed by "đ" or "đồng") is right-aligned; a first column titled TT/STT may be centred

Prints "docx: OK <file> pages=A4 orientation=<o> paragraphs=N tables=M" (N and M count the body's
top-level paragraphs and tables) and exits 0; otherwise prints one "docx: FAIL <file>: <reason>" line per
failed check to stderr and exits 1 (2 for bad usage, 3 when python-docx is not installed).
"""
import argparse
import re
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


# --- the checks an office would make (issue 14) --------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?(\s*(đ|đồng))?$")
INVISIBLE = ("none", "nil")


def on(element, name):
    """True when the toggle property `name` (e.g. "b", "pageBreakBefore") is set on an rPr/pPr-like element."""
    if element is None:
        return None
    child = element.find(W + name)
    if child is None:
        return None
    return child.get(W + "val", "true").lower() not in ("0", "false", "off")


def style_chain(document, style_id):
    """The style elements from `style_id` up its w:basedOn chain."""
    styles = document.styles.element
    seen = []
    while style_id and style_id not in [s.get(W + "styleId") for s in seen] and len(seen) < 20:
        found = None
        for s in styles.iter(W + "style"):
            if s.get(W + "styleId") == style_id:
                found = s
                break
        if found is None:
            break
        seen.append(found)
        based = found.find(W + "basedOn")
        style_id = None if based is None else based.get(W + "val")
    return seen


def default_paragraph_style(document):
    for s in document.styles.element.iter(W + "style"):
        if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true"):
            return s.get(W + "styleId")
    return None


def run_bold(document, run, paragraph):
    """Whether a w:r element is bold: its rPr, its character style, the paragraph's style chain, the defaults."""
    value = on(run.find(W + "rPr"), "b")
    if value is not None:
        return value
    rpr = run.find(W + "rPr")
    rstyle = None if rpr is None else rpr.find(W + "rStyle")
    if rstyle is not None:
        for s in style_chain(document, rstyle.get(W + "val")):
            value = on(s.find(W + "rPr"), "b")
            if value is not None:
                return value
    ppr = paragraph.find(W + "pPr")
    pstyle = None if ppr is None else ppr.find(W + "pStyle")
    style_id = pstyle.get(W + "val") if pstyle is not None else default_paragraph_style(document)
    for s in style_chain(document, style_id):
        value = on(s.find(W + "rPr"), "b")
        if value is not None:
            return value
    defaults = document.styles.element.find(W + "docDefaults/" + W + "rPrDefault/" + W + "rPr")
    return bool(on(defaults, "b"))


def run_text(run):
    parts = []
    for child in run:
        if child.tag == W + "t":
            parts.append(child.text or "")
        elif child.tag == W + "tab":
            parts.append("\t")
        elif child.tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif child.tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def paragraph_runs(document, paragraph):
    """[(text, bold)] of every run of a w:p (inside hyperlinks, fields and smart tags too; not nested paragraphs)."""
    out = []
    for run in paragraph.iter(W + "r"):
        # A run of a text box or a nested paragraph belongs to that paragraph.
        parent = run.getparent()
        while parent is not None and parent.tag != W + "p":
            parent = parent.getparent()
        if parent is not paragraph:
            continue
        text = run_text(run)
        if text:
            out.append((text, run_bold(document, run, paragraph)))
    return out


def body_paragraphs(document):
    """Every w:p of the body in document order, those in tables (nested too) included."""
    return list(document.element.body.iter(W + "p"))


def bold_occurrence(document, paragraphs, needle):
    """(found, fully_bold): whether NFC `needle` occurs in one of the paragraphs, and whether some occurrence has
    every non-space character in bold runs. For a failure message: the runs of the first occurrence."""
    found, first_runs = False, None
    for p in paragraphs:
        runs = paragraph_runs(document, p)
        text = nfc("".join(t for t, _ in runs))
        flags = []
        for t, bold in runs:
            flags.extend([bold] * len(nfc(t)))
        if len("".join(nfc(t) for t, _ in runs)) != len(text):
            # NFC joined differently from per-run NFC: fall back to a flag per character of the joined text.
            flags = [all(b for _, b in runs)] * len(text)
        start = text.find(needle)
        while start >= 0:
            found = True
            span = range(start, start + len(needle))
            if all(flags[i] or text[i].isspace() for i in span):
                return True, True, None
            if first_runs is None:
                first_runs = [(nfc(t), b) for t, b in runs]
            start = text.find(needle, start + 1)
    return found, False, first_runs


def describe_runs(runs, needle, width=160):
    shown = " + ".join(f"{t!r}{'(b)' if b else ''}" for t, b in runs)
    return shown if len(shown) <= width else shown[:width] + "…"


def check_bold(document, wanted):
    needle = nfc(wanted)
    # The first paragraph holding the text (the issuing body at the top, not the signer's title that repeats it).
    first = [p for p in body_paragraphs(document) if needle in nfc("".join(t for t, _ in paragraph_runs(document, p)))][:1]
    found, bold, runs = bold_occurrence(document, first, needle)
    if not found:
        return f"--bold: text {wanted!r} not found"
    if not bold:
        return f"--bold: text {wanted!r} is not bold throughout; runs: {describe_runs(runs, needle)}"
    return None


def signer_region(document):
    """The paragraphs where the signer's block is: the body's last table, and everything from the body element
    holding the last "Nơi nhận"; with neither, the last 12 paragraphs."""
    body = document.element.body
    children = [c for c in body if c.tag in (W + "p", W + "tbl")]
    region = []
    tables = [c for c in children if c.tag == W + "tbl"]
    if tables:
        region.extend(tables[-1].iter(W + "p"))
    recipients = None
    for index, child in enumerate(children):
        for p in child.iter(W + "p"):
            if fold(nfc("".join(t for t, _ in paragraph_runs(document, p)))).find(fold("Nơi nhận")) >= 0:
                recipients = index
    if recipients is not None:
        for child in children[recipients:]:
            region.extend(child.iter(W + "p"))
    if not region:
        region = [c for c in children if c.tag == W + "p"][-12:]
    return region, recipients is not None, bool(tables)


def fold(text):
    import unicodedata as u
    text = u.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return " ".join("".join(c for c in text if not u.combining(c)).lower().split())


def check_signer(document, wanted):
    names = [nfc(n.strip()) for n in wanted.split("|") if n.strip()]
    region, has_recipients, has_table = signer_region(document)
    where = ("the last table" if has_table else "") + (" and after \"Nơi nhận\"" if has_recipients else "")
    where = where.strip(" and") or "the last 12 paragraphs"
    anywhere = []
    for name in names:
        found, bold, runs = bold_occurrence(document, region, name)
        if found and bold:
            return None
        if found:
            anywhere.append(f"{name!r} is there but not bold ({describe_runs(runs, name)})")
        elif bold_occurrence(document, body_paragraphs(document), name)[0]:
            anywhere.append(f"{name!r} is in the document but not in the signer's block")
    detail = "; ".join(anywhere) if anywhere else "no such name"
    return f"--signer: {' or '.join(map(repr, names))} not found in bold in {where}: {detail}"


def visible_borders(element):
    if element is None:
        return False
    return any(side.get(W + "val", "single") not in INVISIBLE for side in element)


def table_bordered(document, table):
    tblpr = table.find(W + "tblPr")
    if tblpr is not None:
        borders = tblpr.find(W + "tblBorders")
        if borders is not None:
            return visible_borders(borders)
        style = tblpr.find(W + "tblStyle")
        if style is not None:
            for s in style_chain(document, style.get(W + "val")):
                spr = s.find(W + "tblPr")
                if spr is not None and spr.find(W + "tblBorders") is not None:
                    return visible_borders(spr.find(W + "tblBorders"))
    for tc_borders in table.iter(W + "tcBorders"):
        if visible_borders(tc_borders):
            return True
    return False


def own_rows(table):
    return [r for r in table if r.tag == W + "tr"]


def check_repeat_header(document):
    problems = []
    for number, table in enumerate(document.element.body.iter(W + "tbl"), start=1):
        rows = own_rows(table)
        if len(rows) <= 1 or not table_bordered(document, table):
            continue
        header = on(rows[0].find(W + "trPr"), "tblHeader")
        if not header:
            first = nfc(" | ".join("".join(t.text or "" for t in tc.iter(W + "t")) for tc in rows[0] if tc.tag == W + "tc"))
            problems.append(f"--repeat-header: table {number} ({len(rows)} rows, first row {first[:80]!r}) has no "
                            f"w:tblHeader on its first row")
    return problems


def check_page_border(document):
    sections = document.element.body.iter(W + "sectPr")
    problems = []
    for number, sect in enumerate(sections, start=1):
        borders = sect.find(W + "pgBorders")
        if borders is None:
            problems.append(f"--page-border: section {number} has no w:pgBorders")
        elif not visible_borders(borders):
            problems.append(f"--page-border: section {number}'s w:pgBorders has no visible side")
    return problems


def page_break_in(element):
    return any(br.get(W + "type") == "page" for br in element.iter(W + "br"))


def check_page_break_before(document, wanted):
    needle = nfc(wanted)
    pending = False  # a page break (or section break) since the last text
    found = False
    for child in document.element.body:
        if child.tag == W + "tbl":
            if any(needle in nfc("".join(t for t, _ in paragraph_runs(document, p))) for p in child.iter(W + "p")):
                found = True
                first = next(child.iter(W + "p"), None)
                if pending or (first is not None and on(first.find(W + "pPr"), "pageBreakBefore")):
                    return None
            pending = False
            continue
        if child.tag != W + "p":
            continue
        runs = paragraph_runs(document, child)
        text = nfc("".join(t for t, _ in runs))
        ppr = child.find(W + "pPr")
        if needle in text:
            found = True
            before = pending or on(ppr, "pageBreakBefore")
            pstyle = None if ppr is None else ppr.find(W + "pStyle")
            if not before and pstyle is not None:
                before = any(on(s.find(W + "pPr"), "pageBreakBefore") for s in style_chain(document, pstyle.get(W + "val")))
            if not before:
                # A page break inside the paragraph, before the text.
                seen = ""
                for run in child.iter(W + "r"):
                    if any(br.get(W + "type") == "page" for br in run.iter(W + "br")) and needle not in nfc(seen):
                        before = True
                        break
                    seen += run_text(run)
            if before:
                return None
        # After this paragraph: a break is pending if the paragraph ends with one (no text after it) or closes a
        # section that starts on a new page.
        if text.strip():
            last_text = max((i for i, r in enumerate(child.iter(W + "r")) if run_text(r).strip()), default=-1)
            last_break = max((i for i, r in enumerate(child.iter(W + "r")) if page_break_in(r)), default=-1)
            pending = last_break > last_text
        elif page_break_in(child):
            pending = True
        sect = None if ppr is None else ppr.find(W + "sectPr")
        if sect is not None:
            kind = sect.find(W + "type")
            if kind is None or kind.get(W + "val") in ("nextPage", "oddPage", "evenPage"):
                pending = True
    if not found:
        return f"--page-break-before: text {wanted!r} not found"
    return f"--page-break-before: no page break before the paragraph holding {wanted!r}"


def paragraph_alignment(document, paragraph):
    ppr = paragraph.find(W + "pPr")
    jc = None if ppr is None else ppr.find(W + "jc")
    if jc is not None:
        return jc.get(W + "val")
    pstyle = None if ppr is None else ppr.find(W + "pStyle")
    style_id = pstyle.get(W + "val") if pstyle is not None else default_paragraph_style(document)
    for s in style_chain(document, style_id):
        spr = s.find(W + "pPr")
        jc = None if spr is None else spr.find(W + "jc")
        if jc is not None:
            return jc.get(W + "val")
    return "left"


def check_right_aligned_numbers(document):
    problems = []
    for number, table in enumerate(document.element.body.iter(W + "tbl"), start=1):
        rows = own_rows(table)
        if not rows:
            continue
        first_cells = [tc for tc in rows[0] if tc.tag == W + "tc"]
        first_title = fold("".join(t.text or "" for t in first_cells[0].iter(W + "t"))) if first_cells else ""
        ordinal_first = first_title in ("tt", "stt", "so tt", "so thu tu")
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate([tc for tc in row if tc.tag == W + "tc"], start=1):
                paragraphs = [p for p in cell if p.tag == W + "p"]
                text = nfc("".join(t for p in paragraphs for t, _ in paragraph_runs(document, p))).strip()
                if not text or not NUMBER.match(text):
                    continue
                aligns = {paragraph_alignment(document, p) for p in paragraphs
                          if "".join(t for t, _ in paragraph_runs(document, p)).strip()}
                allowed = {"right", "end"} | ({"center"} if c == 1 and ordinal_first else set())
                if not aligns <= allowed:
                    problems.append(f"--right-aligned-numbers: table {number}, row {r}, cell {c}: {text!r} is aligned "
                                    f"{'/'.join(sorted(aligns))}, expected right")
    if len(problems) > 8:
        problems = problems[:8] + [f"--right-aligned-numbers: … and {len(problems) - 8} more cells"]
    return problems


# --- self-test: a hand-made good document passes every check, and each check fails on a copy missing its point ---


def build_sample(path, missing=None):
    """A small Quyết định-like document made with python-docx; `missing` leaves one point out."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(14)
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    if missing != "page-border":
        borders = OxmlElement("w:pgBorders")
        borders.set(qn("w:offsetFrom"), "page")
        for side in ("top", "left", "bottom", "right"):
            e = OxmlElement(f"w:{side}")
            for k, v in (("val", "double"), ("sz", "12"), ("space", "24"), ("color", "auto")):
                e.set(qn(f"w:{k}"), v)
            borders.append(e)
        s._sectPr.append(borders)
    top = d.add_table(rows=2, cols=2)  # borderless heading block
    top.cell(0, 0).paragraphs[0].add_run("ỦY BAN NHÂN DÂN").bold = missing != "bold"
    top.cell(1, 0).paragraphs[0].add_run("XÃ NGHĨA TRUNG").bold = True
    top.cell(0, 1).paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    top.cell(1, 1).paragraphs[0].add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    p = d.add_paragraph()
    p.add_run("Điều 1.").bold = True
    p.add_run(" Tặng Giấy khen cho 2 cá nhân (Số vào sổ: 1, 2).")
    if missing == "not-contains":
        d.add_paragraph("CÔNG NHẬN DANH HIỆU")
    sign = d.add_table(rows=1, cols=2)
    sign.cell(0, 0).paragraphs[0].add_run("Nơi nhận:").bold = True
    right = sign.cell(0, 1)
    right.paragraphs[0].add_run("CHỦ TỊCH").bold = True
    for _ in range(4):
        right.add_paragraph()
    right.add_paragraph().add_run("Nguyễn Văn Thành").bold = missing != "signer"
    heading = d.add_paragraph()
    heading.add_run("DANH SÁCH KHEN THƯỞNG").bold = True
    heading.paragraph_format.page_break_before = missing != "page-break-before"
    table = d.add_table(rows=3, cols=3)
    table.style = d.styles["Table Grid"]
    for c, title in enumerate(("TT", "Họ tên", "Tiền thưởng (đồng)")):
        table.cell(0, c).paragraphs[0].add_run(title).bold = True
    for r, (name, amount) in enumerate((("Bùi Anh Hương", "702.000"), ("Võ Ngọc Lan", "1.404.000")), start=1):
        table.cell(r, 0).text, table.cell(r, 1).text, table.cell(r, 2).text = str(r), name, amount
        table.cell(r, 0).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if missing != "right-aligned-numbers":
            table.cell(r, 2).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if missing != "repeat-header":
        trpr = table.rows[0]._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))
    d.save(path)


def self_test():
    import subprocess
    import tempfile

    flags = ["--bold", "ỦY BAN NHÂN DÂN", "--bold", "XÃ NGHĨA TRUNG", "--bold", "Điều 1.", "--signer", "Nguyễn Văn Thành|Lường Đình Hải",
             "--repeat-header", "--page-border", "--page-break-before", "DANH SÁCH", "--not-contains", "CÔNG NHẬN DANH HIỆU",
             "--contains", "Số vào sổ", "--right-aligned-numbers", "--margins-mm", "20,20,30,15", "--font", "Times New Roman"]
    wrong = []
    with tempfile.TemporaryDirectory() as tmp:
        for missing in (None, "bold", "signer", "repeat-header", "page-border", "page-break-before", "not-contains",
                        "right-aligned-numbers"):
            path = f"{tmp}/{missing or 'good'}.docx"
            build_sample(path, missing)
            run = subprocess.run([sys.executable, __file__, path] + flags, capture_output=True, text=True)
            lines = [l for l in run.stderr.splitlines() if "FAIL" in l]
            expected_fail = missing is not None
            # Only the check whose point is missing fails (once per offending table, cell or text).
            only_it = bool(lines) and all(f"--{missing}" in l for l in lines) if missing else False
            ok = (run.returncode == 0 and not lines) if not expected_fail else (run.returncode == 1 and only_it)
            print(f"self-test: {'ok  ' if ok else 'WRONG'} {('without ' + missing) if missing else 'good document'}: "
                  f"{'passes' if run.returncode == 0 else lines[0].split(': ', 2)[-1] if lines else run.stderr.strip()}")
            if not ok:
                wrong.append(missing or "good")
    if wrong:
        sys.exit(f"self-test: FAIL {wrong}")
    print("self-test: OK every check passes the good document and fails the one without its point")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description="Check a .docx file with python-docx.")
    parser.add_argument("file")
    parser.add_argument("--orientation", choices=("portrait", "landscape"), default="portrait")
    parser.add_argument("--margins-mm", help="top,bottom,left,right in mm, e.g. 20,20,30,15")
    parser.add_argument("--contains", action="append", default=[], metavar="TEXT",
                        help="text that must appear in a paragraph or table cell (repeatable)")
    parser.add_argument("--not-contains", action="append", default=[], metavar="TEXT",
                        help="text that must not appear in any paragraph or table cell (repeatable)")
    parser.add_argument("--font", help='expected default font, e.g. "Times New Roman"')
    parser.add_argument("--bold", action="append", default=[], metavar="TEXT", help="text that must be bold (repeatable)")
    parser.add_argument("--signer", action="append", default=[], metavar="NAME",
                        help='the signer\'s name, bold, in the signature block ("A|B": either; repeatable)')
    parser.add_argument("--repeat-header", action="store_true", help="bordered tables repeat their header row")
    parser.add_argument("--page-border", action="store_true", help="every section has a page border")
    parser.add_argument("--page-break-before", action="append", default=[], metavar="TEXT",
                        help="the paragraph holding TEXT starts a new page (repeatable)")
    parser.add_argument("--right-aligned-numbers", action="store_true", help="numbers in tables are right-aligned")
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return
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
    problems = []
    for wanted in args.contains:
        needle = nfc(wanted)
        if not any(needle in text for text in texts):
            problems.append(f"text {wanted!r} not found in paragraphs or table cells")
    for wanted in args.not_contains:
        needle = nfc(wanted)
        hits = [text for text in texts if needle in text]
        if hits:
            problems.append(f"--not-contains: text {wanted!r} is there: {hits[0][:100]!r}")

    if args.font is not None:
        font = default_font(document)
        if nfc(font) != nfc(args.font):
            problems.append(f"default font is {font!r}, expected {args.font!r}")

    for wanted in args.bold:
        problems.append(check_bold(document, wanted))
    for wanted in args.signer:
        problems.append(check_signer(document, wanted))
    if args.repeat_header:
        problems.extend(check_repeat_header(document))
    if args.page_border:
        problems.extend(check_page_border(document))
    for wanted in args.page_break_before:
        problems.append(check_page_break_before(document, wanted))
    if args.right_aligned_numbers:
        problems.extend(check_right_aligned_numbers(document))
    problems = [p for p in problems if p]
    if problems:
        for problem in problems:
            print(f"docx: FAIL {path}: {problem}", file=sys.stderr)
        sys.exit(1)

    print(f"docx: OK {path} pages=A4 orientation={args.orientation} "
          f"paragraphs={len(document.paragraphs)} tables={len(document.tables)}")


if __name__ == "__main__":
    main()
