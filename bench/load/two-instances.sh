#!/usr/bin/env bash
# Two gateway instances on one PostgreSQL, under load: one audit chain, and every response matched
# against it; and the throughput of two instances against one, in the same run.
#
#   bench/load/two-instances.sh [SECONDS] [CONNECTIONS]      (default 30 s, 16 connections)
#
# Starts its own stack (PostgreSQL, Keycloak, demo upstream) under $TIERGATE_CACHE/two and the
# gateway (profile local) from target/quarkus-app, and stops everything when done. wrk drives the
# audit mix of bench/load/audit-mix.lua (8 in 10 Tier 1 chats, 1 in 10 Tier 2 reads under a grant,
# 1 in 10 denied prompts), in three phases of SECONDS each after a warm-up:
#   one   one instance, CONNECTIONS connections;
#   two   two instances at once, CONNECTIONS / 2 connections each (the same offered concurrency);
#   one   one instance again (the machine drifts: the two "one" rows bracket the "two" row).
# Then the checks: scripts/audit-verify.sh over the whole chain (both instances appended to it), and
# bench/load/audit-restart.py over the "two" phase (every 200 has exactly one allowed decision event,
# every 403 one denied, nothing else allowed). Prints one line per phase and the checks' summaries.
# Ports (127.0.0.1): PostgreSQL 55482, Keycloak 8480, upstream 8481, gateways 8482/8483,
# management 9482/9483. Results: $TIERGATE_CACHE/two/run-<id>/.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/lib.sh"
cd "$TIERGATE_ROOT"

duration=${1:-30}
connections=${2:-16}
export TIERGATE_LOCAL_DIR=$TIERGATE_CACHE/two
export TIERGATE_LOCAL_PG_PORT=55482 TIERGATE_LOCAL_KC_PORT=8480 TIERGATE_LOCAL_UPSTREAM_PORT=8481
KC=$TIERGATE_LOCAL_KC_PORT
GW_A=8482 GW_B=8483 MGMT_A=9482 MGMT_B=9483
run_id=two$(date +%s)
run_dir=$TIERGATE_LOCAL_DIR/run-$run_id
mkdir -p "$run_dir"
need_wrk_and_psql

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/local-stack.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT

instance() { # name port management-port: starts one gateway; its pid is appended to pids
  GW=$2 MGMT=$3 start_gateway "$run_dir/gateway-$1.log"
  pids+=("$gateway_pid")
}
mix() { # phase port connections seconds (responses go to $OUT_DIR/responses-<phase>-*.log)
  OUT_TAG="$1-$2-" RUN_ID="$run_id-$1" wrk -t1 -c"$3" -d"${4}s" --timeout 10s -s bench/load/audit-mix.lua "http://127.0.0.1:$2"
}
rps() { awk '/Requests\/sec/ {print int($2)}' "$1"; }

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests >/dev/null
scripts/local-stack.sh up >/dev/null
instance a "$GW_A" "$MGMT_A"
instance b "$GW_B" "$MGMT_B"
GW=$GW_A tokens_and_grant
export OUT_DIR=$run_dir

log "warm-up: 20 s on each instance"
mix warmup "$GW_A" "$connections" 20 >/dev/null &
warm_a=$!
mix warmup "$GW_B" "$connections" 20 >/dev/null
wait "$warm_a" # not a bare wait: the gateways are children too
rm -f "$run_dir"/responses-*.log

log "phase one-1: instance a alone, $connections connections, ${duration}s"
mix one1 "$GW_A" "$connections" "$duration" >"$run_dir/wrk-one1.txt"
log "phase two: instances a and b at once, $((connections / 2)) connections each, ${duration}s"
echo "two_start $(date +%s.%N)" >"$run_dir/timeline"
mix two "$GW_A" "$((connections / 2))" "$duration" >"$run_dir/wrk-two-a.txt" &
two_a=$!
mix two "$GW_B" "$((connections / 2))" "$duration" >"$run_dir/wrk-two-b.txt"
wait "$two_a"
echo "two_end $(date +%s.%N)" >>"$run_dir/timeline"
log "phase one-2: instance a alone again"
mix one2 "$GW_A" "$connections" "$duration" >"$run_dir/wrk-one2.txt"

echo "| phase | instances | connections | req/s |"
echo "| --- | --- | --- | --- |"
echo "| one (before) | 1 | $connections | $(rps "$run_dir/wrk-one1.txt") |"
echo "| two | 2 | $((connections / 2)) + $((connections / 2)) | $(( $(rps "$run_dir/wrk-two-a.txt") + $(rps "$run_dir/wrk-two-b.txt") )) ($(rps "$run_dir/wrk-two-a.txt") + $(rps "$run_dir/wrk-two-b.txt")) |"
echo "| one (after) | 1 | $connections | $(rps "$run_dir/wrk-one2.txt") |"

for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()

PGPASSWORD=tiergate psql -X -q -h 127.0.0.1 -p "$TIERGATE_LOCAL_PG_PORT" -U tiergate -d tiergate \
  -c "\\copy (select client_request_id, kind, allowed, outcome, action from audit_event where client_request_id like '$run_id-two-%') to '$run_dir/events.csv' csv"
mkdir -p "$run_dir/two"
mv "$run_dir"/responses-two-*.log "$run_dir/events.csv" "$run_dir/timeline" "$run_dir/two/"
PGPASSWORD=tiergate_app scripts/audit-verify.sh "postgresql://tiergate_app@127.0.0.1:$TIERGATE_LOCAL_PG_PORT/tiergate"
python3 bench/load/audit-restart.py --fault two_start two_start "$run_dir/two"
