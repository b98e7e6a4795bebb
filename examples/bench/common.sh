# Sourced by the bench scripts (bash): helpers they share.

# The daemon's JVM flags, as in bin/zpm-agent (keep the two in step), so the agent code runs
# as compiled and collected in production (C1 only, serial GC), plus ZPM_JAVA_OPTS like the launcher.
daemon_opts=(-XX:+UseSerialGC -XX:-UsePerfData -Xms8m -Xmx96m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m
  -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError
  -Dio.netty.allocator.type=unpooled -Dvertx.disableFileCPResolving=true)


# a random port nothing listens on: an agent's RPC and HTTP servers must not clash with a real agent
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! grep -qi ":$(printf '%04X' "$p") " /proc/net/tcp /proc/net/tcp6 2> /dev/null; then echo "$p"; return; fi
  done
}

# ---- the peers (respawn-peers.sh, logs-peers.sh): zpm, PM2 and supervisord side by side ------
# Globals the sourcing script sets: root (the checkout), tmp (this run's temp dir: every process
# of the run names it on its command line), workers (how many each supervisor starts). Kept here: pm2 (its binary), current and sup_pid (the
# supervisor running now: zpm's JVM, PM2's daemon, supervisord), driver (the driver JVM's pid),
# failed (1: the run fails at exit). Optional config added by the caller, empty by default:
# zpm_agent_extra (JSON members of "agent"), zpm_flags (array: agent flags), pm2_app_extra (JSON
# members of the app), supervisord_program_extra (lines of [program:peers]).
pm2_version=${PM2_VERSION:-7.0.4}
peers_dir=${PEERS_DIR:-$HOME/.cache/zpm-bench-peers}
stop_deadline_s=30
pm2=""
pm2_home=""
current=""
sup_pid=""
driver=""
failed=0
zpm_agent_extra=""
zpm_flags=()
pm2_app_extra=""
supervisord_program_extra=""

require_jars() {
  if [ ! -f "$root/agent/target/zpm-agent.jar" ] || [ ! -f "$root/examples/target/zpm-examples.jar" ]; then
    echo "jars missing: build with 'mvn -B -q -pl examples -am package -DskipTests' in $root" >&2
    exit 1
  fi
  # the figures are those of the agent built: say so when the sources have moved on since
  if [ -n "$(find "$root/agent/src" "$root/protocol/src" -newer "$root/agent/target/zpm-agent.jar" -type f -print -quit)" ]; then
    echo "warning: agent sources are newer than agent/target/zpm-agent.jar: zpm's figures are those of the older build" >&2
  fi
}

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
    # either way the bench starts only its own supervisord
    apt-get install -y -q supervisor > /dev/null || { apt-get update -q > /dev/null && apt-get install -y -q supervisor > /dev/null; }
  fi
}

# installs what is missing (zpm: dumps its class archive on the first start after a build)
ensure_supervisors() {
  local s
  for s in "$@"; do
    case "$s" in
      zpm) "$root/bin/zpm-agent" --version > /dev/null ;;
      pm2) ensure_pm2 ;;
      supervisord) ensure_supervisord ;;
      *) echo "unknown supervisor '$s': zpm, pm2 or supervisord" >&2; exit 2 ;;
    esac
  done
}

print_versions() {
  local s
  echo "== machine: $(nproc) cores, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)," \
    "$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  for s in "$@"; do
    case "$s" in
      zpm) echo "zpm: $("$root/bin/zpm-agent" --version 2>&1 | head -1) ($(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?'))" ;;
      pm2) echo "pm2: $(node -p "require('$(dirname "$(readlink -f "$pm2")")/../package.json').version") ($pm2)," \
        "node $(node --version)" ;;
      supervisord) echo "supervisord: $(supervisord --version 2> /dev/null) ($(command -v supervisord))" ;;
    esac
  done
}

# ---- each supervisor: start with WORKERS copies of "$cmd" (a sh script without quotes) -------

start_zpm() {
  local dir=$1 cmd=$2
  cat > "$dir/zpm.json" << JSON
{"agent": {"rpc": "127.0.0.1:$(free_port)", "http": "127.0.0.1:$(free_port)", "stateDir": "$dir/state"$zpm_agent_extra},
 "apps": [{"name": "peers", "size": $workers, "command": ["sh", "-c", "$cmd"]}]}
JSON
  "$root/bin/zpm-agent" --config "$dir/zpm.json" "${zpm_flags[@]}" > "$dir/zpm.out" 2> "$dir/zpm.err" &
  sup_pid=$! # bin/zpm-agent execs java: this is the agent JVM
}

pm2_cli() { PM2_HOME="$pm2_home" timeout 60 "$pm2" "$@" >> "${pm2_home%/home}/pm2.out" 2>&1; }

start_pm2() {
  local dir=$1 cmd=$2
  pm2_home="$dir/home"
  # fork mode, no interpreter: PM2 spawns `sh` itself, like the other two
  cat > "$dir/peers.json" << JSON
{"apps": [{"name": "peers", "script": "sh", "args": ["-c", "$cmd"], "interpreter": "none",
           "exec_mode": "fork", "instances": $workers, "autorestart": true$pm2_app_extra}]}
JSON
  pm2_cli start "$dir/peers.json"
  sup_pid=$(cat "$dir/home/pm2.pid")
}

start_supervisord() {
  local dir=$1 cmd=$2
  cat > "$dir/supervisord.conf" << CONF
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
$supervisord_program_extra
CONF
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

# Waits for the driver, stops the supervisor, prints the driver's lines and adds its "ROW | ..."
# line (without ROW) to the array rows, or empty_row when it printed none.
finish_run() {
  local label=$1 dir=$2 empty_row=$3 rc=0
  wait "$driver" || rc=$?
  driver=""
  stop_current
  grep -v '^ROW ' "$dir/driver.out" || true
  if [ "$rc" != 0 ]; then
    echo "$label: the driver failed (exit $rc)" >&2
    [ -f "$dir/zpm.err" ] && tail -5 "$dir/zpm.err" >&2
    failed=1
  fi
  rows+=("$(grep '^ROW ' "$dir/driver.out" | cut -c5- || echo "$empty_row")")
}

# Processes of this run still there: a worker's pid the driver saw (respawn: now `sleep 1000000`),
# or anything whose command line names this run's temp dir (a worker before its exec, a log
# writer). Killed by pid.
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

# the EXIT trap: the driver, the supervisor, then anything of the run still there
peers_cleanup() {
  local rc=$?
  if [ -n "$driver" ]; then
    kill -TERM "$driver" 2> /dev/null || true
    wait "$driver" 2> /dev/null || true
  fi
  stop_current
  kill_leftovers
  if [ -n "${KEEP_FILES:-}" ]; then echo "kept: $tmp" >&2; else rm -rf "$tmp"; fi
  [ "$failed" = 0 ] || [ "$rc" != 0 ] || rc=1
  exit "$rc"
}
