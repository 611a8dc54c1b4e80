#!/usr/bin/env python3
"""Download every Word and Excel file the demo produces for a year, render each with LibreOffice, check the PDFs.

Usage: render_documents.py BASE OUTDIR [--year 2026] [--user canbo.thidua] [--password ThiDua@2026]
                           [--soffice soffice] [--jobs 1] [--only-render DIR]

Against a running demo server at BASE (signed in as --user, CSRF form token and session cookie handled here):
  * the board's export (board-YEAR.xlsx) and the award lists of YEAR and YEAR-1 (khen-thuong-YEAR.xlsx; the
    earlier year has no decision and must say so in a note row);
  * every .docx linked from /commendations?year=YEAR: the Tờ trình, the Quyết định, the council's minutes and every
    award's Giấy khen (giay-khen-NN.docx);
  * the Giấy chứng nhận sáng kiến of every recognised initiative (/initiatives?status=recognised);
  * the inspections of YEAR (/inspections?year=YEAR): the Kế hoạch kiểm tra, and the Thông báo kiểm tra, Biên bản
    kiểm tra and Thông báo kết luận kiểm tra of the first concluded visit (kiem-tra-*.docx).
Each file goes to OUTDIR/files/, its PDF (LibreOffice, `soffice --headless --convert-to pdf`, one call per job
with a private profile) to OUTDIR/pdf/, a PNG of its first page (pdftoppm -r 50) to OUTDIR/png/.

Checks on every PDF:
  * pages: a Giấy khen and an initiative certificate exactly 1; the Quyết định at least 2 (its list is on a page of
    its own); any other document between 1 and 20;
  * nothing overflows its page: every word box of `pdftotext -bbox` lies inside the page (within 0.5 pt) and, for a
    .docx, between its left and right margins (within 3 mm: nothing runs into the side margins);
  * an .xlsx is printed fit to the page width: every page carries the first and the last header title (the header
    row repeats on every page, so a column cut onto a page of its own shows as a page without them).

With --only-render DIR, nothing is downloaded: every .docx and .xlsx in DIR is rendered and checked (for trying
documents built by hand). Prints one line per file and "render: OK n files, p pages in s" and exits 0, or the
failures and "render: FAIL" and exits 1.
"""
import argparse
import html.parser
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
import urllib.request
import zipfile

PT_PER_MM = 72 / 25.4


def nfc(text):
    return unicodedata.normalize("NFC", text or "")


def fold(text):
    """Lower case, no diacritics, no spaces: what a PDF's text and a title are compared by."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c) and not c.isspace()).lower()


class Links(html.parser.HTMLParser):
    """(href, text) of every <a> on a page."""

    def __init__(self):
        super().__init__()
        self.links, self._href, self._text = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, nfc(" ".join("".join(self._text).split()))))
            self._href = None


class Client:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as res:
            return res.read()

    def login(self, user, password):
        page = self.get("/login").decode("utf-8")
        token = re.search(r'name="_csrf" value="([^"]*)"', page)
        if not token:
            raise SystemExit("render: FAIL no CSRF token on /login")
        body = urllib.parse.urlencode({"_csrf": token.group(1), "username": user, "password": password}).encode()
        with self.opener.open(urllib.request.Request(self.base + "/login", data=body), timeout=60) as res:
            if res.geturl().rstrip("/").endswith("/login"):
                raise SystemExit(f"render: FAIL could not sign in as {user}")

    def links(self, path):
        parser = Links()
        parser.feed(self.get(path).decode("utf-8"))
        return parser.links


def download_all(client, year, folder):
    """The year's documents into folder: {file name: kind}."""
    kinds = {}

    def save(path, name, kind):
        data = client.get(path)
        if not data.startswith(b"PK"):
            raise SystemExit(f"render: FAIL {path} is not a ZIP file ({data[:60]!r})")
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        kinds[name] = kind

    save(f"/board/export.xlsx?year={year}", f"board-{year}.xlsx", "xlsx")
    save(f"/commendations/{year}/list.xlsx", f"khen-thuong-{year}.xlsx", "xlsx")
    save(f"/commendations/{year - 1}/list.xlsx", f"khen-thuong-{year - 1}.xlsx", "xlsx")
    certificates = 0
    for href, text in client.links(f"/commendations?year={year}"):
        path = urllib.parse.urlparse(href).path
        if not path.endswith(".docx"):
            continue
        if "/awards/" in path:
            certificates += 1
            save(path, f"giay-khen-{certificates:02d}.docx", "award")
        elif "/meetings/" in path:
            save(path, "bien-ban.docx" if "bien-ban.docx" not in kinds else f"bien-ban-{len(kinds)}.docx", "minutes")
        elif fold("Tờ trình") in fold(text):
            save(path, "to-trinh.docx", "submission")
        elif fold("Quyết định") in fold(text):
            save(path, "quyet-dinh.docx", "decision")
        else:
            save(path, f"tai-lieu-{len(kinds)}.docx", "other")
    initiatives = []
    for href, _ in client.links("/initiatives?status=recognised"):
        m = re.fullmatch(r"/initiatives/([0-9A-Za-z_-]{8,})/?", urllib.parse.urlparse(href).path)
        if m and m.group(1) not in initiatives:
            initiatives.append(m.group(1))
    for n, ident in enumerate(initiatives, start=1):
        save(f"/initiatives/{ident}/certificate.docx", f"chung-nhan-sang-kien-{n:02d}.docx", "initiative")
    # The year's inspections (issue 15): the plan, and the notice, minutes and conclusion of the first concluded visit.
    overview = [urllib.parse.urlparse(h).path for h, _ in client.links(f"/inspections?year={year}")]
    plan = next((p for p in overview if re.fullmatch(r"/inspections/plans/[0-9a-f-]{36}/plan\.docx", p)), None)
    if not plan:
        raise SystemExit(f"render: FAIL no plan.docx link on /inspections?year={year}")
    save(plan, "kiem-tra-ke-hoach.docx", "inspection")
    for visit in dict.fromkeys(p for p in overview if re.fullmatch(r"/inspections/visits/[0-9a-f-]{36}", p)):
        docs = {urllib.parse.urlparse(h).path for h, _ in client.links(visit)}
        if visit + "/conclusion.docx" in docs:
            for doc, name in (("notice", "thong-bao"), ("minutes", "bien-ban"), ("conclusion", "ket-luan")):
                save(f"{visit}/{doc}.docx", f"kiem-tra-{name}.docx", "inspection")
            break
    else:
        raise SystemExit(f"render: FAIL no concluded visit with its documents on /inspections?year={year}")
    return kinds


