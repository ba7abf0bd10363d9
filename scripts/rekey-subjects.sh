#!/usr/bin/env bash
# One-off, after upgrading to subjects keyed on the token's issuer and sub (migration V6): maps the
# usernames stored in access requests, approvals and grants to their Keycloak user ids (sub), and
# expires, with an audit event, the pending requests and active grants of usernames Keycloak no
# longer knows. Safe to run again: it only touches rows that still hold a username.
#
#   TIERGATE_KEYCLOAK_PASSWORD=... scripts/rekey-subjects.sh --keycloak-url http://127.0.0.1:8180 [--realm tiergate]
#       [--issuer URL] [--admin-realm master] [--client-id admin-cli] [--admin-user admin] [--dry-run]
#   (or TIERGATE_KEYCLOAK_CLIENT_SECRET=... with --admin-realm tiergate --client-id <a client with view-users>)
#
# It runs the gateway's own build in command mode against the database the gateway uses: pass the
# profile and datasource as for the gateway (QUARKUS_PROFILE, QUARKUS_DATASOURCE_JDBC_URL, ...).
# --issuer must be the issuer of the tokens exactly as the gateway sees them (quarkus.oidc.token.issuer).
# Exit 0 done, 1 the identity provider could not answer (nothing changed), 2 usage.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  log "building the gateway (mvn package, tests skipped)"
  scripts/ensure-opa.sh >/dev/null
  mvn -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar </dev/null >/dev/null
fi
# No HTTP port of its own and no sweeps: it runs beside a serving gateway and exits.
exec java -Dquarkus.http.port=0 -Dquarkus.http.test-port=0 -Dquarkus.management.port=0 -Dquarkus.scheduler.enabled=false -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar rekey-subjects "$@"
