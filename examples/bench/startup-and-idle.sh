#!/usr/bin/env bash
# Start-up time, idle RSS and idle CPU of the real daemon (bin/zpm-agent), then a clean SIGTERM.
# Run by hand, never by the tests. Usage: examples/bench/startup-and-idle.sh
#   SIZES="16 100"     app sizes to start, one agent each (the workers run `sleep 100000`)
#   IDLE_SECONDS=60    length of the idle measurement, for the largest size only (0: skip)
#   IDLE_SETTLE=10     seconds from "all online" to the idle measurement: each worker's one-off
#                      stability timer fires 5 s after it came online, and is not idle work
#   ZPM_JAVA_OPTS=...  extra JVM flags, appended by bin/zpm-agent (e.g. to try memory settings)
# Exit status 1 when the agent does not start, does not exit 0 on SIGTERM, or leaves a worker.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
sizes=${SIZES:-16 100}
idle_seconds=${IDLE_SECONDS:-60}
idle_settle=${IDLE_SETTLE:-10}
start_deadline_ms=60000
term_deadline_ms=30000
clk_tck=$(getconf CLK_TCK)
largest=$(printf '%s\n' $sizes | sort -n | tail -1)

if [ ! -f "$root/agent/target/zpm-agent.jar" ]; then
  echo "agent jar missing: build with 'mvn -B -q -pl examples -am package -DskipTests' in $root" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/zpm-bench.XXXXXX)
agent=""      # the agent JVM's pid: bin/zpm-agent execs java, so $! is the JVM itself
state_dir=""  # the running agent's state directory, for its pids.json

now_ms() { date +%s%3N; }

# a sleep that a signal interrupts: bash runs traps only between commands, but at once in `wait`
sleeper=""
pause() {
  sleep "$1" &
  sleeper=$!
  wait "$sleeper"
  sleeper=""
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# "pid starttime" of each worker in pids.json (Jackson's pretty print puts one key on a line)
recorded_pids() {
  local f="$1/pids.json"
  if [ -f "$f" ]; then
    paste -d' ' <(grep -o '"pid" : [0-9]*' "$f" | grep -o '[0-9]*$') \
                <(grep -o '"startTime" : [0-9]*' "$f" | grep -o '[0-9]*$')
  fi
}

# /proc/PID/stat split after the command name (which may hold spaces): index k-3 is field k
stat_of() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -r -a st <<< "${s##*) }"
}

# true when pid $1 is still the live, non-zombie process that started at clock tick $2
alive_as() {
  stat_of "$1" && [ "${st[0]}" != Z ] && [ "${st[19]}" = "$2" ]
}

kill_recorded() {
  local pid start
  while read -r pid start; do
    if [ -n "$pid" ] && alive_as "$pid" "$start"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done < <(recorded_pids "$state_dir")
}

