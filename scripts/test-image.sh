#!/usr/bin/env bash
# Tests the container image as Kubernetes would run it, without a container engine (as root):
#   1. builds it (scripts/build-image.sh --no-build: the app of the preceding mvn verify),
#   2. inspects the tarball (scripts/lib/oci_inspect.py: layout, digests, entrypoint, user,
#      ports, layers, the compiled policy),
#   3. unpacks its root filesystem with umoci and, in a private mount and PID namespace, with
#      the root filesystem read-only and /tmp a tmpfs, runs the image's entrypoint as its user
#      under chroot with the environment k8s/ gives it (scripts/test-k8s.sh's rendered output):
#      first the migration Job's container with the owner's credentials against a private
#      PostgreSQL, until it exits 0; then the gateway's container with the runtime role's
#      credentials only, its catalog from the ConfigMap and an OPA server on the k8s/ bundle
#      standing in for the sidecar, until /q/health/ready answers UP.
# Only addresses change (loopback ports instead of the cluster's); nothing is mocked.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

[ "$(id -u)" -eq 0 ] || die "the image test needs root (chroot, mount namespaces)"
started=$SECONDS
rendered=target/k8s/rendered.yaml
[ -f "$rendered" ] || scripts/test-k8s.sh
venv=$(scripts/ensure-venv.sh k8s kubernetes-validate==1.37.0)
k8s() { "$venv/python" scripts/lib/k8s_render.py "$@"; }

image=$(scripts/build-image.sh --no-build)
log "[$((SECONDS - started))s] built $image"

work=$TIERGATE_ROOT/target/image-test
pids=()
cleanup() {
  local pid
  # unshare's parent ignores SIGTERM: stop its child (the entrypoint), then unshare ends.
  for pid in "${pids[@]}"; do
    kill $(cat "/proc/$pid/task/$pid/children" 2>/dev/null) 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work/config"

python3 scripts/lib/oci_inspect.py "$image" target/classes/policy/tiergate-policy.revision "$work/image-config.json"
log "[$((SECONDS - started))s] inspected the image"
mkdir -p "$work/oci"
tar -xf "$image" -C "$work/oci"
tag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])' "$work/oci/index.json")
umoci raw unpack --image "$work/oci:$tag" "$work/rootfs" >/dev/null 2>&1 || die "umoci raw unpack of $image failed"
rm -rf "$work/oci"
log "[$((SECONDS - started))s] unpacked the root filesystem"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port)
http_port=$(free_port)
management_port=$(free_port)
opa_port=$(free_port)
closed_port=$(free_port)
owner_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
app_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
jdbc=$(scripts/pg.sh start "$work/pg" "$pg_port" tiergate tiergate "$owner_password" tiergate_app "$app_password")

# What the cluster's Secrets would hold (secret.example.yaml's keys, test values).
cat >"$work/secrets.json" <<JSON
{"tiergate-secrets": {"QUARKUS_DATASOURCE_USERNAME": "tiergate_app", "QUARKUS_DATASOURCE_PASSWORD": "$app_password",
   "QUARKUS_OIDC_ADMIN_CREDENTIALS_SECRET": "test-admin-secret", "EXTERNAL_GPT_API_KEY": "test-key", "INTERNAL_LLM_API_KEY": "test-key"},
 "tiergate-migration-secrets": {"QUARKUS_FLYWAY_USERNAME": "tiergate", "QUARKUS_FLYWAY_PASSWORD": "$owner_password"}}
JSON

# The image's own environment, then the container's (as the kubelet merges them), then the
# loopback addresses of this test.
container_env() {
  python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["Env"]))' "$work/image-config.json"
  k8s env "$rendered" "$1" "$2" "$work/secrets.json"
  printf '%s\n' "QUARKUS_DATASOURCE_JDBC_URL=$jdbc" "QUARKUS_HTTP_HOST=127.0.0.1" "QUARKUS_HTTP_PORT=$http_port" \
    "QUARKUS_MANAGEMENT_HOST=127.0.0.1" "QUARKUS_MANAGEMENT_PORT=$management_port" \
    "QUARKUS_OIDC_AUTH_SERVER_URL=http://127.0.0.1:$closed_port/realms/tiergate" \
    "TIERGATE_POLICY_REMOTE_URL=http://127.0.0.1:$opa_port"
}

