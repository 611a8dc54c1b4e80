#!/usr/bin/env bash
# Durability check: every write the server acknowledged survives a kill -9 of the server.
#
# Starts BIN on a fresh data directory (the demo loads), runs writers that stream writes through the JSON API — evidence
# files uploaded to annual reports, the reports saved, difficulties raised with an attached file — and records every
# write that got its success answer (id and SHA-256 of the file), kills the server with SIGKILL while the writers are
# still sending, starts it again on the same data, and checks that every acknowledged write is there: each file is
# downloaded and its hash compared, each report holds its last acknowledged text (or the one in flight at the kill).
#
# Usage: .ci/durability_check.sh BIN PORT [DATABASE_URL]    e.g. .ci/durability_check.sh .build/debug/thidua 8093
#        With DATABASE_URL (an empty database) the server runs on PostgreSQL, else on SQLite in the data directory.
# Environment: DURABILITY_PY (python3 with the standard library; default python3), DURABILITY_MIN_ACKS (writes
#              acknowledged before the kill, default 150), DURABILITY_OUT (logs, default .ci/out/durability).
# Ends with "durability: N acknowledged writes … all present after kill -9"; exit 1 on any loss.
set -euo pipefail

BIN=${1:?usage: durability_check.sh BIN PORT [DATABASE_URL]}
PORT=${2:?usage: durability_check.sh BIN PORT [DATABASE_URL]}
DB_URL=${3:-}
PY=${DURABILITY_PY:-python3}
MIN_ACKS=${DURABILITY_MIN_ACKS:-150}
OUT=${DURABILITY_OUT:-.ci/out/durability}
BASE=http://127.0.0.1:$PORT
CI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/thidua-durability.XXXXXX)
PID=""
WRITER=""

finish() {
  local rc=$?
  set +e
  [[ -n $WRITER ]] && kill "$WRITER" 2>/dev/null
  [[ -n $PID ]] && kill -9 "$PID" 2>/dev/null
  rm -rf "$DATA"
  exit "$rc"
}
trap finish EXIT

