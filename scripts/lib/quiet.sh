# Sourced by the ensure-* scripts: long first-run steps print one progress line each, and their
# full output goes to a log file named in that line (shown, its end, only when a step fails).
# Usage: QUIET_NAME=<script> QUIET_LOG=<file>; quietly "<what, how long>" <command> [args…]
quietly() {
  local what="$1"; shift
  mkdir -p "$(dirname "$QUIET_LOG")"
  echo "$QUIET_NAME: $what (log: $QUIET_LOG)" >&2
  if ! "$@" >>"$QUIET_LOG" 2>&1; then
    echo "$QUIET_NAME: failed: $*; the end of $QUIET_LOG:" >&2
    tail -n 30 "$QUIET_LOG" >&2
    return 1
  fi
}
