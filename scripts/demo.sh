#!/usr/bin/env bash
# npm run demo       → build, start the emulators in the background, `pulumi up` the demo, print the sessions
# npm run demo:down  → `pulumi destroy` the demo stack and stop the emulators
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/pulumi-env.sh" demo
cd "$ROOT"
EMU_DIR="$PS_WORK/emulators"
PID_FILE="$EMU_DIR/pid"
INFO_FILE="$EMU_DIR/info.json"
mkdir -p "$EMU_DIR"

emulators_running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; }

start_emulators() {
  if emulators_running && [ -s "$INFO_FILE" ]; then return; fi
  echo "demo: starting the emulators (state in $EMU_DIR)"
  local venv=""
  venv="$(bash scripts/ensure-jupyter.sh 2>/dev/null)" || venv=""
  : > "$INFO_FILE"
  nohup node dist/emulators/cli.js --json --background --state-dir "$EMU_DIR" ${venv:+--jupyter-venv "$venv"} \
    > "$EMU_DIR/stdout.log" 2> "$EMU_DIR/stderr.log" < /dev/null &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 300); do
    if head -n1 "$EMU_DIR/stdout.log" 2>/dev/null | grep -q '^{'; then head -n1 "$EMU_DIR/stdout.log" > "$INFO_FILE"; return; fi
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { echo "demo: the emulators exited:"; cat "$EMU_DIR/stderr.log"; exit 1; }
    sleep 0.2
  done
  echo "demo: the emulators did not start within 60 s:"; cat "$EMU_DIR/stderr.log"; exit 1
}

export_env() { # the same variables a user sets for the real services
  eval "$(node -e '
    const i = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const q = (s) => JSON.stringify(String(s));
    const env = {
      QISKIT_IBM_URL: i.ibmQuantum.url, IAM_URL: i.ibmQuantum.iamUrl,
      QISKIT_IBM_TOKEN: i.ibmQuantum.apiKey, QISKIT_IBM_INSTANCE: i.ibmQuantum.instance,
      DEEPNOTE_API_URL: i.deepnote.url, DEEPNOTE_TOKEN: i.deepnote.token, DEMO_DEEPNOTE_NOTEBOOK: i.deepnote.notebookId,
      OCI_CONFIG_FILE: i.oci.configFile, OCI_CLI_PROFILE: i.oci.profile, DEMO_OCI_ENDPOINT: i.oci.url,
      DEMO_OCI_PLATFORM: i.oci.aiDataPlatformId, DEMO_OCI_WORKSPACE: i.oci.workspaceKey,
      ...(i.jupyter ? { JUPYTER_TOKEN: i.jupyter.token, DEMO_JUPYTER_URL: i.jupyter.url } : {}),
    };
    for (const [k, v] of Object.entries(env)) console.log(`export ${k}=${q(v)}`);
  ' "$INFO_FILE")"
}

select_stack() { pulumi stack select demo --create --non-interactive >/dev/null; }

case "${1:-up}" in
  up)
    npm run -s build
    node scripts/link-self.js
    start_emulators
    export_env
    select_stack
    pulumi up --yes --skip-preview --non-interactive
    echo
    echo "demo: the sessions, as Pulumi sees them (pulumi stack output --json):"
    pulumi stack output --json
    echo
    echo "demo: emulators keep running in the background (pid $(cat "$PID_FILE")); 'npm run demo:down' destroys the stack and stops them."
    ;;
  down)
    if [ -s "$INFO_FILE" ]; then
      start_emulators
      export_env
      select_stack
      pulumi destroy --yes --skip-preview --non-interactive
    fi
    if emulators_running; then kill "$(cat "$PID_FILE")"; echo "demo: emulators stopped"; fi
    rm -f "$PID_FILE" "$INFO_FILE"
    ;;
  *) echo "usage: demo.sh up|down" >&2; exit 2 ;;
esac
