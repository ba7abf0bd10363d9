#!/usr/bin/env bash
# Gateway-added latency, roughly: the same Tier 1 chat completion sent straight to the demo
# upstream and through the gateway (OIDC check, classification, Wasm policy decision, durable
# audit row, forwarding), with wrk at fixed concurrency. Needs the local run
# (scripts/run-local.sh) up on the default ports. Each run stops by itself.
#   bench/load/gateway-latency.sh [SECONDS]      (default 20 s per run)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$TIERGATE_ROOT"

duration=${1:-20}
command -v wrk >/dev/null || {
  [ "$(id -u)" -eq 0 ] || die "wrk is needed: sudo apt-get install wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
}
curl -fsS -o /dev/null http://127.0.0.1:9000/q/health/ready || die "start the gateway first: scripts/run-local.sh"
TOKEN=$(curl -fsS -d grant_type=client_credentials -d client_id=rag-service -d client_secret=rag-service-secret \
  http://127.0.0.1:8180/realms/tiergate/protocol/openid-connect/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
export TOKEN

run() { # name url connections
  local out
  out=$(wrk -t1 -c"$3" -d"${duration}s" --latency -s bench/load/chat.lua "$2")
  awk -v name="$1" -v c="$3" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { errors = $NF }
    END { printf "%-9s c=%-3s %10s req/s   p50 %-9s p90 %-9s p99 %-9s non-2xx %s\n", name, c, rps, p50, p90, p99, (errors ? errors : 0) }' <<<"$out"
}

log "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; ${duration}s per run"
for c in 1 8; do
  run direct "http://127.0.0.1:8090/openai/v1/chat/completions" "$c"
  run gateway "http://127.0.0.1:8080/llm/external-gpt/v1/chat/completions" "$c"
done
