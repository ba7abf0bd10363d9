#!/usr/bin/env bash
# A large JSON-lines dataset payload (100 MB by default) read in full through the gateway, with the
# gateway's memory watched while it streams (issue 10: "a 100 MB JSON-lines body is scanned in full
# with bounded memory"):
#
#   1. bench/payload/generate.py writes the payload (staff records: a declared Tier 2 "email" field,
#      prose, every 50th record with an undeclared address), bench/payload/upstream.py serves it;
#   2. the local stack (PostgreSQL, Keycloak) and a fresh gateway with a capped heap (-Xmx, default
#      256m) whose catalog has dataset "bench-staff" (Tier 1, /email Tier 2) on that upstream;
#   3. the payload is read straight from the upstream, then through the gateway as alice (no grant:
#      every email masked, every undeclared address redacted), while the gateway's resident set
#      (/proc/<pid>/status) is sampled every 200 ms and its heap is read from its GC log (-Xlog:gc);
#   4. prints the time and MB/s of both reads, the CPU seconds the gateway spent (MB per CPU second:
#      the walk's cost whatever else runs on the machine), the gateway's peak heap and RSS during the
#      read against before it, and checks the output: as many records as went in, every email
#      masked, no undeclared address left.
#
#   flock /work/heavy.lock bench/payload/large-jsonl.sh [--no-build] [MB] [XMX]
#
# Uses the local run's ports (8080 gateway, 9000 management, 8180 Keycloak, 55432 PostgreSQL) and
# 8092 for the upstream; stops what it started. TIERGATE_LOCAL_DIR picks the local stack's folder.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/../load/lib.sh"
cd "$TIERGATE_ROOT"

build=true
if [ "${1:-}" = "--no-build" ]; then
  build=false
  shift
fi
mb=${1:-100}
xmx=${2:-256m}
GW=8080
MGMT=${TIERGATE_LOCAL_MANAGEMENT_PORT:-9000}
KC=${TIERGATE_LOCAL_KC_PORT:-8180}
TIERGATE_LOCAL_PG_PORT=${TIERGATE_LOCAL_PG_PORT:-55432}
TIERGATE_LOCAL_UPSTREAM_PORT=${TIERGATE_LOCAL_UPSTREAM_PORT:-8090}
UPSTREAM_PORT=8092

