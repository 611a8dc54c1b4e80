#!/usr/bin/env bash
# API check against the running server (fresh demo database): the served OpenAPI document is valid, a few
# hand-written curl assertions hold, and Schemathesis finds no difference between the document and the server.
#
# Usage: .ci/api_check.sh BASE_URL VENV_DIR      e.g. .ci/api_check.sh http://127.0.0.1:8089 .ci/.venv
# Installs nothing: VENV_DIR must already hold openapi-spec-validator and schemathesis (see .ci/lib.sh).
# Writes its files to $API_CHECK_OUT (default .ci/out/api). Ends with "api: N passed, M failed"; exit 1 on any failure.
# Environment: API_SEED (Schemathesis seed, default fixed; "random" for a new one each run),
#              API_MAX_EXAMPLES (default 40), API_FUZZ_TIMEOUT (seconds for the main run, default 360;
#              the POST /sessions run has 90 s more at most), API_PHASES (Schemathesis phases, default
#              examples,coverage,fuzzing,stateful; the POST /sessions run takes the same without stateful).
set -euo pipefail

BASE=${1:?usage: api_check.sh BASE_URL VENV_DIR}
VENV=${2:?usage: api_check.sh BASE_URL VENV_DIR}
BASE=${BASE%/}
OUT=${API_CHECK_OUT:-.ci/out/api}
SEED=${API_SEED:-20261125}
MAX_EXAMPLES=${API_MAX_EXAMPLES:-40}
FUZZ_TIMEOUT=${API_FUZZ_TIMEOUT:-360}
PHASES=${API_PHASES:-examples,coverage,fuzzing,stateful}
SESSION_PHASES=$(tr ',' '\n' <<<"$PHASES" | grep -vx stateful | paste -sd, -)
PASSWORD='ThiDua@2026'            # the demo accounts' password (DemoSeeder)

[[ -d $VENV ]] || { echo "api: venv $VENV not found" >&2; exit 2; }
VENV=$(cd "$VENV" && pwd)
PY=$VENV/bin/python
ST=$VENV/bin/schemathesis
[[ -x $PY ]] || { echo "api: $PY not found" >&2; exit 2; }
[[ -x $ST ]] || { echo "api: $ST not found (add schemathesis to the venv)" >&2; exit 2; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "  ok    $*"; }
fail() { FAILED=$((FAILED + 1)); echo "  FAIL  $*"; }

# req METHOD PATH [curl args...] — one request; the status goes to stdout, the body to $OUT/body,
# the headers to $OUT/headers. Status 000 when the server did not answer.
req() {
  local method=$1 path=$2; shift 2
  : >"$OUT/body"; : >"$OUT/headers"
  curl -sS -o "$OUT/body" -D "$OUT/headers" -w '%{http_code}' --max-time 20 -X "$method" "$@" "$BASE$path" 2>"$OUT/curl.err" || true
}

# header NAME — the value of a response header of the last request (case-insensitive name), or nothing.
header() {
  awk -v name="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" '
    { line = $0; sub(/\r$/, "", line); i = index(line, ":") }
    i > 0 && tolower(substr(line, 1, i - 1)) == name { v = substr(line, i + 1); sub(/^[ \t]+/, "", v); print v; exit }
  ' "$OUT/headers"
}

# json EXPR — evaluate a Python expression on the last body parsed as JSON (as `d`); prints the result,
# or nothing (exit 1) when the body is not JSON or the expression fails.
json() {
  "$PY" - "$OUT/body" "$1" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        d = json.load(f)
    v = eval(sys.argv[2], {"d": d})
except Exception:
    sys.exit(1)
print("" if v is None else v)
PY
}

# expect LABEL WANT_STATUS GOT_STATUS [ERROR_CODE] — checks the status and, for errors, the JSON error body.
expect() {
  local label=$1 want=$2 got=$3 code=${4:-}
  if [[ $got != "$want" ]]; then
    fail "$label: HTTP $got, expected $want — $(head -c 300 "$OUT/body" 2>/dev/null)"
    return 1
  fi
  if [[ -n $code ]]; then
    local ctype
    ctype=$(header content-type)
    if [[ $ctype != application/json* ]]; then
      fail "$label: Content-Type '$ctype', expected application/json"
      return 1
    fi
    local actual
    actual=$(json 'd["error"]["code"] if isinstance(d["error"]["message"], str) and isinstance(d["error"]["fields"], dict) else None' || true)
    if [[ $actual != "$code" ]]; then
      fail "$label: error.code '$actual', expected '$code' — $(head -c 300 "$OUT/body")"
      return 1
    fi
  fi
  pass "$label ($got${code:+ $code})"
}

