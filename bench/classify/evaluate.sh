#!/usr/bin/env bash
# Precision, recall and F1 per finding type of Tiergate's classifier on the labelled corpus in
# bench/classify/corpus, and the accuracy of telling code from prose (docs/CLASSIFICATION.md).
#   bench/classify/evaluate.sh            prints a Markdown table
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$TIERGATE_ROOT"
mvn -B -q test-compile </dev/null >&2
cp_file=target/eval-classpath.txt
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" </dev/null >/dev/null
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.tiergate.classify.eval.ClassifierEvaluation "$@"
