/**
 * The reliability suite: chaos, protocol fuzz, config fuzz and resource exhaustion against real
 * agent JVMs, run by {@code mvn verify} like every other {@code *IT}. Each randomized test prints
 * its seed first; {@code -Dzpm.fuzz.seed=N} replays its choices (chaos replays its choices, not
 * its timing). Longer runs for a soak, with the 120 s limit of a test raised, e.g.
 * {@code mvn -B verify -pl agent -am -Dtest=none -Dit.test='zpm.agent.reliability.*IT'
 * -Dzpm.soak.chaosSeconds=600 -Djunit.jupiter.execution.timeout.default=30m}:
 *
 * <table>
 * <caption>What runs, by default and for a soak</caption>
 * <tr><th>test</th><th>what it does</th><th>default</th><th>soak property</th></tr>
 * <tr><td>{@link zpm.agent.reliability.ChaosIT}</td><td>two clients SIGKILL workers by pid,
 *     resize (2..10), restart (the app or some ids) and terminate single workers of a 6-worker
 *     app; a TCP and a WebSocket subscriber read every event. Then: back at 6 online, no seq gap
 *     that was not announced by {@code events.dropped}, no zombie child, no worker pid the agent
 *     does not list, fds within 8 and threads within 4 of the warmed-up figures</td>
 *     <td>20 s</td><td>{@code zpm.soak.chaosSeconds}</td></tr>
 * <tr><td>{@link zpm.agent.reliability.ProtocolFuzzIT}</td><td>the {@code fuzz-corpus/} files,
 *     random hostile texts ({@link zpm.agent.reliability.HostileFrames}) and every method of the
 *     catalog with hostile params ({@link zpm.agent.reliability.HostileParams}) over TCP (whole,
 *     split into 1-7 byte writes with pauses, many in one write), WebSocket (whole, fragmented)
 *     and HTTP, and 68 hostile SSE queries and Last-Event-ID headers: the documented answer
 *     each time, the connection goes on, no HTTP 500, the agent lives and logs no stack trace,
 *     RSS within 64 MB of the warmed-up figure</td>
 *     <td>14 corpus files, 800 texts; 742 method cases and 400 random mixes</td>
 *     <td>{@code zpm.soak.fuzzCases}</td></tr>
 * <tr><td>{@link zpm.agent.reliability.ConfigFuzzIT}</td><td>hostile config files
 *     ({@link zpm.agent.reliability.ConfigCases}) and random mutations of examples/cluster.yaml
 *     and config/full.yaml|json through {@code Main.check}, four through a real JVM: exit 2 with
 *     a message, or a valid config; never a stack trace, never a hang</td>
 *     <td>262 hostile, 600 mutations</td><td>{@code zpm.soak.configCases}</td></tr>
 * <tr><td>{@link zpm.agent.reliability.ExhaustionIT}</td><td>a {@code yes} worker, a subscriber
 *     that never reads, 256 logged-in connections and one refused past them, 1074 sockets that
 *     never log in on each listener, all at once: status within 10 s each time, RSS not growing
 *     more than 64 MB once the load is established</td><td>10 s</td>
 *     <td>{@code zpm.soak.exhaustSeconds}</td></tr>
 * </table>
 *
 * <p>What other tests already prove one at a time is not repeated here: sockets that never log
 * in, held or reconnecting ({@code rpc.ConnectionFloodIT}, {@code -Dzpm.soak.flood}); a text
 * that is not UTF-8, ids like 1e400, WebSocket close codes 1007 and 1002
 * ({@code rpc.ProtocolEdgesIT}); a broken chunked HTTP body ({@code app.MalformedHttpIT},
 * {@code -Dzpm.soak.malformedHttp}); a subscriber that stops reading and the
 * {@code events.dropped} count ({@code rpc.EventsRpcIT}); a worker printing as fast as it can
 * ({@code app.AgentProcessIT}, {@code -Dzpm.soak.echoLines}); thousands of workers forked at once
 * ({@code app.BigResizeIT}, {@code -Dzpm.soak.resize}); the limit of authenticated connections
 * with a small limit ({@code rpc.TcpRpcIT}, {@code rpc.HttpRpcIT}); failed logins
 * ({@code rpc.AuthLockoutIT}).
 *
 * <p>Bugs the suite found, each fixed with a test of its own in {@code config.ConfigLoaderTest}:
 * a path with a NUL character ({@code cwd}, {@code watch}, {@code stateDir}, ...) ended the
 * agent's start in a stack trace, and {@code apps.start} answered -32603 for it (corpus 013,
 * 014); a YAML file that is not UTF-8 was reported with the name of a Java exception. And in
 * {@code rpc.HttpRpcServer}: {@code GET /events?type=%zz} (a broken escape in the query) was a
 * 500 with a stack trace in the agent's log; it is 400 with -32600.
 */
package zpm.agent.reliability;