login() {
  local status
  status=$(req POST /api/v1/sessions -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}")
  if [[ $status == 201 ]]; then json 'd["token"]'; else echo "login $1: HTTP $status $(head -c 300 "$OUT/body")" >&2; return 1; fi
}

echo "api: $BASE (venv $VENV, files in $OUT)"

# --- 1. the served document
echo "-- OpenAPI document"
status=$(req GET /api/v1/openapi.json)
cp "$OUT/body" "$OUT/openapi.json" 2>/dev/null || true
if [[ $status != 200 ]]; then
  fail "GET /api/v1/openapi.json: HTTP $status"
elif "$PY" - "$OUT/openapi.json" <<'PY'; then pass "openapi.json is a valid OpenAPI 3.1 document with the API's operations"; else fail "openapi.json is not valid (see above)"; fi
import json, sys
from openapi_spec_validator import validate, OpenAPIV31SpecValidator
with open(sys.argv[1], encoding="utf-8") as f:
    spec = json.load(f)
if not str(spec.get("openapi", "")).startswith("3.1"):
    sys.exit(f"openapi: expected 3.1.x, got {spec.get('openapi')!r}")
validate(spec, cls=OpenAPIV31SpecValidator)
ops = {(m.upper(), p) for p, item in spec.get("paths", {}).items() for m in item
       if m in ("get", "put", "post", "delete", "patch", "head", "options", "trace")}
# The operations this script relies on; the Swift tests compare the full list with the routes.
needed = {("POST", "/api/v1/sessions"), ("DELETE", "/api/v1/sessions/current"), ("GET", "/api/v1/me"),
          ("GET", "/api/v1/units"), ("POST", "/api/v1/units"), ("GET", "/api/v1/units/{id}"),
          ("PATCH", "/api/v1/units/{id}"), ("GET", "/api/v1/people"), ("POST", "/api/v1/people"),
          ("GET", "/api/v1/people/{id}"), ("PATCH", "/api/v1/people/{id}")}
missing = sorted(needed - ops)
if missing:
    sys.exit(f"openapi: missing operations {missing}")
print(f"  openapi {spec['openapi']}: {len(spec['paths'])} paths, {len(ops)} operations")
PY

# --- 2. sessions (all successful logins: no lockout of the demo accounts)
echo "-- hand-written assertions"
TOKEN=$(login canbo.thidua) && pass "POST /api/v1/sessions canbo.thidua (201, token)" || fail "POST /api/v1/sessions canbo.thidua"
status=$(req POST /api/v1/sessions -H 'Content-Type: application/json' --data-binary '{"username":"canbo.thidua","password":"ThiDua@2026"}')
if [[ $status == 201 ]] && [[ -n $(json 'd["token"] if d["expiresAt"].endswith("Z") else None' || true) ]]; then
  pass "POST /api/v1/sessions body {token, expiresAt (ISO 8601, UTC)}"
else
  fail "POST /api/v1/sessions body: HTTP $status $(head -c 300 "$OUT/body")"
fi
FOCAL=$(login daumoi) && pass "POST /api/v1/sessions daumoi (201)" || fail "POST /api/v1/sessions daumoi"
SPARE=$(login admin) && pass "POST /api/v1/sessions admin (201)" || fail "POST /api/v1/sessions admin"
AUTH=(-H "Authorization: Bearer ${TOKEN:-none}")
JSONCT=(-H 'Content-Type: application/json')

status=$(req POST /api/v1/sessions "${JSONCT[@]}" --data-binary '{"username":"khong.ton.tai.ci","password":"sai-mat-khau"}')
expect "POST /api/v1/sessions unknown user" 401 "$status" unauthenticated || true
status=$(req POST /api/v1/sessions "${JSONCT[@]}" --data-binary '{"username":"","password":""}')
expect "POST /api/v1/sessions empty fields" 422 "$status" validation_failed || true

status=$(req GET /api/v1/me)
if expect "GET /api/v1/me without a token" 401 "$status" unauthenticated; then
  [[ $(header www-authenticate) == Bearer ]] && pass "401 carries WWW-Authenticate: Bearer" \
    || fail "401 WWW-Authenticate is '$(header www-authenticate)', expected 'Bearer'"
fi
status=$(req GET /api/v1/me -H 'Authorization: Bearer not-a-real-token')
expect "GET /api/v1/me with an unknown token" 401 "$status" unauthenticated || true
status=$(req GET /api/v1/me "${AUTH[@]}")
if expect "GET /api/v1/me" 200 "$status"; then
  [[ $(json 'd["username"]' || true) == canbo.thidua ]] && pass "GET /api/v1/me is canbo.thidua" \
    || fail "GET /api/v1/me body: $(head -c 300 "$OUT/body")"
