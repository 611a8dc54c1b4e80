#!/usr/bin/env bash
# The indicator dashboards on a province's data (issue 16, point 6). A release build seeds a province with
# `thidua seed-scale --communes $COMMUNES` (default 100 communes × 200 units, 2025–2029, each year and quarter: about
# 1.5 million value rows) and then, on SQLite and — when DATABASE_URL is set or PostgreSQL's server binaries are
# installed (a private cluster as .ci/run starts it) — on PostgreSQL, in the same run:
#   `thidua bench-dashboard`: in one process, the median of $RUNS calls of the commune dashboard's data
#     (IndicatorQueries.dashboard, one commune and year) and of the province overview (IndicatorQueries.provinceOverview,
#     every commune's attainment for the year), each against hand-written SQL aggregates of the same numbers; the
#     ratio app ÷ raw SQL, and whether the numbers are equal;
#   the server: /indicators (and $PAGES) fetched 20 times one at a time with curl as the secretariat of scale-001 →
#     the median time_total in ms.
# Goal (issue 16 point 6): each ratio at most 1.5; the pages within issue 13's goal of at most 15 ms one request at a
# time (docs/performance.md).
# Usage: bench/dashboard.sh                 (COMMUNES=20 for a quick run)
#   COMMUNES=100 RUNS=20 YEAR=2026   the province's size, the runs of each timing, the year
#   THIDUA_BIN=path                  run that binary instead of building
#   DATABASE_URL=postgres://…/db     an empty PostgreSQL database to use (otherwise a private cluster on PG_PORT,
#                                    default 5449, when the server binaries are there); NO_PG=1 skips PostgreSQL
#   PAGES="/indicators /indicators?year=2025"   the pages timed
set -euo pipefail
cd "$(dirname "$0")/.."
COMMUNES=${COMMUNES:-100}
RUNS=${RUNS:-20}
YEAR=${YEAR:-2026}
PAGES=${PAGES:-"/indicators /indicators?year=$YEAR"}
PG_PORT=${PG_PORT:-5449}
source .ci/lib.sh

if [[ -z ${THIDUA_BIN:-} ]]; then swift build -c release --product thidua >/dev/null; fi
BIN=${THIDUA_BIN:-.build/release/thidua}
WORK=$(mktemp -d)
PID=""
cleanup() {
  [[ -n $PID ]] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; } || true
  bench_pg_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

# A private, throw-away PostgreSQL cluster for this run (as .ci/lib.sh's pg_start, but in its own directory, so that
# it never stops a cluster another run started).
BENCH_PG=""
bench_pg_start() {
  local bin
  bin=$(pg_bin)
  BENCH_PG=$(mktemp -d /tmp/thidua-bench-pg.XXXXXX)
  chown postgres:postgres "$BENCH_PG"
  runuser -u postgres -- "$bin/initdb" -D "$BENCH_PG/data" -U postgres --auth=trust -E UTF8 --no-locale >"$BENCH_PG/initdb.log" 2>&1
  runuser -u postgres -- "$bin/pg_ctl" -D "$BENCH_PG/data" -l "$BENCH_PG/server.log" \
    -o "-p $PG_PORT -k $BENCH_PG -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    -w -t 60 start >/dev/null
  "$bin/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c 'create database thidua_bench'
}
bench_pg_stop() {
  [[ -n $BENCH_PG && -d $BENCH_PG ]] || return 0
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$BENCH_PG/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$BENCH_PG"
  BENCH_PG=""
}

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
echo "machine: $(nproc) cores, $cpu; binary $BIN; $COMMUNES communes; median of $RUNS runs; pages: median of 20"

# Median time of 20 sequential requests with the cookie, in ms.
latency() {
  for _ in $(seq 1 20); do
    curl -sS -o /dev/null -H "$COOKIE" -w '%{time_total}\n' "$BASE$1"
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", (t[10] + t[11]) / 2 * 1000 }'
}

# bench_database NAME DATA_DIR [DATABASE_URL]: seed, time the queries, serve and time the pages.
bench_database() {
  local name=$1 data=$2 url=${3:-}
  local env=(env -u DATABASE_URL LOG_LEVEL=warning THIDUA_DATA_DIR="$data")
  [[ -n $url ]] && env+=(DATABASE_URL="$url")
  echo
  echo "== $name =="
  local t0=$SECONDS
  "${env[@]}" "$BIN" seed-scale --communes "$COMMUNES" --seed 42 >"$data/seed.log" 2>&1 || { cat "$data/seed.log" >&2; return 1; }
  echo "seed-scale: $(tail -1 "$data/seed.log") (wall $((SECONDS - t0)) s)"
  "${env[@]}" "$BIN" bench-dashboard --year "$YEAR" --runs "$RUNS" --commune scale-001

  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  BASE="http://127.0.0.1:$port"
  "${env[@]}" "$BIN" serve --hostname 127.0.0.1 --port "$port" >"$data/server.log" 2>&1 &
  PID=$!
  wait_http "$BASE/healthz" 120 "$PID" >/dev/null || { cat "$data/server.log" >&2; return 1; }
  local jar=$data/cookies csrf
  csrf=$(curl -fsS -c "$jar" -b "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" --data-urlencode "username=scale-001.thidua" \
    --data-urlencode "password=ThiDua@2026" "$BASE/login"
  local session
  session=$(awk '$6 == "thidua_session" { print $7 }' "$jar")
  [[ -n $session ]] || { echo "sign-in as scale-001.thidua failed" >&2; return 1; }
  COOKIE="Cookie: thidua_session=$session"
  local path code ms
  for path in $PAGES; do
    code=$(curl -sS -o /dev/null -H "$COOKIE" -w '%{http_code}' "$BASE$path")
    if [[ $code != 200 ]]; then echo "page $path: answered $code, not 200"; continue; fi
    ms=$(latency "$path")
    echo "page $path: $ms ms one at a time ($(awk -v m="$ms" 'BEGIN { print (m <= 15 ? "goal ≤ 15 ms met" : "NOT met: > 15 ms") }'))"
  done
  kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true
  PID=""
}

mkdir -p "$WORK/sqlite"
bench_database "SQLite" "$WORK/sqlite"

if [[ -n ${NO_PG:-} ]]; then exit 0; fi
if [[ -n ${DATABASE_URL:-} ]]; then
  mkdir -p "$WORK/pg"
  bench_database "PostgreSQL ($DATABASE_URL)" "$WORK/pg" "$DATABASE_URL"
elif [[ -x $(pg_bin 2>/dev/null)/initdb ]] && [[ $(id -u) == 0 ]]; then
  bench_pg_start
  mkdir -p "$WORK/pg"
  bench_database "PostgreSQL (private cluster, port $PG_PORT)" "$WORK/pg" "postgres://postgres@127.0.0.1:$PG_PORT/thidua_bench"
else
  echo
  echo "PostgreSQL: skipped (no DATABASE_URL and no server binaries under /usr/lib/postgresql)"
fi
