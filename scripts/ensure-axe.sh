#!/usr/bin/env bash
# Installs the pinned axe-core (the accessibility rules engine the browser tests run in each page)
# from the npm registry into .cache/axe once, and prints the path of axe.min.js.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

AXE_VERSION=${AXE_VERSION:-4.14.1}
dir=$TIERGATE_CACHE/axe-$AXE_VERSION
script=$dir/node_modules/axe-core/axe.min.js
if [ ! -s "$script" ]; then
  command -v npm >/dev/null || die "npm is needed to fetch axe-core $AXE_VERSION for the accessibility checks"
  log "fetching axe-core $AXE_VERSION from the npm registry"
  mkdir -p "$dir"
  npm install --no-save --no-audit --no-fund --silent --prefix "$dir" "axe-core@$AXE_VERSION" >&2 \
    || die "npm install axe-core@$AXE_VERSION failed"
fi
echo "$script"
