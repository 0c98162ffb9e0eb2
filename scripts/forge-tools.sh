#!/usr/bin/env bash
# Prints the directory holding a real Gitea server for tests (git-writer's PullRequestsIT through the testkit's
# GiteaServer): the `gitea` binary with the options/, templates/ and public/ it reads at run time (STATIC_ROOT_PATH).
# Honours SHIPLOG_FORGE_TOOLS (a directory that already holds them); otherwise builds the pinned Gitea once from the
# Go module proxy and caches it under ${SHIPLOG_CACHE:-~/.cache/shiplog}/forge-tools/gitea-<version>/.
# `go install code.gitea.io/gitea@v…` is refused (Gitea's go.mod has replace directives), so the module's source is
# downloaded with `go mod download` and built as the main module, with cgo for SQLite (needs gcc). The first build
# takes long: 22 to 32 min here on 2 cores shared with other builds (sources, downloads and cgo SQLite); later runs
# find the cache and take no time.
set -euo pipefail

GITEA_VERSION="${SHIPLOG_GITEA_VERSION:-1.27.3}"

complete() {
  [[ -x "$1/gitea" && -d "$1/options" && -d "$1/templates" ]]
}

if [[ -n "${SHIPLOG_FORGE_TOOLS:-}" ]]; then
  complete "$SHIPLOG_FORGE_TOOLS" || { echo "forge-tools: SHIPLOG_FORGE_TOOLS=$SHIPLOG_FORGE_TOOLS lacks gitea, options/ or templates/" >&2; exit 1; }
  echo "$SHIPLOG_FORGE_TOOLS"
  exit 0
fi

cache="${SHIPLOG_CACHE:-$HOME/.cache/shiplog}/forge-tools/gitea-${GITEA_VERSION}"
if complete "$cache"; then
  echo "$cache"
  exit 0
fi

command -v go >/dev/null || { echo "forge-tools: Go is needed to build Gitea (or set SHIPLOG_FORGE_TOOLS)" >&2; exit 1; }
command -v gcc >/dev/null || { echo "forge-tools: gcc is needed to build Gitea with SQLite (cgo)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work" "$cache.tmp"' EXIT
mkdir -p "$cache.tmp"
started=$(date +%s)
echo "forge-tools: building Gitea v${GITEA_VERSION} (first run only)" >&2
src="$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "code.gitea.io/gitea@v${GITEA_VERSION}" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -d "$src" ]] || { echo "forge-tools: go mod download of code.gitea.io/gitea@v${GITEA_VERSION} gave no source" >&2; exit 1; }
cp -r "$src" "$work/gitea"
chmod -R u+w "$work/gitea"
(cd "$work/gitea" && CGO_ENABLED=1 GOFLAGS=-mod=mod go build -trimpath -tags 'sqlite sqlite_unlock_notify' \
  -ldflags "-s -w -X main.Version=${GITEA_VERSION}" -o "$cache.tmp/gitea" .) >&2
cp -r "$work/gitea/options" "$work/gitea/templates" "$work/gitea/public" "$cache.tmp/"
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "forge-tools: built in $(( $(date +%s) - started ))s into $cache" >&2
echo "$cache"
