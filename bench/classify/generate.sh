#!/usr/bin/env bash
# Rebuilds the labelled corpora (bench/classify/corpus/{dev,test}/*.jsonl) with the pinned generators
# from PyPI (Faker, phonenumbers) and real source and prose files of this machine (Python and Go
# sources, the JDK's src.zip, man pages, /usr/share/doc). Deterministic for a given machine; the
# corpora are committed (the test split is what ClassifierAccuracyTest reads), so this is only
# needed to change them. See bench/classify/generate.py for the sources and the split.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$TIERGATE_ROOT"
venv=$TIERGATE_CACHE/classify-eval-venv
source "$(dirname "$0")/venv.sh"
PYTHONHASHSEED=0 "$venv/bin/python" bench/classify/generate.py "$@"
