#!/usr/bin/env bash
# npm run chaos [-- N ROUNDS SEED]: N sessions per vendor (default 30), ROUNDS rounds
# (default 10), SEED for the fault draws (default 1). Prints a table and, last,
# `chaos rounds=… clean=… orphans=… duplicates=… open_after_destroy=…`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CHAOS_N="${1:-30}" CHAOS_ROUNDS="${2:-10}" CHAOS_SEED="${3:-1}"
command -v python3 >/dev/null 2>&1 || export CHAOS_JUPYTER=0
npm run -s build
node scripts/link-self.js
exec jest --config jest.chaos.config.js --runInBand --silent=false
