#!/usr/bin/env bash
# Installs the pinned kustomize (the kustomize that `kubectl kustomize` embeds, as its own
# binary) into $TIERGATE_CACHE/bin, built from its Go module with this machine's Go toolchain.
# Prints the path.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

version=${KUSTOMIZE_VERSION:-v5.7.1}
bin=$TIERGATE_CACHE/bin/kustomize
if [ -x "$bin" ] && [ "$("$bin" version 2>/dev/null)" = "$version" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || die "Go is needed to build kustomize $version (go install)"
log "building kustomize $version from its Go module (once)"
mkdir -p "$TIERGATE_CACHE/bin"
GOTOOLCHAIN=local GOBIN="$TIERGATE_CACHE/bin" GOFLAGS=-mod=mod \
  go install "sigs.k8s.io/kustomize/kustomize/v5@$version" >&2 \
  || die "go install sigs.k8s.io/kustomize/kustomize/v5@$version failed (see above)"
echo "$bin"
