#!/usr/bin/env bash
# Bulk import: a release build, PEOPLE people and UNITS units in the import format (bench/import_files.py), imported
#   1. with the command (`thidua import units|people FILE --commune nghia-trung`) on a fresh demo data directory, and
#   2. through the page, with curl signed in as the administrator (`admin`), into a server on another fresh one;
# and, in the same run, `sqlite3 .import` of the very same files into a scratch table. Prints the wall times, the
# ratio to sqlite3, the command's peak RSS and the server's peak RSS (/proc/PID/status VmHWM). It also prints the CPU
# seconds (user + system) of each, and their ratio: on a machine shared with other work the wall times move with the
# load, the CPU seconds much less.
# Usage: bench/import.sh [PEOPLE] [UNITS]            (defaults 100000 10000; builds -c release first)
# Goal (issue 13, item 4): at most 5x sqlite3 .import, RSS under 150 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-100000}
UNITS=${2:-10000}
if [[ -z ${THIDUA_BIN:-} ]]; then swift build -c release --product thidua >/dev/null; fi
BIN=$(realpath "${THIDUA_BIN:-.build/release/thidua}")
WORK=$(mktemp -d)
PORT=${PORT_BENCH:-8097}
PID=
trap '[[ -n $PID ]] && { kill $PID 2>/dev/null; wait $PID 2>/dev/null; }; rm -rf "$WORK"' EXIT

python3 bench/import_files.py "$WORK" "$UNITS" "$PEOPLE"
echo "files: units.csv $UNITS rows $(du -h "$WORK/units.csv" | cut -f1), people.csv $PEOPLE rows $(du -h "$WORK/people.csv" | cut -f1); $(nproc) cores; $(sqlite3 --version | cut -d' ' -f1-2)"

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.3f}')"; }

# --- sqlite3 .import of the same files into scratch tables (the baseline) ---
sqlite_import() {  # file table -> "seconds cpuSeconds"
  local t0 t1
  t0=$(now)
  /usr/bin/time -o "$WORK/time-sqlite-$2.log" -f "%U %S" sqlite3 "$WORK/scratch.sqlite" ".import --csv --skip 1 $1 $2"
  t1=$(now)
  echo "$(secs "$t0" "$t1") $(cpu "$WORK/time-sqlite-$2.log")"
}
cpu() { python3 -c "u, s = open('$1').read().split()[-2:]; print(f'{float(u) + float(s):.3f}')"; }
proc_cpu() {  # pid -> CPU seconds so far (utime + stime)
  python3 -c "import os; f = open('/proc/$1/stat').read().rsplit(')', 1)[1].split(); print((int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK'))"
}
sqlite3 "$WORK/scratch.sqlite" "CREATE TABLE units_raw (code, name, kind, grp, village, head, head_title, phone, email, address);
                                 CREATE TABLE people_raw (full_name, title, unit, phone, email, birth);"
read -r S_UNITS S_UNITS_CPU <<<"$(sqlite_import "$WORK/units.csv" units_raw)"
read -r S_PEOPLE S_PEOPLE_CPU <<<"$(sqlite_import "$WORK/people.csv" people_raw)"
echo "sqlite3 .import: units $S_UNITS s (CPU $S_UNITS_CPU s), people $S_PEOPLE s (CPU $S_PEOPLE_CPU s) ($(sqlite3 "$WORK/scratch.sqlite" 'select count(*) from people_raw') rows)"