(exec 3<>"/dev/tcp/127.0.0.1/$GW") 2>/dev/null && die "port $GW is in use: stop the running gateway first"
ensure_gateway_jar "$build"
ensure_local_stack
work=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-payload-bench.XXXXXX")
cleanup() {
  [ -n "${sampler_pid:-}" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "${gateway_pid:-}" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  [ -n "${upstream_pid:-}" ] && kill "$upstream_pid" 2>/dev/null && wait "$upstream_pid" 2>/dev/null || true
  [ "$started_stack" = true ] && scripts/local-stack.sh down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

log "generating a $mb MB JSON-lines payload"
python3 bench/payload/generate.py --mb "$mb" --out "$work/payload.jsonl"
python3 bench/payload/upstream.py --port "$UPSTREAM_PORT" --file "$work/payload.jsonl" 2>"$work/upstream.log" &
upstream_pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$UPSTREAM_PORT/health" 2>/dev/null; do sleep 0.2; done

GATEWAY_OPTS="-Xmx$xmx -Xlog:gc:file=$work/gc.log -Dtiergate.catalog.datasets.\"bench-staff\".upstream=http://127.0.0.1:$UPSTREAM_PORT/data \
 -Dtiergate.catalog.datasets.\"bench-staff\".tier=1 -Dtiergate.catalog.datasets.\"bench-staff\".fields.\"/email\".tier=2"
start_gateway "$work/gateway.log"
TOKEN=$(token alice)

# The resident set (KB) with the time; sample: every 200 ms. (The heap is read from the GC log: its
# peaks are just before each collection, and reading it costs the gateway nothing.)
sample_once() {
  echo "$(date +%s.%N) $(awk '/^VmRSS/ {print $2}' "/proc/$gateway_pid/status")"
}
sample() {
  while kill -0 "$gateway_pid" 2>/dev/null; do
    sample_once
    sleep 0.2
  done
}

log "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
read_direct=$( { /usr/bin/time -f %e curl -fsS -o "$work/direct.jsonl" "http://127.0.0.1:$UPSTREAM_PORT/data/records"; } 2>&1)
# A first small read warms the path (token, decision, audit) so the big one measures the walk.
for _ in 1 2 3; do
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'X-Tiergate-Purpose: onboarding' \
    "http://127.0.0.1:$GW/datasets/bench-staff/sample"
done
# CPU seconds the gateway has used (user + system), to give MB per CPU second whatever the load
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$gateway_pid/stat"; }
# One read through the gateway, measured and checked ($1 names it).
measured_read() {
  echo "$1:"
  before=$(sample_once)
  gc_before=$(wc -l <"$work/gc.log")
  cpu_before=$(cpu_seconds)
  sample >"$work/samples" &
  sampler_pid=$!
  start=$(date +%s.%N)
  curl -fsS -o "$work/gateway.jsonl" -H "Authorization: Bearer $TOKEN" -H 'X-Tiergate-Purpose: onboarding' \
    "http://127.0.0.1:$GW/datasets/bench-staff/records"
  end=$(date +%s.%N)
  cpu_after=$(cpu_seconds)
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=
  tail -n +"$((gc_before + 1))" "$work/gc.log" >"$work/gc-read.log"

  in_bytes=$(stat -c %s "$work/payload.jsonl")
  out_bytes=$(stat -c %s "$work/gateway.jsonl")
  in_records=$(wc -l <"$work/payload.jsonl")
  out_records=$(wc -l <"$work/gateway.jsonl")
  masked=$(grep -c '"email":"\[MASKED\]"' "$work/gateway.jsonl" || true)
  left=$(grep -c '@example.org' "$work/gateway.jsonl" || true)
  redacted=$(grep -c '<EMAIL_' "$work/gateway.jsonl" || true)
  python3 - "$before" "$work/samples" "$start" "$end" "$read_direct" "$in_bytes" "$out_bytes" "$work/gc-read.log" \
    "$cpu_before" "$cpu_after" <<'PY'
import re
import sys
before, samples, start, end, direct, in_bytes, out_bytes, gc, cpu_before, cpu_after = sys.argv[1:]
rows = [l.split() for l in open(samples) if len(l.split()) == 2]
during = [r for r in rows if float(start) <= float(r[0]) <= float(end)] or rows
pauses = [tuple(int(x) for x in m.groups()) for m in (re.search(r"(\d+)M->(\d+)M\((\d+)M\)", l) for l in open(gc)) if m]
mb = int(in_bytes) / 1e6
secs = float(end) - float(start)
print("  payload: %.1f MB in, %.1f MB out" % (mb, int(out_bytes) / 1e6))
print("  direct read: %.2f s (%.0f MB/s)" % (float(direct), mb / max(float(direct), 1e-3)))
cpu = float(cpu_after) - float(cpu_before)
print("  through the gateway: %.2f s (%.1f MB/s); the gateway used %.1f CPU seconds for it: %.1f MB per CPU second" % (
    secs, mb / secs, cpu, mb / max(cpu, 0.01)))
if pauses:
    print("  gateway heap (GC log, %d collections during the read): peak in use %d MB (before a collection),"
          " after collections at most %d MB, heap size at most %d MB" % (
              len(pauses), max(p[0] for p in pauses), max(p[1] for p in pauses), max(p[2] for p in pauses)))
print("  gateway resident set: %.0f MB before the read, peak %.0f MB during it (%d samples)" % (
    int(before.split()[1]) / 1024, max(int(r[1]) for r in during) / 1024, len(during)))
PY
  echo "  records: $in_records in, $out_records out; emails masked: $masked; undeclared addresses left: $left, placeholders: $redacted"
  [ "$in_records" = "$out_records" ] && [ "$masked" = "$in_records" ] && [ "$left" = 0 ] || die "the gateway's output is not the scanned payload"
}

measured_read "first read (a fresh gateway: the walk's code is still being compiled)"
measured_read "second read (the same gateway)"
echo "gateway: -Xmx$xmx, $(java -version 2>&1 | head -n 1)"
log "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
