#!/usr/bin/env bash
# JSON-RPC over plain TCP (one JSON text per line) with nc: authenticate, subscribe to every
# event, and print them as they come, until Ctrl-C.
#   examples/scripts/nc-events.sh
set -euo pipefail
host=${ZPM_HOST:-127.0.0.1}
port=${ZPM_PORT:-7700}
token_file=${ZPM_TOKEN_FILE:-${XDG_STATE_HOME:-$HOME/.local/state}/zpm/token}
token=${ZPM_TOKEN:-$(cat "$token_file")}

{
  printf '{"jsonrpc":"2.0","id":1,"method":"auth","params":{"token":"%s"}}\n' "$token"
  printf '{"jsonrpc":"2.0","id":2,"method":"events.subscribe","params":{}}\n'
  # keep the connection open: events arrive as notifications on it
  cat
} | nc "$host" "$port"
