# Sourced by the bench scripts (bash): helpers they share.

# a random port nothing listens on: an agent's RPC and HTTP servers must not clash with a real agent
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! grep -qi ":$(printf '%04X' "$p") " /proc/net/tcp /proc/net/tcp6 2> /dev/null; then echo "$p"; return; fi
  done
}
