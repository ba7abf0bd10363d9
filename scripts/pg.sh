#!/usr/bin/env bash
# Manages a private PostgreSQL cluster for Tiergate's tests and local run (never the
# system's cluster).
#
#   scripts/pg.sh start DATA_DIR PORT [DB USER PASSWORD [APP_USER APP_PASSWORD]]
#       (defaults: tiergate tiergate tiergate, no APP_USER)
#       initdb DATA_DIR when it is missing or empty, start the server on 127.0.0.1:PORT
#       (unix socket inside DATA_DIR), create the login role USER (not a superuser) and the
#       database it owns when missing, wait until it accepts connections. USER owns the
#       schema and runs the migrations; APP_USER, when given, is a second login role that
#       owns nothing and gets only what the migrations grant it (the gateway's runtime role:
#       it cannot alter, update or delete the audit log). When DATA_DIR's server already
#       runs: nothing to do on the same port, restarted on another one.
#       stdout: only the JDBC URL jdbc:postgresql://127.0.0.1:PORT/DB (progress goes to stderr).
#   scripts/pg.sh stop DATA_DIR      fast shutdown; no error when it is not running
#   scripts/pg.sh status DATA_DIR    exit 0 when running (prints pid/port), 3 when not
#   scripts/pg.sh install            install binaries (see TIERGATE_PG_INSTALL); prints the bin dir
#   scripts/pg.sh bindir             print the bin dir that start would use (installs nothing)
#
# Which binaries:
#   TIERGATE_PG_BIN_SOURCE=auto (default) | debian | maven
#     auto: Debian's newest /usr/lib/postgresql/*/bin when installed (or the Debian
#           version matching an existing DATA_DIR); otherwise as TIERGATE_PG_INSTALL says.
#     debian / maven: force that source (maven is how the maven path is tested on a
#           machine that has Debian's PostgreSQL).
#   TIERGATE_PG_INSTALL=maven (default when Debian's are missing) | apt
#     apt:   apt-get install postgresql (root only).
#     maven: zonky's relocatable PostgreSQL from Maven Central
#            (io.zonky.test.postgres:embedded-postgres-binaries-<platform>:$TIERGATE_PG_MAVEN_VERSION)
#            unpacked into $TIERGATE_CACHE/postgres-<version>/, no root needed.
#   TIERGATE_PG_BINDIR=/path/bin     use exactly these binaries (overrides all of the above).
#
# Running as root: initdb/postgres refuse root, so the server runs as `postgres` when that
# account exists (Debian's package creates it), else as the system user `tiergate-pg`
# (created here), or TIERGATE_PG_OS_USER. DATA_DIR is chowned to that user; commands run
# through runuser.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"

PG_MAVEN_VERSION=${TIERGATE_PG_MAVEN_VERSION:-17.11.0}
PG_BIN_SOURCE=${TIERGATE_PG_BIN_SOURCE:-auto}
PG_START_TIMEOUT=${TIERGATE_PG_START_TIMEOUT:-60}
PG_STOP_TIMEOUT=${TIERGATE_PG_STOP_TIMEOUT:-30}
# Name of the bootstrap superuser inside the cluster (reached only over the private socket).
PG_SUPERUSER=postgres
SETUP_MARKER=tiergate-setup

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- binaries -------------------------------------------------------------------------

has_server_bins() { [ -x "$1/postgres" ] && [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ]; }