# Runs the image's entrypoint from the root filesystem: $1 env file, $2 mount for
# /deployments/config (or empty), $3 log file, then the container's args (k8s `args:`).
# In the background: $! is the namespace's init.
run_entrypoint() {
  local -a env entrypoint
  mapfile -t env <"$1"
  mapfile -t entrypoint < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["Entrypoint"]))' "$work/image-config.json")
  local user workdir
  user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["User"])' "$work/image-config.json")
  workdir=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["WorkingDir"])' "$work/image-config.json")
  unshare --mount --pid --fork --kill-child --propagation private bash -c '
    set -e
    root=$1 config=$2 user=$3 workdir=$4; shift 4
    mount --bind "$root" "$root"
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount -t tmpfs -o mode=1777,size=256m tmpfs "$root/tmp"
    if [ -n "$config" ]; then mkdir -p "$root/deployments/config"; mount --bind -o ro "$config" "$root/deployments/config"; fi
    mount -o remount,bind,ro "$root"
    exec chroot --userspec="$user" "$root" /usr/bin/env -i -C "$workdir" "$@"
  ' bash "$work/rootfs" "$2" "$user" "$workdir" "${env[@]}" "${entrypoint[@]}" "${@:4}" >"$3" 2>&1 &
}

# --- the migration Job -------------------------------------------------------------------
container_env Job/tiergate-migrate migrate >"$work/migrate.env"
# the Job's args (k8s_render.py check keeps them ["migrate"])
run_entrypoint "$work/migrate.env" "" "$work/migrate.log" migrate
migrate_pid=$!
pids+=("$migrate_pid")
waited=0
while kill -0 "$migrate_pid" 2>/dev/null; do
  sleep 1
  waited=$((waited + 1))
  [ "$waited" -lt 300 ] || { tail -n 40 "$work/migrate.log" >&2; die "the migration Job did not finish within 300 s"; }
done
wait "$migrate_pid" || { tail -n 40 "$work/migrate.log" >&2; die "the migration Job's container exited with an error"; }
grep -q 'Successfully applied' "$work/migrate.log" || { tail -n 40 "$work/migrate.log" >&2; die "the migration Job applied no migration"; }
log "[$((SECONDS - started))s] migration Job (owner role) exited 0: $(grep -o 'Successfully applied [0-9]* migrations' "$work/migrate.log")"

# --- the gateway, with the runtime role only -------------------------------------------------
opa=$(scripts/ensure-opa.sh)
"$opa" run --server --addr="127.0.0.1:$opa_port" --skip-version-check --log-level=error \
  --bundle k8s/policy/tiergate-policy.tar.gz >"$work/opa.log" 2>&1 &
pids+=("$!")
k8s file "$rendered" tiergate-application application.properties >"$work/config/application.properties"
container_env Deployment/tiergate gateway >"$work/gateway.env"
grep -q "$owner_password" "$work/gateway.env" && die "the gateway's environment holds the owner's password"
run_entrypoint "$work/gateway.env" "$work/config" "$work/gateway.log"
gateway_pid=$!
pids+=("$gateway_pid")
waited=0
until curl -s -o "$work/ready.json" -w '%{http_code}' "http://127.0.0.1:$management_port/q/health/ready" 2>/dev/null | grep -q '^200$'; do
  kill -0 "$gateway_pid" 2>/dev/null || { tail -n 40 "$work/gateway.log" >&2; die "the gateway's container exited"; }
  sleep 1
  waited=$((waited + 1))
  [ "$waited" -lt 300 ] || { tail -n 40 "$work/gateway.log" >&2; die "/q/health/ready did not answer 200 within 300 s"; }
done
python3 - "$work/ready.json" <<'PY' || die "readiness is not what the image should report"
import json, sys
ready = json.load(open(sys.argv[1]))
checks = {c["name"]: c for c in ready["checks"]}
assert ready["status"] == "UP", ready
assert checks["policy-engine"]["data"]["engine"] == "remote", checks["policy-engine"]
assert checks["audit-writer"]["status"] == "UP", checks["audit-writer"]
PY
# The process runs as the image's user.
# unshare --fork's child execs chroot, env and then java: it is the entrypoint's process.
java_pid=$(pgrep -P "$gateway_pid" | head -n 1)
[ -n "$java_pid" ] || die "no entrypoint process under $gateway_pid"
entry=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Entrypoint"][0])' "$work/image-config.json")
[ "$(readlink "/proc/$java_pid/exe")" = "$(readlink -f "$work/rootfs$entry")" ] \
  || die "the gateway's process ($(readlink "/proc/$java_pid/exe")) is not the image's entrypoint"
uid=$(awk '/^Uid:/ {print $2}' "/proc/$java_pid/status")
[ "$uid" = "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["User"].split(":")[0])' "$work/image-config.json")" ] \
  || die "the gateway runs as uid $uid, not the image's user"
log "[$((SECONDS - started))s] the image's entrypoint (uid $uid, read-only root) is ready: policy engine remote on the k8s bundle, runtime role only"
