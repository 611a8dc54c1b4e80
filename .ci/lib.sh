# Helpers for .ci/run (sourced, not executed). Bash, `set -euo pipefail` is the caller's.
# Everything here is idempotent: it installs only what is missing and cleans up what it started.

CI_T0=${CI_T0:-$SECONDS}

# step NAME — a banner with the time since the run started.
step() {
  local t=$((SECONDS - CI_T0))
  printf '\n== %s == (t+%dm%02ds)\n' "$*" $((t / 60)) $((t % 60))
}

die() { echo "ERROR: $*" >&2; exit 1; }

# ensure_apt_packages PKG... — apt-get update + install only when something is missing.
ensure_apt_packages() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    echo "apt: all present ($*)"
    return 0
  fi
  echo "apt: installing ${missing[*]}"
  local t=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "apt: done in $((SECONDS - t))s"
}

# ensure_venv DIR PKG... — a venv from Debian's python with the given PyPI packages importable.
# CI_PY_IMPORTS (space-separated module names) is what must import for the venv to count as ready.
ensure_venv() {
  local dir=$1; shift
  local py=/usr/bin/python3
  [[ -x $py ]] || py=$(command -v python3)
  if [[ -x $dir/bin/python ]] && "$dir/bin/python" -c "import ${CI_PY_IMPORTS// /, }" 2>/dev/null; then
    echo "venv: ready at $dir"
    return 0
  fi
  local t=$SECONDS
  rm -rf "$dir"
  "$py" -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check "$@"
  echo "venv: created at $dir in $((SECONDS - t))s"
  "$dir/bin/pip" list --disable-pip-version-check 2>/dev/null | grep -iE "^($(echo "$@" | tr ' ' '|')) " || true
}

# own_warnings LOG — print the compiler warnings in LOG that point into this repo's Sources/ or Tests/
# (absolute or relative paths), one per line, deduplicated. Warnings in .build/checkouts are ignored.
# Also catches SwiftPM's "found N file(s) which are unhandled" warning when it lists one of our files.
own_warnings() {
  local log=$1 root rootp
  root=$(pwd); rootp=$(pwd -P)
  awk -v r1="$root" -v r2="$rootp" '
    function ours(s) {
      return index(s, r1 "/Sources/") || index(s, r1 "/Tests/") ||
             index(s, r2 "/Sources/") || index(s, r2 "/Tests/") || s ~ /^(\.\/)?(Sources|Tests)\//
    }
    /warning:/ {
      if (ours($0)) { print; pending = ""; next }
      pending = ($0 ~ /unhandled/) ? $0 : ""
      next
    }
    pending != "" && ours($0) { gsub(/^[ \t]+/, ""); print pending " -> " $0; pending = ""; next }
    { if ($0 !~ /^[ \t]/) pending = "" }
  ' "$log" | sort -u
}

# --- PostgreSQL: a private, throw-away cluster on 127.0.0.1:$PG_PORT, trust auth (see shared/docs/ci-postgres.md)

PG_PORT=${PG_PORT:-5433}
PG_DIR=""

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# Stop clusters left over by an earlier, interrupted run of this script (only ours: /tmp/thidua-pg.*).
pg_stop_leftovers() {
  local d bin
  bin=$(pg_bin)
  for d in /tmp/thidua-pg.*; do
    [[ -f $d/data/postmaster.pid ]] || continue
    echo "postgres: stopping leftover cluster in $d"
    runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$d"
  done
}

pg_start() {
  local bin
  bin=$(pg_bin)
  [[ -x $bin/initdb ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  pg_stop_leftovers
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    die "something already listens on 127.0.0.1:$PG_PORT"
  fi
  PG_DIR=$(mktemp -d /tmp/thidua-pg.XXXXXX)
  chown postgres:postgres "$PG_DIR"
  runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale \
    >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log"; die "initdb failed"; }
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=3000" \
    -w -t 60 start >/dev/null || { cat "$PG_DIR/server.log"; die "pg_ctl start failed"; }
  echo "postgres: $("$bin/postgres" --version) on 127.0.0.1:$PG_PORT, data in $PG_DIR/data"
}

# pg_psql ARGS... — psql as postgres against the private cluster.
pg_psql() { "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

pg_stop() {
  [[ -n $PG_DIR && -d $PG_DIR ]] || return 0
  if [[ -f $PG_DIR/data/postmaster.pid ]]; then
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    echo "postgres: stopped"
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
}

# --- The app server

SERVER_PID=""

# wait_http URL SECONDS [PID] — poll until URL answers 2xx; fail early if PID died.
wait_http() {
  local url=$1 limit=$2 pid=${3:-} i
  for ((i = 0; i < limit; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      echo "up after ${i}s: $url"
      return 0
    fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before $url answered" >&2
      return 1
    fi
    sleep 1
  done
  echo "no answer from $url after ${limit}s" >&2
  return 1
}

server_stop() {
  [[ -n $SERVER_PID ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 10; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    echo "server: stopped (pid $SERVER_PID)"
  fi
  SERVER_PID=""
}
