#!/usr/bin/env bash
# The virtualenv Python Pulumi programs run in for the e2e tests (requirements-python.txt),
# cached outside the clone. Prints the venv directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec bash "$ROOT/scripts/ensure-venv.sh" pulumi-python "$ROOT/requirements-python.txt" bin/python
