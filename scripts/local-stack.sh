#!/usr/bin/env bash
# The dependencies of Tiergate's local run, on fixed loopback ports, state under
# $TIERGATE_CACHE/local/:
#
#   PostgreSQL     127.0.0.1:55432  db tiergate; owner (migrations) tiergate/tiergate, runtime
#                                   role tiergate_app/tiergate_app (scripts/pg.sh; zonky's binaries
#                                   from Maven Central when Debian's are not installed: no root)
#   Keycloak       127.0.0.1:8180   realm tiergate               (scripts/keycloak.sh)
#   demo upstream  127.0.0.1:8090   LLM + dataset stand-in       (scripts/demo-upstream.py)
#
#   scripts/local-stack.sh up       start what is not running yet (idempotent)
#   scripts/local-stack.sh down     stop all three
#   scripts/local-stack.sh status   exit 0 when all three run
#
# Logs: $TIERGATE_CACHE/local/{postgres,keycloak,demo-upstream}.log (the folder moves with
# TIERGATE_LOCAL_DIR). The ports can be moved
# with TIERGATE_LOCAL_PG_PORT, TIERGATE_LOCAL_KC_PORT, TIERGATE_LOCAL_UPSTREAM_PORT; with
# TIERGATE_UPSTREAM_REQUEST_LOG=FILE the demo upstream logs the request id of each call it gets.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

SCRIPTS=$TIERGATE_ROOT/scripts
LOCAL=${TIERGATE_LOCAL_DIR:-$TIERGATE_CACHE/local}
PG_PORT=${TIERGATE_LOCAL_PG_PORT:-55432}
KC_PORT=${TIERGATE_LOCAL_KC_PORT:-8180}
UP_PORT=${TIERGATE_LOCAL_UPSTREAM_PORT:-8090}
PG_DIR=$LOCAL/postgres
KC_DIR=$LOCAL/keycloak
UP_PID=$LOCAL/demo-upstream.pid
UP_LOG=$LOCAL/demo-upstream.log

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

# --- demo upstream ----------------------------------------------------------------------

upstream_pid() {
  local pid
  pid=$(cat "$UP_PID" 2>/dev/null) || return 1
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'demo-upstream\.py' || return 1
  echo "$pid"
}

upstream_healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$UP_PORT/health" 2>/dev/null; }

upstream_up() {
  local pid
  if pid=$(upstream_pid); then
    log "demo upstream already running (pid $pid)"
    return 0
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$UP_PORT") 2>/dev/null; then
    die "port $UP_PORT is in use by another process (not our demo upstream)"
  fi
  command -v python3 >/dev/null || die "python3 is needed for the demo upstream"
  log "starting the demo upstream on 127.0.0.1:$UP_PORT"
  printf '\n=== %s: start\n' "$(date -u +%FT%TZ)" >>"$UP_LOG"
  local extra=()
  [ -n "${TIERGATE_UPSTREAM_REQUEST_LOG:-}" ] && extra=(--request-log "$TIERGATE_UPSTREAM_REQUEST_LOG")
  setsid python3 "$SCRIPTS/demo-upstream.py" --port "$UP_PORT" "${extra[@]}" </dev/null >>"$UP_LOG" 2>&1 &
  local started=$!
  echo "$started" >"$UP_PID"
  for _ in $(seq 1 50); do
    upstream_healthy && return 0
    # kill -0, not upstream_pid: while setsid execs python, /proc/<pid>/cmdline can read empty for
    # a moment, and an upstream that is only starting must not be taken for one that exited.
    kill -0 "$started" 2>/dev/null || { tail -n 20 "$UP_LOG" >&2; die "the demo upstream exited (log: $UP_LOG)"; }
    sleep 0.2
  done
  die "the demo upstream did not answer on port $UP_PORT within 10s (log: $UP_LOG)"
}

upstream_down() {
  local pid
  if ! pid=$(upstream_pid); then
    rm -f "$UP_PID"
    log "demo upstream is not running"
    return 0
  fi
  log "stopping the demo upstream (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    upstream_pid >/dev/null || break
    sleep 0.2
  done
  if upstream_pid >/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$UP_PID"
}

# --- commands ---------------------------------------------------------------------------

summary() {
  local pg kc up pid
  pg=$("$SCRIPTS/pg.sh" status "$PG_DIR" 2>/dev/null) || true
  kc=$("$SCRIPTS/keycloak.sh" status "$KC_DIR" 2>/dev/null) || true
  if pid=$(upstream_pid) && upstream_healthy; then up="running: pid $pid"; else up="not running"; fi
  cat <<EOF
Tiergate local stack ($LOCAL)
  PostgreSQL     jdbc:postgresql://127.0.0.1:$PG_PORT/tiergate  owner tiergate / tiergate (migrations, audit verification),
                 runtime role tiergate_app / tiergate_app (the gateway)
                 ${pg:-not running}
                 log: $LOCAL/postgres.log
  Keycloak       http://127.0.0.1:$KC_PORT/realms/tiergate  (admin console http://127.0.0.1:$KC_PORT/admin, admin/admin)
                 users alice, bob (developer), priya, paul (privacy-approver), audrey (auditor); password = username
                 clients tiergate-cli (public, password grant), rag-service / rag-service-secret (client credentials),
                         tiergate-admin / tiergate-admin-secret (code flow)
                 ${kc:-not running}
                 log: $LOCAL/keycloak.log
  demo upstream  http://127.0.0.1:$UP_PORT/openai/v1 (model demo-model), http://127.0.0.1:$UP_PORT/datasets
                 $up
                 log: $UP_LOG
EOF
}

cmd_up() {
  mkdir -p "$LOCAL"
  # No root needed: without Debian's PostgreSQL, pg.sh fetches zonky's binaries.
  export TIERGATE_PG_INSTALL=${TIERGATE_PG_INSTALL:-maven}
  upstream_up
  "$SCRIPTS/pg.sh" start "$PG_DIR" "$PG_PORT" tiergate tiergate tiergate tiergate_app tiergate_app >/dev/null
  ln -sfn postgres/server.log "$LOCAL/postgres.log"
  ln -sfn keycloak/keycloak.log "$LOCAL/keycloak.log"
  "$SCRIPTS/keycloak.sh" start "$KC_PORT" "$KC_DIR" >/dev/null
  summary
}

cmd_down() {
  local rc=0
  upstream_down || rc=1
  "$SCRIPTS/keycloak.sh" stop "$KC_DIR" || rc=1
  "$SCRIPTS/pg.sh" stop "$PG_DIR" || rc=1
  [ "$rc" -eq 0 ] || die "some services did not stop (see above)"
  log "local stack stopped"
}

cmd_status() {
  summary
  "$SCRIPTS/pg.sh" status "$PG_DIR" >/dev/null 2>&1 \
    && "$SCRIPTS/keycloak.sh" status "$KC_DIR" >/dev/null 2>&1 \
    && upstream_pid >/dev/null
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) usage ;;
esac