# Debian's bin dir for major version $1, or the newest one when $1 is empty.
# (postgresql-client alone also creates /usr/lib/postgresql/N/bin, hence the server check.)
debian_bindir() {
  local want=${1:-} d
  if [ -n "$want" ]; then
    d=/usr/lib/postgresql/$want/bin
    has_server_bins "$d" && echo "$d"
    return
  fi
  for d in /usr/lib/postgresql/*/bin; do
    if has_server_bins "$d"; then echo "$d"; fi
  done | sort -t/ -k5,5n | tail -n1 | grep .
}

zonky_platform() {
  case "$(uname -m)" in
    x86_64 | amd64) echo linux-amd64 ;;
    aarch64 | arm64) echo linux-arm64v8 ;;
    *) die "no zonky PostgreSQL binaries for $(uname -m); install Debian's postgresql instead" ;;
  esac
}

maven_major() { echo "${PG_MAVEN_VERSION%%.*}"; }

# Fetches and unpacks zonky's binaries into $TIERGATE_CACHE/postgres-<version> (once).
install_maven() {
  local dest=$TIERGATE_CACHE/postgres-$PG_MAVEN_VERSION
  if ! has_server_bins "$dest/bin"; then
    command -v mvn >/dev/null || die "mvn is needed to fetch PostgreSQL binaries from Maven Central"
    local artifact tmp jar
    artifact=io.zonky.test.postgres:embedded-postgres-binaries-$(zonky_platform):$PG_MAVEN_VERSION
    mkdir -p "$TIERGATE_CACHE"
    tmp=$(mktemp -d "$TIERGATE_CACHE/.postgres-$PG_MAVEN_VERSION.XXXXXX")
    log "fetching PostgreSQL $PG_MAVEN_VERSION binaries ($artifact) from Maven Central"
    # Run Maven outside the repository so that the project's pom.xml is not loaded.
    if ! (cd "$tmp" && mvn -q -B dependency:copy -Dartifact="$artifact" -DoutputDirectory="$tmp/jar") >&2; then
      rm -rf "$tmp"
      die "mvn dependency:copy -Dartifact=$artifact failed (see above)"
    fi
    jar=$(find "$tmp/jar" -name '*.jar' | head -n1)
    log "unpacking $(basename "$jar")"
    mkdir -p "$tmp/pg"
    unzip -q -p "$jar" 'postgres-*.txz' | tar -xJ -C "$tmp/pg" \
      || { rm -rf "$tmp"; die "could not unpack the .txz inside $jar"; }
    has_server_bins "$tmp/pg/bin" || { rm -rf "$tmp"; die "$jar did not contain bin/postgres, initdb, pg_ctl"; }
    chmod -R a+rX "$tmp/pg"
    # Atomic publish; a concurrent run may have won the race, which is fine.
    mv -T "$tmp/pg" "$dest" 2>/dev/null || has_server_bins "$dest/bin" || die "could not create $dest"
    rm -rf "$tmp"
    log "PostgreSQL $PG_MAVEN_VERSION binaries in $dest"
  fi
  echo "$dest/bin"
}

install_apt() {
  if debian_bindir >/dev/null; then debian_bindir; return 0; fi
  is_root || die "Debian's PostgreSQL is not installed and installing it needs root. Run:
    sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  or use the no-root binaries from Maven Central: TIERGATE_PG_INSTALL=maven $0 ..."
  log "installing Debian's postgresql package (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q postgresql >&2; then
    log "apt-get install failed; refreshing the package lists once and retrying"
    if ! { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }; then
      die "apt-get install postgresql failed"
    fi
  fi
  debian_bindir || die "postgresql installed but no server binaries under /usr/lib/postgresql/*/bin"
}

