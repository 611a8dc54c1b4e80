"""Browser journeys of issue 16 (digital-transformation indicators and Bình dân học vụ số), called from the end of
browser_check.py's journeys(): `indicator_journeys(b, journey, width, files_dir, cap_mb)`.

Like the other journeys they type and click like a person, end with what the next person sees, and re-read what was
typed (edit boxes read back unchanged: "1.500", dd/mm/yyyy dates, diacritics). One text field of each form gets
HOSTILE, which must come back as text (never as markup). axe-core runs on every page visited (Browser.wait_ready).

The period daumoi (focal point of Thôn Bình Thủy) enters: this year's whole-year figures when that page still offers
boxes for a share and a count (a commune without demo values), else this year's current quarter (the demo carries
Nghĩa Trung's 2025 figures locked and 2026's mostly approved, so the whole year of 2026 is closed to entry). The
spreadsheet import goes to a period nobody else touches: the whole year when daumoi entered the whole year (then the
dashboard shows the imported figures themselves), else the quarter before daumoi's (the current one when that is the
first of the year; then daumoi's own village is left out of the file, its quarter being approved already). The
dashboard reads approved whole-year values, so its heat table, bars and data table are checked for every village.
Dates are the commune's (Asia/Ho_Chi_Minh, UTC+7), as the server counts them.
"""
import datetime
import os
import re
import struct
import sys
import time
import urllib.request
import zlib

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

HOSTILE = "<script>alert(1)</script>\"'"
VN = datetime.timezone(datetime.timedelta(hours=7))
UNIT = "Thôn Bình Thủy"  # daumoi's unit (README)
COMMUNE_CODE = "nghia-trung"  # the showcase's commune code


