#!/usr/bin/env bash
# One durable INSERT ... COMMIT at c=1 from Java (pgjdbc, the gateway's driver), on a private
# PostgreSQL (fsync and synchronous_commit on, as shipped): a one-column row against the audit row
# with its indexes and V2's chain trigger, its 28 columns bound as AuditChain binds them, with and
# without a statement timeout, the statement kept or prepared anew (bench/audit/CommitLatency.java).
# Tells the statement's own cost from the gateway's side of a commit (docs/PERFORMANCE.md).
#
#   flock /work/heavy.lock bench/audit/commit-latency.sh [INSERTS]   (per variant and round; default 500)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/lib.sh"
cd "$TIERGATE_ROOT"

inserts=${1:-500}
audit_bench_pg "$TIERGATE_CACHE/bench-audit-commit" 56439
mvn -B -q dependency:build-classpath -Dmdep.includeArtifactIds=postgresql -Dmdep.outputFile="$STATE/cp.txt" >/dev/null
log "$inserts inserts per variant and round, 10 rounds (the first 2 not counted), PostgreSQL on 127.0.0.1:$PORT"
java -cp "$(cat "$STATE/cp.txt")" bench/audit/CommitLatency.java "jdbc:postgresql://127.0.0.1:$PORT/tiergate" "$inserts"
