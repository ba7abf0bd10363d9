#!/usr/bin/env bash
# Load run for the audit log's guarantees: proxied calls at the highest rate this machine
# sustains, PostgreSQL stopped and started again in the middle, then a check of every response
# against the audit log (bench/load/audit-restart.py) and of the hash chain (scripts/audit-verify.sh).
#
#   bench/load/audit-restart.sh [SECONDS] [CONNECTIONS]      (default 60 s; connections: calibrated)
#
# Starts its own stack (PostgreSQL, Keycloak, demo upstream) under $TIERGATE_CACHE/load and the
# gateway (profile local), on the ports of TIERGATE_LOCAL_{PG,KC,UPSTREAM,GATEWAY}_PORT (defaults
# 55452, 8290, 8191, 8390), and stops everything when done. wrk (Debian's package) drives it: 8 in 10
# calls a Tier 1 chat completion, 1 in 10 a Tier 2 dataset read under a grant, 1 in 10 a denied
# prompt. After a third of the run, PostgreSQL is stopped for 8 s (scripts/pg.sh stop/start on the
# run's data directory). Results: $TIERGATE_CACHE/load/run-<id>/ and the summary on stdout.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/lib.sh"
cd "$TIERGATE_ROOT"

duration=${1:-60}
connections=${2:-}
export TIERGATE_LOCAL_DIR=$TIERGATE_CACHE/load
export TIERGATE_LOCAL_PG_PORT=${TIERGATE_LOCAL_PG_PORT:-55452}
export TIERGATE_LOCAL_KC_PORT=${TIERGATE_LOCAL_KC_PORT:-8290}
export TIERGATE_LOCAL_UPSTREAM_PORT=${TIERGATE_LOCAL_UPSTREAM_PORT:-8191}
GW=${TIERGATE_LOCAL_GATEWAY_PORT:-8390}
MGMT=${TIERGATE_LOCAL_MANAGEMENT_PORT:-9390}
KC=$TIERGATE_LOCAL_KC_PORT
PG_DIR=$TIERGATE_LOCAL_DIR/postgres
run_id=load$(date +%s)
run_dir=$TIERGATE_LOCAL_DIR/run-$run_id
mkdir -p "$run_dir"

need_wrk_and_psql

cleanup() {
  if [ -n "${gateway_pid:-}" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  scripts/local-stack.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests >/dev/null
scripts/local-stack.sh up >/dev/null
start_gateway "$run_dir/gateway-setup.log"

tokens_and_grant
export OUT_DIR=$run_dir

mix() { # name connections seconds
  RUN_ID="$run_id-$1" wrk -t2 -c"$2" -d"${3}s" --timeout 10s --latency -s bench/load/audit-mix.lua "http://127.0.0.1:$GW"
}

if [ -z "$connections" ]; then
  log "calibrating: 8 s per concurrency level"
  best=0
  for c in 8 16 32 64 128; do
    rps=$(mix "cal$c" "$c" 8 | awk '/Requests\/sec/ {print int($2)}')
    log "  $c connections: $rps req/s"
    if [ "$rps" -gt "$best" ]; then best=$rps; connections=$c; fi
  done
  rm -f "$run_dir"/responses-*.log
fi
# A fresh gateway, warmed up for 20 s at the same concurrency; its own figures (scraped from
# /q/metrics before and after) cover the main run only.
stop_gateway
start_gateway "$run_dir/gateway.log"
RUN_ID="$run_id-warmup" wrk -t2 -c"$connections" -d20s -s bench/load/audit-mix.lua "http://127.0.0.1:$GW" >/dev/null
rm -f "$run_dir"/responses-*.log
curl -fsS "http://127.0.0.1:$MGMT/q/metrics" >"$run_dir/metrics-before.txt"

log "load run: ${duration}s, $connections connections; PostgreSQL stopped after $((duration / 3))s for 8s"
mix main "$connections" "$duration" >"$run_dir/wrk.txt" &
wrk_pid=$!
sleep $((duration / 3))
echo "pg_stopping $(date +%s.%N)" >"$run_dir/timeline"
scripts/pg.sh stop "$PG_DIR" 2>>"$run_dir/pg.log"
echo "pg_stopped $(date +%s.%N)" >>"$run_dir/timeline"
curl -s "http://127.0.0.1:$MGMT/q/health/ready" >"$run_dir/ready-while-down.json" || true
sleep 8
echo "pg_starting $(date +%s.%N)" >>"$run_dir/timeline"
TIERGATE_PG_INSTALL=maven scripts/pg.sh start "$PG_DIR" "$TIERGATE_LOCAL_PG_PORT" tiergate tiergate tiergate tiergate_app tiergate_app \
  >/dev/null 2>>"$run_dir/pg.log"
echo "pg_started $(date +%s.%N)" >>"$run_dir/timeline"
wait "$wrk_pid"
cat "$run_dir/wrk.txt"

# The gateway's own figures for the main run: audit commit, grant lookup, gateway-added latency, ...
curl -fsS "http://127.0.0.1:$MGMT/q/metrics" >"$run_dir/metrics-after.txt"
stop_gateway
python3 bench/load/metrics.py "$run_dir/metrics-before.txt" "$run_dir/metrics-after.txt"

PGPASSWORD=tiergate psql -X -q -h 127.0.0.1 -p "$TIERGATE_LOCAL_PG_PORT" -U tiergate -d tiergate \
  -c "\\copy (select client_request_id, kind, allowed, outcome, action from audit_event where client_request_id like '$run_id-main-%') to '$run_dir/events.csv' csv"
echo "readiness while PostgreSQL was down: $(jq -c '[.status, (.checks[] | select(.name == "audit-writer") | .status)]' "$run_dir/ready-while-down.json" 2>/dev/null || cat "$run_dir/ready-while-down.json")"
PGPASSWORD=tiergate_app scripts/audit-verify.sh "postgresql://tiergate_app@127.0.0.1:$TIERGATE_LOCAL_PG_PORT/tiergate"
python3 bench/load/audit-restart.py --fail-closed "$run_dir"
