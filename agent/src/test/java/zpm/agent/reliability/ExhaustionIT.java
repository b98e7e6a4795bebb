package zpm.agent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zpm.agent.app.AgentProcess;
import zpm.agent.app.Await;
import zpm.agent.rpc.RawClient;
import zpm.agent.rpc.SocketFlood;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything at once on a real agent, where the other tests take one at a time (ConnectionFloodIT:
 * sockets that never log in; EventsRpcIT: a subscriber that stops reading; AgentProcessIT: a
 * worker printing as fast as it can): a worker running {@code yes}, a subscriber to its log and
 * to every event that never reads, authenticated TCP connections up to the limit of 256 and one
 * past it, and 1074 TCP and HTTP sockets that never log in. Meanwhile {@code status} is answered
 * within 10 s each time, and the agent's RSS at the end is within 64 MB of its figure 2 s into the
 * load (the figure before the load is reported).
 * {@code -Dzpm.soak.exhaustSeconds} (default 10) is how long the load is held.
 */
class ExhaustionIT {

    static final int SECONDS = Integer.getInteger("zpm.soak.exhaustSeconds", 10);
    static final int MAX_CONNECTIONS = 256;
    static final int FLOOD = 1024 + 50;
    static final Duration STATUS_DEADLINE = Duration.ofSeconds(10);
    static final long RSS_MARGIN_KB = 64 * 1024;

    @TempDir
    Path dir;

    private AgentProcess agent;
    private final List<RawClient> held = new ArrayList<>();

    @AfterEach
    void stop() {
        held.forEach(RawClient::close);
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void statusIsAnsweredAndMemoryStaysBoundedUnderEveryLoadAtOnce() throws Exception {
        Path config = dir.resolve("zpm.yaml");
        Files.writeString(config, """
                apps:
                  - name: yes
                    command: ["yes", "a line from a worker that writes as fast as it can"]
                  - name: sleepy
                    command: [sleep, "100000"]
                    size: 2
                """);
        agent = AgentProcess.start(dir, config, ProcFacts.LAUNCHER_MEMORY);
        agent.awaitWorkers("sleepy", 2);
        String token = agent.token();
        RawClient control = authed(token);
        Await.until("1000 lines of yes kept", () -> control.result("logs", "{\"target\":\"yes\",\"lines\":1000}")
                .path("lines").size() == 1000);
        long rssBefore = ProcFacts.rssKb(agent.pid());

        RawClient deaf = held(RawClient.connect(agent.rpcPort(), 4096));
        deaf.auth(token);
        deaf.result("events.subscribe", null);
        deaf.result("logs", "{\"target\":\"yes\",\"lines\":0,\"follow\":true}");
        int authed = fillToTheLimit(token);
        long slowest;
        long rssLoaded;
        try (SocketFlood tcp = SocketFlood.open(agent.rpcPort(), FLOOD, null);
             SocketFlood http = SocketFlood.open(agent.httpPort(), FLOOD, null)) {
            // The load's first seconds grow the heap and buffers to their working size (the
            // figure before the load is reported); from then on memory must not grow with time.
            slowest = statusUnderLoad(control, 2);
            rssLoaded = ProcFacts.rssKb(agent.pid());
            slowest = Math.max(slowest, statusUnderLoad(control, SECONDS));
            tcp.awaitClosedAtLeast(FLOOD - 1024);
            http.awaitClosedAtLeast(FLOOD - 1024);
        }
        long dropped = control.result("agent.info", null).path("droppedEvents").asLong();
        long rssAfter = ProcFacts.rssKb(agent.pid());
        System.out.printf("ExhaustionIT: %d s; %d authenticated connections, the next refused; %d unauthenticated"
                        + " sockets per listener; slowest status %d ms; %d notifications dropped for the deaf"
                        + " subscriber; agent RSS %d kB before the load, %d kB 2 s into it, %d kB at its end%n",
                SECONDS, authed, FLOOD, slowest, dropped, rssBefore, rssLoaded, rssAfter);
        assertThat(dropped).as("notifications dropped for the subscriber that never reads").isPositive();
        assertThat(rssAfter).isLessThanOrEqualTo(rssLoaded + RSS_MARGIN_KB);
        assertThat(agent.process.isAlive()).isTrue();
    }

    /**
     * Logs in TCP connections until the agent refuses one with -32004: the one after the 256th
     * authenticated connection, counting the control connection and the deaf subscriber.
     */
    private int fillToTheLimit(String token) {
        int n = 2;
        while (true) {
            RawClient c = held(RawClient.connect(agent.rpcPort()));
            // Past the limit a new connection gets one -32004 line (id null) at once and is closed.
            c.send(RawClient.request(1, "auth", "{\"token\":\"" + token + "\"}"));
            JsonNode r = c.read();
            if (r.has("error")) {
                assertThat(r.path("error").path("code").asInt()).as(r.toString()).isEqualTo(-32004);
                assertThat(n).as("authenticated connections when the agent refused one").isEqualTo(MAX_CONNECTIONS);
                assertThat(c.closedByServer()).isTrue();
                return n;
            }
            n++;
            assertThat(n).as("authenticated connections, still not refused").isLessThanOrEqualTo(MAX_CONNECTIONS);
        }
    }

    /** Status, again and again for this long while the load is held; returns the slowest answer in ms. */
    private long statusUnderLoad(RawClient control, int seconds) {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long slowest = 0;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            assertThat(control.result("status", null).path("workers")).hasSize(3);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).as("ms to answer status under load").isLessThan(STATUS_DEADLINE.toMillis());
            slowest = Math.max(slowest, ms);
        }
        return slowest;
    }

    private RawClient authed(String token) {
        RawClient c = held(RawClient.connect(agent.rpcPort()));
        assertThat(c.auth(token).path("result").path("ok").asBoolean()).isTrue();
        return c;
    }

    private RawClient held(RawClient c) {
        held.add(c);
        return c;
    }
}
