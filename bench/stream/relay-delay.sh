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
# (the upstream stamps the monotonic clock into every event), then the gateway's added time.
#
#   flock /work/heavy.lock bench/stream/relay-delay.sh [--no-build] [STREAMS]   (default 20)
#
# Uses the local run's fixed ports (8080 gateway, 8180 Keycloak, 55432 PostgreSQL) and 8091 for
# the upstream; stops what it started (the local stack only if it was not already running).
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
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
if [ "$build" = true ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  scripts/ensure-opa.sh >/dev/null
  log "building the gateway jar"
  mvn -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar >/dev/null
fi

started_stack=false
if ! scripts/local-stack.sh status >/dev/null 2>&1; then
  scripts/local-stack.sh up
  started_stack=true
fi
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
  -jar target/quarkus-app/quarkus-run.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 2>/dev/null; do
  kill -0 "$gateway_pid" 2>/dev/null || { tail -n 30 "$work/gateway.log" >&2; die "the gateway exited during start-up"; }
  sleep 0.3
done
TOKEN=$(curl -fsS -d grant_type=password -d client_id=tiergate-cli -d username=alice -d password=alice \
  "http://127.0.0.1:$KC_PORT/realms/tiergate/protocol/openid-connect/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

direct=http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions
gateway=http://127.0.0.1:$GATEWAY_PORT/llm/bench-stream/v1/chat/completions
log "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/stream/measure.py --direct "$direct" --gateway "$gateway" --token "$TOKEN" --streams 5 --label "fresh gateway"
python3 bench/stream/measure.py --direct "$direct" --gateway "$gateway" --token "$TOKEN" --streams "$streams" \
  --warm-up 300 --label "warm gateway (after 300 fast streams), a new connection per call"
python3 bench/stream/measure.py --direct "$direct" --gateway "$gateway" --token "$TOKEN" --streams "$streams" \
  --keep-alive --label "warm gateway, one kept-alive connection per path"
