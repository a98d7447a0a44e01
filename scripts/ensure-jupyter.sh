#!/usr/bin/env bash
# Finds or creates the virtualenv with jupyter_server + ipykernel (requirements-jupyter.txt),
# cached outside the clone so fresh clones on the same machine reuse it.
# Prints the venv directory as its only stdout line; progress goes to stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REQ="$ROOT/requirements-jupyter.txt"
HASH="$(sha256sum "$REQ" | cut -c1-12)"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-sessions/jupyter-venv-$HASH"
MARKER="$VENV/.installed"

if [ -f "$MARKER" ] && [ -x "$VENV/bin/jupyter-server" ]; then echo "$VENV"; exit 0; fi

PY="$(command -v python3 || true)"
[ -n "$PY" ] || { echo "ensure-jupyter: python3 not found; install Python 3.9+ (the Jupyter tests run a real Jupyter Server)" >&2; exit 1; }

echo "ensure-jupyter: installing Jupyter Server into $VENV (once per machine, about a minute)" >&2
rm -rf "$VENV"
mkdir -p "$(dirname "$VENV")"
"$PY" -m venv "$VENV" >&2
install() { "$VENV/bin/pip" install --disable-pip-version-check -q -r "$REQ" >&2; }
install || { echo "ensure-jupyter: pip install failed, retrying once" >&2; sleep 5; install; }
# ipykernel ships the python3 kernelspec inside the venv (share/jupyter/kernels/python3).
"$VENV/bin/jupyter" kernelspec list >&2
touch "$MARKER"
echo "$VENV"
