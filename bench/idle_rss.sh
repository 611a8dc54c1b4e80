#!/usr/bin/env bash
# Measures the resident memory of an idle Thi Đua Số server on a fresh demo database (SQLite):
# right after start-up, and after 200 page requests by a signed-in user.
# Usage: bench/idle_rss.sh [debug|release]   (builds the configuration first)
set -euo pipefail
cd "$(dirname "$0")/.."
CONF=${1:-release}
swift build -c "$CONF" --product thidua >/dev/null
BIN=.build/$CONF/thidua
DATA=$(mktemp -d)
PORT=${PORT_BENCH:-8095}
LOG_LEVEL=warning THIDUA_DATA_DIR=$DATA "$BIN" serve --hostname 127.0.0.1 --port "$PORT" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
rss() { awk '/VmRSS|VmHWM/ {printf "%s %s kB  ", $1, $2}' "/proc/$PID/status"; echo; }
sleep 2
echo "configuration: $CONF"
echo -n "idle after start (demo loaded): "; rss
JAR=$DATA/cookies
csrf=$(curl -fsS -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$csrf" --data-urlencode "username=canbo.thidua" \
  --data-urlencode "password=ThiDua@2026" "http://127.0.0.1:$PORT/login"
start=$(date +%s.%N)
for i in $(seq 1 50); do
  for path in / /units /people /movement; do curl -fsS -o /dev/null -b "$JAR" "http://127.0.0.1:$PORT$path"; done
done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "200 signed-in page requests (sequential, curl): %.2f s, %.1f ms/request\n", e - s, (e - s) * 1000 / 200 }'
sleep 2
echo -n "idle after 200 requests:        "; rss
