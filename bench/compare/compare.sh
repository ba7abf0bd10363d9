#!/usr/bin/env bash
# Tiergate side by side with a plain reverse proxy and another LLM gateway, in one run, on this
# machine, everything on loopback, the same 4 KB Tier 1 chat body (bench/compare/body.py) and the
# same static upstream (nginx returning a fixed completion):
#
#   direct     wrk -> nginx static upstream
#   nginx      wrk -> nginx reverse proxy -> upstream
#   litellm    wrk -> LiteLLM proxy (PyPI, 1 worker, no guardrails) -> upstream
#   <build>    wrk -> Tiergate (OIDC token check, classification, OPA policy decision, audit row
#              durable in PostgreSQL before forwarding) -> upstream, embedded Wasm engine
#   <build>-remote  the same with the remote engine (an `opa run --server` on loopback)
#
# plus PostgreSQL's own INSERT ... COMMIT floor (pgbench, same server, fsync and synchronous_commit
# on as shipped). The rows are measured in rounds, each target once per round, so that a noisy
# machine hits every target alike; the table gives the median of the rounds. It starts what it
# needs (PostgreSQL, Keycloak, nginx, LiteLLM, OPA, the gateway builds) and stops it all by itself.
#
#   bench/compare/compare.sh [--seconds N] [--rounds R] [--targets LIST] [--concurrency LIST]
#     --seconds N        wrk duration per measurement (default 10)
#     --rounds R         rounds (default 3)
#     --targets LIST     comma-separated subset (default: direct,nginx,litellm and every build,
#                        embedded and remote)
#     --concurrency LIST connections (default 1,16)
#     --warmup N         seconds of c=16 load per gateway build before measuring (direct, nginx and
#                        LiteLLM, which have no JIT, at most 20; default 20: the JVMs
#                        compile the request path; a loaded machine needs more)
#   TIERGATE_COMPARE_BUILDS="name=DIR ..."  Tiergate builds to compare (DIR holds quarkus-run.jar;
#                        default: tiergate=target/quarkus-app, built with mvn when missing). Several
#                        builds run side by side, e.g. the previous commit's and this one's.
#   TIERGATE_COMPARE_JAVA=/path/to/java    the JVM for the gateway (default: java on PATH)
#   TIERGATE_COMPARE_JVM="name=/path/to/java ..."  another JVM for some builds (e.g. one build twice,
#                        under two names, on two JDKs)
#   TIERGATE_COMPARE_OPTS="name=-XX:A,-XX:B ..."   extra JVM options for some builds (comma-separated)
#   TIERGATE_COMPARE_JFR=1   record each gateway with JFR (profile settings) and print its hottest
#                        methods (execution samples, JDK 25's `jfr view`) after the table
#   TIERGATE_COMPARE_DETAIL=1  after the table, per gateway: the CPU of its busiest threads over the
#                        measured rounds (/proc/PID/task; is the JIT still compiling?) and its own
#                        latency histograms over the rounds and per concurrency level in the last
#                        round (/q/metrics, bench/load/metrics.py)
#
# Output: the table on stdout (markdown), progress on stderr, raw wrk output and logs under
# $TIERGATE_CACHE/bench-compare/. Ports 56432, 8182-8199 and 8290-8299 (management) on 127.0.0.1.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
cd "$TIERGATE_ROOT"

seconds=10 rounds=3 targets="" concurrency="1,16" warmup=20
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

STATE=$TIERGATE_CACHE/bench-compare
PG_PORT=56432 KC_PORT=8182 STATIC_PORT=8183 NGINX_PORT=8184 LITELLM_PORT=8185 OPA_PORT=8186 GW_BASE=8190
RAW=$STATE/raw
mkdir -p "$STATE" "$RAW"
JAVA=${TIERGATE_COMPARE_JAVA:-java}

for tool in wrk nginx pgbench jq curl python3; do
  command -v "$tool" >/dev/null && continue
  [ "$(id -u)" -eq 0 ] || die "$tool is needed: sudo apt-get install wrk nginx-light postgresql-client jq curl"
  log "installing $tool (apt-get)"
  pkg=$tool
  case "$tool" in nginx) pkg=nginx-light ;; pgbench) pkg=postgresql-contrib ;; esac
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null; } \
    || die "apt-get install $pkg failed"
done

