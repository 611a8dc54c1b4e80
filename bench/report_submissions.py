#!/usr/bin/env python3
"""Load test of the peak week before 15/11: N annual-report submissions, C at a time, each with a 1 MB
evidence file, through the JSON API of a running Thi Đua Số server (see bench/report_submissions.sh).

Setup (not timed): the secretariat creates N units through the API and registers each for 2026 with one
target (PUT, submit, accept). Timed: for each unit, one "submission" = POST evidence (a 1 MB PDF sent as it is,
application/octet-stream; --base64 sends it as base64 in JSON instead) + PUT report (actual value, narrative) + POST submit. Prints errors, p50/p90/p99/max latency of each call
and of the whole submission, the throughput, and the server's peak RSS (VmHWM) when a PID is given.

Usage: report_submissions.py BASE_URL [--n 1000] [--concurrency 100] [--mb 1] [--pid SERVER_PID] [--base64]
Standard library only. Talks only to BASE_URL (loopback).
"""
import argparse, base64, concurrent.futures as cf, http.client, json, os, statistics, sys, threading, time, urllib.parse

def server_cpu(pid):
    """User + system CPU seconds of a process, from /proc (None when unknown)."""
    if not pid: return None
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=100)
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--pid", type=int)
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--base64", action="store_true", help="send the evidence as base64 in JSON")
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.base)
    host, port = u.hostname, u.port or 80
    assert host in ("127.0.0.1", "localhost", "::1"), "loopback only"
    local = threading.local()

    def call(method, path, body=None, token=None, timeout=120, raw=None):
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(host, port, timeout=timeout)
        headers = {}
        data = None
        if raw is not None:
            data = raw
            headers["Content-Type"] = "application/octet-stream"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        t0 = time.perf_counter()
        try:
            conn.request(method, path, body=data, headers=headers)
            res = conn.getresponse()
            payload = res.read()
            status = res.status
        except Exception as e:  # a broken connection counts as an error, and the next call reconnects
            local.conn = None
            conn.close()
            return 0, str(e).encode(), time.perf_counter() - t0
        return status, payload, time.perf_counter() - t0

    status, body, _ = call("POST", "/api/v1/sessions", {"username": "canbo.thidua", "password": "ThiDua@2026"})
    assert status == 201, (status, body[:300])
    token = json.loads(body)["token"]
    stamp = int(time.time()) % 100000

    # --- setup: N units, each registered and accepted
    def setup(i):
        code = f"B{stamp:05d}-{i:04d}"
        s, b, _ = call("POST", "/api/v1/units", {"code": code, "name": f"Doanh nghiệp thử tải {i}", "kind": "business"}, token)
        if s != 201: return None, f"unit {s} {b[:200]}"
        uid = json.loads(b)["id"]
        path = f"/api/v1/registrations/{a.year}/units/{uid}"
        s, b, _ = call("PUT", path, {"focus": "Thử tải", "targets": [{"name": "Giao dịch không dùng tiền mặt", "unitOfMeasure": "%", "targetValue": 60}],
                                     "products": []}, token)
        if s != 201: return None, f"registration {s} {b[:200]}"
        target = json.loads(b)["targets"][0]["id"]
        for action in ("submit", "accept"):
            s, b, _ = call("POST", f"{path}/{action}", None, token)
            if s != 200: return None, f"{action} {s} {b[:200]}"
        return (uid, target), None

    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(20) as ex:
        results = list(ex.map(setup, range(a.n)))
    failures = [e for _, e in results if e]
    units = [r for r, _ in results if r]
    print(f"setup: {len(units)} units registered in {time.perf_counter() - t0:.1f} s; {len(failures)} failed" + (f" (first: {failures[0]})" if failures else ""))
    if not units: sys.exit(1)

    # One random body; each file gets its own 24-byte header, hence its own content hash. As base64 the body is encoded
    # once (24 bytes is a multiple of 3, so the pieces join). The load generator spends its CPU on sending, not encoding.
    size = int(a.mb * 1024 * 1024)
    filebody = os.urandom(size - 24)
    body64 = base64.b64encode(filebody).decode()
    def head(i):
        return f"%PDF-1.4\n%{i:012d}\n".encode().ljust(24, b" ")

    lat = {"evidence": [], "save": [], "submit": [], "submission": []}
    errors = []
    lock = threading.Lock()
    def submission(item):
        i, (uid, target) = item
        path = f"/api/v1/reports/{a.year}/units/{uid}"
        # The evidence creates the report (draft), so the save that follows answers 200.
        if a.base64:
            evidence = ("evidence", "POST", path + "/evidence", {"title": "Báo cáo có chữ ký", "filename": f"bao-cao-{i}.pdf",
                                                                 "contentBase64": base64.b64encode(head(i)).decode() + body64}, None, (201,))
        else:
            query = urllib.parse.urlencode({"filename": f"bao-cao-{i}.pdf", "title": "Báo cáo có chữ ký"})
            evidence = ("evidence", "POST", path + "/evidence?" + query, None, head(i) + filebody, (201,))
        steps = [evidence,
                 ("save", "PUT", path, {"results": "Đạt kế hoạch", "targets": [{"targetId": target, "actualValue": 55}]}, None, (200, 201)),
                 ("submit", "POST", path + "/submit", None, None, (200,))]
        total = 0.0
        for name, method, p, payload, raw, want in steps:
            s, b, dt = call(method, p, payload, token, raw=raw)
            total += dt
            with lock:
                lat[name].append(dt)
            if s not in want:
                with lock: errors.append(f"{name} {s} {b[:200]!r}")
                return
        with lock: lat["submission"].append(total)

    rss_samples = []
    stop = threading.Event()
    def sample():
        while not stop.is_set() and a.pid:
            try:
                with open(f"/proc/{a.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS"): rss_samples.append(int(line.split()[1]))
            except OSError: pass
            time.sleep(0.2)
    sampler = threading.Thread(target=sample, daemon=True); sampler.start()
    cpu0 = server_cpu(a.pid), os.times()
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(a.concurrency) as ex:
        list(ex.map(submission, enumerate(units)))
    wall = time.perf_counter() - t0
    cpu1 = server_cpu(a.pid), os.times()
    stop.set(); sampler.join()

    def pct(xs, q):
        xs = sorted(xs); return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else float("nan")
    print(f"timed: {len(units)} submissions, {a.concurrency} at a time, {a.mb:g} MB evidence each ({'base64 in JSON' if a.base64 else 'sent as it is'}), in {wall:.1f} s "
          f"({len(lat['submission']) / wall:.1f} submissions/s)")
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"{'call':<12}{'n':>6}{'p50 ms':>10}{'p90 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for k, xs in lat.items():
        print(f"{k:<12}{len(xs):>6}{pct(xs, .5) * 1000:>10.0f}{pct(xs, .9) * 1000:>10.0f}{pct(xs, .99) * 1000:>10.0f}{max(xs or [0]) * 1000:>10.0f}")
    done = max(1, len(lat["submission"]))
    client = (cpu1[1].user + cpu1[1].system) - (cpu0[1].user + cpu0[1].system)
    line = f"CPU per submission: load generator {client / done * 1000:.1f} ms"
    if a.pid and cpu0[0] is not None and cpu1[0] is not None:
        line += f", server {(cpu1[0] - cpu0[0]) / done * 1000:.1f} ms (server busy {(cpu1[0] - cpu0[0]) / wall:.2f} of {os.cpu_count()} cores)"
    print(line)
    if a.pid:
        hwm = None
        try:
            with open(f"/proc/{a.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM"): hwm = int(line.split()[1])
        except OSError: pass
        print(f"server RSS: peak (VmHWM) {hwm / 1024:.0f} MB; sampled max during the run {max(rss_samples or [0]) / 1024:.0f} MB")
    sys.exit(1 if errors else 0)

if __name__ == "__main__":
    main()
