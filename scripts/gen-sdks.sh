#!/usr/bin/env bash
# Part of `npm run gen`: regenerates the provider plugin's SDKs from schema.json with Pulumi's code
# generators (tools/gensdk, built once per machine by scripts/ensure-gensdk.sh), exactly as they
# write them — nothing is edited afterwards:
#   sdk/python  the Python package `pulumi_sessions` (the release wheel is built from it)
#   sdk/nodejs  the TypeScript one, compiled into this package as `pulumi-sessions/plugin`
#   sdk/go      the Go one, package github.com/pulumi-sessions/pulumi-sessions/sdk/go/sessions (its module is
#               sdk/go.mod, written by hand beside the generated tree)
# `gen-sdks.sh <out dir>` writes them under <out dir> instead (the staleness test compares).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/sdk}"
GEN="$(bash "$ROOT/scripts/ensure-gensdk.sh")"
"$GEN" "$ROOT/schema.json" python "$OUT/python"
"$GEN" "$ROOT/schema.json" nodejs "$OUT/nodejs"
"$GEN" "$ROOT/schema.json" go "$OUT/go"