fi

# --- 3. content type, methods, not found
status=$(req POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" --data-binary '{"code": "X", "name": ')
expect "POST /api/v1/units malformed JSON" 422 "$status" validation_failed || true
status=$(req POST /api/v1/units "${AUTH[@]}" -H 'Content-Type: text/plain' --data-binary 'code=X')
expect "POST /api/v1/units text/plain body" 415 "$status" unsupported_media_type || true
status=$(req POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" --data-binary '{}')
if expect "POST /api/v1/units {}" 422 "$status" validation_failed; then
  [[ $(json '",".join(sorted(k for k in d["error"]["fields"] if k in ("code", "name", "kind")))' || true) == code,kind,name ]] \
    && pass "422 names code, kind, name in error.fields" || fail "422 fields: $(head -c 300 "$OUT/body")"
fi
status=$(req DELETE /api/v1/units "${AUTH[@]}")
if expect "DELETE /api/v1/units" 405 "$status" method_not_allowed; then
  allow=$(header allow)
  [[ $allow == *GET* && $allow == *POST* && $allow != *DELETE* ]] && pass "405 Allow: $allow" \
    || fail "405 Allow header is '$allow', expected GET and POST"
fi
status=$(req GET /api/v1/units/not-a-uuid "${AUTH[@]}")
expect "GET /api/v1/units/not-a-uuid" 404 "$status" not_found || true
status=$(req GET /api/v1/people/00000000-0000-0000-0000-000000000000 "${AUTH[@]}")
expect "GET /api/v1/people/{unknown uuid}" 404 "$status" not_found || true
status=$(req GET '/api/v1/units?perPage=0' "${AUTH[@]}")
expect "GET /api/v1/units?perPage=0" 422 "$status" validation_failed || true

# --- 4. permissions: the focal point may not read another unit, nor create one
FOCAL_AUTH=(-H "Authorization: Bearer ${FOCAL:-none}")
status=$(req GET /api/v1/me "${FOCAL_AUTH[@]}")
own_unit=$(json '(d.get("unitId") or "").lower()' || true)
status=$(req GET '/api/v1/units?perPage=200&includeInactive=true' "${AUTH[@]}")
other_unit=$(OWN="$own_unit" json '[u["id"] for u in d["items"] if u["id"].lower() != __import__("os").environ["OWN"]][0]' || true)
if [[ -z $own_unit || -z $other_unit ]]; then
  fail "could not find daumoi's unit ('$own_unit') and another unit ('$other_unit')"
else
  status=$(req GET "/api/v1/units/$own_unit" "${FOCAL_AUTH[@]}")
  expect "daumoi GET own unit" 200 "$status" || true
  status=$(req GET "/api/v1/units/$other_unit" "${FOCAL_AUTH[@]}")
  expect "daumoi GET another unit" 403 "$status" forbidden || true
  # Evidence sent as the file itself (application/octet-stream), on the unit's 2027 report (none yet in the demo).
  evidence="/api/v1/reports/2027/units/$own_unit/evidence"
  printf '%%PDF-1.4\n%%CI\n%%%%EOF\n' >"$OUT/ci.pdf"
  status=$(req POST "$evidence?filename=ci.pdf&title=Minh%20ch%E1%BB%A9ng%20CI" "${FOCAL_AUTH[@]}" \
    -H 'Content-Type: application/octet-stream' --data-binary @"$OUT/ci.pdf")
  if expect "daumoi POST evidence as application/octet-stream" 201 "$status"; then
    [[ $(json 'd["title"] + " " + d["contentType"]' || true) == "Minh chứng CI application/pdf" ]] && pass "evidence title from the query, type from the bytes" \
      || fail "evidence body: $(head -c 300 "$OUT/body")"
  fi
  printf 'MZ\x90\x00' >"$OUT/ci.exe"
  status=$(req POST "$evidence?filename=ci.pdf" "${FOCAL_AUTH[@]}" -H 'Content-Type: application/octet-stream' --data-binary @"$OUT/ci.exe")
  expect "daumoi POST a renamed executable as application/octet-stream" 422 "$status" validation_failed || true
  status=$(req POST "$evidence?filename=ci.pdf" "${FOCAL_AUTH[@]}" -H 'Content-Type: application/pdf' --data-binary @"$OUT/ci.pdf")
  expect "daumoi POST evidence as application/pdf" 415 "$status" unsupported_media_type || true
fi
status=$(req POST /api/v1/units "${FOCAL_AUTH[@]}" "${JSONCT[@]}" --data-binary '{"code":"CI-X","name":"X","kind":"school"}')
expect "daumoi POST /api/v1/units" 403 "$status" forbidden || true

# --- 5. create, read, optimistic lock
code="CI-$(date +%s)"
status=$(req POST /api/v1/units "${AUTH[@]}" "${JSONCT[@]}" \
  --data-binary "{\"code\":\"$code\",\"name\":\"Trường kiểm thử CI\",\"kind\":\"school\",\"phone\":\"0271 3846 119\"}")
if expect "POST /api/v1/units (create)" 201 "$status"; then
  location=$(header location)
  unit_id=$(json 'd["id"]' || true)
  if [[ -n $unit_id && ${location,,} == "/api/v1/units/${unit_id,,}" ]]; then
    pass "201 Location: $location"
    status=$(req GET "$location" "${AUTH[@]}")
    expect "GET the new unit" 200 "$status" || true
    version=$(json 'd["version"]' || true)
    status=$(req PATCH "$location" "${AUTH[@]}" "${JSONCT[@]}" --data-binary "{\"address\":\"Thôn 1\",\"version\":$((version + 1))}")
    expect "PATCH with a stale version" 409 "$status" conflict || true
    status=$(req PATCH "$location" "${AUTH[@]}" "${JSONCT[@]}" --data-binary "{\"address\":\"Thôn 1\",\"version\":$version}")
    if expect "PATCH with the current version" 200 "$status"; then
      [[ $(json 'd["version"]' || true) == $((version + 1)) ]] && pass "PATCH bumped the version" \
        || fail "PATCH version: $(head -c 300 "$OUT/body")"
    fi
  else
    fail "201 Location '$location' does not name the new unit '$unit_id'"
  fi
fi

# --- 6. sign out: the token stops working
SPARE_AUTH=(-H "Authorization: Bearer ${SPARE:-none}")
status=$(req DELETE /api/v1/sessions/current "${SPARE_AUTH[@]}")
expect "DELETE /api/v1/sessions/current" 204 "$status" || true
status=$(req GET /api/v1/me "${SPARE_AUTH[@]}")
expect "GET /api/v1/me after sign-out" 401 "$status" unauthenticated || true

# --- 7. Schemathesis: the served document against the server
# Two runs. Schemathesis reuses values it saw in responses (GET /me shows "canbo.thidua") as inputs, so a run
# that includes POST /sessions would try that username with made-up passwords and lock the account (5 failures
# in 15 minutes) for the browser check. POST /sessions therefore runs alone, where no response names a user.
# DELETE /sessions/current is left out: it would sign out the token every other request uses (checked above).
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
checks+=,response_headers_conformance,negative_data_rejection,unsupported_method,allow_header_conformance
checks+=,ignored_auth,missing_required_header,use_after_free,ensure_resource_availability
seed_args=()
[[ $SEED == random ]] || seed_args=(--seed "$SEED")

# st_run NAME SECONDS ARGS... — one Schemathesis run from $OUT (Hypothesis and Schemathesis keep caches,
# .hypothesis/ and .schemathesis/, in the working directory); log in $OUT/schemathesis-NAME.log.
st_run() {
  local name=$1 limit=$2 rc=0 log=$OUT/schemathesis-$1.log; shift 2
  echo "-- schemathesis: $name (seed $SEED, at most $MAX_EXAMPLES examples per operation, ${limit}s)"
  (cd "$OUT" && exec timeout --kill-after=10 "$limit" "$ST" run "$BASE/api/v1/openapi.json" \
    --url "$BASE" \
    -H "Authorization: Bearer ${TOKEN:-none}" \
    --checks "$checks" \
    --max-examples "$MAX_EXAMPLES" \
    "${seed_args[@]}" \
    --request-timeout 20 \
    --generation-database none \
    --report junit --report-dir "$OUT/schemathesis-$name" \
    --no-color "$@") >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    sed -n '/^=* *FAILURES/,$p' "$log" | head -n 250
  else
    sed -n '/^\(Warnings\|Test cases\):/,$p' "$log" | sed '/^$/d'
  fi
  case $rc in
    0) pass "schemathesis $name: no difference between the document and the server" ;;
    124 | 137) fail "schemathesis $name did not finish within ${limit}s (log: $log)" ;;
    *) fail "schemathesis $name found problems (exit $rc; log: $log)" ;;
  esac
}

st_run directory "$FUZZ_TIMEOUT" --phases "$PHASES" \
  --exclude-operation-id createSession --exclude-operation-id deleteCurrentSession
st_run sessions 90 --phases "$SESSION_PHASES" --include-operation-id createSession

echo "api: $PASSED passed, $FAILED failed"
((FAILED == 0))