# --- the command ---
CMD_DATA="$WORK/cmd"
mkdir -p "$CMD_DATA"
LOG_LEVEL=warning THIDUA_DATA_DIR=$CMD_DATA "$BIN" seed-demo >/dev/null
command_import() {  # what file -> "seconds peakKB cpuSeconds"
  local t0 t1 rss
  t0=$(now)
  LOG_LEVEL=warning THIDUA_DATA_DIR=$CMD_DATA /usr/bin/time -o "$WORK/time-$1.log" -f "%M %U %S" "$BIN" import "$1" "$2" --commune nghia-trung >"$WORK/cmd-$1.log" 2>&1 || true
  t1=$(now)
  rss=$(tail -1 "$WORK/time-$1.log" | cut -d' ' -f1)
  grep -q "Imported" "$WORK/cmd-$1.log" || { echo "command import of $1 failed:"; head -20 "$WORK/cmd-$1.log" "$WORK/time-$1.log"; exit 1; }
  echo "$(secs "$t0" "$t1") $rss $(cpu "$WORK/time-$1.log")"
}
read -r C_UNITS C_UNITS_RSS C_UNITS_CPU <<<"$(command_import units "$WORK/units.csv")"
read -r C_PEOPLE C_PEOPLE_RSS C_PEOPLE_CPU <<<"$(command_import people "$WORK/people.csv")"
COUNT=$(sqlite3 "$CMD_DATA/thidua.sqlite" "select count(*) from people")
echo "command: units $C_UNITS s (CPU $C_UNITS_CPU s, peak RSS $((C_UNITS_RSS / 1024)) MB), people $C_PEOPLE s (CPU $C_PEOPLE_CPU s, peak RSS $((C_PEOPLE_RSS / 1024)) MB), whole process (start, migrate check, read, check, write)"
echo "command, the import alone (as it prints it): units $(grep -o '[0-9.]* s)' "$WORK/cmd-units.log" | tr -d ')'), people $(grep -o '[0-9.]* s)' "$WORK/cmd-people.log" | tr -d ')')"

# --- the page, through a release server ---
SRV_DATA="$WORK/srv"
mkdir -p "$SRV_DATA"
LOG_LEVEL=warning THIDUA_DATA_DIR=$SRV_DATA "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT"
JAR="$WORK/cookies"
token() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
T=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/login" | token)
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$T" --data-urlencode "username=admin" --data-urlencode "password=ThiDua@2026" "$BASE/login"
RSS_IDLE=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
page_import() {  # path file -> "seconds serverCpuSeconds"
  local csrf t0 t1 code c0 c1
  csrf=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE$1" | token)
  c0=$(proc_cpu "$PID")
  t0=$(now)
  code=$(curl -sS -o "$WORK/page.html" -w "%{http_code}" -c "$JAR" -b "$JAR" -F "_csrf=$csrf" -F "file=@$2;type=text/csv" "$BASE$1")
  t1=$(now)
  c1=$(proc_cpu "$PID")
  [[ $code == 303 ]] || { echo "page import of $2 answered $code:"; sed 's/<[^>]*>/ /g' "$WORK/page.html" | tr -s ' \n' | head -c 1500; echo; exit 1; }
  echo "$(secs "$t0" "$t1") $(secs "$c0" "$c1")"
}
read -r P_UNITS P_UNITS_CPU <<<"$(page_import /units/import "$WORK/units.csv")"
read -r P_PEOPLE P_PEOPLE_CPU <<<"$(page_import /people/import "$WORK/people.csv")"
HWM=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$PID/status")
RSS_AFTER=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status")
echo "page (curl upload + import, one request each): units $P_UNITS s (server CPU $P_UNITS_CPU s), people $P_PEOPLE s (server CPU $P_PEOPLE_CPU s); server RSS idle $RSS_IDLE MB, peak (VmHWM) $HWM MB, after $RSS_AFTER MB"

ratio() { python3 -c "print(f'{$1 / max($2, 0.001):.1f}x')"; }
echo
echo "people ($PEOPLE rows): command $(ratio "$C_PEOPLE" "$S_PEOPLE"), page $(ratio "$P_PEOPLE" "$S_PEOPLE") of sqlite3 .import (goal <= 5x)"
echo "units ($UNITS rows): command $(ratio "$C_UNITS" "$S_UNITS"), page $(ratio "$P_UNITS" "$S_UNITS") of sqlite3 .import"
echo "CPU seconds against sqlite3 .import's: people command $(ratio "$C_PEOPLE_CPU" "$S_PEOPLE_CPU"), page $(ratio "$P_PEOPLE_CPU" "$S_PEOPLE_CPU"); units command $(ratio "$C_UNITS_CPU" "$S_UNITS_CPU"), page $(ratio "$P_UNITS_CPU" "$S_UNITS_CPU")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "peak RSS: server $HWM MB, command $((C_PEOPLE_RSS / 1024)) MB (goal < 150 MB)"
echo "people in the command's database after the import: $COUNT (demo + $PEOPLE)"
