#!/usr/bin/env bash
# The virtualenv with Oracle's own AI Data Platform client, aidp-python-client (requirements-aidp.txt), for
# the conformance suite (test/conformance). Cached outside the clone; prints the venv directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec bash "$ROOT/scripts/ensure-venv.sh" aidp "$ROOT/requirements-aidp.txt" bin/python
