# Shared helpers for Tiergate's scripts. Source it; do not run it.
# shellcheck shell=bash

TIERGATE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TIERGATE_CACHE=${TIERGATE_CACHE:-$TIERGATE_ROOT/.cache}
export TIERGATE_ROOT TIERGATE_CACHE

# Pinned versions of the tools the scripts fetch or build.
OPA_VERSION=${OPA_VERSION:-v1.22.3}
KEYCLOAK_VERSION=${KEYCLOAK_VERSION:-26.5.6}

log() { printf '\033[1;34m[tiergate]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33m[tiergate] warning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[tiergate] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Waits until a TCP port on 127.0.0.1 accepts connections, or fails after $2 seconds.
wait_for_port() {
  local port=$1 timeout=${2:-60} name=${3:-service} waited=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    [ "$waited" -lt "$timeout" ] || die "$name did not open port $port within ${timeout}s"
  done
}
