#!/usr/bin/env bash
# Builds the gateway's container image without a container engine or registry:
#   scripts/build-image.sh                 build the app (mvn package), then the image
#   scripts/build-image.sh --no-build      use the app already in target/quarkus-app
# writes target/image/tiergate-gateway-<version>.oci.tar, an OCI image layout in a tar
# (load it with `skopeo copy oci-archive:... docker://REGISTRY/tiergate/gateway:<version>`,
# `podman load -i ...` or `ctr images import ...`), and prints its path.
#
# Layers (bottom up), so that a code change ships only the last one:
#   1. Debian (this machine's apt sources and release) with Debian's OpenJDK 17 headless
#      runtime and the user tiergate (uid/gid 10001), made by mmdebstrap from Debian's
#      packages; cached in $TIERGATE_CACHE/image/ (built once, about 4 minutes).
#   2. /deployments/lib: the Quarkus app's dependencies.
#   3. /deployments: the app itself, with the compiled policy (policy/tiergate-policy.wasm
#      inside the app jar, the same module the embedded engine loads in every other run).
# Packed with umoci (Debian's package): it writes the OCI layout, digests and history, and
# its unpack is how scripts/test-image.sh reads the image back. Needs root (mmdebstrap builds
# the root filesystem in a chroot); installs mmdebstrap and umoci with apt-get when missing.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

build_app=true
[ "${1:-}" = "--no-build" ] && build_app=false

# What goes into the base layer; any change here makes a new cached base.
JRE_PACKAGE=${TIERGATE_IMAGE_JRE:-openjdk-17-jre-headless}
JAVA_HOME_IN_IMAGE=/usr/lib/jvm/java-17-openjdk-amd64
APP_UID=10001
BASE_RECIPE_VERSION=1

[ "$(id -u)" -eq 0 ] || die "building the image needs root (mmdebstrap, umoci unpack): sudo $0 $*"
[ "$(uname -m)" = x86_64 ] || die "the image is built for amd64 only (this machine is $(uname -m))"

for tool in mmdebstrap umoci; do
  if ! command -v "$tool" >/dev/null; then
    log "installing Debian's $tool (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "$tool" >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q "$tool" >/dev/null; } \
      || die "apt-get install $tool failed"
  fi
done

