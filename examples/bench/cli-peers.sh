#!/usr/bin/env bash
# The one-shot command line against PM2's (by hand, never by the tests), each in a private state
# directory / PM2_HOME under one temp dir:
#   cold   `zpm start` of a 4-worker app with no agent running (zpm starts its agent on demand),
#          against `pm2 start` with no PM2 daemon running (PM2 spawns its God daemon)
#   warm   the same with the agent / daemon already running (a second app of 4)
#   ls     `zpm ls` and `pm2 ls` with 100 workers running
# Every worker is `sh -c 'echo $$ >> ALIVE; exec sleep 1000000'`; "all alive" is the moment the
# fourth pid of the app is in its ALIVE file (polled every 2 ms), the same for both, beside the
# time the command took to return. Each row: median of RUNS runs (default 5), min and max.
# Usage: examples/bench/cli-peers.sh [zpm] [pm2]   (default both)   RUNS=5, NO_INSTALL=1,
#   PM2_VERSION=7.0.4, PEERS_DIR=~/.cache/zpm-bench-peers (PM2 is installed there when missing)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

runs=${RUNS:-5}
supervisors=("$@")
[ ${#supervisors[@]} -gt 0 ] || supervisors=(zpm pm2)
tmp=$(mktemp -d /tmp/zpm-cli-peers.XXXXXX)
zpm="$root/bin/zpm"

for s in "${supervisors[@]}"; do
  case "$s" in
    zpm) [ -x "$zpm" ] || { echo "bin/zpm missing" >&2; exit 1; }; "$root/bin/zpm-agent" --version > /dev/null ;;
    pm2) ensure_pm2 ;;
    *) echo "unknown '$s': zpm or pm2" >&2; exit 2 ;;
  esac
done

ms() { echo $(($(date +%s%N) / 1000000)); }

# waits until FILE has N lines (at most 60 s); prints the ms since T0
await_alive() {
  local file=$1 n=$2 t0=$3 i
  for ((i = 0; i < 30000; i++)); do
    if [ -f "$file" ] && [ "$(wc -l < "$file")" -ge "$n" ]; then
      echo $(($(ms) - t0))
      return
    fi
    sleep 0.002
  done
  echo "timeout waiting for $n workers in $file" >&2
  echo 999999
}

app_json() { # name, size, alive file: an app in the config-file form both understand
  printf '{"name": "%s", "size": %d, "command": ["sh", "-c", "echo $$ >> %s; exec sleep 1000000"]}' "$1" "$2" "$3"
}

pm2_json() {
  printf '{"apps": [{"name": "%s", "script": "sh", "args": ["-c", "echo $$ >> %s; exec sleep 1000000"], "interpreter": "none", "exec_mode": "fork", "instances": %d}]}' \
    "$1" "$3" "$2"
}

# the supervisor's processes of one run: everything naming the run's dir, ended by pid
end_run() {
  local dir=$1 pid cmd
  for pid in $(cat "$dir"/alive-* 2> /dev/null); do kill -KILL "$pid" 2> /dev/null || true; done
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" != "$$" ] || continue
    cmd=$(tr '\0' ' ' 2> /dev/null < "/proc/$pid/cmdline") || continue
    case "$cmd" in *"$dir"*) kill -KILL "$pid" 2> /dev/null && echo "left behind: $pid $cmd" >&2 ;; esac
  done
}

one_zpm() { # run dir: prints "cold_cmd cold_alive warm_cmd warm_alive ls_ms"
  local dir=$1 t0 c1 a1 c2 a2 l
  mkdir -p "$dir"
  app_json a 4 "$dir/alive-a" | sed 's/^/{"apps": [/; s/$/]}/' > "$dir/a.json"
  app_json b 4 "$dir/alive-b" | sed 's/^/{"apps": [/; s/$/]}/' > "$dir/b.json"
  app_json c 92 "$dir/alive-c" | sed 's/^/{"apps": [/; s/$/]}/' > "$dir/c.json"
  t0=$(ms); "$zpm" --state-dir "$dir/state" start "$dir/a.json" > "$dir/out" 2>&1; c1=$(($(ms) - t0))
  a1=$(await_alive "$dir/alive-a" 4 "$t0")
  t0=$(ms); "$zpm" --state-dir "$dir/state" start "$dir/b.json" >> "$dir/out" 2>&1; c2=$(($(ms) - t0))
  a2=$(await_alive "$dir/alive-b" 4 "$t0")
  "$zpm" --state-dir "$dir/state" start "$dir/c.json" >> "$dir/out" 2>&1
  await_alive "$dir/alive-c" 92 "$(ms)" > /dev/null
  t0=$(ms); "$zpm" --state-dir "$dir/state" ls > "$dir/ls.out" 2>&1; l=$(($(ms) - t0))
  [ "$(grep -c online "$dir/ls.out")" -ge 100 ] || echo "zpm ls: fewer than 100 online rows" >&2
  "$zpm" --state-dir "$dir/state" kill >> "$dir/out" 2>&1 || true
  end_run "$dir"
  echo "$c1 $a1 $c2 $a2 $l"
}

one_pm2() {
  local dir=$1 t0 c1 a1 c2 a2 l
  mkdir -p "$dir/home"
  pm2_json a 4 "$dir/alive-a" > "$dir/a.json"
  pm2_json b 4 "$dir/alive-b" > "$dir/b.json"
  pm2_json c 92 "$dir/alive-c" > "$dir/c.json"
  export PM2_HOME="$dir/home"
  t0=$(ms); "$pm2" start "$dir/a.json" > "$dir/out" 2>&1; c1=$(($(ms) - t0))
  a1=$(await_alive "$dir/alive-a" 4 "$t0")
  t0=$(ms); "$pm2" start "$dir/b.json" >> "$dir/out" 2>&1; c2=$(($(ms) - t0))
  a2=$(await_alive "$dir/alive-b" 4 "$t0")
  "$pm2" start "$dir/c.json" >> "$dir/out" 2>&1
  await_alive "$dir/alive-c" 92 "$(ms)" > /dev/null
  t0=$(ms); "$pm2" ls > "$dir/ls.out" 2>&1; l=$(($(ms) - t0))
  "$pm2" kill >> "$dir/out" 2>&1 || true
  unset PM2_HOME
  end_run "$dir"
  echo "$c1 $a1 $c2 $a2 $l"
}

stats() { # numbers on stdin -> "median (min-max)"
  sort -n | awk '{v[NR] = $1} END {printf "%d (%d-%d)", v[int((NR + 1) / 2)], v[1], v[NR]}'
}

trap 'for d in "$tmp"/*/; do end_run "$d"; done; rm -rf "$tmp"' EXIT
print_versions "${supervisors[@]}" 2> /dev/null || true
echo "== $runs runs each; ms, median (min-max)"
echo "| command line | cold start: returns / 4 alive | warm start: returns / 4 alive | ls, 100 workers |"
echo "|---|---:|---:|---:|"
for s in "${supervisors[@]}"; do
  : > "$tmp/$s.rows"
  for ((r = 1; r <= runs; r++)); do
    "one_$s" "$tmp/$s-$r" >> "$tmp/$s.rows"
  done
  col() { awk -v c="$1" '{print $c}' "$tmp/$s.rows" | stats; }
  echo "| $s | $(col 1) / $(col 2) | $(col 3) / $(col 4) | $(col 5) |"
done
