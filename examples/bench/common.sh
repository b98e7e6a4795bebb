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
