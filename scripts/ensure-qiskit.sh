#!/usr/bin/env bash
# The virtualenv with IBM's own client, qiskit-ibm-runtime (requirements-qiskit.txt), for the
# conformance suite (test/conformance). Cached outside the clone; prints the venv directory.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec bash "$ROOT/scripts/ensure-venv.sh" qiskit "$ROOT/requirements-qiskit.txt" bin/python
