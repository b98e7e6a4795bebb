#!/usr/bin/env bash
# What putting each worker in its own cgroup costs the respawn: RespawnBench (the run-all.sh respawn
# part) on this tree three ways, in alternation:
#   none       no cgroups: workers tracked by process group (-Dzpm.processTracking=process-group)
#   prologue   each worker in its cgroup, placed by the /bin/sh prologue (-Dzpm.cgroupPlacement=shell)
#   clone3     each worker created in its cgroup by the spawn (glibc 2.39+, CLONE_INTO_CGROUP)
# All three run on Debian 13's glibc (.ci/newer-glibc-java), so only the placement differs.
# Needs root (a writable cgroup v2) and a quiet machine; run by hand.
# Usage: examples/bench/placement-ab.sh [--rounds N] [RespawnBench flags, e.g. --kills 40]
#   --rounds N   alternations of the three (default 3)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

rounds=3
if [ "${1:-}" = "--rounds" ]; then
  rounds=$2
  shift 2
fi

java=$("$root/.ci/newer-glibc-java")
work=$(mktemp -d /tmp/zpm-placement-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "building ..." >&2
(cd "$root" && mvn -B -q -o -pl examples -am package -DskipTests -DskipITs) >&2

run() { # name, extra JVM flags...
  local name=$1
  shift
  "$java" "${daemon_opts[@]}" "$@" -cp "$root/examples/target/zpm-examples.jar:$root/examples/target/lib/*" \
    zpm.examples.bench.RespawnBench "${bench_args[@]}" 2> >(tee -a "$work/$name.log" | grep '^sample ms' >> "$work/$name.samples" || true) \
    | awk -v n="$name" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        /^SIGKILL -> exit/ {e = $(NF-3)} /^SIGKILL -> fork/ {f = $(NF-3)} /^SIGKILL -> online/ {o = $(NF-3)}
        END {printf "| %-9s | %6s | %6s | %6s | %s |\n", n, e, f, o, load}'
}

bench_args=("$@")
echo "== cgroup placement A/B: RespawnBench ${bench_args[*]:-(defaults)}, $rounds rounds, $(nproc) cores, kernel $(uname -r)"
echo "| placement | exit ms | fork ms | online ms | load at start |"
echo "|---|---|---|---|---|"
for _ in $(seq "$rounds"); do
  run none -Dzpm.processTracking=process-group
  run prologue -Dzpm.cgroupPlacement=shell
  run clone3
done
sleep 1 # the tee of the last run may still be writing
echo
echo "All rounds pooled (every counted kill of a placement; ms):"
echo "| placement | kills | exit median | fork median | fork p95 | online median |"
echo "|---|---:|---:|---:|---:|---:|"
for name in none prologue clone3; do
  # a line: sample ms exit E fork F online O
  awk '{print $4, $6, $8}' "$work/$name.samples" | python3 -c '
import sys
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
def q(col, p):
    v = sorted(r[col] for r in rows)
    return v[min(len(v) - 1, max(0, -(-len(v) * p // 100) - 1))] if v else float("nan")
print("| %-9s | %d | %.2f | %.2f | %.2f | %.2f |" % (sys.argv[1], len(rows), q(0, 50), q(1, 50), q(1, 95), q(2, 50)))
' "$name"
done
echo "(medians of SIGKILL -> event; the logs: $work, removed at exit)"
