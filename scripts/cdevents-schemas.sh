#!/usr/bin/env bash
# Prints the directory holding the published CDEvents JSON schemas the CDEvents export is validated against
# (CdEventsSchemaIT): the schemas of the event types Shiplog emits and the links schemas they $ref, one file per
# schema, named after the path of its $id (e.g. service-deployed-event.json, links/embeddedlinksarray.json).
# Honours SHIPLOG_CDEVENTS_SCHEMAS (a directory that already holds them); otherwise takes them once from the pinned
# CDEvents Go SDK (its api.SchemasById embeds the spec's schemas) through the Go module proxy and caches them under
# ${SHIPLOG_CACHE:-~/.cache/shiplog}/cdevents-schemas-<spec>/.
set -euo pipefail

SPEC_VERSION="0.4.1"                                        # the CDEvents spec release (CdEvents.SPEC)
SDK_VERSION="${SHIPLOG_CDEVENTS_SDK_VERSION:-0.4.1}"        # github.com/cdevents/sdk-go, which embeds that spec
# The schemas Shiplog's mapping (io.shiplog.schemas.cdevents.CdEvents) can produce, by the last part of their $id
events=(artifact-published-event change-merged-event taskrun-started-event service-deployed-event
  incident-detected-event incident-resolved-event)

complete() {
  local dir="$1" event
  for event in "${events[@]}"; do
    [[ -s "$dir/$event.json" ]] || return 1
  done
  [[ -s "$dir/links/embeddedlinksarray.json" ]]
}

if [[ -n "${SHIPLOG_CDEVENTS_SCHEMAS:-}" ]]; then
  complete "$SHIPLOG_CDEVENTS_SCHEMAS" \
    || { echo "cdevents-schemas: SHIPLOG_CDEVENTS_SCHEMAS=$SHIPLOG_CDEVENTS_SCHEMAS lacks one of ${events[*]} or links/" >&2; exit 1; }
  echo "$SHIPLOG_CDEVENTS_SCHEMAS"
  exit 0
fi

cache="${SHIPLOG_CACHE:-$HOME/.cache/shiplog}/cdevents-schemas-${SPEC_VERSION}"
if complete "$cache"; then
  echo "$cache"
  exit 0
fi

command -v go >/dev/null || { echo "cdevents-schemas: Go is needed to fetch the CDEvents schemas (or set SHIPLOG_CDEVENTS_SCHEMAS)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work" "$cache.tmp"' EXIT
rm -rf "$cache.tmp"
mkdir -p "$cache.tmp"
echo "cdevents-schemas: extracting the CDEvents ${SPEC_VERSION} schemas from github.com/cdevents/sdk-go v${SDK_VERSION} (first run only)" >&2

# A wrapper module whose program writes every schema of the spec release whose $id is under the prefix it is given,
# then checks that each $ref of a written schema resolves to a written file (a schema the spec adds later fails here).
printf 'module shiplog.local/cdevents-schemas\n\ngo 1.21\n' > "$work/go.mod"
cat > "$work/main.go" <<'GO'
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cdevents/sdk-go/pkg/api"
)

func main() {
	prefix, out := os.Args[1], os.Args[2]
	written := 0
	for id, schema := range api.SchemasById {
		name, ok := strings.CutPrefix(id, prefix)
		if !ok {
			continue
		}
		file := filepath.Join(out, filepath.FromSlash(name)+".json")
		check(os.MkdirAll(filepath.Dir(file), 0o755))
		check(os.WriteFile(file, []byte(schema), 0o644))
		written++
	}
	if written == 0 {
		fail("no schema has an $id under %s", prefix)
	}
	check(filepath.WalkDir(out, func(path string, entry os.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var schema any
		if err := json.Unmarshal(raw, &schema); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, ref := range refs(schema) {
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), filepath.FromSlash(ref)+".json")); err != nil {
				return fmt.Errorf("%s: $ref %q does not resolve to a written schema", path, ref)
			}
		}
		return nil
	}))
	fmt.Fprintf(os.Stderr, "cdevents-schemas: wrote %d schemas\n", written)
}

func refs(node any) []string {
	var found []string
	switch value := node.(type) {
	case map[string]any:
		for key, child := range value {
			if ref, ok := child.(string); ok && key == "$ref" {
				found = append(found, ref)
			} else {
				found = append(found, refs(child)...)
			}
		}
	case []any:
		for _, child := range value {
			found = append(found, refs(child)...)
		}
	}
	return found
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "cdevents-schemas: "+format+"\n", args...)
	os.Exit(1)
}
GO
if ! (cd "$work" && GOFLAGS=-mod=mod go get "github.com/cdevents/sdk-go@v${SDK_VERSION}" >&2 \
      && GOFLAGS=-mod=mod go run . "https://cdevents.dev/${SPEC_VERSION}/schema/" "$cache.tmp"); then
  echo "cdevents-schemas: could not take the schemas from github.com/cdevents/sdk-go v${SDK_VERSION} (Go module proxy)" >&2
  exit 1
fi

complete "$cache.tmp" || { echo "cdevents-schemas: sdk-go v${SDK_VERSION} lacks one of ${events[*]}" >&2; exit 1; }
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "$cache"
