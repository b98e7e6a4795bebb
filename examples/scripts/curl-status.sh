#!/usr/bin/env bash
# JSON-RPC over HTTP with curl: status of every worker, then a rolling restart of one app.
#   examples/scripts/curl-status.sh [APP]
# The token is the agent's (default ~/.local/state/zpm/token); ZPM_HTTP overrides the address.
set -euo pipefail
http=${ZPM_HTTP:-127.0.0.1:7701}
token_file=${ZPM_TOKEN_FILE:-${XDG_STATE_HOME:-$HOME/.local/state}/zpm/token}
token=${ZPM_TOKEN:-$(cat "$token_file")}

rpc() {
  curl -sS --fail-with-body -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "$1" "http://$http/rpc"
  echo
}

rpc '{"jsonrpc":"2.0","id":1,"method":"status"}'
if [ $# -ge 1 ]; then
  rpc "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"restart\",\"params\":{\"target\":\"$1\"}}"
fi
