#!/usr/bin/env bash
# The peers' respawn protocol, zpm vs PM2 vs supervisord in one run (by hand, never by the tests):
# 16 fork-mode workers under each supervisor in turn; 2 s after all are up, SIGKILL a random one
# every 1.5 s, 20 times; per kill, SIGKILL -> the replacement alive. Every worker is the same
#   sh -c 'echo $$ >> FIFO; exec sleep 1000000'
# and is "alive" when its pid line reaches the driver (zpm.examples.bench.PeerRespawnBench), which
# holds the FIFO open, picks the victims (seeded) and times with System.nanoTime.
# Usage: examples/bench/respawn-peers.sh [zpm] [pm2] [supervisord]   (default: all three, in that order)
#   NO_INSTALL=1                      fail instead of installing a missing peer
#   PM2_VERSION=7.0.4                 installed with npm into PEERS_DIR when `pm2` is not on PATH
#   PEERS_DIR=~/.cache/zpm-bench-peers
#   WORKERS=16 KILLS=20 INTERVAL_MS=1500 SETTLE_MS=2000 SEED=12 WAIT_SECONDS=30
# supervisord comes from Debian's package (apt-get install -y supervisor); this script runs its own
# supervisord with a config, socket and pidfile in a temp dir, never the system's service.
# Exit status 1 when a run fails, a kill gets no replacement in time, or a process is left behind.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
workers=${WORKERS:-16}
supervisors=("$@")
[ ${#supervisors[@]} -gt 0 ] || supervisors=(zpm pm2 supervisord)

require_jars

tmp=$(mktemp -d /tmp/zpm-peers.XXXXXX)
trap peers_cleanup EXIT
trap 'exit 130' INT TERM

# ---- one supervisor through the protocol -----------------------------------------------------

rows=()
run_one() {
  local name=$1 dir="$tmp/$1"
  mkdir -p "$dir"
  mkfifo "$dir/alive.fifo"
  # the driver holds the FIFO open before any worker starts: a worker never waits on its open
  "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$root/examples/target/zpm-examples.jar" \
    zpm.examples.bench.PeerRespawnBench --fifo "$dir/alive.fifo" --label "$name" --workers "$workers" \
    --kills "${KILLS:-20}" --interval-ms "${INTERVAL_MS:-1500}" --settle-ms "${SETTLE_MS:-2000}" \
    --seed "${SEED:-12}" --wait-seconds "${WAIT_SECONDS:-30}" --pids-out "$dir/pids" > "$dir/driver.out" 2>&1 &
  driver=$!
  current=$name
  "start_$name" "$dir" "echo \$\$ >> $dir/alive.fifo; exec sleep 1000000"
  finish_run "$name" "$dir" "| $name | failed | | | | | |"
  # the run's own verification: nothing of this supervisor is left once it stopped
  sleep 0.5
  kill_leftovers
}

ensure_supervisors "${supervisors[@]}"
print_versions "${supervisors[@]}"
echo "== respawn: $workers workers each; ${SETTLE_MS:-2000} ms after all are up, SIGKILL a random one every" \
  "${INTERVAL_MS:-1500} ms, ${KILLS:-20} times (seed ${SEED:-12}); SIGKILL -> the replacement's pid line"
for s in "${supervisors[@]}"; do
  run_one "$s"
done

echo
echo "| supervisor | median ms | p95 ms | max ms | kills | no replacement | others busy |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
