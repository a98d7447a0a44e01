#!/usr/bin/env bash
# PostgreSQL for the team-state tests (a Pulumi state backend several runners share): finds the
# server's programs from Debian's packages, installing them (apt-get, as root) when missing.
# Prints the directory holding initdb and pg_ctl as its only stdout line; progress goes to stderr.
# Exits 3 when it cannot be installed here (not root, no apt-get, the install failed): the tests
# that need it say so and skip.
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }
BIN="$(find_bin || true)"
if [ -n "$BIN" ] && [ -x "$BIN/initdb" ] && [ -x "$BIN/pg_ctl" ]; then echo "$BIN"; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgres: PostgreSQL is not installed and cannot be installed here (needs root and apt-get): install Debian's postgresql package" >&2
  exit 3
fi
log="$(mktemp)"
echo "ensure-postgres: installing PostgreSQL from Debian's packages (once per machine, about a minute; log: $log)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get install -y -q --no-install-recommends postgresql >"$log" 2>&1 || { apt-get update -q >>"$log" 2>&1 && apt-get install -y -q --no-install-recommends postgresql >>"$log" 2>&1; }; }; then
  echo "ensure-postgres: the install failed (see $log)" >&2
  exit 3
fi
BIN="$(find_bin || true)"
[ -n "$BIN" ] && [ -x "$BIN/initdb" ] || { echo "ensure-postgres: installed, but no initdb under /usr/lib/postgresql (see $log)" >&2; exit 3; }
echo "$BIN"
