#!/usr/bin/env bash
# Rebuilds the labelled corpus (bench/classify/corpus/*.jsonl) with the pinned generators from PyPI:
# Faker, phonenumbers, and presidio-evaluator's sentence templates. Deterministic; the corpus is
# committed, so this is only needed to change it. See bench/classify/generate.py for the sources.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$TIERGATE_ROOT"
venv=$TIERGATE_CACHE/classify-eval-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q faker==40.54.0 phonenumbers==9.0.43
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
"$venv/bin/pip" download -q --no-deps -d "$wheels" presidio-evaluator==0.3.2
(cd "$wheels" && python3 -m zipfile -e presidio_evaluator-0.3.2-py3-none-any.whl x)
PYTHONHASHSEED=0 "$venv/bin/python" bench/classify/generate.py "$wheels/x/presidio_evaluator/data_generator/raw_data/templates.txt"
