#!/usr/bin/env bash
# Log throughput, zpm vs PM2 vs supervisord in one run (by hand, never by the tests): 1, 4 and 16
# workers under each supervisor in turn, every worker the same writer
#   sh -c 'exec java ... zpm.examples.bench.NumberedLineWriter --dir RUN ...'
# writing numbered 100-byte lines to stdout as fast as it can for 20 s, all starting together;
# each supervisor logs them to files as its documentation says (zpm: --log-dir with rotation;
# PM2: out_file per instance, it has no rotation of its own; supervisord: stdout_logfile per
# process with rotation). The driver (zpm.examples.bench.LogBench) gives the go, waits until the
# files settle and counts: lines/s that reached the files, the supervisor's CPU s per million
# lines, its peak RSS, and lines lost / duplicated / reordered per worker.
# Usage: examples/bench/logs-peers.sh [zpm] [pm2] [supervisord]   (default: all three, in that order)
#   SIZES="1 4 16"  WRITE_SECONDS=20  LINE_BYTES=100  BUFFER=65536 (the writer's write size)
#   ROTATE_BYTES=100000000 KEEP=200   zpm's and supervisord's rotation: a file rotates at 100 MB and
#                                     200 rotated files are kept, so that no line is deleted (a run
#                                     that fills the last one says so: its oldest lines are gone).
#                                     Not a multiple of 1,638,400 (64 KB reads of 100-byte lines):
#                                     supervisord's rotations would then fall between lines by chance
#   WRITER_CHECK_SECONDS=3            the writer alone, to /dev/null and to a pipe, first (0: skip)
#   KEEP_FILES=1                      keep each run's directory (logs included) under /tmp
#   NO_INSTALL=1, PM2_VERSION=7.0.4, PEERS_DIR=~/.cache/zpm-bench-peers   as respawn-peers.sh
# Exit status 1 when a run fails (a line lost, duplicated, reordered or garbled counts as a
# failure: the table still comes) or a process is left behind.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
read -r -a sizes <<< "${SIZES:-1 4 16}"
seconds=${WRITE_SECONDS:-20}
line_bytes=${LINE_BYTES:-100}
rotate_bytes=${ROTATE_BYTES:-100000000}
keep=${KEEP:-200}
supervisors=("$@")
[ ${#supervisors[@]} -gt 0 ] || supervisors=(zpm pm2 supervisord)
require_jars

tmp=$(mktemp -d /tmp/zpm-logs-peers.XXXXXX)
trap peers_cleanup EXIT
trap 'exit 130' INT TERM

jar="$root/examples/target/zpm-examples.jar"
# the writer's JVM: small and quick to start, 16 of them at once on 2 cores
writer=("$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xmx16m -Xss256k -Xshare:auto
  -cp "$jar" zpm.examples.bench.NumberedLineWriter --line-bytes "$line_bytes" --buffer "${BUFFER:-65536}")

# zpm writes files from issue 13 on: an older build gets no --log-dir and its row says so
zpm_label=zpm
if [[ " ${supervisors[*]} " == *" zpm "* ]] && ! "$root/bin/zpm-agent" --help 2>&1 | grep -q -- '--log-dir'; then
  zpm_label="zpm (this build writes no log files)"
  echo "warning: bin/zpm-agent has no --log-dir: zpm runs without log files, its row counts nothing" >&2
fi

# Each supervisor's documented file logging; sets what the driver reads: match (file names
# without rotation suffix) and format.
configure() {
  local name=$1 dir=$2
  case "$name" in
    zpm)
      match='peers\.out\.log' format=zpm
      if [ "$zpm_label" = zpm ]; then
        zpm_agent_extra=", \"logs\": {\"maxBytes\": $rotate_bytes, \"keep\": $keep}"
        zpm_flags=(--log-dir "$dir/logs")
      fi ;;
    pm2)
      # merge_logs false: a file per instance (peers.out-0.log ...), as PM2 does for instances
      match='peers\.out.*' format=raw
      pm2_app_extra=", \"out_file\": \"$dir/logs/peers.out.log\", \"error_file\": \"$dir/logs/peers.err.log\", \"merge_logs\": false" ;;
    supervisord)
      match='.*\.out\.log' format=raw
      supervisord_program_extra="stdout_logfile=$dir/logs/%(program_name)s_%(process_num)02d.out.log
