#!/usr/bin/env bash
# Prints the directory that holds kube-apiserver and etcd for the tests (the envtest convention).
# Honours KUBEBUILDER_ASSETS; otherwise builds pinned versions from the Go module proxy once and
# caches them under ${SHIPLOG_CACHE:-~/.cache/shiplog}/envtest/<versions>/.
set -euo pipefail

KUBE_VERSION="${SHIPLOG_KUBE_VERSION:-1.34.4}"
ETCD_VERSION="${SHIPLOG_ETCD_VERSION:-3.6.16}"

if [[ -n "${KUBEBUILDER_ASSETS:-}" && -x "$KUBEBUILDER_ASSETS/kube-apiserver" && -x "$KUBEBUILDER_ASSETS/etcd" ]]; then
  echo "$KUBEBUILDER_ASSETS"
  exit 0
fi

cache="${SHIPLOG_CACHE:-$HOME/.cache/shiplog}/envtest/k8s-${KUBE_VERSION}-etcd-${ETCD_VERSION}"
if [[ -x "$cache/kube-apiserver" && -x "$cache/etcd" ]]; then
  echo "$cache"
  exit 0
fi

command -v go >/dev/null || { echo "envtest-assets: Go is needed to build kube-apiserver and etcd (or set KUBEBUILDER_ASSETS)" >&2; exit 1; }

source "$(dirname "${BASH_SOURCE[0]}")/lib/kube-module.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$cache.tmp"
started=$(date +%s)

echo "envtest-assets: building kube-apiserver v${KUBE_VERSION} and etcd v${ETCD_VERSION} (first run only)" >&2
mkdir -p "$work/etcd"
kube_wrapper_module "$work/kube" shiplog.local/envtest-kube
ldflags="$(kube_version_ldflags k8s.io/component-base/version)"
(cd "$work/kube" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" \
   -o "$cache.tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver)

printf 'module shiplog.local/envtest-etcd\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" > "$work/etcd/go.mod"
(cd "$work/etcd" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" \
   -o "$cache.tmp/etcd" go.etcd.io/etcd/server/v3)

rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "envtest-assets: built in $(( $(date +%s) - started ))s into $cache" >&2
echo "$cache"
