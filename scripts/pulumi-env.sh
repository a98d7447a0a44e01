# Sourced by the demo and bench scripts: the engine on PATH (built once per machine),
# Node 24 first, a file backend and a private PULUMI_HOME under .pulumi-sessions/<name>.
# Usage: . scripts/pulumi-env.sh <name>
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PS_WORK="$ROOT/.pulumi-sessions/$1"
mkdir -p "$PS_WORK/state" "$PS_WORK/home"
PS_PULUMI_ROOT="$(bash "$ROOT/scripts/ensure-pulumi.sh")"
export PATH="$PS_PULUMI_ROOT/bin:$ROOT/node_modules/.bin:$PATH"
export PULUMI_BACKEND_URL="file://$PS_WORK/state"
export PULUMI_HOME="$PS_WORK/home"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-demo-passphrase}"
export PULUMI_SKIP_UPDATE_CHECK=1
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_NODEJS_TRANSPILE_ONLY=true
