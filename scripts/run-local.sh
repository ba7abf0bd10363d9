#!/usr/bin/env bash
# Runs Tiergate locally with everything it needs, nothing to install by hand:
# PostgreSQL (Debian's if installed, else zonky's binaries from Maven Central), Keycloak
# (fetched from Maven Central, realm dev/keycloak/tiergate-realm.json), the demo upstream
# (an OpenAI-compatible chat API and a dataset service), and the gateway on 127.0.0.1:8080
# with the embedded policy engine (policies/ compiled to Wasm by the pinned opa).
#
#   scripts/run-local.sh            build, start, and keep the gateway in the foreground;
#                                   Ctrl-C stops the gateway and the stack
#   scripts/run-local.sh --keep     leave the stack (PostgreSQL, Keycloak, upstream) running on exit
#
# While it runs, the capture store's upkeep (captures-maintain: partitions ahead, retention) runs as
# the owning role once when the gateway is ready, then every TIERGATE_LOCAL_MAINTAIN_INTERVAL seconds
# (3600); it stops with the run. Its output: $TIERGATE_CACHE/local/captures-maintain.log.
#
# First run: about 3-5 minutes (opa built from source, Maven dependencies, Keycloak download).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

keep=false
[ "${1:-}" = "--keep" ] && keep=true
GATEWAY_PORT=${TIERGATE_LOCAL_GATEWAY_PORT:-8080}
# Health checks and Prometheus metrics (/q/health, /q/metrics): the management interface.
MANAGEMENT_PORT=${TIERGATE_LOCAL_MANAGEMENT_PORT:-9000}
MAINTAIN_INTERVAL=${TIERGATE_LOCAL_MAINTAIN_INTERVAL:-3600}
case "$MAINTAIN_INTERVAL" in '' | *[!0-9]* | 0) die "TIERGATE_LOCAL_MAINTAIN_INTERVAL must be a number of seconds (>0)" ;; esac

command -v java >/dev/null || die "a JDK 17 is needed (java not found)"
command -v mvn >/dev/null || die "Maven is needed (mvn not found)"
command -v openssl >/dev/null || die "openssl is needed for the audit checkpoint key"
(exec 3<>"/dev/tcp/127.0.0.1/$GATEWAY_PORT") 2>/dev/null && die "port $GATEWAY_PORT is already in use: is Tiergate already running?"

scripts/ensure-opa.sh >/dev/null
log "building the gateway (mvn package, tests skipped: run scripts/test.sh for them)"
mvn -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar >/dev/null

scripts/local-stack.sh up

