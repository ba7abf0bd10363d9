#!/usr/bin/env bash
# Installs pinned Python tools into a virtual environment under the ignored cache, once:
#   scripts/ensure-venv.sh NAME PACKAGE==VERSION...
# creates $TIERGATE_CACHE/venv-NAME (from PyPI, with python3 -m venv) when it is missing or
# its pins changed, and prints its bin directory.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

[ $# -ge 2 ] || die "usage: scripts/ensure-venv.sh NAME PACKAGE==VERSION..."
name=$1
shift
venv=$TIERGATE_CACHE/venv-$name
pins=$(printf '%s\n' "$@")
if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.tiergate-pins" 2>/dev/null)" = "$pins" ]; then
  echo "$venv/bin"
  exit 0
fi
command -v python3 >/dev/null || die "python3 is needed for $*"
log "installing $* into $venv (PyPI, once)"
rm -rf "$venv"
mkdir -p "$TIERGATE_CACHE"
python3 -m venv "$venv" >&2 || die "python3 -m venv $venv failed (Debian: apt-get install python3-venv)"
"$venv/bin/pip" install -q --disable-pip-version-check "$@" >&2 || die "pip install $* failed"
printf '%s' "$pins" >"$venv/.tiergate-pins"
echo "$venv/bin"
