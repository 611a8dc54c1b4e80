#!/usr/bin/env python3
"""Browser check of the running app: a walk through the main pages, then journeys that type and click like a person
(with the files and long texts people really send), and axe-core on every page the browser visits.

Usage: browser_check.py BASE_URL SCREENSHOT_DIR [--width 1280|360] [--upload-max-mb N] [--no-walk]

  --width N          the width of the journeys: 1280 (1280x900, desktop) or 360 (360x800, phone emulation).
                     Each width needs a fresh demo (the journeys change it: daumoi's returned report gets accepted),
                     so CI runs one width per server: 1280 on SQLite, 360 on PostgreSQL.
  --upload-max-mb N  the server's THIDUA_UPLOAD_MAX_MB (default: that variable, else 20): one journey attaches a file
                     just under it and one a file just over it, which must be refused beside the field.
  --no-walk          skip the walk through the main pages (the twelve first checks).

Uses Debian's chromium and chromedriver (no downloads) and the axe-core file shipped in the axe-selenium-python
package. Files the walk downloads go next to SCREENSHOT_DIR (checked by .ci/check_*.py afterwards); files the
journeys upload are made in SCREENSHOT_DIR/../upload-files. Exits non-zero on any failure and ends with a
"browser: N passed, M failed" line.
"""
import argparse
import base64
import os
import re
import sys
import time
import traceback
import unicodedata
import urllib.parse
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager try to download a driver

