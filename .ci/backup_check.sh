#!/usr/bin/env bash
# Backup round trip against the built binary, while the server keeps serving.
#
# Starts BIN on a fresh data directory (the demo loads) and uploads a known evidence file; then, while a writer keeps
# raising difficulties with an attached file through the API, runs `thidua backup` on the live data. Checks that the
# writer's posts kept succeeding during the backup, that `thidua restore` refuses the data the backup came from (not
# empty: non-zero exit, the Vietnamese and English message), and restores into a new data directory (and, on PostgreSQL,
# a second, empty database); then compares the restored rows per table (counted with sqlite3/psql) and every file's
# SHA-256 with the manifest, starts the server on the restored data and downloads the known file with the same hash.
#
# Usage: .ci/backup_check.sh BIN PORT [SOURCE_DATABASE_URL TARGET_DATABASE_URL]   (both empty databases; else SQLite)
# Environment: BACKUP_PY (python3, standard library only; default python3), BACKUP_OUT (default .ci/out/backup),
#              PSQL (psql to count PostgreSQL rows; default the newest under /usr/lib/postgresql, else psql).
# Ends with "backup: round trip OK …"; exit 1 on any difference.
set -euo pipefail

BIN=${1:?usage: backup_check.sh BIN PORT [SOURCE_DATABASE_URL TARGET_DATABASE_URL]}
PORT=${2:?usage: backup_check.sh BIN PORT [SOURCE_DATABASE_URL TARGET_DATABASE_URL]}
SRC_URL=${3:-}
DST_URL=${4:-}
[[ -n $SRC_URL && -z $DST_URL ]] && { echo "backup: a target DATABASE_URL is needed with a source one" >&2; exit 2; }
PY=${BACKUP_PY:-python3}
OUT=${BACKUP_OUT:-.ci/out/backup}
BASE=http://127.0.0.1:$PORT
CI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KIND=${SRC_URL:+PostgreSQL}
KIND=${KIND:-SQLite}
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/thidua-backup.XXXXXX)
SRC=$WORK/source
DST=$WORK/restored
ARCHIVE=$WORK/thidua-backup.tar
PID=""
WRITER=""

finish() {
  local rc=$?
  set +e
  [[ -n $WRITER ]] && kill "$WRITER" 2>/dev/null
  [[ -n $PID ]] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
  rm -rf "$WORK"
  ((rc == 0)) || echo "backup: FAILED on $KIND (logs in $OUT)" >&2
  exit "$rc"
}
trap finish EXIT

fail() { echo "backup: FAIL  $*" >&2; exit 1; }

# thidua DATA_DIR DATABASE_URL ARGS... — the binary on that data (DATABASE_URL empty: SQLite in DATA_DIR). It execs,
# so that started in the background its pid is the server's.
thidua() {
  local dir=$1 url=$2; shift 2
  (
    if [[ -n $url ]]; then export DATABASE_URL=$url; else unset DATABASE_URL; fi
    export THIDUA_DATA_DIR=$dir LOG_LEVEL=warning
    exec "$BIN" "$@"
  )
}