def classify(name):
    if name.endswith(".xlsx"):
        return "xlsx"
    for prefix, kind in (("giay-khen", "award"), ("chung-nhan-sang-kien", "initiative"), ("certificate", "initiative"),
                         ("quyet-dinh", "decision"), ("to-trinh", "submission"), ("bien-ban", "minutes")):
        if name.startswith(prefix):
            return kind
    return "other"


def render(files, pdf_dir, soffice, jobs):
    """All files to PDF, in `jobs` LibreOffice processes (each with its own profile), at once."""
    groups = [files[i::jobs] for i in range(jobs) if files[i::jobs]]
    procs, profiles = [], []
    for group in groups:
        profile = tempfile.mkdtemp(prefix="thidua-lo-")
        profiles.append(profile)
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", pdf_dir] + group
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT))
    failed = []
    for proc in procs:
        try:
            out, _ = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            failed.append("soffice timed out")
        if proc.returncode != 0:
            failed.append(f"soffice exited {proc.returncode}: {out.decode(errors='replace')[-500:]}")
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)
    return failed


def docx_margins(path):
    """Left and right margins (pt) and page width (pt) of each section of a .docx, from w:pgSz and w:pgMar."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    sections = []
    for sect in re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml, flags=re.S):
        size = re.search(r'<w:pgSz\b[^>]*\bw:w="(\d+)"', sect)
        left = re.search(r'<w:pgMar\b[^>]*\bw:left="(-?\d+)"', sect)
        right = re.search(r'<w:pgMar\b[^>]*\bw:right="(-?\d+)"', sect)
        if size and left and right:
            sections.append((int(left.group(1)) / 20, int(right.group(1)) / 20, int(size.group(1)) / 20))
    return sections


def xlsx_header(path):
    """The first and the last non-empty header title (row 1) of every sheet that has one."""
    import openpyxl

    titles = []
    workbook = openpyxl.load_workbook(path, read_only=True)
    for sheet in workbook.worksheets:
        row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        values = [nfc(str(v)) for v in row if v not in (None, "")]
        if values:
            titles.append((sheet.title, values[0], values[-1]))
    workbook.close()
    return titles


def pdf_pages(pdf):
    """[(width, height, [(xMin, yMin, xMax, yMax, word)])] of each page, from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True).stdout.decode("utf-8", "replace")
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, flags=re.S):
        words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', m.group(3))]
        pages.append((float(m.group(1)), float(m.group(2)), words))
    return pages


