#!/usr/bin/env bash
# Peak-week load test: a release build of the server on a fresh SQLite data directory (demo loaded), then
# bench/report_submissions.py: 1,000 annual-report submissions, 100 at a time, each with a 1 MB evidence file
# (sent as it is; pass --base64 after the two numbers to send it as base64 in JSON).
# Prints errors, p50/p90/p99 latency per call and per submission, the server's peak RSS, and from /metrics the
# timed part's waits for SQLite's write lock and for a pooled connection (count, mean, p50/p99 by histogram bucket).
# Usage: bench/report_submissions.sh [N] [CONCURRENCY] [--base64]      (defaults 1000 100; builds -c release first)
# Goal (issue 13 item 3): 0 errors, p99 of the whole three-call submission under 1 s, server peak RSS under 150 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
C=${2:-100}
# THIDUA_BIN=path runs that binary instead (to compare two builds one after the other on this noisy machine).
if [[ -z ${THIDUA_BIN:-} ]]; then swift build -c release --product thidua >/dev/null; fi
BIN=${THIDUA_BIN:-.build/release/thidua}
DATA=$(mktemp -d)
PORT=${PORT_BENCH:-8096}
# /metrics is read after the run: the write-lock and connection waits of the timed part (the setup's are subtracted).
TOKEN=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
LOG_LEVEL=warning THIDUA_METRICS_TOKEN=$TOKEN THIDUA_DATA_DIR=$DATA "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
echo "server: release build, SQLite in $DATA, pid $PID, $(nproc) cores"
scrape() { curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/metrics" >"$1" || : >"$1"; }
# The load generator's "setup:" line ends the setup: /metrics is read then, and again after the timed part.
python3 -u bench/report_submissions.py "http://127.0.0.1:$PORT" --n "$N" --concurrency "$C" --mb 1 --pid "$PID" "${@:3}" |
  while IFS= read -r line; do
    echo "$line"
    if [[ $line == setup:* ]]; then scrape "$DATA/metrics.before"; fi
  done
scrape "$DATA/metrics.after"
python3 - "$DATA/metrics.before" "$DATA/metrics.after" <<'PY'
import re, sys
def read(path):
    """{(name, labels): value} of a Prometheus text exposition."""
    out = {}
    for line in open(path):
        m = re.match(r'^([a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+|\+Inf|NaN)$', line.strip())
        if m: out[(m.group(1), m.group(2) or "")] = float(m.group(3))
    return out
before, after = read(sys.argv[1]), read(sys.argv[2])
if not after: sys.exit(print("/metrics: not read"))
def delta(key): return after.get(key, 0) - before.get(key, 0)
print(f"{'from /metrics (timed part)':<36}{'n':>8}{'mean ms':>10}{'p50 ≤ ms':>10}{'p99 ≤ ms':>10}")
for family, label in (("thidua_db_write_lock_wait_seconds", "write-lock wait"), ("thidua_db_connection_wait_seconds", "connection wait")):
    n, total = delta((family + "_count", "")), delta((family + "_sum", ""))
    buckets = sorted((float("inf") if le == "+Inf" else float(le), delta(key)) for key in after if key[0] == family + "_bucket"
                     for le in re.findall(r'le="([^"]+)"', key[1]))
    def q(p): return next((le for le, c in buckets if c >= p * n), float("nan")) * 1000
    print(f"{label:<36}{n:>8.0f}{(total / n * 1000 if n else 0):>10.1f}{q(.5):>10.0f}{q(.99):>10.0f}")
PY
echo "evidence stored: $(du -sh "$DATA/files" 2>/dev/null | cut -f1)"