from selenium import webdriver
from selenium.common.exceptions import (ElementClickInterceptedException, TimeoutException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "ThiDua@2026"
WAIT = 20  # seconds for a page to appear
SLOW_WAIT = 300  # seconds for the 5,000-row import to answer
MiB = 1024 * 1024
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


class CheckFailed(Exception):
    pass


def nfc(s):
    return unicodedata.normalize("NFC", s or "").strip()


def squash(s):
    """NFC with every run of whitespace as one space (what Selenium's .text gives for a long paragraph)."""
    return re.sub(r"\s+", " ", nfc(s))


def unaccent(s):
    """What a person types without a Vietnamese keyboard: no diacritics, đ as d, lower case."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


def axe_script_path():
    try:
        import axe_selenium_python
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
    return path if os.path.exists(path) else None


class Browser:
    def __init__(self, base, shots):
        self.base = base.rstrip("/")
        self.shots = shots
        self.shot_no = 0
        self.width = 1280
        self.axe_source = None
        self.audited = set()  # page signatures already checked by axe
        self.axe_pages = 0
        self.axe_violations = []  # (url, id, impact, help, [targets])
        self.axe_errors = []
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                  "--disable-dev-shm-usage", "--lang=vi-VN", "--hide-scrollbars"):
            opts.add_argument(a)
        self.d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        self.d.set_page_load_timeout(SLOW_WAIT)
        self.d.set_script_timeout(60)

    def quit(self):
        try:
            self.d.quit()
        except Exception:
            pass

    # --- navigation -------------------------------------------------------------------------

    def open(self, path):
        self.d.get(self.base + path)
        self.wait_ready()

    def wait_ready(self, audit=True):
        WebDriverWait(self.d, WAIT).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        if audit:
            self.audit()

    def settled(self, read, tries=10):
        """Reads from the page, again a moment later if the page was still being replaced (Chromium then reports a
        stale node, or a node that "does not belong to the document")."""
        for attempt in range(tries):
            try:
                return read()
            except WebDriverException:
                if attempt == tries - 1:
                    raise
                time.sleep(0.3)
                self.wait_ready(audit=False)

    def h1(self):
        def read():
            els = self.d.find_elements(By.CSS_SELECTOR, "main h1") or self.d.find_elements(By.TAG_NAME, "h1")
            return nfc(els[0].text) if els else None
        return self.settled(read)

    def body_text(self):
        return self.settled(lambda: nfc(self.d.find_element(By.TAG_NAME, "body").text))

    def problem(self):
        """What the page says went wrong, if anything: an error page (403 …), an error summary, field errors."""
        return self.settled(lambda: self.d.execute_script("""
            const t = s => [...document.querySelectorAll(s)].map(e => e.innerText.trim().replace(/\\s+/g, ' ')).filter(Boolean);
            const page = t('.error-page'); if (page.length) return 'error page: ' + page.join(' ');
            const parts = t('.error-summary').concat(t('.field-error'));
            return parts.length ? parts.join(' | ').slice(0, 600) : '';"""))

    def where(self):
        p = self.problem()
        return f"(url {self.d.current_url}, h1 {self.h1()!r}{', page says: ' + p if p else ''})"

    def expect_h1(self, want):
        got = self.h1()
        if got != nfc(want):
            raise CheckFailed(f"expected h1 {want!r}, got {got!r} {self.where()}")

    def expect_h1_prefix(self, want):
        got = self.h1() or ""
        if not got.startswith(nfc(want)):
            raise CheckFailed(f"expected h1 starting {want!r}, got {got!r} {self.where()}")

    def expect_text(self, *wants, what="the page"):
        text = squash(self.body_text())
        for want in wants:
            if squash(want) not in text:
                shown = want if len(want) < 120 else f"{want[:60]}…{want[-40:]} ({len(want)} characters)"
                raise CheckFailed(f"{shown!r} not on {what} {self.where()}")

    def expect_flash(self, want):
        flashes = self.settled(lambda: [nfc(e.text) for e in self.d.find_elements(By.CSS_SELECTOR, ".flash[role=status]")])
        if not any(nfc(want) in f for f in flashes):
            raise CheckFailed(f"expected the message {want!r}, got {flashes or 'no message'} {self.where()}")

    def scroll_to(self, el):
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", el)

    def click(self, el):
        self.scroll_to(el)
        try:
            el.click()
        except ElementClickInterceptedException as e:
            raise CheckFailed(f"could not click {el.tag_name} {nfc(el.text)[:60]!r}: something covers it "
                              f"({str(e).splitlines()[0][:200]}) {self.where()}")

    def submit_and_wait(self, button, timeout=WAIT):
        """Click a submit button (or link) and wait until the next page has replaced this one."""
        # The page is marked; the next page is the one without the mark. (Chromium reports an element of a replaced
        # page as "does not belong to the document" rather than stale, so staleness_of is not enough.)
        mark = f"p{time.monotonic_ns()}"
        self.d.execute_script("window.__ciPage = arguments[0]", mark)
        self.click(button)

        def replaced(d):
            try:
                return d.execute_script("return window.__ciPage") != mark and \
                    d.execute_script("return document.readyState") != "loading"
            except WebDriverException:
                return False  # between two pages
        try:
            WebDriverWait(self.d, timeout, poll_frequency=0.2).until(replaced)
        except TimeoutException:
            raise CheckFailed(f"no new page {timeout}s after clicking {nfc(button.text)[:60]!r} {self.where()}")
        self.wait_ready()

    follow = submit_and_wait

    def find_link(self, text, within="body", exact=True):
        want = nfc(text)

        def read():
            for a in self.d.find_elements(By.CSS_SELECTOR, f"{within} a"):
                t = nfc(a.text)
                if (t == want) if exact else (want in t):
                    return a
            return None
        return self.settled(read)

    def link(self, text, within="body", exact=True):
        a = self.find_link(text, within, exact)
        if a is None:
            raise CheckFailed(f"no link {text!r} in {within} {self.where()}")
        return a

    def nav(self, text):
        """Follows a link of the main navigation, as a person does."""
        self.follow(self.link(text, within="nav.site-nav"))

    def button(self, text, within="main"):
        want = nfc(text)
        for el in self.d.find_elements(By.CSS_SELECTOR, f"{within} button, {within} input[type=submit]"):
            # A person sees and clicks the visible one (a form may carry a hidden default button first).
            if el.get_attribute("aria-hidden") == "true" or not el.is_displayed() or \
                    "visually-hidden" in (el.get_attribute("class") or "").split():
                continue
            if nfc(el.get_attribute("textContent") or el.get_attribute("value")) == want:
                return el
        raise CheckFailed(f"no button {text!r} {self.where()}")

    def button_after(self, el):
        """The first button a person sees below `el` (the one that sends what was just filled in)."""
        btn = self.d.execute_script("""
            const el = arguments[0];
            for (const b of document.querySelectorAll('main button, main input[type=submit]')) {
              if (!(el.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
              if (b.getAttribute('aria-hidden') === 'true' || b.classList.contains('visually-hidden') || !b.offsetParent) continue;
              return b;
            }
            return null;""", el)
        if btn is None:
            raise CheckFailed(f"no button below the {el.get_attribute('name')!r} field {self.where()}")
        return btn

    def labelled_before(self, el, label):
        """The last box labelled `label` (its <label>'s text) that comes before `el` on the page."""
        return self.d.execute_script("""
            const [el, want] = [arguments[0], arguments[1]];
            let found = null;
            for (const l of document.querySelectorAll('main label')) {
              const text = l.textContent.replace(/\s*\*\s*$/, '').trim().normalize('NFC');
              if (text !== want) continue;
              const c = l.htmlFor ? document.getElementById(l.htmlFor) : l.querySelector('input, textarea, select');
              if (c && (c.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) found = c;
            }
            return found;""", el, nfc(label))

    def upload(self, path, title=None, timeout=60):
        """Chooses a file in the page's file field, names it in the box above when there is one, and clicks the
        button below it."""
        file_input = self.field("file")
        if title is not None:
            box = self.labelled_before(file_input, "Tên minh chứng")
            if box is None:
                raise CheckFailed(f"no “Tên minh chứng” box above the file field {self.where()}")
            self.type(box, title)
        self.attach(file_input, path)
        self.submit_and_wait(self.button_after(file_input), timeout=timeout)

    def field(self, name, within="main"):
        els = self.d.find_elements(By.CSS_SELECTOR, f"{within} [name='{name}']")
        if not els:
            raise CheckFailed(f"no field {name!r} {self.where()}")
        return els[0]

    def fields(self, name, within="main"):
        return self.d.find_elements(By.CSS_SELECTOR, f"{within} [name='{name}']")

    def type(self, el, text, clear=True):
        """Types into a box key by key (chromedriver sends one key event per character)."""
        self.scroll_to(el)
        if clear:
            el.clear()
        el.send_keys(text)

    def paste(self, el, text, clear=True):
        """Puts a long text into a box the way a paste does: one insertion at the caret (a real input event)."""
        self.scroll_to(el)
        if clear:
            el.clear()
        el.click()
        self.d.execute_script("const e = arguments[0]; e.focus(); e.selectionStart = e.selectionEnd = e.value.length;", el)
        self.d.execute_cdp_cmd("Input.insertText", {"text": text})

    def value(self, el):
        return nfc(el.get_property("value"))

    def choose(self, select_el, label=None, prefix=None):
        self.scroll_to(select_el)
        s = Select(select_el)
        for option in s.options:
            t = nfc(option.text)
            if (label is not None and t == nfc(label)) or (prefix is not None and t.startswith(nfc(prefix))):
                s.select_by_visible_text(option.text)
                return t
        raise CheckFailed(f"no option {label or prefix!r} in select {select_el.get_attribute('name')!r} {self.where()}")

    def attach(self, input_el, path):
        self.scroll_to(input_el)
        input_el.send_keys(os.path.abspath(path))

    def field_error(self, control):
        """The error shown beside a control: the .field-error of its .field box."""
        return self.d.execute_script("""
            const box = arguments[0].closest('.field, fieldset, td');
            const e = box && box.querySelector('.field-error');
            return e ? e.innerText.trim() : null;""", control)

    def login(self, username):
        self.open("/login")
        self.expect_h1("Đăng nhập")
        user = self.d.find_element(By.CSS_SELECTOR, "input[name=username]")
        form = user.find_element(By.XPATH, "./ancestor::form")
        user.clear()
        user.send_keys(username)
        pw = form.find_element(By.CSS_SELECTOR, "input[name=password]")
        pw.clear()
        pw.send_keys(PASSWORD)
        self.submit_and_wait(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    def logout(self):
        buttons = self.d.find_elements(By.CSS_SELECTOR, "header .user-box form button, form.inline button.link-button")
        if not buttons:
            raise CheckFailed(f"no logout form in the header {self.where()}")
        self.submit_and_wait(buttons[0])

    def signed_in_as(self, username):
        """Signs out whoever is signed in (with the header's button) and signs in as username."""
        if self.d.current_url.startswith(self.base) and \
                self.d.find_elements(By.CSS_SELECTOR, "header .user-box form button"):
            self.logout()
        self.login(username)
        self.expect_h1("Trang làm việc")

    def cookie_header(self):
        return "; ".join(f"{c['name']}={c['value']}" for c in self.d.get_cookies())

    # --- accessibility ----------------------------------------------------------------------

    def audit(self):
        """axe-core on the page, once per kind of page: its path with ids as :id, its query's names, the width, and
        whether it shows an error summary, field errors, a message, a form, a file field."""
        if self.axe_source is None:
            return
        try:
            sig = self.d.execute_script("""
                const q = [...new URLSearchParams(location.search).keys()].sort().join('&');
                const flags = ['.error-summary', '.field-error', '.flash', 'main form[method=post]', 'input[type=file]',
                               '.error-page'].map(s => document.querySelector(s) ? '1' : '0').join('');
                return location.origin === window.origin && document.contentType === 'text/html'
                    ? location.pathname.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
                      + '?' + q + '#' + flags + '@' + window.innerWidth : null;""")
        except WebDriverException:
            return
        if not sig or sig in self.audited:
            return
        self.audited.add(sig)
        url = self.d.current_url
        try:
            if not self.d.execute_script("return !!window.axe"):
                self.d.execute_script(self.axe_source)
            res = self.d.execute_async_script("""
                const done = arguments[arguments.length - 1];
                axe.run(document).then(r => done({violations: r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160)}))}))}))
                  .catch(e => done({error: String(e)}));""")
        except WebDriverException as e:
            self.axe_errors.append(f"{url}: {str(e).splitlines()[0][:200]}")
            return
        if res.get("error"):
            self.axe_errors.append(f"{url}: {res['error']}")
            return
        self.axe_pages += 1
        if self.width < 600:  # on a phone, the page itself should not scroll sideways (tables may, inside their box)
            wide = self.d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            if wide > 1:
                print(f"     warning: {url} is {wide}px wider than the {self.width}px screen")
        for v in res["violations"]:
            self.axe_violations.append((url, v["id"], v["impact"], v["help"], v["nodes"]))
            targets = "; ".join(n["target"] for n in v["nodes"][:8]) + (f"; … {len(v['nodes'])} in all" if len(v["nodes"]) > 8 else "")
            print(f"     AXE {v['id']} ({v['impact']}) {url} [{self.width}px]: {v['help']} — {targets}")
            for n in v["nodes"][:2]:
                print(f"         {n['html']}")

    # --- screenshots ------------------------------------------------------------------------

    def set_width(self, width, height=900):
        self.width = width
        self.d.set_window_size(width, height)
        # The window may not shrink below a minimum; the device metrics make the viewport exact.
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def screenshot(self, name):
        os.makedirs(self.shots, exist_ok=True)
        self.shot_no += 1
        path = os.path.join(self.shots, f"{self.shot_no:02d}-{name}.png")
        try:
            m = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})
            size = m.get("cssContentSize") or m["contentSize"]
            vw = self.d.execute_script("return window.innerWidth")
            h = min(int(size["height"] + 0.999), 10000)
            data = self.d.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": vw, "height": h, "scale": 1}})["data"]
            with open(path, "wb") as f:
                f.write(base64.b64decode(data))
        except Exception:
            self.d.save_screenshot(path)
        return path


# --- files and texts the journeys send ----------------------------------------------------------


def make_pdf(path, size, title):
    """A valid one-page PDF of exactly `size` bytes: the page says `title`; an unreferenced stream pads it."""
    def build(pad):
        content = f"BT /F1 18 Tf 72 770 Td ({title}) Tj ET".encode("ascii", "replace")
        objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                b"<< /Length %d >>\nstream\n" % pad + b"0" * pad + b"\nendstream"]
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, body in enumerate(objs, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
        return bytes(out)
    pad = 0
    for _ in range(4):  # the digits of /Length and of the offsets settle in a step or two
        data = build(pad)
        if len(data) == size:
            break
        pad = max(0, pad + size - len(data))
    data = build(pad)
    if len(data) != size:
        raise RuntimeError(f"make_pdf: {len(data)} bytes, wanted {size}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


SENTENCES = [
    "Thôn đã tổ chức {n} buổi hướng dẫn người dân cài đặt và sử dụng ứng dụng VNeID, Cổng dịch vụ công quốc gia.",
    "Tổ công nghệ số cộng đồng đến từng hộ, giúp người cao tuổi nộp hồ sơ trực tuyến và thanh toán không dùng tiền mặt.",
    "Nhà văn hóa thôn có điểm Wi-Fi miễn phí, mở cửa buổi tối để thanh niên học kỹ năng số cơ bản.",
    "Kết quả: tỷ lệ hộ có người dùng điện thoại thông minh đạt {n}%, tăng so với đầu năm; các chỉ tiêu đều đạt hoặc vượt.",
    "Khó khăn: một số hộ chưa có thiết bị, sóng di động ở xóm ven đồi còn yếu; đề nghị xã hỗ trợ thêm điểm phát sóng.",
]


def vietnamese_text(length, tag):
    """An NFC Vietnamese narrative of exactly `length` characters, from "[tag] …" to "… hết [tag]."."""
    head, tail = f"[{tag}] ", f" Hết [{tag}]."
    parts, n, size = [], 1, len(head) + len(tail)
    while size < length:
        s = SENTENCES[n % len(SENTENCES)].format(n=n)
        parts.append(s)
        size += len(s) + 1
        n += 1
    body = " ".join(parts)[: length - len(head) - len(tail)]
    body = body[: body.rfind(" ")].rstrip(" ,;:")  # end on a whole word; dots make up the rest
    text = head + body
    text = text + "." * (length - len(text) - len(tail)) + tail
    text = unicodedata.normalize("NFC", text)
    assert len(text) == length, (len(text), length)
    return text


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Thu", "Kim", "Gia"]
GIVENS = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Khánh", "Lan",
          "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Trung",
          "Tuấn", "Yến"]
PEOPLE_HEADER = ["Họ và tên", "Chức vụ", "Mã đơn vị", "Điện thoại", "Email", "Ngày sinh"]  # DirectoryColumns.people


def people_csv(path, rows, unit_codes, tag):
    """The people import as Excel's "CSV UTF-8" saves it (BOM, comma, CRLF): `rows` distinct people."""
    def cell(v):
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\r\n') else v
    names = [f"{s} {m} {g}" for g in GIVENS for m in MIDDLES for s in SURNAMES]
    assert len(names) >= rows
    lines = [",".join(PEOPLE_HEADER)]
    for i in range(rows):
        code = "" if i % 5 == 4 or not unit_codes else unit_codes[i % len(unit_codes)]
        lines.append(",".join(cell(v) for v in [
            names[i], ["Tổ viên tổ công nghệ số cộng đồng", "Hội viên Hội Nông dân", "Đoàn viên, Thôn đội"][i % 3],
            code, f"09{(i * 7919) % 100_000_000:08d}", f"{tag.lower()}.{i + 1}@nghiatrung.example.vn",
            f"{1 + i % 28:02d}/{1 + (i // 28) % 12:02d}/{1960 + i % 46}"]))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return names


# --- the walk through the main pages (the first twelve checks) -----------------------------------


def walk(b, check, shots):
    def login_page():
        b.open("/login")
        b.expect_h1("Đăng nhập")
        loaded = b.d.execute_script(
            "return [...document.styleSheets].some(s => (s.href || '').endsWith('/app.css') && s.cssRules.length > 0)")
        if not loaded:
            print("     warning: /app.css is not linked or is empty on /login")

    def login_canbo():
        b.login("canbo.thidua")
        b.expect_h1("Trang làm việc")
        if "Cán bộ thi đua" not in b.body_text():
            raise CheckFailed(f"'Cán bộ thi đua' not on the page after login {b.where()}")

    def units():
        b.open("/units")
        b.expect_h1("Đơn vị tham gia")
        rows = b.d.find_elements(By.CSS_SELECTOR, "table tbody tr")
        if len(rows) <= 20:
            raise CheckFailed(f"expected more than 20 table rows on /units, found {len(rows)} {b.where()}")
        print(f"     /units: {len(rows)} rows")

    def movement():
        b.open("/movement")
        b.expect_h1("Thiết lập phong trào")

    expect_h1_prefix = b.expect_h1_prefix

    def download(url, name):
        """Fetch a file with the browser's session into the output directory (checked by .ci/check_*.py after)."""
        req = urllib.request.Request(url, headers={"Cookie": b.cookie_header()})
        path = os.path.join(os.path.dirname(os.path.abspath(shots)), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with urllib.request.urlopen(req, timeout=60) as res, open(path, "wb") as f:
            f.write(res.read())

    def board_and_export():
        b.open("/board?year=2026")
        b.expect_h1("Theo dõi đăng ký và báo cáo năm 2026")
        text = b.body_text()
        for want in ("Đơn vị nộp muộn", "Thôn Bình Thủy"):
            if nfc(want) not in nfc(text):
                raise CheckFailed(f"{want!r} not on the board {b.where()}")
        # The Excel export, fetched with the browser's session, is checked by .ci/check_xlsx.py afterwards.
        download(b.base + "/board/export.xlsx?year=2026", "board-2026.xlsx")

    def registrations_and_difficulties():
        b.open("/registrations?year=2026")
        b.expect_h1("Đăng ký thi đua năm 2026")
        if len(b.d.find_elements(By.CSS_SELECTOR, "table tbody tr")) < 100:
            raise CheckFailed(f"expected the year's 100+ units on /registrations {b.where()}")
        b.open("/difficulties")
        b.expect_h1("Vướng mắc, kiến nghị")
        if nfc("Số vướng mắc theo nội dung thi đua") not in nfc(b.body_text()):
            raise CheckFailed(f"no count by content area on /difficulties {b.where()}")

    daumoi_unit = []

    def daumoi_report():
        b.open("/reports/2026/units/" + daumoi_unit[0])
        expect_h1_prefix("Báo cáo kết quả năm 2026")
        if nfc("Thiếu số liệu minh chứng") not in nfc(b.body_text()):
            raise CheckFailed(f"the returned report's reason is not shown to daumoi {b.where()}")

    def initiatives_and_certificate():
        b.open("/initiatives?status=recognised")
        b.expect_h1("Tất cả sáng kiến")
        links = [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "table a[href*='/initiatives/']")]
        if len(links) < 5:
            raise CheckFailed(f"expected the demo's recognised initiatives, found {len(links)} {b.where()}")
        b.d.get(links[0])
        b.wait_ready()
        if nfc("Giấy chứng nhận sáng kiến") not in nfc(b.body_text()):
            raise CheckFailed(f"no certificate link on a recognised initiative {b.where()}")
        b.d.get(links[0].rstrip("/") + "/certificate")
        b.wait_ready()
        if b.h1() != nfc("GIẤY CHỨNG NHẬN SÁNG KIẾN"):
            raise CheckFailed(f"the printable certificate has h1 {b.h1()!r} {b.where()}")
        download(links[0].rstrip("/") + "/certificate.docx", "certificate.docx")

    def public_showcase():
        b.open("/showcase/nghia-trung")
        expect_h1_prefix("Sáng kiến được công nhận")
        if len(b.d.find_elements(By.CSS_SELECTOR, "table tbody tr")) < 5:
            raise CheckFailed(f"the public showcase lists fewer than 5 initiatives {b.where()}")
        if nfc("Danh sách số điện thoại") in nfc(b.body_text()):
            raise CheckFailed(f"a confidential part is on the public showcase {b.where()}")

    def commendation_as_chairperson():
        b.open("/")
        b.logout()
        b.login("chutich")
        b.open("/commendations?year=2026")
        b.expect_h1("Khen thưởng")
        text = nfc(b.body_text())
        for want in ("187/QĐ-UBND", "Hội đồng không thông qua", "Đã có Quyết định", "Theo báo cáo có xác nhận của thôn"):
            if nfc(want) not in text:
                raise CheckFailed(f"{want!r} not on /commendations {b.where()}")
        docs = {a.text: a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "a[href$='.docx']")}
        for label, name in (("Tờ trình (.docx)", "to-trinh.docx"), ("Quyết định (.docx)", "quyet-dinh.docx"),
                            ("Biên bản họp Hội đồng (.docx)", "bien-ban.docx")):
            if nfc(label) not in map(nfc, docs):
                raise CheckFailed(f"no link {label!r} on /commendations {b.where()}")
            download(docs[[k for k in docs if nfc(k) == nfc(label)][0]], name)
        certificates = [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "a[href$='/certificate']")]
        if len(certificates) < 10:
            raise CheckFailed(f"expected the decision's awards with certificates, found {len(certificates)} {b.where()}")
        download(certificates[0] + ".docx", "giay-khen.docx")
        download(b.base + "/commendations/2026/list.xlsx", "khen-thuong-2026.xlsx")
        b.d.get(certificates[0])
        b.wait_ready()
        if nfc("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGHĨA TRUNG") not in nfc(b.body_text()):
            raise CheckFailed(f"the printable certificate lacks the issuing chairperson {b.where()}")
        b.open("/commendations")
        nominations = [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "a[href*='/commendations/nominations/']")
                       if not a.get_attribute("href").endswith("/new") and "?year" not in a.get_attribute("href")]
        b.d.get(nominations[0])
        b.wait_ready()
        if nfc("Kiểm tra điều kiện theo danh mục") not in nfc(b.body_text()):
            raise CheckFailed(f"no eligibility on a nomination {b.where()}")
        b.open("/scoring/2026")
        b.expect_h1("Kết quả chấm điểm năm 2026")
        if len(b.d.find_elements(By.CSS_SELECTOR, "table tbody tr")) < 10:
            raise CheckFailed(f"the 2026 ranking has fewer than 10 units {b.where()}")

    def public_posting():
        b.open("/showcase/nghia-trung/commendations")
        expect_h1_prefix("Công khai danh sách đề nghị khen thưởng")
        if nfc("Khen thưởng đã quyết định") not in nfc(b.body_text()):
            raise CheckFailed(f"the decided awards are not on the public page {b.where()}")

    def relogin_daumoi():
        b.open("/")
        b.logout()
        b.login("daumoi")
        b.expect_h1("Trang làm việc")
        links = [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "a[href*='/units/']")]
        if not links:
            raise CheckFailed(f"no link to daumoi's unit on the home page {b.where()}")
        daumoi_unit.append(links[0].rstrip("/").split("/units/")[1].split("/")[0])

    check("login page", login_page)
    check("login canbo.thidua", login_canbo)
    check("units", units)
    check("movement", movement)
    check("board and Excel export", board_and_export)
    check("registrations and difficulties", registrations_and_difficulties)
    check("initiatives and the Word certificate", initiatives_and_certificate)
    check("logout and login daumoi", relogin_daumoi)
    check("daumoi's returned report", daumoi_report)
    check("public showcase", public_showcase)
    check("commendation 2026 and scoring as the chairperson", commendation_as_chairperson)
    check("public posting of commendations", public_posting)

    # Phone-width pictures of every page visited (not counted as checks; failures are reported).
    try:
        b.set_width(360)
        for path, name in (("/commendations?year=2026", "commendations-360"), ("/scoring/2026", "scoring-360")):
            b.open(path)
            b.screenshot(name)
        b.logout()
        b.open("/login")
        b.screenshot("login-360")
        b.login("canbo.thidua")
        b.screenshot("canbo-home-360")
        for path, name in (("/units", "units-360"), ("/movement", "movement-360"), ("/board?year=2026", "board-360"),
                           ("/registrations?year=2026", "registrations-360"), ("/difficulties", "difficulties-360"),
                           ("/initiatives", "initiatives-360"), ("/showcase/nghia-trung", "showcase-360")):
            b.open(path)
            b.screenshot(name)
        b.logout()
        print(f"screenshots: {b.shot_no} in {shots}")
    except Exception as e:
        print(f"FAIL screenshots at 360 px: {e}")
        return False
    finally:
        b.set_width(1280)
    return True