def make_png(path, width=320, height=200):
    """A real PNG photo (a gradient with a band), written with zlib only."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            band = 60 < y < 90
            rows += bytes(((x * 255) // width, (y * 255) // height, 40 if not band else 230))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(png)
    return path


def indicator_journeys(b, journey, width, files_dir, cap_mb):
    bc = sys.modules[type(b).__module__]
    CheckFailed, nfc, squash, make_pdf = bc.CheckFailed, bc.nfc, bc.squash, bc.make_pdf
    W = width
    tag = f"CI-{W}"
    s = {}
    shot = lambda name: b.screenshot(f"{name}-{W}")
    today = datetime.datetime.now(VN).date()
    vn = lambda d: d.strftime("%d/%m/%Y")
    Y = today.year
    QC = (today.month - 1) // 3 + 1
    period_text = lambda y, q: f"Năm {y}" if q == 0 else f"Quý {q}/{y}"
    evidence_pdf = make_pdf(os.path.join(files_dir, f"danh-sach-vneid-muc-2-{W}.pdf"), 180 * 1024, "Danh sach VNeID muc 2")
    photo_png = make_png(os.path.join(files_dir, f"anh-lop-hoc-vneid-{W}.png"))

    # --- small helpers ---------------------------------------------------------------------------------------------

    def post_forms(action_suffix):
        return [f for f in b.d.find_elements(By.CSS_SELECTOR, "main form[method=post]")
                if (f.get_attribute("action") or "").split("?")[0].endswith(action_suffix)]

    def form(action_suffix, nth=0):
        forms = post_forms(action_suffix)
        if len(forms) <= nth:
            raise CheckFailed(f"no form posting to …{action_suffix} {b.where()}")
        return forms[nth]

    def send(f, label=None, timeout=60):
        for btn in f.find_elements(By.CSS_SELECTOR, "button, input[type=submit]"):
            if (btn.get_attribute("type") or "submit") != "submit" or not btn.is_displayed():
                continue
            if label is None or nfc(btn.get_attribute("textContent") or btn.get_attribute("value")) == nfc(label):
                b.submit_and_wait(btn, timeout=timeout)
                return
        raise CheckFailed(f"no button {label or 'to send'!r} in the form posting to {f.get_attribute('action')} {b.where()}")

    def expect_value(el, want, what):
        got = b.value(el).replace("\r\n", "\n")
        if got != nfc(want):
            raise CheckFailed(f"{what} reads back {got!r}, typed {want!r} {b.where()}")

    def expect_hostile_as_text(what):
        try:
            alert = b.d.switch_to.alert
            text = alert.text
            alert.dismiss()
            raise CheckFailed(f"an alert ({text!r}) opened on {what}: the typed <script> ran {b.where()}")
        except NoAlertPresentException:
            pass
        if HOSTILE not in b.body_text():
            raise CheckFailed(f"the typed {HOSTILE!r} is not shown as text on {what} {b.where()}")
        injected = b.d.execute_script("return [...document.querySelectorAll('body script')].filter(s => s.textContent.includes('alert(1)')).length")
        if injected:
            raise CheckFailed(f"the typed <script> is a <script> element of {what} {b.where()}")

    def download(url):
        req = urllib.request.Request(url, headers={"Cookie": b.cookie_header()})
        with urllib.request.urlopen(req, timeout=60) as res:
            return res.read()

    def expect_file_link(name, path, what):
        a = b.link(name, within="main", exact=False)
        got = download(a.get_attribute("href"))
        with open(path, "rb") as f:
            want = f.read()
        if got != want:
            raise CheckFailed(f"{what}: {name!r} downloads {len(got):,} bytes that differ from the {len(want):,} sent {b.where()}")

    def go(nav_text, path):
        """Goes to `path` as a person does: the menu link `nav_text`, else the “Chỉ số CĐS” menu and a link on that
        page; else (with a note) by its address."""
        if b.find_link(nav_text, within="nav.site-nav") is not None:
            b.nav(nav_text)
        elif b.find_link("Chỉ số CĐS", within="nav.site-nav") is not None:
            b.nav("Chỉ số CĐS")
            a = b.d.execute_script("""
                return [...document.querySelectorAll('main a[href]')].find(a => a.pathname === arguments[0]) || null;""", path)
            if a is not None:
                b.follow(a)
        if b.d.current_url.split("?")[0].split("#")[0].endswith(path):
            return
        print(f"     note: no menu link “{nav_text}” and no link to {path} on the “Chỉ số CĐS” page: opened by its address")
        b.open(path)

    def fits_screen(what):
        """On a phone the page is as wide as the screen: Chromium otherwise widens the layout viewport to the content
        and zooms out (then the page's innerWidth is no longer the screen's, and clicks land beside their target)."""
        if W >= 600:
            return
        got = b.d.execute_script("""
            if (window.innerWidth <= arguments[0] + 1) return null;
            const out = [];
            for (const e of document.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.right > arguments[0] + 1 && getComputedStyle(e).position === 'absolute')
                out.push(e.tagName.toLowerCase() + '.' + e.className + ' in ' + (e.closest('[id]') || e.parentElement).id);
            }
            return [window.innerWidth, out.length, [...new Set(out)].slice(0, 3)];""", W)
        if got:
            raise CheckFailed(f"{what} is {got[0]}px wide on the {W}px screen (the phone zooms out); {got[1]} absolutely "
                              f"positioned element(s) stand outside it, e.g. {got[2]} (a scrolling .table-wrap that is not "
                              f"position: relative does not clip them) {b.where()}")

    def lines():
        """The entry page's indicator blocks: code, name, kind (share/count/read-only), the ids of their boxes."""
        return b.settled(lambda: b.d.execute_script("""
            return [...document.querySelectorAll('main fieldset.indicator-line')].map(fs => {
              const legend = fs.querySelector('legend').innerText.trim().normalize('NFC');
              const id = fs.id.replace(/^cs-/, '');
              const num = fs.querySelector("input[name='numerator." + id + "']");
              const val = fs.querySelector("input[name='value." + id + "']");
              return {id, legend, code: legend.split(' — ')[0], kind: num ? 'share' : (val ? 'count' : 'read'),
                      text: fs.innerText.normalize('NFC')};
            });"""))

    def line(iid):
        for l in lines():
            if l["id"] == iid:
                return l
        raise CheckFailed(f"no block of indicator {iid} on the entry page {b.where()}")

    def box(field, iid):
        return b.field(f"{field}.{iid}")

    def open_values(year, quarter):
        b.choose(b.field("year"), label=str(year))
        b.choose(b.field("quarter"), label="Cả năm" if quarter == 0 else f"Quý {quarter}")
        send(b.field("quarter").find_element(By.XPATH, "./ancestor::form"), "Xem")
        b.expect_h1("Nhập số liệu chỉ số")
        b.expect_text(f"{UNIT} — {period_text(year, quarter)}")

    def values_form():
        return form("/indicators/values")

    def save(label="Lưu số liệu"):
        """Saves (or sends) the entry form; a figure far from the previous period's asks for a confirming note: typed."""
        send(values_form(), label)
        jumps = b.d.find_elements(By.CSS_SELECTOR, "main textarea[name^='jumpNote.']")
        asked = [t for t in jumps if b.field_error(t)]
        if asked:
            for t in asked:
                b.type(t, "Đã đối chiếu với danh sách của Công an xã: số liệu đúng.")
            send(values_form(), label)

    # (m) daumoi enters its figures, with a refused one, evidence, and sends them -----------------------------------
    def focal_point_enters():
        b.signed_in_as("daumoi")
        go("Nhập số liệu chỉ số", "/indicators/values")
        b.expect_h1("Nhập số liệu chỉ số")
        open_values(Y, 0)
        editable = [l for l in lines() if l["kind"] != "read"]
        if any(l["kind"] == "share" for l in editable) and any(l["kind"] == "count" for l in editable):
            q = 0
        else:
            q = QC
            print(f"     note: {period_text(Y, 0)} of {UNIT} is closed to entry ({len(editable)} box(es) open); "
                  f"entering {period_text(Y, q)}")
            open_values(Y, q)
        s["period"] = (Y, q)
        all_lines = lines()
        shares = [l for l in all_lines if l["kind"] == "share"]
        counts = [l for l in all_lines if l["kind"] == "count"]
        if not shares or not counts:
            raise CheckFailed(f"{period_text(Y, q)} of {UNIT} offers {len(shares)} share(s) and {len(counts)} count(s) to "
                              f"enter (wanted one of each) {b.where()}")
        share, count = shares[0], counts[0]
        second = shares[1] if len(shares) > 1 else None
        note = f"Rà soát theo danh sách VNeID mức 2 của Công an xã {HOSTILE}"
        s.update(share=share, count=count, second=second, note=note)
        # A refused figure first: more people with the skill than adults.
        b.type(box("numerator", share["id"]), "2.500")
        b.type(box("denominator", share["id"]), "2.150")
        b.type(box("note", share["id"]), note)
        b.type(box("value", count["id"]), "12")
        send(values_form(), "Lưu số liệu")
        want = "Tử số (2.500) không được lớn hơn mẫu số (2.150)."
        errs = [b.field_error(box("numerator", share["id"])), b.field_error(box("denominator", share["id"]))]
        if not any(e and nfc(want) in nfc(e) for e in errs):
            raise CheckFailed(f"2.500 of 2.150 is not refused beside the boxes with {want!r} (beside them: {errs}) {b.where()}")
        expect_value(box("numerator", share["id"]), "2.500", "the refused numerator")
        expect_value(box("denominator", share["id"]), "2.150", "the denominator")
        expect_value(box("note", share["id"]), note, "the note")
        expect_value(box("value", count["id"]), "12", "the count")
        shot("m-value-refused")
        # Corrected and saved.
        b.type(box("numerator", share["id"]), "1.500")
        if second:
            b.type(box("numerator", second["id"]), "1.486")
            b.type(box("denominator", second["id"]), "2.150")
        save()
        b.expect_flash("Đã lưu số liệu.")
        expect_value(box("numerator", share["id"]), "1.500", "the saved numerator")
        expect_value(box("denominator", share["id"]), "2.150", "the saved denominator")
        expect_value(box("note", share["id"]), note, "the saved note")
        expect_value(box("value", count["id"]), "12", "the saved count")
        if second:
            expect_value(box("numerator", second["id"]), "1.486", "the second share's numerator")
        # The evidence of the share, a real PDF.
        b.choose(b.field("indicatorId"), prefix=f"{share['code']} — ")
        b.attach(b.field("file"), evidence_pdf)
        b.submit_and_wait(b.button("Tải tệp minh chứng lên"), timeout=60)
        b.expect_flash("Đã tải minh chứng lên.")
        expect_file_link(os.path.basename(evidence_pdf), evidence_pdf, "the evidence")
        expect_value(box("numerator", share["id"]), "1.500", "the numerator after the upload")
        # Sent for review.
        save("Gửi duyệt")
        sent = 3 if second else 2
        flashes = [nfc(e.text) for e in b.d.find_elements(By.CSS_SELECTOR, ".flash")]
        if not any(re.search(r"Đã gửi (\d+) số liệu chờ duyệt", f) and int(re.search(r"(\d+) số liệu", f).group(1)) >= sent
                   for f in flashes):
            raise CheckFailed(f"sending asked for “Đã gửi {sent} số liệu chờ duyệt.”, the page says {flashes} {b.where()}")
        l = line(share["id"])
        if l["kind"] != "read" or "(1.500/2.150)" not in l["text"] or "Đã gửi, chờ duyệt" not in l["text"]:
            raise CheckFailed(f"the sent share reads {squash(l['text'])[:300]!r}: wanted “Đã gửi, chờ duyệt” and "
                              f"“(1.500/2.150)”, no boxes {b.where()}")
        if "12" not in line(count["id"])["text"]:
            raise CheckFailed(f"the sent count does not show 12 {b.where()}")
        expect_hostile_as_text("the sent figures")
        fits_screen("the entry page")
        shot("m-values-sent")

    # (m') daumoi records a training session with a photo --------------------------------------------------------
    def training_session():
        b.signed_in_as("daumoi")
        go("Bình dân học vụ số", "/literacy")
        b.follow(b.link("Ghi nhận lớp, buổi hướng dẫn", within="main"))
        b.expect_h1("Ghi nhận lớp, buổi hướng dẫn")
        f = form("/literacy/sessions")
        title = f"Hướng dẫn cài đặt VNeID mức 2 và dịch vụ công trực tuyến {tag}"
        trainers = "Tổ công nghệ số cộng đồng thôn Bình Thủy\nKỹ sư Viễn thông Đồng Nai"
        note = f"Người cao tuổi được hướng dẫn tận tay {HOSTILE}"
        b.type(f.find_element(By.NAME, "heldOn"), vn(today))
        unit = f.find_element(By.NAME, "unitId")
        chosen = b.d.execute_script("const s = arguments[0]; return s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text", unit)
        if not nfc(chosen).startswith(UNIT):
            b.choose(unit, prefix=UNIT)
        topic = f.find_element(By.NAME, "topic")
        topic_label = b.d.execute_script("""
            const o = [...arguments[0].options].find(o => o.value); return o ? o.text : null;""", topic)
        if not topic_label:
            raise CheckFailed(f"the topic list is empty {b.where()}")
        b.choose(topic, label=topic_label)
        b.type(f.find_element(By.NAME, "title"), title)
        b.type(f.find_element(By.NAME, "platform"), "binhdanhocvuso.gov.vn")
        b.type(f.find_element(By.NAME, "place"), "Nhà văn hóa thôn Bình Thủy")
        b.type(f.find_element(By.NAME, "trainers"), trainers)
        b.type(f.find_element(By.NAME, "attendeeCount"), "35")
        b.type(f.find_element(By.NAME, "note"), note)
        send(f, "Ghi nhận lớp, buổi hướng dẫn")
        b.expect_flash("Đã lưu lớp, buổi hướng dẫn.")
        b.expect_h1(title)
        expect_hostile_as_text("the session's page")
        expect_value(b.field("heldOn"), vn(today), "the session's date")
        expect_value(b.field("attendeeCount"), "35", "the attendees")
        expect_value(b.field("trainers"), trainers, "the trainers")
        expect_value(b.field("note"), note, "the session's note")
        b.attach(b.field("file"), photo_png)
        b.submit_and_wait(b.button("Thêm ảnh"), timeout=60)
        b.expect_flash("Đã thêm ảnh.")
        photos = b.d.find_elements(By.CSS_SELECTOR, "main .photo-list a")
        if not photos:
            raise CheckFailed(f"the added photo is not listed {b.where()}")
        got = download(photos[0].get_attribute("href"))
        with open(photo_png, "rb") as fh:
            if got != fh.read():
                raise CheckFailed(f"the photo downloads {len(got):,} bytes that differ from the PNG sent {b.where()}")
        fits_screen("the session's page")
        shot("m2-session")
        b.open("/literacy/sessions")
        row = b.d.execute_script("""
            for (const tr of document.querySelectorAll('main table tbody tr'))
              if (tr.innerText.normalize('NFC').includes(arguments[0])) return tr.innerText.normalize('NFC');
            return null;""", nfc(title))
        if not row or vn(today) not in row or "35" not in row or UNIT not in row:
            raise CheckFailed(f"the sessions list shows {row!r} for the session of {vn(today)}, {UNIT}, 35 people {b.where()}")

    # (n) the secretariat returns one, approves the rest; daumoi sees the reason ------------------------------------
    def review_scope_section(name):
        for sec in b.d.find_elements(By.CSS_SELECTOR, "main section"):
            h = sec.find_elements(By.TAG_NAME, "h2")
            if h and nfc(h[0].text) == nfc(name):
                return sec
        return None

    def review():
        y, q = s["period"]
        b.signed_in_as("canbo.thidua")
        go("Duyệt số liệu chỉ số", "/indicators/review")
        b.expect_h1("Duyệt số liệu chỉ số")
        if b.value(b.field("year")) != str(y):
            b.choose(b.field("year"), label=str(y))
            send(b.field("year").find_element(By.XPATH, "./ancestor::form"), "Xem")
        sec = review_scope_section(UNIT)
        if sec is None:
            raise CheckFailed(f"no section of {UNIT} on the review page {b.where()}")
        share = s["share"]
        row = b.d.execute_script("""
            for (const tr of arguments[0].querySelectorAll('tbody tr')) {
              const t = tr.innerText.normalize('NFC');
              if (t.startsWith(arguments[1] + ' — ') && t.includes(arguments[2])) return tr;
            }
            return null;""", sec, share["code"], period_text(y, q))
        if row is None:
            raise CheckFailed(f"{share['code']} of {period_text(y, q)} is not in {UNIT}'s section {b.where()}")
        text = nfc(row.text)
        pdf_name = os.path.basename(evidence_pdf)
        if "(1.500/2.150)" not in text or pdf_name not in text:
            raise CheckFailed(f"the row of {share['code']} reads {squash(text)[:300]!r}: wanted (1.500/2.150) and "
                              f"the evidence {pdf_name} {b.where()}")
        # The evidence opens from the queue: the reviewer reads the file without leaving the page's context.
        links = [a for a in row.find_elements(By.TAG_NAME, "a") if nfc(a.text) == pdf_name]
        if not links or "/indicators/values/evidence/" not in (links[0].get_attribute("href") or ""):
            raise CheckFailed(f"the evidence {pdf_name} is not a link in the review queue {b.where()}")
        expect_hostile_as_text("the review queue (daumoi's note)")
        if W < 600:
            # On a phone each row is stacked (cells under their column's name): its buttons are on screen, not at the
            # end of an 838 px table scrolled sideways (the new user's finding).
            right = b.d.execute_script(
                "return Math.max(...[...arguments[0].querySelectorAll('button, textarea')].map(e => e.getBoundingClientRect().right));", row)
            if right > W + 1:
                raise CheckFailed(f"the row's Duyệt / Trả lại reach {right:.0f}px on the {W}px screen: scroll sideways to review {b.where()}")
        reason = f"Tử số chưa khớp danh sách VNeID mức 2 của Công an xã, đề nghị rà soát lại {HOSTILE}"
        s["reason"] = reason
        ta = row.find_element(By.CSS_SELECTOR, "textarea[name^='reason.']")
        b.type(ta, reason)
        send(ta.find_element(By.XPATH, "./ancestor::form"), "Trả lại")
        b.expect_flash("Đã trả lại số liệu kèm lý do.")
        sec = review_scope_section(UNIT)
        if sec is None:
            raise CheckFailed(f"after the return, {UNIT}'s other figures are no longer waiting {b.where()}")
        if share["code"] + " — " in "\n".join(nfc(r.text).split("\n")[0] for r in sec.find_elements(By.CSS_SELECTOR, "tbody tr")
                                                if period_text(y, q) in nfc(r.text)):
            raise CheckFailed(f"the returned {share['code']} is still waiting {b.where()}")
        send(sec.find_element(By.XPATH, ".//form[.//button[normalize-space()='Duyệt tất cả của đơn vị này']]"), "Duyệt tất cả của đơn vị này")
        b.expect_flash("Đã duyệt")
        if review_scope_section(UNIT) is not None:
            raise CheckFailed(f"{UNIT} still has figures waiting after “Duyệt tất cả” {b.where()}")
        fits_screen("the review page")
        shot("n-reviewed")
        # daumoi sees the returned one with the reason, the others approved.
        b.signed_in_as("daumoi")
        b.open(f"/indicators/values?year={y}&quarter={q}")
        l = line(share["id"])
        if "Trả lại để sửa" not in l["text"] or nfc(reason) not in squash(l["text"]):
            raise CheckFailed(f"daumoi's {share['code']} reads {squash(l['text'])[:300]!r}: wanted “Trả lại để sửa” and the reason {b.where()}")
        if l["kind"] != "share":
            raise CheckFailed(f"the returned {share['code']} offers no boxes to correct it {b.where()}")
        expect_value(box("numerator", share["id"]), "1.500", "the returned numerator")
        expect_hostile_as_text("daumoi's returned figure (the reason)")
        c = line(s["count"]["id"])
        if "Đã duyệt" not in c["text"] or c["kind"] != "read":
            raise CheckFailed(f"daumoi's count reads {squash(c['text'])[:200]!r}: wanted “Đã duyệt”, no box {b.where()}")
        shot("n-returned-seen")

    # (o) the secretariat imports a spreadsheet for every village, then approves it -------------------------------
    def village_names():
        """The villages, from the secretariat's scope list on the entry page (“Tên (Thôn)”)."""
        b.open("/indicators/values")
        opts = b.d.execute_script("return [...document.querySelectorAll('main select[name=unit] option')].map(o => o.text.normalize('NFC'))")
        return [o[:-len(" (Thôn)")] for o in opts if o.endswith(" (Thôn)")]

    def spreadsheet_import():
        import openpyxl
        y, q = s["period"]
        iq = 0 if q == 0 else (q - 1 if q > 1 else q)
        skip_own = (iq == q)  # daumoi's figures of that period are approved: not overwritable
        s["import_period"] = (y, iq)
        b.signed_in_as("canbo.thidua")
        villages = village_names()
        if len(villages) < 2:
            raise CheckFailed(f"the scope list names {len(villages)} village(s) {b.where()}")
        s["villages"] = villages
        go("Nhập số liệu từ tệp", "/indicators/import")
        b.expect_h1("Nhập số liệu chỉ số từ tệp")
        b.open(f"/indicators/import?year={y}&quarter={iq}")
        template = download(b.link("Tệp mẫu Excel (.xlsx)", within="main").get_attribute("href"))
        path = os.path.join(files_dir, f"so-lieu-chi-so-thon-{y}-{iq}-{W}.xlsx")
        with open(path, "wb") as fh:
            fh.write(template)
        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        header_row, cols = None, {}
        for r in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 10)):
            names = [nfc(str(c.value or "")) for c in r]
            if "Mã đơn vị" in names and "Mã chỉ số" in names:
                header_row = r[0].row
                cols = {n: i + 1 for i, n in enumerate(names) if n}
                break
        if header_row is None:
            raise CheckFailed(f"the template has no header row with “Mã đơn vị” and “Mã chỉ số” ({ws.max_row} rows)")
        filled, per_village, expect = 0, {}, {}
        for r in range(header_row + 1, ws.max_row + 1):
            name = nfc(str(ws.cell(r, cols["Tên đơn vị"]).value or ""))
            if name not in villages or (skip_own and name == UNIT):
                continue
            i = villages.index(name)
            code = nfc(str(ws.cell(r, cols["Mã chỉ số"]).value or ""))
            measure = nfc(str(ws.cell(r, cols.get("Đơn vị tính", 0)).value or "")) if cols.get("Đơn vị tính") else ""
            if measure == "%":
                den = 820 + 37 * i
                num = min(den, round(den * (0.58 + 0.025 * (i % 12))))
                ws.cell(r, cols["Tử số"]).value = num
                ws.cell(r, cols["Mẫu số"]).value = den
                expect[(name, code)] = num * 100.0 / den
            else:
                v = 3 + i % 4 if measure == "lớp" else 40 + 9 * i
                ws.cell(r, cols["Giá trị"]).value = v
                expect[(name, code)] = float(v)
            ws.cell(r, cols["Ghi chú"]).value = f"Tổng hợp từ binhdanhocvuso.gov.vn, {name}"
            if "Giải trình" in cols:
                ws.cell(r, cols["Giải trình"]).value = "Đã đối chiếu với sổ theo dõi của thôn."
            filled += 1
            per_village[name] = per_village.get(name, 0) + 1
        missing = [v for v in villages if v not in per_village and not (skip_own and v == UNIT)]
        if missing or not filled:
            raise CheckFailed(f"the template has no line for {missing or 'any village'}")
        wb.save(path)
        s["imported"], s["expect"] = filled, expect
        b.choose(b.field("year"), label=str(y))
        b.choose(b.field("quarter"), label="Cả năm" if iq == 0 else f"Quý {iq}")
        b.attach(b.field("file"), path)
        send(b.field("file").find_element(By.XPATH, "./ancestor::form"), "Xem trước")
        b.expect_h1("Xem trước số liệu nhập từ tệp")
        fits_screen("the import preview")
        if b.d.find_elements(By.CSS_SELECTOR, "main .error-summary"):
            raise CheckFailed(f"the preview of {filled} filled lines shows errors {b.where()}")
        rows = b.d.find_elements(By.CSS_SELECTOR, "main table tbody tr")
        if not rows:
            raise CheckFailed(f"the preview lists no row {b.where()}")
        shown = squash(b.body_text())
        for v in per_village:
            if v not in shown:
                raise CheckFailed(f"the preview does not name {v} {b.where()}")
        shot("o-import-preview")
        send(form("/indicators/import/confirm"), f"Nhập {filled:,} dòng".replace(",", "."))
        b.expect_flash(f"Đã nhập {filled:,} số liệu {period_text(y, iq).lower()} từ tệp".replace(",", "."))
        # Every imported figure waits in the queue, village by village; one button approves all that the page lists.
        b.open(f"/indicators/review?year={y}")
        approved = 0
        for v in per_village:
            sec = review_scope_section(v)
            if sec is not None:
                approved += len([r for r in sec.find_elements(By.CSS_SELECTOR, "tbody tr") if period_text(y, iq) in nfc(r.text)])
        everything = b.d.find_elements(By.XPATH, "//main//form[.//button[starts-with(normalize-space(), 'Duyệt cả ')]]")
        if not everything:
            raise CheckFailed(f"no “Duyệt cả … số liệu đang chờ” on the review page {b.where()}")
        label = nfc(everything[0].find_element(By.TAG_NAME, "button").text).strip()
        send(everything[0], label)
        b.expect_flash("Đã duyệt")
        left = [v for v in per_village if review_scope_section(v) is not None]
        if left:
            raise CheckFailed(f"still waiting after approving: {left} {b.where()}")
        if approved < filled:
            raise CheckFailed(f"{approved} imported figures were waiting for approval, {filled} were imported {b.where()}")
        shot("o-imported-approved")

    # (p) the dashboard: every village against its target, charts and tables; the public subset -----------------
    def dashboard():
        y, _ = s["period"]
        villages = s["villages"]
        b.signed_in_as("canbo.thidua")
        go("Chỉ số CĐS", "/indicators")
        b.open(f"/indicators?year={y}")
        b.expect_h1_prefix("Bảng chỉ số chuyển đổi số")
        fits_screen("the dashboard")
        heat = b.d.find_elements(By.CSS_SELECTOR, "main #heat-village-table")
        if not heat:
            raise CheckFailed(f"no village × indicator table (#heat-village-table) {b.where()}")
        rows = b.d.execute_script("""
            return [...arguments[0].querySelectorAll('tbody tr')].map(tr => [
              (tr.querySelector('th') || tr.cells[0]).innerText.trim().normalize('NFC'),
              [...tr.querySelectorAll('td')].map(td => td.innerText.trim())]);""", heat[0])
        by_name = {r[0]: r[1] for r in rows}
        for v in villages:
            cells = by_name.get(v)
            if cells is None:
                raise CheckFailed(f"{v} has no row in the heat table (rows: {list(by_name)[:20]}) {b.where()}")
            if not any(re.search(r"\d", c) for c in cells):
                raise CheckFailed(f"{v}'s row of the heat table has no number: {cells} {b.where()}")
        shot("p-dashboard")
        # The bars of the share daumoi entered: each village against its target.
        code = s["share"]["code"]
        sel = b.field("indicator")
        b.choose(sel, prefix=f"{code} — ")
        send(sel.find_element(By.XPATH, "./ancestor::form"), "Xem")
        bars = b.d.find_elements(By.CSS_SELECTOR, "main figure#bars")
        if not bars:
            raise CheckFailed(f"no bar chart (figure#bars) for {code} {b.where()}")
        if not bars[0].find_elements(By.CSS_SELECTOR, "svg[role=img]"):
            raise CheckFailed(f"the bar chart of {code} has no drawing {b.where()}")
        if not bars[0].find_elements(By.CSS_SELECTOR, "line.chart-target"):
            raise CheckFailed(f"the bar chart of {code} has no target mark {b.where()}")
        title = nfc(bars[0].find_element(By.CSS_SELECTOR, "figcaption .chart-title").get_attribute("textContent"))
        reading = bars[0].find_elements(By.CSS_SELECTOR, "figcaption .chart-reading")
        if not title or not reading or not nfc(reading[0].get_attribute("textContent")):
            raise CheckFailed(f"the bar chart has no title or reading ({title!r}) {b.where()}")
        table = b.d.execute_script("""
            const t = document.querySelector('main #bars-table'); if (!t) return null;
            return {head: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim().normalize('NFC')),
                    rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(c => c.textContent.trim().normalize('NFC')))};""")
        if table is None:
            raise CheckFailed(f"the bar chart of {code} has no data table (#bars-table) {b.where()}")
        if not any("Mục tiêu" in h or "Chỉ tiêu" in h for h in table["head"]):
            raise CheckFailed(f"the bars' data table has no target column: {table['head']} {b.where()}")
        rows = {r[0]: r[1:] for r in table["rows"] if r}
        at = next(i for i, h in enumerate(table["head"][1:]) if "Mục tiêu" in h or "Chỉ tiêu" in h)
        without = []
        for v in villages:
            cells = rows.get(v)
            if cells is None:
                raise CheckFailed(f"{v} is not in the bars' data table ({list(rows)[:20]}) {b.where()}")
            if at >= len(cells) or not re.search(r"\d", cells[at]):
                raise CheckFailed(f"{v} in the bars' data table reads {cells}: wanted its target {b.where()}")
            if not re.search(r"\d", cells[0]):
                if not cells[0] or cells[0] == "0":
                    raise CheckFailed(f"{v}'s missing figure reads {cells[0]!r} in the bars' table {b.where()}")
                without.append(v)
        if len(without) > len(villages) // 2:
            raise CheckFailed(f"{len(without)} of {len(villages)} villages have no {code} figure on the dashboard: {without} {b.where()}")
        if without:
            print(f"     note: no approved {code} figure of {y} for {without} (shown as {rows[without[0]][0]!r})")
        if s.get("import_period", (0, 1))[1] == 0:  # the imported figures are whole-year ones: shown as imported
            for (v, c), want in s["expect"].items():
                if c == code and v in rows:
                    shown = f"{want:.1f}".replace(".", ",")
                    if not any(shown in x or shown.removesuffix(",0") in x for x in rows[v]):
                        raise CheckFailed(f"{v}'s {code} reads {rows[v]} in the bars' table, imported {shown} {b.where()}")
        shot("p-dashboard-bars")
        # The public page: only the public indicators.
        b.open("/indicators/catalogue")
        catalogue = b.d.execute_script("""
            const t = document.querySelector('main table'); if (!t) return null;
            const head = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim().normalize('NFC'));
            const pub = head.indexOf('Công khai');
            return pub < 0 ? null : [...t.querySelectorAll('tbody tr')].map(tr => [tr.cells[0].textContent.trim(), tr.cells[pub].textContent.trim()]);""")
        if not catalogue:
            raise CheckFailed(f"the catalogue shows no “Công khai” column {b.where()}")
        public = {c for c, p in catalogue if nfc(p) == "Có"}
        private = {c for c, p in catalogue if nfc(p) != "Có"}
        b.logout()
        b.open(f"/showcase/{COMMUNE_CODE}/indicators?year={y}")
        b.expect_h1_prefix("Chỉ số chuyển đổi số công khai")
        text = b.body_text()
        shown = {c for c in public | private if re.search(rf"(?<![A-Za-z0-9]){re.escape(c)}(?![A-Za-z0-9])", text)}
        if shown & private:
            raise CheckFailed(f"the public page shows indicators not marked public: {sorted(shown & private)} {b.where()}")
        if not shown & public:
            raise CheckFailed(f"the public page shows none of the {len(public)} public indicators {b.where()}")
        fits_screen("the public indicators page")
        shot("p-showcase")

    t0 = time.time()
    journey(f"m. daumoi enters this year's figures of {UNIT} (2.500 of 2.150 refused beside the box with the typing kept; "
            f"1.500 of 2.150, a count, a note), attaches a PDF, re-reads the boxes and sends them @{W}px", focal_point_enters)
    journey(f"m'. daumoi records a training session ({vn(today)}, 35 people, trainers, a PNG photo) and sees it listed @{W}px",
            training_session)
    journey(f"n. the secretariat returns daumoi's share with a reason and approves the rest; daumoi sees the reason @{W}px",
            review, needs=["m"])
    journey(f"o. the secretariat imports an .xlsx of every village's figures (preview, confirm) and approves them @{W}px",
            spreadsheet_import, needs=["m"])
    journey(f"p. the dashboard shows every village against its target (heat table, bars with target marks, data table); "
            f"the public page only public indicators @{W}px", dashboard, needs=["m", "o"])
    print(f"     (indicator journeys took {time.time() - t0:.0f}s)")
