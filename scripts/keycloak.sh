#!/usr/bin/env bash
# Runs a private Keycloak (dev mode, realm `tiergate` imported) for Tiergate's tests and
# local run.
#
#   scripts/keycloak.sh start PORT DATA_DIR   start on 127.0.0.1:PORT, wait until the realm's
#                                             OIDC discovery answers; stdout: the issuer URL
#                                             http://127.0.0.1:PORT/realms/tiergate
#                                             (already running: nothing to do on the same
#                                             port, restarted on another one)
#   scripts/keycloak.sh stop DATA_DIR         stop it (no error when it is not running)
#   scripts/keycloak.sh status DATA_DIR       exit 0 when running, 3 when not
#   scripts/keycloak.sh install               fetch and unpack the distribution; prints its dir
#
# The distribution org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip comes from Maven
# Central (about 160 MB) and is unpacked once into $TIERGATE_CACHE/keycloak-<version>,
# which is never written to afterwards.
#
# Per-instance state lives in DATA_DIR: DATA_DIR/home is a small Keycloak home (kc.sh,
# conf, the Quarkus build output lib/quarkus, data/ with the H2 dev-file database and
# data/import) whose lib/lib is a symlink to the shared distribution's 158 MB of jars.
# Keycloak derives kc.home.dir from where kc.sh sits, and puts the dev-file database,
# the import dir and the augmented build under it, so this is how instances stay apart
# without copying the distribution. The first start-dev "augments" the build for dev mode
# (about 10 s); the result is kept in $TIERGATE_CACHE/keycloak-<version>-devbuild and
# copied into new instances, so only the very first instance pays for it.
# Likewise, a fresh instance spends 10-20 s creating its H2 schema and importing the realm:
# the first fresh instance for a given realm file restarts once right after the import,
# and its then pristine database is kept in
# $TIERGATE_CACHE/keycloak-<version>-seed/<sha256 of the realm file>/ to start later fresh
# instances from (TIERGATE_KC_SEED=0 turns that off). Instances share nothing: each gets a
# copy. (So instances seeded from one copy share the realm's signing keys.)
#
# Files in DATA_DIR: keycloak.log (console output), keycloak.pid, home/.
# Environment: TIERGATE_KC_JAVA_HOME (a JDK >= 21; default: Temurin 25, else the newest
# JDK >= 21 under /usr/lib/jvm), TIERGATE_KC_TIMEOUT (start timeout, default 120 s),
# TIERGATE_KC_REALM (realm file, default dev/keycloak/tiergate-realm.json).
# When the realm file changes, the next start resets the instance's database so that the
# new realm is imported (Keycloak skips the import of a realm that already exists).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

KC_DIST=$TIERGATE_CACHE/keycloak-$KEYCLOAK_VERSION
KC_DEVBUILD=$TIERGATE_CACHE/keycloak-$KEYCLOAK_VERSION-devbuild
KC_SEED=$TIERGATE_CACHE/keycloak-$KEYCLOAK_VERSION-seed
KC_USE_SEED=${TIERGATE_KC_SEED:-1}
KC_TIMEOUT=${TIERGATE_KC_TIMEOUT:-120}
KC_REALM_FILE=${TIERGATE_KC_REALM:-$TIERGATE_ROOT/dev/keycloak/tiergate-realm.json}
KC_REALM=tiergate
# Local-only bootstrap admin of the master realm.
KC_ADMIN_USER="admin"
KC_ADMIN_PASSWORD="admin"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

abs_path() { realpath -m -- "$1"; }

# --- distribution and JDK -------------------------------------------------------------

