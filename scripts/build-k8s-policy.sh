#!/usr/bin/env bash
# Builds the OPA bundle the sidecar in k8s/ loads, from the Rego in policies/ (tests and the
# contract fixtures left out), into k8s/policy/tiergate-policy.tar.gz. The bundle lives inside
# k8s/ so that `kubectl kustomize k8s` needs no --load-restrictor flag; it is committed, and
#   scripts/build-k8s-policy.sh --check
# (run by scripts/test-k8s.sh) fails when it no longer matches policies/. opa build writes the
# same bytes for the same input (fixed times and order), so the check is a byte comparison.
# Its revision (in .manifest, reported by OPA's status) is the sha256 of the policy sources.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

check=false
[ "${1:-}" = "--check" ] && check=true
bundle=k8s/policy/tiergate-policy.tar.gz
opa=$(scripts/ensure-opa.sh)

sources=$(find policies -name '*.rego' ! -name '*_test.rego' ! -path 'policies/contract/*' | LC_ALL=C sort)
revision=$(for f in $sources; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -d' ' -f1)

work=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$opa" build --bundle --ignore contract --ignore '*_test.rego' --revision "$revision" \
  --output "$work/bundle.tar.gz" policies >"$work/opa.log" 2>&1 \
  || { cat "$work/opa.log" >&2; die "opa build of policies/ failed (see above)"; }

if [ "$check" = true ]; then
  cmp -s "$work/bundle.tar.gz" "$bundle" \
    || die "$bundle is stale (or missing): policies/ changed; run scripts/build-k8s-policy.sh and commit it"
  log "$bundle matches policies/ (revision ${revision:0:12})"
else
  mkdir -p "$(dirname "$bundle")"
  cmp -s "$work/bundle.tar.gz" "$bundle" || cp "$work/bundle.tar.gz" "$bundle"
  log "$bundle (revision ${revision:0:12})"
fi
