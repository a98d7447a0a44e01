#!/usr/bin/env bash
# Finds or builds tools/gensdk (the SDK generator) against pkg/v3 at the CLI's version,
# cached outside the clone like the CLI (scripts/ensure-pulumi.sh). Prints the binary's path.
set -euo pipefail
V=3.259.0
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HASH="$(sha256sum "$ROOT/tools/gensdk/main.go" | cut -c1-12)"
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-sessions/gensdk-v$V-$HASH"
if [ -x "$DIR/gensdk" ]; then echo "$DIR/gensdk"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "ensure-gensdk: Go >= 1.25 is needed to build the SDK generator" >&2; exit 1; }
mkdir -p "$DIR" && cd "$DIR"
. "$ROOT/scripts/lib/quiet.sh"
QUIET_NAME=ensure-gensdk
QUIET_LOG="$DIR/build.log"
cp "$ROOT/tools/gensdk/main.go" .
[ -f go.mod ] || go mod init local/gensdk >/dev/null 2>&1
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
quietly "downloading the SDK generator's modules (pkg/v3@v$V)" go get "github.com/pulumi/pulumi/pkg/v3@v$V"
quietly "building the SDK generator (about 2 minutes once the CLI's modules are cached)" go build -trimpath -o gensdk.tmp .
mv gensdk.tmp gensdk
echo "$DIR/gensdk"
