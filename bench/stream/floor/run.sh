#!/usr/bin/env bash
# The stream-floor lab in one command: builds the empty relay app, starts a private PostgreSQL
# (fsync and synchronous_commit on, port 56520), the streaming upstream (8391), then per round and
# endpoint a fresh JVM (8392): its first 5 streams, a warm-up, 40 streams on new connections and 40
# on a kept-alive one (bench/stream/measure.py, direct and lab alternated). Each endpoint's block
# holds /work/heavy.lock. Prints the table at the end; raw output in $OUT.
#
#   bench/stream/floor/run.sh            (ROUNDS=2 WARMUP=2000 STREAMS=40 FRESH=5 SELFWARM=1000 ENDPOINTS="local ev worker jdbc1 rx1 rx1cpu")
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
TG=${TG:-$(cd "$LAB/../../.." && pwd)}   # the repository: measure.py, upstream.py, pg.sh come from here
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-2000}
STREAMS=${STREAMS:-40}
FRESH=${FRESH:-5}
SELFWARM=${SELFWARM:-1000}
ENDPOINTS=${ENDPOINTS:-local ev worker jdbc1 rx1 rx1cpu}
PG_SECONDS=${PG_SECONDS:-15}
OUT=${OUT:-$LAB/results/$(date -u +%Y%m%dT%H%M%SZ)}
STATE=${STATE:-/tmp/stream-floor-state}
LOCK=${LOCK:-/work/heavy.lock}
DIRECT=http://127.0.0.1:8391/v1/chat/completions
mkdir -p "$OUT"

source "$TG/scripts/lib/common.sh"
source "$TG/bench/audit/lib.sh"

app_pid= upstream_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$upstream_pid" ] && kill "$upstream_pid" 2>/dev/null && wait "$upstream_pid" 2>/dev/null || true
  (cd "$TG" && scripts/pg.sh stop "$STATE/postgres" >/dev/null 2>&1) || true
}
trap cleanup EXIT

lock() { exec 9>"$LOCK"; flock 9; }
unlock() { flock -u 9; exec 9>&-; }
stamp() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ "${BUILD:-true}" = true ]; then
  echo "build $(stamp)"
  lock
  (cd "$LAB" && mvn -q package -DskipTests) >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
  unlock
fi

echo "postgres $(stamp)"
cd "$TG"; audit_bench_pg "$STATE" 56520; cd "$LAB"
trap cleanup EXIT   # audit_bench_pg set its own
sql -c "create table ev(id bigserial primary key, at timestamptz default now(), body text)"
sql -c "show fsync; show synchronous_commit; select version()" | tr '\n' ' ' | tee "$OUT/pg.txt"; echo
echo "insert into ev(body) values (repeat('x', 600));" >"$STATE/insert600.sql"
seconds=$PG_SECONDS
{
  echo "commit floor (pgbench c=1, one 600-byte INSERT per transaction, ${seconds}s) $(stamp)"
  echo "| variant | run | commits/s | latency ms | WAL B/commit | FPI/commit |"
  lock
  cd "$TG"; audit_bench_run insert600 1; audit_bench_run insert600 2; cd - >/dev/null
  unlock
} | tee "$OUT/commit-floor.txt"

python3 "$TG/bench/stream/upstream.py" --port 8391 --interval-ms 50 >"$OUT/upstream.log" 2>&1 &
upstream_pid=$!
until port_open 8391; do sleep 0.05; done

measure() { # label endpoint extra-args...
  local label=$1 ep=$2; shift 2
  echo "== $label $(stamp)"
  python3 "$TG/bench/stream/measure.py" --direct "$DIRECT" --gateway "http://127.0.0.1:8392/$ep" --label "$label" "$@"
}

start_app() { # log extra-jvm-args...
  local log=$1; shift
  port_open 8392 && { echo "port 8392 in use" >&2; exit 1; }
  local t0; t0=$(date +%s%N)
  java "$@" -jar "$LAB/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
  app_pid=$!
  until port_open 8392; do sleep 0.01; done
  echo "started in $(( ($(date +%s%N) - t0) / 1000000 )) ms (to port open)"
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=; }

block() { # round endpoint   (runs under the lock)
  local r=$1 ep=$2
  # fresh, cold: the first streams meet the JVM as it starts
  start_app "$OUT/app-$ep-$r.log"
  measure "fresh-$ep-r$r" "$ep" --streams "$FRESH"
  stop_app
  # fresh after a self warm-up of the app's own path (what a readiness-gated warm-up could buy)
  start_app "$OUT/app-$ep-$r-sw.log" -Dlab.self-warm-up="$SELFWARM" -Dlab.self-warm-up.path="/$ep"
  until grep -q 'self warm-up done' "$OUT/app-$ep-$r-sw.log"; do sleep 0.05; done
  grep -o 'self warm-up done.*' "$OUT/app-$ep-$r-sw.log"
  measure "freshsw-$ep-r$r" "$ep" --streams "$FRESH"
  # warm: the same JVM after a warm-up of $WARMUP more streams, new connections then one kept alive
  measure "warm-new-$ep-r$r" "$ep" --streams "$STREAMS" --warm-up "$WARMUP"
  measure "warm-ka-$ep-r$r" "$ep" --streams "$STREAMS" --keep-alive
  stop_app
}

for r in $(seq 1 "$ROUNDS"); do
  for ep in $ENDPOINTS; do
    lock
    block "$r" "$ep" >"$OUT/$ep-r$r.txt" 2>&1
    unlock
    grep -E '^(==|started)|added by the gateway \(p50 - p50\): first|^  (direct|gateway) +p50' "$OUT/$ep-r$r.txt" | awk '/^==/ {n=0} /^  (direct|gateway)/ {n++; if (n>2) next} {print}' || true
  done
done
sql -c "select count(*) || ' rows in ev' from ev"
python3 "$LAB/table.py" "$OUT" | tee "$OUT/table.md"