def check(name, kind, source, pdf):
    """Problems of one rendered file (empty when it passes) and its page count."""
    problems = []
    if not os.path.exists(pdf):
        return [f"{name}: LibreOffice made no PDF"], 0
    pages = pdf_pages(pdf)
    n = len(pages)
    want = {"award": (1, 1), "initiative": (1, 1), "decision": (2, 20)}.get(kind, (1, 20) if kind != "xlsx" else (1, 60))
    if not want[0] <= n <= want[1]:
        shown = f"exactly {want[0]}" if want[0] == want[1] else f"{want[0]}–{want[1]}"
        problems.append(f"{name}: {n} page(s), expected {shown}")
    margins = docx_margins(source) if source.endswith(".docx") else []
    tolerance = 3 * PT_PER_MM
    for number, (width, height, words) in enumerate(pages, start=1):
        for x0, y0, x1, y1, word in words:
            if x0 < -0.5 or y0 < -0.5 or x1 > width + 0.5 or y1 > height + 0.5:
                problems.append(f"{name}: page {number}: {word!r} at ({x0:.0f},{y0:.0f})–({x1:.0f},{y1:.0f}) is outside "
                                f"the page {width:.0f}×{height:.0f} pt")
                break
        if margins:
            left, right, page_width = margins[0] if len(margins) == 1 else margins[min(number, len(margins)) - 1]
            scale = width / page_width if page_width else 1
            lo, hi = left * scale - tolerance, width - right * scale + tolerance
            for x0, y0, x1, y1, word in words:
                if x0 < lo or x1 > hi:
                    problems.append(f"{name}: page {number}: {word!r} runs into the side margin "
                                    f"(x {x0:.0f}–{x1:.0f} pt, text area {lo + tolerance:.0f}–{hi - tolerance:.0f} pt)")
                    break
    if kind == "xlsx" and n:
        # A page "shows" a title when every word of it is among the page's words (wrapped titles are split apart).
        page_words = [{fold(w[4]) for w in words} for _, _, words in pages]

        def shows(i, title):
            return all(fold(part) in page_words[i] for part in title.split())

        for sheet, first, last in xlsx_header(source):
            mine = [i for i in range(n) if shows(i, first)]
            if not mine:
                problems.append(f"{name}: sheet {sheet!r}: its header {first!r} is on no page")
                continue
            cut = [i + 1 for i in mine if not shows(i, last)]
            if cut:
                problems.append(f"{name}: sheet {sheet!r}: page(s) {cut} lack the last column {last!r}: not fitted to the page width")
    return problems, n


def main():
    parser = argparse.ArgumentParser(description="Render the demo's documents with LibreOffice and check them.")
    parser.add_argument("base", nargs="?")
    parser.add_argument("outdir")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--user", default="canbo.thidua")
    parser.add_argument("--password", default="ThiDua@2026")
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    parser.add_argument("--jobs", type=int, default=1, help="LibreOffice processes at once (default 1: one process converts 36 files faster than two start up)")
    parser.add_argument("--only-render", metavar="DIR", help="render the .docx/.xlsx files in DIR instead of downloading")
    args = parser.parse_args()

    t0 = time.monotonic()
    files_dir, pdf_dir, png_dir = (os.path.join(args.outdir, d) for d in ("files", "pdf", "png"))
    for d in (files_dir, pdf_dir, png_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    if args.only_render:
        kinds = {}
        for name in sorted(os.listdir(args.only_render)):
            if name.endswith((".docx", ".xlsx")):
                shutil.copy(os.path.join(args.only_render, name), files_dir)
                kinds[name] = classify(name)
    else:
        if not args.base:
            parser.error("BASE is needed unless --only-render is given")
        client = Client(args.base)
        client.login(args.user, args.password)
        kinds = download_all(client, args.year, files_dir)
        awards = sum(1 for k in kinds.values() if k == "award")
        print(f"render: downloaded {len(kinds)} files ({awards} Giấy khen) in {time.monotonic() - t0:.1f}s")
    if not kinds:
        sys.exit("render: FAIL nothing to render")

    t1 = time.monotonic()
    names = sorted(kinds)
    failures = render([os.path.join(files_dir, n) for n in names], pdf_dir, args.soffice, max(1, args.jobs))
    print(f"render: LibreOffice converted {len(names)} files in {time.monotonic() - t1:.1f}s")

    total_pages = 0
    for name in names:
        stem = os.path.splitext(name)[0]
        pdf = os.path.join(pdf_dir, stem + ".pdf")
        kind = kinds[name] if kinds[name] != "other" else classify(name)
        problems, n = check(name, kind, os.path.join(files_dir, name), pdf)
        total_pages += n
        if os.path.exists(pdf):
            subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, os.path.join(png_dir, stem)],
                           check=False)
        print(f"  {'FAIL' if problems else 'ok  '} {name:34} {kind:10} pages={n}")
        for p in problems:
            print(f"       {p}")
        failures.extend(problems)
    took = time.monotonic() - t0
    if failures:
        print(f"render: FAIL {len(failures)} problem(s) in {len(names)} files ({took:.1f}s); PDFs and PNGs in {args.outdir}")
        sys.exit(1)
    print(f"render: OK {len(names)} files, {total_pages} pages in {took:.1f}s; PDFs in {pdf_dir}, first pages in {png_dir}")


if __name__ == "__main__":
    main()
