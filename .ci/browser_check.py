#!/usr/bin/env python3
"""Browser walk through the running app: log in, open the main pages, log out, log in as another user.

Usage: browser_check.py BASE_URL SCREENSHOT_DIR
Uses Debian's chromium and chromedriver (no downloads). Exits non-zero on any failure and ends with a
"browser: N passed, M failed" line.
"""
import os
import sys
import time
import traceback
import unicodedata
import urllib.request

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager try to download a driver

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "ThiDua@2026"
WAIT = 20  # seconds for a page to appear


class CheckFailed(Exception):
    pass


def nfc(s):
    return unicodedata.normalize("NFC", s or "").strip()


class Browser:
    def __init__(self, base, shots):
        self.base = base.rstrip("/")
        self.shots = shots
        self.shot_no = 0
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                  "--disable-dev-shm-usage", "--lang=vi-VN", "--hide-scrollbars"):
            opts.add_argument(a)
        self.d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        self.d.set_page_load_timeout(60)

    def quit(self):
        try:
            self.d.quit()
        except Exception:
            pass

    # --- navigation -------------------------------------------------------------------------

    def open(self, path):
        self.d.get(self.base + path)
        self.wait_ready()

    def wait_ready(self):
        WebDriverWait(self.d, WAIT).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

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
                self.wait_ready()

    def h1(self):
        def read():
            els = self.d.find_elements(By.CSS_SELECTOR, "main h1") or self.d.find_elements(By.TAG_NAME, "h1")
            return nfc(els[0].text) if els else None
        return self.settled(read)

    def body_text(self):
        return self.settled(lambda: nfc(self.d.find_element(By.TAG_NAME, "body").text))

    def where(self):
        return f"(url {self.d.current_url}, h1 {self.h1()!r})"

    def expect_h1(self, want):
        got = self.h1()
        if got != nfc(want):
            raise CheckFailed(f"expected h1 {want!r}, got {got!r} {self.where()}")

    def submit_and_wait(self, button):
        """Click a submit button and wait until the next page has replaced this one."""
        old = self.d.find_element(By.TAG_NAME, "html")
        button.click()
        try:
            WebDriverWait(self.d, WAIT).until(EC.staleness_of(old))
        except TimeoutException:
            raise CheckFailed(f"no new page {WAIT}s after submitting {self.where()}")
        self.wait_ready()

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

    # --- screenshots ------------------------------------------------------------------------

    def set_width(self, width, height=900):
        self.d.set_window_size(width, height)
        # The window may not shrink below a minimum; the device metrics make the viewport exact.
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def screenshot(self, name):
        os.makedirs(self.shots, exist_ok=True)
        self.shot_no += 1
        path = os.path.join(self.shots, f"{self.shot_no:02d}-{name}.png")
        try:
            import base64
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


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: browser_check.py BASE_URL SCREENSHOT_DIR")
    base, shots = sys.argv[1], sys.argv[2]
    b = Browser(base, shots)
    passed, failed = 0, []

    def check(name, fn):
        nonlocal passed
        try:
            fn()
            passed += 1
            print(f"PASS {name}")
        except Exception as e:  # a check failing must not stop the summary
            msg = str(e) if isinstance(e, CheckFailed) else "".join(
                traceback.format_exception_only(type(e), e)).strip()
            failed.append(name)
            print(f"FAIL {name}: {msg}")
            try:
                print(f"     screenshot: {b.screenshot('FAILED-' + name.replace(' ', '-'))}")
            except Exception:
                pass

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

    def expect_h1_prefix(want):
        got = b.h1()
        if not got.startswith(nfc(want)):
            raise CheckFailed(f"expected h1 starting {want!r}, got {got!r} {b.where()}")

    def board_and_export():
        b.open("/board?year=2026")
        b.expect_h1("Theo dõi đăng ký và báo cáo năm 2026")
        text = b.body_text()
        for want in ("Đơn vị nộp muộn", "Thôn Bình Thủy"):
            if nfc(want) not in nfc(text):
                raise CheckFailed(f"{want!r} not on the board {b.where()}")
        # The Excel export, fetched with the browser's session, is checked by .ci/check_xlsx.py afterwards.
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in b.d.get_cookies())
        req = urllib.request.Request(b.base + "/board/export.xlsx?year=2026", headers={"Cookie": cookie})
        xlsx_path = os.path.join(os.path.dirname(os.path.abspath(shots)), "board-2026.xlsx")
        os.makedirs(os.path.dirname(xlsx_path), exist_ok=True)
        with urllib.request.urlopen(req, timeout=60) as res, open(xlsx_path, "wb") as f:
            f.write(res.read())

    def registrations_and_difficulties():
        b.open("/registrations?year=2026")
        b.expect_h1("Đăng ký thi đua năm 2026")
        if len(b.d.find_elements(By.CSS_SELECTOR, "table tbody tr")) < 100:
            raise CheckFailed(f"expected the year's 100+ units on /registrations {b.where()}")
        b.open("/difficulties")
        b.expect_h1("Vướng mắc, kiến nghị")
        if nfc("Số vướng mắc theo nội dung thi đua") not in nfc(b.body_text()):
            raise CheckFailed(f"no count by content area on /difficulties {b.where()}")

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
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in b.d.get_cookies())
        req = urllib.request.Request(links[0].rstrip("/") + "/certificate.docx", headers={"Cookie": cookie})
        path = os.path.join(os.path.dirname(os.path.abspath(shots)), "certificate.docx")
        with urllib.request.urlopen(req, timeout=60) as res, open(path, "wb") as f:
            f.write(res.read())

    def public_showcase():
        b.open("/showcase/nghia-trung")
        expect_h1_prefix("Sáng kiến được công nhận")
        if len(b.d.find_elements(By.CSS_SELECTOR, "table tbody tr")) < 5:
            raise CheckFailed(f"the public showcase lists fewer than 5 initiatives {b.where()}")
        if nfc("Danh sách số điện thoại") in nfc(b.body_text()):
            raise CheckFailed(f"a confidential part is on the public showcase {b.where()}")

    def download(url, name):
        """Fetch a file with the browser's session into the output directory (checked by .ci/check_*.py after)."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in b.d.get_cookies())
        req = urllib.request.Request(url, headers={"Cookie": cookie})
        path = os.path.join(os.path.dirname(os.path.abspath(shots)), name)
        with urllib.request.urlopen(req, timeout=60) as res, open(path, "wb") as f:
            f.write(res.read())

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

    daumoi_unit = []

    def relogin_daumoi():
        b.open("/")
        b.logout()
        b.login("daumoi")
        b.expect_h1("Trang làm việc")
        links = [a.get_attribute("href") for a in b.d.find_elements(By.CSS_SELECTOR, "a[href*='/units/']")]
        if not links:
            raise CheckFailed(f"no link to daumoi's unit on the home page {b.where()}")
        daumoi_unit.append(links[0].rstrip("/").split("/units/")[1].split("/")[0])

    try:
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
            print(f"screenshots: {b.shot_no} in {shots}")
        except Exception as e:
            failed.append("screenshots at 360 px")
            print(f"FAIL screenshots at 360 px: {e}")
    finally:
        b.quit()

    print(f"browser: {passed} passed, {len(failed)} failed")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
