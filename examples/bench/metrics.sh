#!/usr/bin/env bash
# GET /metrics of the real daemon (bin/zpm-agent) with 100 workers: the agent's RSS idle (never
# scraped), the first scrape, RSS after a scraper every second for a minute, then the latency
# (p50/p99) and size of N scrapes back to back on one kept-alive connection, as Prometheus does.
# Run by hand, never by the tests. Usage: examples/bench/metrics.sh
#   SIZE=100           workers (`sleep 100000`)
#   IDLE_SECONDS=60    the idle window, nobody scraping (0: skip)
#   SCRAPER_SECONDS=60 one scrape a second for this long (0: skip)
#   SCRAPES=300        the latency run: this many scrapes, and at most SCRAPES_MAX_SECONDS=120 s
# Exit status 1 when the agent does not start or a scrape fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
size=${SIZE:-100}
idle_seconds=${IDLE_SECONDS:-60}
scraper_seconds=${SCRAPER_SECONDS:-60}
scrapes=${SCRAPES:-300}
scrapes_max_seconds=${SCRAPES_MAX_SECONDS:-120}
settle_seconds=10   # each worker's one-off stability timer fires 5 s after it came online

if [ ! -f "$root/agent/target/zpm-agent.jar" ]; then
  echo "agent jar missing: build with 'mvn -B -q -pl examples -am package -DskipTests' in $root" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/zpm-bench-metrics.XXXXXX)
agent=""
cleanup() {
  local rc=$?
  if [ -n "$agent" ] && kill -0 "$agent" 2>/dev/null; then
    kill -TERM "$agent" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$agent" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$agent" 2>/dev/null || true # its workers end with it (parent-death signal)
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$agent/status"; }
mb() { awk "BEGIN { printf \"%.1f\", $1 / 1024 }"; }
machine_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
busy_since() { # % of the machine other processes than the agent kept busy since machine_ticks $1 and agent ticks $2
  local now a
  now=$(machine_ticks); a=$(agent_ticks)
  awk -v b0="${1% *}" -v t0="${1#* }" -v b1="${now% *}" -v t1="${now#* }" -v a0="$2" -v a1="$a" \
    'BEGIN { printf "%.0f", 100 * (b1 - b0 - (a1 - a0)) / (t1 - t0) }'
}
agent_ticks() { local s; s=$(cat "/proc/$agent/stat"); read -r -a st <<< "${s##*) }"; echo $((st[11] + st[12])); }

http_port=$(free_port)
state_dir="$tmp/state"
cat > "$tmp/zpm.json" <<JSON
{"agent": {"rpc": "127.0.0.1:$(free_port)", "http": "127.0.0.1:$http_port", "stateDir": "$state_dir"},
 "apps": [{"name": "bench", "size": $size, "command": ["sleep", "100000"]}]}
JSON
"$root/bin/zpm-agent" --version > /dev/null # the first start after a build records the class archive
"$root/bin/zpm-agent" --config "$tmp/zpm.json" > "$tmp/out.log" 2> "$tmp/err.log" &
agent=$!
for _ in $(seq 1200); do
  [ "$(grep -c 'STARTING->ONLINE' "$tmp/err.log" || true)" -ge "$size" ] && break
  kill -0 "$agent" 2>/dev/null || { echo "the agent exited; its log:" >&2; tail -20 "$tmp/err.log" >&2; exit 1; }
  sleep 0.1
done
[ "$(grep -c 'STARTING->ONLINE' "$tmp/err.log" || true)" -ge "$size" ] || { echo "not all $size workers online in 120 s" >&2; exit 1; }
url="http://127.0.0.1:$http_port/metrics"
auth="Authorization: Bearer $(cat "$state_dir/token.readonly")"
sleep "$settle_seconds"

m0=$(machine_ticks); a0=$(agent_ticks)
rss_idle0=$(rss_kb)
if [ "$idle_seconds" -gt 0 ]; then
  sleep "$idle_seconds"
fi
rss_idle1=$(rss_kb)
echo "idle ${idle_seconds} s with $size workers, never scraped: agent RSS $(mb "$rss_idle0") -> $(mb "$rss_idle1") MB (others kept the machine $(busy_since "$m0" "$a0") % busy)"

first=$(curl -sf -o "$tmp/first.txt" -w '%{time_total}' -H "$auth" "$url") || { echo "the first scrape failed" >&2; exit 1; }
echo "first scrape (loads the Prometheus client, waits for the first sample): $(awk "BEGIN { printf \"%.1f\", $first * 1000 }") ms, $(wc -c < "$tmp/first.txt") bytes, $(grep -vc '^#' "$tmp/first.txt") series; RSS now $(mb "$(rss_kb)") MB"

if [ "$scraper_seconds" -gt 0 ]; then
  m0=$(machine_ticks); a0=$(agent_ticks)
  for _ in $(seq "$scraper_seconds"); do
    curl -sf -o /dev/null -H "$auth" "$url" || { echo "a scrape failed" >&2; exit 1; }
    sleep 1
  done
  echo "a scraper every second for ${scraper_seconds} s: agent RSS $(mb "$(rss_kb)") MB (idle was $(mb "$rss_idle1") MB; others kept the machine $(busy_since "$m0" "$a0") % busy)"
fi

m0=$(machine_ticks); a0=$(agent_ticks)
urls=()
for _ in $(seq "$scrapes"); do urls+=(-o /dev/null "$url"); done
# one curl, one kept-alive connection: time_total per scrape, as a scraper sees it
timeout "$scrapes_max_seconds" curl -sf -H "$auth" -w '%{time_total} %{size_download}\n' "${urls[@]}" \
  > "$tmp/times.txt" || true
n=$(wc -l < "$tmp/times.txt")
[ "$n" -gt 0 ] || { echo "no scrape answered in the latency run" >&2; exit 1; }
sort -n "$tmp/times.txt" | awk -v n="$n" -v others="$(busy_since "$m0" "$a0")" '
  { t[NR] = $1 * 1000; b = $2 }
  END {
    p50 = t[int((n - 1) * 0.50) + 1]; p99 = t[int((n - 1) * 0.99) + 1]
    printf "%d scrapes back to back (one connection): p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d bytes each (others kept the machine %s %% busy)\n", n, p50, p99, t[n], b, others
  }'
echo "agent RSS at the end: $(mb "$(rss_kb)") MB; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
