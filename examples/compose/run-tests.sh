#!/usr/bin/env bash
# Runs `terraform test` in each module of examples/compose that has tests/, against a local Microsoft
# Graph emulator: starts the emulator on a free port, waits for its ready line, points the provider
# at it (TEAMS_GRAPH_ENDPOINT, TEAMS_ACCESS_TOKEN), runs the tests in a copy of this directory (so
# that nothing is written here), stops the emulator, and fails if any test failed.
#
#   run-tests.sh EMULATOR [CLI...]
#
# EMULATOR is a teams-graph-emulator binary (a release archive's, or one built with go build); each
# CLI a terraform or tofu binary, run in turn against the same emulator (default: terraform). The
# CLI configuration
# (TF_CLI_CONFIG_FILE) must let `init` find the provider: `make tftest` builds it and sets
# dev_overrides; elsewhere the registry serves it.
set -euo pipefail
emulator=$1
shift
clis=("${@:-terraform}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The emulator prints one line once it serves: "teams-graph-emulator listening on <base URL>".
mkfifo "$work/stdout"
"$emulator" -listen 127.0.0.1:0 >"$work/stdout" 2>"$work/emulator.log" &
pid=$!
exec 3<"$work/stdout"
line=
if ! IFS= read -r -t 30 line <&3 || [[ $line != "teams-graph-emulator listening on "* ]]; then
  echo "the emulator did not start (${line:-no ready line}):" >&2
  cat "$work/emulator.log" >&2
  exit 1
fi
export TEAMS_GRAPH_ENDPOINT=${line#teams-graph-emulator listening on }
export TEAMS_ACCESS_TOKEN=emulator-token # any token: the emulator takes it as an application's
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
echo "==> emulator listening on $TEAMS_GRAPH_ENDPOINT"

cp -R "$here" "$work/compose"
failed=()
for cli in "${clis[@]}"; do
  for dir in "$work"/compose/modules/*/; do
    module=modules/$(basename "$dir")
    [ -d "$dir/tests" ] || continue
    echo "==> $(basename "$cli") test in $module"
    rm -rf "$dir/.terraform" "$dir/.terraform.lock.hcl"
    if ! (cd "$dir" && "$cli" init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log"; exit 1; }) ||
      ! (cd "$dir" && "$cli" test -no-color); then
      failed+=("$module ($(basename "$cli"))")
    fi
  done
done
# Each test file ends by destroying what its runs created: no chat is left in the emulator.
left=$(curl -fsS "${TEAMS_GRAPH_ENDPOINT%/v1.0}/_emulator/chats")
if [[ $left == *'"id"'* ]]; then
  echo "the tests left chats behind in the emulator: $left" >&2
  failed+=("(clean-up)")
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "terraform test failed in: ${failed[*]} (the end of the emulator's request log follows)" >&2
  tail -n 100 "$work/emulator.log" >&2
  exit 1
fi
