#!/usr/bin/env bash
# Prints the path of a kubectl built from the same Kubernetes module as the envtest kube-apiserver
# (scripts/envtest-assets.sh), for benchmarks that compare with `kubectl apply --server-side`. Not needed by tests.
# Honours SHIPLOG_KUBECTL (an existing kubectl to use as is); otherwise builds it once from the Go module proxy and
# caches it under ${SHIPLOG_CACHE:-~/.cache/shiplog}/kubectl/<version>/kubectl.
set -euo pipefail

KUBE_VERSION="${SHIPLOG_KUBE_VERSION:-1.34.4}"

if [[ -n "${SHIPLOG_KUBECTL:-}" ]]; then
  [[ -x "$SHIPLOG_KUBECTL" ]] || { echo "kubectl-binary: SHIPLOG_KUBECTL=$SHIPLOG_KUBECTL is not executable" >&2; exit 1; }
  echo "$SHIPLOG_KUBECTL"
  exit 0
fi

cache="${SHIPLOG_CACHE:-$HOME/.cache/shiplog}/kubectl/${KUBE_VERSION}"
if [[ -x "$cache/kubectl" ]]; then
  echo "$cache/kubectl"
  exit 0
fi

command -v go >/dev/null || { echo "kubectl-binary: Go is needed to build kubectl (or set SHIPLOG_KUBECTL)" >&2; exit 1; }

source "$(dirname "${BASH_SOURCE[0]}")/lib/kube-module.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work" "$cache.tmp"' EXIT
mkdir -p "$cache.tmp"
started=$(date +%s)
echo "kubectl-binary: building kubectl v${KUBE_VERSION} (first run only)" >&2
kube_wrapper_module "$work" shiplog.local/kubectl
# kubectl reads its version from component-base and client-go (both are printed by `kubectl version`)
ldflags="$(kube_version_ldflags k8s.io/component-base/version k8s.io/client-go/pkg/version)"
(cd "$work" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" \
   -o "$cache.tmp/kubectl" k8s.io/kubernetes/cmd/kubectl)
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "kubectl-binary: built in $(( $(date +%s) - started ))s into $cache" >&2
echo "$cache/kubectl"
