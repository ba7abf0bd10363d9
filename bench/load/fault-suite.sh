#!/usr/bin/env bash
# Fault suite: each scenario runs the audit-mix traffic (bench/load/audit-mix.lua, c=16) against a
# fresh gateway (the `opa` scenario with the remote policy engine, a real OPA server; the others with
# the default, embedded one unless FAULT_ENGINE=remote), injects one fault a third of the way in, and checks every response against the audit log (bench/load/audit-restart.py), the
# upstream's own log of request ids against the allowed decision events, and the hash chain and its
# signed checkpoints (scripts/audit-verify.sh --checkpoints).
#
#   bench/load/fault-suite.sh [SCENARIO...]     default: opa upstream greedy kill9 idp
#     opa       the OPA server killed (-9) and restarted 8 s later: nothing allowed in the gap
#     upstream  the demo upstream killed (-9) mid-stream and restarted 5 s later (1 call in 10 streamed)
#     greedy    1 000 concurrent streamed calls, 50 slow readers, 150 slow writers (slowloris headers
#               and bodies), 2 000 idle keep-alives, while the mix measures everyone else's latency
#     kill9     the gateway killed (-9) and restarted
#     idp       Keycloak stopped: tokens already issued keep working, new sign-ins fail
#   FAULT_SECONDS (default 30) per scenario, after FAULT_WARMUP seconds (default 30, 0 for none) of the
#   same mix with streams against the scenario's fresh gateway, not measured; FAULT_CONNECTIONS (default 16);
#   FAULT_GREEDY: the greedy scenario's parts, "streams" (the 1 000 streams) and/or "slow" (greedy-clients.py),
#   default both; FAULT_ENGINE: "remote" runs every scenario with the OPA server as its policy engine
#   (default: only `opa`, the others with the gateway's default); FAULT_GATEWAY_OPTS: more JVM
#   options for the gateways (e.g. -Dtiergate.callers.concurrency=100000 to see the greedy run without the per-caller limit).
#
# Own stack under $TIERGATE_CACHE/faults on ports 55462 (PostgreSQL), 8300 (Keycloak), 8201 (upstream),
# 8402 (OPA), 8400 (gateway); stops everything when done. Prints one line per scenario (a Markdown
# table row, kept in docs/RELIABILITY.md) and its details; results in $TIERGATE_CACHE/faults/run-<id>/.
# Exit 1 when an invariant does not hold in some scenario.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/lib.sh"
cd "$TIERGATE_ROOT"

scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(opa upstream greedy kill9 idp)
secs=${FAULT_SECONDS:-30}
conns=${FAULT_CONNECTIONS:-16}
warmup=${FAULT_WARMUP:-30}
greedy_parts=${FAULT_GREEDY:-streams,slow}
export TIERGATE_LOCAL_DIR=$TIERGATE_CACHE/faults
export TIERGATE_LOCAL_PG_PORT=55462 TIERGATE_LOCAL_KC_PORT=8300 TIERGATE_LOCAL_UPSTREAM_PORT=8201
GW=8400 KC=8300 OPA_PORT=8402 MGMT=9400
run_id=fault$(date +%s)
run_dir=$TIERGATE_LOCAL_DIR/run-$run_id
mkdir -p "$run_dir"
export TIERGATE_UPSTREAM_REQUEST_LOG=$run_dir/upstream-ids.log

need_wrk_and_psql
need_tool jq
need_tool openssl
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