# --- builds ------------------------------------------------------------------------------------
builds=${TIERGATE_COMPARE_BUILDS:-tiergate=target/quarkus-app}
if [ -z "${TIERGATE_COMPARE_BUILDS:-}" ] && [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  scripts/ensure-opa.sh >/dev/null
  log "building the gateway (mvn package, tests skipped)"
  mvn -B -q package -DskipTests -Dquarkus.package.jar.type=fast-jar >/dev/null
fi
build_names=()
declare -A build_dir
for b in $builds; do
  name=${b%%=*} dir=${b#*=}
  [ -f "$dir/quarkus-run.jar" ] || die "build $name: $dir/quarkus-run.jar not found"
  build_names+=("$name")
  build_dir[$name]=$(cd "$dir" && pwd)
done
declare -A build_java build_opts
for b in ${TIERGATE_COMPARE_JVM:-}; do build_java[${b%%=*}]=${b#*=}; done
for b in ${TIERGATE_COMPARE_OPTS:-}; do build_opts[${b%%=*}]=${b#*=}; done
if [ -z "$targets" ]; then
  targets="direct,nginx,litellm"
  for n in "${build_names[@]}"; do targets+=",$n,$n-remote"; done
fi
want() { [[ ",$targets," == *",$1,"* ]]; }

# --- stop everything on exit -------------------------------------------------------------------
pids=()
cleanup() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$STATE/nginx.pid" ] && kill "$(cat "$STATE/nginx.pid")" 2>/dev/null || true
  "$TIERGATE_ROOT/scripts/keycloak.sh" stop "$STATE/keycloak" >/dev/null 2>&1 || true
  "$TIERGATE_ROOT/scripts/pg.sh" stop "$STATE/postgres" >/dev/null 2>&1 || true
}
trap cleanup INT TERM EXIT

wait_http() { # url what pid
  local i
  for i in $(seq 1 240); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    [ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || die "$2 exited during start-up (logs in $STATE)"
    sleep 0.5
  done
  die "$2 did not answer on $1 within 120 s (logs in $STATE)"
}

# --- upstream and nginx ------------------------------------------------------------------------
COMPLETION='{"id":"chatcmpl-bench","object":"chat.completion","created":1767225600,"model":"demo-model","choices":[{"index":0,"message":{"role":"assistant","content":"Three bullets: flags, changelog, staged rollout."},"finish_reason":"stop"}],"usage":{"prompt_tokens":900,"completion_tokens":12,"total_tokens":912}}'
cat >"$STATE/nginx.conf" <<CONF
worker_processes 1;
pid $STATE/nginx.pid;
error_log $STATE/nginx-error.log warn;
daemon on;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_buffer_size 64k;
  client_body_temp_path $STATE/nginx-tmp;
  proxy_temp_path $STATE/nginx-tmp;
  fastcgi_temp_path $STATE/nginx-tmp;
  uwsgi_temp_path $STATE/nginx-tmp;
  scgi_temp_path $STATE/nginx-tmp;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$STATIC_PORT;
    location / { default_type application/json; return 200 '$COMPLETION'; }
  }
  upstream static { server 127.0.0.1:$STATIC_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://static; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
mkdir -p "$STATE/nginx-tmp"
[ -f "$STATE/nginx.pid" ] && kill "$(cat "$STATE/nginx.pid")" 2>/dev/null && sleep 0.5 || true
log "starting nginx (static upstream :$STATIC_PORT, reverse proxy :$NGINX_PORT)"
nginx -c "$STATE/nginx.conf" -p "$STATE" 2>"$STATE/nginx-start.log" || { cat "$STATE/nginx-start.log" >&2; die "nginx did not start"; }
wait_http "http://127.0.0.1:$STATIC_PORT/" nginx

python3 bench/compare/body.py 4096 >"$STATE/body.json"
export BODY_FILE=$STATE/body.json

# --- LiteLLM -----------------------------------------------------------------------------------
if want litellm; then
  venv=$(scripts/ensure-venv.sh litellm 'litellm[proxy]==1.102.0')
  cat >"$STATE/litellm.yaml" <<YAML
model_list:
  - model_name: demo-model
    litellm_params:
      model: openai/demo-model
      api_base: http://127.0.0.1:$STATIC_PORT/v1
      api_key: not-needed
litellm_settings:
  telemetry: false
YAML
  log "starting LiteLLM on :$LITELLM_PORT (1 worker)"
  LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_TELEMETRY=False DISABLE_SCHEMA_UPDATE=True \
    "$venv/litellm" --config "$STATE/litellm.yaml" --host 127.0.0.1 --port "$LITELLM_PORT" --num_workers 1 \
    >"$STATE/litellm.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$LITELLM_PORT/health/liveliness" LiteLLM "${pids[-1]}"
fi

# --- PostgreSQL, Keycloak, OPA -----------------------------------------------------------------
gateways=false
for n in "${build_names[@]}"; do want "$n" || want "$n-remote" && gateways=true; done
if $gateways; then
  log "starting PostgreSQL on :$PG_PORT and Keycloak on :$KC_PORT (first start: a minute or two)"
  scripts/pg.sh start "$STATE/postgres" "$PG_PORT" tiergate tiergate tiergate tiergate_app tiergate_app >/dev/null
  scripts/keycloak.sh start "$KC_PORT" "$STATE/keycloak" >/dev/null
  scripts/ensure-opa.sh >/dev/null
  "$(scripts/ensure-opa.sh)" run --server --addr "127.0.0.1:$OPA_PORT" --skip-version-check --disable-telemetry \
    --log-level error --ignore contract --ignore '*_test.rego' policies \
    >"$STATE/opa.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$OPA_PORT/health" OPA "${pids[-1]}"
fi

declare -A gw_port gw_pid
start_gateway() { # target-name build-name engine port
  local opts=(-Dquarkus.profile=local -Dquarkus.http.port="$4" -Dlocal.pg-port="$PG_PORT"
    -Dlocal.keycloak-port="$KC_PORT" -Dlocal.upstream="http://127.0.0.1:$STATIC_PORT"
    -Dquarkus.log.level=WARN -Dtiergate.policy.engine="$3" -Dquarkus.management.port=$(($4 + 100))
    -Dquarkus.flyway.ignore-migration-patterns="*:future")
  [ "$3" = remote ] && opts+=(-Dtiergate.policy.remote.url="http://127.0.0.1:$OPA_PORT")
  local jvm=(-Xmx1g) java=${build_java[$2]:-$JAVA}
  [ -n "${build_opts[$2]:-}" ] && IFS=, read -r -a extra <<<"${build_opts[$2]}" && jvm+=("${extra[@]}")
  log "starting Tiergate '$1' ($2, $3 engine${build_opts[$2]:+, ${build_opts[$2]}}) on :$4 with $java"
  "$java" "${jvm[@]}" "${opts[@]}" -jar "${build_dir[$2]}/quarkus-run.jar" >"$STATE/gateway-$1.log" 2>&1 &
  gw_pid[$1]=$!
  gw_port[$1]=$4
  pids+=($!)
}
port=$GW_BASE
for n in "${build_names[@]}"; do
  if want "$n"; then start_gateway "$n" "$n" embedded $port; port=$((port + 1)); fi
  if want "$n-remote"; then start_gateway "$n-remote" "$n" remote $port; port=$((port + 1)); fi
done
# Health is on the management interface (port + 100) since issue 13; older builds serve it on the HTTP port.
for t in "${!gw_port[@]}"; do
  for i in $(seq 1 240); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$((gw_port[$t] + 100))/q/health/ready" 2>/dev/null && break
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${gw_port[$t]}/q/health/ready" 2>/dev/null && break
    kill -0 "${gw_pid[$t]}" 2>/dev/null || die "Tiergate $t exited during start-up (log $STATE/gateway-$t.log)"
    [ "$i" -lt 240 ] || die "Tiergate $t was not ready within 120 s (log $STATE/gateway-$t.log)"
    sleep 0.5
  done
done

token() {
  curl -fsS -d grant_type=client_credentials -d client_id=rag-service -d client_secret=rag-service-secret \
    "http://127.0.0.1:$KC_PORT/realms/tiergate/protocol/openid-connect/token" | jq -r .access_token
}

url_of() {
  case "$1" in
    direct) echo "http://127.0.0.1:$STATIC_PORT/v1/chat/completions" ;;
    nginx) echo "http://127.0.0.1:$NGINX_PORT/v1/chat/completions" ;;
    litellm) echo "http://127.0.0.1:$LITELLM_PORT/v1/chat/completions" ;;
    *) echo "http://127.0.0.1:${gw_port[$1]}/llm/external-gpt/v1/chat/completions" ;;
  esac
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# One wrk run; prints "rps p50_ms p99_ms non2xx cores" (cores: CPU the target process used
# during the run, in cores, for the gateways; "-" for the others).
measure() { # target connections seconds
  local url out pid="" t0 t1 w0 w1 cores="-"
  url=$(url_of "$1")
  [ -n "${gw_pid[$1]:-}" ] && pid=${gw_pid[$1]}
  TOKEN=""
  [ -n "$pid" ] && TOKEN=$(token)
  export TOKEN
  [ -n "$pid" ] && t0=$(cpu_ticks "$pid") && w0=$(date +%s%N)
  out=$(wrk -t1 -c"$2" -d"${3}s" --latency -s bench/compare/wrk.lua "$url" 2>&1)
  if [ -n "$pid" ]; then
    t1=$(cpu_ticks "$pid") w1=$(date +%s%N)
    cores=$(awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v ns="$((w1 - w0))" 'BEGIN { printf "%.2f", t / hz / (ns / 1e9) }')
  fi
  echo "$out" >>"$RAW/$1-c$2.txt"
  awk -v cores="$cores" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d %s\n", rps, p50, p99, bad, cores }' <<<"$out"
}

all=()
for t in direct nginx litellm; do want "$t" && all+=("$t"); done
for n in "${build_names[@]}"; do
  want "$n" && all+=("$n")
  want "$n-remote" && all+=("$n-remote")
done
IFS=, read -r -a conns <<<"$concurrency"

# Warm-up: the JVMs compile the request path (the whole --warmup); LiteLLM and nginx, which have no
# JIT, only open their upstream connections (at most 20 s).
for t in "${all[@]}"; do
  w=$warmup
  case "$t" in direct | nginx | litellm) [ "$w" -gt 20 ] && w=20 ;; esac
  log "warming up $t (${w} s at c=16)"
  measure "$t" 16 "$w" >/dev/null
