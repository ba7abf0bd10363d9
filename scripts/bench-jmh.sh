#!/usr/bin/env bash
# Runs the JMH benchmarks in src/test/java/io/tiergate/bench (all, or those matching $1, a JMH regex)
# and writes the JSON results to target/jmh-results.json. Extra arguments go to JMH.
#   scripts/bench-jmh.sh                      # everything (about 2 minutes per benchmark class)
#   scripts/bench-jmh.sh PolicyEngine -prof gc
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

log "compiling benchmarks (mvn test-compile)"
mvn -B -q test-compile
cp_file=target/jmh-classpath.txt
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
log "running JMH on $(nproc) cores ($(uname -m), $(java -version 2>&1 | head -n1))"
exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main \
  -rf json -rff target/jmh-results.json "${@:-io.tiergate.bench}"
