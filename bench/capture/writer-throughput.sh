#!/usr/bin/env bash
# The capture writer's sustained rate (captures/s) into a private PostgreSQL (fsync and
# synchronous_commit on, as shipped), with the schema of the migrations (the capture table
# partitioned by day, V11) and the gateway's runtime role: CaptureWriterThroughput hands over
# captures with PROMPT_BYTES prompts as fast as the writer takes them, for SECONDS after a warm-up,
# at each of the batch sizes given (the gateway's default is 500).
#
#   bench/capture/writer-throughput.sh [SECONDS [PROMPT_BYTES [BATCH...]]]   (defaults 20, 4096, 500)
#
# TIERGATE_CAPTURE_WAIT_FOR_FLUSH=true makes each batch wait for its disk flush
# (tiergate.capture.wait-for-flush; the default, false, commits without waiting).
# Run it through the heavy lock (flock /work/heavy.lock ...). Prints one line per batch size.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$TIERGATE_ROOT"

seconds=${1:-20} prompt=${2:-4096}
shift $(( $# > 2 ? 2 : $# )) || true
batches=("${@:-500}")
STATE=$TIERGATE_CACHE/bench-capture-writer
PORT=56438
scripts/pg.sh stop "$STATE/postgres" >/dev/null 2>&1 || true
rm -rf "$STATE"
mkdir -p "$STATE"
trap 'scripts/pg.sh stop "$STATE/postgres" >/dev/null 2>&1 || true' EXIT
jdbc=$(scripts/pg.sh start "$STATE/postgres" "$PORT" tiergate tiergate tiergate tiergate_app tiergate_app)
bindir=$(scripts/pg.sh bindir)
export PGPASSWORD=tiergate
# The migrations in order, as Flyway runs them (the owning role, ${app_role} the runtime role).
for f in $(ls src/main/resources/db/migration/V*.sql | sort -V); do
  sed 's/\${app_role}/tiergate_app/g' "$f" \
    | "$bindir/psql" -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U tiergate tiergate >/dev/null
done

log "compiling (mvn test-compile)"
mvn -B -q test-compile
cp_file=target/bench-capture-classpath.txt
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
log "writer throughput on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for batch in "${batches[@]}"; do
  java -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.tiergate.bench.CaptureWriterThroughput \
    "$jdbc" tiergate_app tiergate_app "$seconds" "$prompt" "$batch" "${TIERGATE_CAPTURE_WAIT_FOR_FLUSH:-false}"
done
"$bindir/psql" -q -X -A -t -h 127.0.0.1 -p "$PORT" -U tiergate tiergate -c "select 'rows stored: ' || count(*) from capture"
"$bindir/psql" -q -X -A -t -h 127.0.0.1 -p "$PORT" -U tiergate tiergate -c "select 'capture partitions, with indexes: ' ||
  pg_size_pretty(sum(pg_total_relation_size(inhrelid))) from pg_inherits where inhparent = 'capture'::regclass"
