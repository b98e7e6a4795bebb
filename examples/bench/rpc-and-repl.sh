#!/usr/bin/env bash
# JSON-RPC and console figures of the real daemon (bin/zpm-agent), run by hand (never by the tests):
#   1. RpcBench against an agent supervising 100 `sleep 100000` workers (app `idle`) and an empty
#      app `churn`: status round trip (p50/p99/max), calls/s from 16 concurrent clients, event
#      delivery latency to 100 subscribers during `resize churn` 0 -> 100 -> 0;
#   2. `bin/zpm-repl connect 127.0.0.1:P --state-dir D -c status`, start to exit: median of 10 runs
#      after 2 warm-ups (hyperfine when present), against that agent, then against a 4-worker one;
#   3. SIGTERM to each agent: it must exit 0 and leave no worker.
# Usage: examples/bench/rpc-and-repl.sh [--build] [RpcBench flags: --calls 2000 --clients 16 ...]
#   --build            rebuild first (otherwise only when a jar is missing)
#   REPL_SIZES="100 4" worker counts of the agents the console is timed against ("" to skip)
#   REPL_RUNS=10 REPL_WARMUP=2
#   BENCH_SIZE=100     workers of app idle in the agent RpcBench runs against
#   NO_INSTALL=1       do not apt-get install hyperfine when it is missing (time with a date loop)
#   ZPM_JAVA_OPTS=...  extra JVM flags for the agent (appended by bin/zpm-agent)
# Exit status 1 when an agent fails to start, RpcBench fails (its event check included), a console
# run fails, or an agent does not exit 0 on SIGTERM or leaves a worker behind.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
root=$(cd "$here/../.." && pwd)
repl_sizes=${REPL_SIZES-100 4}
repl_runs=${REPL_RUNS:-10}
repl_warmup=${REPL_WARMUP:-2}
bench_size=${BENCH_SIZE:-100}
start_deadline_ms=60000
term_deadline_ms=30000

build=0
if [ "${1:-}" = "--build" ]; then
  build=1
  shift
fi
if [ "$build" = 1 ] || [ ! -f "$root/examples/target/zpm-examples.jar" ] || [ ! -f "$root/agent/target/zpm-agent.jar" ] \
    || [ ! -f "$root/repl/target/zpm-repl.jar" ]; then
  echo "building ..." >&2
  (cd "$root" && mvn -B -q -pl examples,repl -am package -DskipTests -DskipITs) >&2
fi

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "== machine"
echo "cores (nproc): $(nproc); cpu: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory: $(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo); kernel (uname -r): $(uname -r)"
echo "java -version: $("$java" -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

tmp=$(mktemp -d /tmp/zpm-rpc-bench.XXXXXX)
agent=""      # the running agent JVM's pid (bin/zpm-agent execs java, so $! is the JVM itself)
state_dir=""  # its state directory, for pids.json and the token
rpc_port=""
agent_size=""  # its app idle's size
failed=0

now_ms() { date +%s%3N; }

# "pid starttime" of each worker in pids.json (Jackson's pretty print puts one key on a line)
recorded_pids() {
  local f="$1/pids.json"
  if [ -f "$f" ]; then
    paste -d' ' <(grep -o '"pid" : [0-9]*' "$f" | grep -o '[0-9]*$') \
                <(grep -o '"startTime" : [0-9]*' "$f" | grep -o '[0-9]*$')
  fi
}

# true when pid $1 is still the live, non-zombie process that started at clock tick $2
alive_as() {
  local s st
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -r -a st <<< "${s##*) }"
  [ "${st[0]}" != Z ] && [ "${st[19]}" = "$2" ]
}

live_count() {
  local n=0 pid start
  while read -r pid start; do
    if [ -n "$pid" ] && alive_as "$pid" "$start"; then
      n=$((n + 1))
    fi
  done < <(recorded_pids "$1")
  echo "$n"
}

