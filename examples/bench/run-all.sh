#!/usr/bin/env bash
# The benchmarks of the README, run by hand (never by the tests): machine info, the respawn
# latency (RespawnBench, in-process), then start-up, idle RSS/CPU and SIGTERM of the real daemon.
# Usage: examples/bench/run-all.sh [--build] [RespawnBench flags: --workers 12 --kills 60 --max-seconds 300]
#   --build            rebuild first (otherwise only when a jar is missing)
#   ZPM_JAVA_OPTS=...  extra JVM flags for both the daemon and RespawnBench's JVM
# Takes about 3 minutes on 2 cores. A busy machine (a build next door) inflates every figure:
# each part prints how busy the machine was while it measured.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

build=0
if [ "${1:-}" = "--build" ]; then
  build=1
  shift
fi
if [ "$build" = 1 ] || [ ! -f "$root/examples/target/zpm-examples.jar" ] || [ ! -f "$root/agent/target/zpm-agent.jar" ]; then
  echo "building ..." >&2
  (cd "$root" && mvn -B -q -pl examples -am package -DskipTests) >&2
fi

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo); kernel: $(uname -r)"
echo "java: $("$java" -version 2>&1 | head -2 | tail -1)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== respawn: SIGKILL of a worker -> its replacement (in-process Agent)"
log=$(mktemp /tmp/zpm-respawn-bench.XXXXXX.log)
# the agent's log goes to a file: a terminal would slow the event loop it shares with the bench
if ! "$java" "${daemon_opts[@]}" ${ZPM_JAVA_OPTS:-} \
    -cp "$root/examples/target/zpm-examples.jar:$root/examples/target/lib/*" \
    zpm.examples.bench.RespawnBench "$@" 2> "$log"; then
  echo "RespawnBench failed; the end of its log ($log):" >&2
  tail -20 "$log" >&2
  exit 1
fi
rm -f "$log"

echo
echo "== start-up, idle and SIGTERM of bin/zpm-agent"
"$here/startup-and-idle.sh"