stdout_logfile_maxbytes=$rotate_bytes
stdout_logfile_backups=$keep
stderr_logfile=$dir/logs/%(program_name)s_%(process_num)02d.err.log" ;;
  esac
}

label_of() {
  case "$1" in
    zpm) echo "$zpm_label" ;;
    pm2) echo "PM2" ;;
    supervisord) echo "supervisord" ;;
  esac
}

rows=()
run_one() {
  local name=$1 dir="$tmp/$1-$2" label
  workers=$2
  label=$(label_of "$name")
  mkdir -p "$dir/logs"
  configure "$name" "$dir"
  current=$name
  "start_$name" "$dir" "exec ${writer[*]} --seconds $seconds --dir $dir"
  "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar" zpm.examples.bench.LogBench --run "$dir" \
    --logs "$dir/logs" --match "$match" --format "$format" --label "$label" --pid "$sup_pid" --workers "$workers" \
    --seconds "$seconds" --line-bytes "$line_bytes" --clk-tck "$(getconf CLK_TCK)" > "$dir/driver.out" 2>&1 &
  driver=$!
  # the driver fails the run when a line is not there exactly once, whole and in order
  finish_run "$label, $workers workers" "$dir" "| $label | $workers | failed | | | | | | | | | | |"
  if ls "$dir/logs" | grep -qE "\.$keep(\.gz)?\$"; then
    echo "$label, $workers workers: rotation reached .$keep, the oldest files may be deleted: raise KEEP or ROTATE_BYTES" >&2
  fi
  sleep 0.5
  kill_leftovers
  if [ -n "${KEEP_FILES:-}" ]; then echo "kept: $dir"; else rm -rf "$dir"; fi
}

# The writer alone: its lines/s must be far above any supervisor's for the supervisor to be what
# is measured; and through cat into a file, what a supervisor that only copies bytes can reach.
writer_alone() {
  local dir="$tmp/alone" s=${WRITER_CHECK_SECONDS:-3}
  [ "$s" != 0 ] || return 0
  mkdir -p "$dir"
  touch "$dir/go"
  echo "== the writer alone, $s s, one JVM (write size ${BUFFER:-65536} bytes)"
  echo "to /dev/null: $("${writer[@]}" --seconds "$s" --dir "$dir" --exit 2>&1 > /dev/null | sed 's/.*: //')"
  echo "to a pipe (cat > /dev/null): $("${writer[@]}" --seconds "$s" --dir "$dir" --exit 2> "$dir/rate" | cat > /dev/null
    sed 's/.*: //' "$dir/rate")"
  # the floor of any supervisor that copies the bytes to a file: a pipe, one process, the page cache
  echo "to a pipe into a file (cat > $dir/file): $("${writer[@]}" --seconds "$s" --dir "$dir" --exit 2> "$dir/rate" \
    | cat > "$dir/file"; sed 's/.*: //' "$dir/rate")"
  rm -rf "$dir"
}

ensure_supervisors "${supervisors[@]}"
print_versions "${supervisors[@]}"
echo "free disk in $tmp: $(df -Ph "$tmp" | awk 'NR == 2 { print $4 }') (each run's files are removed after it)"
writer_alone
echo "== logs: ${sizes[*]} workers each writing $line_bytes-byte numbered lines for $seconds s;" \
  "zpm and supervisord rotate at $rotate_bytes bytes keeping $keep, PM2 does not rotate"
for n in "${sizes[@]}"; do
  for s in "${supervisors[@]}"; do
    run_one "$s" "$n"
  done
done

echo
echo "| supervisor | workers | lines/s to files | CPU s per M lines | peak RSS MB | lines written | lines in files | lost | duplicated | reordered | garbled | split | others busy |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
