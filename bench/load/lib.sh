# Shared by bench/load/audit-restart.sh, bench/load/fault-suite.sh, bench/stream/relay-delay.sh and
# bench/payload/large-jsonl.sh (sourced, after
# scripts/lib/common.sh): the gateway started from target/quarkus-app on $GW, tokens from the
# Keycloak on $KC, and alice's grant for the Tier 2 reads. GATEWAY_OPTS adds JVM options.

# A command from Debian's packages: installed with apt-get when missing and running as root (as CI
# does), else a clear error that names the package.
need_tool() { # command [package]
  command -v "$1" >/dev/null && return
  [ "$(id -u)" -eq 0 ] || die "$1 is needed: sudo apt-get install ${2:-$1}"
  log "installing Debian's ${2:-$1} (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${2:-$1}" >/dev/null || die "could not install ${2:-$1} with apt-get"
}

need_wrk_and_psql() {
  need_tool wrk
  need_tool psql postgresql-client
}

start_gateway() { # log file
  log "starting the gateway on 127.0.0.1:$GW (log $1)"
  # shellcheck disable=SC2086
  java ${GATEWAY_OPTS:-} -Dquarkus.profile=local -Dquarkus.http.port="$GW" -Dquarkus.management.port="$MGMT" \
    -Dlocal.pg-port="$TIERGATE_LOCAL_PG_PORT" -Dlocal.keycloak-port="$KC" -Dlocal.upstream-port="$TIERGATE_LOCAL_UPSTREAM_PORT" \
    -jar target/quarkus-app/quarkus-run.jar >"$1" 2>&1 &
  gateway_pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$MGMT/q/health/ready" 2>/dev/null; do
    kill -0 "$gateway_pid" 2>/dev/null || { tail -40 "$1" >&2; die "the gateway exited during start-up"; }
    sleep 0.5
  done
}

stop_gateway() {
  kill -TERM "$gateway_pid"
  wait "$gateway_pid" 2>/dev/null || true
  gateway_pid=
}

token() { curl -fsS -d grant_type=password -d client_id=tiergate-cli -d "username=$1" -d "password=$1" \
  "http://127.0.0.1:$KC/realms/tiergate/protocol/openid-connect/token" | jq -r .access_token; }

service_token() { curl -fsS -d grant_type=client_credentials -d client_id=rag-service -d client_secret=rag-service-secret \
  "http://127.0.0.1:$KC/realms/tiergate/protocol/openid-connect/token" | jq -r .access_token; }

# Fresh tokens for the mix (TOKEN_ALICE, TOKEN_SERVICE) and a grant for alice's Tier 2 reads.
tokens_and_grant() {
  TOKEN_ALICE=$(token alice)
  TOKEN_SERVICE=$(service_token)
  export TOKEN_ALICE TOKEN_SERVICE
  local priya req
  priya=$(token priya)
  req=$(curl -fsS -H "Authorization: Bearer $TOKEN_ALICE" -H 'Content-Type: application/json' \
    -d '{"resource":{"kind":"dataset","name":"customer-tickets"},"purpose":"debugging","justification":"load run","duration":"PT8H"}' \
    "http://127.0.0.1:$GW/api/access-requests" | jq -r .id)
  curl -fsS -o /dev/null -H "Authorization: Bearer $priya" -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$GW/api/access-requests/$req/approve"
}

# Builds the gateway's jar (fast-jar, tests skipped) when $1 is true or there is none yet.
ensure_gateway_jar() {
  if [ "$1" = true ] || [ ! -f target/quarkus-app/quarkus-run.jar ]; then
    scripts/ensure-opa.sh >/dev/null
    log "building the gateway jar"
    mvn -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar >/dev/null
  fi
}

# Starts the local stack (PostgreSQL, Keycloak) unless it runs; started_stack says whether to stop it.
ensure_local_stack() {
  started_stack=false
  if ! scripts/local-stack.sh status >/dev/null 2>&1; then
    scripts/local-stack.sh up
    started_stack=true
  fi
}