start() {
  local log=$1 i
  if [[ -n $DB_URL ]]; then
    DATABASE_URL=$DB_URL THIDUA_DATA_DIR=$DATA LOG_LEVEL=warning "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >>"$log" 2>&1 &
  else
    THIDUA_DATA_DIR=$DATA LOG_LEVEL=warning "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >>"$log" 2>&1 &
  fi
  PID=$!
  disown "$PID"   # killed on purpose below: no "Killed" notice from the shell
  for ((i = 0; i < 120; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$log"; echo "durability: the server exited" >&2; return 1; }
    sleep 0.5
  done
  cat "$log"; echo "durability: the server did not become healthy" >&2; return 1
}

# The writers and the check, in Python's standard library (written next to the logs).
cat >"$OUT/stream.py" <<'PY'
"""write BASE LOG: stream writes and record the acknowledged ones; verify BASE LOG: check every one is there."""
import base64, hashlib, json, os, sys, threading, time, urllib.parse
from thidua_client import Client

mode, base, log_path = sys.argv[1], sys.argv[2], sys.argv[3]
client = Client(base)
call, token = client.call, client.token

def pdf(tag, size):
    head = ("%%PDF-1.4\n%% %s\n" % tag).encode()
    return head + os.urandom(max(0, size - len(head)))

if mode == "write":
    tok = token()
    stamp = int(time.time()) % 100000
    units = []
    for i in range(6):
        s, b, _ = call("POST", "/api/v1/units", {"code": "D%05d-%d" % (stamp, i), "name": "Đơn vị thử độ bền %d" % i, "kind": "business"}, tok)
        assert s == 201, (s, b[:300])
        uid = json.loads(b)["id"]
        reg = "/api/v1/registrations/2026/units/" + uid
        s, b, _ = call("PUT", reg, {"focus": "Thử độ bền", "targets": [{"name": "Chỉ tiêu", "unitOfMeasure": "%", "targetValue": 50}], "products": []}, tok)
        assert s == 201, (s, b[:300])
        for action in ("submit", "accept"):
            s, b, _ = call("POST", reg + "/" + action, None, tok)
            assert s == 200, (action, s, b[:300])
        units.append(uid)
    log = open(log_path, "a", buffering=1)
    lock = threading.Lock()
    def record(**kw):
        with lock:
            log.write(json.dumps(kw) + "\n")
    def writer(w, uid):
        rep = "/api/v1/reports/2026/units/" + uid
        n = 0
        while True:
            n += 1
            try:
                data = pdf("%s-%d" % (uid, n), 20_000 + (n * 7919) % 180_000)
                q = urllib.parse.urlencode({"filename": "minh-chung-%d.pdf" % n, "title": "Minh chứng %d" % n})
                s, b, h = call("POST", rep + "/evidence?" + q, raw=data, token=tok)
                if s == 201:
                    record(kind="evidence", path={k.lower(): v for k, v in h}["location"], sha256=hashlib.sha256(data).hexdigest())
                marker = "Kết quả lần %d của người viết %d" % (n, w)
                record(kind="save-sent", unit=uid, marker=marker)
                s, b, _ = call("PUT", rep, {"results": marker}, tok)
                if s in (200, 201):
                    record(kind="save", unit=uid, marker=marker)
                if n % 2 == 0:
                    att = pdf("diff-%s-%d" % (uid, n), 30_000)
                    s, b, _ = call("POST", "/api/v1/difficulties", {"title": "Vướng mắc %d/%d" % (w, n), "content": "Cần hướng dẫn",
                                   "attachment": {"filename": "dinh-kem.pdf", "contentBase64": base64.b64encode(att).decode()}}, tok)
                    if s == 201:
                        d = json.loads(b)
                        record(kind="difficulty", id=d["id"], evidence=d["attachments"][0]["id"], sha256=hashlib.sha256(att).hexdigest())
            except (OSError, http.client.HTTPException):
                return   # the server is gone: this writer stops
    threads = [threading.Thread(target=writer, args=(w, uid), daemon=True) for w, uid in enumerate(units)]
    print("writers: %d units set up, writing" % len(units), flush=True)
    for t in threads: t.start()
    for t in threads: t.join(timeout=120)
    sys.exit(0)

# verify
recs = [json.loads(line) for line in open(log_path, encoding="utf-8") if line.strip()]
tok = token()
# Difficulty files are downloaded through the page (the API lists them): sign in as a browser.
client.sign_in_browser()
assert "thidua_session" in client.cookies, "web sign-in: no session cookie"

lost, checked = [], {"evidence": 0, "difficulty": 0, "save": 0}
last_save, sent_after = {}, {}
for r in recs:
    if r["kind"] == "save-sent":
        sent_after.setdefault(r["unit"], []).append(r["marker"])
    elif r["kind"] == "save":
        last_save[r["unit"]] = r["marker"]
        sent_after[r["unit"]] = []
for r in recs:
    if r["kind"] == "evidence":
        s, b, _ = call("GET", r["path"], token=tok)
        checked["evidence"] += 1
        if s != 200 or hashlib.sha256(b).hexdigest() != r["sha256"]:
            lost.append("evidence %s: HTTP %s" % (r["path"], s))
    elif r["kind"] == "difficulty":
        checked["difficulty"] += 1
        s, b, _ = call("GET", "/api/v1/difficulties/" + r["id"], token=tok)
        if s != 200:
            lost.append("difficulty %s: HTTP %s" % (r["id"], s)); continue
        s, b, _ = call("GET", "/difficulties/%s/files/%s" % (r["id"], r["evidence"]))
        if s != 200 or hashlib.sha256(b).hexdigest() != r["sha256"]:
            lost.append("difficulty file %s: HTTP %s" % (r["id"], s))
for uid, marker in last_save.items():
    checked["save"] += 1
    s, b, _ = call("GET", "/api/v1/reports/2026/units/" + uid, token=tok)
    results = json.loads(b).get("results") if s == 200 else None
    if results != marker and results not in sent_after.get(uid, []):
        lost.append("report of %s: %r, acknowledged %r" % (uid, results, marker))
acks = sum(1 for r in recs if r["kind"] in ("evidence", "difficulty", "save"))
print("verified: %d evidence files, %d difficulties with their file, %d reports' last saved text (of %d acknowledged writes)"
      % (checked["evidence"], checked["difficulty"], checked["save"], acks))
for line in lost[:20]: print("  LOST  " + line)
sys.exit(1 if lost else 0)
PY

T0=$SECONDS
LOG=$OUT/server.log
: >"$LOG"
ACKS=$OUT/acknowledged.jsonl
: >"$ACKS"
start "$LOG"
KIND=${DB_URL:+PostgreSQL}
echo "durability: server pid $PID on ${KIND:-SQLite} up after $((SECONDS - T0))s"
PYTHONPATH="$CI_DIR" "$PY" "$OUT/stream.py" write "$BASE" "$ACKS" &
WRITER=$!
acked() { grep -cE '"kind": "(evidence|difficulty|save)"' "$ACKS" || true; }
for ((i = 0; i < 600; i++)); do
  (($(acked) >= MIN_ACKS)) && break
  kill -0 "$WRITER" 2>/dev/null || { echo "durability: the writers stopped early" >&2; exit 1; }
  sleep 0.1
done
(($(acked) >= MIN_ACKS)) || { echo "durability: only $(acked) writes acknowledged in 60 s" >&2; exit 1; }
kill -9 "$PID"
KILLED_AT=$(acked)
while kill -0 "$PID" 2>/dev/null; do sleep 0.1; done
PID=""
wait "$WRITER" || true
WRITER=""
echo "durability: kill -9 after $KILLED_AT acknowledged writes ($(acked) recorded in all, writers were still sending)"
echo "--- restart ---" >>"$LOG"
start "$LOG"
echo "durability: restarted on the same data"
if PYTHONPATH="$CI_DIR" "$PY" "$OUT/stream.py" verify "$BASE" "$ACKS"; then
  kill "$PID"
  while kill -0 "$PID" 2>/dev/null; do sleep 0.1; done
  PID=""
  echo "durability: $(acked) acknowledged writes, all present after kill -9 ($((SECONDS - T0))s)"
else
  echo "durability: FAILED — an acknowledged write was lost (log: $ACKS)" >&2
  exit 1
fi
