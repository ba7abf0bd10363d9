#!/usr/bin/env bash
# Compiles the Rego in policies/ to the Wasm module the embedded engine loads:
#   scripts/build-policy.sh OUT_DIR
# writes OUT_DIR/tiergate-policy.wasm (entrypoint tiergate/main/decision) and
# OUT_DIR/tiergate-policy.revision (sha256 of the wasm, 64 hex digits, no newline).
# Maven runs it at generate-resources with OUT_DIR=target/classes/policy.
# Files whose content did not change are left untouched, so reruns are no-ops.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

if [ $# -ne 1 ] || [ -z "$1" ]; then
  die "usage: scripts/build-policy.sh OUT_DIR"
fi
out_dir=$1
entrypoint=tiergate/main/decision

opa=$("$TIERGATE_ROOT/scripts/ensure-opa.sh")

sha256() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Replaces $2 with $1 only when the content differs.
install_if_changed() {
  if cmp -s "$1" "$2"; then
    rm -f "$1"
  else
    mv -f "$1" "$2"
  fi
}

mkdir -p "$out_dir" || die "cannot create $out_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-policy.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The contract table is test data and tests are not policy: neither goes into the module.
# Built from the relative path: the module embeds file names, and the revision must
# not depend on where the repository is checked out.
if ! (cd "$TIERGATE_ROOT" && "$opa" build --target wasm --entrypoint "$entrypoint" \
  --ignore contract --ignore '*_test.rego' \
  --output "$work/bundle.tar.gz" policies) >"$work/opa.log" 2>&1; then
  cat "$work/opa.log" >&2
  die "opa build -t wasm of policies/ failed (see above)"
fi

# The bundle names the module /policy.wasm; -P keeps tar from warning about the leading slash.
tar -xzOPf "$work/bundle.tar.gz" /policy.wasm >"$work/tiergate-policy.wasm" \
  || die "the bundle built by opa has no /policy.wasm"
[ -s "$work/tiergate-policy.wasm" ] || die "the bundle built by opa has an empty /policy.wasm"

revision=$(sha256 "$work/tiergate-policy.wasm")
printf '%s' "$revision" >"$work/tiergate-policy.revision"

install_if_changed "$work/tiergate-policy.wasm" "$out_dir/tiergate-policy.wasm"
install_if_changed "$work/tiergate-policy.revision" "$out_dir/tiergate-policy.revision"
log "policy wasm $out_dir/tiergate-policy.wasm (revision ${revision:0:12})"
