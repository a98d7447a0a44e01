#!/usr/bin/env bash
# Finds or builds the Pulumi CLI the project's tests, demo and bench run on.
#
# Prints one line on stdout: the directory whose bin/ holds `pulumi`,
# `pulumi-language-nodejs`, `pulumi-language-python` and `pulumi-resource-pulumi-nodejs`. Everything else
# (progress, errors) goes to stderr.
#
# A `pulumi` on PATH is used only when it is >= the pinned floor (the version the
# tests assert). Otherwise the CLI and the Node language host are built from the Go
# module proxy into a cache outside the clone, so fresh clones on the same machine
# reuse it (a second run takes well under a second).
set -euo pipefail

V=3.259.0          # the CLI: the proxy serves this tag (others are refused)
LH=3.68.0          # the last sdk/v3 tag that still carries the Node language host package
GOLH=3.66.0        # an sdk/v3 tag that still carries the Go language host package
YAML=1.25.0        # the YAML language host (github.com/pulumi/pulumi-yaml)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-sessions/pulumi-v$V"
SHIM_SRC="$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

log() { echo "ensure-pulumi: $*" >&2; }
. "$ROOT/scripts/lib/quiet.sh"
QUIET_NAME=ensure-pulumi
QUIET_LOG="$CACHE/build.log"

version_ge() { # version_ge A B: A >= B (dotted numbers, optional leading v)
  [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -n1)" = "${2#v}" ]
}

link_shim() { # the engine looks for the dynamic-provider shim next to `pulumi`
  local dir="$1"
  if [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    [ -f "$SHIM_SRC" ] || { log "missing $SHIM_SRC: run 'npm ci' first"; exit 1; }
    cp "$SHIM_SRC" "$dir/pulumi-resource-pulumi-nodejs"
    chmod +x "$dir/pulumi-resource-pulumi-nodejs"
  fi
}

# 1. A pulumi on PATH that meets the floor. It must have its own language host and
#    shim beside it (an official install does), else we fall through to the build.
if command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null || true)"
  real="$(dirname "$(readlink -f "$(command -v pulumi)")")"
  if [ -n "$have" ] && version_ge "$have" "$V" && [ -x "$real/pulumi-language-nodejs" ] && [ -x "$real/pulumi-resource-pulumi-nodejs" ]; then
    echo "$(dirname "$real")"
    exit 0
  fi
  [ -n "$have" ] && log "pulumi $have on PATH is older than $V or lacks its plugins; using the project's own build"
fi

# 2. The cached build.
if [ -x "$CACHE/bin/pulumi" ] && [ -x "$CACHE/bin/pulumi-language-nodejs" ] && [ -x "$CACHE/bin/pulumi-language-python-exec" ] \
  && [ -x "$CACHE/bin/pulumi-language-go" ] && [ -x "$CACHE/bin/pulumi-language-yaml" ]; then
  link_shim "$CACHE/bin"
  echo "$CACHE"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  log "neither a pulumi >= $V on PATH nor Go to build one."
  log "install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go >= 1.25 and run again."
  exit 1
}

retry() { "$@" || { echo "retrying once: $*" >>"$QUIET_LOG"; sleep 5; "$@"; }; }

mkdir -p "$CACHE/bin" "$CACHE/cli" "$CACHE/lh" "$CACHE/lh-go" "$CACHE/lh-yaml"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
if [ ! -x "$CACHE/bin/pulumi" ]; then
  cd "$CACHE/cli"
  [ -f go.mod ] || go mod init local/pulumicli >/dev/null 2>&1
  quietly "downloading Pulumi CLI $V's Go modules, once per machine (about 2 minutes)" retry go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$V"
  quietly "building Pulumi CLI $V, once per machine (about 3 minutes on 2 cores)" go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-w -s -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$V" \
    -o "$CACHE/bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  mv "$CACHE/bin/pulumi.tmp" "$CACHE/bin/pulumi"
fi
# A language host from the sdk/v3 tag that still carries it in-module (the later ones dropped it):
# build_host <nodejs|python> <what the log says it takes>.
build_host() {
  local lang="$1" bin="$CACHE/bin/pulumi-language-$1"
  [ -x "$bin" ] && return 0
  cd "$CACHE/lh"
  [ -f go.mod ] || go mod init local/pulumilh >/dev/null 2>&1
  quietly "building the ${lang} language host (sdk v$LH), $2" retry go get "github.com/pulumi/pulumi/sdk/v3/$lang/cmd/pulumi-language-$lang@v$LH"
  quietly "linking the ${lang} language host" go build -trimpath -ldflags "-w -s" -o "$bin.tmp" "github.com/pulumi/pulumi/sdk/v3/$lang/cmd/pulumi-language-$lang"
  mv "$bin.tmp" "$bin"
}
build_host nodejs "about 40 seconds"
# Python programs (the provider plugin's Python SDK) also need the exec shim the host runs
# them through, which ships in that module's source.
if [ ! -x "$CACHE/bin/pulumi-language-python-exec" ]; then
  build_host python "seconds once the Node one is built"
  cp "$(go env GOMODCACHE)/github.com/pulumi/pulumi/sdk/v3@v$LH/python/cmd/pulumi-language-python-exec" "$CACHE/bin/"
  chmod +x "$CACHE/bin/pulumi-language-python-exec"
fi
# Go and YAML programs: each host in a wrapper module of its own (each needs its own sdk/v3 version).
build_module_host() { # build_module_host <dir> <bin name> <package@version> <what the log says it takes>
  local bin="$CACHE/bin/$2"
  [ -x "$bin" ] && return 0
  cd "$CACHE/$1"
  [ -f go.mod ] || go mod init "local/$1" >/dev/null 2>&1
  quietly "building $2 (${3##*@}), $4" retry go get "$3"
  quietly "linking $2" go build -trimpath -ldflags "-w -s" -o "$bin.tmp" "${3%@*}"
  mv "$bin.tmp" "$bin"
}
build_module_host lh-go pulumi-language-go "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go@v$GOLH" "about 30 seconds"
build_module_host lh-yaml pulumi-language-yaml "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$YAML" "about 2 minutes"
link_shim "$CACHE/bin"
log "built: $("$CACHE/bin/pulumi" version)"
echo "$CACHE"
