#!/usr/bin/env bash
# The example HTTP app (HelloWorker, SO_REUSEPORT) under the real agent, run by hand:
#   1. requests/s with 1, 2 and $(nproc) workers (wrk -t2 -c32, 10 s each, keep-alive);
#   2. a rolling `restart hello` of 2 workers under load, twice: RestartUnderLoad (16 strict
#      connections, keep-alive, then a new connection per request: failed requests, longest gap,
#      throughput dip) and wrk (its error counts).
# Usage: examples/bench/http-restart.sh   (NO_INSTALL=1: do not apt-get install wrk when missing)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ! command -v wrk > /dev/null; then
  if [ -n "${NO_INSTALL:-}" ]; then echo "wrk missing (apt-get install wrk)" >&2; exit 1; fi
  apt-get install -y wrk > /dev/null
fi

tmp=$(mktemp -d /tmp/zpm-http-bench.XXXXXX)
agent=""
cleanup() {
  if [ -n "$agent" ] && kill -0 "$agent" 2> /dev/null; then
    kill -TERM "$agent"
    wait "$agent" || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(free_port); rpc=$(free_port); http=$(free_port)
cat > "$tmp/zpm.yaml" << YAML
agent: {rpc: "127.0.0.1:$rpc", http: "127.0.0.1:$http", stateDir: "$tmp/state"}
apps:
  - name: hello
    command: [java, -Xmx24m, -Xss256k, -XX:+UseSerialGC, -XX:TieredStopAtLevel=1, -Xshare:auto,
              -cp, "target/zpm-examples.jar:target/lib/*", zpm.examples.workers.HelloWorker]
    cwd: $root/examples
    size: 1
    port: $port
    readiness: {type: http, path: /health}
    killTimeout: 12000
YAML
# --tcp-migrate: as root the agent may set net.ipv4.tcp_migrate_req=1, which a restart under load needs.
"$root/bin/zpm-agent" --config "$tmp/zpm.yaml" --tcp-migrate > "$tmp/agent.out" 2> "$tmp/agent.err" &
agent=$!
repl() { "$root/bin/zpm-repl" connect "127.0.0.1:$rpc" --token-file "$tmp/state/token" -c "$1"; }
online() { repl "status hello" | grep -c " online " || true; }
await_online() {
  for _ in $(seq 600); do
    [ "$(online)" = "$1" ] && return 0
    sleep 0.1
  done
  echo "hello did not reach $1 online workers" >&2; exit 1
}
for _ in $(seq 600); do [ -s "$tmp/state/token" ] && grep -q "zpm agent pid" "$tmp/agent.out" && break; sleep 0.1; done

echo "== machine: $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)"
echo "net.ipv4.tcp_migrate_req=$(cat /proc/sys/net/ipv4/tcp_migrate_req 2> /dev/null || echo absent)"
echo "== requests/s, wrk -t2 -c32 -d10s, keep-alive"
for n in 1 2 "$(nproc)"; do
  repl "resize hello $n" > /dev/null
  await_online "$n"
  wrk -t2 -c32 -d3s "http://127.0.0.1:$port/" > /dev/null # warm-up
  echo "$n worker(s): $(wrk -t2 -c32 -d10s "http://127.0.0.1:$port/" | awk '/Requests\/sec/ { print $2 }') requests/s"
done

repl "resize hello 2" > /dev/null
await_online 2
echo "== restart hello (2 workers) under load"
for ka in true false; do
  "$java" -cp "$root/examples/target/zpm-examples.jar:$root/examples/target/lib/*" zpm.examples.bench.RestartUnderLoad \
    --port "$port" --rpc-port "$rpc" --token-file "$tmp/state/token" --keep-alive "$ka"
done
for mode in keep-alive close; do
  hdr=(); [ "$mode" = close ] && hdr=(-H "Connection: close")
  wrk -t2 -c16 -d10s "${hdr[@]}" "http://127.0.0.1:$port/" > "$tmp/wrk.out" &
  w=$!
  sleep 3
  repl "restart hello" > /dev/null
  wait "$w"
  echo "wrk $mode, restart at 3 s of 10: $(awk '/requests in/ { print $1, "requests" }' "$tmp/wrk.out");" \
    "$(grep -E 'Socket errors|Non-2xx' "$tmp/wrk.out" | tr -s ' ' | tr '\n' ';' || true)"
done
