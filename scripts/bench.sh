#!/usr/bin/env bash
# npm run bench [-- N]: see bench/run.js. Not part of npm test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
npm run -s build
node scripts/link-self.js
PS_PULUMI_ROOT="$(bash scripts/ensure-pulumi.sh)" exec node bench/run.js "$@"
