#!/usr/bin/env bash
# End-to-end suite: drives an authgate binary with the official, pinned
# GenAuth/Authing SDKs (Python authing==5.1.0, Node authing-node-sdk@4.0.1, Java
# cn.authing:authing-java-sdk 3.1.9).
#
# Usage: e2e/run.sh [path/to/authgate]        (works from any cwd)
#   binary:             $1, else $AUTHGATE_BIN, else <repo>/target/release/authgate
#   E2E_DATABASE_URL    use this database URL as is (e.g. postgres://…) instead of
#                       a fresh SQLite file in the temp dir
#   E2E_DATA_DIR        data dir (master key) to use instead of a fresh one in the
#                       temp dir — needed when E2E_DATABASE_URL is a reused database
#   E2E_READY_TIMEOUT   seconds to wait for /readyz (default 30)
#
# Verification codes: e2e/support/sinks.py runs an SMTP sink and an SMS-webhook
# sink; the server gets AUTHGATE_SMTP_URL / AUTHGATE_SMS_PROVIDER=webhook /
# AUTHGATE_SMS_WEBHOOK_URL pointing at them, the tests get E2E_MAIL_LOG and
# E2E_SMS_LOG (JSONL files, one received message per line). The server runs in
# production mode (AUTHGATE_MODE unset) with the per-IP limit raised, since every
# request of the suite comes from 127.0.0.1.
#   E2E_SKIP_PYTHON=1 / E2E_SKIP_NODE=1 / E2E_SKIP_JAVA=1 / E2E_SKIP_GO=1 / E2E_SKIP_BROWSER=1
#                       leave a suite out
#
# Go suite (e2e/go, after Node): `go test` reproducing the Go SDK's requests and typed
# answers (the SDK module is not served by the reachable Go proxy); needs `go` on PATH.
#
# Browser suite (e2e/browser, last): the hosted pages in headless Chromium
# ($E2E_CHROMIUM, default /usr/bin/chromium; installed with apt-get when missing and
# running as root), driven by playwright-core, with this binary's `qr` commands as the
# phone. Skipped, loudly, only when Chromium cannot be installed. Screenshots go to
# E2E_SCREENSHOT_DIR (default: a temp dir, printed).
#   extra args for pytest: E2E_PYTEST_ARGS (e.g. "-k delete -x")
#   E2E_SLOW=1          also run the tests that wait for real expiry (push codes: 120 s,
#                       not configurable; QR expiry is shortened through the pool settings)
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$E2E_DIR/.." && pwd)"

