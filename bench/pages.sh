#!/usr/bin/env bash
# Page throughput of a signed-in user: a release build of the server on a fresh SQLite data directory (demo loaded),
# signed in as the secretariat (canbo.thidua), then for /healthz and every list page:
#   wrk -t2 -c32 -d5s with the session cookie  → requests per second, and that as a share of /healthz's in the same run;
#   20 requests one at a time with curl           → the median time_total in ms.
# Goal (issue 13 item 1): every page at least 0.2 of /healthz and at most 15 ms one request at a time.
# Usage: bench/pages.sh [DURATION]        (default 5s; builds -c release first)
#   THIDUA_BIN=path   run that binary instead of building (to compare two builds in one sitting)
#   PAGES="/ /units"  bench only these pages (still after /healthz)
#   PORT_BENCH=8097   the port (default: a free one)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5s}
YEAR=2026
DEFAULT_PAGES="/ /units /people /initiatives /achievements /board /inbox /registrations /scoring/$YEAR
/commendations?year=$YEAR /commendations/register /commendations/titles /difficulties /movement /movement/council /audit"
PAGES=${PAGES:-$DEFAULT_PAGES}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [[ -z ${THIDUA_BIN:-} ]]; then swift build -c release --product thidua >/dev/null; fi
BIN=${THIDUA_BIN:-.build/release/thidua}
DATA=$(mktemp -d)
PORT=${PORT_BENCH:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT"
LOG_LEVEL=warning THIDUA_DATA_DIR=$DATA "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$BASE/healthz" >/dev/null || { echo "the server did not start:" >&2; cat "$DATA/server.log" >&2; exit 1; }

# Sign in as the secretariat (the demo's password is in README.md).
JAR=$DATA/cookies
csrf=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$csrf" --data-urlencode "username=canbo.thidua" \
  --data-urlencode "password=ThiDua@2026" "$BASE/login"
SESSION=$(awk '$6 == "thidua_session" { print $7 }' "$JAR")
[[ -n $SESSION ]] || { echo "sign-in failed" >&2; exit 1; }
COOKIE="Cookie: thidua_session=$SESSION"

# The server's CPU time so far (user + system), in clock ticks.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
TICK=$(getconf CLK_TCK)
CPU_FILE=$DATA/cpu

# wrk's requests per second for a path (non-2xx answers are counted and shown); the server's CPU ms per request of
# that run goes to $CPU_FILE (it moves far less than req/s when other work shares the machine).
throughput() {
  local out before after
  before=$(server_ticks)
  out=$(wrk -t2 -c32 -d"$DURATION" -H "$COOKIE" "$BASE$1" 2>&1)
  after=$(server_ticks)
  awk -v a="$before" -v b="$after" -v t="$TICK" -v n="$(awk '/requests in/ { print $1 }' <<<"$out")" \
    'BEGIN { printf "%.2f", (n > 0 ? (b - a) / t * 1000 / n : 0) }' >"$CPU_FILE"
  local bad
  bad=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")
  [[ -z $bad ]] || echo "  $1: $bad answers were not 2xx" >&2
  awk '/Requests\/sec:/ { print $2 }' <<<"$out"
}

# Median time of 20 sequential requests, in ms.
latency() {
  for _ in $(seq 1 20); do
    curl -sS -o /dev/null -H "$COOKIE" -w '%{time_total}\n' "$BASE$1"
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", (t[10] + t[11]) / 2 * 1000 }'
}

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
echo "machine: $(nproc) cores, $cpu; release build, SQLite, demo data; wrk -t2 -c32 -d$DURATION; latency = median of 20"
for path in $PAGES; do
  code=$(curl -sS -o /dev/null -H "$COOKIE" -w '%{http_code}' "$BASE$path")
  [[ $code == 200 ]] || { echo "$path answered $code, not 200" >&2; exit 1; }
done

healthz=$(throughput /healthz)
healthz_ms=$(latency /healthz)
healthz_cpu=$(cat "$CPU_FILE")
printf '%-28s %10s %8s %9s %9s  %s\n' route "req/s" "of /hz" "1-at-a-time" "CPU/req" goal
printf '%-28s %10s %8s %8sms %7sms  %s\n' /healthz "$healthz" 1 "$healthz_ms" "$healthz_cpu" "—"
met=0
total=0
for path in $PAGES; do
  rps=$(throughput "$path")
  cpu=$(cat "$CPU_FILE")
  ms=$(latency "$path")
  ratio=$(awk -v r="$rps" -v h="$healthz" 'BEGIN { printf "%.3f", r / h }')
  verdict=$(awk -v q="$ratio" -v m="$ms" 'BEGIN {
    if (q >= 0.2 && m <= 15) print "met";
    else { s = "NOT met:"; if (q < 0.2) s = s " ratio " q " < 0.2"; if (m > 15) s = s " " m " ms > 15 ms"; print s } }')
  [[ $verdict == met ]] && met=$((met + 1))
  total=$((total + 1))
  printf '%-28s %10s %8s %8sms %7sms  %s\n' "$path" "$rps" "$ratio" "$ms" "$cpu" "$verdict"
done
echo "goal (≥ 0.2 of /healthz and ≤ 15 ms) met by $met of $total pages"