serve() {
  local dir=$1 url=$2 log=$3 i
  (
    if [[ -n $url ]]; then export DATABASE_URL=$url; else unset DATABASE_URL; fi
    export THIDUA_DATA_DIR=$dir LOG_LEVEL=warning
    exec "$BIN" serve --hostname 127.0.0.1 --port "$PORT"
  ) >"$log" 2>&1 &
  PID=$!
  for ((i = 0; i < 240; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$log"; fail "the server exited"; }
    sleep 0.5
  done
  cat "$log"; fail "the server did not become healthy"
}

stop() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
  ! curl -fsS -o /dev/null --max-time 2 "$BASE/healthz" 2>/dev/null || fail "something still answers on $BASE after the server stopped"
}

cat >"$OUT/client.py" <<'PY'
"""upload BASE: a known evidence file → its path and hash; download BASE PATH SHA: same bytes?; write BASE LOG STOP:
raise difficulties with a file until STOP exists, one line per answer (time, status)."""
import base64, hashlib, json, os, sys, time, urllib.parse
from thidua_client import Client, header

mode, base = sys.argv[1], sys.argv[2]
client = Client(base)
call = client.call

tok = client.token()

if mode == "upload":
    s, b, _ = call("GET", "/api/v1/units?q=" + urllib.parse.quote("Bình Thủy"), token=tok)
    items = json.loads(b)
    items = items.get("items", items) if isinstance(items, dict) else items
    unit = next(x["id"] for x in items if x["name"] == "Thôn Bình Thủy")
    data = b"%PDF-1.4\n% backup check\n" + os.urandom(300_000)
    s, b, h = call("POST", "/api/v1/reports/2026/units/%s/evidence?filename=truoc-sao-luu.pdf" % unit, token=tok, raw=data)
    assert s == 201, (s, b[:300])
    print(header(h, "location"), hashlib.sha256(data).hexdigest())
elif mode == "download":
    s, b, _ = call("GET", sys.argv[3], token=tok)
    ok = s == 200 and hashlib.sha256(b).hexdigest() == sys.argv[4]
    print("download %s: HTTP %s, %s" % (sys.argv[3], s, "same SHA-256" if ok else "DIFFERENT"))
    sys.exit(0 if ok else 1)
elif mode == "write":
    log, stop = open(sys.argv[3], "a", buffering=1), sys.argv[4]
    n = 0
    while not os.path.exists(stop):
        n += 1
        att = b"%PDF-1.4\n% " + str(n).encode() + b"\n" + os.urandom(20_000)
        s, b, _ = call("POST", "/api/v1/difficulties", {"title": "Trong khi sao lưu %d" % n, "content": "Máy chủ vẫn nhận ghi",
                       "attachment": {"filename": "a.pdf", "contentBase64": base64.b64encode(att).decode()}}, tok)
        log.write("%.3f %d\n" % (time.time(), s))
PY

T0=$SECONDS
echo "backup: $KIND, server on $BASE"
serve "$SRC" "$SRC_URL" "$OUT/server-source.log"
read -r FILE_PATH FILE_SHA < <(PYTHONPATH="$CI_DIR" "$PY" "$OUT/client.py" upload "$BASE")
echo "backup: uploaded $FILE_PATH ($FILE_SHA)"

# The backup, with a writer posting all along.
: >"$OUT/writes.log"
PYTHONPATH="$CI_DIR" "$PY" "$OUT/client.py" write "$BASE" "$OUT/writes.log" "$WORK/stop" &
WRITER=$!
sleep 1
B0=$(date +%s.%N)
thidua "$SRC" "$SRC_URL" backup "$ARCHIVE" | tee "$OUT/backup.txt"
B1=$(date +%s.%N)
sleep 0.5
touch "$WORK/stop"
wait "$WRITER" || fail "the writer failed"
WRITER=""
read -r DURING BAD < <(awk -v a="$B0" -v b="$B1" '$1 >= a && $1 <= b && $2 == 201 { n++ } $2 != 201 { bad++ } END { print n + 0, bad + 0 }' "$OUT/writes.log")
echo "backup: $(wc -l <"$OUT/writes.log") posts by the writer, $DURING answered 201 while the backup ran ($(awk -v a="$B0" -v b="$B1" 'BEGIN { printf "%.2f", b - a }') s), $BAD not 201"
((BAD == 0)) || fail "$BAD writes failed during the backup"
((DURING > 0)) || fail "no write was answered while the backup ran"
tar -tf "$ARCHIVE" >"$OUT/archive-list.txt" || fail "the archive is not a tar that tar reads"
[[ $(head -1 "$OUT/archive-list.txt") == manifest.json ]] || fail "manifest.json is not the archive's first entry"
tar -xOf "$ARCHIVE" manifest.json >"$OUT/manifest.json"

# Restoring over the data the backup came from is refused.
if thidua "$SRC" "$SRC_URL" restore "$ARCHIVE" >"$OUT/restore-refused.txt" 2>&1; then
  fail "restore into the non-empty source succeeded"
fi
grep -q "không ghi đè" "$OUT/restore-refused.txt" && grep -q "never over" "$OUT/restore-refused.txt" \
  || { cat "$OUT/restore-refused.txt"; fail "the refusal does not say why in Vietnamese and English"; }
echo "backup: restore into the non-empty source refused (exit non-zero): $(grep -m1 -o 'The target[^:]*' "$OUT/restore-refused.txt")"
stop

# Restore into a new data directory (and an empty database).
thidua "$DST" "$DST_URL" restore "$ARCHIVE" | tee "$OUT/restore.txt"

# Rows per table, counted by the database's own client, and every file's hash, against the manifest.
if [[ -n $DST_URL ]]; then
  PSQL=${PSQL:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql}
  [[ -x $PSQL ]] || PSQL=psql
  "$PSQL" -X -At -v ON_ERROR_STOP=1 "$DST_URL" -c "SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1" |
    while read -r t; do echo "$t $("$PSQL" -X -At "$DST_URL" -c "SELECT count(*) FROM \"$t\"")"; done >"$OUT/restored-counts.txt"
else
  "$PY" - "$DST/thidua.sqlite" >"$OUT/restored-counts.txt" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"):
    print(t, db.execute('SELECT count(*) FROM "%s"' % t.replace('"', '""')).fetchone()[0])
PY
fi
"$PY" - "$OUT/manifest.json" "$OUT/restored-counts.txt" "$DST/files" "$FILE_SHA" <<'PY' || fail "the restored data differs from the manifest"
import hashlib, json, os, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
counts = dict((l.split()[0], int(l.split()[1])) for l in open(sys.argv[2]) if l.strip())
bad = ["%s: manifest %s, restored %s" % (t, m["tables"].get(t), counts.get(t))
       for t in sorted(set(m["tables"]) | set(counts)) if m["tables"].get(t) != counts.get(t)]
for f in m["files"]:
    p = os.path.join(sys.argv[3], f["sha256"][:2], f["sha256"][2:4], f["sha256"])
    if not os.path.exists(p) or hashlib.sha256(open(p, "rb").read()).hexdigest() != f["sha256"]:
        bad.append("file " + f["sha256"])
if sys.argv[4] not in {f["sha256"] for f in m["files"]}:
    bad.append("the file uploaded before the backup is not in the manifest")
for b in bad[:20]: print("  DIFF  " + b)
rows = sum(m["tables"].values())
print("backup: restored %d tables, %d rows and %d files, each the same as in the manifest (last migration %s)"
      % (len(counts), rows, len(m["files"]), m["lastMigration"]))
sys.exit(1 if bad else 0)
PY

if [[ -f $SRC/installation.secret ]]; then
  cmp -s "$SRC/installation.secret" "$DST/installation.secret" || fail "installation.secret was not restored"
  echo "backup: installation.secret restored"
fi

# The server on the restored data serves the file uploaded before the backup, with the same bytes.
serve "$DST" "$DST_URL" "$OUT/server-restored.log"
PYTHONPATH="$CI_DIR" "$PY" "$OUT/client.py" download "$BASE" "$FILE_PATH" "$FILE_SHA" || fail "the restored server does not serve the file"
stop
echo "backup: round trip OK on $KIND in $((SECONDS - T0))s ($(stat -c %s "$ARCHIVE") bytes)"