version=$(sed -n '0,/<artifactId>tiergate<\/artifactId>/d; s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n1)
version=${version%-SNAPSHOT}
[ -n "$version" ] || die "no project version in pom.xml"

# --- 1. the base: Debian and its JRE, cached ----------------------------------------------
. /etc/os-release
suite=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
[ -f "$sources" ] || die "no apt sources ($sources) to build the image from"

key=$( { echo "$BASE_RECIPE_VERSION $suite $JRE_PACKAGE $APP_UID"; grep -v '^#' "$sources"; } | sha256sum | cut -c1-16)
cache_dir=$TIERGATE_CACHE/image
base_layout=$cache_dir/base-$key.oci
if [ ! -f "$base_layout/index.json" ]; then
  mkdir -p "$cache_dir"
  work=$(mktemp -d "$cache_dir/.base-$key.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  log "building the base root filesystem: Debian $suite + $JRE_PACKAGE with mmdebstrap (once; a few minutes)"
  started=$SECONDS
  # variant essential: only Essential: yes packages plus the JRE and its dependencies (no apt).
  # The JRE's postinst needs /usr/share/man/man1 for its alternatives even with man pages excluded.
  mmdebstrap --quiet --variant=essential --include="$JRE_PACKAGE" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook="echo 'tiergate:x:$APP_UID:$APP_UID:Tiergate gateway:/nonexistent:/usr/sbin/nologin' >>\"\$1/etc/passwd\"" \
    --customize-hook="echo 'tiergate:x:$APP_UID:' >>\"\$1/etc/group\"" \
    --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/log/*.log "$1"/var/lib/apt/lists/*' \
    "$suite" "$work/base.tar" "$sources" >&2 \
    || die "mmdebstrap failed (see above)"
  # The runtime mounts /dev; device nodes in a layer only get in the way of unprivileged unpacking.
  mapfile -t devs < <(tar -tf "$work/base.tar" | grep -E '^\./dev/.' || true)
  [ "${#devs[@]}" -eq 0 ] || tar --delete -f "$work/base.tar" "${devs[@]}"
  umoci init --layout "$work/oci"
  umoci new --image "$work/oci:base"
  umoci raw add-layer --image "$work/oci:base" \
    --history.created_by="mmdebstrap --variant=essential --include=$JRE_PACKAGE $suite" \
    --history.comment="Debian $suite with $JRE_PACKAGE" "$work/base.tar"
  mv -T "$work/oci" "$base_layout"
  rm -rf "$work"
  trap - EXIT
  log "base cached in $base_layout ($((SECONDS - started)) s)"
fi

# --- 2. and 3. the app --------------------------------------------------------------------
if [ "$build_app" = true ]; then
  log "building the app (mvn package)"
  mvn -B -q package -DskipTests >&2 || die "mvn package failed"
fi
app=target/quarkus-app
[ -f "$app/quarkus-run.jar" ] || die "no $app/quarkus-run.jar: run mvn package (or drop --no-build)"
policy_revision=$(cat target/classes/policy/tiergate-policy.revision 2>/dev/null) \
  || die "no compiled policy in target/classes/policy (mvn package builds it)"

out=target/image
rm -rf "$out"
mkdir -p "$out/staging/lib/deployments" "$out/staging/app/deployments"
cp -a "$app/lib" "$out/staging/lib/deployments/"
cp -a "$app/app" "$app/quarkus" "$app/quarkus-run.jar" "$out/staging/app/deployments/"
[ ! -f "$app/quarkus-app-dependencies.txt" ] || cp "$app/quarkus-app-dependencies.txt" "$out/staging/app/deployments/"

# Layers owned by root, readable by everybody, writable by nobody at run time; fixed order and
# times, so that an unchanged dependency set gives the same layer digest.
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
layer_tar() {
  chmod -R u=rwX,go=rX "$1"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    -C "$1" -cf "$2" deployments
}
layer_tar "$out/staging/lib" "$out/lib.tar"
layer_tar "$out/staging/app" "$out/app.tar"

layout=$out/oci
cp -a "$base_layout" "$layout"
umoci raw add-layer --image "$layout:base" --tag gateway \
  --history.created_by="scripts/build-image.sh" --history.comment="app dependencies" "$out/lib.tar"
umoci raw add-layer --image "$layout:gateway" \
  --history.created_by="scripts/build-image.sh" --history.comment="app and compiled policy" "$out/app.tar"
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
umoci config --image "$layout:gateway" --tag "$version" \
  --history.created_by="scripts/build-image.sh" --history.comment="runtime configuration" \
  --config.user="$APP_UID:$APP_UID" \
  --config.workingdir=/deployments \
  --config.entrypoint="$JAVA_HOME_IN_IMAGE/bin/java" --config.entrypoint=-jar --config.entrypoint=/deployments/quarkus-run.jar \
  --config.env="JAVA_HOME=$JAVA_HOME_IN_IMAGE" \
  --config.env="PATH=$JAVA_HOME_IN_IMAGE/bin:/usr/local/bin:/usr/bin:/bin" \
  --config.env="LANG=C.UTF-8" \
  --config.env="QUARKUS_HTTP_HOST=0.0.0.0" \
  --config.env="QUARKUS_MANAGEMENT_HOST=0.0.0.0" \
  --config.env="QUARKUS_TRANSACTION_MANAGER_OBJECT_STORE_DIRECTORY=/tmp/narayana" \
  --config.exposedports=8080/tcp \
  --config.exposedports=9000/tcp \
  --config.stopsignal=SIGTERM \
  --config.label="org.opencontainers.image.title=tiergate-gateway" \
  --config.label="org.opencontainers.image.version=$version" \
  --config.label="org.opencontainers.image.revision=$commit" \
  --config.label="io.tiergate.policy.revision=$policy_revision" \
  --manifest.annotation="org.opencontainers.image.ref.name=$version"
# Only the final tag ships; gc drops the intermediate manifests and configs.
umoci rm --image "$layout:base"
umoci rm --image "$layout:gateway"
umoci gc --layout "$layout"

image=$out/tiergate-gateway-$version.oci.tar
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$layout" -cf "$image" .
rm -rf "$out/staging" "$out/lib.tar" "$out/app.tar"
log "image $image ($(du -m "$image" | cut -f1) MB, tag $version, policy revision ${policy_revision:0:12})"
echo "$image"
