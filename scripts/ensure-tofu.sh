#!/usr/bin/env bash
# Finds or builds OpenTofu, the real `tofu` the OpenTofu e2e tests drive: a `tofu` on PATH that
# is >= the pinned version, else built from the Go module proxy once per machine into a cache
# outside the clone (about 8 minutes on 2 cores). Prints the directory holding `tofu` as its only
# stdout line; progress goes to stderr (one line per step; the full output in a log file).
set -euo pipefail
V=1.12.6
# OpenTofu's own go.mod replaces hcl/v2 with its fork; a wrapper module ignores a dependency's
# replaces, so it says the same.
HCL_REPLACE="github.com/hashicorp/hcl/v2@v2.20.1=github.com/opentofu/hcl/v2@v2.20.2-0.20251021132045-587d123c2828"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-sessions/tofu-v$V"
. "$ROOT/scripts/lib/quiet.sh"
QUIET_NAME=ensure-tofu
QUIET_LOG="$CACHE/build.log"

version_ge() { [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -n1)" = "${2#v}" ]; }
if command -v tofu >/dev/null 2>&1; then
  have="$(tofu version 2>/dev/null | head -n1 | awk '{print $2}')"
  if [ -n "$have" ] && version_ge "${have%-*}" "$V"; then dirname "$(readlink -f "$(command -v tofu)")"; exit 0; fi
fi
if [ -x "$CACHE/bin/tofu" ]; then echo "$CACHE/bin"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "ensure-tofu: neither a tofu >= $V on PATH nor Go to build one: install OpenTofu (https://opentofu.org/docs/intro/install/) or Go >= 1.25" >&2; exit 1; }
mkdir -p "$CACHE/bin" "$CACHE/src"
cd "$CACHE/src"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
[ -f go.mod ] || go mod init local/tofu >/dev/null 2>&1
go mod edit -replace "$HCL_REPLACE"
retry() { "$@" || { echo "retrying once: $*"; sleep 5; "$@"; }; }
quietly "downloading OpenTofu $V's Go modules, once per machine (about 2 minutes)" retry go get "github.com/opentofu/opentofu/cmd/tofu@v$V"
quietly "building OpenTofu $V, once per machine (about 6 minutes on 2 cores)" go build -trimpath -ldflags "-w -s" -o "$CACHE/bin/tofu.tmp" github.com/opentofu/opentofu/cmd/tofu
mv "$CACHE/bin/tofu.tmp" "$CACHE/bin/tofu"
echo "$CACHE/bin"