done
rm -f "$RAW"/*.txt

# Per-thread CPU ticks of a process: "ticks tid name" per line.
thread_ticks() {
  local f
  for f in /proc/"$1"/task/*/stat; do
    awk '{ n = $0; sub(/^[^(]*\(/, "", n); sub(/\).*$/, "", n); r = $0; sub(/^.*\) /, "", r); split(r, v, " ");
           gsub(/ /, "_", n); print v[12] + v[13], FILENAME, n }' "$f" 2>/dev/null || true  # a thread may end meanwhile
  done | sed -E 's|/proc/[0-9]+/task/([0-9]+)/stat|\1|'
}
metrics_of() { # target
  curl -fsS --max-time 5 "http://127.0.0.1:$((gw_port[$1] + 100))/q/metrics" 2>/dev/null \
    || curl -fsS --max-time 5 "http://127.0.0.1:${gw_port[$1]}/q/metrics" 2>/dev/null || true
}
if [ "${TIERGATE_COMPARE_DETAIL:-0}" = 1 ]; then
  for t in "${!gw_pid[@]}"; do
    thread_ticks "${gw_pid[$t]}" >"$STATE/threads-$t.before"
    metrics_of "$t" >"$STATE/metrics-$t.before"
  done
fi

# With DETAIL, the gateway's histograms of each concurrency level alone (its last round).
detail_scrape() { # target connections before|after
  [ "${TIERGATE_COMPARE_DETAIL:-0}" = 1 ] && [ -n "${gw_pid[$1]:-}" ] || return 0
  metrics_of "$1" >"$STATE/metrics-$1-c$2.$3"
}

