#!/usr/bin/env bash
# npm run bench [-- N | --n 100,300] [--latency MS]: see bench/run.js. Not part of npm test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
npm run -s build
node scripts/link-self.js
venv=""
command -v python3 >/dev/null 2>&1 && venv="$(bash scripts/ensure-jupyter.sh)" || true
PS_PULUMI_ROOT="$(bash scripts/ensure-pulumi.sh)" PS_JUPYTER_VENV="$venv" exec node bench/run.js "$@"
