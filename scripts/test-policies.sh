#!/usr/bin/env bash
# The policy gate: opa fmt, strict type checks against the input schema, opa test
# with a coverage threshold, the contract table's inputs against the schema, and
# the Wasm build of the policy.
#   scripts/test-policies.sh        (exit 0 when every check passes)
# TIERGATE_POLICY_MIN_COVERAGE overrides the coverage threshold (percent, default 95).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

min_coverage=${TIERGATE_POLICY_MIN_COVERAGE:-95}
schema=docs/policy-input.schema.json
table=policies/contract/decisions.json
entrypoint=tiergate/main/decision

cd "$TIERGATE_ROOT"
started=$SECONDS
opa=$(scripts/ensure-opa.sh)
opa_version=$("$opa" version)
work=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-policy-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

summary=()
failed=0
pass() { summary+=("$(printf '  %-9s ok    %s' "$1" "$2")"); }
fail() {
  summary+=("$(printf '  %-9s FAIL  %s' "$1" "$2")")
  failed=1
}
skip() { summary+=("$(printf '  %-9s skip  %s' "$1" "$2")"); }
# Prints a failing step's output, indented, to stderr.
show() { sed 's/^/    /' "$1" >&2; }

# 1. Formatting: opa fmt must have nothing to change.
"$opa" fmt --list policies >"$work/fmt.out" 2>&1 || true
if [ -s "$work/fmt.out" ]; then
  log "opa fmt would change these files (run: $opa fmt -w policies):"
  "$opa" fmt --diff policies >>"$work/fmt.out" 2>&1 || true
  show "$work/fmt.out"
  fail fmt "files not opa fmt clean"
else
  pass fmt "opa fmt clean"
fi

# 2. Strict compile and type check of every rule against the input schema.
if "$opa" check --strict --schema "$schema" --ignore contract policies >"$work/check.out" 2>&1; then
  pass check "strict, type-checked against $schema"
else
  log "opa check --strict --schema $schema failed:"
  show "$work/check.out"
  fail check "opa check --strict --schema"
fi

# 3. Unit tests, including contract_test.rego, which loads the table as data.contract.
tests_failed=0
if "$opa" test policies >"$work/test.out" 2>&1; then
  pass test "$(grep -E '^PASS: ' "$work/test.out" | tail -n1 | sed 's/^PASS: /passed /')"
else
  log "opa test policies failed:"
  show "$work/test.out"
  fail test "$(grep -E '^FAIL: ' "$work/test.out" | tail -n1 | sed 's/^FAIL: /failed /')"
  tests_failed=1
fi

# 4. Coverage, with the uncovered lines listed when it falls short (opa reports
# coverage only when every test passes).
if [ "$tests_failed" -ne 0 ]; then
  skip coverage "not measured while tests fail"
elif "$opa" test policies --coverage --format json >"$work/coverage.json" 2>"$work/coverage.err" \
  && coverage=$("$opa" eval --stdin-input --format raw 'round(input.coverage * 10) / 10' \
    <"$work/coverage.json" 2>>"$work/coverage.err"); then
  if awk -v c="$coverage" -v m="$min_coverage" 'BEGIN { exit !(c + 0 >= m + 0) }'; then
    pass coverage "${coverage}% (threshold ${min_coverage}%)"
  else
    log "coverage ${coverage}% is below ${min_coverage}%; not covered:"
    "$opa" eval --stdin-input --format pretty \
      'sort({sprintf("%s:%d-%d", [name, r.start.row, r.end.row]) | some name, file in input.files; some r in file.not_covered})' \
      <"$work/coverage.json" >"$work/uncovered.out" 2>&1 || true
    show "$work/uncovered.out"
    fail coverage "${coverage}% < ${min_coverage}%"
  fi
else
  log "opa test --coverage failed:"
  show "$work/coverage.err"
  fail coverage "opa test --coverage failed"
fi

# 5. The contract table: every input matches the schema. A case about an unknown
# action is checked with a known action in its place, since the schema's enum
# rightly refuses the unknown one.
cat >"$work/contract_check.rego" <<'EOF'
package tiergate_gate

schema_errors contains concat(": ", [case.name, error.error]) if {
	some case in data.contract.cases
	result := json.match_schema(checked_input(case), data.schema)
	not result[0]
	some error in result[1]
}

schema_errors contains concat(": ", ["the schema itself", result[1]]) if {
	result := json.verify_schema(data.schema)
	not result[0]
}

checked_input(case) := object.union(case.input, {"action": "dataset.read"}) if {
	"unknown_action" in case.expect.reasons
} else := case.input

case_count := count(data.contract.cases)
EOF
contract_data=(--data "contract:$table" --data "schema:$schema" --data "$work/contract_check.rego")
if case_count=$("$opa" eval --format raw "${contract_data[@]}" 'data.tiergate_gate.case_count' 2>"$work/contract.out") \
  && "$opa" eval --format raw "${contract_data[@]}" 'concat("\n", sort(data.tiergate_gate.schema_errors))' \
    >"$work/schema.out" 2>>"$work/contract.out"; then
  if [ -n "$(cat "$work/schema.out")" ]; then
    log "contract inputs that do not match $schema:"
    show "$work/schema.out"
    fail contract "inputs not valid against $schema"
  else
    pass contract "$case_count cases, every input valid against $schema"
  fi
else
  log "checking $table against $schema failed:"
  show "$work/contract.out"
  fail contract "opa eval of the contract check failed"
  case_count=0
fi

# 6. The Wasm module the embedded engine ships compiles. Whether it gives the table's
# decisions is proven on the real runtime (Chicory, through the Java engine) by
# DecisionContractTest, which runs the same table against both engines.
if scripts/build-policy.sh "$work/wasm" >"$work/build.out" 2>&1; then
  pass wasm "tiergate-policy.wasm builds (revision $(head -c 12 "$work/wasm/tiergate-policy.revision")); decisions checked by DecisionContractTest"
else
  show "$work/build.out"
  fail wasm "scripts/build-policy.sh failed"
fi

echo "policy checks (opa $(sed -n 's/^Version: //p' <<<"$opa_version"), $((SECONDS - started))s):"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  die "policy checks failed"
fi
log "policy checks passed"
