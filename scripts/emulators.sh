#!/usr/bin/env bash
# npm run emulators [-- --port 0 --json …]: every emulator, plus the real Jupyter Server
# when Python is available (its virtualenv is made once per machine). stdout stays
# clean for --json: only the emulators' own output goes there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv=""
if command -v python3 >/dev/null 2>&1; then
  venv="$(bash "$ROOT/scripts/ensure-jupyter.sh")" || { echo "emulators: no Jupyter Server (virtualenv install failed); starting the others" >&2; venv=""; }
fi
exec node "$ROOT/dist/emulators/cli.js" ${venv:+--jupyter-venv "$venv"} "$@"
