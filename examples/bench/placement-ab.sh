#!/usr/bin/env bash
# What putting each worker in its own cgroup costs the respawn: RespawnBench (the run-all.sh respawn
# part) on a tree from before cgroups and on this one, in alternation, this one both ways:
#   before       the base tree (no cgroups), on this machine's glibc
#   prologue     this tree, workers placed by the /bin/sh prologue (-Dzpm.cgroupPlacement=shell)
#   clone3       this tree, created in their group by the spawn (glibc 2.39+, CLONE_INTO_CGROUP)
# The base and both placements run on Debian 13's glibc (.ci/newer-glibc-java), so only the
# placement differs. Needs root (a writable cgroup v2) and a quiet machine; run by hand.
# Usage: examples/bench/placement-ab.sh [--rounds N] [--base REV] [RespawnBench flags, e.g. --kills 40]
#   --rounds N   alternations of the three (default 3)
#   --base REV   the tree before cgroups (default b140bc5, the parent of the cgroup commit)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

rounds=3
base=b140bc5
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    *) break ;;
  esac
done

java=$("$root/.ci/newer-glibc-java")
work=$(mktemp -d /tmp/zpm-placement-ab.XXXXXX)
cleanup() {
  git -C "$root" worktree remove --force "$work/base" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "building this tree and $base ..." >&2
(cd "$root" && mvn -B -q -o -pl examples -am package -DskipTests -DskipITs) >&2
git -C "$root" worktree add -q --detach "$work/base" "$base"
(cd "$work/base" && mvn -B -q -o -pl examples -am package -DskipTests -DskipITs) >&2

run() { # name, tree, extra JVM flags...
  local name=$1 tree=$2
  shift 2
  "$java" "${daemon_opts[@]}" "$@" -cp "$tree/examples/target/zpm-examples.jar:$tree/examples/target/lib/*" \
    zpm.examples.bench.RespawnBench "${bench_args[@]}" 2> "$work/$name.log" \
    | awk -v n="$name" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        /^SIGKILL -> exit/ {e = $(NF-3)} /^SIGKILL -> fork/ {f = $(NF-3)} /^SIGKILL -> online/ {o = $(NF-3)}
        END {printf "| %-9s | %6s | %6s | %6s | %s |\n", n, e, f, o, load}'
}

bench_args=("$@")
echo "== cgroup placement A/B: RespawnBench ${bench_args[*]:-(defaults)}, $rounds rounds, $(nproc) cores, kernel $(uname -r)"
echo "| tree      | exit ms | fork ms | online ms | load at start |"
echo "|---|---|---|---|---|"
for _ in $(seq "$rounds"); do
  run before "$work/base"
  run prologue "$root" -Dzpm.cgroupPlacement=shell
  run clone3 "$root"
done
echo "(medians of SIGKILL -> event; the logs: $work, removed at exit)"
