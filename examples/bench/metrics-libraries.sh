#!/usr/bin/env bash
# What a metrics library adds to a JVM run with the agent's flags, at its first page: loaded
# classes and RSS, and the time of a first and a warm page, for 100 workers x 6 metrics.
# The Prometheus Java client (model + text formats, what GET /metrics uses) against Micrometer's
# Prometheus registry. Run by hand (resolves both with Maven: online once). Usage:
#   RUNS=3 examples/bench/metrics-libraries.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
runs=${RUNS:-3}
tmp=$(mktemp -d /tmp/zpm-bench-metrics-libs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

classpath() { # $1: name, $2: dependency lines
  mkdir -p "$tmp/$1"
  cat > "$tmp/$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$1</artifactId><version>1</version>
  <dependencies>$2</dependencies></project>
POM
  (cd "$tmp/$1" && mvn -B -q dependency:build-classpath -Dmdep.outputFile=cp.txt >&2)
  cat "$tmp/$1/cp.txt"
}
prom=$(classpath prom '
  <dependency><groupId>io.prometheus</groupId><artifactId>prometheus-metrics-exposition-textformats</artifactId><version>1.10.0</version></dependency>')
mm=$(classpath mm '
  <dependency><groupId>io.micrometer</groupId><artifactId>micrometer-registry-prometheus</artifactId><version>1.17.2</version></dependency>')
src="$here/metrics-libraries"
javac -nowarn -d "$tmp/prom-classes" -cp "$prom" "$src/Measure.java" "$src/Prom.java" "$src/MmStub.java"
javac -nowarn -d "$tmp/mm-classes" -cp "$mm" "$src/Measure.java" "$src/Prom.java" "$src/Mm.java" 2>/dev/null
for _ in $(seq "$runs"); do
  java "${daemon_opts[@]}" -cp "$tmp/prom-classes:$prom" Measure prom
  java "${daemon_opts[@]}" -cp "$tmp/mm-classes:$mm" Measure mm
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
