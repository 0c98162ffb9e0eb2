#!/usr/bin/env bash
# Prints the directory holding the pinned renderers Shiplog runs: kustomize, helm and sops (and age-keygen for tests).
# Honours SHIPLOG_RENDER_TOOLS (a directory that already holds them); otherwise builds each pinned version once from
# the Go module proxy and caches them under ${SHIPLOG_CACHE:-~/.cache/shiplog}/render-tools/<versions>/.
# It also builds Shiplog's kustomize helper (render/kustomize-helper, kustomize's API in one long-lived process) into
# that directory when it is missing or its source changed (kustomize-helper.source holds the source hash); without it
# Shiplog runs `kustomize build` per unit.
set -euo pipefail

helper_src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../render/kustomize-helper" && pwd)"

# helper <dir>: builds the kustomize helper into <dir> unless it is there for the same source; failures only warn
helper() {
  local dir="$1" hash
  hash="$(cd "$helper_src" && { echo "$KUSTOMIZE_VERSION"; cat go.mod go.sum ./*.go; } | sha256sum | cut -c1-16)"
  if [[ -x "$dir/kustomize-helper" && "$(cat "$dir/kustomize-helper.source" 2>/dev/null)" == "$hash" ]]; then
    return 0
  fi
  if ! command -v go >/dev/null || [[ ! -w "$dir" ]]; then
    echo "render-tools: kustomize-helper not built (needs Go and a writable $dir); kustomize runs per unit" >&2
    return 0
  fi
  echo "render-tools: building kustomize-helper ($hash)" >&2
  if (cd "$helper_src" && CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X sigs.k8s.io/kustomize/api/provenance.version=v${KUSTOMIZE_VERSION}" \
      -o "$dir/kustomize-helper.tmp" .) >&2; then
    mv "$dir/kustomize-helper.tmp" "$dir/kustomize-helper"
    echo "$hash" > "$dir/kustomize-helper.source"
  else
    rm -f "$dir/kustomize-helper.tmp"
    echo "render-tools: kustomize-helper failed to build; kustomize runs per unit" >&2
  fi
}

KUSTOMIZE_VERSION="${SHIPLOG_KUSTOMIZE_VERSION:-5.8.2}"
HELM_VERSION="${SHIPLOG_HELM_VERSION:-4.3.2}"
SOPS_VERSION="${SHIPLOG_SOPS_VERSION:-3.13.3}"
AGE_VERSION="${SHIPLOG_AGE_VERSION:-1.3.1}"
tools=(kustomize helm sops age-keygen)

complete() {
  local dir="$1" tool
  for tool in "${tools[@]}"; do
    [[ -x "$dir/$tool" ]] || return 1
  done
}

if [[ -n "${SHIPLOG_RENDER_TOOLS:-}" ]]; then
  complete "$SHIPLOG_RENDER_TOOLS" || { echo "render-tools: SHIPLOG_RENDER_TOOLS=$SHIPLOG_RENDER_TOOLS lacks one of ${tools[*]}" >&2; exit 1; }
  helper "$SHIPLOG_RENDER_TOOLS"
  echo "$SHIPLOG_RENDER_TOOLS"
  exit 0
fi

cache="${SHIPLOG_CACHE:-$HOME/.cache/shiplog}/render-tools/kustomize-${KUSTOMIZE_VERSION}-helm-${HELM_VERSION}-sops-${SOPS_VERSION}-age-${AGE_VERSION}"
if complete "$cache"; then
  helper "$cache"
  echo "$cache"
  exit 0
fi

command -v go >/dev/null || { echo "render-tools: Go is needed to build kustomize, helm and sops (or set SHIPLOG_RENDER_TOOLS)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work" "$cache.tmp"' EXIT
mkdir -p "$cache.tmp"
started=$(date +%s)
echo "render-tools: building kustomize v${KUSTOMIZE_VERSION}, helm v${HELM_VERSION}, sops v${SOPS_VERSION}, age v${AGE_VERSION} (first run only)" >&2

# build <name> <module> <version> <package> [ldflags]: one wrapper module per tool, so their dependencies never mix
build() {
  local name="$1" module="$2" version="$3" package="$4" ldflags="${5:--s -w}"
  mkdir -p "$work/$name"
  printf 'module shiplog.local/render-%s\n\ngo 1.25\n' "$name" > "$work/$name/go.mod"
  (cd "$work/$name" && GOFLAGS=-mod=mod go get "$module@v$version" >/dev/null 2>&1 \
     && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$cache.tmp/$name" "$package")
}

build kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5 \
  "-s -w -X sigs.k8s.io/kustomize/api/provenance.version=v${KUSTOMIZE_VERSION}"
build helm helm.sh/helm/v4 "$HELM_VERSION" helm.sh/helm/v4/cmd/helm \
  "-s -w -X helm.sh/helm/v4/internal/version.version=v${HELM_VERSION}"
build sops github.com/getsops/sops/v3 "$SOPS_VERSION" github.com/getsops/sops/v3/cmd/sops
build age-keygen filippo.io/age "$AGE_VERSION" filippo.io/age/cmd/age-keygen

rm -rf "$cache"
mv "$cache.tmp" "$cache"
helper "$cache"
echo "render-tools: built in $(( $(date +%s) - started ))s into $cache" >&2
echo "$cache"