cleanup() {
  local rc=$?
  if [ -n "$sleeper" ]; then
    kill "$sleeper" 2>/dev/null || true
  fi
  if [ -n "$agent" ] && kill -0 "$agent" 2>/dev/null; then
    kill -KILL "$agent" 2>/dev/null || true
  fi
  # the parent-death signal ends the workers of a killed agent; this also gets one caught mid-spawn
  if [ -n "$state_dir" ]; then
    kill_recorded
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# "busy total" jiffies of the whole machine: someone else's build shows up in every figure
machine_ticks() {
  awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat
}

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
cpu_ticks() { stat_of "$1"; echo $((st[11] + st[12])); } # utime + stime

# the agent logs local "HH:MM:SS.mmm"; turn it into epoch ms near $2
log_time_ms() {
  local ms
  ms=$(date -d "$(date +%F) $1" +%s%3N)
  if [ $(($2 - ms)) -gt 43200000 ]; then
    ms=$((ms + 86400000)) # midnight passed since $2
  fi
  echo "$ms"
}

results=()
shutdown_lines=()
idle_line="idle: not measured"
failed=0

run_size() {
  local size=$1
  local cfg="$tmp/zpm-$size.json" out="$tmp/out-$size.log" err="$tmp/err-$size.log"
  state_dir="$tmp/state-$size"
  cat > "$cfg" <<EOF
{"agent": {"rpc": "127.0.0.1:$(free_port)", "http": "127.0.0.1:$(free_port)", "stateDir": "$state_dir"},
 "apps": [{"name": "bench", "size": $size, "command": ["sleep", "100000"]}]}
EOF
  local t0 banner_ms="" online_ms="" pids_ms="" live pid start
  t0=$(now_ms)
  "$root/bin/zpm-agent" --config "$cfg" > "$out" 2> "$err" &
  agent=$!
  # every 10 ms: the banner (JVM up, apps added), N online transitions in the log, and pids.json
  # listing N live processes (the agent writes it within ~50 ms of a change)
  while [ -z "$pids_ms" ]; do
    if ! kill -0 "$agent" 2>/dev/null; then
      echo "size $size: the agent exited during start-up; its log:" >&2
      tail -20 "$err" >&2
      return 1
    fi
    if [ $(($(now_ms) - t0)) -gt "$start_deadline_ms" ]; then
      echo "size $size: not all workers up within $start_deadline_ms ms; log tail:" >&2
      tail -5 "$err" >&2
      return 1
    fi
    if [ -z "$banner_ms" ] && grep -q '^zpm agent pid=' "$out"; then
      banner_ms=$(($(now_ms) - t0))
    fi
    if [ -z "$online_ms" ] && [ "$(grep -c 'STARTING->ONLINE' "$err")" -ge "$size" ]; then
      # the log's own timestamp of the N-th one: free of the polling interval
      online_ms=$(($(log_time_ms "$(grep 'STARTING->ONLINE' "$err" | tail -1 | cut -d' ' -f1)" "$t0") - t0))
    fi
    if [ -n "$online_ms" ]; then
      live=0
      while read -r pid start; do
        if [ -n "$pid" ] && alive_as "$pid" "$start"; then
          live=$((live + 1))
        fi
      done < <(recorded_pids "$state_dir")
      if [ "$live" -ge "$size" ]; then
        pids_ms=$(($(now_ms) - t0))
      fi
    fi
    sleep 0.01
  done
  results+=("$(printf '| %4d | %9s | %9s | %12s | %6s | %7s |' "$size" "$banner_ms" "$online_ms" "$pids_ms" \
    "$(calc %.1f "$(status_kb "$agent" VmRSS) / 1024")" "$(status_kb "$agent" Threads)")")
  if [ "$size" = "$largest" ] && [ "$idle_seconds" -gt 0 ]; then
    idle "$size"
  fi
  stop_agent "$size"
}

idle() {
  local size=$1 r0 c0 m0 w0 r1 c1 m1 w1
  pause "$idle_settle"
  r0=$(status_kb "$agent" VmRSS); c0=$(cpu_ticks "$agent"); m0=$(machine_ticks); w0=$(now_ms)
  pause "$idle_seconds"
  r1=$(status_kb "$agent" VmRSS); c1=$(cpu_ticks "$agent"); m1=$(machine_ticks); w1=$(now_ms)
  local mb0=${m0% *} mt0=${m0#* } mb1=${m1% *} mt1=${m1#* }
  idle_line="idle ${idle_seconds} s with $size workers (from ${idle_settle} s after all online):"
  idle_line+=" RSS $(calc %.1f "$r0 / 1024") -> $(calc %.1f "$r1 / 1024") MB"
  idle_line+=" (peak $(calc %.1f "$(status_kb "$agent" VmHWM) / 1024") MB),"
  idle_line+=" CPU $(calc %.3f "($c1 - $c0) * 100 * 1000 / $clk_tck / ($w1 - $w0)") % of one core"
  idle_line+=" ($((c1 - c0)) ticks of 1/$clk_tck s), $(status_kb "$agent" Threads) threads;"
  idle_line+=" other processes kept the machine $(calc %.0f "100 * ($mb1 - $mb0 - ($c1 - $c0)) / ($mt1 - $mt0)") % busy"
}

stop_agent() {
  local size=$1 recorded rc=0 t0 took left="" pid start
  recorded=$(recorded_pids "$state_dir")
  t0=$(now_ms)
  kill -TERM "$agent"
  while kill -0 "$agent" 2>/dev/null; do
    if [ $(($(now_ms) - t0)) -gt "$term_deadline_ms" ]; then
      echo "size $size: the agent still runs $term_deadline_ms ms after SIGTERM" >&2
      return 1
    fi
    sleep 0.01
  done
  wait "$agent" || rc=$?
  took=$(($(now_ms) - t0))
  agent=""
  # a worker the agent did not reap is reparented, and init here reaps only after ~2 s
  pause 2
  while read -r pid start; do
    if [ -n "$pid" ] && alive_as "$pid" "$start"; then
      left+=" $pid"
    fi
  done <<< "$recorded"
  shutdown_lines+=("size $size: SIGTERM -> exit code $rc after $took ms; $(grep -c . <<< "$recorded") workers were recorded, still running:${left:- none}")
  if [ "$rc" != 0 ] || [ -n "$left" ]; then
    failed=1
  fi
}

# The first start after a build records the launcher's class archive (~8 s): not a start-up figure
"$root/bin/zpm-agent" --version > /dev/null

for size in $sizes; do
  run_size "$size"
done

echo "start-up, ms from the exec of bin/zpm-agent: banner printed; last STARTING->ONLINE logged; pids.json lists every worker alive"
echo "| size | banner ms | online ms | pids.json ms | RSS MB | threads |"
echo "|-----:|----------:|----------:|-------------:|-------:|--------:|"
printf '%s\n' "${results[@]}"
echo "$idle_line"
printf '%s\n' "${shutdown_lines[@]}"
exit "$failed"