declare -A results
if [ "${TIERGATE_COMPARE_JFR:-0}" = 1 ]; then
  for t in "${!gw_pid[@]}"; do
    jcmd "${gw_pid[$t]}" JFR.start name=compare settings=profile "jdk.Compilation#threshold=0ms" >/dev/null \
      || jcmd "${gw_pid[$t]}" JFR.start name=compare settings=profile >/dev/null
  done
fi
for r in $(seq 1 "$rounds"); do
  for c in "${conns[@]}"; do
    for t in "${all[@]}"; do
      detail_scrape "$t" "$c" before
      line=$(measure "$t" "$c" "$seconds")
      detail_scrape "$t" "$c" after
      log "round $r/$rounds  $t  c=$c: $line (req/s p50 p99 non-2xx cores)"
      results[$t,$c]+="$line"$'\n'
    done
  done
done

# PostgreSQL's commit floor: one INSERT per transaction, durable (as the audit row is).
floor=""
if $gateways; then
  pgb=$(scripts/pg.sh bindir)/pgbench
  [ -x "$pgb" ] || pgb=pgbench
  export PGPASSWORD=tiergate
  psql_cmd=$(dirname "$pgb")/psql
  [ -x "$psql_cmd" ] || psql_cmd=psql
  "$psql_cmd" -q -h 127.0.0.1 -p "$PG_PORT" -U tiergate tiergate \
    -c 'CREATE TABLE IF NOT EXISTS bench_commit_floor (id bigserial PRIMARY KEY, payload text)' >/dev/null
  echo "INSERT INTO bench_commit_floor (payload) VALUES (repeat('x', 600));" >"$STATE/floor.sql"
  for c in "${conns[@]}"; do
    out=$("$pgb" -n -h 127.0.0.1 -p "$PG_PORT" -U tiergate -c "$c" -j 1 -T "$seconds" -f "$STATE/floor.sql" tiergate 2>&1)
    lat=$(awk '/latency average/ { print $4 }' <<<"$out")
    tps=$(awk '/^tps/ { printf "%.0f", $3 }' <<<"$out")
    floor+="| PostgreSQL INSERT+COMMIT (pgbench) c=$c | $tps commits/s | $lat ms average |"$'\n'
  done
  "$psql_cmd" -q -h 127.0.0.1 -p "$PG_PORT" -U tiergate tiergate -c 'DROP TABLE bench_commit_floor' >/dev/null
