#!/usr/bin/env bash
# The fleet's figures (driver: zpm.examples.bench.FleetBench): three agents on this host, each
# with 100 workers (99 `sleep`, 1 python control worker that echoes messages), clustered on
# 127.0.0.1 with TLS between them (a throw-away CA made here with openssl), started with the real
# bin/zpm-agent. Prints: each agent's RSS clustered, then `status` of the whole fleet from node a
# (p50/p99 over TCP after a warm-up), an event on b reaching a subscriber connected to a (p50/p99,
# one host's monotonic clock), SIGKILL of c to node-left on a and b; then one lone agent with the
# same 100 workers for its RSS. The load average is printed with each phase: on 2 cores a build
# next door doubles the latencies. PLAIN=1: the event bus between the nodes without TLS (allowed on
# loopback only), to show what TLS costs. PHASE=status: only status, of the whole fleet, of node a
# alone and of node b alone asked on a (where the time goes). About 2 minutes. Build first:
#   mvn -B -q package -DskipTests -DskipITs -pl cluster,examples -am
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/examples/bench/common.sh"
require_jars
[ -d "$root/cluster/target/lib" ] || { echo "cluster/target/lib missing: build the cluster module" >&2; exit 1; }

tmp=$(mktemp -d /tmp/zpm-fleet-bench.XXXXXX)
agents=()
failed=0

# CA and one certificate per name: EC P-256, PKCS#8, serverAuth+clientAuth (each node is both)
make_certs() {
  local d=$1 n; shift
  mkdir -p "$d"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" \
    -days 2 -subj "/CN=zpm bench CA" 2> /dev/null
  for n in "$@"; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$d/$n.key" -out "$d/$n.csr" \
      -subj "/CN=$n" 2> /dev/null
    printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' > "$d/$n.ext"
    openssl x509 -req -in "$d/$n.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -out "$d/$n.pem" \
      -days 2 -extfile "$d/$n.ext" 2> /dev/null
  done
}

# the agent's config: its 100 workers, and the fleet's TLS when $2 names a node
write_config() {
  local d=$1 n=${2:-} tls=""
  [ -z "$n" ] || tls=", \"cluster\": {\"tls\": {\"cert\": \"$tmp/ca/$n.pem\", \"key\": \"$tmp/ca/$n.key\", \"ca\": \"$tmp/ca/ca.pem\"}}"
  mkdir -p "$d"
  cat > "$d/zpm.json" << JSON
{"agent": {"rpc": "127.0.0.1:$(free_port)", "http": "127.0.0.1:$(free_port)", "stateDir": "$d/state"$tls},
 "apps": [{"name": "sleepers", "size": 99, "command": ["sleep", "100000"]},
          {"name": "pyctl", "size": 1, "command": ["python3", "$root/examples/workers/control_worker.py"],
           "readiness": {"type": "notify"}}]}
JSON
}

start_agent() {
  local d=$1; shift
  "$root/bin/zpm-agent" --config "$d/zpm.json" "$@" > "$d/agent.out" 2> "$d/agent.err" &
  agents+=($!) # bin/zpm-agent execs java: this is the agent JVM
}

# SIGTERM each agent (its workers leave gracefully), SIGKILL after 30 s; then any recorded worker still alive
cleanup() {
  local rc=$? p i left=""
  for p in "${agents[@]}"; do kill -TERM "$p" 2> /dev/null || true; done
  for p in "${agents[@]}"; do
    for ((i = 0; i < 600; i++)); do kill -0 "$p" 2> /dev/null || break; sleep 0.05; done
    if kill -0 "$p" 2> /dev/null; then echo "agent $p still runs 30 s after SIGTERM: SIGKILL" >&2; kill -KILL "$p" || true; failed=1; fi
  done
  for p in $(cat "$tmp"/*/state/pids.json 2> /dev/null | grep -o '"pid": *[0-9]*' | grep -o '[0-9]*$' | sort -u); do
    if kill -0 "$p" 2> /dev/null && [ "$(cut -d' ' -f3 "/proc/$p/stat" 2> /dev/null)" != Z ]; then left="$left $p"; fi
  done
  if [ -n "$left" ]; then echo "workers left running, now SIGKILLed:$left" >&2; kill -KILL $left 2> /dev/null || true; failed=1; fi
  # the SIGKILLed node's workers died with it, but their (empty) cgroups stay: the next agent on
  # its state directory would remove them, and there is none
  for p in "${agents[@]}"; do
    find /sys/fs/cgroup -maxdepth 3 -type d -name "zpm-$p-*" 2> /dev/null | while read -r g; do
      find "$g" -depth -type d -exec rmdir {} \; 2> /dev/null || true
    done
  done
  if [ -n "${KEEP_FILES:-}" ]; then echo "kept: $tmp" >&2; else rm -rf "$tmp"; fi
  [ "$failed" = 0 ] || [ "$rc" != 0 ] || rc=1
  exit "$rc"
}
trap cleanup EXIT

cp="$root/examples/target/zpm-examples.jar:$root/examples/target/lib/*"
bench() { "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:+UseSerialGC -cp "$cp" zpm.examples.bench.FleetBench "$@"; }

print_versions zpm
echo "uptime at start: $(uptime)"
make_certs "$tmp/ca" a b c
ports=("$(free_port)" "$(free_port)" "$(free_port)")
join="127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
names=(a b c)
for i in 0 1 2; do
  n=${names[$i]}
  if [ -n "${PLAIN:-}" ]; then write_config "$tmp/$n"; else write_config "$tmp/$n" "$n"; fi
  start_agent "$tmp/$n" --node "$n" --cluster-host 127.0.0.1 --cluster-port "${ports[$i]}" --cluster-join "$join"
done
echo "== fleet: 3 nodes x 100 workers, $([ -n "${PLAIN:-}" ] && echo "no TLS (loopback)" || echo TLS), members $join"
bench --phase "${PHASE:-all}" --settle-seconds "${SETTLE:-10}" --state-dirs "a=$tmp/a/state,b=$tmp/b/state,c=$tmp/c/state"
echo "uptime after the fleet: $(uptime)"
[ "${PHASE:-all}" = all ] || exit 0

echo "== alone: one agent, the same 100 workers, no cluster"
write_config "$tmp/alone"
start_agent "$tmp/alone"
bench --phase rss --state-dirs "alone=$tmp/alone/state"
echo "uptime at the end: $(uptime)"