log() { printf '[e2e] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- binary ---
BIN="${1:-${AUTHGATE_BIN:-$REPO_ROOT/target/release/authgate}}"
case "$BIN" in
  /*) ;;
  *) BIN="$(pwd)/$BIN" ;;   # relative to the caller's cwd
esac
[ -x "$BIN" ] || die "authgate binary not found or not executable: $BIN (build it: cargo build --release)"

command -v python3 >/dev/null || die "python3 is required"
command -v node >/dev/null || die "node is required"
command -v npm >/dev/null || die "npm is required"
command -v curl >/dev/null || die "curl is required"

sha() { python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"; }

# ------------------------------------------------------------ python env ---
VENV="$E2E_DIR/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  log "creating virtualenv $VENV"
  python3 -m venv "$VENV"
fi
REQ_SHA="$(sha "$E2E_DIR/requirements.txt")"
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$REQ_SHA" ]; then
  log "pip install -r requirements.txt"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$E2E_DIR/requirements.txt"
  printf '%s\n' "$REQ_SHA" > "$VENV/.requirements.sha256"
fi

# -------------------------------------------------------------- node env ---
LOCK_SHA="$(sha "$E2E_DIR/package-lock.json")"
if [ ! -d "$E2E_DIR/node_modules" ] || [ "$(cat "$E2E_DIR/node_modules/.e2e-lock.sha256" 2>/dev/null || true)" != "$LOCK_SHA" ]; then
  log "npm ci"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$LOCK_SHA" > "$E2E_DIR/node_modules/.e2e-lock.sha256"
fi

# ------------------------------------------------------- browser env ---
CHROMIUM="${E2E_CHROMIUM:-/usr/bin/chromium}"
browser_ready=0
if [ "${E2E_SKIP_BROWSER:-0}" != "1" ]; then
  if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "chromium missing: apt-get install -y chromium"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 || true
  fi
  if [ -x "$CHROMIUM" ]; then
    BROWSER_DIR="$E2E_DIR/browser"
    BLOCK_SHA="$(sha "$BROWSER_DIR/package-lock.json")"
    if [ ! -d "$BROWSER_DIR/node_modules" ] || [ "$(cat "$BROWSER_DIR/node_modules/.e2e-lock.sha256" 2>/dev/null || true)" != "$BLOCK_SHA" ]; then
      log "npm ci (e2e/browser)"
      (cd "$BROWSER_DIR" && npm ci --no-audit --no-fund --loglevel=error)
      printf '%s\n' "$BLOCK_SHA" > "$BROWSER_DIR/node_modules/.e2e-lock.sha256"
    fi
    browser_ready=1
  fi
fi

# ---------------------------------------------------------- temp + trap ---
TMP="$(mktemp -d "${TMPDIR:-/tmp}/authgate-e2e.XXXXXX")"
SERVER_PID=""
SINKS_PID=""
SERVER_LOG="$TMP/server.log"

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do   # up to ~5 s for a graceful shutdown
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$SINKS_PID" ] && kill -0 "$SINKS_PID" 2>/dev/null; then
    kill -TERM "$SINKS_PID" 2>/dev/null || true
    wait "$SINKS_PID" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$SERVER_LOG" ]; then
    log "---- last 60 lines of the server log ----"
    tail -n 60 "$SERVER_LOG" >&2 || true
    log "-----------------------------------------"
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ port ---
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
URL="http://127.0.0.1:$PORT"

DB_URL="${E2E_DATABASE_URL:-sqlite://$TMP/authgate.db}"
# With a persistent E2E_DATABASE_URL, point E2E_DATA_DIR at the data dir (master
# key) that goes with that database; by default a fresh one is made in $TMP.
DATA_DIR="${E2E_DATA_DIR:-$TMP}"
OPTS=(--database-url "$DB_URL" --data-dir "$DATA_DIR")
case "$DB_URL" in
  sqlite:*) log "database: SQLite in $TMP" ;;
  *) log "database: E2E_DATABASE_URL (${DB_URL%%:*})" ;;
esac

# The variables handed to the test suites are not server settings: keep them (and
# any stale copies from the caller's environment) out of the server's environment.
TEST_VARS=(AUTHGATE_URL AUTHGATE_USER_POOL_ID AUTHGATE_ACCESS_KEY_ID AUTHGATE_ACCESS_KEY_SECRET
           AUTHGATE_APP_ID AUTHGATE_APP_SECRET
           # server settings this script decides (a caller's copy must not leak in)
           AUTHGATE_MODE AUTHGATE_SMTP_URL AUTHGATE_SMTP_FROM AUTHGATE_SMS_PROVIDER
           AUTHGATE_SMS_WEBHOOK_URL AUTHGATE_IP_RATE_LIMIT_PER_MINUTE AUTHGATE_TRUST_PROXY_HEADERS)
UNSET_ARGS=()
for v in "${TEST_VARS[@]}"; do UNSET_ARGS+=(-u "$v"); done
authgate() { env "${UNSET_ARGS[@]}" "$BIN" "$@"; }

# ------------------------------------------------------------------ init ---
INIT_JSON="$(authgate "${OPTS[@]}" init --json)" || die "'authgate init --json' failed"
# Idempotency is part of the CLI contract: a second run prints the same object.
INIT_JSON2="$(authgate "${OPTS[@]}" init --json)" || die "second 'authgate init --json' failed"

ENV_LINES="$(INIT_JSON="$INIT_JSON" INIT_JSON2="$INIT_JSON2" python3 - <<'PY'
import json, os, shlex, sys
try:
    a = json.loads(os.environ["INIT_JSON"])
    b = json.loads(os.environ["INIT_JSON2"])
except ValueError as e:
    sys.exit(f"init --json did not print one JSON object: {e}")
keys = ["userPoolId", "accessKeyId", "accessKeySecret", "appId", "appSecret"]
missing = [k for k in keys if not isinstance(a.get(k), str) or not a.get(k)]
if missing:
    sys.exit(f"init --json output lacks non-empty string field(s): {missing}")
if a != b:
    sys.exit("init --json is not idempotent: second run printed a different object")
env = {"AUTHGATE_USER_POOL_ID": a["userPoolId"], "AUTHGATE_ACCESS_KEY_ID": a["accessKeyId"],
       "AUTHGATE_ACCESS_KEY_SECRET": a["accessKeySecret"], "AUTHGATE_APP_ID": a["appId"],
       "AUTHGATE_APP_SECRET": a["appSecret"]}
for k, v in env.items():
    print(f"export {k}={shlex.quote(v)}")
PY
)" || die "could not read the init output: $INIT_JSON"

# ----------------------------------------------------------------- sinks ---
SINKS_DIR="$TMP/sinks"
mkdir -p "$SINKS_DIR"
python3 "$E2E_DIR/support/sinks.py" "$SINKS_DIR" >"$TMP/sinks.log" 2>&1 &
SINKS_PID=$!
deadline=$(( SECONDS + 10 ))
while [ ! -s "$SINKS_DIR/sinks.json" ]; do   # bounded poll: the file appears once both listen
  kill -0 "$SINKS_PID" 2>/dev/null || die "delivery sinks exited: $(cat "$TMP/sinks.log")"
  [ "$SECONDS" -lt "$deadline" ] || die "delivery sinks not ready after 10s"
  sleep 0.1
done
read -r SMTP_PORT SMS_PORT < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["smtp_port"], d["sms_port"])' "$SINKS_DIR/sinks.json")
log "sinks: SMTP on 127.0.0.1:$SMTP_PORT, SMS webhook on 127.0.0.1:$SMS_PORT"

# ----------------------------------------------------------------- serve ---
log "starting $BIN serve on $URL"
# `env` execs the binary, so $! is the server's own pid.
env "${UNSET_ARGS[@]}" \
  AUTHGATE_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" \
  AUTHGATE_SMTP_FROM="authgate e2e <no-reply@authgate.test>" \
  AUTHGATE_SMS_PROVIDER=webhook \
  AUTHGATE_SMS_WEBHOOK_URL="http://127.0.0.1:$SMS_PORT/sms" \
  AUTHGATE_IP_RATE_LIMIT_PER_MINUTE=1000000 \
  "$BIN" "${OPTS[@]}" --listen "127.0.0.1:$PORT" --public-url "$URL" \
  --log-format json serve >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

READY_TIMEOUT="${E2E_READY_TIMEOUT:-30}"
deadline=$(( SECONDS + READY_TIMEOUT ))
ready=0
while [ "$SECONDS" -lt "$deadline" ]; do   # bounded poll, 0.2 s interval
  kill -0 "$SERVER_PID" 2>/dev/null || die "server process exited before becoming ready"
  if curl -fsS -o /dev/null --max-time 1 "$URL/readyz" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.2
done
[ "$ready" -eq 1 ] || die "server not ready after ${READY_TIMEOUT}s ($URL/readyz)"
log "server ready"

eval "$ENV_LINES"
export AUTHGATE_URL="$URL"
export E2E_MAIL_LOG="$SINKS_DIR/mail.jsonl"
export E2E_SMS_LOG="$SINKS_DIR/sms.jsonl"
export E2E_AUTHGATE_BIN="$BIN" E2E_CHROMIUM="$CHROMIUM"

# ---------------------------------------------------------------- suites ---
cd "$REPO_ROOT"
py_rc=0
node_rc=0
if [ "${E2E_SKIP_PYTHON:-0}" != "1" ]; then
  log "pytest -q e2e/python"
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m pytest -q -c "$E2E_DIR/pytest.ini" "$E2E_DIR/python" ${E2E_PYTEST_ARGS:-} || py_rc=$?
fi
if [ "${E2E_SKIP_NODE:-0}" != "1" ]; then
  log "node --test e2e/node/"
  node --test --test-reporter=spec "$E2E_DIR/node/" || node_rc=$?
fi
# ---- java ----
# e2e/java: the official Java SDK (cn.authing:authing-java-sdk, pinned in e2e/java/pom.xml) under
# JUnit 5 / Surefire, Java 17; Maven's default local repository (~/.m2). Same environment as
# the suites above. E2E_SKIP_JAVA=1 leaves it out; a missing mvn or java is an error.
java_rc=0
java_result=PASS
if [ "${E2E_SKIP_JAVA:-0}" = "1" ]; then
  java_result="skipped (E2E_SKIP_JAVA=1)"
else
  if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
    log "################################################################"
    log "### JAVA SUITE CANNOT RUN: mvn and java (17+) are required     ###"
    log "### (apt-get install maven openjdk-17-jdk-headless)            ###"
    log "################################################################"
    java_rc=1
  else
    log "mvn -B -ntp test (e2e/java)"
    # -ntp keeps download progress out; Surefire's per-class lines and summary stay.
    mvn -B -ntp -f "$E2E_DIR/java/pom.xml" test || java_rc=$?
  fi
  [ "$java_rc" -eq 0 ] || java_result="FAIL ($java_rc)"
fi
# ---- go ----
# e2e/go: the Go SDK's wire behaviour (see e2e/go/wire_test.go) with `go test`, after the
# Node suite. E2E_SKIP_GO=1 leaves it out; a missing `go` fails the run.
go_rc=0
go_result=PASS
if [ "${E2E_SKIP_GO:-0}" = "1" ]; then
  go_result="skipped (E2E_SKIP_GO=1)"
elif ! command -v go >/dev/null; then
  log "ERROR: go is required for e2e/go (install Go, or set E2E_SKIP_GO=1)"
  go_rc=1
  go_result="FAIL (go missing)"
else
  log "go test -v -count=1 ./... (e2e/go)"
  (cd "$E2E_DIR/go" && go test -v -count=1 ./...) || go_rc=$?
  [ "$go_rc" -eq 0 ] || go_result="FAIL ($go_rc)"
fi
# ---- end go ----
browser_rc=0
browser_result=PASS
if [ "${E2E_SKIP_BROWSER:-0}" = "1" ]; then
  browser_result="skipped (E2E_SKIP_BROWSER=1)"
elif [ "$browser_ready" -eq 1 ]; then
  log "node --test e2e/browser/ (headless $CHROMIUM)"
  node --test --test-reporter=spec "$E2E_DIR"/browser/*.test.mjs || browser_rc=$?
  [ "$browser_rc" -eq 0 ] || browser_result="FAIL ($browser_rc)"
else
  browser_result="SKIPPED: no Chromium"
  log "################################################################"
  log "### BROWSER SUITE SKIPPED: $CHROMIUM is missing and could not ###"
  log "### be installed (apt-get install chromium, as root).          ###"
  log "################################################################"
fi

server_rc=0
kill -0 "$SERVER_PID" 2>/dev/null || { log "server process died during the run"; server_rc=1; }

log "python suite: $([ "$py_rc" -eq 0 ] && echo PASS || echo "FAIL ($py_rc)")," \
    "node suite: $([ "$node_rc" -eq 0 ] && echo PASS || echo "FAIL ($node_rc)")," \
    "java suite: $java_result," \
    "go suite: $go_result," \
    "browser suite: $browser_result"
[ "$py_rc" -eq 0 ] && [ "$node_rc" -eq 0 ] && [ "$java_rc" -eq 0 ] && [ "$go_rc" -eq 0 ] && [ "$browser_rc" -eq 0 ] && [ "$server_rc" -eq 0 ]
