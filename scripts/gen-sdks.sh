#!/usr/bin/env bash
# Part of `npm run gen`: regenerates the provider plugin's SDKs from schema.json with Pulumi's code
# generators (tools/gensdk, built once per machine by scripts/ensure-gensdk.sh), exactly as they
# write them — nothing is edited afterwards:
#   sdk/python  the Python package `pulumi_sessions` (the release wheel is built from it)
#   sdk/nodejs  the TypeScript one, compiled into this package as `pulumi-sessions/plugin`
# `gen-sdks.sh <out dir>` writes them under <out dir> instead (the staleness test compares).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/sdk}"
GEN="$(bash "$ROOT/scripts/ensure-gensdk.sh")"
"$GEN" "$ROOT/schema.json" python "$OUT/python"
"$GEN" "$ROOT/schema.json" nodejs "$OUT/nodejs"