cleanup() {
  local rc=$? pid start
  if [ -n "$agent" ] && kill -0 "$agent" 2>/dev/null; then
    kill -KILL "$agent" 2>/dev/null || true
  fi
  # the parent-death signal ends a killed agent's workers; this also gets one caught mid-spawn
  if [ -n "$state_dir" ]; then
    while read -r pid start; do
      if [ -n "$pid" ] && alive_as "$pid" "$start"; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done < <(recorded_pids "$state_dir")
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_agent N: app `idle` of N `sleep 100000` workers and app `churn` of size 0; returns once
# pids.json lists N live workers. Nothing calls status meanwhile: RpcBench's first call is cold.
start_agent() {
  local size=$1 cfg t0 http_port
  state_dir="$tmp/state-$size"
  cfg="$tmp/zpm-$size.json"
  rpc_port=$(free_port)
  http_port=$(free_port)
  while [ "$http_port" = "$rpc_port" ]; do http_port=$(free_port); done
  cat > "$cfg" <<EOF
{"apps": [{"name": "idle", "size": $size, "command": ["sleep", "100000"]},
          {"name": "churn", "size": 0, "command": ["sleep", "100000"]}]}
EOF
  t0=$(now_ms)
  "$root/bin/zpm-agent" --config "$cfg" --state-dir "$state_dir" --rpc "127.0.0.1:$rpc_port" \
    --http "127.0.0.1:$http_port" > "$tmp/out-$size.log" 2> "$tmp/err-$size.log" &
  agent=$!
  agent_size=$size
  while [ ! -f "$state_dir/token" ] || [ "$(live_count "$state_dir")" -lt "$size" ]; do
    if ! kill -0 "$agent" 2>/dev/null; then
      echo "agent ($size workers) exited during start-up; its log:" >&2
      tail -20 "$tmp/err-$size.log" >&2
      agent=""
      return 1
    fi
    if [ $(($(now_ms) - t0)) -gt "$start_deadline_ms" ]; then
      echo "agent ($size workers): not all workers up within $start_deadline_ms ms" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "agent pid $agent: $size workers live after $(($(now_ms) - t0)) ms; rpc 127.0.0.1:$rpc_port; RSS" \
    "$(awk '/^VmRSS:/ { printf "%.1f MB", $2 / 1024 }' "/proc/$agent/status")"
}

stop_agent() {
  local size=$1 recorded rc=0 t0 left="" pid start
  recorded=$(recorded_pids "$state_dir")
  t0=$(now_ms)
  kill -TERM "$agent"
  while kill -0 "$agent" 2>/dev/null; do
    if [ $(($(now_ms) - t0)) -gt "$term_deadline_ms" ]; then
      echo "agent ($size workers) still runs $term_deadline_ms ms after SIGTERM" >&2
      failed=1
      return 1
    fi
    sleep 0.01
  done
  wait "$agent" || rc=$?
  local took=$(($(now_ms) - t0))
  agent=""
  while read -r pid start; do
    if [ -n "$pid" ] && alive_as "$pid" "$start"; then
      left+=" $pid"
    fi
  done <<< "$recorded"
  echo "SIGTERM -> agent ($size workers) exit code $rc after $took ms; $(grep -c . <<< "$recorded") workers recorded," \
    "still running:${left:- none}"
  if [ "$rc" != 0 ] || [ -n "$left" ]; then
    failed=1
  fi
}

hyperfine_ok() {
  if command -v hyperfine > /dev/null; then
    return 0
  fi
  if [ "${NO_INSTALL:-0}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "installing hyperfine (Debian package) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine > /dev/null 2>&1 \
      || { apt-get update -q > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine > /dev/null 2>&1; } \
      || true
  fi
  command -v hyperfine > /dev/null
}

repl_lines=()

# time_repl N: start-to-exit of `zpm-repl connect ... -c status` against the running agent
time_repl() {
  local size=$1 cmd=("$root/bin/zpm-repl" connect "127.0.0.1:$rpc_port" --state-dir "$state_dir" -c status)
  # once untimed: makes the launcher's AppCDS archive if the jar is newer, and checks the output
  if ! "${cmd[@]}" > "$tmp/repl-$size.out" 2>&1; then
    echo "zpm-repl failed against the $size-worker agent:" >&2
    tail -5 "$tmp/repl-$size.out" >&2
    failed=1
    return 0
  fi
  echo "zpm-repl status printed $(wc -l < "$tmp/repl-$size.out") lines, e.g.: $(sed -n 2p "$tmp/repl-$size.out")"
  local median min max how
  if hyperfine_ok; then
    how="hyperfine $(hyperfine --version | cut -d' ' -f2) -N"
    if ! hyperfine -N --style basic --warmup "$repl_warmup" --runs "$repl_runs" --export-json "$tmp/hf-$size.json" \
        "${cmd[*]}" > "$tmp/hf-$size.log" 2>&1; then
      echo "hyperfine failed:" >&2
      tail -10 "$tmp/hf-$size.log" >&2
      failed=1
      return 0
    fi
    read -r median min max < <(jq -r '.results[0] | "\(.median * 1000) \(.min * 1000) \(.max * 1000)"' "$tmp/hf-$size.json" 2>/dev/null \
      || python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["median"]*1000, r["min"]*1000, r["max"]*1000)' "$tmp/hf-$size.json")
  else
    how="date +%s%N loop"
    local i t0 t1 times=()
    for ((i = 0; i < repl_warmup; i++)); do "${cmd[@]}" > /dev/null 2>&1; done
    for ((i = 0; i < repl_runs; i++)); do
      t0=$(date +%s%N)
      if ! "${cmd[@]}" > /dev/null 2>&1; then failed=1; fi
      t1=$(date +%s%N)
      times+=($(((t1 - t0) / 1000)))
    done
    read -r median min max < <(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END {
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; print m / 1000, a[1] / 1000, a[NR] / 1000 }')
  fi
  repl_lines+=("$(printf '| %3d | %8.1f | %8.1f | %8.1f | %s |' "$size" "$median" "$min" "$max" "$how")")
}

echo
echo "== agent with $bench_size workers (app idle) and an empty app churn"
start_agent "$bench_size"
echo
echo "== RpcBench (JSON-RPC over TCP, ZpmClient)"
bench_log="$tmp/rpcbench.err"
if ! "$java" -XX:+UseSerialGC -Xss512k -Xmx512m \
    -cp "$root/examples/target/zpm-examples.jar:$root/examples/target/lib/*" \
    zpm.examples.bench.RpcBench --port "$rpc_port" --token-file "$state_dir/token" --churn-app churn "$@" 2> "$bench_log"; then
  echo "RpcBench failed; the end of its stderr:" >&2
  tail -20 "$bench_log" >&2
  failed=1
fi
echo "agent RSS after RpcBench: $(awk '/^VmRSS:/ { printf "%.1f MB", $2 / 1024 }' "/proc/$agent/status")" \
  "(peak $(awk '/^VmHWM:/ { printf "%.1f MB", $2 / 1024 }' "/proc/$agent/status"))"

echo
echo "== zpm-repl connect 127.0.0.1:P --state-dir D -c status: start to exit, $repl_runs runs after $repl_warmup warm-up"
for size in $repl_sizes; do
  if [ "$size" != "$agent_size" ] || [ -z "$agent" ]; then
    if [ -n "$agent" ]; then stop_agent "$agent_size"; fi
    start_agent "$size"
  fi
  time_repl "$size"
done
if [ -n "$agent" ]; then
  stop_agent "$agent_size"
fi
if [ ${#repl_lines[@]} -gt 0 ]; then
  echo "| workers | median ms | min ms | max ms | timed with |"
  echo "|--------:|----------:|-------:|-------:|------------|"
  printf '%s\n' "${repl_lines[@]}"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$failed"
