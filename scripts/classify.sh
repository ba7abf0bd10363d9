#!/usr/bin/env bash
# Classifies files or standard input with Tiergate's engine and prints the findings as JSON lines
# (never the detected values), for checking a dataset before it is uploaded.
#   scripts/classify.sh data/*.jsonl                 one line per finding
#   scripts/classify.sh --summary data/*.jsonl       one line per file
#   cat prompt.txt | scripts/classify.sh
#   scripts/classify.sh --config src/main/resources/application.properties --profile local file.txt
# Exit status: 0 all Tier 1, 1 some Tier 2, 2 error. scripts/classify.sh --help lists the options.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd_back=$PWD
cd "$TIERGATE_ROOT"
cp_file=target/classify-classpath.txt
if [ ! -f target/classes/io/tiergate/classify/cli/ClassifyCli.class ] || [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ] \
  || [ -n "$(find src/main/java/io/tiergate/classify src/main/resources/classify -newer "$cp_file" -print -quit)" ]; then
  log "building the classifier (mvn compile)"
  mvn -B -q compile </dev/null >&2
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" </dev/null >/dev/null
  touch "$cp_file"
fi
classpath="$TIERGATE_ROOT/target/classes:$(cat "$cp_file")"
cd "$cd_back"
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$classpath" \
  io.tiergate.classify.cli.ClassifyCli "$@"