cleanup() {
  # each step on its own: under set -e a kill of a process already gone would end the trap before the stack is down
  [ -n "${cpu_pid:-}" ] && kill "$cpu_pid" 2>/dev/null || true
  [ -n "${gateway_pid:-}" ] && kill -9 "$gateway_pid" 2>/dev/null || true
  [ -n "${opa_pid:-}" ] && kill "$opa_pid" 2>/dev/null || true
  scripts/local-stack.sh down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The checkpoint key, readable by the gateway only; the public key pinned for the verification.
openssl genpkey -algorithm ed25519 -out "$run_dir/checkpoint-key.pem" 2>/dev/null
chmod 600 "$run_dir/checkpoint-key.pem"
openssl pkey -in "$run_dir/checkpoint-key.pem" -pubout -out "$run_dir/checkpoint-public.pem"

opa=$(scripts/ensure-opa.sh)
start_opa() {
  "$opa" run --server --addr "127.0.0.1:$OPA_PORT" --skip-version-check --disable-telemetry --log-level error \
    --ignore contract --ignore '*_test.rego' policies >>"$run_dir/opa.log" 2>&1 &
  opa_pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$OPA_PORT/health" 2>/dev/null; do sleep 0.2; done
}

log "building the gateway"
mvn -B -q package -DskipTests >/dev/null
scripts/local-stack.sh up >/dev/null
start_opa
instance=0
gateway() { # scenario: a fresh gateway, its own GC log and checkpoint instance name
  instance=$((instance + 1))
  local engine=
  # the sidecar's own cost (an HTTP round trip per query, on the same two cores) only where its faults are the point
  [ "$1" = opa ] || [ "${FAULT_ENGINE:-}" = remote ] && engine="-Dtiergate.policy.engine=remote"
  GATEWAY_OPTS="-Xlog:gc:file=$run_dir/$1/gc-$instance.log $engine
    -Dtiergate.policy.remote.url=http://127.0.0.1:$OPA_PORT -Dtiergate.audit.checkpoint.signing-key=$run_dir/checkpoint-key.pem
    -Dtiergate.audit.checkpoint.file=$run_dir/checkpoints.log -Dtiergate.audit.checkpoint.interval=10s
    -Dtiergate.audit.checkpoint.instance=gateway-$instance ${FAULT_GATEWAY_OPTS:-}" start_gateway "$run_dir/$1/gateway-$instance.log"
}
mark() { echo "$1 $(date +%s.%N)" >>"$dir/timeline"; }
ready() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$MGMT/q/health/ready" || true; }
heap_hwm() { # the highest heap occupancy before a collection, over the GC logs of the scenario (MB)
  cat "$dir"/gc-*.log 2>/dev/null | sed -nE 's/.* ([0-9]+)M->[0-9]+M\([0-9]+M\).*/\1/p' | sort -n | tail -1
}
rss_hwm() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$gateway_pid/status" 2>/dev/null || echo "?"; }
count() { PGPASSWORD=tiergate psql -X -q -A -t -h 127.0.0.1 -p "$TIERGATE_LOCAL_PG_PORT" -U tiergate -d tiergate -c "$1"; }

# --- the faults --------------------------------------------------------------------------------
fault_opa() {
  kill -9 "$opa_pid"; wait "$opa_pid" 2>/dev/null || true
  mark fault_from
  sleep 1
  notes="readiness in the gap: $(ready)"
  sleep 7
  mark fault_to
  start_opa
  check_opts=(--fail-closed)
}
fault_upstream() {
  kill -9 "$(cat "$TIERGATE_LOCAL_DIR/demo-upstream.pid")"
  mark fault_from
  sleep 5
  mark fault_to
  scripts/local-stack.sh up >/dev/null
}
fault_kill9() {
  kill -9 "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
  mark fault_from
  gateway "$name"
  mark fault_to
}
fault_idp() {
  scripts/keycloak.sh stop "$TIERGATE_LOCAL_DIR/keycloak" >/dev/null 2>&1
  mark fault_from
  local new_token unauth garbage signin
  new_token=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -d grant_type=client_credentials -d client_id=rag-service \
    -d client_secret=rag-service-secret "http://127.0.0.1:$KC/realms/tiergate/protocol/openid-connect/token" || true)
  unauth=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions" || true)
  garbage=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Authorization: Bearer not.a.token' \
    "http://127.0.0.1:$GW/api/access-requests" || true)
  signin=$(curl -s -o "$dir/signin.txt" -w '%{http_code}' --max-time 15 "http://127.0.0.1:$GW/admin/" || true)
  notes="in the outage: new token from Keycloak $new_token, no token $unauth, bad token $garbage, console sign-in $signin"
  sleep $((secs / 3))
  mark fault_to
}
greedy_pids=()
fault_greedy() {
  mark fault_from
  # the greedy caller is bob (a developer): the mix's callers are the others whose latency is measured
  if [[ ,$greedy_parts, == *,streams,* ]]; then
    RUN_ID="$run_id-greedy" OUT_TAG=s ONLY_STREAMS=1 TOKEN_SERVICE=$TOKEN_GREEDY wrk -t2 -c1000 -d"$((secs / 2))s" --timeout 30s \
      -s bench/load/audit-mix.lua "http://127.0.0.1:$GW" >"$dir/wrk-1000-streams.txt" 2>&1 &
    greedy_pids+=($!)
  fi
  if [[ ,$greedy_parts, == *,slow,* ]]; then
    python3 bench/load/greedy-clients.py 127.0.0.1 "$GW" "$MGMT" "$((secs / 2))" "$TOKEN_GREEDY" >"$dir/greedy-clients.txt" 2>&1 &
    greedy_pids+=($!)
  fi
  wait "${greedy_pids[@]}" || true
  mark fault_to
  notes="$(grep -E 'Requests/sec|Non-2xx|Socket errors' "$dir/wrk-1000-streams.txt" 2>/dev/null | tr -s ' ' | paste -sd';' -) / $(paste -sd';' "$dir/greedy-clients.txt" 2>/dev/null || true)"
}