# Prints the bin dir to use. $1: major version of an existing cluster (may be empty).
# $2: "install" to fetch/install when missing.
resolve_bindir() {
  local major=${1:-} mode=${2:-} d
  if [ -n "${TIERGATE_PG_BINDIR:-}" ]; then
    has_server_bins "$TIERGATE_PG_BINDIR" || die "TIERGATE_PG_BINDIR=$TIERGATE_PG_BINDIR has no postgres/initdb/pg_ctl"
    echo "$TIERGATE_PG_BINDIR"
    return 0
  fi
  case "$PG_BIN_SOURCE" in
    debian)
      if d=$(debian_bindir "$major"); then echo "$d"; return 0; fi
      [ "$mode" = install ] && [ -z "$major" ] && { install_apt; return 0; }
      die "TIERGATE_PG_BIN_SOURCE=debian but Debian's PostgreSQL ${major:+$major }server is not installed (scripts/pg.sh install as root)"
      ;;
    maven)
      [ -z "$major" ] || [ "$major" = "$(maven_major)" ] \
        || die "the cluster is PostgreSQL $major but TIERGATE_PG_MAVEN_VERSION is $PG_MAVEN_VERSION"
      if [ "$mode" = install ]; then install_maven; else echo "$TIERGATE_CACHE/postgres-$PG_MAVEN_VERSION/bin"; fi
      return 0
      ;;
    auto) ;;
    *) die "TIERGATE_PG_BIN_SOURCE must be auto, debian or maven (got '$PG_BIN_SOURCE')" ;;
  esac
  # auto: an existing cluster needs binaries of its own major version.
  if d=$(debian_bindir "$major"); then echo "$d"; return 0; fi
  if [ -n "$major" ] && [ "$major" = "$(maven_major)" ]; then
    if [ "$mode" = install ]; then install_maven; else echo "$TIERGATE_CACHE/postgres-$PG_MAVEN_VERSION/bin"; fi
    return 0
  fi
  [ -z "$major" ] || die "the cluster in DATA_DIR is PostgreSQL $major; no binaries of that version (Debian's /usr/lib/postgresql/$major or zonky $PG_MAVEN_VERSION). Remove DATA_DIR to start afresh."
  case "${TIERGATE_PG_INSTALL:-maven}" in
    apt) if [ "$mode" = install ]; then install_apt; else die "Debian's PostgreSQL is not installed (scripts/pg.sh install)"; fi ;;
    maven) if [ "$mode" = install ]; then install_maven; else echo "$TIERGATE_CACHE/postgres-$PG_MAVEN_VERSION/bin"; fi ;;
    *) die "TIERGATE_PG_INSTALL must be apt or maven (got '$TIERGATE_PG_INSTALL')" ;;
  esac
}

# --- the account the server runs as ----------------------------------------------------

PG_OS_USER=''
pick_os_user() {
  if ! is_root; then PG_OS_USER=$(id -un); return 0; fi
  PG_OS_USER=${TIERGATE_PG_OS_USER:-}
  if [ -z "$PG_OS_USER" ]; then
    if id -u postgres >/dev/null 2>&1; then PG_OS_USER=postgres; else PG_OS_USER=tiergate-pg; fi
  fi
  if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    [ "$PG_OS_USER" = tiergate-pg ] || die "TIERGATE_PG_OS_USER=$PG_OS_USER does not exist"
    log "creating system user tiergate-pg to run PostgreSQL (it refuses to run as root)"
    useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin tiergate-pg \
      || id -u tiergate-pg >/dev/null 2>&1 || die "useradd tiergate-pg failed"
  fi
  [ "$(id -u "$PG_OS_USER")" -ne 0 ] || die "PostgreSQL cannot run as root (TIERGATE_PG_OS_USER)"
}

# Runs a command as the server's account, from / (the caller's cwd may be unreadable to it).
as_pg() {
  if is_root; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd / && "$@")
  fi
}