# --- the journeys ------------------------------------------------------------------------------


def journeys(b, journey, width, files_dir, cap_mb):
    """Each journey types and clicks like a person and ends with what the next person sees. They run in this order
    and share what they found in `s` (daumoi's unit, the initiative's title …)."""
    W = width
    tag = f"CI-{W}"
    s = {}
    shot = lambda name: b.screenshot(f"{name}-{W}")
    report_text = vietnamese_text(5000, f"{tag} báo cáo")
    difficulty_text = vietnamese_text(10000, f"{tag} vướng mắc")
    evidence_title = f"Biên bản tổng kết chuyển đổi số năm 2026 ({tag})"
    pdf_2mb = make_pdf(os.path.join(files_dir, f"bien-ban-tong-ket-{W}.pdf"), 2 * MiB, "Bien ban tong ket 2026")
    pdf_over = make_pdf(os.path.join(files_dir, f"anh-chup-qua-lon-{W}.pdf"), cap_mb * MiB + 64 * 1024, "Qua lon")
    pdf_near = make_pdf(os.path.join(files_dir, f"cong-van-{W}.pdf"), cap_mb * MiB - 64 * 1024, "Cong van de nghi")
    pdf_1mb = make_pdf(os.path.join(files_dir, f"thuyet-minh-sang-kien-{W}.pdf"), 1 * MiB, "Thuyet minh sang kien")
    actuals = ["95", "12,5", "87", "3", "40", "100"]  # typed into the result boxes, in order

    # (a) daumoi fixes its returned 2026 report and submits it ------------------------------------------
    def report_fix():
        b.signed_in_as("daumoi")
        b.nav("Báo cáo kết quả")
        if not b.h1().startswith(nfc("Báo cáo kết quả năm 2026")):
            print(f"     note: “Báo cáo kết quả” opened {b.h1()!r}; going to the 2026 report")
            unit = UUID_RE.search(b.d.current_url)
            b.open(f"/reports/2026/units/{unit.group(0)}")
        b.expect_h1_prefix("Báo cáo kết quả năm 2026")
        s["report_url"] = b.d.current_url.split("?")[0]
        s["unit_id"] = UUID_RE.search(s["report_url"]).group(0)
        s["unit_name"] = b.h1().split("—", 1)[1].strip()
        b.expect_text("Trả lại để sửa", "Thiếu số liệu minh chứng", what="daumoi's returned report")
        boxes = b.fields("resultActual[]")
        if not boxes:
            raise CheckFailed(f"no result boxes (resultActual[]) on the report form {b.where()}")
        s["actuals"] = actuals[:len(boxes)]
        for box, v in zip(boxes, s["actuals"]):
            b.type(box, v)
        for i, note in enumerate(b.fields("resultNote[]")):
            b.type(note, f"Số liệu theo sổ theo dõi của thôn, dòng {i + 1}.")
        t0 = time.time()
        b.type(b.field("results"), report_text)
        print(f"     typed the 5,000-character narrative in {time.time() - t0:.1f}s")
        b.type(b.field("lessons"), "Phải đi từng hộ; người cao tuổi cần được hướng dẫn nhiều lần.")
        shot("a-report-typed")
        b.submit_and_wait(b.button("Lưu nháp"))
        b.expect_flash("Đã lưu báo cáo.")
        kept = [b.value(x) for x in b.fields("resultActual[]")][:len(s["actuals"])]
        if kept != s["actuals"]:
            raise CheckFailed(f"the result boxes read {kept} after saving, typed {s['actuals']} {b.where()}")
        if squash(b.value(b.field("results"))) != squash(report_text):
            raise CheckFailed(f"the narrative reads {len(b.value(b.field('results')))} characters after saving, typed 5000 {b.where()}")
        # A scan just over the cap: refused beside the file field, in Vietnamese.
        b.upload(pdf_over, title="Ảnh chụp quá lớn")
        msg = b.field_error(b.field("file"))
        if not msg or nfc(f"Tệp quá lớn: tối đa {cap_mb} MB.") not in nfc(msg):
            raise CheckFailed(f"a {os.path.getsize(pdf_over):,}-byte file: expected “Tệp quá lớn: tối đa {cap_mb} MB.” "
                              f"beside the file field, found {msg!r} {b.where()}")
        # … and read out with the field (its id in the field's aria-describedby), for a screen reader.
        linked = b.d.execute_script("""
            const f = arguments[0], box = f.closest('.field');
            const ids = (f.getAttribute('aria-describedby') || '').split(/\\s+/);
            return [...box.querySelectorAll('.field-error')].some(e => e.id && ids.includes(e.id));""", b.field("file"))
        if not linked:
            raise CheckFailed(f"the file field's error is not in its aria-describedby {b.where()}")
        shot("a-report-file-too-large")
        # The 2 MB PDF, accepted.
        b.upload(pdf_2mb, title=evidence_title)
        b.expect_flash("Đã thêm minh chứng.")
        b.expect_text(evidence_title, "2.048 KB", what="the evidence list")
        b.submit_and_wait(b.button("Nộp báo cáo"))
        b.expect_flash("Đã nộp báo cáo")
        b.expect_text("Đã nộp", what="the submitted report")
        shot("a-report-submitted")

    # (b) the secretariat finds it on the board and accepts it; daumoi sees it accepted -----------------
    def report_accept():
        b.signed_in_as("canbo.thidua")
        b.nav("Theo dõi báo cáo")
        if "2026" not in (b.h1() or ""):
            b.choose(b.field("year"), label="2026")
            b.submit_and_wait(b.button("Tìm"))
        b.expect_h1("Theo dõi đăng ký và báo cáo năm 2026")
        shot("b-board-waiting")
        # The board's list of reports waiting for acceptance (a section whose heading says "chờ"); until it
        # exists, the board's other lists (the report list of late submissions), then the inbox.
        find = """
            const [name, href, waitingOnly] = [arguments[0], arguments[1], arguments[2]];
            for (const sec of document.querySelectorAll('main section, main .card')) {
              const h = sec.querySelector('h2, h3');
              if (waitingOnly && !(h && /chờ/i.test(h.innerText))) continue;
              for (const a of sec.querySelectorAll('a'))
                if (a.innerText.trim().normalize('NFC') === name && a.getAttribute('href').includes(href)) return a;
            }
            return null;"""
        report_path = f"/reports/2026/units/{s['unit_id']}"
        found = b.d.execute_script(find, nfc(s["unit_name"]), report_path, True)
        how = "the board's list of what waits for the secretariat"
        if found is None:
            found = b.d.execute_script(find, nfc(s["unit_name"]), report_path, False)
            how = "another list on the board (it is not in a list of what waits for acceptance)"
        if found is None:
            b.nav("Thông báo")
            found = b.find_link(f"{s['unit_name']} đã nộp báo cáo kết quả 2026", within="main", exact=False)
            how = "the inbox (not on the board)"
        if found is None:
            raise CheckFailed(f"{s['unit_name']}'s submitted report is neither on the board nor in the inbox {b.where()}")
        print(f"     found {s['unit_name']}'s report through {how}")
        b.follow(found)
        b.expect_h1_prefix("Báo cáo kết quả năm 2026")
        # What the secretariat sees: submitted, the values and the text daumoi typed, the evidence.
        b.expect_text("Đã nộp", report_text, evidence_title, what="the submitted report, to the secretariat")
        cells = [squash(td.text) for td in b.d.find_elements(By.CSS_SELECTOR, "main table tbody tr td:nth-child(4)")]
        if cells[:len(s["actuals"])] != s["actuals"]:
            raise CheckFailed(f"the secretariat reads the results {cells[:len(s['actuals'])]}, daumoi typed {s['actuals']} {b.where()}")
        shot("b-report-to-accept")
        b.submit_and_wait(b.button("Chấp nhận"))
        b.expect_flash("Đã chấp nhận báo cáo.")
        b.expect_text("Đã chấp nhận", what="the accepted report")
        # The next person: daumoi sees the report accepted, and a notice in the inbox.
        b.signed_in_as("daumoi")
        b.nav("Thông báo")
        b.expect_text("Báo cáo kết quả 2026 đã được chấp nhận", what="daumoi's inbox")
        b.follow(b.link("Báo cáo kết quả 2026 đã được chấp nhận", within="main", exact=False))
        b.expect_h1_prefix("Báo cáo kết quả năm 2026")
        b.expect_text("Đã chấp nhận", report_text, what="daumoi's accepted report")
        if b.fields("results"):
            raise CheckFailed(f"the accepted report can still be edited by daumoi {b.where()}")
        shot("b-report-accepted-daumoi")

    # (f) a registration target typed "1.500" is saved twice and still reads 1.500 ---------------------
    def registration_thousands():
        b.signed_in_as("daumoi")
        b.nav("Đăng ký thi đua")
        # The focal point lands on this year's registration of the unit; next year's is the same page for 2027.
        b.open("/registrations?year=2027")
        b.expect_h1_prefix("Đăng ký thi đua năm 2027")
        b.type(b.field("focus"), "Năm 2027 thôn tập trung đưa dịch vụ công trực tuyến đến từng hộ.")
        b.type(b.fields("targetName[]")[0], "Hồ sơ dịch vụ công trực tuyến của người dân trong thôn")
        b.type(b.fields("targetUnit[]")[0], "hồ sơ")
        b.type(b.fields("targetBaseline[]")[0], "1.200")
        b.type(b.fields("targetValue[]")[0], "1.500")
        b.choose(b.fields("targetArea[]")[0], prefix="3.")
        b.type(b.fields("targetDue[]")[0], "30/11/2027")
        b.type(b.fields("productName[]")[0], "Sổ tay hướng dẫn dịch vụ công cho người dân")
        shot("f-registration-typed")
        for n in (1, 2):
            b.submit_and_wait(b.button("Lưu nháp"))
            b.expect_flash("Đã lưu nháp.")
            got = b.value(b.fields("targetValue[]")[0])
            base = b.value(b.fields("targetBaseline[]")[0])
            if got != "1.500" or base != "1.200":
                raise CheckFailed(f"after save {n}, the target reads {got!r} and the baseline {base!r}; typed 1.500 and 1.200 "
                                  f"(one thousand five hundred, one thousand two hundred) {b.where()}")
        shot("f-registration-saved-twice")
        b.submit_and_wait(b.button("Nộp đăng ký"))
        b.expect_flash("Đã nộp đăng ký.")
        b.expect_text("Đã nộp", what="the submitted registration")
        s["registration_url"] = b.d.current_url.split("?")[0]
        # The next person: the secretariat reads 1.500 on the registration.
        b.signed_in_as("canbo.thidua")
        b.nav("Đăng ký thi đua")
        b.choose(b.field("year"), label="2027")
        b.submit_and_wait(b.button("Tìm"))
        b.expect_h1("Đăng ký thi đua năm 2027")
        b.follow(b.link(s.get("unit_name") or "Thôn Bình Thủy", within="main table"))
        b.expect_h1_prefix("Đăng ký thi đua năm 2027")
        row = [squash(td.text) for td in b.d.find_elements(By.CSS_SELECTOR, "main table tbody tr:first-child td")]
        if "1.500" not in row or "1.200" not in row:
            raise CheckFailed(f"the secretariat reads the first target as {row}; daumoi typed 1.200 → 1.500 {b.where()}")
        shot("f-registration-to-secretariat")

    # (c) canhan applies for an initiative with a co-author and a 1 MB file, checks near-duplicates, submits --
    def initiative_apply():
        b.signed_in_as("canhan")
        b.nav("Sáng kiến")
        b.follow(b.link("Đề nghị công nhận sáng kiến", within="main"))
        b.expect_h1("Đề nghị công nhận sáng kiến")
        title = f"Hướng dẫn người dân nộp hồ sơ dịch vụ công trực tuyến tại nhà văn hóa thôn ({tag})"
        s["initiative_title"] = title
        b.type(b.field("title"), title)
        workplace = b.value(b.fields("authorWorkplace[]")[0])
        if workplace:
            try:
                b.choose(b.field("ownerUnitId"), label=workplace)
            except CheckFailed:
                print(f"     note: the applicant's workplace {workplace!r} is not an option of “Đơn vị”; left blank")
        b.choose(b.field("contentAreaId"), prefix="3.")
        b.type(b.field("firstApplied"), "15/03/2026")
        shares = b.fields("authorShare[]")
        b.type(shares[0], "60")
        for name, value in (("authorName[]", "Trần Thị Mai Hương"), ("authorBirth[]", "12/08/1990"),
                            ("authorWorkplace[]", "Trường Tiểu học Nghĩa Trung"), ("authorTitle[]", "Giáo viên"),
                            ("authorQualification[]", "Đại học sư phạm"), ("authorShare[]", "40")):
            b.type(b.fields(name)[1], value)
        b.type(b.field("summary"), "Mỗi tối thứ Bảy, giáo viên và đoàn viên ngồi tại nhà văn hóa thôn, hướng dẫn người dân "
                                   "tạo tài khoản, chụp giấy tờ và nộp hồ sơ trên Cổng dịch vụ công; người dân không phải lên xã.")
        b.type(b.field("benefits"), "Giảm 40% số lượt người dân phải đến bộ phận một cửa; 1.250 hồ sơ nộp trực tuyến trong 6 tháng.")
        b.type(b.field("confidential"), "Danh sách hộ được hỗ trợ (họ tên, số điện thoại).")
        b.submit_and_wait(b.button("Kiểm tra trùng lặp"))
        if not b.d.find_elements(By.CSS_SELECTOR, "#similar"):
            raise CheckFailed(f"no near-duplicate section after “Kiểm tra trùng lặp” {b.where()}")
        similar = [squash(r.text) for r in b.d.find_elements(By.CSS_SELECTOR, "#similar tbody tr")]
        if not any("nha van hoa thon" in unaccent(r) for r in similar):
            raise CheckFailed(f"the demo's near-duplicate initiative is not listed: {similar[:3]} {b.where()}")
        print(f"     near-duplicates: {len(similar)}, first: {similar[0][:100]!r}")
        if b.value(b.field("title")) != nfc(title) or b.value(b.fields("authorName[]")[1]) != nfc("Trần Thị Mai Hương"):
            raise CheckFailed(f"the form lost what was typed after the near-duplicate check {b.where()}")
        shot("c-initiative-duplicates")
        b.submit_and_wait(b.button("Lưu nháp"))
        b.expect_flash("Đã lưu nháp.")
        # The file goes on the application's page: Sáng kiến → the title → Tệp đính kèm.
        b.nav("Sáng kiến")
        b.follow(b.link(title, within="main"))
        b.upload(pdf_1mb)
        b.expect_flash("Đã thêm minh chứng.")
        b.expect_text(os.path.basename(pdf_1mb), what="the initiative's attachments")
        b.follow(b.link("Sửa hồ sơ", within="main"))
        b.submit_and_wait(b.button("Nộp hồ sơ"))
        b.expect_flash("Đã nộp hồ sơ sáng kiến.")
        b.expect_text("Đã nộp", "Trần Thị Mai Hương", "40%", "60%", what="the submitted initiative")
        s["initiative_url"] = b.d.current_url.split("?")[0]
        shot("c-initiative-submitted")

    # (d) someone raises a difficulty with a file just under the cap and a 10,000-character text --------
    def difficulty_raise():
        b.signed_in_as("giamsat")
        b.nav("Vướng mắc, kiến nghị")
        b.follow(b.link("Nêu vướng mắc, kiến nghị", within="main"))
        title = f"Sóng di động yếu ở xóm ven đồi, người dân không nộp được hồ sơ trực tuyến ({tag})"
        s["difficulty_title"] = title
        b.type(b.field("title"), title)
        content = b.field("content")
        b.type(content, difficulty_text[:200])
        b.paste(content, difficulty_text[200:], clear=False)
        if len(b.value(content)) != len(difficulty_text):
            raise CheckFailed(f"the content box holds {len(b.value(content))} characters, wanted {len(difficulty_text)}")
        # "Nội dung thi đua liên quan" is optional: left as it is ("Chưa phân loại").
        b.attach(b.field("file"), pdf_near)
        shot("d-difficulty-typed")
        b.submit_and_wait(b.button("Nêu vướng mắc, kiến nghị"), timeout=60)
        b.expect_flash("Đã gửi vướng mắc, kiến nghị.")
        b.expect_text(title, difficulty_text, "Đã tiếp nhận", what="the raised difficulty")
        b.link(os.path.basename(pdf_near), within="main")
        s["difficulty_url"] = b.d.current_url.split("?")[0]
        shot("d-difficulty-raised")

    # (e) the secretariat imports 5,000 people through the page --------------------------------------------
    def people_import():
        b.signed_in_as("canbo.thidua")
        b.nav("Đơn vị")
        codes = [squash(td.text) for td in b.d.find_elements(By.CSS_SELECTOR, "main table tbody tr td:first-child")]
        codes = [c for c in codes if c][:40]
        csv_path = os.path.join(files_dir, f"ca-nhan-{W}.csv")
        names = people_csv(csv_path, 5000, codes, tag)
        s["imported_name"] = names[4321]
        b.nav("Cá nhân")
        before = int(re.search(r"\d+", b.d.find_element(By.CSS_SELECTOR, "main p.muted").text).group(0))
        b.follow(b.link("Nhập từ CSV", within="main"))
        b.expect_h1("Nhập cá nhân từ tệp CSV")
        b.attach(b.field("file"), csv_path)
        t0 = time.time()
        b.submit_and_wait(b.button("Kiểm tra và nhập"), timeout=SLOW_WAIT)
        print(f"     the import of {os.path.getsize(csv_path):,} bytes answered in {time.time() - t0:.1f}s")
        b.expect_flash("Đã nhập 5.000 dòng.")
        after = int(re.search(r"\d+", b.d.find_element(By.CSS_SELECTOR, "main p.muted").text).group(0))
        if after - before != 5000:
            raise CheckFailed(f"the people list counts {before} before and {after} after importing 5,000 rows {b.where()}")
        shot("e-people-imported")

    # The next people -------------------------------------------------------------------------------------
    def initiative_seen():
        b.signed_in_as("canbo.thidua")
        b.nav("Sáng kiến")
        b.type(b.field("q"), unaccent(s["initiative_title"].split(" (")[0]))
        b.submit_and_wait(b.button("Tìm"))
        b.follow(b.link(s["initiative_title"], within="main"))
        b.expect_text("Đã nộp", "Trần Thị Mai Hương", "Trường Tiểu học Nghĩa Trung", "40%",
                      "Danh sách hộ được hỗ trợ", what="the submitted initiative, to the secretariat")
        b.link(os.path.basename(pdf_1mb), within="main")
        if not b.d.find_elements(By.CSS_SELECTOR, "#similar tbody tr"):
            raise CheckFailed(f"the secretariat is not shown the near-duplicates {b.where()}")
        shot("c-initiative-to-secretariat")

    def difficulty_answered():
        b.signed_in_as("canbo.thidua")
        b.nav("Vướng mắc, kiến nghị")
        b.follow(b.link(s["difficulty_title"], within="main"))
        b.expect_text(difficulty_text, "Đã tiếp nhận", what="the difficulty, to the secretariat")
        b.link(os.path.basename(pdf_near), within="main")
        answer = "Đã đề nghị nhà mạng lắp thêm trạm phát sóng ở xóm ven đồi trong quý I năm 2027."
        b.type(b.field("answer"), answer)
        b.submit_and_wait(b.button("Trả lời"))
        b.expect_flash("Đã trả lời.")
        # The raiser follows it: answered, with the answer.
        b.signed_in_as("giamsat")
        b.nav("Vướng mắc, kiến nghị")
        b.follow(b.link(s["difficulty_title"], within="main"))
        b.expect_text("Đã trả lời", answer, what="the answered difficulty, to its raiser")
        shot("d-difficulty-answered-raiser")

    def imported_person_seen():
        b.signed_in_as("chutich")
        b.nav("Cá nhân")
        b.type(b.field("q"), unaccent(s["imported_name"]))
        b.submit_and_wait(b.button("Tìm"))
        b.link(s["imported_name"], within="main table")
        shot("e-people-search-leader")

    journey(f"a. daumoi fixes the returned 2026 report (values, 5,000 characters, 2 MB PDF; {cap_mb} MB+ refused) and submits @{W}px", report_fix)
    journey(f"b. the secretariat finds it, sees it submitted, accepts; daumoi sees it accepted @{W}px", report_accept,
            needs=["a"])
    journey(f"f. registration 2027: target typed 1.500 saved twice reads 1.500, also to the secretariat @{W}px", registration_thousands)
    journey(f"c. canhan applies for an initiative (co-author, 1 MB file, near-duplicate check) and submits @{W}px", initiative_apply)
    journey(f"c'. the secretariat sees the initiative submitted with co-author, file and near-duplicates @{W}px", initiative_seen,
            needs=["c"])
    journey(f"d. giamsat raises a difficulty (10,000 characters, {cap_mb} MB file) @{W}px", difficulty_raise)
    journey(f"d'. the secretariat reads and answers it; giamsat sees the answer @{W}px", difficulty_answered, needs=["d"])
    journey(f"e. the secretariat imports 5,000 people from CSV @{W}px", people_import)
    journey(f"e'. the chairperson finds an imported person @{W}px", imported_person_seen, needs=["e"])
    __import__("browser_journeys_recent").recent_journeys(b, journey, width, files_dir, cap_mb)  # g–l: inspections, legal bases, Danh xưng
    __import__("browser_journeys_indicators").indicator_journeys(b, journey, width, files_dir, cap_mb)  # m–p: indicators, Bình dân học vụ số
    try:
        b.logout()
    except Exception:
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base")
    ap.add_argument("shots")
    ap.add_argument("--width", type=int, default=1280, choices=(1280, 360))
    ap.add_argument("--upload-max-mb", type=int, default=int(os.environ.get("THIDUA_UPLOAD_MAX_MB") or 20))
    ap.add_argument("--no-walk", action="store_true")
    args = ap.parse_args()
    base, shots = args.base, args.shots
    t_start = time.time()
    b = Browser(base, shots)
    axe_path = axe_script_path()
    if axe_path:
        with open(axe_path, encoding="utf-8") as f:
            b.axe_source = f.read()
        version = re.search(r'version="(\d+\.\d+\.\d+)"', b.axe_source)
        print(f"axe-core {version.group(1) if version else '?'} from {axe_path}")
    passed, failed, passed_keys = 0, [], set()

    def check(name, fn):
        nonlocal passed
        t0 = time.time()
        try:
            fn()
            passed += 1
            passed_keys.add(name.split(".")[0])
            print(f"PASS {name} ({time.time() - t0:.0f}s)")
        except Exception as e:  # a check failing must not stop the summary
            if isinstance(e, CheckFailed):
                msg = str(e)
            else:  # the first line of the error, where in this script, and the page
                ours = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == __file__]
                at = f" at line {ours[-1].lineno} ({ours[-1].name}: {ours[-1].line})" if ours else ""
                msg = f"{type(e).__name__}: {(str(e).strip().splitlines() or [''])[0][:300]}{at}"
                try:
                    msg += f" {b.where()}"
                except Exception:
                    pass
            failed.append(name)
            print(f"FAIL {name} ({time.time() - t0:.0f}s): {msg}")
            try:
                slug = re.sub(r"[^a-z0-9]+", "-", unaccent(name)).strip("-")[:60]
                print(f"     screenshot: {b.screenshot('FAILED-' + slug)}")
            except Exception:
                pass

    def journey(name, fn, needs=()):
        missing = [n for n in needs if n not in passed_keys]
        if missing:
            failed.append(name)
            print(f"FAIL {name}: not run, it needs journey {', '.join(missing)}")
            return
        check(name, fn)

    try:
        if not args.no_walk:
            if not walk(b, check, shots):
                failed.append("screenshots at 360 px")
            print(f"     (walk done after {time.time() - t_start:.0f}s)")
        if args.width == 360:
            b.set_width(360, 800)
        else:
            b.set_width(1280, 900)
        files_dir = os.path.join(os.path.dirname(os.path.abspath(shots)), "upload-files")
        journeys(b, journey, args.width, files_dir, args.upload_max_mb)

        def accessibility():
            if b.axe_source is None:
                raise CheckFailed("axe-core not found: install axe-selenium-python in the venv")
            if b.axe_errors:
                raise CheckFailed(f"axe-core could not run on {len(b.axe_errors)} page(s): {b.axe_errors[:3]}")
            if b.axe_violations:
                by_rule = {}
                for url, rule, impact, _, _ in b.axe_violations:
                    path = UUID_RE.sub(":id", urllib.parse.urlsplit(url).path)
                    by_rule.setdefault(f"{rule} ({impact})", set()).add(path)
                summary = "; ".join(f"{r} on {', '.join(sorted(p))}" for r, p in sorted(by_rule.items()))
                raise CheckFailed(f"{len(b.axe_violations)} violation(s) on {len({v[0] for v in b.axe_violations})} of "
                                  f"{b.axe_pages} pages checked (each listed above as AXE): {summary}")
            print(f"     axe-core: no violation on {b.axe_pages} pages")
        check(f"accessibility: axe-core on every page visited @{args.width}px", accessibility)
    finally:
        b.quit()

    print(f"browser check took {time.time() - t_start:.0f}s; screenshots in {shots}")
    print(f"browser: {passed} passed, {len(failed)} failed")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
