#!/usr/bin/env bash
# Prints the path of the packed tarball of an earlier release of this package, built from
# its commit in this repository's history and cached outside the clone (the upgrade test
# installs it). Usage: pack-release.sh <version> <commit>
set -euo pipefail
VERSION="$1" COMMIT="$2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-sessions/release-$VERSION"
TARBALL="$CACHE/pulumi-sessions-$VERSION.tgz"
if [ -f "$TARBALL" ]; then echo "$TARBALL"; exit 0; fi
echo "pack-release: building pulumi-sessions $VERSION from $COMMIT (once per machine, about a minute)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A shallow clone may lack the commit: fetch it from where the clone came from.
git -C "$ROOT" cat-file -e "$COMMIT^{commit}" 2>/dev/null || git -C "$ROOT" fetch --quiet origin "$COMMIT" >&2 \
  || { echo "pack-release: commit $COMMIT is not in this clone's history; clone without --depth" >&2; exit 1; }
git -C "$ROOT" archive "$COMMIT" | tar -x -C "$work"
[ "$(node -p "require('$work/package.json').version")" = "$VERSION" ] || { echo "pack-release: $COMMIT is not $VERSION" >&2; exit 1; }
(cd "$work" && npm ci --no-audit --no-fund --ignore-scripts >&2 && npx tsc -p tsconfig.build.json >&2 && npm pack --silent --pack-destination "$work" >&2)
mkdir -p "$CACHE"
mv "$work/pulumi-sessions-$VERSION.tgz" "$TARBALL.tmp" && mv "$TARBALL.tmp" "$TARBALL"
echo "$TARBALL"
