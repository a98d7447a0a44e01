#!/usr/bin/env bash
# ensure-venv.sh NAME REQUIREMENTS PROBE: finds or creates the virtualenv NAME-venv-<hash of
# REQUIREMENTS> in ~/.cache/pulumi-sessions (so fresh clones on the same machine reuse it),
# with REQUIREMENTS installed; PROBE is a file inside the venv that proves the install.
# Prints the venv directory as its only stdout line; progress goes to stderr.
# Exits 3 when there is no python3 (callers that can do without say so and skip).
set -euo pipefail
NAME="$1"; REQ="$2"; PROBE="$3"
HASH="$(sha256sum "$REQ" | cut -c1-12)"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-sessions/$NAME-venv-$HASH"
MARKER="$VENV/.installed"

if [ -f "$MARKER" ] && [ -e "$VENV/$PROBE" ]; then echo "$VENV"; exit 0; fi

PY="$(command -v python3 || true)"
[ -n "$PY" ] || { echo "ensure-venv: python3 not found; install Python 3.10+ for the $NAME virtualenv ($(basename "$REQ"))" >&2; exit 3; }

rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
. "$(dirname "${BASH_SOURCE[0]}")/lib/quiet.sh"
QUIET_NAME=ensure-venv
QUIET_LOG="$VENV.log"
: >"$QUIET_LOG"
install() { "$PY" -m venv "$VENV" && "$VENV/bin/pip" install --disable-pip-version-check -q -r "$REQ"; }
install_with_retry() { install || { echo "pip install failed, retrying once"; sleep 5; install; }; }
quietly "installing $(basename "$REQ") into $VENV, once per machine (about a minute)" install_with_retry
[ -e "$VENV/$PROBE" ] || { echo "ensure-venv: $PROBE missing after the install" >&2; exit 1; }
touch "$MARKER"
echo "$VENV"
