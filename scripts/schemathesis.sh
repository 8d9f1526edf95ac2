#!/usr/bin/env bash
# Schemathesis against the served OpenAPI document: a demo server on a fresh SQLite file, then
# generated requests for every operation the document lists, anonymous and signed in as the
# demo employer. Fails on any 5xx and on any answer the document does not describe (status,
# media type, headers, body schema). Bounded in time: ST_MAX_TIME seconds per run (default 90).
# Needs the debug binary (`cargo build -p kakehashi`, or the test run that builds it).
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
VENV=target/schemathesis-$ST_VERSION
if [ ! -x "$VENV/bin/st" ]; then
  echo "== installing schemathesis $ST_VERSION"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

BIN=$(realpath "${KAKEHASHI_BIN:-target/debug/kakehashi}")
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
(cd "$WORK" && exec env -u DATABASE_URL -u KAKEHASHI_SECRET_KEY -u KAKEHASHI_RULES_DIR RUST_LOG=warn \
  "$BIN" serve --demo --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1) &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
# Waits for the server, signs in (first: the anonymous run's failed sign-ins count against this
# address) and prints the session cookie and the CSRF token.
read -r SESSION CSRF < <(python3 - "$BASE" <<'PY'
import json, sys, time, urllib.request
base = sys.argv[1]
for _ in range(1500):  # `serve --demo` publishes 320 demo jobs first: up to 5 minutes on a busy machine
    try:
        urllib.request.urlopen(base + "/healthz", timeout=2)
        break
    except OSError:
        time.sleep(0.2)
req = urllib.request.Request(
    base + "/api/v1/session",
    data=json.dumps({"email": "employer@kakehashi.example", "password": "kakehashi-demo-2026"}).encode(),
    headers={"content-type": "application/json"},
)
with urllib.request.urlopen(req, timeout=30) as res:
    cookie = next(v for k, v in res.getheaders() if k.lower() == "set-cookie" and v.startswith("kk_session="))
    print(cookie.split(";")[0].split("=", 1)[1], json.load(res)["csrf_token"])
PY
)
[ -n "${CSRF:-}" ] || { echo "the demo server did not sign the employer in:"; cat "$WORK/serve.log"; exit 1; }

run() {
  "$VENV/bin/st" run "$BASE/api/v1/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "${ST_MAX_EXAMPLES:-25}" --max-time "${ST_MAX_TIME:-90}" \
    --workers 2 --seed "${ST_SEED:-20261123}" --no-shrink --warnings off \
    --report junit --report-dir "target/schemathesis/$1" \
    "${@:2}"
}

echo "== schemathesis: anonymous"
run anonymous
echo "== schemathesis: signed in as the demo employer"
# Signing out (DELETE /api/v1/session) would end the run's session half-way.
run employer -H "Cookie: kk_session=$SESSION" -H "X-CSRF-Token: $CSRF" --exclude-path /api/v1/session
