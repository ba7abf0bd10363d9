#!/usr/bin/env bash
# Checks the manifests as shipped: the OPA bundle in k8s/ matches policies/, `kustomize build
# k8s` renders without flags (and `kubectl kustomize k8s` gives the same, where kubectl is
# installed), the rendered output and secret.example.yaml pass `kubernetes-validate --strict`
# for Kubernetes 1.30 to 1.34, and the rendered objects keep the owner's database credentials
# in the migration Job. Writes the rendered output to target/k8s/rendered.yaml
# (scripts/test-image.sh runs the image with its environment).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

K8S_VERSIONS=${TIERGATE_K8S_VERSIONS:-1.30.0 1.31.0 1.32.0 1.33.0 1.34.0}

scripts/build-k8s-policy.sh --check

kustomize=$(scripts/ensure-kustomize.sh)
mkdir -p target/k8s
rendered=target/k8s/rendered.yaml
"$kustomize" build k8s >"$rendered" || die "kustomize build k8s failed"
if command -v kubectl >/dev/null; then
  kubectl kustomize k8s >target/k8s/rendered-kubectl.yaml || die "kubectl kustomize k8s failed"
  cmp -s "$rendered" target/k8s/rendered-kubectl.yaml \
    || warn "kubectl kustomize k8s ($(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p')) renders differently from kustomize $("$kustomize" version)"
fi
log "rendered $(grep -c '^kind:' "$rendered") objects into $rendered"

# The dataset namespace's NetworkPolicy (outside the gateway's kustomization), rendered with its
# namespace parameter set as an operator would set it.
netpol_dir=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-netpol.XXXXXX")
trap 'rm -rf "$netpol_dir"' EXIT
cp k8s/dataset-namespace/*.yaml "$netpol_dir/"
(cd "$netpol_dir" && "$kustomize" edit set namespace customer-data) || die "kustomize edit set namespace failed"
netpol=target/k8s/dataset-namespace.yaml
"$kustomize" build "$netpol_dir" >"$netpol" || die "kustomize build k8s/dataset-namespace failed"
grep -q '^  namespace: customer-data$' "$netpol" || die "k8s/dataset-namespace does not take its namespace parameter"
grep -q 'kubernetes.io/metadata.name: tiergate' "$netpol" || die "k8s/dataset-namespace no longer admits Tiergate's namespace"
log "rendered k8s/dataset-namespace into namespace customer-data ($netpol)"

venv=$(scripts/ensure-venv.sh k8s kubernetes-validate==1.37.0)
for version in $K8S_VERSIONS; do
  "$venv/kubernetes-validate" --strict --quiet -k "$version" "$rendered" k8s/secret.example.yaml "$netpol" \
    || die "kubernetes-validate --strict -k $version failed on the rendered manifests (see above)"
done
log "kubernetes-validate --strict: passed for $K8S_VERSIONS"

"$venv/python" scripts/lib/k8s_render.py check "$rendered" k8s/policy/tiergate-policy.tar.gz