# As root, the server account must reach the binaries. zonky's binaries live under
# $TIERGATE_CACHE, which may sit below /root (mode 0700). Rather than opening up /root,
# they are then copied once to /opt/tiergate-pg-<version> (root-owned, world-readable),
# the conventional place for add-on software, and used from there.
readable_bindir() {
  local bindir=$1
  if ! is_root || as_pg test -x "$bindir/postgres"; then echo "$bindir"; return 0; fi
  local home
  home=$(dirname "$bindir")
  case "$home" in
    "$TIERGATE_CACHE"/postgres-*) ;;
    *) die "user $PG_OS_USER cannot execute $bindir/postgres; make it readable" ;;
  esac
  local opt=/opt/tiergate-pg-${home##*/postgres-}
  if ! has_server_bins "$opt/bin" || ! as_pg test -x "$opt/bin/postgres"; then
    log "user $PG_OS_USER cannot read $home; copying the binaries to $opt"
    rm -rf "$opt.tmp" && cp -a "$home" "$opt.tmp" && chown -R root:root "$opt.tmp" && chmod -R a+rX "$opt.tmp"
    chmod 755 "$opt.tmp"
    rm -rf "$opt" && mv -T "$opt.tmp" "$opt"
  fi
  echo "$opt/bin"
}

# As root, DATA_DIR's parents must be searchable by the server account. Where they are
# not (a checkout under /root, say), add the search bit for others (o+x: lets others pass
# through to paths they know, not list them). setfacl would be finer but is not installed
# by default on Debian.
make_reachable() {
  local dir=$1 p='' part
  is_root || return 0
  as_pg test -x "$dir" && return 0
  local IFS=/
  for part in ${dir#/}; do
    p=$p/$part
    [ "$p" != "$dir" ] || break
    if ! as_pg test -x "$p"; then
      warn "chmod o+x $p so that $PG_OS_USER can reach $dir"
      chmod o+x "$p"
    fi
  done
}

# --- cluster state ----------------------------------------------------------------------

abs_path() { realpath -m -- "$1"; }

# True when process $1 exists and is not a zombie (a killed postmaster can stay a zombie
# until its parent, often PID 1 in containers, reaps it).
pid_alive() {
  local state
  state=$(sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# pid of the postmaster serving $1, or nothing (stale postmaster.pid files are ignored).
running_pid() {
  local pidfile=$1/postmaster.pid pid comm
  [ -f "$pidfile" ] || return 1
  pid=$(head -n1 "$pidfile" 2>/dev/null) || return 1
  case "$pid" in '' | *[!0-9]*) return 1 ;; esac
  pid_alive "$pid" || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  case "$comm" in postgres | postmaster) echo "$pid" ;; *) return 1 ;; esac
}

pidfile_line() { sed -n "${2}p" "$1/postmaster.pid" 2>/dev/null; }