stop_all() {
  trap - INT TERM EXIT
  [ -n "${maintain_pid:-}" ] && kill -TERM "$maintain_pid" 2>/dev/null && wait "$maintain_pid" 2>/dev/null || true
  [ -n "${gateway_pid:-}" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  if [ "$keep" = false ]; then
    scripts/local-stack.sh down || true
  fi
}
trap stop_all INT TERM EXIT

# Signed audit checkpoints (docs/AUDIT.md): a key of this user's only, the public key pinned for
# verification, and an append-only file beside them.
CHECKPOINTS=${TIERGATE_LOCAL_DIR:-$TIERGATE_CACHE/local}/checkpoint
mkdir -p "$CHECKPOINTS"
if [ ! -f "$CHECKPOINTS/signing-key.pem" ]; then
  (umask 077 && openssl genpkey -algorithm ed25519 -out "$CHECKPOINTS/signing-key.pem")
  openssl pkey -in "$CHECKPOINTS/signing-key.pem" -pubout -out "$CHECKPOINTS/public-key.pem"
fi

log "starting the gateway on http://127.0.0.1:$GATEWAY_PORT (profile local; audit checkpoints in $CHECKPOINTS)"
java -Dquarkus.profile=local -Dquarkus.http.port="$GATEWAY_PORT" -Dquarkus.management.port="$MANAGEMENT_PORT" \
  -Dtiergate.audit.checkpoint.signing-key="$CHECKPOINTS/signing-key.pem" \
  -Dtiergate.audit.checkpoint.public-keys="$CHECKPOINTS/public-key.pem" \
  -Dtiergate.audit.checkpoint.file="$CHECKPOINTS/checkpoints.log" \
  -Dtiergate.audit.checkpoint.instance=local \
  -Dlocal.pg-port="${TIERGATE_LOCAL_PG_PORT:-55432}" \
  -Dlocal.keycloak-port="${TIERGATE_LOCAL_KC_PORT:-8180}" \
  -Dlocal.upstream-port="${TIERGATE_LOCAL_UPSTREAM_PORT:-8090}" \
  -jar target/quarkus-app/quarkus-run.jar &
gateway_pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" 2>/dev/null; do
  kill -0 "$gateway_pid" 2>/dev/null || die "the gateway exited during start-up (see above)"
  sleep 0.5
done

# The capture store's upkeep (docs/OPERATIONS.md, "Captures: retention and erasure"), as the owning
# role (the local profile's quarkus.flyway.username/password): the gateway's build in command mode,
# without ports, sweeps or OIDC of its own, beside the serving gateway, which has migrated already.
MAINTAIN_LOG=${TIERGATE_LOCAL_DIR:-$TIERGATE_CACHE/local}/captures-maintain.log
MAINTAIN=(java -Dquarkus.profile=local -Dquarkus.http.port=0 -Dquarkus.http.test-port=0 -Dquarkus.management.port=0
  -Dquarkus.scheduler.enabled=false -Dquarkus.log.level=WARN -Dquarkus.flyway.migrate-at-start=false
  -Dquarkus.oidc.tenant-enabled=false -Dquarkus.oidc.admin.tenant-enabled=false
  -Dlocal.pg-port="${TIERGATE_LOCAL_PG_PORT:-55432}" -Dlocal.keycloak-port="${TIERGATE_LOCAL_KC_PORT:-8180}"
  -Dlocal.upstream-port="${TIERGATE_LOCAL_UPSTREAM_PORT:-8090}"
  -jar target/quarkus-app/quarkus-run.jar captures-maintain)
# Runs until TERM (stop_all); the sleep or the upkeep under way is its child and goes with it.
maintain_every() {
  local child=
  trap '[ -z "$child" ] || kill -TERM "$child" 2>/dev/null; exit 0' TERM
  while :; do
    sleep "$MAINTAIN_INTERVAL" &
    child=$!
    wait "$child" || true
    printf '=== %s captures-maintain\n' "$(date -u +%FT%TZ)" >>"$MAINTAIN_LOG"
    "${MAINTAIN[@]}" </dev/null >>"$MAINTAIN_LOG" 2>&1 &
    child=$!
    wait "$child" || log "captures-maintain failed (see $MAINTAIN_LOG)"
  done
}
printf '=== %s captures-maintain (start of the local run)\n' "$(date -u +%FT%TZ)" >>"$MAINTAIN_LOG"
if "${MAINTAIN[@]}" </dev/null >>"$MAINTAIN_LOG" 2>&1; then
  log "captures-maintain done (partitions ahead, retention; again every ${MAINTAIN_INTERVAL}s while this runs; log: $MAINTAIN_LOG)"
else
  log "captures-maintain failed (see $MAINTAIN_LOG); the gateway still serves, the next try is in ${MAINTAIN_INTERVAL}s"
fi
maintain_every &
maintain_pid=$!

cat >&2 <<BANNER

  Tiergate is ready on http://127.0.0.1:$GATEWAY_PORT  (Ctrl-C stops it$([ "$keep" = false ] && echo " and the stack"))

  Get a token:  TOKEN=\$(curl -s -d grant_type=password -d client_id=tiergate-cli -d username=alice -d password=alice \\
                  http://127.0.0.1:${TIERGATE_LOCAL_KC_PORT:-8180}/realms/tiergate/protocol/openid-connect/token | jq -r .access_token)
  Then try the calls in README.md ("Try it").

BANNER
wait "$gateway_pid"