fi

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v k="$1" '{ print $k }' <<<"${results[$2,$3]}" | sed '/^$/d'; }

echo
echo "bench/compare/compare.sh --seconds $seconds --rounds $rounds ($(date -u +%F), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, medians of $rounds rounds; body $(wc -c <"$BODY_FILE") bytes)"
echo
header="| path |"
sep="| --- |"
for c in "${conns[@]}"; do
  header+=" c=$c req/s | c=$c p50 ms | c=$c p99 ms | c=$c added p50 ms |"
  sep+=" --- | --- | --- | --- |"
done
header+=" gateway CPU (cores, c=${conns[-1]}) | non-2xx |"
sep+=" --- | --- |"
echo "$header"
echo "$sep"
for t in "${all[@]}"; do
  row="| $t |"
  bad=0
  for c in "${conns[@]}"; do
    rps=$(col 1 "$t" "$c" | median)
    p50=$(col 2 "$t" "$c" | median)
    p99=$(col 3 "$t" "$c" | median)
    d50=$(col 2 direct "$c" 2>/dev/null | median 2>/dev/null || true)
    added="-"
    [ -n "$d50" ] && [ "$t" != direct ] && added=$(awk -v a="$p50" -v b="$d50" 'BEGIN { printf "%.3f", a - b }')
    row+=" $rps | $p50 | $p99 | $added |"
    bad=$((bad + $(col 4 "$t" "$c" | awk '{ s += $1 } END { print s + 0 }')))
  done
  cores=$(col 5 "$t" "${conns[-1]}" | median)
  row+=" $cores | $bad |"
  echo "$row"
done
[ -z "$floor" ] || { echo; echo "| floor | throughput | latency |"; echo "| --- | --- | --- |"; printf '%s' "$floor"; }

if [ "${TIERGATE_COMPARE_DETAIL:-0}" = 1 ]; then
  for t in "${!gw_pid[@]}"; do
    thread_ticks "${gw_pid[$t]}" >"$STATE/threads-$t.after"
    metrics_of "$t" >"$STATE/metrics-$t.after"
    echo
    echo "Busiest threads of $t over the measured rounds (CPU seconds; all threads: \
$(awk '{ s += $1 } END { printf "%.1f", s / '"$(getconf CLK_TCK)"' }' "$STATE/threads-$t.after") s since start):"
    awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { b[$2] = $1; next } { d = $1 - b[$2]; if (d > 0) printf "%8.2f  %s\n", d / hz, $3 }' \
      "$STATE/threads-$t.before" "$STATE/threads-$t.after" \
      | awk '{ n = $2; gsub(/[0-9]+/, "N", n); s[n] += $1 } END { for (n in s) printf "%8.2f  %s\n", s[n], n }' | sort -rn | head -12
    echo "Gateway histograms of $t over the measured rounds:"
    python3 bench/load/metrics.py "$STATE/metrics-$t.before" "$STATE/metrics-$t.after" | sed 's/^/  /'
    for c in "${conns[@]}"; do
      echo "Gateway histograms of $t at c=$c (the last round alone):"
      python3 bench/load/metrics.py "$STATE/metrics-$t-c$c.before" "$STATE/metrics-$t-c$c.after" | sed 's/^/  /'
    done
  done
fi

if [ "${TIERGATE_COMPARE_JFR:-0}" = 1 ]; then
  jfr_tool=$(ls /usr/lib/jvm/*25*/bin/jfr 2>/dev/null | head -1)
  [ -n "$jfr_tool" ] || jfr_tool=jfr
  for t in "${!gw_pid[@]}"; do
    rm -f "$STATE/gateway-$t.jfr"
    jcmd "${gw_pid[$t]}" JFR.dump name=compare "filename=$STATE/gateway-$t.jfr" >/dev/null
    echo
    echo "Hottest methods of $t (JFR execution samples over the measured rounds; $STATE/gateway-$t.jfr):"
    "$jfr_tool" view --width 160 hot-methods "$STATE/gateway-$t.jfr" | sed -n '1,30p'
    python3 bench/compare/jfr-breakdown.py "$STATE/gateway-$t.jfr" "$jfr_tool"
  done
fi
