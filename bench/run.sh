#!/usr/bin/env bash
# Load benchmarks (not tests): builds the release binary and the load generator, starts
# authgate on a throw-away SQLite database pinned to CPU 0, drives it from CPU 1, and prints one
# JSON line per measurement. Everything talks to 127.0.0.1 only and stops by itself.
#
# Usage: bench/run.sh [scenario…]   scenarios: argon2 signin refresh cc cheap qr   (default: all)
#   BENCH_DURATION=10 BENCH_CONNECTIONS=16
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ulimit -n 16384 2>/dev/null || true
SCENARIOS=("${@:-argon2 signin refresh cc cheap qr}")
SCENARIOS=(${SCENARIOS[*]})
DURATION="${BENCH_DURATION:-10}"
CONNS="${BENCH_CONNECTIONS:-16}"
SERVER_CPU="${BENCH_SERVER_CPU:-0}"
LOAD_CPU="${BENCH_LOAD_CPU:-1}"

cargo build --release -p authgate -p authgate-loadgen >&2
BIN=target/release/authgate
LOAD=target/release/authgate-loadgen

has() { [[ " ${SCENARIOS[*]} " == *" $1 "* ]]; }

if has argon2; then
  cargo run --release -q -p authgate-core --example argon2_bound
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/authgate-bench.XXXXXX")"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
export AUTHGATE_DATABASE_URL="sqlite://$TMP/authgate.db" AUTHGATE_DATA_DIR="$TMP"
export AUTHGATE_LISTEN="127.0.0.1:$PORT" AUTHGATE_IP_RATE_LIMIT_PER_MINUTE=0 RUST_LOG=warn
INIT="$("$BIN" init --json)"
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$INIT" "$1"; }
APP_ID="$(field appId)"; APP_SECRET="$(field appSecret)"
START_NS=$(date +%s%N)
taskset -c "$SERVER_CPU" "$BIN" serve >"$TMP/server.log" 2>&1 &
PID=$!
until curl -sf "$URL/readyz" >/dev/null; do
  kill -0 "$PID" 2>/dev/null || { cat "$TMP/server.log" >&2; exit 1; }
  sleep 0.005
done
READY_MS=$(( ($(date +%s%N) - START_NS) / 1000000 ))
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }
echo "{\"what\":\"startup\",\"ready_ms\":$READY_MS,\"idle_rss_mib\":$(rss)}"

TOKEN="$(curl -s "$URL/api/v3/get-management-token" -H 'content-type: application/json' \
  -d "{\"accessKeyId\":\"$(field accessKeyId)\",\"accessKeySecret\":\"$(field accessKeySecret)\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])')"
curl -s "$URL/api/v3/create-user" -H "authorization: Bearer $TOKEN" \
  -d '{"username":"bench","password":"bench password 1"}' >/dev/null

load() { taskset -c "$LOAD_CPU" "$LOAD" "$@" --url "$URL" --duration "$DURATION" \
  --app-id "$APP_ID" --app-secret "$APP_SECRET"; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }

has signin && load signin --connections "$CONNS" --path /api/v3/system
has refresh && load refresh --connections "$CONNS"
if has cc; then
  # The RS256 bound of the server's core, then the grant (one signature per token).
  SIGNS=$(taskset -c "$SERVER_CPU" openssl speed -seconds 5 rsa2048 2>/dev/null \
    | awk '/^rsa 2048 bits/ {for (i = 4; i <= NF; i++) if ($i !~ /s$/) {print $i; exit}}')
  echo "{\"what\":\"openssl rsa2048 sign/s on the server core\",\"sign_per_s\":${SIGNS:-0}}"
  curl -s "$URL/api/v3/update-application" -H "authorization: Bearer $TOKEN" \
    -d "{\"appId\":\"$APP_ID\",\"oidcConfig\":{\"grant_types\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"]}}" >/dev/null
  load client-credentials --connections "$CONNS"
fi
if has cheap; then
  load get --connections "$CONNS" --path /oidc/.well-known/openid-configuration
  load get --connections "$CONNS" --path /oidc/.well-known/jwks.json
fi
if has qr; then
  BEFORE=$(rss_kib)
  load qr-poll --connections "$CONNS" --codes 10000
  AFTER=$(rss_kib)
  echo "{\"what\":\"memory per pending QR code\",\"rss_growth_kib\":$((AFTER - BEFORE)),\"bytes_per_code\":$(( (AFTER - BEFORE) * 1024 / 10000 ))}"
  load qr-fanout --connections 1000
fi
echo "{\"what\":\"after\",\"rss_mib\":$(rss)}"
