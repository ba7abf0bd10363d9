#!/usr/bin/env bash
# What the first callers of a freshly started gateway meet, with the warm-up of the request path
# (tiergate.proxy.warm-up, io.tiergate.proxy.PathWarmUp) off and on, alternated in one run so that
# both see the same machine: for each start, the time from launch to ready, and the latency of the
# first CALLS non-streamed 4 KB Tier 1 chat calls (bench/compare/body.py) made one after another as
# soon as the gateway is ready, through the local stack's demo upstream. Prints per mode the first
# call, the median of calls 1-10 and of the rest, over all rounds.
#
#   flock /work/heavy.lock bench/load/fresh-start.sh [--rounds R] [--calls N] [--warm-up D] [--no-build]
#     --rounds R   starts per mode (default 3)    --calls N   calls per start (default 40)
#     --warm-up D  the warm-up of mode "on" (a Quarkus duration, default: the configured one, 3s)
#
# Uses the local run's fixed ports (8080 gateway, 9000 management, 8180 Keycloak, 55432 PostgreSQL,
# 8090 demo upstream); starts the local stack when it is not running and stops what it started.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/lib.sh"
cd "$TIERGATE_ROOT"

rounds=3 calls=40 build=true warm_up=
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --warm-up) warm_up=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

GW=8080 MGMT=${TIERGATE_LOCAL_MANAGEMENT_PORT:-9000} KC=${TIERGATE_LOCAL_KC_PORT:-8180}
TIERGATE_LOCAL_PG_PORT=${TIERGATE_LOCAL_PG_PORT:-55432} TIERGATE_LOCAL_UPSTREAM_PORT=${TIERGATE_LOCAL_UPSTREAM_PORT:-8090}
(exec 3<>"/dev/tcp/127.0.0.1/$GW") 2>/dev/null && die "port $GW is in use: stop the running gateway first"
command -v jq >/dev/null || die "jq is needed"
ensure_gateway_jar "$build"
ensure_local_stack
work=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-fresh-start.XXXXXX")
gateway_pid=
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  [ "$started_stack" = true ] && scripts/local-stack.sh down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
python3 bench/compare/body.py >"$work/body.json"
log "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $rounds starts per mode, $calls calls each"

for round in $(seq 1 "$rounds"); do
  for mode in off on; do
    token=$(token alice)
    launched=$(date +%s.%N)
    if [ "$mode" = off ]; then GATEWAY_OPTS=-Dtiergate.proxy.warm-up=0s; else GATEWAY_OPTS=${warm_up:+-Dtiergate.proxy.warm-up=$warm_up}; fi
    start_gateway "$work/gateway-$mode-$round.log"
    ready=$(date +%s.%N)
    for i in $(seq 1 "$calls"); do
      curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' --data-binary "@$work/body.json" \
        "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions"
    done >"$work/calls-$mode-$round.txt"
    stop_gateway
    awk -v m="$mode" -v r="$round" -v s="$(echo "$ready - $launched" | bc)" \
      '$1 != 200 {bad++} END {printf "  round %d, warm-up %-3s: ready after %.1f s, %d calls, %d not 200\n", r, m, s, NR, bad}' \
      "$work/calls-$mode-$round.txt" >&2
    echo "$mode $(echo "$ready - $launched" | bc)" >>"$work/ready.txt"
  done
done

python3 - "$work" "$rounds" <<'EOF'
import statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
print("| warm-up | ready after (s, median) | first call ms (median of starts) | calls 1-10 p50 ms | calls 11+ p50 ms |")
print("| --- | --- | --- | --- | --- |")
ready = {}
for line in open(f"{work}/ready.txt"):
    mode, s = line.split()
    ready.setdefault(mode, []).append(float(s))
for mode in ("off", "on"):
    firsts, early, late = [], [], []
    for r in range(1, rounds + 1):
        times = [float(l.split()[1]) * 1000 for l in open(f"{work}/calls-{mode}-{r}.txt")]
        firsts.append(times[0]); early += times[:10]; late += times[10:]
    print(f"| {mode} | {statistics.median(ready[mode]):.1f} | {statistics.median(firsts):.1f} | "
          f"{statistics.median(early):.2f} | {statistics.median(late) if late else float('nan'):.2f} |")
EOF
