#!/usr/bin/env bash
# Runs every test of Tiergate, installing what they need when it is missing:
#   1. PostgreSQL server binaries (Debian's package, apt-get as root) for the Java tests,
#   2. the pinned opa (go install) for the policy checks and the OPA-server tests,
#   3. the policy gate: opa fmt, opa check --strict, opa test with >= 95 % coverage,
#   4. the Java tests (mvn verify): both policy engines on the contract table, the proxy,
#      the audit log, failure paths, against real PostgreSQL and a real OPA server, and the
#      admin UI in Debian's Chromium (installed with apt-get when missing) signed in through
#      a real Keycloak,
#   5. the manifests: k8s/ renders without flags, its OPA bundle matches policies/, the output
#      passes kubernetes-validate --strict for Kubernetes 1.30-1.34 (scripts/test-k8s.sh),
#   6. the container image: built without a container engine, inspected, and its entrypoint run
#      from the unpacked root filesystem as k8s/ runs it, migration Job first (scripts/test-image.sh),
#   7. the end-to-end run: the local stack with a real Keycloak, the README's calls and an
#      OpenAI client library through the gateway, and the API fuzzed by schemathesis from its
#      OpenAPI document (scripts/e2e-local.sh, scripts/fuzz-api.sh).
#   scripts/test.sh                 everything
#   scripts/test.sh --no-e2e        skip step 7 (quicker while iterating; CI never skips it)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

e2e=true
[ "${1:-}" = "--no-e2e" ] && e2e=false
started=$SECONDS
step() { log "[$((SECONDS - started))s] $*"; }

for tool in java mvn go python3 curl; do
  command -v "$tool" >/dev/null || die "$tool is needed to run the tests"
done

step "PostgreSQL server binaries"
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  TIERGATE_PG_INSTALL=apt scripts/pg.sh install >/dev/null
fi

step "Chromium and chromedriver for the browser tests"
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  [ "$(id -u)" -eq 0 ] || die "the browser tests need Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; } \
    || die "apt-get install chromium chromium-driver failed"
fi

step "opa"
scripts/ensure-opa.sh >/dev/null

step "policy checks"
scripts/test-policies.sh

step "manifests (kustomize build k8s, kubernetes-validate)"
scripts/test-k8s.sh

step "Java tests (mvn verify)"
mvn -B verify

step "container image (build, inspect, run from its root filesystem)"
if [ "$(id -u)" -eq 0 ]; then
  scripts/test-image.sh
else
  [ -z "${CI:-}" ] || die "the image test needs root (mmdebstrap, chroot); CI runs as root"
  warn "skipping the image test: it needs root (mmdebstrap, chroot, mount namespaces)"
fi

if [ "$e2e" = true ]; then
  step "end-to-end with Keycloak"
  scripts/e2e-local.sh
fi
step "all tests passed"
