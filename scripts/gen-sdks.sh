#!/usr/bin/env bash
# npm run gen:sdks: regenerates the provider plugin's SDKs from schema.json with Pulumi's code
# generators (tools/gensdk, built once per machine by scripts/ensure-gensdk.sh):
#   sdk/python  the Python package `pulumi_sessions` (pip install ./sdk/python)
#   sdk/plugin  the TypeScript one, compiled into this package as `pulumi-sessions/plugin`
# `gen-sdks.sh <out dir>` writes both under <out dir> instead (the staleness test compares).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/sdk}"
GEN="$(bash "$ROOT/scripts/ensure-gensdk.sh")"
"$GEN" "$ROOT/schema.json" python "$OUT/python"
"$GEN" "$ROOT/schema.json" nodejs "$OUT/plugin"
cd "$OUT/plugin"
# Compiled inside pulumi-sessions: no package.json of its own (one saying `"resource": true`
# inside our package would make the Node language host try to install the plugin for every
# stack that uses the dynamic resources), so the SDK's version is this package's.
rm -f package.json tsconfig.json README.md .gitignore .gitattributes
sed -i "s|let version = require('./package.json').version;|let version: string = require(\"../../provider/core/version\").PACKAGE_VERSION;|" utilities.ts
grep -q 'provider/core/version' utilities.ts || { echo "gen-sdks: utilities.ts no longer has the version line this script adapts" >&2; exit 1; }
rm -f "$OUT/python/.gitattributes"
# Each resource constructor registers with promise stacks taken without frames, as the dynamic
# resources do (`withoutPromiseStacks` in sdk/provider.ts says why: it was the largest CPU cost
# of a 300-session program, on the critical path of `up` and `preview`).
sed -i 's|^        super(\([A-Za-z]*\)\.__pulumiType, name, resourceInputs, opts);$|        // pulumi-sessions (scripts/gen-sdks.sh): promise stacks without frames while registering.\n        const restore = (require("../../provider") as typeof import("../../provider")).withoutPromiseStacks();\n        try {\n            super(\1.__pulumiType, name, resourceInputs, opts);\n        } finally {\n            restore();\n        }|' "$OUT"/plugin/*/*.ts
[ "$(grep -l 'withoutPromiseStacks' "$OUT"/plugin/*/*.ts | wc -l)" -eq 4 ] || { echo "gen-sdks: expected 4 resource constructors to adapt" >&2; exit 1; }
