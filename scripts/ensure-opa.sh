#!/usr/bin/env bash
# Installs the pinned OPA release into .cache/bin/opa, built from its Go module
# with this machine's Go toolchain (no prebuilt binary is downloaded). Prints the path.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

opa_bin=$TIERGATE_CACHE/bin/opa
want=${OPA_VERSION#v}

# The version line of an opa binary ("Version: 1.22.3"); captured whole, as grep -q on a pipe
# would end opa with SIGPIPE and fail under pipefail.
version_of() { "$1" version 2>/dev/null | sed -n 's/^Version: //p'; }

if [ -x "$opa_bin" ] && [ "$(version_of "$opa_bin")" = "$want" ]; then
  echo "$opa_bin"
  exit 0
fi

command -v go >/dev/null || die "Go is needed to build opa $OPA_VERSION (go install); install Go first"
log "building opa $OPA_VERSION from its Go module (about 2 minutes on 2 cores, once)"
mkdir -p "$TIERGATE_CACHE/bin"
GOTOOLCHAIN=local GOBIN="$TIERGATE_CACHE/bin" GOFLAGS=-mod=mod \
  go install "github.com/open-policy-agent/opa@$OPA_VERSION" >&2 \
  || die "go install github.com/open-policy-agent/opa@$OPA_VERSION failed (see above)"
[ "$(version_of "$opa_bin")" = "$want" ] || die "built opa does not report version $want"
log "opa $OPA_VERSION installed at $opa_bin"
echo "$opa_bin"
