#!/usr/bin/env bash
# The virtualenv with jupyter_server + ipykernel (requirements-jupyter.txt), cached outside
# the clone. Prints the venv directory as its only stdout line; progress goes to stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# ipykernel ships the python3 kernelspec inside the venv (share/jupyter/kernels/python3).
exec bash "$ROOT/scripts/ensure-venv.sh" jupyter "$ROOT/requirements-jupyter.txt" bin/jupyter-server
