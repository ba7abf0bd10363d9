#!/usr/bin/env bash
# How late streamed events reach the caller through the gateway, compared with straight from the
# upstream, event by event, in one run (so that both see the same machine load):
#
#   1. the local stack (PostgreSQL, Keycloak; scripts/local-stack.sh) and a streaming upstream
#      (bench/stream/upstream.py: one SSE event right away, then one every 50 ms);
#   2. a freshly started gateway (the local run's jar, route "bench-stream" to that upstream):
#      its first streams, measured as a new user meets them;
#   3. the same gateway warmed up (a few hundred fast streams), measured again.
#
# Each measurement alternates direct and gateway streams (bench/stream/measure.py) and prints, per
# path, the time from request to first event and how far behind the upstream each event arrived
# (the upstream stamps the monotonic clock into every event), and how far behind the upstream each
# word of the answer arrived, then the gateway's added time.
#
# Every measurement is made twice, with the e-mail local-part hold off and on (docs/ARCHITECTURE.md,
# "Streamed answers"): alice with a grant for the Tier 2 route "bench-stream-t2" (her addresses are
# not redacted: no open word is held) and alice without grant on the Tier 1 route "bench-stream"
# (addresses redacted: an event ending inside a word waits for the next). Same upstream for both.
#
#   flock /work/heavy.lock bench/stream/relay-delay.sh [--no-build] [STREAMS]   (default 20)
#
# Uses the local run's fixed ports (8080 gateway, 8180 Keycloak, 55432 PostgreSQL) and 8091 for
# the upstream; stops what it started (the local stack only if it was not already running).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/../load/lib.sh"
cd "$TIERGATE_ROOT"

build=true
if [ "${1:-}" = "--no-build" ]; then
  build=false
  shift
fi
streams=${1:-20}
GATEWAY_PORT=8080
# Health checks are on the management interface (docs/OPERATIONS.md), not on the HTTP port.
MANAGEMENT_PORT=${TIERGATE_LOCAL_MANAGEMENT_PORT:-9000}
UPSTREAM_PORT=8091
KC_PORT=${TIERGATE_LOCAL_KC_PORT:-8180}

(exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT") 2>/dev/null && die "port $GATEWAY_PORT is in use: stop the running gateway first"
ensure_gateway_jar "$build"
ensure_local_stack
work=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-stream-bench.XXXXXX")
cleanup() {
  [ -n "${gateway_pid:-}" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  grep -ho 'audit append latency.*' "$work/gateway.log" 2>/dev/null || true
  [ -n "${upstream_pid:-}" ] && kill "$upstream_pid" 2>/dev/null && wait "$upstream_pid" 2>/dev/null || true
  [ "$started_stack" = true ] && scripts/local-stack.sh down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

python3 bench/stream/upstream.py --port "$UPSTREAM_PORT" --interval-ms 50 2>"$work/upstream.log" &
upstream_pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$UPSTREAM_PORT/health" 2>/dev/null; do sleep 0.2; done

log "starting a fresh gateway on 127.0.0.1:$GATEWAY_PORT"
java -Dquarkus.profile=local -Dquarkus.http.port="$GATEWAY_PORT" -Dquarkus.management.port="$MANAGEMENT_PORT" \
  -Dlocal.pg-port="${TIERGATE_LOCAL_PG_PORT:-55432}" -Dlocal.keycloak-port="$KC_PORT" \
  -Dlocal.upstream-port="${TIERGATE_LOCAL_UPSTREAM_PORT:-8090}" \
  '-Dtiergate.catalog.routes."bench-stream".upstream=http://127.0.0.1:'"$UPSTREAM_PORT"'/v1' \
  '-Dtiergate.catalog.routes."bench-stream".tier=1' \
  '-Dtiergate.catalog.routes."bench-stream-t2".upstream=http://127.0.0.1:'"$UPSTREAM_PORT"'/v1' \
  '-Dtiergate.catalog.routes."bench-stream-t2".tier=2' \
  -jar target/quarkus-app/quarkus-run.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 2>/dev/null; do
  kill -0 "$gateway_pid" 2>/dev/null || { tail -n 30 "$work/gateway.log" >&2; die "the gateway exited during start-up"; }
  sleep 0.3
done
KC=$KC_PORT
TOKEN=$(token alice)
# alice's grant for bench-stream-t2 (purpose debugging), approved by priya
request=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"resource":{"kind":"llm_route","name":"bench-stream-t2"},"purpose":"debugging","justification":"relay-delay bench","duration":"PT8H"}' \
  "http://127.0.0.1:$GATEWAY_PORT/api/access-requests" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -fsS -o /dev/null -H "Authorization: Bearer $(token priya)" -H 'Content-Type: application/json' -d '{}' \
  "http://127.0.0.1:$GATEWAY_PORT/api/access-requests/$request/approve"

direct=http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions
hold_off=(--gateway "http://127.0.0.1:$GATEWAY_PORT/llm/bench-stream-t2/v1/chat/completions" --purpose debugging)
hold_on=(--gateway "http://127.0.0.1:$GATEWAY_PORT/llm/bench-stream/v1/chat/completions")
measure() { # label, measure.py arguments
  local label=$1
  shift
  python3 bench/stream/measure.py --direct "$direct" --token "$TOKEN" "${hold_off[@]}" --label "$label, hold off" "$@"
  python3 bench/stream/measure.py --direct "$direct" --token "$TOKEN" "${hold_on[@]}" --label "$label, hold on" "$@"
}
log "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "fresh gateway" --streams 5
python3 bench/stream/measure.py --direct "$direct" --token "$TOKEN" "${hold_off[@]}" --streams 1 --warm-up 150 --label "warm-up" >/dev/null
python3 bench/stream/measure.py --direct "$direct" --token "$TOKEN" "${hold_on[@]}" --streams 1 --warm-up 150 --label "warm-up" >/dev/null
measure "warm gateway (after 300 fast streams), a new connection per call" --streams "$streams"
measure "warm gateway, one kept-alive connection per path" --streams "$streams" --keep-alive
log "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