# --- one scenario ------------------------------------------------------------------------------
failed=0
rows=()
for name in "${scenarios[@]}"; do
  declare -F "fault_$name" >/dev/null || die "no such scenario: $name"
  dir=$run_dir/$name
  mkdir -p "$dir"
  notes= check_opts=()
  upstream_lines=$(wc -l <"$TIERGATE_UPSTREAM_REQUEST_LOG" 2>/dev/null || echo 0)
  gateway "$name"
  tokens_and_grant
  [ "$name" = greedy ] && TOKEN_GREEDY=$(token bob)
  export OUT_DIR=$dir
  streams=0
  [ "$name" = upstream ] && streams=1
  if [ "$warmup" -gt 0 ]; then
    # a gateway warmed by the same kinds of calls (streams included) as the scenario will see, so that
    # "outside the fault" and "during the fault" compare one JIT state, not a cold JVM with a warmer one
    log "scenario $name: ${warmup}s of warm-up at c=$conns (not measured)"
    mkdir -p "$dir/warm-up"
    OUT_DIR=$dir/warm-up RUN_ID="$run_id-warm-$name" STREAMS=1 wrk -t2 -c"$conns" -d"${warmup}s" --timeout 10s \
      -s bench/load/audit-mix.lua "http://127.0.0.1:$GW" >"$dir/warm-up/wrk.txt" 2>&1 || true
  fi
  log "scenario $name: ${secs}s at c=$conns, the fault after $((secs / 3))s"
  RUN_ID="$run_id-$name" STREAMS=$streams wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency \
    -s bench/load/audit-mix.lua "http://127.0.0.1:$GW" >"$dir/wrk.txt" 2>&1 &
  wrk_pid=$!
  # where the machine's two cores go, before the fault and during it (bench/load/cpu-split.py)
  python3 bench/load/cpu-split.py "$dir/cpu-before.txt" >/dev/null & cpu_pid=$!
  sleep $((secs / 3))
  kill "$cpu_pid"; wait "$cpu_pid" || true
  python3 bench/load/cpu-split.py "$dir/cpu-during.txt" >/dev/null & cpu_pid=$!
  "fault_$name"
  kill "$cpu_pid"; wait "$cpu_pid" || true
  wait "$wrk_pid" || true
  heap=$(heap_hwm) rss=$(rss_hwm)
  # a clean stop signs the last checkpoint
  stop_gateway
  count "\\copy (select client_request_id, kind, allowed, outcome, action from audit_event where client_request_id like '$run_id-$name-%') to '$dir/events.csv' csv"
  # every id the upstream saw (the decision id of an LLM call, the gateway's request id of a dataset
  # read) must belong to an allowed decision that no correction voids: the greedy clients' calls too
  count "\\copy (select e.event_id, e.request_id from audit_event e where e.kind = 'decision' and e.allowed and not exists (select 1 from audit_event c where c.kind = 'correction' and c.target_id = e.event_id::text)) to '$dir/allowed-ids.csv' csv"
  tail -n +"$((upstream_lines + 1))" "$TIERGATE_UPSTREAM_REQUEST_LOG" >"$dir/upstream-ids.log" 2>/dev/null || true
  case $name in
    opa) notes="$notes; denied policy_engine_unavailable: $(count "select count(*) from audit_event where client_request_id like '$run_id-$name-%' and 'policy_engine_unavailable' = any(reasons)")" ;;
    upstream) notes="upstream_failed outcomes: $(count "select count(*) from audit_event where client_request_id like '$run_id-$name-%' and outcome = 'upstream_failed'")" ;;
  esac
  verdict=ok
  python3 bench/load/audit-restart.py "$dir" --fault fault_from fault_to "${check_opts[@]}" \
    --upstream-ids "$dir/upstream-ids.log" --allowed-ids "$dir/allowed-ids.csv" --latency-of "$run_id-$name-[0-9]" \
    >"$dir/check.txt" || verdict=VIOLATION
  PGPASSWORD=tiergate_app scripts/audit-verify.sh --checkpoints "$run_dir/checkpoints.log" --public-key "$run_dir/checkpoint-public.pem" \
    "postgresql://tiergate_app@127.0.0.1:$TIERGATE_LOCAL_PG_PORT/tiergate" >"$dir/verify.txt" 2>&1 || verdict="$verdict, chain BROKEN"
  [ "$verdict" = ok ] || failed=1
  cat "$dir/check.txt" "$dir/verify.txt" >&2
  { echo "CPU before the fault:"; cat "$dir/cpu-before.txt"; echo "CPU during the fault:"; cat "$dir/cpu-during.txt"; } >&2
  s=$(grep '^summary:' "$dir/check.txt" | sed 's/^summary: //')
  get() { sed -nE "s/.*(^| )$1=([^ ]*).*/\\2/p" <<<"$s"; }
  row="| $name | $(get requests) | $(get allowed) | $(get allowed_events) | $(get allowed_in_fault) | $(get p99_outside_ms) | $(get p99_fault_ms) | ${heap:-?} | $rss | $(get statuses) | $(get streams) | $verdict | ${notes:--} |"
  rows+=("$row")
  echo "$row"
  if [ "$name" = idp ] && [ "$name" != "${scenarios[-1]}" ]; then
    scripts/local-stack.sh up >/dev/null # Keycloak back for the next scenario's tokens
  fi
done
echo
echo "| scenario | requests | allowed | allowed events | allowed during the fault | p99 outside the fault (ms) | p99 during the fault (ms) | heap high-water (MB) | RSS high-water (MB) | statuses | stream ends | verdict | notes |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo "checkpoints: $(tail -n1 "$run_dir/$name/verify.txt")"
exit "$failed"
