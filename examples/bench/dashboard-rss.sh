#!/usr/bin/env bash
# The agent's RSS with the dashboard: idle (nobody connected), with the page open in a headless
# Chromium for 60 s (it polls status and apps.list every 2 s and holds a WebSocket), and 30 s
# after the page closed. Run by hand, never by the tests: it runs DashboardRssIT, which is skipped
# unless asked for. Needs Debian's chromium and chromium-driver. About 3 minutes.
# Usage: examples/bench/dashboard-rss.sh        WORKERS=100 (the size of its one app of sleep workers)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
workers=${WORKERS:-100}
out=$(mktemp /tmp/zpm-dashboard-rss.XXXXXX)
log=$(mktemp /tmp/zpm-dashboard-rss-mvn.XXXXXX)
trap 'rm -f "$out" "$log"' EXIT

for tool in chromium chromedriver; do
  command -v "$tool" > /dev/null || { echo "$tool missing: apt-get install -y chromium chromium-driver" >&2; exit 1; }
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(chromium --version 2> /dev/null | head -1)"
cd "$root"
mvn -B -q -o verify -pl agent -am -Dtest=none -Dit.test=DashboardRssIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dzpm.bench.dashboardRss="$workers" -Dzpm.bench.out="$out" > "$log" 2>&1 \
  || { tail -40 "$log" >&2; echo "the measurement failed: see agent/target/failsafe-reports" >&2; exit 1; }
cat "$out"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