# The unix socket path must fit in sun_path (107 bytes). Inside DATA_DIR when it fits;
# otherwise a private 0700 dir under /tmp named after DATA_DIR.
socket_dir() {
  local data=$1 port=$2
  if [ $((${#data} + ${#port} + 12)) -le 100 ]; then
    echo "$data"
  else
    echo "/tmp/tiergate-pg-$(printf '%s' "$data" | sha256sum | cut -c1-12)"
  fi
}

# A killed server leaves postmaster.pid and the socket's lock file behind; postgres refuses
# to start while their pid exists, and a killed postmaster may linger as a zombie until
# its parent reaps it. Only called when running_pid found no live postmaster.
clear_stale_locks() {
  local data=$1 pid port sockdir
  [ -f "$data/postmaster.pid" ] || return 0
  pid=$(pidfile_line "$data" 1)
  port=$(pidfile_line "$data" 4)
  sockdir=$(pidfile_line "$data" 5)
  if [ -n "$pid" ] && [ -n "$port" ] && [ -n "$sockdir" ] \
    && [ "$(head -n1 "$sockdir/.s.PGSQL.$port.lock" 2>/dev/null)" = "$pid" ]; then
    rm -f "$sockdir/.s.PGSQL.$port.lock" "$sockdir/.s.PGSQL.$port"
  fi
  log "removing the stale postmaster.pid of pid $pid in $data"
  rm -f "$data/postmaster.pid"
}

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }

check_name() {
  [[ $2 =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || die "$1 '$2' must match [A-Za-z_][A-Za-z0-9_]* (max 63)"
}

# Runs SQL statements (one per line) in single-user mode; the server must be stopped.
# exit_on_error turns any SQL error into a non-zero exit. Prints the backend's output.
single_user() {
  local bindir=$1 data=$2 sql=$3 out
  if ! out=$(printf '%s\n' "$sql" | as_pg "$bindir/postgres" --single -D "$data" \
    -c exit_on_error=on -c log_min_messages=warning "$PG_SUPERUSER" 2>&1); then
    printf '%s\n' "$out" | grep -v -i 'password' >&2 || true
    return 1
  fi
  printf '%s\n' "$out"
}

# Creates/updates the role and the database in single-user mode (server stopped).
setup_role_db() {
  local bindir=$1 data=$2 db=$3 user=$4 password=$5 app_user=${6:-} app_password=${7:-} out app_sql=''
  log "creating role $user${app_user:+, role $app_user} and database $db (when missing)"
  if [ -n "$app_user" ]; then
    # The runtime role: no ownership, no inheritance, nothing but what the migrations grant.
    app_sql="DO \$tg\$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = $(sql_literal "$app_user")) THEN CREATE ROLE \"$app_user\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD $(sql_literal "$app_password"); ELSE ALTER ROLE \"$app_user\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD $(sql_literal "$app_password"); END IF; END \$tg\$;"
  fi
  out=$(single_user "$bindir" "$data" "$(cat <<SQL
DO \$tg\$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = $(sql_literal "$user")) THEN CREATE ROLE "$user" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD $(sql_literal "$password"); ELSE ALTER ROLE "$user" LOGIN NOSUPERUSER PASSWORD $(sql_literal "$password"); END IF; END \$tg\$;
$app_sql
SELECT count(*) AS tiergate_db_exists FROM pg_catalog.pg_database WHERE datname = $(sql_literal "$db");
SQL
)") || die "creating role $user failed (output above)"
  if printf '%s\n' "$out" | grep -q 'tiergate_db_exists = "1"'; then
    single_user "$bindir" "$data" "ALTER DATABASE \"$db\" OWNER TO \"$user\";" >/dev/null \
      || die "ALTER DATABASE $db OWNER TO $user failed (output above)"
  else
    single_user "$bindir" "$data" "CREATE DATABASE \"$db\" OWNER \"$user\" ENCODING 'UTF8' TEMPLATE template0;" >/dev/null \
      || die "CREATE DATABASE $db failed (output above)"
  fi
}

# What was set up, so that a warm start skips the single-user step.
setup_fingerprint() {
  printf '%s %s %s%s\n' "$1" "$2" "$(printf '%s' "$3" | sha256sum | cut -c1-64)" \
    "${4:+ $4 $(printf '%s' "${5:-}" | sha256sum | cut -c1-64)}"
}

# Writes the settings that depend on the arguments; postgresql.conf includes this file.
write_conf() {
  local data=$1 port=$2 sock=$3 conf=$1/tiergate.conf
  cat >"$conf" <<CONF
# Written by scripts/pg.sh at every start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = $(sql_literal "$sock")
unix_socket_permissions = 0700
password_encryption = 'scram-sha-256'
CONF
  chmod 600 "$conf"
  if is_root; then chown "$PG_OS_USER" "$conf"; fi
}

do_initdb() {
  local bindir=$1 data=$2 out
  log "initdb $data ($("$bindir/postgres" --version))"
  # trust over the private socket (its dir is 0700), scram over TCP. The bootstrap
  # superuser gets no password: it can only log in through that socket. --no-sync: a
  # private dev/test cluster does not need initdb's fsyncs (a crash right after initdb
  # would only mean deleting DATA_DIR).
  if ! out=$(as_pg "$bindir/initdb" -D "$data" -U "$PG_SUPERUSER" --encoding=UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 --no-instructions --no-sync 2>&1); then
    printf '%s\n' "$out" >&2
    die "initdb failed"
  fi
  printf "\ninclude_if_exists = 'tiergate.conf'\n" | as_pg tee -a "$data/postgresql.conf" >/dev/null
}

# --- commands -------------------------------------------------------------------------

cmd_start() {
  if [ $# -lt 2 ] || [ $# -gt 7 ] || [ $# -eq 6 ]; then usage; fi
  local data port db=${3:-tiergate} user=${4:-tiergate} password=${5:-tiergate} app_user=${6:-} app_password=${7:-}
  data=$(abs_path "$1")
  port=$2
  if ! [[ $port =~ ^[0-9]{1,5}$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then die "bad port '$port'"; fi
  check_name database "$db"
  check_name user "$user"
  [ "$user" != "$PG_SUPERUSER" ] || die "the role must not be the superuser '$PG_SUPERUSER'"
  case "$password" in *$'\n'*) die "the password must be one line" ;; esac
  if [ -n "$app_user" ]; then
    check_name user "$app_user"
    [ "$app_user" != "$PG_SUPERUSER" ] && [ "$app_user" != "$user" ] || die "APP_USER must differ from USER and '$PG_SUPERUSER'"
    case "$app_password" in *$'\n'*) die "the password must be one line" ;; esac
  fi
  pick_os_user

  local pid fingerprint
  fingerprint=$(setup_fingerprint "$db" "$user" "$password" "$app_user" "$app_password")
  if pid=$(running_pid "$data"); then
    local running_port
    running_port=$(pidfile_line "$data" 4)
    if [ "$running_port" != "$port" ]; then
      # e.g. left running by a test JVM that was killed before its stop; tests pick a new
      # free port each run.
      log "PostgreSQL in $data runs on port $running_port (pid $pid): restarting it on port $port"
      cmd_stop "$data"
    elif [ "$(cat "$data/$SETUP_MARKER" 2>/dev/null)" = "$fingerprint" ]; then
      log "PostgreSQL already running in $data (pid $pid, port $port)"
      echo "jdbc:postgresql://127.0.0.1:$port/$db"
      return 0
    else
      log "PostgreSQL runs in $data but without role $user/database $db: restarting to add them"
      cmd_stop "$data"
    fi
  fi

  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is already in use by another process"
  fi

  local major='' bindir
  if [ -f "$data/PG_VERSION" ]; then
    major=$(cat "$data/PG_VERSION")
  elif [ -d "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
    die "$data is neither empty nor a PostgreSQL cluster"
  fi
  bindir=$(resolve_bindir "$major" install)
  bindir=$(readable_bindir "$bindir")

  if [ -z "$major" ]; then
    mkdir -p "$data"
    if is_root; then
      chown "$PG_OS_USER" "$data"
      make_reachable "$data"
    fi
    chmod 700 "$data"
    do_initdb "$bindir" "$data"
  elif is_root; then
    make_reachable "$data"
    [ "$(stat -c %U "$data")" = "$PG_OS_USER" ] || chown -R "$PG_OS_USER" "$data"
  fi

  local sock
  sock=$(socket_dir "$data" "$port")
  if [ "$sock" != "$data" ]; then
    warn "DATA_DIR path too long for a unix socket; socket dir is $sock"
    mkdir -p "$sock"
    if is_root; then
      chown "$PG_OS_USER" "$sock"
    fi
    chmod 700 "$sock"
  fi
  write_conf "$data" "$port" "$sock"
  clear_stale_locks "$data"

  if [ "$(cat "$data/$SETUP_MARKER" 2>/dev/null)" != "$fingerprint" ]; then
    setup_role_db "$bindir" "$data" "$db" "$user" "$password" "$app_user" "$app_password"
    printf '%s\n' "$fingerprint" >"$data/$SETUP_MARKER"
  fi

  log "starting PostgreSQL on 127.0.0.1:$port (data $data, log $data/server.log)"
  if ! as_pg "$bindir/pg_ctl" start -D "$data" -l "$data/server.log" -w -t "$PG_START_TIMEOUT" -s >&2; then
    tail -n 30 "$data/server.log" >&2 2>/dev/null || true
    die "PostgreSQL did not start (log above: $data/server.log)"
  fi
  wait_for_port "$port" "$PG_START_TIMEOUT" PostgreSQL

  # End-to-end check of the role's password login over TCP, when a psql client exists
  # (zonky's binaries have none; pg_ctl -w has already waited for "ready").
  local psql
  psql=$(command -v psql 2>/dev/null || true)
  [ -n "$psql" ] || psql=$(debian_bindir_psql || true)
  if [ -n "$psql" ]; then
    PGPASSWORD=$password PGCONNECT_TIMEOUT=10 "$psql" -X -q -w -h 127.0.0.1 -p "$port" -U "$user" -d "$db" \
      -c 'SELECT 1' >/dev/null || die "PostgreSQL is up but $user cannot log in to $db over TCP"
    if [ -n "$app_user" ]; then
      PGPASSWORD=$app_password PGCONNECT_TIMEOUT=10 "$psql" -X -q -w -h 127.0.0.1 -p "$port" -U "$app_user" -d "$db" \
        -c 'SELECT 1' >/dev/null || die "PostgreSQL is up but $app_user cannot log in to $db over TCP"
    fi
  fi
  log "PostgreSQL ready: 127.0.0.1:$port db=$db user=$user"
  echo "jdbc:postgresql://127.0.0.1:$port/$db"
}

debian_bindir_psql() {
  local p
  for p in /usr/lib/postgresql/*/bin/psql; do [ -x "$p" ] && echo "$p"; done | sort -t/ -k5,5n | tail -n1 | grep .
}

cmd_stop() {
  [ $# -eq 1 ] || usage
  local data pid waited=0
  data=$(abs_path "$1")
  if ! pid=$(running_pid "$data"); then
    log "PostgreSQL in $data is not running"
    return 0
  fi
  log "stopping PostgreSQL in $data (pid $pid, fast shutdown)"
  # SIGINT is pg_ctl's "fast" mode; signalling directly needs neither the binaries
  # nor their version. Escalate to "immediate" (SIGQUIT), then SIGKILL.
  kill -INT "$pid" 2>/dev/null || true
  while pid_alive "$pid"; do
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -eq $((PG_STOP_TIMEOUT * 5)) ]; then
      warn "PostgreSQL (pid $pid) still running after ${PG_STOP_TIMEOUT}s: immediate shutdown"
      kill -QUIT "$pid" 2>/dev/null || true
    elif [ "$waited" -eq $((PG_STOP_TIMEOUT * 5 + 25)) ]; then
      warn "PostgreSQL (pid $pid) still running: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    elif [ "$waited" -gt $((PG_STOP_TIMEOUT * 5 + 75)) ]; then
      die "could not stop PostgreSQL (pid $pid)"
    fi
  done
  log "PostgreSQL in $data stopped"
  local sock
  sock=$(sed -n "s/^unix_socket_directories = '\\(.*\\)'$/\\1/p" "$data/tiergate.conf" 2>/dev/null || true)
  case "$sock" in /tmp/tiergate-pg-*) rmdir "$sock" 2>/dev/null || true ;; esac
}

cmd_status() {
  [ $# -eq 1 ] || usage
  local data pid
  data=$(abs_path "$1")
  if pid=$(running_pid "$data"); then
    echo "running: pid $pid, 127.0.0.1:$(pidfile_line "$data" 4), data $data"
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
    install)
      [ $# -eq 0 ] || usage
      if [ "$PG_BIN_SOURCE" = maven ] || [ "${TIERGATE_PG_INSTALL:-apt}" = maven ]; then
        install_maven
      else
        install_apt
      fi
      ;;
    bindir) [ $# -eq 0 ] || usage; resolve_bindir '' '' ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
