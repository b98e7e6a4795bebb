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
pm2_version=${PM2_VERSION:-7.0.4}
peers_dir=${PEERS_DIR:-$HOME/.cache/zpm-bench-peers}
stop_deadline_s=30
supervisors=("$@")
[ ${#supervisors[@]} -gt 0 ] || supervisors=(zpm pm2 supervisord)

if [ ! -f "$root/agent/target/zpm-agent.jar" ] || [ ! -f "$root/examples/target/zpm-examples.jar" ]; then
  echo "jars missing: build with 'mvn -B -q -pl examples -am package -DskipTests' in $root" >&2
  exit 1
fi
# the figures are those of the agent built: say so when the sources have moved on since
if [ -n "$(find "$root/agent/src" "$root/protocol/src" -newer "$root/agent/target/zpm-agent.jar" -type f -print -quit)" ]; then
  echo "warning: agent sources are newer than agent/target/zpm-agent.jar: zpm's figures are those of the older build" >&2
fi

tmp=$(mktemp -d /tmp/zpm-peers.XXXXXX)
driver=""   # the driver JVM's pid
current=""  # the supervisor running now, and its pid (zpm's JVM, PM2's daemon, supervisord)
sup_pid=""
failed=0

# ---- installing the peers when missing ------------------------------------------------------

pm2=""
ensure_pm2() {
  if command -v pm2 > /dev/null; then
    pm2=$(command -v pm2)
  else
    pm2="$peers_dir/pm2-$pm2_version/bin/pm2"
    if [ ! -x "$pm2" ]; then
      [ -z "${NO_INSTALL:-}" ] || { echo "pm2 missing (npm install -g pm2@$pm2_version)" >&2; exit 1; }
      echo "installing pm2@$pm2_version into $peers_dir/pm2-$pm2_version ..." >&2
      npm install -g --silent --no-fund --no-audit --prefix "$peers_dir/pm2-$pm2_version" "pm2@$pm2_version" >&2
    fi
  fi
}

ensure_supervisord() {
  if ! command -v supervisord > /dev/null; then
    [ -z "${NO_INSTALL:-}" ] || { echo "supervisord missing (apt-get install -y supervisor)" >&2; exit 1; }
    echo "installing Debian's supervisor ..." >&2
    # the package's service is not started here: Debian's policy-rc.d, where present, forbids it;
    # either way this script starts only its own supervisord
    apt-get install -y -q supervisor > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q supervisor > /dev/null; }
  fi
}

# ---- the supervisors: start with WORKERS of "$cmd" (the worker's sh script), stop ------------

start_zpm() {
  local dir=$1 cmd=$2
  cat > "$dir/zpm.json" << EOF
{"agent": {"rpc": "127.0.0.1:$(free_port)", "http": "127.0.0.1:$(free_port)", "stateDir": "$dir/state"},
 "apps": [{"name": "peers", "size": $workers, "command": ["sh", "-c", "$cmd"]}]}
EOF
  "$root/bin/zpm-agent" --config "$dir/zpm.json" > "$dir/zpm.out" 2> "$dir/zpm.err" &
  sup_pid=$! # bin/zpm-agent execs java: this is the agent JVM
}

pm2_cli() { PM2_HOME="$tmp/pm2/home" timeout 60 "$pm2" "$@" >> "$tmp/pm2/pm2.out" 2>&1; }

start_pm2() {
  local dir=$1 cmd=$2
  # fork mode, no interpreter: PM2 spawns `sh` itself, like the other two
  cat > "$dir/peers.json" << EOF
{"apps": [{"name": "peers", "script": "sh", "args": ["-c", "$cmd"], "interpreter": "none",
           "exec_mode": "fork", "instances": $workers, "autorestart": true}]}
EOF
  pm2_cli start "$dir/peers.json"
  sup_pid=$(cat "$dir/home/pm2.pid")
}

start_supervisord() {
  local dir=$1 cmd=$2
  cat > "$dir/supervisord.conf" << EOF
[unix_http_server]
file=$dir/supervisor.sock
[supervisord]
nodaemon=true
logfile=$dir/supervisord.log
pidfile=$dir/supervisord.pid
childlogdir=$dir
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$dir/supervisor.sock
[program:peers]
command=sh -c '$cmd'
process_name=%(program_name)s_%(process_num)02d
numprocs=$workers
autorestart=true
startsecs=0
EOF
  supervisord -n -c "$dir/supervisord.conf" > "$dir/supervisord.out" 2>&1 &
  sup_pid=$!
}

# SIGTERM (zpm, supervisord) or `pm2 kill`, then SIGKILL by pid if it still runs after the deadline
stop_current() {
  [ -n "$current" ] || return 0
  if [ "$current" = pm2 ]; then
    pm2_cli kill || true
  elif [ -n "$sup_pid" ]; then
    kill -TERM "$sup_pid" 2> /dev/null || true
  fi
  local i
  for ((i = 0; i < stop_deadline_s * 20; i++)); do
    [ -n "$sup_pid" ] && kill -0 "$sup_pid" 2> /dev/null || break
    sleep 0.05
  done
  if [ -n "$sup_pid" ] && kill -0 "$sup_pid" 2> /dev/null; then
    echo "$current (pid $sup_pid) still runs $stop_deadline_s s after stop: SIGKILL" >&2
    kill -KILL "$sup_pid" 2> /dev/null || true
    failed=1
  fi
  wait "$sup_pid" 2> /dev/null || true # reaps zpm's and supervisord's (our children); PM2's is not
  current=""
}

# Processes of this run still there: a worker's pid the driver saw (now `sleep 1000000`), or
# anything whose command line names this run's temp dir (a worker before its exec). Killed by pid.
leftovers() {
  local pid cmd
  for pid in $(cat "$tmp"/*/pids 2> /dev/null) $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" != "$$" ] && [ "$pid" != "$BASHPID" ] || continue
    cmd=$(tr '\0' ' ' 2> /dev/null < "/proc/$pid/cmdline") || continue
    if [ "$cmd" = "sleep 1000000 " ] && grep -qx "$pid" "$tmp"/*/pids 2> /dev/null; then
      echo "$pid"
    elif [[ "$cmd" == *"$tmp/"* ]]; then
      echo "$pid"
    fi
  done | sort -u
}

kill_leftovers() {
  local left
  left=$(leftovers | tr '\n' ' ')
  if [ -n "$left" ]; then
    echo "left running after the supervisors stopped, now SIGKILLed: $left" >&2
    kill -KILL $left 2> /dev/null || true
    failed=1
  fi
}

cleanup() {
  local rc=$?
  if [ -n "$driver" ]; then
    kill -TERM "$driver" 2> /dev/null || true
    wait "$driver" 2> /dev/null || true
  fi
  stop_current
  kill_leftovers
  rm -rf "$tmp"
  [ "$failed" = 0 ] || [ "$rc" != 0 ] || rc=1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- one supervisor through the protocol -----------------------------------------------------

rows=()
run_one() {
  local name=$1 dir="$tmp/$1" rc=0
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
  wait "$driver" || rc=$?
  driver=""
  stop_current
  grep -v '^ROW ' "$dir/driver.out" || true
  if [ "$rc" != 0 ]; then
    echo "$name: the driver failed (exit $rc)" >&2
    [ -f "$dir/zpm.err" ] && tail -5 "$dir/zpm.err" >&2
    failed=1
  fi
  rows+=("$(grep '^ROW ' "$dir/driver.out" | cut -c5- || echo "| $name | failed | | | | | |")")
  # the run's own verification: nothing of this supervisor is left once it stopped
  sleep 0.5
  kill_leftovers
}

for s in "${supervisors[@]}"; do
  case "$s" in
    zpm) "$root/bin/zpm-agent" --version > /dev/null ;; # the first start after a build dumps its class archive
    pm2) ensure_pm2 ;;
    supervisord) ensure_supervisord ;;
    *) echo "unknown supervisor '$s': zpm, pm2 or supervisord" >&2; exit 2 ;;
  esac
done

echo "== machine: $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)," \
  "$("$java" -version 2>&1 | head -1), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${supervisors[@]}"; do
  case "$s" in
    zpm) echo "zpm: $("$root/bin/zpm-agent" --version 2>&1 | head -1) ($(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?'))" ;;
    pm2) echo "pm2: $(node -p "require('$(dirname "$(readlink -f "$pm2")")/../package.json').version") ($pm2)," \
      "node $(node --version)" ;;
    supervisord) echo "supervisord: $(supervisord --version 2> /dev/null) ($(command -v supervisord))" ;;
  esac
done
echo "== respawn: $workers workers each; ${SETTLE_MS:-2000} ms after all are up, SIGKILL a random one every" \
  "${INTERVAL_MS:-1500} ms, ${KILLS:-20} times (seed ${SEED:-12}); SIGKILL -> the replacement's pid line"
for s in "${supervisors[@]}"; do
  run_one "$s"
done

echo
echo "| supervisor | median ms | p95 ms | max ms | kills | no replacement | others busy |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
