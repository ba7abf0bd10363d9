#!/usr/bin/env bash
# Fuzzes a running gateway's API with schemathesis (PyPI, pinned, in a venv under the cache), from
# the gateway's own OpenAPI document (/q/openapi):
#
#   scripts/fuzz-api.sh BASE_URL TOKEN
#
# Every operation of the document gets generated requests, valid and invalid ones (bounded:
# FUZZ_MAX_EXAMPLES per operation, default 20), then the stateful phase follows the document's links
# (an access request created, read, withdrawn, approved, denied); the whole run stops after
# FUZZ_MAX_TIME seconds (default 150). The checks: no server error; every status, content type,
# header and body as the document says; a missing required header refused; a resource gone after
# its deletion; authentication not ignored. Not (yet) checked, see docs/OPERATIONS.md "The API
# document": that the gateway refuses every schema-invalid input and accepts every schema-valid
# one (negative_data_rejection, positive_data_acceptance), and Allow on 405
# (unsupported_method). FUZZ_SEED (default fixed) makes a run reproducible. The report (JUnit XML)
# goes to FUZZ_REPORT_DIR (default target/fuzz). Exit status 1 on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

[ $# -eq 2 ] || die "usage: scripts/fuzz-api.sh BASE_URL TOKEN"
base=${1%/}
token=$2
SCHEMATHESIS_VERSION=4.32.5
bin=$(scripts/ensure-venv.sh schemathesis "schemathesis==$SCHEMATHESIS_VERSION")
report=${FUZZ_REPORT_DIR:-$TIERGATE_ROOT/target/fuzz}
mkdir -p "$report"
cd "$report" # schemathesis keeps its example database in ./.schemathesis

log "schemathesis $SCHEMATHESIS_VERSION against $base (at most ${FUZZ_MAX_EXAMPLES:-20} examples per operation, ${FUZZ_MAX_TIME:-150} s)"
"$bin/schemathesis" run "$base/q/openapi?format=json" --url "$base" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,\
response_schema_conformance,missing_required_header,use_after_free,ensure_resource_availability,ignored_auth \
  --max-examples "${FUZZ_MAX_EXAMPLES:-20}" \
  --max-time "${FUZZ_MAX_TIME:-150}" \
  --seed "${FUZZ_SEED:-13013}" \
  --workers "${FUZZ_WORKERS:-1}" \
  --request-timeout 30 \
  --report junit --report-dir "$report" \
  --output-truncate false \
  --no-color
