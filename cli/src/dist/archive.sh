#!/bin/sh
# Builds target/shiplog-cli.tar.gz: shiplog-cli/bin/shiplog (the launcher) and shiplog-cli/lib/ (this module's jar and
# its runtime dependencies), so the CLI runs on a workstation without Maven. Run by the package phase.
set -eu
target="$1"
stage="$target/dist/shiplog-cli"
rm -rf "$target/dist"
mkdir -p "$stage/bin" "$stage/lib"
cp "$(dirname "$0")/shiplog" "$stage/bin/shiplog"
chmod 755 "$stage/bin/shiplog"
cp "$target/shiplog-cli.jar" "$target"/lib/*.jar "$stage/lib/"
tar -czf "$target/shiplog-cli.tar.gz" -C "$target/dist" shiplog-cli