install_dist() {
  if [ -x "$KC_DIST/bin/kc.sh" ] && [ -f "$KC_DIST/lib/quarkus-run.jar" ]; then
    echo "$KC_DIST"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn is needed to fetch Keycloak from Maven Central"
  command -v unzip >/dev/null || die "unzip is needed (apt-get install unzip)"
  local artifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip tmp zip
  mkdir -p "$TIERGATE_CACHE"
  tmp=$(mktemp -d "$TIERGATE_CACHE/.keycloak-$KEYCLOAK_VERSION.XXXXXX")
  log "fetching Keycloak $KEYCLOAK_VERSION ($artifact, about 160 MB) from Maven Central"
  # Run Maven outside the repository so that the project's pom.xml is not loaded.
  if ! (cd "$tmp" && mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp/zip") >&2; then
    rm -rf "$tmp"
    die "mvn dependency:copy -Dartifact=$artifact failed (see above)"
  fi
  zip=$(find "$tmp/zip" -name '*.zip' | head -n1)
  log "unpacking $(basename "$zip") into $KC_DIST"
  if ! unzip -q "$zip" -d "$tmp/x" || [ ! -x "$tmp/x/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]; then
    rm -rf "$tmp"
    die "could not unpack $zip"
  fi
  # Atomic publish; a concurrent run may have won the race, which is fine.
  mv -T "$tmp/x/keycloak-$KEYCLOAK_VERSION" "$KC_DIST" 2>/dev/null || [ -x "$KC_DIST/bin/kc.sh" ] \
    || die "could not create $KC_DIST"
  rm -rf "$tmp"
  echo "$KC_DIST"
}

java_major() {
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n1)
  echo "${v:-0}"
}

# Keycloak 26 needs Java >= 21; the project itself builds with 17, so JAVA_HOME is not
# a good default.
find_java_home() {
  local j best='' best_major=0 m
  if [ -n "${TIERGATE_KC_JAVA_HOME:-}" ]; then
    [ -x "$TIERGATE_KC_JAVA_HOME/bin/java" ] || die "TIERGATE_KC_JAVA_HOME=$TIERGATE_KC_JAVA_HOME has no bin/java"
    m=$(java_major "$TIERGATE_KC_JAVA_HOME/bin/java")
    [ "$m" -ge 21 ] || die "TIERGATE_KC_JAVA_HOME is Java $m; Keycloak $KEYCLOAK_VERSION needs Java >= 21"
    echo "$TIERGATE_KC_JAVA_HOME"
    return 0
  fi
  if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    echo /usr/lib/jvm/temurin-25-jdk-amd64
    return 0
  fi
  for j in /usr/lib/jvm/*/bin/java ${JAVA_HOME:+"$JAVA_HOME/bin/java"}; do
    [ -x "$j" ] || continue
    m=$(java_major "$j")
    if [ "$m" -gt "$best_major" ]; then best_major=$m best=$(dirname "$(dirname "$j")"); fi
  done
  [ "$best_major" -ge 21 ] || die "Keycloak $KEYCLOAK_VERSION needs a JDK >= 21 and none was found under /usr/lib/jvm (newest: ${best_major}). Install one (e.g. Debian's openjdk-21-jdk-headless or Temurin 25) or set TIERGATE_KC_JAVA_HOME."
  echo "$best"
}

# --- per-instance home ------------------------------------------------------------------

# Builds DATA_DIR/home (program part) unless it already matches the distribution.
make_home() {
  local home=$1 stamp
  stamp="$KC_DIST $KEYCLOAK_VERSION"
  if [ "$(cat "$home/.tiergate-dist" 2>/dev/null)" = "$stamp" ] && [ -x "$home/bin/kc.sh" ] \
    && [ -d "$home/lib/lib/" ]; then
    return 0
  fi
  log "preparing Keycloak home $home"
  rm -rf "${home:?}/bin" "${home:?}/conf" "${home:?}/themes" "${home:?}/providers" "${home:?}/lib" "${home:?}/.tiergate-dist"
  mkdir -p "$home/bin" "$home/lib" "$home/providers" "$home/data"
  cp -p "$KC_DIST/bin/kc.sh" "$home/bin/"
  cp -a "$KC_DIST/conf" "$KC_DIST/themes" "$home/"
  cp -a "$KC_DIST/lib/quarkus-run.jar" "$KC_DIST/lib/app" "$home/lib/"
  if [ -f "$KC_DEVBUILD/quarkus/quarkus-application.dat" ]; then
    cp -a "$KC_DEVBUILD/quarkus" "$home/lib/quarkus"
  else
    cp -a "$KC_DIST/lib/quarkus" "$home/lib/quarkus"
  fi
  ln -s "$KC_DIST/lib/lib" "$home/lib/lib"
  printf '%s\n' "$stamp" >"$home/.tiergate-dist"
}

# Keeps the dev-mode build of the first instance for the next ones (see the header).
save_devbuild() {
  local home=$1 tmp
  if [ -d "$KC_DEVBUILD/quarkus" ] && diff -rq "$home/lib/quarkus" "$KC_DEVBUILD/quarkus" >/dev/null 2>&1; then
    return 0
  fi
  tmp=$(mktemp -d "$TIERGATE_CACHE/.keycloak-devbuild.XXXXXX")
  chmod 755 "$tmp"
  cp -a "$home/lib/quarkus" "$tmp/quarkus"
  rm -rf "$KC_DEVBUILD.old.$$"
  if [ -d "$KC_DEVBUILD" ]; then mv -T "$KC_DEVBUILD" "$KC_DEVBUILD.old.$$" 2>/dev/null || true; fi
  mv -T "$tmp" "$KC_DEVBUILD" 2>/dev/null || rm -rf "$tmp"
  rm -rf "$KC_DEVBUILD.old.$$"
  log "kept Keycloak's dev-mode build in $KC_DEVBUILD for further instances"
}

realm_sum() { sha256sum "$KC_REALM_FILE" | cut -d' ' -f1; }

# Puts the realm file into data/import. Resets the database when the realm file changed
# since this instance imported it; a missing database is copied from the seed when that
# was made from the same realm file. Sets FRESH_DB=1 when the database starts empty.
FRESH_DB=0
install_realm() {
  local home=$1 data=$2 sum
  [ -f "$KC_REALM_FILE" ] || die "realm file $KC_REALM_FILE is missing"
  sum=$(realm_sum)
  if [ -d "$home/data/h2" ] && [ "$(cat "$data/realm.sha256" 2>/dev/null)" != "$sum" ]; then
    log "realm file changed since this instance imported it: resetting its database ($home/data/h2)"
    rm -rf "$home/data/h2"
  fi
  FRESH_DB=0
  if [ ! -d "$home/data/h2" ]; then
    if [ "$KC_USE_SEED" = 1 ] && [ -f "$KC_SEED/$sum/h2/keycloakdb.mv.db" ]; then
      log "starting from the pristine database in $KC_SEED/$sum"
      cp -a "$KC_SEED/$sum/h2" "$home/data/h2"
    else
      FRESH_DB=1
    fi
  fi
  mkdir -p "$home/data/import"
  rm -f "$home/data/import/"*.json
  cp "$KC_REALM_FILE" "$home/data/import/$KC_REALM-realm.json"
  printf '%s\n' "$sum" >"$data/realm.sha256"
}

# Copies the (stopped) instance's freshly imported database to the seed.
save_seed() {
  local home=$1 data=$2 sum tmp
  sum=$(cat "$data/realm.sha256")
  mkdir -p "$KC_SEED"
  tmp=$(mktemp -d "$KC_SEED/.tmp.XXXXXX")
  chmod 755 "$tmp"
  cp -a "$home/data/h2" "$tmp/h2"
  rm -f "$tmp/h2/"*.trace.db
  # Atomic publish; a concurrent run may have won the race, which is fine.
  mv -T "$tmp" "$KC_SEED/$sum" 2>/dev/null || rm -rf "$tmp"
  log "kept the pristine database in $KC_SEED/$sum for new instances"
}

# --- process handling -------------------------------------------------------------------

# pid of this instance's kc.sh/java (its process group leader), or nothing.
running_pid() {
  local data=$1 pid
  pid=$(cat "$data/keycloak.pid" 2>/dev/null) || return 1
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  [ -r "/proc/$pid/cmdline" ] || return 1
  # The pid must still be this instance (pids are reused): its command line names DATA_DIR/home.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$data/home/" || return 1
  [ "$(sed -e 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" != Z ] || return 1
  echo "$pid"
}

issuer_url() { echo "http://127.0.0.1:$1/realms/$KC_REALM"; }

realm_answers() {
  curl -fsS -o /dev/null --max-time 3 "$(issuer_url "$1")/.well-known/openid-configuration" 2>/dev/null
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_ready() {
  local port=$1 data=$2 pid=$3 start=$SECONDS elapsed
  log "waiting for Keycloak on 127.0.0.1:$port (log: $data/keycloak.log)"
  local next=10
  until realm_answers "$port"; do
    elapsed=$((SECONDS - start))
    if ! kill -0 "$pid" 2>/dev/null || [ -z "$(running_pid "$data")" ]; then
      tail -n 40 "$data/keycloak.log" >&2 || true
      rm -f "$data/keycloak.pid"
      die "Keycloak exited during startup (log above: $data/keycloak.log)"
    fi
    if [ "$elapsed" -ge "$KC_TIMEOUT" ]; then
      tail -n 40 "$data/keycloak.log" >&2 || true
      stop_instance "$data" >/dev/null 2>&1 || true
      die "Keycloak did not answer within ${KC_TIMEOUT}s (log above: $data/keycloak.log)"
    fi
    if [ "$elapsed" -ge "$next" ]; then
      log "still waiting for Keycloak (${elapsed}s): $(tail -n 1 "$data/keycloak.log" | cut -c1-150)"
      next=$((next + 10))
    fi
    sleep 1
  done
  log "Keycloak ready after $((SECONDS - start))s: $(issuer_url "$port")"
}

stop_instance() {
  local data=$1 pid waited=0
  if ! pid=$(running_pid "$data"); then
    rm -f "$data/keycloak.pid"
    log "Keycloak in $data is not running"
    return 0
  fi
  log "stopping Keycloak (pid $pid)"
  # kc.sh was started as the leader of its own process group: signal the whole group
  # (kc.sh forwards TERM to java, and java may be its only member after a relaunch).
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  while running_pid "$data" >/dev/null; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -eq 60 ]; then
      warn "Keycloak (pid $pid) still running after 30s: SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    elif [ "$waited" -gt 80 ]; then
      die "could not stop Keycloak (pid $pid)"
    fi
  done
  rm -f "$data/keycloak.pid"
  log "Keycloak in $data stopped"
}

# --- commands ---------------------------------------------------------------------------

cmd_start() {
  [ $# -eq 2 ] || usage
  local port=$1 data pid java_home home
  data=$(abs_path "$2")
  case "$KC_USE_SEED" in 0 | 1) ;; *) die "TIERGATE_KC_SEED must be 0 or 1" ;; esac
  if ! [[ $port =~ ^[0-9]{1,5}$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then die "bad port '$port'"; fi
  command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

  if pid=$(running_pid "$data"); then
    local running_port
    running_port=$(cat "$data/keycloak.port" 2>/dev/null || echo '?')
    if [ "$running_port" = "$port" ]; then
      if ! realm_answers "$port"; then wait_ready "$port" "$data" "$pid"; fi
      log "Keycloak already running in $data (pid $pid)"
      issuer_url "$port"
      return 0
    fi
    # e.g. left running by a test JVM that was killed before its stop.
    log "Keycloak in $data runs on port $running_port (pid $pid): restarting it on port $port"
    stop_instance "$data"
  fi
  port_in_use "$port" && die "port $port on 127.0.0.1 is already in use by another process"

  java_home=$(find_java_home)
  install_dist >/dev/null
  home=$data/home
  mkdir -p "$data"
  make_home "$home"
  install_realm "$home" "$data"

  launch "$port" "$data" "$java_home"
  save_devbuild "$home"
  if [ "$FRESH_DB" = 1 ] && [ "$KC_USE_SEED" = 1 ]; then
    log "restarting once to keep a pristine copy of the database for new instances"
    stop_instance "$data"
    save_seed "$home" "$data"
    launch "$port" "$data" "$java_home"
  fi
  issuer_url "$port"
}

# Starts kc.sh in the background and waits until the realm answers.
launch() {
  local port=$1 data=$2 java_home=$3 home=$2/home pid
  printf '\n=== %s: scripts/keycloak.sh start %s (Java %s)\n' "$(date -u +%FT%TZ)" "$port" "$java_home" >>"$data/keycloak.log"
  log "starting Keycloak $KEYCLOAK_VERSION (dev mode) on 127.0.0.1:$port, data in $data"
  # setsid: kc.sh leads a new session and process group (so stop can signal java too,
  # and a Ctrl-C in the caller's terminal does not reach it). JAVA_OPTS is unset so that
  # a caller's Maven/JVM options do not leak in (kc.sh would replace its defaults with it);
  # the add-opens silences jboss-threads' IllegalAccessError on Java >= 24.
  (
    cd "$data"
    exec env -u JAVA_OPTS JAVA_HOME="$java_home" \
      JAVA_OPTS_APPEND="--add-opens=java.base/java.lang=ALL-UNNAMED" \
      KC_BOOTSTRAP_ADMIN_USERNAME="$KC_ADMIN_USER" KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
      setsid "$home/bin/kc.sh" start-dev \
      --http-host=127.0.0.1 --http-port="$port" \
      --hostname="http://127.0.0.1:$port" \
      --health-enabled=true --http-management-health-enabled=false \
      --import-realm \
      </dev/null >>"$data/keycloak.log" 2>&1
  ) &
  pid=$!
  echo "$pid" >"$data/keycloak.pid"
  echo "$port" >"$data/keycloak.port"
  wait_ready "$port" "$data" "$pid"
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  stop_instance "$(abs_path "$1")"
}

cmd_status() {
  [ $# -eq 1 ] || usage
  local data pid port
  data=$(abs_path "$1")
  if pid=$(running_pid "$data"); then
    port=$(cat "$data/keycloak.port" 2>/dev/null || echo '?')
    if realm_answers "$port"; then
      echo "running: pid $pid, $(issuer_url "$port")"
    else
      echo "starting (not answering yet): pid $pid, port $port"
    fi
    return 0
  fi
  echo "not running: $data"
  return 3
}

main() {
  [ $# -ge 1 ] || usage
  local cmd=$1
  shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    install) [ $# -eq 0 ] || usage; install_dist ;;
    *) usage ;;
  esac
}

main "$@"
