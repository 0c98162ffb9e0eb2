#!/usr/bin/env bash
# Prints the path of apply-floor (scripts/lib/apply-floor): a minimal Go client that sends prepared server-side apply
# requests, which the applier benchmark uses to measure what the API server alone needs for an apply. Built once
# with the local Go toolchain (standard library only) and cached under
# ${SHIPLOG_CACHE:-~/.cache/shiplog}/apply-floor/<source hash>/apply-floor. Not needed by tests.
set -euo pipefail

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/lib/apply-floor" && pwd)"
hash="$(cat "$source_dir/go.mod" "$source_dir/main.go" | sha256sum | cut -c1-12)"
cache="${SHIPLOG_CACHE:-$HOME/.cache/shiplog}/apply-floor/$hash"
if [[ -x "$cache/apply-floor" ]]; then
  echo "$cache/apply-floor"
  exit 0
fi
command -v go >/dev/null || { echo "apply-floor-binary: Go is needed to build apply-floor" >&2; exit 1; }
mkdir -p "$cache.tmp"
trap 'rm -rf "$cache.tmp"' EXIT
(cd "$source_dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$cache.tmp/apply-floor" .)
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "$cache/apply-floor"
