#!/usr/bin/env bash
# Kakehashi's whole test suite: every story on SQLite and on PostgreSQL, then the browser
# test. Prepares what it needs when missing (as root on Debian, like CI): Debian's chromium
# and fonts-noto-cjk, PostgreSQL on 127.0.0.1:5432 (database `test`; KAKEHASHI_TEST_PG_URL
# overrides), cargo-nextest, the npm packages of e2e/ and schemathesis (pip, pinned).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  echo "== installing chromium and fonts-noto-cjk"
  apt-get update -qq
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
  apt-get install -y -qq nodejs npm >/dev/null
fi
command -v cargo-nextest >/dev/null 2>&1 || cargo install cargo-nextest --locked

if [ -z "${KAKEHASHI_TEST_PG_URL:-}" ]; then
  pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi
[ -d e2e/node_modules/playwright-core ] || (cd e2e && npm ci --no-audit --no-fund)

echo "== unit and integration tests (SQLite and PostgreSQL)"
cargo nextest run --workspace --no-fail-fast

echo "== schemathesis against the served OpenAPI document (anonymous, then the demo employer)"
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq python3 python3-venv >/dev/null
fi
bash scripts/schemathesis.sh

echo "== browser test (chromium, 360-px screen, every role in every language)"
node e2e/run.mjs
