#!/usr/bin/env bash
# authgate and panva's node-oidc-provider side by side, one after the other on this machine:
# each server pinned to CPU 0, wrk pinned to CPU 1 with the same connections and duration.
# Measures the token endpoint (client_credentials with JWT access tokens, RS256 then ES256),
# the refresh grant with rotation, and the discovery document; prints one JSON line per
# measurement and the ratios. Also `openssl speed rsa2048` on the server core, the bound of an
# RS256 token endpoint.
#
# Usage: bench/side-by-side.sh        BENCH_DURATION=10 BENCH_CONNECTIONS=64
# Needs: wrk (apt-get install wrk), node + npm (the peer is installed from npm into
# bench/peers/oidc-provider/node_modules), python3, curl.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ulimit -n 16384 2>/dev/null || true
DURATION="${BENCH_DURATION:-10}"
CONNS="${BENCH_CONNECTIONS:-64}"
SERVER_CPU="${BENCH_SERVER_CPU:-0}"
LOAD_CPU="${BENCH_LOAD_CPU:-1}"
REFRESH_POOL=$(( CONNS * 3 ))

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release -p authgate >&2
BIN="$PWD/target/release/authgate"
PEER_DIR="$PWD/bench/peers/oidc-provider"
(cd "$PEER_DIR" && npm ci --no-audit --no-fund --loglevel=error >&2)

TMP="$(mktemp -d "${TMPDIR:-/tmp}/authgate-sbs.XXXXXX")"
PID=""
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi; }
trap 'stop; rm -rf "$TMP"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }

# wrk <server> <what> <url> [script]: one JSON line with req/s, p50/p99 (ms), errors, RSS.
bench() {
  local server="$1" what="$2" url="$3" script="${4:-}"
  local args=(-t1 -c"$CONNS" -d"${DURATION}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  local out
  out="$(taskset -c "$LOAD_CPU" wrk "${args[@]}" "$url")"
  OUT="$out" SERVER="$server" WHAT="$what" RSS="$(rss_mib)" python3 - <<'PY'
import json, os, re
out = os.environ["OUT"]
def ms(label):
    m = re.search(r"^\s*%s%%\s+([\d.]+)(us|ms|s)\s*$" % label, out, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return round(v / 1000 if unit == "us" else v * 1000 if unit == "s" else v, 2)
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
errs = re.search(r"Socket errors: .*", out)
print(json.dumps({"server": os.environ["SERVER"], "what": os.environ["WHAT"], "rps": round(rps),
                  "p50_ms": ms("50"), "p99_ms": ms("99"), "non_2xx": int(bad.group(1)) if bad else 0,
                  "socket_errors": errs.group(0) if errs else None, "rss_mib": float(os.environ["RSS"])}))
PY
}

RESULTS="$TMP/results.jsonl"
SIGNS="$(taskset -c "$SERVER_CPU" openssl speed -seconds 5 -mr rsa2048 2>/dev/null | awk -F: '/^\+F2:/ {print $4; exit}')"
echo "{\"what\":\"openssl speed rsa2048 (sign/s, server core)\",\"rate\":${SIGNS%.*}}" | tee -a "$RESULTS"

# ------------------------------------------------------------------ oidc-provider ---
peer() {
  local alg="$1" tokens="$2"
  PORT="$(free_port)"
  PEER_SECRET="peer-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  PORT="$PORT" ALG="$alg" REFRESH_TOKENS="$tokens" CLIENT_SECRET="$PEER_SECRET" NODE_ENV=production \
    taskset -c "$SERVER_CPU" node "$PEER_DIR/server.mjs" >"$TMP/peer.out" 2>"$TMP/peer.log" &
  PID=$!
  until grep -q '"ready"' "$TMP/peer.out" 2>/dev/null; do
    kill -0 "$PID" 2>/dev/null || { cat "$TMP/peer.log" >&2; exit 1; }
    sleep 0.05
  done
  PEER_URL="http://127.0.0.1:$PORT"
  PEER_BASIC="Basic $(printf 'bench:%s' "$PEER_SECRET" | base64 -w0)"
}

peer RS256 0
echo "{\"server\":\"oidc-provider\",\"what\":\"idle\",\"rss_mib\":$(rss_mib)}" | tee -a "$RESULTS"
WRK_BODY="grant_type=client_credentials&scope=api" WRK_AUTH="$PEER_BASIC" \
  bench oidc-provider "client_credentials RS256" "$PEER_URL/token" bench/wrk/form.lua | tee -a "$RESULTS"
bench oidc-provider discovery "$PEER_URL/.well-known/openid-configuration" | tee -a "$RESULTS"
stop
peer ES256 0
WRK_BODY="grant_type=client_credentials&scope=api" WRK_AUTH="$PEER_BASIC" \
  bench oidc-provider "client_credentials ES256" "$PEER_URL/token" bench/wrk/form.lua | tee -a "$RESULTS"
stop
peer RS256 "$REFRESH_POOL"
tail -1 "$TMP/peer.out" | json 'chr(10).join(d["refresh_tokens"])' >"$TMP/peer-refresh.txt"
WRK_TOKENS="$TMP/peer-refresh.txt" WRK_AUTH="$PEER_BASIC" \
  bench oidc-provider "refresh RS256 (rotation)" "$PEER_URL/token" bench/wrk/refresh.lua | tee -a "$RESULTS"
stop

# ------------------------------------------------------------------------ authgate ---
PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"
export AUTHGATE_DATABASE_URL="sqlite://$TMP/authgate.db" AUTHGATE_DATA_DIR="$TMP"
export AUTHGATE_LISTEN="127.0.0.1:$PORT" AUTHGATE_IP_RATE_LIMIT_PER_MINUTE=0 RUST_LOG=warn
INIT="$("$BIN" init --json)"
field() { printf '%s' "$INIT" | json "d['$1']"; }
taskset -c "$SERVER_CPU" "$BIN" serve >"$TMP/server.log" 2>&1 &
PID=$!
until curl -sf "$URL/readyz" >/dev/null; do
  kill -0 "$PID" 2>/dev/null || { cat "$TMP/server.log" >&2; exit 1; }
  sleep 0.01
done
echo "{\"server\":\"authgate\",\"what\":\"idle\",\"rss_mib\":$(rss_mib)}" | tee -a "$RESULTS"
TOKEN="$(curl -s "$URL/api/v3/get-management-token" -H 'content-type: application/json' \
  -d "{\"accessKeyId\":\"$(field accessKeyId)\",\"accessKeySecret\":\"$(field accessKeySecret)\"}" \
  | json 'd["data"]["access_token"]')"
mgmt() { curl -s "$URL/api/v3/$1" -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "$2"; }

# One confidential client like the peer's: client_credentials with the scope `api`.
created="$(mgmt create-application '{"appName":"bench m2m","appIdentifier":"bench-m2m",
  "oidcConfig":{"grant_types":["client_credentials","authorization_code","refresh_token"],
  "token_endpoint_auth_method":"client_secret_basic","scope":"api"}}')"
APP_ID="$(printf '%s' "$created" | json 'd["data"]["appId"]')"
APP_SECRET="$(curl -s "$URL/api/v3/get-application-secret?appId=$APP_ID" \
  -H "authorization: Bearer $TOKEN" | json 'd["data"]["secret"]')"
APP_BASIC="Basic $(printf '%s:%s' "$APP_ID" "$APP_SECRET" | base64 -w0)"
WRK_BODY="grant_type=client_credentials&scope=api" WRK_AUTH="$APP_BASIC" \
  bench authgate "client_credentials RS256" "$URL/oidc/token" bench/wrk/form.lua | tee -a "$RESULTS"
bench authgate discovery "$URL/oidc/.well-known/openid-configuration" | tee -a "$RESULTS"

# Refresh: the default application's user signs in once per refresh-token chain.
APP_ID="$(field appId)"; APP_SECRET="$(field appSecret)"
APP_BASIC="Basic $(printf '%s:%s' "$APP_ID" "$APP_SECRET" | base64 -w0)"
mgmt create-user '{"username":"bench","password":"bench password 1"}' >/dev/null
for _ in $(seq "$REFRESH_POOL"); do
  curl -s "$URL/api/v3/signin" -H 'content-type: application/json' -H "x-authing-app-id: $APP_ID" \
    -d "{\"connection\":\"PASSWORD\",\"passwordPayload\":{\"username\":\"bench\",\"password\":\"bench password 1\"},
         \"options\":{\"scope\":\"openid profile offline_access\"},\"client_id\":\"$APP_ID\",\"client_secret\":\"$APP_SECRET\"}" \
    | json 'd["data"]["refresh_token"]'
done >"$TMP/authgate-refresh.txt"
WRK_TOKENS="$TMP/authgate-refresh.txt" WRK_AUTH="$APP_BASIC" \
  bench authgate "refresh RS256 (rotation)" "$URL/oidc/token" bench/wrk/refresh.lua | tee -a "$RESULTS"
stop

# ------------------------------------------------------------------------- ratios ---
python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
signs = next(r["rate"] for r in rows if "rate" in r)
get = lambda s, w: next((r for r in rows if r.get("server") == s and r.get("what") == w), None)
for what in ("client_credentials RS256", "client_credentials ES256", "refresh RS256 (rotation)", "discovery"):
    a, p = get("authgate", what), get("oidc-provider", what)
    if a and p:
        print(json.dumps({"ratio": what, "authgate_rps": a["rps"], "oidc_provider_rps": p["rps"],
                          "authgate_over_peer": round(a["rps"] / p["rps"], 2)}))
cc = get("authgate", "client_credentials RS256")
if cc:
    print(json.dumps({"ratio": "client_credentials RS256 / openssl rsa2048 signs",
                      "percent": round(100 * cc["rps"] / signs, 1)}))
PY
